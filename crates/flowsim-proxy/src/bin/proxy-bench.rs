//! proxy-bench: what flowsim-proxy costs over a direct call, and how it compares with cors-anywhere.
//!
//! ```text
//! cargo run --release -p flowsim-proxy --bin proxy-bench -- \
//!     --direct http://127.0.0.1:A/some/path \
//!     --proxy http://127.0.0.1:B \
//!     --cors-anywhere http://127.0.0.1:C
//! ```
//!
//! * `--direct URL`: an upstream endpoint answered with GET (e.g. fake-genesys `/api/v2/flows`).
//!   A bare origin (`http://127.0.0.1:A` or `…/`) means `http://127.0.0.1:A/api/v2/flows`.
//!   Omitted: a trivial upstream is started in this process (on `--upstream-port`, default any).
//! * `--proxy URL`: a running flowsim-proxy; it must have been started with
//!   `--allow-upstream <origin of --direct>`. Omitted: flowsim-proxy is started in this process.
//! * `--cors-anywhere URL`: a running cors-anywhere (prefix style). Omitted: its rows say "skipped".
//! * `--latency-requests N` (2000): requests per latency row (at least 10 × the concurrency);
//!   `--levels 1,50,500`: the concurrency of each row.
//! * `--throughput-requests N` (5000) at `--throughput-concurrency N` (50).
//! * `--rounds R` (4): each measurement is split into R chunks alternating between the targets,
//!   so background load on the machine falls on all of them alike.
//! * `--token T` (`demo-token`, which fake-genesys accepts): sent as `Authorization: Bearer T`.
//!
//! Each request is `GET` with `Authorization: Bearer …` and `Origin`, as the app sends them; the
//! body is read to the end. Proxied URLs are `<proxy>/<direct URL>`. The table marks each goal OK or
//! MISSED (added p50 ≤ 1 ms, no errors at 500 concurrent, ≥ 3× cors-anywhere's throughput) and
//! the program exits 0 either way; it exits 2 only for bad flags.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use clap::Parser;
use flowsim_proxy::{Config, LogSink, Upstream};

#[derive(Parser, Debug)]
#[command(name = "proxy-bench")]
struct Args {
    /// Upstream endpoint for direct calls (GET).
    #[arg(long, value_name = "URL")]
    direct: Option<String>,
    /// flowsim-proxy base URL.
    #[arg(long, value_name = "URL")]
    proxy: Option<String>,
    /// cors-anywhere base URL.
    #[arg(long = "cors-anywhere", value_name = "URL")]
    cors_anywhere: Option<String>,
    /// Port of the in-process upstream when --direct is not given.
    #[arg(long, default_value_t = 0)]
    upstream_port: u16,
    #[arg(long, default_value_t = 2000)]
    latency_requests: usize,
    #[arg(long, value_delimiter = ',', default_value = "1,50,500")]
    levels: Vec<usize>,
    #[arg(long, default_value_t = 5000)]
    throughput_requests: usize,
    #[arg(long, default_value_t = 50)]
    throughput_concurrency: usize,
    /// Each measurement is split into this many chunks, alternating between the targets, so a
    /// burst of other work on the machine hits all of them alike.
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u32).range(1..))]
    rounds: u32,
    /// Bearer token sent with every request.
    #[arg(long, default_value = "demo-token")]
    token: String,
}

const ADDED_P50_GOAL_MS: f64 = 1.0;
const THROUGHPUT_GOAL_RATIO: f64 = 3.0;

/// What a batch of requests measured.
struct Run {
    /// Sorted latencies of the successful requests.
    latencies: Vec<Duration>,
    errors: usize,
    first_error: Option<String>,
    elapsed: Duration,
}

impl Run {
    fn empty() -> Run {
        Run { latencies: Vec::new(), errors: 0, first_error: None, elapsed: Duration::ZERO }
    }
    fn merge(&mut self, other: Run) {
        self.latencies.extend(other.latencies);
        self.latencies.sort_unstable();
        self.errors += other.errors;
        self.elapsed += other.elapsed;
        if self.first_error.is_none() {
            self.first_error = other.first_error;
        }
    }
    fn pct(&self, p: f64) -> Option<f64> {
        if self.latencies.is_empty() {
            return None;
        }
        let i = ((self.latencies.len() as f64 * p).ceil() as usize).clamp(1, self.latencies.len());
        Some(self.latencies[i - 1].as_secs_f64() * 1000.0)
    }
    fn rps(&self) -> f64 {
        (self.latencies.len() + self.errors) as f64 / self.elapsed.as_secs_f64()
    }
}

