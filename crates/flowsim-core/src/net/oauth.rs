//! Sign-in with Genesys Cloud: OAuth 2 Authorization Code with PKCE (RFC 6749, RFC 7636), as a browser page
//! does it. No I/O of its own but through [`HttpClient`]: the app supplies random bytes, storage and navigation.
//!
//! The flow: [`Pkce::from_random`] and [`state_from_random`] → [`authorize_url`] (the page goes there) → the
//! login host redirects back to the page with `?code=…&state=…` ([`parse_return`]) → the state is checked
//! ([`check_state`]) before the code is used → [`exchange_code`] posts [`token_form`] to [`token_url`].
//! URLs are read through [`url_seam`]; queries and forms are written with `form_urlencoded`.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use sha2::{Digest, Sha256};

use crate::base::regions::region_for_api_base;
use crate::base::url_seam::{self, ParsedUrl};
use crate::net::http::{HttpClient, HttpRequest, Method, TransportError};
use crate::net::proxy::{ProxySetting, ProxyStyle};
use crate::wire::auth::{OAuthErrorBody, TokenResponse};

/// Random bytes behind a verifier: 96 bytes are 128 base64url characters, the length the official SDK uses
/// (RFC 7636 allows 43 to 128 characters of `[A-Za-z0-9-._~]`; base64url uses a subset of them).
pub const VERIFIER_RANDOM_BYTES: usize = 96;
/// Random bytes behind a state value (43 characters).
pub const STATE_RANDOM_BYTES: usize = 32;
pub const AUTHORIZE_PATH: &str = "/oauth/authorize";
pub const TOKEN_PATH: &str = "/oauth/token";
/// Query parameters of a return from the login host; the page removes them from its address at once.
pub const RETURN_PARAMS: [&str; 5] = ["code", "state", "error", "error_description", "error_uri"];

/// A PKCE verifier and its S256 challenge. `Debug` hides the verifier.
#[derive(Clone, PartialEq, Eq)]
pub struct Pkce {
    pub verifier: String,
    pub challenge: String,
}

impl std::fmt::Debug for Pkce {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pkce").field("challenge", &self.challenge).finish_non_exhaustive()
    }
}

impl Pkce {
    /// From [`VERIFIER_RANDOM_BYTES`] bytes of a secure random source (`crypto.getRandomValues` in the page).
    pub fn from_random(bytes: &[u8; VERIFIER_RANDOM_BYTES]) -> Pkce {
        let verifier = URL_SAFE_NO_PAD.encode(bytes);
        let challenge = challenge_s256(&verifier);
        Pkce { verifier, challenge }
    }
}

/// `BASE64URL(SHA256(ASCII(verifier)))`, without padding (RFC 7636 §4.2).
pub fn challenge_s256(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

/// Whether `verifier` has the form RFC 7636 §4.1 requires.
pub fn is_valid_verifier(verifier: &str) -> bool {
    (43..=128).contains(&verifier.len())
        && verifier.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~'))
}

/// A state value from [`STATE_RANDOM_BYTES`] random bytes.
pub fn state_from_random(bytes: &[u8; STATE_RANDOM_BYTES]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Where the login base came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoginBaseSource {
    /// The "Login base URL" field.
    Typed,
    /// `https://login.<domain>` of a Genesys Cloud region.
    Region,
    /// A loopback API base (the demo's fake-genesys plays the login host on the same port).
    Loopback,
    /// A custom API base with `api.` replaced by `login.`.
    FromCustomApi,
}

/// Why no login base can be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoginBaseError {
    /// Not an absolute http(s) URL.
    NotAUrl,
    /// http:// to a host that is not loopback: the code and token would cross the network in clear.
    NotHttps,
    /// A user name, password, query or fragment in the URL.
    Extra,
    /// A custom API base whose host does not start with `api.`, and no login base typed.
    NoDefault,
}

/// The login host's base URL (no trailing slash), checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoginBase {
    pub url: String,
    pub source: LoginBaseSource,
}

fn is_loopback(host: &str) -> bool {
    matches!(host, "localhost" | "127.0.0.1" | "[::1]") || host.ends_with(".localhost")
}

