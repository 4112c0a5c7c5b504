//! The tutorial's `POST /api/v2/architect/simulations`: request parsing, the endpoint's own validation
//! (400 / 404), and [`simulate`], which computes the answer with flowsim's engine
//! ([`flowsim_core::sim::engine::simulate`]) over the fake's own API, in process.

use std::sync::Arc;

use axum::http::StatusCode;
use flowsim_core::base::tz::NativeZones;
use flowsim_core::flow::model::NodeRef;
use flowsim_core::flow::Flow;
use flowsim_core::net::api::{Api, Connection};
use flowsim_core::net::error::{ErrorKind, UserError};
use flowsim_core::net::proxy::ProxySetting;
use flowsim_core::sim::engine::{self, FlowSource, Host};
use flowsim_core::sim::run::Silent;
use flowsim_core::wire::contract::{
    SimulationContext, SimulationRequest, SimulationResponse, DEFAULT_TIMEOUT_MS, MAX_TIMEOUT_MS, MIN_TIMEOUT_MS,
};
use serde_json::{Map, Value};

use crate::demo::{DemoFlow, DemoOrg};
use crate::error::FakeError;
use crate::inprocess::{InProcess, INTERNAL_BASE};
use crate::state::AppState;

/// Reads the request body: 400 for malformed JSON, a missing or mistyped field, or a timeout out of range.
/// `timeout` defaults to 5,000 ms and `context.to`, `channel`, `conversationId`, `mediaType` to "".
pub fn parse_request(body: &[u8]) -> Result<SimulationRequest, FakeError> {
    let value: Value = serde_json::from_slice(body)
        .map_err(|e| FakeError::bad_request(format!("The request body is not valid JSON: {e}.")))?;
    let obj = value.as_object().ok_or_else(|| FakeError::bad_request("The request body must be a JSON object."))?;
    let flow_id = required_string(obj, "flowId", "flowId")?;
    // flowsim's extension: an empty or absent nodeId starts at the flow's beginning.
    let node_id = optional_string(obj, "nodeId", "nodeId")?;
    let ctx = match obj.get("context") {
        Some(Value::Object(c)) => c,
        None | Some(Value::Null) => return Err(missing("context")),
        Some(_) => return Err(FakeError::bad_request("The field context must be an object.")),
    };
    let from = required_string(ctx, "from", "context.from")?;
    let timeout = match obj.get("timeout") {
        None | Some(Value::Null) => DEFAULT_TIMEOUT_MS,
        Some(v) => match v.as_u64() {
            Some(n) if (u64::from(MIN_TIMEOUT_MS)..=u64::from(MAX_TIMEOUT_MS)).contains(&n) => n as u32,
            _ => {
                return Err(FakeError::bad_request(format!(
                    "The timeout must be a whole number of milliseconds between {MIN_TIMEOUT_MS} and {MAX_TIMEOUT_MS}; got {v}."
                )))
            }
        },
    };
    Ok(SimulationRequest {
        flow_id,
        node_id,
        timeout,
        context: SimulationContext {
            from,
            to: optional_string(ctx, "to", "context.to")?,
            channel: optional_string(ctx, "channel", "context.channel")?,
            conversation_id: optional_string(ctx, "conversationId", "context.conversationId")?,
            media_type: optional_string(ctx, "mediaType", "context.mediaType")?,
            time: optional_string(ctx, "time", "context.time")?,
            language: optional_string(ctx, "language", "context.language")?,
            inputs: extension(ctx, "inputs", "context.inputs")?,
        },
        flow_inputs: extension(obj, "flowInputs", "flowInputs")?,
        overrides: extension(obj, "overrides", "overrides")?,
        run_data_actions: extension(obj, "runDataActions", "runDataActions")?,
    })
}

/// One of flowsim's optional extension fields, through its derived model; absent or null is empty.
fn extension<T: serde::de::DeserializeOwned + Default>(
    obj: &Map<String, Value>,
    key: &str,
    field: &str,
) -> Result<T, FakeError> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(T::default()),
        Some(v) => serde_json::from_value(v.clone())
            .map_err(|e| FakeError::bad_request(format!("The field {field} is not readable: {e}."))),
    }
}

fn missing(field: &str) -> FakeError {
    FakeError::bad_request(format!("Missing required field: {field}."))
}

