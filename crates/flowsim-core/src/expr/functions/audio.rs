//! Audio and communication functions. flowsim plays no sound: an audio value is the text the caller would
//! hear (a prompt as `[prompt name]`, silence as `[silence 500 ms]`), a communication the text they would read.

use super::{Args, Res};
use crate::expr::civil;
use crate::expr::eval::fail;
use crate::expr::literal::display_text;
use crate::expr::number::format_decimal;
use crate::expr::ops::{audio_text, join_audio};
use crate::expr::value::{Type, Value};

pub fn call(name: &str, a: &Args) -> Option<Res> {
    Some(match name {
        "toaudiotts" => a.arity(1, 2).map(|_| Value::Audio(text_or_empty(a.get(0)))),
        "toaudio" => a.arity(1, 1).map(|_| Value::Audio(audio_text(&a.v[0]))),
        "audioplaybackoptions" => a.arity(2, 3).and_then(|_| {
            a.bool(1)?;
            Ok(Value::Audio(audio_text(&a.v[0])))
        }),
        "toaudioblank" => a.arity(1, 1).and_then(|_| Ok(Value::Audio(format!("[silence {} ms]", a.int(0)?)))),
        "toaudiobool" | "toaudiocurrency" | "toaudiodate" | "toaudiodatetime" | "toaudiotime" | "toaudionumber"
        | "toaudiopercent" | "toaudiophonenumber" => a.arity(1, 4).map(|_| Value::Audio(spoken(name, &a.v[0]))),
        "toaudioduration" => a.arity(1, 1).map(|_| {
            Value::Audio(match &a.v[0] {
                Value::Duration(ms) => spoken_duration(*ms),
                v => text_or_empty(Some(v)),
            })
        }),
        "toaudionumberordinal" => a.arity(1, 2).map(|_| {
            Value::Audio(match &a.v[0] {
                Value::Integer(i) => ordinal(*i),
                v => text_or_empty(Some(v)),
            })
        }),
        "toaudiotimerange" => time_range(a),
        "makecommunication" => a.arity(0, usize::MAX).map(|_| Value::Communication(a.v.iter().map(text_of).collect())),
        "tocommunication" => a.arity(1, 2).map(|_| Value::Communication(text_of(&a.v[0]))),
        // flowsim simulates an English flow (a documented choice).
        "getdefaultlanguage" => a.arity(0, 0).map(|_| Value::String("en-us".into())),
        "getsupportedlanguages" => {
            a.arity(0, 0).map(|_| Value::List { item: Type::String, items: vec![Value::String("en-us".into())] })
        }
        _ => return None,
    })
}

/// What a part of a communication reads as.
fn text_of(v: &Value) -> String {
    match v {
        Value::Audio(_) | Value::Entity { .. } => audio_text(v),
        other => display_text(other),
    }
}

fn text_or_empty(v: Option<&Value>) -> String {
    v.map(audio_text).unwrap_or_default()
}

fn spoken(name: &str, v: &Value) -> String {
    match (name, v) {
        (_, Value::NotSet(_)) => String::new(),
        ("toaudiopercent", Value::Integer(i)) => format!("{i} percent"),
        ("toaudiopercent", Value::Decimal(d)) => format!("{} percent", format_decimal(*d)),
        ("toaudiocurrency", Value::Currency { amount, code }) => {
            format!("{} {code}", amount.map(format_decimal).unwrap_or_default())
        }
        ("toaudiodate", Value::DateTime(ms)) => civil::format_date(ms.div_euclid(civil::MS_PER_DAY) as i32),
        ("toaudiotime", Value::DateTime(ms)) => civil::format_time(ms.rem_euclid(civil::MS_PER_DAY)),
        ("toaudiophonenumber", Value::PhoneNumber { uri, e164 }) => e164.clone().unwrap_or_else(|| uri.clone()),
        // The String overload (`ToAudioPhoneNumber(Call.Ani)`): the number of a `tel:` URI is what is spoken.
        ("toaudiophonenumber", Value::String(s)) => s.strip_prefix("tel:").unwrap_or(s).to_string(),
        (_, v) => display_text(v),
    }
}

fn spoken_duration(ms: i64) -> String {
    let neg = ms < 0;
    let ms = ms.unsigned_abs();
    let parts = [
        (ms / 86_400_000, "day"),
        (ms / 3_600_000 % 24, "hour"),
        (ms / 60_000 % 60, "minute"),
        (ms / 1000 % 60, "second"),
    ];
    let words: Vec<String> = parts
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, unit)| format!("{n} {unit}{}", if *n == 1 { "" } else { "s" }))
        .collect();
    let text = if words.is_empty() { "0 seconds".to_string() } else { words.join(" ") };
    if neg {
        format!("minus {text}")
    } else {
        text
    }
}

fn ordinal(i: i64) -> String {
    let suffix = match (i.unsigned_abs() % 10, i.unsigned_abs() % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{i}{suffix}")
}

fn time_range(a: &Args) -> Res {
    a.arity(2, 3)?;
    let (low, high) = (a.int(0)?, a.int(1)?);
    if low > high {
        return fail("ToAudioTimeRange needs the lower bound first.");
    }
    let unit = match a.get(2) {
        Some(Value::Enum(path)) => path.rsplit('.').next().unwrap_or("minutes").to_string(),
        _ => "minutes".to_string(),
    };
    Ok(Value::Audio(join_audio(&format!("between {low} and {high}"), &unit)))
}
