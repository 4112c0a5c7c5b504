//! A run seen as a debugger sees it: the diagram with the run on it, Step back / Step through the executed actions
//! (buttons and the ← → keys), the variables as they were at the current step, breakpoints on actions (toggled
//! from the diagram's action panel or a trace step), and for a picked action "Start here" and "Override this
//! action". The trace below is linked: the current step is marked there too.
//!
//! A run in the browser pauses at a breakpoint before the action runs: this view then shows the run so far, the
//! paused action current, the variables as they are now, and Continue / Stop.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use flowsim_core::flow::layout::layout;
use flowsim_core::flow::model::{ActionIdx, ActionKind, Flow, NodeRef};
use flowsim_core::interp::value_text;
use flowsim_core::sim::engine::DETAIL_PAUSED;
use flowsim_core::sim::run::Resume;
use flowsim_core::wire::contract::TraceStep;
use yew::prelude::*;

use super::diagram::{Diagram, Overlay};
use super::trace::{Toggles, TraceView};
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

impl SharedRef {
    /// The breakpoints, for a run's options (their order does not matter; no sort, which would cost its code in
    /// the bundle).
    pub fn breakpoints(&self) -> Vec<String> {
        self.0.borrow().breakpoints.iter().cloned().collect()
    }
}

#[derive(Properties, PartialEq)]
pub struct RunViewProps {
    pub run: Rc<Finished>,
    pub shared: SharedRef,
    /// "Start here": the action id to put in Start at (the node id).
    pub on_start_here: Callback<String>,
    /// "Override this action": the action's id and the path to take.
    #[prop_or_default]
    pub on_override: Callback<(String, String)>,
    /// `Some` while the run is paused at a breakpoint (`run` is the run so far): Continue and Stop answer here.
    #[prop_or_default]
    pub on_resume: Option<Callback<Resume>>,
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
        let Some(step) = trace.get(ti) else { continue };
        if step.detail(DETAIL_PAUSED).is_some() {
            continue; // paused before it runs
        }
        o.visited[ai] = true;
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

/// The variables as they were after trace step `upto`, from the steps' changes.
fn variables_at(trace: &[TraceStep], upto: usize) -> Vec<(String, String)> {
    let mut vars: Vec<(String, String)> = Vec::new();
    for c in trace.iter().take(upto.saturating_add(1)).flat_map(|s| s.variables.iter()) {
        match vars.iter_mut().find(|(n, _)| *n == c.name) {
            Some(v) => v.1.clone_from(&c.after),
            None => vars.push((c.name.clone(), c.after.clone())),
        }
    }
    vars
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
    let live = props.on_resume.is_some();
    let model = {
        let (flow, shared, run) = (flow.clone(), props.shared.clone(), run.clone());
        use_memo(run.id, move |_| {
            let flow = flow?;
            let trace: &[TraceStep] = run.outcome.as_ref().map(|s| s.response.trace.as_slice()).unwrap_or(&[]);
            let steps = action_steps(&flow, trace);
            let mut sh = shared.0.borrow_mut();
            let key = format!("{}\u{0}{}", flow.flow_type, flow.name);
            // A paused run is counted when it has finished.
            if !live && sh.counted.insert(run.id) {
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
    // The stepper's position in the executed actions: none for a finished run, the paused action for a paused one.
    let current = {
        let model = model.clone();
        use_state(move || {
            let (_, _, _, steps, _) = model.as_ref().as_ref()?;
            live.then(|| steps.len().checked_sub(1)).flatten()
        })
    };
    let revision = use_state(|| 0u32);
    let picked = use_state(|| None::<ActionIdx>);
    // At a pause the keyboard goes to Continue (Simulate, where it was, is disabled while the run lasts).
    let continue_ref = use_node_ref();
    {
        let continue_ref = continue_ref.clone();
        use_effect_with(live, move |_| {
            if let Some(b) = continue_ref.cast::<web_sys::HtmlElement>() {
                let _ = b.focus();
            }
        });
    }

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
    let bps = Rc::new(props.shared.0.borrow().breakpoints.clone());
    let toggle_bp = {
        let (shared, revision) = (props.shared.clone(), revision.clone());
        Callback::from(move |id: String| {
            let mut sh = shared.0.borrow_mut();
            if !sh.breakpoints.remove(&id) {
                sh.breakpoints.insert(id);
            }
            revision.set(*revision + 1);
        })
    };

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
    // The paused action is the run's last step (it may be in a module the diagram does not draw).
    let at_pause = live && current_trace.is_some_and(|t| t + 1 == trace.len());
    let vars = current_trace.map(|t| match &run.outcome {
        // At the pause: every variable as it is now, NOT_SET ones included.
        Ok(s) if at_pause => s.variables.iter().map(|(n, v)| (n.clone(), value_text(v))).collect(),
        _ => variables_at(trace, t),
    });

    let picked_panel = picked.and_then(|ai| flow.actions.get(ai).map(|a| (ai, a))).map(|(ai, a)| {
        let id = a.id.clone();
        let has_bp = bps.contains(&id);
        let toggle = toggle_bp.reform({
            let id = id.clone();
            move |_: MouseEvent| id.clone()
        });
        let start_here = props.on_start_here.reform({
            let id = id.clone();
            move |_: MouseEvent| id.clone()
        });
        // "Override this action": a path this run did not take there (else its first), for the user to change.
        let override_path = (a.kind != ActionKind::Loop)
            .then(|| a.paths.iter().enumerate().find(|(pi, _)| !over.taken.contains(&(ai, *pi))).or(a.paths.iter().enumerate().next()))
            .flatten()
            .map(|(_, p)| if p.label.is_empty() { p.output_id.clone() } else { p.label.clone() });
        let override_this = override_path.map(|path| {
            let id = id.clone();
            props.on_override.reform(move |_: MouseEvent| (id.clone(), path.clone()))
        });
        let first_step = steps.iter().position(|&(_, x)| x == ai);
        html! {
            <div class="picked" data-testid="picked-action" role="region" aria-label="Picked action">
                <strong>{ if a.name.is_empty() { "(unnamed)" } else { &a.name } }</strong>
                <span class="badge">{ &a.type_name }</span>
                <code>{ &a.id }</code>
                <button type="button" class="secondary" onclick={start_here}>{ "Start here" }</button>
                if let Some(onclick) = override_this {
                    <button type="button" class="secondary" {onclick}>{ "Override this action" }</button>
                }
                <button type="button" class="secondary" aria-pressed={has_bp.to_string()} onclick={toggle}>{ if has_bp { "Remove breakpoint" } else { "Add breakpoint" } }</button>
                if let Some(k) = first_step {
                    <button type="button" class="secondary" onclick={go(Some(k))}>{ "Go to its step" }</button>
                } else {
                    <span class="muted">{ "Not reached by this run." }</span>
                }
            </div>
        }
    });

    let paused_panel = props.on_resume.as_ref().map(|on_resume| {
        let at = trace.last().filter(|s| s.detail(DETAIL_PAUSED).is_some());
        let cont = {
            let (on_resume, shared) = (on_resume.clone(), props.shared.clone());
            Callback::from(move |_: MouseEvent| on_resume.emit(Resume::Continue { breakpoints: Some(shared.breakpoints()) }))
        };
        let stop = on_resume.reform(|_: MouseEvent| Resume::Stop);
        html! {
            <div class="paused" data-testid="paused" role="group" aria-label="Paused at a breakpoint">
                <p role="status">
                    <strong>{ "Paused at a breakpoint" }</strong>
                    { at.map(|s| format!(" before \u{201c}{}\u{201d} ({}): it runs when you continue.", s.node_name, s.node_type)).unwrap_or_default() }
                </p>
                <button type="button" class="primary" ref={continue_ref.clone()} onclick={cont}>{ "Continue" }</button>
                <button type="button" class="secondary" onclick={stop}>{ "Stop" }</button>
            </div>
        }
    });
    let toggles = Toggles { steps: steps.clone(), set: bps.clone(), toggle: toggle_bp };

    html! {
        <div class={classes!("run-view", live.then_some("live"))} {onkeydown} data-layout-us={((layout_ms * 1000.0).round() as i64).to_string()} data-run={run.id.to_string()}>
            { paused_panel.unwrap_or_default() }
            <Diagram flow={flow.clone()} layout={lay.clone()} overlay={over.clone()} current={current_action}
                breakpoints={bps.clone()} {on_pick} revision={*revision} />
            { picked_panel.unwrap_or_default() }
            <div class="stepper" data-testid="stepper" role="group" aria-label="Step through the run">
                <button type="button" class="secondary" disabled={current.is_none_or(|k| k == 0)} onclick={go(back)}>{ "◀ Step back" }</button>
                <button type="button" class="secondary" disabled={total == 0 || *current == Some(total - 1)} onclick={go(fwd)}>{ "Step ▶" }</button>
                if current.is_some() && !live {
                    <button type="button" class="link" onclick={go(None)}>{ "Stop stepping" }</button>
                }
                <span data-testid="stepper-position" aria-live="polite">
                    { match (current_action.and_then(|a| flow.actions.get(a)), *current) {
                        (Some(a), Some(k)) => format!("Step {} of {}: {}{}", k + 1, total, a.name,
                            if at_pause { " (paused here, not run yet)" } else { "" }),
                        _ => format!("{total} actions ran. Step through them with Step or the → key."),
                    } }
                </span>
            </div>
            if let Some(vars) = vars {
                <table class="variables" data-testid="variables">
                    <caption>{ if at_pause { "Variables now" } else { "Variables at this step" } }</caption>
                    <thead><tr><th>{ "Variable" }</th><th>{ "Value" }</th></tr></thead>
                    <tbody>
                        if vars.is_empty() { <tr><td colspan="2" class="muted">{ "No variable set yet." }</td></tr> }
                        for (n, v) in vars.iter() {
                            <tr data-testid="variable"><td><code>{ n }</code></td><td>{ v }</td></tr>
                        }
                    </tbody>
                </table>
            }
            <TraceView run={run.clone()} current={current_trace} toggles={Some(toggles)} />
        </div>
    }
}
