//! Limits: no configuration, however large, malformed or cyclic, makes reading or running hang, panic or grow
//! without bound. Sizes and counts are asserted, not times (budgets live in `cargo xtask bench`).

use flowsim_core::flow::model::{Flow, MAX_PROBLEMS};
use flowsim_core::interp::{Event, Interaction, Interpreter, Options, Outcome, RunError, Step};
use proptest::prelude::*;
use serde_json::{json, Value as Json};

fn run(flow: Flow) -> (Outcome, Interpreter) {
    let mut it = Interpreter::new(flow, Interaction::default(), Options { org: false, ..Options::default() });
    match it.step() {
        Step::Done(o) => (o, it),
        Step::Need(n) => panic!("{n:?}"),
    }
}

fn chain(n: usize, name: &str) -> Json {
    let actions: Vec<Json> = (0..n)
        .map(|i| {
            let mut a = json!({"__type": "UpdateVariableAction", "id": format!("a{i}"), "name": name, "trackingId": i,
                "variables": [{"variable": {"text": "Flow.n", "type": "int", "config": {"ref": {"text": "Flow.n", "type": "int"}}},
                               "expression": {"text": "1", "type": "int", "config": {"lit": {"text": "1", "type": "int"}}}}]});
            if i + 1 < n {
                a["nextAction"] = json!(format!("a{}", i + 1));
            }
            a
        })
        .collect();
    json!({"name": "chain", "type": "workflow", "initialSequence": "s",
           "flowSequenceItemList": [{"__type": "State", "id": "s", "name": name, "startAction": "a0", "actionList": actions}]})
}

#[test]
fn a_2mb_chain_of_64k_actions_reads_and_stops_at_the_action_limit() {
    let v = chain(65_536, "x");
    let text = v.to_string();
    assert!(text.len() > 2_000_000, "{}", text.len());
    let flow = Flow::parse(&text).expect("a flow");
    assert_eq!(flow.actions.len(), 65_536);
    assert!(flow.problems.is_empty());
    let (o, it) = run(flow);
    match o {
        Outcome::ErrorHandling { error: RunError::ActionLimit { limit: 10_000 }, then } => {
            assert_eq!(*then, Outcome::WorkflowEnd { exit_reason: String::new() })
        }
        o => panic!("{o:?}"),
    }
    assert_eq!(it.actions_executed(), 10_001);
    assert!(it.trace().len() <= 50_000);
}

#[test]
fn a_1mib_name_on_every_broken_action_gives_a_capped_list_of_short_problems() {
    let big = "N".repeat(1 << 20);
    let actions: Vec<Json> = (0..200)
        .map(|i| json!({"__type": "DisconnectAction", "id": format!("a{i}"), "name": big, "nextAction": format!("missing{i}")}))
        .collect();
    let v = json!({"name": big, "type": "inboundcall", "initialSequence": "nowhere",
        "flowSequenceItemList": [{"__type": "Task", "id": "t", "name": big, "actionList": actions}]});
    let flow = Flow::from_json(&v);
    assert_eq!(flow.problems.list.len(), MAX_PROBLEMS);
    assert!(flow.problems.dropped > 100);
    let text: usize = flow.problems.sentences().iter().map(String::len).sum();
    assert!(text < 20_000, "{text} bytes of problem text");
    let (o, it) = run(flow);
    assert_eq!(o, Outcome::NothingToRun.describe_is_short());
    assert!(it.trace().is_empty());
}

trait ShortDescribe {
    fn describe_is_short(self) -> Self;
}
impl ShortDescribe for Outcome {
    fn describe_is_short(self) -> Self {
        assert!(self.describe().len() < 300);
        self
    }
}

