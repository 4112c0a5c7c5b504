//! The suite file: a flow, defaults for every case, and the cases with what each expects. Read with serde
//! (`deny_unknown_fields` everywhere) and `base::lenient`, so a misspelt key is refused with its path
//! (`cases[2].expect.outcom`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::base::lenient;
use crate::expr::civil::parse_datetime;
use crate::wire::contract::OutcomeKind;

/// Suites larger than this are refused (a run of this many cases is already hours against an org).
pub const MAX_CASES: usize = 100_000;

/// A suite of interactions run against one flow.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Suite {
    #[serde(default)]
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flow: Option<FlowRef>,
    #[serde(default, skip_serializing_if = "Case::is_empty")]
    pub defaults: Defaults,
    #[serde(default)]
    pub cases: Vec<Case>,
}

/// Which flow the suite runs: a `file` (an Architect export or a configuration JSON; relative to the suite
/// file), or a flow of the org by `id` (its saved configuration, or a published `version`). Exactly one of
/// `file` and `id`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct FlowRef {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
}

impl FlowRef {
    pub fn file(file: &str) -> Self {
        FlowRef { file: Some(file.into()), ..Default::default() }
    }
    pub fn id(id: &str, version: Option<&str>) -> Self {
        FlowRef { id: Some(id.into()), version: version.map(str::to_string), ..Default::default() }
    }
}

/// The user's answer for an action flowsim cannot run (a data action, a bot): the path to take and outputs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct OverrideSpec {
    /// The path's output id (`__FAILURE__`) or label (`Failure`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// Output values as text (`"12"`, `"NOT_SET"`), or any JSON: a collection output takes an array
    /// (`["c1", "c2"]`), a JSON output an object.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub outputs: BTreeMap<String, serde_json::Value>,
}

impl OverrideSpec {
    /// The outputs as the interpreter reads them: text as written, other JSON as JSON text.
    pub fn output_texts(&self) -> Vec<(String, String)> {
        let text = |v: &serde_json::Value| match v {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        self.outputs.iter().map(|(k, v)| (k.clone(), text(v))).collect()
    }
}

/// One interaction and what it should do. The suite's `defaults` are the same fields without `name` and
/// `expect` (refused there): what every case starts from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Case {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ani: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dnis: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// ISO 8601 (`2026-01-05T15:00:00Z`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time: Option<String>,
    /// A case's replaces the defaults' when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inputs: Option<Vec<String>>,
    /// By action name or id; a case's are added to the defaults' (the case's win for the same action).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub overrides: BTreeMap<String, OverrideSpec>,
    /// `None`: the case records what happens.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expect: Option<Expect>,
}

/// What every case starts from: a [`Case`] without `name` and `expect`.
pub type Defaults = Case;

impl Case {
    pub fn is_empty(&self) -> bool {
        *self == Case::default()
    }
}

/// What a case expects. Each part given is checked; a part left out is not.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<OutcomeKind>,
    /// The queue, flow, number, user or group transferred to, by name or id (ignoring case).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    /// Actions (by name or id) the run passes through, in this order (others may come between).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub visits: Vec<String>,
}

/// Why a suite file was refused: where (`cases[2].expect.outcom`, empty at the top) and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SuiteError {
    pub path: String,
    pub message: String,
}

impl SuiteError {
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        SuiteError { path: path.into(), message: message.into() }
    }
    /// One sentence for the user.
    pub fn describe(&self) -> String {
        if self.path.is_empty() || self.path == "." {
            format!("The suite is not valid: {}.", self.message.trim_end_matches('.'))
        } else {
            format!("The suite is not valid at {}: {}.", self.path, self.message.trim_end_matches('.'))
        }
    }
}

impl std::fmt::Display for SuiteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.describe())
    }
}

