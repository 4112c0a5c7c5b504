//! Economy of API calls for a suite run: an [`HttpClient`] around the real one that answers a read it has made
//! before from memory (the flow, each schedule, queue, data table row and contact once per run) and paces the
//! requests that do go out under the org's rate limit.
//!
//! The cache ([`ReadCache`]) lives as long as one run (one [`Paced`] value) unless the caller hands it to the next
//! run (the app does when the user asks). Only reads are cached: `GET`s and the `POST …/search` queries (which
//! read). Data actions (`POST …/test`) always go out. 2xx and 404 answers are kept; others (429, 5xx, transport
//! failures) are not, so a retry asks again. Cases run a few at a time: a read another case is already making is
//! not sent again, it waits for that answer (in-flight dedup), so a run sends each distinct read once.
//!
//! Pacing: at most `per_minute` requests in any 60 s window (Genesys' default limit is 300 a minute per token);
//! a request that would exceed it waits through [`HttpClient::sleep`]. A 429 is retried after `Retry-After`
//! by [`crate::net::api::Api`]; the pacer also holds every other request, in flight or new, until then.

use std::cell::{Cell, RefCell};
use std::collections::{HashMap, VecDeque};
use std::task::{Poll, Waker};

use crate::net::http::{ClientEvent, HttpClient, HttpRequest, HttpResponse, Method, TransportError};

/// Requests a minute by default (Genesys' per-token limit for most Platform API resources).
pub const DEFAULT_PER_MINUTE: u32 = 300;
const WINDOW_MS: f64 = 60_000.0;
/// Rounds of waiting for a slot before a request goes anyway (a request may lose a slot to another one waiting at
/// the same moment and wait again; the bound keeps a clock that stands still from hanging a run).
const MAX_PACE_ROUNDS: usize = 64;

/// A request as the cache knows it: method, URL, body.
type Key = (&'static str, String, Option<String>);

/// Counts of one run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CacheStats {
    /// Requests that went to the network.
    pub sent: usize,
    /// Reads answered from the cache (or by a request another case was already making).
    pub hits: usize,
    /// Times the pacer waited (for the rate limit or a 429's `Retry-After`).
    pub waits: usize,
    /// The distinct requests the run needed: each distinct read once, each write. No run can send fewer.
    pub distinct: usize,
}

/// What a run knows of one read.
#[derive(Debug, Default)]
struct Read {
    /// The answer, once there is one to keep.
    answer: Option<HttpResponse>,
    /// `Some` while a request for it is on its way: the requests waiting for its answer.
    waiting: Option<Vec<Waker>>,
    /// Asked for by this run (a read kept from an earlier run may not be).
    asked: bool,
}

/// The reads of a run, by request: their answers, and those on their way. Kept across runs when the user asks.
#[derive(Debug, Default)]
pub struct ReadCache(HashMap<Key, Read>);

impl ReadCache {
    /// Reads answered.
    pub fn len(&self) -> usize {
        self.0.values().filter(|r| r.answer.is_some()).count()
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The cache and pacer of one run around `inner`.
pub struct Paced<'c, C: HttpClient> {
    inner: &'c C,
    per_minute: u32,
    reads: RefCell<ReadCache>,
    sent_at: RefCell<VecDeque<f64>>,
    hold_until: Cell<f64>,
    stats: Cell<CacheStats>,
}

/// The read a request is making for everyone who asks for it meanwhile; when it ends (answered, failed or
/// dropped by a Cancel) the waiting requests look again: at the answer, or they send it themselves.
struct Leading<'p> {
    reads: &'p RefCell<ReadCache>,
    key: Key,
}

impl Drop for Leading<'_> {
    fn drop(&mut self) {
        let waiting = self.reads.borrow_mut().0.get_mut(&self.key).and_then(|r| r.waiting.take());
        waiting.into_iter().flatten().for_each(Waker::wake);
    }
}

impl<'c, C: HttpClient> Paced<'c, C> {
    /// `per_minute` 0 means the default. The cache starts empty.
    pub fn new(inner: &'c C, per_minute: u32) -> Self {
        Self::with_cache(inner, per_minute, ReadCache::default())
    }

    /// Starts from the answered reads of an earlier run ([`Paced::into_cache`]).
    pub fn with_cache(inner: &'c C, per_minute: u32, mut cache: ReadCache) -> Self {
        cache.0.retain(|_, r| r.answer.is_some());
        cache.0.values_mut().for_each(|r| r.asked = false);
        Paced {
            inner,
            per_minute: if per_minute == 0 { DEFAULT_PER_MINUTE } else { per_minute },
            reads: RefCell::new(cache),
            sent_at: RefCell::new(VecDeque::new()),
            hold_until: Cell::new(0.0),
            stats: Cell::new(CacheStats::default()),
        }
    }

