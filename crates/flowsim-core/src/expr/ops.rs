//! Operators, property access, indexing and equality.

use std::cmp::Ordering;

use crate::expr::civil;
use crate::expr::eval::RuntimeError;
use crate::expr::literal::display_text;
use crate::expr::number::{self, int_in_range, normalize};
use crate::expr::value::{Type, Value};

type R = Result<Value, RuntimeError>;

fn err(message: String) -> R {
    Err(RuntimeError::new(message))
}

/// A number of either kind.
#[derive(Clone, Copy)]
pub enum Num {
    I(i64),
    D(f64),
}

impl Num {
    pub fn of(v: &Value) -> Option<Num> {
        match v {
            Value::Integer(i) => Some(Num::I(*i)),
            Value::Decimal(d) => Some(Num::D(*d)),
            _ => None,
        }
    }
    pub fn f(self) -> f64 {
        match self {
            Num::I(i) => i as f64,
            Num::D(d) => d,
        }
    }
}

/// An integer result, refused outside Architect's range.
pub fn int_result(v: Option<i64>, what: &str) -> R {
    match v {
        Some(i) if int_in_range(i) => Ok(Value::Integer(i)),
        _ => err(format!("The result of {what} is outside Architect's Integer range (±999,999,999,999,999).")),
    }
}

/// A decimal result, refused when not finite.
pub fn dec_result(v: f64, what: &str) -> R {
    match normalize(v) {
        Some(d) if d.abs() < 1e40 => Ok(Value::Decimal(d)),
        _ => err(format!("The result of {what} is not a number Architect can hold.")),
    }
}

/// A duration result within range.
pub fn dur_result(v: Option<i64>, what: &str) -> R {
    match v {
        Some(ms) if ms.unsigned_abs() <= number::MAX_DURATION_MS as u64 => Ok(Value::Duration(ms)),
        _ => err(format!("The result of {what} is outside Architect's Duration range.")),
    }
}

/// A date-time result within 1800–2200.
pub fn dtm_result(v: Option<i64>, what: &str) -> R {
    match v {
        Some(ms) if (civil::MIN_DATETIME_MS..=civil::MAX_DATETIME_MS).contains(&ms) => Ok(Value::DateTime(ms)),
        _ => err(format!("The result of {what} is outside Architect's DateTime range (1800–2200).")),
    }
}

fn not_set_operand(op: &str) -> R {
    err(format!("An operand of {op} is NOT_SET; {op} needs a value (guard it with IsSet, e.g. If(IsSet(x), x, 0))."))
}

/// A unary operator: `-`, `!`, `~`.
pub fn unary(op: &str, v: Value) -> R {
    if v.is_not_set() {
        return not_set_operand(op);
    }
    match (op, v) {
        ("-", Value::Integer(i)) => int_result(i.checked_neg(), "-"),
        ("-", Value::Decimal(d)) => Ok(Value::Decimal(if d == 0.0 { 0.0 } else { -d })),
        ("-", Value::Duration(ms)) => dur_result(ms.checked_neg(), "-"),
        ("-", Value::Currency { amount, code }) => Ok(Value::Currency { amount: amount.map(|a| -a), code }),
        ("!", Value::Boolean(b)) => Ok(Value::Boolean(!b)),
        ("~", Value::Integer(i)) => int_result(Some(!i), "~"),
        (op, v) => err(format!("The operator {op} cannot apply to a {}.", v.ty())),
    }
}

/// A binary operator (lower-case spelling).
pub fn binary(op: &str, a: Value, b: Value) -> R {
    match op {
        "==" => return Ok(Value::Boolean(equal(&a, &b, false))),
        "!=" => return Ok(Value::Boolean(!equal(&a, &b, false))),
        _ => {}
    }
    if a.is_not_set() || b.is_not_set() {
        return not_set_operand(op);
    }
    let what = format!("{} {op} {}", a.to_literal(), b.to_literal());
    match op {
        "<" | "<=" | ">" | ">=" => {
            let ord = compare(&a, &b)
                .ok_or_else(|| RuntimeError::new(format!("{op} cannot compare a {} with a {}.", a.ty(), b.ty())))?;
            let r = match op {
                "<" => ord == Ordering::Less,
                "<=" => ord != Ordering::Greater,
                ">" => ord == Ordering::Greater,
                _ => ord != Ordering::Less,
            };
            Ok(Value::Boolean(r))
        }
        "&" | "|" => match (&a, &b) {
            (Value::Integer(x), Value::Integer(y)) => Ok(Value::Integer(if op == "&" { x & y } else { x | y })),
            _ => err(format!("{op} needs two Integers, not a {} and a {}.", a.ty(), b.ty())),
        },
        "+" | "-" | "*" | "/" | "%" | "^" => arithmetic(op, a, b, &what),
        _ => err(format!("flowsim does not know the operator {op}.")),
    }
}

