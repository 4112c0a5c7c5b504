//! The tutorial's `POST /api/v2/architect/simulations`, computed over the org's real flow configurations:
//! request parsing and validation, and [`simulate`], the one function that computes the answer.

use std::collections::HashSet;

use flowsim_core::contract::{
    text_of, Contact, Detail, PathOutcome, SimulationContext, SimulationRequest, SimulationResponse, StepResult,
    TraceStep, DEFAULT_TIMEOUT_MS, GET_EXTERNAL_CONTACT, MAX_TIMEOUT_MS, MIN_TIMEOUT_MS, SEARCH_EXTERNAL_CONTACTS,
};
use flowsim_core::genesys::ExternalContact;
use flowsim_core::phone::normalize_e164;
use serde_json::{Map, Value};

use crate::demo::{DemoFlow, DemoOrg, OUT_EXACT_MATCH, OUT_FOUND, OUT_MULTIPLE_MATCHES, OUT_NOT_FOUND};
use crate::error::FakeError;

/// Container `__type`s: not executable actions.
const CONTAINERS: [&str; 6] = ["Task", "State", "Menu", "LoopTask", "BotState", "CommonModuleTask"];

/// Reads the request body: 400 for malformed JSON, a missing or mistyped field, or a timeout out of range.
/// `timeout` defaults to 5,000 ms and `context.to`, `channel`, `conversationId`, `mediaType` to "".
pub fn parse_request(body: &[u8]) -> Result<SimulationRequest, FakeError> {
    let value: Value = serde_json::from_slice(body)
        .map_err(|e| FakeError::bad_request(format!("The request body is not valid JSON: {e}.")))?;
    let obj = value.as_object().ok_or_else(|| FakeError::bad_request("The request body must be a JSON object."))?;
    let flow_id = required_string(obj, "flowId", "flowId")?;
    let node_id = required_string(obj, "nodeId", "nodeId")?;
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
        },
    })
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

/// The flow a request is about: 404 `not.found` when the org has none with that id.
pub fn find_flow<'a>(org: &'a DemoOrg, flow_id: &str) -> Result<&'a DemoFlow, FakeError> {
    org.flow(flow_id).ok_or_else(|| FakeError::not_found(format!("Flow {flow_id} not found")))
}

/// Where a node id points in a configuration.
enum Node<'a> {
    Action { container: &'a Value, action: &'a Value },
    Container(&'a Value),
    MenuChoice,
}

fn sequences(config: &Value) -> impl Iterator<Item = &Value> {
    config.get("flowSequenceItemList").and_then(Value::as_array).into_iter().flatten()
}

/// All actions of a container: its `actionList` and the actions written inline in its menu choices.
fn actions(container: &Value) -> impl Iterator<Item = &Value> {
    let listed = container.get("actionList").and_then(Value::as_array).into_iter().flatten();
    let inline =
        container.get("menuChoiceList").and_then(Value::as_array).into_iter().flatten().filter_map(|c| c.get("action"));
    listed.chain(inline)
}

fn id_of(v: &Value) -> &str {
    v.get("id").and_then(Value::as_str).unwrap_or_default()
}

fn str_field<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or_default()
}

fn locate<'a>(config: &'a Value, node_id: &str) -> Option<Node<'a>> {
    for seq in sequences(config) {
        if id_of(seq).eq_ignore_ascii_case(node_id) {
            return Some(Node::Container(seq));
        }
        for choice in seq.get("menuChoiceList").and_then(Value::as_array).into_iter().flatten() {
            if id_of(choice).eq_ignore_ascii_case(node_id) {
                return Some(Node::MenuChoice);
            }
        }
        if let Some(action) = actions(seq).find(|a| id_of(a).eq_ignore_ascii_case(node_id)) {
            return Some(Node::Action { container: seq, action });
        }
    }
    None
}

fn action_by_id<'a>(container: &'a Value, id: &str) -> Option<&'a Value> {
    actions(container).find(|a| id_of(a) == id)
}

