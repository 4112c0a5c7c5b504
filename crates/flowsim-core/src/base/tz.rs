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
