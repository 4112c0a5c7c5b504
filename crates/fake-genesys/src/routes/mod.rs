//! HTTP handlers.

pub mod contacts;
pub mod fake;
pub mod flows;
pub mod me;
pub mod oauth;
pub mod org;
pub mod simulations;
pub mod versions;

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::error::FakeError;

/// A 200 JSON response.
pub fn json<T: Serialize>(value: &T) -> Response {
    match serde_json::to_vec(value) {
        Ok(body) => {
            let mut r = (StatusCode::OK, body).into_response();
            r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
            r
        }
        Err(e) => {
            FakeError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal.server.error", e.to_string()).into_response()
        }
    }
}

/// Any path the fake does not serve.
pub async fn not_found(uri: axum::http::Uri) -> Response {
    FakeError::not_found(format!("No resource at {}", uri.path())).into_response()
}
