//! Reading an expression object's `config` node into an [`Expr`] tree.
//!
//! The node is `{<kind>: {pos, text?, type, val?, operands?}}` (flowconfig-format.md §5). Operand order of `.` is
//! `[property name, object]` and of `[` is `[index, collection]` (flow-census.md). Depth is bounded by
//! [`MAX_DEPTH`]; deeper trees read as `None` (the action then evaluates its text, or fails at run time).
//!
//! This lives in the flow layer until the expression helper's `Expr::from_config` lands; then it may delegate.

use serde_json::Value as Json;

use crate::base::text::text_of;
use crate::expr::{Expr, Type, Value};

/// How deep a `config` tree is read.
pub const MAX_DEPTH: usize = 100;

/// Reads a `config` node. `type_code` is the expression's declared type (used for an `emp` without its own).
pub fn read_config(v: &Json, type_code: &str) -> Option<Expr> {
    node(v, type_code, 0)
}

fn node(v: &Json, outer_type: &str, depth: usize) -> Option<Expr> {
    if depth > MAX_DEPTH {
        return None;
    }
    let o = v.as_object()?;
    let (kind, body) = o.iter().next()?;
    let b = body.as_object();
    let get = |k: &str| b.and_then(|b| b.get(k)).map(text_of).unwrap_or_default();
    let ty = {
        let t = get("type");
        if t.is_empty() {
            outer_type.to_string()
        } else {
            t
        }
    };
    let operands = || -> Vec<Expr> {
        match b.and_then(|b| b.get("operands")) {
            Some(Json::Array(ops)) => ops.iter().filter_map(|op| node(op, "", depth + 1)).collect(),
            _ => Vec::new(),
        }
    };
    Some(match kind.as_str() {
        "lit" => Expr::Literal(literal(&get("text"), &ty, &get("val"))),
        "emp" => Expr::Empty(type_of(&ty)),
        "nul" => Expr::NotSet,
        "ref" => {
            let id = get("val");
            Expr::Variable { name: get("text"), id: Some(id).filter(|s| !s.is_empty()) }
        }
        "sysref" => Expr::Builtin { key: get("val"), text: get("text") },
        "." => {
            let mut ops = operands();
            if ops.len() != 2 {
                return Some(Expr::Operator { op: ".".into(), operands: ops });
            }
            let object = ops.pop()?;
            let name = match ops.pop()? {
                Expr::Literal(Value::String(s)) => s,
                other => return Some(Expr::Operator { op: ".".into(), operands: vec![other, object] }),
            };
            Expr::Property { object: Box::new(object), name }
        }
        "[" => {
            let mut ops = operands();
            if ops.len() != 2 {
                return Some(Expr::Operator { op: "[".into(), operands: ops });
            }
            let collection = ops.pop()?;
            let index = ops.pop()?;
            Expr::Index { collection: Box::new(collection), index: Box::new(index) }
        }
        op if is_operator(op) => Expr::Operator { op: op.to_string(), operands: operands() },
        name => Expr::Call { name: name.to_string(), args: operands() },
    })
}

fn is_operator(k: &str) -> bool {
    matches!(
        k.to_ascii_lowercase().as_str(),
        "==" | "!=" | "<>" | "<" | ">" | "<=" | ">=" | "and" | "or" | "not" | "!" | "+" | "-" | "*" | "/" | "%" | "?"
    )
}

/// An Architect type from its code.
pub fn type_of(code: &str) -> Type {
    if let Some(item) = code.strip_suffix("_coll") {
        return Type::Collection(Box::new(type_of(item)));
    }
    match code {
        "str" => Type::String,
        "int" => Type::Integer,
        "dec" => Type::Decimal,
        "bln" => Type::Boolean,
        "dtm" => Type::DateTime,
        "dat" => Type::Date,
        "tim" => Type::Time,
        "dur" => Type::Duration,
        "phn" => Type::PhoneNumber,
        "jsn" => Type::Json,
        "cur" => Type::Currency,
        "aud" => Type::Audio,
        "com" => Type::Communication,
        "pmt" => Type::Prompt,
        "img" => Type::Image,
        "any" | "" => Type::Any,
        "que" | "usr" | "skl" | "lac" | "wrc" | "grp" | "sch" | "scg" | "emg" | "ulb" => Type::Entity(code.into()),
        c if c.starts_with("cpx_") => Type::Complex(c.into()),
        other => Type::Other(other.into()),
    }
}

