//! Sign in with Genesys Cloud (Authorization Code + PKCE), who is signed in, "Sign in again" after a 401, and
//! sign out. The PKCE and URL logic is `flowsim_core::net::oauth`; this component does the browser's part.
//!
//! Security: the verifier waits in this tab's sessionStorage only while the page is at the login host and is
//! deleted as the page returns; the code and state are removed from the address bar before anything else; the
//! state is checked before the code is used; the code is exchanged at the login base saved when the sign-in
//! started (never one from the returning URL); the token goes to the form's memory only.

use std::rc::Rc;

use flowsim_core::net::api::{Api, Connection};
use flowsim_core::net::check::{missing_needs, CHECK_TIMEOUT_MS};
use flowsim_core::net::error::{Call, ErrorKind, UserError};
use flowsim_core::net::http::Method;
use flowsim_core::net::oauth::{
    authorize_url, check_state, cleaned_href, exchange_code, login_base, parse_return, redirect_uri, state_from_random,
    token_form, AuthorizeRequest, LoginBaseSource, Pkce, Return, SignInError, STATE_RANDOM_BYTES,
    VERIFIER_RANDOM_BYTES,
};
use flowsim_core::net::proxy::ProxyStyle;
use flowsim_core::wire::auth::{Organization, UserMe};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::platform::spawn_local;
use yew::prelude::*;

use super::field::on_input;
use super::whoami::{whoami_view, Whoami};
use crate::services::fetch::{BrowserClient, CancelHandle};
use crate::services::oauth::{
    epoch_ms, go_to, page_href, page_search, random_bytes, replace_address, save_pending, take_pending, FormSnapshot,
    Pending,
};
use crate::services::query;
use crate::state::{Backend, Field, Form, FormAction};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub form: UseReducerHandle<Form>,
    /// The id of the last run when it ended in a 401.
    pub refused_run: Option<u32>,
}

/// A counter whose every bump asks who the token belongs to (a reducer, so that bumps from callbacks made at
/// the first render still count up).
#[derive(Default, PartialEq)]
struct Asks(u32);

impl Reducible for Asks {
    type Action = ();
    fn reduce(self: Rc<Self>, _: ()) -> Rc<Self> {
        Rc::new(Asks(self.0 + 1))
    }
}

/// What the sign-in is doing or did.
#[derive(Debug, Clone, PartialEq)]
enum Status {
    Idle,
    /// The code is being exchanged.
    Exchanging,
    Failed(SignInError),
    SignedOut {
        revoke_error: Option<UserError>,
    },
}

fn snapshot(f: &Form) -> FormSnapshot {
    FormSnapshot {
        api_base: f.api_base.clone(),
        proxy: f.proxy.clone(),
        backend: f.backend_choice.map(|b| b.key().to_string()).unwrap_or_default(),
        flow_id: f.flow_id.clone(),
        node_id: f.node_id.clone(),
        phone: f.phone.clone(),
        to: f.to.clone(),
        channel: f.channel.clone(),
        conversation_id: f.conversation_id.clone(),
        timeout_ms: f.timeout_ms.clone(),
        default_country: f.default_country.clone(),
        inputs: f.inputs.clone(),
        time: f.time.clone(),
        time_zone: f.time_zone.clone(),
        language: f.language.clone(),
        flow_inputs: f.flow_inputs.clone(),
        overrides: f.overrides.clone(),
        run_data_actions: f.run_data_actions.clone(),
        ask_at_prompts: f.ask_at_prompts,
        remember_token: f.remember_token,
        client_id: f.client_id.clone(),
        login_base: f.login_base.clone(),
    }
}

fn restore(s: FormSnapshot) -> FormAction {
    FormAction::Fill(Box::new(move |f: &mut Form| {
        f.api_base = s.api_base;
        f.proxy = s.proxy;
        f.backend_choice = Backend::from_key(&s.backend);
        f.flow_id = s.flow_id;
        f.node_id = s.node_id;
        f.phone = s.phone;
        f.to = s.to;
        f.channel = s.channel;
        f.conversation_id = s.conversation_id;
        f.timeout_ms = s.timeout_ms;
        if !s.default_country.is_empty() {
            f.default_country = s.default_country;
        }
        f.inputs = s.inputs;
        f.time = s.time;
        if !s.time_zone.is_empty() {
            f.time_zone = s.time_zone;
        }
        if !s.language.is_empty() {
            f.language = s.language;
        }
        f.flow_inputs = s.flow_inputs;
        f.overrides = s.overrides;
        f.run_data_actions = s.run_data_actions;
        f.ask_at_prompts = s.ask_at_prompts;
        f.remember_token = s.remember_token;
        f.client_id = s.client_id;
        f.login_base = s.login_base;
    }))
}

