//! Checks of the form before anything is sent.

use crate::base::phone::{country_or_default, normalize, Country};
use crate::wire::contract::{SimulationContext, SimulationRequest, DEFAULT_TIMEOUT_MS, MAX_TIMEOUT_MS, MIN_TIMEOUT_MS};

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
}

impl FormField {
    /// The field's visible label.
    pub fn label(self) -> &'static str {
        match self {
            FormField::ApiBase => "API base URL",
            FormField::Proxy => "CORS proxy",
            FormField::Token => "Access token",
            FormField::FlowId => "Flow ID",
            FormField::NodeId => "Node ID",
            FormField::Phone => "Phone number",
            FormField::To => "To",
            FormField::Timeout => "Timeout (ms)",
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
    for (field, value) in [(FormField::FlowId, flow_id), (FormField::NodeId, node_id)] {
        let label = field.label();
        if value.is_empty() {
            errors.push(FieldIssue { field, message: format!("{label} is required.") });
        } else if !is_guid(value) {
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
                ..Default::default()
            },
            ..Default::default()
        },
        warnings,
        phone_note: phone.1,
    })
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
        assert_eq!(fields, ["Flow ID", "Node ID", "Timeout (ms)"]);
    }

    #[test]
    fn non_guid_is_a_warning_not_an_error() {
        let mut i = input();
        i.node_id = "lookup-node".into();
        let v = validate(&i).unwrap();
        assert_eq!(v.warnings[0].field.label(), "Node ID");
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
