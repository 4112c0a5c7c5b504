//! Action families on small hand-made configurations.

use flowsim_core::expr::{OrgAnswer, OrgQuery, Value};
use flowsim_core::flow::model::Flow;
use flowsim_core::interp::{
    DataActionResult, Event, InputKind, Interaction, Interpreter, Need, NotSimulatedWhy, Options, Outcome, Override,
    RunError, Start, Step,
};
use serde_json::{json, Value as Json};

fn lit(text: &str, ty: &str) -> Json {
    json!({"text": text, "type": ty, "config": {"lit": {"pos": 1, "text": text, "type": ty}}, "version": 2})
}
fn queue(name: &str, id: &str) -> Json {
    json!({"text": name, "type": "que", "config": {"lit": {"pos": 1, "text": name, "type": "que", "val": id}}})
}
fn var(name: &str, ty: &str) -> Json {
    json!({"text": name, "type": ty, "config": {"ref": {"pos": 1, "text": name, "type": ty, "val": format!("id-{name}")}}})
}
fn empty(ty: &str) -> Json {
    json!({"text": "", "type": ty, "config": {"emp": {"pos": 1, "text": "", "type": ty}}})
}
fn act(ty: &str, id: &str, extra: Json) -> Json {
    let mut o = json!({"__type": ty, "id": id, "name": id, "trackingId": 1});
    if let (Some(m), Some(e)) = (o.as_object_mut(), extra.as_object()) {
        for (k, v) in e {
            m.insert(k.clone(), v.clone());
        }
    }
    o
}
fn flow(ty: &str, containers: Json, variables: Json) -> Flow {
    let start = containers[0]["id"].as_str().unwrap_or("").to_string();
    Flow::from_json(&json!({
        "name": "Test flow", "type": ty, "initialSequence": start,
        "flowSequenceItemList": containers, "variables": variables,
        "errorHandling": {"handlingType": "Disconnect"}
    }))
}
fn task(id: &str, start: &str, actions: Json) -> Json {
    json!({"__type": "Task", "id": id, "name": id, "startAction": start, "actionList": actions, "variables": [],
           "paths": [{"label": "Default", "outputId": "__DEFAULT__"}, {"label": "Other", "outputId": "other-exit"}]})
}
fn no_org() -> Options {
    Options { org: false, ..Options::default() }
}
fn done(it: &mut Interpreter) -> Outcome {
    match it.step() {
        Step::Done(o) => o,
        Step::Need(n) => panic!("unexpected need {n:?}"),
    }
}
fn ran(it: &Interpreter) -> Vec<String> {
    it.trace()
        .iter()
        .filter(|e| matches!(e.event, Event::Action { .. } | Event::NotSimulated { .. }))
        .map(|e| e.at.action_id.clone())
        .collect()
}

#[test]
fn decision_takes_yes_and_a_branch_that_runs_out_returns_to_the_decision_next_action() {
    let f = flow(
        "inboundcall",
        json!([task(
            "t",
            "d",
            json!([
                act(
                    "DecisionAction",
                    "d",
                    json!({"expression": lit("true", "bln"), "nextAction": "q",
                "paths": [{"label": "Yes", "outputId": "__YES__", "nextActionId": "u"}, {"label": "No", "outputId": "__NO__"}]})
                ),
                act(
                    "UpdateVariableAction",
                    "u",
                    json!({"variables": [{"variable": var("Flow.x", "str"), "expression": lit("set", "str")}]})
                ),
                act(
                    "TransferPureMatchAction",
                    "q",
                    json!({"queues": [queue("Sales", "q-1")], "priority": lit("3", "int"), "skills": [],
                "paths": [{"label": "Failure", "outputId": "__FAILURE__"}]})
                ),
            ])
        )]),
        json!([{"__type": "StringVariable", "id": "id-Flow.x", "name": "Flow.x", "initialValue": empty("str")}]),
    );
    assert!(f.problems.is_empty(), "{:?}", f.problems.sentences());
    let mut it = Interpreter::new(f, Interaction::default(), no_org());
    let o = done(&mut it);
    assert_eq!(
        o,
        Outcome::TransferToQueue {
            queue_id: "q-1".into(),
            queue_name: "Sales".into(),
            skills: vec![],
            priority: Some(3),
            preferred_agents: None
        }
    );
    assert_eq!(ran(&it), ["d", "u", "q"]);
    assert_eq!(it.variable("flow.X"), Some(&Value::String("set".into())));
    assert!(it.trace().iter().any(|e| matches!(&e.event,
        Event::VariableChanged { name, before, after } if name == "Flow.x" && before == "NOT_SET" && after == "\"set\"")));
    let cov = it.coverage();
    assert_eq!((cov.actions_visited, cov.actions_total, cov.paths_visited, cov.paths_total), (3, 3, 1, 3));
}

#[test]
fn a_not_set_decision_goes_to_error_handling_and_a_queue_without_value_takes_its_failure_path() {
    let f = flow(
        "inboundcall",
        json!([task(
            "t",
            "q",
            json!([
                act(
                    "TransferPureMatchAction",
                    "q",
                    json!({"queues": [empty("que")],
                "paths": [{"label": "Failure", "outputId": "__FAILURE__", "nextActionId": "d"}]})
                ),
                act(
                    "DecisionAction",
                    "d",
                    json!({"expression": var("Flow.b", "bln"),
                "paths": [{"label": "Yes", "outputId": "__YES__"}, {"label": "No", "outputId": "__NO__"}]})
                ),
            ])
        )]),
        json!([{"__type": "BoolVariable", "id": "id-Flow.b", "name": "Flow.b", "initialValue": empty("bln")}]),
    );
    let mut it = Interpreter::new(f, Interaction::default(), no_org());
    match done(&mut it) {
        Outcome::ErrorHandling { error: RunError::NotSet { .. }, then } => assert_eq!(*then, Outcome::Disconnect),
        o => panic!("{o:?}"),
    }
    assert_eq!(ran(&it), ["q"], "the transfer took Failure; the decision failed with no path");
    let errors = it.trace().iter().filter(|e| matches!(e.event, Event::Error { .. })).count();
    assert_eq!(errors, 2);
}

