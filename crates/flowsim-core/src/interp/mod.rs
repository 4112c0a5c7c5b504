//! Layer 5: the sans-IO interpreter. It never awaits and never calls the network: a driver calls
//! [`Interpreter::step`] and gets back what the run needs next ([`Need`]) or where it ends ([`Outcome`]), does the
//! I/O, answers with `provide_*`, and steps again. One run is deterministic for the same flow, interaction,
//! options and answers.
//!
//! Every step costs O(1) apart from the expressions it evaluates: links are indices into the flow's arenas
//! ([`crate::flow::model`]), and a run stops at [`Options::max_actions`] actions and [`Options::max_depth`]
//! nested tasks/modules/bot flows, with at most [`Options::max_trace`] trace events.
//!
//! A driver's loop (the browser answers from the Platform API and asks the user at a pause; a test answers
//! from fixtures):
//!
//! ```
//! use flowsim_core::expr::OrgAnswer;
//! use flowsim_core::flow::Flow;
//! use flowsim_core::interp::{Interaction, Interpreter, Need, Options, Outcome, Step};
//!
//! let flow = Flow::parse(r#"{"name": "f", "type": "inboundcall", "initialSequence": "t",
//!     "flowSequenceItemList": [{"__type": "Task", "id": "t", "name": "t", "startAction": "d",
//!         "actionList": [{"__type": "DisconnectAction", "id": "d", "name": "Bye"}]}]}"#).unwrap();
//! let mut run = Interpreter::new(flow, Interaction::default(), Options::default());
//! let outcome = loop {
//!     match run.step() {
//!         Step::Done(outcome) => break outcome,
//!         Step::Need(Need::Org(query)) => run.provide_org(query, OrgAnswer::NotFound),
//!         Step::Need(Need::Input(_request)) => run.provide_input(None), // the caller is silent
//!         Step::Need(Need::Flow { flow_id, .. }) => run.provide_flow(&flow_id, None),
//!         Step::Need(Need::DataAction { .. }) => unreachable!("only for data actions the user opted in"),
//!         Step::Need(Need::Breakpoint { .. }) => run.resume(), // only with `Options::breakpoints`
//!     }
//! };
//! assert_eq!(outcome, Outcome::Disconnect);
//! assert_eq!(run.trace().len(), 2); // entered the task, ran the disconnect
//! ```
//!
//! Documented choices (where flowsim decides, not Genesys' documentation):
//! - A sequence that runs out with no terminating action (Architect would not publish it): a called task
//!   returns through its Default exit; a common module returns to its caller; a bot flow exits; a workflow ends;
//!   an in-queue flow's loop task stops the run as [`Outcome::StillInQueue`]; otherwise the interaction
//!   disconnects.
//! - A menu: each silence or invalid answer is one attempt; after `promptRepeatCount` (default 3) attempts the
//!   `defaultMenuChoice` runs, or with none the call disconnects (Genesys: "if no default choice is set, the
//!   call disconnects").
//! - Ask for Yes/No, Slot, Intent, Digital Menu: silence takes `__MAX_NO_INPUTS__` at once (a caller who stays
//!   silent stays silent through every reprompt); an answer that does not match is one no-match, and after
//!   `noMatches` (default 3) of them the action takes `__MAX_NO_MATCHES__`.
//! - A Decision whose expression is NOT_SET is a runtime error (the action has no failure path, so error
//!   handling runs).
pub mod schedule;
pub mod scope;
pub mod types;

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::Arc;

use crate::expr::{EvalError, OrgAnswer, OrgQuery, Type, Value};
use crate::flow::model::{
    Action, ActionIdx, ActionKind, ContainerIdx, ContainerKind, ErrorHandling, Expression, Flow, NodeRef,
};
use scope::{evaluate, literal_text, value_from_text, variable_type, RunScope, Vars};
pub use types::*;

/// Where the run is.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Cursor {
    Container(ContainerIdx),
    Action(ActionIdx),
    /// A loop's body ran out (or NextLoop): the loop's next iteration.
    LoopReturn(ActionIdx),
    /// The sequence of a container ran out.
    ContainerEnd(ContainerIdx),
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum FrameKind {
    Root,
    Module,
    Bot,
}

/// One running flow (the root, a common module, a bot flow).
struct Frame {
    flow: Arc<Flow>,
    kind: FrameKind,
    vars: Vars,
    /// CallTaskAction sites waiting for their task to end.
    tasks: Vec<ActionIdx>,
    /// The action in the parent frame that called this flow.
    call_site: Option<ActionIdx>,
    loops: HashMap<ActionIdx, (i64, i64)>,
    cursor: Cursor,
    /// Menu attempts (silence or invalid) per menu container.
    menu_attempts: HashMap<ContainerIdx, u32>,
}

/// What stops an action.
enum Stop {
    Need(Need),
    Error(RunError),
}

impl From<RunError> for Stop {
    fn from(e: RunError) -> Self {
        Stop::Error(e)
    }
}

/// What an action leads to.
enum Next {
    Goto(Cursor),
    End(Outcome),
    /// Frames changed (a call or return): the top frame's cursor is already set.
    Switched,
}

