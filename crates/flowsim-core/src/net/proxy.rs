//! How a request to the Genesys API becomes a request to the user's CORS proxy.
//!
//! Three conventions are in use (see ARCHITECTURE.md): a prefix followed by the raw target URL
//! (cors-anywhere, flowsim-proxy), a template where `{url}` is replaced by the percent-encoded target URL
//! (corsproxy.io `?url=`), and a base that stands in for the API base (local-cors-proxy).

use serde::{Deserialize, Serialize};

use crate::base::encode::component;
use crate::base::url_seam::{self, ParsedUrl};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum ProxyStyle {
    /// No proxy: the browser calls the API base directly.
    #[default]
    None,
    /// `PROXY/` + raw target URL.
    Prefix,
    /// A URL with `{url}` replaced by the encoded target URL.
    Template,
    /// The proxy URL replaces the API base.
    Base,
}

impl ProxyStyle {
    pub const ALL: [ProxyStyle; 4] = [ProxyStyle::None, ProxyStyle::Prefix, ProxyStyle::Template, ProxyStyle::Base];

    pub fn key(self) -> &'static str {
        match self {
            ProxyStyle::None => "none",
            ProxyStyle::Prefix => "prefix",
            ProxyStyle::Template => "template",
            ProxyStyle::Base => "base",
        }
    }

    pub fn from_key(k: &str) -> ProxyStyle {
        ProxyStyle::ALL.into_iter().find(|s| s.key() == k).unwrap_or_default()
    }

    pub fn label(self) -> &'static str {
        match self {
            ProxyStyle::None => "None (direct)",
            ProxyStyle::Prefix => "Prefix + raw URL",
            ProxyStyle::Template => "Template with {url}",
            ProxyStyle::Base => "Base replacement",
        }
    }
}

/// The user's proxy setting: a style and the text typed for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ProxySetting {
    pub style: ProxyStyle,
    pub value: String,
}

/// A ready-made setting the app offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProxyPreset {
    pub label: &'static str,
    pub style: ProxyStyle,
    pub value: &'static str,
    pub note: &'static str,
}

pub const PRESETS: [ProxyPreset; 5] = [
    ProxyPreset {
        label: "None (direct)",
        style: ProxyStyle::None,
        value: "",
        note: "Works only where the API allows this page's origin.",
    },
    ProxyPreset {
        label: "flowsim-proxy (local)",
        style: ProxyStyle::Prefix,
        value: "http://127.0.0.1:8081/",
        note: "cargo run -p flowsim-proxy -- --port 8081: forwards only to Genesys Cloud hosts.",
    },
    ProxyPreset {
        label: "cors-anywhere (local)",
        style: ProxyStyle::Prefix,
        value: "http://127.0.0.1:8080/",
        note: "npx cors-anywhere: an open proxy; keep it on loopback.",
    },
    ProxyPreset {
        label: "corsproxy.io",
        style: ProxyStyle::Template,
        value: "https://corsproxy.io/?url={url}",
        note: "A public proxy: your token passes through a third party.",
    },
    ProxyPreset {
        label: "local-cors-proxy (lcp)",
        style: ProxyStyle::Base,
        value: "http://localhost:8010/proxy",
        note: "lcp --proxyUrl https://api.<region>: one upstream per process.",
    },
];

/// A proxy setting that cannot be used; `Display` says what to fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProxyError(pub String);

impl std::fmt::Display for ProxyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

fn check_http_url(s: &str, what: &str) -> Result<ParsedUrl, ProxyError> {
    let u = url_seam::parse(s).ok_or_else(|| {
        ProxyError(format!("The {what} \"{s}\" is not a URL; it should look like http://127.0.0.1:8081/."))
    })?;
    if !u.is_http() {
        return Err(ProxyError(format!("The {what} must start with http:// or https:// and name a host.")));
    }
    if u.has_credentials {
        return Err(ProxyError(format!("The {what} must not contain a user name or password.")));
    }
    Ok(u)
}

