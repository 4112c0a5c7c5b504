//! The login host: `GET /oauth/authorize` (a small sign-in page listing the demo users), `POST /oauth/authorize`
//! (the user's choice), `POST /oauth/token` (the code exchange, PKCE S256), and `POST /_fake/expire-sessions`.
//!
//! Errors: a request naming an unknown client or a redirect URI not registered for it gets an error page and no
//! redirect (RFC 6749 §4.1.2.1: never redirect to an unchecked URI); the other authorize errors go back to the
//! redirect URI as `?error=…&error_description=…&state=…`; the token endpoint answers `{error,
//! error_description}` (RFC 6749 §5.2). Genesys does not document its exact wording, so these are the fake's.

use std::sync::Arc;
use std::time::Instant;

use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use flowsim_core::net::oauth::{challenge_s256, is_valid_verifier};
use flowsim_core::wire::auth::{OAuthErrorBody, TokenResponse};

use crate::login::{CodeProblem, GrantType, OAuthClient, PendingCode, TOKEN_LIFETIME_SECS, USERS};
use crate::state::AppState;

/// The query of `GET /oauth/authorize` (and the hidden fields of its form).
#[derive(Debug, Clone, Default)]
pub struct AuthorizeQuery {
    pub response_type: String,
    pub client_id: String,
    pub redirect_uri: String,
    pub code_challenge: String,
    pub code_challenge_method: String,
    pub state: String,
    /// Only in the form: the chosen user, or empty for Cancel.
    pub user: String,
}

/// What to do with an authorize request.
enum Checked<'a> {
    Ok(&'a OAuthClient),
    /// Shown as a page: no redirect.
    Page(StatusCode, String),
    /// Sent back to the redirect URI.
    Redirect(Response),
}

fn check<'a>(state: &'a AppState, q: &AuthorizeQuery) -> Checked<'a> {
    let Some(client) = state.login.client(q.client_id.trim()) else {
        return Checked::Page(
            StatusCode::BAD_REQUEST,
            format!("There is no OAuth client with the ID \"{}\" in this org.", q.client_id),
        );
    };
    if !client.redirect_uris.contains(&q.redirect_uri) {
        return Checked::Page(
            StatusCode::BAD_REQUEST,
            format!(
                "The redirect URI \"{}\" is not registered for the OAuth client \"{}\". An admin must add it, exactly, to the client's authorized redirect URIs.",
                q.redirect_uri, client.name
            ),
        );
    }
    let fail = |error: &str, description: &str| Checked::Redirect(back(&q.redirect_uri, error, description, &q.state));
    if q.response_type != "code" {
        return fail("unsupported_response_type", "response_type must be code");
    }
    if client.grant != GrantType::CodeAuthorization {
        return fail("unauthorized_client", "This client is not of grant type Code Authorization");
    }
    if q.code_challenge.is_empty() {
        return fail("invalid_request", "code_challenge is required");
    }
    if q.code_challenge_method != "S256" {
        return fail("invalid_request", "code_challenge_method must be S256");
    }
    // An S256 challenge is 43 base64url characters.
    if q.code_challenge.len() != 43
        || !q.code_challenge.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return fail("invalid_request", "code_challenge is not an S256 challenge");
    }
    Checked::Ok(client)
}

/// `redirect_uri` with `pairs` added to its query.
fn with_query(redirect_uri: &str, pairs: &[(&str, &str)]) -> String {
    let mut ser = form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs {
        if !v.is_empty() {
            ser.append_pair(k, v);
        }
    }
    let sep = if redirect_uri.contains('?') { '&' } else { '?' };
    format!("{redirect_uri}{sep}{}", ser.finish())
}