/// The sans-IO interpreter. See the module documentation.
pub struct Interpreter {
    frames: Vec<Frame>,
    interaction: Interaction,
    options: Options,
    inputs: VecDeque<String>,
    /// An answer the driver gave for the pending input request.
    answered_input: Option<Option<String>>,
    data_result: Option<DataActionResult>,
    /// Flows the driver gave (by id); `None`: unreadable.
    flows: HashMap<String, Option<Arc<Flow>>>,
    org: HashMap<OrgQuery, OrgAnswer>,
    participant: HashMap<String, String>,
    now_ms: i64,
    executed: usize,
    trace: Vec<TraceEvent>,
    trace_dropped: usize,
    outcome: Option<Outcome>,
    /// No-match counts of ask actions.
    no_matches: HashMap<ActionIdx, u32>,
    /// Root flow coverage.
    visited_actions: Vec<bool>,
    visited_paths: HashSet<(ActionIdx, usize)>,
    /// Progress inside a multi-assignment action re-run after an org answer.
    progress: usize,
    in_error_handling: bool,
    /// The current action asked the driver for something: when it runs again it is not counted again.
    rerun: bool,
    /// The driver answered a breakpoint: the action at the cursor runs without pausing again.
    resumed: bool,
    /// Org reads asked by expressions since the last recorded one.
    expression_reads: Vec<OrgQuery>,
    time_zones: Box<dyn crate::base::tz::TimeZones + Send + Sync>,
}

const DEFAULT_MENU_ATTEMPTS: u32 = 3;
const DEFAULT_NO_MATCHES: u32 = 3;

impl Interpreter {
    pub fn new(flow: impl Into<Arc<Flow>>, interaction: Interaction, options: Options) -> Interpreter {
        let flow: Arc<Flow> = flow.into();
        let mut me = Interpreter {
            frames: Vec::new(),
            inputs: interaction.inputs.iter().cloned().collect(),
            now_ms: interaction.start_ms,
            interaction,
            options,
            answered_input: None,
            data_result: None,
            flows: HashMap::new(),
            org: HashMap::new(),
            participant: HashMap::new(),
            executed: 0,
            trace: Vec::new(),
            trace_dropped: 0,
            outcome: None,
            no_matches: HashMap::new(),
            visited_actions: vec![false; flow.actions.len()],
            visited_paths: HashSet::new(),
            progress: 0,
            in_error_handling: false,
            rerun: false,
            resumed: false,
            expression_reads: Vec::new(),
            time_zones: Box::new(crate::base::tz::FixedZones::default()),
        };
        let start = match &me.options.start {
            Start::Initial => match flow.initial_sequence {
                Some(c) => Some(Cursor::Container(c)),
                None => {
                    me.outcome = Some(Outcome::NothingToRun);
                    None
                }
            },
            Start::Node(id) => match flow.lookup(id) {
                Some(NodeRef::Container(c)) => Some(Cursor::Container(c)),
                Some(NodeRef::Action(a)) => Some(Cursor::Action(a)),
                None => {
                    me.outcome = Some(Outcome::StartNotFound { node: id.clone() });
                    None
                }
            },
        };
        let mut vars = Vars::default();
        me.init_vars(&flow, &mut vars);
        let inputs = me.interaction.flow_inputs.clone();
        for (name, text) in inputs {
            let ty = flow
                .variables
                .iter()
                .find(|v| v.name.eq_ignore_ascii_case(&name))
                .map(variable_type)
                .unwrap_or(Type::String);
            vars.set(&name, value_from_text(&text, &ty));
        }
        me.frames.push(Frame {
            flow,
            kind: FrameKind::Root,
            vars,
            tasks: Vec::new(),
            call_site: None,
            loops: HashMap::new(),
            cursor: start.unwrap_or(Cursor::ContainerEnd(0)),
            menu_attempts: HashMap::new(),
        });
        me
    }

    /// Declares every variable of a flow (flow and containers) with its initial value (NOT_SET when it has none
    /// or it cannot be evaluated without the org).
    fn init_vars(&self, flow: &Flow, vars: &mut Vars) {
        let all = flow.variables.iter().chain(flow.containers.iter().flat_map(|c| c.variables.iter()));
        for v in all {
            let ty = variable_type(v);
            let value = v
                .initial_value
                .as_ref()
                .and_then(|e| {
                    let s = RunScope {
                        vars,
                        interaction: &self.interaction,
                        now_ms: self.now_ms,
                        org: &self.org,
                        participant: &self.participant,
                    };
                    evaluate(e, &s).ok()
                })
                .unwrap_or(Value::NotSet(ty.clone()));
            let value = match value {
                Value::NotSet(_) => Value::NotSet(ty),
                v => v,
            };
            vars.set(&v.name, value);
        }
    }

    // ----- the driver's side -----

    /// The time-zone rules schedule groups are evaluated with (default: only UTC is known).
    pub fn set_time_zones(&mut self, tz: Box<dyn crate::base::tz::TimeZones + Send + Sync>) {
        self.time_zones = tz;
    }

    pub fn provide_org(&mut self, query: OrgQuery, answer: OrgAnswer) {
        self.org.insert(query, answer);
    }

    /// The action (or container) the run is at, for trace events recorded between steps.
    fn at_cursor(&self) -> At {
        let f = self.frame();
        match f.cursor {
            Cursor::Action(a) | Cursor::LoopReturn(a) => self.at(f.flow.actions.get(a)),
            Cursor::Container(c) | Cursor::ContainerEnd(c) => At {
                flow: f.flow.name.clone(),
                container: f.flow.containers.get(c).map(|c| c.name.clone()).unwrap_or_default(),
                ..Default::default()
            },
        }
    }
    pub fn provide_input(&mut self, answer: Option<String>) {
        self.answered_input = Some(answer);
    }
    pub fn provide_data_action(&mut self, result: DataActionResult) {
        self.data_result = Some(result);
    }
    pub fn provide_flow(&mut self, flow_id: &str, flow: Option<Flow>) {
        self.flows.insert(flow_id.to_string(), flow.map(Arc::new));
    }
    /// Goes on from a [`Need::Breakpoint`]: the action there runs at the next step.
    pub fn resume(&mut self) {
        self.resumed = true;
    }
    /// Replaces the breakpoints (a user may change them while the run is paused).
    pub fn set_breakpoints(&mut self, breakpoints: Vec<String>) {
        self.options.breakpoints = breakpoints;
    }

