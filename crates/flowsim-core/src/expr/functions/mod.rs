//! Architect's functions, by family. Names are case-insensitive. Arguments are evaluated first, except for
//! `If` (only the chosen branch) and `IsSet`/`IsNotSetOrEmpty` (a property or item of NOT_SET is NOT_SET there).
//! A parameter that does not accept NOT_SET and receives it is a runtime error, as in Architect.

mod audio;
mod collection;
mod convert;
mod datetime;
mod json;
mod math;
mod org;
mod string;

use crate::expr::ast::Expr;
use crate::expr::civil;
use crate::expr::eval::{fail, Ctx, EvalError};
use crate::expr::value::{Type, Value};

pub type Res = Result<Value, EvalError>;

/// Every function flowsim computes, spelled as the registry spells it.
pub const NAMES: &[&str] = &[
    // text
    "Append",
    "Compare",
    "Contains",
    "DetectLanguage",
    "FindString",
    "Left",
    "Length",
    "Lower",
    "Ltrim",
    "Replace",
    "Reverse",
    "Right",
    "Rtrim",
    "Split",
    "Substring",
    "Trim",
    "Upper",
    "ToDisplayString",
    "EmailAddressDomainPart",
    "EmailAddressLocalPart",
    "MakeEmailAddress",
    // math and statistics
    "Ceiling",
    "Floor",
    "Round",
    "Sum",
    "Average",
    "MakeCurrency",
    "GetCurrencySymbol",
    "ConvertCurrency",
    "MakeListCurrency",
    // date and time
    "AddDays",
    "AddDuration",
    "AddHours",
    "AddMinutes",
    "AddMonths",
    "AddSeconds",
    "AddYears",
    "DateTimeDiff",
    "Day",
    "DayOfWeek",
    "GetCurrentDateTimeUtc",
    "GetDayOfWeekOccurrence",
    "Hour",
    "MakeDateTime",
    "MakeDuration",
    "Minute",
    "Month",
    "Range",
    "RoundUp",
    "Second",
    "WeekNum",
    "Year",
    "MakeTimeslot",
    // collections
    "Count",
    "Find",
    "FindFirst",
    "GetAt",
    "MakeEmptyList",
    "MakeList",
    "AddItem",
    "MakeListAgentScorePair",
    // logic and comparison
    "If",
    "LogicalIf",
    "IsSet",
    "IsNotSetOrEmpty",
    "AreEqual",
    // conversions
    "ToBool",
    "ToCurrency",
    "ToDateTime",
    "ToDecimal",
    "ToDuration",
    "ToInt",
    "ToPhoneNumber",
    "ToString",
    "ToGroup",
    "ToLanguageSkill",
    "ToQueue",
    "ToSkill",
    "ToUser",
    "ToUserQueue",
    "ToWrapupCode",
    "ResolveSlot",
    // JSON
    "GetJsonObjectProperty",
    "JsonParse",
    "ToJson",
    // audio and communication
    "AudioPlaybackOptions",
    "ToAudio",
    "ToAudioBlank",
    "ToAudioBool",
    "ToAudioCurrency",
    "ToAudioDate",
    "ToAudioDateTime",
    "ToAudioDuration",
    "ToAudioNumber",
    "ToAudioNumberOrdinal",
    "ToAudioPercent",
    "ToAudioPhoneNumber",
    "ToAudioTime",
    "ToAudioTimeRange",
    "ToAudioTTS",
    "MakeCommunication",
    "ToCommunication",
    "GetDefaultLanguage",
    "GetSupportedLanguages",
    // org
    "FindQueue",
    "FindQueueById",
    "FindUser",
    "FindUserById",
    "FindUsersById",
    "FindSkill",
    "FindGroup",
    "FindLanguageSkill",
    "FindWrapupCode",
    "FindSystemPrompt",
    "FindUserPrompt",
];

/// A collection of values, its item type the first known type among them (`MakeList`).
pub fn make_list_value(items: Vec<Value>) -> Value {
    collection::make_list(items)
}

/// The registry spelling of a function name written in any case (`contains` → `Contains`).
pub fn canonical_name(name: &str) -> Option<&'static str> {
    NAMES.iter().copied().find(|n| n.eq_ignore_ascii_case(name))
}

/// Call a function.
pub fn call(cx: &Ctx, name: &str, args: &[Expr], d: usize, lenient: bool) -> Res {
    let lower = name.to_ascii_lowercase();
    match lower.as_str() {
        "if" | "logicalif" => {
            let [c, a, b] = args else { return fail(format!("{name} takes a condition and two values.")) };
            return if cx.condition(c, d, lenient, name)? { cx.eval(a, d, lenient) } else { cx.eval(b, d, lenient) };
        }
        "isset" | "isnotsetorempty" => {
            let [a] = args else { return fail(format!("{name} takes one value.")) };
            let v = cx.eval(a, d, true)?;
            let not_set = v.is_not_set();
            return Ok(Value::Boolean(if lower == "isset" { !not_set } else { not_set || is_empty(&v) }));
        }
        _ => {}
    }
    let a = Args { name, v: cx.eval_all(args, d, lenient)? };
    string::call(&lower, &a)
        .or_else(|| math::call(&lower, &a))
        .or_else(|| datetime::call(&lower, &a, cx))
        .or_else(|| collection::call(&lower, &a))
        .or_else(|| convert::call(&lower, &a, cx))
        .or_else(|| json::call(&lower, &a))
        .or_else(|| audio::call(&lower, &a))
        .or_else(|| org::call(&lower, &a, cx))
        .unwrap_or_else(|| fail(format!("flowsim cannot compute the function {name}.")))
}

