//! What the app remembers between visits (`gloo-storage`): connection settings, never the token unless the user
//! opts in.

use flowsim_core::net::proxy::ProxySetting;
use gloo_storage::{LocalStorage, Storage};
use serde::{Deserialize, Serialize};

const SETTINGS_KEY: &str = "flowsim.settings.v1";
const TOKEN_KEY: &str = "flowsim.token";

/// Settings kept in localStorage. The token is deliberately not a field.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Remembered {
    pub api_base: String,
    pub proxy: ProxySetting,
    /// "browser" or "remote"; empty = automatic.
    pub backend: String,
    pub flow_id: String,
    pub node_id: String,
    pub remember_token: bool,
    /// ISO code of the "Default country" setting.
    pub default_country: String,
    pub client_id: String,
    pub login_base: String,
}

/// What `save` wrote, or `None` when nothing (or something unreadable) is stored.
pub fn load() -> Option<Remembered> {
    LocalStorage::get(SETTINGS_KEY).ok()
}

pub fn save(r: &Remembered) {
    let _ = LocalStorage::set(SETTINGS_KEY, r);
}

/// The token, only if the user opted in earlier.
pub fn load_token() -> Option<String> {
    LocalStorage::get(TOKEN_KEY).ok()
}

/// Stores the token when `remember` is set, and removes any stored copy otherwise.
pub fn store_token(remember: bool, token: &str) {
    if remember && !token.is_empty() {
        let _ = LocalStorage::set(TOKEN_KEY, token);
    } else {
        LocalStorage::delete(TOKEN_KEY);
    }
}
