//! The interpreter's inputs, requests, trace and outcome: all data; sentences are made at the edge
//! ([`TraceEvent::describe`], [`Outcome::describe`]).

use crate::expr::{OrgAnswer, OrgQuery, Value};
use crate::flow::model::{cut, short};

/// Values and texts kept in the trace are cut to this many characters (a trace stays bounded).
pub const MAX_VALUE_CHARS: usize = 2_000;

/// The simulated interaction, with defaults for everything.
#[derive(Debug, Clone, PartialEq)]
pub struct Interaction {
    /// Caller number (`Call.Ani`), e.g. `tel:+13175550100`.
    pub ani: String,
    /// Called number (`Call.CalledAddress`, DNIS).
    pub dnis: String,
    /// `call`, `message`, `email`, `chat`, `workitem`, … (informational; the flow type decides the semantics).
    pub channel: String,
    /// Language (`Call.Language` / `Flow.Language`), e.g. `en-us`.
    pub language: String,
    /// The simulated start, milliseconds since the Unix epoch (UTC).
    pub start_ms: i64,
    /// The caller's inputs in order (`2`, `1#`, `yes`, an intent name, a slot value).
    pub inputs: Vec<String>,
    /// Flow input variables by name (`Flow.x` / `Common.x`), as text; converted to the variable's type.
    pub flow_inputs: Vec<(String, String)>,
    /// Text of the first message or email body (`Message.Message.body`, `Email.Message.body`).
    pub message: String,
    pub conversation_id: String,
    /// Answers for what the org cannot tell, per action.
    pub overrides: Vec<Override>,
    /// Values for built-ins the org would know (`Call.EstimatedWaitTime` …), by built-in text, as text.
    pub builtins: Vec<(String, String)>,
}

impl Default for Interaction {
    fn default() -> Self {
        Interaction {
            ani: "tel:+13175550100".into(),
            dnis: "tel:+13175550199".into(),
            channel: "call".into(),
            language: "en-us".into(),
            // 2026-01-05T15:00:00Z, a Monday afternoon.
            start_ms: 1_767_625_200_000,
            inputs: Vec::new(),
            flow_inputs: Vec::new(),
            message: String::new(),
            conversation_id: "00000000-0000-4000-8000-000000000001".into(),
            overrides: Vec::new(),
            builtins: Vec::new(),
        }
    }
}

/// The user's answer for one action the simulator cannot run (a data action, a bot, an unknown type).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Override {
    /// The action's `id` in the flow.
    pub action_id: String,
    /// The path to take, by `outputId` (`__FAILURE__`) or label (`Failure`); `None`: the stated default.
    pub path: Option<String>,
    /// Output values by output name (a data action's field) or by the variable bound to it, as text.
    pub outputs: Vec<(String, String)>,
}

/// Where a run starts.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Start {
    /// The flow's `initialSequence`.
    #[default]
    Initial,
    /// An action id or a container id.
    Node(String),
}

/// How a run behaves.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    pub start: Start,
    /// Action ids of data actions the user opted in to run (the driver runs them; the interpreter asks).
    pub run_data_actions: Vec<String>,
    /// When the scripted inputs run out: `true` asks the driver ([`Need::Input`]), `false` takes silence.
    pub pause_for_input: bool,
    /// `false` when there is no org (a flow from a file): org reads take Not Found without asking the driver.
    pub org: bool,
    /// Actions executed before the run goes to error handling (Genesys: 10,000).
    pub max_actions: usize,
    /// Nesting of called tasks, modules and bot flows.
    pub max_depth: usize,
    /// Trace events kept (the rest are counted).
    pub max_trace: usize,
    /// Action ids where the run pauses ([`Need::Breakpoint`]) before executing the action, each time it is
    /// reached (inside a loop: every time round).
    pub breakpoints: Vec<String>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            start: Start::Initial,
            run_data_actions: Vec::new(),
            pause_for_input: false,
            org: true,
            max_actions: 10_000,
            max_depth: 32,
            max_trace: 50_000,
            breakpoints: Vec::new(),
        }
    }
}

/// The kind of input a step waits for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    Digits,
    YesNo,
    Slot,
    Intent,
    Choice,
}

/// What the flow asks the caller, and what it accepts.
#[derive(Debug, Clone, PartialEq)]
pub struct InputRequest {
    pub kind: InputKind,
    pub action_id: String,
    /// What the caller heard or read just before (the prompt), as text.
    pub prompt: String,
    /// For menus and choices: the accepted answers (digit or name).
    pub choices: Vec<String>,
}

/// What the interpreter needs from its driver before it can go on.
#[derive(Debug, Clone, PartialEq)]
pub enum Need {
    /// Answer with [`crate::interp::Interpreter::provide_org`].
    Org(OrgQuery),
    /// Answer with [`crate::interp::Interpreter::provide_input`] (`None` = silence).
    Input(InputRequest),
    /// Run this data action (the user opted in) and answer with
    /// [`crate::interp::Interpreter::provide_data_action`].
    DataAction { node_id: String, action_id: String, inputs: Vec<(String, String)> },
    /// Read another flow's configuration (a bot flow, a module not embedded, a transfer target); answer with
    /// [`crate::interp::Interpreter::provide_flow`].
    Flow { flow_id: String, flow_name: String },
    /// The run reached an action with a breakpoint ([`Options::breakpoints`]; `at.action_id`) and has not executed
    /// it yet. Answer with [`crate::interp::Interpreter::resume`]: the action then runs, and the breakpoint pauses
    /// again only the next time the action is reached.
    Breakpoint { at: At },
}

