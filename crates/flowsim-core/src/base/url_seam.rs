//! The URL parser seam: every URL flowsim checks is read by a WHATWG URL parser, never by hand.
//!
//! In the browser (wasm32) that is the browser's own `URL`, the parser `fetch` and links use, so what flowsim
//! checks is what the browser does, and the wasm bundle carries no parser or IDNA tables. Everywhere else
//! (the servers, the tests) it is the `url` crate, an implementation of the same standard.

/// The parts of an absolute URL that flowsim's checks use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedUrl {
    /// Lower case, without the `:`.
    pub scheme: String,
    /// A user name or a password is present (`https://user@host/`).
    pub has_credentials: bool,
    /// Lower case (punycode for non-ASCII names); IPv6 literals keep their brackets. Empty for `mailto:`.
    pub host: String,
    /// `/…` for http(s); the address for `mailto:`.
    pub path: String,
    /// A non-empty `?query` is present.
    pub has_query: bool,
    /// A non-empty `#fragment` is present.
    pub has_fragment: bool,
    /// `scheme://host[:port]` without the scheme's default port (`null` for schemes without hosts).
    pub origin: String,
    /// The whole URL as the browser serializes it (what `fetch` sends, where a link leads).
    pub href: String,
}

impl ParsedUrl {
    /// An http or https URL with a host.
    pub fn is_http(&self) -> bool {
        matches!(self.scheme.as_str(), "http" | "https") && !self.host.is_empty()
    }
}

/// Parses `s` as an absolute URL; `None` when it is not one.
#[cfg(not(target_arch = "wasm32"))]
pub fn parse(s: &str) -> Option<ParsedUrl> {
    let u = url::Url::parse(s).ok()?;
    Some(ParsedUrl {
        scheme: u.scheme().to_string(),
        has_credentials: !u.username().is_empty() || u.password().is_some(),
        host: u.host_str().unwrap_or_default().to_string(),
        path: u.path().to_string(),
        has_query: u.query().is_some_and(|q| !q.is_empty()),
        has_fragment: u.fragment().is_some_and(|f| !f.is_empty()),
        origin: u.origin().ascii_serialization(),
        href: u.into(),
    })
}

/// Parses `s` as an absolute URL; `None` when it is not one.
#[cfg(target_arch = "wasm32")]
pub fn parse(s: &str) -> Option<ParsedUrl> {
    let u = web_sys::Url::new(s).ok()?;
    let protocol = u.protocol();
    Some(ParsedUrl {
        scheme: protocol.strip_suffix(':').unwrap_or(&protocol).to_string(),
        has_credentials: !u.username().is_empty() || !u.password().is_empty(),
        host: u.hostname(),
        path: u.pathname(),
        has_query: !u.search().is_empty(),
        has_fragment: !u.hash().is_empty(),
        origin: u.origin(),
        href: u.href(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_parts_flowsim_checks() {
        let u = parse("HTTPS://Api.MyPureCloud.com:8443/api/v2?x=1#f").unwrap();
        assert_eq!((u.scheme.as_str(), u.host.as_str(), u.path.as_str()), ("https", "api.mypurecloud.com", "/api/v2"));
        assert!(u.has_query && u.has_fragment && !u.has_credentials && u.is_http());
        assert_eq!(u.origin, "https://api.mypurecloud.com:8443");
        assert_eq!(u.href, "https://api.mypurecloud.com:8443/api/v2?x=1#f");
        assert_eq!(parse("http://127.0.0.1:80/").unwrap().origin, "http://127.0.0.1");
        assert_eq!(parse("http://[::1]:9000").unwrap().host, "[::1]");
        assert!(parse("https://user:pw@host.example/").unwrap().has_credentials);
        assert!(parse("https://trusted.example@evil.example/").unwrap().has_credentials);
        assert_eq!(parse("https://trusted.example@evil.example/").unwrap().host, "evil.example");
        assert!(!parse("http://x/?").unwrap().has_query, "an empty query is none, as the browser's `search` says");
    }

    #[test]
    fn refuses_what_is_not_an_absolute_url() {
        for bad in ["", "no-scheme", "//evil.example", "https://", "https://exa mple.com", "https://h:99999/"] {
            assert_eq!(parse(bad), None, "{bad}");
        }
        let m = parse("mailto:ada@example.com").unwrap();
        assert_eq!((m.scheme.as_str(), m.path.as_str(), m.is_http()), ("mailto", "ada@example.com", false));
    }
}
