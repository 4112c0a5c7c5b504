//! `cargo xtask bench`: figures, not pass/fail tests. Every part prints its details, then one table lists every
//! named figure with its value, unit and budget (PASS/FAIL). To add a figure: push a [`Figure`] onto a part's
//! [`Section`] (or add a part to [`PARTS`] and a branch in [`cmd`]).

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

/// Bundle budget: 400 KB gzip over the wasm, js, css and html, counted as 400,000 bytes (the stricter reading).
const SIZE_BUDGET_KB: f64 = 400.0;
/// Simulate-to-render median: one frame at 10 fps is what "instant" feels like (RAIL: respond within 100 ms).
const SIM_BUDGET_MS: f64 = 100.0;
/// A 5,000-step trace must render within a second and leave the page answering input within 100 ms.
const BIG_RENDER_BUDGET_MS: f64 = 1000.0;
const INTERACTION_BUDGET_MS: f64 = 100.0;
/// Cold load to interactive, flowsim over an empty Yew app built and served the same way (medians): the price of
/// everything flowsim adds to Yew. About 1.9 when this budget was set.
const LOAD_RATIO_BUDGET: f64 = 2.5;
/// The diagram's layout of the largest real configuration, in Chromium (issue "See the flow").
const LAYOUT_BUDGET_MS: f64 = 200.0;
/// Load runs per app; the bench script refuses fewer than 7.
const LOAD_RUNS: u32 = 11;
/// A run that hits Genesys' 10,000-action limit, in the browser (the interpreter issue's budget).
const ACTION_LIMIT_RUN_BUDGET_MS: f64 = 100.0;
/// Reading the largest real configuration (573 KB) into the flow model in the browser: the file input must answer
/// as fast as any other input (RAIL: 100 ms).
const BIG_READ_BUDGET_MS: f64 = 100.0;
/// A configuration at the 16 MB body limit, whatever its shape: read and run in Chromium within 2 s, with memory
/// under 10x its size (the interpreter issue).
const LIMIT_RUN_BUDGET_MS: f64 = 2000.0;
const LIMIT_MEMORY_BUDGET_X: f64 = 10.0;
/// Runs of each interpreter figure (medians), native and in the browser.
const INTERP_RUNS: u32 = 11;

/// The parts `--only` can pick, in the order they run.
pub const PARTS: [&str; 8] = ["size", "simulate", "render-large", "layout", "proxy", "load", "interpreter", "suites"];

/// The empty Yew app the load ratio is measured against (its own workspace: see its Cargo.toml).
fn empty_yew_dir() -> PathBuf {
    root().join("xtask").join("bench-apps").join("empty-yew")
}

