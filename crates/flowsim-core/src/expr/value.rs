//! Architect's values and types.

use std::collections::BTreeMap;
use std::fmt;

/// An Architect data type, from its type code (`str`, `int`, `que`, `cpx_external_contact`, `str_coll`, …).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Type {
    String,
    Integer,
    Decimal,
    Boolean,
    DateTime,
    Date,
    Time,
    Duration,
    PhoneNumber,
    Json,
    Currency,
    Audio,
    Communication,
    Prompt,
    Image,
    /// Queue, User, Skill, LanguageSkill, WrapupCode, Group, Schedule, ScheduleGroup, …: the type code (`que`).
    Entity(String),
    /// `cpx_*`: the type code.
    Complex(String),
    Collection(Box<Type>),
    Any,
    /// Any other code, as written.
    Other(String),
}

/// Entity type codes and their display names.
const ENTITIES: [(&str, &str); 10] = [
    ("que", "Queue"),
    ("usr", "User"),
    ("skl", "Skill"),
    ("lac", "LanguageSkill"),
    ("wrc", "WrapupCode"),
    ("grp", "Group"),
    ("sch", "Schedule"),
    ("scg", "ScheduleGroup"),
    ("emg", "EmergencyGroup"),
    ("ivr", "IVR"),
];

/// Other codes seen in configurations, for display.
const OTHER_NAMES: [(&str, &str); 10] = [
    ("tsl", "Timeslot"),
    ("chs", "Chooser"),
    ("gmr", "Grammar"),
    ("kbd", "KnowledgeBaseDocument"),
    ("nts", "NOT_SET"),
    ("apa", "Audio"),
    ("lne", "LanguageContext"),
    ("bof", "BoolFormat"),
    ("daf", "DateFormat"),
    ("tif", "TimeFormat"),
];

impl Type {
    /// The type of a type code: `str`, `que`, `cpx_email_address`, `str_coll`. Unknown codes are kept.
    pub fn from_code(code: &str) -> Type {
        let code = code.trim();
        if let Some(item) = code.strip_suffix("_coll") {
            return Type::Collection(Box::new(Type::from_code(item)));
        }
        match code {
            "str" => Type::String,
            "int" => Type::Integer,
            "dec" => Type::Decimal,
            "bln" => Type::Boolean,
            "dtm" => Type::DateTime,
            "dat" => Type::Date,
            "tim" => Type::Time,
            "dur" => Type::Duration,
            "phn" => Type::PhoneNumber,
            "jsn" => Type::Json,
            "cur" => Type::Currency,
            "aud" => Type::Audio,
            "com" => Type::Communication,
            "pmt" => Type::Prompt,
            "img" => Type::Image,
            "any" | "" => Type::Any,
            c if c.starts_with("cpx_") => Type::Complex(c.to_string()),
            c if ENTITIES.iter().any(|(k, _)| *k == c) => Type::Entity(c.to_string()),
            c => Type::Other(c.to_string()),
        }
    }

    /// The type code (`str`, `que`, `str_coll`).
    pub fn code(&self) -> String {
        match self {
            Type::String => "str".into(),
            Type::Integer => "int".into(),
            Type::Decimal => "dec".into(),
            Type::Boolean => "bln".into(),
            Type::DateTime => "dtm".into(),
            Type::Date => "dat".into(),
            Type::Time => "tim".into(),
            Type::Duration => "dur".into(),
            Type::PhoneNumber => "phn".into(),
            Type::Json => "jsn".into(),
            Type::Currency => "cur".into(),
            Type::Audio => "aud".into(),
            Type::Communication => "com".into(),
            Type::Prompt => "pmt".into(),
            Type::Image => "img".into(),
            Type::Entity(c) | Type::Complex(c) | Type::Other(c) => c.clone(),
            Type::Collection(item) => format!("{}_coll", item.code()),
            Type::Any => "any".into(),
        }
    }

    /// The name a user reads: `String`, `Integer`, `Queue`, `String Collection`, `EmailAddress`.
    pub fn name(&self) -> String {
        match self {
            Type::String => "String".into(),
            Type::Integer => "Integer".into(),
            Type::Decimal => "Decimal".into(),
            Type::Boolean => "Boolean".into(),
            Type::DateTime => "DateTime".into(),
            Type::Date => "Date".into(),
            Type::Time => "Time".into(),
            Type::Duration => "Duration".into(),
            Type::PhoneNumber => "PhoneNumber".into(),
            Type::Json => "JSON".into(),
            Type::Currency => "Currency".into(),
            Type::Audio => "Audio".into(),
            Type::Communication => "Communication".into(),
            Type::Prompt => "Prompt".into(),
            Type::Image => "Image".into(),
            Type::Entity(c) => {
                ENTITIES.iter().find(|(k, _)| k == c).map(|(_, n)| n.to_string()).unwrap_or_else(|| c.clone())
            }
            Type::Complex(c) => pascal(c.strip_prefix("cpx_").unwrap_or(c)),
            Type::Collection(item) => format!("{} Collection", item.name()),
            Type::Any => "Any".into(),
            Type::Other(c) => {
                OTHER_NAMES.iter().find(|(k, _)| k == c).map(|(_, n)| n.to_string()).unwrap_or_else(|| c.clone())
            }
        }
    }

