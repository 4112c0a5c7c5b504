//! Cross-cutting behaviour: the correlation id on every response, `--latency-ms`, `--cors`, and the
//! open CORS of `/_fake/*`.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use flowsim_core::wire::genesys::CORRELATION_HEADER;

use crate::auth::Internal;
use crate::error::new_correlation_id;
use crate::state::AppState;

/// Headers a browser may send on API calls (named explicitly: `*` does not cover `Authorization`).
pub const ALLOW_HEADERS: &str = "authorization, content-type, accept";
pub const ALLOW_METHODS: &str = "GET, POST, DELETE, OPTIONS";
/// Response headers the app reads.
pub const EXPOSE_HEADERS: &str = "Retry-After, ININ-Correlation-Id";

/// Every response carries a fresh `ININ-Correlation-Id` (errors already have one equal to their `contextId`).
pub async fn correlation_id(req: Request, next: Next) -> Response {
    let mut resp = next.run(req).await;
    if !resp.headers().contains_key(CORRELATION_HEADER) {
        if let Ok(v) = HeaderValue::from_str(&new_correlation_id()) {
            resp.headers_mut().insert(CORRELATION_HEADER, v);
        }
    }
    resp
}

/// `--latency-ms N`: every API response waits N ms (not the server's own in-process calls).
pub async fn latency(State(state): State<Arc<AppState>>, req: Request, next: Next) -> Response {
    let ms = state.config.latency_ms;
    if ms > 0 && req.extensions().get::<Internal>().is_none() {
        tokio::time::sleep(Duration::from_millis(ms)).await;
    }
    next.run(req).await
}

fn allow_origin(headers: &HeaderMap) -> HeaderValue {
    headers.get(header::ORIGIN).cloned().unwrap_or(HeaderValue::from_static("*"))
}

/// `--cors`: echo `Origin` (or `*`), allow `authorization` and `content-type`, expose `Retry-After` and
/// `ININ-Correlation-Id`, answer preflights without authentication.
pub async fn cors(req: Request, next: Next) -> Response {
    let origin = allow_origin(req.headers());
    let preflight =
        req.method() == Method::OPTIONS && req.headers().contains_key(header::ACCESS_CONTROL_REQUEST_METHOD);
    let mut resp = if preflight {
        let mut r = StatusCode::NO_CONTENT.into_response();
        let h = r.headers_mut();
        h.insert(header::ACCESS_CONTROL_ALLOW_METHODS, HeaderValue::from_static(ALLOW_METHODS));
        h.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, HeaderValue::from_static(ALLOW_HEADERS));
        h.insert(header::ACCESS_CONTROL_MAX_AGE, HeaderValue::from_static("600"));
        r
    } else {
        next.run(req).await
    };
    let h = resp.headers_mut();
    h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
    h.insert(header::ACCESS_CONTROL_EXPOSE_HEADERS, HeaderValue::from_static(EXPOSE_HEADERS));
    h.append(header::VARY, HeaderValue::from_static("Origin"));
    resp
}

/// `/_fake/*` is readable from any page, with or without `--cors`.
pub async fn open_to_any_origin(req: Request, next: Next) -> Response {
    let mut resp = next.run(req).await;
    resp.headers_mut().insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    resp
}
