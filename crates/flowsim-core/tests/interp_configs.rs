//! The twelve real configurations run from their start to an outcome, with default inputs and with inputs that
//! walk each menu choice; no step is "not simulated" except data actions and bots.

use flowsim_core::flow::model::{ContainerKind, Flow};
use flowsim_core::interp::{
    Event, Interaction, Interpreter, NotSimulatedWhy, Options, Outcome, Start, Step, TraceEvent,
};

const CONFIGS: [&str; 12] = [
    "cache-example-inboundcall.json",
    "call-deflection-inboundcall.json",
    "insurance-claim-workitem.json",
    "limitless-email-inboundemail.json",
    "merge-external-contact-inboundmessage.json",
    "orbit-parked-call-retrieval-inboundcall.json",
    "proactive-callbacks-inqueuecall.json",
    "resolve-contact-commonmodule.json",
    "scheduling-bot.json",
    "switch-from-voice-inboundmessage.json",
    "time-picker-digitalbot.json",
    "zoom-presence-workflow.json",
];

fn load(name: &str) -> Flow {
    let path = format!("{}/tests/fixtures/flowconfigs/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    Flow::parse(&text).unwrap_or_else(|e| panic!("{name}: {}", e.describe()))
}

/// Runs with no org (a flow from a file): every need is answered by the interpreter itself.
fn run(flow: &Flow, interaction: Interaction, start: Start) -> (Outcome, Vec<TraceEvent>, Interpreter) {
    let options = Options { org: false, start, ..Options::default() };
    let mut it = Interpreter::new(flow.clone(), interaction, options);
    let outcome = match it.step() {
        Step::Done(o) => o,
        Step::Need(n) => panic!("{}: a run with no org and no pause asked for {n:?}", flow.name),
    };
    let trace = it.trace().to_vec();
    (outcome, trace, it)
}

fn assert_only_expected_not_simulated(name: &str, trace: &[TraceEvent]) {
    for e in trace {
        if let Event::NotSimulated { why, .. } = &e.event {
            assert!(
                matches!(why, NotSimulatedWhy::DataAction | NotSimulatedWhy::Bot),
                "{name}: {} was not simulated ({why:?})",
                e.at.action_type
            );
        }
    }
}

#[test]
fn every_configuration_reads_without_problems_and_indexes_every_action() {
    for name in CONFIGS {
        let flow = load(name);
        let path = format!("{}/tests/fixtures/flowconfigs/{name}", env!("CARGO_MANIFEST_DIR"));
        let json: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(path).expect("fixture")).expect("json");
        assert!(flow == Flow::from_json(&json), "{name}: the streaming reader and the tree reader agree");
        assert!(flow.problems.is_empty(), "{name}: {:?}", flow.problems.sentences());
        assert!(flow.initial_sequence.is_some(), "{name}: no start");
        assert!(!flow.actions.is_empty(), "{name}: no actions");
        for a in &flow.actions {
            assert_eq!(flow.action_by_id(&a.id).map(|x| &x.id), Some(&a.id), "{name}");
        }
        let unknown: Vec<&str> = flow
            .actions
            .iter()
            .filter(|a| a.kind == flowsim_core::flow::model::ActionKind::Unknown)
            .map(|a| a.type_name.as_str())
            .collect();
        assert!(unknown.is_empty(), "{name}: unrecognised action types {unknown:?}");
    }
}

#[test]
fn every_configuration_runs_to_an_outcome_with_default_inputs() {
    for name in CONFIGS {
        let flow = load(name);
        let (outcome, trace, it) = run(&flow, Interaction::default(), Start::Initial);
        assert!(it.actions_executed() > 0, "{name}: ran nothing");
        assert!(it.actions_executed() <= 10_000, "{name}");
        assert!(!matches!(outcome, Outcome::StartNotFound { .. } | Outcome::NothingToRun), "{name}: {outcome:?}");
        assert!(!trace.is_empty(), "{name}: empty trace");
        assert_only_expected_not_simulated(name, &trace);
        let cov = it.coverage();
        assert!(cov.actions_visited > 0 && cov.actions_visited <= cov.actions_total, "{name}: {cov:?}");
        // The run is deterministic.
        let (again, trace2, _) = run(&flow, Interaction::default(), Start::Initial);
        assert_eq!(outcome, again, "{name}");
        assert_eq!(trace, trace2, "{name}");
    }
}

