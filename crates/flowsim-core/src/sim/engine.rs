//! The in-browser simulation: the tutorial's request answered by flowsim's own interpreter, from the real
//! Genesys Cloud Platform API (or a flow file).
//!
//! Genesys Cloud has no flow simulation endpoint, so the engine runs the flow itself and records what happened as
//! the contract's [`TraceStep`]s:
//!
//! 1. `flowsim.ReadFlow`: `GET /api/v2/flows/{flowId}` (name, type, versions); or `flowsim.ReadFile` for a file.
//! 2. `flowsim.ReadConfiguration`: `GET /api/v2/flows/{flowId}/latestconfiguration`, read into the flow model;
//!    what cannot be read becomes details and warnings, never a failure.
//! 3. `flowsim.Interaction`: what is simulated (caller, called number, time, language, inputs, start).
//! 4. One step per action the interpreter executed, with its container, the path taken and why, the variables it
//!    changed, what the caller heard or answered, each org read with its API calls, and "not simulated" notes.
//!    External contact actions carry the contact (or the matches), so the contact card and the tutorial's
//!    `result.contact` work as before.
//! 5. `flowsim.Outcome`: where the interaction ends; also in the response's `outcome`, with `coverage`.
//!
//! Errors of the connection (reading the flow, a bad token, a missing permission) propagate as the [`UserError`];
//! what the org answers inside the flow (Not Found, a server error) is the flow's business.

use std::sync::Arc;

use serde_json::Value;

use crate::base::encode::component as enc;
use crate::base::lenient::{self, Dropped};
use crate::base::phone::normalize_e164;
use crate::base::text::text_of;
use crate::base::tz::TimeZones;
use crate::expr::civil::{format_datetime, parse_datetime};
use crate::expr::{OrgAnswer, OrgQuery};
use crate::flow::Flow as FlowModel;
use crate::interp::{Event, Interaction, Options, Outcome, Override, Start, TraceEvent};
use crate::net::api::Api;
use crate::net::error::{Call, ErrorKind, UserError};
use crate::net::http::HttpClient;
use crate::sim::remote::Simulated;
use crate::sim::run::{self, Caller, Report, Snapshot};
use crate::sim::validate::is_guid;
use crate::wire::contract::{
    ApiCall, Contact, CoverageCounts, Detail, OutcomeKind, PathOutcome, RunOutcome, SimulationRequest,
    SimulationResponse, StepResult, TraceStep, VariableChange,
};
use crate::wire::genesys::{ExternalContact, Flow, FlowVersion};

pub const STEP_READ_FLOW: &str = "flowsim.ReadFlow";
pub const STEP_READ_FILE: &str = "flowsim.ReadFile";
pub const STEP_READ_CONFIGURATION: &str = "flowsim.ReadConfiguration";
pub const STEP_INTERACTION: &str = "flowsim.Interaction";
pub const STEP_OUTCOME: &str = "flowsim.Outcome";

/// Permission to read flows and their configuration.
pub const PERMISSION_FLOW_VIEW: &str = "architect:flow:view";
/// Permission to read external contacts (contact by id, search, reverse whitepages lookup).
pub const PERMISSION_CONTACT_VIEW: &str = "externalContacts:contact:view";

/// Steps shown for a very long run (the rest are counted in the outcome step).
pub const MAX_STEPS: usize = 20_000;

/// `GET /api/v2/flows/{flowId}`, the engine's first request (also shown as the app's "Next request").
pub fn flow_path(flow_id: &str) -> String {
    format!("/api/v2/flows/{}", enc(flow_id))
}

/// `GET /api/v2/flows/{flowId}/latestconfiguration`.
pub fn configuration_path(flow_id: &str) -> String {
    format!("/api/v2/flows/{}/latestconfiguration", enc(flow_id))
}

