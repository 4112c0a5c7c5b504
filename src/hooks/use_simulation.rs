//! The run as a reducer: Simulate starts a run, the 429 countdown updates it, the answer (or Cancel) finishes it.
//! Events of an older run are ignored, so a late answer never overwrites a newer run.

use std::cell::RefCell;
use std::rc::Rc;

use flowsim_core::interp::InputRequest;
use flowsim_core::net::api::{Api, Connection};
use flowsim_core::net::error::UserError;
use flowsim_core::sim::engine::{self, FlowSource, Host};
use flowsim_core::sim::remote::{self, Simulated, CLIENT_DEADLINE_MARGIN_MS};
use flowsim_core::sim::run::Caller;
use flowsim_core::wire::contract::SimulationRequest;
use futures_channel::oneshot;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::services::fetch::{now_ms, BrowserClient, CancelHandle, RetryCountdown};
use crate::services::perf::{mark, measure};
use crate::services::tz::BrowserZones;
use crate::state::{Backend, FlowFile};

/// Everything a run needs, validated.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub conn: Connection,
    pub backend: Backend,
    pub request: SimulationRequest,
    /// A flow from a file instead of the org's `flowId`.
    pub file: Option<Rc<FlowFile>>,
    /// Whether org reads go to the org (a token is set); without, a file's org reads take Not Found.
    pub with_org: bool,
    /// Whether the run asks the user when the scripted inputs run out (else the caller is silent).
    pub pause_for_input: bool,
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
    Running { id: u32, cancel: CancelHandle, countdown: Option<RetryCountdown>, prompt: Option<InputRequest> },
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
    Start {
        cancel: CancelHandle,
    },
    Countdown {
        id: u32,
        countdown: Option<RetryCountdown>,
    },
    /// The flow waits for the caller (`Some`), or no longer does.
    Prompt {
        id: u32,
        prompt: Option<InputRequest>,
    },
    Finish(Rc<Finished>),
}

impl Reducible for RunState {
    type Action = RunAction;

    fn reduce(self: Rc<Self>, action: RunAction) -> Rc<Self> {
        let current = self.run.id();
        match action {
            RunAction::Start { cancel } => {
                let id = self.started + 1;
                Rc::new(RunState { run: Run::Running { id, cancel, countdown: None, prompt: None }, started: id })
            }
            RunAction::Countdown { id, countdown } => match &self.run {
                Run::Running { id: running, cancel, prompt, .. } if *running == id => Rc::new(RunState {
                    run: Run::Running { id, cancel: cancel.clone(), countdown, prompt: prompt.clone() },
                    started: self.started,
                }),
                _ => self,
            },
            RunAction::Prompt { id, prompt } => match &self.run {
                Run::Running { id: running, cancel, countdown, .. } if *running == id => Rc::new(RunState {
                    run: Run::Running { id, cancel: cancel.clone(), countdown: countdown.clone(), prompt },
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

/// The run and its commands.
pub struct Simulation {
    pub run: Run,
    /// Starts a run (ignored while one is running).
    pub start: Callback<Plan>,
    pub cancel: Callback<()>,
    /// The caller's answer where the run waits for one (`None`: silence).
    pub answer: Callback<Option<String>>,
}

/// Where the run waits for the user's answer to a prompt.
type AnswerSlot = Rc<RefCell<Option<oneshot::Sender<Option<String>>>>>;

/// The caller, played by the user: when the scripted inputs run out, the run shows the prompt and waits.
struct AskingCaller {
    slot: AnswerSlot,
    on_prompt: Callback<Option<InputRequest>>,
}

impl Caller for AskingCaller {
    async fn answer(&self, request: &InputRequest) -> Option<String> {
        let (tx, rx) = oneshot::channel();
        *self.slot.borrow_mut() = Some(tx);
        self.on_prompt.emit(Some(request.clone()));
        // A cancelled run drops the sender: silence, and the run ends as cancelled.
        let answer = rx.await.unwrap_or(None);
        self.on_prompt.emit(None);
        answer
    }
}

/// Runs one simulation with the chosen backend. Never panics: every failure is a `UserError`.
async fn execute(
    client: &BrowserClient,
    plan: &Plan,
    caller: AskingCaller,
) -> (Result<Simulated, UserError>, Option<u16>) {
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
                caller,
                pause_for_input: plan.pause_for_input,
            };
            let source = match &plan.file {
                Some(f) => FlowSource::File { flow: f.flow.clone(), file_name: f.name.clone() },
                None => FlowSource::Org,
            };
            let org = plan.with_org.then_some(&api);
            mark("flowsim:engine");
            let result = engine::simulate(org, source, req, host).await;
            measure("flowsim:engine", "flowsim:engine");
            result
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
    let slot: AnswerSlot = use_mut_ref(|| None).clone();

    // Measure Simulate → rendered trace for the benchmark.
    let done_id = match &state.run {
        Run::Done(f) => Some(f.id),
        _ => None,
    };
    use_effect_with(done_id, |id| {
        if id.is_some() {
            measure("flowsim:simulate-to-render", "flowsim:simulate");
        }
    });

    // Cancel aborts the request in flight, and a prompt waiting for the user (its sender is dropped).
    let cancel = {
        let (state, slot) = (state.clone(), slot.clone());
        Callback::from(move |_| {
            if let Run::Running { cancel, .. } = &state.run {
                cancel.cancel();
            }
            slot.borrow_mut().take();
        })
    };

    let answer = {
        let slot = slot.clone();
        Callback::from(move |a: Option<String>| {
            if let Some(tx) = slot.borrow_mut().take() {
                let _ = tx.send(a);
            }
        })
    };

    let start = {
        let (state, slot) = (state.clone(), slot.clone());
        Callback::from(move |plan: Plan| {
            if state.run.is_running() {
                return;
            }
            let id = state.started + 1;
            let cancel = CancelHandle::default();
            state.dispatch(RunAction::Start { cancel: cancel.clone() });
            mark("flowsim:simulate");
            let on_countdown = {
                let state = state.clone();
                Callback::from(move |countdown| state.dispatch(RunAction::Countdown { id, countdown }))
            };
            let on_prompt = {
                let state = state.clone();
                Callback::from(move |prompt| state.dispatch(RunAction::Prompt { id, prompt }))
            };
            let caller = AskingCaller { slot: slot.clone(), on_prompt };
            let state = state.clone();
            spawn_local(async move {
                let client = BrowserClient::new(cancel.clone(), on_countdown);
                let started = now_ms();
                let (outcome, http_status) = execute(&client, &plan, caller).await;
                let outcome = if cancel.is_cancelled() { Err(UserError::cancelled()) } else { outcome };
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

    Simulation { run: state.run.clone(), start, cancel, answer }
}