/// The actions executed from the container's `startAction` up to and including `target`: follows
/// `nextAction`, enters a branch (`paths[].nextActionId`) when the target lies in it, and comes back to the
/// branching action's `nextAction` when a branch runs out, as Architect does.
fn path_to<'a>(container: &'a Value, target: &'a Value) -> Vec<&'a Value> {
    fn walk<'a>(
        c: &'a Value,
        start: Option<&'a str>,
        target: &str,
        seen: &mut HashSet<&'a str>,
        out: &mut Vec<&'a Value>,
    ) -> bool {
        let mut cur = start;
        while let Some(id) = cur {
            if !seen.insert(id) {
                return false;
            }
            let Some(a) = action_by_id(c, id) else { return false };
            out.push(a);
            if id == target {
                return true;
            }
            let before = out.len();
            for p in a.get("paths").and_then(Value::as_array).into_iter().flatten() {
                if let Some(next) = p.get("nextActionId").and_then(Value::as_str) {
                    if walk(c, Some(next), target, seen, out) {
                        return true;
                    }
                    out.truncate(before);
                }
            }
            cur = a.get("nextAction").and_then(Value::as_str);
        }
        false
    }
    let mut out = Vec::new();
    let start = container.get("startAction").and_then(Value::as_str);
    if walk(container, start, id_of(target), &mut HashSet::new(), &mut out) {
        out
    } else {
        vec![target]
    }
}

fn step(action: &Value) -> TraceStep {
    TraceStep {
        node_id: id_of(action).to_string(),
        node_name: str_field(action, "name").to_string(),
        node_type: str_field(action, "__type").to_string(),
        ..Default::default()
    }
}

fn detail(label: &str, value: impl Into<String>) -> Detail {
    Detail { label: label.to_string(), value: value.into() }
}

/// The tutorial's contact for an ExternalContact: `name` "First Last", `email` the work or personal address,
/// `attributes` the custom fields then phone and organisation facts, as text; the whole contact attached.
pub fn tutorial_contact(c: &ExternalContact) -> Contact {
    let mut attributes: Vec<(String, String)> =
        c.custom_fields.iter().flatten().map(|(k, v)| (k.clone(), text_of(v))).collect();
    for (key, phone) in [
        ("workPhone", &c.work_phone),
        ("cellPhone", &c.cell_phone),
        ("homePhone", &c.home_phone),
        ("otherPhone", &c.other_phone),
    ] {
        if let Some(p) = phone {
            if let Some(v) = p.e164.clone().or_else(|| p.display.clone()) {
                attributes.push((key.to_string(), v));
            }
        }
    }
    if let Some(org) = c.external_organization.as_ref().and_then(|o| o.name.clone()) {
        attributes.push(("organization".to_string(), org));
    }
    if let Some(url) = &c.external_system_url {
        attributes.push(("externalSystemUrl".to_string(), url.clone()));
    }
    let name = c.full_name();
    Contact {
        id: c.id.clone(),
        name: (!name.is_empty()).then_some(name),
        email: c.work_email.clone().or_else(|| c.personal_email.clone()),
        attributes,
        external_contact: Some(Box::new(c.clone())),
    }
}

/// The key a lookup uses for `context.from`: its E.164 form when it reads as a phone number, else the text
/// itself (an email address, for example).
pub fn lookup_key(from: &str) -> String {
    normalize_e164(from).map(|n| n.e164).unwrap_or_else(|_| from.trim().to_string())
}

