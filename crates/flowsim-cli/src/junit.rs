//! JUnit XML, as CI systems read it: one `<testsuite>`, a `<testcase>` per case, `<failure>` with what differed.
//! Written by hand: it is a dozen lines (the test reads it back with a parser of the same rules).

use flowsim_core::sim::suite::runner::{kind_text, CaseResult, Verdict};

/// XML text and attribute escaping; characters XML 1.0 forbids are left out.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

pub fn write(suite: &str, results: &[CaseResult], seconds: f64) -> String {
    let failures = results.iter().filter(|r| r.verdict == Verdict::Failed).count();
    let mut x = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    x.push_str(&format!(
        "<testsuites tests=\"{n}\" failures=\"{failures}\" errors=\"0\" time=\"{seconds:.3}\">\n  \
         <testsuite name=\"{s}\" tests=\"{n}\" failures=\"{failures}\" errors=\"0\" skipped=\"0\" time=\"{seconds:.3}\">\n",
        n = results.len(),
        s = escape(suite),
    ));
    for r in results {
        let outcome = match &r.outcome.target {
            Some(t) => format!("{} '{t}'", kind_text(r.outcome.kind)),
            None => kind_text(r.outcome.kind).to_string(),
        };
        x.push_str(&format!("    <testcase name=\"{}\" classname=\"{}\">\n", escape(&r.name), escape(suite)));
        if r.verdict == Verdict::Failed {
            x.push_str(&format!(
                "      <failure message=\"{}\" type=\"expectation\">{}</failure>\n",
                escape(&r.differences_text()),
                escape(&format!("Outcome: {}. {}", outcome, r.outcome.description))
            ));
        }
        x.push_str(&format!("      <system-out>{}</system-out>\n", escape(&r.outcome.description)));
        x.push_str("    </testcase>\n");
    }
    x.push_str("  </testsuite>\n</testsuites>\n");
    x
}
