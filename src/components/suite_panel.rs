//! The "Test suite" panel: open a suite (JSON), a CSV or paste numbers one per line; run it against the flow
//! file or the connected org; watch the progress; read the results (each row opens its trace); make the run the
//! baseline; export the suite and the results.

use std::rc::Rc;
use std::sync::Arc;

use flowsim_core::flow::Flow;
use flowsim_core::net::api::Connection;
use flowsim_core::sim::suite::runner::{self, kind_text, verdict_text, CaseResult};
use flowsim_core::sim::suite::{csv, Suite};
use wasm_bindgen_futures::JsFuture;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::hooks::use_suite::{use_suite, FlowChoice, SuiteRun};

/// Trace lines shown when a row is opened.
const MAX_TRACE_LINES: usize = 2_000;

#[derive(Properties, PartialEq)]
pub struct SuitePanelProps {
    /// The form's connection (used when it has a token).
    pub conn: Connection,
    /// The form's Flow ID (used when the suite names no flow and no file is chosen).
    pub flow_id: String,
}

/// A suite from the text of a JSON suite, a CSV, or numbers one per line.
pub fn read_suite(text: &str) -> Result<Suite, String> {
    if text.trim_start().starts_with('{') {
        Suite::parse(text).map_err(|e| e.describe())
    } else {
        csv::import(text, "Pasted").map_err(|e| e.describe())
    }
}

fn data_url(mime: &str, text: &str) -> String {
    format!("data:{mime};charset=utf-8,{}", String::from(js_sys::encode_uri_component(text)))
}

/// Reads the first file of a file input as text, then hands it to `done`.
fn read_file(e: Event, done: Callback<(String, String)>) {
    let input: web_sys::HtmlInputElement = e.target_unchecked_into();
    let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
    let name = file.name();
    spawn_local(async move {
        if let Ok(v) = JsFuture::from(file.text()).await {
            done.emit((name, v.as_string().unwrap_or_default()));
        }
    });
}

fn progress_text(run: &SuiteRun) -> String {
    let done = run.results.len();
    let secs = ((run.now_ms - run.started_ms) / 1000.0).max(0.001);
    let rate = done as f64 / secs;
    let left = if rate > 0.0 { (run.total.saturating_sub(done)) as f64 / rate } else { 0.0 };
    let mut s = format!("{done} / {} cases, {rate:.1} cases/s", run.total);
    if run.running {
        s.push_str(&format!(", about {left:.0} s left"));
    }
    s
}

