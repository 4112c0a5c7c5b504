//! Each demo flow runs through flowsim's interpreter for each of its scenarios and ends as the scenario says.
//!
//! The driver is native and small: the interpreter's org reads go through `flowsim_core::sim::org` (the Platform
//! API call Architect itself makes) to the fake's own router in process ([`InProcess`]), with the demo token; a
//! called module's configuration is read the same way. Time zones from chrono-tz (`native-tz`), as the fake's
//! simulation endpoint has them (the app uses the browser's `Intl`).

use fake_genesys::demo::TOKEN_DEMO;
use fake_genesys::inprocess::{InProcess, INTERNAL_BASE};
use fake_genesys::scenarios::{flow_scenarios, RunEnd, Scenario};
use fake_genesys::Config;
use flowsim_core::base::tz::NativeZones;
use flowsim_core::expr::civil::parse_datetime;
use flowsim_core::expr::OrgQuery;
use flowsim_core::flow::model::Flow;
use flowsim_core::interp::{Event, Interaction, Interpreter, Need, Options, Outcome, Start, Step, TraceEvent};
use flowsim_core::net::api::{Api, Connection};
use flowsim_core::net::proxy::ProxySetting;
use serde_json::Value;

/// Steps of a run's driver loop before the test calls it hung (each org read or module is one).
const MAX_DRIVER_STEPS: usize = 500;

async fn configuration(api: &Api<'_, InProcess>, flow_id: &str) -> Flow {
    let v = api
        .get_value(
            flowsim_core::net::error::Call::FlowConfiguration,
            &format!("/api/v2/flows/{flow_id}/latestconfiguration"),
        )
        .await
        .unwrap_or_else(|e| panic!("configuration of {flow_id}: {}", e.summary));
    Flow::parse(&v.to_string()).unwrap_or_else(|e| panic!("{flow_id}: {}", e.describe()))
}

fn interaction(s: &Scenario) -> Interaction {
    let text = |v: &Value| v.as_str().map_or_else(|| v.to_string(), str::to_string);
    Interaction {
        ani: format!("tel:{}", s.phone),
        start_ms: s.at.as_deref().and_then(parse_datetime).unwrap_or_else(|| panic!("{}: no instant", s.name)),
        inputs: s.inputs.clone(),
        flow_inputs: s.flow_inputs.iter().map(|(k, v)| (k.clone(), text(v))).collect(),
        ..Interaction::default()
    }
}

/// Runs `s` to its outcome; returns the flow, the outcome and the trace.
async fn run(api: &Api<'_, InProcess>, s: &Scenario) -> (Flow, Outcome, Vec<TraceEvent>) {
    let flow = configuration(api, &s.flow_id).await;
    let start = s.start.clone().map_or(Start::Initial, Start::Node);
    let it = Interpreter::new(flow.clone(), interaction(s), Options { start, ..Options::default() });
    let (outcome, it) = drive(api, it, &s.name).await;
    (flow, outcome, it.trace().to_vec())
}

/// Steps `it` to its outcome, answering its org reads and modules from the demo org.
async fn drive(api: &Api<'_, InProcess>, mut it: Interpreter, name: &str) -> (Outcome, Interpreter) {
    it.set_time_zones(Box::new(NativeZones));
    for _ in 0..MAX_DRIVER_STEPS {
        match it.step() {
            Step::Done(outcome) => return (outcome, it),
            Step::Need(Need::Org(q)) => {
                let answer =
                    flowsim_core::sim::org::answer(api, &q).await.unwrap_or_else(|e| panic!("{name}: {}", e.summary));
                it.provide_org(q, answer);
            }
            Step::Need(Need::Flow { flow_id, .. }) => {
                let module = configuration(api, &flow_id).await;
                it.provide_flow(&flow_id, Some(module));
            }
            Step::Need(other) => panic!("{name}: the demo flows need no {other:?}"),
        }
    }
    panic!("{name}: no outcome after {MAX_DRIVER_STEPS} driver steps")
}

/// The label of `output_id` on action `action_id` (the trace names paths by label).
fn label(flow: &Flow, action_id: &str, output_id: &str) -> String {
    let a = flow.action_by_id(action_id).unwrap_or_else(|| panic!("no action {action_id}"));
    a.paths
        .iter()
        .find(|p| p.output_id == output_id)
        .map(|p| p.label.clone())
        .unwrap_or_else(|| panic!("{}: no path {output_id}", a.name))
}

