//! What a run shows: the busy state with Cancel and the 429 countdown, then the summary, warnings,
//! the error or the trace, and the raw JSON on demand.

use flowsim_core::interp::{InputKind, InputRequest};
use flowsim_core::net::error::ErrorKind;
use flowsim_core::sim::engine::percent;
use flowsim_core::sim::run::Resume;
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
    /// The user's answer where the run waits for the caller (`None`: silence).
    pub on_answer: Callback<Option<String>>,
    /// Continue or Stop at a breakpoint.
    #[prop_or_default]
    pub on_resume: Callback<Resume>,
    /// "Start here" on an action of the diagram.
    #[prop_or_default]
    pub on_start_here: Callback<String>,
    /// "Override this action": the action's id and the path to take.
    #[prop_or_default]
    pub on_override: Callback<(String, String)>,
    /// Coverage and breakpoints, which outlive a run.
    pub shared: SharedRef,
}

/// The results section. It owns whether the raw JSON is open (kept across runs); the trace view owns its page.
#[component]
pub fn Results(props: &ResultsProps) -> Html {
    let show_raw = use_state(|| false);
    let shared = &props.shared;
    let on_cancel = &props.on_cancel;
    let busy = props.run.is_running();
    let body = match &props.run {
        Run::Idle => html! { <p class="muted">{ "Fill in the form and press Simulate (or Ctrl+Enter)." }</p> },
        // Paused at a breakpoint: the run so far, with Continue and Stop.
        Run::Running { paused: Some((n, f)), .. } => html! {
            <RunView key={format!("paused-{n}")} run={f.clone()} shared={shared.clone()} on_start_here={props.on_start_here.clone()}
                on_override={props.on_override.clone()} on_resume={Some(props.on_resume.clone())} />
        },
        Run::Running { countdown, prompt, .. } => {
            let cancel = on_cancel.reform(|_: MouseEvent| ());
            html! {
                <>
                if let Some(p) = prompt {
                    <PromptView prompt={p.clone()} on_answer={props.on_answer.clone()} />
                }
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
                </>
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
                        if let Some(o) = f.outcome.as_ref().ok().and_then(|s| s.response.outcome.as_ref()) {
                            <strong data-testid="outcome" data-outcome={format!("{:?}", o.kind).to_lowercase()}>{ format!("Outcome: {}", o.description) }</strong>
                            { " · " }
                        }
                        <strong>{ headline }</strong>
                        <span class="muted">
                            { f.http_status.map(|s| format!(" · HTTP {s}")).unwrap_or_default() }
                            { format!(" · {} ms · {backend}", f.duration_ms.max(0.0).round() as u64) }
                            if let Ok(s) = &f.outcome { { format!(" · status {}", if s.response.status.is_empty() { "(none)" } else { &s.response.status }) } }
                        </span>
                    </p>
                    if let Some(c) = f.outcome.as_ref().ok().and_then(|s| s.response.coverage) {
                        <p class="coverage" data-testid="coverage">
                            { format!("Coverage: {} of {} actions ({}), {} of {} paths ({})",
                                c.actions_visited, c.actions_total, percent(c.actions_visited, c.actions_total),
                                c.paths_visited, c.paths_total, percent(c.paths_visited, c.paths_total)) }
                        </p>
                    }
                    if let Ok(s) = &f.outcome {
                        if !s.response.warnings.is_empty() {
                            <ul class="warnings" data-testid="warnings">
                                for w in s.response.warnings.iter() { <li>{ w }</li> }
                            </ul>
                        }
                    }
                    if let Err(e) = &f.outcome { <ErrorView error={e.clone()} /> }
                    if f.outcome.is_ok() {
                        <RunView key={f.id} run={f.clone()} shared={shared.clone()} on_start_here={props.on_start_here.clone()}
                            on_override={props.on_override.clone()} />
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

#[derive(Properties, PartialEq)]
struct PromptProps {
    prompt: InputRequest,
    on_answer: Callback<Option<String>>,
}

/// Where the flow waits for the caller: what the caller just heard or read, and the answer to give.
#[component]
fn PromptView(props: &PromptProps) -> Html {
    let text = use_state(String::new);
    let oninput = {
        let text = text.clone();
        Callback::from(move |e: InputEvent| text.set(e.target_unchecked_into::<web_sys::HtmlInputElement>().value()))
    };
    let answer = {
        let (text, on_answer) = (text.clone(), props.on_answer.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            on_answer.emit(Some(text.trim().to_string()));
            text.set(String::new());
        })
    };
    let silence = props.on_answer.reform(|_: MouseEvent| None);
    let what = match props.prompt.kind {
        InputKind::Digits => "digits",
        InputKind::YesNo => "yes or no",
        InputKind::Slot => "a value",
        InputKind::Intent => "an intent",
        InputKind::Choice => "a choice",
    };
    html! {
        <form class="prompt" data-testid="prompt" onsubmit={answer} aria-label="The flow waits for the caller">
            <p><strong>{ "The flow waits for the caller" }</strong>{ format!(" ({what})") }</p>
            if !props.prompt.prompt.is_empty() { <p class="said">{ &props.prompt.prompt }</p> }
            if !props.prompt.choices.is_empty() {
                <p class="hint">{ format!("Accepted: {}", props.prompt.choices.join(", ")) }</p>
            }
            <label for="caller-answer">{ "Caller's answer" }</label>
            <input id="caller-answer" type="text" value={(*text).clone()} {oninput} />
            <button type="submit" class="primary">{ "Answer" }</button>
            <button type="button" class="secondary" onclick={silence}>{ "Stay silent" }</button>
        </form>
    }
}
