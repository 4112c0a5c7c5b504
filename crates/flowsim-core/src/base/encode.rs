//! The one percent-encoding set for every path segment and query value flowsim builds (and for the target
//! URL a template proxy carries in its query).

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// Everything but RFC 3986's unreserved characters (`A-Z a-z 0-9 - . _ ~`) is escaped, so a value can never
/// end a segment (`/`), start a query (`?`), split one (`&`, `=`), or be read as a space (`+`).
pub const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');

/// `s` percent-encoded with [`COMPONENT`].
pub fn component(s: &str) -> String {
    utf8_percent_encode(s, COMPONENT).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_unreserved_characters_stay() {
        assert_eq!(component("+1 555/x?y&z=#"), "%2B1%20555%2Fx%3Fy%26z%3D%23");
        assert_eq!(component("a-b_c.d~AZ09"), "a-b_c.d~AZ09");
        assert_eq!(component("*Ada*"), "%2AAda%2A");
        assert_eq!(component("é"), "%C3%A9");
    }

    #[test]
    fn the_url_crate_reads_back_what_was_encoded() {
        // Generated inputs: every ASCII character and a few non-ASCII ones, alone and in pairs.
        let chars: Vec<char> = (0u8..128).map(char::from).chain(['é', '€', '😀']).collect();
        for a in &chars {
            for b in [None, Some('/'), Some('%'), Some('+')] {
                let value: String = std::iter::once(*a).chain(b).collect();
                // "x" first: a segment that is only "." or ".." (even as "%2e") is a dot segment to every URL
                // parser, whatever the encoding; flowsim's ids never are.
                let url = url::Url::parse(&format!("https://h/p/x{}?q={}", component(&value), component(&value)))
                    .unwrap_or_else(|e| panic!("{value:?}: {e}"));
                let segment = url.path_segments().and_then(|mut s| s.nth(1)).unwrap_or_default();
                let decoded = percent_encoding::percent_decode_str(segment).decode_utf8_lossy();
                assert_eq!(decoded, format!("x{value}"), "path segment of {value:?}");
                let q: Vec<(String, String)> = url.query_pairs().into_owned().collect();
                assert_eq!(q, vec![("q".to_string(), value.clone())], "query value of {value:?}");
            }
        }
    }
}