/// Which flow runs.
#[derive(Debug, Clone)]
pub enum FlowSource {
    /// The request's `flowId`, read from the org.
    Org,
    /// A flow from a file (an export or a configuration JSON), already read.
    File { flow: Arc<FlowModel>, file_name: String },
}

/// What the host around the engine provides: the clock, time-zone rules and the caller's live answers.
pub struct Host<K: Caller> {
    /// "Now" for a request without `context.time`, in ms since the Unix epoch.
    pub now_ms: i64,
    pub time_zones: Box<dyn TimeZones + Send + Sync>,
    pub caller: K,
    /// Whether the run pauses for the caller when the scripted inputs run out (else silence).
    pub pause_for_input: bool,
    /// Actions (id, tracking id or name) where the run pauses for [`Caller::paused`] before running them.
    pub breakpoints: Vec<String>,
}

/// Runs the simulation. `api` is the org (`None`: a flow file and no connection, org reads take Not Found).
pub async fn simulate<C: HttpClient, K: Caller>(
    api: Option<&Api<'_, C>>,
    source: FlowSource,
    req: &SimulationRequest,
    host: Host<K>,
) -> Result<Simulated, UserError> {
    let mut out = Steps::default();
    let flow = match source {
        FlowSource::File { flow, file_name } => {
            out.push(file_step(&flow, &file_name));
            flow
        }
        FlowSource::Org => {
            let api = api.ok_or_else(|| UserError::input("Choose a flow file, or connect to an org."))?;
            let flow_id = req.flow_id.trim();
            if flow_id.is_empty() {
                return Err(UserError::input("Flow ID is required."));
            }
            out.read_flow(api, flow_id).await?;
            Arc::new(out.read_configuration(api, flow_id).await?)
        }
    };
    let (interaction, options) = interaction_of(&flow, req, &host)?;
    out.warnings.extend(interaction.overrides.iter().filter_map(|o| override_problem(&flow, o)));
    out.push(interaction_step(&interaction, &options, api.is_some()));
    let report = run::run(api, flow.clone(), interaction, options, host.time_zones, &host.caller).await?;
    if let Outcome::StartNotFound { node } = &report.outcome {
        return Err(UserError::input(format!(
            "The start node {node} is not an action or container of the flow '{}'. Pick one with Browse nodes, or \
             leave Start at empty to start at the flow's beginning.",
            flow.name
        )));
    }
    out.actions(&report.trace, &report.org_calls, &report.data_action_calls, report.trace_dropped, &flow);
    let outcome = run_outcome(&report.outcome);
    out.push(outcome_step(&report, &outcome));
    let response = SimulationResponse {
        status: "COMPLETED".to_string(),
        trace: out.trace,
        outcome: Some(outcome),
        coverage: Some(CoverageCounts {
            actions_visited: report.coverage.actions_visited,
            actions_total: report.coverage.actions_total,
            paths_visited: report.coverage.paths_visited,
            paths_total: report.coverage.paths_total,
        }),
        warnings: out.warnings,
    };
    let raw = serde_json::to_string_pretty(&response).unwrap_or_default();
    Ok(Simulated { response, raw, variables: report.variables, flow: Some(flow) })
}

/// `details` label of the step a paused run is at (see [`paused`]).
pub const DETAIL_PAUSED: &str = "Paused";

