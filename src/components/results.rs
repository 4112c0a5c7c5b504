//! What a run shows: the busy state with Cancel and the 429 countdown, then the summary, warnings,
//! the error or the trace, and the raw JSON on demand.

use std::rc::Rc;

use flowsim_core::net::error::{ErrorKind, UserError};
use flowsim_core::sim::remote::Simulated;
use flowsim_core::wire::contract::{TraceStep, Verdict};
use yew::prelude::*;

use super::error_view::ErrorView;
use super::trace::trace_view;
use crate::services::fetch::{CancelHandle, RetryCountdown};
use crate::state::Backend;

/// A finished run.
#[derive(Debug, PartialEq)]
pub struct Finished {
    pub id: u32,
    pub backend: Backend,
    /// The E.164 number the run looked up.
    pub searched: String,
    pub outcome: Result<Simulated, UserError>,
    pub http_status: Option<u16>,
    pub duration_ms: f64,
    pub steps: Rc<Vec<TraceStep>>,
}

#[derive(Clone, PartialEq)]
pub enum Run {
    Idle,
    Running { cancel: CancelHandle, countdown: Option<RetryCountdown> },
    Done(Rc<Finished>),
}

fn verdict_of(f: &Finished) -> (&'static str, String) {
    match &f.outcome {
        Err(e) if e.kind == ErrorKind::Cancelled => ("cancelled", "Cancelled".to_string()),
        Err(_) => ("error", "Error".to_string()),
        Ok(s) => match s.response.verdict() {
            Verdict::Found { name } => ("found", format!("Found: {name}")),
            Verdict::MultipleMatches { count } => ("multiple_matches", format!("Multiple matches: {count} contacts")),
            Verdict::NotFound => ("not_found", format!("Not found: no contact for {}", f.searched)),
            Verdict::StepError { message } => ("error", format!("Lookup error: {message}")),
            Verdict::NoLookup => ("no_lookup", "No external contact lookup in the trace".to_string()),
        },
    }
}

/// The results section. A plain function, not a component (each costs its own lifecycle code in the wasm
/// bundle); the page keeps `show_raw`, whether the raw JSON is open, and `trace_page`, the trace page shown.
pub fn results(
    run: &Run,
    on_cancel: &Callback<()>,
    show_raw: &UseStateHandle<bool>,
    trace_page: &UseStateHandle<usize>,
) -> Html {
    let busy = matches!(run, Run::Running { .. });
    let body = match run {
        Run::Idle => html! { <p class="muted">{ "Fill in the form and press Simulate (or Ctrl+Enter)." }</p> },
        Run::Running { countdown, .. } => {
            let cancel = on_cancel.reform(|_: MouseEvent| ());
            html! {
                <div class="busy" role="status">
                    <span class="spinner" aria-hidden="true"></span>
                    <span>{ "Simulating…" }</span>
                    if let Some(c) = countdown {
                        <span class="countdown" data-testid="retry-countdown">
                            { format!("Rate limited (429): retrying in {} s (retry {} of {})", c.remaining_secs, c.attempt, c.max) }
                        </span>
                    }
                    <button type="button" class="secondary" onclick={cancel}>{ "Cancel" }</button>
                </div>
            }
        }
        Run::Done(f) => {
            let (verdict, headline) = verdict_of(f);
            let toggle = {
                let show_raw = show_raw.clone();
                Callback::from(move |_: MouseEvent| show_raw.set(!*show_raw))
            };
            let backend = match f.backend {
                Backend::Browser => "in the browser",
                Backend::Remote => "remote endpoint",
            };
            html! {
                <>
                    <p class={classes!("summary", verdict)} role="status" data-testid="summary" data-verdict={verdict}>
                        <strong>{ headline }</strong>
                        <span class="muted">
                            { f.http_status.map(|s| format!(" · HTTP {s}")).unwrap_or_default() }
                            { format!(" · {} ms · {backend}", f.duration_ms.max(0.0).round() as u64) }
                            if let Ok(s) = &f.outcome { { format!(" · status {}", if s.response.status.is_empty() { "(none)" } else { &s.response.status }) } }
                        </span>
                    </p>
                    if let Ok(s) = &f.outcome {
                        if !s.response.warnings.is_empty() {
                            <ul class="warnings" data-testid="warnings">
                                for w in s.response.warnings.iter() { <li>{ w }</li> }
                            </ul>
                        }
                    }
                    if let Err(e) = &f.outcome { <ErrorView error={e.clone()} /> }
                    if f.outcome.is_ok() {
                        { trace_view(&f.steps, &f.searched, trace_page) }
                        <button type="button" class="link" onclick={toggle}>
                            { if **show_raw { "Hide raw JSON" } else { "Show raw JSON" } }
                        </button>
                        if **show_raw {
                            if let Ok(s) = &f.outcome { <pre class="raw" data-testid="raw-json">{ &s.raw }</pre> }
                        }
                    }
                </>
            }
        }
    };
    html! {
        <section class="results" data-testid="results" aria-busy={busy.to_string()} aria-live="polite">
            <h2>{ "Result" }</h2>
            { body }
        </section>
    }
}
