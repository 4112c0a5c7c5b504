//! Variables and the [`Scope`] the expression evaluator reads.

use std::collections::HashMap;

use crate::expr::{eval, EvalError, Expr, OrgAnswer, OrgQuery, RuntimeError, Scope, Type, Value};
use crate::flow::model::{Expression, Variable};
use crate::interp::types::Interaction;

/// Variables of one flow instance, by lower-cased name (Architect names are case-insensitive).
#[derive(Debug, Clone, Default)]
pub struct Vars {
    map: HashMap<String, Value>,
}

impl Vars {
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.map.get(&name.to_ascii_lowercase())
    }
    /// Sets a variable and returns what it held.
    pub fn set(&mut self, name: &str, v: Value) -> Option<Value> {
        self.map.insert(name.to_ascii_lowercase(), v)
    }
    pub fn contains(&self, name: &str) -> bool {
        self.map.contains_key(&name.to_ascii_lowercase())
    }
}

/// The type of a declared variable from its class (`StringVariable`) or type identifier.
pub fn variable_type(v: &Variable) -> Type {
    let base = match v.class.as_str() {
        "StringVariable" => Type::String,
        "IntegerVariable" => Type::Integer,
        "DecimalVariable" => Type::Decimal,
        "BoolVariable" | "BooleanVariable" => Type::Boolean,
        "DateTimeVariable" => Type::DateTime,
        "DateVariable" => Type::Date,
        "TimeVariable" => Type::Time,
        "DurationVariable" => Type::Duration,
        "PhoneNumberVariable" => Type::PhoneNumber,
        "JsonVariable" => Type::Json,
        "QueueVariable" => Type::Entity("que".into()),
        "UserVariable" => Type::Entity("usr".into()),
        "SkillVariable" => Type::Entity("skl".into()),
        _ => v
            .initial_value
            .as_ref()
            .map(|e| Type::from_code(e.type_code.trim_end_matches("_coll")))
            .unwrap_or(Type::Any),
    };
    if v.is_collection {
        Type::Collection(Box::new(base))
    } else {
        base
    }
}

/// A value of type `ty` from the user's text (flow inputs, overrides); `NOT_SET` is NOT_SET.
pub fn value_from_text(text: &str, ty: &Type) -> Value {
    if text.trim().eq_ignore_ascii_case("NOT_SET") {
        return Value::NotSet(ty.clone());
    }
    match ty {
        Type::Any | Type::Other(_) => Value::String(text.to_string()),
        Type::Json => serde_json::from_str(text).map(Value::Json).unwrap_or_else(|_| Value::String(text.into())),
        Type::Collection(item) => list_from_text(text.trim(), item),
        ty => Value::from_literal(ty, text, Some(text)),
    }
}

/// A collection of `item`s from the user's text: a JSON array (`["c1", "c2"]`), an expression that makes a list
/// (`MakeList("c1", "c2")`), nothing (the empty list), or one value (a list of it). Each item is read as text of
/// the item type (`["c1"]` for a String collection, `[1, "2"]` for an Integer one), as the form's other values are.
fn list_from_text(text: &str, item: &Type) -> Value {
    let item_from = |t: &str| value_from_text(t, item);
    let items = if text.is_empty() {
        Vec::new()
    } else if let Ok(serde_json::Value::Array(values)) = serde_json::from_str(text) {
        let one = |j: &serde_json::Value| match j {
            serde_json::Value::Null => Value::NotSet(item.clone()),
            serde_json::Value::String(s) => item_from(s),
            other => item_from(&other.to_string()),
        };
        values.iter().map(one).collect()
    } else if let Ok(Value::List { items, .. }) = crate::expr::parse(text).map_err(drop).and_then(|e| {
        // Literals and functions only: the override is read before the flow runs, with no variable in scope.
        eval(&e, &NoScope).map_err(drop)
    }) {
        let one = |v: Value| match v {
            v if v.ty() == *item => v,
            Value::NotSet(_) => Value::NotSet(item.clone()),
            v => item_from(&crate::expr::literal::display_text(&v)),
        };
        items.into_iter().map(one).collect()
    } else {
        vec![item_from(text)]
    };
    Value::List { item: item.clone(), items }
}

/// A scope with nothing in it: no variables, no built-ins, no org, the clock at the epoch.
struct NoScope;