/// A literal value from its text, type code and `val` (entity id).
pub fn literal(text: &str, ty: &str, val: &str) -> Value {
    match ty {
        "bln" => Value::Boolean(text.trim().eq_ignore_ascii_case("true")),
        "int" => text.trim().parse().map(Value::Integer).unwrap_or_else(|_| Value::String(text.into())),
        "dec" => text.trim().parse().map(Value::Decimal).unwrap_or_else(|_| Value::String(text.into())),
        "dur" => parse_duration(text).map(Value::Duration).unwrap_or_else(|| Value::String(text.into())),
        "phn" => {
            let e164 = text.strip_prefix("tel:").filter(|s| s.starts_with('+')).map(str::to_string);
            Value::PhoneNumber { uri: text.into(), e164 }
        }
        "aud" | "pmt" => Value::Audio(text.into()),
        "com" => Value::Communication(text.into()),
        "jsn" => serde_json::from_str(text).map(Value::Json).unwrap_or_else(|_| Value::String(text.into())),
        "que" | "usr" | "skl" | "lac" | "wrc" | "grp" | "sch" | "scg" | "emg" => {
            Value::Entity { ty: ty.into(), id: val.into(), name: text.into() }
        }
        _ => Value::String(text.into()),
    }
}

/// Architect's duration literal `P0D0H1M0S0F` (days, hours, minutes, seconds, fraction = milliseconds), also
/// ISO-8601 `PT1M30S`. Milliseconds; `None` when it is not one.
pub fn parse_duration(text: &str) -> Option<i64> {
    let t = text.trim();
    let rest = t.strip_prefix('P').or_else(|| t.strip_prefix('p'))?;
    let mut total: i64 = 0;
    let mut num = String::new();
    let mut any = false;
    let mut in_time = false;
    for c in rest.chars() {
        match c {
            '0'..='9' | '.' => num.push(c),
            'T' | 't' => in_time = true,
            _ => {
                let n: f64 = num.parse().ok()?;
                num.clear();
                let ms = match c.to_ascii_uppercase() {
                    'D' => n * 86_400_000.0,
                    'H' => n * 3_600_000.0,
                    'M' if in_time || !rest.contains('T') => n * 60_000.0,
                    'S' => n * 1000.0,
                    'F' => n,
                    'W' => n * 7.0 * 86_400_000.0,
                    _ => return None,
                };
                if !ms.is_finite() || ms.abs() > 1e17 {
                    return None;
                }
                total = total.saturating_add(ms as i64);
                any = true;
            }
        }
    }
    (any && num.is_empty()).then_some(total)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("P0D0H1M0S0F"), Some(60_000));
        assert_eq!(parse_duration("P0D0H0M2S500F"), Some(2_500));
        assert_eq!(parse_duration("PT1M30S"), Some(90_000));
        assert_eq!(parse_duration("later"), None);
    }

    #[test]
    fn reads_property_and_calls() {
        let c = json!({".": {"pos": 11, "text": "Task.Queue.id", "operands": [
            {"lit": {"pos": 11, "text": "id", "type": "str"}},
            {"ref": {"pos": 1, "text": "Task.Queue", "type": "que", "val": "v1"}}], "type": "str"}});
        assert_eq!(
            read_config(&c, "str"),
            Some(Expr::Property {
                object: Box::new(Expr::Variable { name: "Task.Queue".into(), id: Some("v1".into()) }),
                name: "id".into()
            })
        );
        let q = json!({"lit": {"text": "Services", "type": "que", "val": "q1"}});
        assert_eq!(
            read_config(&q, "que"),
            Some(Expr::Literal(Value::Entity { ty: "que".into(), id: "q1".into(), name: "Services".into() }))
        );
    }
}
