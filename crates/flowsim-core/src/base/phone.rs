//! Phone numbers to E.164, the form External Contacts stores and searches.
//!
//! A number without a country code is read as a number of the *default country*; like Genesys Cloud, flowsim's
//! default is the United States (+1). A number is accepted when its length is possible for its country, in the
//! sense of libphonenumber's "possible number" test (length only): a number that is merely unassigned, like the
//! fictional +1 555 numbers of the demo, is accepted, as Genesys accepts it. Anything else is refused with a typed
//! reason ([`PhoneError`]), never silently changed into another number.
//!
//! Documented choices (where flowsim decides, rather than follows a fact):
//! - Lengths are the national-number lengths of libphonenumber's metadata (v9.0.33) for the countries of
//!   [`COUNTRIES`], without its "local only" lengths: a number that needs an area code added has no E.164 form.
//! - A `+` number whose country code is not in the table is accepted when the code is one the ITU has assigned
//!   ([`ASSIGNED_CODES`]) and the whole number has 7 to 15 digits (E.164 allows at most 15; the shortest numbers in
//!   use, e.g. Niue's, have 7 with the country code).
//! - With a North American default, `00` is read as an international prefix as well as `011` (people write
//!   European-style numbers; no North American number starts with 0). Other countries use only their own prefixes.
//! - Letters (`1-800-FLOWERS`) are refused with a sentence rather than converted: the letters on a keypad are a
//!   marketing aid, and a converted number the user never saw would be silently different from what they typed.
//! - An extension (`ext. 89`, `x89`, `#89`, `;ext=89`) is kept apart: contacts are searched by the number alone.

use std::fmt;

/// A country of the table: what is needed to read its national numbers and to test their length.
#[derive(Debug, PartialEq, Eq)]
pub struct Country {
    /// ISO 3166-1 alpha-2, upper case.
    pub iso: &'static str,
    pub name: &'static str,
    /// The country calling code (`44` for the United Kingdom).
    pub code: u16,
    /// Trunk (national) prefixes dialled before a national number (`0` in the UK, `1` in North America).
    pub trunk: &'static [&'static str],
    /// International (exit) prefixes dialled before a country code, longest first where one starts another.
    pub idd: &'static [&'static str],
    /// Possible lengths of the national significant number (after the country code, without trunk prefix).
    pub lengths: &'static [u8],
}

impl Country {
    fn nanp(&self) -> bool {
        self.code == 1
    }
    /// libphonenumber's possible-number test (the length), plus two rules of shape: where the trunk prefix is 0,
    /// no national number starts with 0 (else "0 1 23 45 67 8" in France would pass as a 9-digit number); in North
    /// America an area code starts with 2 to 9 (else "1 201 555 012", a digit short, would pass as area code 120).
    fn possible(&self, national: &str) -> bool {
        self.length_ok(national) && self.shape_ok(national)
    }
    fn length_ok(&self, national: &str) -> bool {
        u8::try_from(national.len()).is_ok_and(|n| self.lengths.contains(&n))
    }
    fn shape_ok(&self, national: &str) -> bool {
        let zero_trunk = self.trunk.iter().any(|t| t.starts_with('0'));
        let bad_first: &[char] = if self.nanp() {
            &['0', '1']
        } else if zero_trunk {
            &['0']
        } else {
            &[]
        };
        !national.starts_with(bad_first)
    }
    /// The refusal of a national number that is not possible, its digits counted after a trunk prefix 0 (which no
    /// national significant number starts with; North America's 1 is taken as a wrong area code instead).
    fn refusal(&'static self, national: &str, with_code: bool) -> PhoneError {
        let national =
            self.trunk.iter().filter(|t| t.starts_with('0')).find_map(|t| national.strip_prefix(t)).unwrap_or(national);
        match national.chars().next() {
            Some(first) if self.length_ok(national) => PhoneError::ImpossibleStart { country: self, first },
            _ if with_code => PhoneError::ImpossibleLength { digits: national.len(), country: self },
            _ => PhoneError::NationalLength { digits: national.len(), country: self },
        }
    }
}

/// The default of the "Default country" setting: the United States, as Genesys Cloud assumes.
pub const DEFAULT_COUNTRY: &str = "US";

const NANP_TRUNK: &[&str] = &["1"];
const NANP_IDD: &[&str] = &["011"];
const NANP_LEN: &[u8] = &[10];
const ZERO: &[&str] = &["0"];
const NONE: &[&str] = &[];
const DOUBLE_ZERO: &[&str] = &["00"];

macro_rules! nanp {
    ($iso:literal, $name:literal) => {
        Country { iso: $iso, name: $name, code: 1, trunk: NANP_TRUNK, idd: NANP_IDD, lengths: NANP_LEN }
    };
}
macro_rules! country {
    ($iso:literal, $name:literal, $code:literal, $trunk:expr, $idd:expr, [$($len:literal),*]) => {
        Country { iso: $iso, name: $name, code: $code, trunk: $trunk, idd: $idd, lengths: &[$($len),*] }
    };
}