impl Scope for NoScope {
    fn variable(&self, _name: &str, _id: Option<&str>) -> Option<Value> {
        None
    }
    fn builtin(&self, _key: &str, _text: &str) -> Option<Value> {
        None
    }
    fn now_ms(&self) -> i64 {
        0
    }
    fn org(&self, _query: &OrgQuery) -> Option<&OrgAnswer> {
        None
    }
}

fn complex(ty: &str, fields: &[(&str, &str)]) -> Value {
    Value::Complex {
        ty: ty.to_string(),
        fields: fields.iter().map(|(k, v)| (k.to_string(), Value::String(v.to_string()))).collect(),
    }
}

/// What an expression reads during one evaluation.
pub struct RunScope<'a> {
    pub vars: &'a Vars,
    pub interaction: &'a Interaction,
    pub now_ms: i64,
    pub org: &'a HashMap<OrgQuery, OrgAnswer>,
    pub participant: &'a HashMap<String, String>,
}

impl Scope for RunScope<'_> {
    fn variable(&self, name: &str, _id: Option<&str>) -> Option<Value> {
        self.vars.get(name).cloned()
    }

    fn builtin(&self, key: &str, text: &str) -> Option<Value> {
        let i = self.interaction;
        if let Some((_, v)) = i.builtins.iter().find(|(k, _)| k.eq_ignore_ascii_case(text) || k == key) {
            return Some(Value::String(v.clone()));
        }
        // Call.Ani and Call.CalledAddress are Strings in Architect (`tel:+13175550100`), not PhoneNumbers: real
        // exports type their `sysref` `str`, and flows convert them (`ToPhoneNumber(Call.Ani)`) or cut the number
        // out of the text (`Right(Call.ani, 12)`); `.e164` needs the conversion first, as in Architect.
        Some(match key {
            "__CALL_ANI__" => Value::String(i.ani.clone()),
            "__CALL_DNIS__" | "__CALL_CALLED_ADDRESS__" => Value::String(i.dnis.clone()),
            "__CALL_CONVERSATION_ID__"
            | "__MESSAGE_CONVERSATION_ID__"
            | "__EMAIL_CONVERSATION_ID__"
            | "__CHAT_CONVERSATION_ID__"
            | "__SURVEY_CONVERSATION_ID__" => Value::String(i.conversation_id.clone()),
            "__CALL_ESTIMATED_WAIT_TIME__" => Value::NotSet(Type::Duration),
            "__CALL_POSITION_IN_QUEUE__" => Value::NotSet(Type::Integer),
            "__CALL_REMOTE_NAME__" => Value::String(String::new()),
            "__CALL_CURRENT_QUEUE__" => Value::NotSet(Type::Entity("que".into())),
            "__FLOW_CONTACT__" => Value::NotSet(Type::Complex("cpx_external_contact".into())),
            // The first message or email of the interaction: its body (and, for email, an empty subject).
            "__MESSAGE_MESSAGE__" => complex(
                "cpx_short_message",
                &[
                    ("body", &i.message),
                    ("type", "Text"),
                    ("senderAddress", i.ani.strip_prefix("tel:").unwrap_or(&i.ani)),
                ],
            ),
            "__EMAIL_MESSAGE__" => complex("cpx_email", &[("body", &i.message), ("subject", "")]),
            "__CHAT_GUEST__" => complex("cpx_chat_guest", &[("fullName", ""), ("firstName", ""), ("lastName", "")]),
            // A workitem flow runs on a workitem event; flowsim assumes the workitem was just created
            // (documented choice; override with the built-in `Workitem.EventType`).
            "__EVENT_TYPE__" => Value::String("workitemCreated".into()),
            "__WORKITEM_WORKITEM__" => complex("cpx_workitem", &[("id", &i.conversation_id), ("name", "")]),
            "__SURVEY_URL__" => Value::String(String::new()),
            "__FLOW_HOLD_PROMPT__" | "__on_hold_music__" => {
                Value::Entity { ty: "pmt".into(), id: key.to_string(), name: text.to_string() }
            }
            k if k.starts_with("__") && k.ends_with("__") && text.starts_with("PromptSystem.") => {
                Value::Entity { ty: "pmt".into(), id: k.to_string(), name: text.to_string() }
            }
            _ => {
                let t = text.to_ascii_lowercase();
                match t.as_str() {
                    "call.ani" => Value::String(i.ani.clone()),
                    "call.calledaddress" | "call.dnis" => Value::String(i.dnis.clone()),
                    "call.language" | "flow.language" => Value::String(i.language.clone()),
                    "flow.startdatetimeutc" => Value::DateTime(i.start_ms),
                    "message.message.body" | "email.message.body" => Value::String(i.message.clone()),
                    t if t.starts_with("promptsystem.") => {
                        Value::Entity { ty: "pmt".into(), id: key.to_string(), name: text.to_string() }
                    }
                    _ => return None,
                }
            }
        })
    }

    fn now_ms(&self) -> i64 {
        self.now_ms
    }

    fn org(&self, query: &OrgQuery) -> Option<&OrgAnswer> {
        self.org.get(query)
    }
}