impl ProxySetting {
    pub fn direct() -> Self {
        ProxySetting::default()
    }

    pub fn prefix(value: impl Into<String>) -> Self {
        ProxySetting { style: ProxyStyle::Prefix, value: value.into() }
    }

    /// Checks the setting; `Ok` carries non-blocking advice (e.g. a token crossing plain HTTP).
    pub fn validate(&self) -> Result<Vec<String>, ProxyError> {
        let v = self.value.trim();
        let mut advice = Vec::new();
        let url = match self.style {
            ProxyStyle::None => return Ok(advice),
            ProxyStyle::Prefix | ProxyStyle::Base if v.is_empty() => {
                return Err(ProxyError("Enter the proxy URL, or choose None.".to_string()))
            }
            ProxyStyle::Prefix => check_http_url(v, "proxy prefix")?,
            ProxyStyle::Base => {
                let u = check_http_url(v, "proxy base")?;
                if u.has_query {
                    return Err(ProxyError(
                        "A base-replacement proxy URL cannot have a ?query: the API path is appended to it."
                            .to_string(),
                    ));
                }
                u
            }
            ProxyStyle::Template => {
                if v.matches("{url}").count() != 1 {
                    return Err(ProxyError(
                        "A template must contain {url} exactly once, e.g. https://corsproxy.io/?url={url}.".to_string(),
                    ));
                }
                check_http_url(&v.replace("{url}", "x"), "proxy template")?
            }
        };
        let host = url.host.as_str();
        if host.contains("allorigins") {
            return Err(ProxyError(
                "allorigins drops the Authorization header and request bodies, so Genesys Cloud calls cannot work through it."
                    .to_string(),
            ));
        }
        let local = matches!(host, "localhost" | "127.0.0.1" | "[::1]") || host.ends_with(".localhost");
        if url.scheme == "http" && !local {
            advice.push(format!("{host} is reached over plain http: your token would cross the network unencrypted."));
        }
        if !local {
            advice.push(format!("Your access token passes through {host}. Use only a proxy you trust."));
        }
        Ok(advice)
    }

    /// The URL to fetch for `path_and_query` (starting with `/`, its values encoded with
    /// [`crate::base::encode::component`]) on `api_base` (e.g. `https://api.mypurecloud.com`), serialized by
    /// the URL parser (see [`url_seam`]) exactly as the browser will send it. Call [`ProxySetting::validate`]
    /// first; an invalid setting still yields a best-effort URL.
    pub fn apply(&self, api_base: &str, path_and_query: &str) -> String {
        let url = self.compose(api_base, path_and_query);
        url_seam::parse(&url).map_or(url, |u| u.href)
    }

    fn compose(&self, api_base: &str, path_and_query: &str) -> String {
        let base = api_base.trim().trim_end_matches('/');
        let target = format!("{base}{path_and_query}");
        let v = self.value.trim();
        match self.style {
            ProxyStyle::None => target,
            ProxyStyle::Prefix => {
                if v.ends_with('/') {
                    format!("{v}{target}")
                } else {
                    format!("{v}/{target}")
                }
            }
            ProxyStyle::Template => v.replacen("{url}", &component(&target), 1),
            ProxyStyle::Base => format!("{}{path_and_query}", v.trim_end_matches('/')),
        }
    }

    /// The proxy's origin (`scheme://host:port`), for messages; `None` when direct.
    pub fn origin(&self) -> Option<String> {
        if self.style == ProxyStyle::None {
            return None;
        }
        let u = url_seam::parse(&self.value.trim().replace("{url}", "x")).filter(ParsedUrl::is_http)?;
        Some(u.origin)
    }
}

