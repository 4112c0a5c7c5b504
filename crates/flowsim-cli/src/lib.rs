//! `flowsim test`: runs a suite natively with the same interpreter as the app, prints one line per case and a
//! last line `N passed, N failed`, writes JUnit XML, and exits 0 (all passed), 1 (a case failed) or 2 (a bad
//! suite, file or connection, with a sentence). The token is read from an environment variable and never
//! printed.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use clap::{Parser, Subcommand};
use flowsim_core::base::tz::{NativeZones, TimeZones};
use flowsim_core::flow::Flow;
use flowsim_core::net::api::{Api, Connection};
use flowsim_core::net::http::{HttpClient, HttpRequest, HttpResponse, Method, TransportError, MAX_BODY_BYTES};
use flowsim_core::net::proxy::ProxySetting;
use flowsim_core::sim::suite::cases::{self, Cases, Org, DEFAULT_CONCURRENCY};
use flowsim_core::sim::suite::runner::{self, outcome_text, CaseResult, Verdict};
use flowsim_core::sim::suite::{Paced, Suite};

pub mod junit;

/// Exit codes.
pub const EXIT_PASSED: i32 = 0;
pub const EXIT_FAILED: i32 = 1;
pub const EXIT_BAD_INPUT: i32 = 2;

/// Per-request deadline.
const TIMEOUT_MS: u32 = 30_000;

#[derive(Parser, Debug)]
#[command(name = "flowsim", version, about = "Simulate Genesys Cloud Architect flows")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Run a test suite (JSON, or CSV with a column per field) against a flow.
    Test(TestArgs),
    /// Run a suite against the flow's saved configuration and a published version; list the cases whose outcome
    /// or path differs (exit 1 when any does).
    Compare(CompareArgs),
}

#[derive(clap::Args, Debug)]
pub struct CompareArgs {
    /// The suite file (.json or .csv); its flow must be an org flow (`"flow": {"id": …}`) unless --flow-id.
    pub suite: PathBuf,
    /// The published version to compare with the saved configuration (e.g. 1.0).
    #[arg(long)]
    pub version: String,
    /// The flow's id (instead of the suite's).
    #[arg(long)]
    pub flow_id: Option<String>,
    #[arg(long)]
    pub api_base: String,
    #[arg(long)]
    pub token_env: String,
    #[arg(long, default_value_t = flowsim_core::sim::suite::cache::DEFAULT_PER_MINUTE)]
    pub rate_limit: u32,
    /// Cases run at once (1 to 32).
    #[arg(long, default_value_t = DEFAULT_CONCURRENCY as u8, value_parser = clap::value_parser!(u8).range(1..=32))]
    pub concurrency: u8,
}

#[derive(clap::Args, Debug)]
pub struct TestArgs {
    /// The suite file (.json, or .csv).
    pub suite: PathBuf,
    /// The flow: an Architect export or a configuration JSON (instead of the suite's `flow`).
    #[arg(long)]
    pub flow_file: Option<PathBuf>,
    /// Write JUnit XML here.
    #[arg(long)]
    pub junit: Option<PathBuf>,
    /// The org's API base, e.g. https://api.mypurecloud.com (org reads and a flow by id need it).
    #[arg(long)]
    pub api_base: Option<String>,
    /// The environment variable holding the access token (the token itself is never an argument).
    #[arg(long)]
    pub token_env: Option<String>,
    /// Requests a minute at most (the org's rate limit).
    #[arg(long, default_value_t = flowsim_core::sim::suite::cache::DEFAULT_PER_MINUTE)]
    pub rate_limit: u32,
    /// Cases run at once (1 to 32); their lines still come in case order.
    #[arg(long, default_value_t = DEFAULT_CONCURRENCY as u8, value_parser = clap::value_parser!(u8).range(1..=32))]
    pub concurrency: u8,
}

/// Parses the arguments and runs; returns the exit code. Output goes to `out`, sentences about bad input to `err`.
pub fn main_with(args: &[String], out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let cli = match Cli::try_parse_from(args) {
        Ok(c) => c,
        Err(e) => {
            let _ = write!(err, "{e}");
            return if e.use_stderr() { EXIT_BAD_INPUT } else { EXIT_PASSED };
        }
    };
    let rt = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            let _ = writeln!(err, "flowsim could not start: {e}.");
            return EXIT_BAD_INPUT;
        }
    };
    let result = match &cli.command {
        Command::Test(t) => rt.block_on(test(t, out)),
        Command::Compare(c) => rt.block_on(compare(c, out)),
    };
    match result {
        Ok(code) => code,
        Err(sentence) => {
            let _ = writeln!(err, "{sentence}");
            EXIT_BAD_INPUT
        }
    }
}

