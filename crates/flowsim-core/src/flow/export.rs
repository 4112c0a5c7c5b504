//! The Architect export decoder: `.i3InboundFlow`, `.i3WorkFlow` and the other `.i3*` files are
//! `base64(encodeURIComponent(JSON))` (flowconfig-format.md §1); a `latestconfiguration` body is plain JSON.

use std::borrow::Cow;

use base64::alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use base64::Engine;
use serde_json::Value as Json;

/// Why a file is not a flow, as data; [`DecodeError::describe`] makes the sentence.
#[derive(Debug, Clone, PartialEq)]
pub enum DecodeError {
    Empty,
    /// Neither JSON nor base64 of URI-encoded JSON.
    NotAnExport,
    /// It decodes, but the JSON does not parse (the offset where it stopped); `truncated` when it ended early.
    BadJson {
        line: usize,
        column: usize,
        truncated: bool,
    },
    /// The JSON is not an object with `flowSequenceItemList` or `type`.
    NotAFlow,
}

impl DecodeError {
    pub fn describe(&self) -> String {
        match self {
            DecodeError::Empty => "The file is empty.".into(),
            DecodeError::NotAnExport => {
                "The file is neither a flow configuration (JSON) nor an Architect export (.i3InboundFlow, .i3WorkFlow, …)."
                    .into()
            }
            DecodeError::BadJson { truncated: true, .. } => {
                "The flow file is truncated: its JSON ends before the flow does.".into()
            }
            DecodeError::BadJson { line, column, .. } => {
                format!("The flow file is not valid JSON (line {line}, column {column}).")
            }
            DecodeError::NotAFlow => {
                "The file is JSON but not a flow: it has no flowSequenceItemList and no flow type.".into()
            }
        }
    }
}

/// The sentence-ready error of JSON that does not parse.
pub fn json_error(e: serde_json::Error) -> DecodeError {
    DecodeError::BadJson {
        line: e.line(),
        column: e.column(),
        truncated: e.classify() == serde_json::error::Category::Eof,
    }
}

/// The JSON text of a flow document: JSON as it is, URI-encoded JSON decoded, or base64 of either decoded.
/// Linear in the size; it does not parse the JSON.
pub fn decode_text(text: &str) -> Result<Cow<'_, str>, DecodeError> {
    let t = text.trim_start_matches('\u{feff}').trim();
    if t.is_empty() {
        return Err(DecodeError::Empty);
    }
    if t.starts_with('{') {
        return Ok(Cow::Borrowed(t));
    }
    if t.len() >= 3 && t.is_char_boundary(3) && t[..3].eq_ignore_ascii_case("%7B") {
        return Ok(Cow::Owned(percent_encoding::percent_decode_str(t).decode_utf8_lossy().into_owned()));
    }
    let mut compact: String = t.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    while compact.ends_with('=') {
        compact.pop();
    }
    // A file cut short may end inside a base64 quantum: drop the stray character (the JSON then reads as
    // truncated).
    if compact.len() % 4 == 1 {
        compact.pop();
    }
    let config = GeneralPurposeConfig::new()
        .with_decode_padding_mode(DecodePaddingMode::Indifferent)
        .with_decode_allow_trailing_bits(true);
    let alphabet = if compact.contains(['-', '_']) { &alphabet::URL_SAFE } else { &alphabet::STANDARD };
    let bytes =
        GeneralPurpose::new(alphabet, config).decode(compact.as_bytes()).map_err(|_| DecodeError::NotAnExport)?;
    drop(compact);
    let inner = String::from_utf8_lossy(&bytes);
    let inner = inner.trim();
    if inner.starts_with('{') {
        Ok(Cow::Owned(inner.to_string()))
    } else if inner.len() >= 3 && inner.is_char_boundary(3) && inner[..3].eq_ignore_ascii_case("%7B") {
        Ok(Cow::Owned(percent_encoding::percent_decode_str(inner).decode_utf8_lossy().into_owned()))
    } else {
        Err(DecodeError::NotAnExport)
    }
}

/// Decodes a flow document into JSON (see [`decode_text`]); JSON that is not a flow is refused.
pub fn decode(text: &str) -> Result<Json, DecodeError> {
    let t = decode_text(text)?;
    let v: Json = serde_json::from_str(&t).map_err(json_error)?;
    match &v {
        Json::Object(o) if o.contains_key("flowSequenceItemList") || o.contains_key("type") => Ok(v),
        _ => Err(DecodeError::NotAFlow),
    }
}

/// Encodes a configuration as an Architect export (the reverse of [`decode`]), for tests and downloads.
pub fn encode(v: &Json) -> String {
    const COMPONENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'_')
        .remove(b'.')
        .remove(b'!')
        .remove(b'~')
        .remove(b'*')
        .remove(b'\'')
        .remove(b'(')
        .remove(b')');
    let uri = percent_encoding::utf8_percent_encode(&v.to_string(), COMPONENT).to_string();
    base64::engine::general_purpose::STANDARD.encode(uri)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_errors() {
        let v = serde_json::json!({"type": "inboundcall", "flowSequenceItemList": [], "name": "é ü"});
        let e = encode(&v);
        assert!(e.starts_with("JTdCJTIy"));
        assert_eq!(decode(&e), Ok(v));
        assert_eq!(decode(""), Err(DecodeError::Empty));
        assert_eq!(decode("hello world!"), Err(DecodeError::NotAnExport));
        assert_eq!(decode("[1]"), Err(DecodeError::NotAnExport));
        assert_eq!(decode("{\"a\":1}"), Err(DecodeError::NotAFlow));
        assert!(matches!(decode("{\"type\": \"inb"), Err(DecodeError::BadJson { truncated: true, .. })));
    }
}