#[tokio::main]
async fn main() {
    let args = Args::parse();
    raise_fd_limit();

    let direct = match &args.direct {
        Some(d) => with_default_path(d),
        None => match start_upstream(args.upstream_port).await {
            Ok(u) => u,
            Err(e) => {
                eprintln!("proxy-bench: cannot start the in-process upstream: {e}");
                return;
            }
        },
    };
    let proxy = match &args.proxy {
        Some(p) => p.trim_end_matches('/').to_owned(),
        None => match start_proxy(&direct).await {
            Ok(p) => p,
            Err(e) => {
                eprintln!("proxy-bench: cannot start flowsim-proxy in-process: {e}");
                return;
            }
        },
    };
    let via_proxy = format!("{proxy}/{direct}");
    let via_ca = args.cors_anywhere.as_ref().map(|c| format!("{}/{direct}", c.trim_end_matches('/')));

    println!("proxy-bench");
    println!("  direct         {direct}{}", if args.direct.is_none() { "  (in-process upstream)" } else { "" });
    println!("  flowsim-proxy  {via_proxy}{}", if args.proxy.is_none() { "  (in-process proxy)" } else { "" });
    println!("  cors-anywhere  {}", via_ca.as_deref().unwrap_or("skipped (no --cors-anywhere)"));

    let client = match reqwest::Client::builder()
        .no_proxy()
        .http1_only()
        .tcp_nodelay(true)
        .pool_max_idle_per_host(2048)
        .timeout(Duration::from_secs(30))
        .redirect(reqwest::redirect::Policy::none())
        .build()
    {
        Ok(c) => c,
        Err(e) => {
            eprintln!("proxy-bench: cannot build the HTTP client: {e}");
            return;
        }
    };

    let auth = format!("Bearer {}", args.token);
    if let Some(l) = load_average() {
        println!("  machine        {} cores, load average {l} (other work on the machine skews every figure)", cores());
    }

    // One probe each, so a misconfiguration shows as a sentence rather than a column of errors.
    let mut proxy_ok = probe(&client, &auth, "direct", &direct).await;
    proxy_ok &= probe(&client, &auth, "flowsim-proxy", &via_proxy).await;
    let ca_ok = match &via_ca {
        Some(u) => probe(&client, &auth, "cors-anywhere", u).await,
        None => false,
    };

    let mut goals: Vec<(String, bool)> = Vec::new();

    println!();
    println!("Latency, ms (GET; added = via flowsim-proxy - direct)");
    println!(
        "{:>6} {:>7} | {:>8} {:>8} {:>6} | {:>8} {:>8} {:>6} | {:>9} {:>9} | goal: added p50 <= {ADDED_P50_GOAL_MS} ms",
        "conc", "reqs", "dir p50", "dir p99", "errors", "prx p50", "prx p99", "errors", "added p50", "added p99"
    );
    for &c in &args.levels {
        let c = c.max(1);
        let n = args.latency_requests.max(c * 10);
        // Warm up both paths at this concurrency so connection set-up is not measured.
        run(&client, &auth, &direct, c, c * 2).await;
        run(&client, &auth, &via_proxy, c, c * 2).await;
        let (mut d, mut p) = (Run::empty(), Run::empty());
        let rounds = args.rounds as usize;
        for r in 0..rounds {
            let chunk = n / rounds + usize::from(r < n % rounds);
            d.merge(run(&client, &auth, &direct, c, chunk).await);
            p.merge(run(&client, &auth, &via_proxy, c, chunk).await);
        }
        let (added50, added99) = match (d.pct(0.5), p.pct(0.5), d.pct(0.99), p.pct(0.99)) {
            (Some(d50), Some(p50), Some(d99), Some(p99)) => (Some(p50 - d50), Some(p99 - d99)),
            _ => (None, None),
        };
        let ok = added50.is_some_and(|a| a <= ADDED_P50_GOAL_MS) && p.errors == 0;
        println!(
            "{:>6} {:>7} | {:>8} {:>8} {:>6} | {:>8} {:>8} {:>6} | {:>9} {:>9} | {}",
            c,
            n,
            ms(d.pct(0.5)),
            ms(d.pct(0.99)),
            d.errors,
            ms(p.pct(0.5)),
            ms(p.pct(0.99)),
            p.errors,
            ms(added50),
            ms(added99),
            verdict(ok),
        );
        for (label, r) in [("direct", &d), ("flowsim-proxy", &p)] {
            if let Some(e) = &r.first_error {
                println!("         first {label} error: {e}");
            }
        }
        goals.push((format!("added p50 at concurrency {c} <= {ADDED_P50_GOAL_MS} ms"), ok));
        if c >= 500 {
            goals.push((
                format!("no errors at concurrency {c} (got {} via flowsim-proxy)", p.errors),
                p.errors == 0 && proxy_ok,
            ));
        }
    }

    println!();
    println!("Throughput ({} GET requests at concurrency {})", args.throughput_requests, args.throughput_concurrency);
    println!(
        "{:<14} | {:>9} | {:>6} | {:>8} | {:>8} | {:>8}",
        "target", "req/s", "errors", "p50 ms", "p99 ms", "time s"
    );
    let tc = args.throughput_concurrency.max(1);
    let tn = args.throughput_requests.max(1);
    let targets: [(&str, Option<&str>); 3] = [
        ("direct", Some(&direct)),
        ("flowsim-proxy", Some(&via_proxy)),
        ("cors-anywhere", via_ca.as_deref().filter(|_| ca_ok)),
    ];
    let mut runs: Vec<Option<Run>> = targets.iter().map(|(_, u)| u.map(|_| Run::empty())).collect();
    for (_, url) in &targets {
        if let Some(url) = url {
            run(&client, &auth, url, tc, tc * 2).await;
        }
    }
    let rounds = args.rounds as usize;
    for r in 0..rounds {
        let chunk = tn / rounds + usize::from(r < tn % rounds);
        for ((_, url), acc) in targets.iter().zip(runs.iter_mut()) {
            if let (Some(url), Some(acc)) = (url, acc) {
                acc.merge(run(&client, &auth, url, tc, chunk).await);
            }
        }
    }
    let mut rps = Vec::new();
    for ((label, _), r) in targets.iter().zip(&runs) {
        let Some(r) = r else {
            println!("{label:<14} | skipped");
            rps.push(None);
            continue;
        };
        println!(
            "{:<14} | {:>9.0} | {:>6} | {:>8} | {:>8} | {:>8.2}",
            label,
            r.rps(),
            r.errors,
            ms(r.pct(0.5)),
            ms(r.pct(0.99)),
            r.elapsed.as_secs_f64()
        );
        if let Some(e) = &r.first_error {
            println!("         first {label} error: {e}");
        }
        rps.push(Some((r.rps(), r.errors)));
    }
    match (rps[1], rps[2]) {
        (Some((fp, fe)), Some((ca, _))) => {
            let ratio = fp / ca;
            let ok = ratio >= THROUGHPUT_GOAL_RATIO && fe == 0;
            println!("flowsim-proxy / cors-anywhere = {ratio:.1}x (goal >= {THROUGHPUT_GOAL_RATIO}x) {}", verdict(ok));
            goals.push((format!("throughput >= {THROUGHPUT_GOAL_RATIO}x cors-anywhere ({ratio:.1}x)"), ok));
        }
        _ => println!("flowsim-proxy / cors-anywhere: skipped"),
    }

    if let Some(l) = load_average() {
        println!("load average at the end: {l}");
    }
    println!();
    println!("Goals");
    for (g, ok) in &goals {
        println!("  {:<7} {g}", verdict(*ok));
    }
}

