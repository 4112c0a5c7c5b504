//! The browser's part of signing in: secure random bytes (`crypto.getRandomValues`), the sign-in in progress in
//! sessionStorage (`gloo-storage`; this tab only, gone when the tab closes), the page's address (read, cleaned with
//! `history.replaceState`, left for the login page), and the `no-cors` reachability probe of the connection check.

use flowsim_core::net::proxy::ProxySetting;
use gloo_storage::{SessionStorage, Storage};
use gloo_timers::callback::Timeout;
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, RequestInit, RequestMode};

const PENDING_KEY: &str = "flowsim.signin.pending";

/// The form's settings, kept while the page is away at the login host (never the token).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct FormSnapshot {
    pub api_base: String,
    pub proxy: ProxySetting,
    pub backend: String,
    pub flow_id: String,
    pub node_id: String,
    pub phone: String,
    pub to: String,
    pub channel: String,
    pub conversation_id: String,
    pub timeout_ms: String,
    pub default_country: String,
    pub inputs: String,
    pub time: String,
    pub time_zone: String,
    pub language: String,
    pub flow_inputs: String,
    pub overrides: String,
    pub run_data_actions: String,
    pub ask_at_prompts: bool,
    pub remember_token: bool,
    pub client_id: String,
    pub login_base: String,
}

/// A sign-in in progress: what the return needs. The verifier never leaves this tab's sessionStorage, and is
/// removed as soon as the page is back.
#[derive(Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Pending {
    pub verifier: String,
    pub state: String,
    pub client_id: String,
    /// The checked login base the page went to (the code is exchanged there, not at a URL from the return).
    pub login_base: String,
    pub redirect_uri: String,
    pub form: FormSnapshot,
}

impl std::fmt::Debug for Pending {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pending").field("login_base", &self.login_base).finish_non_exhaustive()
    }
}

/// `N` bytes from the browser's secure random source; `None` when it is not available (then no sign-in).
pub fn random_bytes<const N: usize>() -> Option<[u8; N]> {
    let crypto = web_sys::window()?.crypto().ok()?;
    let mut bytes = [0u8; N];
    crypto.get_random_values_with_u8_array(&mut bytes).ok()?;
    Some(bytes)
}

pub fn save_pending(p: &Pending) -> bool {
    SessionStorage::set(PENDING_KEY, p).is_ok()
}

/// The sign-in in progress, removed from storage as it is read (it serves one return only).
pub fn take_pending() -> Option<Pending> {
    let p = SessionStorage::get(PENDING_KEY).ok();
    SessionStorage::delete(PENDING_KEY);
    p
}

/// The page's address.
pub fn page_href() -> Option<String> {
    web_sys::window()?.location().href().ok()
}

/// The page's query string (with its `?`).
pub fn page_search() -> String {
    web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default()
}

/// Replaces the address bar's URL without a reload or a history entry.
pub fn replace_address(href: &str) {
    if let Some(h) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ = h.replace_state_with_url(&JsValue::NULL, "", Some(href));
    }
}

/// Leaves the page for `url` (the login page).
pub fn go_to(url: &str) -> bool {
    web_sys::window().is_some_and(|w| w.location().assign(url).is_ok())
}

/// Milliseconds since the epoch (`Date.now()`), for the token's expiry.
pub fn epoch_ms() -> f64 {
    js_sys::Date::now()
}

/// A local time for `epoch_ms`, as the browser formats it.
pub fn local_time(epoch_ms: f64) -> String {
    let d = js_sys::Date::new(&JsValue::from_f64(epoch_ms));
    String::from(d.to_locale_string("default", &JsValue::UNDEFINED))
}

/// Whether `url` answers at all: a `no-cors` GET resolves (with an opaque response) when the host answered,
/// whatever its CORS headers, and rejects when nothing answered (or not within `timeout_ms`).
pub async fn answers_without_cors(url: &str, timeout_ms: u32) -> bool {
    let Some(window) = web_sys::window() else { return false };
    let Ok(controller) = AbortController::new() else { return false };
    let init = RequestInit::new();
    init.set_method("GET");
    init.set_mode(RequestMode::NoCors);
    init.set_signal(Some(&controller.signal()));
    let deadline = {
        let controller = controller.clone();
        Timeout::new(timeout_ms, move || controller.abort())
    };
    let answered = JsFuture::from(window.fetch_with_str_and_init(url, &init)).await.is_ok();
    drop(deadline);
    answered
}