/// The countries of the "Default country" setting, sorted by name, the United States first. Facts from
/// libphonenumber's metadata v9.0.33 (calling code, national prefix, international prefix, possible lengths of the
/// general description); international prefixes given there as patterns are listed as their literal forms.
pub const COUNTRIES: &[Country] = &[
    nanp!("US", "United States"),
    nanp!("AS", "American Samoa"),
    nanp!("AI", "Anguilla"),
    nanp!("AG", "Antigua and Barbuda"),
    country!("AR", "Argentina", 54, ZERO, DOUBLE_ZERO, [10, 11]),
    country!("AU", "Australia", 61, ZERO, &["0011"], [5, 6, 7, 8, 9, 10, 12]),
    country!("AT", "Austria", 43, ZERO, DOUBLE_ZERO, [4, 5, 6, 7, 8, 9, 10, 11, 12, 13]),
    nanp!("BS", "Bahamas"),
    nanp!("BB", "Barbados"),
    country!("BE", "Belgium", 32, ZERO, DOUBLE_ZERO, [8, 9]),
    nanp!("BM", "Bermuda"),
    country!(
        "BR",
        "Brazil",
        55,
        ZERO,
        &["0012", "0014", "0015", "0021", "0022", "0023", "0025", "0031", "0041", "0043", "0055", "0065", "0099"],
        [8, 9, 10, 11]
    ),
    nanp!("VG", "British Virgin Islands"),
    country!("BG", "Bulgaria", 359, ZERO, DOUBLE_ZERO, [6, 7, 8, 9, 12]),
    nanp!("CA", "Canada"),
    nanp!("KY", "Cayman Islands"),
    country!("CL", "Chile", 56, NONE, DOUBLE_ZERO, [9, 10, 11]),
    country!("CN", "China", 86, ZERO, DOUBLE_ZERO, [7, 8, 9, 10, 11, 12]),
    country!(
        "CO",
        "Colombia",
        57,
        &["0414", "0444", "0456", "03", "05", "07", "09", "0"],
        &["00414", "00444", "00456", "005", "007", "009"],
        [8, 10, 11]
    ),
    country!("HR", "Croatia", 385, ZERO, DOUBLE_ZERO, [7, 8, 9]),
    country!("CZ", "Czechia", 420, NONE, DOUBLE_ZERO, [9, 10, 11, 12]),
    country!("DK", "Denmark", 45, NONE, DOUBLE_ZERO, [8]),
    nanp!("DM", "Dominica"),
    nanp!("DO", "Dominican Republic"),
    country!("EG", "Egypt", 20, ZERO, DOUBLE_ZERO, [8, 9, 10]),
    country!("EE", "Estonia", 372, NONE, DOUBLE_ZERO, [7, 8, 10]),
    country!("FI", "Finland", 358, ZERO, DOUBLE_ZERO, [5, 6, 7, 8, 9, 10, 11, 12]),
    country!("FR", "France", 33, ZERO, DOUBLE_ZERO, [9]),
    country!("DE", "Germany", 49, ZERO, DOUBLE_ZERO, [4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]),
    country!("GR", "Greece", 30, NONE, DOUBLE_ZERO, [10, 11, 12]),
    nanp!("GD", "Grenada"),
    nanp!("GU", "Guam"),
    country!("GG", "Guernsey", 44, ZERO, DOUBLE_ZERO, [7, 9, 10]),
    country!(
        "HK",
        "Hong Kong",
        852,
        NONE,
        &["0030", "0050", "0059", "001", "002", "006", "007", "008", "009", "00"],
        [5, 6, 7, 8, 9, 11]
    ),
    country!("HU", "Hungary", 36, &["06"], DOUBLE_ZERO, [8, 9]),
    country!("IS", "Iceland", 354, NONE, DOUBLE_ZERO, [7, 9]),
    country!("IN", "India", 91, ZERO, DOUBLE_ZERO, [8, 9, 10, 11, 12, 13]),
    country!("ID", "Indonesia", 62, ZERO, &["008", "009"], [7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17]),
    country!("IE", "Ireland", 353, ZERO, DOUBLE_ZERO, [7, 8, 9, 10]),
    country!("IM", "Isle of Man", 44, ZERO, DOUBLE_ZERO, [7, 9, 10]),
    country!(
        "IL",
        "Israel",
        972,
        ZERO,
        &["00", "012", "013", "014", "015", "016", "017", "018", "019"],
        [7, 8, 9, 10, 11, 12]
    ),
    country!("IT", "Italy", 39, NONE, DOUBLE_ZERO, [6, 7, 8, 9, 10, 11, 12]),
    nanp!("JM", "Jamaica"),
    country!("JP", "Japan", 81, ZERO, &["010"], [8, 9, 10, 11, 12, 13, 14, 15, 16, 17]),
    country!("JE", "Jersey", 44, ZERO, DOUBLE_ZERO, [7, 9, 10]),
    country!("KZ", "Kazakhstan", 7, &["8"], &["810"], [10, 14]),
    country!("KE", "Kenya", 254, ZERO, &["000"], [7, 8, 9, 10]),
    country!("LV", "Latvia", 371, NONE, DOUBLE_ZERO, [8]),
    country!("LT", "Lithuania", 370, &["0", "8"], DOUBLE_ZERO, [8]),
    country!("LU", "Luxembourg", 352, NONE, DOUBLE_ZERO, [4, 5, 6, 7, 8, 9, 10, 11]),
    country!("MY", "Malaysia", 60, ZERO, DOUBLE_ZERO, [8, 9, 10]),
    country!("MX", "Mexico", 52, NONE, &["00", "09"], [10]),
    nanp!("MS", "Montserrat"),
    country!("NL", "Netherlands", 31, ZERO, DOUBLE_ZERO, [5, 6, 7, 8, 9, 10, 11]),
    country!("NZ", "New Zealand", 64, ZERO, &["0161", "00"], [5, 6, 7, 8, 9, 10]),
    country!("NG", "Nigeria", 234, ZERO, &["009"], [10, 11, 12, 13, 14]),
    nanp!("MP", "Northern Mariana Islands"),
    country!("NO", "Norway", 47, NONE, DOUBLE_ZERO, [5, 8]),
    country!("PE", "Peru", 51, ZERO, DOUBLE_ZERO, [8, 9]),
    country!("PH", "Philippines", 63, ZERO, DOUBLE_ZERO, [6, 8, 9, 10, 11, 12, 13]),
    country!("PL", "Poland", 48, NONE, DOUBLE_ZERO, [6, 7, 8, 9, 10]),
    country!("PT", "Portugal", 351, NONE, DOUBLE_ZERO, [9]),
    nanp!("PR", "Puerto Rico"),
    country!("RO", "Romania", 40, ZERO, DOUBLE_ZERO, [6, 9]),
    country!("RU", "Russia", 7, &["8"], &["810"], [10, 14]),
    nanp!("KN", "Saint Kitts and Nevis"),
    nanp!("LC", "Saint Lucia"),
    nanp!("VC", "Saint Vincent and the Grenadines"),
    country!("SA", "Saudi Arabia", 966, ZERO, DOUBLE_ZERO, [9, 10]),
    country!("RS", "Serbia", 381, ZERO, DOUBLE_ZERO, [6, 7, 8, 9, 10, 11, 12]),
    country!("SG", "Singapore", 65, NONE, &["001", "002", "008", "012", "013", "018", "019"], [8, 10, 11]),
    nanp!("SX", "Sint Maarten"),
    country!("SK", "Slovakia", 421, ZERO, DOUBLE_ZERO, [6, 7, 9]),
    country!("SI", "Slovenia", 386, ZERO, DOUBLE_ZERO, [5, 6, 7, 8]),
    country!("ZA", "South Africa", 27, ZERO, DOUBLE_ZERO, [5, 6, 7, 8, 9, 10]),
    country!(
        "KR",
        "South Korea",
        82,
        ZERO,
        &["00700", "001", "002", "005", "006", "008", "009"],
        [5, 6, 8, 9, 10, 11, 12, 13, 14]
    ),
    country!("ES", "Spain", 34, NONE, DOUBLE_ZERO, [9]),
    country!("SE", "Sweden", 46, ZERO, DOUBLE_ZERO, [6, 7, 8, 9, 10, 12]),
    country!("CH", "Switzerland", 41, ZERO, DOUBLE_ZERO, [9, 12]),
    country!("TW", "Taiwan", 886, ZERO, &["002", "005", "006", "007", "009", "019"], [7, 8, 9, 10, 11]),
    country!(
        "TH",
        "Thailand",
        66,
        ZERO,
        &["001", "002", "003", "004", "005", "006", "007", "008", "009"],
        [8, 9, 10, 13]
    ),
    nanp!("TT", "Trinidad and Tobago"),
    country!("TR", "Turkey", 90, ZERO, DOUBLE_ZERO, [7, 10, 12, 13]),
    nanp!("TC", "Turks and Caicos Islands"),
    nanp!("VI", "U.S. Virgin Islands"),
    country!("UA", "Ukraine", 380, ZERO, DOUBLE_ZERO, [9, 10]),
    country!("AE", "United Arab Emirates", 971, ZERO, DOUBLE_ZERO, [5, 6, 7, 8, 9, 10, 11, 12]),
    country!("GB", "United Kingdom", 44, ZERO, DOUBLE_ZERO, [7, 9, 10]),
    country!("VN", "Vietnam", 84, ZERO, DOUBLE_ZERO, [7, 8, 9, 10]),
];