#[test]
fn the_outcome_and_trace_sentences_quote_huge_names_truncated() {
    let big = "Q".repeat(1 << 20);
    let v = json!({"name": "f", "type": "inboundcall", "initialSequence": "t", "flowSequenceItemList": [
        {"__type": "Task", "id": "t", "name": big, "startAction": "q", "actionList": [
            {"__type": "TransferPureMatchAction", "id": "q", "name": big,
             "queues": [{"text": big, "type": "que", "config": {"lit": {"text": big, "type": "que", "val": "q1"}}}]}]}]});
    let (o, it) = run(Flow::from_json(&v));
    assert!(o.describe().len() < 300);
    for e in it.trace() {
        assert!(e.describe().len() < 1_000, "{}", e.describe().len());
    }
}

#[test]
fn a_cyclic_flow_stops_at_the_action_limit() {
    let v = json!({"name": "cycle", "type": "inboundcall", "initialSequence": "t", "flowSequenceItemList": [
        {"__type": "Task", "id": "t", "name": "t", "startAction": "a", "actionList": [
            {"__type": "DecisionAction", "id": "a", "name": "a", "nextAction": "b",
             "expression": {"text": "true", "type": "bln", "config": {"lit": {"text": "true", "type": "bln"}}},
             "paths": [{"label": "Yes", "outputId": "__YES__", "nextActionId": "a"}]},
            {"__type": "TransferTaskAction", "id": "b", "name": "b", "taskReference": "t"}]}]});
    let (o, it) = run(Flow::from_json(&v));
    assert!(matches!(o, Outcome::ErrorHandling { error: RunError::ActionLimit { .. }, .. }), "{o:?}");
    assert!(it.trace().len() < 50_001);
}

#[test]
fn a_module_that_calls_itself_stops_at_the_nesting_limit() {
    let module = json!({"name": "M", "type": "commonmodule", "initialSequence": "mt", "flowSequenceItemList": [
        {"__type": "CommonModuleTask", "id": "mt", "name": "mt", "startAction": "call", "actionList": [
            {"__type": "CallCommonModuleAction", "id": "call", "name": "again", "flowId": "m1", "flowName": "M",
             "inputs": [], "outputs": [], "paths": []}]}]});
    let mut v = module.clone();
    v["type"] = json!("inboundcall");
    v["commonModules"] = json!([{"id": "m1", "name": "M", "model": module}]);
    let (o, _) = run(Flow::from_json(&v));
    assert!(matches!(o, Outcome::ErrorHandling { error: RunError::NestingLimit { .. }, .. }), "{o:?}");
}

#[test]
fn deeply_embedded_modules_are_read_to_a_bounded_depth() {
    let mut v = json!({"name": "leaf", "type": "commonmodule", "flowSequenceItemList": []});
    for i in 0..100 {
        v = json!({"name": format!("m{i}"), "type": "commonmodule", "flowSequenceItemList": [],
                   "commonModules": [{"id": format!("id{i}"), "name": format!("m{i}"), "model": v}]});
    }
    // Built as a value (serde_json's parser would refuse this depth); the reader still stops.
    let flow = Flow::from_json(&v);
    let mut depth = 0;
    let mut f = &flow;
    while let Some(m) = f.common_modules.first().and_then(|m| m.flow.as_deref()) {
        f = m;
        depth += 1;
    }
    assert!(depth <= 4, "{depth}");
    assert!(!flow.problems.is_empty());
}

/// Random JSON of bounded size, biased toward flow-shaped keys.
fn arb_json() -> impl Strategy<Value = Json> {
    let key = prop_oneof![
        Just("__type"),
        Just("id"),
        Just("nextAction"),
        Just("paths"),
        Just("nextActionId"),
        Just("startAction"),
        Just("actionList"),
        Just("taskReference"),
        Just("expression"),
        Just("config"),
        Just("queues"),
        Just("variables"),
        Just("menuChoiceList"),
        Just("action"),
        Just("digit"),
        Just("loopCount"),
        Just("path"),
        Just("outputId"),
    ];
    let leaf = prop_oneof![
        Just(Json::Null),
        any::<bool>().prop_map(Json::from),
        any::<i64>().prop_map(Json::from),
        prop_oneof![
            Just("a"),
            Just("b"),
            Just("t"),
            Just("Task"),
            Just("Menu"),
            Just("DecisionAction"),
            Just("LoopAction"),
            Just("CallTaskAction"),
            Just("__YES__"),
            Just("lit"),
            Just("ref"),
            Just("bln")
        ]
        .prop_map(Json::from),
    ];
    leaf.prop_recursive(5, 64, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Json::Array),
            prop::collection::vec((key.clone(), inner), 0..6)
                .prop_map(|kv| Json::Object(kv.into_iter().map(|(k, v)| (k.to_string(), v)).collect())),
        ]
    })
}

