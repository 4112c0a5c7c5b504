//! Suites a few cases at a time, on a virtual clock: an org whose answers take time, so cases really are in flight
//! together. The cases sharing reads send each distinct read once (a read another case is making is waited for,
//! not sent again), results come in case order whatever order the cases finish in, the rate limit holds across
//! the cases in flight, a 429's Retry-After holds every other request too, and a kept cache serves a second run.
//! The flow is a recorded configuration (customer lookup): each case reads its caller's number in the reverse
//! whitepages, then the same VIP contact as every other case.

use std::cell::{Cell, RefCell};
use std::collections::BTreeSet;
use std::future::Future;
use std::pin::pin;
use std::sync::Arc;
use std::task::{Context, Poll, Waker};

use flowsim_core::base::tz::{FixedZones, TimeZones};
use flowsim_core::flow::Flow;
use flowsim_core::net::api::Connection;
use flowsim_core::net::http::{HttpClient, HttpRequest, HttpResponse, TransportError};
use flowsim_core::net::proxy::ProxySetting;
use flowsim_core::sim::suite::cases::run_all;
use flowsim_core::sim::suite::runner::CaseResult;
use flowsim_core::sim::suite::{Case, Org, Paced, Suite};

fn flow() -> Arc<Flow> {
    let path = format!("{}/tests/fixtures/recorded/config-customer-lookup.json", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).expect("fixture");
    Arc::new(Flow::parse(&text).expect("a real configuration reads"))
}

fn zones() -> Box<dyn TimeZones + Send + Sync> {
    Box::new(FixedZones::default())
}

fn conn() -> Connection {
    Connection { api_base: "https://api.example.test".into(), proxy: ProxySetting::default(), token: "t".into() }
}

fn suite_of(anis: &[&str]) -> Suite {
    Suite {
        name: "t".into(),
        cases: anis
            .iter()
            .enumerate()
            .map(|(i, a)| Case { name: format!("c{i}"), ani: Some(a.to_string()), ..Case::default() })
            .collect(),
        // "Press 1 to be identified": the flow searches the caller's number.
        defaults: Case { inputs: Some(vec!["1".into()]), ..Case::default() },
        ..Suite::default()
    }
}

/// A request as the org saw it, on the virtual clock.
#[derive(Debug, Clone)]
struct Seen {
    url: String,
    sent_ms: f64,
    answered_ms: f64,
    status: u16,
}

/// An org that answers 404 after `latency(url)` ms of virtual time; the `throttle`-th request (1-based) gets a
/// 429 with `Retry-After: 2`.
struct SlowOrg {
    clock: Cell<f64>,
    /// Deadlines of pending sleeps and answers.
    timers: RefCell<Vec<f64>>,
    seen: RefCell<Vec<Seen>>,
    latency: fn(&str) -> f64,
    throttle: Option<usize>,
    in_flight: Cell<usize>,
    most_in_flight: Cell<usize>,
}

impl SlowOrg {
    fn new(latency: fn(&str) -> f64, throttle: Option<usize>) -> Self {
        SlowOrg {
            clock: Cell::new(0.0),
            timers: RefCell::new(Vec::new()),
            seen: RefCell::new(Vec::new()),
            latency,
            throttle,
            in_flight: Cell::new(0),
            most_in_flight: Cell::new(0),
        }
    }

    async fn until(&self, t: f64) {
        self.timers.borrow_mut().push(t);
        std::future::poll_fn(|_| if self.clock.get() >= t { Poll::Ready(()) } else { Poll::Pending }).await
    }

    fn urls(&self) -> Vec<String> {
        self.seen.borrow().iter().map(|s| s.url.clone()).collect()
    }

    /// Polls `f` to its end, moving the clock to the next deadline whenever nothing else can move.
    fn drive<F: Future>(&self, f: F) -> F::Output {
        let mut f = pin!(f);
        let mut cx = Context::from_waker(Waker::noop());
        let mut idle = 0;
        loop {
            if let Poll::Ready(v) = f.as_mut().poll(&mut cx) {
                return v;
            }
            let now = self.clock.get();
            let next = self.timers.borrow().iter().copied().filter(|t| *t > now).fold(f64::INFINITY, f64::min);
            if next.is_finite() {
                self.clock.set(next);
                idle = 0;
            } else {
                // A case woken by another's answer in the same pass moves on the next poll.
                idle += 1;
                assert!(idle < 100, "the run is stuck at {now} ms with nothing to wait for");
            }
        }
    }
}