/// Checks an API base URL: `https://api.<domain>` or any http(s) URL without path, query or credentials.
pub fn validate_api_base(base: &str) -> Result<(), ProxyError> {
    let b = base.trim();
    if b.is_empty() {
        return Err(ProxyError(
            "Enter the API base URL, e.g. https://api.mypurecloud.com (or pick a region).".to_string(),
        ));
    }
    let u = check_http_url(b, "API base URL")?;
    if u.path != "/" || u.has_query || u.has_fragment {
        return Err(ProxyError(format!(
            "The API base URL is the scheme and host only, e.g. {}://{}; flowsim adds /api/v2/… itself.",
            u.scheme, u.host
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const API: &str = "https://api.mypurecloud.com";
    const PATH: &str = "/api/v2/externalcontacts/reversewhitepageslookup?lookupVal=%2B15551234567&x=1";

    #[test]
    fn each_style_builds_the_expected_url() {
        assert_eq!(ProxySetting::direct().apply(API, PATH), format!("{API}{PATH}"));
        assert_eq!(
            ProxySetting::prefix("http://127.0.0.1:8081").apply(API, PATH),
            format!("http://127.0.0.1:8081/{API}{PATH}")
        );
        assert_eq!(
            ProxySetting::prefix("http://127.0.0.1:8081/").apply(API, PATH),
            format!("http://127.0.0.1:8081/{API}{PATH}")
        );
        let t = ProxySetting { style: ProxyStyle::Template, value: "https://corsproxy.io/?url={url}".into() };
        assert_eq!(
            t.apply(API, PATH),
            "https://corsproxy.io/?url=https%3A%2F%2Fapi.mypurecloud.com%2Fapi%2Fv2%2Fexternalcontacts%2Freversewhitepageslookup%3FlookupVal%3D%252B15551234567%26x%3D1"
        );
        let b = ProxySetting { style: ProxyStyle::Base, value: "http://localhost:8010/proxy/".into() };
        assert_eq!(b.apply("https://api.mypurecloud.com/", PATH), format!("http://localhost:8010/proxy{PATH}"));
    }

    #[test]
    fn the_url_is_the_one_the_browser_sends() {
        // Scheme and host lower-cased, `.` segments resolved: what `fetch` sends, and what the preview shows.
        assert_eq!(
            ProxySetting::prefix("HTTP://LocalHost:8081").apply(API, "/api/v2/flows/a%20b"),
            "http://localhost:8081/https://api.mypurecloud.com/api/v2/flows/a%20b"
        );
        assert_eq!(ProxySetting::direct().apply("https://API.example.com", "/a/../b"), "https://api.example.com/b");
        assert!(ProxySetting::prefix("http://u:p@127.0.0.1:8081/").validate().unwrap_err().0.contains("user name"));
    }

    #[test]
    fn validation_messages() {
        let t = ProxySetting { style: ProxyStyle::Template, value: "https://corsproxy.io/?url=".into() };
        assert!(t.validate().unwrap_err().0.contains("{url}"));
        assert!(ProxySetting::prefix("ftp://x/").validate().is_err());
        assert!(ProxySetting::prefix("").validate().is_err());
        assert!(ProxySetting::prefix("https://api.allorigins.win/raw?url=")
            .validate()
            .unwrap_err()
            .0
            .contains("Authorization"));
        assert!(ProxySetting::prefix("http://127.0.0.1:8081/").validate().unwrap().is_empty());
        let advice = ProxySetting::prefix("http://proxy.example.com/").validate().unwrap();
        assert_eq!(advice.len(), 2);
        let base_with_query = ProxySetting { style: ProxyStyle::Base, value: "http://localhost:8010/proxy?x".into() };
        assert!(base_with_query.validate().is_err());
    }

    #[test]
    fn api_base_validation() {
        assert!(validate_api_base("https://api.mypurecloud.com").is_ok());
        assert!(validate_api_base("http://127.0.0.1:9000/").is_ok());
        assert!(validate_api_base("https://api.mypurecloud.com/api/v2").is_err());
        assert!(validate_api_base("api.mypurecloud.com").is_err());
    }

    #[test]
    fn origin_for_messages() {
        assert_eq!(ProxySetting::prefix("http://127.0.0.1:8081/").origin().as_deref(), Some("http://127.0.0.1:8081"));
        assert_eq!(ProxySetting::direct().origin(), None);
    }
}
