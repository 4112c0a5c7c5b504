//! Checks of the form before anything is sent.

use crate::base::phone::{country_or_default, normalize, Country};
use crate::wire::contract::{
    ActionOverride, NamedValue, SimulationContext, SimulationRequest, DEFAULT_TIMEOUT_MS, MAX_TIMEOUT_MS,
    MIN_TIMEOUT_MS,
};

/// What the user typed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FormInput {
    pub flow_id: String,
    pub node_id: String,
    pub phone: String,
    /// ISO code of the "Default country" setting, which reads numbers written without a country code;
    /// empty (or unknown) means the United States.
    pub default_country: String,
    pub to: String,
    pub channel: String,
    pub conversation_id: String,
    /// Empty means the default.
    pub timeout_ms: String,
    /// Whether a flow file is loaded (then the Flow ID is not needed).
    pub has_flow_file: bool,
    /// What the caller answers, comma-separated: `2, 1#, yes`.
    pub inputs: String,
    /// The simulated instant, ISO 8601 in UTC (the page converts the local time it shows); empty: now.
    pub time: String,
    pub language: String,
    /// Flow input variables, one `Flow.name = value` per line.
    pub flow_inputs: String,
    /// Overrides, one per line: `Action name or id: Path` and/or `Action name or id.Output = value`.
    pub overrides: String,
    /// Data actions the user opts in to run for real, by name or id, comma-separated.
    pub run_data_actions: String,
}

/// A field of the form, for the problems that belong to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormField {
    ApiBase,
    Proxy,
    Token,
    FlowId,
    NodeId,
    Phone,
    To,
    Timeout,
    Inputs,
    Time,
    FlowInputs,
    Overrides,
}

impl FormField {
    /// The field's visible label.
    pub fn label(self) -> &'static str {
        match self {
            FormField::ApiBase => "API base URL",
            FormField::Proxy => "CORS proxy",
            FormField::Token => "Access token",
            FormField::FlowId => "Flow ID",
            FormField::NodeId => "Start at",
            FormField::Phone => "Phone number",
            FormField::To => "To",
            FormField::Timeout => "Timeout (ms)",
            FormField::Inputs => "Inputs",
            FormField::Time => "Time",
            FormField::FlowInputs => "Flow inputs",
            FormField::Overrides => "Overrides",
        }
    }
}

/// A problem with one field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldIssue {
    pub field: FormField,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Validated {
    pub request: SimulationRequest,
    /// Not blocking (e.g. an id that is not a GUID).
    pub warnings: Vec<FieldIssue>,
    /// How the phone number was read, when something was assumed.
    pub phone_note: Option<String>,
}