/// The paths the root flow's actions took, in order: (action id, label).
fn paths_taken(trace: &[TraceEvent]) -> Vec<(String, String)> {
    trace
        .iter()
        .filter_map(|e| match &e.event {
            Event::Action { path: Some(p), .. } => Some((e.at.action_id.clone(), p.clone())),
            _ => None,
        })
        .collect()
}

fn describe(trace: &[TraceEvent]) -> String {
    trace.iter().map(TraceEvent::describe).collect::<Vec<_>>().join("\n")
}

/// What is wrong with a run of `s`, if anything.
fn check(s: &Scenario, flow: &Flow, outcome: &Outcome, trace: &[TraceEvent]) -> Result<(), String> {
    let expected = s.expect.clone().ok_or("no expected end")?;
    let last_action =
        trace.iter().rev().find(|e| matches!(e.event, Event::Action { .. })).map(|e| e.at.action_id.clone());
    let ended_right = match expected.end {
        RunEnd::TransferToAcd => matches!(outcome, Outcome::TransferToQueue { .. }),
        RunEnd::Disconnect => *outcome == Outcome::Disconnect,
        RunEnd::EndWorkflow => matches!(outcome, Outcome::WorkflowEnd { .. }),
        // A module run on its own returns to no caller: anything but error handling, at its End Task.
        RunEnd::EndModule => !matches!(outcome, Outcome::ErrorHandling { .. }),
        RunEnd::ErrorHandling => matches!(outcome, Outcome::ErrorHandling { .. }),
    };
    if !ended_right {
        return Err(format!("ended {outcome:?}, not {:?}", expected.end));
    }
    let at = if expected.end == RunEnd::ErrorHandling {
        trace.iter().find(|e| matches!(e.event, Event::Error { .. })).map(|e| e.at.action_id.clone())
    } else {
        last_action
    };
    if at.as_deref() != Some(expected.action_id.as_str()) {
        let name = |id: &str| flow.action_by_id(id).map_or(id.to_string(), |a| a.name.clone());
        return Err(format!("ended at {:?}, not at {:?}", at.as_deref().map(name), name(&expected.action_id)));
    }
    // Each run of an action lists each org read once, however many reads it waited for (the hours check reads
    // the emergency group, the schedule group and its schedules, and runs again from its start after each).
    let mut reads_of_this_run: Vec<&OrgQuery> = Vec::new();
    for e in trace {
        match &e.event {
            Event::OrgRead { query, .. } if reads_of_this_run.contains(&query) => {
                return Err(format!("'{}' lists the read {query:?} twice", e.at.action_name));
            }
            Event::OrgRead { query, .. } => reads_of_this_run.push(query),
            Event::Action { .. } | Event::Entered { .. } => reads_of_this_run.clear(),
            _ => {}
        }
    }
    // The declared branches, in order, among those the run took.
    let taken = paths_taken(trace);
    let mut rest = taken.iter();
    for p in &expected.paths {
        let want = (p.action_id.clone(), label(flow, &p.action_id, &p.output_id));
        if !rest.any(|t| *t == want) {
            return Err(format!("did not take {want:?} (in order) among {taken:?}"));
        }
    }
    Ok(())
}

#[tokio::test(flavor = "current_thread")]
async fn each_demo_flow_scenario_ends_as_declared() {
    let client = InProcess::new(fake_genesys::app(Config::default()));
    let conn =
        Connection { api_base: INTERNAL_BASE.to_string(), proxy: ProxySetting::direct(), token: TOKEN_DEMO.into() };
    let api = Api::new(&client, &conn, 10_000);
    let scenarios = flow_scenarios();
    let mut failures = Vec::new();
    for s in &scenarios {
        let (flow, outcome, trace) = run(&api, s).await;
        if let Err(why) = check(s, &flow, &outcome, &trace) {
            failures.push(format!("{}: {why}\n{}", s.name, describe(&trace)));
        }
    }
    assert!(failures.is_empty(), "{} of {} scenarios:\n\n{}", failures.len(), scenarios.len(), failures.join("\n\n"));
    // A run from a start node skips what comes before it: the weekend does not close the VIP lookup.
    let from_node = scenarios.iter().find(|s| s.start.is_some()).expect("a scenario with a start node");
    let (_, _, trace) = run(&api, from_node).await;
    assert!(
        !trace.iter().any(|e| e.at.action_id == fake_genesys::demo_flows::ivr::EVALUATE),
        "{}: the hours check ran",
        from_node.name
    );
    let ends: Vec<RunEnd> = scenarios.iter().filter_map(|s| s.expect.as_ref().map(|e| e.end)).collect();
    for end in
        [RunEnd::TransferToAcd, RunEnd::Disconnect, RunEnd::EndWorkflow, RunEnd::EndModule, RunEnd::ErrorHandling]
    {
        assert!(ends.contains(&end), "no scenario ends with {end:?}");
    }
}

