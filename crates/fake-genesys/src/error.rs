//! Errors as Genesys Cloud sends them: the `ErrorBody` JSON, the status, the `ININ-Correlation-Id` header
//! (equal to the body's `contextId`), and `Retry-After` on 429.

use std::collections::BTreeMap;

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use flowsim_core::wire::genesys::{ErrorBody, CORRELATION_HEADER};

/// The Genesys default rate limit, named in the 429 message when no `--rate-limit` is set.
pub const DEFAULT_RATE_LIMIT: u32 = 300;

/// An error response of the fake: status, Genesys `code`, message and, for 429, `Retry-After` seconds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FakeError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    pub retry_after_secs: Option<u64>,
}

impl FakeError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        FakeError { status, code, message: message.into(), retry_after_secs: None }
    }

    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "bad.request", message)
    }

    /// No (usable) `Authorization: Bearer` header.
    pub fn authentication_required() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "authentication.required",
            "No authentication bearer token specified in authorization header.",
        )
    }

    /// A token the org does not know, or one that expired.
    pub fn bad_credentials() -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "bad.credentials", "Invalid login credentials.")
    }

    pub fn missing_permissions(perms: &[&str]) -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            "missing.any.permissions",
            format!(
                "Unable to perform the requested action. You are missing the following permission(s): [{}]",
                perms.join(", ")
            ),
        )
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not.found", message)
    }

    pub fn too_many_requests(limit: u32, retry_after_secs: u64) -> Self {
        FakeError {
            retry_after_secs: Some(retry_after_secs),
            ..Self::new(
                StatusCode::TOO_MANY_REQUESTS,
                "too.many.requests",
                format!("Rate limit exceeded the maximum [{limit}] requests within [60] seconds"),
            )
        }
    }

    pub fn request_timeout(message: impl Into<String>) -> Self {
        Self::new(StatusCode::GATEWAY_TIMEOUT, "request.timeout", message)
    }

    /// The Genesys error body, with `contextId` set to `correlation_id`.
    pub fn body(&self, correlation_id: &str) -> ErrorBody {
        ErrorBody {
            message: Some(self.message.clone()),
            code: Some(self.code.to_string()),
            status: Some(self.status.as_u16()),
            message_with_params: Some(self.message.clone()),
            message_params: Some(BTreeMap::new()),
            context_id: Some(correlation_id.to_string()),
            details: Vec::new(),
            errors: Vec::new(),
        }
    }
}

impl std::fmt::Display for FakeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}: {}", self.status.as_u16(), self.code, self.message)
    }
}

impl std::error::Error for FakeError {}

impl IntoResponse for FakeError {
    fn into_response(self) -> Response {
        let correlation_id = new_correlation_id();
        let body = serde_json::to_vec(&self.body(&correlation_id)).unwrap_or_default();
        let mut resp = (self.status, body).into_response();
        let h = resp.headers_mut();
        h.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
        if let Ok(v) = HeaderValue::from_str(&correlation_id) {
            h.insert(CORRELATION_HEADER, v);
        }
        if let Some(secs) = self.retry_after_secs {
            h.insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        resp
    }
}

/// A fresh UUID v4, the form of Genesys correlation ids.
pub fn new_correlation_id() -> String {
    uuid::Uuid::new_v4().to_string()
}
