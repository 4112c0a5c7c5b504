//! Errors the proxy answers itself. They use the shape of a Genesys Cloud error body
//! (`{message, code, status}`) so the app can show them like any API error.

use axum::body::Body;
use axum::http::{header, HeaderValue, Response, StatusCode};

pub use flowsim_core::wire::proxy_error::ProxyCode;

/// The `code` values of proxy-generated errors, as sent ([`ProxyCode::as_str`]).
pub mod codes {
    use super::ProxyCode;
    pub const TARGET_INVALID: &str = ProxyCode::TargetInvalid.as_str();
    pub const UPSTREAM_NOT_ALLOWED: &str = ProxyCode::UpstreamNotAllowed.as_str();
    pub const ORIGIN_NOT_ALLOWED: &str = ProxyCode::OriginNotAllowed.as_str();
    pub const METHOD_NOT_ALLOWED: &str = ProxyCode::MethodNotAllowed.as_str();
    pub const REQUEST_TOO_LARGE: &str = ProxyCode::RequestTooLarge.as_str();
    pub const REQUEST_INVALID: &str = ProxyCode::RequestInvalid.as_str();
    pub const REQUEST_TIMEOUT: &str = ProxyCode::RequestTimeout.as_str();
    pub const UPSTREAM_UNREACHABLE: &str = ProxyCode::UpstreamUnreachable.as_str();
    pub const RESPONSE_TOO_LARGE: &str = ProxyCode::ResponseTooLarge.as_str();
    pub const UPSTREAM_ERROR: &str = ProxyCode::UpstreamError.as_str();
    pub const BUSY: &str = ProxyCode::Busy.as_str();
    pub const UPSTREAM_TIMEOUT: &str = ProxyCode::UpstreamTimeout.as_str();
}

/// An error the proxy answers itself, without (or instead of) an upstream response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProxyError {
    pub status: StatusCode,
    pub code: ProxyCode,
    /// One or two sentences: what happened and what to do.
    pub message: String,
    /// Seconds for a `Retry-After` header (503 busy).
    pub retry_after: Option<u32>,
}

impl ProxyError {
    pub fn new(status: StatusCode, code: ProxyCode, message: impl Into<String>) -> Self {
        Self { status, code, message: message.into(), retry_after: None }
    }

    pub fn bad_target(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, ProxyCode::TargetInvalid, message)
    }

    pub fn not_allowed(message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, ProxyCode::UpstreamNotAllowed, message)
    }

    /// The JSON body, `{"message": …, "code": …, "status": …}`.
    pub fn body(&self) -> String {
        serde_json::json!({
            "message": self.message,
            "code": self.code.as_str(),
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
