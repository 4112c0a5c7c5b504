//! Which upstreams the proxy may reach, and turning a raw request-target into an allowed URL.
//!
//! The check is exact on (scheme, host, port) after parsing with `url`, and in addition the host
//! must be *written* in the request exactly as `url` serialises it. The second rule matters:
//! WHATWG URL parsing turns `api%2emypurecloud%2ecom` into `api.mypurecloud.com` and
//! `2130706433` into `127.0.0.1`, so a check on the parsed host alone would let encoded or
//! numeric spellings through. Nobody needs those spellings to call Genesys Cloud.

use std::fmt;
use std::str::FromStr;

use url::Url;

use crate::error::ProxyError;

/// An allowed upstream origin: scheme, host and port, compared exactly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Upstream {
    scheme: String,
    host: String,
    port: u16,
}

impl Upstream {
    /// The `api.` and `login.` hosts of the Genesys Cloud regions, https on port 443.
    pub fn genesys_defaults() -> Vec<Upstream> {
        flowsim_core::base::regions::REGIONS
            .iter()
            .flat_map(|r| [r.api_host(), r.login_host()])
            .map(|host| Upstream { scheme: "https".into(), host, port: 443 })
            .collect()
    }

    pub fn scheme(&self) -> &str {
        &self.scheme
    }
    pub fn host(&self) -> &str {
        &self.host
    }
    pub fn port(&self) -> u16 {
        self.port
    }

    fn matches(&self, scheme: &str, host: &str, port: u16) -> bool {
        self.port == port && self.scheme == scheme && self.host == host
    }
}

impl fmt::Display for Upstream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", origin_text(&self.scheme, &self.host, self.port))
    }
}

/// `scheme://host` plus `:port` when it is not the scheme's default.
fn origin_text(scheme: &str, host: &str, port: u16) -> String {
    let default = match scheme {
        "https" => 443,
        "http" => 80,
        _ => 0,
    };
    if port == default {
        format!("{scheme}://{host}")
    } else {
        format!("{scheme}://{host}:{port}")
    }
}

impl FromStr for Upstream {
    type Err = String;

    /// Parses an `--allow-upstream` value such as `http://127.0.0.1:9000` or `https://api.example.com`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let url = Url::parse(s.trim()).map_err(|e| format!("`{s}` is not a URL ({e})"))?;
        let scheme = url.scheme();
        if scheme != "http" && scheme != "https" {
            return Err(format!("`{s}`: only http and https upstreams can be allowed"));
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(format!("`{s}`: an upstream must not contain user info"));
        }
        if url.path() != "/" || url.query().is_some() || url.fragment().is_some() {
            return Err(format!("`{s}`: give only scheme://host[:port]; the allowlist matches whole origins"));
        }
        let (Some(host), Some(port)) = (url.host_str(), url.port_or_known_default()) else {
            return Err(format!("`{s}` has no host"));
        };
        Ok(Upstream { scheme: scheme.to_owned(), host: host.to_owned(), port })
    }
}

