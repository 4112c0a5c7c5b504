//! The "Test suite" panel: open a suite (JSON), a CSV or paste numbers one per line; run it against the flow
//! file or the connected org, or compare a published version of the org's flow with its saved configuration;
//! watch the progress; read the results (each row opens its trace) and the changed cases; make the run the
//! baseline; export the suite and the results.

use std::rc::Rc;
use std::sync::Arc;

use flowsim_core::flow::Flow;
use flowsim_core::net::api::{Api, Connection};
use flowsim_core::sim::suite::runner::{self, kind_text, verdict_text, CaseResult, Change, FlowVersionInfo};
use flowsim_core::sim::suite::{csv, Paced, Suite};
use wasm_bindgen_futures::JsFuture;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::components::pager::Page;
use crate::hooks::use_suite::{use_suite, FlowChoice, SuiteRequest, SuiteRun};
use crate::services::fetch::{BrowserClient, CancelHandle};

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

/// Result rows shown at once.
const ROWS_PER_PAGE: usize = 100;

/// Hands `text` to the browser as a download named `name`. Exports are built when asked for, not on every
/// render: the JSON of a 1,000-case run's traces takes long enough to hold up the page.
fn download(name: &str, mime: &str, text: &str) {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(&format!("{mime};charset=utf-8"));
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else { return };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return };
    let link = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.create_element("a").ok())
        .and_then(|a| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(a).ok());
    if let Some(a) = link {
        let _ = a.set_attribute("href", &url);
        let _ = a.set_attribute("download", name);
        a.click();
    }
    // The download has started reading the blob by the time this runs.
    spawn_local(async move {
        gloo_timers::future::TimeoutFuture::new(30_000).await;
        let _ = web_sys::Url::revoke_object_url(&url);
    });
}

