//! Breakpoints that pause a live run (the interpreter's `Need::Breakpoint`, the driver's `Caller::paused`),
//! "override this action" on any action with paths, and variable changes as structured trace data.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::sync::Arc;

use flowsim_core::base::tz::FixedZones;
use flowsim_core::expr::{OrgAnswer, OrgQuery, Value};
use flowsim_core::flow::model::Flow;
use flowsim_core::interp::{
    Event, InputRequest, Interaction, Interpreter, Need, NotSimulatedWhy, Options, Outcome, Override, Start, Step,
};
use flowsim_core::net::api::Api;
use flowsim_core::net::error::ErrorKind;
use flowsim_core::net::http::{HttpClient, HttpRequest, HttpResponse, TransportError};
use flowsim_core::sim::engine::{self, FlowSource, Host, DETAIL_PAUSED};
use flowsim_core::sim::remote::Simulated;
use flowsim_core::sim::run::{self, Caller, Report, Resume, Silent, Snapshot};
use flowsim_core::wire::contract::{ActionOverride, SimulationContext, SimulationRequest, VariableChange};
use futures_executor::block_on;
use serde_json::{json, Value as Json};

fn lit(text: &str, ty: &str) -> Json {
    json!({"text": text, "type": ty, "config": {"lit": {"pos": 1, "text": text, "type": ty}}, "version": 2})
}
fn var(name: &str, ty: &str) -> Json {
    json!({"text": name, "type": ty, "config": {"ref": {"pos": 1, "text": name, "type": ty, "val": format!("id-{name}")}}})
}
fn empty(ty: &str) -> Json {
    json!({"text": "", "type": ty, "config": {"emp": {"pos": 1, "text": "", "type": ty}}})
}
fn act(ty: &str, id: &str, extra: Json) -> Json {
    let mut o = json!({"__type": ty, "id": id, "name": format!("Action {id}"), "trackingId": 1});
    if let (Some(m), Some(e)) = (o.as_object_mut(), extra.as_object()) {
        for (k, v) in e {
            m.insert(k.clone(), v.clone());
        }
    }
    o
}

/// Sets `Flow.route`, loops three times over a one-minute wait (`Flow.i` is the index), then decides on a
/// Boolean and transfers to a number (Yes) or disconnects (No).
fn looping_flow(decision: bool) -> Flow {
    Flow::from_json(&json!({
        "name": "Loops", "type": "inboundcall", "initialSequence": "t",
        "errorHandling": {"handlingType": "Disconnect"},
        "variables": [
            {"__type": "IntegerVariable", "id": "id-Flow.i", "name": "Flow.i", "initialValue": empty("int")},
            {"__type": "StringVariable", "id": "id-Flow.route", "name": "Flow.route", "initialValue": empty("str")}
        ],
        "flowSequenceItemList": [{"__type": "Task", "id": "t", "name": "Main", "startAction": "set", "variables": [],
            "actionList": [
                act("UpdateVariableAction", "set", json!({"nextAction": "l",
                    "variables": [{"variable": var("Flow.route", "str"), "expression": lit("sales → support", "str")}]})),
                act("LoopAction", "l", json!({"loopCount": lit("3", "int"), "currentIndex": var("Flow.i", "int"),
                    "path": {"label": "Loop", "outputId": "__LOOP__", "nextActionId": "w"}, "nextAction": "d"})),
                act("WaitAction", "w", json!({"duration": lit("P0D0H1M0S0F", "dur")})),
                act("DecisionAction", "d", json!({"expression": lit(if decision { "true" } else { "false" }, "bln"),
                    "paths": [{"label": "Yes", "outputId": "__YES__", "nextActionId": "num"},
                              {"label": "No", "outputId": "__NO__", "nextActionId": "bye"}]})),
                act("TransferToNumberAction", "num", json!({"number": lit("+13175550111", "str")})),
                act("DisconnectAction", "bye", json!({})),
            ]}]
    }))
}

fn options(breakpoints: &[&str]) -> Options {
    Options { org: false, breakpoints: breakpoints.iter().map(|b| b.to_string()).collect(), ..Options::default() }
}