fn checked_base(s: &str) -> Result<ParsedUrl, LoginBaseError> {
    let u = url_seam::parse(s.trim()).filter(ParsedUrl::is_http).ok_or(LoginBaseError::NotAUrl)?;
    if u.scheme == "http" && !is_loopback(&u.host) {
        return Err(LoginBaseError::NotHttps);
    }
    if u.has_credentials || u.has_query || u.has_fragment || u.href.contains(['?', '#']) {
        return Err(LoginBaseError::Extra);
    }
    Ok(u)
}

/// `scheme://host[:port][/path]`, no trailing slash.
fn base_string(u: &ParsedUrl) -> String {
    format!("{}{}", u.origin, u.path.trim_end_matches('/'))
}

/// The login base for `api_base`: the typed one when given, else the region's login host, else (for a custom
/// API base) the API base itself when it is loopback, or with `api.` replaced by `login.`.
pub fn login_base(api_base: &str, typed: &str) -> Result<LoginBase, LoginBaseError> {
    if !typed.trim().is_empty() {
        return Ok(LoginBase { url: base_string(&checked_base(typed)?), source: LoginBaseSource::Typed });
    }
    if let Some(r) = region_for_api_base(api_base) {
        return Ok(LoginBase { url: format!("https://{}", r.login_host()), source: LoginBaseSource::Region });
    }
    let u = checked_base(api_base)?;
    if is_loopback(&u.host) {
        return Ok(LoginBase { url: base_string(&u), source: LoginBaseSource::Loopback });
    }
    let Some(rest) = u.host.strip_prefix("api.") else { return Err(LoginBaseError::NoDefault) };
    let origin = u.origin.replacen(&format!("://{}", u.host), &format!("://login.{rest}"), 1);
    Ok(LoginBase { url: format!("{origin}{}", u.path.trim_end_matches('/')), source: LoginBaseSource::FromCustomApi })
}

/// What the login host needs to send the user back.
#[derive(Clone, PartialEq, Eq)]
pub struct AuthorizeRequest<'a> {
    pub client_id: &'a str,
    pub redirect_uri: &'a str,
    pub challenge: &'a str,
    pub state: &'a str,
}

fn endpoint(base: &LoginBase, path: &str) -> String {
    format!("{}{path}", base.url)
}

/// `https://login.<domain>/oauth/authorize?response_type=code&client_id=…&redirect_uri=…&code_challenge=…&
/// code_challenge_method=S256&state=…`.
pub fn authorize_url(base: &LoginBase, req: &AuthorizeRequest) -> String {
    // `LoginBase` is checked when made; still, a base that is not an http(s) URL never becomes a navigation.
    if checked_base(&base.url).is_err() {
        return String::new();
    }
    let query = form_urlencoded::Serializer::new(String::new())
        .append_pair("response_type", "code")
        .append_pair("client_id", req.client_id.trim())
        .append_pair("redirect_uri", req.redirect_uri)
        .append_pair("code_challenge", req.challenge)
        .append_pair("code_challenge_method", "S256")
        .append_pair("state", req.state)
        .finish();
    format!("{}?{query}", endpoint(base, AUTHORIZE_PATH))
}

/// The token endpoint as fetched: through the proxy for the prefix and template styles (the way the page
/// reaches the API), directly for a base-replacement proxy (which stands in for the API host only).
pub fn token_url(base: &LoginBase, proxy: &ProxySetting) -> String {
    match proxy.style {
        ProxyStyle::Base => endpoint(base, TOKEN_PATH),
        _ => proxy.apply(&base.url, TOKEN_PATH),
    }
}

/// The form-encoded body of the code exchange (no client secret: the page is a public client).
pub fn token_form(code: &str, verifier: &str, client_id: &str, redirect_uri: &str) -> String {
    form_urlencoded::Serializer::new(String::new())
        .append_pair("grant_type", "authorization_code")
        .append_pair("code", code)
        .append_pair("code_verifier", verifier)
        .append_pair("client_id", client_id.trim())
        .append_pair("redirect_uri", redirect_uri)
        .finish()
}

/// The page's own URL without query and fragment, as the browser serializes it: the redirect URI the admin
/// registers.
pub fn redirect_uri(page_href: &str) -> Option<String> {
    let u = url_seam::parse(page_href).filter(ParsedUrl::is_http)?;
    u.href.split(['?', '#']).next().map(str::to_string)
}

