//! The twelve real configurations run from their start to an outcome, with default inputs and with inputs that
//! walk each menu choice; no step is "not simulated" except data actions and bots.

mod configs_support;

use std::collections::{HashMap, VecDeque};

use configs_support::{json, load, CONFIGS};
use flowsim_core::expr::{EvalError, Value};
use flowsim_core::flow::model::{ActionKind, ContainerKind, Flow};
use flowsim_core::interp::scope::{RunScope, Vars};
use flowsim_core::interp::{
    Event, InputKind, Interaction, Interpreter, Need, NotSimulatedWhy, Options, Outcome, RunError, Start, Step,
    TraceEvent,
};

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

/// What the issue asks of every run of a real configuration: it reaches an outcome (an end of the flow, or its
/// error handling for an error the flow itself causes, never one of flowsim's limits), within Genesys' action
/// limit, and no step is "not simulated" except data actions and bots.
fn assert_a_whole_run(name: &str, outcome: &Outcome, trace: &[TraceEvent], it: &Interpreter) {
    assert!(!matches!(outcome, Outcome::StartNotFound { .. } | Outcome::NothingToRun), "{name}: {outcome:?}");
    assert!(it.actions_executed() > 0 && it.actions_executed() <= 10_000, "{name}: {}", it.actions_executed());
    assert_only_expected_not_simulated(name, trace);
    let simulator_limit = |e: &RunError| match e {
        RunError::Broken { .. } | RunError::ActionLimit { .. } | RunError::NestingLimit { .. } => true,
        RunError::Expression { message, .. } => message.starts_with("flowsim "),
        _ => false,
    };
    if let Outcome::ErrorHandling { error, .. } = outcome {
        assert!(!simulator_limit(error), "{name}: {}", error.describe());
    }
    for e in trace {
        if let Event::Error { error } = &e.event {
            assert!(!simulator_limit(error), "{name}: {}: {}", e.at.action_type, error.describe());
        }
    }
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
        assert!(flow == Flow::from_json(&json(name)), "{name}: the streaming reader and the tree reader agree");
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
        assert_a_whole_run(name, &outcome, &trace, &it);
        let cov = it.coverage();
        assert!(cov.actions_visited > 0 && cov.actions_visited <= cov.actions_total, "{name}: {cov:?}");
        // The run is deterministic.
        let (again, trace2, _) = run(&flow, Interaction::default(), Start::Initial);
        assert_eq!(outcome, again, "{name}");
        assert_eq!(trace, trace2, "{name}");
    }
}

/// A menu of a configuration: a Menu container (choices by digit or name) or a Digital Menu action (choices by
/// label): its id, name, and for each choice the caller's answer and the label of the path it takes.
struct MenuOf {
    id: String,
    name: String,
    choices: Vec<(String, String)>,
    /// A Menu container that no action of the flow leads to and that is not the flow's start.
    orphan: bool,
}

fn menus(flow: &Flow) -> Vec<MenuOf> {
    let mut out = Vec::new();
    for (ci, c) in flow.containers.iter().enumerate() {
        let Some(menu) = c.menu.as_ref().filter(|_| c.kind == ContainerKind::Menu) else { continue };
        let choices = menu
            .choices
            .iter()
            .map(|ch| (ch.digit.clone().unwrap_or_else(|| ch.name.clone()), ch.name.clone()))
            .collect();
        let orphan = flow.initial_sequence != Some(ci) && !flow.actions.iter().any(|a| a.target == Some(ci));
        out.push(MenuOf { id: c.id.clone(), name: c.name.clone(), choices, orphan });
    }
    for a in flow.actions.iter().filter(|a| a.kind == ActionKind::DigitalMenu) {
        let choices = a
            .paths
            .iter()
            .filter(|p| !p.output_id.starts_with("__"))
            .map(|p| (p.label.clone(), p.label.clone()))
            .collect();
        out.push(MenuOf { id: a.id.clone(), name: a.name.clone(), choices, orphan: false });
    }
    out
}

/// Answers tried at each place that waits for the caller, at most this many deep.
const MAX_ANSWERS: usize = 6;

