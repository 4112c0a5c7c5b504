//! CSV in and out: a CSV with a column per field is a suite (a list of phone numbers, one a line, is one too),
//! and results are written as CSV. RFC 4180 quoting; written by hand because it is a few lines and the `csv`
//! crate is not needed for anything else (the tests cover quotes, commas, newlines and CRLF).

use crate::sim::suite::model::{Case, Expect, Suite, SuiteError};
use crate::wire::contract::OutcomeKind;

/// The columns a suite CSV may have (header names, any case).
pub const COLUMNS: [&str; 10] = [
    "name",
    "ani",
    "dnis",
    "channel",
    "language",
    "time",
    "inputs",
    "expect_outcome",
    "expect_target",
    "expect_visits",
];

/// Inputs (and visits) within one cell are separated by this: `1;2#;yes`.
pub const LIST_SEPARATOR: char = ';';

/// Splits CSV text into records of fields.
pub fn records(text: &str) -> Result<Vec<Vec<String>>, SuiteError> {
    let mut out = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut line = 1usize;
    let mut chars = text.trim_start_matches('\u{feff}').chars().peekable();
    let mut any = false;
    while let Some(c) = chars.next() {
        any = true;
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                '\n' => {
                    line += 1;
                    field.push(c);
                }
                _ => field.push(c),
            }
            continue;
        }
        match c {
            '"' if field.is_empty() => quoted = true,
            ',' => record.push(std::mem::take(&mut field)),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => {
                record.push(std::mem::take(&mut field));
                out.push(std::mem::take(&mut record));
                line += 1;
                any = false;
            }
            _ => field.push(c),
        }
    }
    if quoted {
        return Err(SuiteError::new(format!("line {line}"), "a quoted field is not closed"));
    }
    if any {
        record.push(field);
        out.push(record);
    }
    Ok(out)
}

fn blank(r: &[String]) -> bool {
    r.iter().all(|f| f.trim().is_empty())
}

fn list(cell: &str) -> Vec<String> {
    cell.split(LIST_SEPARATOR).map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect()
}

/// A suite from CSV. With a header row (every cell a known column), a column per field; without one, each line
/// is a caller number (`ani`).
pub fn import(text: &str, name: &str) -> Result<Suite, SuiteError> {
    let rows: Vec<Vec<String>> = records(text)?.into_iter().filter(|r| !blank(r)).collect();
    let mut suite = Suite { name: name.to_string(), ..Suite::default() };
    let Some(first) = rows.first() else {
        return Ok(suite);
    };
    let known = |h: &str| COLUMNS.contains(&h.trim().to_ascii_lowercase().as_str());
    let header = first.iter().any(|h| known(h));
    if !header {
        if first.len() > 1 {
            return Err(SuiteError::new(
                "line 1",
                format!("the first line names no known column; a header uses {}", COLUMNS.join(", ")),
            ));
        }
        for r in &rows {
            let ani = r.first().map(|s| s.trim().to_string()).unwrap_or_default();
            suite.cases.push(Case { name: ani.clone(), ani: Some(ani), ..Case::default() });
        }
        return Ok(suite);
    }
    let columns: Vec<String> = first.iter().map(|h| h.trim().to_ascii_lowercase()).collect();
    if let Some(bad) = columns.iter().find(|c| !known(c)) {
        return Err(SuiteError::new(
            "line 1",
            format!("unknown column '{bad}' (the columns are {})", COLUMNS.join(", ")),
        ));
    }
    for (n, r) in rows.iter().enumerate().skip(1) {
        if r.len() > columns.len() {
            return Err(SuiteError::new(
                format!("line {}", n + 1),
                format!("{} fields for {} columns", r.len(), columns.len()),
            ));
        }
        let mut case = Case::default();
        let mut expect = Expect::default();
        let mut expects = false;
        for (col, cell) in columns.iter().zip(r) {
            let v = cell.trim();
            if v.is_empty() {
                continue;
            }
            let some = Some(v.to_string());
            match col.as_str() {
                "name" => case.name = v.to_string(),
                "ani" => case.ani = some,
                "dnis" => case.dnis = some,
                "channel" => case.channel = some,
                "language" => case.language = some,
                "time" => case.time = some,
                "inputs" => case.inputs = Some(list(v)),
                "expect_outcome" => {
                    expects = true;
                    expect.outcome = Some(outcome_kind(v).ok_or_else(|| {
                        SuiteError::new(
                            format!("line {}, expect_outcome", n + 1),
                            format!("'{v}' is not one of transfer, disconnect, end, error"),
                        )
                    })?);
                }
                "expect_target" => {
                    expects = true;
                    expect.target = some;
                }
                "expect_visits" => {
                    expects = true;
                    expect.visits = list(v);
                }
                _ => {}
            }
        }
        if case.name.is_empty() {
            case.name = case.ani.clone().unwrap_or_else(|| format!("Case {n}"));
        }
        case.expect = expects.then_some(expect);
        suite.cases.push(case);
    }
    // Times are checked as in a JSON suite.
    Suite::parse(&suite.to_json())
}