fn required_string(obj: &Map<String, Value>, key: &str, field: &str) -> Result<String, FakeError> {
    match obj.get(key) {
        Some(Value::String(s)) if !s.trim().is_empty() => Ok(s.clone()),
        None | Some(Value::Null) | Some(Value::String(_)) => Err(missing(field)),
        Some(_) => Err(FakeError::bad_request(format!("The field {field} must be a string."))),
    }
}

fn optional_string(obj: &Map<String, Value>, key: &str, field: &str) -> Result<String, FakeError> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(String::new()),
        Some(Value::String(s)) => Ok(s.clone()),
        Some(_) => Err(FakeError::bad_request(format!("The field {field} must be a string."))),
    }
}

/// The endpoint's own checks before anything runs: the timeout range (400), the flow (404 `not.found`), and
/// the node, which must be an action of that flow (400 unknown node, 400 container).
pub fn validate<'a>(org: &'a DemoOrg, req: &SimulationRequest) -> Result<&'a DemoFlow, FakeError> {
    if !(MIN_TIMEOUT_MS..=MAX_TIMEOUT_MS).contains(&req.timeout) {
        return Err(FakeError::bad_request(format!(
            "The timeout must be between {MIN_TIMEOUT_MS} and {MAX_TIMEOUT_MS} milliseconds; got {}.",
            req.timeout
        )));
    }
    let flow = org.flow(&req.flow_id).ok_or_else(|| FakeError::not_found(format!("Flow {} not found", req.flow_id)))?;
    let node = req.node_id.trim();
    if node.is_empty() {
        return Ok(flow); // flowsim's extension: the run starts at the flow's beginning
    }
    // The node as the engine will resolve it (id, tracking id or unique name), so the check and the run agree.
    let model = Flow::from_json(&flow.configuration);
    match model.lookup(&engine::action_id_of(&model, node)) {
        Some(NodeRef::Action(_)) => Ok(flow),
        Some(NodeRef::Container(c)) => Err(FakeError::bad_request(format!(
            "Node {node} is a {} (container), not an executable action; use the id of the action inside it",
            model.containers[c].kind.as_str()
        ))),
        None => {
            match model.common_modules.iter().find(|m| m.flow.as_ref().is_some_and(|f| f.action_by_id(node).is_some()))
            {
                Some(m) => Err(FakeError::bad_request(format!(
                "Node {node} is an action of the common module '{}', not of flow {}; simulate the module's own flow",
                m.name,
                flow.id()
            ))),
                None => Err(FakeError::bad_request(format!("Node {node} does not exist in flow {}", flow.id()))),
            }
        }
    }
}

/// Computes the simulation: the endpoint's validation ([`validate`]), then flowsim's engine run over this
/// server's own Platform API endpoints, in process, with the caller's token. The engine's futures are not
/// `Send`, so it runs on a blocking thread that drives it with the runtime's handle.
pub async fn simulate(
    state: &Arc<AppState>,
    token: &str,
    req: &SimulationRequest,
) -> Result<SimulationResponse, FakeError> {
    validate(&state.org, req)?;
    let router = crate::router(state.clone());
    let handle = tokio::runtime::Handle::current();
    let conn =
        Connection { api_base: INTERNAL_BASE.to_string(), proxy: ProxySetting::direct(), token: token.to_string() };
    let req = req.clone();
    let run = tokio::task::spawn_blocking(move || {
        handle.block_on(async move {
            let client = InProcess::new(router);
            let mut api = Api::new(&client, &conn, req.timeout);
            api.timeout_setting_ms = Some(req.timeout);
            api.flow_id = Some(req.flow_id.clone());
            api.node_id = Some(req.node_id.clone());
            let host = Host {
                now_ms: now_ms(),
                // IANA rules (chrono-tz): schedule groups in any zone, DST included.
                time_zones: Box::new(NativeZones),
                caller: Silent,
                pause_for_input: false,
                breakpoints: Vec::new(),
            };
            engine::simulate(Some(&api), FlowSource::Org, &req, host).await.map(|s| s.response).map_err(engine_error)
        })
    })
    .await
    .map_err(|e| internal(format!("The simulation engine stopped: {e}")))?;
    run
}

/// The machine's clock, for a request without `context.time`.
fn now_ms() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis() as i64).unwrap_or(0)
}

fn internal(message: String) -> FakeError {
    FakeError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal.server.error", message)
}

