//! Running a suite: each case becomes an interaction for [`run::run`], its outcome and path are checked against
//! what it expects, and the results are written out (CSV, JSON) or turned into the next baseline.
//!
//! Documented choices: a case without `time` starts at the interpreter's fixed default instant (a Monday
//! afternoon, UTC), not "now", so a suite gives the same answer every day; the caller never speaks beyond the
//! scripted inputs (silence); data actions are not run (their overrides or defaults are taken).

use std::borrow::Borrow;
use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Serialize;
use serde_json::Value;

use crate::base::encode::component as enc;
use crate::base::tz::TimeZones;
use crate::expr::civil::parse_datetime;
use crate::flow::Flow;
use crate::interp::{Event, Interaction, Options, Outcome, Override};
use crate::net::api::Api;
use crate::net::error::{Call, ErrorKind, UserError};
use crate::net::http::HttpClient;
use crate::sim::engine::{action_id_of, caller_address, run_outcome};
use crate::sim::run::{self, Report, Silent};
use crate::sim::suite::csv;
use crate::sim::suite::model::{Case, Expect, OverrideSpec, Suite};
use crate::wire::contract::{OutcomeKind, RunOutcome};

/// An action the run passed through.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Visit {
    pub id: String,
    pub name: String,
}

impl Visit {
    /// Its name, or its id when it has none.
    pub fn label(&self) -> String {
        if self.name.trim().is_empty() {
            self.id.clone()
        } else {
            self.name.clone()
        }
    }
}

/// How a case came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Passed,
    Failed,
    /// The case expects nothing: what happened is recorded.
    Recorded,
}

/// One way a run differed from what its case expects.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "what", rename_all = "camelCase")]
pub enum Difference {
    Outcome { expected: OutcomeKind, actual: OutcomeKind },
    Target { expected: String, actual: Option<String> },
    NotVisited { action: String },
}

impl Difference {
    pub fn describe(&self) -> String {
        match self {
            Difference::Outcome { expected, actual } => {
                format!("outcome {} instead of {}", kind_text(*actual), kind_text(*expected))
            }
            Difference::Target { expected, actual: Some(a) } => format!("target '{a}' instead of '{expected}'"),
            Difference::Target { expected, actual: None } => format!("no target instead of '{expected}'"),
            Difference::NotVisited { action } => format!("did not pass through '{action}' (in order)"),
        }
    }
}

pub fn kind_text(k: OutcomeKind) -> &'static str {
    match k {
        OutcomeKind::Transfer => "transfer",
        OutcomeKind::Disconnect => "disconnect",
        OutcomeKind::End => "end",
        OutcomeKind::Error => "error",
    }
}

/// `transfer 'Gold'`, `disconnect`.
pub fn outcome_text(o: &RunOutcome) -> String {
    match &o.target {
        Some(t) => format!("{} '{t}'", kind_text(o.kind)),
        None => kind_text(o.kind).to_string(),
    }
}

/// One case's result. `report` holds the full trace.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseResult {
    pub index: usize,
    pub name: String,
    pub outcome: RunOutcome,
    /// Every name and id the outcome's target is known by (a queue's name and id …).
    pub target_keys: Vec<String>,
    pub visits: Vec<Visit>,
    pub verdict: Verdict,
    pub differences: Vec<Difference>,
    pub report: Report,
}

impl CaseResult {
    pub fn differences_text(&self) -> String {
        self.differences.iter().map(Difference::describe).collect::<Vec<_>>().join("; ")
    }
}

/// The interaction of case `index` (the defaults, then the case's own fields).
pub fn interaction_of(flow: &Flow, suite: &Suite, case: &Case) -> Result<Interaction, UserError> {
    let d = &suite.defaults;
    let base = Interaction::default();
    let pick = |c: &Option<String>, d: &Option<String>| {
        c.as_ref().or(d.as_ref()).map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
    };
    let start_ms = match pick(&case.time, &d.time) {
        None => base.start_ms,
        Some(t) => parse_datetime(&t).ok_or_else(|| UserError::input(format!("The time '{t}' is not a date.")))?,
    };
    let mut overrides: BTreeMap<String, OverrideSpec> = d.overrides.clone();
    overrides.extend(case.overrides.clone());
    Ok(Interaction {
        ani: pick(&case.ani, &d.ani).map_or(base.ani, |a| caller_address(&a)),
        dnis: pick(&case.dnis, &d.dnis).map_or(base.dnis, |a| caller_address(&a)),
        channel: pick(&case.channel, &d.channel).unwrap_or(base.channel),
        language: pick(&case.language, &d.language).unwrap_or(base.language),
        start_ms,
        inputs: case.inputs.clone().or_else(|| d.inputs.clone()).unwrap_or_default(),
        overrides: overrides
            .into_iter()
            .map(|(action, o)| Override {
                action_id: action_id_of(flow, &action),
                outputs: o.output_texts(),
                path: o.path,
            })
            .collect(),
        ..base
    })
}

