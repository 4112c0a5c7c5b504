//! Every failure as a sentence that says what happened and what to do, with the HTTP status,
//! the Genesys `code`, `contextId` and correlation id when there are some.

use crate::base::text::looks_like_html;
use crate::net::http::{HttpResponse, TransportError, MAX_BODY_BYTES};
use crate::wire::contract::ParseError;
use crate::wire::genesys::{ErrorBody, GENESYS_NOT_FOUND};
use crate::wire::proxy_error::ProxyCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The form is not filled in correctly.
    Input,
    BadRequest,
    Unauthorized,
    Forbidden,
    NotFound,
    RateLimited,
    /// The server's own timeout (504).
    ServerTimeout,
    ServerError,
    /// The CORS proxy refused or failed (its own JSON error).
    Proxy,
    /// Any other HTTP status.
    Http,
    /// `fetch` rejected: network or CORS.
    Network,
    /// flowsim's own deadline passed.
    ClientTimeout,
    Cancelled,
    /// An HTML page instead of JSON.
    HtmlPage,
    /// Not JSON at all, or JSON of the wrong shape.
    NotJson,
    MalformedJson,
    TooLarge,
}

impl ErrorKind {
    pub const ALL: [ErrorKind; 17] = [
        ErrorKind::Input,
        ErrorKind::BadRequest,
        ErrorKind::Unauthorized,
        ErrorKind::Forbidden,
        ErrorKind::NotFound,
        ErrorKind::RateLimited,
        ErrorKind::ServerTimeout,
        ErrorKind::ServerError,
        ErrorKind::Proxy,
        ErrorKind::Http,
        ErrorKind::Network,
        ErrorKind::ClientTimeout,
        ErrorKind::Cancelled,
        ErrorKind::HtmlPage,
        ErrorKind::NotJson,
        ErrorKind::MalformedJson,
        ErrorKind::TooLarge,
    ];

    /// The variant's name (what `{:?}` prints), without pulling `Debug` formatting into the wasm bundle.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Input => "Input",
            ErrorKind::BadRequest => "BadRequest",
            ErrorKind::Unauthorized => "Unauthorized",
            ErrorKind::Forbidden => "Forbidden",
            ErrorKind::NotFound => "NotFound",
            ErrorKind::RateLimited => "RateLimited",
            ErrorKind::ServerTimeout => "ServerTimeout",
            ErrorKind::ServerError => "ServerError",
            ErrorKind::Proxy => "Proxy",
            ErrorKind::Http => "Http",
            ErrorKind::Network => "Network",
            ErrorKind::ClientTimeout => "ClientTimeout",
            ErrorKind::Cancelled => "Cancelled",
            ErrorKind::HtmlPage => "HtmlPage",
            ErrorKind::NotJson => "NotJson",
            ErrorKind::MalformedJson => "MalformedJson",
            ErrorKind::TooLarge => "TooLarge",
        }
    }
}

/// An error the app shows. `Clone + PartialEq` so it can travel as a Yew prop.
#[derive(Debug, Clone, PartialEq)]
pub struct UserError {
    pub kind: ErrorKind,
    /// What happened, one sentence.
    pub summary: String,
    /// What to do about it.
    pub action: String,
    pub status: Option<u16>,
    pub code: Option<String>,
    /// The server's own message, shown as text.
    pub server_message: Option<String>,
    pub context_id: Option<String>,
    pub correlation_id: Option<String>,
    /// e.g. "POST /api/v2/architect/simulations".
    pub request: Option<String>,
    /// The response body as received (cut at [`RAW_BODY_LIMIT`]), so the user can see what came back.
    pub raw_body: Option<String>,
}

/// How much of an unusable body an error keeps for display.
pub const RAW_BODY_LIMIT: usize = 64 * 1024;

/// The start of `body`, cut on a character boundary, for [`UserError::raw_body`].
pub fn raw_excerpt(body: &str) -> Option<String> {
    if body.is_empty() {
        return None;
    }
    if body.len() <= RAW_BODY_LIMIT {
        return Some(body.to_string());
    }
    let mut end = RAW_BODY_LIMIT;
    while !body.is_char_boundary(end) {
        end -= 1;
    }
    Some(format!("{}\n… ({} more bytes not shown)", &body[..end], body.len() - end))
}

