//! The expression tree, as Architect stores it in a configuration's `config` node (and as the parser builds it
//! from text).

use crate::expr::value::{Type, Value};

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
    /// `sysref`: a built-in such as `Call.Ani`, by its key (`__CALL_ANI__`) and its text.
    Builtin { key: String, text: String },
    /// `.`: a property of a value.
    Property { object: Box<Expr>, name: String },
    /// `[`: an item of a collection (0-based).
    Index { collection: Box<Expr>, index: Box<Expr> },
    /// A unary or binary operator, with the author's spelling kept for display (`OR`).
    Operator { op: String, operands: Vec<Expr> },
    /// A function call; the name as the registry spells it (`ToString`).
    Call { name: String, args: Vec<Expr> },
}
