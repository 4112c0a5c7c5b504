//! Collection functions. Collections are 0-based.

use std::collections::BTreeMap;

use super::{Args, Res};
use crate::expr::eval::fail;
use crate::expr::ops::{equal, index};
use crate::expr::value::{Type, Value};

pub fn call(name: &str, a: &Args) -> Option<Res> {
    Some(match name {
        "count" => a.arity(1, 1).and_then(|_| a.list(0)).map(|(_, items)| Value::Integer(items.len() as i64)),
        "find" | "findfirst" => find(a, name == "findfirst"),
        "getat" => a.arity(2, 2).and_then(|_| {
            a.list(0)?;
            a.int(1)?;
            Ok(index(a.v[0].clone(), a.v[1].clone(), false)?)
        }),
        "makeemptylist" => a.arity(1, 1).map(|_| Value::empty_list(a.get(0).map(Value::ty).unwrap_or(Type::Any))),
        "makelist" => a.arity(1, usize::MAX).map(|_| make_list(a.v.clone())),
        "additem" => add_item(a),
        "makelistagentscorepair" => agent_score_pairs(a),
        _ => return None,
    })
}

/// A list of values; its item type is the first known type among them.
pub fn make_list(items: Vec<Value>) -> Value {
    let any_decimal = items.iter().any(|v| matches!(v, Value::Decimal(_)));
    let item = if any_decimal {
        Type::Decimal
    } else {
        items.iter().map(Value::ty).find(|t| *t != Type::Any).unwrap_or(Type::Any)
    };
    Value::List { item, items }
}

fn find(a: &Args, first: bool) -> Res {
    a.arity(2, 2)?;
    let (_, items) = a.list(0)?;
    let needle = a.get(1).cloned().unwrap_or(Value::NotSet(Type::Any));
    let hits: Vec<i64> =
        items.iter().enumerate().filter(|(_, v)| equal(v, &needle, false)).map(|(i, _)| i as i64).collect();
    if first {
        return Ok(Value::Integer(hits.first().copied().unwrap_or(-1)));
    }
    Ok(Value::List { item: Type::Integer, items: hits.into_iter().map(Value::Integer).collect() })
}

fn add_item(a: &Args) -> Res {
    a.arity(2, 2)?;
    let (item, mut items) = a.list(0)?;
    items.push(a.v[1].clone());
    Ok(Value::List { item, items })
}

fn agent_score_pairs(a: &Args) -> Res {
    a.arity(2, 2)?;
    let (_, agents) = a.list(0)?;
    let (_, scores) = a.list(1)?;
    if agents.len() != scores.len() {
        return fail("MakeListAgentScorePair needs as many scores as agents.");
    }
    let ty = "cpx_agent_score_pair".to_string();
    let items = agents
        .into_iter()
        .zip(scores)
        .map(|(agent, score)| {
            let mut fields = BTreeMap::new();
            fields.insert("agent".to_string(), agent);
            fields.insert("score".to_string(), score);
            Value::Complex { ty: ty.clone(), fields }
        })
        .collect();
    Ok(Value::List { item: Type::Complex(ty), items })
}