pub fn cmd(args: &[String]) -> Result<()> {
    let mut a = Args::new(args);
    let skip_setup = a.switch("--skip-setup");
    let runs: u32 = a.number("--runs", 20)?;
    let load_runs: u32 = a.number("--load-runs", LOAD_RUNS)?;
    let only = a.values("--only")?;
    a.finish()?;
    for p in &only {
        if !PARTS.contains(&p.as_str()) {
            bail!("unknown part `{p}`; parts: {}", PARTS.join(" "));
        }
    }
    if load_runs < 7 {
        bail!("--load-runs must be at least 7");
    }
    let wanted = |p: &str| only.is_empty() || only.iter().any(|o| o == p);
    if !skip_setup {
        setup::setup(setup::Opts { tests: true })?;
    }
    let dist = target_dir().join("bench-dist");
    if ["size", "simulate", "render-large", "layout", "load", "interpreter", "suites"].iter().any(|p| wanted(p)) {
        trunk_release_build(&dist)?;
    }
    if ["simulate", "proxy", "interpreter", "suites"].iter().any(|p| wanted(p)) {
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
    }

    let mut report = Vec::new();
    if wanted("size") {
        report.push(size_report(&dist)?);
    }
    if wanted("simulate") {
        report.push(browser_bench(&dist, "simulate.js", &["--runs", &runs.to_string()], |kv| {
            let median = num(kv, "median_ms")?;
            let p90 = num(kv, "p90_ms")?;
            Ok(Section {
                title: format!("(b) Simulate -> rendered trace via flowsim-proxy, {} runs", kv_get(kv, "runs").unwrap_or("?")),
                details: format!(
                    "median {median:.1} ms, p90 {p90:.1} ms, min {:.1} ms, max {:.1} ms; backend=browser median {:.1} ms",
                    num(kv, "min_ms")?,
                    num(kv, "max_ms")?,
                    num(kv, "browser_median_ms")?,
                ),
                figures: vec![
                    Figure::new("Simulate -> render, median", median, "ms").at_most(SIM_BUDGET_MS),
                    Figure::new("Simulate -> render, p90", p90, "ms"),
                ],
            })
        })?);
    }
    if wanted("render-large") {
        report.push(browser_bench(&dist, "render-large.js", &["--steps", "5000"], |kv| {
            let render = num(kv, "render_median_ms")?;
            let next = num(kv, "next_click_ms")?;
            let key = num(kv, "keypress_ms")?;
            let long = num(kv, "longest_task_ms")?;
            Ok(Section {
                title: "(c) 5,000-step trace".to_string(),
                details: format!(
                    "render median {render:.1} ms (runs: {}); then \"Next steps\" click -> repaint {next:.1} ms, keypress \
                     in Phone number -> repaint {key:.1} ms; longest main-thread task {long:.1} ms; page label \"{}\"",
                    kv_get(kv, "renders").unwrap_or("?"),
                    kv_get(kv, "pager_label").unwrap_or("?").replace('_', " ")
                ),
                figures: vec![
                    Figure::new("5,000-step trace render, median", render, "ms").at_most(BIG_RENDER_BUDGET_MS),
                    Figure::new("then \"Next steps\" click -> repaint", next, "ms").at_most(INTERACTION_BUDGET_MS),
                    Figure::new("then keypress -> repaint", key, "ms").at_most(INTERACTION_BUDGET_MS),
                    Figure::new("longest main-thread task", long, "ms"),
                ],
            })
        })?);
    }
    if wanted("layout") {
        report.push(browser_bench(&dist, "diagram-layout.js", &["--runs", "5"], |kv| {
            let median = num(kv, "layout_median_ms")?;
            Ok(Section {
                title: "(e) Diagram layout of limitless-email-inboundemail.json in Chromium".to_string(),
                details: format!(
                    "{} actions, {} runs, max {:.2} ms",
                    kv_get(kv, "boxes").unwrap_or("?"),
                    kv_get(kv, "runs").unwrap_or("?"),
                    num(kv, "layout_max_ms")?
                ),
                figures: vec![Figure::new("diagram layout, median", median, "ms").at_most(LAYOUT_BUDGET_MS)],
            })
        })?);
    }
    if wanted("proxy") {
        report.push(proxy_bench()?);
    }

    if wanted("load") {
        let empty_dist = target_dir().join("bench-empty-yew-dist");
        empty_yew_build(&empty_dist)?;
        let empty_arg = empty_dist.to_string_lossy().into_owned();
        let args = ["--empty-dist", &empty_arg, "--runs", &load_runs.to_string()];
        report.push(browser_bench(&dist, "load.js", &args, |kv| {
            let (app, empty, ratio) = (num(kv, "app_ms")?, num(kv, "empty_ms")?, num(kv, "ratio")?);
            Ok(Section {
                title: format!(
                    "(e) cold load -> Simulate usable: Chromium, cache disabled, 10 Mbit/s, 40 ms latency, gzip; \
                     {} runs each, alternating with an empty Yew 0.23 app",
                    kv_get(kv, "runs").unwrap_or("?")
                ),
                details: format!(
                    "medians: flowsim {app:.1} ms ({:.0} B gzip served), empty Yew {empty:.1} ms ({:.0} B gzip served); \
                     ratio {ratio:.2}; first click answered at {:.1} ms / {:.1} ms",
                    num(kv, "app_served_gzip")?,
                    num(kv, "empty_served_gzip")?,
                    num(kv, "app_answered_ms")?,
                    num(kv, "empty_answered_ms")?,
                ),
                figures: vec![
                    Figure::new("cold load -> interactive, flowsim median", app, "ms"),
                    Figure::new("cold load -> interactive, empty Yew median", empty, "ms"),
                    Figure::new("cold load ratio flowsim / empty Yew", ratio, "x").at_most(LOAD_RATIO_BUDGET),
                ],
            })
        })?);
    }
    if wanted("interpreter") {
        report.push(interpreter_bench(&dist)?);
    }
    if wanted("suites") {
        report.push(suite_bench(&dist)?);
    }

    println!();
    println!("\x1b[1mbench figures\x1b[0m");
    for s in &report {
        println!("{}:", s.title);
        for line in s.details.trim_end().lines() {
            println!("    {}", line.trim_start());
        }
        println!();
    }
    let figures: Vec<&Figure> = report.iter().flat_map(|s| &s.figures).collect();
    println!("{}", figure_table(&figures));
    let failed: Vec<&str> = figures.iter().filter(|f| f.pass() == Some(false)).map(|f| f.name.as_str()).collect();
    if failed.is_empty() {
        println!("every budget: PASS");
    } else {
        println!("\x1b[1;31mover budget:\x1b[0m {}", failed.join("; "));
    }
    Ok(())
}