fn redirect(to: &str) -> Response {
    let mut r = StatusCode::FOUND.into_response();
    if let Ok(v) = HeaderValue::from_str(to) {
        r.headers_mut().insert(header::LOCATION, v);
    }
    r.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

fn back(redirect_uri: &str, error: &str, description: &str, state: &str) -> Response {
    redirect(&with_query(redirect_uri, &[("error", error), ("error_description", description), ("state", state)]))
}

/// Text for HTML (element content and quoted attribute values).
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

fn page(status: StatusCode, title: &str, body: &str) -> Response {
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{t}</title>\
         <meta name=\"viewport\" content=\"width=device-width\">\
         <style>body{{font-family:system-ui,sans-serif;max-width:34rem;margin:3rem auto;padding:0 1rem}}\
         button{{display:block;width:100%;margin:.5rem 0;padding:.7rem;font-size:1rem;text-align:left}}\
         .hint{{color:#555;font-size:.9rem}}</style></head>\
         <body><h1>{t}</h1>{body}</body></html>\n",
        t = escape(title)
    );
    let mut r = (status, html).into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    // No script, no framing. (No form-action: Chromium applies it to the redirect back to the app.)
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'"),
    );
    r
}

fn error_page(status: StatusCode, message: &str) -> Response {
    page(status, "Sign-in error", &format!("<p role=\"alert\" data-testid=\"login-error\">{}</p>", escape(message)))
}

/// `GET /oauth/authorize`: checks the request, then shows one button per demo user.
pub async fn authorize(State(state): State<Arc<AppState>>, RawQuery(raw): RawQuery) -> Response {
    let q = read_form(raw.unwrap_or_default().as_bytes());
    let client = match check(&state, &q) {
        Checked::Ok(c) => c,
        Checked::Page(status, message) => return error_page(status, &message),
        Checked::Redirect(r) => return r,
    };
    let hidden: String = [
        ("response_type", &q.response_type),
        ("client_id", &q.client_id),
        ("redirect_uri", &q.redirect_uri),
        ("code_challenge", &q.code_challenge),
        ("code_challenge_method", &q.code_challenge_method),
        ("state", &q.state),
    ]
    .iter()
    .map(|(k, v)| format!("<input type=\"hidden\" name=\"{k}\" value=\"{}\">", escape(v)))
    .collect();
    let users: String = USERS
        .iter()
        .map(|u| {
            format!(
                "<button type=\"submit\" name=\"user\" value=\"{}\">Sign in as {} <span class=\"hint\">({}, {})</span></button>",
                escape(u.id),
                escape(u.name),
                escape(u.username),
                escape(u.role)
            )
        })
        .collect();
    page(
        StatusCode::OK,
        "Sign in to Genesys Cloud",
        &format!(
            "<p>fake-genesys plays the login page of the demo org. <strong>{}</strong> asks to sign you in.</p>\
             <form method=\"post\" action=\"authorize\">{hidden}{users}\
             <button type=\"submit\" name=\"user\" value=\"\">Cancel</button></form>",
            escape(client.name)
        ),
    )
}

/// `POST /oauth/authorize`: the user's choice. Checks the request again, then sends the user back with a code
/// (or `access_denied` for Cancel).
pub async fn choose(State(state): State<Arc<AppState>>, body: Bytes) -> Response {
    let q = read_form(&body);
    let client = match check(&state, &q) {
        Checked::Ok(c) => c,
        Checked::Page(status, message) => return error_page(status, &message),
        Checked::Redirect(r) => return r,
    };
    let Some(user) = crate::login::user(&q.user) else {
        return back(&q.redirect_uri, "access_denied", "The user cancelled the sign-in", &q.state);
    };
    let code = state.login.issue_code(PendingCode {
        client_id: client.id.to_string(),
        redirect_uri: q.redirect_uri.clone(),
        challenge: q.code_challenge.clone(),
        user,
        issued: Instant::now(),
        expired: false,
        token: None,
    });
    redirect(&with_query(&q.redirect_uri, &[("code", &code), ("state", &q.state)]))
}

fn read_form(body: &[u8]) -> AuthorizeQuery {
    let mut q = AuthorizeQuery::default();
    for (k, v) in form_urlencoded::parse(body) {
        let v = v.into_owned();
        match k.as_ref() {
            "response_type" => q.response_type = v,
            "client_id" => q.client_id = v,
            "redirect_uri" => q.redirect_uri = v,
            "code_challenge" => q.code_challenge = v,
            "code_challenge_method" => q.code_challenge_method = v,
            "state" => q.state = v,
            "user" => q.user = v,
            _ => {}
        }
    }
    q
}