    pub fn trace(&self) -> &[TraceEvent] {
        &self.trace
    }
    /// Trace events not kept because of [`Options::max_trace`].
    pub fn trace_dropped(&self) -> usize {
        self.trace_dropped
    }
    pub fn actions_executed(&self) -> usize {
        self.executed
    }
    /// The simulated clock.
    pub fn now_ms(&self) -> i64 {
        self.now_ms
    }
    pub fn outcome(&self) -> Option<&Outcome> {
        self.outcome.as_ref()
    }
    /// A variable of the running (or last) flow, by name.
    pub fn variable(&self, name: &str) -> Option<&Value> {
        self.frames.last()?.vars.get(name)
    }
    pub fn coverage(&self) -> Coverage {
        let root = self.frames.first().map(|f| f.flow.clone());
        Coverage {
            actions_visited: self.visited_actions.iter().filter(|v| **v).count(),
            actions_total: self.visited_actions.len(),
            paths_visited: self.visited_paths.len(),
            paths_total: root.map(|f| f.path_count()).unwrap_or(0),
        }
    }

    /// Runs until the flow needs something from the driver or ends.
    pub fn step(&mut self) -> Step {
        loop {
            if let Some(o) = &self.outcome {
                return Step::Done(o.clone());
            }
            match self.advance() {
                Ok(()) => {}
                Err(Stop::Need(n)) => {
                    // A breakpoint pauses before the action is counted or run: nothing of it is done yet.
                    self.rerun = !matches!(n, Need::Breakpoint { .. });
                    return Step::Need(n);
                }
                Err(Stop::Error(e)) => {
                    let o = self.error_handling(e);
                    self.outcome = Some(o);
                }
            }
        }
    }

    /// Runs one cursor position.
    fn advance(&mut self) -> Result<(), Stop> {
        let cursor = self.frame().cursor;
        if let Cursor::Action(a) | Cursor::LoopReturn(a) = cursor {
            self.breakpoint(a)?;
        }
        let next = match cursor {
            Cursor::Container(c) => self.enter_container(c)?,
            Cursor::ContainerEnd(c) => self.container_end(c)?,
            Cursor::LoopReturn(a) => {
                self.count_action()?;
                self.loop_next(a)?
            }
            Cursor::Action(a) => {
                self.count_action()?;
                match self.exec(a) {
                    Ok(n) => n,
                    Err(Stop::Need(n)) => return Err(Stop::Need(n)),
                    Err(Stop::Error(e)) => self.on_error(a, e)?,
                }
            }
        };
        self.progress = 0;
        match next {
            Next::Goto(c) => self.frame_mut().cursor = c,
            Next::End(o) => self.outcome = Some(o),
            Next::Switched => {}
        }
        Ok(())
    }

    /// Pauses before action `ai` when it has a breakpoint, unless the driver just resumed from there or the action
    /// is running again after an answer (it paused, if at all, before it first ran).
    fn breakpoint(&mut self, ai: ActionIdx) -> Result<(), Stop> {
        let resumed = std::mem::take(&mut self.resumed);
        if resumed || self.rerun || self.options.breakpoints.is_empty() {
            return Ok(());
        }
        let a = self.frame().flow.actions.get(ai);
        if a.is_some_and(|a| self.options.breakpoints.contains(&a.id)) {
            return Err(Stop::Need(Need::Breakpoint { at: self.at(a) }));
        }
        Ok(())
    }

    fn count_action(&mut self) -> Result<(), Stop> {
        if std::mem::take(&mut self.rerun) {
            return Ok(()); // a re-run after an answer was already counted
        }
        self.executed += 1;
        if self.executed > self.options.max_actions {
            return Err(Stop::Error(RunError::ActionLimit { limit: self.options.max_actions }));
        }
        Ok(())
    }

    fn frame(&self) -> &Frame {
        // `frames` is never empty: the root frame is never popped.
        &self.frames[self.frames.len() - 1]
    }
    fn frame_mut(&mut self) -> &mut Frame {
        let n = self.frames.len() - 1;
        &mut self.frames[n]
    }

    fn at(&self, a: Option<&Action>) -> At {
        let f = self.frame();
        let container = a.and_then(|a| f.flow.containers.get(a.container)).map(|c| c.name.clone()).unwrap_or_default();
        match a {
            Some(a) => At {
                flow: f.flow.name.clone(),
                container,
                action_id: a.id.clone(),
                action_name: a.name.clone(),
                action_type: a.type_name.clone(),
            },
            None => At { flow: f.flow.name.clone(), ..Default::default() },
        }
    }

    fn push(&mut self, at: At, event: Event) {
        if self.trace.len() < self.options.max_trace {
            self.trace.push(TraceEvent { at, event });
        } else {
            self.trace_dropped += 1;
        }
    }