impl UserError {
    pub fn new(kind: ErrorKind, summary: impl Into<String>, action: impl Into<String>) -> Self {
        UserError {
            kind,
            summary: summary.into(),
            action: action.into(),
            status: None,
            code: None,
            server_message: None,
            context_id: None,
            correlation_id: None,
            request: None,
            raw_body: None,
        }
    }

    pub fn input(summary: impl Into<String>) -> Self {
        UserError::new(ErrorKind::Input, summary, "Correct the highlighted fields and run again.")
    }

    pub fn cancelled() -> Self {
        UserError::new(ErrorKind::Cancelled, "The simulation was cancelled.", "Press Simulate to run it again.")
    }
}

impl std::fmt::Display for UserError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.summary, self.action)
    }
}

impl std::error::Error for UserError {}

/// Which request failed, so its message fits it (only the simulation speaks of the simulation's timeout).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Call {
    /// `POST /api/v2/architect/simulations`.
    Simulation,
    /// `GET /api/v2/flows/{flowId}`.
    Flow,
    /// `GET /api/v2/flows/{flowId}/latestconfiguration`.
    FlowConfiguration,
    /// `GET /api/v2/flows` (the flow picker).
    FlowList,
    /// An external contacts call: by id, search, reverse whitepages lookup.
    Contacts,
    /// An org read of the interpreter (queues, users, schedules, data tables …).
    Org,
    /// fake-genesys's demo scenarios.
    DemoScenarios,
    Other,
}

/// What a request was for, so messages can name it.
#[derive(Debug, Clone, PartialEq)]
pub struct CallContext {
    pub call: Call,
    /// "POST /api/v2/architect/simulations"
    pub request: String,
    /// The API base URL the user chose.
    pub api_base: String,
    /// The proxy's origin when one is set.
    pub proxy_origin: Option<String>,
    /// The Timeout (ms) the user set, when the call runs under it (the simulation and its reads); timeout
    /// messages name it. The client's own deadline is longer (see `CLIENT_DEADLINE_MARGIN_MS`).
    pub timeout_setting_ms: Option<u32>,
    /// The flow and node ids, for 404/400 messages.
    pub flow_id: Option<String>,
    pub node_id: Option<String>,
}

impl CallContext {
    fn host(&self) -> String {
        crate::base::url_seam::parse(self.api_base.trim())
            .filter(|u| u.is_http())
            .map(|u| u.host)
            .unwrap_or_else(|| self.api_base.clone())
    }

    fn is_simulation(&self) -> bool {
        self.call == Call::Simulation
    }
}

/// Classifies a transport failure (no HTTP response).
pub fn from_transport(err: &TransportError, ctx: &CallContext) -> UserError {
    let mut e = match err {
        TransportError::Aborted => UserError::cancelled(),
        TransportError::Timeout { after_ms } => {
            let from = ctx.proxy_origin.clone().unwrap_or_else(|| ctx.host());
            match ctx.timeout_setting_ms {
                Some(t) => UserError::new(
                    ErrorKind::ClientTimeout,
                    if *after_ms > t {
                        format!("No answer from {from} within {after_ms} ms (your Timeout of {t} ms plus {} ms for the server's own answer), so flowsim stopped waiting.", after_ms - t)
                    } else {
                        format!("No answer from {from} within your Timeout of {t} ms, so flowsim stopped waiting.")
                    },
                    format!("The API or the proxy may be down or very slow: check that the proxy is running, then run again or raise Timeout (ms) under Advanced options (now {t})."),
                ),
                None => UserError::new(
                    ErrorKind::ClientTimeout,
                    format!("No answer from {from} within {after_ms} ms, so flowsim stopped waiting."),
                    "The API or the proxy may be down or very slow: check that the proxy is running, then try again.",
                ),
            }
        }
        TransportError::Network(detail) => match &ctx.proxy_origin {
            Some(proxy) => UserError::new(
                ErrorKind::Network,
                format!("The CORS proxy at {proxy} could not be reached, or it refused this page's cross-origin request (the browser reports only \"{detail}\")."),
                "Check that the proxy is running at that address, that it allows this page's origin, and that it answers preflight requests naming the authorization header; then run again.",
            ),
            None => UserError::new(
                ErrorKind::Network,
                format!("{} could not be reached, or it refused this page's cross-origin (CORS) request (the browser reports only \"{detail}\").", ctx.host()),
                "Check the API base URL and your connection. Most often the API does not allow calls from this page: set a CORS proxy (for example run flowsim-proxy and pick its preset under CORS proxy).",
            ),
        },
        TransportError::BodyTooLarge { limit } => UserError::new(
            ErrorKind::TooLarge,
            format!("The response is larger than {} MB, so flowsim did not read it.", limit / (1024 * 1024)),
            "Check that the API base URL and proxy point at the Genesys API, or simulate a smaller flow.",
        ),
        TransportError::BodyUnreadable(detail) => UserError::new(
            ErrorKind::NotJson,
            format!("The response body could not be read ({detail})."),
            "Run again; if it persists, check the proxy, which may be cutting responses short.",
        ),
    };
    e.request = Some(ctx.request.clone());
    e
}