#[test]
fn every_menu_choice_can_be_walked() {
    let mut walked = 0;
    for name in CONFIGS {
        let flow = load(name);
        for c in flow.containers.iter().filter(|c| c.kind == ContainerKind::Menu) {
            let Some(menu) = &c.menu else { continue };
            for ch in &menu.choices {
                let input = ch.digit.clone().unwrap_or_else(|| ch.name.clone());
                let interaction = Interaction { inputs: vec![input.clone()], ..Interaction::default() };
                let (_, trace, _) = run(&flow, interaction, Start::Node(c.id.clone()));
                assert!(
                    trace.iter().any(|e| matches!(&e.event, Event::Action { path: Some(p), .. } if p == &ch.name)),
                    "{name}: menu '{}' input {input} did not take choice '{}'",
                    c.name,
                    ch.name
                );
                if let Some(ai) = ch.action {
                    let id = &flow.actions[ai].id;
                    assert!(trace.iter().any(|e| &e.at.action_id == id), "{name}: choice action not run");
                }
                assert_only_expected_not_simulated(name, &trace);
                walked += 1;
            }
        }
    }
    assert!(walked >= 5, "only {walked} menu choices in the corpus");
}

#[test]
fn a_menu_with_silence_takes_its_default_choice_or_disconnects() {
    let flow = load("orbit-parked-call-retrieval-inboundcall.json");
    let menu = flow.containers.iter().find(|c| c.kind == ContainerKind::Menu).expect("a menu");
    let (outcome, trace, _) = run(&flow, Interaction::default(), Start::Node(menu.id.clone()));
    let silences = trace.iter().filter(|e| matches!(e.event, Event::Answered { value: None, .. })).count();
    assert!(silences >= 1);
    if menu.menu.as_ref().and_then(|m| m.default_choice).is_none() {
        assert_eq!(outcome, Outcome::Disconnect);
    }
}

#[test]
fn the_common_module_embedded_in_a_message_flow_runs_and_returns() {
    let flow = load("merge-external-contact-inboundmessage.json");
    assert!(!flow.common_modules.is_empty());
    let (_, trace, _) = run(&flow, Interaction::default(), Start::Initial);
    let module = flow.common_modules[0].flow.as_ref().expect("embedded model");
    assert!(
        trace.iter().any(|e| e.at.flow == module.name && e.at.flow != flow.name),
        "the module's actions are in the trace"
    );
}

fn queue_name(o: &Outcome) -> Option<&str> {
    match o {
        Outcome::TransferToQueue { queue_name, .. } => Some(queue_name),
        _ => None,
    }
}

#[test]
fn outcomes_a_user_would_check() {
    let outcome = |name: &str, inputs: &[&str]| {
        let interaction =
            Interaction { inputs: inputs.iter().map(|s| s.to_string()).collect(), ..Interaction::default() };
        run(&load(name), interaction, Start::Initial).0
    };
    assert_eq!(outcome("zoom-presence-workflow.json", &[]), Outcome::WorkflowEnd { exit_reason: String::new() });
    assert_eq!(outcome("insurance-claim-workitem.json", &[]), Outcome::ExitWorkitemFlow);
    assert_eq!(outcome("orbit-parked-call-retrieval-inboundcall.json", &[]), Outcome::Disconnect);
    assert_eq!(outcome("resolve-contact-commonmodule.json", &[]), Outcome::ModuleReturned);
    assert_eq!(outcome("scheduling-bot.json", &[]), Outcome::ExitBotFlow);
    assert_eq!(queue_name(&outcome("merge-external-contact-inboundmessage.json", &[])), Some("Merge Contact Queue"));
    // Call deflection: silence through the main menu's repeats takes its default choice (the voice queue).
    let deflection = "call-deflection-inboundcall.json";
    assert_eq!(queue_name(&outcome(deflection, &[])), Some("Customer Care Voice Queue"));
    assert_eq!(queue_name(&outcome(deflection, &["2"])), Some("Customer Care Voice Queue"));
    // 1 → the deflection menu; 1 → confirm the caller's number: the SMS data action (default Success), then the
    // flow still transfers in case the text did not arrive.
    let (o, trace, _) = run(
        &load(deflection),
        Interaction { inputs: vec!["1".into(), "1".into()], ..Interaction::default() },
        Start::Initial,
    );
    assert_eq!(queue_name(&o), Some("Customer Care Voice Queue"));
    assert!(trace.iter().any(|e| matches!(&e.event,
        Event::VariableChanged { name, after, .. } if name == "Flow.To_SMS_Phone_Number" && after == "tel:+13175550100")));
    assert!(trace.iter().any(|e| matches!(e.event, Event::NotSimulated { why: NotSimulatedWhy::DataAction, .. })));
    // 1, 0 → back to the main menu, then 2.
    let (_, trace, _) = run(
        &load(deflection),
        Interaction { inputs: vec!["1".into(), "0".into(), "2".into()], ..Interaction::default() },
        Start::Initial,
    );
    let menus = trace.iter().filter(|e| matches!(e.event, Event::Entered { ref kind } if kind == "Menu")).count();
    assert_eq!(menus, 3);
}