/// The page's address with the return parameters ([`RETURN_PARAMS`]) removed, other parameters (re-encoded) and
/// the fragment kept.
pub fn cleaned_href(page_href: &str) -> Option<String> {
    let u = url_seam::parse(page_href).filter(ParsedUrl::is_http)?;
    let (rest, fragment) = match u.href.split_once('#') {
        Some((r, f)) => (r, Some(f)),
        None => (u.href.as_str(), None),
    };
    let (base, query) = rest.split_once('?').unwrap_or((rest, ""));
    let kept = form_urlencoded::parse(query.as_bytes()).filter(|(k, _)| !RETURN_PARAMS.contains(&k.as_ref()));
    let query = form_urlencoded::Serializer::new(String::new()).extend_pairs(kept).finish();
    let mut out = base.to_string();
    if !query.is_empty() {
        out.push('?');
        out.push_str(&query);
    }
    if let Some(f) = fragment {
        out.push('#');
        out.push_str(f);
    }
    Some(out)
}

/// OAuth 2 error codes (RFC 6749 §4.1.2.1 and §5.2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OAuthError {
    InvalidRequest,
    UnauthorizedClient,
    AccessDenied,
    UnsupportedResponseType,
    InvalidScope,
    ServerError,
    TemporarilyUnavailable,
    InvalidClient,
    InvalidGrant,
    UnsupportedGrantType,
    Other(String),
}

impl OAuthError {
    pub const KNOWN: [OAuthError; 10] = [
        OAuthError::InvalidRequest,
        OAuthError::UnauthorizedClient,
        OAuthError::AccessDenied,
        OAuthError::UnsupportedResponseType,
        OAuthError::InvalidScope,
        OAuthError::ServerError,
        OAuthError::TemporarilyUnavailable,
        OAuthError::InvalidClient,
        OAuthError::InvalidGrant,
        OAuthError::UnsupportedGrantType,
    ];

    pub fn as_str(&self) -> &str {
        match self {
            OAuthError::InvalidRequest => "invalid_request",
            OAuthError::UnauthorizedClient => "unauthorized_client",
            OAuthError::AccessDenied => "access_denied",
            OAuthError::UnsupportedResponseType => "unsupported_response_type",
            OAuthError::InvalidScope => "invalid_scope",
            OAuthError::ServerError => "server_error",
            OAuthError::TemporarilyUnavailable => "temporarily_unavailable",
            OAuthError::InvalidClient => "invalid_client",
            OAuthError::InvalidGrant => "invalid_grant",
            OAuthError::UnsupportedGrantType => "unsupported_grant_type",
            OAuthError::Other(s) => s,
        }
    }

    pub fn from_code(code: &str) -> OAuthError {
        OAuthError::KNOWN
            .into_iter()
            .find(|k| k.as_str() == code)
            .unwrap_or_else(|| OAuthError::Other(code.to_string()))
    }
}

/// What the login host sent back in the page's query.
#[derive(Clone, PartialEq, Eq)]
pub enum Return {
    /// Not a return from the login host.
    None,
    Code {
        code: String,
        state: String,
    },
    Error {
        error: OAuthError,
        description: Option<String>,
        state: Option<String>,
    },
}

impl std::fmt::Debug for Return {
    // Never print the code.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Return::None => f.write_str("None"),
            Return::Code { .. } => f.write_str("Code { .. }"),
            Return::Error { error, description, .. } => {
                f.debug_struct("Error").field("error", error).field("description", description).finish()
            }
        }
    }
}

/// Reads `?code=…&state=…` or `?error=…&error_description=…` from a page's query string (with or without `?`).
pub fn parse_return(search: &str) -> Return {
    let mut code = None;
    let mut state = None;
    let mut error = None;
    let mut description = None;
    for (k, v) in form_urlencoded::parse(search.trim_start_matches('?').as_bytes()) {
        let v = v.into_owned();
        match k.as_ref() {
            "code" => code = Some(v),
            "state" => state = Some(v),
            "error" => error = Some(v),
            "error_description" => description = Some(v),
            _ => {}
        }
    }
    match (error, code) {
        (Some(e), _) => Return::Error { error: OAuthError::from_code(&e), description, state },
        (None, Some(code)) => Return::Code { code, state: state.unwrap_or_default() },
        (None, None) => Return::None,
    }
}

