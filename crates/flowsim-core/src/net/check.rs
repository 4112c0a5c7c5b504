//! The connection check: `GET /api/v2/tokens/me` (no permission needed) directly and through the proxy, and a
//! verdict saying which works: direct (no proxy needed), only through the proxy, or neither with the likely cause.
//!
//! A browser reports a CORS refusal and a dead host alike (a bare `TypeError`). The page tells them apart with a
//! second, `no-cors` request to the same URL: it resolves (opaque) when the host answered at all. That fact comes
//! in as `reached_without_cors`.

use crate::net::http::{HttpRequest, HttpResponse, Method, TransportError};
use crate::net::proxy::{ProxySetting, ProxyStyle};
use crate::wire::genesys::ErrorBody;

pub const CHECK_PATH: &str = "/api/v2/tokens/me";
pub const CHECK_TIMEOUT_MS: u32 = 10_000;

/// A permission a simulation needs, and what for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Need {
    pub permission: &'static str,
    pub for_what: &'static str,
}

/// What the in-browser simulation reads, and the permission each read needs (the SDK docs' "Requires ANY
/// permissions"). For users the SDK docs list none on `GET /api/v2/users/{id}`; flowsim lists
/// `directory:user:view` for the list and search reads (`sim::org`), as the demo org enforces (a documented choice).
pub const NEEDED_PERMISSIONS: [Need; 7] = [
    Need { permission: "architect:flow:view", for_what: "read flows and their configuration" },
    Need { permission: "externalContacts:contact:view", for_what: "look up external contacts" },
    Need { permission: "architect:datatable:view", for_what: "read data tables" },
    Need { permission: "routing:schedule:view", for_what: "read schedules" },
    Need { permission: "routing:scheduleGroup:view", for_what: "read schedule groups" },
    Need { permission: "routing:queue:view", for_what: "read queues" },
    Need { permission: "directory:user:view", for_what: "read users" },
];

/// The needs `auth` does not grant, in order.
pub fn missing_needs(auth: &crate::wire::auth::UserAuthorization) -> Vec<Need> {
    NEEDED_PERMISSIONS.into_iter().filter(|n| !auth.grants(n.permission)).collect()
}

/// What one path gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Probe {
    /// No proxy is set, so that path was not tried.
    NotTried,
    /// 2xx: the API answered and took the token.
    Works,
    /// 401 from the API: reached, the token was refused (or none was given).
    TokenRefused,
    /// Another JSON answer of the API (403, 404, 429, 5xx…): reached.
    Reached {
        status: u16,
    },
    /// `fetch` failed but the host answered a `no-cors` request: the browser refused the answer (CORS).
    CorsRefused,
    /// `fetch` failed and the host did not answer at all (or the page could not tell).
    Unreachable,
    /// The proxy refused the API host (`proxy.upstream.not.allowed`).
    ProxyRefusedHost,
    /// The proxy refused this page's origin (`proxy.origin.not.allowed`).
    ProxyRefusedOrigin,
    /// Another error of the proxy itself (a `proxy.*` code).
    ProxyFailed {
        code: String,
    },
    /// Something that is not the API answered (an HTML page, a non-JSON body).
    NotTheApi {
        status: u16,
    },
    Timeout,
}

impl Probe {
    /// A stable key for the page (`data-direct`, `data-proxy`) and tests.
    pub fn key(&self) -> &'static str {
        match self {
            Probe::NotTried => "not-tried",
            Probe::Works => "works",
            Probe::TokenRefused => "token-refused",
            Probe::Reached { .. } => "reached",
            Probe::CorsRefused => "cors",
            Probe::Unreachable => "unreachable",
            Probe::ProxyRefusedHost => "proxy-refused-host",
            Probe::ProxyRefusedOrigin => "proxy-refused-origin",
            Probe::ProxyFailed { .. } => "proxy-failed",
            Probe::NotTheApi { .. } => "not-the-api",
            Probe::Timeout => "timeout",
        }
    }

    /// Reads one answer. `reached_without_cors` is what the `no-cors` request said (`None`: not tried).
    pub fn classify(result: &Result<HttpResponse, TransportError>, reached_without_cors: Option<bool>) -> Probe {
        let resp = match result {
            Ok(r) => r,
            Err(TransportError::Timeout { .. }) => return Probe::Timeout,
            Err(TransportError::Network(_)) if reached_without_cors == Some(true) => return Probe::CorsRefused,
            Err(_) => return Probe::Unreachable,
        };
        if resp.is_success() {
            return if serde_json::from_str::<serde_json::Value>(&resp.body).is_ok_and(|v| v.is_object()) {
                Probe::Works
            } else {
                Probe::NotTheApi { status: resp.status }
            };
        }
        let Some(body) = ErrorBody::parse(&resp.body) else { return Probe::NotTheApi { status: resp.status } };
        match body.code.as_deref() {
            Some("proxy.upstream.not.allowed") => Probe::ProxyRefusedHost,
            Some("proxy.origin.not.allowed") => Probe::ProxyRefusedOrigin,
            Some(c) if c.starts_with("proxy.") => Probe::ProxyFailed { code: c.to_string() },
            _ if resp.status == 401 => Probe::TokenRefused,
            _ => Probe::Reached { status: resp.status },
        }
    }

    fn reached(&self) -> bool {
        matches!(self, Probe::Works | Probe::TokenRefused | Probe::Reached { .. })
    }
}

