//! Evaluate Schedule / Evaluate Schedule Group at the simulated instant.
//!
//! Order as Genesys documents it: Emergency (an enabled emergency group) → Holiday → Closed → Open; nothing
//! matches → Closed. A schedule's `start`/`end` are local times in the group's time zone; its `rrule` is an
//! iCal RRULE of which flowsim reads FREQ (DAILY, WEEKLY, MONTHLY, YEARLY), INTERVAL, BYDAY (with ordinals for
//! MONTHLY/YEARLY), BYMONTHDAY, BYMONTH, COUNT and UNTIL. Written by hand (the `rrule` crate pulls chrono-tz
//! into the wasm bundle); every loop is bounded.

use crate::base::tz::TimeZones;
use crate::wire::architect::{EmergencyGroup, Schedule, ScheduleGroup};

/// The result of evaluating a schedule group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScheduleState {
    Emergency,
    Holiday,
    Closed,
    Open,
}

impl ScheduleState {
    /// The path `outputId` of Evaluate Schedule Group.
    pub fn output_id(self) -> &'static str {
        match self {
            ScheduleState::Emergency => "__EMERGENCY__",
            ScheduleState::Holiday => "__HOLIDAY__",
            ScheduleState::Closed => "__CLOSED__",
            ScheduleState::Open => "__OPEN__",
        }
    }
}

const DAY_MS: i64 = 86_400_000;
/// Occurrences are counted at most this many days from the schedule's start (about 200 years).
const MAX_DAYS: i64 = 73_000;

/// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = m as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of a day number.
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn days_in_month(y: i64, m: u32) -> u32 {
    let next = if m == 12 { days_from_civil(y + 1, 1, 1) } else { days_from_civil(y, m + 1, 1) };
    (next - days_from_civil(y, m, 1)) as u32
}

/// 0 = Monday … 6 = Sunday.
fn weekday(day: i64) -> u32 {
    (day + 3).rem_euclid(7) as u32
}

/// Local milliseconds of `yyyy-MM-ddTHH:mm:ss(.SSS)` (also `yyyyMMddTHHmmss(Z)` as in RRULE UNTIL).
pub fn parse_local(s: &str) -> Option<i64> {
    let digits: String = s.chars().filter(|c| c.is_ascii_digit()).collect();
    if digits.len() < 8 {
        return None;
    }
    let n = |a: usize, b: usize| digits.get(a..b).and_then(|x| x.parse::<i64>().ok());
    let (y, mo, d) = (n(0, 4)?, n(4, 6)?, n(6, 8)?);
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) {
        return None;
    }
    let h = n(8, 10).unwrap_or(0);
    let mi = n(10, 12).unwrap_or(0);
    let sec = n(12, 14).unwrap_or(0);
    let ms = n(14, 17).unwrap_or(0);
    Some(days_from_civil(y, mo as u32, d as u32) * DAY_MS + ((h * 60 + mi) * 60 + sec) * 1000 + ms)
}

#[derive(Debug, Default)]
struct Rule {
    freq: String,
    interval: i64,
    by_day: Vec<(i32, u32)>,
    by_month_day: Vec<i32>,
    by_month: Vec<u32>,
    count: Option<i64>,
    until: Option<i64>,
}

fn parse_rule(s: &str) -> Option<Rule> {
    let mut r = Rule { interval: 1, ..Default::default() };
    for part in s.trim().trim_start_matches("RRULE:").split(';') {
        let (k, v) = part.split_once('=')?;
        match k.trim().to_ascii_uppercase().as_str() {
            "FREQ" => r.freq = v.trim().to_ascii_uppercase(),
            "INTERVAL" => r.interval = v.trim().parse::<i64>().ok().filter(|i| *i > 0)?,
            "COUNT" => r.count = v.trim().parse().ok(),
            "UNTIL" => r.until = parse_local(v),
            "BYMONTH" => r.by_month = v.split(',').filter_map(|x| x.trim().parse().ok()).collect(),
            "BYMONTHDAY" => r.by_month_day = v.split(',').filter_map(|x| x.trim().parse().ok()).collect(),
            "BYDAY" => {
                for d in v.split(',') {
                    let d = d.trim().to_ascii_uppercase();
                    let split = d.len().checked_sub(2)?;
                    let (ord, name) = d.split_at(split);
                    let wd = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"].iter().position(|x| *x == name)? as u32;
                    let ord: i32 = if ord.is_empty() { 0 } else { ord.trim_start_matches('+').parse().ok()? };
                    r.by_day.push((ord, wd));
                }
            }
            _ => {}
        }
    }
    matches!(r.freq.as_str(), "DAILY" | "WEEKLY" | "MONTHLY" | "YEARLY").then_some(r)
}

