//! flowsim-proxy: a local CORS proxy that lets the flowsim web app call Genesys Cloud from the
//! browser, and nothing else.
//!
//! Requests use the prefix style of cors-anywhere: `http://127.0.0.1:PORT/https://api.mypurecloud.com/api/v2/flows?x=1`
//! is forwarded to `https://api.mypurecloud.com/api/v2/flows?x=1`.
//!
//! Invariants:
//! * only allowlisted upstreams are contacted, matched exactly on scheme, host and port;
//! * with an origin allowlist, nothing from another origin is forwarded (preflights included);
//! * preflights are answered here and never forwarded;
//! * redirects are passed back, never followed; cookies never cross, either way;
//! * the log never holds a header value or a query string.
//!
//! Tests and the binary start it with [`serve`] on a listener they bound themselves.

mod error;
mod headers;
mod log;
mod target;

pub mod cli;

use std::io;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, Response, StatusCode};
use axum::serve::ListenerExt;
use axum::Router;
use http_body_util::{BodyExt, LengthLimitError, Limited};
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use url::Url;

pub use error::{codes, ProxyCode, ProxyError};
pub use log::LogSink;
pub use target::{resolve, Upstream};

/// Responses with a declared length up to this are buffered; longer ones are streamed.
const BUFFER_UP_TO: u64 = 256 * 1024;

/// Everything the proxy needs, apart from the socket.
pub struct Config {
    /// Upstreams it may contact. Default: `api.` and `login.` of the 18 Genesys Cloud regions.
    pub allowed_upstreams: Vec<Upstream>,
    /// Browser origins it serves (exact `Origin` match). Empty: any origin.
    pub allowed_origins: Vec<String>,
    pub connect_timeout: Duration,
    /// Whole exchange with the upstream, body included.
    pub timeout: Duration,
    /// Upstream requests in flight at once.
    pub max_concurrency: usize,
    /// How long a request may wait for a slot before a 503.
    pub queue_timeout: Duration,
    pub max_request_body: usize,
    pub max_response_body: usize,
    pub log: LogSink,
    /// Replaces DNS for upstream hosts. Tests point every name at 127.0.0.1 so that even a broken
    /// allowlist could not send test traffic off the machine. `None`: the system resolver.
    pub resolver: Option<Arc<dyn reqwest::dns::Resolve>>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            allowed_upstreams: Upstream::genesys_defaults(),
            allowed_origins: Vec::new(),
            connect_timeout: Duration::from_millis(5_000),
            timeout: Duration::from_millis(30_000),
            max_concurrency: 256,
            queue_timeout: Duration::from_millis(1_000),
            max_request_body: 1024 * 1024,
            max_response_body: 10 * 1024 * 1024,
            log: LogSink::Stderr,
            resolver: None,
        }
    }
}

/// Serves the proxy on `listener` until the task is dropped.
pub async fn serve(listener: TcpListener, config: Config) -> io::Result<()> {
    let app = router(config)?;
    let listener = listener.tap_io(|tcp| {
        // Small request/response exchanges: do not let Nagle hold the last segment back.
        let _ = tcp.set_nodelay(true);
    });
    axum::serve(listener, app).await
}

/// The proxy as an axum `Router` (one fallback handler: every path is a target URL).
pub fn router(config: Config) -> io::Result<Router> {
    let mut builder = reqwest::Client::builder()
        .no_proxy()
        .redirect(reqwest::redirect::Policy::none())
        .referer(false)
        .http1_only()
        .tcp_nodelay(true)
        .connect_timeout(config.connect_timeout)
        .timeout(config.timeout)
        .pool_idle_timeout(Duration::from_secs(60))
        .pool_max_idle_per_host(config.max_concurrency);
    if let Some(resolver) = config.resolver.clone() {
        builder = builder.dns_resolver2(resolver);
    }
    let client = builder.build().map_err(io::Error::other)?;
    let shared = Shared {
        client,
        allowed_origins: config.allowed_origins.iter().filter_map(|o| HeaderValue::from_str(o).ok()).collect(),
        slots: Arc::new(Semaphore::new(config.max_concurrency.max(1))),
        logger: log::Logger::start(config.log),
        help: help_text(&config.allowed_upstreams, &config.allowed_origins),
        allowed_upstreams: config.allowed_upstreams,
        connect_timeout: config.connect_timeout,
        timeout: config.timeout,
        max_concurrency: config.max_concurrency.max(1),
        queue_timeout: config.queue_timeout,
        max_request_body: config.max_request_body,
        max_response_body: config.max_response_body,
    };
    Ok(Router::new().fallback(handle).with_state(Arc::new(shared)))
}