/// Whether `s` is a GUID like `9a8b7c6d-1234-4abc-9def-0123456789ab` (any case).
pub fn is_guid(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.len() == 5
        && parts.iter().zip([8, 4, 4, 4, 12]).all(|(p, n)| p.len() == n && p.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Reads the "Phone number" field: a phone number (normalised to E.164), or, for actions that look up by
/// External Contact ID or email, a contact id (GUID) or an email address, used as typed.
/// Returns the key and a note on how it was read.
pub fn lookup_key(input: &str) -> Result<(String, Option<String>), String> {
    lookup_key_in(input, country_or_default(""))
}

/// `lookup_key` with `default` as the country of numbers written without a country code.
pub fn lookup_key_in(input: &str, default: &'static Country) -> Result<(String, Option<String>), String> {
    let t = input.trim();
    if is_guid(t) {
        return Ok((t.to_ascii_lowercase(), Some("Used as an External Contact ID, not a phone number.".to_string())));
    }
    if t.contains('@') && !t.contains(char::is_whitespace) && !t.starts_with('@') && !t.ends_with('@') {
        return Ok((t.to_string(), Some("Used as an email address, not a phone number.".to_string())));
    }
    let n = normalize(t, default).map_err(|e| e.to_string())?;
    let note = match (&n.extension, n.note) {
        (Some(x), note) => Some(
            [note, Some(format!("Extension {x} kept apart: contacts are searched by the number alone."))]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" "),
        ),
        (None, note) => note,
    };
    Ok((n.e164, note))
}

/// Parses the timeout field: empty → 5,000; otherwise an integer from 1,000 to 30,000.
pub fn parse_timeout(s: &str) -> Result<u32, String> {
    let t = s.trim().replace([',', '_', ' '], "");
    if t.is_empty() {
        return Ok(DEFAULT_TIMEOUT_MS);
    }
    match t.parse::<u64>() {
        Ok(n) if (MIN_TIMEOUT_MS as u64..=MAX_TIMEOUT_MS as u64).contains(&n) => Ok(n as u32),
        Ok(_) => Err(format!("Timeout must be from {MIN_TIMEOUT_MS} to {MAX_TIMEOUT_MS} ms.")),
        Err(_) => {
            Err(format!("Timeout must be a whole number of milliseconds, from {MIN_TIMEOUT_MS} to {MAX_TIMEOUT_MS}."))
        }
    }
}

/// Builds the simulation request, or lists every blocking problem.
pub fn validate(input: &FormInput) -> Result<Validated, Vec<FieldIssue>> {
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    let flow_id = input.flow_id.trim();
    let node_id = input.node_id.trim();
    if flow_id.is_empty() && !input.has_flow_file {
        errors.push(FieldIssue {
            field: FormField::FlowId,
            message: "Flow ID is required (or choose a Flow file).".to_string(),
        });
    }
    // "Start at" is optional: empty starts at the flow's beginning; a tracking id or an action name also works.
    for (field, value) in [(FormField::FlowId, flow_id), (FormField::NodeId, node_id)] {
        let label = field.label();
        let tracking_id = field == FormField::NodeId && value.bytes().all(|b| b.is_ascii_digit());
        if !value.is_empty() && !tracking_id && !is_guid(value) {
            warnings.push(FieldIssue {
                field,
                message: format!("{label} \"{value}\" is not a GUID; Genesys Cloud ids look like 9a8b7c6d-1234-4abc-9def-0123456789ab."),
            });
        }
    }
    let country = country_or_default(&input.default_country);
    let phone = lookup_key_in(&input.phone, country);
    if let Err(e) = &phone {
        errors.push(FieldIssue { field: FormField::Phone, message: e.clone() });
    }
    let to = if input.to.trim().is_empty() {
        Ok("+15550000000".to_string())
    } else {
        normalize(&input.to, country).map(|n| n.e164)
    };
    if let Err(e) = &to {
        errors.push(FieldIssue { field: FormField::To, message: e.to_string() });
    }
    let timeout = parse_timeout(&input.timeout_ms);
    if let Err(e) = &timeout {
        errors.push(FieldIssue { field: FormField::Timeout, message: e.clone() });
    }
    let inputs = parse_list(&input.inputs);
    let time = input.time.trim().to_string();
    if !time.is_empty() && crate::expr::civil::parse_datetime(&time).is_none() {
        errors.push(FieldIssue { field: FormField::Time, message: format!("\"{time}\" is not a date and time.") });
    }
    let flow_inputs = parse_assignments(&input.flow_inputs, FormField::FlowInputs, &mut errors);
    let overrides = parse_overrides(&input.overrides, &mut errors);
    let (Ok(phone), Ok(to), Ok(timeout), true) = (phone, to, timeout, errors.is_empty()) else {
        return Err(errors);
    };
    let channel = match input.channel.trim() {
        "" => "voice".to_string(),
        c => c.to_string(),
    };
    Ok(Validated {
        request: SimulationRequest {
            flow_id: flow_id.to_string(),
            node_id: node_id.to_string(),
            timeout,
            context: SimulationContext {
                from: phone.0,
                to,
                media_type: channel.clone(),
                channel,
                conversation_id: input.conversation_id.trim().to_string(),
                time,
                language: input.language.trim().to_ascii_lowercase(),
                inputs,
            },
            flow_inputs,
            overrides,
            run_data_actions: parse_list(&input.run_data_actions),
        },
        warnings,
        phone_note: phone.1,
    })
}

/// A comma-separated list (`2, 1#, yes`), blanks dropped.
pub fn parse_list(text: &str) -> Vec<String> {
    text.split([',', '\n']).map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect()
}

/// Lines of `name = value` (blank lines skipped); a line without `=` is an error of `field`.
pub fn parse_assignments(text: &str, field: FormField, errors: &mut Vec<FieldIssue>) -> Vec<NamedValue> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate().map(|(i, l)| (i + 1, l.trim())).filter(|(_, l)| !l.is_empty()) {
        match line.split_once('=') {
            Some((name, value)) if !name.trim().is_empty() => {
                out.push(NamedValue { name: name.trim().to_string(), value: unquote(value.trim()) })
            }
            _ => errors.push(FieldIssue {
                field,
                message: format!("Line {n} \"{line}\" is not name = value (e.g. Flow.customerId = 42)."),
            }),
        }
    }
    out
}

