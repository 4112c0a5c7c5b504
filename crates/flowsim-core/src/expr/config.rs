//! Reading a configuration's `config` node into an [`Expr`].
//!
//! A node is `{"<kind>": {pos, text?, type, val?, operands?, items?}}`: leaves `lit`, `emp`, `nul`, `ref`,
//! `sysref`; operators (`.` is `[name, object]`, `[` is `[index, collection]`); every other kind is a function
//! call, kept by name even when flowsim does not know it (evaluating it then says so).

use serde_json::{Map, Value as Json};

use crate::expr::ast::{Expr, MAX_DEPTH};
use crate::expr::value::{Type, Value};

/// Operator kinds (compared case-insensitively: `OR` occurs).
pub const OPERATORS: [&str; 19] =
    ["+", "-", "*", "/", "%", "^", "&", "|", "~", "!", "==", "!=", "<", "<=", ">", ">=", "and", "or", "?"];

impl Expr {
    /// The expression of a `config` node, or of a whole expression object `{config, text, type, …}` (its
    /// `config`; its `text` parsed when there is no `config`). Never panics; malformed or too deeply nested
    /// input becomes [`Expr::Invalid`].
    pub fn from_config(json: &Json) -> Expr {
        if let Some(obj) = json.as_object() {
            if let Some(config) = obj.get("config").filter(|c| c.is_object()) {
                return read_node(config, 0);
            }
            if !obj.contains_key("pos") && (obj.len() > 1 || obj.contains_key("config")) {
                if let Some(text) = obj.get("text").and_then(Json::as_str) {
                    return from_text_fallback(text, obj);
                }
            }
        }
        read_node(json, 0)
    }
}

/// An expression object without `config`: its text, parsed; empty text is NOT_SET of its type.
fn from_text_fallback(text: &str, obj: &Map<String, Json>) -> Expr {
    if text.trim().is_empty() {
        return Expr::Empty(Type::from_code(obj.get("type").and_then(Json::as_str).unwrap_or("")));
    }
    match crate::expr::parse::parse(text) {
        Ok(e) => e,
        Err(e) => Expr::Invalid { reason: format!("the expression \"{text}\" cannot be read: {}", e.message) },
    }
}

fn invalid(reason: &str) -> Expr {
    Expr::Invalid { reason: reason.to_string() }
}

fn read_node(json: &Json, depth: usize) -> Expr {
    if depth > MAX_DEPTH {
        return invalid("the expression is nested too deeply");
    }
    let Some(obj) = json.as_object() else {
        return invalid("an expression node is not an object");
    };
    let mut entries = obj.iter();
    let (Some((kind, body)), None) = (entries.next(), entries.next()) else {
        return invalid("an expression node does not have exactly one kind");
    };
    let empty = Map::new();
    let body = body.as_object().unwrap_or(&empty);
    let text = body.get("text").and_then(Json::as_str).unwrap_or("");
    let ty_code = body.get("type").and_then(Json::as_str).unwrap_or("");
    let val = body.get("val").and_then(Json::as_str);
    let operands: Vec<&Json> =
        body.get("operands").and_then(Json::as_array).map(|a| a.iter().collect()).unwrap_or_default();
    let read_all = |ops: &[&Json]| ops.iter().map(|o| read_node(o, depth + 1)).collect::<Vec<_>>();

    match kind.as_str() {
        "lit" => {
            let ty = Type::from_code(ty_code);
            if let Some(items) = body.get("items").and_then(Json::as_array) {
                let items = items.iter().map(|item| read_item(item, depth + 1)).collect();
                return Expr::List { ty, items };
            }
            Expr::Literal(Value::from_literal(&ty, text, val))
        }
        "emp" => Expr::Empty(Type::from_code(ty_code)),
        "nul" => Expr::NotSet,
        "ref" => Expr::Variable { name: text.to_string(), id: val.map(str::to_string) },
        "sysref" => Expr::Builtin { key: val.unwrap_or_default().to_string(), text: text.to_string() },
        "." => match operands.as_slice() {
            [name, object] => match read_node(name, depth + 1) {
                Expr::Literal(Value::String(name)) => {
                    Expr::Property { object: Box::new(read_node(object, depth + 1)), name }
                }
                other => Expr::Operator { op: ".".into(), operands: vec![other, read_node(object, depth + 1)] },
            },
            _ => invalid("a property access (.) needs a name and a value"),
        },
        "[" => match operands.as_slice() {
            [index, collection] => Expr::Index {
                collection: Box::new(read_node(collection, depth + 1)),
                index: Box::new(read_node(index, depth + 1)),
            },
            _ => invalid("an index ([) needs an index and a collection"),
        },
        k if OPERATORS.iter().any(|o| o.eq_ignore_ascii_case(k)) => {
            Expr::Operator { op: k.to_string(), operands: read_all(&operands) }
        }
        k => Expr::Call { name: k.to_string(), args: read_all(&operands) },
    }
}

/// An item of a collection literal: an expression object (`{config, …}`) or a bare node.
fn read_item(item: &Json, depth: usize) -> Expr {
    match item.get("config") {
        Some(config) => read_node(config, depth),
        None => read_node(item, depth),
    }
}
