//! The Architect export decoder: `.i3InboundFlow`, `.i3WorkFlow` and the other `.i3*` files are
//! `base64(encodeURIComponent(JSON))` (flowconfig-format.md §1); a `latestconfiguration` body is plain JSON.

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

fn json(text: &str) -> Result<Json, DecodeError> {
    serde_json::from_str(text).map_err(|e| DecodeError::BadJson {
        line: e.line(),
        column: e.column(),
        truncated: e.classify() == serde_json::error::Category::Eof,
    })
}

/// Decodes a flow document: JSON, URI-encoded JSON, or base64 of either. Linear in the size.
pub fn decode(text: &str) -> Result<Json, DecodeError> {
    let t = text.trim_start_matches('\u{feff}').trim();
    if t.is_empty() {
        return Err(DecodeError::Empty);
    }
    let v = if t.starts_with('{') {
        json(t)?
    } else if t.len() >= 3 && t[..3].eq_ignore_ascii_case("%7B") {
        json(&percent_encoding::percent_decode_str(t).decode_utf8_lossy())?
    } else {
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
        let inner = String::from_utf8_lossy(&bytes);
        let inner = inner.trim();
        if inner.starts_with('{') {
            json(inner)?
        } else if inner.len() >= 3 && inner[..3].eq_ignore_ascii_case("%7B") {
            json(&percent_encoding::percent_decode_str(inner).decode_utf8_lossy())?
        } else {
            return Err(DecodeError::NotAnExport);
        }
    };
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
