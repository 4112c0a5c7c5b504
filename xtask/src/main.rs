//! Project automation for flowsim (matklad's xtask pattern): `cargo xtask <command>`.
//!
//! * `setup`  installs what is missing (wasm32 target, Trunk, wasm-bindgen-cli, wasm-opt; with `--tests` also
//!   Chromium and the e2e npm packages).
//! * `serve`  runs the demo: fake-genesys behind flowsim-proxy and the app under `trunk serve`.
//! * `test`   runs every check the project has, failing on the first failure, with a timing summary.
//! * `bench`  builds release bits and prints size, latency and proxy figures against their budgets.

mod bench;
mod fuzz;
mod proc;
mod serve;
mod setup;
mod test;
mod util;

use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <command> [options]

commands:
  setup [--tests]     install what is missing: the wasm32 target, trunk 0.21.14, wasm-bindgen-cli (the version
                      in Cargo.lock), wasm-opt (binaryen 132); --tests adds Chromium and the e2e npm packages
  serve [options]     fake-genesys + flowsim-proxy + trunk serve, then print the demo URL; Ctrl-C stops all
      --app-port N      trunk serve port (default 8080)
      --proxy-port N    flowsim-proxy port (default 8081)
      --fake-port N     fake-genesys port (default 9000)
  test [options]      setup, then fmt, clippy (native and wasm32), cargo test, the SDK conformance test, the
                      release build under /flowsim/, and the browser tests; stops at the first failure
      --skip-setup      do not run setup first
      --only STEP       run only this step (repeatable); steps: fmt clippy clippy-wasm cargo-test conformance
                        trunk-build build-bins e2e
      --e2e-args ARGS   extra arguments passed to `npm test` (e.g. \"-g 'not found'\")
  bench [--skip-setup] [--runs N] [--load-runs N] [--only PART]
                      release build size (gzip -9 vs 400 KB, brotli), Simulate-to-render median/p90 over N runs
                      (default 20), a 5,000-step trace render and its interactivity, cold load to interactive on a
                      throttled network against an empty Yew app (ratio vs 2.5, --load-runs each, default 11),
                      proxy-bench against flowsim-proxy and cors-anywhere, the interpreter natively and in Chromium,
                      and suites (the demo suite's API calls vs the minimum, offline cases/s natively and in
                      Chromium); parts: size simulate render-large layout proxy load interpreter suites
  fuzz [--seconds N] [--target NAME]
                      the cargo-fuzz targets of flowsim-core (flow_config, export_decode, expr_parse), N seconds
                      each (default 60); needs the nightly toolchain; installs cargo-fuzz; not part of `test`
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(cmd) = args.first() else {
        eprint!("{USAGE}");
        return ExitCode::from(2);
    };
    let rest = &args[1..];
    let result = match cmd.as_str() {
        "setup" => setup::cmd(rest),
        "serve" => serve::cmd(rest),
        "test" => test::cmd(rest),
        "bench" => bench::cmd(rest),
        "fuzz" => fuzz::cmd(rest),
        "help" | "-h" | "--help" => {
            print!("{USAGE}");
            Ok(())
        }
        other => Err(anyhow::anyhow!("unknown command `{other}`\n\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("\nxtask {cmd}: error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