/// Country calling codes assigned by the ITU (libphonenumber's regions, plus the non-geographic 800, 808, 870,
/// 878, 881, 882, 883, 888 and 979). Codes are prefix-free, so a `+` number starts with at most one of them.
pub const ASSIGNED_CODES: &[u16] = &[
    1, 7, 20, 27, 30, 31, 32, 33, 34, 36, 39, 40, 41, 43, 44, 45, 46, 47, 48, 49, 51, 52, 53, 54, 55, 56, 57, 58, 60,
    61, 62, 63, 64, 65, 66, 81, 82, 84, 86, 90, 91, 92, 93, 94, 95, 98, 211, 212, 213, 216, 218, 220, 221, 222, 223,
    224, 225, 226, 227, 228, 229, 230, 231, 232, 233, 234, 235, 236, 237, 238, 239, 240, 241, 242, 243, 244, 245, 246,
    247, 248, 249, 250, 251, 252, 253, 254, 255, 256, 257, 258, 260, 261, 262, 263, 264, 265, 266, 267, 268, 269, 290,
    291, 297, 298, 299, 350, 351, 352, 353, 354, 355, 356, 357, 358, 359, 370, 371, 372, 373, 374, 375, 376, 377, 378,
    380, 381, 382, 383, 385, 386, 387, 389, 420, 421, 423, 500, 501, 502, 503, 504, 505, 506, 507, 508, 509, 590, 591,
    592, 593, 594, 595, 596, 597, 598, 599, 670, 672, 673, 674, 675, 676, 677, 678, 679, 680, 681, 682, 683, 685, 686,
    687, 688, 689, 690, 691, 692, 800, 808, 850, 852, 853, 855, 856, 870, 878, 880, 881, 882, 883, 886, 888, 960, 961,
    962, 963, 964, 965, 966, 967, 968, 970, 971, 972, 973, 974, 975, 976, 977, 979, 992, 993, 994, 995, 996, 998,
];

