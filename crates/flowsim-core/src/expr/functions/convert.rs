//! Conversions (`ToBool`, `ToInt`, `ToString`, …) and comparison (`AreEqual`). A conversion of NOT_SET is
//! NOT_SET of the target type.

use super::{Args, Res};
use crate::expr::civil;
use crate::expr::eval::{fail, Ctx};
use crate::expr::literal::{display_text, phone_from_text};
use crate::expr::number::{self, format_places};
use crate::expr::ops::{dec_result, equal, int_result};
use crate::expr::value::{Type, Value};

pub fn call(name: &str, a: &Args, _cx: &Ctx) -> Option<Res> {
    let target = match name {
        "tobool" => Type::Boolean,
        "toint" => Type::Integer,
        "todecimal" => Type::Decimal,
        "toduration" => Type::Duration,
        "todatetime" => Type::DateTime,
        "tocurrency" => Type::Currency,
        "tophonenumber" => Type::PhoneNumber,
        "tostring" => return Some(to_string(a)),
        "areequal" => return Some(are_equal(a)),
        "resolveslot" => return Some(a.arity(1, 1).map(|_| a.v[0].clone())),
        _ => return None,
    };
    Some(a.arity(1, 1).and_then(|_| match &a.v[0] {
        Value::NotSet(_) => Ok(Value::NotSet(target.clone())),
        v => convert(a, v, &target),
    }))
}

fn cannot(a: &Args, v: &Value) -> Res {
    fail(format!("{} cannot convert {} ({}).", a.name, v.to_literal(), v.ty()))
}

fn convert(a: &Args, v: &Value, target: &Type) -> Res {
    if v.ty() == *target {
        return Ok(v.clone());
    }
    match (target, v) {
        (Type::Boolean, Value::Integer(i)) => Ok(Value::Boolean(*i != 0)),
        (Type::Boolean, Value::Decimal(d)) => Ok(Value::Boolean(*d != 0.0)),
        (Type::Boolean, Value::String(s)) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "t" | "yes" | "y" | "1" => Ok(Value::Boolean(true)),
            "false" | "f" | "no" | "n" | "0" => Ok(Value::Boolean(false)),
            _ => cannot(a, v),
        },
        (Type::Integer, Value::Boolean(b)) => Ok(Value::Integer(i64::from(*b))),
        // Decimals are truncated toward zero (`ToInt(-5.7)` is -5).
        (Type::Integer, Value::Decimal(d)) => int_from_float(a, v, d.trunc()),
        (Type::Integer, Value::Duration(ms)) => int_result(Some(*ms), a.name).map_err(Into::into),
        (Type::Integer, Value::String(s)) => match number::parse_integer(s) {
            Some(i) => Ok(Value::Integer(i)),
            None => match number::parse_decimal(s) {
                Some(d) => int_from_float(a, v, d.trunc()),
                None => cannot(a, v),
            },
        },
        (Type::Decimal, Value::Boolean(b)) => Ok(Value::Decimal(if *b { 1.0 } else { 0.0 })),
        (Type::Decimal, Value::Integer(i)) => Ok(Value::Decimal(*i as f64)),
        (Type::Decimal, Value::Currency { amount, .. }) => {
            Ok(amount.map(Value::Decimal).unwrap_or(Value::NotSet(Type::Decimal)))
        }
        (Type::Decimal, Value::String(s)) => match number::parse_decimal(s) {
            Some(d) => Ok(dec_result(d, a.name)?),
            None => cannot(a, v),
        },
        (Type::Duration, Value::Integer(ms)) => Ok(Value::Duration(*ms)),
        (Type::Duration, Value::String(s)) => match number::parse_duration(s).or_else(|| number::parse_integer(s)) {
            Some(ms) => Ok(Value::Duration(ms)),
            None => cannot(a, v),
        },
        (Type::DateTime, Value::String(s)) => match civil::parse_datetime(s) {
            Some(ms) => Ok(crate::expr::ops::dtm_result(Some(ms), a.name)?),
            None => cannot(a, v),
        },
        // An Integer is read as milliseconds since 1970 (*unverified*).
        (Type::DateTime, Value::Integer(ms)) => Ok(crate::expr::ops::dtm_result(Some(*ms), a.name)?),
        (Type::Currency, Value::Integer(_) | Value::Decimal(_)) => {
            let amount = if let Value::Integer(i) = v { *i as f64 } else { a.num(0)? };
            Ok(Value::Currency { amount: Some(amount), code: String::new() })
        }
        (Type::Currency, Value::String(s)) => match Value::from_literal(&Type::Currency, s, None) {
            c @ Value::Currency { .. } => Ok(c),
            _ => cannot(a, v),
        },
        (Type::PhoneNumber, Value::String(s)) => {
            if s.trim().is_empty() {
                return cannot(a, v);
            }
            Ok(phone_from_text(s))
        }
        _ => cannot(a, v),
    }
}