/// Classifies an HTTP response that is not a success.
pub fn from_status(resp: &HttpResponse, ctx: &CallContext) -> UserError {
    let body = ErrorBody::parse(&resp.body);
    let code = body.as_ref().and_then(|b| b.code.clone());
    let server_message = body.as_ref().and_then(|b| b.message.clone());
    let proxy_code = code.as_deref().and_then(ProxyCode::parse);
    let status = resp.status;
    let host = ctx.host();
    let (kind, summary, action) = if let Some(proxy_code) = proxy_code {
        (
            ErrorKind::Proxy,
            format!("The CORS proxy refused the request ({status}): {}", server_message.clone().unwrap_or_default()),
            match proxy_code {
                ProxyCode::UpstreamNotAllowed => {
                    "Start the proxy with --allow-upstream for this API base URL, or pick a Genesys Cloud region."
                        .to_string()
                }
                ProxyCode::OriginNotAllowed => {
                    "Start the proxy with --allow-origin for this page's origin.".to_string()
                }
                ProxyCode::UpstreamTimeout => {
                    "The API did not answer the proxy in time: run again, or raise Timeout (ms).".to_string()
                }
                _ => "Check the proxy setting and the proxy's log, then run again.".to_string(),
            },
        )
    } else if body.is_none() && looks_like_html(&resp.body) {
        (
            ErrorKind::HtmlPage,
            format!("The server answered {status} with an HTML page instead of a JSON error."),
            "The request reached a web page, not the Genesys API: this usually comes from a proxy or gateway in between, or a wrong API base URL or proxy setting. Check both.".to_string(),
        )
    } else {
        match status {
            400 if ctx.is_simulation() => (
                ErrorKind::BadRequest,
                format!("The simulation request was rejected as invalid (400){}.", suffix(&server_message)),
                "Check the Flow ID and Node ID: the node must be the GetExternalContactAction itself, not its parent container (task, state or menu).".to_string(),
            ),
            400 => (
                ErrorKind::BadRequest,
                format!("Genesys Cloud rejected the request as invalid (400){}.", suffix(&server_message)),
                "Check the values in the form; the server message says which one.".to_string(),
            ),
            401 => (
                ErrorKind::Unauthorized,
                "The access token was not accepted (401): it is missing, expired, or from another region.".to_string(),
                format!("Get a new token for the org on {host} and paste it in Access token."),
            ),
            403 => (
                ErrorKind::Forbidden,
                format!("The token is valid but lacks permission for {} (403){}.", ctx.request, suffix(&server_message)),
                "Use a token whose user or OAuth client has the needed permission (architect:flow:view to read flows, externalContacts:contact:view to look up contacts).".to_string(),
            ),
            404 if ctx.is_simulation() && code.as_deref() != Some(GENESYS_NOT_FOUND) => (
                ErrorKind::NotFound,
                format!("{host} has no simulation endpoint (404 on {}).", ctx.request),
                "Genesys Cloud itself has no POST /api/v2/architect/simulations: choose \"In the browser (Genesys Cloud APIs)\" under Simulation, or check the API base URL.".to_string(),
            ),
            404 => (
                ErrorKind::NotFound,
                match &ctx.flow_id {
                    Some(f) if matches!(ctx.call, Call::Simulation | Call::Flow | Call::FlowConfiguration) => {
                        format!("No flow with ID {f} was found in this org (404){}.", suffix(&server_message))
                    }
                    _ => format!("Not found (404) on {}{}.", ctx.request, suffix(&server_message)),
                },
                "Check the Flow ID and that the token belongs to the org (and region) that owns the flow.".to_string(),
            ),
            429 => (
                ErrorKind::RateLimited,
                format!("Genesys Cloud is rate-limiting this token (429){}.", resp.retry_after_secs().map(|s| format!("; it asks to wait {s} s")).unwrap_or_default()),
                "Wait a moment and run again; flowsim already retried up to 3 times.".to_string(),
            ),
            504 if ctx.is_simulation() => (
                ErrorKind::ServerTimeout,
                match ctx.timeout_setting_ms {
                    Some(t) => format!("The simulation did not finish within the timeout of {t} ms (504){}.", suffix(&server_message)),
                    None => format!("The simulation did not finish within its timeout (504){}.", suffix(&server_message)),
                },
                match ctx.timeout_setting_ms {
                    Some(t) => format!("Raise Timeout (ms) under Advanced options (up to 30,000; now {t}), then run again."),
                    None => "Raise Timeout (ms) under Advanced options (up to 30,000), then run again.".to_string(),
                },
            ),
            504 => (
                ErrorKind::ServerTimeout,
                format!("{host}, or a gateway before it, gave up waiting on {} (504){}.", ctx.request, suffix(&server_message)),
                "That limit is the server's, not flowsim's Timeout (ms): run again in a moment; if it persists, give Genesys Cloud support the correlation id below.".to_string(),
            ),
            500..=599 => (
                ErrorKind::ServerError,
                format!("The server had an error ({status}){}.", suffix(&server_message)),
                "Run again in a moment; if it persists, give Genesys Cloud support the correlation id below.".to_string(),
            ),
            _ => (
                ErrorKind::Http,
                format!("The server answered with HTTP {status}{}.", suffix(&server_message)),
                "Check the API base URL, the proxy setting and the token, then run again.".to_string(),
            ),
        }
    };
    UserError {
        kind,
        summary,
        action,
        status: Some(status),
        code,
        server_message,
        context_id: body.as_ref().and_then(|b| b.context_id.clone()),
        correlation_id: resp.correlation_id().map(str::to_string),
        request: Some(ctx.request.clone()),
        raw_body: raw_excerpt(&resp.body),
    }
}