/// The result of one [`crate::interp::Interpreter::step`].
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    Need(Need),
    Done(Outcome),
}

/// A data action's result as the driver got it.
#[derive(Debug, Clone, PartialEq)]
pub struct DataActionResult {
    /// `true`: `__SUCCESS__`; `false`: `__FAILURE__`.
    pub success: bool,
    /// Output fields by name, as JSON.
    pub outputs: Vec<(String, serde_json::Value)>,
    /// The error sentence on failure.
    pub error: Option<String>,
}

/// A runtime error as Architect raises it.
#[derive(Debug, Clone, PartialEq)]
pub enum RunError {
    /// An expression failed (NOT_SET where refused, a failed conversion, an index out of range, …).
    Expression { expression: String, message: String },
    /// A value is NOT_SET where the action needs one.
    NotSet { what: String },
    /// A link points nowhere (a malformed configuration).
    Broken { what: String },
    /// 10,000 actions.
    ActionLimit { limit: usize },
    /// Tasks, modules and bot flows nested too deep.
    NestingLimit { limit: usize },
    /// An org read failed.
    OrgFailed { message: String },
}

impl RunError {
    pub fn describe(&self) -> String {
        match self {
            RunError::Expression { expression, message } => {
                format!("The expression {} failed: {}", quote(expression), short(message))
            }
            RunError::NotSet { what } => format!("{} is NOT_SET.", short(what)),
            RunError::Broken { what } => format!("The flow is broken here: {}.", short(what)),
            RunError::ActionLimit { limit } => {
                format!("The flow ran {limit} actions, Genesys' limit for one interaction.")
            }
            RunError::NestingLimit { limit } => format!("Tasks, modules and bot flows are nested deeper than {limit}."),
            RunError::OrgFailed { message } => format!("An org read failed: {}", short(message)),
        }
    }
}

fn quote(s: &str) -> String {
    format!("'{}'", short(s))
}

/// Where the interaction ends.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    TransferToQueue {
        queue_id: String,
        queue_name: String,
        skills: Vec<String>,
        priority: Option<i64>,
        preferred_agents: Option<String>,
    },
    TransferToNumber {
        number: String,
    },
    TransferToUser {
        user: String,
    },
    TransferToGroup {
        group: String,
    },
    TransferToVoicemail {
        target: String,
    },
    TransferToFlow {
        flow_id: String,
        flow_name: String,
    },
    Disconnect,
    WorkflowEnd {
        exit_reason: String,
    },
    ExitBotFlow,
    ExitWorkitemFlow,
    SurveyInviteCompleted,
    /// A common module run on its own returned (with its output variables).
    ModuleReturned,
    /// An in-queue flow's loop task came round: it repeats until an agent answers (flowsim stops there).
    StillInQueue,
    /// The flow's error handling ran because of `error`; `then` is what it did.
    ErrorHandling {
        error: RunError,
        then: Box<Outcome>,
    },
    /// The chosen start node is not in the flow.
    StartNotFound {
        node: String,
    },
    /// The flow has nothing to run (no initialSequence, an empty flow).
    NothingToRun,
}

impl Outcome {
    pub fn describe(&self) -> String {
        match self {
            Outcome::TransferToQueue { queue_name, queue_id, skills, priority, .. } => {
                let mut s = format!(
                    "Transferred to queue {}",
                    quote(if queue_name.is_empty() { queue_id } else { queue_name })
                );
                if !skills.is_empty() {
                    s.push_str(&format!(
                        " with skills {}",
                        skills.iter().map(|k| short(k)).collect::<Vec<_>>().join(", ")
                    ));
                }
                if let Some(p) = priority.filter(|p| *p != 0) {
                    s.push_str(&format!(", priority {p}"));
                }
                s + "."
            }
            Outcome::TransferToNumber { number } => format!("Transferred to number {}.", quote(number)),
            Outcome::TransferToUser { user } => format!("Transferred to user {}.", quote(user)),
            Outcome::TransferToGroup { group } => format!("Transferred to group {}.", quote(group)),
            Outcome::TransferToVoicemail { target } => format!("Transferred to the voicemail of {}.", quote(target)),
            Outcome::TransferToFlow { flow_name, flow_id } => {
                format!("Transferred to flow {}.", quote(if flow_name.is_empty() { flow_id } else { flow_name }))
            }
            Outcome::Disconnect => "Disconnected.".into(),
            Outcome::WorkflowEnd { exit_reason } if exit_reason.is_empty() => "The workflow ended.".into(),
            Outcome::WorkflowEnd { exit_reason } => format!("The workflow ended ({}).", short(exit_reason)),
            Outcome::ExitBotFlow => "The bot flow exited.".into(),
            Outcome::ExitWorkitemFlow => "The workitem flow exited.".into(),
            Outcome::SurveyInviteCompleted => "The survey invite was completed.".into(),
            Outcome::ModuleReturned => "The common module returned.".into(),
            Outcome::StillInQueue => {
                "Still in queue: the in-queue loop repeats until an agent answers (flowsim stops at its first repeat)."
                    .into()
            }
            Outcome::ErrorHandling { error, then } => {
                format!("Error handling: {} Then: {}", error.describe(), then.describe())
            }
            Outcome::StartNotFound { node } => format!("The start node {} is not in the flow.", quote(node)),
            Outcome::NothingToRun => "The flow has nothing to run: it has no start.".into(),
        }
    }
}