/// One part's output: a heading, free-form details, and its named figures.
struct Section {
    title: String,
    details: String,
    figures: Vec<Figure>,
}

/// A named figure; `budget` is an upper bound in the same unit.
struct Figure {
    name: String,
    value: f64,
    unit: &'static str,
    budget: Option<f64>,
}

impl Figure {
    fn new(name: impl Into<String>, value: f64, unit: &'static str) -> Self {
        Figure { name: name.into(), value, unit, budget: None }
    }

    fn at_most(mut self, budget: f64) -> Self {
        self.budget = Some(budget);
        self
    }

    /// `None` without a budget. A NaN (a figure the script could not measure) fails.
    fn pass(&self) -> Option<bool> {
        self.budget.map(|b| self.value <= b)
    }
}

fn figure_table(figures: &[&Figure]) -> String {
    let width = figures.iter().map(|f| f.name.len()).max().unwrap_or(0).max("figure".len());
    let mut out = format!("{:<width$}  {:>12}  {:>14}  verdict\n", "figure", "value", "budget");
    for f in figures {
        let (budget, verdict) = match (f.budget, f.pass()) {
            (Some(b), Some(ok)) => (format!("<= {b} {}", f.unit), if ok { "PASS" } else { "FAIL" }),
            _ => (String::new(), ""),
        };
        out.push_str(&format!("{:<width$}  {:>9.2} {:<2}  {:>14}  {verdict}\n", f.name, f.value, f.unit, budget));
    }
    out
}

/// `trunk build --release --offline --public-url /empty-yew/` of the empty Yew app, into `dist`. It shares the
/// workspace's target directory (its own workspace, so its own Cargo.lock and `[profile.release]`, a copy of ours).
fn empty_yew_build(dist: &Path) -> Result<()> {
    let ours = release_profile(&root().join("Cargo.toml"))?;
    let theirs = release_profile(&empty_yew_dir().join("Cargo.toml"))?;
    if ours != theirs {
        bail!(
            "the empty Yew app's [profile.release] ({theirs:?}) differs from flowsim's ({ours:?}): copy flowsim's into \
             {}, or the load ratio compares two different builds",
            empty_yew_dir().join("Cargo.toml").display()
        );
    }
    run(Command::new("trunk").current_dir(empty_yew_dir()).env("CARGO_TARGET_DIR", target_dir()).args([
        "build",
        "--release",
        "--offline",
        "--public-url",
        "/empty-yew/",
        "--dist",
        &dist.to_string_lossy(),
    ]))
}

/// The `key = value` lines of a Cargo.toml's `[profile.release]` table, without comments or blank lines.
fn release_profile(manifest: &Path) -> Result<Vec<String>> {
    let text = std::fs::read_to_string(manifest).with_context(|| format!("cannot read {}", manifest.display()))?;
    let lines: Vec<String> = text
        .lines()
        .skip_while(|l| l.trim() != "[profile.release]")
        .skip(1)
        .map(|l| l.split('#').next().unwrap_or("").trim().to_string())
        .take_while(|l| !l.starts_with('['))
        .filter(|l| !l.is_empty())
        .collect();
    if lines.is_empty() {
        bail!("{} has no [profile.release]", manifest.display());
    }
    Ok(lines)
}

