//! Layer 3: Architect's expression language: values and types ([`value`]), the expression tree ([`ast`]) read
//! from a configuration's `config` node ([`config`]) or parsed from text ([`parse`]), and the evaluator
//! ([`eval`], with the functions in [`functions`]) over a [`Scope`] that supplies variables, built-ins, the
//! simulated clock and org data.
//!
//! Documented choices where no source settles Architect's behaviour (each is marked *unverified* where it is
//! made): decimals are `f64` rounded to 15 significant digits ([`number`]); `==` on strings is case-sensitive;
//! `and`/`or` stop at the deciding operand; a NOT_SET condition of `If`/`?` is false; a property or item of
//! NOT_SET is a runtime error except inside `IsSet`/`IsNotSetOrEmpty`; a missing JSON property is NOT_SET;
//! `ToInt` truncates; `ToString` of an entity is its name; `DetectLanguage` goes by writing system; prompts
//! are known by name (never looked up); audio and communications are the text the caller hears or reads.
//!
//! Sans-IO: an expression that needs org data the scope does not hold yet (`FindQueue("Gold")`) evaluates to
//! [`EvalError::Pending`] with the [`OrgQuery`]; the interpreter asks its driver, stores the answer in the scope
//! and evaluates again. Evaluation is deterministic for the same scope.
pub mod ast;
pub mod civil;
pub mod config;
pub mod eval;
pub mod functions;
pub mod json_value;
pub mod literal;
pub mod number;
pub mod ops;
pub mod org;
pub mod parse;
pub mod value;

pub use ast::{Expr, PathStep, Target};
pub use eval::{eval, EvalError, RuntimeError, Scope};
pub use org::{OrgAnswer, OrgQuery};
pub use parse::{parse, ParseError};
pub use value::{Type, Value};
