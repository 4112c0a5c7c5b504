//! The page: the form, the run, the results. State lives here; components below are pure.

use std::cell::Cell;
use std::rc::Rc;

use flowsim_core::net::api::{Api, Connection};
use flowsim_core::net::error::{from_transport, Call, CallContext, UserError};
use flowsim_core::net::http::{HttpClient, HttpRequest, Method};
use flowsim_core::net::proxy::{validate_api_base, ProxyStyle};
use flowsim_core::sim::remote::{self, Simulated, CLIENT_DEADLINE_MARGIN_MS, SIMULATIONS_PATH};
use flowsim_core::sim::validate::{validate, FieldIssue, FormField};
use flowsim_core::wire::contract::TraceStep;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::components::connection::connection_fields;
use crate::components::error_view::ErrorView;
use crate::components::lookup::lookup_fields;
use crate::components::pickers::{FlowPicker, NodePicker};
use crate::components::results::{results, Finished, Run};
use crate::services::fetch::{now_ms, BrowserClient, CancelHandle, RetryCountdown};
use crate::services::{query, storage};
use crate::state::{Backend, Field, Form, FormAction};

/// A demo case served by fake-genesys at `/_fake/scenarios`.
#[derive(Debug, Clone, PartialEq, Default, serde::Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Scenario {
    pub name: String,
    pub description: String,
    pub token: String,
    pub flow_id: String,
    pub node_id: String,
    pub phone: String,
    pub outcome: String,
    pub timeout_ms: Option<u32>,
}

fn initial_form() -> Form {
    let mut f = Form::default();
    if let Some(r) = storage::load() {
        if !r.api_base.is_empty() {
            f.api_base = r.api_base;
        }
        f.proxy = r.proxy;
        f.backend_choice = Backend::from_key(&r.backend);
        f.flow_id = r.flow_id;
        f.node_id = r.node_id;
        f.remember_token = r.remember_token;
        if r.remember_token {
            f.token = storage::load_token().unwrap_or_default();
        }
    }
    let q = query::read();
    if let Some(a) = q.api {
        f.api_base = a;
    }
    if let Some(s) = &q.proxy_style {
        f.proxy.style = ProxyStyle::from_key(s);
    }
    if let Some(p) = q.proxy {
        f.proxy.value = p;
        if q.proxy_style.is_none() && f.proxy.style == ProxyStyle::None {
            f.proxy.style = ProxyStyle::Prefix;
        }
    }
    if let Some(b) = q.backend.as_deref().and_then(Backend::from_key) {
        f.backend_choice = Some(b);
    }
    for (target, v) in [(&mut f.flow_id, q.flow), (&mut f.node_id, q.node), (&mut f.phone, q.phone)] {
        if let Some(v) = v {
            *target = v;
        }
    }
    f
}

fn fill_scenario(s: Scenario) -> FormAction {
    FormAction::Fill(Box::new(move |f: &mut Form| {
        f.token = s.token;
        f.flow_id = s.flow_id;
        f.node_id = s.node_id;
        f.phone = s.phone;
        f.timeout_ms = s.timeout_ms.unwrap_or(flowsim_core::wire::contract::DEFAULT_TIMEOUT_MS).to_string();
    }))
}

fn new_conversation_id() -> String {
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.random_uuid())
        .unwrap_or_else(|| format!("flowsim-{}", now_ms() as u64))
}

fn performance_mark(name: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark(name);
    }
}

/// Runs one simulation with the chosen backend. Never panics: every failure is a `UserError`.
async fn execute(
    client: &BrowserClient,
    conn: &Connection,
    backend: Backend,
    req: &flowsim_core::wire::contract::SimulationRequest,
) -> (Result<Simulated, UserError>, Option<u16>) {
    let mut api = Api::new(client, conn, req.timeout + CLIENT_DEADLINE_MARGIN_MS);
    api.timeout_setting_ms = Some(req.timeout);
    api.flow_id = Some(req.flow_id.clone());
    api.node_id = Some(req.node_id.clone());
    let outcome = match backend {
        Backend::Remote => remote::simulate(&api, req).await,
        Backend::Browser => flowsim_core::sim::engine::simulate(&api, req).await,
    };
    let mut calls = api.take_calls();
    if let Ok(s) = &outcome {
        calls.extend(s.response.trace.iter().flat_map(|t| t.calls.iter().cloned()));
    }
    let status =
        outcome.as_ref().err().and_then(|e| e.status).or_else(|| calls.last().map(|c| c.status).filter(|s| *s != 0));
    (outcome, status)
}

