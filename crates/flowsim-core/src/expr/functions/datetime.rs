//! Date, time and duration functions. All date-times are UTC; `GetCurrentDateTimeUtc()` is the scope's
//! simulated instant.

use std::collections::BTreeMap;

use super::{Args, Res};
use crate::expr::civil::{self, MS_PER_DAY};
use crate::expr::eval::{fail, Ctx};
use crate::expr::ops::{dtm_result, dur_result};
use crate::expr::value::{Type, Value};

pub fn call(name: &str, a: &Args, cx: &Ctx) -> Option<Res> {
    Some(match name {
        "getcurrentdatetimeutc" => a.arity(0, 0).map(|_| Value::DateTime(cx.scope.now_ms())),
        "adddays" => add_units(a, MS_PER_DAY),
        "addhours" => add_units(a, 3_600_000),
        "addminutes" => add_units(a, 60_000),
        "addseconds" => add_units(a, 1000),
        "addduration" => a.arity(2, 2).and_then(|_| {
            let (t, d) = (a.dtm(0)?, a.dur(1)?);
            dtm_result(t.checked_add(d), a.name).map_err(Into::into)
        }),
        "addmonths" => add_months(a, 1),
        "addyears" => add_months(a, 12),
        "datetimediff" => a.arity(2, 2).and_then(|_| {
            let (x, y) = (a.dtm(0)?, a.dtm(1)?);
            dur_result(x.checked_sub(y), a.name).map_err(Into::into)
        }),
        "year" | "month" | "day" | "hour" | "minute" | "second" | "dayofweek" | "weeknum" => part(a, name),
        "makedatetime" => make_datetime(a),
        "makeduration" => make_duration(a),
        "getdayofweekoccurrence" => day_of_week_occurrence(a),
        "roundup" => round_up(a),
        "range" => range(a),
        "maketimeslot" => make_timeslot(a),
        _ => return None,
    })
}

fn add_units(a: &Args, unit: i64) -> Res {
    a.arity(2, 2)?;
    let (t, n) = (a.dtm(0)?, a.int(1)?);
    Ok(dtm_result(n.checked_mul(unit).and_then(|d| t.checked_add(d)), a.name)?)
}

/// Adds months (or years as 12 months); a day past the end of the new month becomes its last day.
fn add_months(a: &Args, factor: i64) -> Res {
    a.arity(2, 2)?;
    let (t, n) = (a.dtm(0)?, a.int(1)?);
    let months = n.checked_mul(factor).filter(|m| m.unsigned_abs() < 100_000);
    let Some(months) = months else { return fail(format!("{} cannot add {n}.", a.name)) };
    let (y, mo, d, ..) = civil::parts(t);
    let total = y * 12 + i64::from(mo) - 1 + months;
    let (ny, nm) = (total.div_euclid(12), (total.rem_euclid(12) + 1) as u32);
    let nd = d.min(civil::days_in_month(ny, nm));
    let time = t.rem_euclid(MS_PER_DAY);
    let days = civil::days_from_civil(ny, nm, nd);
    Ok(dtm_result(days.map(|d| d * MS_PER_DAY + time), a.name)?)
}

fn part(a: &Args, name: &str) -> Res {
    a.arity(1, 1)?;
    let t = a.dtm(0)?;
    let (y, mo, d, h, mi, s, _) = civil::parts(t);
    let days = t.div_euclid(MS_PER_DAY);
    Ok(Value::Integer(match name {
        "year" => y,
        "month" => i64::from(mo),
        "day" => i64::from(d),
        "hour" => i64::from(h),
        "minute" => i64::from(mi),
        "second" => i64::from(s),
        "dayofweek" => civil::day_of_week(days),
        _ => {
            // Week 1 is the week (Sunday to Saturday) that holds 1 January.
            let jan1 = civil::days_from_civil(y, 1, 1).unwrap_or(days);
            let jan1_dow = civil::day_of_week(jan1) - 1;
            (days - jan1 + jan1_dow) / 7 + 1
        }
    }))
}

fn make_datetime(a: &Args) -> Res {
    if a.len() != 3 && a.len() != 6 {
        return fail(format!("MakeDateTime takes 3 or 6 arguments, not {}.", a.len()));
    }
    let mut p = [0i64; 6];
    for (i, slot) in p.iter_mut().enumerate().take(a.len()) {
        *slot = a.int(i)?;
    }
    match civil::from_parts(p[0], p[1], p[2], p[3], p[4], p[5], 0) {
        Some(ms) => Ok(dtm_result(Some(ms), "MakeDateTime")?),
        None => fail(format!(
            "MakeDateTime({}, {}, {}, {}, {}, {}) is not a real date and time.",
            p[0], p[1], p[2], p[3], p[4], p[5]
        )),
    }
}

fn make_duration(a: &Args) -> Res {
    a.arity(4, 5)?;
    const UNITS: [i64; 5] = [MS_PER_DAY, 3_600_000, 60_000, 1000, 1];
    let mut total: Option<i64> = Some(0);
    for (i, unit) in UNITS.iter().enumerate().take(a.len()) {
        let n = a.int(i)?;
        total = total.and_then(|t| n.checked_mul(*unit).and_then(|x| t.checked_add(x)));
    }
    Ok(dur_result(total, "MakeDuration")?)
}