/// A value typed in quotes (`"Gold"`) is the text inside them.
fn unquote(v: &str) -> String {
    v.strip_prefix('"').and_then(|x| x.strip_suffix('"')).unwrap_or(v).to_string()
}

/// Overrides, one per line: `Action: Path` takes that path; `Action.Output = value` sets an output (a collection
/// output takes a JSON array, `["c1", "c2"]`, or `MakeList("c1", "c2")`). Lines for the same action are merged.
pub fn parse_overrides(text: &str, errors: &mut Vec<FieldIssue>) -> Vec<ActionOverride> {
    let mut out: Vec<ActionOverride> = Vec::new();
    for (n, line) in text.lines().enumerate().map(|(i, l)| (i + 1, l.trim())).filter(|(_, l)| !l.is_empty()) {
        let (action, path, output) = if let Some((lhs, value)) = line.split_once('=') {
            match lhs.trim().rsplit_once('.') {
                Some((a, o)) if !a.trim().is_empty() && !o.trim().is_empty() => {
                    let value = value.trim();
                    // A list for a collection output is a JSON array; a bracket that is not one is a mistake.
                    if value.starts_with('[') && serde_json::from_str::<serde_json::Value>(value).is_err() {
                        errors.push(FieldIssue {
                            field: FormField::Overrides,
                            message: format!(
                                "Line {n}: a list is a JSON array, with text in double quotes (e.g. {} = [\"c1\", \"c2\"]).",
                                lhs.trim()
                            ),
                        });
                        continue;
                    }
                    (a.trim(), None, Some(NamedValue { name: o.trim().to_string(), value: unquote(value) }))
                }
                _ => {
                    errors.push(FieldIssue {
                        field: FormField::Overrides,
                        message: format!("Line {n}: write Action.Output = value (e.g. Get balance.balance = 12.5)."),
                    });
                    continue;
                }
            }
        } else if let Some((a, p)) = line.split_once(':') {
            (a.trim(), Some(p.trim().to_string()), None)
        } else {
            errors.push(FieldIssue {
                field: FormField::Overrides,
                message: format!("Line {n} \"{line}\": write Action: Path or Action.Output = value."),
            });
            continue;
        };
        let o = match out.iter_mut().position(|o| o.action_id == action) {
            Some(i) => &mut out[i],
            None => {
                out.push(ActionOverride { action_id: action.to_string(), path: None, outputs: Vec::new() });
                let last = out.len() - 1;
                &mut out[last]
            }
        };
        if path.is_some() {
            o.path = path;
        }
        o.outputs.extend(output);
    }
    out
}

