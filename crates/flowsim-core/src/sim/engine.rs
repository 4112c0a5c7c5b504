//! The in-browser simulation: the tutorial's request answered from the real Genesys Cloud Platform API.
//!
//! Genesys Cloud has no flow simulation endpoint, so the engine does what the action would do, step by step,
//! and records each step as a [`TraceStep`]:
//!
//! 1. `flowsim.ReadFlow`: `GET /api/v2/flows/{flowId}` (name, type, versions).
//! 2. `flowsim.ReadConfiguration`: `GET /api/v2/flows/{flowId}/latestconfiguration`, read by [`FlowConfig`];
//!    what cannot be read becomes details and warnings, never a failure.
//! 3. The node is located (action id, or tracking id). A container or an unknown id is a `BadRequest`; an
//!    action that does not look contacts up ends the run with a step saying so.
//! 4. `flowsim.LookupKey`: the action's input as configured (e.g. `Call.Ani`) and its value: the simulated
//!    caller (`context.from`) in E.164, or the literal configured in the action.
//! 5. The lookup, as the action would do it:
//!    - Get External Contact takes an External Contact ID: a GUID is fetched with
//!      `GET /api/v2/externalcontacts/contacts/{id}` (404 = Not Found); a phone number or email is first resolved
//!      to an id with `GET /api/v2/externalcontacts/reversewhitepageslookup` (step `flowsim.ResolveContactId`).
//!    - Search External Contacts: `reversewhitepageslookup?lookupVal=` for a phone number or email (an exact
//!      lookup, which is what the Exact Match path means); any other term falls back to the keyword search
//!      `GET /api/v2/externalcontacts/contacts?q=`. One contact = Exact Match, several = Multiple Matches,
//!      none = Not Found.
//! 6. The lookup step itself carries the real action's id, name and `__type`, the contact, and the output path
//!    with where it leads ([`FlowConfig::next_action_after_path`]); a last step names that next action.
//!
//! Each step's `calls` lists the HTTP calls it made (from [`Api::take_calls`]). Errors from the API propagate as
//! the [`UserError`] sentence, except a 404 on the contact by id, which is the Not Found path.

use serde_json::Value;

use crate::base::encode::component as enc;
use crate::base::lenient::{self, Dropped};
use crate::base::phone::normalize_e164;
use crate::base::text::text_of;
use crate::flow::config::{Action, Container, FlowConfig, Located, NextStep, Target};
use crate::net::api::Api;
use crate::net::error::{Call, ErrorKind, UserError};
use crate::net::http::HttpClient;
use crate::sim::remote::Simulated;
use crate::sim::validate::is_guid;
use crate::wire::contract::{
    Contact, Detail, PathOutcome, SimulationRequest, SimulationResponse, StepResult, TraceStep, GET_EXTERNAL_CONTACT,
};
use crate::wire::genesys::{ContactListing, ExternalContact, Flow, FlowVersion, ReverseWhitepagesLookupResult};

pub const STEP_READ_FLOW: &str = "flowsim.ReadFlow";
pub const STEP_READ_CONFIGURATION: &str = "flowsim.ReadConfiguration";
pub const STEP_LOOKUP_KEY: &str = "flowsim.LookupKey";
pub const STEP_RESOLVE_CONTACT_ID: &str = "flowsim.ResolveContactId";
/// Last step when the path leads out of the container (nothing follows).
pub const STEP_END_OF_CONTAINER: &str = "flowsim.EndOfContainer";
/// Last step when the path names an action id that is not in the configuration.
pub const STEP_MISSING_ACTION: &str = "flowsim.MissingAction";

/// Permission to read flows and their configuration.
pub const PERMISSION_FLOW_VIEW: &str = "architect:flow:view";
/// Permission to read external contacts (contact by id, search, reverse whitepages lookup).
pub const PERMISSION_CONTACT_VIEW: &str = "externalContacts:contact:view";

/// Output path names.
pub const PATH_FOUND: &str = "Found";
pub const PATH_NOT_FOUND: &str = "Not Found";
pub const PATH_EXACT_MATCH: &str = "Exact Match";
pub const PATH_MULTIPLE_MATCHES: &str = "Multiple Matches";

pub const REVERSE_WHITEPAGES_PATH: &str = "/api/v2/externalcontacts/reversewhitepageslookup";
pub const CONTACTS_PATH: &str = "/api/v2/externalcontacts/contacts";