/// Why neither path works.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cause {
    /// The API was reached but refused the token.
    BadToken,
    /// The API answered with an error other than 401.
    ApiError,
    ProxyRefusedHost,
    ProxyRefusedOrigin,
    ProxyFailed,
    /// The API answers, but not to this page's origin, and no working proxy is set.
    Cors,
    NotTheApi,
    Timeout,
    /// Nothing answered.
    Network,
}

/// Which way works.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Directly: no proxy needed.
    Direct,
    /// Only through the configured proxy.
    ProxyOnly,
    Neither(Cause),
}

impl Verdict {
    pub fn decide(direct: &Probe, proxy: &Probe) -> Verdict {
        if *direct == Probe::Works {
            return Verdict::Direct;
        }
        if *proxy == Probe::Works {
            return Verdict::ProxyOnly;
        }
        let cause = if [direct, proxy].contains(&&Probe::TokenRefused) {
            Cause::BadToken
        } else if direct.reached() || proxy.reached() {
            Cause::ApiError
        } else {
            match (direct, proxy) {
                (_, Probe::ProxyRefusedHost) => Cause::ProxyRefusedHost,
                (_, Probe::ProxyRefusedOrigin) => Cause::ProxyRefusedOrigin,
                (_, Probe::ProxyFailed { .. }) => Cause::ProxyFailed,
                (Probe::CorsRefused, _) => Cause::Cors,
                (Probe::NotTheApi { .. }, _) | (_, Probe::NotTheApi { .. }) => Cause::NotTheApi,
                (Probe::Timeout, _) | (_, Probe::Timeout) => Cause::Timeout,
                _ => Cause::Network,
            }
        };
        Verdict::Neither(cause)
    }

    /// A stable key for the page (`data-verdict`) and tests.
    pub fn key(&self) -> &'static str {
        match self {
            Verdict::Direct => "direct",
            Verdict::ProxyOnly => "proxy-only",
            Verdict::Neither(_) => "neither",
        }
    }

    pub fn cause_key(&self) -> &'static str {
        match self {
            Verdict::Neither(c) => match c {
                Cause::BadToken => "bad-token",
                Cause::ApiError => "api-error",
                Cause::ProxyRefusedHost => "proxy-refused-host",
                Cause::ProxyRefusedOrigin => "proxy-refused-origin",
                Cause::ProxyFailed => "proxy-failed",
                Cause::Cors => "cors",
                Cause::NotTheApi => "not-the-api",
                Cause::Timeout => "timeout",
                Cause::Network => "network",
            },
            _ => "",
        }
    }
}

/// A finished check: both probes and the verdict, with the hosts for the sentences.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub direct: Probe,
    pub proxy: Probe,
    pub verdict: Verdict,
    pub api_host: String,
    pub proxy_origin: Option<String>,
    /// Whether a token was given.
    pub had_token: bool,
}

impl Report {
    pub fn new(api_base: &str, proxy: &ProxySetting, had_token: bool, direct: Probe, via: Probe) -> Report {
        let api_host = crate::base::url_seam::parse(api_base.trim())
            .filter(|u| u.is_http())
            .and_then(|u| u.origin.split_once("://").map(|(_, h)| h.to_string()))
            .unwrap_or_else(|| api_base.trim().to_string());
        Report {
            verdict: Verdict::decide(&direct, &via),
            direct,
            proxy: via,
            api_host,
            proxy_origin: proxy.origin(),
            had_token,
        }
    }

