//! Phone numbers to E.164, the form External Contacts stores and searches.
//! Like Genesys, a number without a country code is read as North American (+1).

/// A number in E.164 form, and how it was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct E164 {
    pub e164: String,
    /// Set when flowsim had to assume something (e.g. the +1 country code).
    pub note: Option<String>,
}

/// Why a phone number cannot be normalised; `Display` is a sentence for the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PhoneError {
    Empty,
    InvalidCharacters { found: char },
    WrongLength { digits: usize },
    LeadingZeroCountryCode,
}

impl std::fmt::Display for PhoneError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PhoneError::Empty => write!(f, "Enter the caller's phone number, e.g. +1 555 123 4567."),
            PhoneError::InvalidCharacters { found } => write!(
                f,
                "The phone number contains \"{found}\"; use digits, spaces, dashes, dots, parentheses and a leading +."
            ),
            PhoneError::WrongLength { digits } => write!(
                f,
                "Cannot read a {digits}-digit number without a country code: a North American number has 10 digits \
                 (or 11 starting with 1); any other number needs a leading + and its country code, e.g. +44 20 7946 0958."
            ),
            PhoneError::LeadingZeroCountryCode => {
                write!(f, "A country code never starts with 0: write the number as + and the country code, e.g. +44 20 7946 0958.")
            }
        }
    }
}

impl std::error::Error for PhoneError {}

/// Normalises `input` to E.164 with a default country of +1, as Genesys does:
/// "(555) 123-4567" → "+15551234567", "+44 20 7946 0958" → "+442079460958", "0044…" → "+44…".
pub fn normalize_e164(input: &str) -> Result<E164, PhoneError> {
    let mut s = input.trim();
    if let Some(rest) = s.strip_prefix("tel:") {
        s = rest.trim();
    }
    if s.is_empty() {
        return Err(PhoneError::Empty);
    }
    let plus = s.starts_with('+');
    let mut digits = String::with_capacity(s.len());
    for (i, c) in s.chars().enumerate() {
        match c {
            '0'..='9' => digits.push(c),
            '+' if i == 0 => {}
            ' ' | '-' | '.' | '(' | ')' | '/' | '\u{a0}' => {}
            other => return Err(PhoneError::InvalidCharacters { found: other }),
        }
    }
    if digits.is_empty() {
        return Err(PhoneError::Empty);
    }
    let international = |d: &str| -> Result<E164, PhoneError> {
        if d.starts_with('0') {
            return Err(PhoneError::LeadingZeroCountryCode);
        }
        if !(8..=15).contains(&d.len()) {
            return Err(PhoneError::WrongLength { digits: d.len() });
        }
        Ok(E164 { e164: format!("+{d}"), note: None })
    };
    if plus {
        return international(&digits);
    }
    if let Some(rest) = digits.strip_prefix("00").or_else(|| digits.strip_prefix("011")) {
        let mut r = international(rest)?;
        r.note = Some("Read the leading international prefix as +.".to_string());
        return Ok(r);
    }
    match digits.len() {
        10 => Ok(E164 {
            e164: format!("+1{digits}"),
            note: Some("No country code given: assumed +1 (North America), as Genesys Cloud does.".to_string()),
        }),
        11 if digits.starts_with('1') => Ok(E164 { e164: format!("+{digits}"), note: None }),
        n => Err(PhoneError::WrongLength { digits: n }),
    }
}

/// Whether `s` is already strictly E.164 (`+` and 8 to 15 digits, no leading 0).
pub fn is_e164(s: &str) -> bool {
    s.strip_prefix('+')
        .is_some_and(|d| (8..=15).contains(&d.len()) && d.bytes().all(|b| b.is_ascii_digit()) && !d.starts_with('0'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn north_american_forms() {
        for input in [
            "(555) 123-4567",
            "555-123-4567",
            "555.123.4567",
            "1 555 123 4567",
            "+1 (555) 123-4567",
            "tel:+15551234567",
        ] {
            assert_eq!(normalize_e164(input).unwrap().e164, "+15551234567", "{input}");
        }
        assert!(normalize_e164("(555) 123-4567").unwrap().note.unwrap().contains("+1"));
    }

    #[test]
    fn international_forms() {
        assert_eq!(normalize_e164("+44 20 7946 0958").unwrap().e164, "+442079460958");
        assert_eq!(normalize_e164("0044 20 7946 0958").unwrap().e164, "+442079460958");
        assert_eq!(normalize_e164("011 44 20 7946 0958").unwrap().e164, "+442079460958");
    }

    #[test]
    fn clear_errors() {
        assert_eq!(normalize_e164("  "), Err(PhoneError::Empty));
        assert_eq!(normalize_e164("555-CALL-NOW"), Err(PhoneError::InvalidCharacters { found: 'C' }));
        assert_eq!(normalize_e164("12345"), Err(PhoneError::WrongLength { digits: 5 }));
        assert_eq!(normalize_e164("+0123456789"), Err(PhoneError::LeadingZeroCountryCode));
        assert!(normalize_e164("12345").unwrap_err().to_string().contains("country code"));
    }

    proptest! {
        #[test]
        fn never_panics_and_output_is_e164(s in ".{0,40}") {
            if let Ok(n) = normalize_e164(&s) {
                prop_assert!(is_e164(&n.e164), "{}", n.e164);
            }
        }

        #[test]
        fn ten_digits_get_plus_one(d in "[2-9][0-9]{9}") {
            prop_assert_eq!(normalize_e164(&d).unwrap().e164, format!("+1{d}"));
        }
    }
}