fn arithmetic(op: &str, a: Value, b: Value, what: &str) -> R {
    if let (Some(x), Some(y)) = (Num::of(&a), Num::of(&b)) {
        return numeric(op, x, y, what);
    }
    match (op, a, b) {
        ("+", Value::String(x), Value::String(y)) => Ok(Value::String(x + &y)),
        // Text such as `"Hello " + 5`: Architect converts the other operand to a string (the configuration
        // stores it as `ToString(…)`).
        ("+", Value::String(x), y) if is_scalar(&y) => Ok(Value::String(x + &display_text(&y))),
        ("+", x, Value::String(y)) if is_scalar(&x) => Ok(Value::String(display_text(&x) + &y)),
        ("+", Value::Duration(x), Value::Duration(y)) => dur_result(x.checked_add(y), what),
        ("-", Value::Duration(x), Value::Duration(y)) => dur_result(x.checked_sub(y), what),
        ("+", Value::DateTime(t), Value::Duration(d)) | ("+", Value::Duration(d), Value::DateTime(t)) => {
            dtm_result(t.checked_add(d), what)
        }
        ("-", Value::DateTime(t), Value::Duration(d)) => dtm_result(t.checked_sub(d), what),
        ("+" | "-", Value::Currency { amount: x, code: cx }, Value::Currency { amount: y, code: cy }) => {
            if !cx.eq_ignore_ascii_case(&cy) {
                return err(format!("{op} cannot combine {cx} with {cy}; convert one with ConvertCurrency."));
            }
            let (x, y) = (x.unwrap_or(0.0), y.unwrap_or(0.0));
            let r = number::add(x, if op == "+" { y } else { -y });
            currency(r, cx, what)
        }
        ("*" | "/" | "%", Value::Currency { amount, code }, n) if Num::of(&n).is_some() => {
            let n = Num::of(&n).map(Num::f).unwrap_or(1.0);
            let x = amount.unwrap_or(0.0);
            if op != "*" && n == 0.0 {
                return err(format!("{what}: division by zero."));
            }
            let r = match op {
                "*" => x * n,
                "/" => x / n,
                _ => number::rem(x, n),
            };
            currency(r, code, what)
        }
        ("*", n, Value::Currency { amount, code }) if Num::of(&n).is_some() => {
            let n = Num::of(&n).map(Num::f).unwrap_or(1.0);
            currency(amount.unwrap_or(0.0) * n, code, what)
        }
        ("+", x, y) if is_audio(&x) && is_audio(&y) => Ok(Value::Audio(join_audio(&audio_text(&x), &audio_text(&y)))),
        (op, x, y) => err(format!("{op} cannot combine a {} and a {}.", x.ty(), y.ty())),
    }
}

/// A currency result, its amount rounded as a decimal result is; refused when not finite.
pub fn currency(amount: f64, code: String, what: &str) -> R {
    match dec_result(amount, what)? {
        Value::Decimal(d) => Ok(Value::Currency { amount: Some(d), code }),
        _ => err(format!("The result of {what} is not a number.")),
    }
}

fn is_scalar(v: &Value) -> bool {
    !matches!(v, Value::List { .. } | Value::Complex { .. } | Value::Json(_) | Value::NotSet(_))
}

pub fn is_audio(v: &Value) -> bool {
    matches!(v, Value::Audio(_)) || matches!(v, Value::Entity { ty, .. } if ty == "pmt")
}

/// What the caller hears for an audio or prompt value.
pub fn audio_text(v: &Value) -> String {
    match v {
        Value::Entity { ty, name, id } if ty == "pmt" => {
            format!("[prompt {}]", if name.is_empty() { id } else { name })
        }
        Value::NotSet(_) => String::new(),
        other => display_text(other),
    }
}

/// Two pieces of audio one after the other.
pub fn join_audio(a: &str, b: &str) -> String {
    match (a.is_empty(), b.is_empty()) {
        (true, _) => b.to_string(),
        (_, true) => a.to_string(),
        _ => format!("{a} {b}"),
    }
}

