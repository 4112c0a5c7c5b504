//! The hand-written RRULE evaluation (`interp::schedule::active`) agrees with the `rrule` crate (native only; it
//! is not in the wasm bundle) on generated schedules and instants.

use flowsim_core::interp::schedule::{active, civil_from_days, days_from_civil};
use flowsim_core::wire::architect::Schedule;
use proptest::prelude::*;
use rrule::{RRuleSet, Tz};

const DAY_MS: i64 = 86_400_000;
const DAYS: [&str; 7] = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];

fn stamp(ms: i64, sep: bool) -> String {
    let (y, m, d) = civil_from_days(ms.div_euclid(DAY_MS));
    let t = ms.rem_euclid(DAY_MS) / 1000;
    let (h, mi, s) = (t / 3600, t / 60 % 60, t % 60);
    if sep {
        format!("{y:04}-{m:02}-{d:02}T{h:02}:{mi:02}:{s:02}.000")
    } else {
        format!("{y:04}{m:02}{d:02}T{h:02}{mi:02}{s:02}Z")
    }
}

fn arb_rule() -> impl Strategy<Value = String> {
    let days = prop::collection::btree_set(0usize..7, 1..4)
        .prop_map(|s| s.into_iter().map(|i| DAYS[i]).collect::<Vec<_>>().join(","));
    let ordinal_days = prop::collection::btree_set((prop_oneof![1i32..5, Just(-1)], 0usize..7), 1..3)
        .prop_map(|s| s.into_iter().map(|(o, d)| format!("{o}{}", DAYS[d])).collect::<Vec<_>>().join(","));
    let month_days = prop::collection::btree_set(prop_oneof![1i32..29, Just(-1)], 1..3)
        .prop_map(|s| s.into_iter().map(|d| d.to_string()).collect::<Vec<_>>().join(","));
    let interval = 1u32..4;
    prop_oneof![
        (interval.clone(), prop::option::of(days.clone())).prop_map(|(i, d)| format!(
            "FREQ=DAILY;INTERVAL={i}{}",
            d.map(|d| format!(";BYDAY={d}")).unwrap_or_default()
        )),
        (interval.clone(), days).prop_map(|(i, d)| format!("FREQ=WEEKLY;INTERVAL={i};BYDAY={d}")),
        (interval.clone(), month_days).prop_map(|(i, d)| format!("FREQ=MONTHLY;INTERVAL={i};BYMONTHDAY={d}")),
        (interval.clone(), ordinal_days).prop_map(|(i, d)| format!("FREQ=MONTHLY;INTERVAL={i};BYDAY={d}")),
        interval.clone().prop_map(|i| format!("FREQ=MONTHLY;INTERVAL={i}")),
        (1u32..3, 1u32..13, 1u32..29)
            .prop_map(|(i, m, d)| format!("FREQ=YEARLY;INTERVAL={i};BYMONTH={m};BYMONTHDAY={d}")),
        Just("FREQ=YEARLY".to_string()),
    ]
}

/// Whether an occurrence from the `rrule` crate covers `t`.
fn reference(start_ms: i64, duration_ms: i64, rule: &str, t: i64) -> bool {
    let text = format!("DTSTART:{}\nRRULE:{rule}", stamp(start_ms, false));
    let set: RRuleSet = text.parse().expect("a valid rule");
    let at = |ms: i64| chrono::DateTime::from_timestamp_millis(ms).expect("in range").with_timezone(&Tz::UTC);
    let result = set.after(at(t - duration_ms - DAY_MS)).before(at(t + DAY_MS)).all(2_000);
    result.dates.iter().any(|o| {
        let o = o.timestamp_millis();
        o <= t && t < o + duration_ms
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn agrees_with_the_rrule_crate(
        rule in arb_rule(),
        start_day in 0i64..730,
        start_half_hour in 0i64..48,
        duration_half_hours in 1i64..72,
        limit in prop_oneof![Just(None), (1u32..25).prop_map(|c| Some(format!(";COUNT={c}"))), (0i64..400).prop_map(|d| Some(format!("#{d}")))],
        offset_minutes in -2_880i64..1_150_000,
    ) {
        let start = (days_from_civil(2024, 1, 1) + start_day) * DAY_MS + start_half_hour * 1_800_000;
        let duration = duration_half_hours * 1_800_000;
        let rule = match limit {
            None => rule,
            Some(c) if c.starts_with(';') => format!("{rule}{c}"),
            Some(d) => {
                let days: i64 = d[1..].parse().unwrap_or(0);
                format!("{rule};UNTIL={}", stamp(start + days * DAY_MS + 3_600_000, false))
            }
        };
        let t = start + offset_minutes * 60_000;
        let schedule = Schedule {
            id: "s".into(),
            name: "s".into(),
            start: stamp(start, true),
            end: stamp(start + duration, true),
            rrule: Some(rule.clone()),
        };
        prop_assert_eq!(active(&schedule, t), reference(start, duration, &rule, t), "{} at {}", rule, stamp(t, true));
    }
}
