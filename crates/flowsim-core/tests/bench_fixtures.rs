//! The flows `cargo xtask bench` measures do what the bench says they do: `action-limit-loop.json` runs into the
//! 10,000-action limit (so "actions per second" divides 10,000 real actions by the run's time), and the largest real
//! configuration reads without problems.

use flowsim_core::expr::{OrgAnswer, Value};
use flowsim_core::flow::Flow;
use flowsim_core::interp::{Interaction, Interpreter, Need, Options, Outcome, RunError, Step};

fn fixture(path: &str) -> String {
    let path = format!("{}/tests/fixtures/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Steps the run to its end the way the bench does: no org, silence for every input.
fn run_to_end(it: &mut Interpreter) -> Outcome {
    loop {
        match it.step() {
            Step::Done(o) => return o,
            Step::Need(Need::Org(q)) => it.provide_org(q, OrgAnswer::NoOrg),
            Step::Need(Need::Input(_)) => it.provide_input(None),
            Step::Need(n) => panic!("the bench flow asked for {n:?}"),
        }
    }
}

#[test]
fn the_action_limit_flow_ends_in_error_handling_at_ten_thousand_actions() {
    let flow = Flow::parse(&fixture("bench/action-limit-loop.json")).unwrap_or_else(|e| panic!("{}", e.describe()));
    assert!(flow.problems.is_empty(), "{:?}", flow.problems.sentences());
    let options = Options::default();
    assert_eq!(options.max_actions, 10_000);
    let mut it = Interpreter::new(flow, Interaction::default(), options);
    let outcome = run_to_end(&mut it);
    assert_eq!(
        outcome,
        Outcome::ErrorHandling { error: RunError::ActionLimit { limit: 10_000 }, then: Box::new(Outcome::Disconnect) }
    );
    // The action that would have been the 10,001st is counted, then refused.
    assert_eq!(it.actions_executed(), 10_001);
    // Counted: the task, then the loop and its body in turn; the refused 10,001st was the body's 5,000th.
    assert_eq!(it.variable("Task.count"), Some(&Value::Integer(4_999)));
}

#[test]
fn the_largest_real_configuration_reads_into_the_model_without_problems() {
    let text = fixture("flowconfigs/limitless-email-inboundemail.json");
    assert!(text.len() > 500_000, "the bench reads the largest configuration ({} bytes)", text.len());
    let flow = Flow::parse(&text).unwrap_or_else(|e| panic!("{}", e.describe()));
    assert!(flow.problems.is_empty(), "{:?}", flow.problems.sentences());
    assert!(!flow.actions.is_empty() && flow.initial_sequence.is_some(), "the model has no actions or no start");
}