/// The run so far as the app shows it at a breakpoint: a step per action executed, then the action it paused at
/// (not run yet, with a "Paused" detail); no outcome yet; the variables as they are now.
pub fn paused(s: &Snapshot<'_>) -> Simulated {
    let mut out = Steps::default();
    out.actions(s.trace, s.org_calls, s.data_action_calls, 0, s.flow);
    // The last path taken leads to the paused action.
    if let Some(o) = out.trace.last_mut().and_then(|l| l.outcome.as_mut()).filter(|o| o.next_action_id.is_none()) {
        o.next_action_id = Some(s.at.action_id.clone());
        o.next_action_name = Some(s.at.action_name.clone());
    }
    let mut details = vec![detail("Container", s.at.container.clone())];
    if s.at.flow != s.flow.name {
        details.push(detail("Flow", s.at.flow.clone()));
    }
    details.push(detail(DETAIL_PAUSED, "at a breakpoint: this action runs when you continue"));
    out.push(TraceStep {
        node_id: s.at.action_id.clone(),
        node_name: s.at.action_name.clone(),
        node_type: s.at.action_type.clone(),
        details,
        ..Default::default()
    });
    let response =
        SimulationResponse { status: "PAUSED".into(), trace: out.trace, warnings: out.warnings, ..Default::default() };
    Simulated { response, raw: String::new(), variables: s.variables.clone(), flow: Some(s.flow.clone()) }
}

fn is_voice(flow: &FlowModel) -> bool {
    matches!(flow.flow_type.to_ascii_lowercase().as_str(), "inboundcall" | "inqueuecall" | "outboundcall")
}

fn detail(label: impl Into<String>, value: impl Into<String>) -> Detail {
    Detail { label: label.into(), value: value.into() }
}

#[derive(Default)]
struct Steps {
    trace: Vec<TraceStep>,
    warnings: Vec<String>,
}

impl Steps {
    fn push(&mut self, step: TraceStep) {
        self.trace.push(step);
    }

    fn note_dropped(&mut self, what: &str, dropped: &[Dropped]) {
        self.warnings.extend(dropped.iter().map(|d| format!("{what}: {d}")));
    }

    async fn read_flow<C: HttpClient>(&mut self, api: &Api<'_, C>, flow_id: &str) -> Result<Flow, UserError> {
        let value = api.get_value(Call::Flow, &flow_path(flow_id)).await.map_err(|e| flow_error(e, flow_id))?;
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
            calls: api.take_calls(),
            ..Default::default()
        });
        Ok(flow)
    }

    async fn read_configuration<C: HttpClient>(
        &mut self,
        api: &Api<'_, C>,
        flow_id: &str,
    ) -> Result<FlowModel, UserError> {
        let value = api
            .get_value(Call::FlowConfiguration, &configuration_path(flow_id))
            .await
            .map_err(|e| flow_error(e, flow_id))?;
        // Some servers send the configuration as a JSON string (or an export's base64 text).
        let flow = match &value {
            Value::String(s) => FlowModel::parse(s).map_err(|e| {
                UserError::new(
                    ErrorKind::NotJson,
                    format!("The flow's configuration could not be read: {}", e.describe()),
                    "Check that the flow has a saved configuration in Architect.",
                )
            })?,
            v => FlowModel::from_json(v),
        };
        let mut details = vec![detail("Configuration", configuration_text(&flow))];
        for p in flow.problems.sentences() {
            details.push(detail("Problem", p.clone()));
            self.warnings.push(format!("Flow configuration: {p}"));
        }
        self.push(TraceStep {
            node_id: flow_id.to_string(),
            node_name: "Read configuration".into(),
            node_type: STEP_READ_CONFIGURATION.into(),
            details,
            calls: api.take_calls(),
            ..Default::default()
        });
        Ok(flow)
    }

    /// One step per executed action, from the interpreter's events (`dropped`: events the interpreter left out),
    /// with the calls made for each org read and data action.
    fn actions(
        &mut self,
        trace: &[TraceEvent],
        org_calls: &[(OrgQuery, Vec<ApiCall>)],
        data_calls: &[(String, Vec<ApiCall>)],
        dropped: usize,
        flow: &FlowModel,
    ) {
        let voice = is_voice(flow);
        let mut org_calls = org_calls.to_vec();
        let mut data_calls = data_calls.to_vec();
        let mut current: Option<ActionStep> = None;
        let mut steps: Vec<ActionStep> = Vec::new();
        let mut left_out = 0usize;
        for ev in trace {
            if matches!(ev.event, Event::Entered { .. }) {
                continue;
            }
            let same = current.as_ref().is_some_and(|c| !c.closed && c.at_id == ev.at.action_id);
            if !same {
                if let Some(c) = current.take() {
                    steps.push(c);
                }
                current = Some(ActionStep::new(ev, &flow.name));
            }
            if let Some(c) = current.as_mut() {
                c.apply(ev, voice, &mut org_calls, &mut data_calls);
            }
        }
        steps.extend(current);
        if steps.len() > MAX_STEPS {
            left_out = steps.len() - MAX_STEPS;
            steps.truncate(MAX_STEPS);
        }
        // Each path leads to the action the run went on with.
        let next: Vec<(String, String)> =
            steps.iter().map(|s| (s.step.node_id.clone(), s.step.node_name.clone())).collect();
        for (i, s) in steps.iter_mut().enumerate() {
            if let Some(path) = s.path.take() {
                let (id, name) = next.get(i + 1).cloned().unzip();
                s.step.outcome = Some(PathOutcome { path, next_action_id: id, next_action_name: name });
            }
        }
        self.trace.extend(steps.into_iter().map(|s| s.step));
        let dropped = left_out + dropped;
        if dropped > 0 {
            self.warnings.push(format!(
                "The run is long: {dropped} trace entries are not shown (the outcome and coverage count them all)."
            ));
        }
    }
}