fn read_suite(path: &Path) -> Result<Suite, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("The suite file {} could not be read: {e}.", path.display()))?;
    let is_csv = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    let name = path.file_stem().map(|s| s.to_string_lossy().to_string()).unwrap_or_default();
    let suite = if is_csv { flowsim_core::sim::suite::csv::import(&text, &name) } else { Suite::parse(&text) };
    suite.map_err(|e| format!("{} ({})", e.describe(), path.display()))
}

fn read_flow_file(path: &Path) -> Result<Flow, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("The flow file {} could not be read: {e}.", path.display()))?;
    Flow::parse(&text).map_err(|e| format!("The flow file {} could not be read: {}", path.display(), e.describe()))
}

fn zones() -> Box<dyn TimeZones + Send + Sync> {
    Box::new(NativeZones)
}

async fn test(t: &TestArgs, out: &mut dyn Write) -> Result<i32, String> {
    let suite = read_suite(&t.suite)?;
    let connection = match (&t.api_base, &t.token_env) {
        (Some(base), Some(var)) => Some(connect(base, var)?),
        (Some(_), None) => return Err("--api-base needs --token-env, the variable that holds the access token.".into()),
        (None, Some(_)) => return Err("--token-env needs --api-base, the org's API address.".into()),
        (None, None) => None,
    };
    let client = NativeClient::new()?;
    let paced = Paced::new(&client, t.rate_limit);
    let api = connection.as_ref().map(|c| Api::new(&paced, c, TIMEOUT_MS));
    let flow_ref = suite.flow.clone().unwrap_or_default();
    let suite_dir = t.suite.parent().unwrap_or(Path::new("."));
    let flow = if let Some(f) = &t.flow_file {
        read_flow_file(f)?
    } else if let Some(file) = &flow_ref.file {
        read_flow_file(&suite_dir.join(file))?
    } else if let Some(id) = &flow_ref.id {
        let api = api.as_ref().ok_or_else(|| {
            format!("The suite's flow {id} is in an org: connect with --api-base and --token-env, or give --flow-file.")
        })?;
        runner::load_flow(api, id, flow_ref.version.as_deref())
            .await
            .map_err(|e| format!("{} {}", e.summary, e.action))?
    } else {
        return Err("The suite names no flow: add \"flow\": {\"file\": …} or {\"id\": …}, or give --flow-file.".into());
    };
    let flow = Arc::new(flow);
    let started = Instant::now();
    let org = connection.as_ref().map(|conn| Org { client: &paced, conn, timeout_ms: TIMEOUT_MS });
    let mut cases = Cases::new(org, flow, &suite, t.concurrency.into(), zones);
    let mut results: Vec<CaseResult> = Vec::with_capacity(suite.cases.len());
    while let Some(r) = cases.next().await {
        let r = r.map_err(|e| format!("{} {}", e.summary, e.action))?;
        let _ = writeln!(out, "{}", case_line(&r));
        results.push(r);
    }
    let elapsed = started.elapsed();
    if let Some(path) = &t.junit {
        let xml = junit::write(&suite_name(&suite, &t.suite), &results, elapsed.as_secs_f64());
        std::fs::write(path, xml)
            .map_err(|e| format!("The JUnit file {} could not be written: {e}.", path.display()))?;
    }
    let tally = runner::tally(&results);
    if api.is_some() {
        let s = paced.stats();
        let _ = writeln!(
            out,
            "API calls: {} sent, {} answered from the run's cache; {} distinct requests needed.",
            s.sent, s.hits, s.distinct
        );
    }
    let secs = elapsed.as_secs_f64().max(1e-6);
    let _ = writeln!(out, "Ran {} cases in {secs:.2} s ({:.0} cases/s).", results.len(), results.len() as f64 / secs);
    if tally.recorded > 0 {
        let _ = writeln!(out, "{} recorded (no expectation).", tally.recorded);
    }
    let _ = writeln!(out, "{} passed, {} failed", tally.passed, tally.failed);
    Ok(if tally.failed > 0 { EXIT_FAILED } else { EXIT_PASSED })
}

/// The connection from `--api-base` and the variable `--token-env` names (the token is read, never shown).
fn connect(base: &str, var: &str) -> Result<Connection, String> {
    let token = std::env::var(var).ok().filter(|v| !v.trim().is_empty()).ok_or_else(|| {
        format!("The environment variable {var} (--token-env) is not set or empty; it holds the access token.")
    })?;
    let base = base.trim().trim_end_matches('/').to_string();
    if !(base.starts_with("https://") || base.starts_with("http://")) {
        return Err(format!("The API base '{base}' is not an http(s) URL such as https://api.mypurecloud.com."));
    }
    Ok(Connection { api_base: base, proxy: ProxySetting::default(), token })
}