impl HttpClient for SlowOrg {
    async fn send(&self, req: HttpRequest) -> Result<HttpResponse, TransportError> {
        let n = self.seen.borrow().len();
        let sent_ms = self.clock.get();
        self.seen.borrow_mut().push(Seen { url: req.url.clone(), sent_ms, answered_ms: f64::NAN, status: 0 });
        self.in_flight.set(self.in_flight.get() + 1);
        self.most_in_flight.set(self.most_in_flight.get().max(self.in_flight.get()));
        self.until(sent_ms + (self.latency)(&req.url)).await;
        self.in_flight.set(self.in_flight.get() - 1);
        let throttled = self.throttle == Some(n + 1);
        let status = if throttled { 429 } else { 404 };
        {
            let mut seen = self.seen.borrow_mut();
            seen[n].answered_ms = self.clock.get();
            seen[n].status = status;
        }
        let headers = if throttled { vec![("retry-after".to_string(), "2".to_string())] } else { vec![] };
        Ok(HttpResponse {
            status,
            headers,
            body: format!(r#"{{"status":{status},"code":"x","message":"no such row"}}"#),
        })
    }
    async fn sleep(&self, ms: u32) -> Result<(), TransportError> {
        self.until(self.clock.get() + f64::from(ms)).await;
        Ok(())
    }
    fn now_ms(&self) -> f64 {
        self.clock.get()
    }
}

fn fifty(_: &str) -> f64 {
    50.0
}

/// What a user reads of the results, in order.
fn read(results: &[CaseResult]) -> Vec<(usize, String, String)> {
    results.iter().map(|r| (r.index, r.name.clone(), r.outcome.description.clone())).collect()
}

/// Runs `suite` `concurrency` cases at a time through `client` (the org itself or a `Paced` around it).
fn run_on<C: HttpClient>(org: &SlowOrg, client: &C, suite: &Suite, concurrency: usize) -> Vec<CaseResult> {
    let c = conn();
    org.drive(run_all(Some(Org { client, conn: &c, timeout_ms: 10_000 }), flow(), suite, concurrency, zones))
        .expect("runs")
}

/// The suite one case at a time, each read answered at once: the reference.
fn one_at_a_time(suite: &Suite) -> (Vec<CaseResult>, Vec<String>) {
    let org = SlowOrg::new(|_| 0.0, None);
    let results = run_on(&org, &org, suite, 1);
    (results, org.urls())
}

#[test]
fn cases_in_flight_together_send_each_distinct_read_once_and_keep_case_order() {
    let anis = ["+13175550100", "+13175550101", "+13175550100", "+13175550102", "+13175550101", "+13175550100"];
    let suite = suite_of(&anis);
    let (reference, reads) = one_at_a_time(&suite);
    let distinct: BTreeSet<String> = reads.iter().cloned().collect();
    assert_eq!(reads.len(), 2 * anis.len(), "without a cache each case reads its number and the VIP: {reads:?}");
    assert_eq!(distinct.len(), 4, "three numbers and the VIP contact");

    let org = SlowOrg::new(fifty, None);
    let paced = Paced::new(&org, 300);
    let results = run_on(&org, &paced, &suite, 4);
    // Cases 0 and 2 want the same number at the same moment, cases 0 to 3 the VIP: each goes out once.
    assert!(org.most_in_flight.get() > 1, "cases ran one at a time");
    let sent = org.urls();
    assert_eq!(sent.len(), distinct.len(), "{sent:?}");
    assert_eq!(sent.iter().cloned().collect::<BTreeSet<_>>(), distinct);
    let stats = paced.stats();
    assert_eq!((stats.sent, stats.hits, stats.distinct), (4, 8, 4), "{stats:?}");
    assert_eq!(read(&results), read(&reference));
    // Together: the whole suite took two answers' time, not twelve.
    assert!(org.clock.get() <= 150.0, "{}", org.clock.get());
}

#[test]
fn results_come_in_case_order_when_later_cases_finish_first() {
    // The first caller's row is slow to answer; the others are quick.
    let slow_first = |url: &str| if url.contains("%2B13175550100") { 500.0 } else { 10.0 };
    let anis = ["+13175550100", "+13175550101", "+13175550102", "+13175550103", "+13175550104"];
    let suite = suite_of(&anis);
    let (reference, _) = one_at_a_time(&suite);
    let org = SlowOrg::new(slow_first, None);
    let paced = Paced::new(&org, 300);
    let results = run_on(&org, &paced, &suite, 4);
    let seen = org.seen.borrow().clone();
    assert!(seen[1].answered_ms < seen[0].answered_ms, "the second case finished first: {seen:?}");
    assert_eq!(read(&results), read(&reference));
    assert_eq!(results.iter().map(|r| r.index).collect::<Vec<_>>(), vec![0, 1, 2, 3, 4]);
}

#[test]
fn the_rate_limit_holds_across_the_cases_in_flight() {
    let anis: Vec<String> = (0..7).map(|i| format!("+1317555020{i}")).collect();
    let suite = suite_of(&anis.iter().map(String::as_str).collect::<Vec<_>>());
    let org = SlowOrg::new(fifty, None);
    let paced = Paced::new(&org, 3);
    let results = run_on(&org, &paced, &suite, 4);
    assert_eq!(results.len(), 7);
    let times: Vec<f64> = org.seen.borrow().iter().map(|s| s.sent_ms).collect();
    assert_eq!(times.len(), 8, "seven numbers and the VIP");
    // Three a minute: any four requests span a minute at least.
    for w in times.windows(4) {
        assert!(w[3] - w[0] >= 60_000.0, "{times:?}");
    }
    assert!(paced.stats().waits > 0);
}

#[test]
fn a_429_holds_every_request_in_flight_or_new_until_retry_after() {
    let anis: Vec<String> = (0..8).map(|i| format!("+1317555030{i}")).collect();
    let suite = suite_of(&anis.iter().map(String::as_str).collect::<Vec<_>>());
    let (reference, _) = one_at_a_time(&suite);
    // The second request (case 1's number) is answered 429, Retry-After 2, at 30 ms, while the numbers of cases
    // 0, 2 and 3 are still on their way (answered at 50 ms).
    let org = SlowOrg::new(|url| if url.contains("%2B13175550301") { 30.0 } else { 50.0 }, Some(2));
    let paced = Paced::new(&org, 300);
    let results = run_on(&org, &paced, &suite, 4);
    assert_eq!(read(&results), read(&reference), "the throttled case ends as if it had not been");
    let seen = org.seen.borrow().clone();
    let throttled = seen.iter().find(|s| s.status == 429).expect("a 429").clone();
    let held_until = throttled.answered_ms + 2_000.0;
    let after: Vec<&Seen> = seen.iter().filter(|s| s.sent_ms >= throttled.answered_ms).collect();
    // Every request after the 429 waits: the VIP read of the cases whose number was answered, the retry, and the
    // reads of the cases started later.
    assert!(after.len() >= 2, "{seen:?}");
    assert!(after.iter().all(|s| s.sent_ms >= held_until), "{seen:?}");
    assert_eq!(seen.iter().filter(|s| s.url == throttled.url).count(), 2, "one retry: {seen:?}");
    assert_eq!(seen.len(), 10, "eight numbers, the VIP and one retry: {seen:?}");
}

#[test]
fn a_kept_cache_serves_the_next_run_and_a_new_one_reads_again() {
    let anis = ["+13175550100", "+13175550101", "+13175550100"];
    let suite = suite_of(&anis);
    let org = SlowOrg::new(fifty, None);
    let first = Paced::new(&org, 300);
    run_on(&org, &first, &suite, 4);
    assert_eq!(first.stats().sent, 3);
    let kept = first.into_cache();
    assert_eq!(kept.len(), 3);

    // Asked to reuse the reads: nothing goes out.
    let second = Paced::with_cache(&org, 300, kept);
    run_on(&org, &second, &suite, 4);
    assert_eq!((second.stats().sent, second.stats().hits), (0, 6));
    assert_eq!(org.seen.borrow().len(), 3);

    // Not asked: a new run reads again.
    let third = Paced::new(&org, 300);
    run_on(&org, &third, &suite, 4);
    assert_eq!(third.stats().sent, 3);
    assert_eq!(org.seen.borrow().len(), 6);
}