/// Resolves the request-target (path and query as received, leading `/` removed) into the URL to
/// forward to, or the error to answer with.
pub fn resolve(raw: &str, allowed: &[Upstream]) -> Result<Url, ProxyError> {
    // Scheme: up to the first ':' that comes before any '/', '?' or '#'.
    let scheme_end = raw.find([':', '/', '?', '#']).filter(|&i| raw.as_bytes()[i] == b':').ok_or_else(|| {
        ProxyError::bad_target(
            "flowsim-proxy expects the full target URL right after its own address, \
                 e.g. http://127.0.0.1:8081/https://api.mypurecloud.com/api/v2/flows; \
                 this request's target does not start with https:// or http://.",
        )
    })?;
    let scheme = raw[..scheme_end].to_ascii_lowercase();
    let rest = &raw[scheme_end + 1..];
    if scheme != "http" && scheme != "https" {
        let looks_like_scheme =
            !scheme.is_empty() && scheme.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'));
        return Err(if looks_like_scheme {
            ProxyError::not_allowed(format!(
                "flowsim-proxy forwards only http and https URLs; `{scheme}:` is not allowed."
            ))
        } else {
            ProxyError::bad_target(
                "flowsim-proxy expects the full target URL right after its own address; \
                 this request's target does not start with https:// or http://.",
            )
        });
    }
    // `url` would accept `https:/host` and `https:host`, but a single slash almost always means
    // a router between the app and the proxy merged `//` into `/`: say so instead of guessing.
    let Some(after) = rest.strip_prefix("//") else {
        return Err(ProxyError::bad_target(format!(
            "The target URL starts with `{scheme}:/` instead of `{scheme}://`: something between \
             the app and flowsim-proxy merged the double slash. Send \
             http://PROXY/{scheme}://host/path with both slashes."
        )));
    };
    // The authority as written, ending where `url` ends it for special schemes ('\' counts as '/').
    let authority = &after[..after.find(['/', '?', '#', '\\']).unwrap_or(after.len())];
    if authority.contains('@') {
        // Do not echo the authority: it may hold a password.
        return Err(ProxyError::not_allowed(
            "flowsim-proxy refuses target URLs with user info (`user:password@` before the host): \
             the app never needs it, and it can disguise the real host.",
        ));
    }
    let written_host = if authority.starts_with('[') {
        authority.find(']').map_or(authority, |i| &authority[..=i])
    } else {
        authority.split(':').next().unwrap_or("")
    };
    if written_host.is_empty() {
        return Err(ProxyError::bad_target("The target URL has no host: send http://PROXY/https://host/path."));
    }
    let url =
        Url::parse(raw).map_err(|e| ProxyError::bad_target(format!("The target URL is not a valid URL ({e}).")))?;
    let (Some(host), Some(port)) = (url.host_str(), url.port_or_known_default()) else {
        return Err(ProxyError::bad_target("The target URL has no host."));
    };
    if !written_host.eq_ignore_ascii_case(host) {
        return Err(ProxyError::not_allowed(format!(
            "flowsim-proxy accepts a host only in its plain form; `{written_host}` is an encoded, \
             numeric or otherwise altered spelling (it reads as `{host}`). Write the host name \
             as it is."
        )));
    }
    if allowed.iter().any(|u| u.matches(&scheme, host, port)) {
        return Ok(url);
    }
    let origin = origin_text(&scheme, host, port);
    let shown = origin.split_once("://").map_or(origin.as_str(), |(_, h)| h);
    Err(ProxyError::not_allowed(format!(
        "flowsim-proxy forwards only to allowed Genesys Cloud hosts; {shown} is not one. \
         Start the proxy with --allow-upstream {origin} to allow it."
    )))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::codes;

    fn allowed() -> Vec<Upstream> {
        let mut v = Upstream::genesys_defaults();
        v.push("http://127.0.0.1:9000".parse().unwrap());
        v
    }

    fn code(raw: &str) -> &'static str {
        match resolve(raw, &allowed()) {
            Ok(u) => panic!("{raw} was allowed as {u}"),
            Err(e) => e.code.as_str(),
        }
    }

    #[test]
    fn defaults_are_api_and_login_hosts_of_all_regions() {
        let d = Upstream::genesys_defaults();
        assert_eq!(d.len(), 36);
        assert!(d.iter().all(|u| u.scheme == "https" && u.port == 443));
        assert!(d.iter().any(|u| u.host == "login.mypurecloud.de"));
        assert!(d.iter().any(|u| u.host == "api.edee1.eusc-pure.cloud"));
    }

    #[test]
    fn allowed_targets_keep_path_and_query_verbatim() {
        let u = resolve("https://api.mypurecloud.com/api/v2/flows?x=1&q=a%20b", &allowed()).unwrap();
        assert_eq!(u.as_str(), "https://api.mypurecloud.com/api/v2/flows?x=1&q=a%20b");
        let u = resolve("https://API.MyPureCloud.com:443/x", &allowed()).unwrap();
        assert_eq!(u.host_str(), Some("api.mypurecloud.com"));
        let u = resolve("http://127.0.0.1:9000/api/v2/flows", &allowed()).unwrap();
        assert_eq!(u.port(), Some(9000));
    }

    #[test]
    fn bypass_attempts_are_forbidden() {
        for raw in [
            "https://api.mypurecloud.com@evil.com/",
            "https://user:pw@api.mypurecloud.com/",
            "https://@api.mypurecloud.com/",
            "https://evil.com\\@api.mypurecloud.com/",
            "https://api%2emypurecloud%2ecom/",
            "https://api.mypurecloud.com%2f@evil.com/",
            "https://api.mypurecloud.com:8443/",
            "http://api.mypurecloud.com/",
            "https://api.mypurecloud.com.evil.tld/",
            "https://api.mypurecloud.com./",
            "https://evilapi.mypurecloud.com/",
            "https://api。mypurecloud。com/",
            "ftp://api.mypurecloud.com/",
            "file:///etc/passwd",
            "https://evil.com/",
            "http://2130706433:9000/",
            "http://0x7f000001:9000/",
            "http://0x7f.0.0.1:9000/",
            "http://0177.0.0.1:9000/",
            "http://127.1:9000/",
            "http://[::1]:9000/",
            "http://[::ffff:127.0.0.1]:9000/",
            "http://localhost:9000/",
            "http://169.254.169.254/latest/meta-data/",
            "http://2852039166/",
            "http://0xa9fea9fe/",
            "http://[fd00:ec2::254]/",
            "http://[::ffff:169.254.169.254]/",
            "https://127.0.0.1:9000/",
        ] {
            assert_eq!(code(raw), codes::UPSTREAM_NOT_ALLOWED, "{raw}");
        }
    }

    #[test]
    fn malformed_targets_are_bad_requests_with_a_reason() {
        for raw in [
            "",
            "api.mypurecloud.com/api/v2/flows",
            "https:/api.mypurecloud.com/",
            "https:api.mypurecloud.com",
            "https:///x",
            "https://[::1/",
        ] {
            assert_eq!(code(raw), codes::TARGET_INVALID, "{raw}");
        }
        let e = resolve("https:/api.mypurecloud.com/x", &allowed()).unwrap_err();
        assert!(e.message.contains("merged the double slash"), "{}", e.message);
    }

    #[test]
    fn refusal_says_how_to_allow_the_host() {
        let e = resolve("https://evil.com/x", &allowed()).unwrap_err();
        assert_eq!(
            e.message,
            "flowsim-proxy forwards only to allowed Genesys Cloud hosts; evil.com is not one. \
             Start the proxy with --allow-upstream https://evil.com to allow it."
        );
        let e = resolve("https://api.mypurecloud.com:8443/", &allowed()).unwrap_err();
        assert!(e.message.contains("--allow-upstream https://api.mypurecloud.com:8443 "));
        let e = resolve("https://user:secretpw@api.mypurecloud.com/", &allowed()).unwrap_err();
        assert!(!e.message.contains("secretpw"));
    }

    #[test]
    fn allow_upstream_values_are_origins() {
        let u: Upstream = "http://127.0.0.1:9000/".parse().unwrap();
        assert_eq!(u.to_string(), "http://127.0.0.1:9000");
        assert!("http://127.0.0.1:9000/api".parse::<Upstream>().is_err());
        assert!("ftp://x".parse::<Upstream>().is_err());
        assert!("https://u:p@x.com".parse::<Upstream>().is_err());
        assert_eq!("https://X.com:443".parse::<Upstream>().unwrap().to_string(), "https://x.com");
    }
}