    /// The run's reads, for the next run.
    pub fn into_cache(self) -> ReadCache {
        self.reads.into_inner()
    }

    pub fn stats(&self) -> CacheStats {
        self.stats.get()
    }

    fn bump(&self, f: impl FnOnce(&mut CacheStats)) {
        let mut s = self.stats.get();
        f(&mut s);
        self.stats.set(s);
    }

    /// Whether a request reads (and may be answered from the cache).
    pub fn is_read(req: &HttpRequest) -> bool {
        match req.method {
            Method::Get => true,
            Method::Post => req.url.split('?').next().is_some_and(|p| p.ends_with("/search")),
            Method::Delete => false,
        }
    }

    /// When the next request may go, on the client's clock (`<= now`: at once).
    fn next_slot(&self, now: f64) -> f64 {
        let mut sent = self.sent_at.borrow_mut();
        while sent.front().is_some_and(|t| now - t >= WINDOW_MS) {
            sent.pop_front();
        }
        let limit = self.per_minute as usize;
        let for_rate = if sent.len() >= limit { sent[sent.len() - limit] + WINDOW_MS } else { now };
        for_rate.max(self.hold_until.get())
    }

    /// Waits for a slot under the rate limit and any 429 hold, then takes it. Checking and taking happen without
    /// an await between them, so requests running at once never share a slot.
    async fn pace(&self) -> Result<(), TransportError> {
        for _ in 0..MAX_PACE_ROUNDS {
            let now = self.inner.now_ms();
            let at = self.next_slot(now);
            if at <= now {
                break;
            }
            self.bump(|s| s.waits += 1);
            self.inner.sleep((at - now).ceil().min(f64::from(u32::MAX)) as u32).await?;
        }
        self.sent_at.borrow_mut().push_back(self.inner.now_ms());
        Ok(())
    }

    /// Resolves when the read `key` is no longer on its way.
    async fn landed(&self, key: &Key) {
        std::future::poll_fn(|cx| match self.reads.borrow_mut().0.get_mut(key).and_then(|r| r.waiting.as_mut()) {
            None => Poll::Ready(()),
            Some(waiting) => {
                if !waiting.iter().any(|w| w.will_wake(cx.waker())) {
                    waiting.push(cx.waker().clone());
                }
                Poll::Pending
            }
        })
        .await
    }

    /// The answer to `key` if there is one; else whether it is on its way.
    fn answer(&self, key: &Key) -> Result<HttpResponse, bool> {
        match self.reads.borrow().0.get(key) {
            Some(Read { answer: Some(a), .. }) => Ok(a.clone()),
            Some(r) => Err(r.waiting.is_some()),
            None => Err(false),
        }
    }
}

impl<C: HttpClient> HttpClient for Paced<'_, C> {
    async fn send(&self, req: HttpRequest) -> Result<HttpResponse, TransportError> {
        let key = (req.method.as_str(), req.url.clone(), req.body.clone());
        let read = Self::is_read(&req);
        let first =
            !read || !std::mem::replace(&mut self.reads.borrow_mut().0.entry(key.clone()).or_default().asked, true);
        if first {
            self.bump(|s| s.distinct += 1);
        }
        let _leading = if read {
            loop {
                match self.answer(&key) {
                    Ok(hit) => {
                        self.bump(|s| s.hits += 1);
                        return Ok(hit);
                    }
                    Err(true) => self.landed(&key).await,
                    Err(false) => break,
                }
            }
            if let Some(r) = self.reads.borrow_mut().0.get_mut(&key) {
                r.waiting = Some(Vec::new());
            }
            Some(Leading { reads: &self.reads, key: key.clone() })
        } else {
            None
        };
        self.pace().await?;
        self.bump(|s| s.sent += 1);
        let resp = self.inner.send(req).await?;
        if resp.status == 429 {
            let secs = resp.retry_after_secs().unwrap_or(crate::net::api::DEFAULT_RETRY_AFTER_SECS);
            let until = self.inner.now_ms() + f64::from(secs) * 1000.0;
            self.hold_until.set(self.hold_until.get().max(until));
        }
        if read && (resp.is_success() || resp.status == 404) {
            if let Some(r) = self.reads.borrow_mut().0.get_mut(&key) {
                r.answer = Some(resp.clone());
            }
        }
        Ok(resp)
    }

    async fn sleep(&self, ms: u32) -> Result<(), TransportError> {
        self.inner.sleep(ms).await
    }

    fn now_ms(&self) -> f64 {
        self.inner.now_ms()
    }

    fn event(&self, event: ClientEvent) {
        self.inner.event(event)
    }
}