/// `transfer`, `disconnect`, `end`, `error` (any case).
pub fn outcome_kind(s: &str) -> Option<OutcomeKind> {
    serde_json::from_value(serde_json::Value::String(s.trim().to_ascii_lowercase())).ok()
}

/// One CSV field, quoted when it needs to be. A field starting with `=`, `+`, `-` or `@` is prefixed with `'`
/// so that a spreadsheet does not run it as a formula (phone numbers start with `+`).
pub fn field(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@']) { format!("'{s}") } else { s.to_string() };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

/// One CSV line (CRLF-free; ends with `\n`).
pub fn line(fields: &[&str]) -> String {
    let mut l = fields.iter().map(|f| field(f)).collect::<Vec<_>>().join(",");
    l.push('\n');
    l
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_handle_quotes_commas_newlines_and_crlf() {
        let r = records("a,\"b,c\",\"say \"\"hi\"\"\"\r\n\"two\nlines\",,x\n").unwrap();
        assert_eq!(r, vec![vec!["a", "b,c", "say \"hi\""], vec!["two\nlines", "", "x"]]);
        assert_eq!(records("x").unwrap(), vec![vec!["x"]]);
        assert!(records("\"open").unwrap_err().describe().contains("not closed"));
    }

    #[test]
    fn a_list_of_numbers_is_a_suite() {
        let s = import("+13175550100\n\n+15551234567\r\n", "numbers").unwrap();
        assert_eq!(s.cases.len(), 2);
        assert_eq!(s.cases[1].ani.as_deref(), Some("+15551234567"));
        assert_eq!(s.cases[1].name, "+15551234567");
        assert_eq!(s.cases[1].expect, None);
    }

    #[test]
    fn columns_become_fields_and_expectations() {
        let text = "Name,ANI,inputs,time,expect_outcome,expect_target,expect_visits\n\
                    vip,+15551234567,1;2#,2026-01-05T15:00:00Z,Transfer,Gold,Menu;Lookup\n\
                    plain,+13175550100,,,,,\n";
        let s = import(text, "t").unwrap();
        let c = &s.cases[0];
        assert_eq!(c.inputs, Some(vec!["1".to_string(), "2#".to_string()]));
        assert_eq!(c.time.as_deref(), Some("2026-01-05T15:00:00Z"));
        let e = c.expect.as_ref().unwrap();
        assert_eq!((e.outcome, e.target.as_deref()), (Some(OutcomeKind::Transfer), Some("Gold")));
        assert_eq!(e.visits, vec!["Menu", "Lookup"]);
        assert_eq!(s.cases[1].expect, None);
        assert_eq!(s.cases[1].inputs, None);
    }

    #[test]
    fn bad_csv_is_refused_with_its_line() {
        let e = import("ani,colour\n1,red\n", "t").unwrap_err();
        assert!(e.describe().contains("unknown column 'colour'"), "{e}");
        let e = import("ani,expect_outcome\n1,transferred\n", "t").unwrap_err();
        assert_eq!(e.path, "line 2, expect_outcome");
        let e = import("ani\n1,2\n", "t").unwrap_err();
        assert_eq!(e.path, "line 2");
        let e = import("ani,time\n1,soon\n", "t").unwrap_err();
        assert_eq!(e.path, "cases[0].time");
        assert!(import("a,b\n", "t").unwrap_err().describe().contains("names no known column"));
    }

    #[test]
    fn fields_are_quoted_and_formulas_defused() {
        assert_eq!(
            line(&["a", "b,c", "say \"x\"", "+1555", "=SUM(A1)"]),
            "a,\"b,c\",\"say \"\"x\"\"\",'+1555,'=SUM(A1)\n"
        );
        assert_eq!(records(&line(&["x,y", "z"])).unwrap(), vec![vec!["x,y", "z"]]);
    }
}
