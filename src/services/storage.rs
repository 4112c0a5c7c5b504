//! What the app remembers between visits: connection settings, never the token unless the user opts in.

use flowsim_core::base::read::{self, object, or_default, Read};
use flowsim_core::net::proxy::ProxySetting;
use serde::Serialize;
use serde_json::Value;
use web_sys::Storage;

const SETTINGS_KEY: &str = "flowsim.settings.v1";
const TOKEN_KEY: &str = "flowsim.token";

/// Settings kept in localStorage. The token is deliberately not a field.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
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
}

impl Remembered {
    /// Reads what `save` wrote (lean reader, as strict as a derived `Deserialize` with `#[serde(default)]`).
    fn from_value(v: &Value) -> Read<Self> {
        let o = object(v, "struct Remembered")?;
        Ok(Remembered {
            api_base: or_default(o, "apiBase", read::string)?,
            proxy: or_default(o, "proxy", ProxySetting::from_value)?,
            backend: or_default(o, "backend", read::string)?,
            flow_id: or_default(o, "flowId", read::string)?,
            node_id: or_default(o, "nodeId", read::string)?,
            remember_token: or_default(o, "rememberToken", read::boolean)?,
            default_country: or_default(o, "defaultCountry", read::string)?,
        })
    }
}

fn local() -> Option<Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

pub fn load() -> Option<Remembered> {
    let raw = local()?.get_item(SETTINGS_KEY).ok().flatten()?;
    Remembered::from_value(&serde_json::from_str(&raw).ok()?).ok()
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