/// Steps to the outcome, resuming at every breakpoint; returns the outcome and, per pause, the action and
/// `Flow.i` there.
fn run_resuming(it: &mut Interpreter) -> (Outcome, Vec<(String, Option<Value>)>) {
    let mut pauses = Vec::new();
    for _ in 0..100 {
        match it.step() {
            Step::Done(o) => return (o, pauses),
            Step::Need(Need::Breakpoint { at }) => {
                pauses.push((at.action_id.clone(), it.variable("Flow.i").cloned()));
                it.resume();
            }
            Step::Need(n) => panic!("unexpected need {n:?}"),
        }
    }
    panic!("no outcome after 100 steps");
}

#[test]
fn a_breakpoint_pauses_before_the_action_and_continue_ends_as_a_run_without_breakpoints() {
    let mut plain = Interpreter::new(looping_flow(false), Interaction::default(), options(&[]));
    let (plain_outcome, none) = run_resuming(&mut plain);
    assert!(none.is_empty());
    assert_eq!(plain_outcome, Outcome::Disconnect);

    let mut it = Interpreter::new(looping_flow(false), Interaction::default(), options(&["d"]));
    let at = match it.step() {
        Step::Need(Need::Breakpoint { at }) => at,
        s => panic!("{s:?}"),
    };
    assert_eq!((at.action_id.as_str(), at.action_name.as_str(), at.container.as_str()), ("d", "Action d", "Main"));
    assert_eq!(at.action_type, "DecisionAction");
    // Paused before the decision ran: the loop is done, the decision's path is not taken yet.
    assert_eq!(it.variable("Flow.i"), Some(&Value::Integer(3)));
    assert_eq!(it.variable("Flow.route"), Some(&Value::String("sales → support".into())));
    assert!(it.trace().iter().all(|e| e.at.action_id != "d"), "the decision has not run");
    let executed = it.actions_executed();
    // Stepping again without resuming stays paused there.
    assert!(matches!(it.step(), Step::Need(Need::Breakpoint { at }) if at.action_id == "d"));
    assert_eq!(it.actions_executed(), executed);
    it.resume();
    let (outcome, more) = run_resuming(&mut it);
    assert!(more.is_empty(), "the same breakpoint does not pause again: {more:?}");
    assert_eq!(outcome, plain_outcome);
    assert_eq!(it.trace(), plain.trace(), "pausing changes nothing of the run");
    assert_eq!(it.actions_executed(), plain.actions_executed());
    assert_eq!(it.coverage(), plain.coverage());
    assert_eq!(it.now_ms(), plain.now_ms());
}

#[test]
fn a_breakpoint_inside_a_loop_pauses_each_time_round() {
    let mut it = Interpreter::new(looping_flow(true), Interaction::default(), options(&["w", "num"]));
    let (outcome, pauses) = run_resuming(&mut it);
    assert_eq!(outcome, Outcome::TransferToNumber { number: "+13175550111".into() });
    let i = |n| Some(Value::Integer(n));
    assert_eq!(
        pauses,
        [("w".into(), i(0)), ("w".into(), i(1)), ("w".into(), i(2)), ("num".into(), i(3))],
        "each round pauses with the index as it is then"
    );
    // A breakpoint on the loop action itself pauses at each of its iterations (and the one that ends it).
    let mut it = Interpreter::new(looping_flow(true), Interaction::default(), options(&["l"]));
    let (_, pauses) = run_resuming(&mut it);
    assert_eq!(pauses.len(), 4, "{pauses:?}");
}

#[test]
fn a_breakpoint_at_the_start_node_pauses_before_anything_runs() {
    let o = Options { start: Start::Node("w".into()), ..options(&["w"]) };
    let mut it = Interpreter::new(looping_flow(true), Interaction::default(), o);
    assert!(matches!(it.step(), Step::Need(Need::Breakpoint { at }) if at.action_id == "w"));
    assert!(it.trace().is_empty());
    assert_eq!(it.actions_executed(), 0);
}