/// `GET /api/v2/flows/{flowId}`, the engine's first request (also shown as the app's "Next request").
pub fn flow_path(flow_id: &str) -> String {
    format!("/api/v2/flows/{}", enc(flow_id))
}

/// Runs the simulation against the Platform API behind `api`. The caller builds the [`Api`] (connection,
/// timeout, and ideally `flow_id`/`node_id` for its error messages).
pub async fn simulate<C: HttpClient>(api: &Api<'_, C>, req: &SimulationRequest) -> Result<Simulated, UserError> {
    let mut run = Run { api, trace: Vec::new(), warnings: Vec::new() };
    run.simulate(req).await?;
    let response = SimulationResponse { status: "COMPLETED".to_string(), trace: run.trace, warnings: run.warnings };
    let raw = serde_json::to_string_pretty(&response).unwrap_or_default();
    Ok(Simulated { response, raw })
}

struct Run<'r, 'a, C: HttpClient> {
    api: &'r Api<'a, C>,
    trace: Vec<TraceStep>,
    warnings: Vec<String>,
}

fn detail(label: impl Into<String>, value: impl Into<String>) -> Detail {
    Detail { label: label.into(), value: value.into() }
}

/// What the lookup key turned out to be.
#[derive(Debug, Clone, PartialEq)]
enum Key {
    ContactId(String),
    Phone(String),
    Email(String),
    /// Anything else; `why` says why it is not a phone number.
    Text {
        text: String,
        why: String,
    },
}

impl<C: HttpClient> Run<'_, '_, C> {
    /// Warnings for the parts of an answer that could not be read (the rest is used).
    fn note_dropped(&mut self, what: &str, dropped: &[Dropped]) {
        self.warnings.extend(dropped.iter().map(|d| format!("{what}: {d}")));
    }

    fn push(&mut self, mut step: TraceStep) {
        step.calls = self.api.take_calls();
        self.trace.push(step);
    }

    async fn simulate(&mut self, req: &SimulationRequest) -> Result<(), UserError> {
        let flow_id = req.flow_id.trim();
        if flow_id.is_empty() {
            return Err(UserError::input("Flow ID is required."));
        }
        let flow = self.read_flow(flow_id).await?;
        let flow_name = flow.name.clone().filter(|n| !n.trim().is_empty()).unwrap_or_else(|| flow_id.to_string());
        let config = self.read_configuration(flow_id).await?;
        let action = locate_action(&config, req.node_id.trim(), &flow_name)?;
        if !action.is_external_contact_lookup() {
            self.not_a_lookup(&config, action);
            return Ok(());
        }
        let key = self.lookup_key(&config, action, req)?;
        if action.type_name == GET_EXTERNAL_CONTACT {
            self.get_contact(&config, action, key).await
        } else {
            self.search_contacts(&config, action, key).await
        }
    }

    async fn read_flow(&mut self, flow_id: &str) -> Result<Flow, UserError> {
        let path = flow_path(flow_id);
        let value = self.api.get_value(Call::Flow, &path).await.map_err(|e| flow_error(e, flow_id))?;
        let flow = match lenient::read::<Flow>(&value) {
            Ok(read) => {
                self.note_dropped("Flow", &read.dropped);
                read.value
            }
            Err(e) => {
                self.warnings.push(format!("Flow: the answer could not be read ({e})."));
                Flow::default()
            }
        };
        let mut details = vec![
            detail("Flow", flow.name.clone().unwrap_or_else(|| "(no name)".into())),
            detail("Flow ID", flow.id.clone().unwrap_or_else(|| flow_id.to_string())),
            detail("Type", flow.flow_type.clone().unwrap_or_else(|| "(not given)".into())),
            detail("Published version", version_text(flow.published_version.as_ref(), "not published")),
            detail("Saved version", version_text(flow.saved_version.as_ref(), "none")),
        ];
        if let Some(d) = flow.division.as_ref().and_then(|d| d.name.clone()) {
            details.push(detail("Division", d));
        }
        if flow.deleted == Some(true) {
            details.push(detail("Note", "This flow is deleted."));
        }
        self.push(TraceStep {
            node_id: flow.id.clone().unwrap_or_else(|| flow_id.to_string()),
            node_name: "Read flow".into(),
            node_type: STEP_READ_FLOW.into(),
            details,
            ..Default::default()
        });
        Ok(flow)
    }