/// Prepares a sign-in and returns the login page's address.
fn begin(f: &Form) -> Result<String, SignInError> {
    let client_id = f.client_id.trim();
    if client_id.is_empty() {
        return Err(SignInError::NoClientId);
    }
    let base = login_base(&f.api_base, &f.login_base).map_err(SignInError::LoginBase)?;
    // A link may set the API base; it may not choose the login page (loopback and regions are fixed hosts).
    let from_link = query::read().api.is_some_and(|a| a.trim() == f.api_base.trim());
    if base.source == LoginBaseSource::FromCustomApi && from_link {
        return Err(SignInError::LoginBaseFromLink);
    }
    let redirect = page_href().and_then(|h| redirect_uri(&h)).ok_or(SignInError::BrowserUnsupported)?;
    let pkce = Pkce::from_random(&random_bytes::<VERIFIER_RANDOM_BYTES>().ok_or(SignInError::BrowserUnsupported)?);
    let state = state_from_random(&random_bytes::<STATE_RANDOM_BYTES>().ok_or(SignInError::BrowserUnsupported)?);
    let url = authorize_url(
        &base,
        &AuthorizeRequest { client_id, redirect_uri: &redirect, challenge: &pkce.challenge, state: &state },
    );
    let pending = Pending {
        verifier: pkce.verifier,
        state,
        client_id: client_id.to_string(),
        login_base: base.url,
        redirect_uri: redirect,
        form: snapshot(f),
    };
    if url.is_empty() || !save_pending(&pending) {
        return Err(SignInError::BrowserUnsupported);
    }
    Ok(url)
}

/// Finishes a return from the login host; `Ok` is the token and its lifetime in seconds.
async fn finish(ret: Return, pending: Option<Pending>) -> Result<(String, u64), SignInError> {
    let sent = pending.as_ref().map(|p| p.state.as_str());
    let (code, pending) = match ret {
        Return::None => return Err(SignInError::NoPendingSignIn),
        Return::Error { error, description, state } => {
            if sent.is_some() {
                check_state(sent, state.as_deref())?;
            }
            return Err(SignInError::Provider { error, description });
        }
        Return::Code { code, state } => {
            check_state(sent, Some(&state))?;
            (code, pending.ok_or(SignInError::NoPendingSignIn)?)
        }
    };
    // The login base saved when the sign-in started, checked again as if typed.
    let base = login_base("", &pending.login_base).map_err(SignInError::LoginBase)?;
    let client = BrowserClient::new(CancelHandle::default(), Callback::noop());
    let body = token_form(&code, &pending.verifier, &pending.client_id, &pending.redirect_uri);
    let t = exchange_code(&client, &base, &pending.form.proxy, body, CHECK_TIMEOUT_MS).await?;
    Ok((t.access_token, t.expires_in))
}

/// Reads `users/me` (with the user's permissions) and `organizations/me` for `conn`'s token.
async fn identify(conn: Connection) -> Whoami {
    let client = BrowserClient::new(CancelHandle::default(), Callback::noop());
    let api = Api::new(&client, &conn, CHECK_TIMEOUT_MS);
    let token = conn.token.clone();
    let answer = async {
        let me: UserMe = api.get_json(Call::Other, "/api/v2/users/me?expand=authorization").await?;
        let org: Organization = api.get_json(Call::Other, "/api/v2/organizations/me").await?;
        Ok::<_, UserError>((me, org))
    }
    .await;
    match answer {
        Ok((me, org)) => Whoami::Known {
            token,
            user: me.name.or(me.username).unwrap_or_else(|| "an unnamed user".to_string()),
            org: org.name.unwrap_or_else(|| "an unnamed org".to_string()),
            missing: missing_needs(&me.authorization.unwrap_or_default()),
        },
        Err(e) if e.kind == ErrorKind::Unauthorized => Whoami::Refused { token },
        Err(error) => Whoami::Failed { token, error },
    }
}