/// The country of an ISO code (any case), if it is in the table.
pub fn country(iso: &str) -> Option<&'static Country> {
    let iso = iso.trim();
    COUNTRIES.iter().find(|c| c.iso.eq_ignore_ascii_case(iso))
}

/// The country of an ISO code, or the United States when the code is empty or unknown.
pub fn country_or_default(iso: &str) -> &'static Country {
    country(iso).unwrap_or(&COUNTRIES[0])
}

/// The country whose lengths apply to numbers with this calling code: the main country of a shared code
/// (United States for +1, United Kingdom for +44, Russia for +7), as libphonenumber's possible-number test does.
fn country_for_code(code: u16) -> Option<&'static Country> {
    let main = match code {
        1 => "US",
        44 => "GB",
        7 => "RU",
        _ => return COUNTRIES.iter().find(|c| c.code == code),
    };
    country(main)
}

/// A number in E.164 form, and how it was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct E164 {
    pub e164: String,
    /// Set when flowsim had to assume something (e.g. the +1 country code).
    pub note: Option<String>,
    /// The extension given after the number (`ext. 89` → `89`), kept apart from it.
    pub extension: Option<String>,
}

/// Why a phone number cannot be normalised; `Display` is a sentence for the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PhoneError {
    Empty,
    /// A character that is neither a digit nor punctuation (letters included).
    InvalidCharacters {
        found: char,
    },
    /// A number without a country code whose length is impossible in North America (the default).
    WrongLength {
        digits: usize,
    },
    /// A number without a country code whose length is impossible for the default country (not North America);
    /// `digits` counts the national number, after the trunk prefix if one was written.
    NationalLength {
        digits: usize,
        country: &'static Country,
    },
    /// A national number of a possible length but starting with a digit none of its country's numbers starts with
    /// (0 after a trunk prefix 0; 0 or 1 for a North American area code).
    ImpossibleStart {
        country: &'static Country,
        first: char,
    },
    /// A `+` number whose national part has a length impossible for its country.
    ImpossibleLength {
        digits: usize,
        country: &'static Country,
    },
    LeadingZeroCountryCode,
    /// A `+` number that starts with no country code in use.
    UnknownCountryCode,
    /// A `+` number of a country outside the table, outside the ITU bounds (7 to 15 digits).
    InternationalLength {
        digits: usize,
    },
    /// A number without + that starts with the default country's calling code and is possible both with and
    /// without it ("97122345678" in the United Arab Emirates).
    AmbiguousCountryCode {
        country: &'static Country,
    },
    /// An extension marker (`ext`, `x`, `#`) without digits after it.
    EmptyExtension,
}