    /// What works, and what to do, as two sentences.
    pub fn sentence(&self) -> (String, String) {
        let host = &self.api_host;
        let proxy = self.proxy_origin.clone().unwrap_or_else(|| "the proxy".to_string());
        match self.verdict {
            Verdict::Direct if self.proxy == Probe::NotTried => (
                format!("Direct works: {host} answers this page itself, so no proxy is needed."),
                "Keep the proxy style at None (direct).".to_string(),
            ),
            Verdict::Direct => (
                format!("Direct works: {host} answers this page itself, so the proxy at {proxy} is not needed."),
                "You can set the proxy style to None (direct): your token then passes through no one else.".to_string(),
            ),
            Verdict::ProxyOnly => (
                format!(
                    "Only the proxy works: {host} {} directly, but answers through {proxy}.",
                    if self.direct == Probe::CorsRefused {
                        "refuses this page's origin (CORS)"
                    } else {
                        "cannot be reached"
                    }
                ),
                "Keep the proxy set.".to_string(),
            ),
            Verdict::Neither(cause) => {
                let what = match cause {
                    Cause::BadToken if !self.had_token => {
                        format!("Neither works yet: {host} is reachable but needs a token (401).")
                    }
                    Cause::BadToken => format!(
                        "Neither works: {host} is reachable{} but refused the token (401): it is expired, revoked or from another region.",
                        if self.direct == Probe::TokenRefused { "" } else { " through the proxy" }
                    ),
                    Cause::ApiError => format!("Neither works: {host} answered, but with an error."),
                    Cause::ProxyRefusedHost => format!("Neither works: the proxy at {proxy} refuses to forward to {host}, and {host} {}.", self.direct_failure()),
                    Cause::ProxyRefusedOrigin => format!("Neither works: the proxy at {proxy} refuses this page's origin, and {host} {}.", self.direct_failure()),
                    Cause::ProxyFailed => format!("Neither works: the proxy at {proxy} failed, and {host} {}.", self.direct_failure()),
                    Cause::Cors => format!("Neither works: {host} answers, but refuses this page's origin (CORS), and {}.", self.proxy_failure()),
                    Cause::NotTheApi => format!("Neither works: a web page answered instead of the Genesys API (from {}).", if matches!(self.direct, Probe::NotTheApi { .. }) { host.clone() } else { proxy.clone() }),
                    Cause::Timeout => format!("Neither works: no answer in {} s.", CHECK_TIMEOUT_MS / 1000),
                    Cause::Network => format!("Neither works: {host} cannot be reached, and {}.", self.proxy_failure()),
                };
                let todo = match cause {
                    Cause::BadToken => "Sign in (or sign in again), or paste a current token.",
                    Cause::ApiError => "Open the error under Simulate for the details, or check the API base URL.",
                    Cause::ProxyRefusedHost => "Start the proxy with --allow-upstream for this API base URL, or pick a Genesys Cloud region (flowsim-proxy allows those).",
                    Cause::ProxyRefusedOrigin => "Start the proxy with --allow-origin for this page's origin.",
                    Cause::ProxyFailed => "Check the proxy's log, then test again.",
                    Cause::Cors => "Set a CORS proxy (for example run flowsim-proxy and pick its preset), then test again.",
                    Cause::NotTheApi => "Check the API base URL and the proxy setting.",
                    Cause::Timeout | Cause::Network => "Check your network connection and the API base URL (and that the proxy is running), then test again.",
                };
                (what, todo.to_string())
            }
        }
    }

    fn direct_failure(&self) -> &'static str {
        match self.direct {
            Probe::CorsRefused => "refuses this page's origin directly (CORS)",
            Probe::Timeout => "did not answer in time directly",
            _ => "cannot be reached directly",
        }
    }

    fn proxy_failure(&self) -> &'static str {
        match self.proxy {
            Probe::NotTried => "no proxy is set",
            Probe::Timeout => "the proxy did not answer in time",
            _ => "the proxy cannot be reached",
        }
    }
}

/// The probe request of one path (`proxy` `None`: direct). The token goes only in the header.
pub fn probe_request(api_base: &str, proxy: Option<&ProxySetting>, token: &str) -> HttpRequest {
    let direct = ProxySetting::direct();
    let url = proxy.unwrap_or(&direct).apply(api_base, CHECK_PATH);
    let mut headers = vec![("Accept".to_string(), "application/json".to_string())];
    if !token.trim().is_empty() {
        headers.push(("Authorization".to_string(), format!("Bearer {}", token.trim())));
    }
    HttpRequest { method: Method::Get, url, headers, body: None, timeout_ms: CHECK_TIMEOUT_MS }
}