/// The shortest inputs, from the flow's start, that reach each place waiting for the caller (a menu's or an
/// action's id): every answer a place offers is tried (a menu choice, yes or no, an intent, a digital menu
/// choice), and `1` where digits or words are free.
fn inputs_reaching(name: &str, flow: &Flow) -> HashMap<String, Vec<String>> {
    let mut reached: HashMap<String, Vec<String>> = HashMap::new();
    let mut queue = VecDeque::from([Vec::<String>::new()]);
    while let Some(prefix) = queue.pop_front() {
        let options = Options { org: false, pause_for_input: true, ..Options::default() };
        let interaction = Interaction { inputs: prefix.clone(), ..Interaction::default() };
        let mut it = Interpreter::new(flow.clone(), interaction, options);
        let ask = match it.step() {
            Step::Done(_) => continue,
            Step::Need(Need::Input(ask)) => ask,
            Step::Need(n) => panic!("{name}: a run with no org asked for {n:?}"),
        };
        if reached.contains_key(&ask.action_id) || prefix.len() >= MAX_ANSWERS {
            continue;
        }
        reached.insert(ask.action_id.clone(), prefix.clone());
        // A menu offers `digit: name`; other places offer their answers as they are.
        let digit = |c: &str| {
            let (d, _) = c.split_once(": ")?;
            let keys = d.chars().all(|x| x.is_ascii_digit() || x == '*' || x == '#');
            (ask.kind == InputKind::Choice && keys).then(|| d.to_string())
        };
        let mut answers: Vec<String> = ask.choices.iter().map(|c| digit(c).unwrap_or_else(|| c.clone())).collect();
        if answers.is_empty() {
            answers.push("1".into());
        }
        for answer in answers {
            let mut next = prefix.clone();
            next.push(answer);
            queue.push_back(next);
        }
    }
    reached
}

