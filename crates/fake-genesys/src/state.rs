//! Server configuration and shared state: the org, and the per-token request counters behind
//! `throttled-token`, `always-throttled-token` and `--rate-limit`.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::demo::{DemoOrg, TOKEN_ALWAYS_THROTTLED, TOKEN_THROTTLED};
use crate::error::{FakeError, DEFAULT_RATE_LIMIT};

/// What the command-line flags set.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Config {
    /// Send CORS headers and answer preflights (`--cors`). Off: no `Access-Control-*` header on the API at all.
    pub cors: bool,
    /// Delay every API response by this many milliseconds (`--latency-ms`).
    pub latency_ms: u64,
    /// At most this many requests per minute per token (`--rate-limit`); beyond, 429 with `Retry-After`.
    pub rate_limit: Option<u32>,
    /// More redirect URIs registered on the demo OAuth clients (`--redirect-uri`).
    pub redirect_uris: Vec<String>,
}

/// The window of `--rate-limit`.
pub const RATE_WINDOW: Duration = Duration::from_secs(60);

pub struct AppState {
    pub config: Config,
    pub org: DemoOrg,
    pub login: crate::login::LoginState,
    limiter: Mutex<Limiter>,
}

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState").field("config", &self.config).finish_non_exhaustive()
    }
}

#[derive(Default)]
struct Limiter {
    /// Requests seen per throttled token.
    throttle_counts: HashMap<String, u64>,
    /// Times of the accepted requests in the current window, per token.
    windows: HashMap<String, VecDeque<Instant>>,
}

impl AppState {
    pub fn new(config: Config) -> Arc<Self> {
        let login = crate::login::LoginState::new(&config.redirect_uris);
        Arc::new(AppState { config, org: DemoOrg::seed(), login, limiter: Mutex::default() })
    }

    /// Counts one request of `token` and says whether it may go on.
    pub fn admit(&self, token: &str) -> Result<(), FakeError> {
        let mut l = self.limiter.lock().unwrap_or_else(|p| p.into_inner());
        let named_limit = self.config.rate_limit.unwrap_or(DEFAULT_RATE_LIMIT);
        if token == TOKEN_ALWAYS_THROTTLED {
            return Err(FakeError::too_many_requests(named_limit, 1));
        }
        if token == TOKEN_THROTTLED {
            let n = l.throttle_counts.entry(token.to_string()).or_insert(0);
            *n += 1;
            if !n.is_multiple_of(3) {
                return Err(FakeError::too_many_requests(named_limit, 1));
            }
        }
        if let Some(limit) = self.config.rate_limit {
            let now = Instant::now();
            let window = l.windows.entry(token.to_string()).or_default();
            while window.front().is_some_and(|t| now.duration_since(*t) >= RATE_WINDOW) {
                window.pop_front();
            }
            if window.len() >= limit as usize {
                let frees_in = window.front().map(|t| RATE_WINDOW.saturating_sub(now.duration_since(*t)));
                let secs = frees_in.map_or(1, |d| d.as_secs() + u64::from(d.subsec_nanos() > 0)).max(1);
                return Err(FakeError::too_many_requests(limit, secs));
            }
            window.push_back(now);
        }
        Ok(())
    }
}
