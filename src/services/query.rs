//! Settings passed in the page URL (a link that opens flowsim ready to run). Never carries the token.
//!
//! The browser parses the query (`URLSearchParams`); its entries cross into Rust through `serde-wasm-bindgen`.

use serde::Deserialize;
use wasm_bindgen::JsValue;
use web_sys::UrlSearchParams;

/// The link parameters flowsim reads; unknown ones are ignored, empty ones count as absent.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct QueryParams {
    #[serde(deserialize_with = "flag")]
    pub demo: bool,
    #[serde(deserialize_with = "non_blank")]
    pub api: Option<String>,
    #[serde(deserialize_with = "non_blank")]
    pub proxy_style: Option<String>,
    #[serde(deserialize_with = "non_blank")]
    pub proxy: Option<String>,
    #[serde(deserialize_with = "non_blank")]
    pub backend: Option<String>,
    #[serde(deserialize_with = "non_blank")]
    pub flow: Option<String>,
    #[serde(deserialize_with = "non_blank")]
    pub node: Option<String>,
    #[serde(deserialize_with = "non_blank")]
    pub phone: Option<String>,
    /// `country=GB`: the Default country (ISO code).
    #[serde(deserialize_with = "non_blank")]
    pub country: Option<String>,
    /// The OAuth client ID to sign in with (not a secret; the login host is never taken from a link).
    #[serde(deserialize_with = "non_blank")]
    pub client_id: Option<String>,
}

fn non_blank<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(Option::<String>::deserialize(d)?.filter(|v| !v.trim().is_empty()))
}

/// `?demo`, `?demo=1` … switch demo mode on; `?demo=0` and a blank value do not.
fn flag<'de, D: serde::Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    Ok(non_blank(d)?.is_some_and(|v| v != "0"))
}

/// The parameters of the page's own URL.
pub fn read() -> QueryParams {
    let Some(search) = web_sys::window().and_then(|w| w.location().search().ok()) else {
        return QueryParams::default();
    };
    parse(&search).unwrap_or_default()
}

fn parse(search: &str) -> Option<QueryParams> {
    let params = UrlSearchParams::new_with_str(search).ok()?;
    // `Object.fromEntries(params)`: the last value of a repeated key wins, as `URLSearchParams.get` would not
    // (it takes the first); flowsim's links never repeat a key.
    let entries = js_sys::Object::from_entries(&JsValue::from(params)).ok()?;
    serde_wasm_bindgen::from_value(entries.into()).ok()
}
