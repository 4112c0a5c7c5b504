//! `expr::civil` (calendar on the `time` crate, ISO text and the weekday by hand) agrees with the `time`
//! crate's own view of generated instants across Architect's date-time range (1800–2200) and beyond.

use flowsim_core::expr::civil;
use proptest::prelude::*;
use time::{Date, Month, OffsetDateTime, Weekday};

fn reference(ms: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000).expect("in range")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(5000))]

    #[test]
    fn parts_agree_with_time(ms in civil::MIN_DATETIME_MS - 400 * 366 * civil::MS_PER_DAY..civil::MAX_DATETIME_MS + 400 * 366 * civil::MS_PER_DAY) {
        let t = reference(ms);
        let (y, mo, d, h, mi, s, milli) = civil::parts(ms);
        prop_assert_eq!(y, i64::from(t.year()));
        prop_assert_eq!(mo, u8::from(t.month()) as u32);
        prop_assert_eq!(d, u32::from(t.day()));
        prop_assert_eq!((h, mi, s), (u32::from(t.hour()), u32::from(t.minute()), u32::from(t.second())));
        prop_assert_eq!(milli, u32::from(t.millisecond()));
        let days = ms.div_euclid(civil::MS_PER_DAY);
        let sunday_first = match t.weekday() {
            Weekday::Sunday => 1, Weekday::Monday => 2, Weekday::Tuesday => 3, Weekday::Wednesday => 4,
            Weekday::Thursday => 5, Weekday::Friday => 6, Weekday::Saturday => 7,
        };
        prop_assert_eq!(civil::day_of_week(days), sunday_first);
        prop_assert_eq!(civil::from_parts(y, i64::from(mo), i64::from(d), i64::from(h), i64::from(mi), i64::from(s), i64::from(milli)), Some(ms));
        // The text form round-trips and matches the reference's RFC 3339 date and time.
        let text = civil::format_datetime(ms);
        prop_assert_eq!(civil::parse_datetime(&text), Some(ms));
        let expected = format!("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", t.year(), u8::from(t.month()), t.day(), t.hour(), t.minute(), t.second(), t.millisecond());
        prop_assert_eq!(text, expected);
    }

    #[test]
    fn dates_agree_with_time(year in 1600i64..2400, month in 1u32..=12, day in 1u32..=31) {
        let m = Month::try_from(month as u8).expect("month");
        match Date::from_calendar_date(year as i32, m, day as u8) {
            Ok(date) => {
                let expected = (date - Date::from_calendar_date(1970, Month::January, 1).expect("epoch")).whole_days();
                prop_assert_eq!(civil::days_from_civil(year, month, day), Some(expected));
                prop_assert_eq!(civil::civil_from_days(expected), (year, month, day));
                prop_assert!(day <= civil::days_in_month(year, month));
            }
            Err(_) => {
                prop_assert!(day > civil::days_in_month(year, month));
                prop_assert_eq!(civil::from_parts(year, i64::from(month), i64::from(day), 0, 0, 0, 0), None);
            }
        }
    }
}

#[test]
fn offsets_and_forms_of_iso_text() {
    let base = civil::parse_datetime("2009-03-20T12:00:00Z").unwrap();
    assert_eq!(civil::parse_datetime("2009-03-20T12:00:00.000Z"), Some(base));
    assert_eq!(civil::parse_datetime("2009-03-20T12:00:00.000+0000"), Some(base));
    assert_eq!(civil::parse_datetime("2009-03-20T13:00:00+01:00"), Some(base));
    assert_eq!(civil::parse_datetime("2009-03-20 12:00:00"), Some(base));
    assert_eq!(civil::parse_datetime("2009-03-20T12:00"), Some(base));
    assert_eq!(civil::parse_datetime("2009-03-20"), Some(base - 12 * 3_600_000));
    for bad in [
        "",
        "2009-02-30T00:00:00Z",
        "2009-03-20T25:00:00Z",
        "2009-03-20T12:00:00X",
        "20090320",
        "2009-03-20T12:00:00.Z",
    ] {
        assert_eq!(civil::parse_datetime(bad), None, "{bad}");
    }
    assert_eq!(civil::format_datetime(base), "2009-03-20T12:00:00.000Z");
}