/// "7, 9 or 10".
fn list_lengths(lengths: &[u8]) -> String {
    match lengths {
        [] => String::new(),
        [one] => one.to_string(),
        [init @ .., last] => {
            let init: Vec<String> = init.iter().map(u8::to_string).collect();
            format!("{} or {last}", init.join(", "))
        }
    }
}

impl fmt::Display for PhoneError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PhoneError::Empty => write!(f, "Enter the caller's phone number, e.g. +1 555 123 4567."),
            PhoneError::InvalidCharacters { found } if found.is_alphabetic() => write!(
                f,
                "The phone number contains the letter \"{found}\"; flowsim does not convert letters (as in \
                 1-800-FLOWERS): type the digits of the keypad instead (ABC 2, DEF 3, GHI 4, JKL 5, MNO 6, PQRS 7, \
                 TUV 8, WXYZ 9)."
            ),
            PhoneError::InvalidCharacters { found } => write!(
                f,
                "The phone number contains \"{found}\"; use digits, spaces, dashes, dots, parentheses and a leading +."
            ),
            PhoneError::WrongLength { digits } => write!(
                f,
                "Cannot read a {digits}-digit number without a country code: a North American number has 10 digits \
                 (or 11 starting with 1); any other number needs a leading + and its country code, e.g. +44 20 7946 0958, \
                 or its country chosen as Default country."
            ),
            PhoneError::NationalLength { digits, country } => {
                write!(f, "A number of {} written without its country code has {} digits", country.name, list_lengths(country.lengths))?;
                if let Some(t) = country.trunk.first() {
                    write!(f, " after the trunk prefix {t}")?;
                }
                write!(
                    f,
                    "; this one has {digits}. Check the number, choose its country as Default country, or write it with + \
                     and the country code."
                )
            }
            PhoneError::ImpossibleLength { digits, country } => write!(
                f,
                "A +{} number ({}) has {} digits after the country code; this one has {digits}. Check the number.",
                country.code,
                country.name,
                list_lengths(country.lengths)
            ),
            PhoneError::ImpossibleStart { country, first } if country.nanp() => write!(
                f,
                "A North American number cannot start with {first} after the country code 1: area codes start with 2 \
                 to 9. Check the number, or choose its country as Default country."
            ),
            PhoneError::ImpossibleStart { country, first } => write!(
                f,
                "A number of {} cannot start with {first} after its trunk prefix or country code; check for an extra \
                 {first}.",
                country.name
            ),
            PhoneError::LeadingZeroCountryCode => {
                write!(f, "A country code never starts with 0: write the number as + and the country code, e.g. +44 20 7946 0958.")
            }
            PhoneError::UnknownCountryCode => write!(
                f,
                "The number after + does not start with a country code in use; check the country code, e.g. +44 for the \
                 United Kingdom."
            ),
            PhoneError::InternationalLength { digits } => write!(
                f,
                "A phone number has 7 to 15 digits with its country code (ITU E.164); this one has {digits}."
            ),
            PhoneError::AmbiguousCountryCode { country } => {
                let trunk = country.trunk.first().map(|t| format!(", or with the trunk prefix {t} if not")).unwrap_or_default();
                write!(
                    f,
                    "The number starts with {}, the country code of {}, and reads as a number of {} with or without \
                     it: write it as +{} … if the country code is included{trunk}.",
                    country.code, country.name, country.name, country.code
                )
            }
            PhoneError::EmptyExtension => {
                write!(f, "The extension marker is not followed by digits; write it as e.g. +1 555 123 4567 ext. 89.")
            }
        }
    }
}

impl std::error::Error for PhoneError {}

/// Splits a trailing extension off: `… ext. 89`, `… extension 89`, `… x89`, `… #89`, `…;ext=89`.
/// Returns the number part and the extension digits; `Err` when a marker has no digits.
fn split_extension(s: &str) -> Result<(&str, Option<String>), PhoneError> {
    let lower = s.to_ascii_lowercase();
    // Markers, longest first so that "extension" is not read as "ext" + "ension".
    const MARKERS: [&str; 5] = [";ext=", "extension", "ext", "x", "#"];
    for m in MARKERS {
        let Some(at) = lower.rfind(m) else { continue };
        let tail = &lower[at + m.len()..];
        let tail = tail.trim_start_matches([' ', '.', ':', '=']);
        let digits = tail.trim_end_matches([' ', '#']);
        if !digits.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        if digits.is_empty() {
            // "555 123 4567 ext" : a marker with nothing after it.
            if at > 0 && tail.trim().is_empty() && m != "#" {
                return Err(PhoneError::EmptyExtension);
            }
            continue;
        }
        if digits.len() > 7 || at == 0 {
            continue;
        }
        return Ok((&s[..at], Some(digits.to_string())));
    }
    Ok((s, None))
}

