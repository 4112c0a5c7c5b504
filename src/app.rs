//! The page: the form (a reducer), the run (`use_simulation`), the demo scenarios (`use_scenarios`), and the
//! views, each owning only the state it uses.

use flowsim_core::net::error::ErrorKind;
use flowsim_core::sim::remote::SIMULATIONS_PATH;
use flowsim_core::sim::validate::{FieldIssue, FormField};
use flowsim_core::wire::contract::DEFAULT_TIMEOUT_MS;
use std::rc::Rc;
use yew::prelude::*;

use crate::components::connection::connection_fields;
use crate::components::connection_check::ConnectionCheck;
use crate::components::error_view::ErrorView;
use crate::components::expression_box::{ExpressionBox, RunScope};
use crate::components::flow_file::FlowFileField;
use crate::components::lookup::lookup_fields;
use crate::components::pickers::{FlowPicker, NodePicker};
use crate::components::results::Results;
use crate::components::signin::SignIn;
use crate::components::stepper::SharedRef;
use crate::hooks::use_scenarios::{use_scenarios, Scenario};
use crate::hooks::use_simulation::{use_simulation, Run};
use crate::services::fetch::now_ms;
use crate::services::{query, storage};
use crate::state::{Backend, Field, FlowFile, Form, FormAction};

/// Field issues shown above the lookup fieldset (the connection's), not beside a lookup field.
const CONNECTION_FIELDS: [FormField; 3] = [FormField::ApiBase, FormField::Proxy, FormField::Token];

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
        f.default_country = flowsim_core::base::phone::country_or_default(&r.default_country).iso.to_string();
        f.client_id = r.client_id;
        f.login_base = r.login_base;
        if r.remember_token {
            f.token = storage::load_token().unwrap_or_default();
        }
    }
    let q = query::read();
    if let Some(a) = q.api {
        f.api_base = a;
    }
    if let Some(s) = &q.proxy_style {
        f.proxy.style = flowsim_core::net::proxy::ProxyStyle::from_key(s);
    }
    if let Some(p) = q.proxy {
        f.proxy.value = p;
        if q.proxy_style.is_none() && f.proxy.style == flowsim_core::net::proxy::ProxyStyle::None {
            f.proxy.style = flowsim_core::net::proxy::ProxyStyle::Prefix;
        }
    }
    if let Some(b) = q.backend.as_deref().and_then(Backend::from_key) {
        f.backend_choice = Some(b);
    }
    let country = q.country.and_then(|c| flowsim_core::base::phone::country(&c)).map(|c| c.iso.to_string());
    for (target, v) in [
        (&mut f.flow_id, q.flow),
        (&mut f.node_id, q.node),
        (&mut f.phone, q.phone),
        (&mut f.default_country, country),
        (&mut f.client_id, q.client_id),
    ] {
        if let Some(v) = v {
            *target = v;
        }
    }
    f
}

fn fill_scenario(s: Scenario) -> FormAction {
    FormAction::Fill(Box::new(move |f: &mut Form| {
        // A whole-flow scenario (one with a simulated time) starts where the interpreter does: its `start`, else
        // the flow's beginning; a lookup scenario starts at its lookup node, as the tutorial does.
        f.node_id = match (&s.start, &s.at) {
            (Some(start), _) => start.clone(),
            (None, Some(_)) => String::new(),
            (None, None) => s.node_id,
        };
        // The scenario's instant is UTC: show it in UTC so it is the instant simulated.
        (f.time, f.time_zone) = match &s.at {
            Some(at) => (at.trim_end_matches('Z').chars().take(19).collect(), "UTC".to_string()),
            None => (String::new(), f.time_zone.clone()),
        };
        f.inputs = s.inputs.join(", ");
        f.flow_inputs = s
            .flow_inputs
            .iter()
            .map(|(k, v)| format!("{k} = {}", v.as_str().map_or_else(|| v.to_string(), str::to_string)))
            .collect::<Vec<_>>()
            .join("\n");
        f.token = s.token;
        f.flow_id = s.flow_id;
        f.phone = s.phone;
        f.timeout_ms = s.timeout_ms.unwrap_or(DEFAULT_TIMEOUT_MS).to_string();
    }))
}

