//! `cargo xtask setup`: installs what is missing, idempotently, saying what it does.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{bail, Context, Result};

use crate::util::{self, on_path, output, root, run, say, show, target_dir, warn, Args};

pub const TRUNK_VERSION: &str = "0.21.14";
pub const BINARYEN_VERSION: u32 = 132;
pub const CHROMIUM: &str = "/usr/bin/chromium";

#[derive(Clone, Copy, Debug, Default)]
pub struct Opts {
    /// Chromium and the e2e npm packages (for `test` and `bench`).
    pub tests: bool,
}

pub fn cmd(args: &[String]) -> Result<()> {
    let mut a = Args::new(args);
    let tests = a.switch("--tests");
    a.finish()?;
    setup(Opts { tests })
}

pub fn setup(opts: Opts) -> Result<()> {
    say("setup: checking tools");
    wasm_target()?;
    // apt runs beside the cargo installs: both are slow and mostly wait on different things.
    let apt = if opts.tests { chromium_start()? } else { None };
    let tools = cargo_tools().and_then(|()| wasm_opt()).and_then(|()| fetch_crates());
    let browser = match apt {
        Some(apt) => chromium_finish(apt),
        None => Ok(()),
    };
    tools?;
    browser?;
    if opts.tests {
        e2e_packages()?;
    }
    say("setup: done");
    Ok(())
}

fn wasm_target() -> Result<()> {
    const T: &str = "wasm32-unknown-unknown";
    if on_path("rustup").is_none() {
        // Without rustup the toolchain is what it is; the wasm32 build will say if the target is missing.
        warn(format!("rustup not found: make sure the {T} target is installed for this toolchain"));
        return Ok(());
    }
    let installed = output(Command::new("rustup").args(["target", "list", "--installed"])).unwrap_or_default();
    if installed.lines().any(|l| l.trim() == T) {
        say(format!("ok: rust target {T}"));
        return Ok(());
    }
    run(Command::new("rustup").args(["target", "add", T]))
}

/// The first version number (`1.2.3`) in `text`.
pub fn first_version(text: &str) -> Option<String> {
    text.split(|c: char| c.is_whitespace() || c == '(' || c == ')' || c == ',')
        .map(|w| w.trim_start_matches('v'))
        .find(|w| w.contains('.') && w.split('.').all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit())))
        .map(str::to_string)
}

/// The version of the `wasm-bindgen` crate that Cargo.lock pins (what trunk will ask for).
pub fn locked_wasm_bindgen() -> Result<String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock")).context("cannot read Cargo.lock")?;
    let mut lines = lock.lines();
    while let Some(l) = lines.next() {
        if l.trim() == "name = \"wasm-bindgen\"" {
            if let Some(v) = lines.next().and_then(|v| v.trim().strip_prefix("version = \"")) {
                return Ok(v.trim_end_matches('"').to_string());
            }
        }
    }
    bail!("Cargo.lock has no wasm-bindgen entry (is the app's dependency on wasm-bindgen in place?)")
}

fn tool_version(prog: &str) -> Option<String> {
    output(Command::new(prog).arg("--version")).and_then(|o| first_version(&o))
}