/// (a) gzip -9 (flate2) and brotli 11 (Node's zlib) size of every wasm, js, css and html file of the release build.
fn size_report(dist: &Path) -> Result<Section> {
    let mut files = Vec::new();
    collect(dist, &mut files)?;
    files.retain(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("wasm" | "js" | "css" | "html")));
    files.sort();
    if files.is_empty() {
        bail!("no wasm/js/css/html files in {}", dist.display());
    }
    let brotli = brotli_sizes(dist)?;
    let mut out = String::new();
    let (mut raw_total, mut gz_total, mut br_total) = (0u64, 0u64, 0u64);
    for f in &files {
        let bytes = std::fs::read(f)?;
        let mut enc = GzEncoder::new(Vec::new(), Compression::best());
        enc.write_all(&bytes)?;
        let gz = enc.finish()?.len() as u64;
        let rel = f.strip_prefix(dist).unwrap_or(f).to_string_lossy().replace('\\', "/");
        let br = *brotli
            .iter()
            .find(|(p, _)| *p == rel)
            .map(|(_, b)| b)
            .with_context(|| format!("no brotli size for {rel}"))?;
        raw_total += bytes.len() as u64;
        gz_total += gz;
        br_total += br;
        out.push_str(&format!("{rel:<48} {:>9} B raw {gz:>9} B gzip {br:>9} B brotli\n", bytes.len()));
    }
    out.push_str(&format!("{:<48} {raw_total:>9} B raw {gz_total:>9} B gzip {br_total:>9} B brotli", "total"));
    Ok(Section {
        title: "(a) release build, gzip -9 (flate2 level 9) and brotli (Node zlib, quality 11)".to_string(),
        details: out,
        figures: vec![
            Figure::new("bundle gzip total (wasm+js+css+html)", gz_total as f64 / 1000.0, "KB").at_most(SIZE_BUDGET_KB),
            Figure::new("bundle brotli total", br_total as f64 / 1000.0, "KB"),
        ],
    })
}