fn numeric(op: &str, x: Num, y: Num, what: &str) -> R {
    if let (Num::I(a), Num::I(b)) = (x, y) {
        match op {
            "+" => return int_result(a.checked_add(b), what),
            "-" => return int_result(a.checked_sub(b), what),
            "*" => return int_result(a.checked_mul(b), what),
            "%" if b == 0 => return err(format!("{what}: division by zero.")),
            "%" => return int_result(a.checked_rem(b), what),
            _ => {}
        }
    }
    let (a, b) = (x.f(), y.f());
    let r = match op {
        "+" => number::add(a, b),
        "-" => number::add(a, -b),
        "*" => a * b,
        "/" | "%" if b == 0.0 => return err(format!("{what}: division by zero.")),
        "/" => a / b,
        "%" => number::rem(a, b),
        _ => a.powf(b),
    };
    dec_result(r, what)
}

/// Order of two comparable values; `None` when they cannot be compared.
pub fn compare(a: &Value, b: &Value) -> Option<Ordering> {
    if let (Some(x), Some(y)) = (Num::of(a), Num::of(b)) {
        return match (x, y) {
            (Num::I(p), Num::I(q)) => Some(p.cmp(&q)),
            _ => x.f().partial_cmp(&y.f()),
        };
    }
    match (a, b) {
        (Value::String(x), Value::String(y)) => Some(x.cmp(y)),
        (Value::DateTime(x), Value::DateTime(y))
        | (Value::Duration(x), Value::Duration(y))
        | (Value::Time(x), Value::Time(y)) => Some(x.cmp(y)),
        (Value::Date(x), Value::Date(y)) => Some(x.cmp(y)),
        (Value::Currency { amount: x, code: cx }, Value::Currency { amount: y, code: cy })
            if cx.eq_ignore_ascii_case(cy) =>
        {
            x.unwrap_or(0.0).partial_cmp(&y.unwrap_or(0.0))
        }
        _ => None,
    }
}

/// Architect's equality (`==`, `AreEqual`, `FindFirst`): NOT_SET equals only NOT_SET; Integer and Decimal
/// compare by value; phone numbers by E.164 when both have one; entities by id; collections item by item in
/// order. Strings compare case-sensitively unless `ignore_case` (*unverified* for `==`; `AreEqual` is
/// documented case-sensitive).
pub fn equal(a: &Value, b: &Value, ignore_case: bool) -> bool {
    if let (Some(x), Some(y)) = (Num::of(a), Num::of(b)) {
        return match (x, y) {
            (Num::I(p), Num::I(q)) => p == q,
            _ => x.f() == y.f(),
        };
    }
    match (a, b) {
        (Value::NotSet(_), Value::NotSet(_)) => true,
        (Value::NotSet(_), _) | (_, Value::NotSet(_)) => false,
        (Value::String(x), Value::String(y)) if ignore_case => x.to_lowercase() == y.to_lowercase(),
        (Value::PhoneNumber { uri: ux, e164: ex }, Value::PhoneNumber { uri: uy, e164: ey }) => match (ex, ey) {
            (Some(x), Some(y)) => x == y,
            _ => ux.eq_ignore_ascii_case(uy),
        },
        (Value::Entity { ty: tx, id: x, .. }, Value::Entity { ty: ty_, id: y, .. }) => {
            tx == ty_ && x.eq_ignore_ascii_case(y)
        }
        (Value::Currency { amount: x, code: cx }, Value::Currency { amount: y, code: cy }) => {
            x == y && cx.eq_ignore_ascii_case(cy)
        }
        (Value::List { items: x, .. }, Value::List { items: y, .. }) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| equal(p, q, ignore_case))
        }
        (Value::Complex { fields: x, .. }, Value::Complex { fields: y, .. }) => {
            x.len() == y.len() && x.iter().zip(y).all(|((kx, vx), (ky, vy))| kx == ky && equal(vx, vy, ignore_case))
        }
        (Value::Enum(x), Value::Enum(y)) => x.eq_ignore_ascii_case(y),
        _ => a == b,
    }
}