#[component]
pub fn SignIn(props: &Props) -> Html {
    let form = props.form.clone();
    let status = use_state(|| Status::Idle);
    let whoami = use_state(Whoami::default);
    // (token, expiry in ms since the epoch) of the last sign-in.
    let expiry = use_state(|| None::<(String, f64)>);
    let ask = use_reducer(Asks::default);
    // The token a run was refused with (401): "Sign in again" is offered while the form still holds it.
    let refused_token = use_state(|| None::<String>);
    {
        let (refused_token, token) = (refused_token.clone(), form.token.clone());
        use_effect_with(props.refused_run, move |run| {
            refused_token.set(run.map(|_| token));
        });
    }

    // Who is the token for, whenever asked.
    {
        let (whoami, conn) = (whoami.clone(), form.connection());
        use_effect_with((ask.0, conn), move |(n, conn)| {
            if *n > 0 && !conn.token.trim().is_empty() {
                whoami.set(Whoami::Checking { token: conn.token.clone() });
                let conn = conn.clone();
                spawn_local(async move { whoami.set(identify(conn).await) });
            }
        });
    }

    // A token pasted into the Access token field is checked at once (not while typed: a half token means
    // nothing). The field belongs to the connection fieldset, so the page's paste events are watched.
    {
        let ask = ask.dispatcher();
        use_effect_with((), move |_| {
            let on_paste = Closure::<dyn Fn(web_sys::Event)>::new({
                move |e: web_sys::Event| {
                    let is_token = e
                        .target()
                        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                        .is_some_and(|el| el.id() == "token");
                    if is_token {
                        let ask = ask.clone();
                        // After the paste has landed in the field (its input event comes first).
                        gloo_timers::callback::Timeout::new(0, move || ask.dispatch(())).forget();
                    }
                }
            });
            let doc = web_sys::window().and_then(|w| w.document());
            if let Some(d) = &doc {
                let _ = d.add_event_listener_with_callback("paste", on_paste.as_ref().unchecked_ref());
            }
            move || {
                if let Some(d) = &doc {
                    let _ = d.remove_event_listener_with_callback("paste", on_paste.as_ref().unchecked_ref());
                }
            }
        });
    }

    // The return from the login host, once, when the page opens.
    {
        let (form, status, expiry, ask) = (form.clone(), status.clone(), expiry.clone(), ask.dispatcher());
        use_effect_with((), move |_| {
            let ret = parse_return(&page_search());
            if ret != Return::None {
                // First of all, the code and state leave the address bar (and the history entry).
                if let Some(clean) = page_href().and_then(|h| cleaned_href(&h)) {
                    replace_address(&clean);
                }
                let pending = take_pending();
                if let Some(p) = &pending {
                    form.dispatch(restore(p.form.clone()));
                }
                status.set(Status::Exchanging);
                spawn_local(async move {
                    match finish(ret, pending).await {
                        Ok((token, expires_in)) => {
                            expiry.set(Some((token.clone(), epoch_ms() + expires_in as f64 * 1000.0)));
                            form.dispatch(FormAction::Edit(Field::Token, token));
                            status.set(Status::Idle);
                            ask.dispatch(());
                        }
                        Err(e) => status.set(Status::Failed(e)),
                    }
                });
            }
        });
    }

    let sign_in = {
        let (form, status) = (form.clone(), status.clone());
        Callback::from(move |_: MouseEvent| match begin(&form) {
            Ok(url) => {
                if !go_to(&url) {
                    status.set(Status::Failed(SignInError::BrowserUnsupported));
                }
            }
            Err(e) => status.set(Status::Failed(e)),
        })
    };

    let sign_out = {
        let (form, status, whoami, expiry) = (form.clone(), status.clone(), whoami.clone(), expiry.clone());
        Callback::from(move |_: MouseEvent| {
            let conn = form.connection();
            let (form, status, whoami, expiry) = (form.clone(), status.clone(), whoami.clone(), expiry.clone());
            spawn_local(async move {
                let client = BrowserClient::new(CancelHandle::default(), Callback::noop());
                let api = Api::new(&client, &conn, CHECK_TIMEOUT_MS);
                let revoked = api.send(Call::Other, Method::Delete, "/api/v2/tokens/me", None).await;
                // Forgotten whatever the answer: memory, and localStorage through the form (an empty token
                // removes the stored copy).
                form.dispatch(FormAction::Edit(Field::Token, String::new()));
                expiry.set(None);
                whoami.set(Whoami::Unknown);
                let revoke_error = match revoked {
                    Ok(_) => None,
                    // Already expired or revoked: nothing left to revoke.
                    Err(e) if e.kind == ErrorKind::Unauthorized => None,
                    Err(e) => Some(e),
                };
                status.set(Status::SignedOut { revoke_error });
            });
        })
    };

    let f = &*form;
    let has_token = !f.token.trim().is_empty();
    // Answers about another token than the form's are not shown.
    let current = whoami.token().is_some_and(|t| t == f.token) && has_token;
    let refused =
        refused_token.as_deref() == Some(f.token.as_str()) || (current && matches!(*whoami, Whoami::Refused { .. }));
    let expires_at = expiry.as_ref().filter(|(t, _)| *t == f.token).map(|(_, at)| *at);
    let custom = flowsim_core::base::regions::region_for_api_base(&f.api_base).is_none();
    let base = login_base(&f.api_base, &f.login_base);
    let redirect = page_href().and_then(|h| redirect_uri(&h)).unwrap_or_default();
    let default_login =
        login_base(&f.api_base, "").map(|b| b.url).unwrap_or_else(|_| "https://login.example.com".to_string());
    let via_proxy = !matches!(f.proxy.style, ProxyStyle::None | ProxyStyle::Base) && !f.proxy.value.trim().is_empty();

    html! {
        <div class="signin" data-testid="signin">
            <div class="row">
                <div class="field grow">
                    <label for="client-id">{ "OAuth client ID" }</label>
                    <input id="client-id" type="text" spellcheck="false" autocomplete="off" value={f.client_id.clone()}
                        placeholder="the ID of your org's Code Authorization (PKCE) client"
                        oninput={on_input(&form, Field::ClientId)} />
                </div>
                if custom {
                    <div class="field grow">
                        <label for="login-base">{ "Login base URL" }</label>
                        <input id="login-base" type="url" spellcheck="false" value={f.login_base.clone()}
                            placeholder={default_login} oninput={on_input(&form, Field::LoginBase)} />
                    </div>
                }
                <div class="field signin-actions">
                    <button type="button" class="primary" onclick={sign_in.clone()} disabled={*status == Status::Exchanging}>{ "Sign in" }</button>
                    if has_token {
                        <button type="button" onclick={sign_out}>{ "Sign out" }</button>
                    }
                </div>
            </div>
            <p class="hint">
                if let Ok(b) = &base { { "You sign in at " }<code data-testid="login-base">{ &b.url }</code>{ "; " } }
                { "the redirect URI to register for the client is " }<code data-testid="redirect-uri">{ redirect }</code>
                { if via_proxy { "; the token exchange goes through the CORS proxy." } else { "." } }
            </p>
            if *status == Status::Exchanging {
                <p class="hint" role="status" data-testid="signin-busy">{ "Signing in…" }</p>
            }
            if let Status::Failed(e) = &*status {
                <div class="error" data-testid="signin-error" data-signin-error={e.key()}>
                    <p class="error-summary">{ e.sentence().0 }</p>
                    <p class="error-action">{ e.sentence().1 }</p>
                </div>
            }
            if let Status::SignedOut { revoke_error } = &*status {
                <p class="hint" role="status" data-testid="signed-out">
                    { match revoke_error {
                        None => "Signed out: the token is revoked and forgotten.".to_string(),
                        Some(e) => format!("Signed out here: the token is forgotten, but revoking it failed ({}).", e.summary),
                    } }
                </p>
            }
            if refused && has_token {
                <div class="session-expired" role="status" data-testid="session-expired">
                    <p>{ "The access token was refused (401): it has expired or was revoked. The form is kept; sign in again to go on." }</p>
                    <button type="button" onclick={sign_in}>{ "Sign in again" }</button>
                </div>
            }
            if current { { whoami_view(&whoami, expires_at) } }
        </div>
    }
}
