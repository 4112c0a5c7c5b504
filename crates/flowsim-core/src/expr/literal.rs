//! Values from configuration literals, and values written back as text: the literal a user reads
//! ([`Value::to_literal`]) and the text `ToString` gives ([`display_text`]).

use crate::base::phone::normalize_e164;
use crate::expr::civil;
use crate::expr::number;
use crate::expr::value::{Type, Value};

impl Value {
    /// The value of a `lit` node: its type, its `text` and (entities) its `val`. A literal that does not read
    /// as its type (an empty `text`, a malformed duration) is NOT_SET of that type.
    pub fn from_literal(ty: &Type, text: &str, val: Option<&str>) -> Value {
        let not_set = || Value::NotSet(ty.clone());
        match ty {
            Type::String => Value::String(text.to_string()),
            Type::Integer => number::parse_integer(text).map(Value::Integer).unwrap_or_else(not_set),
            Type::Decimal => number::parse_decimal(text).map(Value::Decimal).unwrap_or_else(not_set),
            Type::Boolean => match text.trim().to_ascii_lowercase().as_str() {
                "true" => Value::Boolean(true),
                "false" => Value::Boolean(false),
                _ => not_set(),
            },
            Type::Duration => number::parse_duration(text).map(Value::Duration).unwrap_or_else(not_set),
            Type::DateTime => civil::parse_datetime(text).map(Value::DateTime).unwrap_or_else(not_set),
            Type::Date => civil::parse_date(text).map(Value::Date).unwrap_or_else(not_set),
            Type::Time => civil::parse_time(text).map(Value::Time).unwrap_or_else(not_set),
            Type::PhoneNumber => {
                if text.trim().is_empty() {
                    not_set()
                } else {
                    phone_from_text(text)
                }
            }
            Type::Json => match serde_json::from_str(text) {
                Ok(j) => Value::Json(j),
                Err(_) => not_set(),
            },
            Type::Currency => currency_from_text(text).unwrap_or_else(not_set),
            Type::Entity(code) | Type::Other(code) if val.is_some_and(|v| !v.is_empty()) => {
                entity(code, val.unwrap_or_default(), text)
            }
            Type::Prompt | Type::Image if val.is_some_and(|v| !v.is_empty()) => {
                entity(&ty.code(), val.unwrap_or_default(), text)
            }
            Type::Audio if !text.is_empty() => Value::Audio(text.to_string()),
            Type::Communication if !text.is_empty() => Value::Communication(text.to_string()),
            Type::Collection(item) => Value::empty_list((**item).clone()),
            _ => not_set(),
        }
    }

    /// The value written as an Architect literal, for a person to read: `"llo"`, `5`, `7.0`, `true`,
    /// `NOT_SET`, `P1DT2H`, `2009-03-20T12:00:00.000Z`, `[1, 2]`.
    pub fn to_literal(&self) -> String {
        match self {
            Value::NotSet(_) => "NOT_SET".into(),
            Value::String(s) => quote(s),
            Value::Audio(s) | Value::Communication(s) => quote(s),
            Value::List { items, .. } => {
                let inner: Vec<String> = items.iter().map(Value::to_literal).collect();
                format!("[{}]", inner.join(", "))
            }
            Value::Entity { id, name, .. } if name.is_empty() => quote(id),
            Value::Entity { name, .. } => quote(name),
            other => display_text(other),
        }
    }
}

/// A phone number value from text: `tel:+1…`, `sip:…`, or digits (made E.164 as Genesys does).
pub fn phone_from_text(text: &str) -> Value {
    let t = text.trim();
    let lower = t.to_ascii_lowercase();
    if lower.starts_with("sip:") || lower.starts_with("sips:") {
        return Value::PhoneNumber { uri: t.to_string(), e164: None };
    }
    match normalize_e164(t) {
        Ok(e) => Value::PhoneNumber { uri: format!("tel:{}", e.e164), e164: Some(e.e164) },
        Err(_) => Value::PhoneNumber { uri: t.to_string(), e164: None },
    }
}

/// `5.25|USD` or `USD 5.25`.
fn currency_from_text(text: &str) -> Option<Value> {
    let t = text.trim();
    let (amount, code) = t.split_once('|').or_else(|| t.split_once(' ').map(|(c, a)| (a, c)))?;
    let amount = if amount.trim().is_empty() { None } else { Some(number::parse_decimal(amount)?) };
    Some(Value::Currency { amount, code: code.trim().to_ascii_uppercase() })
}

fn entity(code: &str, id: &str, name: &str) -> Value {
    Value::Entity { ty: code.to_string(), id: id.to_string(), name: name.to_string() }
}

/// A string in double quotes with Architect's escapes.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The text `ToString` gives for a value (NOT_SET is the empty text here; callers that must tell it apart
/// check first).
pub fn display_text(value: &Value) -> String {
    match value {
        Value::NotSet(_) => String::new(),
        Value::String(s) | Value::Audio(s) | Value::Communication(s) | Value::Enum(s) => s.clone(),
        Value::Integer(i) => i.to_string(),
        Value::Decimal(d) => number::format_decimal(*d),
        Value::Boolean(b) => b.to_string(),
        Value::DateTime(ms) => civil::format_datetime(*ms),
        Value::Date(d) => civil::format_date(*d),
        Value::Time(t) => civil::format_time(*t),
        Value::Duration(ms) => number::format_duration(*ms),
        Value::PhoneNumber { uri, .. } => uri.clone(),
        Value::Json(j) => j.to_string(),
        Value::Currency { amount, code } => {
            format!("{}|{code}", amount.map(number::format_decimal).unwrap_or_default())
        }
        Value::Entity { id, name, .. } => {
            if name.is_empty() {
                id.clone()
            } else {
                name.clone()
            }
        }
        Value::Complex { .. } => value.to_json().to_string(),
        Value::List { items, .. } => items.iter().map(display_text).collect::<Vec<_>>().join(","),
    }
}
