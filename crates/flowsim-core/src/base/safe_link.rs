//! Contact data becomes a link only when it is a plain http(s) or mailto URL; everything else is text.
//! URLs are read by a WHATWG URL parser ([`url_seam`]), never by hand.

use crate::base::url_seam;

/// The href to use for `value` (as the browser would serialize it), or `None` when it must stay text.
///
/// flowsim's choice: a URL with user info (`https://trusted.example@evil.example/`) stays text, because the
/// part before `@` reads like the host and is not.
pub fn safe_href(value: &str) -> Option<String> {
    let v = value.trim();
    // The URL parser silently drops tabs and newlines ("java\tscript:"); such values stay text.
    if v.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return None;
    }
    let u = url_seam::parse(v)?;
    let plain_web = u.is_http() && !u.has_credentials;
    let plain_mail = u.scheme == "mailto" && !u.has_query && !u.has_fragment && is_plain_email(&u.path);
    (plain_web || plain_mail).then_some(u.href)
}

/// A `mailto:` href for an email field, when the value is a plain address.
pub fn mailto_href(email: &str) -> Option<String> {
    let e = email.trim();
    is_plain_email(e).then(|| format!("mailto:{e}"))
}

fn is_plain_email(e: &str) -> bool {
    let Some((local, domain)) = e.split_once('@') else {
        return false;
    };
    let ok = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || "._%+-".contains(c));
    ok(local) && ok(domain) && domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_http_and_mailto() {
        assert_eq!(safe_href("https://crm.example.com/c/1").as_deref(), Some("https://crm.example.com/c/1"));
        assert_eq!(safe_href("mailto:ada@example.com").as_deref(), Some("mailto:ada@example.com"));
        // The href is what the browser would follow, not the text as typed.
        assert_eq!(safe_href("HTTPS://CRM.example.com").as_deref(), Some("https://crm.example.com/"));
        assert_eq!(safe_href("http:\\\\evil.example\\x").as_deref(), Some("http://evil.example/x"));
        assert_eq!(safe_href("https://bücher.example/").as_deref(), Some("https://xn--bcher-kva.example/"));
        for bad in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            " javascript:alert(1)",
            "java\tscript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:x",
            "mailto:x@y.com?body=<script>",
            "//evil.com",
            "https://",
            "https://trusted.example@evil.example/",
            "https://user:pw@crm.example.com/",
            "https://:pw@crm.example.com/",
        ] {
            assert_eq!(safe_href(bad), None, "{bad}");
        }
    }

    #[test]
    fn mailto_only_for_plain_addresses() {
        assert_eq!(mailto_href("ada@example.com").as_deref(), Some("mailto:ada@example.com"));
        assert_eq!(mailto_href("javascript:alert(1)//@example.com"), None);
        assert_eq!(mailto_href("<b>@x.com"), None);
    }
}