/// Runs case `index` of `suite` against `flow`. An `Err` is a failure of the connection (token, permission,
/// network), which ends the whole run; what the flow does with a failed read is part of the result.
pub async fn run_case<C: HttpClient>(
    api: Option<&Api<'_, C>>,
    flow: Arc<Flow>,
    suite: &Suite,
    index: usize,
    time_zones: Box<dyn TimeZones + Send + Sync>,
) -> Result<CaseResult, UserError> {
    let case = suite.cases.get(index).cloned().unwrap_or_default();
    let interaction = interaction_of(&flow, suite, &case)?;
    let options = Options { pause_for_input: false, ..Options::default() };
    let report = run::run(api, flow, interaction, options, time_zones, &Silent).await?;
    let outcome = run_outcome(&report.outcome);
    let target_keys = target_keys(&report.outcome);
    let visits = visits(&report);
    let differences = case.expect.as_ref().map(|e| check(e, &outcome, &target_keys, &visits)).unwrap_or_default();
    let verdict = match (&case.expect, differences.is_empty()) {
        (None, _) => Verdict::Recorded,
        (Some(_), true) => Verdict::Passed,
        (Some(_), false) => Verdict::Failed,
    };
    Ok(CaseResult { index, name: suite.case_name(index), outcome, target_keys, visits, verdict, differences, report })
}

/// The actions of the run in order (an action repeated at once counted once).
pub fn visits(report: &Report) -> Vec<Visit> {
    let mut out: Vec<Visit> = Vec::new();
    for ev in &report.trace {
        if matches!(ev.event, Event::Action { .. } | Event::NotSimulated { .. })
            && !ev.at.action_id.is_empty()
            && out.last().is_none_or(|v| v.id != ev.at.action_id)
        {
            out.push(Visit { id: ev.at.action_id.clone(), name: ev.at.action_name.clone() });
        }
    }
    out
}

fn target_keys(o: &Outcome) -> Vec<String> {
    let keys: Vec<&String> = match o {
        Outcome::TransferToQueue { queue_id, queue_name, .. } => vec![queue_id, queue_name],
        Outcome::TransferToNumber { number } => vec![number],
        Outcome::TransferToUser { user } => vec![user],
        Outcome::TransferToGroup { group } => vec![group],
        Outcome::TransferToVoicemail { target } => vec![target],
        Outcome::TransferToFlow { flow_id, flow_name } => vec![flow_id, flow_name],
        Outcome::ErrorHandling { then, .. } => return target_keys(then),
        _ => vec![],
    };
    keys.into_iter().filter(|k| !k.trim().is_empty()).cloned().collect()
}

/// Names and numbers compared: case, surrounding space and a `tel:` prefix do not count.
fn same_target(a: &str, b: &str) -> bool {
    let norm = |s: &str| {
        let s = s.trim();
        s.strip_prefix("tel:").unwrap_or(s).to_lowercase()
    };
    norm(a) == norm(b)
}

/// What differs between `expect` and a run.
pub fn check(expect: &Expect, outcome: &RunOutcome, target_keys: &[String], visits: &[Visit]) -> Vec<Difference> {
    let mut out = Vec::new();
    if let Some(k) = expect.outcome {
        if k != outcome.kind {
            out.push(Difference::Outcome { expected: k, actual: outcome.kind });
        }
    }
    if let Some(t) = expect.target.as_ref().filter(|t| !t.trim().is_empty()) {
        if !target_keys.iter().any(|k| same_target(k, t)) {
            out.push(Difference::Target { expected: t.clone(), actual: outcome.target.clone() });
        }
    }
    // In order, others may come between.
    let mut rest = visits.iter();
    for want in &expect.visits {
        let w = want.trim();
        if !rest.any(|v| v.id.eq_ignore_ascii_case(w) || v.name.trim().eq_ignore_ascii_case(w)) {
            out.push(Difference::NotVisited { action: want.clone() });
            break;
        }
    }
    out
}

