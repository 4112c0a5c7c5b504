//! Decimal arithmetic against exact decimals (`rust_decimal`) on generated numbers: flowsim keeps decimals as
//! floats of 15 significant digits (`expr::number`), and its sums, differences and remainders must be the exact
//! decimal results wherever those fit in 15 digits, and within a unit of the 15th digit elsewhere.

mod expr_support;

use expr_support::{run, TestScope};
use flowsim_core::expr::number::{add, normalize, parse_decimal, rem};
use proptest::prelude::*;
use rust_decimal::Decimal;
use std::str::FromStr;

/// A decimal of at most 15 significant digits, as Architect's text writes it (`-1234.5678`).
fn decimal_text() -> impl Strategy<Value = String> {
    (-999_999_999_999_999i64..=999_999_999_999_999, 0u32..=10, 1u32..=15).prop_map(|(m, scale, digits)| {
        let m = m % 10i64.pow(digits);
        Decimal::new(m, scale).to_string()
    })
}

fn exact(text: &str) -> Decimal {
    Decimal::from_str(text).expect("generated decimal")
}

fn float(text: &str) -> f64 {
    parse_decimal(text).expect("generated decimal")
}

/// The exact result as the float flowsim should hold: the decimal rounded to 15 significant digits.
fn as_flowsim(d: Decimal) -> f64 {
    d.round_sf(15).expect("15 digits").to_string().parse().expect("decimal text")
}

/// The power of ten of the leading digit (`237450.27` → 5, `0.0012` → -3).
fn magnitude(d: Decimal) -> i32 {
    let s = d.normalize().abs().to_string();
    match s.split_once('.') {
        Some(("0", frac)) => -(frac.len() as i32 - frac.trim_start_matches('0').len() as i32) - 1,
        Some((int, _)) => int.len() as i32 - 1,
        None => s.len() as i32 - 1,
    }
}

fn significant_digits(d: Decimal) -> u32 {
    let s = d.normalize().abs().to_string().replace('.', "");
    s.trim_start_matches('0').len() as u32
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(20_000))]

    #[test]
    fn sums_and_differences_are_the_decimal_results(a in decimal_text(), b in decimal_text()) {
        for (got, want) in [
            (add(float(&a), float(&b)), exact(&a) + exact(&b)),
            (add(float(&a), -float(&b)), exact(&a) - exact(&b)),
        ] {
            let got = normalize(got).expect("finite");
            if significant_digits(want) <= 15 {
                prop_assert_eq!(got, as_flowsim(want), "{} and {}", a, b);
            } else {
                // Past 15 digits: within a unit of the 15th digit of the exact result (half a unit of rounding,
                // and the float's 16th digit, which can tip a near tie).
                let off = (Decimal::from_str(&got.to_string()).expect("decimal") - want).abs();
                let unit = Decimal::new(1, 0) * Decimal::from_str(&format!("1e{}", magnitude(want) - 14)).unwrap_or(Decimal::ONE);
                prop_assert!(off <= unit, "{} and {}: {} vs {}", a, b, got, want);
            }
        }
    }

    #[test]
    fn remainders_are_the_decimal_remainders(a in decimal_text(), b in decimal_text()) {
        prop_assume!(!exact(&b).is_zero());
        let got = normalize(rem(float(&a), float(&b))).expect("finite");
        prop_assert_eq!(got, as_flowsim(exact(&a) % exact(&b)), "{} % {}", a, b);
    }
}

/// What a flow developer writes, end to end through the expression language.
#[test]
fn money_arithmetic_in_expressions() {
    let scope = TestScope::new();
    for (text, want) in [
        ("10.0 - 9.99", "0.01"),
        ("10.0 - 9.99 == 0.01", "true"),
        ("0.1 + 0.2 == 0.3", "true"),
        ("10.5 % 0.1", "0.0"),
        ("-7.5 % 2", "-1.5"),
        ("Sum(MakeList(0.1, 0.2, -0.3))", "0.0"),
        ("Sum(MakeCurrency(0.1, \"USD\"), MakeCurrency(0.2, \"USD\"))", "0.3|USD"),
        ("MakeCurrency(10.00, \"USD\") - MakeCurrency(9.99, \"USD\")", "0.01|USD"),
        ("MakeCurrency(10.50, \"USD\") % 0.1", "0.0|USD"),
        ("123456789.123 - 123456789", "0.123"),
    ] {
        let got = run(text, &scope).map(|v| v.to_literal());
        assert_eq!(got.as_deref(), Ok(want), "{text}");
    }
}