    /// The item type of a collection type.
    pub fn item(&self) -> Option<&Type> {
        match self {
            Type::Collection(item) => Some(item),
            _ => None,
        }
    }

    pub fn is_collection(&self) -> bool {
        matches!(self, Type::Collection(_))
    }
}

impl fmt::Display for Type {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name())
    }
}

fn pascal(snake: &str) -> String {
    let mut out = String::with_capacity(snake.len());
    for part in snake.split('_') {
        let mut chars = part.chars();
        if let Some(first) = chars.next() {
            out.extend(first.to_uppercase());
            out.push_str(chars.as_str());
        }
    }
    out
}

/// A value. Every type has NOT_SET, which is not the empty string.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    NotSet(Type),
    String(String),
    Integer(i64),
    /// Architect decimals carry up to 40 digits; flowsim keeps an `f64` rounded to 15 significant digits after
    /// each operation (a documented choice: see `expr::number`), so `2.2 + 3.9` is `6.1` as in Architect.
    Decimal(f64),
    Boolean(bool),
    /// Milliseconds since 1970-01-01T00:00:00Z (UTC: Architect has no time-zone type).
    DateTime(i64),
    /// Days since 1970-01-01.
    Date(i32),
    /// Milliseconds since midnight.
    Time(i64),
    /// Milliseconds.
    Duration(i64),
    /// A phone number as Architect keeps it: the URI it was made from and its E.164 form when it has one.
    PhoneNumber {
        uri: String,
        e164: Option<String>,
    },
    Json(serde_json::Value),
    /// `amount` NOT_SET is a currency whose amount is not set (`MakeCurrency(ToDecimal(NOT_SET), "USD")`).
    Currency {
        amount: Option<f64>,
        code: String,
    },
    /// Audio, prompts and communications become what the caller hears or reads, as text.
    Audio(String),
    Communication(String),
    /// An entity: queue, user, skill, prompt (`pmt`), image (`img`), … by id and name.
    Entity {
        ty: String,
        id: String,
        name: String,
    },
    /// A complex value (`cpx_*`): its fields by name.
    Complex {
        ty: String,
        fields: BTreeMap<String, Value>,
    },
    List {
        item: Type,
        items: Vec<Value>,
    },
    /// An enumeration constant such as `Format.Date.dayOfWeekOnly` or `Language.Gender.feminine`: its path.
    Enum(String),
}

impl Value {
    /// The value's type.
    pub fn ty(&self) -> Type {
        match self {
            Value::NotSet(t) => t.clone(),
            Value::String(_) => Type::String,
            Value::Integer(_) => Type::Integer,
            Value::Decimal(_) => Type::Decimal,
            Value::Boolean(_) => Type::Boolean,
            Value::DateTime(_) => Type::DateTime,
            Value::Date(_) => Type::Date,
            Value::Time(_) => Type::Time,
            Value::Duration(_) => Type::Duration,
            Value::PhoneNumber { .. } => Type::PhoneNumber,
            Value::Json(_) => Type::Json,
            Value::Currency { .. } => Type::Currency,
            Value::Audio(_) => Type::Audio,
            Value::Communication(_) => Type::Communication,
            Value::Entity { ty, .. } => Type::from_code(ty),
            Value::Complex { ty, .. } => Type::from_code(ty),
            Value::List { item, .. } => Type::Collection(Box::new(item.clone())),
            Value::Enum(_) => Type::Other("enum".into()),
        }
    }

    /// NOT_SET of a type.
    pub fn not_set(ty: Type) -> Value {
        Value::NotSet(ty)
    }

    pub fn is_not_set(&self) -> bool {
        matches!(self, Value::NotSet(_))
    }

    /// The empty collection of an item type.
    pub fn empty_list(item: Type) -> Value {
        Value::List { item, items: Vec::new() }
    }

    /// A value with the JSON it would have as a flow output or a data-action input (strings stay strings, numbers
    /// numbers, entities their id, NOT_SET null).
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match self {
            Value::NotSet(_) => J::Null,
            Value::String(s) | Value::Audio(s) | Value::Communication(s) | Value::Enum(s) => J::String(s.clone()),
            Value::Integer(i) => J::from(*i),
            Value::Decimal(d) => serde_json::Number::from_f64(*d).map(J::Number).unwrap_or(J::Null),
            Value::Boolean(b) => J::Bool(*b),
            Value::Json(j) => j.clone(),
            Value::Entity { id, name, .. } => serde_json::json!({"id": id, "name": name}),
            Value::Complex { fields, .. } => J::Object(fields.iter().map(|(k, v)| (k.clone(), v.to_json())).collect()),
            Value::List { items, .. } => J::Array(items.iter().map(Value::to_json).collect()),
            other => J::String(crate::expr::literal::display_text(other)),
        }
    }
}