    async fn read_configuration(&mut self, flow_id: &str) -> Result<FlowConfig, UserError> {
        let path = format!("/api/v2/flows/{}/latestconfiguration", enc(flow_id));
        let value = self.api.get_value(Call::FlowConfiguration, &path).await.map_err(|e| flow_error(e, flow_id))?;
        let config = match &value {
            Value::String(s) => FlowConfig::parse(s),
            v => FlowConfig::from_value(v),
        };
        let lookups = config.external_contact_actions();
        let mut details = vec![
            detail(
                "Configuration",
                format!(
                    "{}, {}",
                    plural(config.containers.len(), "container"),
                    plural(config.action_count(), "action")
                ),
            ),
            detail(
                "External contact actions",
                if lookups.is_empty() { "none".to_string() } else { list_actions(&config, &lookups) },
            ),
        ];
        for p in &config.problems {
            details.push(detail("Problem", p.clone()));
            self.warnings.push(format!("Flow configuration: {p}"));
        }
        self.push(TraceStep {
            node_id: flow_id.to_string(),
            node_name: "Read flow configuration".into(),
            node_type: STEP_READ_CONFIGURATION.into(),
            details,
            ..Default::default()
        });
        Ok(config)
    }

    /// The chosen action does not look contacts up: say so, list those that do.
    fn not_a_lookup(&mut self, config: &FlowConfig, action: &Action) {
        let lookups = config.external_contact_actions();
        let mut details = vec![
            detail(
                "Does not look up contacts",
                format!(
                    "{} is not an external contact lookup; only Get External Contact ({GET_EXTERNAL_CONTACT}) and \
                     Search External Contacts ({}) look contacts up.",
                    action.describe(),
                    crate::wire::contract::SEARCH_EXTERNAL_CONTACTS
                ),
            ),
            detail(
                "External contact actions in this flow",
                if lookups.is_empty() { "none".to_string() } else { list_actions(config, &lookups) },
            ),
        ];
        if let Some(c) = config.container_of(action) {
            details.insert(0, detail("Container", c.describe()));
        }
        self.push(TraceStep {
            node_id: action.id.clone(),
            node_name: action.display_name(),
            node_type: action.type_name.clone(),
            details,
            ..Default::default()
        });
    }

    /// Step 4: the key as configured and its value.
    fn lookup_key(&mut self, config: &FlowConfig, action: &Action, req: &SimulationRequest) -> Result<Key, UserError> {
        let mut details = vec![detail(
            "Action",
            match config.container_of(action) {
                Some(c) => format!("{} in {}", action.describe(), c.describe()),
                None => action.describe(),
            },
        )];
        let input = action.input.as_ref();
        match input {
            Some(e) => {
                let label =
                    if e.key_guessed { format!("Input ({}, guessed)", e.key) } else { format!("Input ({})", e.key) };
                let shown = if e.is_unset() { "not set".to_string() } else { e.text.clone() };
                details.push(detail(label, shown));
            }
            None => details.push(detail("Input", "not found in the configuration")),
        }
        let literal = input.and_then(|e| e.literal_value()).map(str::trim).filter(|v| !v.is_empty());
        let (raw, from_literal) = match literal {
            Some(v) => {
                details.push(detail("Value from", "the literal configured in the action (the caller is not used)"));
                (v.to_string(), true)
            }
            None => {
                details.push(detail("Value from", "the simulated caller (context.from)"));
                match input {
                    Some(e) if e.is_unset() => details.push(detail(
                        "Note",
                        "The input is not set in the configuration; flowsim used the simulated caller instead.",
                    )),
                    Some(e) if !is_caller_expression(&e.text) => details.push(detail(
                        "Note",
                        format!(
                            "flowsim does not run the flow, so it cannot evaluate {}; it used the simulated caller \
                             instead.",
                            e.text
                        ),
                    )),
                    _ => {}
                }
                (req.context.from.clone(), false)
            }
        };
        let key = classify(&raw);
        match &key {
            Key::Phone(e164) => {
                details.push(detail(if from_literal { "Literal" } else { "Caller" }, raw.trim().to_string()));
                details.push(detail("E.164", e164.clone()));
                if let Ok(n) = normalize_e164(&raw) {
                    if let Some(note) = n.note {
                        details.push(detail("Note", note));
                    }
                }
            }
            Key::ContactId(id) => details.push(detail("Contact id", id.clone())),
            Key::Email(e) => details.push(detail("Email", e.clone())),
            Key::Text { text, why } => {
                if !from_literal && action.type_name == GET_EXTERNAL_CONTACT {
                    return Err(UserError::input(why.clone()));
                }
                details.push(detail("Search term", text.clone()));
            }
        }
        self.push(TraceStep {
            node_id: action.id.clone(),
            node_name: "Lookup key".into(),
            node_type: STEP_LOOKUP_KEY.into(),
            details,
            ..Default::default()
        });
        Ok(key)
    }