/// `GetDayOfWeekOccurrence(dayOfWeek, occurrence, year[, month][, hour, minute, second])`: the nth given weekday
/// (1 = Sunday) of the month or year; a negative occurrence counts from the end (*unverified*).
fn day_of_week_occurrence(a: &Args) -> Res {
    let (month, hms_at) = match a.len() {
        3 => (None, None),
        4 => (Some(a.int(3)?), None),
        6 => (None, Some(3)),
        7 => (Some(a.int(3)?), Some(4)),
        n => return fail(format!("GetDayOfWeekOccurrence takes 3, 4, 6 or 7 arguments, not {n}.")),
    };
    let (dow, occ, year) = (a.int(0)?, a.int(1)?, a.int(2)?);
    if !(1..=7).contains(&dow) || occ == 0 || !(1800..=2200).contains(&year) {
        return fail(
            "GetDayOfWeekOccurrence needs a day of week 1–7, an occurrence other than 0 and a year 1800–2200.",
        );
    }
    let bounds = match month {
        Some(m) if (1..=12).contains(&m) => civil::days_from_civil(year, m as u32, 1)
            .map(|f| (f, f + i64::from(civil::days_in_month(year, m as u32)) - 1)),
        Some(m) => return fail(format!("{m} is not a month.")),
        None => civil::days_from_civil(year, 1, 1).zip(civil::days_from_civil(year, 12, 31)),
    };
    let Some((first, last)) = bounds else { return fail("GetDayOfWeekOccurrence needs a real year and month.") };
    let days: Vec<i64> = (first..=last).filter(|d| civil::day_of_week(*d) == dow).collect();
    let pick = if occ > 0 {
        days.get((occ - 1) as usize)
    } else {
        days.len().checked_sub(occ.unsigned_abs() as usize).and_then(|i| days.get(i))
    };
    let Some(day) = pick else { return fail(format!("There is no occurrence {occ} of that weekday.")) };
    let hms = match hms_at {
        Some(i) => (a.int(i)?, a.int(i + 1)?, a.int(i + 2)?),
        None => (0, 0, 0),
    };
    if !(0..24).contains(&hms.0) || !(0..60).contains(&hms.1) || !(0..60).contains(&hms.2) {
        return fail("GetDayOfWeekOccurrence needs an hour 0–23, a minute and a second 0–59.");
    }
    Ok(dtm_result(Some(day * MS_PER_DAY + ((hms.0 * 60 + hms.1) * 60 + hms.2) * 1000), a.name)?)
}

/// `RoundUp(duration[, interval[, specific values]])`: the smallest specific value not below the duration,
/// else the duration rounded up to the interval (one minute by default: *unverified*).
fn round_up(a: &Args) -> Res {
    a.arity(1, 3)?;
    let d = a.dur(0)?;
    let interval = if a.len() >= 2 { a.dur(1)? } else { 60_000 };
    if a.len() == 3 {
        let (_, specific) = a.list(2)?;
        let mut values: Vec<i64> =
            specific.iter().filter_map(|v| if let Value::Duration(x) = v { Some(*x) } else { None }).collect();
        values.sort_unstable();
        if let Some(v) = values.into_iter().find(|v| *v >= d) {
            return Ok(Value::Duration(v));
        }
    }
    if interval <= 0 {
        return Ok(Value::Duration(d));
    }
    let rounded = d.div_euclid(interval) * interval;
    let up = if rounded == d { Some(d) } else { rounded.checked_add(interval) };
    Ok(dur_result(up, "RoundUp")?)
}

/// `Range(duration, interval)`: the interval bounds around the duration, as two durations (*unverified*).
fn range(a: &Args) -> Res {
    a.arity(2, 2)?;
    let (d, i) = (a.dur(0)?, a.dur(1)?);
    if i <= 0 {
        return fail("Range needs a positive interval.");
    }
    let low = d.div_euclid(i) * i;
    let high = dur_result(low.checked_add(i), "Range")?;
    Ok(Value::List { item: Type::Duration, items: vec![Value::Duration(low), high] })
}

fn make_timeslot(a: &Args) -> Res {
    a.arity(2, 2)?;
    let start = a.dtm(0)?;
    let mut fields = BTreeMap::new();
    fields.insert("start".to_string(), Value::DateTime(start));
    match a.set(1)? {
        Value::Duration(d) => {
            fields.insert("duration".to_string(), Value::Duration(*d));
            fields.insert("end".to_string(), dtm_result(start.checked_add(*d), a.name)?);
        }
        Value::DateTime(e) => {
            fields.insert("end".to_string(), Value::DateTime(*e));
            fields.insert("duration".to_string(), dur_result(e.checked_sub(start), a.name)?);
        }
        v => return fail(format!("MakeTimeslot needs a Duration or an end DateTime, not a {}.", v.ty())),
    }
    Ok(Value::Complex { ty: "tsl".into(), fields })
}