fn fixture(which: usize) -> Json {
    static CACHE: std::sync::OnceLock<Vec<Json>> = std::sync::OnceLock::new();
    let all = CACHE.get_or_init(|| {
        [
            "orbit-parked-call-retrieval-inboundcall.json",
            "resolve-contact-commonmodule.json",
            "insurance-claim-workitem.json",
            "zoom-presence-workflow.json",
        ]
        .iter()
        .map(|name| {
            let path = format!("{}/tests/fixtures/flowconfigs/{name}", env!("CARGO_MANIFEST_DIR"));
            serde_json::from_str(&std::fs::read_to_string(path).expect("fixture")).expect("json")
        })
        .collect()
    });
    all[which % all.len()].clone()
}

/// Replaces the `n`-th value met in a walk (iterative) with `with`.
fn mutate(v: &mut Json, n: usize, with: Json) {
    let mut stack: Vec<&mut Json> = vec![v];
    let mut i = 0;
    while let Some(x) = stack.pop() {
        if i == n {
            *x = with;
            return;
        }
        i += 1;
        match x {
            Json::Array(a) => stack.extend(a.iter_mut()),
            Json::Object(o) => stack.extend(o.values_mut()),
            _ => {}
        }
    }
}

fn run_bounded(flow: Flow, inputs: Vec<String>) {
    let options = Options { org: false, ..Options::default() };
    let mut it = Interpreter::new(flow, Interaction { inputs, ..Interaction::default() }, options);
    match it.step() {
        Step::Done(o) => assert!(o.describe().len() < 2_000),
        Step::Need(n) => panic!("{n:?}"),
    }
    assert!(it.actions_executed() <= 10_001);
    assert!(it.trace().len() <= 50_000);
    let _ = it.trace().iter().filter(|e| matches!(e.event, Event::Error { .. })).count();
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn random_configurations_read_and_run_bounded(v in arb_json(), inputs in prop::collection::vec("[0-9a-z#]{0,3}", 0..4)) {
        let flow = Flow::from_json(&json!({"name": "r", "type": "inboundcall", "initialSequence": "t",
            "flowSequenceItemList": [v.clone(), {"__type": "Task", "id": "t", "startAction": "a", "actionList": [v]}]}));
        prop_assert!(flow.problems.list.len() <= MAX_PROBLEMS);
        run_bounded(flow, inputs);
    }

    #[test]
    fn the_streaming_reader_agrees_with_the_tree_reader(v in arb_json()) {
        let doc = json!({"name": "r", "type": "inboundcall", "initialSequence": "t",
            "flowSequenceItemList": [v.clone(), {"__type": "Task", "id": "t", "startAction": "a", "actionList": [v.clone()]}],
            "commonModules": [{"id": "m", "name": "M", "model": v}]});
        let streamed = Flow::parse(&doc.to_string()).expect("a flow");
        prop_assert!(streamed == Flow::from_json(&doc));
    }

    #[test]
    fn mutated_real_configurations_read_and_run_bounded(
        which in 0usize..4, at in 0usize..20_000, with in arb_json(), inputs in prop::collection::vec("[0-9#]{0,2}", 0..4)
    ) {
        let mut v = fixture(which);
        mutate(&mut v, at, with);
        let flow = Flow::from_json(&v);
        if let Ok(streamed) = Flow::parse(&v.to_string()) {
            prop_assert!(streamed == flow, "the streaming reader agrees with the tree reader");
        }
        prop_assert!(flow.problems.list.len() <= MAX_PROBLEMS);
        run_bounded(flow, inputs);
    }
}