/// The 1-minute load average (Linux), to judge how noisy a run was.
fn load_average() -> Option<String> {
    let text = std::fs::read_to_string("/proc/loadavg").ok()?;
    text.split_whitespace().next().map(str::to_owned)
}

fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// A bare origin gets the path of the flows list, the cheapest authenticated Genesys call.
fn with_default_path(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(u) if u.path() == "/" && u.query().is_none() => format!("{}/api/v2/flows", url.trim_end_matches('/')),
        _ => url.to_owned(),
    }
}

fn verdict(ok: bool) -> &'static str {
    if ok {
        "OK"
    } else {
        "MISSED"
    }
}

fn ms(v: Option<f64>) -> String {
    v.map_or_else(|| "-".into(), |v| format!("{v:.3}"))
}

/// `n` GETs of `url` by `concurrency` workers; each reads the body to the end.
async fn run(client: &reqwest::Client, auth: &str, url: &str, concurrency: usize, n: usize) -> Run {
    let next = Arc::new(AtomicUsize::new(0));
    let start = Instant::now();
    let workers: Vec<_> = (0..concurrency.min(n))
        .map(|_| {
            let client = client.clone();
            let url = url.to_owned();
            let auth = auth.to_owned();
            let next = next.clone();
            tokio::spawn(async move {
                let mut lat = Vec::with_capacity(n / concurrency + 1);
                let mut errors = 0;
                let mut first_error = None;
                while next.fetch_add(1, Ordering::Relaxed) < n {
                    let t = Instant::now();
                    match one(&client, &url, &auth).await {
                        Ok(()) => lat.push(t.elapsed()),
                        Err(e) => {
                            errors += 1;
                            first_error.get_or_insert(e);
                        }
                    }
                }
                (lat, errors, first_error)
            })
        })
        .collect();
    let mut out = Run { latencies: Vec::with_capacity(n), errors: 0, first_error: None, elapsed: Duration::ZERO };
    for w in workers {
        match w.await {
            Ok((lat, errors, first)) => {
                out.latencies.extend(lat);
                out.errors += errors;
                if out.first_error.is_none() {
                    out.first_error = first;
                }
            }
            Err(e) => {
                out.errors += 1;
                out.first_error.get_or_insert(format!("worker failed: {e}"));
            }
        }
    }
    out.elapsed = start.elapsed();
    out.latencies.sort_unstable();
    out
}

