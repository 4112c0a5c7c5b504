//! Text functions. Positions and lengths count characters (not bytes), as Architect does.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use super::{Args, Res};
use crate::expr::eval::fail;
use crate::expr::literal::display_text;
use crate::expr::ops::{audio_text, is_audio, join_audio};
use crate::expr::value::{Type, Value};

pub fn call(name: &str, a: &Args) -> Option<Res> {
    Some(match name {
        "append" => append(a),
        "compare" => compare(a),
        "contains" => contains(a),
        "findstring" => find_string(a),
        "left" | "right" => left_right(a, name == "left"),
        "length" => a.arity(1, 1).and_then(|_| a.str(0)).map(|s| Value::Integer(s.chars().count() as i64)),
        "lower" => a.arity(1, 1).and_then(|_| a.str(0)).map(|s| Value::String(s.to_lowercase())),
        "upper" => a.arity(1, 1).and_then(|_| a.str(0)).map(|s| Value::String(s.to_uppercase())),
        "ltrim" => a.arity(1, 1).and_then(|_| a.str(0)).map(|s| Value::String(s.trim_start().to_string())),
        "rtrim" => a.arity(1, 1).and_then(|_| a.str(0)).map(|s| Value::String(s.trim_end().to_string())),
        "trim" => a.arity(1, 1).and_then(|_| a.str(0)).map(|s| Value::String(s.trim().to_string())),
        "reverse" => a.arity(1, 1).and_then(|_| a.str(0)).map(|s| Value::String(s.chars().rev().collect())),
        "replace" => replace(a),
        "split" => split(a),
        "substring" => substring(a),
        "todisplaystring" => a.arity(1, 1).map(|_| Value::String(a.get(0).map(display_text).unwrap_or_default())),
        "emailaddresslocalpart" | "emailaddressdomainpart" => email_part(a, name == "emailaddresslocalpart"),
        "makeemailaddress" => make_email(a),
        "detectlanguage" => detect_language(a),
        _ => return None,
    })
}

/// `Append`: NOT_SET is nothing; audio (or a prompt) anywhere makes the result audio.
fn append(a: &Args) -> Res {
    a.arity(1, usize::MAX)?;
    if a.v.iter().any(is_audio) {
        let text = a.v.iter().fold(String::new(), |acc, v| join_audio(&acc, &audio_text(v)));
        return Ok(Value::Audio(text));
    }
    Ok(Value::String(a.v.iter().map(display_text).collect()))
}

/// Culture-like comparison: case-insensitive first, then lower case before upper case (`Compare("hello",
/// "Hello")` is -1); NOT_SET sorts before everything.
fn compare(a: &Args) -> Res {
    a.arity(2, 3)?;
    let ignore = if a.len() == 3 { a.bool(2)? } else { false };
    let (x, y) = (a.opt_str(0)?, a.opt_str(1)?);
    let ord = match (x, y) {
        (None, None) => Ordering::Equal,
        (None, Some(_)) => Ordering::Less,
        (Some(_), None) => Ordering::Greater,
        (Some(x), Some(y)) => {
            let primary = x.to_lowercase().cmp(&y.to_lowercase());
            if primary != Ordering::Equal || ignore {
                primary
            } else {
                // Same letters: a lower-case letter sorts first.
                x.chars()
                    .zip(y.chars())
                    .map(|(p, q)| q.is_lowercase().cmp(&p.is_lowercase()))
                    .find(|o| *o != Ordering::Equal)
                    .unwrap_or(Ordering::Equal)
            }
        }
    };
    Ok(Value::Integer(match ord {
        Ordering::Less => -1,
        Ordering::Equal => 0,
        Ordering::Greater => 1,
    }))
}

fn fold(s: &str, ignore: bool) -> Vec<char> {
    if ignore {
        s.chars().flat_map(char::to_lowercase).collect()
    } else {
        s.chars().collect()
    }
}

/// Character positions where `needle` starts in `hay`.
fn positions(hay: &[char], needle: &[char]) -> Vec<usize> {
    if needle.is_empty() {
        return vec![0];
    }
    if needle.len() > hay.len() {
        return Vec::new();
    }
    (0..=hay.len() - needle.len()).filter(|&i| hay[i..i + needle.len()] == *needle).collect()
}

fn contains(a: &Args) -> Res {
    a.arity(2, 3)?;
    let ignore = if a.len() == 3 { a.bool(2)? } else { false };
    let (s, f) = (a.str(0)?, a.str(1)?);
    Ok(Value::Boolean(!positions(&fold(&s, ignore), &fold(&f, ignore)).is_empty()))
}

