//! Any file is decoded as an Architect export or configuration: a flow or a sentence, never a panic.
#![no_main]

use flowsim_core::flow::model::Flow;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    match Flow::parse(&text) {
        Ok(flow) => {
            let _ = flow.problems.sentences();
        }
        Err(e) => assert!(!e.describe().is_empty()),
    }
});
