//! The run as a reducer: Simulate starts a run, the 429 countdown updates it, the answer (or Cancel) finishes it.
//! A run in the browser may pause for the caller's answer or at a breakpoint (the run so far is shown, and
//! Continue or Stop goes on). Events of an older run are ignored, so a late answer never overwrites a newer run.

use std::cell::RefCell;
use std::rc::Rc;

use flowsim_core::interp::InputRequest;
use flowsim_core::net::api::{Api, Connection};
use flowsim_core::net::error::UserError;
use flowsim_core::sim::engine::{self, FlowSource, Host};
use flowsim_core::sim::remote::{self, Simulated, CLIENT_DEADLINE_MARGIN_MS};
use flowsim_core::sim::run::{Caller, Resume, Snapshot};
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
    /// Action ids where the run (in the browser) pauses before running them.
    pub breakpoints: Vec<String>,
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
    Running {
        id: u32,
        cancel: CancelHandle,
        countdown: Option<RetryCountdown>,
        prompt: Option<InputRequest>,
        /// Paused at a breakpoint: the pause's number in this page (a new view for each) and the run so far.
        paused: Option<(u32, Rc<Finished>)>,
    },
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
    /// Pauses at breakpoints since the page opened.
    pauses: u32,
}

impl Default for RunState {
    fn default() -> Self {
        RunState { run: Run::Idle, started: 0, pauses: 0 }
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
    /// The run paused at a breakpoint (`Some`: the run so far), or goes on.
    Paused {
        id: u32,
        paused: Option<Rc<Finished>>,
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
                let run = Run::Running { id, cancel, countdown: None, prompt: None, paused: None };
                Rc::new(RunState { run, started: id, pauses: self.pauses })
            }
            RunAction::Countdown { id, countdown: c } => self.running(id, |_, countdown, _| *countdown = c),
            RunAction::Prompt { id, prompt: p } => self.running(id, |prompt, _, _| *prompt = p),
            RunAction::Paused { id, paused: p } => {
                let n = self.pauses + 1;
                let mut next = self.running(id, |_, _, paused| *paused = p.map(|f| (n, f)));
                Rc::make_mut(&mut next).pauses = n;
                next
            }
            RunAction::Finish(f) if current == Some(f.id) && self.run.is_running() => {
                Rc::new(RunState { run: Run::Done(f), started: self.started, pauses: self.pauses })
            }
            RunAction::Finish(_) => self,
        }
    }
}

type PausedAt = Option<(u32, Rc<Finished>)>;

impl RunState {
    /// The running run `id` changed by `f` (its prompt, countdown, pause); any other state stays as it is.
    fn running(
        self: Rc<Self>,
        id: u32,
        f: impl FnOnce(&mut Option<InputRequest>, &mut Option<RetryCountdown>, &mut PausedAt),
    ) -> Rc<Self> {
        match &self.run {
            Run::Running { id: running, .. } if *running == id => {
                let mut next = (*self).clone();
                if let Run::Running { prompt, countdown, paused, .. } = &mut next.run {
                    f(prompt, countdown, paused);
                }
                Rc::new(next)
            }
            _ => self,
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
    /// Continue or Stop where the run is paused at a breakpoint.
    pub resume: Callback<Resume>,
}

/// Where the run waits for the user's answer to a prompt.
type AnswerSlot = Rc<RefCell<Option<oneshot::Sender<Option<String>>>>>;
/// Where the run waits at a breakpoint.
type ResumeSlot = Rc<RefCell<Option<oneshot::Sender<Resume>>>>;

/// The caller, played by the user: when the scripted inputs run out, the run shows the prompt and waits; at a
/// breakpoint it shows the run so far and waits for Continue or Stop.
struct AskingCaller {
    slot: AnswerSlot,
    on_prompt: Callback<Option<InputRequest>>,
    resume: ResumeSlot,
    /// The run so far as a finished-looking run (no outcome yet), or `None` when it goes on.
    on_pause: Callback<Option<Simulated>>,
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

    async fn paused(&self, snapshot: &Snapshot<'_>) -> Resume {
        let (tx, rx) = oneshot::channel();
        *self.resume.borrow_mut() = Some(tx);
        self.on_pause.emit(Some(engine::paused(snapshot)));
        // A cancelled run drops the sender: it stops here.
        let resume = rx.await.unwrap_or(Resume::Stop);
        self.on_pause.emit(None);
        resume
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
                breakpoints: plan.breakpoints.clone(),
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
    let resume_slot: ResumeSlot = use_mut_ref(|| None).clone();

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

    // Cancel aborts the request in flight, and a prompt or a breakpoint waiting for the user (its sender is
    // dropped).
    let cancel = {
        let (state, slot, resume_slot) = (state.clone(), slot.clone(), resume_slot.clone());
        Callback::from(move |_| {
            if let Run::Running { cancel, .. } = &state.run {
                cancel.cancel();
            }
            slot.borrow_mut().take();
            resume_slot.borrow_mut().take();
        })
    };

    let resume = {
        let (state, resume_slot) = (state.clone(), resume_slot.clone());
        Callback::from(move |r: Resume| {
            if r == Resume::Stop {
                if let Run::Running { cancel, .. } = &state.run {
                    cancel.cancel();
                }
            }
            if let Some(tx) = resume_slot.borrow_mut().take() {
                let _ = tx.send(r);
            }
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
        let (state, slot, resume_slot) = (state.clone(), slot.clone(), resume_slot.clone());
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
            let on_pause = {
                let (state, searched) = (state.clone(), plan.request.context.from.clone());
                Callback::from(move |s: Option<Simulated>| {
                    let paused = s.map(|s| {
                        let outcome = Ok(s);
                        Rc::new(Finished {
                            id,
                            backend: Backend::Browser,
                            searched: searched.clone(),
                            outcome,
                            http_status: None,
                            duration_ms: 0.0,
                        })
                    });
                    state.dispatch(RunAction::Paused { id, paused })
                })
            };
            let caller = AskingCaller { slot: slot.clone(), on_prompt, resume: resume_slot.clone(), on_pause };
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

    Simulation { run: state.run.clone(), start, cancel, answer, resume }
}
