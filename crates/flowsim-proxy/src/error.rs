//! Errors the proxy answers itself. They use the shape of a Genesys Cloud error body
//! (`{message, code, status}`) so the app can show them like any API error.

use axum::body::Body;
use axum::http::{header, HeaderValue, Response, StatusCode};

/// The `code` values of proxy-generated errors.
pub mod codes {
    /// 400: the request-target is not `/<absolute http(s) URL>`.
    pub const TARGET_INVALID: &str = "proxy.target.invalid";
    /// 403: the target's scheme, host or port is not on the allowlist (or is disguised).
    pub const UPSTREAM_NOT_ALLOWED: &str = "proxy.upstream.not.allowed";
    /// 403: `--allow-origin` was given and the request's `Origin` is not in it.
    pub const ORIGIN_NOT_ALLOWED: &str = "proxy.origin.not.allowed";
    /// 405: a method the proxy does not forward (CONNECT, TRACE, …).
    pub const METHOD_NOT_ALLOWED: &str = "proxy.method.not.allowed";
    /// 413: the request body is over `--max-request-bytes`.
    pub const REQUEST_TOO_LARGE: &str = "proxy.request.too.large";
    /// 400: the request body could not be read (the client broke off the upload).
    pub const REQUEST_INVALID: &str = "proxy.request.invalid";
    /// 408: the request body did not arrive within `--timeout-ms`.
    pub const REQUEST_TIMEOUT: &str = "proxy.request.timeout";
    /// 502: connection refused, DNS or TLS failure.
    pub const UPSTREAM_UNREACHABLE: &str = "proxy.upstream.unreachable";
    /// 502: the upstream response body is over `--max-response-bytes`.
    pub const RESPONSE_TOO_LARGE: &str = "proxy.upstream.response.too.large";
    /// 502: the upstream broke the exchange in another way (reset, malformed response).
    pub const UPSTREAM_ERROR: &str = "proxy.upstream.error";
    /// 503: `--max-concurrency` requests are in flight and no slot freed in time.
    pub const BUSY: &str = "proxy.busy";
    /// 504: connect or total timeout.
    pub const UPSTREAM_TIMEOUT: &str = "proxy.upstream.timeout";
}

/// An error the proxy answers itself, without (or instead of) an upstream response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProxyError {
    pub status: StatusCode,
    pub code: &'static str,
    /// One or two sentences: what happened and what to do.
    pub message: String,
    /// Seconds for a `Retry-After` header (503 busy).
    pub retry_after: Option<u32>,
}

impl ProxyError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self { status, code, message: message.into(), retry_after: None }
    }

    pub fn bad_target(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, codes::TARGET_INVALID, message)
    }

    pub fn not_allowed(message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, codes::UPSTREAM_NOT_ALLOWED, message)
    }

    /// The JSON body, `{"message": …, "code": …, "status": …}`.
    pub fn body(&self) -> String {
        serde_json::json!({
            "message": self.message,
            "code": self.code,
            "status": self.status.as_u16(),
        })
        .to_string()
    }

    /// The response, without CORS headers (the caller adds them).
    pub fn to_response(&self) -> Response<Body> {
        let mut res = Response::new(Body::from(self.body()));
        *res.status_mut() = self.status;
        let h = res.headers_mut();
        h.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
        if let Some(secs) = self.retry_after {
            h.insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        res
    }
}
