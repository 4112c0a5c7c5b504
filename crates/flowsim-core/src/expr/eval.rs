//! The evaluator over an [`Expr`] tree: leaves, property access, indexing and the control forms (`?`, `and`,
//! `or`, `If`, `IsSet`, `IsNotSetOrEmpty`). Operators are in [`crate::expr::ops`], functions in
//! [`crate::expr::functions`].

use crate::expr::ast::{Expr, MAX_DEPTH};
use crate::expr::functions;
use crate::expr::number;
use crate::expr::ops;
use crate::expr::org::{OrgAnswer, OrgQuery};
use crate::expr::value::{Type, Value};

/// What an expression can read from the run.
pub trait Scope {
    /// A variable by the name written in the expression (`Flow.x`, case-insensitive) and, when known, its id.
    /// `None` when the flow declares no such variable.
    fn variable(&self, name: &str, id: Option<&str>) -> Option<Value>;
    /// A built-in (`Call.Ani`, `Flow.StartDateTimeUtc`, …) by its `sysref` key or its text. The key is empty
    /// when the expression was parsed from text naming a built-in flowsim has no key for.
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

impl RuntimeError {
    pub fn new(message: impl Into<String>) -> RuntimeError {
        RuntimeError { message: message.into() }
    }
}

impl std::fmt::Display for RuntimeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl From<RuntimeError> for EvalError {
    fn from(e: RuntimeError) -> EvalError {
        EvalError::Runtime(e)
    }
}

/// A runtime error as an `Err`.
pub fn fail<T>(message: impl Into<String>) -> Result<T, EvalError> {
    Err(EvalError::Runtime(RuntimeError::new(message)))
}

/// Evaluate an expression.
pub fn eval(expr: &Expr, scope: &dyn Scope) -> Result<Value, EvalError> {
    Ctx { scope }.eval(expr, 0, false)
}

/// The evaluation context handed to functions.
pub struct Ctx<'a> {
    pub scope: &'a dyn Scope,
}

/// Named constants of the `System` enumeration.
fn system_constant(text: &str) -> Option<Value> {
    let lower = text.to_ascii_lowercase();
    Some(match lower.as_str() {
        "system.maxint" => Value::Integer(number::MAX_INT),
        "system.minint" => Value::Integer(number::MIN_INT),
        "system.maxdatetime" => Value::DateTime(crate::expr::civil::MAX_DATETIME_MS - 999),
        "system.mindatetime" => Value::DateTime(crate::expr::civil::MIN_DATETIME_MS),
        "system.maxduration" => Value::Duration(number::MAX_DURATION_MS),
        "system.minduration" => Value::Duration(-number::MAX_DURATION_MS),
        _ => return None,
    })
}

/// Roots of enumeration constants (`Format.Date.dayOfWeekOnly`, `Language.Gender.feminine`).
const ENUM_ROOTS: [&str; 8] =
    ["Format", "Language", "System", "ConversationType", "Currency", "TimePart", "Survey", "Region"];

