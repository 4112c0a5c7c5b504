//! The simulation contract of the tutorial, exactly:
//! request `{flowId, context: {from, to, channel, conversationId, mediaType}, nodeId, timeout}` and
//! response `{status, trace: [{nodeId, nodeName, nodeType, result: {contact: {id, name, email, attributes}, error}}]}`.
//!
//! Both backends produce a [`SimulationResponse`]. The in-browser engine adds optional fields to a step
//! (`details`, `calls`, `outcome`, `variables`, `externalContact`); they serialize under their own names and a server
//! implementing only the tutorial contract simply never sends them.
//!
//! Parsing uses the serde derives, read leniently ([`lenient::read`]) so that nothing a server sends can fail
//! the whole response: missing fields and nulls become defaults, text fields take any JSON value as text, a
//! `result` that is not an object is kept as received, and anything else of the wrong type is left out with a
//! warning the app shows.

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

use crate::base::lenient;
use crate::base::text::{json_kind, looks_like_html, text_of};
use crate::wire::genesys::ExternalContact;

pub const DEFAULT_TIMEOUT_MS: u32 = 5_000;
pub const MIN_TIMEOUT_MS: u32 = 1_000;
pub const MAX_TIMEOUT_MS: u32 = 30_000;

/// `nodeType` of the lookup action the tutorial is about (a real Architect `__type`).
pub const GET_EXTERNAL_CONTACT: &str = "GetExternalContactAction";
/// `__type` of Architect's Search External Contacts action.
pub const SEARCH_EXTERNAL_CONTACTS: &str = "SearchExternalContactsAction";

/// `nodeType` prefix of the in-browser engine's own steps (reading the flow, the lookup key …).
pub const SYNTHETIC_PREFIX: &str = "flowsim.";

/// The tutorial's request. flowsim adds optional fields for the whole-flow simulation (`context.time`,
/// `context.language`, `context.inputs`, `flowInputs`, `overrides`, `runDataActions`); a request that does not use
/// them serializes exactly as the tutorial's, and an empty `nodeId` means the flow's start.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SimulationRequest {
    pub flow_id: String,
    pub context: SimulationContext,
    pub node_id: String,
    pub timeout: u32,
    /// Flow input variables by name (`Flow.x`), as text.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub flow_inputs: Vec<NamedValue>,
    /// Answers for what the org cannot tell (a data action's path and outputs), per action.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub overrides: Vec<ActionOverride>,
    /// Node ids of the data actions the user opted in to run for real (through their `/test` endpoint).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub run_data_actions: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SimulationContext {
    pub from: String,
    pub to: String,
    pub channel: String,
    pub conversation_id: String,
    pub media_type: String,
    /// The simulated instant, ISO 8601 in UTC (`2026-12-24T18:05:00Z`); empty: now.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub time: String,
    /// The interaction's language (`en-us`); empty: the flow's default.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub language: String,
    /// What the caller answers, in order (`2`, `1#`, `yes`, an intent or slot value).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inputs: Vec<String>,
}

/// A name and a value as text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NamedValue {
    pub name: String,
    pub value: String,
}

/// The user's answer for one action the simulator cannot run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ActionOverride {
    /// The action's id, or its name.
    pub action_id: String,
    /// The path to take (`Failure`, `__FAILURE__`); absent: the stated default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub outputs: Vec<NamedValue>,
}

/// Where the interaction ended, as the kinds a test suite expects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OutcomeKind {
    Transfer,
    Disconnect,
    End,
    Error,
}

/// Extension: the outcome of a whole-flow run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RunOutcome {
    pub kind: OutcomeKind,
    /// The queue, number, user, group or flow transferred to (a name, else an id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    /// The outcome in words, e.g. `transferred to queue 'Gold'`.
    pub description: String,
}

/// Extension: actions and paths of the flow visited by the run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CoverageCounts {
    pub actions_visited: usize,
    pub actions_total: usize,
    pub paths_visited: usize,
    pub paths_total: usize,
}