async fn compare(c: &CompareArgs, out: &mut dyn Write) -> Result<i32, String> {
    let suite = read_suite(&c.suite)?;
    let flow_id = c
        .flow_id
        .clone()
        .or_else(|| suite.flow.as_ref().and_then(|f| f.id.clone()))
        .ok_or_else(|| "The suite names no flow id: add \"flow\": {\"id\": …} or give --flow-id.".to_string())?;
    let connection = connect(&c.api_base, &c.token_env)?;
    let client = NativeClient::new()?;
    let paced = Paced::new(&client, c.rate_limit);
    let api = Api::new(&paced, &connection, TIMEOUT_MS);
    let sentence = |e: flowsim_core::net::error::UserError| format!("{} {}", e.summary, e.action);
    let saved = runner::load_flow(&api, &flow_id, None).await.map_err(sentence)?;
    let version = runner::load_flow(&api, &flow_id, Some(&c.version)).await.map_err(sentence)?;
    let org = Some(Org { client: &paced, conn: &connection, timeout_ms: TIMEOUT_MS });
    let before = cases::run_all(org, Arc::new(version), &suite, c.concurrency.into(), zones).await.map_err(sentence)?;
    let after = cases::run_all(org, Arc::new(saved), &suite, c.concurrency.into(), zones).await.map_err(sentence)?;
    let changes = runner::compare(&before, &after);
    for ch in &changes {
        let what = if ch.outcome_changed() { "outcome" } else { "path" };
        let _ = writeln!(
            out,
            "CHANGED  {}: {what}: version {}: {}; saved: {} ({})",
            ch.name,
            c.version,
            outcome_text(&ch.before),
            outcome_text(&ch.after),
            ch.describe()
        );
    }
    let _ = writeln!(out, "{} of {} cases changed", changes.len(), before.len());
    Ok(if changes.is_empty() { EXIT_PASSED } else { EXIT_FAILED })
}

fn suite_name(suite: &Suite, path: &Path) -> String {
    if suite.name.trim().is_empty() {
        path.file_stem().map(|s| s.to_string_lossy().to_string()).unwrap_or_else(|| "suite".into())
    } else {
        suite.name.clone()
    }
}

/// `PASS  VIP caller: transfer 'Gold'` or `FAIL  …: outcome disconnect instead of transfer`.
pub fn case_line(r: &CaseResult) -> String {
    let mut what = outcome_text(&r.outcome);
    if r.outcome.kind == flowsim_core::wire::contract::OutcomeKind::Error {
        what = format!("{what} ({})", r.outcome.description);
    }
    match r.verdict {
        Verdict::Passed => format!("PASS  {}: {what}", r.name),
        Verdict::Failed => format!("FAIL  {}: {what}; {}", r.name, r.differences_text()),
        Verdict::Recorded => format!("RUN   {}: {what}", r.name),
    }
}

/// The native HTTP stack: reqwest (rustls) on a current-thread tokio runtime.
pub struct NativeClient {
    http: reqwest::Client,
    start: Instant,
}

impl NativeClient {
    pub fn new() -> Result<Self, String> {
        let http = reqwest::Client::builder()
            .user_agent(concat!("flowsim-cli/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| format!("The HTTP client could not start: {e}."))?;
        Ok(NativeClient { http, start: Instant::now() })
    }
}

impl HttpClient for NativeClient {
    async fn send(&self, req: HttpRequest) -> Result<HttpResponse, TransportError> {
        let mut b = match req.method {
            Method::Get => self.http.get(&req.url),
            Method::Post => self.http.post(&req.url),
            Method::Delete => self.http.delete(&req.url),
        };
        for (k, v) in &req.headers {
            b = b.header(k, v);
        }
        if let Some(body) = req.body {
            b = b.body(body);
        }
        let resp = b.timeout(Duration::from_millis(u64::from(req.timeout_ms))).send().await.map_err(|e| {
            if e.is_timeout() {
                TransportError::Timeout { after_ms: req.timeout_ms }
            } else {
                // Without the URL: it is in the error's context already, and no header ever is.
                TransportError::Network(e.without_url().to_string())
            }
        })?;
        let status = resp.status().as_u16();
        let headers = resp
            .headers()
            .iter()
            .map(|(k, v)| (k.as_str().to_ascii_lowercase(), v.to_str().unwrap_or_default().to_string()))
            .collect();
        if resp.content_length().is_some_and(|l| l > MAX_BODY_BYTES as u64) {
            return Err(TransportError::BodyTooLarge { limit: MAX_BODY_BYTES });
        }
        let bytes = resp.bytes().await.map_err(|e| TransportError::BodyUnreadable(e.without_url().to_string()))?;
        if bytes.len() > MAX_BODY_BYTES {
            return Err(TransportError::BodyTooLarge { limit: MAX_BODY_BYTES });
        }
        Ok(HttpResponse { status, headers, body: String::from_utf8_lossy(&bytes).into_owned() })
    }

    async fn sleep(&self, ms: u32) -> Result<(), TransportError> {
        tokio::time::sleep(Duration::from_millis(u64::from(ms))).await;
        Ok(())
    }

    fn now_ms(&self) -> f64 {
        self.start.elapsed().as_secs_f64() * 1000.0
    }
}