    fn scope(&self) -> RunScope<'_> {
        RunScope {
            vars: &self.frame().vars,
            interaction: &self.interaction,
            now_ms: self.now_ms,
            org: &self.org,
            participant: &self.participant,
        }
    }

    /// Evaluates an expression; a pending org read becomes a [`Need`] (answered from the cache without asking
    /// when there is no org).
    fn eval(&mut self, e: &Expression) -> Result<Value, Stop> {
        for _ in 0..64 {
            let r = evaluate(e, &self.scope());
            match r {
                Ok(v) => {
                    self.record_expression_reads();
                    return Ok(v);
                }
                Err(EvalError::Runtime(r)) => {
                    self.record_expression_reads();
                    return Err(Stop::Error(RunError::Expression { expression: e.text.clone(), message: r.message }));
                }
                Err(EvalError::Pending(q)) => {
                    self.expression_reads.push(q.clone());
                    if self.options.org {
                        return Err(Stop::Need(Need::Org(q)));
                    }
                    self.org.insert(q, OrgAnswer::NoOrg);
                }
            }
        }
        Err(Stop::Error(RunError::Expression { expression: e.text.clone(), message: "too many org reads".into() }))
    }

    /// Org reads an expression made (`FindQueue("Gold")`), once answered, go to the trace.
    fn record_expression_reads(&mut self) {
        if self.expression_reads.is_empty() {
            return;
        }
        let at = self.at_cursor();
        for q in std::mem::take(&mut self.expression_reads) {
            if let Some(a) = self.org.get(&q).cloned() {
                self.push(at.clone(), Event::OrgRead { query: q, answer: a });
            }
        }
    }

    fn eval_opt(&mut self, e: Option<&Expression>) -> Result<Value, Stop> {
        match e {
            Some(e) => self.eval(e),
            None => Ok(Value::NotSet(Type::Any)),
        }
    }

    /// An org read through the cache.
    fn org_read(&mut self, q: OrgQuery, at: &At) -> Result<OrgAnswer, Stop> {
        if let Some(a) = self.org.get(&q) {
            let a = a.clone();
            if !self.read_in_this_run_of(&q, at) {
                self.push(at.clone(), Event::OrgRead { query: q, answer: a.clone() });
            }
            return Ok(a);
        }
        if !self.options.org {
            self.org.insert(q.clone(), OrgAnswer::NoOrg);
            self.push(at.clone(), Event::OrgRead { query: q, answer: OrgAnswer::NoOrg });
            return Ok(OrgAnswer::NoOrg);
        }
        Err(Stop::Need(Need::Org(q)))
    }

    /// Whether this run of the action at `at` has already recorded the read `q`. An action that needs several
    /// reads runs again from its start after each answer (the interpreter never waits inside an action), so the
    /// reads answered before are met again, from the cache; the trace lists each once. This run's events are
    /// those after the last action's end.
    fn read_in_this_run_of(&self, q: &OrgQuery, at: &At) -> bool {
        self.trace
            .iter()
            .rev()
            .take_while(|e| !matches!(e.event, Event::Action { .. } | Event::Entered { .. }))
            .any(|e| e.at.action_id == at.action_id && matches!(&e.event, Event::OrgRead { query, .. } if query == q))
    }

    fn set_var(&mut self, name: &str, v: Value, at: &At) {
        let before = self.frame_mut().vars.set(name, v.clone());
        let before = before.map(|b| value_text(&b)).unwrap_or_else(|| "NOT_SET".into());
        let after = value_text(&v);
        if before != after {
            self.push(at.clone(), Event::VariableChanged { name: name.to_string(), before, after });
        }
    }

    /// Writes `v` where an assignment target expression points: a variable, or a property or item below it
    /// (`Flow.contact.firstName`, `Flow.list[2]`) in a JSON, complex or collection value.
    fn assign(&mut self, e: &Expression, v: Value, at: &At) -> Result<(), Stop> {
        let Some(t) = e.target() else {
            return Err(Stop::Error(RunError::Expression {
                expression: e.text.clone(),
                message: "this is not a variable that can be set".into(),
            }));
        };
        if t.path.is_empty() {
            self.set_var(&t.name, v, at);
            return Ok(());
        }
        let mut steps = Vec::with_capacity(t.path.len());
        for p in &t.path {
            steps.push(match p {
                crate::expr::PathStep::Property(n) => PathKey::Key(n.clone()),
                crate::expr::PathStep::Index(ix) => {
                    let iv = evaluate(
                        &Expression { text: String::new(), type_code: "int".into(), tree: Some(ix.clone()) },
                        &self.scope(),
                    );
                    match iv {
                        Ok(Value::Integer(i)) => PathKey::Index(i),
                        Ok(other) => PathKey::Key(plain_text(&other)),
                        Err(EvalError::Pending(q)) => return Err(Stop::Need(Need::Org(q))),
                        Err(EvalError::Runtime(r)) => {
                            return Err(Stop::Error(RunError::Expression {
                                expression: e.text.clone(),
                                message: r.message,
                            }))
                        }
                    }
                }
            });
        }
        let mut root = self.frame().vars.get(&t.name).cloned().unwrap_or(Value::NotSet(Type::Any));
        if let Err(m) = set_at(&mut root, &steps, v) {
            return Err(Stop::Error(RunError::Expression { expression: e.text.clone(), message: m }));
        }
        self.set_var(&t.name, root, at);
        Ok(())
    }

    /// The continuation after action `ai` completed without taking a branch.
    fn after(flow: &Flow, ai: ActionIdx) -> Cursor {
        let mut cur = ai;
        for _ in 0..=flow.actions.len() {
            let Some(a) = flow.actions.get(cur) else { break };
            if let Some(n) = a.next {
                return Cursor::Action(n);
            }
            match a.parent {
                Some(p) if flow.actions.get(p).map(|p| &p.kind) == Some(&ActionKind::Loop) => {
                    return Cursor::LoopReturn(p)
                }
                Some(p) => cur = p,
                None => return Cursor::ContainerEnd(a.container),
            }
        }
        Cursor::ContainerEnd(flow.actions.get(ai).map(|a| a.container).unwrap_or(0))
    }

    /// Takes the path `output_id` of action `ai` (or its continuation when it has none).
    fn take(&mut self, ai: ActionIdx, output_id: &str, reason: Option<Reason>) -> Next {
        let flow = self.frame().flow.clone();
        let Some(a) = flow.actions.get(ai) else { return Next::Goto(Cursor::ContainerEnd(0)) };
        let at = self.at(Some(a));
        match a.paths.iter().position(|p| p.output_id.eq_ignore_ascii_case(output_id)) {
            Some(pi) => {
                self.visit_path(ai, pi);
                let p = &a.paths[pi];
                self.push(at, Event::Action { path: Some(p.label.clone()), reason });
                Next::Goto(match p.next {
                    Some(n) => Cursor::Action(n),
                    None => Self::after(&flow, ai),
                })
            }
            None => {
                self.push(at, Event::Action { path: None, reason });
                Next::Goto(Self::after(&flow, ai))
            }
        }
    }

    fn visit_path(&mut self, ai: ActionIdx, pi: usize) {
        if self.frames.len() == 1 {
            self.visited_paths.insert((ai, pi));
        }
    }

    fn done(&mut self, ai: ActionIdx) -> Next {
        self.take(ai, "", None)
    }

    /// A runtime error in action `ai`: its failure path when it has one, else error handling.
    fn on_error(&mut self, ai: ActionIdx, e: RunError) -> Result<Next, Stop> {
        let flow = self.frame().flow.clone();
        let Some(a) = flow.actions.get(ai) else { return Err(Stop::Error(e)) };
        if matches!(e, RunError::ActionLimit { .. } | RunError::NestingLimit { .. }) {
            return Err(Stop::Error(e));
        }
        let at = self.at(Some(a));
        self.push(at, Event::Error { error: e.clone() });
        if a.path("__FAILURE__").is_some() {
            if let Some(eb) = a
                .bindings("errorBindings")
                .iter()
                .find(|b| b.name.eq_ignore_ascii_case("errorMessage") || b.name.eq_ignore_ascii_case("userMessage"))
            {
                if let Some(t) = eb.value.as_ref().and_then(|v| v.target_name()).map(str::to_string) {
                    let at = self.at(Some(a));
                    self.set_var(&t, Value::String(e.describe()), &at);
                }
            }
            return Ok(self.take(ai, "__FAILURE__", None));
        }
        Err(Stop::Error(e))
    }

    /// The flow's error handling (of the root flow, as Genesys runs the interaction's flow's).
    ///
    /// Every `errorHandling` seen in real configurations is a handling type (Disconnect, Queue, EndWorkflow,
    /// EndFlow), which runs no actions: the outcome is immediate, so Genesys' allowance of 1,000 more actions
    /// inside error handling never comes into play here.
    fn error_handling(&mut self, e: RunError) -> Outcome {
        if self.in_error_handling {
            return Outcome::ErrorHandling { error: e, then: Box::new(Outcome::Disconnect) };
        }
        self.in_error_handling = true;
        // An action's error is already in the trace; a limit is not tied to one action.
        if matches!(e, RunError::ActionLimit { .. } | RunError::NestingLimit { .. }) {
            let at = self.at(None);
            self.push(at, Event::Error { error: e.clone() });
        }
        let root = self.frames[0].flow.clone();
        let then = match &root.error_handling {
            ErrorHandling::Disconnect if root.flow_type == "workflow" => {
                Outcome::WorkflowEnd { exit_reason: String::new() }
            }
            ErrorHandling::Disconnect => Outcome::Disconnect,
            ErrorHandling::EndWorkflow => Outcome::WorkflowEnd { exit_reason: String::new() },
            ErrorHandling::EndFlow(_) if root.flow_type == "workitem" => Outcome::ExitWorkitemFlow,
            ErrorHandling::EndFlow(_) if root.flow_type.contains("bot") => Outcome::ExitBotFlow,
            ErrorHandling::EndFlow(_) => Outcome::Disconnect,
            ErrorHandling::Queue(q) => {
                self.frames.truncate(1);
                let v = q.as_ref().map(|q| evaluate(q, &self.scope()));
                match v {
                    Some(Ok(Value::Entity { id, name, .. })) => Outcome::TransferToQueue {
                        queue_id: id,
                        queue_name: name,
                        skills: Vec::new(),
                        priority: None,
                        preferred_agents: None,
                    },
                    _ => Outcome::Disconnect,
                }
            }
        };
        Outcome::ErrorHandling { error: e, then: Box::new(then) }
    }

    // ----- containers -----

    fn enter_container(&mut self, ci: ContainerIdx) -> Result<Next, Stop> {
        let flow = self.frame().flow.clone();
        let Some(c) = flow.containers.get(ci) else {
            return Err(Stop::Error(RunError::Broken { what: format!("container #{ci}") }));
        };
        if self.progress == 0 {
            self.rerun = false;
            self.count_action()?;
            let at = At { flow: flow.name.clone(), container: c.name.clone(), ..Default::default() };
            self.push(at, Event::Entered { kind: c.kind.as_str().to_string() });
            self.progress = 1;
        }
        self.rerun = false;
        if let Some(menu) = &c.menu {
            return self.run_menu(&flow, ci, menu);
        }
        Ok(Next::Goto(match c.start {
            Some(s) => Cursor::Action(s),
            None => Cursor::ContainerEnd(ci),
        }))
    }

    fn run_menu(&mut self, flow: &Arc<Flow>, ci: ContainerIdx, menu: &crate::flow::model::Menu) -> Result<Next, Stop> {
        let c = &flow.containers[ci];
        let at = At {
            flow: flow.name.clone(),
            container: c.name.clone(),
            action_type: "Menu".into(),
            action_name: c.name.clone(),
            action_id: c.id.clone(),
        };
        let prompt = match &menu.prompt {
            Some(p) => self.say_text(p),
            None => String::new(),
        };
        let choices: Vec<String> = menu
            .choices
            .iter()
            .map(|ch| match &ch.digit {
                Some(d) => format!("{d}: {}", ch.name),
                None => ch.name.clone(),
            })
            .collect();
        let answer = self.take_input(InputKind::Choice, &c.id, &prompt, choices)?;
        if self.progress < 2 {
            if !prompt.is_empty() {
                self.push(at.clone(), Event::Said { text: prompt });
            }
            self.progress = 2;
        }
        self.push(at.clone(), Event::Answered { kind: InputKind::Choice, value: answer.clone() });
        let chosen = answer.as_deref().and_then(|ans| {
            let a = ans.trim().trim_end_matches('#');
            menu.choices.iter().position(|ch| {
                ch.digit.as_deref() == Some(a)
                    || ch.name.eq_ignore_ascii_case(a)
                    || ch.terms.iter().any(|t| t.eq_ignore_ascii_case(a))
            })
        });
        let chosen = match chosen {
            Some(i) => Some(i),
            None => {
                let max = match &menu.repeat_count {
                    Some(e) => match self.eval(e) {
                        Ok(Value::Integer(n)) if n > 0 => (n as u32).min(20),
                        _ => DEFAULT_MENU_ATTEMPTS,
                    },
                    None => DEFAULT_MENU_ATTEMPTS,
                };
                let attempts = {
                    let f = self.frame_mut();
                    let n = f.menu_attempts.entry(ci).or_insert(0);
                    *n += 1;
                    *n
                };
                if attempts < max {
                    self.progress = 0;
                    return Ok(Next::Goto(Cursor::Container(ci)));
                }
                self.frame_mut().menu_attempts.remove(&ci);
                match menu.default_choice {
                    Some(d) => Some(d),
                    None => {
                        self.push(at, Event::Action { path: Some("(no choice: disconnect)".into()), reason: None });
                        return Ok(Next::End(Outcome::Disconnect));
                    }
                }
            }
        };
        self.frame_mut().menu_attempts.remove(&ci);
        let Some(ch) = chosen.and_then(|i| menu.choices.get(i)) else { return Ok(Next::End(Outcome::Disconnect)) };
        self.push(at, Event::Action { path: Some(ch.name.clone()), reason: None });
        Ok(Next::Goto(match ch.action {
            Some(a) => Cursor::Action(a),
            None => Cursor::ContainerEnd(ci),
        }))
    }

    /// The sequence of container `ci` ran out.
    fn container_end(&mut self, ci: ContainerIdx) -> Result<Next, Stop> {
        let flow = self.frame().flow.clone();
        let kind = flow.containers.get(ci).map(|c| c.kind.clone()).unwrap_or(ContainerKind::Task);
        if let Some(site) = self.frame_mut().tasks.pop() {
            return self.return_from_task(site, "__DEFAULT__");
        }
        let frame_kind = self.frame().kind;
        if frame_kind == FrameKind::Module || frame_kind == FrameKind::Bot {
            return self.return_from_flow();
        }
        Ok(Next::End(match kind {
            ContainerKind::LoopTask => Outcome::StillInQueue,
            _ => self.end_of_flow(&flow),
        }))
    }

    /// How the root flow ends when its sequence runs out.
    fn end_of_flow(&self, flow: &Flow) -> Outcome {
        match flow.flow_type.as_str() {
            "workflow" => Outcome::WorkflowEnd { exit_reason: String::new() },
            "bot" | "digitalbot" => Outcome::ExitBotFlow,
            "workitem" => Outcome::ExitWorkitemFlow,
            "commonmodule" => Outcome::ModuleReturned,
            "inqueuecall" | "inqueueemail" | "inqueueshortmessage" => Outcome::StillInQueue,
            _ => Outcome::Disconnect,
        }
    }

    fn return_from_task(&mut self, site: ActionIdx, output_id: &str) -> Result<Next, Stop> {
        let flow = self.frame().flow.clone();
        let Some(a) = flow.actions.get(site) else { return Ok(Next::End(Outcome::Disconnect)) };
        let at = self.at(Some(a));
        for b in a.bindings("outputs") {
            if let (Some(src), Some(dst)) = (Some(b.name.as_str()).filter(|n| !n.is_empty()), b.value.as_ref()) {
                if let Some(t) = dst.target_name() {
                    let v = self.frame().vars.get(src).cloned().unwrap_or(Value::NotSet(Type::Any));
                    self.set_var(t, v, &at);
                }
            }
        }
        Ok(self.take(site, output_id, None))
    }

    /// A module or bot flow returns to its caller, binding outputs.
    fn return_from_flow(&mut self) -> Result<Next, Stop> {
        let Some(done) = self.frames.pop() else { return Ok(Next::End(Outcome::Disconnect)) };
        let Some(site) = done.call_site else { return Ok(Next::End(Outcome::Disconnect)) };
        let flow = self.frame().flow.clone();
        let Some(a) = flow.actions.get(site) else { return Ok(Next::End(Outcome::Disconnect)) };
        let at = self.at(Some(a));
        for b in a.bindings("outputs") {
            if let Some(t) = b.value.as_ref().and_then(|v| v.target_name()) {
                let v = done.vars.get(&b.name).cloned().unwrap_or(Value::NotSet(Type::Any));
                self.set_var(t, v, &at);
            }
        }
        let next = self.take(site, "__SUCCESS__", None);
        if let Next::Goto(c) = next {
            self.frame_mut().cursor = c;
        }
        Ok(Next::Switched)
    }

    /// Calls another flow (module or bot) with the caller's inputs.
    fn call_flow(&mut self, site: ActionIdx, callee: Arc<Flow>, kind: FrameKind) -> Result<Next, Stop> {
        if self.frames.len() >= self.options.max_depth {
            return Err(Stop::Error(RunError::NestingLimit { limit: self.options.max_depth }));
        }
        let caller = self.frame().flow.clone();
        let a = &caller.actions[site];
        let mut inputs = Vec::new();
        for b in a.bindings("inputs") {
            let v = self.eval_opt(b.value.as_ref())?;
            inputs.push((b.name.clone(), v));
        }
        let mut vars = Vars::default();
        self.init_vars(&callee, &mut vars);
        for (n, v) in inputs {
            if !matches!(v, Value::NotSet(_)) || !vars.contains(&n) {
                vars.set(&n, v);
            }
        }
        let cursor = match callee.initial_sequence {
            Some(c) => Cursor::Container(c),
            None => return Ok(self.done(site)),
        };
        let at = self.at(Some(a));
        self.push(at, Event::Action { path: None, reason: None });
        self.frames.push(Frame {
            flow: callee,
            kind,
            vars,
            tasks: Vec::new(),
            call_site: Some(site),
            loops: HashMap::new(),
            cursor,
            menu_attempts: HashMap::new(),
        });
        Ok(Next::Switched)
    }

    // ----- loops -----

    fn loop_next(&mut self, li: ActionIdx) -> Result<Next, Stop> {
        let flow = self.frame().flow.clone();
        let Some(a) = flow.actions.get(li) else { return Ok(Next::Goto(Cursor::ContainerEnd(0))) };
        let (i, n) = self.frame().loops.get(&li).copied().unwrap_or((0, 0));
        let i = i + 1;
        self.iterate(&flow, li, a, i, n)
    }

    fn iterate(&mut self, flow: &Arc<Flow>, li: ActionIdx, a: &Action, i: i64, n: i64) -> Result<Next, Stop> {
        let at = self.at(Some(a));
        if let Some(t) = a.expr("currentIndex").and_then(|e| e.target_name()) {
            self.set_var(t, Value::Integer(i), &at);
        }
        if i < n {
            self.frame_mut().loops.insert(li, (i, n));
            let reason = Reason { expression: format!("{i} < {n}"), value: "true".into() };
            self.visit_path(li, 0);
            self.push(at, Event::Action { path: Some("Loop".into()), reason: Some(reason) });
            Ok(Next::Goto(match a.paths.first().and_then(|p| p.next) {
                Some(body) => Cursor::Action(body),
                None => Cursor::LoopReturn(li),
            }))
        } else {
            self.frame_mut().loops.remove(&li);
            let reason = Reason { expression: format!("{i} < {n}"), value: "false".into() };
            self.push(at, Event::Action { path: Some("Done".into()), reason: Some(reason) });
            Ok(Next::Goto(Self::after(flow, li)))
        }
    }

    fn enclosing_loop(flow: &Flow, ai: ActionIdx) -> Option<ActionIdx> {
        let mut cur = flow.actions.get(ai)?.parent;
        for _ in 0..=flow.actions.len() {
            let p = cur?;
            if flow.actions.get(p)?.kind == ActionKind::Loop {
                return Some(p);
            }
            cur = flow.actions.get(p)?.parent;
        }
        None
    }

    // ----- input -----

    /// The next input: an answer the driver gave, else the next scripted input, else ask the driver
    /// (when pausing) or silence.
    fn take_input(
        &mut self,
        kind: InputKind,
        id: &str,
        prompt: &str,
        choices: Vec<String>,
    ) -> Result<Option<String>, Stop> {
        if let Some(a) = self.answered_input.take() {
            return Ok(a);
        }
        if let Some(s) = self.inputs.pop_front() {
            return Ok(Some(s));
        }
        if self.options.pause_for_input {
            return Err(Stop::Need(Need::Input(InputRequest {
                kind,
                action_id: id.to_string(),
                prompt: prompt.to_string(),
                choices,
            })));
        }
        Ok(None)
    }

    /// What the caller hears or reads from an audio or communication expression, as text.
    fn say_text(&mut self, e: &Expression) -> String {
        let text = match evaluate(e, &self.scope()) {
            Ok(v) => plain_text(&v),
            Err(_) => literal_text(e),
        };
        crate::flow::model::cut(&text, MAX_VALUE_CHARS)
    }

    fn say(&mut self, a: &Action, key: &str) {
        let texts: Vec<String> = a.exprs_of(key).filter(|e| !e.is_empty()).map(|e| self.say_text(e)).collect();
        let at = self.at(Some(a));
        for t in texts.into_iter().filter(|t| !t.is_empty()) {
            self.push(at.clone(), Event::Said { text: t });
        }
    }

    /// An ask action (Yes/No, slot, intent, digital menu): `Ok(None)` = silence.
    fn ask(
        &mut self,
        ai: ActionIdx,
        a: &Action,
        kind: InputKind,
        choices: Vec<String>,
    ) -> Result<Option<String>, Stop> {
        let prompt = a.expr("question").map(|q| self.say_text(q)).unwrap_or_default();
        let answer = self.take_input(kind, &a.id, &prompt, choices)?;
        let at = self.at(Some(a));
        if !prompt.is_empty() && !self.no_matches.contains_key(&ai) {
            self.push(at.clone(), Event::Said { text: prompt });
        }
        self.push(at, Event::Answered { kind, value: answer.clone() });
        Ok(answer)
    }

    /// One no-match: `Some(next)` when the action gives up (`__MAX_NO_MATCHES__`), `None` to ask again.
    fn no_match(&mut self, ai: ActionIdx, a: &Action) -> Result<Option<Next>, Stop> {
        let max = match a.expr("noMatches") {
            Some(e) => match self.eval(e)? {
                Value::Integer(n) if n >= 0 => (n as u32).min(20),
                _ => DEFAULT_NO_MATCHES,
            },
            None => DEFAULT_NO_MATCHES,
        };
        let n = self.no_matches.entry(ai).or_insert(0);
        *n += 1;
        if *n > max {
            self.no_matches.remove(&ai);
            return Ok(Some(self.take(ai, "__MAX_NO_MATCHES__", None)));
        }
        Ok(None)
    }

    // ----- not simulated -----

    /// The output id of the path the user's override names for action `a`, when it names one of its paths.
    fn overridden_path(&self, a: &Action) -> Option<String> {
        let want = self.interaction.overrides.iter().find(|o| o.action_id == a.id)?.path.as_ref()?;
        a.paths
            .iter()
            .find(|p| p.output_id.eq_ignore_ascii_case(want) || p.label.eq_ignore_ascii_case(want))
            .map(|p| p.output_id.clone())
    }

    /// An action whose outcome the org cannot tell: the user's override, else the stated default
    /// (`__SUCCESS__`, outputs NOT_SET).
    fn not_simulated(&mut self, ai: ActionIdx, a: &Action, why: NotSimulatedWhy) -> Result<Next, Stop> {
        let ov = self.interaction.overrides.iter().find(|o| o.action_id == a.id).cloned();
        let at = self.at(Some(a));
        let default_path = if a.path("__SUCCESS__").is_some() {
            Some("__SUCCESS__".to_string())
        } else {
            a.paths.first().map(|p| p.output_id.clone())
        };
        let path = self.overridden_path(a).or(default_path);
        let mut outputs = Vec::new();
        for b in a.bindings("outputs") {
            let Some(t) = b.value.as_ref().and_then(|v| v.target_name()).map(str::to_string) else { continue };
            let given = ov.as_ref().and_then(|o| {
                o.outputs.iter().find(|(k, _)| k.eq_ignore_ascii_case(&b.name) || k.eq_ignore_ascii_case(&t))
            });
            let ty = Type::from_code(b.value.as_ref().map(|v| v.type_code.as_str()).unwrap_or(""));
            let v = match given {
                Some((_, text)) => value_from_text(text, &ty),
                None => Value::NotSet(ty),
            };
            outputs.push((t.clone(), value_text(&v)));
            self.set_var(&t, v, &at);
        }
        let label = path.as_ref().and_then(|p| a.path(p)).map(|p| p.label.clone());
        self.push(at, Event::NotSimulated { why, assumed_path: label, outputs, overridden: ov.is_some() });
        Ok(match path {
            Some(p) => self.take(ai, &p, None),
            None => self.done(ai),
        })
    }
}

