//! What the app remembers between visits: connection settings, never the token unless the user opts in.

use flowsim_core::net::proxy::ProxySetting;
use serde::{Deserialize, Serialize};
use web_sys::Storage;

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
}

fn local() -> Option<Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

pub fn load() -> Option<Remembered> {
    let raw = local()?.get_item(SETTINGS_KEY).ok().flatten()?;
    serde_json::from_str(&raw).ok()
}

pub fn save(r: &Remembered) {
    if let (Some(s), Ok(json)) = (local(), serde_json::to_string(r)) {
        let _ = s.set_item(SETTINGS_KEY, &json);
    }
}

/// The token, only if the user opted in earlier.
pub fn load_token() -> Option<String> {
    local()?.get_item(TOKEN_KEY).ok().flatten()
}

/// Stores the token when `remember` is set, and removes any stored copy otherwise.
pub fn store_token(remember: bool, token: &str) {
    if let Some(s) = local() {
        if remember && !token.is_empty() {
            let _ = s.set_item(TOKEN_KEY, token);
        } else {
            let _ = s.remove_item(TOKEN_KEY);
        }
    }
}