/// The simulation's answer. `warnings` lists what the parser could not read; it is not part of the wire format.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SimulationResponse {
    #[serde(deserialize_with = "text")]
    pub status: String,
    pub trace: Vec<TraceStep>,
    /// Extension: where the interaction ended (a whole-flow run).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<RunOutcome>,
    /// Extension: coverage of the flow by this run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coverage: Option<CoverageCounts>,
    #[serde(skip)]
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct TraceStep {
    #[serde(deserialize_with = "text")]
    pub node_id: String,
    #[serde(deserialize_with = "text")]
    pub node_name: String,
    #[serde(deserialize_with = "text")]
    pub node_type: String,
    #[serde(deserialize_with = "step_result")]
    pub result: StepResult,
    /// Engine extension: label/value facts about the step (flow version, input expression, E.164 key …).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub details: Vec<Detail>,
    /// Engine extension: the API calls this step made.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub calls: Vec<ApiCall>,
    /// Engine extension: the output path the action takes and where it leads.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<PathOutcome>,
    /// Engine extension: the variables the step changed, in order, each with its value before and after.
    #[serde(default, skip_serializing_if = "Vec::is_empty", deserialize_with = "de_changes")]
    pub variables: Vec<VariableChange>,
}

/// A variable a step changed; the values are Architect literals (`"gold"`, `5`, `NOT_SET`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct VariableChange {
    pub name: String,
    pub before: String,
    pub after: String,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct StepResult {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact: Option<Contact>,
    /// A string, or an error object's `message (code)`; empty is none.
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "step_error")]
    pub error: Option<String>,
    /// Engine extension: every contact a search matched, when more than one did.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub matches: Vec<Contact>,
    /// A `result` that was present but not an object, kept so the user can see it.
    #[serde(skip)]
    pub unreadable: Option<Value>,
}

/// The tutorial's contact. When the engine found a real ExternalContact it is attached whole.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Contact {
    #[serde(deserialize_with = "opt_text")]
    pub id: Option<String>,
    #[serde(deserialize_with = "opt_text")]
    pub name: Option<String>,
    #[serde(deserialize_with = "opt_text")]
    pub email: Option<String>,
    /// Attribute name and value as display text, sorted by name (JSON objects have no reliable order).
    #[serde(serialize_with = "ser_attributes", deserialize_with = "de_attributes")]
    pub attributes: Vec<(String, String)>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_contact: Option<Box<ExternalContact>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Detail {
    pub label: String,
    pub value: String,
}

/// One HTTP call made by the engine, as shown in the trace.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiCall {
    pub method: String,
    /// Path and query on the API (never the proxy URL, never the token).
    pub path: String,
    /// HTTP status, or 0 when no response arrived.
    pub status: u16,
    pub duration_ms: f64,
    pub correlation_id: Option<String>,
}

/// The output path an action takes, e.g. "Found" → next action "Transfer to Gold".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PathOutcome {
    pub path: String,
    pub next_action_id: Option<String>,
    pub next_action_name: Option<String>,
}

/// Any JSON value as display text (`null` is empty): servers send numbers where the contract says strings.
fn text<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Value::deserialize(d).map(|v| text_of(&v))
}

fn opt_text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Value::deserialize(d).map(|v| (!v.is_null()).then(|| text_of(&v)))
}

/// `result`: an object is read, `null` is empty, anything else is kept as received (see `unreadable`).
fn step_result<'de, D: Deserializer<'de>>(d: D) -> Result<StepResult, D::Error> {
    match Value::deserialize(d)? {
        Value::Null => Ok(StepResult::default()),
        // Through `&Value`, the one deserializer every model is read with (each one costs wasm bytes).
        v @ Value::Object(_) => StepResult::deserialize(&v).map_err(serde::de::Error::custom),
        other => Ok(StepResult { unreadable: Some(other), ..Default::default() }),
    }
}