fn suffix(msg: &Option<String>) -> String {
    match msg {
        Some(m) if !m.trim().is_empty() => format!(": \"{}\"", m.trim()),
        _ => String::new(),
    }
}

/// Classifies a 2xx response whose body could not be used.
pub fn from_parse(err: &ParseError, resp: &HttpResponse, ctx: &CallContext) -> UserError {
    let mut e = match err {
        ParseError::NotJson { looks_like_html: true, .. } => UserError::new(
            ErrorKind::HtmlPage,
            format!("The server answered {} with an HTML page instead of JSON.", resp.status),
            "The request reached a web page, not the API: check the API base URL and the CORS proxy setting (a proxy's own page or a login page looks like this).",
        ),
        ParseError::NotJson { detail, .. } if resp.body.trim().is_empty() => UserError::new(
            ErrorKind::NotJson,
            format!("The server answered {} with an empty body ({detail}).", resp.status),
            "Check that the API base URL and proxy point at the Genesys API, then run again.",
        ),
        ParseError::NotJson { detail, .. } if starts_like_json(&resp.body) => UserError::new(
            ErrorKind::MalformedJson,
            format!("The response is malformed JSON: {detail}."),
            "The server or a proxy sent a broken body; open the raw response to see it, and run again.",
        ),
        ParseError::NotJson { .. } => UserError::new(
            ErrorKind::NotJson,
            format!(
                "The response is not JSON (content type {}).",
                resp.header("content-type").unwrap_or("not given")
            ),
            "Check that the API base URL and proxy point at the Genesys API; open the raw response to see what came back.",
        ),
        ParseError::NotAnObject { found } => UserError::new(
            ErrorKind::NotJson,
            format!("The response is {found} in JSON, not the expected object."),
            "The endpoint does not speak the simulation contract: check the API base URL and the Simulation choice.",
        ),
    };
    e.status = Some(resp.status);
    e.correlation_id = resp.correlation_id().map(str::to_string);
    e.request = Some(ctx.request.clone());
    e.raw_body = raw_excerpt(&resp.body);
    e
}

