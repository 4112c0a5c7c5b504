//! Compares flowsim's phone normaliser (`base::phone`) with the `phonenumber` crate (a Rust port of Google's
//! libphonenumber, metadata v9.0.33) on numbers generated per country: libphonenumber's example numbers of every
//! type, random digit strings of every plausible length, and mutations of both (digits dropped or added, trunk
//! prefix present or absent, `+`, international-prefix and bare-country-code forms, punctuation, extensions).
//!
//! The reference outcome of an input is libphonenumber's: parse with the default country, then accept when the
//! national number's length is possible for its country code (the lengths of the code's main country, without
//! "local only" lengths, which have no E.164 form), giving `+<code><national>`. Two outcomes agree when both refuse,
//! or both accept with the same E.164 number and extension. Native only: `phonenumber` is a dev-dependency.

use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};

use flowsim_core::base::phone::{normalize, Country, PhoneError, COUNTRIES};
use phonenumber::metadata::DATABASE;
use phonenumber::Metadata;

/// xorshift64*: deterministic, so that a failure can be reproduced.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn digits(&mut self, n: usize) -> String {
        (0..n).map(|_| char::from(b'0' + self.below(10) as u8)).collect()
    }
}

/// The number types' descriptors of a region's metadata.
fn descriptors(meta: &Metadata) -> impl Iterator<Item = &phonenumber::metadata::Descriptor> {
    let d = meta.descriptors();
    [
        d.fixed_line(),
        d.mobile(),
        d.toll_free(),
        d.premium_rate(),
        d.shared_cost(),
        d.personal_number(),
        d.voip(),
        d.pager(),
        d.uan(),
        d.voicemail(),
    ]
    .into_iter()
    .flatten()
}

fn lengths(meta: &Metadata) -> Vec<u16> {
    let mut l: Vec<u16> = descriptors(meta).flat_map(|x| x.possible_length().iter().copied()).collect();
    l.sort_unstable();
    l.dedup();
    l
}

fn examples(meta: &Metadata) -> Vec<String> {
    let mut e: Vec<String> = descriptors(meta).filter_map(|x| x.example().map(str::to_string)).collect();
    e.sort();
    e.dedup();
    e
}

/// libphonenumber's outcome: the E.164 number and extension, or `None` when refused.
fn reference(input: &str, iso: &str) -> Option<(String, Option<String>)> {
    let id: phonenumber::country::Id = iso.parse().ok()?;
    let pn = catch_unwind(AssertUnwindSafe(|| phonenumber::parse(Some(id), input))).ok()?.ok()?;
    let code = pn.code().value();
    let national = pn.national().to_string();
    let metas = DATABASE.by_code(&code)?;
    let main = metas.iter().find(|m| m.is_main_country_for_code()).or(metas.first())?;
    if !lengths(main).contains(&(national.len() as u16)) {
        return None;
    }
    Some((format!("+{code}{national}"), pn.extension().map(|e| e.to_string())))
}

fn ours(input: &str, c: &'static Country) -> Result<(String, Option<String>), PhoneError> {
    normalize(input, c).map(|n| (n.e164, n.extension))
}

/// The variant name of a refusal ("AmbiguousCountryCode"), to group disagreements by reason.
fn reason(e: &PhoneError) -> String {
    format!("{e:?}").split([' ', '{', '(']).next().unwrap_or_default().to_string()
}

/// Whether libphonenumber's own full validity test (number patterns, not just lengths) passes on an E.164 number.
fn valid(e164: &str) -> bool {
    phonenumber::parse(None, e164).is_ok_and(|n| phonenumber::is_valid(&n))
}

/// Ways of writing a national significant number `nsn` of `c`.
fn forms(c: &Country, nsn: &str, rng: &mut Rng) -> Vec<String> {
    let cc = c.code.to_string();
    let mut v = vec![nsn.to_string(), format!("+{cc}{nsn}"), format!("+{cc} {nsn}"), format!("{cc}{nsn}")];
    if let Some(t) = c.trunk.first() {
        v.push(format!("{t}{nsn}"));
        v.push(format!("+{cc} ({t}) {nsn}"));
    }
    if let Some(i) = c.idd.first() {
        v.push(format!("{i} {cc} {nsn}"));
    }
    // Punctuation: the number cut into groups of 2 to 4 digits, joined by a random separator.
    let sep = [" ", "-", ".", " / ", "  "][rng.below(5)];
    let mut grouped = Vec::new();
    let mut rest = nsn;
    while !rest.is_empty() {
        let n = (2 + rng.below(3)).min(rest.len());
        let (a, b) = rest.split_at(n);
        grouped.push(a);
        rest = b;
    }
    let grouped = grouped.join(sep);
    match c.trunk.first() {
        Some(t) => v.push(format!("({t}{grouped})")),
        None => v.push(grouped.clone()),
    }
    v.push(format!("+{cc} {grouped}"));
    let ext_len = 1 + rng.below(4);
    v.push(format!("+{cc} {nsn} ext. {}", rng.digits(ext_len)));
    v
}

