//! Tolerant reading with the serde derives: what cannot be read is left out, with a note, and the rest is kept.
//!
//! The derived `Deserialize` of `T` is the only judge. When `T` refuses a JSON document, the parts that `T`
//! refuses are found by asking `T` about each part alone (the part wrapped in the document's structure down to
//! it) and left out; `T` then reads what remains. So a wrong type in one field of a contact drops that field,
//! and a bad element of a list drops that element. This needs `T` (and the structs inside it) to accept a
//! document with any fields missing, i.e. `#[serde(default)]` (a struct with required fields is dropped as a
//! whole, with one note). Recursion follows the JSON's depth, which serde_json's parser caps at 128.

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

/// A value read leniently, and what was left out.
#[derive(Debug, Clone, PartialEq)]
pub struct Lenient<T> {
    pub value: T,
    pub dropped: Vec<Dropped>,
}

/// A part of the document that could not be read and was left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dropped {
    /// Where, e.g. `trace[0].result.contact` or `workPhone.extension`.
    pub path: String,
    /// serde's sentence, e.g. "invalid type: integer `5`, expected a string".
    pub why: String,
}

impl std::fmt::Display for Dropped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} could not be read ({}) and was left out.", self.path, self.why)
    }
}

#[derive(Debug, Clone)]
enum Seg<'a> {
    Key(&'a str),
    Index(usize),
}

/// Reads `v` as `T`, leaving out what `T` refuses. Fails only when nothing can be read (e.g. `v` is not an
/// object where `T` wants one); the error is serde's.
pub fn read<T: DeserializeOwned>(v: &Value) -> Result<Lenient<T>, serde_json::Error> {
    let first = match T::deserialize(v) {
        Ok(value) => return Ok(Lenient { value, dropped: Vec::new() }),
        Err(e) => e,
    };
    let mut dropped = Vec::new();
    let mut path = Vec::new();
    let cleaned = match v {
        Value::Object(_) | Value::Array(_) => clean::<T>(&mut path, v, &mut dropped),
        _ => None,
    };
    match cleaned.map(|c| T::deserialize(&c)) {
        Some(Ok(value)) => Ok(Lenient { value, dropped }),
        _ => Err(first),
    }
}

/// The part `v` at `path` wrapped in the structure above it, as a whole document.
fn wrap(path: &[Seg], v: &Value) -> Value {
    path.iter().rev().fold(v.clone(), |inner, seg| match seg {
        Seg::Key(k) => Value::Object(Map::from_iter([(k.to_string(), inner)])),
        Seg::Index(_) => Value::Array(vec![inner]),
    })
}

fn fits<T: DeserializeOwned>(path: &[Seg], v: &Value) -> Result<(), serde_json::Error> {
    T::deserialize(&wrap(path, v)).map(|_| ())
}

/// `v` without the parts `T` refuses, or `None` (with a note) when `v` itself must go.
fn clean<'a, T: DeserializeOwned>(path: &mut Vec<Seg<'a>>, v: &'a Value, dropped: &mut Vec<Dropped>) -> Option<Value> {
    let err = match fits::<T>(path, v) {
        Ok(()) => return Some(v.clone()),
        Err(e) => e,
    };
    let mut inner = Vec::new();
    let rebuilt = match v {
        Value::Object(m) => {
            let mut out = Map::new();
            for (k, x) in m {
                path.push(Seg::Key(k));
                if let Some(c) = clean::<T>(path, x, &mut inner) {
                    out.insert(k.clone(), c);
                }
                path.pop();
            }
            Some(Value::Object(out))
        }
        Value::Array(items) => {
            let mut out = Vec::new();
            for (i, x) in items.iter().enumerate() {
                path.push(Seg::Index(i));
                if let Some(c) = clean::<T>(path, x, &mut inner) {
                    out.push(c);
                }
                path.pop();
            }
            Some(Value::Array(out))
        }
        _ => None,
    };
    match rebuilt {
        // Some parts went and the rest fits: keep the rest, note the parts.
        Some(r) if fits::<T>(path, &r).is_ok() => {
            dropped.append(&mut inner);
            Some(r)
        }
        // A scalar of the wrong type, or a whole that fails without any one part to blame: it goes, one note.
        _ => {
            dropped.push(Dropped { path: path_text(path), why: err.to_string() });
            None
        }
    }
}

fn path_text(path: &[Seg]) -> String {
    let mut s = String::new();
    for seg in path {
        match seg {
            Seg::Key(k) if s.is_empty() => s.push_str(k),
            Seg::Key(k) => {
                s.push('.');
                s.push_str(k);
            }
            Seg::Index(i) => {
                s.push('[');
                s.push_str(&i.to_string());
                s.push(']');
            }
        }
    }
    if s.is_empty() {
        s.push_str("the document");
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use serde_json::json;

    #[derive(Debug, Default, PartialEq, Deserialize)]
    #[serde(default)]
    struct Inner {
        n: Option<u32>,
        s: Option<String>,
    }

    #[derive(Debug, Default, PartialEq, Deserialize)]
    #[serde(default)]
    struct Outer {
        name: Option<String>,
        inner: Option<Inner>,
        list: Vec<Inner>,
        strict: Vec<Strict>,
    }

    #[derive(Debug, Default, PartialEq, Deserialize)]
    struct Strict {
        a: String,
        b: String,
    }

    #[test]
    fn good_documents_read_as_the_derive_reads_them() {
        let v = json!({"name": "x", "inner": {"n": 1}, "list": [{"s": "a"}], "other": true});
        let r = read::<Outer>(&v).unwrap();
        assert!(r.dropped.is_empty());
        assert_eq!(r.value, serde_json::from_value::<Outer>(v).unwrap());
    }

    #[test]
    fn bad_parts_are_left_out_with_a_note_and_the_rest_kept() {
        let v = json!({"name": 5, "inner": {"n": "one", "s": "kept"}, "list": [{"n": 1}, 7, {"n": -1, "s": "b"}]});
        let r = read::<Outer>(&v).unwrap();
        assert_eq!(
            r.value,
            Outer {
                name: None,
                inner: Some(Inner { n: None, s: Some("kept".into()) }),
                list: vec![Inner { n: Some(1), s: None }, Inner { n: None, s: Some("b".into()) }],
                strict: vec![],
            }
        );
        let paths: Vec<&str> = r.dropped.iter().map(|d| d.path.as_str()).collect();
        assert_eq!(paths, ["inner.n", "list[1]", "list[2].n", "name"]);
        assert_eq!(r.dropped[3].why, "invalid type: integer `5`, expected a string");
        assert_eq!(
            r.dropped[3].to_string(),
            "name could not be read (invalid type: integer `5`, expected a string) and was left out."
        );
    }

    #[test]
    fn a_struct_with_required_fields_goes_whole_with_one_note() {
        let v = json!({"strict": [{"a": "x", "b": "y"}, {"a": 1, "b": "y"}]});
        let r = read::<Outer>(&v).unwrap();
        assert_eq!(r.value.strict, vec![Strict { a: "x".into(), b: "y".into() }]);
        assert_eq!(r.dropped.len(), 1);
        assert_eq!(r.dropped[0].path, "strict[1]");
    }

    #[test]
    fn nothing_readable_is_serdes_error() {
        let e = read::<Outer>(&json!("text")).unwrap_err();
        assert_eq!(e.to_string(), serde_json::from_value::<Outer>(json!("text")).unwrap_err().to_string());
        assert!(read::<Outer>(&json!(null)).is_err());
    }
}
