//! The time-zone seam: the UTC offset of an IANA zone at an instant. flowsim-core carries no tz database; the
//! browser answers from `Intl` (the app's implementation), native code from `chrono-tz` (the fake and the CLI),
//! tests from fixed offsets.

/// UTC offsets of time zones.
pub trait TimeZones {
    /// The offset of `zone` from UTC at the instant `utc_ms` (ms since the Unix epoch), in milliseconds
    /// (New York in winter: -5 h). `None` when the zone is unknown.
    fn offset_ms(&self, zone: &str, utc_ms: i64) -> Option<i64>;
}

/// Every zone at a fixed offset (UTC by default), and `UTC`/`Etc/UTC` always known.
#[derive(Debug, Clone, Default)]
pub struct FixedZones {
    /// `(zone, offset ms)`; a zone not listed is unknown unless it is UTC.
    pub zones: Vec<(String, i64)>,
}

impl TimeZones for FixedZones {
    fn offset_ms(&self, zone: &str, _utc_ms: i64) -> Option<i64> {
        if let Some((_, o)) = self.zones.iter().find(|(z, _)| z.eq_ignore_ascii_case(zone)) {
            return Some(*o);
        }
        matches!(zone.to_ascii_uppercase().as_str(), "UTC" | "ETC/UTC" | "GMT" | "Z" | "").then_some(0)
    }
}

/// IANA zones from `chrono-tz` (feature `native-tz`: the fake and the CLI; never in the wasm bundle, where the
/// app answers from the browser's `Intl`).
#[cfg(feature = "native-tz")]
#[derive(Debug, Clone, Copy, Default)]
pub struct NativeZones;

#[cfg(feature = "native-tz")]
impl TimeZones for NativeZones {
    fn offset_ms(&self, zone: &str, utc_ms: i64) -> Option<i64> {
        use chrono::{Offset, TimeZone};
        let tz: chrono_tz::Tz = zone.parse().ok()?;
        let at = chrono::DateTime::from_timestamp_millis(utc_ms)?.naive_utc();
        Some(i64::from(tz.offset_from_utc_datetime(&at).fix().local_minus_utc()) * 1000)
    }
}

#[cfg(all(test, feature = "native-tz"))]
mod tests {
    use super::*;

    #[test]
    fn new_york_winter_and_summer() {
        let z = NativeZones;
        // 2026-01-05T15:00Z: EST (-5 h); 2026-07-06T15:00Z: EDT (-4 h).
        assert_eq!(z.offset_ms("America/New_York", 1_767_625_200_000), Some(-5 * 3_600_000));
        assert_eq!(z.offset_ms("America/New_York", 1_783_350_000_000), Some(-4 * 3_600_000));
        assert_eq!(z.offset_ms("Not/AZone", 0), None);
    }
}
