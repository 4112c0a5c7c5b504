//! `cargo xtask bench`: figures, not pass/fail tests; each budget is marked OK or OVER.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use anyhow::{bail, Context, Result};
use flate2::write::GzEncoder;
use flate2::Compression;

use crate::proc::{self, listening_url, Group};
use crate::setup::{self, e2e_dir};
use crate::test::{e2e_env, trunk_release_build};
use crate::util::{self, output_checked, root, run, say, show, target_dir, Args};

/// 200 KB, counted as 200,000 bytes (the stricter reading).
const SIZE_BUDGET: u64 = 200_000;
/// Simulate-to-render median: one frame at 10 fps is what "instant" feels like (RAIL: respond within 100 ms).
const SIM_BUDGET_MS: f64 = 100.0;
/// A 5,000-step trace must render within a second and leave the page answering input within 100 ms.
const BIG_RENDER_BUDGET_MS: f64 = 1000.0;
const INTERACTION_BUDGET_MS: f64 = 100.0;

pub fn cmd(args: &[String]) -> Result<()> {
    let mut a = Args::new(args);
    let skip_setup = a.switch("--skip-setup");
    let runs: u32 = a.number("--runs", 20)?;
    a.finish()?;
    if !skip_setup {
        setup::setup(setup::Opts { tests: true })?;
    }
    let dist = target_dir().join("bench-dist");
    trunk_release_build(&dist)?;
    run(Command::new(util::cargo()).current_dir(root()).args([
        "build",
        // The servers are measured for speed: opt-level 3 (`[profile.native]`), not the size-tuned release profile.
        "--profile",
        "native",
        "-p",
        "fake-genesys",
        "-p",
        "flowsim-proxy",
        "-p",
        "flowsim-cli",
    ]))?;

    let mut report = Vec::new();
    report.push(size_report(&dist)?);
    report.push(browser_bench(&dist, "simulate.js", &["--runs", &runs.to_string()], |kv| {
        let median = num(kv, "median_ms")?;
        let p90 = num(kv, "p90_ms")?;
        Ok(format!(
            "(b) Simulate -> rendered trace via flowsim-proxy, {} runs: median {median:.1} ms, p90 {p90:.1} ms, \
             min {:.1} ms, max {:.1} ms   budget median <= {SIM_BUDGET_MS} ms: {}",
            kv_get(kv, "runs").unwrap_or("?"),
            num(kv, "min_ms")?,
            num(kv, "max_ms")?,
            verdict(median <= SIM_BUDGET_MS)
        ))
    })?);
    report.push(browser_bench(&dist, "render-large.js", &["--steps", "5000"], |kv| {
        let render = num(kv, "render_median_ms")?;
        let next = num(kv, "next_click_ms")?;
        let key = num(kv, "keypress_ms")?;
        let long = num(kv, "longest_task_ms")?;
        Ok(format!(
            "(c) 5,000-step trace: render median {render:.1} ms (runs: {}) budget <= {BIG_RENDER_BUDGET_MS} ms: {}; \
             then \"Next steps\" click -> repaint {next:.1} ms, keypress in Phone number -> repaint {key:.1} ms \
             budget <= {INTERACTION_BUDGET_MS} ms: {}; longest main-thread task {long:.1} ms; page label \"{}\"",
            kv_get(kv, "renders").unwrap_or("?"),
            verdict(render <= BIG_RENDER_BUDGET_MS),
            verdict(next <= INTERACTION_BUDGET_MS && key <= INTERACTION_BUDGET_MS),
            kv_get(kv, "pager_label").unwrap_or("?").replace('_', " ")
        ))
    })?);
    report.push(proxy_bench()?);
    report.push(suite_bench()?);

    println!();
    println!("\x1b[1mbench figures\x1b[0m");
    for r in &report {
        println!("{r}\n");
    }
    Ok(())
}

fn verdict(ok: bool) -> &'static str {
    if ok {
        "OK"
    } else {
        "OVER"
    }
}