/// A literal expression of type `ty`.
fn lit(text: &str, ty: &str) -> Value {
    serde_json::json!({"text": format!("\"{text}\""), "type": ty,
        "config": {"lit": {"pos": 1, "text": text, "type": ty}}})
}

/// A variable as an expression (or an assignment target).
fn var(name: &str, ty: &str) -> Value {
    serde_json::json!({"text": name, "type": ty, "config": {"ref": {"pos": 1, "text": name, "type": ty, "val": name}}})
}

/// A Find action with its Found path to `next`; Not Found disconnects.
fn find(ty: &str, id: &str, key: &str, value: Value, result: Value, next: &str) -> Value {
    serde_json::json!({"__type": ty, "id": id, "name": id, "trackingId": 1, key: value, "findResult": result,
        "paths": [{"label": "Found", "outputId": "__FOUND__", "nextActionId": next},
                  {"label": "Not Found", "outputId": "__NOT_FOUND__", "nextActionId": "not-found"}]})
}

#[tokio::test(flavor = "current_thread")]
async fn find_actions_read_the_demo_org_through_its_endpoints() {
    use fake_genesys::orgdata::*;
    use serde_json::json;
    let client = InProcess::new(fake_genesys::app(Config::default()));
    let conn =
        Connection { api_base: INTERNAL_BASE.to_string(), proxy: ProxySetting::direct(), token: TOKEN_DEMO.into() };
    let api = Api::new(&client, &conn, 10_000);
    let ids = json!({"text": "MakeList(...)", "type": "str_coll", "config": {"MakeList": {"pos": 1,
        "type": "str_coll", "operands": [{"lit": {"pos": 10, "text": USER_ALEX, "type": "str"}},
                                         {"lit": {"pos": 20, "text": USER_BLAIR, "type": "str"}}]}}});
    let actions = json!([
        find("FindScheduleGroupAction", "group", "findName", lit("customer service hours", "str"),
            var("Flow.group", "scg"), "hours"),
        {"__type": "EvaluateScheduleGroupAction", "id": "hours", "name": "hours", "trackingId": 2,
         "scheduleGroup": var("Flow.group", "scg"),
         "paths": [{"label": "Open", "outputId": "__OPEN__", "nextActionId": "schedule"},
                   {"label": "Closed", "outputId": "__CLOSED__", "nextActionId": "not-found"},
                   {"label": "Holiday", "outputId": "__HOLIDAY__", "nextActionId": "not-found"}]},
        find("FindScheduleAction", "schedule", "findName", lit("Christmas Day", "str"), var("Flow.schedule", "sch"),
            "emergency"),
        find("FindEmergencyGroupAction", "emergency", "findName", lit("Severe Weather", "str"),
            var("Flow.emergency", "emg"), "users"),
        find("FindUsersByIdAction", "users", "findIds", ids, var("Flow.users", "usr_coll"), "prompt"),
        find("FindUserPromptAction", "prompt", "findName", lit("WelcomeGreeting", "str"), var("Flow.prompt", "pmt"),
            "hold"),
        find("FindSystemPromptAction", "hold", "findName", lit("on_hold_music", "str"), var("Flow.hold", "pmt"),
            "grammar"),
        find("FindGrammarAction", "grammar", "findName", lit("AccountNumber", "str"), var("Flow.grammar", "gmr"),
            "grammar-id"),
        find("FindGrammarByIdAction", "grammar-id", "findId", lit(GRAMMAR_ACCOUNT, "str"),
            var("Flow.sameGrammar", "gmr"), "label"),
        find("FindUtilizationLabelAction", "label", "findName", lit("vip", "str"), var("Flow.label", "ulb"),
            "organization"),
        {"__type": "GetExternalOrganizationAction", "id": "organization", "name": "organization", "trackingId": 5,
         "externalId": lit(fake_genesys::demo::ORG_SMITH_SONS, "str"),
         "externalResult": var("Flow.organization", "cpx_external_organization"),
         "paths": [{"label": "Found", "outputId": "__FOUND__", "nextActionId": "queue"},
                   {"label": "Not Found", "outputId": "__NOT_FOUND__", "nextActionId": "not-found"}]},
        {"__type": "TransferPureMatchAction", "id": "queue", "name": "queue", "trackingId": 3,
         "queues": [{"text": "Gold", "type": "que", "config": {"lit": {"pos": 1, "text": "Gold", "type": "que",
            "val": fake_genesys::demo::QUEUE_GOLD}}}]},
        {"__type": "DisconnectAction", "id": "not-found", "name": "not-found", "trackingId": 4},
    ]);
    let flow = Flow::from_json(&json!({
        "name": "Finds", "type": "inboundcall", "initialSequence": "t",
        "flowSequenceItemList": [{"__type": "Task", "id": "t", "name": "t", "startAction": "group",
            "actionList": actions, "variables": []}],
        "variables": [], "errorHandling": {"handlingType": "Disconnect"}
    }));
    assert!(flow.problems.is_empty(), "{:?}", flow.problems.sentences());
    // Tuesday 5 March 2024, 10:00 in New York (15:00 UTC): open.
    let interaction =
        Interaction { start_ms: parse_datetime("2024-03-05T15:00:00Z").expect("instant"), ..Interaction::default() };
    let (outcome, it) = drive(&api, Interpreter::new(flow, interaction, Options::default()), "finds").await;
    let trace = describe(it.trace());
    assert!(matches!(outcome, Outcome::TransferToQueue { .. }), "{outcome:?}\n{trace}");
    let entity = |name: &str| match it.variable(name) {
        Some(flowsim_core::expr::Value::Entity { id, name, .. }) => (id.clone(), name.clone()),
        other => panic!("{name}: {other:?}\n{trace}"),
    };
    assert_eq!(entity("Flow.group"), (SCHEDULE_GROUP_SERVICE.into(), "Customer Service Hours".into()));
    assert_eq!(entity("Flow.schedule"), (SCHEDULE_CHRISTMAS.into(), "Christmas Day".into()));
    assert_eq!(entity("Flow.emergency"), (EMERGENCY_GROUP_WEATHER.into(), "Severe Weather".into()));
    assert_eq!(entity("Flow.prompt"), (PROMPT_WELCOME.into(), "WelcomeGreeting".into()));
    assert_eq!(entity("Flow.hold"), ("on_hold_music".into(), "on_hold_music".into()));
    assert_eq!(entity("Flow.grammar"), (GRAMMAR_ACCOUNT.into(), "AccountNumber".into()));
    assert_eq!(entity("Flow.sameGrammar"), (GRAMMAR_ACCOUNT.into(), "AccountNumber".into()));
    assert_eq!(entity("Flow.label"), (LABEL_VIP.into(), "VIP".into()));
    match it.variable("Flow.organization") {
        Some(flowsim_core::expr::Value::Complex { fields, .. }) => {
            let text = |k: &str| fields.get(k).map(|v| v.to_literal());
            assert_eq!(text("name"), Some("\"Smith & Sons\"".into()));
            assert_eq!(text("industry"), Some("\"Retail\"".into()));
        }
        other => panic!("{other:?}\n{trace}"),
    }
    assert!(!it.trace().iter().any(|e| matches!(e.event, flowsim_core::interp::Event::NotSimulated { .. })));
    match it.variable("Flow.users") {
        Some(flowsim_core::expr::Value::List { items, .. }) => {
            let names: Vec<String> = items.iter().map(|u| u.to_literal()).collect();
            assert_eq!(names, ["\"Alex Agent\"", "\"Blair Supervisor\""]);
        }
        other => panic!("{other:?}"),
    }
}