fn int_from_float(a: &Args, v: &Value, d: f64) -> Res {
    if d.abs() > number::MAX_INT as f64 {
        return fail(format!("{} of {} is outside Architect's Integer range.", a.name, v.to_literal()));
    }
    Ok(Value::Integer(d as i64))
}

/// `ToString(value)`, `ToString(collection[, delimiter][, decimalPlaces])`, `ToString(decimal|currency,
/// decimalPlaces)`. NOT_SET gives NOT_SET; a NOT_SET item of a collection is empty text.
fn to_string(a: &Args) -> Res {
    a.arity(1, 3)?;
    let places_at = match (a.len(), a.get(1)) {
        (3, _) => Some(2),
        (2, Some(Value::Integer(_))) => Some(1),
        _ => None,
    };
    let places = match places_at {
        Some(i) => {
            let p = a.int(i)?;
            Some(usize::try_from(p).or_else(|_| fail(format!("ToString cannot show {p} decimal places.")))?)
        }
        None => None,
    };
    let one = |v: &Value| -> String {
        match (v, places) {
            (Value::Decimal(d), Some(p)) => format_places(*d, p),
            (Value::Integer(i), Some(p)) => format_places(*i as f64, p),
            (Value::Currency { amount, code }, Some(p)) => {
                format!("{}|{code}", amount.map(|x| format_places(x, p)).unwrap_or_default())
            }
            (v, _) => display_text(v),
        }
    };
    match &a.v[0] {
        Value::NotSet(_) => Ok(Value::NotSet(Type::String)),
        Value::List { items, .. } => {
            let delimiter =
                if places_at == Some(1) || a.len() == 1 { ",".to_string() } else { a.opt_str(1)?.unwrap_or_default() };
            Ok(Value::String(items.iter().map(one).collect::<Vec<_>>().join(&delimiter)))
        }
        v => {
            if a.len() == 3 || (a.len() == 2 && places.is_none()) {
                return fail("ToString takes a delimiter only with a collection.");
            }
            Ok(Value::String(one(v)))
        }
    }
}

/// `AreEqual(a, b, …)` or `AreEqual(ignoreCase, a, b, …)` with strings: true when every value equals the first.
fn are_equal(a: &Args) -> Res {
    a.arity(2, usize::MAX)?;
    let stringish = |v: &Value| match v {
        Value::String(_) | Value::NotSet(Type::String) | Value::NotSet(Type::Any) => true,
        Value::List { item, .. } => *item == Type::String,
        _ => false,
    };
    let (ignore, values) = match a.v.first() {
        Some(Value::Boolean(b)) if a.len() >= 3 && a.v[1..].iter().all(stringish) => (*b, &a.v[1..]),
        _ => (false, &a.v[..]),
    };
    let first = &values[0];
    Ok(Value::Boolean(values[1..].iter().all(|v| equal(first, v, ignore))))
}
