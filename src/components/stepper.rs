//! A finished run seen as a debugger sees it: the diagram with the run on it, Step back / Step / Continue through
//! the executed actions (buttons and the ← → keys), the variables as they were at the current step, breakpoints
//! on actions (a run stops at the first one reached, and Continue goes to the next), and for a picked action
//! "Start here". The trace below is linked: the current step is marked there too.
//!
//! Documented choice: breakpoints act on the finished run's trace (the in-browser engine runs to the end in one
//! go), so "pauses there" means the view stops at the step, with the variables as they were then.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use flowsim_core::flow::layout::layout;
use flowsim_core::flow::model::{ActionIdx, Flow, NodeRef};
use flowsim_core::wire::contract::TraceStep;
use yew::prelude::*;

use super::diagram::{Diagram, Overlay};
use super::trace::TraceView;
use crate::hooks::use_simulation::Finished;

/// What outlives a run: coverage by flow since the page opened, and the breakpoints (action ids).
#[derive(Debug, Default)]
pub struct Shared {
    coverage: HashMap<String, HashSet<String>>,
    counted: HashSet<u32>,
    pub breakpoints: HashSet<String>,
}

/// The shared state, compared by identity.
#[derive(Clone, Default)]
pub struct SharedRef(pub Rc<RefCell<Shared>>);

impl PartialEq for SharedRef {
    fn eq(&self, o: &Self) -> bool {
        Rc::ptr_eq(&self.0, &o.0)
    }
}

#[derive(Properties, PartialEq)]
pub struct RunViewProps {
    pub run: Rc<Finished>,
    pub shared: SharedRef,
    /// "Start here": the action id to put in Start at (the node id).
    pub on_start_here: Callback<String>,
}

/// The executed actions of a trace: `(trace index, action)`.
fn action_steps(flow: &Flow, trace: &[TraceStep]) -> Vec<(usize, ActionIdx)> {
    trace
        .iter()
        .enumerate()
        .filter_map(|(i, s)| match flow.lookup(&s.node_id) {
            Some(NodeRef::Action(a)) => Some((i, a)),
            _ => None,
        })
        .collect()
}

fn overlay(flow: &Flow, trace: &[TraceStep], steps: &[(usize, ActionIdx)], covered: &HashSet<String>) -> Overlay {
    let n = flow.actions.len();
    let mut o = Overlay { visited: vec![false; n], not_simulated: vec![false; n], ..Default::default() };
    for &(ti, ai) in steps {
        o.visited[ai] = true;
        let Some(step) = trace.get(ti) else { continue };
        if step.details.iter().any(|d| d.label == "Not simulated") {
            o.not_simulated[ai] = true;
        }
        if let Some(p) = &step.outcome {
            let paths = &flow.actions[ai].paths;
            let taken = paths
                .iter()
                .position(|x| x.label.eq_ignore_ascii_case(&p.path) || x.output_id.eq_ignore_ascii_case(&p.path));
            if let Some(pi) = taken {
                o.taken.insert((ai, pi));
            }
        }
        // A path taken without an outcome field: the "Path" detail.
        if let Some(d) = step.details.iter().find(|d| d.label == "Path") {
            let paths = &flow.actions[ai].paths;
            if let Some(pi) = paths
                .iter()
                .position(|x| x.label.eq_ignore_ascii_case(&d.value) || x.output_id.eq_ignore_ascii_case(&d.value))
            {
                o.taken.insert((ai, pi));
            }
        }
    }
    o.covered = flow.actions.iter().map(|a| covered.contains(&a.id)).collect();
    o
}

/// The variables as they were after trace step `upto`, from the steps' "Variable" details (`name: before → after`).
fn variables_at(trace: &[TraceStep], upto: usize) -> Vec<(String, String)> {
    let mut vars: Vec<(String, String)> = Vec::new();
    for s in trace.iter().take(upto.saturating_add(1)) {
        for d in s.details.iter().filter(|d| d.label == "Variable") {
            let Some((name, change)) = d.value.split_once(": ") else { continue };
            let after = change.rsplit_once(" → ").map_or(change, |(_, a)| a);
            match vars.iter_mut().find(|(n, _)| n == name) {
                Some(v) => v.1 = after.to_string(),
                None => vars.push((name.to_string(), after.to_string())),
            }
        }
    }
    vars
}