mod exec;
mod inspect;

/// A step below a variable, evaluated.
enum PathKey {
    Key(String),
    Index(i64),
}

/// Sets the value at `steps` below `root` (iterative; JSON values take the value's JSON).
fn set_at(root: &mut Value, steps: &[PathKey], v: Value) -> Result<(), String> {
    let Some((last, above)) = steps.split_last() else {
        *root = v;
        return Ok(());
    };
    let mut cur = root;
    for (k, s) in above.iter().enumerate() {
        cur = match (cur, s) {
            (Value::Json(j), _) => return set_json(j, &steps[k..], v),
            (Value::Complex { fields, .. }, PathKey::Key(k)) => {
                fields.entry(k.clone()).or_insert_with(|| Value::NotSet(Type::Any))
            }
            (Value::List { items, .. }, PathKey::Index(i)) => {
                let n = items.len();
                usize::try_from(*i)
                    .ok()
                    .and_then(|i| items.get_mut(i))
                    .ok_or(format!("index {i} is out of range (0 to {})", n as i64 - 1))?
            }
            (Value::NotSet(_), _) => return Err("it is NOT_SET".into()),
            _ => return Err("the value has no such property".into()),
        };
    }
    match (cur, last) {
        (Value::Json(j), s) => set_json(j, std::slice::from_ref(s), v),
        (Value::Complex { fields, .. }, PathKey::Key(k)) => {
            fields.insert(k.clone(), v);
            Ok(())
        }
        (Value::List { items, .. }, PathKey::Index(i)) => {
            let n = items.len();
            let slot = usize::try_from(*i).ok().and_then(|i| items.get_mut(i));
            match slot {
                Some(slot) => {
                    *slot = v;
                    Ok(())
                }
                None => Err(format!("index {i} is out of range (0 to {})", n as i64 - 1)),
            }
        }
        (Value::NotSet(_), _) => Err("it is NOT_SET".into()),
        _ => Err("the value has no such property".into()),
    }
}