/// trunk and wasm-bindgen-cli compile from source (several minutes each); when both are missing they are
/// installed at the same time, which roughly halves the wall time on two cores (each spends a long stretch in
/// single-threaded LTO and linking).
fn cargo_tools() -> Result<()> {
    let wb_want = locked_wasm_bindgen()?;
    let mut installs: Vec<(&str, Command)> = Vec::new();

    match tool_version("trunk") {
        Some(v) if v == TRUNK_VERSION => say(format!("ok: trunk {v}")),
        have => {
            say(format!("trunk {TRUNK_VERSION} needed (found: {})", have.as_deref().unwrap_or("none")));
            let mut c = Command::new(util::cargo());
            c.args(["install", "--locked", "trunk", "--version", TRUNK_VERSION]);
            installs.push(("trunk", c));
        }
    }
    match tool_version("wasm-bindgen") {
        Some(v) if v == wb_want => say(format!("ok: wasm-bindgen {v} (matches Cargo.lock)")),
        have => {
            say(format!(
                "wasm-bindgen-cli {wb_want} needed to match Cargo.lock (found: {})",
                have.as_deref().unwrap_or("none")
            ));
            // Not --locked: wasm-bindgen-cli's own lock file pins a crate version the registry no longer has.
            let mut c = Command::new(util::cargo());
            c.args(["install", "wasm-bindgen-cli", "--version", &wb_want]);
            installs.push(("wasm-bindgen-cli", c));
        }
    }
    if installs.is_empty() {
        return Ok(());
    }
    // These are build tools: how fast they run hardly matters, how long they take to compile does (CI).
    // trunk's own release profile asks for fat LTO and one codegen unit, minutes of single-threaded work.
    for (_, c) in &mut installs {
        c.env("CARGO_PROFILE_RELEASE_LTO", "off")
            .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16")
            .env("CARGO_PROFILE_RELEASE_OPT_LEVEL", "1")
            .env("CARGO_PROFILE_RELEASE_DEBUG", "false");
    }
    if installs.len() == 1 {
        let (_, mut c) = installs.pop().expect("one install");
        return run(&mut c);
    }
    let logs = target_dir().join("xtask-logs");
    std::fs::create_dir_all(&logs)?;
    let mut running = Vec::new();
    for (name, mut c) in installs {
        let log_path = logs.join(format!("install-{name}.log"));
        let log = std::fs::File::create(&log_path)?;
        say(format!("$ {}   (in parallel; log: {})", show(&c), log_path.display()));
        c.stdin(Stdio::null()).stdout(log.try_clone()?).stderr(log);
        let child = c.spawn().with_context(|| format!("cannot start `{}`", show(&c)))?;
        running.push((name, show(&c), child, log_path));
    }
    let mut failed = Vec::new();
    for (name, line, mut child, log_path) in running {
        let status = child.wait()?;
        if status.success() {
            say(format!("installed {name}"));
        } else {
            eprintln!("--- last lines of {} ---\n{}", log_path.display(), tail(&log_path, 40));
            failed.push(format!(
                "`{line}` failed ({}); full log: {}",
                util::describe_status(status),
                log_path.display()
            ));
        }
    }
    if !failed.is_empty() {
        bail!("{}", failed.join("\n"));
    }
    Ok(())
}

fn tail(path: &Path, n: usize) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(n)..].join("\n")
}

/// `wasm-opt --version` prints `wasm-opt version 132 (version_132)`.
fn wasm_opt_version() -> Option<u32> {
    let out = output(Command::new("wasm-opt").arg("--version"))?;
    out.split_whitespace().find_map(|w| w.parse().ok())
}

fn wasm_opt() -> Result<()> {
    match wasm_opt_version() {
        Some(v) if v >= BINARYEN_VERSION => {
            say(format!("ok: wasm-opt version {v}"));
            return Ok(());
        }
        Some(v) => {
            say(format!("wasm-opt {v} is older than {BINARYEN_VERSION} (Debian's is too old); installing binaryen"))
        }
        None => say("wasm-opt not found; installing binaryen from npm"),
    }
    if on_path("npm").is_none() {
        bail!(
            "npm is needed to install wasm-opt (npm install -g binaryen@{BINARYEN_VERSION}); install Node.js and npm"
        );
    }
    run(Command::new("npm").args(["install", "-g", &format!("binaryen@{BINARYEN_VERSION}")]))?;
    match wasm_opt_version() {
        Some(v) if v >= BINARYEN_VERSION => {
            say(format!("ok: wasm-opt version {v}"));
            Ok(())
        }
        other => {
            let prefix = output(Command::new("npm").args(["prefix", "-g"])).unwrap_or_default();
            bail!(
                "binaryen@{BINARYEN_VERSION} was installed but `wasm-opt --version` gives {other:?}: put {prefix}/bin \
                 before other wasm-opt copies on PATH"
            )
        }
    }
}