/// Opens Advanced options and puts `text` in the Overrides field, focused, with `range` (bytes) selected: the path
/// "Override this action" chose, for the user to change.
fn show_override(text: &str, range: std::ops::Range<usize>) {
    use wasm_bindgen::JsCast;
    let Some(el) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("overrides")) else {
        return;
    };
    if let Ok(Some(details)) = el.closest("details") {
        let _ = details.set_attribute("open", "");
    }
    let Ok(area) = el.dyn_into::<web_sys::HtmlTextAreaElement>() else { return };
    area.set_value(text);
    let _ = area.focus();
    // The field counts UTF-16 units.
    let utf16 = |b: usize| text.get(..b).map_or(0, |s| s.encode_utf16().count()) as u32;
    let _ = area.set_selection_range(utf16(range.start), utf16(range.end));
}

fn new_conversation_id() -> String {
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.random_uuid())
        .unwrap_or_else(|| format!("flowsim-{}", now_ms() as u64))
}

/// Remembers the connection settings across visits (never the token unless opted in).
#[hook]
fn use_remembered(form: &Form) {
    use_effect_with(form.clone(), |f| {
        storage::save(&storage::Remembered {
            api_base: f.api_base.clone(),
            proxy: f.proxy.clone(),
            backend: f.backend_choice.map(|b| b.key().to_string()).unwrap_or_default(),
            flow_id: f.flow_id.clone(),
            node_id: f.node_id.clone(),
            remember_token: f.remember_token,
            default_country: f.default_country.clone(),
            client_id: f.client_id.clone(),
            login_base: f.login_base.clone(),
        });
        storage::store_token(f.remember_token, &f.token);
    });
}