/// A step being built from consecutive events of one action.
struct ActionStep {
    at_id: String,
    step: TraceStep,
    path: Option<String>,
    closed: bool,
}

impl ActionStep {
    /// A step of an action of `run_flow` (the flow the run started in), or of a module or flow it went into,
    /// which the step then names.
    fn new(ev: &TraceEvent, run_flow: &str) -> ActionStep {
        let mut details = vec![detail("Container", ev.at.container.clone())];
        if !ev.at.flow.is_empty() && ev.at.flow != run_flow {
            details.push(detail("Flow", ev.at.flow.clone()));
        }
        ActionStep {
            at_id: ev.at.action_id.clone(),
            step: TraceStep {
                node_id: ev.at.action_id.clone(),
                node_name: ev.at.action_name.clone(),
                node_type: ev.at.action_type.clone(),
                details,
                ..Default::default()
            },
            path: None,
            closed: false,
        }
    }

    fn apply(
        &mut self,
        ev: &TraceEvent,
        voice: bool,
        org_calls: &mut Vec<(OrgQuery, Vec<ApiCall>)>,
        data_calls: &mut Vec<(String, Vec<ApiCall>)>,
    ) {
        let d = &mut self.step.details;
        match &ev.event {
            Event::Action { path, reason } => {
                if let Some(r) = reason {
                    d.push(detail("Why", format!("{} = {}", r.expression, r.value)));
                }
                if let Some(p) = path {
                    d.push(detail("Path", p.clone()));
                    self.path = Some(p.clone());
                }
                if let Some(i) = data_calls.iter().position(|(id, _)| *id == self.at_id) {
                    self.step.calls.extend(data_calls.remove(i).1);
                }
                self.closed = true;
            }
            Event::Entered { .. } => {}
            Event::VariableChanged { name, before, after } => {
                self.step.variables.push(VariableChange {
                    name: name.clone(),
                    before: before.clone(),
                    after: after.clone(),
                });
            }
            Event::OrgRead { query, answer } => {
                d.push(detail("Read", format!("{} → {}", query_text(query), answer_text(answer))));
                if let Some(i) = org_calls.iter().position(|(q, _)| q == query) {
                    self.step.calls.extend(org_calls.remove(i).1);
                }
                if let OrgAnswer::Found(v) = answer {
                    contacts_into(&mut self.step.result, query, v);
                }
            }
            Event::Said { text } => d.push(detail(if voice { "Caller hears" } else { "Caller reads" }, text.clone())),
            Event::Answered { value, .. } => {
                d.push(detail("Caller answers", value.clone().unwrap_or_else(|| "(silence)".into())));
            }
            Event::NotSimulated { why, assumed_path, outputs, overridden } => {
                let mut s = format!(
                    "{why:?}: {} path {}",
                    if *overridden { "your override takes the" } else { "assumed the" },
                    assumed_path.as_deref().unwrap_or("(next action)")
                );
                if !outputs.is_empty() {
                    let o: Vec<String> = outputs.iter().map(|(k, v)| format!("{k} = {v}")).collect();
                    s.push_str(&format!(", outputs {}", o.join(", ")));
                }
                d.push(detail("Not simulated", s));
            }
            Event::Error { error } => {
                let text = error.describe();
                d.push(detail("Error", text.clone()));
                self.step.result.error = Some(text);
            }
            Event::Waited { ms } => d.push(detail("Clock", format!("+{} s", ms / 1000))),
        }
    }
}

