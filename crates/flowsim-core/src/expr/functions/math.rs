//! Mathematical, statistical and currency functions.

use super::{Args, Res};
use crate::expr::eval::fail;
use crate::expr::ops::{currency, dec_result, dur_result, int_result};
use crate::expr::value::{Type, Value};

pub fn call(name: &str, a: &Args) -> Option<Res> {
    Some(match name {
        "ceiling" => rounding(a, f64::ceil),
        "floor" => rounding(a, f64::floor),
        "round" => round(a),
        "sum" => aggregate(a, false),
        "average" => aggregate(a, true),
        "makecurrency" => make_currency(a),
        "getcurrencysymbol" => currency_symbol(a),
        "convertcurrency" => convert_currency(a),
        "makelistcurrency" => make_list_currency(a),
        _ => return None,
    })
}

fn rounding(a: &Args, f: fn(f64) -> f64) -> Res {
    a.arity(1, 1)?;
    match a.set(0)? {
        Value::Integer(i) => Ok(Value::Integer(*i)),
        Value::Decimal(d) => Ok(dec_result(f(*d), a.name)?),
        Value::Currency { amount, code } => Ok(Value::Currency { amount: amount.map(f), code: code.clone() }),
        v => fail(format!("{} needs a number or a Currency, not a {}.", a.name, v.ty())),
    }
}

/// Half away from zero, to `digits` places.
fn round_to(x: f64, digits: i64) -> f64 {
    let digits = digits.clamp(0, 15) as i32;
    let scale = 10f64.powi(digits);
    // Round the scaled value after normalising it, so 2.675 (stored as 2.67499…) rounds as written.
    let scaled = crate::expr::number::normalize(x * scale).unwrap_or(x * scale);
    scaled.round() / scale
}

fn round(a: &Args) -> Res {
    a.arity(1, 2)?;
    let digits = if a.len() == 2 { a.int(1)? } else { 0 };
    if digits < 0 {
        return fail(format!("Round cannot keep {digits} digits."));
    }
    match a.set(0)? {
        Value::Integer(i) => Ok(Value::Integer(*i)),
        Value::Decimal(d) => Ok(dec_result(round_to(*d, digits), "Round")?),
        Value::Currency { amount, code } => {
            Ok(Value::Currency { amount: amount.map(|x| round_to(x, digits)), code: code.clone() })
        }
        v => fail(format!("Round needs a number or a Currency, not a {}.", v.ty())),
    }
}

/// `Sum` and `Average` over their arguments or over one collection; NOT_SET items are skipped.
fn aggregate(a: &Args, average: bool) -> Res {
    a.arity(1, usize::MAX)?;
    let (declared, items) = match (a.len(), a.get(0)) {
        (1, Some(Value::List { item, items })) => (item.clone(), items.clone()),
        _ => {
            let ty = a.v.iter().map(Value::ty).find(|t| *t != Type::Any).unwrap_or(Type::Integer);
            (ty, a.v.clone())
        }
    };
    let set: Vec<&Value> = items.iter().filter(|v| !v.is_not_set()).collect();
    let kind = if set.iter().any(|v| matches!(v, Value::Decimal(_))) {
        Type::Decimal
    } else if let Some(v) = set.first() {
        v.ty()
    } else {
        declared
    };
    let n = set.len();
    match kind {
        Type::Integer if !average => {
            let mut total: i64 = 0;
            for v in &set {
                let Value::Integer(i) = v else { return mixed(a) };
                total = total.checked_add(*i).ok_or_else(|| overflow(a))?;
            }
            Ok(int_result(Some(total), a.name)?)
        }
        Type::Integer | Type::Decimal => {
            let mut total = 0.0;
            for v in &set {
                let x = match v {
                    Value::Integer(i) => *i as f64,
                    Value::Decimal(d) => *d,
                    _ => return mixed(a),
                };
                total = crate::expr::number::add(total, x);
            }
            Ok(dec_result(if average && n > 0 { total / n as f64 } else { total }, a.name)?)
        }
        Type::Duration => {
            let mut total: i64 = 0;
            for v in &set {
                let Value::Duration(d) = v else { return mixed(a) };
                total = total.checked_add(*d).ok_or_else(|| overflow(a))?;
            }
            Ok(dur_result(Some(if average && n > 0 { total / n as i64 } else { total }), a.name)?)
        }
        Type::Currency => {
            let mut total = 0.0;
            let mut code = String::new();
            for v in &set {
                let Value::Currency { amount, code: c } = v else { return mixed(a) };
                if !code.is_empty() && !code.eq_ignore_ascii_case(c) {
                    return fail(format!("{} cannot add {code} and {c}.", a.name));
                }
                code = c.clone();
                total = crate::expr::number::add(total, amount.unwrap_or(0.0));
            }
            let total = if average && n > 0 { total / n as f64 } else { total };
            Ok(currency(total, code, a.name)?)
        }
        other => fail(format!("{} cannot add {} values.", a.name, other)),
    }
}

