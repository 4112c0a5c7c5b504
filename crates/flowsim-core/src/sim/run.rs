//! The driver of the interpreter: it steps [`Interpreter`] and answers what it needs — org reads through the
//! [`Api`] ([`crate::sim::org`]), the caller's input from a [`Caller`], opted-in data actions through
//! `POST /api/v2/integrations/actions/{id}/test`, other flows' configurations — until the outcome.
//!
//! With no `Api` (a flow from a file and no connection) the interpreter runs with `org: false`: org reads take
//! their Not Found path and the trace says so. The same driver serves the browser, the fake's remote endpoint (in
//! process) and the native tests; a run is deterministic for the same answers.

use std::collections::HashMap;
use std::sync::Arc;

use serde_json::{Map, Value};

use crate::base::encode::component as enc;
use crate::base::tz::TimeZones;
use crate::expr::{OrgAnswer, OrgQuery};
use crate::flow::Flow;
use crate::interp::{
    At, Coverage, DataActionResult, InputRequest, Interaction, Interpreter, Need, Options, Outcome, Step, TraceEvent,
};
use crate::net::api::Api;
use crate::net::error::{Call, UserError};
use crate::net::http::{HttpClient, Method};
use crate::sim::org;
use crate::wire::contract::ApiCall;

/// `POST …/{actionId}/test` runs a data action and answers with each step's result.
pub const INTEGRATION_ACTIONS_PATH: &str = "/api/v2/integrations/actions";

/// At most this many distinct other flows are read in one run (bot flows, modules not embedded, transfer
/// targets); more are answered "unreadable" so a chain of flows cannot make a run read without end.
pub const MAX_FLOW_READS: usize = 16;

/// The live side of a run: the caller's answers when the scripted inputs have run out and the run pauses, and the
/// user at a breakpoint.
#[allow(async_fn_in_trait)]
pub trait Caller {
    /// The caller's answer (`None`: silence).
    async fn answer(&self, request: &InputRequest) -> Option<String>;

    /// The run paused at a breakpoint ([`Options::breakpoints`]), before the action runs: go on or stop.
    async fn paused(&self, _snapshot: &Snapshot<'_>) -> Resume {
        Resume::Continue { breakpoints: None }
    }
}

/// What the user does at a breakpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resume {
    /// Run on to the next breakpoint or the outcome; `Some`: with these breakpoints from now on.
    Continue { breakpoints: Option<Vec<String>> },
    /// End the run here: it ends as cancelled.
    Stop,
}

/// The run as it is at a breakpoint, before the action `at` runs.
pub struct Snapshot<'a> {
    /// The flow that runs (the root flow: the one the diagram draws).
    pub flow: &'a Arc<Flow>,
    /// The action about to run (`at.action_id`; `at.flow` names a module or bot flow it may be in).
    pub at: &'a At,
    /// What happened so far.
    pub trace: &'a [TraceEvent],
    /// The root flow's variables now.
    pub variables: Vec<(String, crate::expr::Value)>,
    pub actions_executed: usize,
    /// The calls made so far for org reads and data actions, as in [`Report`].
    pub org_calls: &'a [(OrgQuery, Vec<ApiCall>)],
    pub data_action_calls: &'a [(String, Vec<ApiCall>)],
}

/// A caller who says nothing more: the interpreter takes the silence path.
pub struct Silent;

impl Caller for Silent {
    async fn answer(&self, _request: &InputRequest) -> Option<String> {
        None
    }
}

/// What a finished run gives: the trace, the outcome, coverage, and the API calls made for each org read.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub trace: Vec<TraceEvent>,
    /// Trace events left out once the trace reached its cap.
    pub trace_dropped: usize,
    pub outcome: Outcome,
    pub coverage: Coverage,
    pub actions_executed: usize,
    /// The calls made to answer each org read (the first time it was asked), for the trace.
    pub org_calls: Vec<(OrgQuery, Vec<ApiCall>)>,
    /// The calls made for data actions, by the action's node id.
    pub data_action_calls: Vec<(String, Vec<ApiCall>)>,
    /// The calls made to read other flows.
    pub flow_calls: Vec<ApiCall>,
    /// The simulated clock when the run ended.
    pub ended_ms: i64,
    /// The root flow's variables when the run ended.
    pub variables: Vec<(String, crate::expr::Value)>,
}