/// Numbers near `nsn`: a digit dropped, one or two added, one changed.
fn mutations(nsn: &str, rng: &mut Rng) -> Vec<String> {
    let mut v = vec![];
    if nsn.len() > 1 {
        v.push(nsn[..nsn.len() - 1].to_string());
    }
    v.push(format!("{nsn}{}", rng.digits(1)));
    v.push(format!("{nsn}{}", rng.digits(2)));
    let i = rng.below(nsn.len());
    let mut changed: Vec<u8> = nsn.bytes().collect();
    if let Some(b) = changed.get_mut(i) {
        *b = b'0' + rng.below(10) as u8;
    }
    v.push(String::from_utf8(changed).unwrap_or_default());
    v
}

const DIFFERENT_VALID: &str = "both accept, different numbers (libphonenumber's is a valid number)";

#[derive(Default)]
struct Tally {
    total: usize,
    agree: usize,
    kinds: BTreeMap<String, (usize, Vec<String>)>,
}

#[test]
fn agrees_with_libphonenumber() {
    let mut rng = Rng(0x5eed_f10c_5117_0001);
    let mut by_country: BTreeMap<&str, Tally> = BTreeMap::new();
    // Every country of the table except the smaller North American ones, which share the United States' rules.
    let countries: Vec<&'static Country> =
        COUNTRIES.iter().filter(|c| c.code != 1 || c.iso == "US" || c.iso == "CA").collect();
    assert!(countries.len() >= 20);
    for c in &countries {
        let meta = DATABASE.by_id(c.iso).expect("libphonenumber knows every country of the table");
        let mut nsns = examples(meta);
        let lens = lengths(meta);
        for _ in 0..20 {
            let len = 3 + rng.below(15);
            let first = char::from(b'1' + rng.below(9) as u8);
            nsns.push(format!("{first}{}", rng.digits(len - 1)));
        }
        for l in &lens {
            let first = char::from(b'1' + rng.below(9) as u8);
            nsns.push(format!("{first}{}", rng.digits(*l as usize - 1)));
        }
        let mut inputs = vec![];
        for nsn in &nsns {
            inputs.extend(forms(c, nsn, &mut rng));
            for m in mutations(nsn, &mut rng) {
                inputs.extend(forms(c, &m, &mut rng));
            }
        }
        let t = by_country.entry(c.iso).or_default();
        for input in inputs {
            let (r, o) = (reference(&input, c.iso), ours(&input, c));
            t.total += 1;
            if r == o.clone().ok() {
                t.agree += 1;
                continue;
            }
            let kind = match (&r, &o) {
                (Some(_), Err(e)) => format!("libphonenumber accepts, flowsim refuses ({})", reason(e)),
                (None, Ok((b, _))) if valid(b) => {
                    "flowsim accepts, libphonenumber refuses (flowsim's number is valid for libphonenumber)".to_string()
                }
                (None, Ok(_)) => {
                    "flowsim accepts, libphonenumber refuses (possible length, invalid pattern)".to_string()
                }
                (Some((a, _)), Ok((b, _))) if a == b => "same number, different extension".to_string(),
                (Some((a, _)), Ok(_)) if valid(a) => DIFFERENT_VALID.to_string(),
                _ => "both accept, different numbers (libphonenumber's is not a valid number either)".to_string(),
            };
            let e = t.kinds.entry(kind).or_default();
            e.0 += 1;
            if e.1.len() < 3 {
                e.1.push(format!("{input:?} → libphonenumber {r:?}, flowsim {o:?}"));
            }
        }
    }
    let (mut total, mut agree) = (0, 0);
    let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
    for (iso, t) in &by_country {
        total += t.total;
        agree += t.agree;
        println!("{iso}: {}/{} agree ({:.1}%)", t.agree, t.total, 100.0 * t.agree as f64 / t.total as f64);
        for (k, (n, samples)) in &t.kinds {
            *kinds.entry(k).or_default() += n;
            println!("    {n} × {k}");
            for s in samples {
                println!("        {s}");
            }
        }
    }
    let rate = agree as f64 / total as f64;
    println!("overall: {agree}/{total} agree ({:.2}%) over {} countries", 100.0 * rate, by_country.len());
    for (k, n) in &kinds {
        println!("    {n} × {k}");
    }
    assert!(total >= 5_000, "only {total} numbers generated");
    // Silently wrong is the failure this feature exists to prevent: flowsim accepting a number as another real
    // number than the one libphonenumber reads.
    assert_eq!(kinds.get(DIFFERENT_VALID).copied().unwrap_or(0), 0);
    // The rest of the gap is by design (see the report printed above): mostly the bare-country-code form
    // ("4420…" without +), which flowsim refuses as ambiguous when both readings have possible lengths, where
    // libphonenumber decides with number patterns flowsim does not carry; then libphonenumber's pattern-based
    // rescues (carrier codes, local numbers completed with an area code) and refusals of random digit strings whose
    // length is possible but whose pattern is not. Measured 96%; 95% leaves room for a metadata update.
    assert!(rate >= 0.95, "agreement {:.2}% is below 95%", 100.0 * rate);
}