/// The contact (one) or the matches (several) of an external contact read, as the contact card shows them.
fn contacts_into(result: &mut StepResult, query: &OrgQuery, found: &Value) {
    if !matches!(query, OrgQuery::ExternalContactById(_) | OrgQuery::ExternalContactSearch(_)) {
        return;
    }
    let one = |v: &Value| lenient::read::<ExternalContact>(v).ok().map(|c| Contact::from_external_contact(&c.value));
    match found {
        Value::Array(items) => {
            let all: Vec<Contact> = items.iter().filter_map(one).collect();
            if all.len() == 1 {
                result.contact = all.into_iter().next();
            } else {
                result.matches = all;
            }
        }
        v => result.contact = one(v),
    }
}

fn query_text(q: &OrgQuery) -> String {
    match q {
        OrgQuery::QueueByName(n) => format!("queue named '{n}'"),
        OrgQuery::QueueById(id) => format!("queue {id}"),
        OrgQuery::UserById(id) => format!("user {id}"),
        OrgQuery::UserByName(n) => format!("user named '{n}'"),
        OrgQuery::UserByEmail(e) => format!("user with email {e}"),
        OrgQuery::SkillByName(n) => format!("skill '{n}'"),
        OrgQuery::LanguageSkillByName(n) => format!("language skill '{n}'"),
        OrgQuery::GroupByName(n) => format!("group '{n}'"),
        OrgQuery::WrapupCodeByName(n) => format!("wrap-up code '{n}'"),
        OrgQuery::ScheduleById(id) => format!("schedule {id}"),
        OrgQuery::ScheduleGroupById(id) => format!("schedule group {id}"),
        OrgQuery::EmergencyGroupById(id) => format!("emergency group {id}"),
        OrgQuery::ScheduleByName(n) => format!("schedule '{n}'"),
        OrgQuery::ScheduleGroupByName(n) => format!("schedule group '{n}'"),
        OrgQuery::EmergencyGroupByName(n) => format!("emergency group '{n}'"),
        OrgQuery::UserPromptByName(n) => format!("user prompt '{n}'"),
        OrgQuery::SystemPromptByName(n) => format!("system prompt '{n}'"),
        OrgQuery::GrammarByName(n) => format!("grammar '{n}'"),
        OrgQuery::GrammarById(id) => format!("grammar {id}"),
        OrgQuery::UtilizationLabelByName(n) => format!("utilization label '{n}'"),
        OrgQuery::ExternalOrganizationById(id) => format!("external organization {id}"),
        OrgQuery::DataTableRow { table_id, key } => format!("data table {table_id}, row '{key}'"),
        OrgQuery::ExternalContactById(id) => match crate::sim::org::contact_key(id) {
            Some(key) => format!("external contact {id} (resolved by {key}: Genesys takes a contact id)"),
            None => format!("external contact {id}"),
        },
        OrgQuery::ExternalContactSearch(t) => format!("external contacts matching '{t}'"),
    }
}

