//! A suite run in the page: core's [`Cases`] runs a few cases at a time (interleaved futures on the page's one
//! thread), the page gets the browser back every few milliseconds, results arrive in batches, and Cancel keeps
//! what has run. A comparison runs the suite against a published version and then the saved configuration, and
//! lists what core's [`runner::compare`] finds. The org's reads can be kept for the next run when the user asks.

use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;
use std::sync::Arc;
use std::task::Poll;

use flowsim_core::base::tz::TimeZones;
use flowsim_core::flow::Flow;
use flowsim_core::net::api::{Api, Connection};
use flowsim_core::net::error::UserError;
use flowsim_core::sim::suite::runner::{self, CaseResult, Change};
use flowsim_core::sim::suite::{CacheStats, Cases, Org, Paced, ReadCache, Suite, DEFAULT_CONCURRENCY};
use gloo_timers::future::TimeoutFuture;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::services::fetch::{now_ms, BrowserClient, CancelHandle};
use crate::services::tz::BrowserZones;

/// Results are handed to the page at most this often while a run goes on (ms).
const BATCH_MS: f64 = 100.0;
/// The run gives the browser back (rendering, clicks, Cancel) after at most this much work (ms).
const YIELD_MS: f64 = 8.0;
/// Per-request deadline of a suite's reads.
const TIMEOUT_MS: u32 = 30_000;

/// Which flow a run uses.
#[derive(Clone)]
pub enum FlowChoice {
    /// A flow file read in the page.
    File(Arc<Flow>),
    /// A flow of the org, its saved configuration or a published version.
    Org { id: String, version: Option<String> },
}

/// What the Run and Compare buttons ask for.
pub struct SuiteRequest {
    pub suite: Rc<Suite>,
    pub flow: FlowChoice,
    /// The org connection (when it has a token).
    pub conn: Option<Connection>,
    /// Compare the saved configuration with this published version (an org flow only).
    pub compare_with: Option<String>,
    /// Keep the org's reads for the next run (and use the last run's).
    pub reuse_reads: bool,
}

#[derive(Clone, PartialEq, Default)]
pub struct SuiteRun {
    pub results: Rc<Vec<Rc<CaseResult>>>,
    /// Cases run so far (in a comparison, of both runs).
    pub done: usize,
    pub total: usize,
    pub running: bool,
    pub cancelled: bool,
    pub started_ms: f64,
    pub now_ms: f64,
    pub error: Option<String>,
    pub stats: Option<CacheStats>,
    /// A comparison's version and the cases that changed.
    pub changes: Option<(String, Rc<Vec<Change>>)>,
    pub cancel: Option<CancelHandle>,
    /// Runs started; events of an older run are ignored.
    pub id: u32,
}

pub enum SuiteAction {
    Start { total: usize, cancel: CancelHandle },
    Batch { id: u32, results: Vec<Rc<CaseResult>>, done: usize },
    Finish { id: u32, error: Option<String>, stats: Option<CacheStats>, changes: Option<(String, Rc<Vec<Change>>)> },
}

impl Reducible for SuiteRun {
    type Action = SuiteAction;
    fn reduce(self: Rc<Self>, action: SuiteAction) -> Rc<Self> {
        match action {
            SuiteAction::Start { total, cancel } => Rc::new(SuiteRun {
                total,
                running: true,
                started_ms: now_ms(),
                now_ms: now_ms(),
                cancel: Some(cancel),
                id: self.id + 1,
                ..SuiteRun::default()
            }),
            SuiteAction::Batch { id, results, done } if id == self.id => {
                let mut all: Vec<Rc<CaseResult>> = (*self.results).clone();
                all.extend(results);
                Rc::new(SuiteRun { results: Rc::new(all), done, now_ms: now_ms(), ..(*self).clone() })
            }
            SuiteAction::Finish { id, error, stats, changes } if id == self.id => {
                let cancelled = self.cancel.as_ref().is_some_and(|c| c.is_cancelled());
                Rc::new(SuiteRun {
                    running: false,
                    cancelled,
                    error,
                    stats,
                    changes,
                    now_ms: now_ms(),
                    ..(*self).clone()
                })
            }
            _ => self,
        }
    }
}

pub struct UseSuite {
    pub run: UseReducerHandle<SuiteRun>,
    pub start: Callback<SuiteRequest>,
    pub cancel: Callback<()>,
}

/// The org reads kept from the last run, and the connection they were read with.
type Kept = Rc<RefCell<Option<(Connection, ReadCache)>>>;

