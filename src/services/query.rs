//! Settings passed in the page URL (a link that opens flowsim ready to run). Never carries the token.

use web_sys::UrlSearchParams;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct QueryParams {
    pub demo: bool,
    pub api: Option<String>,
    pub proxy_style: Option<String>,
    pub proxy: Option<String>,
    pub backend: Option<String>,
    pub flow: Option<String>,
    pub node: Option<String>,
    pub phone: Option<String>,
    /// `country=GB`: the Default country (ISO code).
    pub country: Option<String>,
}

pub fn read() -> QueryParams {
    let Some(search) = web_sys::window().and_then(|w| w.location().search().ok()) else {
        return QueryParams::default();
    };
    let Ok(p) = UrlSearchParams::new_with_str(&search) else {
        return QueryParams::default();
    };
    let get = |k: &str| p.get(k).filter(|v| !v.trim().is_empty());
    QueryParams {
        demo: get("demo").is_some_and(|v| v != "0"),
        api: get("api"),
        proxy_style: get("proxyStyle"),
        proxy: get("proxy"),
        backend: get("backend"),
        flow: get("flow"),
        node: get("node"),
        phone: get("phone"),
        country: get("country"),
    }
}
