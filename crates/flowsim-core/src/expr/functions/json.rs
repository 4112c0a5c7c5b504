//! JSON functions. Property names are case-sensitive.

use super::{Args, Res};
use crate::expr::eval::fail;
use crate::expr::ops::json_property;
use crate::expr::value::Value;

pub fn call(name: &str, a: &Args) -> Option<Res> {
    Some(match name {
        "getjsonobjectproperty" => get_property(a),
        "jsonparse" => parse(a),
        "tojson" => a.arity(1, 1).map(|_| Value::Json(a.v[0].to_json())),
        _ => return None,
    })
}

fn get_property(a: &Args) -> Res {
    a.arity(2, 2)?;
    let key = a.str(1)?;
    match a.set(0)? {
        Value::Json(j) if j.is_object() => Ok(json_property(j, &key)),
        Value::Json(_) => fail(format!("GetJsonObjectProperty needs a JSON object to read \"{key}\" from.")),
        v => fail(format!("GetJsonObjectProperty needs JSON, not a {}.", v.ty())),
    }
}

fn parse(a: &Args) -> Res {
    a.arity(1, 1)?;
    let text = a.str(0)?;
    match serde_json::from_str::<serde_json::Value>(&text) {
        Ok(j) => Ok(Value::Json(j)),
        Err(e) => fail(format!("JsonParse: the text is not valid JSON ({e}).")),
    }
}
