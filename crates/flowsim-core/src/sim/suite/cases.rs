//! A suite run a few cases at a time: up to `concurrency` cases are in flight (interleaved futures on one
//! thread, the same in the browser and natively), and their results come out in case order. The cases share the
//! run's [`Paced`](super::Paced) client, so a read two cases want at the same moment goes out once and every
//! request keeps under the rate limit and any 429 hold.
//!
//! At most `concurrency` results are held at a time: a slow case holds back the start of new ones rather than
//! letting finished results pile up behind it (the same rule as `futures`' `buffered`).

use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use crate::base::tz::TimeZones;
use crate::flow::Flow;
use crate::net::api::{Api, Connection};
use crate::net::error::UserError;
use crate::net::http::HttpClient;
use crate::sim::suite::model::Suite;
use crate::sim::suite::runner::{run_case, CaseResult};

/// Cases in flight at once by default.
pub const DEFAULT_CONCURRENCY: usize = 4;
/// More than this gains nothing under an org's rate limit and only holds more traces in memory.
pub const MAX_CONCURRENCY: usize = 32;

/// The org a run reads: the run's client (a [`Paced`](super::Paced) one), the connection and the per-request
/// deadline. Each case gets its own [`Api`] over it, so each case's trace lists its own calls.
pub struct Org<'a, C: HttpClient> {
    pub client: &'a C,
    pub conn: &'a Connection,
    pub timeout_ms: u32,
}

impl<C: HttpClient> Clone for Org<'_, C> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<C: HttpClient> Copy for Org<'_, C> {}

type CaseFuture<'a> = Pin<Box<dyn Future<Output = Result<CaseResult, UserError>> + 'a>>;

// At most MAX_CONCURRENCY slots: boxing the finished result would only add an allocation per case.
#[allow(clippy::large_enum_variant)]
enum Slot<'a> {
    Running(CaseFuture<'a>),
    Done(Result<CaseResult, UserError>),
}

/// The cases of a suite, run `concurrency` at a time; [`Cases::next`] gives their results in case order.
/// Dropping it drops the cases in flight (a Cancel): the results given so far are all there is.
pub struct Cases<'a, C: HttpClient> {
    org: Option<Org<'a, C>>,
    flow: Arc<Flow>,
    suite: &'a Suite,
    zones: fn() -> Box<dyn TimeZones + Send + Sync>,
    concurrency: usize,
    next_start: usize,
    /// The cases from the next result on, in case order.
    window: VecDeque<Slot<'a>>,
}

impl<'a, C: HttpClient> Cases<'a, C> {
    /// `concurrency` is clamped to 1..=[`MAX_CONCURRENCY`]; `zones` gives each case its time-zone rules.
    pub fn new(
        org: Option<Org<'a, C>>,
        flow: Arc<Flow>,
        suite: &'a Suite,
        concurrency: usize,
        zones: fn() -> Box<dyn TimeZones + Send + Sync>,
    ) -> Self {
        let concurrency = concurrency.clamp(1, MAX_CONCURRENCY);
        Cases { org, flow, suite, zones, concurrency, next_start: 0, window: VecDeque::with_capacity(concurrency) }
    }

    /// The next case's result, in case order; `None` when every case has been given. An `Err` is a failure of
    /// the connection (see [`run_case`]); the caller ends the run there.
    pub async fn next(&mut self) -> Option<Result<CaseResult, UserError>> {
        std::future::poll_fn(|cx| self.poll_next(cx)).await
    }

    fn start(&self, index: usize) -> CaseFuture<'a> {
        let (org, flow, suite, zones) = (self.org, self.flow.clone(), self.suite, self.zones);
        Box::pin(async move {
            let api = org.map(|o| Api::new(o.client, o.conn, o.timeout_ms));
            run_case(api.as_ref(), flow, suite, index, zones()).await
        })
    }

    fn poll_next(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<CaseResult, UserError>>> {
        while self.window.len() < self.concurrency && self.next_start < self.suite.cases.len() {
            let f = self.start(self.next_start);
            self.window.push_back(Slot::Running(f));
            self.next_start += 1;
        }
        // Every case in flight is polled on every wake: there are only a few, and one waker serves them all.
        for slot in self.window.iter_mut() {
            if let Slot::Running(f) = slot {
                if let Poll::Ready(r) = f.as_mut().poll(cx) {
                    *slot = Slot::Done(r);
                }
            }
        }
        match self.window.front() {
            None => Poll::Ready(None),
            Some(Slot::Running(_)) => Poll::Pending,
            Some(Slot::Done(_)) => match self.window.pop_front() {
                Some(Slot::Done(r)) => Poll::Ready(Some(r)),
                _ => Poll::Pending,
            },
        }
    }
}

/// Runs every case (`concurrency` at a time) and returns the results in case order, or the first failure of the
/// connection.
pub async fn run_all<C: HttpClient>(
    org: Option<Org<'_, C>>,
    flow: Arc<Flow>,
    suite: &Suite,
    concurrency: usize,
    zones: fn() -> Box<dyn TimeZones + Send + Sync>,
) -> Result<Vec<CaseResult>, UserError> {
    let mut cases = Cases::new(org, flow, suite, concurrency, zones);
    let mut out = Vec::with_capacity(suite.cases.len());
    while let Some(r) = cases.next().await {
        out.push(r?);
    }
    Ok(out)
}