/// A button that downloads what `make` builds when it is clicked.
fn export_button(label: &str, name: &'static str, mime: &'static str, make: impl Fn() -> String + 'static) -> Html {
    let onclick = Callback::from(move |_: MouseEvent| download(name, mime, &make()));
    html! { <button type="button" class="secondary" {onclick}>{ label.to_string() }</button> }
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
    let done = run.done;
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
    let row_page = use_state(|| 0usize);
    let only_failed = use_state(|| false);
    let reuse = use_state(|| false);
    let versions = use_state(|| None::<(String, Rc<Vec<FlowVersionInfo>>)>);
    let version_select = use_node_ref();
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
    // Read once per text, not on every render (a run re-renders the panel with each batch of results).
    let suite = use_memo((*text).clone(), |t| read_suite(t));
    // The flow a run uses: the chosen file, else the suite's org flow, else the form's Flow ID.
    let flow_choice = match (&*flow_file, (*suite).as_ref().ok().and_then(|s| s.flow.clone()), props.flow_id.trim()) {
        (Some((_, f)), _, _) => Some(FlowChoice::File(f.clone())),
        (None, Some(r), _) if r.id.is_some() => r.id.map(|id| FlowChoice::Org { id, version: r.version }),
        (None, _, id) if !id.is_empty() => Some(FlowChoice::Org { id: id.to_string(), version: None }),
        _ => None,
    };
    let org_flow = match &flow_choice {
        Some(FlowChoice::Org { id, .. }) => Some(id.clone()),
        _ => None,
    };
    let conn = (!props.conn.token.trim().is_empty()).then(|| props.conn.clone());
    let start_run = {
        let (suite, flow_choice, conn, problem, start, reuse) =
            (suite.clone(), flow_choice.clone(), conn.clone(), problem.clone(), suite_run.start.clone(), *reuse);
        Callback::from(move |compare_with: Option<String>| {
            let suite = match &*suite {
                Ok(s) => s.clone(),
                Err(e) => return problem.set(Some(e.clone())),
            };
            let Some(flow) = flow_choice.clone() else {
                return problem.set(Some("Choose a flow file, or give a Flow ID and connect to an org.".into()));
            };
            problem.set(None);
            start.emit(SuiteRequest {
                suite: Rc::new(suite),
                flow,
                conn: conn.clone(),
                compare_with,
                reuse_reads: reuse,
            });
        })
    };
    let on_run = {
        let start_run = start_run.clone();
        Callback::from(move |_: MouseEvent| start_run.emit(None))
    };
    let on_compare = {
        let select = version_select.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(s) = select.cast::<web_sys::HtmlSelectElement>() {
                start_run.emit(Some(s.value()));
            }
        })
    };
    let on_list_versions = {
        let (versions, problem, conn, org_flow) = (versions.clone(), problem.clone(), conn.clone(), org_flow.clone());
        Callback::from(move |_: MouseEvent| {
            let (Some(conn), Some(flow_id)) = (conn.clone(), org_flow.clone()) else {
                return problem
                    .set(Some("Connect to an org (API base and access token) to list the flow's versions.".into()));
            };
            let (versions, problem) = (versions.clone(), problem.clone());
            spawn_local(async move {
                let client = BrowserClient::new(CancelHandle::default(), Callback::noop());
                // Through a Paced client as the runs are: the same code in the bundle.
                let paced = Paced::new(&client, 0);
                let api = Api::new(&paced, &conn, 30_000);
                match runner::list_versions(&api, &flow_id).await {
                    Ok(list) => {
                        problem.set(None);
                        versions.set(Some((flow_id, Rc::new(list))));
                    }
                    Err(e) => problem.set(Some(format!("{} {}", e.summary, e.action))),
                }
            });
        })
    };
    let on_reuse = {
        let reuse = reuse.clone();
        Callback::from(move |e: Event| reuse.set(e.target_unchecked_into::<web_sys::HtmlInputElement>().checked()))
    };
    // The versions listed for the flow the run would use (a list for another flow is stale).
    let listed = versions.as_ref().filter(|(id, _)| Some(id) == org_flow.as_ref()).map(|(_, l)| l.clone());
    let on_cancel = {
        let cancel = suite_run.cancel.clone();
        Callback::from(move |_: MouseEvent| cancel.emit(()))
    };
    let results = run.results.clone();
    let on_baseline = {
        let (suite, text, results) = (suite.clone(), text.clone(), results.clone());
        Callback::from(move |_: MouseEvent| {
            if let Ok(s) = &*suite {
                text.set(runner::with_results_as_expected(s, &results[..]).to_json());
            }
        })
    };
    let tally = runner::tally(&results[..]);
    // A page of rows at a time: a table of thousands of rows takes the browser longer to lay out on each batch of
    // results than the cases take to run.
    let shown: Vec<&Rc<CaseResult>> =
        results.iter().filter(|r| !*only_failed || r.verdict == runner::Verdict::Failed).collect();
    let page = Page::of(shown.len(), ROWS_PER_PAGE, *row_page);
    let (start, end) = (page.start, page.end);
    let pager = page.bar("cases", "Result pages", "suite-page", &row_page);
    let on_only_failed = {
        let (only_failed, row_page) = (only_failed.clone(), row_page.clone());
        Callback::from(move |e: Event| {
            only_failed.set(e.target_unchecked_into::<web_sys::HtmlInputElement>().checked());
            row_page.set(0);
        })
    };
    let exports = (!results.is_empty() && !run.running).then(|| {
        let (suite, csv_of, json_of) = (suite.clone(), results.clone(), results.clone());
        html! {
            <div class="suite-exports">
                { export_button("Export suite (JSON)", "suite.json", "application/json",
                    move || (*suite).as_ref().map(|s| s.to_json()).unwrap_or_default()) }
                { export_button("Export results (CSV)", "results.csv", "text/csv",
                    move || runner::results_csv(&csv_of[..])) }
                { export_button("Export results (JSON)", "results.json", "application/json",
                    move || serde_json::to_string_pretty(&runner::results_json(&json_of[..])).unwrap_or_default()) }
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
            <p class="hint" data-testid="suite-count">{ match &*suite {
                Ok(s) => format!("{} cases", s.cases.len()),
                Err(e) if !text.trim().is_empty() => e.clone(),
                Err(_) => String::new(),
            } }</p>
            <label class="check">
                <input id="suite-reuse" type="checkbox" checked={*reuse} onchange={on_reuse} />
                { " Reuse org reads from the last run" }
            </label>
            <div class="actions">
                <button type="button" class="primary" onclick={on_run} disabled={run.running}>{ "Run suite" }</button>
                if run.running { <button type="button" onclick={on_cancel}>{ "Cancel" }</button> }
            </div>
            if org_flow.is_some() {
                <div class="field suite-versions">
                    <p class="hint">{ "What does my change do to callers? Run the suite against a published version and the saved configuration, and list the cases that differ." }</p>
                    <button type="button" onclick={on_list_versions} disabled={run.running}>{ "List versions" }</button>
                    if let Some(list) = &listed {
                        <label for="suite-version">{ "Published version" }</label>
                        <select id="suite-version" ref={version_select}>
                            for v in list.iter() { <option value={v.id.clone()}>{ format!("{} ({})", v.id, v.name) }</option> }
                        </select>
                        <button type="button" onclick={on_compare} disabled={run.running || list.is_empty()}>{ "Compare with saved" }</button>
                    }
                </div>
            }
            if let Some(p) = &*problem { <p class="field-error" data-testid="suite-error">{ p.clone() }</p> }
            if let Some(e) = &run.error { <p class="field-error" data-testid="suite-error">{ e.clone() }</p> }
            if run.total > 0 {
                <div class="suite-progress">
                    <progress max={run.total.to_string()} value={run.done.to_string()} />
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
                if let Some((v, changes)) = &run.changes { { changes_view(v, changes, results.len()) } }
                <div class="actions">
                    <label class="checkbox"><input type="checkbox" checked={*only_failed} onchange={on_only_failed} />{ "Only failed cases" }</label>
                    { pager.clone() }
                </div>
                <table class="suite-results" data-testid="suite-results">
                    <thead><tr><th>{ "Case" }</th><th>{ "Outcome" }</th><th>{ "Target" }</th><th>{ "Result" }</th><th>{ "What differed" }</th></tr></thead>
                    <tbody>
                        for r in shown[start..end].iter() {
                            { row(r, *open_row == Some(r.index), open_row.clone()) }
                        }
                    </tbody>
                </table>
                { pager }
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

/// The cases whose outcome or path differs between version `v` and the saved configuration, each difference stated.
fn changes_view(v: &str, changes: &[Change], cases: usize) -> Html {
    html! {
        <div class="suite-changes" data-testid="suite-changes">
            <p data-testid="suite-changes-count">{ format!("{} of {cases} cases changed from version {v} to the saved configuration", changes.len()) }</p>
            <ul>
                for c in changes.iter() { <li data-testid="suite-change">{ format!("{}: {}", c.name, c.describe()) }</li> }
            </ul>
        </div>
    }
}