async fn one(client: &reqwest::Client, url: &str, auth: &str) -> Result<(), String> {
    let res = client
        .get(url)
        .header("authorization", auth)
        .header("origin", "http://localhost:8080")
        .header("accept", "application/json")
        .send()
        .await
        .map_err(|e| format!("{e}"))?;
    let status = res.status();
    let body = res.bytes().await.map_err(|e| format!("body: {e}"))?;
    if status.is_success() {
        Ok(())
    } else {
        let text = String::from_utf8_lossy(&body[..body.len().min(200)]).into_owned();
        Err(format!("HTTP {status}: {text}"))
    }
}

async fn probe(client: &reqwest::Client, auth: &str, label: &str, url: &str) -> bool {
    match one(client, url, auth).await {
        Ok(()) => true,
        Err(e) => {
            println!("  ! {label} probe failed: {e}");
            false
        }
    }
}

/// A trivial upstream: a small JSON page like `GET /api/v2/flows`.
async fn start_upstream(port: u16) -> std::io::Result<String> {
    const BODY: &str = r#"{"entities":[{"id":"9a2b4c6d-0000-4000-8000-000000000001","name":"Inbound main","type":"inboundcall","division":{"id":"d1","name":"Home"}}],"pageSize":25,"pageNumber":1,"total":1,"pageCount":1}"#;
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
    let addr = listener.local_addr()?;
    let app = axum::Router::new().fallback(|| async { ([("content-type", "application/json")], BODY) });
    tokio::spawn(async move { axum::serve(listener, app).await });
    Ok(format!("http://{addr}/api/v2/flows"))
}

/// flowsim-proxy in this process, allowing the origin of `direct`.
async fn start_proxy(direct: &str) -> std::io::Result<String> {
    let url = url::Url::parse(direct).map_err(std::io::Error::other)?;
    let origin = url.origin().ascii_serialization();
    let upstream: Upstream = origin.parse().map_err(std::io::Error::other)?;
    let mut config = Config {
        // Keep the cost of formatting and queueing log lines in the measurement.
        log: LogSink::Writer(Box::new(std::io::sink())),
        ..Config::default()
    };
    config.allowed_upstreams.push(upstream);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    tokio::spawn(flowsim_proxy::serve(listener, config));
    Ok(format!("http://{addr}"))
}

/// 500 concurrent requests through a proxy need well over 1000 descriptors in one process.
fn raise_fd_limit() {
    #[cfg(unix)]
    // SAFETY: getrlimit/setrlimit only read and write the struct passed to them.
    unsafe {
        let mut lim = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim) == 0 && lim.rlim_cur < lim.rlim_max {
            lim.rlim_cur = lim.rlim_max.min(65_536).max(lim.rlim_cur);
            let _ = libc::setrlimit(libc::RLIMIT_NOFILE, &lim);
        }
    }
}