/// `trunk --offline` also builds offline, so the crates must be in cargo's cache first.
fn fetch_crates() -> Result<()> {
    say("fetching crates (trunk builds with --offline)");
    run(Command::new(util::cargo()).current_dir(root()).arg("fetch"))
}

/// Starts installing Chromium when it is missing (as root), logging to target/xtask-logs/apt-chromium.log.
fn chromium_start() -> Result<Option<(std::process::Child, PathBuf)>> {
    if Path::new(CHROMIUM).exists() {
        say(format!("ok: {CHROMIUM}"));
        return Ok(None);
    }
    let line = "apt-get update && apt-get install -y --no-install-recommends chromium chromium-driver";
    if !util::is_root() {
        bail!("{CHROMIUM} is missing and xtask is not root; run: sudo sh -c '{line}'");
    }
    let logs = target_dir().join("xtask-logs");
    std::fs::create_dir_all(&logs)?;
    let log_path = logs.join("apt-chromium.log");
    let log = std::fs::File::create(&log_path)?;
    say(format!("{CHROMIUM} is missing; $ {line}   (in the background; log: {})", log_path.display()));
    let child = Command::new("sh")
        .args(["-c", line])
        .env("DEBIAN_FRONTEND", "noninteractive")
        .stdin(Stdio::null())
        .stdout(log.try_clone()?)
        .stderr(log)
        .spawn()
        .context("cannot start apt-get")?;
    Ok(Some((child, log_path)))
}

fn chromium_finish((mut child, log_path): (std::process::Child, PathBuf)) -> Result<()> {
    let status = child.wait()?;
    if !status.success() {
        eprintln!("--- last lines of {} ---\n{}", log_path.display(), tail(&log_path, 40));
        bail!("installing chromium failed ({}); log: {}", util::describe_status(status), log_path.display());
    }
    if !Path::new(CHROMIUM).exists() {
        bail!("apt-get installed chromium but {CHROMIUM} does not exist");
    }
    say(format!("installed {CHROMIUM}"));
    Ok(())
}

pub fn e2e_dir() -> PathBuf {
    root().join("e2e")
}

/// `npm ci` in e2e/ when node_modules is missing or older than package-lock.json.
fn e2e_packages() -> Result<()> {
    let dir = e2e_dir();
    let lock = dir.join("package-lock.json");
    let installed = dir.join("node_modules/.package-lock.json");
    if on_path("npm").is_none() {
        bail!("npm is needed for the browser tests; install Node.js 20 and npm");
    }
    let mut c = Command::new("npm");
    c.current_dir(&dir).env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1").args(["--no-audit", "--no-fund"]);
    if !lock.exists() {
        c.arg("install");
    } else {
        let fresh = match (std::fs::metadata(&lock), std::fs::metadata(&installed)) {
            (Ok(l), Ok(i)) => i.modified()? >= l.modified()?,
            _ => false,
        };
        if fresh {
            say("ok: e2e/node_modules is up to date");
            return Ok(());
        }
        c.arg("ci");
    }
    run(&mut c)
}

#[cfg(test)]
mod tests {
    use super::first_version;

    #[test]
    fn versions_are_read_from_tool_output() {
        assert_eq!(first_version("trunk 0.21.14").as_deref(), Some("0.21.14"));
        assert_eq!(first_version("wasm-bindgen 0.2.130").as_deref(), Some("0.2.130"));
        assert_eq!(first_version("cargo 1.95.0 (f2d3ce0bd 2026-03-21)").as_deref(), Some("1.95.0"));
        assert_eq!(first_version("nothing here"), None);
    }
}