/// The suite with each run case's outcome and target as its expectation (a baseline). Visits already expected
/// are kept; cases not run keep what they had.
pub fn with_results_as_expected<R: Borrow<CaseResult>>(suite: &Suite, results: &[R]) -> Suite {
    let mut s = suite.clone();
    for r in results.iter().map(Borrow::borrow) {
        if let Some(case) = s.cases.get_mut(r.index) {
            let visits = case.expect.as_ref().map(|e| e.visits.clone()).unwrap_or_default();
            case.expect = Some(Expect { outcome: Some(r.outcome.kind), target: r.outcome.target.clone(), visits });
            if case.name.trim().is_empty() {
                case.name = r.name.clone();
            }
        }
    }
    s
}

/// Results as CSV: case, outcome, target, result, what differed, path.
pub fn results_csv<R: Borrow<CaseResult>>(results: &[R]) -> String {
    let mut out = csv::line(&["case", "outcome", "target", "result", "differences", "description", "path"]);
    for r in results.iter().map(Borrow::borrow) {
        let path = r.visits.iter().map(|v| v.name.as_str()).collect::<Vec<_>>().join(" > ");
        out.push_str(&csv::line(&[
            &r.name,
            kind_text(r.outcome.kind),
            r.outcome.target.as_deref().unwrap_or(""),
            verdict_text(r.verdict),
            &r.differences_text(),
            &r.outcome.description,
            &path,
        ]));
    }
    out
}

pub fn verdict_text(v: Verdict) -> &'static str {
    match v {
        Verdict::Passed => "passed",
        Verdict::Failed => "failed",
        Verdict::Recorded => "recorded",
    }
}

/// Results as JSON (without the full traces).
pub fn results_json<R: Borrow<CaseResult>>(results: &[R]) -> Value {
    Value::Array(
        results
            .iter()
            .map(Borrow::borrow)
            .map(|r| {
                serde_json::json!({
                    "case": r.name,
                    "outcome": r.outcome,
                    "result": r.verdict,
                    "differences": r.differences,
                    "visits": r.visits,
                })
            })
            .collect(),
    )
}

/// Counts of a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Tally {
    pub passed: usize,
    pub failed: usize,
    pub recorded: usize,
}

pub fn tally<R: Borrow<CaseResult>>(results: &[R]) -> Tally {
    let mut t = Tally::default();
    for r in results.iter().map(Borrow::borrow) {
        match r.verdict {
            Verdict::Passed => t.passed += 1,
            Verdict::Failed => t.failed += 1,
            Verdict::Recorded => t.recorded += 1,
        }
    }
    t
}

/// `GET /api/v2/flows/{id}/latestconfiguration` (the saved configuration), or a published version's
/// `GET /api/v2/flows/{id}/versions/{versionId}/configuration`.
pub fn configuration_path(flow_id: &str, version: Option<&str>) -> String {
    match version.map(str::trim).filter(|v| !v.is_empty()) {
        None => format!("/api/v2/flows/{}/latestconfiguration", enc(flow_id.trim())),
        Some(v) => format!("/api/v2/flows/{}/versions/{}/configuration", enc(flow_id.trim()), enc(v)),
    }
}

/// `GET /api/v2/flows/{id}/versions`.
pub fn versions_path(flow_id: &str) -> String {
    format!("/api/v2/flows/{}/versions?pageSize=100", enc(flow_id.trim()))
}

/// Reads a flow's configuration from the org.
pub async fn load_flow<C: HttpClient>(
    api: &Api<'_, C>,
    flow_id: &str,
    version: Option<&str>,
) -> Result<Flow, UserError> {
    let value = api.get_value(Call::FlowConfiguration, &configuration_path(flow_id, version)).await?;
    match &value {
        // Some servers send the configuration as a JSON string (or an export's text).
        Value::String(s) => Flow::parse(s).map_err(|e| {
            UserError::new(
                ErrorKind::NotJson,
                format!("The flow's configuration could not be read: {}", e.describe()),
                "Check that the flow has a saved configuration in Architect.",
            )
        }),
        v => Ok(Flow::from_json(v)),
    }
}