/// `IsNotSetOrEmpty`: the empty string, an empty collection, a currency without an amount, and (*unverified*)
/// an empty JSON object or array.
fn is_empty(v: &Value) -> bool {
    match v {
        Value::String(s) => s.is_empty(),
        Value::List { items, .. } => items.is_empty(),
        Value::Currency { amount, .. } => amount.is_none(),
        Value::Json(serde_json::Value::Array(a)) => a.is_empty(),
        Value::Json(serde_json::Value::Object(o)) => o.is_empty(),
        Value::Json(serde_json::Value::Null) => true,
        _ => false,
    }
}

/// A function's evaluated arguments, with readers that refuse NOT_SET and the wrong type with a sentence.
pub struct Args<'a> {
    pub name: &'a str,
    pub v: Vec<Value>,
}

impl Args<'_> {
    pub fn len(&self) -> usize {
        self.v.len()
    }

    pub fn is_empty(&self) -> bool {
        self.v.is_empty()
    }

    pub fn get(&self, i: usize) -> Option<&Value> {
        self.v.get(i)
    }

    /// Fails unless the argument count is within `min..=max`.
    pub fn arity(&self, min: usize, max: usize) -> Result<(), EvalError> {
        let n = self.v.len();
        if n < min || n > max {
            let want = if min == max {
                format!("{min}")
            } else if max == usize::MAX {
                format!("at least {min}")
            } else {
                format!("{min} to {max}")
            };
            return fail(format!("{} takes {want} argument(s), not {n}.", self.name));
        }
        Ok(())
    }

    /// The argument, refusing NOT_SET.
    pub fn set(&self, i: usize) -> Result<&Value, EvalError> {
        match self.v.get(i) {
            None => fail(format!("{} is missing argument {}.", self.name, i + 1)),
            Some(Value::NotSet(_)) => fail(format!(
                "Argument {} of {} is NOT_SET, and {} does not accept NOT_SET there.",
                i + 1,
                self.name,
                self.name
            )),
            Some(v) => Ok(v),
        }
    }

    fn wrong<T>(&self, i: usize, want: &str, got: &Value) -> Result<T, EvalError> {
        fail(format!("Argument {} of {} must be a {want}, not a {}.", i + 1, self.name, got.ty()))
    }

    pub fn str(&self, i: usize) -> Result<String, EvalError> {
        match self.set(i)? {
            Value::String(s) => Ok(s.clone()),
            v @ (Value::Integer(_) | Value::Decimal(_) | Value::Boolean(_)) => {
                Ok(crate::expr::literal::display_text(v))
            }
            v => self.wrong(i, "String", v),
        }
    }

    /// A string argument that accepts NOT_SET (`None`).
    pub fn opt_str(&self, i: usize) -> Result<Option<String>, EvalError> {
        match self.v.get(i) {
            None | Some(Value::NotSet(_)) => Ok(None),
            Some(_) => self.str(i).map(Some),
        }
    }

    /// Numbers, durations and date-times outside Architect's ranges (a scope could hold one) are refused, so
    /// the functions can compute without overflow.
    fn out_of_range<T>(&self, i: usize, v: &Value) -> Result<T, EvalError> {
        fail(format!("Argument {} of {} ({}) is outside Architect's range.", i + 1, self.name, v.to_literal()))
    }

    pub fn int(&self, i: usize) -> Result<i64, EvalError> {
        match self.set(i)? {
            v @ Value::Integer(n) if !crate::expr::number::int_in_range(*n) => self.out_of_range(i, v),
            Value::Integer(n) => Ok(*n),
            v => self.wrong(i, "Integer", v),
        }
    }

    /// An Integer or a Decimal, as a float.
    pub fn num(&self, i: usize) -> Result<f64, EvalError> {
        match self.set(i)? {
            Value::Integer(n) => Ok(*n as f64),
            v @ Value::Decimal(d) if !d.is_finite() => self.out_of_range(i, v),
            Value::Decimal(d) => Ok(*d),
            v => self.wrong(i, "number", v),
        }
    }

    pub fn bool(&self, i: usize) -> Result<bool, EvalError> {
        match self.set(i)? {
            Value::Boolean(b) => Ok(*b),
            v => self.wrong(i, "Boolean", v),
        }
    }

    pub fn dtm(&self, i: usize) -> Result<i64, EvalError> {
        match self.set(i)? {
            v @ Value::DateTime(t) if !(civil::MIN_DATETIME_MS..=civil::MAX_DATETIME_MS).contains(t) => {
                self.out_of_range(i, v)
            }
            Value::DateTime(t) => Ok(*t),
            v => self.wrong(i, "DateTime", v),
        }
    }

    pub fn dur(&self, i: usize) -> Result<i64, EvalError> {
        match self.set(i)? {
            v @ Value::Duration(t) if t.unsigned_abs() > crate::expr::number::MAX_DURATION_MS as u64 => {
                self.out_of_range(i, v)
            }
            Value::Duration(t) => Ok(*t),
            v => self.wrong(i, "Duration", v),
        }
    }

    /// A collection argument; a NOT_SET collection reads as empty (see `Expr::Empty` in `eval`).
    pub fn list(&self, i: usize) -> Result<(Type, Vec<Value>), EvalError> {
        if let Some(Value::NotSet(Type::Collection(item))) = self.v.get(i) {
            return Ok(((**item).clone(), Vec::new()));
        }
        match self.set(i)? {
            Value::List { item, items } => Ok((item.clone(), items.clone())),
            v => self.wrong(i, "collection", v),
        }
    }
}