/// Whether day `day` is an occurrence day of the rule whose first occurrence is on `start_day`.
fn rule_day(r: &Rule, start_day: i64, day: i64) -> bool {
    if day < start_day {
        return false;
    }
    let (sy, sm, sd) = civil_from_days(start_day);
    let (y, m, d) = civil_from_days(day);
    let months = (y - sy) * 12 + m as i64 - sm as i64;
    let period_ok = match r.freq.as_str() {
        "DAILY" => (day - start_day) % r.interval == 0,
        "WEEKLY" => ((day - weekday(day) as i64) - (start_day - weekday(start_day) as i64)) / 7 % r.interval == 0,
        "MONTHLY" => months % r.interval == 0,
        _ => (y - sy) % r.interval == 0,
    };
    if !period_ok {
        return false;
    }
    if !r.by_month.is_empty() && !r.by_month.contains(&m) {
        return false;
    }
    let dim = days_in_month(y, m);
    if !r.by_month_day.is_empty() {
        let hit = r
            .by_month_day
            .iter()
            .any(|&md| (md > 0 && md as u32 == d) || (md < 0 && (dim as i32 + md + 1) == d as i32));
        if !hit {
            return false;
        }
    }
    if !r.by_day.is_empty() {
        let wd = weekday(day);
        let nth = ((d - 1) / 7 + 1) as i32;
        let nth_last = -(((dim - d) / 7 + 1) as i32);
        let monthly = r.freq == "MONTHLY" || (r.freq == "YEARLY" && !r.by_month.is_empty());
        return r.by_day.iter().any(|&(ord, w)| w == wd && (ord == 0 || !monthly || ord == nth || ord == nth_last));
    }
    if !r.by_month_day.is_empty() {
        return true;
    }
    match r.freq.as_str() {
        "DAILY" => true,
        "WEEKLY" => weekday(day) == weekday(start_day),
        "MONTHLY" => d == sd,
        _ => (r.by_month.is_empty() && m == sm && d == sd) || (!r.by_month.is_empty() && d == sd),
    }
}

/// Whether a schedule covers the local instant `local_ms`.
pub fn active(s: &Schedule, local_ms: i64) -> bool {
    let (Some(start), Some(end)) = (parse_local(&s.start), parse_local(&s.end)) else { return false };
    let duration = end - start;
    if duration <= 0 {
        return false;
    }
    let rrule = s.rrule.as_deref().map(str::trim).filter(|r| !r.is_empty());
    let Some(rule) = rrule.and_then(parse_rule) else {
        return rrule.is_none() && start <= local_ms && local_ms < end;
    };
    let start_day = start.div_euclid(DAY_MS);
    let time_of_day = start.rem_euclid(DAY_MS);
    let today = local_ms.div_euclid(DAY_MS);
    // An occurrence that started up to `duration` ago still covers now.
    let span_days = (duration / DAY_MS + 1).min(366);
    for back in 0..=span_days {
        let day = today - back;
        if !rule_day(&rule, start_day, day) {
            continue;
        }
        let occ = day * DAY_MS + time_of_day;
        if !(occ <= local_ms && local_ms < occ + duration) {
            continue;
        }
        if rule.until.is_some_and(|u| occ > u) {
            continue;
        }
        if let Some(count) = rule.count {
            if day - start_day > MAX_DAYS {
                continue;
            }
            let n = (start_day..day).filter(|d| rule_day(&rule, start_day, *d)).count() as i64;
            if n >= count {
                continue;
            }
        }
        return true;
    }
    false
}