/// The action a trace event belongs to.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct At {
    /// The flow's name (a module or bot flow runs under its own name).
    pub flow: String,
    pub container: String,
    pub action_id: String,
    pub action_name: String,
    pub action_type: String,
}

/// Why a path was taken: the expression as written and its value.
#[derive(Debug, Clone, PartialEq)]
pub struct Reason {
    pub expression: String,
    pub value: String,
}

/// Why a step was not simulated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotSimulatedWhy {
    DataAction,
    Bot,
    BridgeServer,
    UnknownType,
    Schedule,
    FlowUnreadable,
    /// The user's override names one of the action's paths: the action is not run, the path is taken.
    Overridden,
}

/// One thing that happened.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// An action ran; `path` is the label of the path it took, `reason` why.
    Action {
        path: Option<String>,
        reason: Option<Reason>,
    },
    /// A container was entered (a task, state, menu).
    Entered {
        kind: String,
    },
    VariableChanged {
        name: String,
        before: String,
        after: String,
    },
    OrgRead {
        query: OrgQuery,
        answer: OrgAnswer,
    },
    /// What the caller heard or read.
    Said {
        text: String,
    },
    /// What the caller answered (`None`: silence).
    Answered {
        kind: InputKind,
        value: Option<String>,
    },
    NotSimulated {
        why: NotSimulatedWhy,
        assumed_path: Option<String>,
        outputs: Vec<(String, String)>,
        overridden: bool,
    },
    Error {
        error: RunError,
    },
    /// The simulated clock moved.
    Waited {
        ms: i64,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct TraceEvent {
    pub at: At,
    pub event: Event,
}

impl TraceEvent {
    pub fn describe(&self) -> String {
        let who = format!("{} '{}'", self.at.action_type, short(&self.at.action_name));
        match &self.event {
            Event::Action { path: Some(p), reason: Some(r) } => {
                format!("{who}: {} is {}, so {}.", quote(&r.expression), short(&r.value), quote(p))
            }
            Event::Action { path: Some(p), reason: None } => format!("{who}: took {}.", quote(p)),
            Event::Action { path: None, .. } => format!("{who}."),
            Event::Entered { kind } => format!("Entered {kind} '{}'.", short(&self.at.container)),
            Event::VariableChanged { name, before, after } => {
                format!("{}: {} → {}", short(name), cut(before, 200), cut(after, 200))
            }
            Event::OrgRead { query, answer } => format!("Read {query:?}: {}", answer_text(answer)),
            Event::Said { text } => format!("Caller hears/reads: {}", cut(text, 300)),
            Event::Answered { value: Some(v), .. } => format!("Caller answers {}.", quote(v)),
            Event::Answered { value: None, .. } => "Caller is silent.".into(),
            Event::NotSimulated { why, assumed_path, overridden, .. } => format!(
                "{who} is not simulated ({why:?}); {} path {}.",
                if *overridden { "your override takes" } else { "assumed" },
                quote(assumed_path.as_deref().unwrap_or("(next action)"))
            ),
            Event::Error { error } => format!("{who}: error: {}", error.describe()),
            Event::Waited { ms } => format!("{who}: the clock moves {} s.", ms / 1000),
        }
    }
}

fn answer_text(a: &OrgAnswer) -> String {
    match a {
        OrgAnswer::Found(_) => "found".into(),
        OrgAnswer::NotFound => "not found".into(),
        OrgAnswer::Failed(m) => format!("failed: {}", short(m)),
        OrgAnswer::NoOrg => "no org to ask (flow from a file): taken as not found".into(),
    }
}

/// Actions and paths of the flow visited, as counts.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Coverage {
    pub actions_visited: usize,
    pub actions_total: usize,
    pub paths_visited: usize,
    pub paths_total: usize,
}

/// A value as an Architect literal for the trace (`"gold"`, `5`, `NOT_SET`), cut to a readable length.
pub fn value_text(v: &Value) -> String {
    cut(&v.to_literal(), MAX_VALUE_CHARS)
}

/// Plain text of a value (strings without quotes, NOT_SET empty), for what the caller hears and for keys.
pub fn plain_text(v: &Value) -> String {
    crate::expr::literal::display_text(v)
}