/// Whether a proxy is set (so the second path is tried).
pub fn has_proxy(proxy: &ProxySetting) -> bool {
    proxy.style != ProxyStyle::None && !proxy.value.trim().is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resp(status: u16, body: &str) -> Result<HttpResponse, TransportError> {
        Ok(HttpResponse { status, headers: vec![], body: body.into() })
    }
    fn network() -> Result<HttpResponse, TransportError> {
        Err(TransportError::Network("Failed to fetch".into()))
    }

    #[test]
    fn probes_are_classified() {
        assert_eq!(Probe::classify(&resp(200, r#"{"organization":{}}"#), None), Probe::Works);
        assert_eq!(Probe::classify(&resp(200, "<html></html>"), None), Probe::NotTheApi { status: 200 });
        let bad = r#"{"message":"Invalid login credentials.","code":"bad.credentials","status":401}"#;
        assert_eq!(Probe::classify(&resp(401, bad), None), Probe::TokenRefused);
        let host = r#"{"message":"no","code":"proxy.upstream.not.allowed","status":403}"#;
        assert_eq!(Probe::classify(&resp(403, host), None), Probe::ProxyRefusedHost);
        let origin = r#"{"message":"no","code":"proxy.origin.not.allowed","status":403}"#;
        assert_eq!(Probe::classify(&resp(403, origin), None), Probe::ProxyRefusedOrigin);
        assert_eq!(Probe::classify(&network(), Some(true)), Probe::CorsRefused);
        assert_eq!(Probe::classify(&network(), Some(false)), Probe::Unreachable);
        assert_eq!(Probe::classify(&network(), None), Probe::Unreachable);
        assert_eq!(Probe::classify(&Err(TransportError::Timeout { after_ms: 1 }), None), Probe::Timeout);
        assert_eq!(Probe::classify(&resp(502, "<html>Bad gateway</html>"), None), Probe::NotTheApi { status: 502 });
    }

    #[test]
    fn verdicts() {
        use Probe::*;
        assert_eq!(Verdict::decide(&Works, &NotTried), Verdict::Direct);
        assert_eq!(Verdict::decide(&Works, &Works), Verdict::Direct);
        assert_eq!(Verdict::decide(&CorsRefused, &Works), Verdict::ProxyOnly);
        assert_eq!(Verdict::decide(&CorsRefused, &ProxyRefusedHost), Verdict::Neither(Cause::ProxyRefusedHost));
        assert_eq!(Verdict::decide(&CorsRefused, &ProxyRefusedOrigin), Verdict::Neither(Cause::ProxyRefusedOrigin));
        assert_eq!(Verdict::decide(&CorsRefused, &NotTried), Verdict::Neither(Cause::Cors));
        assert_eq!(Verdict::decide(&CorsRefused, &Unreachable), Verdict::Neither(Cause::Cors));
        assert_eq!(Verdict::decide(&Unreachable, &NotTried), Verdict::Neither(Cause::Network));
        assert_eq!(Verdict::decide(&TokenRefused, &NotTried), Verdict::Neither(Cause::BadToken));
        assert_eq!(Verdict::decide(&CorsRefused, &TokenRefused), Verdict::Neither(Cause::BadToken));
        assert_eq!(Verdict::decide(&Timeout, &NotTried), Verdict::Neither(Cause::Timeout));
    }

    #[test]
    fn sentences_name_hosts_and_what_to_do() {
        let proxy = ProxySetting::prefix("http://127.0.0.1:8081/");
        let r = Report::new("https://api.mypurecloud.ie", &proxy, true, Probe::CorsRefused, Probe::ProxyRefusedHost);
        let (what, todo) = r.sentence();
        assert!(what.contains("http://127.0.0.1:8081") && what.contains("api.mypurecloud.ie"), "{what}");
        assert!(todo.contains("--allow-upstream"), "{todo}");
        let r = Report::new("https://api.mypurecloud.ie", &ProxySetting::direct(), true, Probe::Works, Probe::NotTried);
        assert!(r.sentence().0.contains("no proxy is needed"));
        let r = Report::new("https://api.mypurecloud.ie", &proxy, true, Probe::CorsRefused, Probe::Works);
        assert!(r.sentence().0.contains("CORS"));
        assert_eq!(r.verdict.key(), "proxy-only");
    }

    #[test]
    fn probe_requests() {
        let p = ProxySetting::prefix("http://127.0.0.1:8081/");
        let r = probe_request("https://api.mypurecloud.com", Some(&p), "s3cret");
        assert_eq!(r.url, "http://127.0.0.1:8081/https://api.mypurecloud.com/api/v2/tokens/me");
        assert!(!r.url.contains("s3cret"));
        assert!(r.headers.contains(&("Authorization".into(), "Bearer s3cret".into())));
        let r = probe_request("https://api.mypurecloud.com", None, "");
        assert_eq!(r.url, "https://api.mypurecloud.com/api/v2/tokens/me");
        assert!(r.headers.iter().all(|(k, _)| k != "Authorization"));
        assert!(has_proxy(&p) && !has_proxy(&ProxySetting::direct()));
    }
}
