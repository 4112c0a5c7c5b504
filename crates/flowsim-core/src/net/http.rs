//! The HTTP seam. flowsim-core never does I/O itself: the browser app (fetch), the fake server (in-process)
//! and the tests (recorded responses) each implement [`HttpClient`].

use std::future::Future;

/// Bodies larger than this are refused with a clear error instead of being parsed (a 5,000-step trace is ~2 MB).
pub const MAX_BODY_BYTES: usize = 16 * 1024 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Delete,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Delete => "DELETE",
        }
    }
}

/// A request as flowsim wants to send it. `url` is the final URL (proxy already applied).
#[derive(Debug, Clone, PartialEq)]
pub struct HttpRequest {
    pub method: Method,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Option<String>,
    /// Client-side deadline for this request.
    pub timeout_ms: u32,
}

/// A response that reached the client. Header names are lower case.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct HttpResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl HttpResponse {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
    pub fn correlation_id(&self) -> Option<&str> {
        self.header("inin-correlation-id").filter(|v| !v.is_empty())
    }
    /// `Retry-After` in seconds, when it is a plain number (the form Genesys sends).
    pub fn retry_after_secs(&self) -> Option<u32> {
        self.header("retry-after")?.trim().parse::<u32>().ok()
    }
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

/// A request that produced no readable response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TransportError {
    /// `fetch` rejected with a `TypeError`: refused connection, DNS, offline, TLS, or a CORS refusal.
    /// The browser does not say which.
    Network(String),
    /// The client-side deadline passed.
    Timeout { after_ms: u32 },
    /// The user cancelled.
    Aborted,
    /// The body was larger than [`MAX_BODY_BYTES`].
    BodyTooLarge { limit: usize },
    /// The response body could not be read as text.
    BodyUnreadable(String),
}

/// Events a client reports while a request runs (the app shows them as they come).
#[derive(Debug, Clone, PartialEq)]
pub enum ClientEvent {
    /// A 429 was received; waiting `seconds` before retry number `attempt` (1-based) of `max`.
    RetryWait { seconds: u32, attempt: u32, max: u32 },
}

/// What flowsim needs from an HTTP stack: send one request, and sleep (cancellably).
#[allow(async_fn_in_trait)]
pub trait HttpClient {
    fn send(&self, req: HttpRequest) -> impl Future<Output = Result<HttpResponse, TransportError>>;
    /// Waits `ms` milliseconds; returns `Err(Aborted)` when the user cancels meanwhile.
    fn sleep(&self, ms: u32) -> impl Future<Output = Result<(), TransportError>>;
    /// Milliseconds since some fixed point, for durations in the trace.
    fn now_ms(&self) -> f64;
    /// Progress reports; the default ignores them.
    fn event(&self, _event: ClientEvent) {}
}