fn step_error<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Null => None,
        Value::String(s) if s.is_empty() => None,
        Value::Object(e) => Some(error_text(&e)),
        v => Some(text_of(&v)),
    })
}

/// `attributes`: an object whose values become display text, sorted by name.
fn de_attributes<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<(String, String)>, D::Error> {
    let Some(a) = Option::<Map<String, Value>>::deserialize(d)? else {
        return Ok(Vec::new());
    };
    let mut attrs: Vec<(String, String)> = a.iter().map(|(k, v)| (k.clone(), text_of(v))).collect();
    sort_attributes(&mut attrs);
    Ok(attrs)
}

fn ser_attributes<S: serde::Serializer>(attrs: &[(String, String)], s: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let mut m = s.serialize_map(Some(attrs.len()))?;
    for (k, v) in attrs {
        m.serialize_entry(k, v)?;
    }
    m.end()
}

/// `variables`: an array of `{name, before, after}`, read from the JSON value (a derived reader would cost its own
/// code in the wasm bundle); a field of another type is its text, an entry that is not an object is left out.
fn de_changes<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<VariableChange>, D::Error> {
    let v = Value::deserialize(d)?;
    let field = |c: &Value, k: &str| c.get(k).map(text_of).unwrap_or_default();
    Ok(v.as_array()
        .into_iter()
        .flatten()
        .filter(|c| c.is_object())
        .map(|c| VariableChange { name: field(c, "name"), before: field(c, "before"), after: field(c, "after") })
        .collect())
}

/// Why a body could not be read as a simulation response at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseError {
    /// The body is not JSON; `looks_like_html` when it starts like an HTML page (a proxy's or gateway's error page).
    NotJson { looks_like_html: bool, detail: String },
    /// JSON, but not an object (e.g. an array or a string).
    NotAnObject { found: &'static str },
}

/// What the user should take away from a response: found, not found, or an error in the trace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Found {
        name: String,
    },
    /// A search matched several contacts.
    MultipleMatches {
        count: usize,
    },
    NotFound,
    StepError {
        message: String,
    },
    /// No lookup step in the trace.
    NoLookup,
}

impl SimulationResponse {
    /// Parses a response body. Fails only when the body is not a JSON object.
    pub fn parse(body: &str) -> Result<Self, ParseError> {
        let value: Value = serde_json::from_str(body)
            .map_err(|e| ParseError::NotJson { looks_like_html: looks_like_html(body), detail: e.to_string() })?;
        Self::from_value(&value)
    }

    pub fn from_value(value: &Value) -> Result<Self, ParseError> {
        let obj = value.as_object().ok_or(ParseError::NotAnObject { found: json_kind(value) })?;
        let read = lenient::read::<SimulationResponse>(value).unwrap_or_else(|e| lenient::Lenient {
            value: SimulationResponse::default(),
            dropped: vec![lenient::Dropped { path: "The response".to_string(), why: e.to_string() }],
        });
        let mut response = read.value;
        let mut warnings = Vec::new();
        for key in ["status", "trace"] {
            if obj.get(key).is_none_or(Value::is_null) {
                warnings.push(format!("The response has no \"{key}\"."));
            }
        }
        // A `result` that is not an object was kept as received (`unreadable`); say so.
        let unreadable =
            obj.get("trace").and_then(Value::as_array).into_iter().flatten().enumerate().filter_map(|(i, step)| {
                match step.get("result") {
                    Some(r @ (Value::Bool(_) | Value::Number(_) | Value::String(_) | Value::Array(_))) => Some(
                        format!("trace[{i}].result is {} instead of an object; it is shown as received.", json_kind(r)),
                    ),
                    _ => None,
                }
            });
        warnings.extend(unreadable);
        warnings.extend(read.dropped.iter().map(|d| d.to_string()));
        response.warnings = warnings;
        Ok(response)
    }

    /// The first step that looks contacts up, if any.
    pub fn lookup_step(&self) -> Option<&TraceStep> {
        self.trace.iter().find(|s| s.is_lookup())
    }