/// Evaluates a schedule group at `utc_ms`. `schedule` reads a schedule by id (`None`: unknown, ignored).
/// `Err` names the time zone flowsim cannot convert.
pub fn evaluate_group(
    group: &ScheduleGroup,
    schedule: &dyn Fn(&str) -> Option<Schedule>,
    emergency: Option<&EmergencyGroup>,
    utc_ms: i64,
    tz: &dyn TimeZones,
) -> Result<ScheduleState, String> {
    if emergency.is_some_and(|e| e.enabled) {
        return Ok(ScheduleState::Emergency);
    }
    let offset = tz.offset_ms(&group.time_zone, utc_ms).ok_or_else(|| group.time_zone.clone())?;
    let local = utc_ms + offset;
    let any = |refs: &[crate::wire::architect::EntityRef]| {
        refs.iter().filter_map(|r| schedule(&r.id)).any(|s| active(&s, local))
    };
    Ok(if any(&group.holiday_schedules) {
        ScheduleState::Holiday
    } else if any(&group.closed_schedules) {
        ScheduleState::Closed
    } else if any(&group.open_schedules) {
        ScheduleState::Open
    } else {
        ScheduleState::Closed
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::tz::FixedZones;
    use crate::wire::architect::EntityRef;

    fn sched(id: &str, start: &str, end: &str, rrule: Option<&str>) -> Schedule {
        Schedule { id: id.into(), name: id.into(), start: start.into(), end: end.into(), rrule: rrule.map(Into::into) }
    }
    fn at(s: &str) -> i64 {
        parse_local(s).expect("a time")
    }

    #[test]
    fn civil_round_trip() {
        for d in [-800_000, -1, 0, 1, 59, 10_957, 20_000, 2_000_000] {
            let (y, m, dd) = civil_from_days(d);
            assert_eq!(days_from_civil(y, m, dd), d);
        }
        assert_eq!(weekday(days_from_civil(2026, 1, 5)), 0, "5 Jan 2026 is a Monday");
    }

    #[test]
    fn weekday_business_hours() {
        let s =
            sched("o", "2020-01-06T09:00:00.000", "2020-01-06T17:00:00.000", Some("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"));
        assert!(active(&s, at("2026-01-05T09:00:00.000")));
        assert!(active(&s, at("2026-01-09T16:59:59.000")));
        assert!(!active(&s, at("2026-01-09T17:00:00.000")));
        assert!(!active(&s, at("2026-01-10T12:00:00.000")), "Saturday");
        assert!(!active(&s, at("2019-12-31T12:00:00.000")), "before the start");
    }

    #[test]
    fn monthly_ordinals_yearly_count_until_interval() {
        let last_fri =
            sched("h", "2020-01-31T00:00:00.000", "2020-02-01T00:00:00.000", Some("FREQ=MONTHLY;BYDAY=-1FR"));
        assert!(active(&last_fri, at("2026-01-30T10:00:00.000")));
        assert!(!active(&last_fri, at("2026-01-23T10:00:00.000")));
        let xmas = sched("x", "2020-12-25T00:00:00.000", "2020-12-26T00:00:00.000", Some("FREQ=YEARLY"));
        assert!(active(&xmas, at("2031-12-25T08:00:00.000")));
        assert!(!active(&xmas, at("2031-12-26T08:00:00.000")));
        let three = sched("c", "2026-01-01T10:00:00.000", "2026-01-01T11:00:00.000", Some("FREQ=DAILY;COUNT=3"));
        assert!(active(&three, at("2026-01-03T10:30:00.000")));
        assert!(!active(&three, at("2026-01-04T10:30:00.000")));
        let until =
            sched("u", "2026-01-01T10:00:00.000", "2026-01-01T11:00:00.000", Some("FREQ=DAILY;UNTIL=20260102T235959Z"));
        assert!(active(&until, at("2026-01-02T10:30:00.000")));
        assert!(!active(&until, at("2026-01-03T10:30:00.000")));
        let fortnight =
            sched("f", "2026-01-05T10:00:00.000", "2026-01-05T11:00:00.000", Some("FREQ=WEEKLY;INTERVAL=2"));
        assert!(active(&fortnight, at("2026-01-19T10:30:00.000")));
        assert!(!active(&fortnight, at("2026-01-12T10:30:00.000")));
        let overnight = sched("n", "2026-01-05T22:00:00.000", "2026-01-06T06:00:00.000", Some("FREQ=DAILY"));
        assert!(active(&overnight, at("2026-02-01T03:00:00.000")), "an occurrence that began yesterday");
    }

    #[test]
    fn group_order_and_time_zone() {
        let open = sched(
            "open",
            "2020-01-06T09:00:00.000",
            "2020-01-06T17:00:00.000",
            Some("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"),
        );
        let holiday = sched("hol", "2026-01-01T00:00:00.000", "2026-01-02T00:00:00.000", None);
        let g = ScheduleGroup {
            id: "g".into(),
            name: "Main".into(),
            time_zone: "America/New_York".into(),
            open_schedules: vec![EntityRef { id: "open".into(), name: String::new() }],
            closed_schedules: vec![],
            holiday_schedules: vec![EntityRef { id: "hol".into(), name: String::new() }],
        };
        let all = [open, holiday];
        let read = |id: &str| all.iter().find(|s| s.id == id).cloned();
        let tz = FixedZones { zones: vec![("America/New_York".into(), -5 * 3_600_000)] };
        // 15:00 UTC on Monday 5 Jan 2026 is 10:00 in New York: open.
        assert_eq!(evaluate_group(&g, &read, None, at("2026-01-05T15:00:00.000"), &tz), Ok(ScheduleState::Open));
        // 23:00 UTC is 18:00 in New York: closed (nothing matches).
        assert_eq!(evaluate_group(&g, &read, None, at("2026-01-05T23:00:00.000"), &tz), Ok(ScheduleState::Closed));
        // New Year's Day (a Thursday) at 10:00 local: the holiday wins over open.
        assert_eq!(evaluate_group(&g, &read, None, at("2026-01-01T15:00:00.000"), &tz), Ok(ScheduleState::Holiday));
        let e = EmergencyGroup { enabled: true, ..Default::default() };
        assert_eq!(evaluate_group(&g, &read, Some(&e), 0, &tz), Ok(ScheduleState::Emergency));
        let unknown = FixedZones::default();
        assert_eq!(evaluate_group(&g, &read, None, 0, &unknown), Err("America/New_York".into()));
    }
}