/// `FindString(text, find[, occurrence][, ignoreCase])`: the 0-based position of the nth occurrence, or -1.
fn find_string(a: &Args) -> Res {
    a.arity(2, 4)?;
    let (mut occurrence, mut ignore) = (1, false);
    match (a.get(2), a.len()) {
        (Some(Value::Boolean(_)), 3) => ignore = a.bool(2)?,
        (Some(_), 3) => occurrence = a.int(2)?,
        (Some(_), 4) => {
            occurrence = a.int(2)?;
            ignore = a.bool(3)?;
        }
        _ => {}
    }
    if occurrence < 1 {
        return fail(format!("The occurrence number of FindString must be 1 or more, not {occurrence}."));
    }
    let (s, f) = (a.str(0)?, a.str(1)?);
    let found = positions(&fold(&s, ignore), &fold(&f, ignore));
    let at = usize::try_from(occurrence - 1).ok().and_then(|k| found.get(k).copied());
    Ok(Value::Integer(at.map(|p| p as i64).unwrap_or(-1)))
}

fn count_arg(a: &Args, i: usize) -> Result<usize, crate::expr::eval::EvalError> {
    let n = a.int(i)?;
    usize::try_from(n).or_else(|_| fail(format!("Argument {} of {} must not be negative ({n}).", i + 1, a.name)))
}

fn left_right(a: &Args, left: bool) -> Res {
    a.arity(2, 2)?;
    let s: Vec<char> = a.str(0)?.chars().collect();
    let n = count_arg(a, 1)?.min(s.len());
    let part = if left { &s[..n] } else { &s[s.len() - n..] };
    Ok(Value::String(part.iter().collect()))
}

fn substring(a: &Args) -> Res {
    a.arity(3, 3)?;
    let s: Vec<char> = a.str(0)?.chars().collect();
    let start = count_arg(a, 1)?.min(s.len());
    let len = count_arg(a, 2)?;
    let end = start.saturating_add(len).min(s.len());
    Ok(Value::String(s[start..end].iter().collect()))
}

fn replace(a: &Args) -> Res {
    a.arity(3, 3)?;
    let (s, f) = (a.str(0)?, a.str(1)?);
    let r = a.opt_str(2)?.unwrap_or_default();
    Ok(Value::String(if f.is_empty() { s } else { s.replace(&f, &r) }))
}

fn split(a: &Args) -> Res {
    a.arity(2, 2)?;
    let (s, d) = (a.str(0)?, a.str(1)?);
    let items =
        if d.is_empty() { vec![Value::String(s)] } else { s.split(&d).map(|p| Value::String(p.to_string())).collect() };
    Ok(Value::List { item: Type::String, items })
}

/// The address text of a string or an email-address value.
fn address_of(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Complex { fields, .. } => match fields.get("address").or_else(|| fields.get("id")) {
            Some(Value::String(s)) => Some(s.clone()),
            _ => None,
        },
        _ => None,
    }
}

fn email_part(a: &Args, local: bool) -> Res {
    a.arity(1, 1)?;
    let Some(addr) = a.get(0).and_then(address_of) else {
        return Ok(Value::NotSet(Type::String));
    };
    let (l, d) = addr.rsplit_once('@').unwrap_or((addr.as_str(), ""));
    Ok(Value::String(if local { l } else { d }.to_string()))
}

fn make_email(a: &Args) -> Res {
    a.arity(1, 2)?;
    let address = a.str(0)?;
    let mut fields = BTreeMap::new();
    fields.insert("id".to_string(), Value::String(address.clone()));
    fields.insert("address".to_string(), Value::String(address));
    let name = a.opt_str(1)?.map(Value::String).unwrap_or(Value::NotSet(Type::String));
    fields.insert("name".to_string(), name);
    Ok(Value::Complex { ty: "cpx_email_address".into(), fields })
}

/// `DetectLanguage`: flowsim guesses from the writing system only (a documented simplification): Hangul is
/// `ko`, kana `ja`, Han `zh`, Cyrillic `ru`, Arabic `ar`, Hebrew `he`, Greek `el`, Thai `th`, Latin `en`;
/// text without letters gives the default.
fn detect_language(a: &Args) -> Res {
    a.arity(1, 2)?;
    let default = a.get(1).cloned().unwrap_or(Value::NotSet(Type::String));
    let Some(text) = a.opt_str(0)? else { return Ok(default) };
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        let lang = match c as u32 {
            0xAC00..=0xD7AF | 0x1100..=0x11FF | 0x3130..=0x318F => "ko",
            0x3040..=0x30FF => "ja",
            0x4E00..=0x9FFF | 0x3400..=0x4DBF => "zh",
            0x0400..=0x04FF => "ru",
            0x0600..=0x06FF => "ar",
            0x0590..=0x05FF => "he",
            0x0370..=0x03FF => "el",
            0x0E00..=0x0E7F => "th",
            _ => "en",
        };
        *counts.entry(lang).or_default() += 1;
    }
    if counts.contains_key("ja") {
        return Ok(Value::String("ja".into()));
    }
    Ok(counts.into_iter().max_by_key(|(_, n)| *n).map(|(l, _)| Value::String(l.to_string())).unwrap_or(default))
}