/// A published version of a flow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlowVersionInfo {
    pub id: String,
    pub name: String,
}

/// The flow's versions, newest first as the API lists them.
pub async fn list_versions<C: HttpClient>(api: &Api<'_, C>, flow_id: &str) -> Result<Vec<FlowVersionInfo>, UserError> {
    let v = api.get_value(Call::Other, &versions_path(flow_id)).await?;
    let list = v.get("entities").and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[]);
    Ok(list
        .iter()
        .filter_map(|e| {
            let id = e.get("id").and_then(Value::as_str)?.to_string();
            let name = e.get("name").and_then(Value::as_str).unwrap_or(&id).to_string();
            Some(FlowVersionInfo { id, name })
        })
        .collect())
}

/// One way a case's run differs between two versions of a flow (`before`: the published version, `after`: the
/// saved configuration).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shift {
    Outcome {
        before: OutcomeKind,
        after: OutcomeKind,
    },
    Target {
        before: Option<String>,
        after: Option<String>,
    },
    /// The paths part at `step` (0-based in the visits): the action each run takes there (`None`: it has ended).
    Path {
        step: usize,
        before: Option<String>,
        after: Option<String>,
    },
}

impl Shift {
    /// `target 'Gold' (was 'Support')`, `path at step 4: 'Transfer to Gold' (was 'Transfer to Support')`.
    pub fn describe(&self) -> String {
        let named = |o: &Option<String>, none: &str| o.as_ref().map_or(none.to_string(), |s| format!("'{s}'"));
        match self {
            Shift::Outcome { before, after } => format!("outcome {} (was {})", kind_text(*after), kind_text(*before)),
            Shift::Target { before, after } => {
                format!("target {} (was {})", named(after, "none"), named(before, "none"))
            }
            Shift::Path { step, before, after } => {
                format!("path at step {}: {} (was {})", step + 1, named(after, "the end"), named(before, "the end"))
            }
        }
    }
}

/// A case whose outcome or path differs between two runs of the same suite (two versions of a flow).
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub index: usize,
    pub name: String,
    pub before: RunOutcome,
    pub after: RunOutcome,
    /// What differs, outcome first; never empty.
    pub shifts: Vec<Shift>,
}

impl Change {
    /// The outcome's kind or target differs.
    pub fn outcome_changed(&self) -> bool {
        self.shifts.iter().any(|s| !matches!(s, Shift::Path { .. }))
    }
    /// The first step where the paths part, when they do.
    pub fn first_divergence(&self) -> Option<usize> {
        self.shifts.iter().find_map(|s| match s {
            Shift::Path { step, .. } => Some(*step),
            _ => None,
        })
    }
    pub fn describe(&self) -> String {
        self.shifts.iter().map(Shift::describe).collect::<Vec<_>>().join("; ")
    }
}

/// The cases of `before` and `after` (same suite, matched by index; both in case order, as runs give them) whose
/// outcome or path differ.
pub fn compare<R: Borrow<CaseResult>>(before: &[R], after: &[R]) -> Vec<Change> {
    let mut out = Vec::new();
    for b in before.iter().map(Borrow::borrow) {
        let Ok(at) = after.binary_search_by_key(&b.index, |a| a.borrow().index) else { continue };
        let a = after[at].borrow();
        let mut shifts = Vec::new();
        if b.outcome.kind != a.outcome.kind {
            shifts.push(Shift::Outcome { before: b.outcome.kind, after: a.outcome.kind });
        }
        if b.outcome.target != a.outcome.target {
            shifts.push(Shift::Target { before: b.outcome.target.clone(), after: a.outcome.target.clone() });
        }
        let same = |x: &Visit, y: &Visit| x.id == y.id;
        if b.visits.len() != a.visits.len() || !b.visits.iter().zip(&a.visits).all(|(x, y)| same(x, y)) {
            let step = b.visits.iter().zip(&a.visits).take_while(|(x, y)| same(x, y)).count();
            let at = |r: &CaseResult| r.visits.get(step).map(Visit::label);
            shifts.push(Shift::Path { step, before: at(b), after: at(a) });
        }
        if !shifts.is_empty() {
            out.push(Change {
                index: b.index,
                name: b.name.clone(),
                before: b.outcome.clone(),
                after: a.outcome.clone(),
                shifts,
            });
        }
    }
    out
}
