//! The execution trace: one item per step, 100 steps a page so a 5,000-step trace stays interactive.

use std::collections::HashSet;
use std::rc::Rc;

use flowsim_core::base::text::text_of;
use flowsim_core::flow::model::ActionIdx;
use flowsim_core::wire::contract::TraceStep;
use yew::prelude::*;

use super::contact_card::contact_card;
use super::pager::Page;
use crate::hooks::use_simulation::Finished;

pub const PAGE_SIZE: usize = 100;

#[derive(Properties, PartialEq)]
pub struct TraceProps {
    pub run: Rc<Finished>,
    /// The stepper's current step (a trace index): marked, and its page shown.
    #[prop_or_default]
    pub current: Option<usize>,
    /// Breakpoint toggles on the steps that are actions of the drawn flow.
    #[prop_or_default]
    pub toggles: Option<Toggles>,
}

/// Breakpoints on the trace's steps.
#[derive(Clone, PartialEq)]
pub struct Toggles {
    /// `(trace index, action)` of the steps that are actions of the drawn flow, in trace order.
    pub steps: Rc<Vec<(usize, ActionIdx)>>,
    /// The action ids with a breakpoint.
    pub set: Rc<HashSet<String>>,
    /// Adds or removes the breakpoint of an action id.
    pub toggle: Callback<String>,
}

/// The trace of a run, a page at a time. It owns the page shown; keyed by the run, each run starts on the first.
#[component]
pub fn TraceView(props: &TraceProps) -> Html {
    let page = use_state(|| 0usize);
    let steps: &[TraceStep] = match &props.run.outcome {
        Ok(s) => &s.response.trace,
        Err(_) => &[],
    };
    let searched = props.run.searched.as_str();
    let total = steps.len();
    // The page follows the stepper's current step.
    {
        let page = page.clone();
        use_effect_with(props.current, move |c| {
            if let Some(c) = c {
                page.set(c / PAGE_SIZE);
            }
        });
    }
    let shown = Page::of(total, PAGE_SIZE, *page);
    let (start, end) = (shown.start, shown.end);
    if total == 0 {
        return html! { <p class="muted" data-testid="trace-empty">{ "The trace is empty." }</p> };
    }
    let pager = shown.bar("steps", "Trace pages", "trace-page", &page);
    html! {
        <section class="trace" aria-label="Execution trace">
            { pager.clone() }
            <ol class="steps" start={(start + 1).to_string()}>
                for (i, step) in steps[start..end].iter().enumerate() {
                    { step_view(start + i, step, searched, props.current == Some(start + i), props.toggles.as_ref()) }
                }
            </ol>
            { pager }
        </section>
    }
}

/// One step, keyed by its index. A plain function, not a component: it has no state, and each component costs
/// its own lifecycle code in the wasm bundle.
fn step_view(index: usize, s: &TraceStep, searched: &str, is_current: bool, toggles: Option<&Toggles>) -> Html {
    let title = if s.node_name.is_empty() { "(unnamed step)".to_string() } else { s.node_name.clone() };
    let kind = if s.node_type.is_empty() { "(no type)".to_string() } else { s.node_type.clone() };
    let breakpoint = toggles.filter(|t| t.steps.binary_search_by_key(&index, |&(i, _)| i).is_ok()).map(|t| {
        let on = t.set.contains(&s.node_id);
        let id = s.node_id.clone();
        let onclick = t.toggle.reform(move |_: MouseEvent| id.clone());
        html! {
            <button type="button" class={classes!("bp-toggle", on.then_some("on"))} aria-pressed={on.to_string()}
                aria-label={format!("Breakpoint on {title}")} title="Pause the next run before this action" {onclick}>
                { if on { "● Breakpoint" } else { "○ Breakpoint" } }
            </button>
        }
    });
    html! {
        <li key={index} id={format!("step-{}", index + 1)} class={classes!("step", s.is_lookup().then_some("lookup"), is_current.then_some("current"))}
            aria-current={is_current.then_some("step")} data-testid="trace-step" data-node-type={s.node_type.clone()} data-node-id={s.node_id.clone()}>
            <header>
                <span class="step-name">{ title }</span>
                <span class="badge">{ kind }</span>
                if !s.node_id.is_empty() { <code class="step-id">{ &s.node_id }</code> }
                { breakpoint.unwrap_or_default() }
            </header>
            if !s.details.is_empty() || !s.variables.is_empty() {
                <dl class="details">
                    for d in s.details.iter() {
                        <div><dt>{ &d.label }</dt><dd>{ &d.value }</dd></div>
                    }
                    for v in s.variables.iter() {
                        <div data-testid="variable-change"><dt>{ "Variable" }</dt><dd>
                            <code>{ &v.name }</code>{ ": " }<span class="before">{ &v.before }</span>
                            { " → " }<span class="after">{ &v.after }</span>
                        </dd></div>
                    }
                </dl>
            }
            if !s.calls.is_empty() {
                <table class="calls">
                    <thead><tr><th>{ "Call" }</th><th>{ "Status" }</th><th>{ "ms" }</th><th>{ "Correlation ID" }</th></tr></thead>
                    <tbody>
                        for c in s.calls.iter() {
                            <tr data-testid="api-call">
                                <td><code>{ format!("{} {}", c.method, c.path) }</code></td>
                                <td>{ if c.status == 0 { "no response".to_string() } else { c.status.to_string() } }</td>
                                <td>{ (c.duration_ms.max(0.0).round() as u64).to_string() }</td>
                                <td><code>{ c.correlation_id.clone().unwrap_or_default() }</code></td>
                            </tr>
                        }
                    </tbody>
                </table>
            }
            if s.is_lookup() {
                { contact_card(&s.result, searched) }
            } else {
                if let Some(err) = &s.result.error { <p class="step-error">{ format!("Error: {err}") }</p> }
                if let Some(c) = &s.result.contact { <p>{ format!("Contact: {}", c.display_name()) }</p> }
            }
            if let Some(raw) = &s.result.unreadable {
                <p class="muted">{ "Result (not an object): " }<code>{ text_of(raw) }</code></p>
            }
            if let Some(o) = &s.outcome {
                <p class="outcome" data-testid="step-outcome">
                    { "Takes the path " }<strong>{ &o.path }</strong>
                    { match (&o.next_action_name, &o.next_action_id) {
                        (Some(n), _) => format!(" → {n}"),
                        (None, Some(id)) => format!(" → {id}"),
                        (None, None) => " → (end of the sequence)".to_string(),
                    } }
                </p>
            }
        </li>
    }
}