/// The Overrides text with action `action` taking `path` ("Override this action"): its `Action: Path` line
/// replaced, or one added at the end; its output lines stay. Returns the text and the byte range of the path in it
/// (the app selects it, for the user to change).
pub fn with_override_path(text: &str, action: &str, path: &str) -> (String, std::ops::Range<usize>) {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    while lines.last().is_some_and(|l| l.trim().is_empty()) {
        lines.pop();
    }
    let entry = format!("{action}: {path}");
    let is_path_line = |l: &String| !l.contains('=') && l.split_once(':').is_some_and(|(a, _)| a.trim() == action);
    let at = match lines.iter().position(is_path_line) {
        Some(i) => {
            lines[i] = entry;
            i
        }
        None => {
            lines.push(entry);
            lines.len() - 1
        }
    };
    let start = lines[..at].iter().map(|l| l.len() + 1).sum::<usize>() + action.len() + 2;
    (lines.join("\n"), start..start + path.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> FormInput {
        FormInput {
            flow_id: "9a8b7c6d-1234-4abc-9def-0123456789ab".into(),
            node_id: "1a8b7c6d-1234-4abc-9def-0123456789ab".into(),
            phone: "(555) 123-4567".into(),
            conversation_id: "conv".into(),
            ..Default::default()
        }
    }

    #[test]
    fn builds_the_request_with_defaults() {
        let v = validate(&input()).unwrap();
        assert_eq!(v.request.context.from, "+15551234567");
        assert_eq!(v.request.context.to, "+15550000000");
        assert_eq!(v.request.context.channel, "voice");
        assert_eq!(v.request.context.media_type, "voice");
        assert_eq!(v.request.timeout, 5000);
        assert!(v.warnings.is_empty());
    }

    #[test]
    fn the_default_country_reads_national_numbers() {
        let mut i = input();
        i.phone = "020 7946 0958".into();
        i.default_country = "GB".into();
        let v = validate(&i).unwrap();
        assert_eq!(v.request.context.from, "+442079460958");
        assert!(v.phone_note.unwrap().contains("United Kingdom"));
        // Without it, the same digits are refused rather than read as a North American number.
        i.default_country.clear();
        let errs = validate(&i).unwrap_err();
        assert!(errs.iter().any(|e| e.field == FormField::Phone && e.message.contains("11-digit")), "{errs:?}");
        i.phone = "+1 (555) 123-4567 ext. 89".into();
        let v = validate(&i).unwrap();
        assert_eq!(v.request.context.from, "+15551234567");
        assert!(v.phone_note.unwrap().contains("Extension 89"));
    }

    #[test]
    fn missing_ids_and_bad_timeout_are_listed_together() {
        let mut i = input();
        i.flow_id = " ".into();
        i.node_id.clear();
        i.timeout_ms = "999".into();
        let errs = validate(&i).unwrap_err();
        let fields: Vec<_> = errs.iter().map(|e| e.field.label()).collect();
        // "Start at" is optional: empty starts at the flow's beginning.
        assert_eq!(fields, ["Flow ID", "Timeout (ms)"]);
        i.timeout_ms.clear();
        i.has_flow_file = true;
        assert_eq!(validate(&i).unwrap().request.node_id, "");
    }

    #[test]
    fn override_this_action_sets_the_path_line_of_the_action_and_keeps_the_rest() {
        let (t, r) = with_override_path("", "a1", "Yes");
        assert_eq!((t.as_str(), &t[r]), ("a1: Yes", "Yes"));
        let before = "Get balance: Failure\na1: No\na1.x = 5\n\n";
        let (t, r) = with_override_path(before, "a1", "Yes");
        assert_eq!(t, "Get balance: Failure\na1: Yes\na1.x = 5");
        assert_eq!(&t[r], "Yes");
        let (t, r) = with_override_path("a1.x = 5", "büro", "Nein");
        assert_eq!((t.as_str(), &t[r]), ("a1.x = 5\nbüro: Nein", "Nein"));
        let mut errors = Vec::new();
        let parsed = parse_overrides(&t, &mut errors);
        assert!(errors.is_empty());
        assert_eq!(parsed[1].path.as_deref(), Some("Nein"));
    }

    #[test]
    fn a_collection_output_is_written_as_a_json_array_or_makelist() {
        let mut errors = Vec::new();
        let parsed = parse_overrides(
            "Get waiting calls.conversationID = [\"c1\", \"c2\"]\nGet waiting calls.participantID = MakeList(\"p1\")",
            &mut errors,
        );
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(parsed.len(), 1);
        assert_eq!(parsed[0].outputs[0], NamedValue { name: "conversationID".into(), value: r#"["c1", "c2"]"#.into() });
        assert_eq!(parsed[0].outputs[1].value, r#"MakeList("p1")"#);
        // Brackets that are not JSON get a sentence naming the line.
        let parsed = parse_overrides("A: Success\nA.ids = [c1, c2]", &mut errors);
        assert_eq!(parsed[0].outputs, []);
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].field, FormField::Overrides);
        assert!(errors[0].message.starts_with("Line 2: a list is a JSON array"), "{}", errors[0].message);
    }

    #[test]
    fn inputs_time_flow_inputs_and_overrides_reach_the_request() {
        let mut i = input();
        i.inputs = " 2, 1# ,, yes ".into();
        i.time = "2026-12-24T18:05:00Z".into();
        i.language = "EN-US".into();
        i.flow_inputs = "Flow.customerId = 42\n\nFlow.tier = \"Gold\"".into();
        i.overrides = "Get balance: Failure\nGet balance.balance = 12.5\nLookup CRM.tier = VIP".into();
        i.run_data_actions = "Get balance".into();
        let r = validate(&i).unwrap().request;
        assert_eq!(r.context.inputs, ["2", "1#", "yes"]);
        assert_eq!(r.context.time, "2026-12-24T18:05:00Z");
        assert_eq!(r.context.language, "en-us");
        assert_eq!(
            r.flow_inputs,
            [
                NamedValue { name: "Flow.customerId".into(), value: "42".into() },
                NamedValue { name: "Flow.tier".into(), value: "Gold".into() }
            ]
        );
        assert_eq!(r.overrides.len(), 2);
        assert_eq!(r.overrides[0].action_id, "Get balance");
        assert_eq!(r.overrides[0].path.as_deref(), Some("Failure"));
        assert_eq!(r.overrides[0].outputs, [NamedValue { name: "balance".into(), value: "12.5".into() }]);
        assert_eq!(r.overrides[1].outputs[0].name, "tier");
        assert_eq!(r.run_data_actions, ["Get balance"]);
    }

    #[test]
    fn malformed_lines_name_their_field_and_line() {
        let mut i = input();
        i.flow_inputs = "Flow.ok = 1\nno equals sign".into();
        i.overrides = "just words".into();
        i.time = "next tuesday".into();
        let errs = validate(&i).unwrap_err();
        let fields: Vec<_> = errs.iter().map(|e| e.field).collect();
        assert_eq!(fields, [FormField::Time, FormField::FlowInputs, FormField::Overrides]);
        assert!(errs[1].message.contains("Line 2"), "{}", errs[1].message);
    }

    #[test]
    fn non_guid_is_a_warning_not_an_error() {
        let mut i = input();
        i.node_id = "lookup-node".into();
        let v = validate(&i).unwrap();
        assert_eq!(v.warnings[0].field.label(), "Start at");
    }

    #[test]
    fn timeout_bounds() {
        assert_eq!(parse_timeout(""), Ok(5000));
        assert_eq!(parse_timeout("1000"), Ok(1000));
        assert_eq!(parse_timeout("30,000"), Ok(30000));
        assert!(parse_timeout("30001").is_err());
        assert!(parse_timeout("abc").is_err());
    }

    #[test]
    fn the_lookup_key_may_be_a_contact_id_or_an_email() {
        let mut i = input();
        i.phone = "0BADC0DE-0000-4000-8000-00000000C0DE".into();
        let v = validate(&i).unwrap();
        assert_eq!(v.request.context.from, "0badc0de-0000-4000-8000-00000000c0de");
        assert!(v.phone_note.unwrap().contains("External Contact ID"));
        assert_eq!(lookup_key(" ada@example.com ").unwrap().0, "ada@example.com");
        assert!(lookup_key("hello").unwrap_err().contains("phone number"));
    }
}