    /// Get External Contact: by id; a phone number or email is resolved to an id first.
    async fn get_contact(&mut self, config: &FlowConfig, action: &Action, key: Key) -> Result<(), UserError> {
        let mut lookup_details = Vec::new();
        let id = match key {
            Key::ContactId(id) => Some(id),
            Key::Phone(ref v) | Key::Email(ref v) => {
                let what = if matches!(key, Key::Phone(_)) { "phone number" } else { "email address" };
                let contacts = self.reverse_lookup(v).await?;
                let mut details = vec![detail(
                    "How",
                    format!(
                        "The action takes an External Contact ID; flowsim resolved the {what} {v} to a contact id \
                         with GET {REVERSE_WHITEPAGES_PATH}."
                    ),
                )];
                let picked = match contacts.len() {
                    0 => {
                        details.push(detail("Result", format!("No external contact has the {what} {v}.")));
                        None
                    }
                    1 => {
                        let c = &contacts[0];
                        details.push(detail("Result", format!("1 contact: {}", contact_label(c))));
                        Some(c.clone())
                    }
                    n => {
                        details.push(detail("Result", format!("{n} contacts have the {what} {v}.")));
                        for c in &contacts {
                            details.push(detail("Match", contact_label(c)));
                        }
                        details.push(detail(
                            "Picked",
                            format!(
                                "{} (the first; in Architect the flow decides which id to pass)",
                                contact_label(&contacts[0])
                            ),
                        ));
                        Some(contacts[0].clone())
                    }
                };
                if let Some(c) = &picked {
                    if let Some(id) = &c.id {
                        details.push(detail("Contact id", id.clone()));
                    }
                }
                self.push(TraceStep {
                    node_id: action.id.clone(),
                    node_name: "Resolve contact id".into(),
                    node_type: STEP_RESOLVE_CONTACT_ID.into(),
                    details,
                    ..Default::default()
                });
                match picked {
                    None => None,
                    Some(c) => match c.id.clone().filter(|i| !i.trim().is_empty()) {
                        Some(id) => Some(id),
                        None => {
                            // No id to fetch by: use the contact as the lookup returned it.
                            lookup_details.push(detail(
                                "Note",
                                "The reverse whitepages lookup returned the contact without an id; flowsim shows \
                                 it as returned.",
                            ));
                            return self.finish_lookup(config, action, PATH_FOUND, Some(c), Vec::new(), lookup_details);
                        }
                    },
                }
            }
            Key::Text { text, .. } => {
                lookup_details.push(detail(
                    "Note",
                    format!("'{text}' is not a contact id, phone number or email address, so no contact can match."),
                ));
                None
            }
        };
        let Some(id) = id else {
            return self.finish_lookup(config, action, PATH_NOT_FOUND, None, Vec::new(), lookup_details);
        };
        let path = format!("{CONTACTS_PATH}/{}", enc(&id));
        match self.api.get_lenient::<ExternalContact>(Call::Contacts, &path).await {
            Ok(read) => {
                self.note_dropped("Contact", &read.dropped);
                let contact = read.value;
                self.finish_lookup(config, action, PATH_FOUND, Some(contact), Vec::new(), lookup_details)
            }
            Err(e) if e.status == Some(404) => {
                lookup_details.push(detail(
                    "Result",
                    format!("GET {CONTACTS_PATH}/{id} answered 404: there is no external contact with this id."),
                ));
                self.finish_lookup(config, action, PATH_NOT_FOUND, None, Vec::new(), lookup_details)
            }
            Err(e) => Err(contact_error(e)),
        }
    }