    pub fn verdict(&self) -> Verdict {
        let Some(step) = self.lookup_step() else {
            return Verdict::NoLookup;
        };
        if let Some(err) = &step.result.error {
            return Verdict::StepError { message: err.clone() };
        }
        match (&step.result.contact, step.result.matches.len()) {
            (_, n) if n > 1 => Verdict::MultipleMatches { count: n },
            (Some(c), _) => Verdict::Found { name: c.display_name() },
            (None, _) => Verdict::NotFound,
        }
    }
}

impl TraceStep {
    /// Whether the step is one of the engine's own steps (`flowsim.ReadFlow` …) rather than a flow action.
    pub fn is_synthetic(&self) -> bool {
        self.node_type.starts_with(SYNTHETIC_PREFIX)
    }

    /// The value of the first detail with this label.
    pub fn detail(&self, label: &str) -> Option<&str> {
        self.details.iter().find(|d| d.label == label).map(|d| d.value.as_str())
    }

    /// Whether this step is an external contact lookup (rendered as a contact card).
    pub fn is_lookup(&self) -> bool {
        self.node_type == GET_EXTERNAL_CONTACT || self.node_type == SEARCH_EXTERNAL_CONTACTS
    }
}

impl Contact {
    /// The tutorial's contact built from a real ExternalContact: `name` = full name, `email` = the first of
    /// work, personal and other email, `attributes` = custom fields as text plus `organization`; the
    /// ExternalContact itself is attached whole.
    pub fn from_external_contact(c: &ExternalContact) -> Contact {
        let name = c.full_name();
        let email = [&c.work_email, &c.personal_email, &c.other_email]
            .into_iter()
            .filter_map(|e| e.as_deref())
            .find(|e| !e.trim().is_empty())
            .map(str::to_string);
        let mut attributes: Vec<(String, String)> =
            c.custom_fields.iter().flatten().map(|(k, v)| (k.clone(), text_of(v))).collect();
        if let Some(org) = c.external_organization.as_ref().and_then(|o| o.name.clone()).filter(|n| !n.is_empty()) {
            if !attributes.iter().any(|(k, _)| k == "organization") {
                attributes.push(("organization".to_string(), org));
            }
        }
        sort_attributes(&mut attributes);
        Contact {
            id: c.id.clone(),
            name: (!name.is_empty()).then_some(name),
            email,
            attributes,
            external_contact: Some(Box::new(c.clone())),
        }
    }

    /// The best name to show: `name`, else the id, else "(unnamed contact)".
    pub fn display_name(&self) -> String {
        self.name
            .clone()
            .filter(|n| !n.trim().is_empty())
            .or_else(|| self.id.clone())
            .unwrap_or_else(|| "(unnamed contact)".to_string())
    }
}

/// Sorts attributes by name (then value), stably: an insertion sort, linear on the already sorted lists JSON
/// objects give (their keys come sorted), and without the general sort's code in the wasm bundle.
fn sort_attributes(attrs: &mut [(String, String)]) {
    for i in 1..attrs.len() {
        let mut j = i;
        while j > 0 && attrs[j - 1] > attrs[j] {
            attrs.swap(j - 1, j);
            j -= 1;
        }
    }
}