fn oauth_json<T: serde::Serialize>(status: StatusCode, value: &T) -> Response {
    let body = serde_json::to_vec(value).unwrap_or_default();
    let mut r = (status, body).into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    // RFC 6749 §5.1: token answers are not cached.
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
    r
}

fn oauth_error(status: StatusCode, error: &str, description: &str) -> Response {
    oauth_json(status, &OAuthErrorBody { error: error.to_string(), error_description: Some(description.to_string()) })
}

/// `POST /oauth/token`, `grant_type=authorization_code` with PKCE; no client secret (a public client).
pub async fn token(State(state): State<Arc<AppState>>, headers: HeaderMap, body: Bytes) -> Response {
    let form_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim().to_ascii_lowercase().starts_with("application/x-www-form-urlencoded"));
    if !form_type {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "The body must be application/x-www-form-urlencoded",
        );
    }
    let mut f = std::collections::HashMap::<String, String>::new();
    for (k, v) in form_urlencoded::parse(&body) {
        if f.insert(k.clone().into_owned(), v.into_owned()).is_some() {
            return oauth_error(StatusCode::BAD_REQUEST, "invalid_request", &format!("{k} is repeated"));
        }
    }
    let get = |k: &str| f.get(k).map(String::as_str).unwrap_or_default();
    if get("grant_type") != "authorization_code" {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            "Only grant_type=authorization_code is served here",
        );
    }
    if !get("client_secret").is_empty() {
        return oauth_error(StatusCode::BAD_REQUEST, "invalid_request", "A browser client sends no secret");
    }
    let Some(client) = state.login.client(get("client_id")) else {
        return oauth_error(StatusCode::UNAUTHORIZED, "invalid_client", "Unknown client");
    };
    if client.grant != GrantType::CodeAuthorization {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "unauthorized_client",
            "This client is not of grant type Code Authorization",
        );
    }
    for k in ["code", "redirect_uri", "code_verifier"] {
        if get(k).is_empty() {
            return oauth_error(StatusCode::BAD_REQUEST, "invalid_request", &format!("{k} is required"));
        }
    }
    let code = get("code");
    let pending = match state.login.redeem(code) {
        Ok(p) => p,
        Err(CodeProblem::Unknown) => {
            return oauth_error(StatusCode::BAD_REQUEST, "invalid_grant", "The authorization code is not valid")
        }
        Err(CodeProblem::Used) => {
            return oauth_error(StatusCode::BAD_REQUEST, "invalid_grant", "The authorization code was already used")
        }
        Err(CodeProblem::Expired) => {
            return oauth_error(StatusCode::BAD_REQUEST, "invalid_grant", "The authorization code has expired")
        }
    };
    if pending.client_id != client.id {
        return oauth_error(StatusCode::BAD_REQUEST, "invalid_grant", "The code was issued to another client");
    }
    if pending.redirect_uri != get("redirect_uri") {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_grant",
            "redirect_uri does not match the authorization request",
        );
    }
    let verifier = get("code_verifier");
    if !is_valid_verifier(verifier) || challenge_s256(verifier) != pending.challenge {
        return oauth_error(StatusCode::BAD_REQUEST, "invalid_grant", "code_verifier does not match the challenge");
    }
    let access_token = state.login.issue_token(code, &pending);
    oauth_json(
        StatusCode::OK,
        &TokenResponse { access_token, token_type: "bearer".to_string(), expires_in: TOKEN_LIFETIME_SECS },
    )
}

/// `POST /_fake/expire-sessions`: every outstanding code and issued token expires (for tests of expiry).
pub async fn expire_sessions(State(state): State<Arc<AppState>>) -> Response {
    super::json(&serde_json::json!({ "expired": state.login.expire_all() }))
}