    /// Search External Contacts: exact lookup for phone numbers and emails, keyword search otherwise.
    async fn search_contacts(&mut self, config: &FlowConfig, action: &Action, key: Key) -> Result<(), UserError> {
        let mut details = Vec::new();
        let contacts = match &key {
            Key::Phone(v) | Key::Email(v) => {
                details.push(detail(
                    "How",
                    format!("GET {REVERSE_WHITEPAGES_PATH} with lookupVal {v} (at most 25 contacts)."),
                ));
                self.reverse_lookup(v).await?
            }
            Key::ContactId(t) | Key::Text { text: t, .. } => {
                details.push(detail(
                    "How",
                    format!(
                        "'{t}' is not a phone number or email address, so flowsim searched with GET {CONTACTS_PATH}?q= \
                         (a keyword search; its matches may be broader than Architect's)."
                    ),
                ));
                let path = format!("{CONTACTS_PATH}?q={}&pageSize=25", enc(t));
                let listing =
                    self.api.get_lenient::<ContactListing>(Call::Contacts, &path).await.map_err(contact_error)?;
                self.note_dropped("Contact search", &listing.dropped);
                listing.value.entities
            }
        };
        match contacts.len() {
            0 => self.finish_lookup(config, action, PATH_NOT_FOUND, None, Vec::new(), details),
            1 => {
                let c = contacts.into_iter().next();
                self.finish_lookup(config, action, PATH_EXACT_MATCH, c, Vec::new(), details)
            }
            n => {
                details.push(detail("Matches", n.to_string()));
                self.finish_lookup(config, action, PATH_MULTIPLE_MATCHES, None, contacts, details)
            }
        }
    }

    async fn reverse_lookup(&mut self, value: &str) -> Result<Vec<ExternalContact>, UserError> {
        let path = format!("{REVERSE_WHITEPAGES_PATH}?lookupVal={}", enc(value));
        let r = self
            .api
            .get_lenient::<ReverseWhitepagesLookupResult>(Call::Contacts, &path)
            .await
            .map_err(contact_error)?;
        self.note_dropped("Contact lookup", &r.dropped);
        Ok(r.value.contacts)
    }

    /// Step 6: the lookup step with its contact and path, then the action the path leads to.
    fn finish_lookup(
        &mut self,
        config: &FlowConfig,
        action: &Action,
        outcome: &str,
        contact: Option<ExternalContact>,
        matches: Vec<ExternalContact>,
        mut details: Vec<Detail>,
    ) -> Result<(), UserError> {
        let next = follow(config, action, outcome);
        let contact = contact.as_ref().map(Contact::from_external_contact);
        if let Some(c) = &contact {
            details.insert(0, detail("Contact", c.display_name()));
        }
        details
            .push(detail("Path", next.path.as_ref().map(|p| p.label.clone()).unwrap_or_else(|| outcome.to_string())));
        details.push(detail("Next action", next.display()));
        details.push(detail("Why", next.explanation.clone()));
        let (next_action_id, next_action_name) = match &next.target {
            Target::Action { id, name, .. } => (Some(id.clone()), Some(name.clone())),
            Target::EndOfContainer { .. } => (None, Some(next.display())),
            Target::Missing { id } => (Some(id.clone()), None),
        };
        self.push(TraceStep {
            node_id: action.id.clone(),
            node_name: action.display_name(),
            node_type: action.type_name.clone(),
            result: StepResult {
                contact,
                error: None,
                matches: matches.iter().map(Contact::from_external_contact).collect(),
                unreadable: None,
            },
            details,
            outcome: Some(PathOutcome { path: outcome.to_string(), next_action_id, next_action_name }),
            ..Default::default()
        });
        self.push(next_step(config, action, outcome, &next));
        Ok(())
    }
}

/// Resolves the outcome's path, trying the names Architect may use for it.
fn follow(config: &FlowConfig, action: &Action, outcome: &str) -> NextStep {
    let candidates: &[&str] = match outcome {
        PATH_FOUND => &[PATH_FOUND],
        PATH_NOT_FOUND => &[PATH_NOT_FOUND, "No Match", "No Matches", "None Found"],
        PATH_EXACT_MATCH => &[PATH_EXACT_MATCH, "Single Match", PATH_FOUND],
        PATH_MULTIPLE_MATCHES => &[PATH_MULTIPLE_MATCHES, "Multiple Match", "Multiple"],
        _ => &[],
    };
    let label = candidates.iter().find(|c| FlowConfig::find_path(action, c).is_some()).copied().unwrap_or(outcome);
    config.next_action_after_path(action, label)
}