/// An error object in a trace step: its `message` (with `code` when present), else the JSON.
fn error_text(e: &Map<String, Value>) -> String {
    let msg = e.get("message").filter(|v| !v.is_null()).map(text_of);
    let code = e.get("code").filter(|v| !v.is_null()).map(text_of);
    match (msg, code) {
        (Some(m), Some(c)) => format!("{m} ({c})"),
        (Some(m), None) => m,
        (None, Some(c)) => c,
        (None, None) => Value::Object(e.clone()).to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn found_body() -> String {
        json!({
            "status": "COMPLETED",
            "trace": [
                {"nodeId": "n1", "nodeName": "Start", "nodeType": "StartAction", "result": null},
                {"nodeId": "n2", "nodeName": "Lookup", "nodeType": "GetExternalContactAction",
                 "result": {"contact": {"id": "c1", "name": "Ada Lovelace", "email": "ada@example.com",
                                        "attributes": {"tier": "gold", "score": 7, "vip": true}}, "error": null}}
            ]
        })
        .to_string()
    }

    #[test]
    fn parses_the_tutorial_response() {
        let r = SimulationResponse::parse(&found_body()).unwrap();
        assert_eq!(r.status, "COMPLETED");
        assert_eq!(r.trace.len(), 2);
        assert!(r.warnings.is_empty(), "{:?}", r.warnings);
        let c = r.trace[1].result.contact.as_ref().unwrap();
        assert_eq!(c.email.as_deref(), Some("ada@example.com"));
        assert_eq!(
            c.attributes,
            vec![("score".into(), "7".into()), ("tier".into(), "gold".into()), ("vip".into(), "true".into())]
        );
        assert_eq!(r.verdict(), Verdict::Found { name: "Ada Lovelace".into() });
    }

    #[test]
    fn request_serializes_with_the_tutorial_names() {
        let req = SimulationRequest {
            flow_id: "f".into(),
            context: SimulationContext {
                from: "+15551234567".into(),
                to: "+15550000000".into(),
                channel: "voice".into(),
                conversation_id: "c".into(),
                media_type: "voice".into(),
                ..Default::default()
            },
            node_id: "n".into(),
            timeout: 5000,
            ..Default::default()
        };
        assert_eq!(
            serde_json::to_value(&req).unwrap(),
            json!({"flowId": "f", "context": {"from": "+15551234567", "to": "+15550000000", "channel": "voice",
                   "conversationId": "c", "mediaType": "voice"}, "nodeId": "n", "timeout": 5000})
        );
    }

    #[test]
    fn tolerates_wrong_types_and_missing_fields() {
        let body = json!({
            "status": 200,
            "extra": {"x": 1},
            "trace": [
                42,
                {"nodeId": 7, "nodeName": null, "nodeType": "SomethingNew", "result": "timeout", "more": true},
                {"nodeType": "GetExternalContactAction", "result": {"contact": "nope", "error": {"message": "Boom", "code": "x.y"}}}
            ]
        });
        let r = SimulationResponse::from_value(&body).unwrap();
        assert_eq!(r.status, "200");
        assert_eq!(r.trace.len(), 2);
        assert_eq!(r.trace[0].node_id, "7");
        assert_eq!(r.trace[0].result.unreadable, Some(json!("timeout")));
        assert_eq!(r.trace[1].result.error.as_deref(), Some("Boom (x.y)"));
        assert_eq!(r.warnings.len(), 3, "{:?}", r.warnings);
        assert_eq!(r.verdict(), Verdict::StepError { message: "Boom (x.y)".into() });
    }

    #[test]
    fn a_wrong_type_in_a_contact_field_shows_the_rest_with_a_warning() {
        let body = json!({"status": "COMPLETED", "trace": [{"nodeId": "n", "nodeName": "L",
            "nodeType": "GetExternalContactAction", "result": {"contact": {"id": "c1", "name": "Ada",
            "attributes": {"tier": "gold"}, "externalContact": {"id": "c1", "firstName": "Ada",
            "lastName": ["Lovelace"], "workEmail": "ada@example.com"}}}}]});
        let r = SimulationResponse::from_value(&body).unwrap();
        let c = r.trace[0].result.contact.as_ref().unwrap();
        assert_eq!(c.attributes, vec![("tier".to_string(), "gold".to_string())]);
        let ec = c.external_contact.as_ref().unwrap();
        assert_eq!((ec.first_name.as_deref(), ec.last_name.as_deref()), (Some("Ada"), None));
        assert_eq!(ec.work_email.as_deref(), Some("ada@example.com"));
        assert_eq!(r.warnings.len(), 1, "{:?}", r.warnings);
        assert!(r.warnings[0].starts_with("trace[0].result.contact.externalContact.lastName"), "{}", r.warnings[0]);
        assert_eq!(r.verdict(), Verdict::Found { name: "Ada".into() });
    }

    #[test]
    fn not_found_when_lookup_has_no_contact() {
        let body = json!({"status": "COMPLETED", "trace": [{"nodeId": "n", "nodeName": "L",
            "nodeType": "GetExternalContactAction", "result": {"contact": null, "error": null}}]});
        assert_eq!(SimulationResponse::from_value(&body).unwrap().verdict(), Verdict::NotFound);
    }

    #[test]
    fn html_and_non_objects_are_errors() {
        match SimulationResponse::parse("<!DOCTYPE html><html><body>502 Bad Gateway</body></html>") {
            Err(ParseError::NotJson { looks_like_html: true, .. }) => {}
            other => panic!("{other:?}"),
        }
        match SimulationResponse::parse("{\"status\": ") {
            Err(ParseError::NotJson { looks_like_html: false, .. }) => {}
            other => panic!("{other:?}"),
        }
        assert_eq!(SimulationResponse::parse("[1,2]"), Err(ParseError::NotAnObject { found: "an array" }));
    }

    #[test]
    fn attributes_sort_like_sort() {
        let mut a: Vec<(String, String)> = [("b", "2"), ("a", "9"), ("c", "1"), ("a", "1"), ("B", "x"), ("", "")]
            .map(|(k, v)| (k.into(), v.into()))
            .into();
        let mut b = a.clone();
        sort_attributes(&mut a);
        b.sort();
        assert_eq!(a, b);
    }

    #[test]
    fn engine_extensions_round_trip() {
        let mut r = SimulationResponse::parse(&found_body()).unwrap();
        r.trace[1].calls.push(ApiCall {
            method: "GET".into(),
            path: "/api/v2/x".into(),
            status: 200,
            duration_ms: 3.5,
            correlation_id: Some("abc".into()),
        });
        r.trace[1].outcome =
            Some(PathOutcome { path: "Found".into(), next_action_id: Some("a".into()), next_action_name: None });
        // A value may hold the arrow the trace shows between before and after: the structure keeps them apart.
        r.trace[1].variables.push(VariableChange {
            name: "Flow.route".into(),
            before: "NOT_SET".into(),
            after: "\"sales → support\"".into(),
        });
        let text = serde_json::to_string(&r).unwrap();
        assert!(
            text.contains(r#""variables":[{"name":"Flow.route","before":"NOT_SET","after":"\"sales → support\""}]"#)
        );
        let again = SimulationResponse::parse(&text).unwrap();
        assert_eq!(again, r);
        assert_eq!(again.trace[1].variables[0].after, "\"sales → support\"");
    }

    #[test]
    fn variable_changes_are_read_leniently() {
        let body = json!({"status": "COMPLETED", "trace": [{"nodeId": "n", "variables": [
            {"name": "Flow.n", "before": 1, "after": null}, 5, {"name": "Flow.s", "after": "\"a → b\""}]}]});
        let r = SimulationResponse::from_value(&body).unwrap();
        let change = |name: &str, before: &str, after: &str| VariableChange {
            name: name.into(),
            before: before.into(),
            after: after.into(),
        };
        assert_eq!(r.trace[0].variables, [change("Flow.n", "1", ""), change("Flow.s", "", "\"a → b\"")]);
        let r = SimulationResponse::from_value(&json!({"status": "x", "trace": [{"variables": "no"}]})).unwrap();
        assert!(r.trace[0].variables.is_empty());
    }

    #[test]
    fn a_step_without_variables_serializes_as_the_tutorial_step() {
        let r = SimulationResponse::parse(&found_body()).unwrap();
        let v = serde_json::to_value(&r.trace[0]).unwrap();
        assert_eq!(v, json!({"nodeId": "n1", "nodeName": "Start", "nodeType": "StartAction", "result": {}}));
    }
}
