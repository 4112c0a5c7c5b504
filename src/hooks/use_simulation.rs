//! The run as a reducer: Simulate starts a run, the 429 countdown updates it, the answer (or Cancel) finishes it.
//! Events of an older run are ignored, so a late answer never overwrites a newer run.

use std::rc::Rc;

use flowsim_core::net::api::{Api, Connection};
use flowsim_core::net::error::UserError;
use flowsim_core::sim::engine::{self, FlowSource, Host};
use flowsim_core::sim::remote::{self, Simulated, CLIENT_DEADLINE_MARGIN_MS};
use flowsim_core::sim::run::Silent;
use flowsim_core::wire::contract::SimulationRequest;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::services::fetch::{now_ms, BrowserClient, CancelHandle, RetryCountdown};
use crate::services::tz::BrowserZones;
use crate::state::Backend;

/// Everything a run needs, validated.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub conn: Connection,
    pub backend: Backend,
    pub request: SimulationRequest,
}

/// A finished run.
#[derive(Debug)]
pub struct Finished {
    pub id: u32,
    pub backend: Backend,
    /// The E.164 number the run looked up.
    pub searched: String,
    pub outcome: Result<Simulated, UserError>,
    pub http_status: Option<u16>,
    pub duration_ms: f64,
}

/// A finished run never changes, and ids are unique in the page: comparing ids is enough (and cheap for a
/// 5,000-step trace).
impl PartialEq for Finished {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id
    }
}

#[derive(Clone, PartialEq)]
pub enum Run {
    Idle,
    Running { id: u32, cancel: CancelHandle, countdown: Option<RetryCountdown> },
    Done(Rc<Finished>),
}

impl Run {
    pub fn is_running(&self) -> bool {
        matches!(self, Run::Running { .. })
    }
    fn id(&self) -> Option<u32> {
        match self {
            Run::Idle => None,
            Run::Running { id, .. } => Some(*id),
            Run::Done(f) => Some(f.id),
        }
    }
}

#[derive(Clone, PartialEq)]
pub struct RunState {
    pub run: Run,
    /// Runs started since the page opened; the next run's id.
    started: u32,
}

impl Default for RunState {
    fn default() -> Self {
        RunState { run: Run::Idle, started: 0 }
    }
}

pub enum RunAction {
    Start { cancel: CancelHandle },
    Countdown { id: u32, countdown: Option<RetryCountdown> },
    Finish(Rc<Finished>),
}

impl Reducible for RunState {
    type Action = RunAction;

    fn reduce(self: Rc<Self>, action: RunAction) -> Rc<Self> {
        let current = self.run.id();
        match action {
            RunAction::Start { cancel } => {
                let id = self.started + 1;
                Rc::new(RunState { run: Run::Running { id, cancel, countdown: None }, started: id })
            }
            RunAction::Countdown { id, countdown } => match &self.run {
                Run::Running { id: running, cancel, .. } if *running == id => Rc::new(RunState {
                    run: Run::Running { id, cancel: cancel.clone(), countdown },
                    started: self.started,
                }),
                _ => self,
            },
            RunAction::Finish(f) if current == Some(f.id) && self.run.is_running() => {
                Rc::new(RunState { run: Run::Done(f), started: self.started })
            }
            RunAction::Finish(_) => self,
        }
    }
}

/// The run and its two commands.
pub struct Simulation {
    pub run: Run,
    /// Starts a run (ignored while one is running).
    pub start: Callback<Plan>,
    pub cancel: Callback<()>,
}

fn performance_mark(name: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark(name);
    }
}

/// Runs one simulation with the chosen backend. Never panics: every failure is a `UserError`.
async fn execute(client: &BrowserClient, plan: &Plan) -> (Result<Simulated, UserError>, Option<u16>) {
    let req = &plan.request;
    let mut api = Api::new(client, &plan.conn, req.timeout + CLIENT_DEADLINE_MARGIN_MS);
    api.timeout_setting_ms = Some(req.timeout);
    api.flow_id = Some(req.flow_id.clone());
    api.node_id = Some(req.node_id.clone());
    let outcome = match plan.backend {
        Backend::Remote => remote::simulate(&api, req).await,
        Backend::Browser => {
            let host = Host {
                now_ms: js_sys::Date::now() as i64,
                time_zones: Box::new(BrowserZones),
                caller: Silent,
                pause_for_input: false,
            };
            engine::simulate(Some(&api), FlowSource::Org, req, host).await
        }
    };
    let mut calls = api.take_calls();
    if let Ok(s) = &outcome {
        calls.extend(s.response.trace.iter().flat_map(|t| t.calls.iter().cloned()));
    }
    let status =
        outcome.as_ref().err().and_then(|e| e.status).or_else(|| calls.last().map(|c| c.status).filter(|s| *s != 0));
    (outcome, status)
}

#[hook]
pub fn use_simulation() -> Simulation {
    let state = use_reducer(RunState::default);

    // Measure Simulate → rendered trace for the benchmark.
    let done_id = match &state.run {
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

    let cancel = {
        let state = state.clone();
        Callback::from(move |_| {
            if let Run::Running { cancel, .. } = &state.run {
                cancel.cancel();
            }
        })
    };

    let start = {
        let state = state.clone();
        Callback::from(move |plan: Plan| {
            if state.run.is_running() {
                return;
            }
            let id = state.started + 1;
            let cancel = CancelHandle::default();
            state.dispatch(RunAction::Start { cancel: cancel.clone() });
            performance_mark("flowsim:simulate");
            let on_countdown = {
                let state = state.clone();
                Callback::from(move |countdown| state.dispatch(RunAction::Countdown { id, countdown }))
            };
            let state = state.clone();
            spawn_local(async move {
                let client = BrowserClient::new(cancel.clone(), on_countdown);
                let started = now_ms();
                let (outcome, http_status) = execute(&client, &plan).await;
                let outcome = match outcome {
                    Err(_) if cancel.is_cancelled() => Err(UserError::cancelled()),
                    other => other,
                };
                state.dispatch(RunAction::Finish(Rc::new(Finished {
                    id,
                    backend: plan.backend,
                    searched: plan.request.context.from.clone(),
                    outcome,
                    http_status,
                    duration_ms: now_ms() - started,
                })));
            });
        })
    };

    Simulation { run: state.run.clone(), start, cancel }
}