fn answer_text(a: &OrgAnswer) -> String {
    match a {
        OrgAnswer::Found(Value::Array(items)) => format!("{} found", plural(items.len(), "result")),
        OrgAnswer::Found(v) => match v.get("name").and_then(Value::as_str) {
            Some(n) => format!("found '{n}'"),
            None => "found".into(),
        },
        OrgAnswer::NotFound => "not found".into(),
        OrgAnswer::Failed(m) => format!("failed: {m}"),
        OrgAnswer::NoOrg => "no org connected (flow file): taken as not found".into(),
    }
}

/// The outcome as the contract's kinds.
pub fn run_outcome(o: &Outcome) -> RunOutcome {
    let description = sentence_case(&o.describe());
    let (kind, target) = match o {
        Outcome::TransferToQueue { queue_name, queue_id, .. } => {
            (OutcomeKind::Transfer, Some(if queue_name.is_empty() { queue_id } else { queue_name }.clone()))
        }
        Outcome::TransferToNumber { number } => (OutcomeKind::Transfer, Some(number.clone())),
        Outcome::TransferToUser { user } => (OutcomeKind::Transfer, Some(user.clone())),
        Outcome::TransferToGroup { group } => (OutcomeKind::Transfer, Some(group.clone())),
        Outcome::TransferToVoicemail { target } => (OutcomeKind::Transfer, Some(target.clone())),
        Outcome::TransferToFlow { flow_name, flow_id } => {
            (OutcomeKind::Transfer, Some(if flow_name.is_empty() { flow_id } else { flow_name }.clone()))
        }
        Outcome::Disconnect => (OutcomeKind::Disconnect, None),
        Outcome::ErrorHandling { then, .. } => (OutcomeKind::Error, run_outcome(then).target),
        Outcome::WorkflowEnd { .. }
        | Outcome::ExitBotFlow
        | Outcome::ExitWorkitemFlow
        | Outcome::SurveyInviteCompleted
        | Outcome::StillInQueue
        | Outcome::ModuleReturned
        | Outcome::StartNotFound { .. }
        | Outcome::NothingToRun => (OutcomeKind::End, None),
    };
    RunOutcome { kind, target, description }
}

