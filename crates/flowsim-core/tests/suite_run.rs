//! Suites natively: the per-run cache makes exactly the distinct reads the cases need, the pacer keeps under the
//! rate limit and honours 429 with Retry-After (through the client's clock, no real waiting), and the version
//! comparison lists the cases whose outcome or path changed. The flows are real configurations.

use std::cell::{Cell, RefCell};
use std::collections::BTreeSet;
use std::sync::Arc;

use flowsim_core::base::tz::FixedZones;
use flowsim_core::flow::Flow;
use flowsim_core::net::api::{Api, Connection};
use flowsim_core::net::error::Call;
use flowsim_core::net::http::{HttpClient, HttpRequest, HttpResponse, TransportError};
use flowsim_core::net::proxy::ProxySetting;
use flowsim_core::sim::suite::runner::{self, compare, with_results_as_expected, CaseResult, Verdict};
use flowsim_core::sim::suite::{Case, Paced, Suite};
use futures_executor::block_on;

fn config(name: &str) -> Arc<Flow> {
    let path = format!("{}/tests/fixtures/flowconfigs/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).expect("fixture");
    Arc::new(Flow::parse(&text).expect("a real configuration reads"))
}

/// An org that answers 404 to everything (after `throttle` 429s), on a clock that only moves when slept.
#[derive(Default)]
struct ScriptedOrg {
    urls: RefCell<Vec<String>>,
    throttle: Cell<u32>,
    clock: Cell<f64>,
    slept: RefCell<Vec<u32>>,
}

impl HttpClient for ScriptedOrg {
    async fn send(&self, req: HttpRequest) -> Result<HttpResponse, TransportError> {
        self.urls.borrow_mut().push(req.url.clone());
        self.clock.set(self.clock.get() + 1.0);
        if self.throttle.get() > 0 {
            self.throttle.set(self.throttle.get() - 1);
            return Ok(HttpResponse {
                status: 429,
                headers: vec![("retry-after".into(), "7".into())],
                body: r#"{"status":429,"code":"too.many.requests","message":"Rate limit exceeded"}"#.into(),
            });
        }
        Ok(HttpResponse {
            status: 404,
            headers: vec![("content-type".into(), "application/json".into())],
            body: r#"{"status":404,"code":"not.found","message":"Not found"}"#.into(),
        })
    }
    async fn sleep(&self, ms: u32) -> Result<(), TransportError> {
        self.slept.borrow_mut().push(ms);
        self.clock.set(self.clock.get() + f64::from(ms));
        Ok(())
    }
    fn now_ms(&self) -> f64 {
        self.clock.get()
    }
}

fn conn() -> Connection {
    Connection { api_base: "https://api.example.test".into(), proxy: ProxySetting::default(), token: "t".into() }
}

fn run_all<C: HttpClient>(api: Option<&Api<'_, C>>, flow: &Arc<Flow>, suite: &Suite) -> Vec<CaseResult> {
    (0..suite.cases.len())
        .map(|i| {
            block_on(runner::run_case(api, flow.clone(), suite, i, Box::new(FixedZones::default()))).expect("case runs")
        })
        .collect()
}

fn suite_of(anis: &[&str]) -> Suite {
    Suite {
        name: "t".into(),
        cases: anis.iter().map(|a| Case { ani: Some(a.to_string()), ..Case::default() }).collect(),
        ..Suite::default()
    }
}

#[test]
fn cases_sharing_reads_make_exactly_the_distinct_reads() {
    let flow = config("cache-example-inboundcall.json");
    // First each case alone, without a cache, to learn what each one reads.
    let anis = ["+13175550100", "+13175550101", "+13175550100", "+13175550102", "+13175550101", "+13175550100"];
    let suite = suite_of(&anis);
    let bare = ScriptedOrg::default();
    let c = conn();
    let api = Api::new(&bare, &c, 10_000);
    let uncached = run_all(Some(&api), &flow, &suite);
    let all: Vec<String> = bare.urls.borrow().clone();
    let distinct: BTreeSet<&String> = all.iter().collect();
    assert_eq!(all.len(), anis.len(), "each case reads the data table row: {all:?}");
    assert!(all.len() > distinct.len(), "the cases share reads: {all:?}");

    // Then the suite through one run's cache: each distinct read goes out once, and the results are the same.
    let org = ScriptedOrg::default();
    let paced = Paced::new(&org, 300);
    let api = Api::new(&paced, &c, 10_000);
    let cached = run_all(Some(&api), &flow, &suite);
    let sent: Vec<String> = org.urls.borrow().clone();
    assert_eq!(sent.len(), distinct.len(), "{sent:?}");
    assert_eq!(sent.iter().collect::<BTreeSet<_>>(), distinct);
    assert_eq!(paced.stats().sent, distinct.len());
    assert_eq!(paced.stats().hits, all.len() - distinct.len());
    let outcomes = |r: &[CaseResult]| r.iter().map(|r| (r.outcome.clone(), r.visits.clone())).collect::<Vec<_>>();
    assert_eq!(outcomes(&cached), outcomes(&uncached));

    // A new run starts with an empty cache.
    let again = Paced::new(&org, 300);
    let api = Api::new(&again, &c, 10_000);
    run_all(Some(&api), &flow, &suite_of(&anis[..1]));
    assert!(again.stats().sent > 0);
}

#[test]
fn the_pacer_keeps_under_the_rate_limit() {
    let org = ScriptedOrg::default();
    let paced = Paced::new(&org, 3);
    let c = conn();
    let api = Api::new(&paced, &c, 10_000);
    for i in 0..7 {
        let _ = block_on(api.get_value(Call::Org, &format!("/api/v2/routing/queues/q{i}")));
    }
    assert_eq!(org.urls.borrow().len(), 7);
    // Three a minute: the 4th and the 7th wait for the window to move.
    assert_eq!(paced.stats().waits, 2, "{:?}", org.slept.borrow());
    assert!(org.clock.get() >= 120_000.0, "{}", org.clock.get());
    // Reading one of them again costs nothing.
    let _ = block_on(api.get_value(Call::Org, "/api/v2/routing/queues/q3"));
    assert_eq!(org.urls.borrow().len(), 7);
}

#[test]
fn a_429_is_honoured_with_its_retry_after_and_not_cached() {
    let org = ScriptedOrg::default();
    org.throttle.set(1);
    let paced = Paced::new(&org, 300);
    let c = conn();
    let api = Api::new(&paced, &c, 10_000);
    let r = block_on(api.get_value(Call::Org, "/api/v2/routing/queues/q1"));
    assert!(r.is_err(), "404 after the retry");
    // One 429, a wait of Retry-After (7 s), then the retry.
    assert_eq!(org.urls.borrow().len(), 2);
    assert_eq!(org.slept.borrow().first(), Some(&7_000));
    assert!(org.clock.get() >= 7_000.0);
    // The 404 after the retry is kept; the 429 was not.
    let _ = block_on(api.get_value(Call::Org, "/api/v2/routing/queues/q1"));
    assert_eq!(org.urls.borrow().len(), 2);
}

#[test]
fn a_baseline_passes_and_a_changed_flow_is_listed_by_the_comparison() {
    let flow = config("call-deflection-inboundcall.json");
    let suite = Suite {
        cases: ["", "1", "2", "3", "9"]
            .iter()
            .map(|i| Case {
                name: format!("presses '{i}'"),
                inputs: Some(if i.is_empty() { vec![] } else { vec![i.to_string()] }),
                ..Case::default()
            })
            .collect(),
        ..Suite::default()
    };
    let first = run_all(None::<&Api<'_, ScriptedOrg>>, &flow, &suite);
    assert!(first.iter().all(|r| r.verdict == Verdict::Recorded));
    let baseline = with_results_as_expected(&suite, &first);
    let text = baseline.to_json();
    let baseline = Suite::parse(&text).expect("an exported baseline reads back");
    let second = run_all(None::<&Api<'_, ScriptedOrg>>, &flow, &baseline);
    assert!(
        second.iter().all(|r| r.verdict == Verdict::Passed),
        "{:?}",
        second.iter().map(|r| r.differences_text()).collect::<Vec<_>>()
    );
    assert!(compare(&first, &second).is_empty());

    // The same suite against another flow: every case whose outcome or path differs is listed.
    let other = config("cache-example-inboundcall.json");
    let third = run_all(None::<&Api<'_, ScriptedOrg>>, &other, &baseline);
    let changes = compare(&first, &third);
    assert_eq!(changes.len(), suite.cases.len(), "{changes:?}");
    assert!(changes.iter().all(|c| c.first_divergence() == Some(0)));
    // Each change says what differs: the first step of the two flows, by action name.
    let first_steps = |r: &[CaseResult]| r[0].visits.first().map(|v| v.label()).expect("a first action");
    let path = format!("path at step 1: '{}' (was '{}')", first_steps(&third), first_steps(&first));
    assert!(changes.iter().all(|c| c.describe().ends_with(&path)), "{:?}", changes[0].describe());
    let failed = third.iter().filter(|r| r.verdict == Verdict::Failed).count();
    let outcome_changed = changes.iter().filter(|c| c.outcome_changed()).count();
    assert_eq!(failed, outcome_changed, "{third:?}");
}
