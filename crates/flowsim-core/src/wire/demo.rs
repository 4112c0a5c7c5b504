//! The demo scenarios fake-genesys serves at `GET /_fake/scenarios` and the app offers in its demo picker: one
//! type for both sides.
//!
//! A scenario names a token, a flow and the simulated interaction. Two readers use it:
//! - the single-lookup simulation (`POST /api/v2/architect/simulations`): `nodeId`, `phone`, `timeoutMs`, and the
//!   answer it gives in `outcome` (an [`outcome`] name);
//! - the flow interpreter: `at` (the simulated instant), `inputs` (what the caller keys, in order), `flowInputs`
//!   (a workflow's or module's input variables), `start` (an action id; the flow's start when absent), and
//!   `expect`, how the run must end (for the tests).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Outcome names of the single-lookup simulation (`Scenario::outcome`).
pub mod outcome {
    pub const FOUND: &str = "found";
    pub const NOT_FOUND: &str = "not_found";
    pub const MULTIPLE_MATCHES: &str = "multiple_matches";
    pub const BAD_REQUEST: &str = "bad_request";
    pub const UNAUTHORIZED: &str = "unauthorized";
    pub const FORBIDDEN: &str = "forbidden";
    pub const NOT_FOUND_FLOW: &str = "not_found_flow";
    pub const RATE_LIMITED: &str = "rate_limited";
    pub const TIMEOUT: &str = "timeout";
    pub const NO_LOOKUP: &str = "no_lookup";
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Scenario {
    pub name: String,
    pub description: String,
    pub token: String,
    pub flow_id: String,
    /// The node the single-lookup simulation starts at.
    pub node_id: String,
    /// The caller's number (or the sender's address), as a person would type it.
    pub phone: String,
    /// What the single-lookup simulation answers ([`outcome`]).
    pub outcome: String,
    /// The contact's "First Last" name when the outcome is `found` (always sent, `null` otherwise).
    pub contact_name: Option<String>,
    /// The simulation timeout to send, when the case needs one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timeout_ms: Option<u32>,
    /// The simulated instant, ISO 8601 UTC (`2026-12-25T15:00:00Z`); the interpreter's clock.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub at: Option<String>,
    /// What the caller keys or says, in order, one entry per prompt (`["2"]`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub inputs: Vec<String>,
    /// Input variables of a workflow or common module by name (`Flow.customerPhone`); a missing input is NOT_SET.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub flow_inputs: BTreeMap<String, Value>,
    /// The action id the interpreter starts at; the flow's start when absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    /// How the interpreter's run must end.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expect: Option<Expected>,
}

/// How an interpreted run ends, and what it passes on the way.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Expected {
    pub end: RunEnd,
    /// The action the run ends at: the transfer, the disconnect, the end of the workflow; for
    /// [`RunEnd::ErrorHandling`], the action whose error sent the flow there.
    pub action_id: String,
    /// Branches the run takes, in order (other branches may come between them).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub paths: Vec<PathTaken>,
}

/// One branch of a run: the action and the `outputId` of the path it took (`__YES__`, `__FOUND__`, a menu
/// choice's id…).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PathTaken {
    pub action_id: String,
    pub output_id: String,
}

impl PathTaken {
    pub fn new(action_id: &str, output_id: &str) -> Self {
        PathTaken { action_id: action_id.to_string(), output_id: output_id.to_string() }
    }
}

/// The kinds of end a run can have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum RunEnd {
    /// Transfer to ACD (a queue).
    #[default]
    TransferToAcd,
    /// Disconnect.
    Disconnect,
    /// End Workflow (workflows).
    EndWorkflow,
    /// The end of a common module (End Task in its `CommonModuleTask`).
    EndModule,
    /// A runtime error sent the run to the flow's error handling.
    ErrorHandling,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_it_writes_and_old_lists() {
        let s = Scenario {
            name: "Closed on a holiday".into(),
            at: Some("2026-12-25T15:00:00Z".into()),
            inputs: vec!["2".into()],
            expect: Some(Expected {
                end: RunEnd::Disconnect,
                action_id: "a".into(),
                paths: vec![PathTaken::new("b", "__HOLIDAY__")],
            }),
            ..Scenario::default()
        };
        let v = serde_json::to_value(&s).unwrap();
        assert_eq!(v["expect"]["end"], "disconnect");
        assert_eq!(v["expect"]["paths"][0]["outputId"], "__HOLIDAY__");
        assert_eq!(v["contactName"], Value::Null);
        assert!(v.get("start").is_none());
        assert_eq!(serde_json::from_value::<Scenario>(v).unwrap(), s);
        // A list from before the interpreter fields (and with fields this version does not know) still reads.
        let old: Vec<Scenario> =
            serde_json::from_str(r#"[{"name":"n","flowId":"f","nodeId":"x","timeoutMs":1000,"later":1}]"#).unwrap();
        assert_eq!(old[0].timeout_ms, Some(1000));
        assert_eq!(old[0].expect, None);
    }
}
