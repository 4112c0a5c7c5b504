//! Lean readers over `serde_json::Value` for the models flowsim reads from the network.
//!
//! They accept and refuse what the serde derives on those models (`#[serde(default)]`, `Option` fields,
//! unknown fields ignored) accept and refuse, with serde's sentences ("invalid type: integer `5`, expected a
//! string"), but cost a fraction of the derived `Deserialize` code in the wasm bundle. The derives stay for
//! native users (fake-genesys, tests); `tests` below checks both agree.

use serde_json::{Map, Value};

/// A reader's answer: the value, or serde's sentence for what is wrong.
pub type Read<T> = Result<T, String>;

/// A JSON object's fields.
pub type Obj = Map<String, Value>;

/// How serde names a JSON value it did not expect.
fn unexpected(v: &Value) -> String {
    match v {
        Value::Null => "null".to_string(),
        Value::Bool(b) => format!("boolean `{b}`"),
        Value::Number(n) if n.is_f64() => format!("floating point `{n}`"),
        Value::Number(n) => format!("integer `{n}`"),
        Value::String(s) => format!("string {s:?}"),
        Value::Array(_) => "sequence".to_string(),
        Value::Object(_) => "map".to_string(),
    }
}

/// serde's "invalid type" sentence.
pub fn invalid(v: &Value, expected: &str) -> String {
    format!("invalid type: {}, expected {expected}", unexpected(v))
}

/// The value as a JSON object (`expected` is e.g. "struct Flow").
pub fn object<'a>(v: &'a Value, expected: &str) -> Read<&'a Obj> {
    v.as_object().ok_or_else(|| invalid(v, expected))
}

/// An optional field: absent and `null` are `None`, anything else goes through `read`.
pub fn opt<T>(o: &Obj, key: &str, read: fn(&Value) -> Read<T>) -> Read<Option<T>> {
    match o.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => read(v).map(Some),
    }
}

/// A field with a default: absent is `T::default()`, anything else (`null` too) goes through `read`.
pub fn or_default<T: Default>(o: &Obj, key: &str, read: fn(&Value) -> Read<T>) -> Read<T> {
    o.get(key).map_or_else(|| Ok(T::default()), read)
}

/// A required field: absent is serde's "missing field".
pub fn required<T>(o: &Obj, key: &str, read: fn(&Value) -> Read<T>) -> Read<T> {
    match o.get(key) {
        Some(v) => read(v),
        None => Err(format!("missing field `{key}`")),
    }
}

/// Optional string fields, in table order: one call in place of one `opt` per field.
pub fn opt_strings(o: &Obj, fields: &mut [(&str, &mut Option<String>)]) -> Read<()> {
    for (key, slot) in fields.iter_mut() {
        **slot = opt(o, key, string)?;
    }
    Ok(())
}

pub fn string(v: &Value) -> Read<String> {
    match v {
        Value::String(s) => Ok(s.clone()),
        other => Err(invalid(other, "a string")),
    }
}

pub fn boolean(v: &Value) -> Read<bool> {
    v.as_bool().ok_or_else(|| invalid(v, "a boolean"))
}

pub fn any(v: &Value) -> Read<Value> {
    Ok(v.clone())
}

pub fn float(v: &Value) -> Read<f64> {
    v.as_f64().ok_or_else(|| invalid(v, "f64"))
}

/// An unsigned integer up to `max`; serde's "invalid value" when out of range.
fn unsigned(v: &Value, max: u64, expected: &str) -> Read<u64> {
    match v {
        Value::Number(n) if !n.is_f64() => match n.as_u64() {
            Some(u) if u <= max => Ok(u),
            _ => Err(format!("invalid value: integer `{n}`, expected {expected}")),
        },
        other => Err(invalid(other, expected)),
    }
}

pub fn u32(v: &Value) -> Read<u32> {
    unsigned(v, u32::MAX.into(), "u32").map(|n| n as u32)
}

pub fn u16(v: &Value) -> Read<u16> {
    unsigned(v, u16::MAX.into(), "u16").map(|n| n as u16)
}

pub fn u64(v: &Value) -> Read<u64> {
    unsigned(v, u64::MAX, "u64")
}

pub fn i64(v: &Value) -> Read<i64> {
    match v {
        Value::Number(n) if !n.is_f64() => {
            n.as_i64().ok_or_else(|| format!("invalid value: integer `{n}`, expected i64"))
        }
        other => Err(invalid(other, "i64")),
    }
}

/// A JSON array read element by element.
pub fn list<T>(v: &Value, read: fn(&Value) -> Read<T>) -> Read<Vec<T>> {
    match v {
        Value::Array(items) => items.iter().map(read).collect(),
        other => Err(invalid(other, "a sequence")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn sentences_match_serde() {
        let serde_err = |v: Value| serde_json::from_value::<String>(v).unwrap_err().to_string();
        for v in [json!(5), json!(-5), json!(1.5), json!(true), json!(null), json!([1]), json!({"a": 1})] {
            assert_eq!(string(&v).unwrap_err(), serde_err(v.clone()), "{v}");
        }
        let serde_u32 = |v: Value| serde_json::from_value::<u32>(v).unwrap_err().to_string();
        for v in [json!(-1), json!(5_000_000_000u64), json!(1.5), json!("7"), json!(null)] {
            assert_eq!(u32(&v).unwrap_err(), serde_u32(v.clone()), "{v}");
        }
        let serde_i64 = |v: Value| serde_json::from_value::<i64>(v).unwrap_err().to_string();
        for v in [json!(u64::MAX), json!(2.5), json!("x\"y")] {
            assert_eq!(i64(&v).unwrap_err(), serde_i64(v.clone()), "{v}");
        }
        assert_eq!(
            u16(&json!(70_000)).unwrap_err(),
            serde_json::from_value::<u16>(json!(70_000)).unwrap_err().to_string()
        );
        assert_eq!(float(&json!(3)), Ok(3.0));
        assert_eq!(
            list(&json!({}), boolean).unwrap_err(),
            serde_json::from_value::<Vec<bool>>(json!({})).unwrap_err().to_string()
        );
    }
}
