//! `cargo xtask fuzz [--seconds N] [--target NAME]`: runs the cargo-fuzz targets of flowsim-core
//! (`crates/flowsim-core/fuzz/`: `flow_config`, `export_decode`, `expr_parse`) for N seconds each (default 60),
//! seeded with the twelve real configurations. Not part of `cargo xtask test` (it needs the nightly toolchain
//! and libFuzzer); cargo-fuzz is installed on demand.

use std::path::Path;
use std::process::Command;

use anyhow::{bail, Context, Result};

use crate::util::{self, output, root, run, say, Args};

const TARGETS: [&str; 3] = ["flow_config", "export_decode", "expr_parse"];

pub fn cmd(args: &[String]) -> Result<()> {
    let mut a = Args::new(args);
    let seconds: u64 = a.number("--seconds", 60)?;
    let only = a.value("--target")?;
    a.finish()?;
    let targets: Vec<&str> = match &only {
        Some(t) if TARGETS.contains(&t.as_str()) => vec![t.as_str()],
        Some(t) => bail!("unknown fuzz target `{t}`; the targets are {}", TARGETS.join(", ")),
        None => TARGETS.to_vec(),
    };

    let toolchains = output(Command::new("rustup").args(["toolchain", "list"])).unwrap_or_default();
    if !toolchains.lines().any(|l| l.starts_with("nightly")) {
        bail!("cargo-fuzz needs the nightly toolchain (libFuzzer's sanitizer flags): run `rustup toolchain install nightly`");
    }
    if output(Command::new(util::cargo()).args(["fuzz", "--version"])).is_none() {
        say("installing cargo-fuzz");
        run(Command::new(util::cargo()).args(["install", "cargo-fuzz", "--locked"]))?;
    }

    let core = root().join("crates/flowsim-core");
    for t in &targets {
        seed(&core, t)?;
        say(format!("fuzzing {t} for {seconds} s"));
        // `rustup run`: the `cargo` xtask runs under (`$CARGO`) is the toolchain's own and knows no `+nightly`.
        run(Command::new("rustup").current_dir(&core).args([
            "run",
            "nightly",
            "cargo",
            "fuzz",
            "run",
            t,
            "--",
            &format!("-max_total_time={seconds}"),
            // Inputs as large as the 16 MB body limit are read elsewhere (tests/flow_limits.rs); keep runs fast.
            "-max_len=1048576",
        ]))?;
    }
    say(format!("fuzzed {} for {seconds} s each: no crash", targets.join(", ")));
    Ok(())
}

/// Seeds a target's corpus with the real configurations (as JSON, and as Architect exports for the decoder).
fn seed(core: &Path, target: &str) -> Result<()> {
    let corpus = core.join("fuzz/corpus").join(target);
    std::fs::create_dir_all(&corpus).with_context(|| format!("creating {}", corpus.display()))?;
    if std::fs::read_dir(&corpus)?.next().is_some() {
        return Ok(());
    }
    let fixtures = core.join("tests/fixtures/flowconfigs");
    for entry in std::fs::read_dir(&fixtures).with_context(|| format!("reading {}", fixtures.display()))? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "json") {
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let text = std::fs::read_to_string(&path)?;
            match target {
                "expr_parse" => {
                    // Every expression text of the configuration, one seed each.
                    for (i, line) in text.match_indices("\"text\": \"").take(200).enumerate() {
                        let rest = &text[line.0 + line.1.len()..];
                        if let Some(end) = rest.find('"') {
                            std::fs::write(corpus.join(format!("{name}-{i}")), &rest[..end])?;
                        }
                    }
                }
                _ => std::fs::write(corpus.join(name), text)?,
            }
        }
    }
    Ok(())
}