#[test]
fn call_task_returns_through_the_end_task_path_and_loops_count() {
    let f = flow(
        "inboundcall",
        json!([
            task(
                "main",
                "c",
                json!([
                    act(
                        "CallTaskAction",
                        "c",
                        json!({"taskReference": "sub", "inputs": [], "outputs": [],
                    "paths": [{"label": "Default", "outputId": "__DEFAULT__"},
                              {"label": "Other", "outputId": "other-exit", "nextActionId": "x"}]})
                    ),
                    act("DisconnectAction", "x", json!({})),
                ])
            ),
            task(
                "sub",
                "l",
                json!([
                    act(
                        "LoopAction",
                        "l",
                        json!({"loopCount": lit("3", "int"), "currentIndex": var("Flow.i", "int"),
                    "path": {"label": "Loop", "outputId": "__LOOP__", "nextActionId": "w"}, "nextAction": "e"})
                    ),
                    act("WaitAction", "w", json!({"duration": lit("P0D0H1M0S0F", "dur")})),
                    act("EndTaskAction", "e", json!({"pathReference": "other-exit", "pathName": "Other"})),
                ])
            ),
        ]),
        json!([{"__type": "IntegerVariable", "id": "id-Flow.i", "name": "Flow.i", "initialValue": empty("int")}]),
    );
    let start = Interaction::default().start_ms;
    let mut it = Interpreter::new(f, Interaction::default(), no_org());
    assert_eq!(done(&mut it), Outcome::Disconnect);
    assert_eq!(ran(&it), ["c", "l", "w", "l", "w", "l", "w", "l", "e", "c", "x"]);
    assert_eq!(it.now_ms() - start, 3 * 60_000, "three one-minute waits");
}