#[hook]
pub fn use_suite() -> UseSuite {
    let run = use_reducer(SuiteRun::default);
    let kept: Kept = use_mut_ref(|| None);
    let cancel = {
        let run = run.clone();
        Callback::from(move |_| {
            if let Some(c) = &run.cancel {
                c.cancel();
            }
        })
    };
    let start = {
        let run = run.clone();
        Callback::from(move |req: SuiteRequest| {
            if run.running {
                return;
            }
            let cancel = CancelHandle::default();
            let id = run.id + 1;
            let runs = if req.compare_with.is_some() { 2 } else { 1 };
            run.dispatch(SuiteAction::Start { total: req.suite.cases.len() * runs, cancel: cancel.clone() });
            let (run, kept) = (run.clone(), kept.clone());
            spawn_local(async move {
                let client = BrowserClient::new(cancel.clone(), Callback::noop());
                // The last run's reads only when asked for, and only for the same org and token.
                let cache = match (&req.conn, req.reuse_reads) {
                    (Some(conn), true) => kept.borrow_mut().take().filter(|(c, _)| c == conn).map(|(_, r)| r),
                    (Some(_), false) => {
                        kept.borrow_mut().take();
                        None
                    }
                    (None, _) => None,
                };
                let paced = Paced::with_cache(&client, 0, cache.unwrap_or_default());
                let org = req.conn.as_ref().map(|conn| Org { client: &paced, conn, timeout_ms: TIMEOUT_MS });
                let driver = Driver { cancel: &cancel, id, run: &run };
                let result = driver.go(org, &req).await;
                let (error, changes) = match result {
                    Ok(changes) => (None, changes),
                    Err(_) if cancel.is_cancelled() => (None, None),
                    Err(e) => (Some(e), None),
                };
                let stats = req.conn.is_some().then(|| paced.stats());
                if let (Some(conn), true) = (req.conn, req.reuse_reads) {
                    *kept.borrow_mut() = Some((conn, paced.into_cache()));
                }
                run.dispatch(SuiteAction::Finish { id, error, stats, changes });
            });
        })
    };
    UseSuite { run, start, cancel }
}

fn zones() -> Box<dyn TimeZones + Send + Sync> {
    Box::new(BrowserZones)
}

fn sentence(e: UserError) -> String {
    format!("{} {}", e.summary, e.action)
}

/// One run's hand-off to the page.
struct Driver<'r> {
    cancel: &'r CancelHandle,
    id: u32,
    run: &'r UseReducerHandle<SuiteRun>,
}

type PageOrg<'a> = Org<'a, Paced<'a, BrowserClient>>;

impl Driver<'_> {
    /// Runs the request; a comparison returns its version and changes.
    async fn go(
        &self,
        org: Option<PageOrg<'_>>,
        req: &SuiteRequest,
    ) -> Result<Option<(String, Rc<Vec<Change>>)>, String> {
        let suite = &*req.suite;
        let (flow_id, version) = match &req.flow {
            FlowChoice::File(f) => {
                self.cases(Cases::new(org, f.clone(), suite, DEFAULT_CONCURRENCY, zones), 0, true).await?;
                return Ok(None);
            }
            FlowChoice::Org { id, version } => (id, version),
        };
        let o = org.ok_or("Connect to an org (API base and access token) or choose a flow file.")?;
        let api = Api::new(o.client, o.conn, o.timeout_ms);
        let Some(old) = &req.compare_with else {
            let flow = runner::load_flow(&api, flow_id, version.as_deref()).await.map_err(sentence)?;
            self.cases(Cases::new(org, Arc::new(flow), suite, DEFAULT_CONCURRENCY, zones), 0, true).await?;
            return Ok(None);
        };
        let before = runner::load_flow(&api, flow_id, Some(old)).await.map_err(sentence)?;
        let after = runner::load_flow(&api, flow_id, None).await.map_err(sentence)?;
        // The version's run counts in the progress; the saved configuration's results are the rows.
        let before = self.cases(Cases::new(org, Arc::new(before), suite, DEFAULT_CONCURRENCY, zones), 0, false).await?;
        if self.cancel.is_cancelled() {
            return Ok(None);
        }
        let after =
            self.cases(Cases::new(org, Arc::new(after), suite, DEFAULT_CONCURRENCY, zones), before.len(), true).await?;
        Ok(Some((old.clone(), Rc::new(runner::compare(&before, &after)))))
    }

    /// Runs `cases` and returns their results, handing them to the page in batches (as rows when `rows`, else as
    /// progress after `done_before` cases). Stops at Cancel with what has run.
    async fn cases(
        &self,
        mut cases: Cases<'_, Paced<'_, BrowserClient>>,
        done_before: usize,
        rows: bool,
    ) -> Result<Vec<Rc<CaseResult>>, String> {
        let mut all: Vec<Rc<CaseResult>> = Vec::new();
        let mut shown = 0;
        let (mut last_batch, mut last_yield) = (now_ms(), now_ms());
        let flush = |all: &[Rc<CaseResult>], shown: &mut usize| {
            if all.len() == *shown {
                return;
            }
            let results = if rows { all[*shown..].to_vec() } else { Vec::new() };
            *shown = all.len();
            self.run.dispatch(SuiteAction::Batch { id: self.id, results, done: done_before + all.len() });
        };
        loop {
            // Results that are ready are handed over before the run waits for the org, not after.
            let r = {
                let mut next = std::pin::pin!(cases.next());
                match std::future::poll_fn(|cx| Poll::Ready(next.as_mut().poll(cx))).await {
                    Poll::Ready(r) => r,
                    Poll::Pending => {
                        flush(&all, &mut shown);
                        let r = next.await;
                        (last_batch, last_yield) = (now_ms(), now_ms());
                        r
                    }
                }
            };
            let Some(r) = r else { break };
            match r {
                Ok(r) => all.push(Rc::new(r)),
                // A Cancel aborts the cases in flight: what ran before them is the result.
                Err(_) if self.cancel.is_cancelled() => break,
                Err(e) => {
                    flush(&all, &mut shown);
                    return Err(sentence(e));
                }
            }
            if now_ms() - last_batch >= BATCH_MS {
                flush(&all, &mut shown);
                last_batch = now_ms();
            }
            // Cases that read only from the cache (or no org) never wait: give the browser back every few ms.
            if now_ms() - last_yield >= YIELD_MS {
                TimeoutFuture::new(0).await;
                last_yield = now_ms();
            }
            if self.cancel.is_cancelled() {
                break;
            }
        }
        flush(&all, &mut shown);
        Ok(all)
    }
}