#[component]
pub fn App() -> Html {
    let form = use_reducer(initial_form);
    let issues = use_state(Vec::<FieldIssue>::new);
    let scenario_index = use_state(|| 0usize);
    let sim = use_simulation();
    let flow_file = use_state(|| None::<Rc<FlowFile>>);
    // Coverage and breakpoints outlive a run.
    let shared = use_memo((), |_| SharedRef::default());
    use_remembered(&form);
    // The browser's time zone is read after the page is usable: the first `Intl` call loads its data.
    {
        let dispatch = form.dispatcher();
        use_effect_with((), move |_| {
            gloo_timers::callback::Timeout::new(0, move || {
                dispatch.dispatch(FormAction::Fill(Box::new(|f: &mut Form| {
                    if f.time_zone.is_empty() {
                        f.time_zone = crate::state::browser_time_zone();
                    }
                })))
            })
            .forget();
        });
    }
    let demo = use_memo((), |_| query::read().demo);
    let scenarios = {
        let dispatch = form.dispatcher();
        use_scenarios(*demo, &form, Callback::from(move |s| dispatch.dispatch(fill_scenario(s))))
    };

    let simulate = {
        let (form, issues, start, running) = (form.clone(), issues.clone(), sim.start.clone(), sim.run.is_running());
        let (file, shared) = ((*flow_file).clone(), (*shared).clone());
        Callback::from(move |_: ()| {
            if running {
                return;
            }
            match form.plan(file.clone()) {
                Ok((mut plan, warnings)) => {
                    issues.set(warnings);
                    plan.breakpoints = shared.breakpoints();
                    if plan.request.context.conversation_id.is_empty() {
                        plan.request.context.conversation_id = new_conversation_id();
                    }
                    start.emit(plan);
                }
                Err(problems) => issues.set(problems),
            }
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
        let (form, list, scenario_index) = (form.clone(), scenarios.list.clone(), scenario_index.clone());
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value();
            if let Some((i, s)) = v.parse::<usize>().ok().and_then(|i| list.get(i).map(|s| (i, s))) {
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
    let conn = form.connection();
    let pick = |field: Field| {
        let form = form.clone();
        Callback::from(move |id: String| form.dispatch(FormAction::Edit(field, id)))
    };
    let on_override = {
        let form = form.clone();
        Callback::from(move |(id, path): (String, String)| {
            let (text, range) = flowsim_core::sim::validate::with_override_path(&form.overrides, &id, &path);
            show_override(&text, range.clone());
            form.dispatch(FormAction::Edit(Field::Overrides, text));
        })
    };
    // The run that ended in a 401, if the last one did (sign-in offers "Sign in again").
    let refused_run = match &sim.run {
        Run::Done(f) if f.outcome.as_ref().is_err_and(|e| e.kind == ErrorKind::Unauthorized) => Some(f.id),
        _ => None,
    };
    let top_issues: Vec<&FieldIssue> = issues.iter().filter(|i| CONNECTION_FIELDS.contains(&i.field)).collect();
    let on_file = {
        let flow_file = flow_file.clone();
        Callback::from(move |f: Option<Rc<FlowFile>>| flow_file.set(f))
    };
    // The expression box evaluates against the last finished run's variables and clock.
    let run_scope = use_memo(sim.run.clone(), |run| match run {
        Run::Done(f) => match &f.outcome {
            Ok(s) => RunScope { variables: s.variables.clone(), now_ms: js_sys::Date::now() as i64 },
            Err(_) => RunScope::default(),
        },
        _ => RunScope::default(),
    });

    html! {
        <main class="app">
            <header class="top">
                <h1>{ "flowsim" }</h1>
                <p class="tagline">{ "Run a Genesys Cloud Architect flow with an interaction, without placing a call." }</p>
            </header>
            if let Some(e) = &scenarios.error {
                <div class="demo-error"><p>{ "Could not load the demo scenarios:" }</p><ErrorView error={e.clone()} /></div>
            }
            if !scenarios.list.is_empty() {
                <div class="field demo">
                    <label for="scenario">{ "Demo scenario" }</label>
                    <select id="scenario" onchange={on_scenario}>
                        for (i, s) in scenarios.list.iter().enumerate() {
                            <option value={i.to_string()} selected={i == *scenario_index}>{ format!("{} ({})", s.name, s.outcome) }</option>
                        }
                    </select>
                </div>
            }
            <form class="sim-form" {onsubmit} {onkeydown} novalidate=true>
                { connection_fields(&form, &next_url) }
                <SignIn form={form.clone()} {refused_run} />
                <ConnectionCheck conn={conn.clone()} />
                for i in top_issues {
                    <p class="field-error" data-testid="field-error">{ format!("{}: {}", i.field.label(), i.message) }</p>
                }
                <FlowFileField file={(*flow_file).clone()} on_change={on_file} />
                { lookup_fields(&form, &issues,
                    html! { <FlowPicker conn={conn.clone()} on_pick={pick(Field::FlowId)} /> },
                    html! { <NodePicker conn={conn.clone()} flow_id={form.flow_id.clone()} on_pick={pick(Field::NodeId)} /> }) }
                <div class="actions">
                    <button type="submit" class="primary" disabled={sim.run.is_running()}>{ "Simulate" }</button>
                    <span class="hint">{ "Ctrl+Enter" }</span>
                </div>
            </form>
            <Results run={sim.run.clone()} on_cancel={sim.cancel.clone()} on_answer={sim.answer.clone()}
                on_resume={sim.resume.clone()} on_start_here={pick(Field::NodeId)} {on_override} shared={(*shared).clone()} />
            <ExpressionBox scope={run_scope} />
            <crate::components::suite_panel::SuitePanel conn={form.connection()} flow_id={form.flow_id.clone()} />
        </main>
    }
}