/// (a) gzip -9 size of every wasm, js, css and html file of the release build.
fn size_report(dist: &Path) -> Result<String> {
    let mut files = Vec::new();
    collect(dist, &mut files)?;
    files.retain(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("wasm" | "js" | "css" | "html")));
    files.sort();
    if files.is_empty() {
        bail!("no wasm/js/css/html files in {}", dist.display());
    }
    let mut out = String::from("(a) release build, gzip -9 (flate2 level 9):\n");
    let (mut raw_total, mut gz_total) = (0u64, 0u64);
    for f in &files {
        let bytes = std::fs::read(f)?;
        let mut enc = GzEncoder::new(Vec::new(), Compression::best());
        enc.write_all(&bytes)?;
        let gz = enc.finish()?.len() as u64;
        raw_total += bytes.len() as u64;
        gz_total += gz;
        out.push_str(&format!(
            "      {:<48} {:>9} B raw {:>9} B gzip\n",
            f.strip_prefix(dist).unwrap_or(f).display(),
            bytes.len(),
            gz
        ));
    }
    out.push_str(&format!(
        "      {:<48} {:>9} B raw {:>9} B gzip = {:.1} KB   budget <= 200 KB (200,000 B): {}",
        "total",
        raw_total,
        gz_total,
        gz_total as f64 / 1000.0,
        verdict(gz_total <= SIZE_BUDGET)
    ));
    Ok(out)
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    for e in std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))? {
        let p = e?.path();
        if p.is_dir() {
            collect(&p, out)?;
        } else {
            out.push(p);
        }
    }
    Ok(())
}

type Kv = Vec<(String, String)>;

fn kv_get<'a>(kv: &'a Kv, k: &str) -> Option<&'a str> {
    kv.iter().find(|(key, _)| key == k).map(|(_, v)| v.as_str())
}

fn num(kv: &Kv, k: &str) -> Result<f64> {
    kv_get(kv, k).and_then(|v| v.parse().ok()).with_context(|| format!("the bench script did not report {k}"))
}

/// Runs `node e2e/bench/<script>`; its last `BENCH k=v k=v` line is handed to `fmt`.
fn browser_bench(dist: &Path, script: &str, args: &[&str], fmt: impl Fn(&Kv) -> Result<String>) -> Result<String> {
    let mut cmd = Command::new("node");
    cmd.current_dir(e2e_dir()).arg(format!("bench/{script}")).args(args);
    e2e_env(&mut cmd, dist, "native");
    say(format!("$ {}", show(&cmd)));
    cmd.stdin(Stdio::null()).stderr(Stdio::inherit());
    let out = cmd.output().with_context(|| format!("cannot start `{}`", show(&cmd)))?;
    let text = String::from_utf8_lossy(&out.stdout);
    print!("{text}");
    if !out.status.success() {
        bail!("`{}` failed ({})", show(&cmd), util::describe_status(out.status));
    }
    let line = text
        .lines()
        .rev()
        .find_map(|l| l.strip_prefix("BENCH "))
        .with_context(|| format!("{script} printed no BENCH line"))?;
    let kv: Kv = line
        .split_whitespace()
        .filter_map(|w| w.split_once('=').map(|(k, v)| (k.to_string(), v.to_string())))
        .collect();
    fmt(&kv)
}

