//! The twelve real configurations of `tests/fixtures/flowconfigs/`, for the tests that run or draw them.
#![allow(dead_code)]

use flowsim_core::flow::model::Flow;

pub const CONFIGS: [&str; 12] = [
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

/// The text of a configuration.
pub fn text(name: &str) -> String {
    let path = format!("{}/tests/fixtures/flowconfigs/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// A configuration as JSON.
pub fn json(name: &str) -> serde_json::Value {
    serde_json::from_str(&text(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// A configuration read into the flow model.
pub fn load(name: &str) -> Flow {
    Flow::parse(&text(name)).unwrap_or_else(|e| panic!("{name}: {}", e.describe()))
}
