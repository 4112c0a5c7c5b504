//! Bearer tokens and permissions of the demo org.

use axum::extract::{Request, State};
use axum::http::header::AUTHORIZATION;
use axum::http::HeaderMap;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::sync::Arc;

use crate::demo::{TOKEN_ALWAYS_THROTTLED, TOKEN_DEMO, TOKEN_EXPIRED, TOKEN_NO_PERMISSION, TOKEN_THROTTLED};
use crate::error::FakeError;
use crate::state::AppState;

/// Marks a request made by the server itself (the simulation endpoint's in-process client):
/// it skips latency, throttling and the rate limit, which the outer request already went through.
#[derive(Debug, Clone, Copy)]
pub struct Internal;

/// Who is calling, once the token has been accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    pub token: String,
    pub all_permissions: bool,
    /// Permissions held besides `all_permissions` (a signed-in demo user's).
    pub granted: Vec<&'static str>,
}

impl Principal {
    /// 403 `missing.any.permissions` naming `perms` unless the caller holds them.
    pub fn require(&self, perms: &[&str]) -> Result<(), FakeError> {
        if self.all_permissions || perms.iter().any(|p| self.granted.contains(p)) {
            Ok(())
        } else {
            Err(FakeError::missing_permissions(perms))
        }
    }
}

/// Reads `Authorization: Bearer <token>`: 401 `authentication.required` without one, 401 `bad.credentials`
/// for a token the org does not know (or `expired-token`).
pub fn authenticate(headers: &HeaderMap) -> Result<Principal, FakeError> {
    let Some(value) = headers.get(AUTHORIZATION) else {
        return Err(FakeError::authentication_required());
    };
    let value = value.to_str().map_err(|_| FakeError::bad_credentials())?.trim();
    let token = match value.split_once(' ') {
        Some((scheme, rest)) if scheme.eq_ignore_ascii_case("bearer") => rest.trim(),
        _ => return Err(FakeError::authentication_required()),
    };
    if token.is_empty() {
        return Err(FakeError::authentication_required());
    }
    let all_permissions = match token {
        TOKEN_DEMO | TOKEN_THROTTLED | TOKEN_ALWAYS_THROTTLED => true,
        TOKEN_NO_PERMISSION => false,
        TOKEN_EXPIRED => return Err(FakeError::bad_credentials()),
        _ => return Err(FakeError::bad_credentials()),
    };
    Ok(Principal { token: token.to_string(), all_permissions, granted: Vec::new() })
}

/// [`authenticate`], also accepting the live tokens the login host issued (`/oauth/token`).
pub fn authenticate_in(state: &AppState, headers: &HeaderMap) -> Result<Principal, FakeError> {
    let err = match authenticate(headers) {
        Ok(p) => return Ok(p),
        Err(e) => e,
    };
    let token = headers
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, t)| t.trim())
        .unwrap_or_default();
    match state.login.session(token) {
        Some(s) if s.is_live() => Ok(Principal {
            token: token.to_string(),
            all_permissions: s.user.all_permissions(),
            granted: s.user.permissions.to_vec(),
        }),
        _ => Err(err),
    }
}

/// Middleware on every API route: authenticate, then count the request against the token's limits.
pub async fn guard(State(state): State<Arc<AppState>>, mut req: Request, next: Next) -> Response {
    let principal = match authenticate_in(&state, req.headers()) {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    if req.extensions().get::<Internal>().is_none() {
        if let Err(e) = state.admit(&principal.token) {
            return e.into_response();
        }
    }
    req.extensions_mut().insert(principal);
    next.run(req).await
}