#[component]
pub fn SuitePanel(props: &SuitePanelProps) -> Html {
    let text = use_state(String::new);
    let flow_file = use_state(|| None::<(String, Arc<Flow>)>);
    let problem = use_state(|| None::<String>);
    let open_row = use_state(|| None::<usize>);
    let suite_run = use_suite();
    let run = (*suite_run.run).clone();

    let on_text = {
        let text = text.clone();
        Callback::from(move |e: InputEvent| {
            text.set(e.target_unchecked_into::<web_sys::HtmlTextAreaElement>().value());
        })
    };
    let on_suite_file = {
        let text = text.clone();
        Callback::from(move |e: Event| {
            let text = text.clone();
            read_file(e, Callback::from(move |(_, t): (String, String)| text.set(t)));
        })
    };
    let on_flow_file = {
        let (flow_file, problem) = (flow_file.clone(), problem.clone());
        Callback::from(move |e: Event| {
            let (flow_file, problem) = (flow_file.clone(), problem.clone());
            read_file(
                e,
                Callback::from(move |(name, t): (String, String)| match Flow::parse(&t) {
                    Ok(f) => {
                        problem.set(None);
                        flow_file.set(Some((name, Arc::new(f))));
                    }
                    Err(e) => problem.set(Some(format!("The flow file {name} could not be read: {}", e.describe()))),
                }),
            );
        })
    };
    let suite = read_suite(&text);
    let on_run = {
        let (suite, flow_file, problem, start) =
            (suite.clone(), flow_file.clone(), problem.clone(), suite_run.start.clone());
        let (conn, form_flow) = (props.conn.clone(), props.flow_id.clone());
        Callback::from(move |_: MouseEvent| {
            let suite = match &suite {
                Ok(s) => s.clone(),
                Err(e) => return problem.set(Some(e.clone())),
            };
            let conn = (!conn.token.trim().is_empty()).then(|| conn.clone());
            let flow_ref = suite.flow.clone().unwrap_or_default();
            let choice = match (&*flow_file, flow_ref.id, form_flow.trim()) {
                (Some((_, f)), _, _) => FlowChoice::File(f.clone()),
                (None, Some(id), _) => FlowChoice::Org { id, version: flow_ref.version.clone() },
                (None, None, id) if !id.is_empty() => FlowChoice::Org { id: id.to_string(), version: None },
                _ => return problem.set(Some("Choose a flow file, or give a Flow ID and connect to an org.".into())),
            };
            problem.set(None);
            start.emit((Rc::new(suite), choice, conn));
        })
    };
    let on_cancel = {
        let cancel = suite_run.cancel.clone();
        Callback::from(move |_: MouseEvent| cancel.emit(()))
    };
    let results = run.results.clone();
    let on_baseline = {
        let (suite, text, results) = (suite.clone(), text.clone(), results.clone());
        Callback::from(move |_: MouseEvent| {
            if let Ok(s) = &suite {
                text.set(runner::with_results_as_expected(s, &results[..]).to_json());
            }
        })
    };
    let tally = runner::tally(&results[..]);
    let exports = (!results.is_empty() && !run.running).then(|| {
        let suite_json = suite.as_ref().map(|s| s.to_json()).unwrap_or_default();
        html! {
            <div class="suite-exports">
                <a class="button" download="suite.json" href={data_url("application/json", &suite_json)}>{ "Export suite (JSON)" }</a>
                <a class="button" download="results.csv" href={data_url("text/csv", &runner::results_csv(&results[..]))}>{ "Export results (CSV)" }</a>
                <a class="button" download="results.json" href={data_url("application/json",
                    &serde_json::to_string_pretty(&runner::results_json(&results[..])).unwrap_or_default())}>{ "Export results (JSON)" }</a>
            </div>
        }
    });

    html! {
        <section class="suite-panel" data-testid="suite-panel">
            <h2>{ "Test suite" }</h2>
            <p class="hint">{ "Open a suite (JSON) or a CSV, or paste phone numbers one per line." }</p>
            <div class="field">
                <label for="suite-file">{ "Suite file" }</label>
                <input id="suite-file" type="file" accept=".json,.csv,.txt" onchange={on_suite_file} />
            </div>
            <div class="field">
                <label for="suite-text">{ "Suite" }</label>
                <textarea id="suite-text" rows="8" value={(*text).clone()} oninput={on_text} />
            </div>
            <div class="field">
                <label for="suite-flow-file">{ "Flow file (optional)" }</label>
                <input id="suite-flow-file" type="file" accept=".json,.i3InboundFlow,.i3Flow,*" onchange={on_flow_file} />
                if let Some((name, _)) = &*flow_file { <span class="hint" data-testid="suite-flow-name">{ name.clone() }</span> }
            </div>
            <p class="hint" data-testid="suite-count">{ match &suite {
                Ok(s) => format!("{} cases", s.cases.len()),
                Err(e) if !text.trim().is_empty() => e.clone(),
                Err(_) => String::new(),
            } }</p>
            <div class="actions">
                <button type="button" class="primary" onclick={on_run} disabled={run.running}>{ "Run suite" }</button>
                if run.running { <button type="button" onclick={on_cancel}>{ "Cancel" }</button> }
            </div>
            if let Some(p) = &*problem { <p class="field-error" data-testid="suite-error">{ p.clone() }</p> }
            if let Some(e) = &run.error { <p class="field-error" data-testid="suite-error">{ e.clone() }</p> }
            if run.total > 0 {
                <div class="suite-progress">
                    <progress max={run.total.to_string()} value={run.results.len().to_string()} />
                    <span data-testid="suite-progress">{ progress_text(&run) }</span>
                    if run.cancelled { <span data-testid="suite-cancelled">{ " Cancelled: the results so far are kept." }</span> }
                </div>
            }
            if !results.is_empty() {
                <p data-testid="suite-tally">{ format!("{} passed, {} failed, {} recorded", tally.passed, tally.failed, tally.recorded) }
                    if let Some(s) = &run.stats { { format!(" · API calls: {} sent, {} from the run's cache", s.sent, s.hits) } }
                </p>
                <div class="actions">
                    <button type="button" onclick={on_baseline} disabled={run.running}>{ "Use results as expected" }</button>
                </div>
                { exports.unwrap_or_default() }
                <table class="suite-results" data-testid="suite-results">
                    <thead><tr><th>{ "Case" }</th><th>{ "Outcome" }</th><th>{ "Target" }</th><th>{ "Result" }</th><th>{ "What differed" }</th></tr></thead>
                    <tbody>
                        for r in results.iter() {
                            { row(r, *open_row == Some(r.index), open_row.clone()) }
                        }
                    </tbody>
                </table>
            }
        </section>
    }
}

fn row(r: &CaseResult, open: bool, open_row: UseStateHandle<Option<usize>>) -> Html {
    let index = r.index;
    let onclick = Callback::from(move |_: MouseEvent| open_row.set(if open { None } else { Some(index) }));
    let verdict = verdict_text(r.verdict);
    html! {
        <>
            <tr class={classes!("suite-row", verdict)} data-testid="suite-row" {onclick}>
                <td>{ r.name.clone() }</td>
                <td>{ kind_text(r.outcome.kind) }</td>
                <td>{ r.outcome.target.clone().unwrap_or_default() }</td>
                <td data-testid="suite-verdict">{ verdict }</td>
                <td>{ r.differences_text() }</td>
            </tr>
            if open {
                <tr class="suite-trace" data-testid="suite-trace"><td colspan="5"><ol>
                    for ev in r.report.trace.iter().take(MAX_TRACE_LINES) { <li>{ ev.describe() }</li> }
                    <li>{ format!("Outcome: {}", r.outcome.description) }</li>
                </ol></td></tr>
            }
        </>
    }
}
