//! Demo mode (`?demo`): the scenarios fake-genesys serves at `/_fake/scenarios`, fetched once through the proxy.

use flowsim_core::net::error::{from_status, from_transport, Call, CallContext, UserError};
use flowsim_core::net::http::{HttpClient, HttpRequest, Method};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::services::fetch::{BrowserClient, CancelHandle};
use crate::state::Form;

const SCENARIOS_PATH: &str = "/_fake/scenarios";
const SCENARIOS_TIMEOUT_MS: u32 = 10_000;

/// A demo case served by fake-genesys at `/_fake/scenarios`: core's type, shared with the fake.
pub use flowsim_core::wire::demo::Scenario;

/// Fetches the demo scenarios from fake-genesys through the configured proxy.
async fn load_scenarios(form: &Form) -> Result<Vec<Scenario>, UserError> {
    let client = BrowserClient::new(CancelHandle::default(), Callback::noop());
    let url = form.proxy.apply(&form.api_base, SCENARIOS_PATH);
    let ctx = CallContext {
        call: Call::DemoScenarios,
        request: format!("GET {SCENARIOS_PATH}"),
        api_base: form.api_base.clone(),
        proxy_origin: form.proxy.origin(),
        timeout_setting_ms: None,
        flow_id: None,
        node_id: None,
    };
    let resp = client
        .send(HttpRequest { method: Method::Get, url, headers: vec![], body: None, timeout_ms: SCENARIOS_TIMEOUT_MS })
        .await
        .map_err(|e| from_transport(&e, &ctx))?;
    if !resp.is_success() {
        return Err(from_status(&resp, &ctx));
    }
    flowsim_core::net::api::parse_json(&resp, &ctx)
}

/// The scenarios (empty until loaded, and outside demo mode) and the error loading them.
pub struct Scenarios {
    pub list: Vec<Scenario>,
    pub error: Option<UserError>,
}

/// In demo mode, loads the scenarios once and hands the first to `on_first` (to fill the form).
#[hook]
pub fn use_scenarios(demo: bool, form: &Form, on_first: Callback<Scenario>) -> Scenarios {
    let list = use_state(Vec::<Scenario>::new);
    let error = use_state(|| None::<UserError>);
    {
        let (list, error, snapshot) = (list.clone(), error.clone(), form.clone());
        use_effect_with((), move |_| {
            if demo {
                spawn_local(async move {
                    match load_scenarios(&snapshot).await {
                        Ok(l) => {
                            if let Some(first) = l.first() {
                                on_first.emit(first.clone());
                            }
                            list.set(l);
                        }
                        Err(e) => error.set(Some(e)),
                    }
                });
            }
        });
    }
    Scenarios { list: (*list).clone(), error: (*error).clone() }
}