impl Ctx<'_> {
    /// Evaluate `expr`. `lenient`: inside `IsSet`/`IsNotSetOrEmpty`, a property or item of NOT_SET is NOT_SET
    /// rather than an error (those functions exist to guard such reads).
    pub fn eval(&self, expr: &Expr, depth: usize, lenient: bool) -> Result<Value, EvalError> {
        if depth > 2 * MAX_DEPTH {
            return fail("The expression is nested too deeply to evaluate.");
        }
        let d = depth + 1;
        match expr {
            Expr::Literal(v) => Ok(v.clone()),
            // An empty collection (`emp` of a `_coll` type) holds no items (*unverified*: Architect shows
            // collection variables as empty, and flows `AddItem` to them without initialising them).
            Expr::Empty(Type::Collection(item)) => Ok(Value::empty_list((**item).clone())),
            Expr::Empty(t) => Ok(Value::NotSet(t.clone())),
            Expr::NotSet => Ok(Value::NotSet(Type::Any)),
            Expr::Variable { name, id } => {
                if let Some(v) = self.scope.variable(name, id.as_deref()) {
                    return Ok(v);
                }
                // Text cannot tell `Flow.StartDateTimeUtc` (a built-in) from a variable.
                let key = crate::expr::ast::builtin_key(name).unwrap_or_default();
                if let Some(v) = self.scope.builtin(key, name) {
                    return Ok(v);
                }
                fail(format!("The flow has no variable {name}."))
            }
            Expr::Builtin { key, text } => {
                if let Some(v) = self.scope.builtin(key, text) {
                    return Ok(v);
                }
                if let Some(v) = system_constant(text) {
                    return Ok(v);
                }
                let root = text.split('.').next().unwrap_or_default();
                if ENUM_ROOTS.iter().any(|r| r.eq_ignore_ascii_case(root)) {
                    return Ok(Value::Enum(text.clone()));
                }
                fail(format!("flowsim has no value for the built-in {text}."))
            }
            Expr::Property { object, name } => {
                let v = self.eval(object, d, lenient)?;
                if let Value::Enum(path) = &v {
                    let full = format!("{path}.{name}");
                    return Ok(system_constant(&full).unwrap_or(Value::Enum(full)));
                }
                ops::property(v, name, lenient).map_err(EvalError::from)
            }
            Expr::Index { collection, index } => {
                let c = self.eval(collection, d, lenient)?;
                let i = self.eval(index, d, lenient)?;
                ops::index(c, i, lenient).map_err(EvalError::from)
            }
            Expr::Operator { op, operands } => self.operator(op, operands, d, lenient),
            Expr::Call { name, args } => functions::call(self, name, args, d, lenient),
            Expr::List { ty, items } => {
                let values = items.iter().map(|e| self.eval(e, d, lenient)).collect::<Result<Vec<_>, _>>()?;
                let item = ty.item().cloned().unwrap_or(Type::Any);
                Ok(Value::List { item, items: values })
            }
            Expr::Invalid { reason } => fail(format!("flowsim cannot evaluate this expression: {reason}.")),
        }
    }

    /// Evaluate every expression of `args`.
    pub fn eval_all(&self, args: &[Expr], depth: usize, lenient: bool) -> Result<Vec<Value>, EvalError> {
        args.iter().map(|a| self.eval(a, depth, lenient)).collect()
    }

    fn operator(&self, op: &str, operands: &[Expr], d: usize, lenient: bool) -> Result<Value, EvalError> {
        let lower = op.to_ascii_lowercase();
        match (lower.as_str(), operands) {
            ("?", [cond, a, b]) => {
                if self.condition(cond, d, lenient, "?")? {
                    self.eval(a, d, lenient)
                } else {
                    self.eval(b, d, lenient)
                }
            }
            // `and`/`or` stop at the first operand that decides (*unverified*: Architect may evaluate both).
            ("and", [a, b]) => {
                Ok(Value::Boolean(self.strict_bool(a, d, lenient, "and")? && self.strict_bool(b, d, lenient, "and")?))
            }
            ("or", [a, b]) => {
                Ok(Value::Boolean(self.strict_bool(a, d, lenient, "or")? || self.strict_bool(b, d, lenient, "or")?))
            }
            (_, [a]) => {
                let v = self.eval(a, d, lenient)?;
                ops::unary(&lower, v).map_err(EvalError::from)
            }
            (_, [a, b]) => {
                let x = self.eval(a, d, lenient)?;
                let y = self.eval(b, d, lenient)?;
                ops::binary(&lower, x, y).map_err(EvalError::from)
            }
            _ => fail(format!("The operator {op} cannot take {} operands.", operands.len())),
        }
    }

    fn strict_bool(&self, e: &Expr, d: usize, lenient: bool, op: &str) -> Result<bool, EvalError> {
        match self.eval(e, d, lenient)? {
            Value::Boolean(b) => Ok(b),
            Value::NotSet(_) => fail(format!("An operand of {op} is NOT_SET; {op} needs true or false.")),
            other => fail(format!("{op} needs a Boolean, not a {}.", other.ty())),
        }
    }

    /// A condition of `If` or `?`: NOT_SET counts as false (*unverified*: the signature accepts NOT_SET).
    pub fn condition(&self, e: &Expr, d: usize, lenient: bool, what: &str) -> Result<bool, EvalError> {
        match self.eval(e, d, lenient)? {
            Value::Boolean(b) => Ok(b),
            Value::NotSet(_) => Ok(false),
            other => fail(format!("The condition of {what} must be a Boolean, not a {}.", other.ty())),
        }
    }
}