/// (d) proxy-bench against fake-genesys: direct, through flowsim-proxy and through cors-anywhere, one run.
fn proxy_bench() -> Result<String> {
    proc::install_signal_handlers();
    let bin = target_dir().join("native");
    let mut group = Group::new();
    let fake = group.spawn(
        "fake-genesys",
        Command::new(bin.join("fake-genesys")).args(["--port", "0"]),
        Some("listening on"),
    )?;
    let fake_url = listening_url(&group.wait_ready(fake, Duration::from_secs(30))?)?;
    let proxy = group.spawn(
        "flowsim-proxy",
        Command::new(bin.join("flowsim-proxy")).args(["--port", "0", "--allow-upstream", &fake_url]),
        Some("listening on"),
    )?;
    let proxy_url = listening_url(&group.wait_ready(proxy, Duration::from_secs(30))?)?;
    let ca = group.spawn(
        "cors-anywhere",
        Command::new("node").current_dir(e2e_dir()).args(["bench/cors-anywhere.js", "--port", "0"]),
        Some("listening on"),
    )?;
    let ca_url = listening_url(&group.wait_ready(ca, Duration::from_secs(30))?)?;
    let mut cmd = Command::new(bin.join("proxy-bench"));
    cmd.args(["--direct", &fake_url, "--proxy", &proxy_url, "--cors-anywhere", &ca_url]);
    say(format!("$ {}", show(&cmd)));
    let out = output_checked(&mut cmd);
    group.stop_all();
    let out = out?;
    Ok(format!("(d) proxy-bench (fake-genesys {fake_url}; flowsim-proxy {proxy_url}; cors-anywhere {ca_url}):\n{out}"))
}

/// (e) Suites with the native `flowsim` CLI: API calls per case of the demo suite against fake-genesys next to the
/// minimum (the distinct reads its cases need, measured as the calls without the run's cache), and cases per
/// second offline (a flow file, no org) on a real configuration.
fn suite_bench() -> Result<String> {
    proc::install_signal_handlers();
    let bin = target_dir().join("native");
    let mut group = Group::new();
    let fake = group.spawn(
        "fake-genesys",
        Command::new(bin.join("fake-genesys")).args(["--port", "0"]),
        Some("listening on"),
    )?;
    let fake_url = listening_url(&group.wait_ready(fake, Duration::from_secs(30))?)?;
    let demo = root().join("crates/fake-genesys/suites/demo.json");
    let mut cmd = Command::new(bin.join("flowsim"));
    cmd.arg("test").arg(&demo).args(["--api-base", &fake_url, "--token-env", "FLOWSIM_BENCH_TOKEN"]);
    cmd.env("FLOWSIM_BENCH_TOKEN", "demo-token");
    say(format!("$ {}", show(&cmd)));
    let out = output_checked(&mut cmd);
    group.stop_all();
    let out = out?;
    // "API calls: 13 sent, 42 answered from the run's cache." and "Ran 9 cases in …".
    let calls = out.lines().find_map(|l| l.strip_prefix("API calls: ")).context("no API calls line")?;
    let mut nums = calls.split(|c: char| !c.is_ascii_digit()).filter(|w| !w.is_empty());
    let sent: f64 = nums.next().context("sent")?.parse()?;
    let hits: f64 = nums.next().context("hits")?.parse()?;
    let cases: f64 = out
        .lines()
        .find_map(|l| l.strip_prefix("Ran "))
        .and_then(|l| l.split_whitespace().next())
        .context("no Ran line")?
        .parse()?;

    // 1,000 callers offline against the call-deflection configuration.
    let dir = target_dir().join("bench-suite");
    std::fs::create_dir_all(&dir)?;
    let flow = root().join("crates/flowsim-core/tests/fixtures/flowconfigs/call-deflection-inboundcall.json");
    let numbers: String = (0..1000).map(|i| format!("+1317555{:04}\n", 1000 + i)).collect();
    let suite = dir.join("numbers.csv");
    std::fs::write(&suite, numbers)?;
    let mut cmd = Command::new(bin.join("flowsim"));
    cmd.arg("test").arg(&suite).arg("--flow-file").arg(&flow);
    say(format!("$ {}", show(&cmd)));
    let offline = output_checked(&mut cmd)?;
    let rate = offline
        .lines()
        .find_map(|l| l.split_once(" s (").map(|(_, r)| r.trim_end_matches(" cases/s).").to_string()))
        .context("no rate line")?;
    Ok(format!(
        "(e) suites (flowsim CLI, native): demo suite {cases} cases: {sent} API calls = {:.2} per case; minimum \
         (distinct reads the cases need) {sent}, without the run's cache {}: {}; offline 1,000 cases on \
         call-deflection: {rate} cases/s (Chromium: not measured yet)",
        sent / cases.max(1.0),
        sent + hits,
        verdict(hits > 0.0),
    ))
}