/// "Transferred to queue 'Gold'." → "transferred to queue 'Gold'" (it follows "Outcome: ").
fn sentence_case(s: &str) -> String {
    let s = s.trim().trim_end_matches('.');
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn outcome_step(report: &Report, outcome: &RunOutcome) -> TraceStep {
    let c = &report.coverage;
    let mut details = vec![
        detail("Outcome", outcome.description.clone()),
        detail("Actions executed", report.actions_executed.to_string()),
        detail(
            "Coverage",
            format!(
                "{} of {} actions ({}), {} of {} paths ({})",
                c.actions_visited,
                c.actions_total,
                percent(c.actions_visited, c.actions_total),
                c.paths_visited,
                c.paths_total,
                percent(c.paths_visited, c.paths_total)
            ),
        ),
        detail("Ended at", format_datetime(report.ended_ms)),
    ];
    if !report.flow_calls.is_empty() {
        details.push(detail("Other flows read", report.flow_calls.len().to_string()));
    }
    TraceStep {
        node_id: String::new(),
        node_name: "Outcome".into(),
        node_type: STEP_OUTCOME.into(),
        details,
        calls: report.flow_calls.clone(),
        ..Default::default()
    }
}

/// "42 %" (whole percent, rounded down so that 99.9 % is not shown as all).
pub fn percent(part: usize, whole: usize) -> String {
    if whole == 0 {
        return "—".into();
    }
    format!("{} %", part.saturating_mul(100) / whole)
}

fn file_step(flow: &FlowModel, file_name: &str) -> TraceStep {
    let mut details = vec![
        detail("File", file_name.to_string()),
        detail("Flow", flow.name.clone()),
        detail("Type", flow.flow_type.clone()),
        detail("Configuration", configuration_text(flow)),
    ];
    details.extend(flow.problems.sentences().into_iter().map(|p| detail("Problem", p)));
    TraceStep {
        node_id: String::new(),
        node_name: "Read flow file".into(),
        node_type: STEP_READ_FILE.into(),
        details,
        ..Default::default()
    }
}

fn configuration_text(flow: &FlowModel) -> String {
    format!("{}, {}", plural(flow.containers.len(), "container"), plural(flow.actions.len(), "action"))
}

/// The caller's address as the flow sees it (`Call.Ani`): a phone number as a `tel:` URI in E.164, anything else
/// (a contact id, an email, as the form allows) as typed.
pub fn caller_address(from: &str) -> String {
    let t = from.trim();
    if t.is_empty() || is_guid(t) || t.contains('@') {
        return t.to_string();
    }
    // The caller's number arrives already in E.164 (read with the form's Default country); a number written in the
    // flow itself is read as Architect stores it, with Genesys Cloud's default +1 (a documented choice).
    match normalize_e164(t) {
        Ok(n) => format!("tel:{}", n.e164),
        Err(_) => t.to_string(),
    }
}

/// The interpreter's interaction and options from the request.
fn interaction_of<K: Caller>(
    flow: &FlowModel,
    req: &SimulationRequest,
    host: &Host<K>,
) -> Result<(Interaction, Options), UserError> {
    let ctx = &req.context;
    let start_ms = if ctx.time.trim().is_empty() {
        host.now_ms
    } else {
        parse_datetime(ctx.time.trim()).ok_or_else(|| {
            UserError::input(format!(
                "The time '{}' is not a date and time such as 2026-12-24T18:05:00Z (ISO 8601, UTC).",
                ctx.time.trim()
            ))
        })?
    };
    let defaults = Interaction::default();
    let overrides = req
        .overrides
        .iter()
        .map(|o| Override {
            action_id: action_id_of(flow, &o.action_id),
            path: o.path.clone(),
            outputs: o.outputs.iter().map(|v| (v.name.clone(), v.value.clone())).collect(),
        })
        .collect();
    let interaction = Interaction {
        ani: caller_address(&ctx.from),
        dnis: caller_address(&ctx.to),
        channel: if ctx.channel.trim().is_empty() { defaults.channel } else { ctx.channel.trim().to_string() },
        language: if ctx.language.trim().is_empty() { defaults.language } else { ctx.language.trim().to_string() },
        start_ms,
        inputs: ctx.inputs.clone(),
        flow_inputs: req.flow_inputs.iter().map(|v| (v.name.clone(), v.value.clone())).collect(),
        message: String::new(),
        conversation_id: ctx.conversation_id.clone(),
        overrides,
        builtins: Vec::new(),
    };
    let node = req.node_id.trim();
    let options = Options {
        start: if node.is_empty() { Start::Initial } else { Start::Node(action_id_of(flow, node)) },
        run_data_actions: req.run_data_actions.iter().map(|a| action_id_of(flow, a)).collect(),
        pause_for_input: host.pause_for_input,
        breakpoints: host.breakpoints.iter().map(|b| action_id_of(flow, b)).collect(),
        ..Options::default()
    };
    Ok((interaction, options))
}

/// Why an override cannot act, as a sentence: its action is not in the flow, or the path it names is not one of
/// the action's paths (the run then goes on as if there were no path override).
fn override_problem(flow: &FlowModel, o: &Override) -> Option<String> {
    let Some(a) = flow.action_by_id(&o.action_id) else {
        return Some(format!(
            "Overrides: the flow has no action '{}' (write its name or id as the diagram or the trace shows it).",
            o.action_id
        ));
    };
    let want = o.path.as_deref()?;
    if a.paths.iter().any(|p| p.label.eq_ignore_ascii_case(want) || p.output_id.eq_ignore_ascii_case(want)) {
        return None;
    }
    let paths: Vec<&str> = a.paths.iter().map(|p| p.label.as_str()).collect();
    Some(format!(
        "Overrides: '{}' has no path '{want}'; its paths are: {}.",
        a.name,
        if paths.is_empty() { "none".to_string() } else { paths.join(", ") }
    ))
}

/// An action named by id, tracking id or (unique) name, as its id; anything else as given.
pub fn action_id_of(flow: &FlowModel, node: &str) -> String {
    let node = node.trim();
    if flow.lookup(node).is_some() {
        return node.to_string();
    }
    // A tracking id as Architect shows it ("#19") or bare ("19").
    if let Ok(t) = node.trim_start_matches('#').parse::<i64>() {
        if let Some(a) = flow.actions.iter().find(|a| a.tracking_id == Some(t)) {
            return a.id.clone();
        }
    }
    let mut named = flow.actions.iter().filter(|a| a.name.eq_ignore_ascii_case(node));
    match (named.next(), named.next()) {
        (Some(a), None) => a.id.clone(),
        _ => node.to_string(),
    }
}

fn interaction_step(i: &Interaction, o: &Options, org: bool) -> TraceStep {
    let mut details = vec![
        detail("Caller", i.ani.clone()),
        detail("Called", i.dnis.clone()),
        detail("Time", format_datetime(i.start_ms)),
        detail("Language", i.language.clone()),
        detail("Inputs", if i.inputs.is_empty() { "(none: silence)".into() } else { i.inputs.join(", ") }),
        detail(
            "Start",
            match &o.start {
                Start::Initial => "the flow's start".to_string(),
                Start::Node(n) => n.clone(),
            },
        ),
    ];
    if !org {
        details.push(detail("Org", "none: reads of org data take their Not Found path"));
    }
    TraceStep {
        node_id: String::new(),
        node_name: "Interaction".into(),
        node_type: STEP_INTERACTION.into(),
        details,
        ..Default::default()
    }
}

fn plural(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
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
        ErrorKind::NotFound if !e.summary.starts_with("No flow with ID") => {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caller_address_is_a_tel_uri_for_numbers_and_as_typed_otherwise() {
        assert_eq!(caller_address("(555) 123-4567"), "tel:+15551234567");
        assert_eq!(caller_address("+44 20 7946 0958"), "tel:+442079460958");
        assert_eq!(caller_address("ada@example.com"), "ada@example.com");
        let id = "9a8b7c6d-1234-4abc-9def-0123456789ab";
        assert_eq!(caller_address(id), id);
    }

    #[test]
    fn outcomes_map_to_the_suite_kinds() {
        let q = Outcome::TransferToQueue {
            queue_id: "q1".into(),
            queue_name: "Gold".into(),
            skills: vec![],
            priority: None,
            preferred_agents: None,
        };
        let o = run_outcome(&q);
        assert_eq!((o.kind, o.target.as_deref()), (OutcomeKind::Transfer, Some("Gold")));
        assert!(o.description.starts_with("transferred to queue"), "{}", o.description);
        assert_eq!(run_outcome(&Outcome::Disconnect).kind, OutcomeKind::Disconnect);
        assert_eq!(run_outcome(&Outcome::WorkflowEnd { exit_reason: String::new() }).kind, OutcomeKind::End);
        let e = Outcome::ErrorHandling {
            error: crate::interp::RunError::NotSet { what: "Flow.x".into() },
            then: Box::new(q),
        };
        assert_eq!((run_outcome(&e).kind, run_outcome(&e).target.as_deref()), (OutcomeKind::Error, Some("Gold")));
    }

    #[test]
    fn percent_rounds_down_and_never_divides_by_zero() {
        assert_eq!(percent(999, 1000), "99 %");
        assert_eq!(percent(0, 0), "—");
        assert_eq!(percent(3, 3), "100 %");
    }
}