/// Evaluates an expression with [`crate::expr::eval`]; an expression object with no tree and no text is
/// NOT_SET of its type.
pub fn evaluate(e: &Expression, scope: &RunScope<'_>) -> Result<Value, EvalError> {
    match &e.tree {
        Some(tree) => eval(tree, scope),
        None if e.text.trim().is_empty() => Ok(Value::NotSet(Type::from_code(&e.type_code))),
        None => Err(EvalError::Runtime(RuntimeError { message: "the expression has no readable form".into() })),
    }
}

/// The string literals of an expression, joined: what the caller hears when the full expression cannot be
/// evaluated (e.g. `AudioPlaybackOptions(ToAudioTTS("Hello"), true)` → `Hello`). Iterative, bounded.
pub fn literal_text(e: &Expression) -> String {
    let mut out = Vec::new();
    let mut stack: Vec<&Expr> = e.tree.iter().collect();
    let mut budget = 10_000;
    while let Some(x) = stack.pop() {
        budget -= 1;
        if budget == 0 {
            break;
        }
        match x {
            Expr::Literal(Value::String(s))
            | Expr::Literal(Value::Audio(s))
            | Expr::Literal(Value::Communication(s)) => out.push(s.clone()),
            Expr::Variable { name, .. } => out.push(format!("{{{name}}}")),
            Expr::Property { object, .. } => stack.push(object),
            Expr::Index { collection, .. } => stack.push(collection),
            Expr::Operator { operands, .. } => stack.extend(operands.iter().rev()),
            Expr::Call { args, .. } => stack.extend(args.iter().rev()),
            _ => {}
        }
    }
    out.retain(|s| !s.is_empty());
    out.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(item: Type, items: Vec<Value>) -> Value {
        Value::List { item, items }
    }

    #[test]
    fn a_collection_from_text_is_a_json_array_a_makelist_one_value_or_nothing() {
        let strings = Type::from_code("str_coll");
        let s = |x: &str| Value::String(x.into());
        assert_eq!(value_from_text(r#"["c1", "c2"]"#, &strings), list(Type::String, vec![s("c1"), s("c2")]));
        assert_eq!(value_from_text(r#" MakeList("c1", "c2") "#, &strings), list(Type::String, vec![s("c1"), s("c2")]));
        assert_eq!(value_from_text("c1", &strings), list(Type::String, vec![s("c1")]));
        assert_eq!(value_from_text("", &strings), list(Type::String, vec![]));
        assert_eq!(value_from_text("[]", &strings), list(Type::String, vec![]));
        assert_eq!(value_from_text("NOT_SET", &strings), Value::NotSet(strings.clone()));
        // Items take the declared item type, whatever the text holds.
        let ints = Type::from_code("int_coll");
        assert_eq!(
            value_from_text("[1, \"2\", null]", &ints),
            list(Type::Integer, vec![Value::Integer(1), Value::Integer(2), Value::NotSet(Type::Integer)])
        );
        assert_eq!(value_from_text("MakeList(\"7\")", &ints), list(Type::Integer, vec![Value::Integer(7)]));
        assert_eq!(value_from_text("[1, 2]", &strings), list(Type::String, vec![s("1"), s("2")]));
        // An entity's text is its id (and, for want of a name, its name), as a flow input's.
        let queues = Type::from_code("que_coll");
        assert_eq!(
            value_from_text(r#"["q-1"]"#, &queues),
            list(
                Type::Entity("que".into()),
                vec![Value::Entity { ty: "que".into(), id: "q-1".into(), name: "q-1".into() }]
            )
        );
        // An expression that reads the flow cannot be read before the run: the text is the one item.
        assert_eq!(value_from_text("Flow.ids", &strings), list(Type::String, vec![s("Flow.ids")]));
    }
}