impl Suite {
    /// Reads a suite file (JSON) and checks what serde cannot (times, case count).
    pub fn parse(text: &str) -> Result<Suite, SuiteError> {
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|e| SuiteError::new("", format!("it is not JSON ({e})")))?;
        // serde reads a struct from an array too; a suite is an object.
        if !value.is_object() {
            return Err(SuiteError::new("", "a suite is a JSON object, {\"name\": …, \"cases\": […]}"));
        }
        // The derives judge (`deny_unknown_fields`); the lenient reader finds the first part they refuse, so
        // the error names its place (`cases[2].expect.outcom`) and serde's sentence says what is wrong there.
        let read = lenient::read::<Suite>(&value).map_err(|e| SuiteError::new("", e.to_string()))?;
        if let Some(d) = read.dropped.into_iter().next() {
            return Err(SuiteError::new(d.path, d.why));
        }
        let suite = read.value;
        suite.check()?;
        Ok(suite)
    }

    fn check(&self) -> Result<(), SuiteError> {
        if self.cases.len() > MAX_CASES {
            return Err(SuiteError::new("cases", format!("more than {MAX_CASES} cases")));
        }
        if let Some(f) = &self.flow {
            let given = |o: &Option<String>| o.as_ref().is_some_and(|s| !s.trim().is_empty());
            match (given(&f.file), given(&f.id)) {
                (true, true) => return Err(SuiteError::new("flow", "give either a file or an id, not both")),
                (false, false) => return Err(SuiteError::new("flow", "give the flow's file or its id")),
                (true, false) if f.version.is_some() => {
                    return Err(SuiteError::new("flow.version", "a version goes with a flow id, not a file"))
                }
                _ => {}
            }
        }
        if !self.defaults.name.is_empty() {
            return Err(SuiteError::new("defaults.name", "a name belongs to a case, not to the defaults"));
        }
        if self.defaults.expect.is_some() {
            return Err(SuiteError::new("defaults.expect", "an expectation belongs to a case, not to the defaults"));
        }
        check_time("defaults.time", self.defaults.time.as_deref())?;
        for (i, c) in self.cases.iter().enumerate() {
            check_time(&format!("cases[{i}].time"), c.time.as_deref())?;
        }
        Ok(())
    }

    /// The JSON text of the suite (pretty), e.g. to export it with its expectations.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// A case's name, or `Case N` (1-based) when it has none.
    pub fn case_name(&self, index: usize) -> String {
        match self.cases.get(index).map(|c| c.name.trim()) {
            Some(n) if !n.is_empty() => n.to_string(),
            _ => format!("Case {}", index + 1),
        }
    }
}