#[test]
fn exit_loop_and_switch_by_case_and_by_value() {
    let f = flow(
        "workflow",
        json!([{"__type": "State", "id": "s", "name": "s", "startAction": "sw", "variables": [], "actionList": [
            act("SwitchAction", "sw", json!({"switchStyle": 0, "expression": {"text": "", "type": "any"},
                "cases": [{"name": "A", "referenceId": "ca", "value": lit("false", "bln")},
                          {"name": "B", "referenceId": "cb", "value": lit("true", "bln")}],
                "paths": [{"label": "A", "outputId": "ca"}, {"label": "B", "outputId": "cb", "nextActionId": "sv"},
                          {"label": "Default", "outputId": "__DEFAULT__"}], "nextAction": "l"})),
            act("SwitchAction", "sv", json!({"expression": lit("two", "str"),
                "cases": [{"name": "1", "referenceId": "c1", "value": lit("one", "str")},
                          {"name": "2", "referenceId": "c2", "value": lit("TWO", "str")}],
                "paths": [{"label": "1", "outputId": "c1"}, {"label": "2", "outputId": "c2"},
                          {"label": "Default", "outputId": "__DEFAULT__"}]})),
            act("LoopAction", "l", json!({"loopCount": lit("5", "int"), "currentIndex": empty("int"),
                "path": {"label": "Loop", "outputId": "__LOOP__", "nextActionId": "x"}, "nextAction": "end"})),
            act("ExitLoopAction", "x", json!({})),
            act("EndWorkflowAction", "end", json!({"exitReason": lit("done", "str")})),
        ]}]),
        json!([]),
    );
    let mut it = Interpreter::new(f, Interaction::default(), no_org());
    assert_eq!(done(&mut it), Outcome::WorkflowEnd { exit_reason: "done".into() });
    assert_eq!(ran(&it), ["sw", "sv", "l", "x", "end"]);
    let paths: Vec<String> = it
        .trace()
        .iter()
        .filter_map(|e| match &e.event {
            Event::Action { path: Some(p), .. } => Some(p.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(paths, ["B", "2", "Loop"]);
}

fn menu_flow() -> Flow {
    flow(
        "inboundcall",
        json!([
            {"__type": "Menu", "id": "m", "name": "Main Menu", "defaultMenuChoice": "c2",
             "prompts": {"defaultAudio": lit("Press 1 for sales, 2 to leave", "aud")},
             "promptRepeatCount": lit("2", "int"),
             "menuChoiceList": [
                {"id": "c1", "name": "Sales", "digit": 1, "speechRecTerms": {"en-US": ["sales"]},
                 "action": act("TransferPureMatchAction", "tq", json!({"queues": [queue("Sales", "q-1")]}))},
                {"id": "c2", "name": "Leave", "digit": 2, "action": act("DisconnectAction", "bye", json!({}))}
             ]}
        ]),
        json!([]),
    )
}

#[test]
fn menus_choose_by_digit_or_speech_and_silence_takes_the_default_after_the_repeats() {
    for input in ["1", "1#", "Sales"] {
        let mut it =
            Interpreter::new(menu_flow(), Interaction { inputs: vec![input.into()], ..Default::default() }, no_org());
        assert!(matches!(done(&mut it), Outcome::TransferToQueue { .. }), "{input}");
        assert!(it.trace().iter().any(|e| matches!(&e.event, Event::Said { text } if text.contains("Press 1"))));
    }
    let mut it =
        Interpreter::new(menu_flow(), Interaction { inputs: vec!["7".into()], ..Default::default() }, no_org());
    assert_eq!(done(&mut it), Outcome::Disconnect);
    let answers = it.trace().iter().filter(|e| matches!(e.event, Event::Answered { .. })).count();
    assert_eq!(answers, 2, "an invalid 7, then silence: promptRepeatCount 2 attempts, then the default choice");
    assert_eq!(ran(&it).last().map(String::as_str), Some("bye"));
}

#[test]
fn a_run_pauses_for_the_caller_and_resumes() {
    let options = Options { pause_for_input: true, ..no_org() };
    let mut it = Interpreter::new(menu_flow(), Interaction::default(), options);
    match it.step() {
        Step::Need(Need::Input(r)) => {
            assert_eq!(r.kind, InputKind::Choice);
            assert!(r.prompt.contains("Press 1"));
            assert_eq!(r.choices, ["1: Sales", "2: Leave"]);
        }
        s => panic!("{s:?}"),
    }
    it.provide_input(Some("2".into()));
    assert_eq!(done(&mut it), Outcome::Disconnect);
}

#[test]
fn org_reads_are_asked_once_and_cached_and_a_file_with_no_org_takes_not_found() {
    let mk = || {
        flow(
            "inboundshortmessage",
            json!([{"__type": "State", "id": "s", "name": "s", "startAction": "dt", "variables": [], "actionList": [
                act("DataTableLookupAction", "dt", json!({"datatableId": "tbl", "lookupKeyValue": lit("k1", "str"),
                    "outputs": [{"name": "Tier", "value": var("Flow.tier", "str")}],
                    "paths": [{"label": "Found", "outputId": "__FOUND__", "nextActionId": "send"},
                              {"label": "Not Found", "outputId": "__NOT_FOUND__"},
                              {"label": "Failure", "outputId": "__FAILURE__"}], "nextAction": "end"})),
                act("SendResponseAction", "send", json!({"messageBody": lit("Hello gold", "str")})),
                act("DisconnectAction", "end", json!({})),
            ]}]),
            json!([{"__type": "StringVariable", "id": "id-Flow.tier", "name": "Flow.tier", "initialValue": empty("str")}]),
        )
    };
    let mut it = Interpreter::new(mk(), Interaction::default(), Options::default());
    let q = OrgQuery::DataTableRow { table_id: "tbl".into(), key: "k1".into() };
    assert_eq!(it.step(), Step::Need(Need::Org(q.clone())));
    it.provide_org(q, OrgAnswer::Found(json!({"key": "k1", "tier": "gold"})));
    assert_eq!(done(&mut it), Outcome::Disconnect);
    assert_eq!(it.variable("Flow.tier"), Some(&Value::String("gold".into())));
    assert!(it.trace().iter().any(|e| matches!(&e.event, Event::Said { text } if text == "Hello gold")));

    let mut it = Interpreter::new(mk(), Interaction::default(), no_org());
    assert_eq!(done(&mut it), Outcome::Disconnect);
    assert_eq!(ran(&it), ["dt", "end"]);
    assert!(it.trace().iter().any(|e| matches!(&e.event, Event::OrgRead { answer: OrgAnswer::NoOrg, .. })));
}

fn data_action_flow() -> Flow {
    flow(
        "workflow",
        json!([{"__type": "State", "id": "s", "name": "s", "startAction": "da", "variables": [], "actionList": [
            act("DataAction", "da", json!({"actionId": "custom_-_1", "inputs": [{"name": "phone", "value": lit("123", "str")}],
                "outputs": [{"name": "score", "value": var("Flow.score", "int")}],
                "paths": [{"label": "Success", "outputId": "__SUCCESS__"},
                          {"label": "Failure", "outputId": "__FAILURE__", "nextActionId": "fail"},
                          {"label": "Timeout", "outputId": "__TIMEOUT__"}], "nextAction": "ok"})),
            act("EndWorkflowAction", "fail", json!({"exitReason": lit("failed", "str")})),
            act("EndWorkflowAction", "ok", json!({"exitReason": lit("ok", "str")})),
        ]}]),
        json!([{"__type": "IntegerVariable", "id": "id-Flow.score", "name": "Flow.score", "initialValue": lit("7", "int")}]),
    )
}

#[test]
fn data_actions_take_overrides_or_the_stated_default_and_run_only_when_opted_in() {
    let mut it = Interpreter::new(data_action_flow(), Interaction::default(), no_org());
    assert_eq!(done(&mut it), Outcome::WorkflowEnd { exit_reason: "ok".into() });
    assert!(matches!(it.variable("Flow.score"), Some(Value::NotSet(_))), "outputs NOT_SET by default");
    assert!(it.trace().iter().any(|e| matches!(&e.event,
        Event::NotSimulated { why: NotSimulatedWhy::DataAction, overridden: false, assumed_path: Some(p), .. } if p == "Success")));

    let ov = Override { action_id: "da".into(), path: Some("Failure".into()), outputs: vec![] };
    let mut it =
        Interpreter::new(data_action_flow(), Interaction { overrides: vec![ov], ..Default::default() }, no_org());
    assert_eq!(done(&mut it), Outcome::WorkflowEnd { exit_reason: "failed".into() });

    let ov = Override { action_id: "da".into(), path: None, outputs: vec![("score".into(), "42".into())] };
    let mut it =
        Interpreter::new(data_action_flow(), Interaction { overrides: vec![ov], ..Default::default() }, no_org());
    done(&mut it);
    assert_eq!(it.variable("Flow.score"), Some(&Value::Integer(42)));

    let opts = Options { run_data_actions: vec!["da".into()], ..no_org() };
    let mut it = Interpreter::new(data_action_flow(), Interaction::default(), opts);
    match it.step() {
        Step::Need(Need::DataAction { action_id, inputs, .. }) => {
            assert_eq!(action_id, "custom_-_1");
            assert_eq!(inputs, [("phone".to_string(), "123".to_string())]);
        }
        s => panic!("{s:?}"),
    }
    it.provide_data_action(DataActionResult { success: true, outputs: vec![("score".into(), json!(99))], error: None });
    assert_eq!(done(&mut it), Outcome::WorkflowEnd { exit_reason: "ok".into() });
    assert_eq!(it.variable("Flow.score"), Some(&Value::Integer(99)));
}

#[test]
fn start_at_a_chosen_action_or_container_and_an_unknown_node_is_said() {
    let o = |start: Start| {
        let mut it = Interpreter::new(data_action_flow(), Interaction::default(), Options { start, ..no_org() });
        done(&mut it)
    };
    assert_eq!(o(Start::Node("fail".into())), Outcome::WorkflowEnd { exit_reason: "failed".into() });
    assert_eq!(o(Start::Node("s".into())), Outcome::WorkflowEnd { exit_reason: "ok".into() });
    assert_eq!(o(Start::Node("nope".into())), Outcome::StartNotFound { node: "nope".into() });
}

#[test]
fn ask_for_yes_no_reprompts_on_no_match_and_silence_takes_max_no_inputs() {
    let mk = || {
        flow(
            "bot",
            json!([{"__type": "BotState", "id": "s", "name": "s", "startAction": "ask", "variables": [], "actionList": [
                act("AskForBooleanAction", "ask", json!({"question": lit("Are you sure?", "com"), "noMatches": lit("1", "int"),
                    "paths": [{"label": "Yes", "outputId": "__YES__", "nextActionId": "y"},
                              {"label": "No", "outputId": "__NO__"},
                              {"label": "No input", "outputId": "__MAX_NO_INPUTS__"},
                              {"label": "No match", "outputId": "__MAX_NO_MATCHES__", "nextActionId": "nm"}]})),
                act("ExitBotFlowAction", "y", json!({})),
                act("DisconnectAction", "nm", json!({})),
            ]}]),
            json!([]),
        )
    };
    let run = |inputs: &[&str]| {
        let i = Interaction { inputs: inputs.iter().map(|s| s.to_string()).collect(), ..Default::default() };
        let mut it = Interpreter::new(mk(), i, no_org());
        (done(&mut it), ran(&it))
    };
    assert_eq!(run(&["maybe", "yes"]).0, Outcome::ExitBotFlow);
    assert_eq!(run(&["maybe", "perhaps"]).0, Outcome::Disconnect);
    assert_eq!(
        run(&[]),
        (Outcome::ExitBotFlow, vec!["ask".to_string()]),
        "silence: the bot state runs out, the bot exits"
    );
}

fn entity(name: &str, ty: &str, id: &str) -> Json {
    json!({"text": name, "type": ty, "config": {"lit": {"pos": 1, "text": name, "type": ty, "val": id}}})
}

fn schedule_flow() -> Flow {
    flow(
        "inboundcall",
        json!([task(
            "t",
            "es",
            json!([
                act(
                    "EvaluateScheduleGroupAction",
                    "es",
                    json!({"scheduleGroup": entity("Main hours", "scg", "g1"),
                "emergencyGroup": empty("emg"),
                "paths": [{"label": "Open", "outputId": "__OPEN__", "nextActionId": "open"},
                          {"label": "Closed", "outputId": "__CLOSED__", "nextActionId": "closed"},
                          {"label": "Holiday", "outputId": "__HOLIDAY__", "nextActionId": "holiday"},
                          {"label": "Emergency", "outputId": "__EMERGENCY__"}]})
                ),
                act("TransferPureMatchAction", "open", json!({"queues": [queue("Sales", "q-1")]})),
                act("DisconnectAction", "closed", json!({})),
                act("EndWorkflowAction", "holiday", json!({})),
            ])
        )]),
        json!([]),
    )
}

#[test]
fn evaluate_schedule_group_at_the_simulated_time_in_the_group_time_zone() {
    use flowsim_core::base::tz::FixedZones;
    let answer = |start_ms: i64| {
        let mut it =
            Interpreter::new(schedule_flow(), Interaction { start_ms, ..Default::default() }, Options::default());
        it.set_time_zones(Box::new(FixedZones { zones: vec![("Europe/Paris".into(), 3_600_000)] }));
        loop {
            match it.step() {
                Step::Done(o) => return (o, it),
                Step::Need(Need::Org(q)) => {
                    let a = match &q {
                        OrgQuery::ScheduleGroupById(id) if id == "g1" => OrgAnswer::Found(json!({
                            "id": "g1", "name": "Main hours", "timeZone": "Europe/Paris",
                            "openSchedules": [{"id": "s-open", "name": "Weekdays"}],
                            "closedSchedules": [], "holidaySchedules": [{"id": "s-xmas"}]})),
                        OrgQuery::ScheduleById(id) if id == "s-open" => OrgAnswer::Found(json!({
                            "id": "s-open", "name": "Weekdays", "start": "2024-01-01T08:00:00.000",
                            "end": "2024-01-01T18:00:00.000", "rrule": "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"})),
                        OrgQuery::ScheduleById(id) if id == "s-xmas" => OrgAnswer::Found(json!({
                            "id": "s-xmas", "name": "Christmas", "start": "2024-12-25T00:00:00.000",
                            "end": "2024-12-26T00:00:00.000", "rrule": "FREQ=YEARLY"})),
                        _ => OrgAnswer::NotFound,
                    };
                    it.provide_org(q, a);
                }
                Step::Need(n) => panic!("{n:?}"),
            }
        }
    };
    // Monday 5 Jan 2026 15:00 UTC = 16:00 in Paris: open.
    assert!(matches!(answer(1_767_625_200_000).0, Outcome::TransferToQueue { .. }));
    // 17:30 UTC = 18:30 in Paris: closed.
    assert_eq!(answer(1_767_625_200_000 + 9_000_000).0, Outcome::Disconnect);
    // 25 Dec 2026 10:00 UTC: holiday.
    let (o, it) = answer(1_798_192_800_000);
    assert_eq!(o, Outcome::WorkflowEnd { exit_reason: String::new() });
    assert!(it
        .trace()
        .iter()
        .any(|e| matches!(&e.event, Event::Action { reason: Some(r), .. } if r.value == "Holiday")));

    // With no org, the schedule cannot be read: the trace says it was not simulated.
    let mut it = Interpreter::new(schedule_flow(), Interaction::default(), no_org());
    done(&mut it);
    assert!(it.trace().iter().any(|e| matches!(e.event, Event::NotSimulated { why: NotSimulatedWhy::Schedule, .. })));
}

#[test]
fn external_contacts_found_multiple_and_not_found() {
    let mk = || {
        flow(
            "inboundshortmessage",
            json!([{"__type": "State", "id": "s", "name": "s", "startAction": "sx", "variables": [], "actionList": [
                act("SearchExternalContactsAction", "sx", json!({"searchTerm": lit("+13175550100", "str"),
                    "externalResults": var("Flow.contacts", "cpx_external_contact_coll"),
                    "paths": [{"label": "Exact Match", "outputId": "__MATCH_EXACT__", "nextActionId": "one"},
                              {"label": "Multiple", "outputId": "__MATCH_MULTIPLE__", "nextActionId": "many"},
                              {"label": "Not Found", "outputId": "__NOT_FOUND__", "nextActionId": "none"}]})),
                act("EndWorkflowAction", "one", json!({"exitReason": lit("one", "str")})),
                act("EndWorkflowAction", "many", json!({"exitReason": lit("many", "str")})),
                act("EndWorkflowAction", "none", json!({"exitReason": lit("none", "str")})),
            ]}]),
            json!([]),
        )
    };
    let run = |answer: OrgAnswer| {
        let mut it = Interpreter::new(mk(), Interaction::default(), Options::default());
        match it.step() {
            Step::Need(Need::Org(q)) => {
                assert_eq!(q, OrgQuery::ExternalContactSearch("+13175550100".into()));
                it.provide_org(q, answer);
            }
            s => panic!("{s:?}"),
        }
        done(&mut it)
    };
    let reason = |o: Outcome| match o {
        Outcome::WorkflowEnd { exit_reason } => exit_reason,
        o => panic!("{o:?}"),
    };
    assert_eq!(reason(run(OrgAnswer::Found(json!([{"id": "c1"}])))), "one");
    assert_eq!(reason(run(OrgAnswer::Found(json!([{"id": "c1"}, {"id": "c2"}])))), "many");
    assert_eq!(reason(run(OrgAnswer::Found(json!([])))), "none");
    assert_eq!(reason(run(OrgAnswer::NotFound)), "none");
}

#[test]
fn a_bot_flow_that_can_be_read_runs_and_returns_its_slots() {
    let caller = flow(
        "inboundshortmessage",
        json!([{"__type": "State", "id": "s", "name": "s", "startAction": "bot", "variables": [], "actionList": [
            act("CallBotFlowAction", "bot", json!({"flowId": "bot-1", "flowName": "Helper",
                "inputs": [], "outputs": [{"name": "Slot.Email", "value": var("Flow.email", "str")}], "paths": [],
                "nextAction": "end"})),
            act("DisconnectAction", "end", json!({})),
        ]}]),
        json!([]),
    );
    let bot = flow(
        "bot",
        json!([{"__type": "BotState", "id": "bs", "name": "bs", "startAction": "ask", "variables": [], "actionList": [
            act("AskForSlotAction", "ask", json!({"question": lit("Your email?", "com"), "selectedSlot": var("Slot.Email", "str"),
                "paths": [{"label": "Default", "outputId": "__DEFAULT__", "nextActionId": "x"},
                          {"label": "No input", "outputId": "__MAX_NO_INPUTS__"}]})),
            act("ExitBotFlowAction", "x", json!({})),
        ]}]),
        json!([]),
    );
    let i = Interaction { inputs: vec!["ada@example.com".into()], ..Default::default() };
    let mut it = Interpreter::new(caller, i, Options::default());
    assert_eq!(it.step(), Step::Need(Need::Flow { flow_id: "bot-1".into(), flow_name: "Helper".into() }));
    it.provide_flow("bot-1", Some(bot));
    assert_eq!(done(&mut it), Outcome::Disconnect);
    assert_eq!(it.variable("Flow.email"), Some(&Value::String("ada@example.com".into())));
    assert_eq!(ran(&it), ["bot", "ask", "x", "bot", "end"]);
}

#[test]
fn participant_data_set_then_get() {
    let f = flow(
        "workflow",
        json!([{"__type": "State", "id": "s", "name": "s", "startAction": "set", "variables": [], "actionList": [
            act("SetAttributesAction", "set", json!({"nextAction": "get",
                "variables": [{"name": "tier", "value": lit("gold", "str")}]})),
            act("GetAttributesAction", "get", json!({"nextAction": "end",
                "variables": [{"name": "tier", "variable": var("Flow.t", "str")}]})),
            act("EndWorkflowAction", "end", json!({})),
        ]}]),
        json!([]),
    );
    let mut it = Interpreter::new(f, Interaction::default(), no_org());
    done(&mut it);
    assert_eq!(it.variable("Flow.t"), Some(&Value::String("gold".into())));
}

#[test]
fn an_export_file_decodes_and_bad_files_get_a_sentence() {
    let path = format!("{}/tests/fixtures/flowconfigs/zoom-presence-workflow.json", env!("CARGO_MANIFEST_DIR"));
    let v: Json = serde_json::from_str(&std::fs::read_to_string(path).expect("fixture")).expect("json");
    let export = flowsim_core::flow::export::encode(&v);
    let f = Flow::parse(&export).expect("an export decodes");
    assert_eq!(f.flow_type, "workflow");
    assert_eq!(f, Flow::from_json(&v));
    let cut = &export[..export.len() / 2];
    let e = Flow::parse(cut).expect_err("a truncated export");
    assert!(e.describe().contains("truncated"), "{}", e.describe());
    assert!(Flow::parse("<html>").expect_err("html").describe().contains("neither"));
}

#[test]
fn org_reads_inside_expressions_are_asked_for_and_traced() {
    let call = |name: &str, arg: Json| json!({name: {"pos": 1, "type": "que", "operands": [arg]}});
    let find = json!({"text": "FindQueue(\"Gold\")", "type": "que",
        "config": call("FindQueue", json!({"lit": {"pos": 11, "text": "Gold", "type": "str"}}))});
    let f = flow(
        "inboundcall",
        json!([task(
            "t",
            "u",
            json!([
                act(
                    "UpdateVariableAction",
                    "u",
                    json!({"nextAction": "q",
                "variables": [{"variable": var("Flow.q", "que"), "expression": find}]})
                ),
                act("TransferPureMatchAction", "q", json!({"queues": [var("Flow.q", "que")]})),
            ])
        )]),
        json!([{"__type": "QueueVariable", "id": "id-Flow.q", "name": "Flow.q", "initialValue": empty("que")}]),
    );
    let mut it = Interpreter::new(f, Interaction::default(), Options::default());
    let q = OrgQuery::QueueByName("Gold".into());
    assert_eq!(it.step(), Step::Need(Need::Org(q.clone())));
    it.provide_org(q.clone(), OrgAnswer::Found(json!({"id": "q-gold", "name": "Gold"})));
    match done(&mut it) {
        Outcome::TransferToQueue { queue_id, queue_name, .. } => {
            assert_eq!((queue_id.as_str(), queue_name.as_str()), ("q-gold", "Gold"))
        }
        o => panic!("{o:?}"),
    }
    let reads: Vec<&Event> =
        it.trace().iter().map(|e| &e.event).filter(|e| matches!(e, Event::OrgRead { .. })).collect();
    assert_eq!(reads.len(), 1, "{reads:?}");
    assert_eq!(it.actions_executed(), 3, "the task, the update (counted once although it ran twice), the transfer");
}

#[test]
fn every_action_type_of_the_census_is_recognised() {
    use flowsim_core::flow::model::ActionKind;
    let census = [
        "DataAction",
        "EndWorkflowAction",
        "UpdateVariableAction",
        "DecisionAction",
        "DisconnectAction",
        "TransferPureMatchAction",
        "PlayAudioAction",
        "LoopAction",
        "WaitAction",
        "TaskAction",
        "EndTaskAction",
        "SwitchAction",
        "CollectInputAction",
        "SendResponseAction",
        "DataTableLookupAction",
        "ExitBotFlowAction",
        "CommunicateAction",
        "CallTaskAction",
        "ExitLoopAction",
        "AskForSlotAction",
        "HoldMusicAction",
        "SetAttributesAction",
        "CallBotFlowAction",
        "ScreenPopAction",
        "AskForBooleanAction",
        "TransferMenuAction",
        "AskForNLUIntentAction",
        "CompleteSurveyInviteAction",
        "FindUserByIdAction",
        "GetAttributesAction",
        "ClearSlotAction",
        "NextLoopAction",
        "DisconnectWorkitemAction",
        "SetConversationDataAction",
        "BridgeServerAction",
        "CallCommonModuleAction",
        "CallDialogflowBotAction",
        "ChangeStateAction",
        "DigitalMenuAction",
        "ExitWorkitemFlowAction",
        "GetResponseAction",
        "PlayEstimatedWaitTimeAction",
        "SendAutoReplyAction",
        "SendNotificationAction",
        "TransferFlowAction",
        "TransferTaskAction",
        "GetExternalContactAction",
        "SearchExternalContactsAction",
        "EvaluateScheduleAction",
        "EvaluateScheduleGroupAction",
        "FindQueueAction",
        "FindSkillAction",
        "FindUserAction",
    ];
    for t in census {
        assert_ne!(ActionKind::from_type(t), ActionKind::Unknown, "{t}");
    }
    assert_eq!(ActionKind::from_type("MadeUpAction"), ActionKind::Unknown);
}

/// A flow that finds a schedule group by name and evaluates it, then finds a schedule, an emergency group, users
/// by id and two prompts, each Find with a Found and a Not Found path (Not Found disconnects).
fn finds_flow(group_name: Json) -> Flow {
    let found = |next: &str| {
        json!([{"label": "Found", "outputId": "__FOUND__", "nextActionId": next},
               {"label": "Not Found", "outputId": "__NOT_FOUND__", "nextActionId": "nf"}])
    };
    let find = |ty: &str, id: &str, name: Json, result: Json, next: &str| {
        act(ty, id, json!({"findName": name, "findResult": result, "paths": found(next)}))
    };
    let mut users = act(
        "FindUsersByIdAction",
        "fu",
        json!({"findIds": {"text": "MakeList(\"u-1\", \"u-2\")", "type": "str_coll", "config": {"MakeList": {
                "pos": 1, "type": "str_coll", "operands": [
                    {"lit": {"pos": 10, "text": "u-1", "type": "str"}}, {"lit": {"pos": 17, "text": "u-2", "type": "str"}}]}}},
            "findResult": var("Flow.users", "usr_coll"),
            "paths": [{"label": "Found", "outputId": "__FOUND__", "nextActionId": "fp"},
                      {"label": "Partially Found", "outputId": "__PARTIALLY_FOUND__", "nextActionId": "fp"},
                      {"label": "Not Found", "outputId": "__NOT_FOUND__", "nextActionId": "nf"}]}),
    );
    users["name"] = json!("Find agents");
    flow(
        "inboundcall",
        json!([task(
            "t",
            "fg",
            json!([
                find("FindScheduleGroupAction", "fg", group_name, var("Flow.group", "scg"), "es"),
                act(
                    "EvaluateScheduleGroupAction",
                    "es",
                    json!({"scheduleGroup": var("Flow.group", "scg"), "emergencyGroup": empty("emg"),
                "paths": [{"label": "Open", "outputId": "__OPEN__", "nextActionId": "fs"},
                          {"label": "Closed", "outputId": "__CLOSED__", "nextActionId": "fs"}]})
                ),
                find("FindScheduleAction", "fs", lit("Christmas", "str"), var("Flow.schedule", "sch"), "fe"),
                find("FindEmergencyGroupAction", "fe", lit("Storm", "str"), var("Flow.emergency", "emg"), "fu"),
                users,
                find("FindUserPromptAction", "fp", lit("Welcome", "str"), var("Flow.prompt", "pmt"), "fsp"),
                find("FindSystemPromptAction", "fsp", lit("on_hold_music", "str"), var("Flow.hold", "pmt"), "end"),
                act("TransferPureMatchAction", "end", json!({"queues": [queue("Sales", "q-1")]})),
                act("DisconnectAction", "nf", json!({})),
            ])
        )]),
        json!([
            {"__type": "ScheduleGroupVariable", "id": "id-Flow.group", "name": "Flow.group", "initialValue": empty("scg")},
            {"__type": "ScheduleVariable", "id": "id-Flow.schedule", "name": "Flow.schedule", "initialValue": empty("sch")},
            {"__type": "EmergencyGroupVariable", "id": "id-Flow.emergency", "name": "Flow.emergency", "initialValue": empty("emg")},
            {"__type": "UserVariable", "id": "id-Flow.users", "name": "Flow.users", "isCollection": true, "initialValue": empty("usr_coll")},
            {"__type": "PromptVariable", "id": "id-Flow.prompt", "name": "Flow.prompt", "initialValue": empty("pmt")},
            {"__type": "PromptVariable", "id": "id-Flow.hold", "name": "Flow.hold", "initialValue": empty("pmt")},
        ]),
    )
}

fn entity_value(ty: &str, id: &str, name: &str) -> Value {
    Value::Entity { ty: ty.into(), id: id.into(), name: name.into() }
}

#[test]
fn find_actions_read_schedules_groups_users_and_prompts_by_name_and_feed_later_actions() {
    let f = finds_flow(lit("customer service HOURS", "str"));
    assert!(f.problems.is_empty(), "{:?}", f.problems.sentences());
    let mut it =
        Interpreter::new(f, Interaction { start_ms: 1_767_625_200_000, ..Default::default() }, Options::default());
    let mut asked = Vec::new();
    let outcome = loop {
        match it.step() {
            Step::Done(o) => break o,
            Step::Need(Need::Org(q)) => {
                asked.push(q.clone());
                let a = match &q {
                    OrgQuery::ScheduleGroupByName(n) if n == "customer service HOURS" => {
                        OrgAnswer::Found(json!({"id": "g1", "name": "Customer Service Hours", "timeZone": "UTC",
                            "openSchedules": [{"id": "s-open"}], "closedSchedules": [], "holidaySchedules": []}))
                    }
                    OrgQuery::ScheduleGroupById(id) if id == "g1" => {
                        OrgAnswer::Found(json!({"id": "g1", "name": "Customer Service Hours", "timeZone": "UTC",
                            "openSchedules": [{"id": "s-open"}], "closedSchedules": [], "holidaySchedules": []}))
                    }
                    OrgQuery::ScheduleById(id) if id == "s-open" => OrgAnswer::Found(json!({"id": "s-open",
                        "name": "Always", "start": "2024-01-01T00:00:00.000", "end": "2024-01-02T00:00:00.000",
                        "rrule": "FREQ=DAILY"})),
                    OrgQuery::ScheduleByName(n) if n == "Christmas" => {
                        OrgAnswer::Found(json!({"id": "s-xmas", "name": "Christmas"}))
                    }
                    OrgQuery::EmergencyGroupByName(n) if n == "Storm" => {
                        OrgAnswer::Found(json!({"id": "e-1", "name": "Storm", "enabled": false}))
                    }
                    OrgQuery::UserById(id) if id == "u-1" => OrgAnswer::Found(json!({"id": "u-1", "name": "Ada"})),
                    OrgQuery::UserPromptByName(n) if n == "Welcome" => {
                        OrgAnswer::Found(json!({"id": "p-1", "name": "Welcome"}))
                    }
                    OrgQuery::SystemPromptByName(n) if n == "on_hold_music" => {
                        OrgAnswer::Found(json!({"id": "on_hold_music", "name": "on_hold_music"}))
                    }
                    _ => OrgAnswer::NotFound,
                };
                it.provide_org(q, a);
            }
            Step::Need(n) => panic!("{n:?}"),
        }
    };
    assert!(matches!(outcome, Outcome::TransferToQueue { .. }), "{outcome:?}");
    assert_eq!(ran(&it), ["fg", "es", "fs", "fe", "fu", "fp", "fsp", "end"]);
    assert_eq!(it.variable("Flow.group"), Some(&entity_value("scg", "g1", "Customer Service Hours")));
    assert_eq!(it.variable("Flow.schedule"), Some(&entity_value("sch", "s-xmas", "Christmas")));
    assert_eq!(it.variable("Flow.emergency"), Some(&entity_value("emg", "e-1", "Storm")));
    assert_eq!(it.variable("Flow.prompt"), Some(&entity_value("pmt", "p-1", "Welcome")));
    assert_eq!(it.variable("Flow.hold"), Some(&entity_value("pmt", "on_hold_music", "on_hold_music")));
    // One user of two: item i answers id i, NOT_SET where no user was found; the Partially Found path.
    assert_eq!(
        it.variable("Flow.users"),
        Some(&Value::List {
            item: flowsim_core::expr::Type::Entity("usr".into()),
            items: vec![
                entity_value("usr", "u-1", "Ada"),
                Value::NotSet(flowsim_core::expr::Type::Entity("usr".into()))
            ]
        })
    );
    assert!(it.trace().iter().any(|e| e.at.action_id == "fu"
        && matches!(&e.event, Event::Action { path: Some(p), reason: Some(r) } if p == "Partially Found" && r.value == "1 of 2 users found")));
    // The group found by name is the one Evaluate Schedule Group reads by id.
    assert!(asked.contains(&OrgQuery::ScheduleGroupById("g1".into())), "{asked:?}");
    // Each user read is asked once and traced once.
    for id in ["u-1", "u-2"] {
        let q = OrgQuery::UserById(id.into());
        assert_eq!(asked.iter().filter(|x| **x == q).count(), 1, "{id}");
        let traced = it.trace().iter().filter(|e| matches!(&e.event, Event::OrgRead { query, .. } if *query == q));
        assert_eq!(traced.count(), 1, "{id}");
    }
}

#[test]
fn find_actions_without_an_org_or_a_name_take_not_found() {
    // A flow file with no org: the first Find reads nothing and takes Not Found; the trace says why.
    let mut it = Interpreter::new(finds_flow(lit("Customer Service Hours", "str")), Interaction::default(), no_org());
    assert_eq!(done(&mut it), Outcome::Disconnect);
    assert_eq!(ran(&it), ["fg", "nf"]);
    assert!(it.trace().iter().any(|e| matches!(&e.event, Event::OrgRead { query: OrgQuery::ScheduleGroupByName(n), answer: OrgAnswer::NoOrg } if n == "Customer Service Hours")));
    assert_eq!(it.variable("Flow.group"), Some(&Value::NotSet(flowsim_core::expr::Type::Entity("scg".into()))));

    // A NOT_SET name takes Not Found without asking the org (Architect's help on the Find actions).
    let mut it = Interpreter::new(finds_flow(empty("str")), Interaction::default(), Options::default());
    assert_eq!(done(&mut it), Outcome::Disconnect);
    assert!(!it.trace().iter().any(|e| matches!(e.event, Event::OrgRead { .. })));

    // Find Users by Id with no org: every item NOT_SET, the Not Found path.
    let users_only = flow(
        "inboundcall",
        json!([task(
            "t",
            "fu",
            json!([
                act(
                    "FindUsersByIdAction",
                    "fu",
                    json!({
                "findIds": {"text": "MakeList(\"u-1\")", "type": "str_coll", "config": {"MakeList": {"pos": 1,
                    "type": "str_coll", "operands": [{"lit": {"pos": 10, "text": "u-1", "type": "str"}}]}}},
                "findResult": var("Flow.users", "usr_coll"),
                "paths": [{"label": "Found", "outputId": "__FOUND__", "nextActionId": "ok"},
                          {"label": "Not Found", "outputId": "__NOT_FOUND__", "nextActionId": "nf"}]})
                ),
                act("TransferPureMatchAction", "ok", json!({"queues": [queue("Sales", "q-1")]})),
                act("DisconnectAction", "nf", json!({})),
            ])
        )]),
        json!([{"__type": "UserVariable", "id": "id-Flow.users", "name": "Flow.users", "isCollection": true,
                "initialValue": empty("usr_coll")}]),
    );
    let mut it = Interpreter::new(users_only, Interaction::default(), no_org());
    assert_eq!(done(&mut it), Outcome::Disconnect);
    assert_eq!(ran(&it), ["fu", "nf"]);
}

/// Find Grammar (by name), Find Grammar by Id, Find Utilization Label and Get External Organization, each with
/// Found and Not Found paths (Not Found disconnects), then a decision on the organization's name.
fn grammar_label_organization_flow() -> Flow {
    let found = |next: &str| {
        json!([{"label": "Found", "outputId": "__FOUND__", "nextActionId": next},
               {"label": "Not Found", "outputId": "__NOT_FOUND__", "nextActionId": "nf"}])
    };
    flow(
        "inboundcall",
        json!([task(
            "t",
            "fg",
            json!([
                act(
                    "FindGrammarAction",
                    "fg",
                    json!({"findName": lit("Account Number", "str"),
                    "findResult": var("Flow.grammar", "gmr"), "paths": found("fgi")})
                ),
                act(
                    "FindGrammarByIdAction",
                    "fgi",
                    json!({"findId": lit("g-1", "str"),
                    "findResult": var("Flow.sameGrammar", "gmr"), "paths": found("fl")})
                ),
                act(
                    "FindUtilizationLabelAction",
                    "fl",
                    json!({"findName": lit("VIP", "str"),
                    "findResult": var("Flow.label", "utl"), "paths": found("go")})
                ),
                act(
                    "GetExternalOrganizationAction",
                    "go",
                    json!({"externalId": lit("o-1", "str"),
                    "externalResult": var("Flow.org", "cpx_external_organization"), "paths": found("d")})
                ),
                act(
                    "DecisionAction",
                    "d",
                    json!({
                    "expression": {"text": "Flow.org.name == \"Analytical Engines Ltd\"", "type": "bln"},
                    "paths": [{"label": "Yes", "outputId": "__YES__", "nextActionId": "end"},
                              {"label": "No", "outputId": "__NO__", "nextActionId": "nf"}]})
                ),
                act("TransferPureMatchAction", "end", json!({"queues": [queue("Sales", "q-1")]})),
                act("DisconnectAction", "nf", json!({})),
            ])
        )]),
        json!([
            {"__type": "GrammarVariable", "id": "id-Flow.grammar", "name": "Flow.grammar", "initialValue": empty("gmr")},
            {"__type": "GrammarVariable", "id": "id-Flow.sameGrammar", "name": "Flow.sameGrammar", "initialValue": empty("gmr")},
            {"__type": "UtilizationLabelVariable", "id": "id-Flow.label", "name": "Flow.label", "initialValue": empty("utl")},
            {"__type": "ExternalOrganizationVariable", "id": "id-Flow.org", "name": "Flow.org",
             "initialValue": empty("cpx_external_organization")},
        ]),
    )
}

#[test]
fn grammars_utilization_labels_and_external_organizations_are_read_from_the_org() {
    let f = grammar_label_organization_flow();
    assert!(f.problems.is_empty(), "{:?}", f.problems.sentences());
    let mut it = Interpreter::new(f, Interaction::default(), Options::default());
    let mut asked = Vec::new();
    let outcome = loop {
        match it.step() {
            Step::Done(o) => break o,
            Step::Need(Need::Org(q)) => {
                asked.push(q.clone());
                let a = match &q {
                    OrgQuery::GrammarByName(n) if n == "Account Number" => {
                        OrgAnswer::Found(json!({"id": "g-1", "name": "Account Number"}))
                    }
                    OrgQuery::GrammarById(id) if id == "g-1" => {
                        OrgAnswer::Found(json!({"id": "g-1", "name": "Account Number"}))
                    }
                    OrgQuery::UtilizationLabelByName(n) if n == "VIP" => {
                        OrgAnswer::Found(json!({"id": "l-1", "name": "VIP"}))
                    }
                    OrgQuery::ExternalOrganizationById(id) if id == "o-1" => {
                        OrgAnswer::Found(json!({"id": "o-1", "name": "Analytical Engines Ltd", "industry": "Computing",
                               "address": {"city": "London"}}))
                    }
                    _ => OrgAnswer::NotFound,
                };
                it.provide_org(q, a);
            }
            Step::Need(n) => panic!("{n:?}"),
        }
    };
    assert!(matches!(outcome, Outcome::TransferToQueue { .. }), "{outcome:?}");
    assert_eq!(ran(&it), ["fg", "fgi", "fl", "go", "d", "end"]);
    assert_eq!(
        asked,
        [
            OrgQuery::GrammarByName("Account Number".into()),
            OrgQuery::GrammarById("g-1".into()),
            OrgQuery::UtilizationLabelByName("VIP".into()),
            OrgQuery::ExternalOrganizationById("o-1".into()),
        ]
    );
    let entity = |ty: &str, id: &str, name: &str| Value::Entity { ty: ty.into(), id: id.into(), name: name.into() };
    assert_eq!(it.variable("Flow.grammar"), Some(&entity("gmr", "g-1", "Account Number")));
    assert_eq!(it.variable("Flow.sameGrammar"), Some(&entity("gmr", "g-1", "Account Number")));
    // The label takes the type the configuration declares for `findResult`.
    assert_eq!(it.variable("Flow.label"), Some(&entity("utl", "l-1", "VIP")));
    match it.variable("Flow.org") {
        Some(Value::Complex { ty, fields }) => {
            assert_eq!(ty, "cpx_external_organization");
            assert_eq!(fields.get("industry"), Some(&Value::String("Computing".into())));
        }
        other => panic!("{other:?}"),
    }
    assert!(!it.trace().iter().any(|e| matches!(e.event, Event::NotSimulated { .. })));
}

#[test]
fn grammars_labels_and_organizations_take_not_found_with_no_org_or_when_the_org_has_none() {
    // A flow file with no org: Not Found without a read, and the trace says there was no org to ask.
    let mut it = Interpreter::new(grammar_label_organization_flow(), Interaction::default(), no_org());
    assert_eq!(done(&mut it), Outcome::Disconnect);
    assert_eq!(ran(&it), ["fg", "nf"]);
    assert!(it.trace().iter().any(|e| matches!(&e.event,
        Event::OrgRead { query: OrgQuery::GrammarByName(n), answer: OrgAnswer::NoOrg } if n == "Account Number")));
    assert!(!it.trace().iter().any(|e| matches!(e.event, Event::NotSimulated { .. })));

    // Each one's Not Found path, when the org has none: start at each action.
    for (start, query) in [
        ("fgi", OrgQuery::GrammarById("g-1".into())),
        ("fl", OrgQuery::UtilizationLabelByName("VIP".into())),
        ("go", OrgQuery::ExternalOrganizationById("o-1".into())),
    ] {
        let options = Options { start: Start::Node(start.into()), ..Options::default() };
        let mut it = Interpreter::new(grammar_label_organization_flow(), Interaction::default(), options);
        match it.step() {
            Step::Need(Need::Org(q)) => {
                assert_eq!(q, query);
                it.provide_org(q, OrgAnswer::NotFound);
            }
            other => panic!("{start}: {other:?}"),
        }
        assert_eq!(done(&mut it), Outcome::Disconnect, "{start}");
        assert_eq!(ran(&it), [start, "nf"]);
    }

    // A failed read is a runtime error: no failure path here, so the flow's error handling runs.
    let options = Options { start: Start::Node("go".into()), ..Options::default() };
    let mut it = Interpreter::new(grammar_label_organization_flow(), Interaction::default(), options);
    let Step::Need(Need::Org(q)) = it.step() else { panic!("a read") };
    it.provide_org(q, OrgAnswer::Failed("Server error (HTTP 500)".into()));
    assert!(matches!(done(&mut it), Outcome::ErrorHandling { error: RunError::OrgFailed { .. }, .. }));
}