/// An engine error as the endpoint's error: the inner call's status and code when there was one.
fn engine_error(e: UserError) -> FakeError {
    let status = e.status.and_then(|s| StatusCode::from_u16(s).ok()).unwrap_or(match e.kind {
        ErrorKind::Input | ErrorKind::BadRequest => StatusCode::BAD_REQUEST,
        ErrorKind::Unauthorized => StatusCode::UNAUTHORIZED,
        ErrorKind::Forbidden => StatusCode::FORBIDDEN,
        ErrorKind::NotFound => StatusCode::NOT_FOUND,
        ErrorKind::RateLimited => StatusCode::TOO_MANY_REQUESTS,
        ErrorKind::ServerTimeout | ErrorKind::ClientTimeout => StatusCode::GATEWAY_TIMEOUT,
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    });
    let code = match status.as_u16() {
        400 => "bad.request",
        401 => "bad.credentials",
        403 => "missing.any.permissions",
        404 => "not.found",
        429 => "too.many.requests",
        504 => "request.timeout",
        _ => "internal.server.error",
    };
    FakeError::new(status, code, e.summary)
}

/// The response as JSON, with the tutorial's `result: {contact, error}` keys present (as null) on every step.
pub fn response_json(resp: &SimulationResponse) -> Value {
    let mut v = serde_json::to_value(resp).unwrap_or(Value::Null);
    for step in v.get_mut("trace").and_then(Value::as_array_mut).into_iter().flatten() {
        if let Some(result) = step.get_mut("result").and_then(Value::as_object_mut) {
            result.entry("contact").or_insert(Value::Null);
            result.entry("error").or_insert(Value::Null);
        }
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::*;

    fn req(flow: &str, node: &str, from: &str) -> SimulationRequest {
        SimulationRequest {
            flow_id: flow.into(),
            node_id: node.into(),
            timeout: 5000,
            context: SimulationContext {
                from: from.into(),
                to: "+15550000000".into(),
                channel: "voice".into(),
                conversation_id: "c".into(),
                media_type: "voice".into(),
                ..Default::default()
            },
            ..Default::default()
        }
    }

    #[test]
    fn validation_in_front_of_the_engine() {
        let org = DemoOrg::seed();
        assert!(validate(&org, &req(FLOW_CALLER_LOOKUP, F1_GET_CONTACT, ADA_PHONE_E164)).is_ok());
        assert!(validate(&org, &req(FLOW_AFTER_HOURS, F3_PLAY_AFTER_HOURS, ADA_PHONE_E164)).is_ok());
        let e = validate(&org, &req(FLOW_CALLER_LOOKUP, F1_TASK, ADA_PHONE_E164)).unwrap_err();
        assert_eq!(
            e.message,
            format!(
                "Node {F1_TASK} is a Task (container), not an executable action; use the id of the action inside it"
            )
        );
        let e = validate(&org, &req(FLOW_CALLER_LOOKUP, UNKNOWN_NODE, ADA_PHONE_E164)).unwrap_err();
        assert_eq!(e.message, format!("Node {UNKNOWN_NODE} does not exist in flow {FLOW_CALLER_LOOKUP}"));
        assert_eq!(validate(&org, &req(UNKNOWN_FLOW, F1_TASK, "x")).unwrap_err().status.as_u16(), 404);
        let mut slow = req(FLOW_CALLER_LOOKUP, F1_GET_CONTACT, ADA_PHONE_E164);
        slow.timeout = 999;
        assert_eq!(validate(&org, &slow).unwrap_err().status.as_u16(), 400);
    }

    #[test]
    fn request_parsing() {
        assert!(parse_request(b"{").is_err());
        assert!(parse_request(b"[]").is_err());
        assert!(parse_request(br#"{"flowId":"f","nodeId":"n"}"#).unwrap_err().message.contains("context"));
        assert!(parse_request(br#"{"flowId":"f","nodeId":"n","context":{}}"#)
            .unwrap_err()
            .message
            .contains("context.from"));
        let ok = parse_request(br#"{"flowId":"f","nodeId":"n","context":{"from":"1"}}"#).unwrap();
        assert_eq!(ok.timeout, DEFAULT_TIMEOUT_MS);
        assert!(parse_request(br#"{"flowId":"f","nodeId":"n","context":{"from":"1"},"timeout":999}"#).is_err());
        assert!(parse_request(br#"{"flowId":"f","nodeId":"n","context":{"from":"1"},"timeout":1e300}"#).is_err());
        assert!(parse_request(br#"{"flowId":5,"nodeId":"n","context":{"from":"1"}}"#).is_err());
    }
}