fn mixed(a: &Args) -> Res {
    fail(format!("{} needs values of one kind (numbers, durations or currencies).", a.name))
}

fn overflow(a: &Args) -> crate::expr::eval::EvalError {
    crate::expr::eval::EvalError::Runtime(crate::expr::eval::RuntimeError::new(format!(
        "The result of {} is outside Architect's range.",
        a.name
    )))
}

fn make_currency(a: &Args) -> Res {
    a.arity(2, 2)?;
    let amount = match a.get(0) {
        Some(Value::NotSet(_)) | None => None,
        Some(_) => Some(a.num(0)?),
    };
    let code = a.opt_str(1)?.unwrap_or_default().to_ascii_uppercase();
    Ok(Value::Currency { amount, code })
}

/// Symbols of common ISO 4217 codes; other codes are their own symbol.
fn symbol(code: &str) -> String {
    const SYMBOLS: [(&str, &str); 16] = [
        ("USD", "$"),
        ("EUR", "€"),
        ("GBP", "£"),
        ("JPY", "¥"),
        ("CNY", "¥"),
        ("INR", "₹"),
        ("KRW", "₩"),
        ("CAD", "$"),
        ("AUD", "$"),
        ("NZD", "$"),
        ("MXN", "$"),
        ("BRL", "R$"),
        ("CHF", "CHF"),
        ("RUB", "₽"),
        ("ILS", "₪"),
        ("PLN", "zł"),
    ];
    let upper = code.trim().to_ascii_uppercase();
    SYMBOLS.iter().find(|(c, _)| *c == upper).map(|(_, s)| s.to_string()).unwrap_or(upper)
}

fn currency_symbol(a: &Args) -> Res {
    a.arity(1, 1)?;
    match a.get(0) {
        Some(Value::Currency { code, .. }) => Ok(Value::String(symbol(code))),
        Some(Value::NotSet(_)) => Ok(Value::NotSet(Type::String)),
        _ => Ok(Value::String(symbol(&a.str(0)?))),
    }
}

/// `ConvertCurrency`: flowsim has no exchange rates, so the rate must be given (source units per destination unit).
fn convert_currency(a: &Args) -> Res {
    a.arity(2, 3)?;
    let code = a.opt_str(1)?.unwrap_or_default().to_ascii_uppercase();
    let amount = match a.get(0) {
        Some(Value::Currency { amount, code: from }) if from.eq_ignore_ascii_case(&code) => *amount,
        Some(Value::Currency { amount, .. }) => {
            if a.len() < 3 {
                return fail("flowsim has no exchange rates: give ConvertCurrency the rate as its third argument.");
            }
            let rate = a.num(2)?;
            if rate == 0.0 {
                return fail("ConvertCurrency cannot use an exchange rate of 0.");
            }
            amount.map(|x| x / rate)
        }
        Some(Value::NotSet(_)) => None,
        _ => return fail("ConvertCurrency needs a Currency."),
    };
    Ok(Value::Currency { amount, code })
}

fn make_list_currency(a: &Args) -> Res {
    a.arity(2, 2)?;
    let (_, amounts) = a.list(0)?;
    let codes: Vec<String> = match a.get(1) {
        Some(Value::List { items, .. }) => items.iter().map(crate::expr::literal::display_text).collect(),
        _ => vec![a.opt_str(1)?.unwrap_or_default(); amounts.len()],
    };
    if codes.len() != amounts.len() {
        return fail("MakeListCurrency needs as many currency codes as amounts.");
    }
    let items = amounts
        .iter()
        .zip(codes)
        .map(|(v, c)| {
            let amount = match v {
                Value::Integer(i) => Some(*i as f64),
                Value::Decimal(d) => Some(*d),
                _ => None,
            };
            Value::Currency { amount, code: c.to_ascii_uppercase() }
        })
        .collect();
    Ok(Value::List { item: Type::Currency, items })
}
