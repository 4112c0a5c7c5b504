//! Economy of API calls for a suite run: an [`HttpClient`] around the real one that answers a read it has made
//! before from memory (the flow, each schedule, queue, data table row and contact once per run) and paces the
//! requests that do go out under the org's rate limit.
//!
//! The cache lives as long as one run (one [`Paced`] value); nothing is kept across runs. Only reads are cached:
//! `GET`s and the `POST …/search` queries (which read). Data actions (`POST …/test`) always go out. 2xx and 404
//! answers are kept; others (429, 5xx, transport failures) are not, so a retry asks again.
//!
//! Pacing: at most `per_minute` requests in any 60 s window (Genesys' default limit is 300 a minute per token);
//! a request that would exceed it waits through [`HttpClient::sleep`]. A 429 is retried after `Retry-After`
//! by [`crate::net::api::Api`]; the pacer also holds every later request until then.

use std::cell::{Cell, RefCell};
use std::collections::{HashMap, VecDeque};

use crate::net::http::{ClientEvent, HttpClient, HttpRequest, HttpResponse, Method, TransportError};

/// Requests a minute by default (Genesys' per-token limit for most Platform API resources).
pub const DEFAULT_PER_MINUTE: u32 = 300;
const WINDOW_MS: f64 = 60_000.0;

/// A request as the cache knows it: method, URL, body.
type Key = (&'static str, String, Option<String>);

/// Counts of one run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CacheStats {
    /// Requests that went to the network.
    pub sent: usize,
    /// Reads answered from the run's cache.
    pub hits: usize,
    /// Times the pacer waited (for the rate limit or a 429's `Retry-After`).
    pub waits: usize,
}

/// The cache and pacer of one run around `inner`.
pub struct Paced<'c, C: HttpClient> {
    inner: &'c C,
    per_minute: u32,
    cache: RefCell<HashMap<Key, HttpResponse>>,
    sent_at: RefCell<VecDeque<f64>>,
    hold_until: Cell<f64>,
    stats: Cell<CacheStats>,
}

impl<'c, C: HttpClient> Paced<'c, C> {
    /// `per_minute` 0 means the default.
    pub fn new(inner: &'c C, per_minute: u32) -> Self {
        Paced {
            inner,
            per_minute: if per_minute == 0 { DEFAULT_PER_MINUTE } else { per_minute },
            cache: RefCell::new(HashMap::new()),
            sent_at: RefCell::new(VecDeque::new()),
            hold_until: Cell::new(0.0),
            stats: Cell::new(CacheStats::default()),
        }
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

    /// How long the next request must wait, in ms (0: it may go now).
    fn wait_ms(&self, now: f64) -> f64 {
        let mut sent = self.sent_at.borrow_mut();
        while sent.front().is_some_and(|t| now - t >= WINDOW_MS) {
            sent.pop_front();
        }
        let for_rate = if sent.len() >= self.per_minute as usize {
            sent.front().map_or(0.0, |first| first + WINDOW_MS - now)
        } else {
            0.0
        };
        for_rate.max(self.hold_until.get() - now).max(0.0)
    }

    async fn pace(&self) -> Result<(), TransportError> {
        // Bounded: each wait moves the clock past the window's first request or the hold.
        for _ in 0..3 {
            let wait = self.wait_ms(self.inner.now_ms());
            if wait <= 0.0 {
                break;
            }
            self.bump(|s| s.waits += 1);
            self.inner.sleep(wait.ceil().min(f64::from(u32::MAX)) as u32).await?;
        }
        self.sent_at.borrow_mut().push_back(self.inner.now_ms());
        Ok(())
    }
}

impl<C: HttpClient> HttpClient for Paced<'_, C> {
    async fn send(&self, req: HttpRequest) -> Result<HttpResponse, TransportError> {
        let key = (req.method.as_str(), req.url.clone(), req.body.clone());
        let read = Self::is_read(&req);
        if read {
            if let Some(hit) = self.cache.borrow().get(&key).cloned() {
                self.bump(|s| s.hits += 1);
                return Ok(hit);
            }
        }
        self.pace().await?;
        self.bump(|s| s.sent += 1);
        let resp = self.inner.send(req).await?;
        if resp.status == 429 {
            let secs = resp.retry_after_secs().unwrap_or(crate::net::api::DEFAULT_RETRY_AFTER_SECS);
            self.hold_until.set(self.inner.now_ms() + f64::from(secs) * 1000.0);
        }
        if read && (resp.is_success() || resp.status == 404) {
            self.cache.borrow_mut().insert(key, resp.clone());
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