/// Computes the simulation: finds the flow (404) and the node (400 unknown, 400 container), then walks the
/// configuration from the start of the node's container to the node, runs the lookup the action performs
/// (reverse whitepages lookup of `context.from`) and follows the output path it takes to the next action.
pub fn simulate(org: &DemoOrg, req: &SimulationRequest) -> Result<SimulationResponse, FakeError> {
    if !(MIN_TIMEOUT_MS..=MAX_TIMEOUT_MS).contains(&req.timeout) {
        return Err(FakeError::bad_request(format!(
            "The timeout must be between {MIN_TIMEOUT_MS} and {MAX_TIMEOUT_MS} milliseconds; got {}.",
            req.timeout
        )));
    }
    let flow = find_flow(org, &req.flow_id)?;
    let flow_id = flow.id();
    let (container, action) = match locate(&flow.configuration, &req.node_id) {
        None => return Err(FakeError::bad_request(format!("Node {} does not exist in flow {flow_id}", req.node_id))),
        Some(Node::Container(c)) => {
            let kind = str_field(c, "__type");
            let kind = if CONTAINERS.contains(&kind) { kind } else { "container" };
            return Err(FakeError::bad_request(format!(
                "Node {} is a {kind} (container), not an executable action; use the id of the action inside it",
                req.node_id
            )));
        }
        Some(Node::MenuChoice) => {
            return Err(FakeError::bad_request(format!(
                "Node {} is a menu choice, not an executable action; use the id of the action inside it",
                req.node_id
            )))
        }
        Some(Node::Action { container, action }) => (container, action),
    };

    let mut trace: Vec<TraceStep> = path_to(container, action).into_iter().map(step).collect();
    let kind = str_field(action, "__type");
    let lookup = kind == GET_EXTERNAL_CONTACT || kind == SEARCH_EXTERNAL_CONTACTS;
    if !lookup {
        if let Some(last) = trace.last_mut() {
            last.details.push(detail("Note", format!("A {kind} does not look up external contacts.")));
        }
        return Ok(SimulationResponse { status: "COMPLETED".into(), trace, warnings: Vec::new() });
    }

    let input_key = if kind == GET_EXTERNAL_CONTACT { "externalId" } else { "searchTerm" };
    let input_text = action.get(input_key).map(|e| str_field(e, "text")).unwrap_or_default();
    let key = lookup_key(&req.context.from);
    let found = org.reverse_whitepages(&key);
    let output_id = match (kind == GET_EXTERNAL_CONTACT, found.len()) {
        (_, 0) => OUT_NOT_FOUND,
        (true, _) => OUT_FOUND,
        (false, 1) => OUT_EXACT_MATCH,
        (false, _) => OUT_MULTIPLE_MATCHES,
    };
    let result = match found.as_slice() {
        [] => StepResult::default(),
        [one] => StepResult { contact: Some(tutorial_contact(one)), ..Default::default() },
        many if kind == GET_EXTERNAL_CONTACT => StepResult {
            contact: Some(tutorial_contact(many[0])),
            matches: many.iter().map(|c| tutorial_contact(c)).collect(),
            ..Default::default()
        },
        many => StepResult { matches: many.iter().map(|c| tutorial_contact(c)).collect(), ..Default::default() },
    };
    let taken = action
        .get("paths")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .find(|p| str_field(p, "outputId") == output_id);
    let label = taken.map(|p| str_field(p, "label").to_string()).filter(|l| !l.is_empty()).unwrap_or_else(|| {
        match output_id {
            OUT_FOUND => "Found",
            OUT_EXACT_MATCH => "Exact Match",
            OUT_MULTIPLE_MATCHES => "Multiple Matches",
            _ => "Not Found",
        }
        .to_string()
    });
    // A branch with no action continues with the action after the lookup.
    let next = taken
        .and_then(|p| p.get("nextActionId").and_then(Value::as_str))
        .or_else(|| action.get("nextAction").and_then(Value::as_str))
        .and_then(|id| action_by_id(container, id));

    if let Some(last) = trace.last_mut() {
        last.result = result;
        last.details = vec![
            detail("Flow", format!("{} ({}), version 3.0", flow.name(), flow_id)),
            detail("Input", format!("{input_key} = {input_text}")),
            detail("Lookup key", key.clone()),
            detail("Matches", found.len().to_string()),
        ];
        last.outcome = Some(PathOutcome {
            path: label,
            next_action_id: next.map(|n| id_of(n).to_string()),
            next_action_name: next.map(|n| str_field(n, "name").to_string()),
        });
    }
    if let Some(n) = next {
        trace.push(step(n));
    }
    Ok(SimulationResponse { status: "COMPLETED".into(), trace, warnings: Vec::new() })
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
    use flowsim_core::contract::Verdict;

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
            },
        }
    }

    #[test]
    fn ada_is_found_and_the_call_goes_to_the_gold_queue() {
        let org = DemoOrg::seed();
        let r = simulate(&org, &req(FLOW_CALLER_LOOKUP, F1_GET_CONTACT, ADA_PHONE_DISPLAY)).unwrap();
        let names: Vec<_> = r.trace.iter().map(|s| s.node_name.as_str()).collect();
        assert_eq!(names, ["Caller ID withheld?", "Get caller contact", "Transfer to Gold queue"]);
        assert_eq!(r.verdict(), Verdict::Found { name: "Ada Lovelace".into() });
        let c = r.trace[1].result.contact.as_ref().unwrap();
        assert_eq!(c.email.as_deref(), Some(ADA_EMAIL));
        assert!(c.attributes.contains(&("tier".into(), "gold".into())));
        assert_eq!(r.trace[1].outcome.as_ref().unwrap().path, "Found");
        let round = SimulationResponse::from_value(&response_json(&r)).unwrap();
        assert_eq!(round.verdict(), r.verdict());
    }

    #[test]
    fn not_found_multiple_and_errors() {
        let org = DemoOrg::seed();
        let r = simulate(&org, &req(FLOW_CALLER_LOOKUP, F1_GET_CONTACT, NOT_FOUND_PHONE_E164)).unwrap();
        assert_eq!(r.verdict(), Verdict::NotFound);
        assert_eq!(r.trace.last().unwrap().node_name, "Play unknown caller greeting");
        let v = response_json(&r);
        assert!(v["trace"][1]["result"]["contact"].is_null() && v["trace"][1]["result"].get("contact").is_some());

        let r = simulate(&org, &req(FLOW_MESSAGING_SEARCH, F2_SEARCH, SHARED_HOME_PHONE_E164)).unwrap();
        assert_eq!(r.verdict(), Verdict::MultipleMatches { count: 2 });
        assert_eq!(r.trace[0].outcome.as_ref().unwrap().next_action_id.as_deref(), Some(F2_SEND_CONFIRM));

        let r = simulate(&org, &req(FLOW_MESSAGING_SEARCH, F2_SEARCH, GRACE_PHONE_DISPLAY)).unwrap();
        assert_eq!(r.verdict(), Verdict::Found { name: "Grace Hopper".into() });
        assert_eq!(r.trace[0].outcome.as_ref().unwrap().path, "Exact Match");

        let r = simulate(&org, &req(FLOW_AFTER_HOURS, F3_PLAY_AFTER_HOURS, ADA_PHONE_E164)).unwrap();
        assert_eq!(r.verdict(), Verdict::NoLookup);
        assert_eq!(r.trace.len(), 2);

        let e = simulate(&org, &req(FLOW_CALLER_LOOKUP, F1_TASK, ADA_PHONE_E164)).unwrap_err();
        assert!(e.message.contains("is a Task (container)"), "{e}");
        let e = simulate(&org, &req(FLOW_CALLER_LOOKUP, UNKNOWN_NODE, ADA_PHONE_E164)).unwrap_err();
        assert_eq!(e.message, format!("Node {UNKNOWN_NODE} does not exist in flow {FLOW_CALLER_LOOKUP}"));
        assert_eq!(simulate(&org, &req(UNKNOWN_FLOW, F1_TASK, "x")).unwrap_err().status.as_u16(), 404);
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