/// `node bench/sizes.js dist`: (path relative to dist, brotli bytes) for every file.
fn brotli_sizes(dist: &Path) -> Result<Vec<(String, u64)>> {
    let mut cmd = Command::new("node");
    cmd.current_dir(e2e_dir()).arg("bench/sizes.js").arg(dist);
    let out = output_checked(&mut cmd)?;
    out.lines()
        .filter_map(|l| l.strip_prefix("SIZE "))
        .map(|l| {
            let mut w = l.rsplitn(3, ' ');
            let br = w.next().and_then(|v| v.parse().ok());
            let _raw = w.next();
            match (w.next(), br) {
                (Some(p), Some(br)) => Ok((p.to_string(), br)),
                _ => bail!("sizes.js printed a bad line: {l}"),
            }
        })
        .collect()
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
fn browser_bench(dist: &Path, script: &str, args: &[&str], fmt: impl Fn(&Kv) -> Result<Section>) -> Result<Section> {
    fmt(&browser_kv(dist, script, args)?)
}

/// Runs `node e2e/bench/<script>`; returns its last `BENCH k=v k=v` line.
fn browser_kv(dist: &Path, script: &str, args: &[&str]) -> Result<Kv> {
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
    bench_line(&text, script)
}

/// The last `BENCH k=v k=v` line of a bench's output.
fn bench_line(text: &str, what: &str) -> Result<Kv> {
    let line = text
        .lines()
        .rev()
        .find_map(|l| l.strip_prefix("BENCH "))
        .with_context(|| format!("{what} printed no BENCH line"))?;
    Ok(line.split_whitespace().filter_map(|w| w.split_once('=').map(|(k, v)| (k.to_string(), v.to_string()))).collect())
}

/// (f) the interpreter: natively (`flowsim-core`'s `bench` example, opt-level 3) and in Chromium
/// (`e2e/bench/interpreter.js` on the release build): reading the largest real configuration into the flow model,
/// a run that hits the 10,000-action limit, Simulate -> rendered for the demo inbound call flow, and configurations
/// at the 16 MB body limit in three shapes (time and wasm memory).
fn interpreter_bench(dist: &Path) -> Result<Section> {
    let runs = INTERP_RUNS.to_string();
    let mut cmd = Command::new(util::cargo());
    cmd.current_dir(root()).args(["run", "--quiet", "--profile", "native", "-p", "flowsim-core", "--example", "bench"]);
    cmd.args(["--", "--runs", &runs]);
    say(format!("$ {}", show(&cmd)));
    let native_out = output_checked(&mut cmd)?;
    print!("{native_out}");
    let native = bench_line(&native_out, "the native interpreter bench")?;
    let mut section = browser_bench(dist, "interpreter.js", &["--runs", &runs], |kv| {
        let read = num(kv, "read_median_ms")?;
        let engine = num(kv, "loop_engine_median_ms")?;
        let engine_max = num(kv, "loop_engine_max_ms")?;
        let aps = num(kv, "loop_actions_per_s")?;
        let demo = num(kv, "demo_browser_median_ms")?;
        Ok(Section {
            title: format!("(f) the interpreter, native (opt-level 3) and Chromium (release wasm), {runs} runs each"),
            details: format!(
                "Chromium: read {} B into the flow model median {read:.1} ms (max {:.1}); 10,000-action run: engine \
                 median {engine:.1} ms (max {engine_max:.1}), {aps:.0} actions/s, Simulate -> rendered median {:.1} ms; \
                 demo \"{}\": Simulate -> rendered median {demo:.1} ms (p90 {:.1}, engine {:.1}), org reads through flowsim-proxy",
                kv_get(kv, "read_bytes").unwrap_or("?"),
                num(kv, "read_max_ms")?,
                num(kv, "loop_render_median_ms")?,
                kv_get(kv, "demo_name").unwrap_or("?").replace('_', " "),
                num(kv, "demo_browser_p90_ms")?,
                num(kv, "demo_browser_engine_median_ms")?,
            ),
            figures: vec![
                Figure::new("read 573 KB configuration, Chromium median", read, "ms").at_most(BIG_READ_BUDGET_MS),
                Figure::new("10,000-action run, Chromium median", engine, "ms").at_most(ACTION_LIMIT_RUN_BUDGET_MS),
                Figure::new("10,000-action run, Chromium slowest", engine_max, "ms"),
                Figure::new("actions interpreted/s, Chromium", aps, "/s"),
                Figure::new("demo IVR Simulate -> render, median", demo, "ms").at_most(SIM_BUDGET_MS),
                Figure::new("16 MB configuration read + run, slowest shape", num(kv, "limit_max_ms")?, "ms")
                    .at_most(LIMIT_RUN_BUDGET_MS),
                Figure::new("16 MB configuration wasm memory growth / size", num(kv, "limit_max_memory_ratio")?, "x")
                    .at_most(LIMIT_MEMORY_BUDGET_X),
            ],
        })
    })?;
    let (read, run) = (num(&native, "read_median_ms")?, num(&native, "run_median_ms")?);
    let aps = num(&native, "actions_per_s")?;
    section.details.push_str(&format!(
        "\nnative: read {} B ({} actions) into the flow model median {read:.2} ms; 10,000-action run median {run:.2} ms, \
         {aps:.0} actions/s",
        kv_get(&native, "read_bytes").unwrap_or("?"),
        kv_get(&native, "read_actions").unwrap_or("?"),
    ));
    section.figures.splice(
        0..0,
        [
            Figure::new("read 573 KB configuration, native median", read, "ms"),
            Figure::new("10,000-action run, native median", run, "ms"),
            Figure::new("actions interpreted/s, native", aps, "/s"),
        ],
    );
    Ok(section)
}

/// Starts fake-genesys (the `native` build) in `group`; returns its URL.
fn start_fake(group: &mut Group) -> Result<String> {
    let bin = target_dir().join("native");
    let fake = group.spawn(
        "fake-genesys",
        Command::new(bin.join("fake-genesys")).args(["--port", "0"]),
        Some("listening on"),
    )?;
    listening_url(&group.wait_ready(fake, Duration::from_secs(30))?)
}

/// (d) proxy-bench against fake-genesys: direct, through flowsim-proxy and through cors-anywhere, one run.
fn proxy_bench() -> Result<Section> {
    proc::install_signal_handlers();
    let bin = target_dir().join("native");
    let mut group = Group::new();
    let fake_url = start_fake(&mut group)?;
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
    Ok(Section {
        title: format!("(d) proxy-bench (fake-genesys {fake_url}; flowsim-proxy {proxy_url}; cors-anywhere {ca_url})"),
        details: out,
        figures: Vec::new(),
    })
}

/// Runs of the offline suite natively (median).
const SUITE_RUNS: usize = 3;

/// The numbers after `prefix` on the first line that starts with it (`API calls: 13 sent, 42 …` -> 13, 42).
fn numbers_after(out: &str, prefix: &str) -> Result<Vec<f64>> {
    let line = out.lines().find_map(|l| l.strip_prefix(prefix)).with_context(|| format!("no `{prefix}` line"))?;
    Ok(line.split(|c: char| !c.is_ascii_digit() && c != '.').filter_map(|w| w.trim_matches('.').parse().ok()).collect())
}

/// (g) Suites: API calls per case of the demo suite against fake-genesys (the `flowsim` CLI, cases four at a
/// time) next to the minimum possible (the distinct requests its cases need); and cases per second offline (the
/// demo inbound call flow as a file, 1,000 callers, no org) natively with the CLI and in Chromium in the app's
/// Test suite panel, on the same files.
fn suite_bench(dist: &Path) -> Result<Section> {
    proc::install_signal_handlers();
    let bin = target_dir().join("native");
    let mut group = Group::new();
    let fake_url = start_fake(&mut group)?;
    let demo = root().join("crates/fake-genesys/suites/demo.json");
    let mut cmd = Command::new(bin.join("flowsim"));
    cmd.arg("test").arg(&demo).args(["--api-base", &fake_url, "--token-env", "FLOWSIM_BENCH_TOKEN"]);
    cmd.env("FLOWSIM_BENCH_TOKEN", "demo-token");
    say(format!("$ {}", show(&cmd)));
    let out = output_checked(&mut cmd);
    group.stop_all();
    let out = out?;
    // "API calls: 13 sent, 42 answered from the run's cache; 13 distinct requests needed." and "Ran 9 cases in …".
    let calls = numbers_after(&out, "API calls: ")?;
    let [sent, hits, distinct] = calls[..] else { bail!("the API calls line has {} numbers", calls.len()) };
    let cases = *numbers_after(&out, "Ran ")?.first().context("no case count")?;
    let per_case = |n: f64| n / cases.max(1.0);

    // The Chromium half writes the flow file and the 1,000-case suite, then the CLI runs the same files.
    let dir = target_dir().join("bench-suite");
    let dir_arg = dir.to_string_lossy().into_owned();
    let chromium = browser_kv(dist, "suites.js", &["--dir", &dir_arg])?;
    let (flow, suite) = (dir.join("demo-ivr.json"), dir.join("demo-callers.json"));
    let mut native_rates = Vec::new();
    for _ in 0..SUITE_RUNS {
        let mut cmd = Command::new(bin.join("flowsim"));
        cmd.arg("test").arg(&suite).arg("--flow-file").arg(&flow);
        say(format!("$ {}", show(&cmd)));
        let offline = output_checked(&mut cmd)?;
        // "Ran 1000 cases in 0.41 s (2439 cases/s)."
        let ran = numbers_after(&offline, "Ran ")?;
        let [n, _, rate] = ran[..] else { bail!("the Ran line has {} numbers", ran.len()) };
        if n != 1000.0 {
            bail!("the native run ran {n} cases, not 1,000");
        }
        native_rates.push(rate);
    }
    native_rates.sort_by(f64::total_cmp);
    let native_rate = native_rates[native_rates.len() / 2];
    let chromium_rate = num(&chromium, "chromium_cases_per_s")?;
    let gap = num(&chromium, "longest_frame_gap_ms")?;
    Ok(Section {
        title: "(g) suites: the flowsim CLI natively and the Test suite panel in Chromium".to_string(),
        details: format!(
            "demo suite ({cases} cases, 4 at a time) against fake-genesys: {sent} API calls sent ({:.2} per case), {hits} \
             answered from the run's cache; the minimum, the distinct requests the cases need: {distinct} ({:.2} per \
             case); without the run's cache: {} ({:.2} per case).\n\
             Offline, the demo inbound call flow as a file ({} B), 1,000 callers: natively {native_rate:.0} cases/s \
             (median of {SUITE_RUNS}: {}), in Chromium {chromium_rate:.0} cases/s (median of {} runs after a warm-up; the \
             longest gap between two frames during any run, the first included, {gap:.0} ms).",
            per_case(sent),
            per_case(distinct),
            sent + hits,
            per_case(sent + hits),
            kv_get(&chromium, "flow_bytes").unwrap_or("?"),
            native_rates.iter().map(|r| format!("{r:.0}")).collect::<Vec<_>>().join(" "),
            kv_get(&chromium, "runs").unwrap_or("?"),
        ),
        figures: vec![
            // The budget is the minimum: a run sends each distinct request once and nothing more.
            Figure::new("demo suite API calls", sent, "calls").at_most(distinct),
            Figure::new("demo suite API calls per case", per_case(sent), "calls"),
            Figure::new("demo suite API calls per case, minimum possible", per_case(distinct), "calls"),
            Figure::new("offline suite, cases per second (native)", native_rate, "/s"),
            Figure::new("offline suite, cases per second (Chromium)", chromium_rate, "/s"),
            Figure::new("offline suite, longest frame gap (Chromium)", gap, "ms").at_most(INTERACTION_BUDGET_MS),
        ],
    })
}