#[test]
fn an_action_that_asks_the_org_after_its_breakpoint_does_not_pause_again() {
    let f = Flow::from_json(&json!({
        "name": "Reads", "type": "inboundshortmessage", "initialSequence": "s",
        "variables": [{"__type": "StringVariable", "id": "id-Flow.tier", "name": "Flow.tier", "initialValue": empty("str")}],
        "flowSequenceItemList": [{"__type": "State", "id": "s", "name": "s", "startAction": "dt", "variables": [],
            "actionList": [
                act("DataTableLookupAction", "dt", json!({"datatableId": "tbl", "lookupKeyValue": lit("k1", "str"),
                    "outputs": [{"name": "Tier", "value": var("Flow.tier", "str")}],
                    "paths": [{"label": "Found", "outputId": "__FOUND__"}, {"label": "Not Found", "outputId": "__NOT_FOUND__"},
                              {"label": "Failure", "outputId": "__FAILURE__"}], "nextAction": "end"})),
                act("DisconnectAction", "end", json!({})),
            ]}]
    }));
    let o = Options { breakpoints: vec!["dt".into()], ..Options::default() };
    let mut it = Interpreter::new(f, Interaction::default(), o);
    assert!(matches!(it.step(), Step::Need(Need::Breakpoint { at }) if at.action_id == "dt"));
    it.resume();
    let q = OrgQuery::DataTableRow { table_id: "tbl".into(), key: "k1".into() };
    assert_eq!(it.step(), Step::Need(Need::Org(q.clone())));
    it.provide_org(q, OrgAnswer::Found(json!({"key": "k1", "tier": "gold"})));
    assert_eq!(it.step(), Step::Done(Outcome::Disconnect));
    assert_eq!(it.variable("Flow.tier"), Some(&Value::String("gold".into())));
    assert_eq!(it.actions_executed(), 3, "the state, the lookup (once), the disconnect");
}

// ----- the driver -----

/// One pause as the user saw it: the action, the variables, the actions executed so far.
type Pause = (String, Vec<(String, Value)>, usize);

/// A user at the breakpoints: records each pause and answers from a script (then Continue).
#[derive(Default)]
struct User {
    answers: RefCell<VecDeque<Resume>>,
    pauses: RefCell<Vec<Pause>>,
    /// What the engine shows at each pause.
    shown: RefCell<Vec<Simulated>>,
}

impl Caller for User {
    async fn answer(&self, _request: &InputRequest) -> Option<String> {
        None
    }
    async fn paused(&self, s: &Snapshot<'_>) -> Resume {
        self.pauses.borrow_mut().push((s.at.action_id.clone(), s.variables.clone(), s.actions_executed));
        self.shown.borrow_mut().push(engine::paused(s));
        self.answers.borrow_mut().pop_front().unwrap_or(Resume::Continue { breakpoints: None })
    }
}

/// No org: a client that is never called.
struct NoNetwork;
impl HttpClient for NoNetwork {
    async fn send(&self, req: HttpRequest) -> Result<HttpResponse, TransportError> {
        panic!("no request expected: {}", req.url)
    }
    async fn sleep(&self, _ms: u32) -> Result<(), TransportError> {
        Ok(())
    }
    fn now_ms(&self) -> f64 {
        0.0
    }
}

fn drive(breakpoints: &[&str], user: &impl Caller) -> Result<Report, Box<flowsim_core::net::error::UserError>> {
    block_on(run::run(
        None::<&Api<'_, NoNetwork>>,
        Arc::new(looping_flow(true)),
        Interaction::default(),
        options(breakpoints),
        Box::new(FixedZones::default()),
        user,
    ))
    .map_err(Box::new)
}

#[test]
fn the_driver_asks_the_caller_at_each_breakpoint_and_continues_to_the_same_report() {
    let plain = drive(&[], &Silent).unwrap();
    let user = User::default();
    let report = drive(&["w", "num"], &user).unwrap();
    assert_eq!(report, plain, "a paused run ends exactly as one without breakpoints");
    assert_eq!(report, drive(&["w", "num"], &User::default()).unwrap(), "deterministic");
    let pauses = user.pauses.borrow();
    let at: Vec<&str> = pauses.iter().map(|(a, _, _)| a.as_str()).collect();
    assert_eq!(at, ["w", "w", "w", "num"]);
    // The variables as they are at each pause.
    let i_at = |k: usize| pauses[k].1.iter().find(|(n, _)| n == "Flow.i").map(|(_, v)| v.clone());
    assert_eq!(
        (i_at(0), i_at(2), i_at(3)),
        (Some(Value::Integer(0)), Some(Value::Integer(2)), Some(Value::Integer(3)))
    );
    assert!(pauses[0].1.contains(&("Flow.route".into(), Value::String("sales → support".into()))));
    assert!(pauses[0].2 < pauses[3].2, "actions executed grow between pauses");
}

