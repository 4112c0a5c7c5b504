//! The expression tree, as Architect stores it in a configuration's `config` node (and as the parser builds it
//! from text).

use std::fmt;

use crate::expr::literal::quote;
use crate::expr::value::{Type, Value};

/// Deepest nesting read from a configuration or parsed from text; deeper input is refused, so malicious nesting
/// cannot overflow the stack (here or in the evaluator).
pub const MAX_DEPTH: usize = 100;

/// One expression node.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// `lit`: a literal already read into a value (entity literals carry their id and name).
    Literal(Value),
    /// `emp`: empty (not set) of a type.
    Empty(Type),
    /// `nul` / `NOT_SET`.
    NotSet,
    /// `ref`: a variable, by name as written (`Flow.Customer`) and the variable's id when the configuration has it.
    Variable { name: String, id: Option<String> },
    /// `sysref`: a built-in such as `Call.Ani`, by its key (`__CALL_ANI__`) and its text. From parsed text the
    /// key is the known key of that text ([`builtin_key`]) or empty.
    Builtin { key: String, text: String },
    /// `.`: a property of a value.
    Property { object: Box<Expr>, name: String },
    /// `[`: an item of a collection (0-based).
    Index { collection: Box<Expr>, index: Box<Expr> },
    /// A unary or binary operator (or the ternary `?`), with the author's spelling kept for display (`OR`).
    Operator { op: String, operands: Vec<Expr> },
    /// A function call; the name as the registry spells it (`ToString`), or as written for unknown functions.
    Call { name: String, args: Vec<Expr> },
    /// A collection literal (`lit` with `items`): the collection type and its items.
    List { ty: Type, items: Vec<Expr> },
    /// A node flowsim could not read (malformed, nested too deeply); evaluating it is a runtime error that says why.
    Invalid { reason: String },
}

/// A step of an assignment target's path.
#[derive(Debug, Clone, PartialEq)]
pub enum PathStep {
    Property(String),
    Index(Expr),
}

/// Where a mode-2 expression (an output binding or the variable an Update Data action sets) writes.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    /// The variable as written (`Flow.Customer`).
    pub name: String,
    /// Its id, when the configuration has it.
    pub id: Option<String>,
    /// Properties and items below the variable (`Flow.Customer.firstName` → `[firstName]`).
    pub path: Vec<PathStep>,
}

impl Expr {
    /// The variable (and the path below it) this expression names, when it is an assignment target.
    pub fn as_target(&self) -> Option<Target> {
        match self {
            Expr::Variable { name, id } => Some(Target { name: name.clone(), id: id.clone(), path: Vec::new() }),
            Expr::Property { object, name } => {
                let mut t = object.as_target()?;
                t.path.push(PathStep::Property(name.clone()));
                Some(t)
            }
            Expr::Index { collection, index } => {
                let mut t = collection.as_target()?;
                t.path.push(PathStep::Index((**index).clone()));
                Some(t)
            }
            _ => None,
        }
    }

    /// Whether the operator spelling is `op` (case-insensitive: `OR` is `or`).
    pub fn op_is(op: &str, name: &str) -> bool {
        op.eq_ignore_ascii_case(name)
    }
}

/// The `sysref` key of a built-in's text (`Call.Ani` → `__CALL_ANI__`), for the built-ins real flows use.
pub fn builtin_key(text: &str) -> Option<&'static str> {
    const KEYS: [(&str, &str); 26] = [
        ("Call.Ani", "__CALL_ANI__"),
        ("Call.CalledAddress", "__CALL_CALLED_ADDRESS__"),
        ("Call.ConversationId", "__CALL_CONVERSATION_ID__"),
        ("Call.EstimatedWaitTime", "__CALL_ESTIMATED_WAIT_TIME__"),
        ("Call.PositionInQueue", "__CALL_POSITION_IN_QUEUE__"),
        ("Call.RemoteName", "__CALL_REMOTE_NAME__"),
        ("Call.Contact", "__FLOW_CONTACT__"),
        ("Call.CurrentQueue", "__CALL_CURRENT_QUEUE__"),
        ("Message.Message", "__MESSAGE_MESSAGE__"),
        ("Message.ConversationId", "__MESSAGE_CONVERSATION_ID__"),
        ("Email.Message", "__EMAIL_MESSAGE__"),
        ("Email.ConversationId", "__EMAIL_CONVERSATION_ID__"),
        ("Chat.ConversationId", "__CHAT_CONVERSATION_ID__"),
        ("Chat.Guest", "__CHAT_GUEST__"),
        ("Survey.ConversationId", "__SURVEY_CONVERSATION_ID__"),
        ("Survey.Url", "__SURVEY_URL__"),
        ("Workitem.EventType", "__EVENT_TYPE__"),
        ("Workitem.Workitem", "__WORKITEM_WORKITEM__"),
        ("Flow.HoldPrompt", "__FLOW_HOLD_PROMPT__"),
        ("Format.Date", "__FORMAT_DATE__"),
        ("Format.String", "__FORMAT_STRING__"),
        ("Session.LastKnowledgeAnswer", "__SESSION_LAST_KNOWLEDGE_ANSWER__"),
        ("PromptSystem.on_hold_music", "__on_hold_music__"),
        ("PromptSystem.please_try_again", "__pleasetryagain__"),
        ("PromptSystem.didnt_understand_try_again", "__didntunderstandtryagain__"),
        ("PromptSystem.having_trouble_understanding", "__havingtroubleunderstanding__"),
    ];
    KEYS.iter().find(|(t, _)| t.eq_ignore_ascii_case(text)).map(|(_, k)| *k)
}

/// The expression as text (for the trace and the expression box): `Flow.x + 1`, `ToString(Call.Ani)`.
impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Expr::Literal(v) => f.write_str(&v.to_literal()),
            Expr::Empty(_) | Expr::NotSet => f.write_str("NOT_SET"),
            Expr::Variable { name, .. } => f.write_str(name),
            Expr::Builtin { text, .. } => f.write_str(text),
            Expr::Property { object, name } => write!(f, "{object}.{name}"),
            Expr::Index { collection, index } => write!(f, "{collection}[{index}]"),
            Expr::Operator { op, operands } => match operands.as_slice() {
                [a] => {
                    f.write_str(op)?;
                    write_operand(f, a)
                }
                [a, b] => {
                    write_operand(f, a)?;
                    write!(f, " {op} ")?;
                    write_operand(f, b)
                }
                [c, a, b] if op == "?" => {
                    write_operand(f, c)?;
                    f.write_str(" ? ")?;
                    write_operand(f, a)?;
                    f.write_str(" : ")?;
                    write_operand(f, b)
                }
                _ => write_call(f, op, operands),
            },
            Expr::Call { name, args } => write_call(f, name, args),
            Expr::List { items, .. } => write_call(f, "MakeList", items),
            Expr::Invalid { reason } => write!(f, "<{}>", quote(reason)),
        }
    }
}

/// An operand of an operator: in parentheses when it is itself a binary or ternary operation.
fn write_operand(f: &mut fmt::Formatter<'_>, e: &Expr) -> fmt::Result {
    match e {
        Expr::Operator { operands, .. } if operands.len() > 1 => write!(f, "({e})"),
        _ => write!(f, "{e}"),
    }
}

fn write_call(f: &mut fmt::Formatter<'_>, name: &str, args: &[Expr]) -> fmt::Result {
    write!(f, "{name}(")?;
    for (i, a) in args.iter().enumerate() {
        if i > 0 {
            f.write_str(", ")?;
        }
        write!(f, "{a}")?;
    }
    f.write_str(")")
}