/// A sign-in that failed; [`SignInError::sentence`] says what happened and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignInError {
    /// No OAuth client ID in the form.
    NoClientId,
    /// The login base cannot be used.
    LoginBase(LoginBaseError),
    /// The API base came from the page's link and is not a region: the login host must be typed, so a link
    /// cannot send the user to a login page of its choosing.
    LoginBaseFromLink,
    /// The login host sent the user back with an error.
    Provider { error: OAuthError, description: Option<String> },
    /// The state that came back is not the one this page sent: refused, possible forgery.
    StateMismatch,
    /// A code came back but this tab holds no sign-in in progress (another tab, or storage cleared).
    NoPendingSignIn,
    /// The token endpoint answered an OAuth error.
    Token { error: OAuthError, description: Option<String>, status: u16 },
    /// The token endpoint answered something that is not OAuth (HTML, another status).
    TokenHttp { status: u16 },
    /// The token endpoint answered 200 without a usable token.
    BadTokenResponse,
    /// `fetch` failed: the login host (or the proxy) is unreachable or refused CORS.
    Unreachable { target: String, via_proxy: bool },
    /// The exchange took too long.
    Timeout { target: String },
    /// The browser lacks what sign-in needs (a secure random source, sessionStorage, an http(s) address).
    BrowserUnsupported,
}

