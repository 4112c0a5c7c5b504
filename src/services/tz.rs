//! Time-zone rules from the browser's own `Intl` data, so the bundle carries no tz database: the UTC offset of an
//! IANA zone at an instant, as `Intl.DateTimeFormat` with `timeZone` computes it (with DST).

use js_sys::{Array, Date, Function, Intl, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

/// The zone's offset from UTC at `utc_ms` (milliseconds since the Unix epoch), in milliseconds; `None` for a zone
/// the browser does not know.
pub fn utc_offset_ms(zone: &str, utc_ms: i64) -> Option<i64> {
    let options = Object::new();
    for (k, v) in [
        ("timeZone", zone),
        ("hourCycle", "h23"),
        ("year", "numeric"),
        ("month", "numeric"),
        ("day", "numeric"),
        ("hour", "numeric"),
        ("minute", "numeric"),
        ("second", "numeric"),
    ] {
        Reflect::set(&options, &JsValue::from_str(k), &JsValue::from_str(v)).ok()?;
    }
    // An unknown zone makes the constructor throw a RangeError, which must not unwind through wasm: construct it
    // through Reflect.construct, which returns the exception as an `Err`.
    let intl = Reflect::get(&js_sys::global(), &JsValue::from_str("Intl")).ok()?;
    let ctor: Function = Reflect::get(&intl, &JsValue::from_str("DateTimeFormat")).ok()?.dyn_into().ok()?;
    let args = Array::of2(&Array::of1(&JsValue::from_str("en-US")), &options);
    let format: Intl::DateTimeFormat = Reflect::construct(&ctor, &args).ok()?.unchecked_into();
    let date = Date::new(&JsValue::from_f64(utc_ms as f64));
    let parts = format.format_to_parts(&date);
    let mut wall = [0i64; 6]; // year, month, day, hour, minute, second
    for part in parts.iter() {
        let kind = Reflect::get(&part, &JsValue::from_str("type")).ok()?.as_string()?;
        let value = Reflect::get(&part, &JsValue::from_str("value")).ok()?.as_string()?;
        let slot = match kind.as_str() {
            "year" => 0,
            "month" => 1,
            "day" => 2,
            "hour" => 3,
            "minute" => 4,
            "second" => 5,
            _ => continue,
        };
        wall[slot] = value.parse().ok()?;
    }
    let local_as_utc = Date::utc(wall[0] as f64, (wall[1] - 1) as f64) as i64; // month start
    let local_ms = local_as_utc + ((wall[2] - 1) * 86_400 + wall[3] * 3_600 + wall[4] * 60 + wall[5]) * 1_000;
    // Intl drops the milliseconds; compare at whole seconds.
    Some(local_ms - utc_ms.div_euclid(1_000) * 1_000)
}

/// The browser's time-zone rules behind flowsim-core's seam.
pub struct BrowserZones;

impl flowsim_core::base::tz::TimeZones for BrowserZones {
    fn offset_ms(&self, zone: &str, utc_ms: i64) -> Option<i64> {
        utc_offset_ms(zone, utc_ms)
    }
}
