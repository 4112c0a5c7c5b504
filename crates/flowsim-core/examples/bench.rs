//! Native figures for `cargo xtask bench --only interpreter` (run with `--profile native`, opt-level 3):
//! the time to read the largest real configuration into the flow model, and the interpreter's speed on a run that
//! hits the 10,000-action limit (`tests/fixtures/bench/action-limit-loop.json`; `tests/bench_fixtures.rs` checks
//! that it does). Prints one `BENCH k=v …` line.
//!
//!   cargo run --profile native -p flowsim-core --example bench [-- --runs 21]

use std::time::Instant;

use flowsim_core::expr::OrgAnswer;
use flowsim_core::flow::Flow;
use flowsim_core::interp::{Interaction, Interpreter, Need, Options, Outcome, RunError, Step};

fn fixture(path: &str) -> Result<String, String> {
    let path = format!("{}/tests/fixtures/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).map_err(|e| format!("{path}: {e}"))
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    let n = xs.len();
    match n {
        0 => f64::NAN,
        _ if n % 2 == 1 => xs[n / 2],
        _ => (xs[n / 2 - 1] + xs[n / 2]) / 2.0,
    }
}

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}

/// One run to its end, as the bench's test drives it: no org, silence for every input.
fn run(flow: &Flow) -> Result<(Outcome, usize), String> {
    let mut it = Interpreter::new(flow.clone(), Interaction::default(), Options::default());
    loop {
        match it.step() {
            Step::Done(o) => return Ok((o, it.actions_executed())),
            Step::Need(Need::Org(q)) => it.provide_org(q, OrgAnswer::NoOrg),
            Step::Need(Need::Input(_)) => it.provide_input(None),
            Step::Need(n) => return Err(format!("the bench flow asked for {n:?}")),
        }
    }
}

fn main() -> Result<(), String> {
    let args: Vec<String> = std::env::args().collect();
    let runs: usize = match args.iter().position(|a| a == "--runs") {
        Some(i) => args.get(i + 1).and_then(|v| v.parse().ok()).ok_or("--runs N")?,
        None => 21,
    };

    let big = fixture("flowconfigs/limitless-email-inboundemail.json")?;
    let mut read = Vec::new();
    let mut actions_in_model = 0;
    for _ in 0..runs + 2 {
        let t = Instant::now();
        let flow = Flow::parse(&big).map_err(|e| e.describe())?;
        read.push(ms(t));
        actions_in_model = flow.actions.len();
    }
    read.drain(..2); // warm-up

    let looped = Flow::parse(&fixture("bench/action-limit-loop.json")?).map_err(|e| e.describe())?;
    let limit = Options::default().max_actions;
    let mut times = Vec::new();
    for i in 0..runs + 2 {
        let t = Instant::now();
        let (outcome, executed) = run(&looped)?;
        let elapsed = ms(t);
        match outcome {
            Outcome::ErrorHandling { error: RunError::ActionLimit { .. }, .. } if executed > limit => {}
            o => return Err(format!("the action-limit flow ended in {o:?} after {executed} actions")),
        }
        if i >= 2 {
            times.push(elapsed);
        }
    }
    let run_ms = median(times);
    println!(
        "BENCH runs={runs} read_bytes={} read_actions={actions_in_model} read_median_ms={:.3} run_actions={limit} \
         run_median_ms={:.3} actions_per_s={:.0}",
        big.len(),
        median(read),
        run_ms,
        limit as f64 / (run_ms / 1000.0)
    );
    Ok(())
}