impl SignInError {
    /// A stable key for the page (`data-signin-error`) and tests.
    pub fn key(&self) -> &'static str {
        match self {
            SignInError::NoClientId => "no_client_id",
            SignInError::LoginBase(_) => "login_base",
            SignInError::LoginBaseFromLink => "login_base_from_link",
            SignInError::Provider { .. } => "provider",
            SignInError::StateMismatch => "state_mismatch",
            SignInError::NoPendingSignIn => "no_pending_sign_in",
            SignInError::Token { .. } => "token",
            SignInError::TokenHttp { .. } => "token_http",
            SignInError::BadTokenResponse => "bad_token_response",
            SignInError::Unreachable { .. } => "unreachable",
            SignInError::Timeout { .. } => "timeout",
            SignInError::BrowserUnsupported => "browser_unsupported",
        }
    }

    /// What happened and what to do, as two sentences for the page.
    pub fn sentence(&self) -> (String, String) {
        let said = |d: &Option<String>| match d.as_deref().map(str::trim) {
            Some(d) if !d.is_empty() => format!(" (the login page says: \"{d}\")"),
            _ => String::new(),
        };
        let (what, todo) = match self {
            SignInError::NoClientId => (
                "Sign-in needs the OAuth client ID.".to_string(),
                "Enter the client ID of your org's Code Authorization (PKCE) OAuth client under OAuth client ID; an admin creates it (see the README).".to_string(),
            ),
            SignInError::LoginBase(e) => (
                match e {
                    LoginBaseError::NotAUrl => "The login base URL is not an http(s) URL.".to_string(),
                    LoginBaseError::NotHttps => "The login base URL must use https (http only on this machine).".to_string(),
                    LoginBaseError::Extra => "The login base URL must not contain a user name, password, query or fragment.".to_string(),
                    LoginBaseError::NoDefault => "flowsim cannot tell the login host of this custom API base.".to_string(),
                },
                "Enter the login host under Login base URL, e.g. https://login.mypurecloud.com, or pick a region.".to_string(),
            ),
            SignInError::LoginBaseFromLink => (
                "The API base URL came with the link that opened this page, and it is not a Genesys Cloud region.".to_string(),
                "So that a link cannot choose where you type your password, type the login host under Login base URL yourself (or pick a region), then sign in.".to_string(),
            ),
            SignInError::Provider { error, description } => match error {
                OAuthError::AccessDenied => (
                    format!("Sign-in was cancelled or refused at the login page{}.", said(description)),
                    "Press Sign in to try again; if your org refused it, ask the admin to grant your role access to the OAuth client.".to_string(),
                ),
                OAuthError::UnauthorizedClient | OAuthError::UnsupportedResponseType => (
                    format!("The OAuth client is not allowed to sign users in with a code{}.", said(description)),
                    "The client must be of grant type Code Authorization (PKCE); ask the admin for such a client and enter its ID.".to_string(),
                ),
                OAuthError::InvalidClient => (
                    format!("The login page does not know this OAuth client ID{}.", said(description)),
                    "Check the OAuth client ID and the region: a client exists only in the org and region where it was created.".to_string(),
                ),
                OAuthError::InvalidRequest if description.as_deref().is_some_and(|d| d.to_ascii_lowercase().contains("redirect")) => (
                    format!("The login page refused this page's address as a redirect URI{}.", said(description)),
                    "Ask the admin to add this page's exact address (shown under Sign in) to the OAuth client's authorized redirect URIs.".to_string(),
                ),
                OAuthError::InvalidScope => (
                    format!("The login page refused the requested scope{}.", said(description)),
                    "Ask the admin to check the OAuth client's scopes.".to_string(),
                ),
                OAuthError::ServerError | OAuthError::TemporarilyUnavailable => (
                    format!("The login service had a problem ({}){}.", error.as_str(), said(description)),
                    "Wait a moment and press Sign in again.".to_string(),
                ),
                _ => (
                    format!("The login page refused the sign-in ({}){}.", error.as_str(), said(description)),
                    "Check the OAuth client ID and that the client is of grant type Code Authorization, then sign in again.".to_string(),
                ),
            },
            SignInError::StateMismatch => (
                "The sign-in was refused: the answer from the login page does not match the sign-in this page started (possible forgery).".to_string(),
                "Nothing was exchanged. Press Sign in to start a fresh sign-in from this page; if you did not start one, someone may have sent you a crafted link.".to_string(),
            ),
            SignInError::NoPendingSignIn => (
                "A sign-in answer arrived, but this tab has no sign-in in progress (it was started in another tab, or already finished).".to_string(),
                "Press Sign in in this tab.".to_string(),
            ),
            SignInError::Token { error, description, status } => match error {
                OAuthError::InvalidGrant => (
                    format!("The sign-in code was refused ({status} invalid_grant): it was already used or has expired{}.", said(description)),
                    "Codes work once and for a short time: press Sign in again.".to_string(),
                ),
                OAuthError::UnauthorizedClient | OAuthError::UnsupportedGrantType => (
                    format!("This OAuth client may not exchange a code for a token ({}){}.", error.as_str(), said(description)),
                    "The client must be of grant type Code Authorization (PKCE); ask the admin for such a client and enter its ID.".to_string(),
                ),
                OAuthError::InvalidClient => (
                    format!("The token endpoint does not accept this OAuth client ({status} invalid_client){}.", said(description)),
                    "Check the OAuth client ID and the region, then sign in again.".to_string(),
                ),
                _ => (
                    format!("The token endpoint refused the code ({status} {}){}.", error.as_str(), said(description)),
                    "Press Sign in again; if it persists, check the OAuth client ID and its redirect URIs.".to_string(),
                ),
            },
            SignInError::TokenHttp { status } => (
                format!("The token endpoint answered HTTP {status} without an OAuth answer."),
                "Check the login base URL (and the proxy, which may be refusing the login host), then sign in again.".to_string(),
            ),
            SignInError::BadTokenResponse => (
                "The token endpoint answered without an access token.".to_string(),
                "Check the login base URL points at the Genesys login host, then sign in again.".to_string(),
            ),
            SignInError::Unreachable { target, via_proxy: false } => (
                format!("The login host {target} could not be reached, or it refused this page's cross-origin (CORS) request."),
                "Check your connection and the login base URL; if your network blocks it, set a CORS proxy that allows the login host, then sign in again.".to_string(),
            ),
            SignInError::Unreachable { target, via_proxy: true } => (
                format!("The CORS proxy at {target} could not be reached, or it refused this page's request to the login host."),
                "Check that the proxy is running and allows this page's origin and the login host (flowsim-proxy allows the login. hosts of every region), then sign in again.".to_string(),
            ),
            SignInError::Timeout { target } => (
                format!("{target} did not answer the token exchange in time."),
                "Press Sign in again in a moment.".to_string(),
            ),
            SignInError::BrowserUnsupported => (
                "This browser cannot sign in here: it lacks a secure random source or session storage, or the page is not served over http(s).".to_string(),
                "Open flowsim from its http(s) address in a current browser with storage allowed, or paste an access token instead.".to_string(),
            ),
        };
        (what, todo)
    }
}

/// Refuses a return whose state is not the one sent (checked before the code is used).
pub fn check_state(sent: Option<&str>, returned: Option<&str>) -> Result<(), SignInError> {
    match (sent, returned) {
        (None, _) => Err(SignInError::NoPendingSignIn),
        // Constant-time compare is not needed: the state is not a secret the attacker can probe repeatedly.
        (Some(s), Some(r)) if !s.is_empty() && s == r => Ok(()),
        _ => Err(SignInError::StateMismatch),
    }
}

