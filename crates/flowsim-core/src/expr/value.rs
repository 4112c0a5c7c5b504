//! Architect's values and types.

use std::collections::BTreeMap;

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

/// A value. Every type has NOT_SET, which is not the empty string.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    NotSet(Type),
    String(String),
    Integer(i64),
    /// Architect decimals carry up to 40 digits; flowsim keeps an `f64` (a documented choice: see `eval`).
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
    Currency {
        amount: f64,
        code: String,
    },
    /// Audio, prompts and communications become what the caller hears or reads, as text.
    Audio(String),
    Communication(String),
    /// An entity: queue, user, skill, … by id and name.
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
}