struct Shared {
    client: reqwest::Client,
    allowed_upstreams: Vec<Upstream>,
    allowed_origins: Vec<HeaderValue>,
    slots: Arc<Semaphore>,
    logger: log::Logger,
    help: String,
    connect_timeout: Duration,
    timeout: Duration,
    max_concurrency: usize,
    queue_timeout: Duration,
    max_request_body: usize,
    max_response_body: usize,
}

fn help_text(upstreams: &[Upstream], origins: &[String]) -> String {
    let mut s = String::from(
        "flowsim-proxy: a CORS proxy for the flowsim web app.\n\n\
         Put the full target URL after the proxy's address:\n  \
         http://127.0.0.1:PORT/https://api.mypurecloud.com/api/v2/flows\n\n\
         It forwards only to these upstreams (add more with --allow-upstream URL):\n",
    );
    for u in upstreams {
        s.push_str("  ");
        s.push_str(&u.to_string());
        s.push('\n');
    }
    if origins.is_empty() {
        s.push_str("\nAny browser origin may use it (restrict with --allow-origin ORIGIN).\n");
    } else {
        s.push_str("\nOnly these browser origins may use it:\n");
        for o in origins {
            s.push_str("  ");
            s.push_str(o);
            s.push('\n');
        }
    }
    s
}

async fn handle(State(s): State<Arc<Shared>>, req: Request) -> Response<Body> {
    let start = Instant::now();
    let method = req.method().clone();
    let origin = req.headers().get(header::ORIGIN).cloned();
    let mut target = None;
    let (res, code) = match s.answer(req, origin.as_ref(), &mut target).await {
        Ok(res) => (res, ""),
        Err(e) => {
            let mut res = e.to_response();
            // CORS headers on errors too (even for a refused origin: nothing was forwarded, and
            // the page can then show the user why instead of a bare "Failed to fetch").
            headers::add_cors(res.headers_mut(), origin.as_ref());
            (res, e.code.as_str())
        }
    };
    if s.logger.enabled() {
        // Time to the response head (a streamed body may still be flowing).
        let ms = start.elapsed().as_secs_f64() * 1000.0;
        let (host, path) = match &target {
            Some(u) => (authority(u), u.path()),
            None => ("-".to_owned(), "-"),
        };
        let status = res.status().as_u16();
        let sep = if code.is_empty() { "" } else { " " };
        // Method, host, path without query, status, time: never a header value.
        s.logger.line(format!("{method} {host} {path} {status} {ms:.1}ms{sep}{code}\n"));
    }
    res
}

/// `host` or `host:port` when the port is explicit.
fn authority(u: &Url) -> String {
    match (u.host_str(), u.port()) {
        (Some(h), Some(p)) => format!("{h}:{p}"),
        (Some(h), None) => h.to_owned(),
        _ => "-".to_owned(),
    }
}

fn is_forwarded_method(m: &Method) -> bool {
    matches!(
        *m,
        Method::GET | Method::HEAD | Method::POST | Method::PUT | Method::PATCH | Method::DELETE | Method::OPTIONS
    )
}