fn next_step(config: &FlowConfig, action: &Action, outcome: &str, next: &NextStep) -> TraceStep {
    let mut details = vec![detail("Reached by", format!("the '{outcome}' path of {}", action.describe()))];
    let (node_id, node_name, node_type) = match &next.target {
        Target::Action { id, name, type_name, loop_back } => {
            if *loop_back {
                details.push(detail("Note", "Control returns to this loop for its next iteration."));
            }
            if let Some(c) = config.find_action(id).and_then(|a| config.container_of(a)) {
                details.push(detail("Container", c.describe()));
            }
            (id.clone(), name.clone(), type_name.clone())
        }
        Target::EndOfContainer { id, .. } => (id.clone(), next.display(), STEP_END_OF_CONTAINER.to_string()),
        Target::Missing { id } => {
            details.push(detail("Problem", "This action id is not in the flow configuration."));
            (id.clone(), "Missing action".to_string(), STEP_MISSING_ACTION.to_string())
        }
    };
    details.push(detail("Why", next.explanation.clone()));
    TraceStep { node_id, node_name, node_type, details, ..Default::default() }
}

/// Step 3: the node must be an action of the flow.
fn locate_action<'c>(config: &'c FlowConfig, node: &str, flow_name: &str) -> Result<&'c Action, UserError> {
    let lookups = config.external_contact_actions();
    let hint = if lookups.is_empty() {
        " This flow has no external contact action (Get External Contact or Search External Contacts).".to_string()
    } else {
        format!(" The flow's external contact actions: {}.", list_actions(config, &lookups))
    };
    if node.is_empty() {
        return Err(UserError::new(
            ErrorKind::Input,
            "Node ID is required.",
            format!("Pick the node from the list.{hint}"),
        ));
    }
    match config.locate(node) {
        Located::Action(a) => Ok(a),
        Located::Container(c) => Err(container_error(config, c, node)),
        Located::InCommonModule(m, a) => Err(UserError::new(
            ErrorKind::BadRequest,
            format!(
                "Node {node} is the action {} of the common module '{}', which flow '{flow_name}' calls; it runs in \
                 the module's own flow.",
                a.describe(),
                m.name
            ),
            match &m.id {
                Some(id) => format!("Simulate the module instead: set Flow ID to {id} and keep this node."),
                None => "Simulate the common module's own flow with this node.".to_string(),
            },
        )),
        Located::Nowhere => Err(UserError::new(
            ErrorKind::BadRequest,
            format!("Node {node} is not in flow '{flow_name}'."),
            format!("Pick the node from the list, or copy the action's id from Architect.{hint}"),
        )),
    }
}

fn container_error(config: &FlowConfig, c: &Container, node: &str) -> UserError {
    let inside: Vec<&Action> =
        config.external_contact_actions().into_iter().filter(|a| a.container_id == c.id).collect();
    let action = if inside.is_empty() {
        let all = config.external_contact_actions();
        if all.is_empty() {
            "It contains no external contact action, and neither does the rest of the flow.".to_string()
        } else {
            format!(
                "It contains no external contact action; the flow's external contact actions are: {}.",
                list_actions(config, &all)
            )
        }
    } else {
        format!("Pick the action inside it: {}.", list_actions(config, &inside))
    };
    UserError::new(
        ErrorKind::BadRequest,
        format!(
            "Node {node} is the {} (a container), not an action: the node must be the external contact action \
             itself.",
            c.describe()
        ),
        action,
    )
}