#[test]
fn every_menu_choice_is_walked_from_the_start_of_its_configuration() {
    let mut walked = Vec::new();
    let mut orphans = Vec::new();
    for name in CONFIGS {
        let flow = load(name);
        let reached = inputs_reaching(name, &flow);
        for menu in menus(&flow) {
            // The inputs that reach the menu from the flow's start; a menu no action leads to can only be walked
            // from itself (the "Start at" field).
            let (start, prefix) = match reached.get(&menu.id) {
                Some(prefix) => (Start::Initial, prefix.clone()),
                None => {
                    assert!(menu.orphan, "{name}: menu '{}' is not reached from the start", menu.name);
                    orphans.push(format!("{name}: {}", menu.name));
                    (Start::Node(menu.id.clone()), Vec::new())
                }
            };
            for (answer, label) in &menu.choices {
                let inputs: Vec<String> = prefix.iter().cloned().chain([answer.clone()]).collect();
                let interaction = Interaction { inputs: inputs.clone(), ..Interaction::default() };
                let (outcome, trace, it) = run(&flow, interaction, start.clone());
                assert!(
                    trace.iter().any(|e| e.at.action_id == menu.id
                        && matches!(&e.event, Event::Action { path: Some(p), .. } if p == label)),
                    "{name}: inputs {inputs:?} did not take choice '{label}' of '{}'",
                    menu.name
                );
                assert_a_whole_run(&format!("{name} {inputs:?}"), &outcome, &trace, &it);
                walked.push(format!("{name}: {} → {label}", menu.name));
            }
        }
    }
    // The corpus: call deflection's main menu (2 choices) and deflection menu (3), the time picker's digital
    // menu (2), and Orbit's menu (1), which nothing in the Orbit flow leads to.
    assert_eq!(walked.len(), 8, "{walked:#?}");
    assert_eq!(orphans, ["orbit-parked-call-retrieval-inboundcall.json: Main Menu"]);
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

/// Every `sysref` node of a configuration: (its `val`, its text, the type the configuration declares).
fn sysrefs(v: &serde_json::Value, out: &mut Vec<(String, String, String)>) {
    match v {
        serde_json::Value::Object(o) => {
            if let Some(s) = o.get("sysref").and_then(|s| s.as_object()) {
                let field = |k: &str| s.get(k).and_then(|x| x.as_str()).unwrap_or_default().to_string();
                out.push((field("val"), field("text"), field("type")));
            }
            o.values().for_each(|x| sysrefs(x, out));
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| sysrefs(x, out)),
        _ => {}
    }
}

/// Evaluates an expression tree against an interaction, with no variables and no org.
fn eval_with(e: &flowsim_core::expr::Expr, interaction: &Interaction) -> Result<Value, EvalError> {
    let vars = Vars::default();
    let (org, participant) = (HashMap::new(), HashMap::new());
    let scope =
        RunScope { vars: &vars, interaction, now_ms: interaction.start_ms, org: &org, participant: &participant };
    flowsim_core::expr::eval(e, &scope)
}

#[test]
fn built_ins_carry_the_types_the_real_configurations_declare() {
    let mut checked = Vec::new();
    for name in CONFIGS {
        let mut found = Vec::new();
        sysrefs(&json(name), &mut found);
        for (key, text, declared) in found {
            let e = flowsim_core::expr::Expr::Builtin { key: key.clone(), text: text.clone() };
            let v = eval_with(&e, &Interaction::default()).unwrap_or_else(|e| panic!("{name}: {text}: {e:?}"));
            // Enumerations (`Format.Date`) are constants, not values of a type.
            if matches!(v, Value::Enum(_)) {
                continue;
            }
            assert_eq!(v.ty().code(), declared, "{name}: {text} ({key})");
            checked.push(key);
        }
    }
    // Call.Ani is a String (`tel:+1…`) in every configuration that reads it.
    assert!(checked.iter().filter(|k| *k == "__CALL_ANI__").count() >= 3, "{checked:?}");
}

#[test]
fn call_ani_is_the_callers_tel_uri_as_a_string() {
    let parse = |t: &str| flowsim_core::expr::parse(t).unwrap_or_else(|e| panic!("{t}: {e:?}"));
    let ada = Interaction { ani: "tel:+15551234567".into(), dnis: "tel:+18005550199".into(), ..Interaction::default() };
    let s = |x: &str| Value::String(x.into());
    let check = |text: &str, want: Value| assert_eq!(eval_with(&parse(text), &ada), Ok(want), "{text}");
    check("Call.Ani", s("tel:+15551234567"));
    check("ToString(Call.Ani)", s("tel:+15551234567"));
    check("Call.Ani == \"tel:+15551234567\"", Value::Boolean(true));
    check("Call.CalledAddress", s("tel:+18005550199"));
    check("ToPhoneNumber(Call.Ani).e164", s("+15551234567"));
    check("ToPhoneNumber(Call.Ani).isTel", Value::Boolean(true));
    check("ToPhoneNumber(Call.Ani) == ToPhoneNumber(\"+1 (555) 123-4567\")", Value::Boolean(true));
    check("Contains(Call.Ani, \"555\")", Value::Boolean(true));
    // `.e164` is a PhoneNumber's property: on the String it is an error, as in Architect.
    assert!(matches!(eval_with(&parse("Call.Ani.e164"), &ada), Err(EvalError::Runtime(_))));
    // A withheld number is the empty string: IsNotSetOrEmpty is true (the demo's "Caller ID withheld?").
    let withheld = Interaction { ani: String::new(), ..Interaction::default() };
    assert_eq!(eval_with(&parse("IsNotSetOrEmpty(Call.Ani)"), &withheld), Ok(Value::Boolean(true)));

    // The real configurations: Orbit cuts the number out of the URI for a data action's input
    // (`right(Call.ani, 12)`), call deflection converts it and reads it back to the caller.
    let orbit = load("orbit-parked-call-retrieval-inboundcall.json");
    let action = orbit.action_by_id("19574725-650c-4b05-a6bb-09d414c5d990").expect("the Replace participant action");
    let address = action.bindings("inputs").iter().find(|b| b.name == "address").and_then(|b| b.value.as_ref());
    let tree = address.and_then(|e| e.tree.as_ref()).expect("a config tree");
    assert_eq!(eval_with(tree, &ada), Ok(s("+15551234567")));
    let deflection = "call-deflection-inboundcall.json";
    let (_, trace, it) =
        run(&load(deflection), Interaction { inputs: vec!["1".into(), "1".into()], ..ada.clone() }, Start::Initial);
    assert_eq!(
        it.variable("Flow.To_SMS_Phone_Number"),
        Some(&Value::PhoneNumber { uri: "tel:+15551234567".into(), e164: Some("+15551234567".into()) })
    );
    assert!(
        trace.iter().any(
            |e| matches!(&e.event, Event::Said { text } if text.contains("+15551234567") && !text.contains("tel:"))
        ),
        "the caller hears the number, not the URI"
    );
}

#[test]
fn the_orbit_flow_runs_past_its_data_actions_with_collection_outputs_overridden() {
    use flowsim_core::interp::{DataActionResult, Need, Override};
    use flowsim_core::sim::suite::runner::interaction_of;
    use flowsim_core::sim::suite::Suite;
    const GET_CALLS: &str = "4653d67a-7657-46f7-b1d2-792cc15f251c";
    const REPLACE_PARTICIPANT: &str = "19574725-650c-4b05-a6bb-09d414c5d990";
    let flow = load("orbit-parked-call-retrieval-inboundcall.json");

    // The Overrides field: the waiting calls' ids as a JSON array and as MakeList (both outputs are String
    // collections in the flow).
    let text = format!(
        "{GET_CALLS}: Success\n{GET_CALLS}.conversationID = [\"c1\", \"c2\"]\n{GET_CALLS}.participantID = MakeList(\"p1\", \"p2\")"
    );
    let mut errors = Vec::new();
    let parsed = flowsim_core::sim::validate::parse_overrides(&text, &mut errors);
    assert!(errors.is_empty(), "{errors:?}");
    let from_form: Vec<Override> = parsed
        .into_iter()
        .map(|o| Override {
            action_id: o.action_id,
            path: o.path,
            outputs: o.outputs.into_iter().map(|v| (v.name, v.value)).collect(),
        })
        .collect();
    // The same in a suite file.
    let suite = Suite::parse(&format!(
        r#"{{"cases": [{{"inputs": ["7"], "ani": "+15551234567", "overrides": {{"{GET_CALLS}":
            {{"path": "Success", "outputs": {{"conversationID": ["c1", "c2"], "participantID": ["p1", "p2"]}}}}}}}}]}}"#
    ))
    .expect("a suite");
    let from_suite = interaction_of(&flow, &suite, &suite.cases[0]).expect("an interaction");

    for (how, overrides) in [("form", from_form), ("suite", from_suite.overrides)] {
        let interaction = Interaction {
            inputs: vec!["7".into()],
            ani: "tel:+15551234567".into(),
            overrides,
            ..Interaction::default()
        };
        // The second data action runs (the user opted in): its inputs read the first items of the lists.
        let options = Options { org: false, run_data_actions: vec![REPLACE_PARTICIPANT.into()], ..Options::default() };
        let mut it = Interpreter::new(flow.clone(), interaction, options);
        let inputs = match it.step() {
            Step::Need(Need::DataAction { node_id, inputs, .. }) => {
                assert_eq!(node_id, REPLACE_PARTICIPANT, "{how}");
                inputs
            }
            other => {
                panic!("{how}: {other:?}\n{}", it.trace().iter().map(|e| e.describe()).collect::<Vec<_>>().join("\n"))
            }
        };
        let input = |k: &str| inputs.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
        assert_eq!(input("conversationId"), Some("c1"), "{how}");
        assert_eq!(input("participantId"), Some("p1"), "{how}");
        assert_eq!(input("address"), Some("+15551234567"), "{how}");
        it.provide_data_action(DataActionResult { success: true, outputs: Vec::new(), error: None });
        let outcome = match it.step() {
            Step::Done(o) => o,
            Step::Need(n) => panic!("{how}: {n:?}"),
        };
        assert_eq!(outcome, Outcome::Disconnect, "{how}");
        let ran: Vec<&str> = it.trace().iter().map(|e| e.at.action_id.as_str()).collect();
        // Play Audio ("Connecting you now") and the Disconnect after the Success path.
        for id in ["1961ae96-49b4-4ebb-9d25-89f2ef4e338e", "e055d854-e297-4d39-a905-b4125a68b4a1"] {
            assert!(ran.contains(&id), "{how}: {id} not reached");
        }
        assert_eq!(
            it.variable("Flow.ConversationId"),
            Some(&Value::List {
                item: flowsim_core::expr::Type::String,
                items: vec![Value::String("c1".into()), Value::String("c2".into())]
            }),
            "{how}"
        );
        assert!(!it.trace().iter().any(|e| matches!(e.event, Event::Error { .. })), "{how}");
    }
}