/// Fetches the demo scenarios from fake-genesys through the configured proxy.
async fn load_scenarios(form: &Form) -> Result<Vec<Scenario>, UserError> {
    let client = BrowserClient::new(CancelHandle::default(), Callback::noop());
    let url = form.proxy.apply(&form.api_base, "/_fake/scenarios");
    let ctx = CallContext {
        call: Call::DemoScenarios,
        request: "GET /_fake/scenarios".to_string(),
        api_base: form.api_base.clone(),
        proxy_origin: form.proxy.origin(),
        timeout_setting_ms: None,
        flow_id: None,
        node_id: None,
    };
    let resp = client
        .send(HttpRequest { method: Method::Get, url, headers: vec![], body: None, timeout_ms: 10_000 })
        .await
        .map_err(|e| from_transport(&e, &ctx))?;
    if !resp.is_success() {
        return Err(flowsim_core::net::error::from_status(&resp, &ctx));
    }
    flowsim_core::net::api::parse_json(&resp, &ctx)
}

#[component]
pub fn App() -> Html {
    let form = use_reducer(initial_form);
    let run = use_state(|| Run::Idle);
    let issues = use_state(Vec::<FieldIssue>::new);
    let scenarios = use_state(Vec::<Scenario>::new);
    let scenario_index = use_state(|| 0usize);
    let demo_error = use_state(|| None::<UserError>);
    let run_ids = use_mut_ref(|| Cell::new(0u32));
    // Whether the raw JSON of the result is open (kept across runs).
    let show_raw = use_state(|| false);
    // The trace page shown; each run starts on the first.
    let trace_page = use_state(|| 0usize);

    // Remember connection settings (never the token unless opted in).
    {
        let f = (*form).clone();
        use_effect_with(f, |f| {
            storage::save(&storage::Remembered {
                api_base: f.api_base.clone(),
                proxy: f.proxy.clone(),
                backend: f.backend_choice.map(|b| b.key().to_string()).unwrap_or_default(),
                flow_id: f.flow_id.clone(),
                node_id: f.node_id.clone(),
                remember_token: f.remember_token,
            });
            storage::store_token(f.remember_token, &f.token);
        });
    }

    // Demo mode: fill in the first scenario from fake-genesys.
    {
        let (form, scenarios, demo_error) = (form.clone(), scenarios.clone(), demo_error.clone());
        use_effect_with((), move |_| {
            if query::read().demo {
                let snapshot = (*form).clone();
                spawn_local(async move {
                    match load_scenarios(&snapshot).await {
                        Ok(list) => {
                            if let Some(first) = list.first() {
                                form.dispatch(fill_scenario(first.clone()));
                            }
                            scenarios.set(list);
                        }
                        Err(e) => demo_error.set(Some(e)),
                    }
                });
            }
        });
    }

    // Measure Simulate → rendered trace for the benchmark.
    {
        let done_id = match &*run {
            Run::Done(f) => Some(f.id),
            _ => None,
        };
        use_effect_with(done_id, |id| {
            if id.is_some() {
                if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
                    let _ = p.measure_with_start_mark("flowsim:simulate-to-render", "flowsim:simulate");
                }
            }
        });
    }

    let on_cancel = {
        let run = run.clone();
        Callback::from(move |_| {
            if let Run::Running { cancel, .. } = &*run {
                cancel.cancel();
            }
        })
    };

    let simulate = {
        let (form, run, issues, run_ids, trace_page) =
            (form.clone(), run.clone(), issues.clone(), run_ids.clone(), trace_page.clone());
        Callback::from(move |_: ()| {
            if matches!(*run, Run::Running { .. }) {
                return;
            }
            let f = (*form).clone();
            let mut problems = Vec::new();
            if let Err(e) = validate_api_base(&f.api_base) {
                problems.push(FieldIssue { field: FormField::ApiBase, message: e.to_string() });
            }
            if let Err(e) = f.proxy.validate() {
                problems.push(FieldIssue { field: FormField::Proxy, message: e.to_string() });
            }
            if f.token.trim().is_empty() {
                problems.push(FieldIssue {
                    field: FormField::Token,
                    message: "Paste an access token for the org.".to_string(),
                });
            }
            let validated = validate(&f.input());
            let validated = match validated {
                Ok(v) if problems.is_empty() => v,
                Ok(_) => {
                    issues.set(problems);
                    return;
                }
                Err(mut e) => {
                    problems.append(&mut e);
                    issues.set(problems);
                    return;
                }
            };
            issues.set(validated.warnings.clone());
            let mut req = validated.request;
            if req.context.conversation_id.is_empty() {
                req.context.conversation_id = new_conversation_id();
            }
            let id = {
                let c = run_ids.borrow();
                c.set(c.get() + 1);
                c.get()
            };
            let cancel = CancelHandle::default();
            run.set(Run::Running { cancel: cancel.clone(), countdown: None });
            trace_page.set(0);
            performance_mark("flowsim:simulate");
            let on_countdown = {
                let (run, cancel) = (run.clone(), cancel.clone());
                Callback::from(move |countdown: Option<RetryCountdown>| {
                    run.set(Run::Running { cancel: cancel.clone(), countdown });
                })
            };
            let run = run.clone();
            spawn_local(async move {
                let conn = Connection {
                    api_base: f.api_base.trim().to_string(),
                    proxy: f.proxy.clone(),
                    token: f.token.clone(),
                };
                let backend = f.backend();
                let client = BrowserClient::new(cancel.clone(), on_countdown);
                let started = now_ms();
                let (outcome, http_status) = execute(&client, &conn, backend, &req).await;
                let outcome = match outcome {
                    Err(_) if cancel.is_cancelled() => Err(UserError::cancelled()),
                    other => other,
                };
                let steps = Rc::new(outcome.as_ref().map(|s| s.response.trace.clone()).unwrap_or_default());
                run.set(Run::Done(Rc::new(Finished {
                    id,
                    backend,
                    searched: req.context.from.clone(),
                    outcome,
                    http_status,
                    duration_ms: now_ms() - started,
                    steps: steps as Rc<Vec<TraceStep>>,
                })));
            });
        })
    };

    let onsubmit = {
        let simulate = simulate.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            simulate.emit(());
        })
    };
    let onkeydown = {
        let simulate = simulate.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" && (e.ctrl_key() || e.meta_key()) {
                e.prevent_default();
                simulate.emit(());
            }
        })
    };
    let on_scenario = {
        let (form, scenarios, scenario_index) = (form.clone(), scenarios.clone(), scenario_index.clone());
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value();
            if let Some((i, s)) = v.parse::<usize>().ok().and_then(|i| scenarios.get(i).map(|s| (i, s))) {
                scenario_index.set(i);
                form.dispatch(fill_scenario(s.clone()));
            }
        })
    };

    let next_path = match form.backend() {
        Backend::Remote => SIMULATIONS_PATH.to_string(),
        Backend::Browser => flowsim_core::sim::engine::flow_path(form.flow_id.trim()),
    };
    let next_url = form.proxy.apply(&form.api_base, &next_path);
    let running = matches!(*run, Run::Running { .. });
    let conn =
        Connection { api_base: form.api_base.trim().to_string(), proxy: form.proxy.clone(), token: form.token.clone() };
    let pick = |field: Field| {
        let form = form.clone();
        Callback::from(move |id: String| form.dispatch(FormAction::Edit(field, id)))
    };
    let top_issues: Vec<FieldIssue> = issues
        .iter()
        .filter(|i| matches!(i.field, FormField::ApiBase | FormField::Proxy | FormField::Token))
        .cloned()
        .collect();

    html! {
        <main class="app">
            <header class="top">
                <h1>{ "flowsim" }</h1>
                <p class="tagline">{ "Simulate a Genesys Cloud Architect external contact lookup." }</p>
            </header>
            if let Some(e) = &*demo_error {
                <div class="demo-error"><p>{ "Could not load the demo scenarios:" }</p><ErrorView error={e.clone()} /></div>
            }
            if !scenarios.is_empty() {
                <div class="field demo">
                    <label for="scenario">{ "Demo scenario" }</label>
                    <select id="scenario" onchange={on_scenario}>
                        for (i, s) in scenarios.iter().enumerate() {
                            <option value={i.to_string()} selected={i == *scenario_index}>{ format!("{} ({})", s.name, s.outcome) }</option>
                        }
                    </select>
                </div>
            }
            <form class="sim-form" {onsubmit} {onkeydown} novalidate=true>
                { connection_fields(&form, &next_url) }
                for i in top_issues.iter() {
                    <p class="field-error" data-testid="field-error">{ format!("{}: {}", i.field.label(), i.message) }</p>
                }
                { lookup_fields(&form, &issues,
                    html! { <FlowPicker conn={conn.clone()} on_pick={pick(Field::FlowId)} /> },
                    html! { <NodePicker conn={conn.clone()} flow_id={form.flow_id.clone()} on_pick={pick(Field::NodeId)} /> }) }
                <div class="actions">
                    <button type="submit" class="primary" disabled={running}>{ "Simulate" }</button>
                    <span class="hint">{ "Ctrl+Enter" }</span>
                </div>
            </form>
            { results(&run, &on_cancel, &show_raw, &trace_page) }
        </main>
    }
}
