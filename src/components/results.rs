//! What a run shows: the busy state with Cancel and the 429 countdown, then the summary, warnings,
//! the error or the trace, and the raw JSON on demand.

use flowsim_core::net::error::ErrorKind;
use flowsim_core::wire::contract::Verdict;
use yew::prelude::*;

use super::error_view::ErrorView;
use super::stepper::{RunView, SharedRef};
use crate::hooks::use_simulation::{Finished, Run};
use crate::state::Backend;

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

#[derive(Properties, PartialEq)]
pub struct ResultsProps {
    pub run: Run,
    pub on_cancel: Callback<()>,
    /// "Start here" on an action of the diagram.
    #[prop_or_default]
    pub on_start_here: Callback<String>,
}

/// The results section. It owns whether the raw JSON is open (kept across runs); the trace view owns its page.
#[component]
pub fn Results(props: &ResultsProps) -> Html {
    let show_raw = use_state(|| false);
    // Coverage and breakpoints outlive a run.
    let shared = use_memo((), |_| SharedRef::default());
    let on_cancel = &props.on_cancel;
    let busy = props.run.is_running();
    let body = match &props.run {
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
                        <RunView key={f.id} run={f.clone()} shared={(*shared).clone()} on_start_here={props.on_start_here.clone()} />
                        <button type="button" class="link" onclick={toggle}>
                            { if *show_raw { "Hide raw JSON" } else { "Show raw JSON" } }
                        </button>
                        if *show_raw {
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
