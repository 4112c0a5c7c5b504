//! The evaluator over an [`Expr`] tree.

use crate::expr::ast::Expr;
use crate::expr::org::{OrgAnswer, OrgQuery};
use crate::expr::value::Value;

/// What an expression can read from the run.
pub trait Scope {
    /// A variable by the name written in the expression (`Flow.x`, case-insensitive) and, when known, its id.
    /// `None` when the flow declares no such variable.
    fn variable(&self, name: &str, id: Option<&str>) -> Option<Value>;
    /// A built-in (`Call.Ani`, `Flow.StartDateTimeUtc`, …) by its `sysref` key or its text.
    fn builtin(&self, key: &str, text: &str) -> Option<Value>;
    /// The simulated instant (`GetCurrentDateTimeUtc()`), in milliseconds since the Unix epoch.
    fn now_ms(&self) -> i64;
    /// The answer to an org read, when the driver has given it; `None` makes the evaluation pending.
    fn org(&self, query: &OrgQuery) -> Option<&OrgAnswer>;
}

/// Why an expression did not produce a value.
#[derive(Debug, Clone, PartialEq)]
pub enum EvalError {
    /// The driver must answer this query first; then evaluate again.
    Pending(OrgQuery),
    /// A runtime error as Architect raises it: the flow goes to the action's failure path or error handling.
    Runtime(RuntimeError),
}

/// A runtime error with the sentence a user reads.
#[derive(Debug, Clone, PartialEq)]
pub struct RuntimeError {
    pub message: String,
}

/// Evaluate an expression.
pub fn eval(expr: &Expr, scope: &dyn Scope) -> Result<Value, EvalError> {
    let _ = scope;
    Err(EvalError::Runtime(RuntimeError { message: format!("the evaluator is not written yet: {expr:?}") }))
}