fn check_time(path: &str, time: Option<&str>) -> Result<(), SuiteError> {
    match time {
        Some(t) if !t.trim().is_empty() && parse_datetime(t).is_none() => {
            Err(SuiteError::new(path, format!("'{t}' is not a date and time such as 2026-01-05T15:00:00Z (ISO 8601)")))
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_suite_reads_and_writes_back_the_same() {
        let text = r#"{
          "name": "Main line",
          "flow": {"id": "f1", "version": "3.0"},
          "defaults": {"ani": "+13175550100", "dnis": "+18005550199", "channel": "call", "language": "en-us",
                       "time": "2026-01-05T15:00:00Z", "inputs": ["1"],
                       "overrides": {"Get balance": {"path": "Success", "outputs": {"balance": "12"}}}},
          "cases": [
            {"name": "VIP", "ani": "+15551234567", "inputs": ["2", "1#"],
             "expect": {"outcome": "transfer", "target": "Gold", "visits": ["Main menu"]}},
            {"name": "Unknown"}
          ]
        }"#;
        let s = Suite::parse(text).unwrap();
        assert_eq!(s.flow, Some(FlowRef::id("f1", Some("3.0"))));
        assert_eq!(s.cases[0].expect.as_ref().unwrap().outcome, Some(OutcomeKind::Transfer));
        assert_eq!(s.cases[1].expect, None);
        assert_eq!(s.defaults.overrides["Get balance"].outputs["balance"], "12");
        assert_eq!(s.defaults.overrides["Get balance"].output_texts(), [("balance".into(), "12".into())]);
        // A collection output as a JSON array; other JSON as its text.
        let lists = Suite::parse(
            r#"{"cases": [{"overrides": {"Get calls": {"outputs": {"ids": ["c1", "c2"], "count": 2, "none": "NOT_SET"}}}}]}"#,
        )
        .unwrap();
        assert_eq!(
            lists.cases[0].overrides["Get calls"].output_texts(),
            [
                ("count".to_string(), "2".to_string()),
                ("ids".into(), r#"["c1","c2"]"#.into()),
                ("none".into(), "NOT_SET".into())
            ]
        );
        assert_eq!(Suite::parse(&s.to_json()).unwrap(), s);
        let f = Suite::parse(r#"{"flow": {"file": "Main.i3InboundFlow"}, "cases": []}"#).unwrap();
        assert_eq!(f.flow, Some(FlowRef::file("Main.i3InboundFlow")));
    }

    fn refused(text: &str) -> SuiteError {
        match Suite::parse(text) {
            Err(e) => e,
            Ok(s) => panic!("accepted: {s:?}"),
        }
    }

    #[test]
    fn unknown_keys_are_refused_with_their_path() {
        let e = refused(r#"{"cases": [{}, {}, {"expect": {"outcom": "transfer"}}]}"#);
        assert_eq!(e.path, "cases[2].expect.outcom");
        assert!(e.message.contains("unknown field `outcom`"), "{e:?}");
        assert!(e.describe().starts_with("The suite is not valid at cases[2].expect.outcom: unknown field `outcom`"));
        assert_eq!(refused(r#"{"nmae": "x"}"#).path, "nmae");
        assert!(refused(r#"{"nmae": "x"}"#).describe().contains("unknown field `nmae`"));
        assert_eq!(refused(r#"{"defaults": {"ani": "1", "dniss": "2"}}"#).path, "defaults.dniss");
        assert_eq!(refused(r#"{"defaults": {"overrides": {"A": {"paht": "x"}}}}"#).path, "defaults.overrides.A.paht");
    }

    #[test]
    fn every_kind_of_bad_file_gets_a_sentence_with_its_place() {
        let e = refused(r#"{"cases": [{"expect": {"outcome": "transferred"}}]}"#);
        assert_eq!(e.path, "cases[0].expect.outcome");
        assert!(e.message.contains("unknown variant `transferred`"), "{e:?}");
        let e = refused(r#"{"cases": [{"inputs": "1"}]}"#);
        assert_eq!(e.path, "cases[0].inputs");
        assert!(e.message.contains("expected a sequence"), "{e:?}");
        let e = refused(r#"{"cases": [{"ani": 5}]}"#);
        assert_eq!(e.path, "cases[0].ani");
        let e = refused(r#"{"cases": [{"time": "yesterday"}]}"#);
        assert_eq!(e.path, "cases[0].time");
        assert!(e.describe().contains("'yesterday' is not a date and time"));
        let e = refused(r#"{"flow": {"path": "x"}}"#);
        assert_eq!(e.path, "flow.path");
        assert!(refused(r#"{"flow": {"file": " "}}"#).describe().contains("give the flow's file or its id"));
        assert!(refused(r#"{"flow": {"file": "a", "id": "b"}}"#).describe().contains("not both"));
        assert_eq!(refused(r#"{"flow": {"file": "a", "version": "2"}}"#).path, "flow.version");
        let e = refused(r#"{"cases": [}"#);
        assert!(e.describe().contains("it is not JSON"), "{e:?}");
        assert!(refused("").describe().contains("it is not JSON"));
        assert!(refused("[]").describe().contains("a suite is a JSON object"));
        assert_eq!(refused(r#"{"cases": {}}"#).path, "cases");
        // The defaults are a case's fields without its name and expectation.
        let e = refused(r#"{"defaults": {"expect": {"outcome": "end"}}}"#);
        assert_eq!(e.path, "defaults.expect");
        assert!(e.describe().contains("an expectation belongs to a case"), "{e:?}");
        assert_eq!(refused(r#"{"defaults": {"name": "x"}}"#).path, "defaults.name");
    }
}