impl Shared {
    async fn answer(
        &self,
        req: Request,
        origin: Option<&HeaderValue>,
        target: &mut Option<Url>,
    ) -> Result<Response<Body>, ProxyError> {
        let (parts, body) = req.into_parts();
        // The raw request-target, not percent-decoded: the target URL is taken as written.
        let raw = parts.uri.path_and_query().map_or("", |p| p.as_str());
        let raw = raw.strip_prefix('/').unwrap_or(raw);

        let origin_ok = self.allowed_origins.is_empty() || origin.is_some_and(|o| self.allowed_origins.contains(o));
        let preflight =
            parts.method == Method::OPTIONS && parts.headers.contains_key(header::ACCESS_CONTROL_REQUEST_METHOD);

        if raw.is_empty() && !preflight && matches!(parts.method, Method::GET | Method::HEAD) {
            // The help page holds nothing secret and is opened by typing the address (no
            // Origin): serve it to anyone, readable cross-origin only by allowed origins.
            let mut res = Response::new(Body::from(self.help.clone()));
            res.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8"));
            if origin_ok {
                headers::add_cors(res.headers_mut(), origin);
            }
            return Ok(res);
        }

        // A disallowed origin gets nothing else, not even a preflight answer.
        if !origin_ok {
            return Err(self.origin_refused(origin));
        }

        if preflight {
            // Answered whatever the target: an allowed origin may then send the actual request,
            // and a refused target comes back as a readable JSON error instead of a CORS failure.
            *target = resolve(raw, &self.allowed_upstreams).ok();
            let private_network = parts.headers.contains_key("access-control-request-private-network");
            let mut res = Response::new(Body::empty());
            *res.status_mut() = StatusCode::NO_CONTENT;
            headers::add_preflight(res.headers_mut(), origin, private_network);
            return Ok(res);
        }

        if !is_forwarded_method(&parts.method) {
            return Err(ProxyError::new(
                StatusCode::METHOD_NOT_ALLOWED,
                ProxyCode::MethodNotAllowed,
                format!(
                    "flowsim-proxy forwards GET, HEAD, POST, PUT, PATCH, DELETE and OPTIONS; not {}.",
                    parts.method
                ),
            ));
        }

        let url = resolve(raw, &self.allowed_upstreams)?;
        *target = Some(url.clone());
        let upstream_name = authority(&url);

        let body = self.read_body(&parts.headers, body).await?;

        let _slot = match tokio::time::timeout(self.queue_timeout, self.slots.clone().acquire_owned()).await {
            Ok(Ok(permit)) => permit,
            _ => {
                let mut e = ProxyError::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    ProxyCode::Busy,
                    format!(
                        "flowsim-proxy is already forwarding {} requests (its --max-concurrency) \
                         and none finished within {} ms; retry in a moment.",
                        self.max_concurrency,
                        self.queue_timeout.as_millis()
                    ),
                );
                e.retry_after = Some(1);
                return Err(e);
            }
        };

        let head_request = parts.method == Method::HEAD;
        let mut request =
            self.client.request(parts.method, url).headers(headers::upstream_request_headers(&parts.headers));
        if !body.is_empty() || parts.headers.contains_key(header::CONTENT_LENGTH) {
            request = request.body(body);
        }
        let upstream = request.send().await.map_err(|e| self.upstream_failure(&e, &upstream_name))?;

