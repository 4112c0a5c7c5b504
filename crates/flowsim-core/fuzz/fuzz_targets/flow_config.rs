//! A configuration (JSON) is read and run with no org, scripted inputs taken from the data: nothing panics,
//! the run ends within the action limit and the trace stays bounded.
#![no_main]

use flowsim_core::flow::model::{Flow, MAX_PROBLEMS};
use flowsim_core::interp::{Interaction, Interpreter, Options, Step};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(json) = serde_json::from_str::<serde_json::Value>(text) else { return };
    let flow = Flow::from_json(&json);
    assert!(flow.problems.list.len() <= MAX_PROBLEMS);
    let inputs = text.bytes().filter(u8::is_ascii_digit).take(8).map(|b| (b as char).to_string()).collect();
    let mut it = Interpreter::new(
        flow,
        Interaction { inputs, ..Interaction::default() },
        Options { org: false, ..Options::default() },
    );
    match it.step() {
        Step::Done(o) => {
            let _ = o.describe();
        }
        Step::Need(n) => panic!("a run with no org asked for {n:?}"),
    }
    assert!(it.actions_executed() <= 10_001);
    assert!(it.trace().len() <= 50_000);
});
