//! Values from JSON of a declared type: data action outputs, data table rows, external contacts, org resources.

use std::collections::BTreeMap;

use serde_json::Value as Json;

use crate::expr::civil;
use crate::expr::literal::phone_from_text;
use crate::expr::number;
use crate::expr::value::{Type, Value};

impl Value {
    /// The value of `json` as a variable of type `ty` would hold it. `null` (and JSON that cannot be that type,
    /// such as `"abc"` for an Integer) is NOT_SET of the type; objects of complex types keep every field,
    /// typed by what it holds (`Type::Any` infers the type the same way).
    pub fn from_json(json: &Json, ty: &Type) -> Value {
        from_json_depth(json, ty, 0)
    }
}

/// JSON nests at most 128 levels when serde_json parsed it; values built in code are cut off here too.
const MAX_DEPTH: usize = 128;

fn from_json_depth(json: &Json, ty: &Type, depth: usize) -> Value {
    let not_set = || Value::NotSet(ty.clone());
    if json.is_null() || depth > MAX_DEPTH {
        return not_set();
    }
    let text = match json {
        Json::String(s) => Some(s.clone()),
        Json::Number(n) => Some(n.to_string()),
        Json::Bool(b) => Some(b.to_string()),
        _ => None,
    };
    match ty {
        Type::Any => infer(json, depth),
        Type::String => text.map(Value::String).unwrap_or_else(|| Value::String(json.to_string())),
        Type::Integer => match json {
            Json::Number(n) => {
                n.as_i64().filter(|i| number::int_in_range(*i)).map(Value::Integer).unwrap_or_else(not_set)
            }
            _ => text.and_then(|t| number::parse_integer(&t)).map(Value::Integer).unwrap_or_else(not_set),
        },
        Type::Decimal => match json {
            Json::Number(n) => n.as_f64().and_then(number::normalize).map(Value::Decimal).unwrap_or_else(not_set),
            _ => text.and_then(|t| number::parse_decimal(&t)).map(Value::Decimal).unwrap_or_else(not_set),
        },
        Type::Boolean => match json {
            Json::Bool(b) => Value::Boolean(*b),
            _ => Value::from_literal(ty, &text.unwrap_or_default(), None),
        },
        Type::DateTime => text.and_then(|t| civil::parse_datetime(&t)).map(Value::DateTime).unwrap_or_else(not_set),
        Type::Duration => match json {
            Json::Number(n) => n.as_i64().map(Value::Duration).unwrap_or_else(not_set),
            _ => text.and_then(|t| number::parse_duration(&t)).map(Value::Duration).unwrap_or_else(not_set),
        },
        Type::PhoneNumber => match json {
            Json::String(s) if !s.trim().is_empty() => phone_from_text(s),
            Json::Object(o) => match o.get("e164").or_else(|| o.get("display")).and_then(Json::as_str) {
                Some(s) if !s.trim().is_empty() => phone_from_text(s),
                _ => not_set(),
            },
            _ => not_set(),
        },
        Type::Json => Value::Json(json.clone()),
        Type::Entity(code) => match json {
            Json::Object(o) => {
                let field = |k: &str| o.get(k).and_then(Json::as_str).unwrap_or_default().to_string();
                if field("id").is_empty() {
                    not_set()
                } else {
                    Value::Entity { ty: code.clone(), id: field("id"), name: field("name") }
                }
            }
            Json::String(id) if !id.is_empty() => {
                Value::Entity { ty: code.clone(), id: id.clone(), name: String::new() }
            }
            _ => not_set(),
        },
        Type::Collection(item) => match json {
            Json::Array(items) => Value::List {
                item: (**item).clone(),
                items: items.iter().map(|j| from_json_depth(j, item, depth + 1)).collect(),
            },
            _ => not_set(),
        },
        Type::Complex(code) => match json {
            Json::Object(_) => match infer(json, depth) {
                Value::Complex { fields, .. } => Value::Complex { ty: code.clone(), fields },
                _ => not_set(),
            },
            _ => not_set(),
        },
        other => match text {
            Some(t) => Value::from_literal(other, &t, None),
            None => not_set(),
        },
    }
}

/// A value typed by what the JSON holds: text, Integer (whole numbers in range), Decimal, Boolean, a complex
/// value for an object, a collection for an array.
fn infer(json: &Json, depth: usize) -> Value {
    match json {
        Json::Null => Value::NotSet(Type::Any),
        Json::Bool(b) => Value::Boolean(*b),
        Json::String(s) => Value::String(s.clone()),
        Json::Number(n) => match n.as_i64().filter(|i| number::int_in_range(*i)) {
            Some(i) => Value::Integer(i),
            None => n.as_f64().and_then(number::normalize).map(Value::Decimal).unwrap_or(Value::NotSet(Type::Decimal)),
        },
        Json::Array(items) => {
            let values: Vec<Value> = items.iter().map(|j| from_json_depth(j, &Type::Any, depth + 1)).collect();
            crate::expr::functions::make_list_value(values)
        }
        Json::Object(o) => {
            let fields: BTreeMap<String, Value> =
                o.iter().map(|(k, v)| (k.clone(), from_json_depth(v, &Type::Any, depth + 1))).collect();
            Value::Complex { ty: "cpx_object".into(), fields }
        }
    }
}