/// Runs `flow` to its outcome. `api` is `None` when there is no org to ask. A failure of the connection (see
/// [`org::answer`]) ends the run with its error; so does [`Resume::Stop`] at a breakpoint (as cancelled).
pub async fn run<C: HttpClient>(
    api: Option<&Api<'_, C>>,
    flow: Arc<Flow>,
    interaction: Interaction,
    mut options: Options,
    time_zones: Box<dyn TimeZones + Send + Sync>,
    caller: &impl Caller,
) -> Result<Report, UserError> {
    options.org = api.is_some();
    let mut interp = Interpreter::new(flow.clone(), interaction, options);
    interp.set_time_zones(time_zones);
    let mut org_calls: Vec<(OrgQuery, Vec<ApiCall>)> = Vec::new();
    let mut data_action_calls = Vec::new();
    let mut flow_calls = Vec::new();
    let mut flows_read: HashMap<String, bool> = HashMap::new();
    let outcome = loop {
        match interp.step() {
            Step::Done(outcome) => break outcome,
            Step::Need(Need::Org(query)) => {
                let answer = match api {
                    Some(api) => {
                        let a = org::answer(api, &query).await;
                        org_calls.push((query.clone(), api.take_calls()));
                        a?
                    }
                    None => OrgAnswer::NoOrg,
                };
                interp.provide_org(query, answer);
            }
            Step::Need(Need::Input(request)) => {
                let answer = caller.answer(&request).await;
                interp.provide_input(answer);
            }
            Step::Need(Need::DataAction { node_id, action_id, inputs }) => {
                let result = match api {
                    Some(api) => {
                        let r = run_data_action(api, &action_id, &inputs).await;
                        data_action_calls.push((node_id, api.take_calls()));
                        r
                    }
                    None => DataActionResult {
                        success: false,
                        outputs: Vec::new(),
                        error: Some("There is no org connection to run the data action.".into()),
                    },
                };
                interp.provide_data_action(result);
            }
            Step::Need(Need::Flow { flow_id, .. }) => {
                let read = match api {
                    Some(api) if flows_read.len() < MAX_FLOW_READS && !flows_read.contains_key(&flow_id) => {
                        let path = format!("/api/v2/flows/{}/latestconfiguration", enc(&flow_id));
                        let f = api.get_value(Call::FlowConfiguration, &path).await.ok().map(|v| Flow::from_json(&v));
                        flow_calls.extend(api.take_calls());
                        f
                    }
                    _ => None,
                };
                flows_read.insert(flow_id.clone(), read.is_some());
                interp.provide_flow(&flow_id, read);
            }
            Step::Need(Need::Breakpoint { at }) => {
                let snapshot = Snapshot {
                    flow: &flow,
                    at: &at,
                    trace: interp.trace(),
                    variables: interp.variables(),
                    actions_executed: interp.actions_executed(),
                    org_calls: &org_calls,
                    data_action_calls: &data_action_calls,
                };
                let resume = caller.paused(&snapshot).await;
                match resume {
                    Resume::Continue { breakpoints } => {
                        if let Some(b) = breakpoints {
                            interp.set_breakpoints(b);
                        }
                        interp.resume();
                    }
                    Resume::Stop => return Err(UserError::cancelled()),
                }
            }
        }
    };
    Ok(Report {
        trace: interp.trace().to_vec(),
        trace_dropped: interp.trace_dropped(),
        outcome,
        coverage: interp.coverage(),
        actions_executed: interp.actions_executed(),
        org_calls,
        data_action_calls,
        flow_calls,
        ended_ms: interp.now_ms(),
        variables: interp.variables(),
    })
}

/// Runs an opted-in data action through its `/test` endpoint: success and the final result's fields, or the
/// failure with its sentence.
async fn run_data_action<C: HttpClient>(
    api: &Api<'_, C>,
    action_id: &str,
    inputs: &[(String, String)],
) -> DataActionResult {
    let path = format!("{INTEGRATION_ACTIONS_PATH}/{}/test", enc(action_id));
    let body: Map<String, Value> = inputs.iter().map(|(k, v)| (k.clone(), Value::String(v.clone()))).collect();
    let sent = api.send(Call::Org, Method::Post, &path, Some(Value::Object(body).to_string())).await;
    let parsed =
        sent.and_then(|resp| crate::net::api::parse_value(&resp, &api.context(Call::Org, Method::Post, &path)));
    match parsed {
        Err(e) => DataActionResult { success: false, outputs: Vec::new(), error: Some(e.summary) },
        Ok(v) => {
            let success = v.get("success").and_then(Value::as_bool).unwrap_or(false);
            let outputs = match v.get("finalResult") {
                Some(Value::Object(o)) => o.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
                _ => Vec::new(),
            };
            let error = (!success).then(|| {
                v.pointer("/error/message")
                    .and_then(Value::as_str)
                    .unwrap_or("The data action test did not succeed.")
                    .to_string()
            });
            DataActionResult { success, outputs, error }
        }
    }
}