fn set_json(mut j: &mut serde_json::Value, steps: &[PathKey], v: Value) -> Result<(), String> {
    let Some((last, above)) = steps.split_last() else { return Ok(()) };
    for s in above {
        j = match (j, s) {
            (serde_json::Value::Object(o), PathKey::Key(k)) => o.entry(k.clone()).or_insert(serde_json::json!({})),
            (serde_json::Value::Array(a), PathKey::Index(i)) => {
                let n = a.len();
                usize::try_from(*i)
                    .ok()
                    .and_then(|i| a.get_mut(i))
                    .ok_or(format!("index {i} is out of range (0 to {})", n as i64 - 1))?
            }
            _ => return Err("the JSON has no such property".into()),
        };
    }
    match (j, last) {
        (serde_json::Value::Object(o), PathKey::Key(k)) => {
            o.insert(k.clone(), v.to_json());
            Ok(())
        }
        (serde_json::Value::Array(a), PathKey::Index(i)) => {
            let n = a.len();
            match usize::try_from(*i).ok().and_then(|i| a.get_mut(i)) {
                Some(slot) => {
                    *slot = v.to_json();
                    Ok(())
                }
                None => Err(format!("index {i} is out of range (0 to {})", n as i64 - 1)),
            }
        }
        _ => Err("the JSON has no such property".into()),
    }
}
