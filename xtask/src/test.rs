//! `cargo xtask test`: every check, in order, stopping at the first failure, with a timing summary.

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{bail, Result};

use crate::setup::{self, e2e_dir, CHROMIUM};
use crate::util::{self, fmt_duration, root, run, say, target_dir, Args};

pub const STEPS: [&str; 8] =
    ["fmt", "clippy", "clippy-wasm", "cargo-test", "conformance", "trunk-build", "build-bins", "e2e"];

/// Where the release build for the browser tests goes, served under `/flowsim/`.
pub fn e2e_dist() -> PathBuf {
    target_dir().join("e2e-dist")
}

pub fn cmd(args: &[String]) -> Result<()> {
    let mut a = Args::new(args);
    let skip_setup = a.switch("--skip-setup");
    let only = a.values("--only")?;
    let e2e_args = a.value("--e2e-args")?;
    a.finish()?;
    for s in &only {
        if !STEPS.contains(&s.as_str()) {
            bail!("unknown step `{s}`; steps: {}", STEPS.join(" "));
        }
    }
    let wanted = |s: &str| only.is_empty() || only.iter().any(|o| o == s);

    let started = Instant::now();
    let mut timings: Vec<(String, Duration, bool)> = Vec::new();
    let result = (|| -> Result<()> {
        if !skip_setup {
            step(&mut timings, "setup", || setup::setup(setup::Opts { tests: true }))?;
        }
        let cargo = util::cargo();
        let c = |args: &[&str]| {
            let mut c = Command::new(&cargo);
            c.current_dir(root()).args(args);
            c
        };
        if wanted("fmt") {
            step(&mut timings, "fmt", || run(&mut c(&["fmt", "--all", "--check"])))?;
        }
        if wanted("clippy") {
            step(&mut timings, "clippy", || {
                run(&mut c(&["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"]))
            })?;
        }
        if wanted("clippy-wasm") {
            step(&mut timings, "clippy-wasm", || {
                run(&mut c(&["clippy", "-p", "flowsim", "--target", "wasm32-unknown-unknown", "--", "-D", "warnings"]))
            })?;
        }
        if wanted("cargo-test") {
            step(&mut timings, "cargo-test", || run(&mut c(&["test", "--workspace"])))?;
        }
        if wanted("conformance") {
            step(&mut timings, "conformance", || {
                let script = root().join("crates/fake-genesys/conformance/run.sh");
                if !script.exists() {
                    bail!("{} does not exist", script.display());
                }
                run(Command::new("bash").arg(script).current_dir(root()))
            })?;
        }
        if wanted("trunk-build") {
            step(&mut timings, "trunk-build", || trunk_release_build(&e2e_dist()))?;
        }
        if wanted("build-bins") {
            step(&mut timings, "build-bins", || run(&mut c(&["build", "-p", "fake-genesys", "-p", "flowsim-proxy"])))?;
        }
        if wanted("e2e") {
            step(&mut timings, "e2e", || {
                let mut cmd = Command::new("npm");
                cmd.current_dir(e2e_dir()).arg("test");
                if let Some(extra) = &e2e_args {
                    cmd.arg("--");
                    cmd.args(extra.split_whitespace());
                }
                e2e_env(&mut cmd, &e2e_dist(), "debug");
                run(&mut cmd)
            })?;
        }
        Ok(())
    })();

    println!();
    println!("timing summary:");
    for (name, d, ok) in &timings {
        println!("  {:<12} {:>10}  {}", name, fmt_duration(*d), if *ok { "ok" } else { "FAILED" });
    }
    println!("  {:<12} {:>10}", "total", fmt_duration(started.elapsed()));
    match result {
        Ok(()) => {
            println!("\n\x1b[1;32mall checks passed\x1b[0m");
            Ok(())
        }
        Err(e) => Err(e),
    }
}

fn step(timings: &mut Vec<(String, Duration, bool)>, name: &str, f: impl FnOnce() -> Result<()>) -> Result<()> {
    println!();
    say(format!("==> step {name}"));
    let t = Instant::now();
    let r = f();
    timings.push((name.to_string(), t.elapsed(), r.is_ok()));
    r.map_err(|e| anyhow::anyhow!("step `{name}` failed: {e:#}"))
}

/// `trunk build --release --offline --public-url /flowsim/ --dist <dist>`.
pub fn trunk_release_build(dist: &std::path::Path) -> Result<()> {
    run(Command::new("trunk").current_dir(root()).args([
        "build",
        "--release",
        "--offline",
        "--public-url",
        "/flowsim/",
        "--dist",
        &dist.to_string_lossy(),
    ]))
}

/// The environment the e2e harness reads (see e2e/harness/env.mjs).
pub fn e2e_env(cmd: &mut Command, dist: &std::path::Path, profile: &str) {
    let bin = target_dir().join(profile);
    cmd.env("FLOWSIM_DIST", dist)
        .env("FLOWSIM_PUBLIC_PATH", "/flowsim/")
        .env("FAKE_GENESYS_BIN", bin.join("fake-genesys"))
        .env("FLOWSIM_PROXY_BIN", bin.join("flowsim-proxy"))
        .env("CHROMIUM_PATH", CHROMIUM)
        .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
}