/// Exchanges the code for a token at the login host (through the proxy as [`token_url`] says).
pub async fn exchange_code<C: HttpClient>(
    client: &C,
    base: &LoginBase,
    proxy: &ProxySetting,
    form_body: String,
    timeout_ms: u32,
) -> Result<TokenResponse, SignInError> {
    let url = token_url(base, proxy);
    let via_proxy = !matches!(proxy.style, ProxyStyle::None | ProxyStyle::Base);
    let target = if via_proxy { proxy.origin().unwrap_or_else(|| proxy.value.clone()) } else { base.url.clone() };
    let resp = client
        .send(HttpRequest {
            method: Method::Post,
            url,
            headers: vec![
                ("Content-Type".to_string(), "application/x-www-form-urlencoded".to_string()),
                ("Accept".to_string(), "application/json".to_string()),
            ],
            body: Some(form_body),
            timeout_ms,
        })
        .await
        .map_err(|e| match e {
            TransportError::Timeout { .. } => SignInError::Timeout { target: target.clone() },
            _ => SignInError::Unreachable { target: target.clone(), via_proxy },
        })?;
    if resp.is_success() {
        let t: TokenResponse = serde_json::from_str(&resp.body).map_err(|_| SignInError::BadTokenResponse)?;
        if t.access_token.trim().is_empty() {
            return Err(SignInError::BadTokenResponse);
        }
        return Ok(t);
    }
    match serde_json::from_str::<OAuthErrorBody>(&resp.body) {
        Ok(b) if !b.error.is_empty() => Err(SignInError::Token {
            error: OAuthError::from_code(&b.error),
            description: b.error_description,
            status: resp.status,
        }),
        _ => Err(SignInError::TokenHttp { status: resp.status }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::net::api::testing::{respond, Scripted};
    use futures_executor::block_on;

    #[test]
    fn rfc_7636_appendix_b() {
        assert_eq!(
            challenge_s256("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
        // The appendix's octets give its verifier.
        let octets: [u8; 32] = [
            116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186, 22, 212, 37, 77, 105, 214, 191,
            240, 91, 88, 5, 88, 83, 132, 141, 121,
        ];
        assert_eq!(state_from_random(&octets), "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
    }

    #[test]
    fn verifier_is_128_unreserved_characters() {
        for seed in [0u8, 1, 77, 255] {
            let mut bytes = [0u8; VERIFIER_RANDOM_BYTES];
            for (i, b) in bytes.iter_mut().enumerate() {
                *b = seed.wrapping_mul(31).wrapping_add(i as u8).wrapping_mul(197);
            }
            let p = Pkce::from_random(&bytes);
            assert_eq!(p.verifier.len(), 128);
            assert!(is_valid_verifier(&p.verifier), "{}", p.verifier);
            assert_eq!(p.challenge, challenge_s256(&p.verifier));
            assert_eq!(p.challenge.len(), 43);
            assert!(!format!("{p:?}").contains(&p.verifier));
        }
        assert!(!is_valid_verifier("short"));
        assert!(!is_valid_verifier(&"a".repeat(129)));
        assert!(!is_valid_verifier(&format!("{}+", "a".repeat(50))));
    }

    #[test]
    fn login_base_from_region_custom_loopback_and_typed() {
        let region = login_base("https://api.mypurecloud.ie/", "").unwrap();
        assert_eq!(region, LoginBase { url: "https://login.mypurecloud.ie".into(), source: LoginBaseSource::Region });
        let custom = login_base("https://api.example.com", "").unwrap();
        assert_eq!(custom.url, "https://login.example.com");
        assert_eq!(custom.source, LoginBaseSource::FromCustomApi);
        let fake = login_base("http://127.0.0.1:9000", "").unwrap();
        assert_eq!((fake.url.as_str(), fake.source), ("http://127.0.0.1:9000", LoginBaseSource::Loopback));
        assert_eq!(login_base("https://genesys.example.com", ""), Err(LoginBaseError::NoDefault));
        let typed = login_base("https://api.mypurecloud.ie", " https://login.example.org/ ").unwrap();
        assert_eq!((typed.url.as_str(), typed.source), ("https://login.example.org", LoginBaseSource::Typed));
        assert_eq!(login_base("", "http://login.example.org"), Err(LoginBaseError::NotHttps));
        assert_eq!(login_base("", "javascript:alert(1)"), Err(LoginBaseError::NotAUrl));
        assert_eq!(login_base("", "https://u:p@login.example.org"), Err(LoginBaseError::Extra));
        assert_eq!(login_base("", "https://login.example.org/?next=x"), Err(LoginBaseError::Extra));
    }

    #[test]
    fn authorize_url_carries_every_parameter_encoded() {
        let base = login_base("https://api.mypurecloud.com", "").unwrap();
        let url = authorize_url(
            &base,
            &AuthorizeRequest {
                client_id: " 5d1f-client ",
                redirect_uri: "https://team.github.io/flowsim/",
                challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
                state: "st&te=1",
            },
        );
        assert_eq!(
            url,
            "https://login.mypurecloud.com/oauth/authorize?response_type=code&client_id=5d1f-client\
             &redirect_uri=https%3A%2F%2Fteam.github.io%2Fflowsim%2F\
             &code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256&state=st%26te%3D1"
        );
        let parsed = url::Url::parse(&url).unwrap();
        let q: std::collections::HashMap<_, _> = parsed.query_pairs().into_owned().collect();
        assert_eq!(q["redirect_uri"], "https://team.github.io/flowsim/");
        assert_eq!(q["state"], "st&te=1");
    }

    #[test]
    fn token_form_and_url() {
        let body = token_form("c/o+de", "v".repeat(43).as_str(), "client", "http://127.0.0.1:8080/");
        assert_eq!(
            body,
            format!(
                "grant_type=authorization_code&code=c%2Fo%2Bde&code_verifier={}&client_id=client&redirect_uri=http%3A%2F%2F127.0.0.1%3A8080%2F",
                "v".repeat(43)
            )
        );
        assert!(!body.contains("secret"));
        let base = login_base("https://api.mypurecloud.de", "").unwrap();
        assert_eq!(token_url(&base, &ProxySetting::direct()), "https://login.mypurecloud.de/oauth/token");
        assert_eq!(
            token_url(&base, &ProxySetting::prefix("http://127.0.0.1:8081/")),
            "http://127.0.0.1:8081/https://login.mypurecloud.de/oauth/token"
        );
        let lcp = ProxySetting { style: ProxyStyle::Base, value: "http://localhost:8010/proxy".into() };
        assert_eq!(token_url(&base, &lcp), "https://login.mypurecloud.de/oauth/token");
    }

    #[test]
    fn redirect_uri_and_cleaned_address() {
        assert_eq!(
            redirect_uri("http://127.0.0.1:4000/flowsim/?demo=1&code=abc#x").as_deref(),
            Some("http://127.0.0.1:4000/flowsim/")
        );
        assert_eq!(redirect_uri("file:///tmp/index.html"), None);
        assert_eq!(cleaned_href("https://x.io/flowsim/?code=abc&state=s1").as_deref(), Some("https://x.io/flowsim/"));
        assert_eq!(
            cleaned_href("https://x.io/flowsim/?demo=1&error=access_denied&error_description=no&state=s").as_deref(),
            Some("https://x.io/flowsim/?demo=1")
        );
    }

    #[test]
    fn returns_are_read() {
        assert_eq!(parse_return("?demo=1"), Return::None);
        assert_eq!(parse_return("?code=a%2Fb&state=s1"), Return::Code { code: "a/b".into(), state: "s1".into() });
        assert_eq!(
            parse_return("error=access_denied&error_description=User+said+no&state=s1"),
            Return::Error {
                error: OAuthError::AccessDenied,
                description: Some("User said no".into()),
                state: Some("s1".into())
            }
        );
        assert!(!format!("{:?}", parse_return("code=secret-code&state=s")).contains("secret-code"));
        assert_eq!(OAuthError::from_code("weird"), OAuthError::Other("weird".into()));
        for k in OAuthError::KNOWN {
            assert_eq!(OAuthError::from_code(k.as_str()), k);
        }
    }

    #[test]
    fn state_is_checked() {
        assert_eq!(check_state(Some("s1"), Some("s1")), Ok(()));
        assert_eq!(check_state(Some("s1"), Some("s2")), Err(SignInError::StateMismatch));
        assert_eq!(check_state(Some("s1"), None), Err(SignInError::StateMismatch));
        assert_eq!(check_state(Some(""), Some("")), Err(SignInError::StateMismatch));
        assert_eq!(check_state(None, Some("s1")), Err(SignInError::NoPendingSignIn));
    }

    #[test]
    fn exchange_posts_the_form_and_reads_the_token() {
        let base = login_base("https://api.mypurecloud.com", "").unwrap();
        let client = Scripted::new(vec![respond(
            200,
            r#"{"access_token":"tok","token_type":"bearer","expires_in":86399}"#,
            &[],
        )]);
        let t = block_on(exchange_code(&client, &base, &ProxySetting::direct(), "grant_type=x".into(), 5000)).unwrap();
        assert_eq!((t.access_token.as_str(), t.expires_in), ("tok", 86399));
        let sent = &client.sent.borrow()[0];
        assert_eq!(sent.method, Method::Post);
        assert_eq!(sent.url, "https://login.mypurecloud.com/oauth/token");
        assert!(sent.headers.contains(&("Content-Type".into(), "application/x-www-form-urlencoded".into())));
        assert!(!sent.headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("authorization")));
    }

    #[test]
    fn exchange_errors_are_typed_and_said() {
        let base = login_base("https://api.mypurecloud.com", "").unwrap();
        let run = |answer| {
            let client = Scripted::new(vec![answer]);
            block_on(exchange_code(&client, &base, &ProxySetting::direct(), String::new(), 5000)).unwrap_err()
        };
        let used = run(respond(400, r#"{"error":"invalid_grant","error_description":"code used"}"#, &[]));
        assert_eq!(
            used,
            SignInError::Token { error: OAuthError::InvalidGrant, description: Some("code used".into()), status: 400 }
        );
        assert!(used.sentence().0.contains("already used or has expired"));
        let wrong = run(respond(400, r#"{"error":"unauthorized_client"}"#, &[]));
        assert!(wrong.sentence().1.contains("Code Authorization"));
        assert_eq!(run(respond(502, "<html>bad gateway</html>", &[])), SignInError::TokenHttp { status: 502 });
        assert_eq!(run(respond(200, r#"{"token_type":"bearer"}"#, &[])), SignInError::BadTokenResponse);
        let down = run(Err(TransportError::Network("Failed to fetch".into())));
        assert_eq!(down, SignInError::Unreachable { target: "https://login.mypurecloud.com".into(), via_proxy: false });
        assert!(down.sentence().0.contains("CORS"));
        let client = Scripted::new(vec![Err(TransportError::Network("Failed to fetch".into()))]);
        let e = block_on(exchange_code(
            &client,
            &base,
            &ProxySetting::prefix("http://127.0.0.1:8081/"),
            String::new(),
            5000,
        ))
        .unwrap_err();
        assert_eq!(e, SignInError::Unreachable { target: "http://127.0.0.1:8081".into(), via_proxy: true });
    }

    #[test]
    fn every_error_has_two_sentences() {
        let all = [
            SignInError::NoClientId,
            SignInError::LoginBase(LoginBaseError::NoDefault),
            SignInError::LoginBaseFromLink,
            SignInError::Provider { error: OAuthError::AccessDenied, description: None },
            SignInError::Provider {
                error: OAuthError::InvalidRequest,
                description: Some("redirect_uri is not registered".into()),
            },
            SignInError::StateMismatch,
            SignInError::NoPendingSignIn,
            SignInError::Token { error: OAuthError::InvalidGrant, description: None, status: 400 },
            SignInError::TokenHttp { status: 500 },
            SignInError::BadTokenResponse,
            SignInError::Timeout { target: "x".into() },
            SignInError::BrowserUnsupported,
        ];
        for e in all {
            let (what, todo) = e.sentence();
            assert!(what.ends_with('.') && todo.ends_with('.'), "{e:?}: {what} / {todo}");
        }
        let forged = SignInError::StateMismatch.sentence().0;
        assert!(forged.contains("forgery"));
        let redirect = SignInError::Provider {
            error: OAuthError::InvalidRequest,
            description: Some("redirect_uri is not registered".into()),
        };
        assert!(redirect.sentence().1.contains("redirect URIs"));
    }
}