#[test]
fn continue_can_change_the_breakpoints_and_stop_cancels_the_run() {
    let user = User::default();
    user.answers.borrow_mut().push_back(Resume::Continue { breakpoints: Some(vec!["num".into()]) });
    let report = drive(&["w"], &user).unwrap();
    let at: Vec<String> = user.pauses.borrow().iter().map(|p| p.0.clone()).collect();
    assert_eq!(at, ["w", "num"], "the wait's breakpoint was removed while paused, the transfer's added");
    assert_eq!(report.outcome, Outcome::TransferToNumber { number: "+13175550111".into() });

    let user = User::default();
    user.answers.borrow_mut().push_back(Resume::Stop);
    let err = drive(&["w"], &user).unwrap_err();
    assert_eq!(err.kind, ErrorKind::Cancelled);
    assert_eq!(user.pauses.borrow().len(), 1);
}

// ----- the engine -----

fn request(overrides: Vec<ActionOverride>) -> SimulationRequest {
    SimulationRequest {
        flow_id: String::new(),
        context: SimulationContext { from: "+13175550100".into(), ..Default::default() },
        node_id: String::new(),
        timeout: 5000,
        overrides,
        ..Default::default()
    }
}

fn simulate_file(flow: Flow, req: &SimulationRequest, caller: &User, breakpoints: &[&str]) -> Simulated {
    let host = Host {
        now_ms: Interaction::default().start_ms,
        time_zones: Box::new(FixedZones::default()),
        caller,
        pause_for_input: false,
        breakpoints: breakpoints.iter().map(|b| b.to_string()).collect(),
    };
    let source = FlowSource::File { flow: Arc::new(flow), file_name: "loops.json".into() };
    block_on(engine::simulate(None::<&Api<'_, NoNetwork>>, source, req, host)).unwrap()
}

impl Caller for &User {
    async fn answer(&self, r: &InputRequest) -> Option<String> {
        (*self).answer(r).await
    }
    async fn paused(&self, s: &Snapshot<'_>) -> Resume {
        (*self).paused(s).await
    }
}

#[test]
fn the_engine_shows_the_run_so_far_at_a_breakpoint_with_the_paused_action_last() {
    let user = User::default();
    // A breakpoint by the action's name, as the form allows.
    let done = simulate_file(looping_flow(true), &request(vec![]), &user, &["Action num"]);
    assert_eq!(done.response.outcome.as_ref().unwrap().description, "transferred to number '+13175550111'");
    let shown = user.shown.borrow();
    assert_eq!(shown.len(), 1);
    let paused = &shown[0];
    assert_eq!(paused.response.status, "PAUSED");
    assert!(paused.response.outcome.is_none());
    let last = paused.response.trace.last().unwrap();
    assert_eq!((last.node_id.as_str(), last.node_type.as_str()), ("num", "TransferToNumberAction"));
    assert!(last.detail(DETAIL_PAUSED).is_some());
    assert!(last.outcome.is_none(), "not run yet");
    let before = &paused.response.trace[paused.response.trace.len() - 2];
    let to = before.outcome.as_ref().unwrap();
    assert_eq!(
        (to.path.as_str(), to.next_action_id.as_deref()),
        ("Yes", Some("num")),
        "the decision leads to the pause"
    );
    let ids: Vec<&str> = paused.response.trace.iter().map(|s| s.node_id.as_str()).collect();
    assert_eq!(ids, ["set", "l", "w", "l", "w", "l", "w", "l", "d", "num"]);
    assert!(paused.variables.contains(&("Flow.i".into(), Value::Integer(3))));
    assert!(paused.flow.is_some(), "the diagram can be drawn");
    // The finished run's steps up to the pause are the ones shown paused.
    let finished: Vec<&str> =
        done.response.trace.iter().filter(|s| !s.is_synthetic()).map(|s| s.node_id.as_str()).collect();
    assert_eq!(finished, ids);
}

#[test]
fn a_variable_change_is_structured_so_a_value_with_an_arrow_stays_whole() {
    let done = simulate_file(looping_flow(false), &request(vec![]), &User::default(), &[]);
    let set = done.response.trace.iter().find(|s| s.node_id == "set").unwrap();
    assert_eq!(
        set.variables,
        [VariableChange { name: "Flow.route".into(), before: "NOT_SET".into(), after: "\"sales → support\"".into() }]
    );
    assert!(set.details.iter().all(|d| d.label != "Variable"));
    let wait = done.response.trace.iter().find(|s| s.node_id == "l").unwrap();
    assert_eq!(
        wait.variables[0],
        VariableChange { name: "Flow.i".into(), before: "NOT_SET".into(), after: "0".into() }
    );
    // Through JSON (the remote endpoint's answer) the change comes back the same.
    let again = flowsim_core::wire::contract::SimulationResponse::parse(&done.raw).unwrap();
    assert_eq!(again.trace, done.response.trace);
}

// ----- override this action -----

#[test]
fn an_override_takes_the_named_path_of_any_action_without_running_it() {
    let ov = |path: &str| Override { action_id: "d".into(), path: Some(path.into()), outputs: vec![] };
    let i = Interaction { overrides: vec![ov("Yes")], ..Interaction::default() };
    let mut it = Interpreter::new(looping_flow(false), i, options(&[]));
    let (outcome, _) = run_resuming(&mut it);
    assert_eq!(
        outcome,
        Outcome::TransferToNumber { number: "+13175550111".into() },
        "the decision is false; Yes is forced"
    );
    let ev =
        it.trace().iter().find(|e| e.at.action_id == "d" && matches!(e.event, Event::NotSimulated { .. })).unwrap();
    assert_eq!(
        ev.event,
        Event::NotSimulated {
            why: NotSimulatedWhy::Overridden,
            assumed_path: Some("Yes".into()),
            outputs: vec![],
            overridden: true
        }
    );
    assert_eq!(it.coverage().paths_visited, plain_paths(true));
    // By output id, any case; a path the action does not have changes nothing.
    let i = Interaction { overrides: vec![ov("__yes__")], ..Interaction::default() };
    let mut it = Interpreter::new(looping_flow(false), i, options(&[]));
    assert_eq!(run_resuming(&mut it).0, Outcome::TransferToNumber { number: "+13175550111".into() });
    let i = Interaction { overrides: vec![ov("Maybe")], ..Interaction::default() };
    let mut it = Interpreter::new(looping_flow(false), i, options(&[]));
    assert_eq!(run_resuming(&mut it).0, Outcome::Disconnect);
}

/// Paths a run of the looping flow visits when its decision is `decision`.
fn plain_paths(decision: bool) -> usize {
    let mut it = Interpreter::new(looping_flow(decision), Interaction::default(), options(&[]));
    run_resuming(&mut it);
    it.coverage().paths_visited
}

#[test]
fn the_engine_takes_an_override_by_action_name_and_says_when_one_cannot_act() {
    let ov = |action: &str, path: &str| ActionOverride {
        action_id: action.into(),
        path: Some(path.into()),
        outputs: vec![],
    };
    let done = simulate_file(looping_flow(false), &request(vec![ov("Action d", "Yes")]), &User::default(), &[]);
    assert_eq!(done.response.outcome.as_ref().unwrap().description, "transferred to number '+13175550111'");
    let d = done.response.trace.iter().find(|s| s.node_id == "d").unwrap();
    assert_eq!(d.detail("Not simulated"), Some("Overridden: your override takes the path Yes"));
    assert_eq!(d.outcome.as_ref().unwrap().path, "Yes");
    assert!(done.response.warnings.is_empty(), "{:?}", done.response.warnings);

    let done = simulate_file(
        looping_flow(false),
        &request(vec![ov("Action d", "Maybe"), ov("Nowhere", "Yes")]),
        &User::default(),
        &[],
    );
    assert_eq!(done.response.outcome.as_ref().unwrap().description, "disconnected");
    assert_eq!(
        done.response.warnings,
        [
            "Overrides: 'Action d' has no path 'Maybe'; its paths are: Yes, No.",
            "Overrides: the flow has no action 'Nowhere' (write its name or id as the diagram or the trace shows it)."
        ]
    );
}