/// "'Get caller contact' (GetExternalContactAction, id …) in Task 'Main'; …".
fn list_actions(config: &FlowConfig, actions: &[&Action]) -> String {
    actions
        .iter()
        .map(|a| {
            let place = config.container_of(a).map(|c| format!(" in {}", c.describe())).unwrap_or_default();
            format!("'{}' ({}, id {}){place}", a.display_name(), a.type_name, a.id)
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn classify(raw: &str) -> Key {
    let t = raw.trim();
    if is_guid(t) {
        return Key::ContactId(t.to_ascii_lowercase());
    }
    if t.contains('@') && !t.contains(char::is_whitespace) {
        return Key::Email(t.to_string());
    }
    match normalize_e164(t) {
        Ok(n) => Key::Phone(n.e164),
        Err(e) => Key::Text { text: t.to_string(), why: e.to_string() },
    }
}

/// Expressions whose value is the caller's address, which is what `context.from` simulates.
fn is_caller_expression(text: &str) -> bool {
    let t = text.trim();
    [
        "Call.Ani",
        "Call.CallingAddress",
        "Message.Message.senderAddress",
        "Email.Message.from.email",
        "Email.Message.from",
        "Message.Message.fromAddress",
    ]
    .iter()
    .any(|c| t.eq_ignore_ascii_case(c))
        || t.to_ascii_lowercase().starts_with("tostring(call.ani")
        || t.to_ascii_lowercase().starts_with("tophonenumber(call.ani")
}

fn plural(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

fn contact_label(c: &ExternalContact) -> String {
    let name = c.full_name();
    match (&c.id, name.is_empty()) {
        (Some(id), false) => format!("{name} ({id})"),
        (Some(id), true) => id.clone(),
        (None, false) => name,
        (None, true) => "(a contact without id or name)".to_string(),
    }
}

fn version_text(v: Option<&FlowVersion>, none: &str) -> String {
    match v {
        Some(v) => {
            let id = v.id.clone().or_else(|| v.name.clone()).unwrap_or_else(|| "?".into());
            match v.date_published.as_ref().filter(|d| !d.is_null()) {
                Some(d) => format!("{id} (published {})", text_of(d)),
                None => id,
            }
        }
        None => none.to_string(),
    }
}

fn suffix(msg: &Option<String>) -> String {
    match msg {
        Some(m) if !m.trim().is_empty() => format!(": \"{}\"", m.trim()),
        _ => String::new(),
    }
}

fn request_of(e: &UserError) -> String {
    e.request.clone().unwrap_or_else(|| "this request".to_string())
}

/// Errors reading the flow: name the flow on 404 and the permission on 403.
fn flow_error(mut e: UserError, flow_id: &str) -> UserError {
    match e.kind {
        ErrorKind::NotFound => {
            e.summary = format!("No flow with ID {flow_id} was found in this org (404){}.", suffix(&e.server_message));
        }
        ErrorKind::Forbidden => {
            e.summary = format!(
                "The token is valid but lacks the permission {PERMISSION_FLOW_VIEW}, which {} needs (403){}.",
                request_of(&e),
                suffix(&e.server_message)
            );
            e.action = format!(
                "Use a token whose user or OAuth client has a role with {PERMISSION_FLOW_VIEW}, then run again."
            );
        }
        _ => {}
    }
    e
}

/// Errors on the external contacts calls: name the permission on 403.
fn contact_error(mut e: UserError) -> UserError {
    if e.kind == ErrorKind::Forbidden {
        e.summary = format!(
            "The token is valid but lacks the permission {PERMISSION_CONTACT_VIEW}, which {} needs (403){}.",
            request_of(&e),
            suffix(&e.server_message)
        );
        e.action = format!(
            "Use a token whose user or OAuth client has a role with {PERMISSION_CONTACT_VIEW} (External Contacts > \
             Contact > View), then run again."
        );
    }
    e
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_classified() {
        assert_eq!(classify(" (555) 123-4567 "), Key::Phone("+15551234567".into()));
        assert_eq!(
            classify("3F2504E0-4F89-41D3-9A0C-0305E82C3301"),
            Key::ContactId("3f2504e0-4f89-41d3-9a0c-0305e82c3301".into())
        );
        assert_eq!(classify("ada@example.com"), Key::Email("ada@example.com".into()));
        assert!(matches!(classify("Ada"), Key::Text { .. }));
        assert!(matches!(classify(""), Key::Text { .. }));
    }

    #[test]
    fn components_are_encoded() {
        assert_eq!(enc("+1 555/x?y"), "%2B1%20555%2Fx%3Fy");
        assert_eq!(enc("a-b_c.d~"), "a-b_c.d~");
        assert_eq!(flow_path("a b/c?d"), "/api/v2/flows/a%20b%2Fc%3Fd");
    }
}
