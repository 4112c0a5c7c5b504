//! Functions that read the org (`FindQueue`, `FindUserById`, `FindUserPrompt`, `ToQueue`, …). Each asks its [`OrgQuery`]
//! through the scope: without an answer the evaluation is pending; "not found" (or no org) is NOT_SET; a
//! failed read is a runtime error.

use super::{Args, Res};
use crate::expr::eval::{fail, Ctx, EvalError};
use crate::expr::org::{OrgAnswer, OrgQuery, MAX_USERS_BY_ID};
use crate::expr::value::{Type, Value};

pub fn call(name: &str, a: &Args, cx: &Ctx) -> Option<Res> {
    let (code, make): (&str, fn(String) -> OrgQuery) = match name {
        "findqueue" => ("que", OrgQuery::QueueByName),
        "findqueuebyid" => ("que", OrgQuery::QueueById),
        "finduser" => ("usr", OrgQuery::UserByEmail),
        "finduserbyid" => ("usr", OrgQuery::UserById),
        "findskill" | "toskill" => ("skl", OrgQuery::SkillByName),
        "findlanguageskill" | "tolanguageskill" => ("lac", OrgQuery::LanguageSkillByName),
        "findgroup" | "togroup" => ("grp", OrgQuery::GroupByName),
        "findwrapupcode" | "towrapupcode" => ("wrc", OrgQuery::WrapupCodeByName),
        "toqueue" => ("que", |s| if looks_like_id(&s) { OrgQuery::QueueById(s) } else { OrgQuery::QueueByName(s) }),
        "touser" | "touserqueue" => ("usr", user_query),
        "findsystemprompt" => ("pmt", OrgQuery::SystemPromptByName),
        "finduserprompt" => ("pmt", OrgQuery::UserPromptByName),
        "findusersbyid" => return Some(users_by_id(a, cx)),
        _ => return None,
    };
    Some(a.arity(1, 1).and_then(|_| match &a.v[0] {
        Value::NotSet(_) => Ok(Value::NotSet(Type::from_code(code))),
        Value::Entity { ty, .. } if ty == code => Ok(a.v[0].clone()),
        _ => {
            let key = a.str(0)?;
            if key.trim().is_empty() {
                return Ok(Value::NotSet(Type::from_code(code)));
            }
            lookup(cx, make(key), code)
        }
    }))
}

fn user_query(s: String) -> OrgQuery {
    if looks_like_id(&s) {
        OrgQuery::UserById(s)
    } else if s.contains('@') {
        OrgQuery::UserByEmail(s)
    } else {
        OrgQuery::UserByName(s)
    }
}

/// A Genesys id: a UUID (`8-4-4-4-12` hexadecimal digits).
fn looks_like_id(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.len() == 5
        && parts.iter().zip([8, 4, 4, 4, 12]).all(|(p, n)| p.len() == n && p.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// The entity the scope's answer gives, pending when there is no answer yet.
pub fn lookup(cx: &Ctx, query: OrgQuery, code: &str) -> Res {
    match cx.scope.org(&query) {
        None => Err(EvalError::Pending(query)),
        Some(OrgAnswer::Found(json)) => Ok(entity_from_json(json, code)),
        Some(OrgAnswer::NotFound) | Some(OrgAnswer::NoOrg) => Ok(Value::NotSet(Type::from_code(code))),
        Some(OrgAnswer::Failed(why)) => fail(format!("Reading the org failed: {why}")),
    }
}

/// An entity from an API resource (or the first of a search's results).
pub fn entity_from_json(json: &serde_json::Value, code: &str) -> Value {
    let one = match json {
        serde_json::Value::Array(items) => items.first(),
        serde_json::Value::Object(o) => match o.get("entities").or_else(|| o.get("results")) {
            Some(serde_json::Value::Array(items)) => items.first(),
            _ => Some(json),
        },
        _ => None,
    };
    let text = |v: &serde_json::Value, k: &str| v.get(k).and_then(|x| x.as_str()).unwrap_or_default().to_string();
    match one {
        Some(v) if !text(v, "id").is_empty() => {
            Value::Entity { ty: code.to_string(), id: text(v, "id"), name: text(v, "name") }
        }
        _ => Value::NotSet(Type::from_code(code)),
    }
}

fn users_by_id(a: &Args, cx: &Ctx) -> Res {
    a.arity(1, 1)?;
    let (_, ids) = a.list(0)?;
    let mut users = Vec::with_capacity(ids.len());
    for (i, id) in ids.iter().enumerate() {
        users.push(match id {
            Value::String(s) if i < MAX_USERS_BY_ID && !s.trim().is_empty() => {
                lookup(cx, OrgQuery::UserById(s.clone()), "usr")?
            }
            _ => Value::NotSet(Type::from_code("usr")),
        });
    }
    Ok(Value::List { item: Type::Entity("usr".into()), items: users })
}