/// Normalises `input` to E.164 with the United States (+1) as default country, as Genesys does:
/// "(555) 123-4567" → "+15551234567", "+44 20 7946 0958" → "+442079460958", "0044…" → "+44…".
pub fn normalize_e164(input: &str) -> Result<E164, PhoneError> {
    normalize(input, country_or_default(DEFAULT_COUNTRY))
}

/// Normalises `input` to E.164; a number without a country code is read as a number of `default`.
pub fn normalize(input: &str, default: &'static Country) -> Result<E164, PhoneError> {
    let mut s = input.trim();
    if let Some(rest) = s.strip_prefix("tel:") {
        s = rest.trim();
    }
    if s.is_empty() {
        return Err(PhoneError::Empty);
    }
    let (s, extension) = split_extension(s)?;
    let s = s.trim();
    let plus = s.starts_with('+') || s.starts_with('\u{ff0b}');
    let mut digits = String::with_capacity(s.len());
    for (i, c) in s.chars().enumerate() {
        match c {
            '0'..='9' => digits.push(c),
            '+' | '\u{ff0b}' if i == 0 => {}
            ' ' | '-' | '.' | '(' | ')' | '/' | '\u{a0}' | '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{3000}' => {}
            other => return Err(PhoneError::InvalidCharacters { found: other }),
        }
    }
    if digits.is_empty() {
        return Err(PhoneError::Empty);
    }
    let with_ext = |mut r: E164| {
        r.extension = extension.clone();
        r
    };
    if plus {
        return international(&digits, None).map(with_ext);
    }
    // An international prefix: the default country's own, and `00` for North America (documented above).
    let extra: &[&str] = if default.nanp() { DOUBLE_ZERO } else { NONE };
    if let Some(rest) = default.idd.iter().chain(extra).find_map(|p| digits.strip_prefix(p)) {
        return international(rest, Some("Read the leading international prefix as +.".to_string())).map(with_ext);
    }
    national(&digits, default).map(with_ext)
}

/// `digits` after `+` (or an international prefix).
fn international(digits: &str, note: Option<String>) -> Result<E164, PhoneError> {
    if digits.starts_with('0') {
        return Err(PhoneError::LeadingZeroCountryCode);
    }
    let code = (1..=3)
        .filter_map(|n| digits.get(..n))
        .filter_map(|p| p.parse::<u16>().ok())
        .find(|c| ASSIGNED_CODES.contains(c));
    let Some(code) = code else {
        return Err(PhoneError::UnknownCountryCode);
    };
    let cc = code.to_string();
    let rest = digits.get(cc.len()..).unwrap_or_default();
    let Some(country) = country_for_code(code) else {
        // A country outside the table: the ITU bounds only.
        if !(7..=15).contains(&digits.len()) {
            return Err(PhoneError::InternationalLength { digits: digits.len() });
        }
        return Ok(E164 { e164: format!("+{digits}"), note, extension: None });
    };
    // "+44 (0) 20 …": a trunk prefix written after the country code is dropped, as dialling does.
    if let Some(nsn) = strip_trunk(rest, country) {
        let note = note.or_else(|| Some("Dropped the trunk prefix written after the country code.".to_string()));
        return Ok(E164 { e164: format!("+{cc}{nsn}"), note, extension: None });
    }
    if country.possible(rest) {
        return Ok(E164 { e164: format!("+{cc}{rest}"), note, extension: None });
    }
    Err(country.refusal(rest, true))
}

/// `national` without a leading trunk prefix of `country`, when what remains has a possible length.
fn strip_trunk<'a>(national: &'a str, country: &Country) -> Option<&'a str> {
    country.trunk.iter().filter_map(|t| national.strip_prefix(t)).find(|rest| country.possible(rest))
}

/// `digits` of a number written without a country code, read as a number of `country`.
fn national(digits: &str, country: &'static Country) -> Result<E164, PhoneError> {
    let cc = country.code.to_string();
    let assumed = || {
        if country.nanp() {
            "No country code given: assumed +1 (North America), as Genesys Cloud does.".to_string()
        } else {
            format!(
                "No country code given: read as a number of {} (+{}), the Default country.",
                country.name, country.code
            )
        }
    };
    if let Some(nsn) = strip_trunk(digits, country) {
        // NANP's trunk prefix is its country code: "1 555 123 4567" is written with the country code.
        let note = (!country.nanp()).then(assumed);
        return Ok(E164 { e164: format!("+{cc}{nsn}"), note, extension: None });
    }
    // The country code written without + ("44 20 7946 0958" with the United Kingdom).
    let with_code =
        digits.strip_prefix(&cc).and_then(|rest| strip_trunk(rest, country).or(country.possible(rest).then_some(rest)));
    match (country.possible(digits), with_code) {
        // Both readings have possible lengths: libphonenumber decides with each country's number patterns, which
        // flowsim does not carry; it asks rather than guess.
        (true, Some(_)) => return Err(PhoneError::AmbiguousCountryCode { country }),
        (true, None) => {
            return Ok(E164 { e164: format!("+{cc}{digits}"), note: Some(assumed()), extension: None });
        }
        (false, Some(nsn)) => return Ok(E164 { e164: format!("+{cc}{nsn}"), note: None, extension: None }),
        (false, None) => {}
    }
    match country.refusal(digits, false) {
        // North America keeps its own sentence, counting every digit typed.
        PhoneError::NationalLength { .. } if country.nanp() => Err(PhoneError::WrongLength { digits: digits.len() }),
        e => Err(e),
    }
}