/// The first step at or after `from` whose action has a breakpoint.
fn next_breakpoint(flow: &Flow, steps: &[(usize, ActionIdx)], bps: &HashSet<String>, from: usize) -> Option<usize> {
    (from..steps.len()).find(|&k| flow.actions.get(steps[k].1).is_some_and(|a| bps.contains(&a.id)))
}

fn now() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}

#[component]
pub fn RunView(props: &RunViewProps) -> Html {
    let run = &props.run;
    let trace: &[TraceStep] = match &run.outcome {
        Ok(s) => &s.response.trace,
        Err(_) => &[],
    };
    let flow = run.outcome.as_ref().ok().and_then(|s| s.flow.clone());
    let model = {
        let (flow, shared, run) = (flow.clone(), props.shared.clone(), run.clone());
        use_memo(run.id, move |_| {
            let flow = flow?;
            let trace: &[TraceStep] = run.outcome.as_ref().map(|s| s.response.trace.as_slice()).unwrap_or(&[]);
            let steps = action_steps(&flow, trace);
            let mut sh = shared.0.borrow_mut();
            let key = format!("{}\u{0}{}", flow.flow_type, flow.name);
            if sh.counted.insert(run.id) {
                let ids = steps.iter().filter_map(|&(_, a)| flow.actions.get(a).map(|a| a.id.clone()));
                sh.coverage.entry(key.clone()).or_default().extend(ids);
            }
            let covered = sh.coverage.get(&key).cloned().unwrap_or_default();
            let overlay = overlay(&flow, trace, &steps, &covered);
            let mut o = overlay;
            if let (Some(out), Some(&(_, last))) =
                (run.outcome.as_ref().ok().and_then(|s| s.response.outcome.as_ref()), steps.last())
            {
                o.outcome = Some((last, format!("{:?}", out.kind)));
            }
            // The layout's time (µs, whole: no float formatting in the bundle), for `cargo xtask bench` (read from the page, never asserted in a test).
            let t0 = now();
            let lay = Rc::new(layout(&flow));
            let ms = now() - t0;
            Some((flow.clone(), lay, Rc::new(o), Rc::new(steps), ms))
        })
    };
    // The stepper's position in the executed actions; a run with breakpoints stops at the first one reached.
    let current = {
        let (model, shared) = (model.clone(), props.shared.clone());
        use_state(move || {
            let (flow, _, _, steps, _) = model.as_ref().as_ref()?;
            next_breakpoint(flow, steps, &shared.0.borrow().breakpoints, 0)
        })
    };
    let revision = use_state(|| 0u32);
    let picked = use_state(|| None::<ActionIdx>);

    let Some((flow, lay, over, steps, layout_ms)) = model.as_ref().clone() else {
        return html! {
            <>
                <p class="muted" data-testid="diagram-unavailable">
                    { "No diagram: the remote endpoint answers with a trace, not the flow. Run in the browser to see the flow drawn." }
                </p>
                <TraceView run={run.clone()} />
            </>
        };
    };
    let total = steps.len();
    let bps = props.shared.0.borrow().breakpoints.clone();
    let paused_at_bp =
        current.and_then(|k| steps.get(k)).and_then(|&(_, a)| flow.actions.get(a)).is_some_and(|a| bps.contains(&a.id));

    let go = {
        let current = current.clone();
        move |to: Option<usize>| {
            let current = current.clone();
            Callback::from(move |_: MouseEvent| current.set(to))
        }
    };
    let back = current.map(|k| k.saturating_sub(1));
    let fwd = match *current {
        None if total > 0 => Some(0),
        None => None,
        Some(k) => Some((k + 1).min(total.saturating_sub(1))),
    };
    let cont = next_breakpoint(&flow, &steps, &bps, current.map_or(0, |k| k + 1));
    let onkeydown = {
        let current = current.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.shift_key() || e.ctrl_key() || e.alt_key() || e.meta_key() {
                return;
            }
            let to = match e.key().as_str() {
                "ArrowRight" => fwd,
                "ArrowLeft" => back.or(Some(0)),
                _ => return,
            };
            if total > 0 {
                e.prevent_default();
                current.set(to);
            }
        })
    };
    let on_pick = {
        let picked = picked.clone();
        Callback::from(move |ai: ActionIdx| picked.set(Some(ai)))
    };
    let current_action = current.and_then(|k| steps.get(k)).map(|&(_, a)| a);
    let current_trace = current.and_then(|k| steps.get(k)).map(|&(t, _)| t);
    let vars = current_trace.map(|t| variables_at(trace, t));

    let picked_panel = picked.and_then(|ai| flow.actions.get(ai).map(|a| (ai, a))).map(|(ai, a)| {
        let id = a.id.clone();
        let has_bp = bps.contains(&id);
        let toggle = {
            let (shared, revision, id) = (props.shared.clone(), revision.clone(), id.clone());
            Callback::from(move |_: MouseEvent| {
                let mut sh = shared.0.borrow_mut();
                if !sh.breakpoints.remove(&id) {
                    sh.breakpoints.insert(id.clone());
                }
                revision.set(*revision + 1);
            })
        };
        let start_here = props.on_start_here.reform({
            let id = id.clone();
            move |_: MouseEvent| id.clone()
        });
        let first_step = steps.iter().position(|&(_, x)| x == ai);
        html! {
            <div class="picked" data-testid="picked-action" role="region" aria-label="Picked action">
                <strong>{ if a.name.is_empty() { "(unnamed)" } else { &a.name } }</strong>
                <span class="badge">{ &a.type_name }</span>
                <code>{ &a.id }</code>
                <button type="button" class="secondary" onclick={start_here}>{ "Start here" }</button>
                <button type="button" class="secondary" onclick={toggle}>{ if has_bp { "Remove breakpoint" } else { "Add breakpoint" } }</button>
                if let Some(k) = first_step {
                    <button type="button" class="secondary" onclick={go(Some(k))}>{ "Go to its step" }</button>
                } else {
                    <span class="muted">{ "Not reached by this run." }</span>
                }
            </div>
        }
    });

    html! {
        <div class="run-view" {onkeydown} data-layout-us={((layout_ms * 1000.0).round() as i64).to_string()} data-run={run.id.to_string()}>
            <Diagram flow={flow.clone()} layout={lay.clone()} overlay={over.clone()} current={current_action}
                breakpoints={Rc::new(bps.clone())} {on_pick} revision={*revision} />
            { picked_panel.unwrap_or_default() }
            <div class="stepper" data-testid="stepper" role="group" aria-label="Step through the run">
                <button type="button" class="secondary" disabled={current.is_none_or(|k| k == 0)} onclick={go(back)}>{ "◀ Step back" }</button>
                <button type="button" class="secondary" disabled={total == 0 || *current == Some(total - 1)} onclick={go(fwd)}>{ "Step ▶" }</button>
                <button type="button" class="secondary" disabled={cont.is_none()} onclick={go(cont)}>{ "Continue to breakpoint" }</button>
                if current.is_some() {
                    <button type="button" class="link" onclick={go(None)}>{ "Stop stepping" }</button>
                }
                <span data-testid="stepper-position" aria-live="polite">
                    { match (current_action.and_then(|a| flow.actions.get(a)), *current) {
                        (Some(a), Some(k)) => format!("Step {} of {}: {}{}", k + 1, total, a.name,
                            if paused_at_bp { " (paused at a breakpoint)" } else { "" }),
                        _ => format!("{total} actions ran. Step through them with Step or the → key."),
                    } }
                </span>
            </div>
            if let Some(vars) = vars {
                <table class="variables" data-testid="variables">
                    <caption>{ "Variables at this step" }</caption>
                    <thead><tr><th>{ "Variable" }</th><th>{ "Value" }</th></tr></thead>
                    <tbody>
                        if vars.is_empty() { <tr><td colspan="2" class="muted">{ "No variable set yet." }</td></tr> }
                        for (n, v) in vars.iter() {
                            <tr data-testid="variable"><td><code>{ n }</code></td><td>{ v }</td></tr>
                        }
                    </tbody>
                </table>
            }
            <TraceView run={run.clone()} current={current_trace} />
        </div>
    }
}
