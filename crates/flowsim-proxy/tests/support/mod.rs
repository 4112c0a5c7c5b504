//! Test harness: a recording upstream, the proxy in-process, and a raw HTTP/1.1 client.
#![allow(dead_code)]

use std::convert::Infallible;
use std::io::Write;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Response, StatusCode};
use axum::Router;
use flowsim_proxy::{Config, LogSink, Upstream};
use http_body_util::BodyExt;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// What the upstream received.
#[derive(Debug, Clone)]
pub struct Seen {
    pub method: String,
    /// Path and query exactly as received.
    pub target: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Seen {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
}

#[derive(Clone)]
pub struct FakeUpstream {
    pub addr: SocketAddr,
    pub seen: Arc<Mutex<Vec<Seen>>>,
    in_flight: Arc<Mutex<(usize, usize)>>,
}

impl FakeUpstream {
    pub fn origin(&self) -> String {
        format!("http://{}", self.addr)
    }
    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
    /// The most requests it ever had in progress at once.
    pub fn peak_in_flight(&self) -> usize {
        self.in_flight.lock().unwrap().1
    }
}

/// An upstream that records every request and answers according to the path:
/// `/slow/MS`, `/redirect`, `/cookies`, `/ratelimit`, `/hop`, `/large/N`, `/chunked/N`,
/// anything else: 200 with a JSON echo.
pub async fn start_upstream() -> FakeUpstream {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let up = FakeUpstream { addr: listener.local_addr().unwrap(), seen: Arc::default(), in_flight: Arc::default() };
    let app = Router::new().fallback(upstream_handler).with_state(up.clone());
    tokio::spawn(async move { axum::serve(listener, app).await });
    up
}

async fn upstream_handler(State(up): State<FakeUpstream>, req: Request) -> Response<Body> {
    let (parts, body) = req.into_parts();
    let body = body.collect().await.map(|c| c.to_bytes()).unwrap_or_default();
    let target = parts.uri.path_and_query().map_or("", |p| p.as_str()).to_owned();
    let seen = Seen {
        method: parts.method.to_string(),
        target: target.clone(),
        headers: parts
            .headers
            .iter()
            .map(|(k, v)| (k.as_str().to_owned(), String::from_utf8_lossy(v.as_bytes()).into()))
            .collect(),
        body: body.to_vec(),
    };
    up.seen.lock().unwrap().push(seen.clone());
    {
        let mut f = up.in_flight.lock().unwrap();
        f.0 += 1;
        f.1 = f.1.max(f.0);
    }
    let res = respond(&up, parts.uri.path(), &seen).await;
    up.in_flight.lock().unwrap().0 -= 1;
    res
}

fn number_after(path: &str, prefix: &str) -> Option<u64> {
    path.strip_prefix(prefix)?.parse().ok()
}

async fn respond(up: &FakeUpstream, path: &str, seen: &Seen) -> Response<Body> {
    let b = Response::builder();
    if let Some(ms) = number_after(path, "/slow/") {
        tokio::time::sleep(Duration::from_millis(ms)).await;
        return b.body(Body::from("slow done")).unwrap();
    }
    if let Some(n) = number_after(path, "/large/") {
        return b.body(Body::from(vec![b'x'; n as usize])).unwrap();
    }
    if let Some(n) = number_after(path, "/chunked/") {
        let chunks: Vec<Result<bytes::Bytes, Infallible>> = (0..n)
            .step_by(16 * 1024)
            .map(|i| Ok(bytes::Bytes::from(vec![b'y'; (n - i).min(16 * 1024) as usize])))
            .collect();
        return b.body(Body::from_stream(futures_util::stream::iter(chunks))).unwrap();
    }
    match path {
        "/redirect" => b
            .status(StatusCode::FOUND)
            .header("location", format!("http://{}/landed?from=redirect", up.addr))
            .body(Body::from("moved"))
            .unwrap(),
        "/cookies" => b
            .header("set-cookie", "session=abc; Path=/")
            .header("set-cookie", "other=def")
            .header("set-cookie2", "old=1")
            .header("access-control-allow-origin", "https://upstream.example")
            .header("access-control-allow-credentials", "true")
            .header("access-control-expose-headers", "X-Upstream-Only")
            .header("x-upstream-only", "1")
            .body(Body::from("{}"))
            .unwrap(),
        "/ratelimit" => b
            .status(StatusCode::TOO_MANY_REQUESTS)
            .header("retry-after", "7")
            .header("inin-correlation-id", "corr-1234")
            .header("content-type", "application/json")
            .body(Body::from(r#"{"message":"Rate limit exceeded","code":"too.many.requests","status":429}"#))
            .unwrap(),
        "/hop" => b
            .header("connection", "x-hop-resp")
            .header("x-hop-resp", "secret")
            .header("keep-alive", "timeout=5")
            .header("trailer", "x-t")
            .body(Body::from("hop"))
            .unwrap(),
        _ => {
            let echo = serde_json::json!({
                "method": seen.method,
                "target": seen.target,
                "body": String::from_utf8_lossy(&seen.body),
            });
            b.header("content-type", "application/json")
                .header("inin-correlation-id", "echo-corr")
                .body(Body::from(echo.to_string()))
                .unwrap()
        }
    }
}

/// Every host name resolves to 127.0.0.1: even if the allowlist were broken, no test request
/// could leave the machine (an `evil.com` target would hit a closed local port instead).
pub struct LoopbackResolver;

impl reqwest::dns::Resolve for LoopbackResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        // `.invalid` names fail, as an unknown host does with real DNS.
        if name.as_str().ends_with(".invalid") {
            let e: Box<dyn std::error::Error + Send + Sync> = format!("no such host: {}", name.as_str()).into();
            return Box::pin(async move { Err(e) });
        }
        let addrs: reqwest::dns::Addrs = Box::new(std::iter::once(SocketAddr::from(([127, 0, 0, 1], 0))));
        Box::pin(async move { Ok(addrs) })
    }
}

/// A log writer the test can read back.
#[derive(Clone, Default)]
pub struct LogBuf(pub Arc<Mutex<Vec<u8>>>);

impl Write for LogBuf {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl LogBuf {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
    /// Waits until the log has at least `n` lines (the proxy writes it in batches); returns the text. Only a
    /// log that never gets there fails, after a minute, rather than hanging the suite.
    pub async fn wait_lines(&self, n: usize) -> String {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
        loop {
            let t = self.text();
            if t.lines().count() >= n {
                return t;
            }
            assert!(tokio::time::Instant::now() < deadline, "the log never reached {n} lines:\n{t}");
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }
}

pub struct Proxy {
    pub addr: SocketAddr,
    pub log: LogBuf,
}

impl Proxy {
    /// `http://127.0.0.1:P/` followed by `target`.
    pub fn url(&self, target: &str) -> String {
        format!("http://{}/{}", self.addr, target)
    }
}

/// Starts the proxy on 127.0.0.1:0 allowing the Genesys defaults plus `upstream`.
pub async fn start_proxy(upstream: &FakeUpstream, tweak: impl FnOnce(&mut Config)) -> Proxy {
    let log = LogBuf::default();
    let mut config = Config {
        log: LogSink::Writer(Box::new(log.clone())),
        resolver: Some(Arc::new(LoopbackResolver)),
        ..Config::default()
    };
    config.allowed_upstreams.push(upstream.origin().parse::<Upstream>().unwrap());
    tweak(&mut config);
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(flowsim_proxy::serve(listener, config));
    Proxy { addr, log }
}

pub fn client() -> reqwest::Client {
    reqwest::Client::builder().no_proxy().redirect(reqwest::redirect::Policy::none()).build().unwrap()
}

/// A response read by [`raw`].
#[derive(Debug)]
pub struct RawResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl RawResponse {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }
}

/// Sends `head` (request line and headers, without the final blank line) and `body` byte for
/// byte, so request-targets reach the proxy exactly as written, then reads until close.
pub async fn raw(addr: SocketAddr, head: &str, body: &[u8]) -> RawResponse {
    let mut s = TcpStream::connect(addr).await.unwrap();
    let mut req = head.replace('\n', "\r\n");
    if !req.ends_with("\r\n") {
        req.push_str("\r\n");
    }
    req.push_str("\r\n");
    s.write_all(req.as_bytes()).await.unwrap();
    s.write_all(body).await.unwrap();
    let mut buf = Vec::new();
    // Waits for the whole answer; the minute only keeps a proxy that never closes from hanging the suite.
    tokio::time::timeout(Duration::from_secs(60), s.read_to_end(&mut buf))
        .await
        .expect("the proxy answered and closed the connection")
        .unwrap();
    let text = String::from_utf8_lossy(&buf).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let mut lines = head.lines();
    let status = lines.next().and_then(|l| l.split(' ').nth(1)).and_then(|s| s.parse().ok()).unwrap_or(0);
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    RawResponse { status, headers, body: body.to_owned() }
}

/// `GET /{target}` through the proxy with `Connection: close`.
pub async fn raw_get(proxy: &Proxy, target: &str, extra_headers: &str) -> RawResponse {
    let head = format!("GET /{target} HTTP/1.1\nHost: {}\nConnection: close\n{extra_headers}", proxy.addr);
    raw(proxy.addr, head.trim_end(), b"").await
}

pub fn header_value(v: &HeaderValue) -> &str {
    v.to_str().unwrap()
}

/// The body of a reqwest response as JSON.
pub async fn json(res: reqwest::Response) -> serde_json::Value {
    let text = res.text().await.unwrap();
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"))
}
