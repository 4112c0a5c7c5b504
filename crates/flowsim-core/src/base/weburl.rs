//! A small reader for the URLs flowsim handles (http, https, mailto).
//!
//! Why not the `url` crate: it brings IDNA tables that cost a large share of the app's 200 KB gzip budget,
//! and flowsim only needs to check scheme, credentials, host, port, path and query of ASCII URLs it builds
//! or that users paste. Anything unusual (non-ASCII hosts, percent-encoded hosts, spaces) is refused,
//! which is the safe answer for every use here.

/// The parts of an absolute URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebUrl {
    /// Lower case.
    pub scheme: String,
    /// Whether a `user[:password]@` part was present.
    pub has_userinfo: bool,
    /// Lower case; IPv6 literals keep their brackets. Empty for `mailto:`.
    pub host: String,
    pub port: Option<u16>,
    /// For http(s) starts with `/` (or is empty); for mailto the address.
    pub path: String,
    pub query: Option<String>,
    pub fragment: Option<String>,
}

impl WebUrl {
    /// Parses `s`; `None` when it is not an absolute URL of the accepted shape.
    pub fn parse(s: &str) -> Option<WebUrl> {
        if s.is_empty() || !s.is_ascii() || s.bytes().any(|b| b <= b' ' || b == 0x7f || b == b'\\') {
            return None;
        }
        let (scheme, rest) = s.split_once(':')?;
        let mut chars = scheme.chars();
        if !chars.next()?.is_ascii_alphabetic() || !chars.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c)) {
            return None;
        }
        let scheme = scheme.to_ascii_lowercase();
        let (rest, fragment) = match rest.split_once('#') {
            Some((r, f)) => (r, Some(f.to_string())),
            None => (rest, None),
        };
        let (rest, query) = match rest.split_once('?') {
            Some((r, q)) => (r, Some(q.to_string())),
            None => (rest, None),
        };
        let Some(after) = rest.strip_prefix("//") else {
            // No authority (mailto:, javascript:, data: …).
            return Some(WebUrl {
                scheme,
                has_userinfo: false,
                host: String::new(),
                port: None,
                path: rest.to_string(),
                query,
                fragment,
            });
        };
        let (authority, path) = match after.find('/') {
            Some(i) => (&after[..i], &after[i..]),
            None => (after, ""),
        };
        let (has_userinfo, hostport) = match authority.rsplit_once('@') {
            Some((_, hp)) => (true, hp),
            None => (false, authority),
        };
        let (host, port) = if let Some(v6) = hostport.strip_prefix('[') {
            let (inside, after) = v6.split_once(']')?;
            if inside.is_empty() || !inside.chars().all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.') {
                return None;
            }
            (format!("[{}]", inside.to_ascii_lowercase()), after.strip_prefix(':'))
        } else {
            let (h, p) = match hostport.split_once(':') {
                Some((h, p)) => (h, Some(p)),
                None => (hostport, None),
            };
            if h.is_empty()
                || h.starts_with('.')
                || h.contains("..")
                || !h.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
            {
                return None;
            }
            (h.to_ascii_lowercase(), p)
        };
        let port = match port {
            None | Some("") => None,
            Some(p) => Some(p.parse::<u16>().ok().filter(|_| p.bytes().all(|b| b.is_ascii_digit()))?),
        };
        Some(WebUrl { scheme, has_userinfo, host, port, path: path.to_string(), query, fragment })
    }

    /// The port, or the scheme's default.
    pub fn port_or_default(&self) -> Option<u16> {
        self.port.or(match self.scheme.as_str() {
            "http" => Some(80),
            "https" => Some(443),
            _ => None,
        })
    }

    /// `scheme://host[:port]`, leaving out the scheme's default port.
    pub fn origin(&self) -> String {
        let default = matches!((self.scheme.as_str(), self.port), ("http", Some(80)) | ("https", Some(443)));
        match self.port {
            Some(p) if !default => format!("{}://{}:{p}", self.scheme, self.host),
            _ => format!("{}://{}", self.scheme, self.host),
        }
    }

    pub fn is_http(&self) -> bool {
        (self.scheme == "http" || self.scheme == "https") && !self.host.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_http_urls() {
        let u = WebUrl::parse("HTTPS://Api.MyPureCloud.com:8443/api/v2?x=1#f").unwrap();
        assert_eq!(u.scheme, "https");
        assert_eq!(u.host, "api.mypurecloud.com");
        assert_eq!(u.port, Some(8443));
        assert_eq!(u.path, "/api/v2");
        assert_eq!(u.query.as_deref(), Some("x=1"));
        assert_eq!(u.origin(), "https://api.mypurecloud.com:8443");
        assert_eq!(WebUrl::parse("http://127.0.0.1:80/").unwrap().origin(), "http://127.0.0.1");
        assert_eq!(WebUrl::parse("http://[::1]:9000").unwrap().host, "[::1]");
        assert!(WebUrl::parse("https://user:pw@host.com/").unwrap().has_userinfo);
    }

    #[test]
    fn refuses_odd_shapes() {
        for bad in [
            "",
            "no-scheme",
            "https://",
            "https://exa mple.com",
            "https://a%2eb.com/",
            "https://ex..com",
            "https://h:99999/",
            "https://h:1a/",
            "https://bücher.de/",
            "1http://x",
            "http:\\\\evil.com",
        ] {
            assert!(WebUrl::parse(bad).is_none_or(|u| !u.is_http()), "{bad}");
        }
    }

    #[test]
    fn non_authority_schemes() {
        let m = WebUrl::parse("mailto:ada@example.com?subject=x").unwrap();
        assert_eq!(
            (m.scheme.as_str(), m.path.as_str(), m.query.as_deref()),
            ("mailto", "ada@example.com", Some("subject=x"))
        );
        assert!(!WebUrl::parse("javascript:alert(1)").unwrap().is_http());
    }
}