/// Whether `s` is already strictly E.164 (`+` and 7 to 15 digits, no leading 0).
pub fn is_e164(s: &str) -> bool {
    s.strip_prefix('+')
        .is_some_and(|d| (7..=15).contains(&d.len()) && d.bytes().all(|b| b.is_ascii_digit()) && !d.starts_with('0'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn in_country(input: &str, iso: &str) -> Result<String, PhoneError> {
        normalize(input, country(iso).unwrap()).map(|n| n.e164)
    }

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

    #[test]
    fn default_country_decides_national_numbers() {
        assert_eq!(in_country("020 7946 0958", "GB").unwrap(), "+442079460958");
        assert_eq!(in_country("020 7946 0958", "gb").unwrap(), "+442079460958");
        assert_eq!(in_country("01 23 45 67 89", "FR").unwrap(), "+33123456789");
        assert_eq!(in_country("030 123456", "DE").unwrap(), "+4930123456");
        assert_eq!(in_country("06 6982 1234", "IT").unwrap(), "+390669821234");
        assert_eq!(in_country("(02) 1234 5678", "AU").unwrap(), "+61212345678");
        assert_eq!(in_country("8 (812) 345-67-89", "RU").unwrap(), "+78123456789");
        assert_eq!(in_country("44 20 7946 0958", "GB").unwrap(), "+442079460958");
        let n = normalize("020 7946 0958", country("GB").unwrap()).unwrap();
        assert!(n.note.unwrap().contains("United Kingdom"));
        // The same digits mean different numbers in different countries: never read silently as +1.
        assert_eq!(normalize_e164("020 7946 0958"), Err(PhoneError::WrongLength { digits: 11 }));
    }

    #[test]
    fn prefixes_and_trunk_after_the_country_code() {
        assert_eq!(normalize_e164("+44 (0) 20 7946 0958").unwrap().e164, "+442079460958");
        assert_eq!(normalize_e164("00 44 20 7946 0958").unwrap().e164, "+442079460958");
        assert_eq!(in_country("00 44 20 7946 0958", "FR").unwrap(), "+442079460958");
        assert_eq!(in_country("0011 44 20 7946 0958", "AU").unwrap(), "+442079460958");
        assert_eq!(in_country("010 44 20 7946 0958", "JP").unwrap(), "+442079460958");
        // Italy has no trunk prefix: its 0 belongs to the number.
        assert_eq!(normalize_e164("+39 06 6982 1234").unwrap().e164, "+390669821234");
        // "011" is North America's prefix only: in France 01 1… is a Paris number.
        assert_eq!(in_country("01 12 34 56 78", "FR").unwrap(), "+33112345678");
    }

    #[test]
    fn extensions_are_kept_apart() {
        let n = normalize_e164("+1 (555) 123-4567 ext. 89").unwrap();
        assert_eq!((n.e164.as_str(), n.extension.as_deref()), ("+15551234567", Some("89")));
        for input in ["555 123 4567 x89", "555-123-4567 extension 89", "tel:+15551234567;ext=89", "5551234567 #89"] {
            let n = normalize_e164(input).unwrap();
            assert_eq!((n.e164.as_str(), n.extension.as_deref()), ("+15551234567", Some("89")), "{input}");
        }
        assert_eq!(normalize_e164("555 123 4567 ext"), Err(PhoneError::EmptyExtension));
        assert_eq!(normalize_e164("+15551234567").unwrap().extension, None);
    }

    #[test]
    fn letters_are_refused_with_a_sentence() {
        let e = normalize_e164("1-800-FLOWERS").unwrap_err();
        assert_eq!(e, PhoneError::InvalidCharacters { found: 'F' });
        assert!(e.to_string().contains("does not convert letters"), "{e}");
    }

    #[test]
    fn impossible_numbers_are_refused_with_a_reason() {
        let gb = country("GB").unwrap();
        assert_eq!(
            normalize_e164("+44 20 7946 095"),
            Ok(E164 { e164: "+44207946095".into(), note: None, extension: None })
        );
        assert_eq!(normalize_e164("+44 20 7946 09"), Err(PhoneError::ImpossibleLength { digits: 8, country: gb }));
        assert!(normalize_e164("+44 20 7946 09").unwrap_err().to_string().contains("7, 9 or 10 digits"));
        let fr = country("FR").unwrap();
        assert_eq!(in_country("01 23 45 67 8", "FR"), Err(PhoneError::NationalLength { digits: 8, country: fr }));
        let e = in_country("01 23 45 67 8", "FR").unwrap_err().to_string();
        assert!(e.contains("France") && e.contains("9 digits after the trunk prefix 0; this one has 8"), "{e}");
        // Possible lengths, impossible starts.
        assert_eq!(in_country("+33 0 012 345 678", "FR"), Err(PhoneError::ImpossibleStart { country: fr, first: '0' }));
        let us = country("US").unwrap();
        assert_eq!(normalize_e164("055 123 4567"), Err(PhoneError::ImpossibleStart { country: us, first: '0' }));
        assert_eq!(normalize_e164("+1 155 123 4567"), Err(PhoneError::ImpossibleStart { country: us, first: '1' }));
        assert!(normalize_e164("055 123 4567").unwrap_err().to_string().contains("area codes start with 2 to 9"));
        // Both readings possible: asked, not guessed.
        let ae = country("AE").unwrap();
        assert_eq!(in_country("97122345678", "AE"), Err(PhoneError::AmbiguousCountryCode { country: ae }));
        assert!(in_country("97122345678", "AE").unwrap_err().to_string().contains("+971"));
        assert_eq!(
            normalize_e164("+1 555 123 456"),
            Err(PhoneError::ImpossibleLength { digits: 9, country: country("US").unwrap() })
        );
        assert_eq!(normalize_e164("+999 1234 5678"), Err(PhoneError::UnknownCountryCode));
        assert_eq!(normalize_e164("555 1234"), Err(PhoneError::WrongLength { digits: 7 }));
    }

    #[test]
    fn unassigned_but_possible_numbers_are_accepted() {
        // The demo's fictional numbers: possible, not assigned; Genesys accepts them.
        assert_eq!(normalize_e164("+1 555 010 0001").unwrap().e164, "+15550100001");
        // Countries outside the table: the ITU bounds.
        assert_eq!(normalize_e164("+683 4002").unwrap().e164, "+6834002");
        assert_eq!(
            normalize_e164("+254 1234"),
            Err(PhoneError::ImpossibleLength { digits: 4, country: country("KE").unwrap() })
        );
        assert_eq!(normalize_e164("+356 2123 45678 901 2"), Err(PhoneError::InternationalLength { digits: 16 }));
    }

    #[test]
    fn the_table_is_consistent() {
        assert!(COUNTRIES.len() >= 40);
        assert_eq!(COUNTRIES[0].iso, DEFAULT_COUNTRY);
        for c in COUNTRIES {
            assert!(ASSIGNED_CODES.contains(&c.code), "{}", c.iso);
            assert!(!c.lengths.is_empty() && c.lengths.windows(2).all(|w| w[0] < w[1]), "{}", c.iso);
            assert_eq!(COUNTRIES.iter().filter(|d| d.iso == c.iso).count(), 1, "{}", c.iso);
            assert!(!c.idd.is_empty(), "{}", c.iso);
            // A prefix listed after one that starts it would never be used.
            for (i, p) in c.idd.iter().enumerate() {
                assert!(!c.idd[..i].iter().any(|q| p.starts_with(q)), "{} {p}", c.iso);
            }
        }
        for (i, a) in ASSIGNED_CODES.iter().enumerate() {
            for b in &ASSIGNED_CODES[i + 1..] {
                let (a, b) = (a.to_string(), b.to_string());
                assert!(!b.starts_with(&a) && !a.starts_with(&b), "{a} {b}");
            }
        }
        assert_eq!(country_or_default("").iso, "US");
        assert_eq!(country_or_default("zz").iso, "US");
    }

    proptest! {
        #[test]
        fn never_panics_and_output_is_e164(s in ".{0,40}") {
            if let Ok(n) = normalize_e164(&s) {
                prop_assert!(is_e164(&n.e164), "{}", n.e164);
            }
        }

        #[test]
        fn never_panics_in_any_country(s in "[+0-9 ()x#.-]{0,30}", i in 0..COUNTRIES.len()) {
            if let Some(c) = COUNTRIES.get(i) {
                if let Ok(n) = normalize(&s, c) {
                    prop_assert!(is_e164(&n.e164), "{}", n.e164);
                }
            }
        }

        #[test]
        fn ten_digits_get_plus_one(d in "[2-9][0-9]{9}") {
            prop_assert_eq!(normalize_e164(&d).unwrap().e164, format!("+1{d}"));
        }
    }
}