fn starts_like_json(body: &str) -> bool {
    matches!(body.trim_start().chars().next(), Some('{' | '['))
}

/// The size limit in words, for messages.
pub fn body_limit_mb() -> usize {
    MAX_BODY_BYTES / (1024 * 1024)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx() -> CallContext {
        CallContext {
            call: Call::Simulation,
            request: "POST /api/v2/architect/simulations".into(),
            api_base: "https://api.mypurecloud.com".into(),
            proxy_origin: None,
            timeout_setting_ms: Some(5000),
            flow_id: Some("f1".into()),
            node_id: Some("n1".into()),
        }
    }

    fn resp(status: u16, body: &str) -> HttpResponse {
        HttpResponse {
            status,
            headers: vec![("inin-correlation-id".into(), "corr-1".into()), ("retry-after".into(), "7".into())],
            body: body.into(),
        }
    }

    #[test]
    fn kind_names_are_the_debug_names() {
        for k in ErrorKind::ALL {
            assert_eq!(k.as_str(), format!("{k:?}"));
        }
    }

    #[test]
    fn genesys_error_fields_are_kept() {
        let e = from_status(
            &resp(400, r#"{"message":"Node n1 is a container","code":"bad.request","status":400,"contextId":"ctx-9"}"#),
            &ctx(),
        );
        assert_eq!(e.kind, ErrorKind::BadRequest);
        assert!(e.summary.contains("Node n1 is a container"));
        assert!(e.action.contains("not its parent container"));
        assert_eq!(e.code.as_deref(), Some("bad.request"));
        assert_eq!(e.context_id.as_deref(), Some("ctx-9"));
        assert_eq!(e.correlation_id.as_deref(), Some("corr-1"));
    }

    #[test]
    fn each_status_has_its_own_advice() {
        let cases = [
            (401, ErrorKind::Unauthorized, "new token"),
            (403, ErrorKind::Forbidden, "permission"),
            (404, ErrorKind::NotFound, "In the browser"),
            (429, ErrorKind::RateLimited, "Wait"),
            (504, ErrorKind::ServerTimeout, "Timeout (ms)"),
            (503, ErrorKind::ServerError, "correlation id"),
            (418, ErrorKind::Http, "Check"),
        ];
        for (status, kind, advice) in cases {
            let e = from_status(&resp(status, "{}"), &ctx());
            assert_eq!(e.kind, kind, "{status}");
            assert!(e.action.contains(advice), "{status}: {}", e.action);
        }
        let flow_missing =
            from_status(&resp(404, r#"{"message":"Flow f1 not found","code":"not.found","status":404}"#), &ctx());
        assert!(flow_missing.summary.contains("No flow with ID f1"));
    }

    #[test]
    fn html_and_proxy_errors() {
        let e = from_status(&resp(502, "<html><body><h1>502 Bad Gateway</h1></body></html>"), &ctx());
        assert_eq!(e.kind, ErrorKind::HtmlPage);
        let p = from_status(
            &resp(403, r#"{"message":"evil.com is not allowed","code":"proxy.upstream.not.allowed","status":403}"#),
            &ctx(),
        );
        assert_eq!(p.kind, ErrorKind::Proxy);
        assert!(p.action.contains("--allow-upstream"));
    }

    #[test]
    fn network_errors_name_the_proxy_or_cors() {
        let mut c = ctx();
        let direct = from_transport(&TransportError::Network("Failed to fetch".into()), &c);
        assert!(direct.summary.contains("api.mypurecloud.com") && direct.action.contains("CORS proxy"));
        c.proxy_origin = Some("http://127.0.0.1:8081".into());
        let via = from_transport(&TransportError::Network("Failed to fetch".into()), &c);
        assert!(via.summary.contains("http://127.0.0.1:8081") && via.action.contains("running"));
        assert_eq!(from_transport(&TransportError::Aborted, &c).kind, ErrorKind::Cancelled);
    }

    #[test]
    fn parse_errors() {
        let c = ctx();
        let r = resp(200, "{\"status\": ");
        let e = from_parse(&crate::wire::contract::SimulationResponse::parse(&r.body).unwrap_err(), &r, &c);
        assert_eq!(e.kind, ErrorKind::MalformedJson);
        let r = resp(200, "hello");
        let e = from_parse(&crate::wire::contract::SimulationResponse::parse(&r.body).unwrap_err(), &r, &c);
        assert_eq!(e.kind, ErrorKind::NotJson);
    }

    #[test]
    fn unusable_bodies_are_kept_for_display_and_cut_when_huge() {
        let e = from_status(&resp(502, "<html><body>Bad gateway</body></html>"), &ctx());
        assert_eq!(e.raw_body.as_deref(), Some("<html><body>Bad gateway</body></html>"));
        let huge = "é".repeat(RAW_BODY_LIMIT);
        let cut = raw_excerpt(&huge).unwrap();
        assert!(cut.len() < huge.len() && cut.ends_with("more bytes not shown)"), "{}", &cut[cut.len() - 40..]);
        assert_eq!(raw_excerpt(""), None);
    }

    #[test]
    fn a_504_speaks_of_the_simulation_only_for_the_simulation() {
        let sim = from_status(&resp(504, "{}"), &ctx());
        assert!(sim.summary.contains("simulation did not finish within the timeout of 5000 ms"), "{}", sim.summary);
        assert!(sim.action.contains("now 5000"), "{}", sim.action);
        let mut read = ctx();
        read.call = Call::Flow;
        read.request = "GET /api/v2/flows/f1".into();
        let e = from_status(&resp(504, "{}"), &read);
        assert_eq!(e.kind, ErrorKind::ServerTimeout);
        assert!(!e.summary.contains("simulation") && !e.summary.contains("ms"), "{}", e.summary);
        assert!(
            e.summary.contains("GET /api/v2/flows/f1") && e.summary.contains("api.mypurecloud.com"),
            "{}",
            e.summary
        );
    }

    #[test]
    fn a_client_timeout_names_the_timeout_the_user_set() {
        let e = from_transport(&TransportError::Timeout { after_ms: 7000 }, &ctx());
        assert_eq!(e.kind, ErrorKind::ClientTimeout);
        assert!(e.summary.contains("your Timeout of 5000 ms plus 2000 ms"), "{}", e.summary);
        assert!(e.action.contains("now 5000"), "{}", e.action);
        let mut picker = ctx();
        picker.call = Call::FlowList;
        picker.timeout_setting_ms = None;
        let e = from_transport(&TransportError::Timeout { after_ms: 15000 }, &picker);
        assert!(e.summary.contains("within 15000 ms") && !e.action.contains("Timeout (ms)"), "{e}");
    }

    #[test]
    fn proxy_errors_are_told_by_their_code() {
        for code in ProxyCode::ALL {
            let body = format!(r#"{{"message":"m","code":"{}","status":403}}"#, code.as_str());
            assert_eq!(from_status(&resp(403, &body), &ctx()).kind, ErrorKind::Proxy, "{code:?}");
        }
        let origin = ProxyCode::OriginNotAllowed.as_str();
        let e = from_status(&resp(403, &format!(r#"{{"message":"m","code":"{origin}"}}"#)), &ctx());
        assert!(e.action.contains("--allow-origin"), "{}", e.action);
        let genesys = from_status(&resp(403, r#"{"message":"m","code":"missing.permissions"}"#), &ctx());
        assert_eq!(genesys.kind, ErrorKind::Forbidden);
    }
}