        let upstream: axum::http::Response<reqwest::Body> = upstream.into();
        let (up_parts, up_body) = upstream.into_parts();
        let mut out_headers = headers::client_response_headers(&up_parts.headers);
        let declared_len = up_parts
            .headers
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok());

        let body = match declared_len {
            _ if head_request => Body::empty(),
            Some(n) if n > self.max_response_body as u64 => {
                return Err(self.response_too_large(&upstream_name));
            }
            Some(n) if n > BUFFER_UP_TO => {
                // Large and within the cap: stream it through. The concurrency slot travels with
                // the body so it is held until the last byte is sent.
                Body::new(up_body.map_frame(move |frame| {
                    let _held = &_slot;
                    frame
                }))
            }
            // Small (typical API JSON): read it whole and send head and body in one write, which
            // costs fewer syscalls than relaying each frame. Unknown length: buffer up to the cap,
            // so an oversized body still becomes a clean 502 instead of a connection cut halfway.
            _ => match Limited::new(up_body, self.max_response_body).collect().await {
                Ok(collected) => Body::from(collected.to_bytes()),
                Err(e) if e.is::<LengthLimitError>() => {
                    return Err(self.response_too_large(&upstream_name));
                }
                Err(e) => {
                    return Err(match e.downcast_ref::<reqwest::Error>() {
                        Some(re) => self.upstream_failure(re, &upstream_name),
                        None => self.broken(&upstream_name, &*e),
                    });
                }
            },
        };

        headers::add_cors(&mut out_headers, origin);
        let mut res = Response::new(body);
        *res.status_mut() = up_parts.status;
        *res.headers_mut() = out_headers;
        Ok(res)
    }

    async fn read_body(&self, headers: &HeaderMap, body: Body) -> Result<bytes::Bytes, ProxyError> {
        let too_large = || {
            ProxyError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                ProxyCode::RequestTooLarge,
                format!(
                    "The request body is larger than flowsim-proxy's limit of {} bytes \
                     (--max-request-bytes).",
                    self.max_request_body
                ),
            )
        };
        let declared =
            headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok());
        if declared.is_some_and(|n| n > self.max_request_body as u64) {
            return Err(too_large());
        }
        let read = Limited::new(body, self.max_request_body).collect();
        match tokio::time::timeout(self.timeout, read).await {
            Ok(Ok(c)) => Ok(c.to_bytes()),
            Ok(Err(e)) if e.is::<LengthLimitError>() => Err(too_large()),
            Ok(Err(_)) => Err(ProxyError::new(
                StatusCode::BAD_REQUEST,
                ProxyCode::RequestInvalid,
                "The request body could not be read (the client broke off the upload).",
            )),
            Err(_) => Err(ProxyError::new(
                StatusCode::REQUEST_TIMEOUT,
                ProxyCode::RequestTimeout,
                format!("The request body did not arrive within {} ms.", self.timeout.as_millis()),
            )),
        }
    }

    fn origin_refused(&self, origin: Option<&HeaderValue>) -> ProxyError {
        let allowed = self.allowed_origins.iter().filter_map(|o| o.to_str().ok()).collect::<Vec<_>>().join(", ");
        let message = match origin.and_then(|o| o.to_str().ok()) {
            Some(o) => format!(
                "flowsim-proxy serves only the origins {allowed}; {o} is not one. \
                 Start the proxy with --allow-origin {o} to allow it."
            ),
            None => format!(
                "flowsim-proxy serves only the origins {allowed}, and this request has no \
                 Origin header."
            ),
        };
        ProxyError::new(StatusCode::FORBIDDEN, ProxyCode::OriginNotAllowed, message)
    }

    fn response_too_large(&self, upstream: &str) -> ProxyError {
        ProxyError::new(
            StatusCode::BAD_GATEWAY,
            ProxyCode::ResponseTooLarge,
            format!(
                "{upstream} sent a response larger than flowsim-proxy's limit of {} bytes \
                 (--max-response-bytes).",
                self.max_response_body
            ),
        )
    }

    fn broken(&self, upstream: &str, e: &(dyn std::error::Error + 'static)) -> ProxyError {
        ProxyError::new(
            StatusCode::BAD_GATEWAY,
            ProxyCode::UpstreamError,
            format!("{upstream} broke off the exchange ({}).", innermost(e)),
        )
    }

    fn upstream_failure(&self, e: &reqwest::Error, upstream: &str) -> ProxyError {
        if e.is_timeout() {
            let message = if e.is_connect() {
                format!(
                    "flowsim-proxy could not connect to {upstream} within {} ms \
                     (--connect-timeout-ms).",
                    self.connect_timeout.as_millis()
                )
            } else {
                format!(
                    "{upstream} did not answer within {} ms (flowsim-proxy's --timeout-ms).",
                    self.timeout.as_millis()
                )
            };
            ProxyError::new(StatusCode::GATEWAY_TIMEOUT, ProxyCode::UpstreamTimeout, message)
        } else if e.is_connect() {
            ProxyError::new(
                StatusCode::BAD_GATEWAY,
                ProxyCode::UpstreamUnreachable,
                format!(
                    "flowsim-proxy could not reach {upstream} ({}). Check the address, the \
                     region and that the service is running.",
                    innermost(e)
                ),
            )
        } else {
            self.broken(upstream, e)
        }
    }
}

/// The root cause's text, e.g. "Connection refused (os error 111)".
fn innermost(e: &(dyn std::error::Error + 'static)) -> String {
    let mut cur = e;
    while let Some(next) = cur.source() {
        cur = next;
    }
    cur.to_string()
}
