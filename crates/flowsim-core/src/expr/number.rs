//! Numbers and durations: Architect's ranges, decimal rounding and the text forms.
//!
//! Decimals are `f64` (a documented choice: `rust_decimal` would add 13 KB gzip to the bundle, measured). Every
//! decimal result is rounded to 15 significant digits, so products such as `1.1 * 3` give the decimal Architect
//! shows (`3.3`) and equal decimals compare equal; sums, differences and remainders are computed on the operands'
//! decimal digits ([`add`], [`rem`]), so `10.0 - 9.99 == 0.01` holds as in Architect. Architect keeps up to 40
//! digits; flowsim keeps 15, and a decimal literal's trailing zeros (`2.00`) are not kept (`2.0`).

/// Architect's Integer range: ±999,999,999,999,999.
pub const MAX_INT: i64 = 999_999_999_999_999;
pub const MIN_INT: i64 = -MAX_INT;
/// Durations share the range, in milliseconds.
pub const MAX_DURATION_MS: i64 = MAX_INT;

/// A decimal rounded to 15 significant digits; `None` when not finite.
pub fn normalize(x: f64) -> Option<f64> {
    if !x.is_finite() {
        return None;
    }
    if x == 0.0 {
        return Some(0.0);
    }
    format!("{x:.14e}").parse::<f64>().ok()
}

/// `a + b` for decimals, on their decimal digits as integers (see [`exact`]): `10.0 - 9.99` is `0.01`, not the
/// float difference `0.00999999999999979`.
pub fn add(a: f64, b: f64) -> f64 {
    exact(a, b, i128::checked_add).unwrap_or(a + b)
}

/// `a % b` (sign of `a`, as Architect's `%`) for decimals, on their decimal digits as integers: `10.5 % 0.1` is
/// `0.0`, not the float remainder `0.0999999999999994`.
pub fn rem(a: f64, b: f64) -> f64 {
    exact(a, b, i128::checked_rem).unwrap_or(a % b)
}

/// `op` on the decimals `a` and `b` as Architect computes it: each is the decimal its shortest text writes (at
/// most 15 significant digits, see [`normalize`]), both are brought to one power of ten as integers, and the
/// exact result becomes the nearest float. `None` when the operands are too far apart in magnitude for that
/// (`1e300 + 1e-300`), where the float operation is as close as 15 digits can be anyway.
fn exact(a: f64, b: f64, op: fn(i128, i128) -> Option<i128>) -> Option<f64> {
    let ((ma, ea), (mb, eb)) = (digits(a)?, digits(b)?);
    let common = ea.min(eb);
    let scale = |m: i128, e: i32| 10i128.checked_pow((e - common) as u32).and_then(|p| m.checked_mul(p));
    let r = op(scale(ma, ea)?, scale(mb, eb)?)?;
    format!("{r}e{common}").parse::<f64>().ok()
}

/// `x` as an integer of its shortest decimal digits and a power of ten (`0.25` → (25, -2), `-3e5` → (-3, 5)).
fn digits(x: f64) -> Option<(i128, i32)> {
    let text = format!("{x:e}");
    let (mantissa, exp) = text.split_once('e')?;
    let fraction = mantissa.split_once('.').map_or(0, |(_, f)| f.len()) as i32;
    Some((mantissa.replace('.', "").parse().ok()?, exp.parse::<i32>().ok()? - fraction))
}

/// A decimal as Architect writes it: always with a fractional part (`7.0`, `-15.3`, `0.5`).
pub fn format_decimal(x: f64) -> String {
    let x = normalize(x).unwrap_or(x);
    let x = if x == 0.0 { 0.0 } else { x };
    let s = format!("{x}");
    if s.contains('.') || s.contains("inf") || s.contains("NaN") {
        s
    } else {
        format!("{s}.0")
    }
}