/// `value.name`.
pub fn property(v: Value, name: &str, lenient: bool) -> R {
    let lower = name.to_ascii_lowercase();
    match v {
        Value::NotSet(_) if lenient => Ok(Value::NotSet(Type::Any)),
        Value::NotSet(t) => err(format!("A {t} that is NOT_SET has no property {name}.")),
        Value::Entity { id, name: n, ty } => match lower.as_str() {
            "id" => Ok(Value::String(id)),
            "name" => Ok(Value::String(n)),
            _ => err(format!("A {} has no property {name} in flowsim (only id and name).", Type::from_code(&ty))),
        },
        Value::Complex { fields, ty } => {
            let found =
                fields.get(name).or_else(|| fields.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v));
            match found {
                Some(v) => Ok(v.clone()),
                // An unset field of a complex value is NOT_SET.
                None if !fields.is_empty() || ty.starts_with("cpx_") => Ok(Value::NotSet(Type::Any)),
                None => err(format!("The {} has no property {name}.", Type::from_code(&ty))),
            }
        }
        Value::Json(j) => Ok(json_property(&j, name)),
        Value::PhoneNumber { uri, e164 } => phone_property(&uri, e164.as_deref(), &lower, name),
        Value::Currency { amount, code } => match lower.as_str() {
            "amount" => Ok(amount.map(Value::Decimal).unwrap_or(Value::NotSet(Type::Decimal))),
            "code" => Ok(Value::String(code)),
            _ => err(format!("A Currency has no property {name} (only amount and code).")),
        },
        other => err(format!("A {} has no property {name}.", other.ty())),
    }
}

/// A property of a JSON object (case-sensitive), NOT_SET when absent (*unverified*).
pub fn json_property(j: &serde_json::Value, name: &str) -> Value {
    match j.get(name) {
        Some(serde_json::Value::Null) | None => Value::NotSet(Type::Json),
        Some(v) => Value::Json(v.clone()),
    }
}

fn phone_property(uri: &str, e164: Option<&str>, lower: &str, name: &str) -> R {
    let lower_uri = uri.to_ascii_lowercase();
    let s = |o: Option<&str>| o.map(|x| Value::String(x.to_string())).unwrap_or(Value::NotSet(Type::String));
    Ok(match lower {
        "e164" => s(e164),
        "uri" => Value::String(uri.to_string()),
        "istel" => Value::Boolean(lower_uri.starts_with("tel:")),
        "issip" => Value::Boolean(lower_uri.starts_with("sip:") || lower_uri.starts_with("sips:")),
        "issecure" | "issips" => Value::Boolean(lower_uri.starts_with("sips:")),
        "isvalid" | "ise164" => Value::Boolean(e164.is_some()),
        "dialingcode" => s(e164.and_then(dialing_code)),
        "subscribernumber" => s(e164.and_then(|e| dialing_code(e).map(|c| &e[1 + c.len()..]))),
        _ => return err(format!("A PhoneNumber has no property {name} in flowsim.")),
    })
}

/// The country calling code of an E.164 number, for the codes flowsim knows (North America and 1–3 digit
/// codes by prefix: *unverified* for rare codes).
fn dialing_code(e164: &str) -> Option<&str> {
    let digits = e164.strip_prefix('+')?;
    const TWO: [&str; 41] = [
        "20", "27", "30", "31", "32", "33", "34", "36", "39", "40", "41", "43", "44", "45", "46", "47", "48", "49",
        "51", "52", "53", "54", "55", "56", "57", "58", "60", "61", "62", "63", "64", "65", "66", "81", "82", "84",
        "86", "90", "91", "92", "98",
    ];
    let len = if digits.starts_with('1') || digits.starts_with('7') {
        1
    } else if TWO.iter().any(|p| digits.starts_with(p)) {
        2
    } else {
        3
    };
    digits.get(..len)
}

/// `collection[index]`: 0-based for collections and JSON arrays; a string index reads a property.
pub fn index(c: Value, i: Value, lenient: bool) -> R {
    if let Value::String(name) = &i {
        return property(c, name, lenient);
    }
    let Value::Integer(n) = i else {
        return err(format!("An index must be an Integer, not {}.", i.to_literal()));
    };
    match c {
        Value::NotSet(_) if lenient => Ok(Value::NotSet(Type::Any)),
        Value::NotSet(_) => err("The collection is NOT_SET, so it has no items.".into()),
        Value::List { items, .. } => {
            let len = items.len();
            usize::try_from(n).ok().and_then(|k| items.into_iter().nth(k)).ok_or_else(|| {
                RuntimeError::new(format!(
                    "Index {n} is out of range: the collection has {len} item(s) (the first is 0)."
                ))
            })
        }
        Value::Json(serde_json::Value::Array(a)) => {
            let len = a.len();
            usize::try_from(n).ok().and_then(|k| a.into_iter().nth(k)).map(Value::Json).ok_or_else(|| {
                RuntimeError::new(format!("Index {n} is out of range: the JSON array has {len} item(s)."))
            })
        }
        other => err(format!("A {} has no items to index.", other.ty())),
    }
}
