//! Any text is parsed as an Architect expression: a tree or an error with an offset, never a panic.
#![no_main]

use flowsim_core::expr::parse;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    match parse(text) {
        Ok(tree) => {
            let _ = tree.to_string();
        }
        Err(e) => assert!(e.offset <= text.len() + 1),
    }
});