/// A decimal with exactly `places` digits after the point (half away from zero), as `ToString(x, places)`.
pub fn format_places(x: f64, places: usize) -> String {
    let places = places.min(15);
    let scale = 10f64.powi(places as i32);
    let rounded = (x * scale).round() / scale;
    let rounded = normalize(rounded).unwrap_or(rounded);
    let s = format!("{rounded:.places$}");
    if s.starts_with('-') && s[1..].chars().all(|c| c == '0' || c == '.') {
        s[1..].to_string()
    } else {
        s
    }
}

/// Reads a decimal literal (`-122.186100`, `0.0`, `5`, `1e3`).
pub fn parse_decimal(text: &str) -> Option<f64> {
    let t = text.trim();
    if t.is_empty() || t.contains(|c: char| c.is_alphabetic() && c != 'e' && c != 'E') {
        return None;
    }
    t.parse::<f64>().ok().and_then(normalize)
}

/// Reads an integer literal within Architect's range.
pub fn parse_integer(text: &str) -> Option<i64> {
    let t = text.trim();
    let v = t.strip_prefix('+').unwrap_or(t).parse::<i64>().ok()?;
    (MIN_INT..=MAX_INT).contains(&v).then_some(v)
}

/// Whether an integer is within Architect's range.
pub fn int_in_range(v: i64) -> bool {
    (MIN_INT..=MAX_INT).contains(&v)
}

/// A duration in the XSD form Architect's `ToString` writes: `P1DT2H3M4S`, `-P9DT18H30M`, `PT0S`, `PT1.5S`.
pub fn format_duration(ms: i64) -> String {
    let neg = ms < 0;
    let abs = ms.unsigned_abs();
    let days = abs / 86_400_000;
    let rem = abs % 86_400_000;
    let (h, m, s, milli) = (rem / 3_600_000, rem / 60_000 % 60, rem / 1000 % 60, rem % 1000);
    let mut out = String::from(if neg { "-P" } else { "P" });
    if days > 0 {
        out.push_str(&format!("{days}D"));
    }
    if h > 0 || m > 0 || s > 0 || milli > 0 || days == 0 {
        out.push('T');
        if h > 0 {
            out.push_str(&format!("{h}H"));
        }
        if m > 0 {
            out.push_str(&format!("{m}M"));
        }
        if milli > 0 {
            let frac = format!("{milli:03}");
            out.push_str(&format!("{s}.{}S", frac.trim_end_matches('0')));
        } else if s > 0 || (h == 0 && m == 0) {
            out.push_str(&format!("{s}S"));
        }
    }
    out
}

/// Reads a duration: the configuration form `P0D0H1M0S0F` (days, hours, minutes, seconds, milliseconds) or
/// the XSD form `P1DT2H3M4.5S` (days and smaller; years and months have no fixed length and are refused).
/// Either may start with `-`.
pub fn parse_duration(text: &str) -> Option<i64> {
    let t = text.trim();
    let (neg, t) = match t.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, t),
    };
    let body = t.strip_prefix('P').or_else(|| t.strip_prefix('p'))?;
    if body.is_empty() {
        return None;
    }
    let mut total: i64 = 0;
    let mut in_time = false;
    let mut number = String::new();
    let mut any = false;
    for c in body.chars() {
        match c {
            '0'..='9' | '.' => number.push(c),
            'T' | 't' if number.is_empty() => in_time = true,
            unit => {
                if number.is_empty() {
                    return None;
                }
                let n: f64 = number.parse().ok()?;
                number.clear();
                let scale: f64 = match unit.to_ascii_uppercase() {
                    'D' => 86_400_000.0,
                    'H' => 3_600_000.0,
                    'M' if in_time || !body.contains('T') => 60_000.0,
                    'S' => 1000.0,
                    'F' => 1.0,
                    _ => return None,
                };
                total = total.checked_add((n * scale).round() as i64)?;
                any = true;
            }
        }
    }
    if !number.is_empty() || !any || total > MAX_DURATION_MS {
        return None;
    }
    Some(if neg { -total } else { total })
}
