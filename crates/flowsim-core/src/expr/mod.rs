//! Layer 3: Architect's expression language: values and types ([`value`]), the expression tree read from a
//! configuration's `config` node ([`ast`]), the parser for the text form ([`parse`]), and the evaluator
//! ([`eval`]) over a [`Scope`] that supplies variables, built-ins, the simulated clock and org data.
//!
//! Sans-IO: an expression that needs org data the scope does not hold yet (`FindQueue("Gold")`) evaluates to
//! [`EvalError::Pending`] with the [`OrgQuery`]; the interpreter asks its driver, stores the answer in the scope
//! and evaluates again. Evaluation is deterministic for the same scope.
pub mod ast;
pub mod eval;
pub mod org;
pub mod parse;
pub mod value;

pub use ast::Expr;
pub use eval::{eval, EvalError, RuntimeError, Scope};
pub use org::{OrgAnswer, OrgQuery};
pub use value::{Type, Value};
