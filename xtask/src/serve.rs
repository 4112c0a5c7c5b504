//! `cargo xtask serve`: the demo, as in real use: the app (trunk serve) calls fake-genesys (CORS off) through
//! flowsim-proxy, cross-origin.

use std::process::Command;
use std::time::Duration;

use anyhow::{bail, Result};

use crate::proc::{self, Group};
use crate::setup;
use crate::util::{self, http_get, port_busy, root, run, say, target_dir, Args};

pub fn cmd(args: &[String]) -> Result<()> {
    let mut a = Args::new(args);
    let app_port: u16 = a.number("--app-port", 8080)?;
    let proxy_port: u16 = a.number("--proxy-port", 8081)?;
    let fake_port: u16 = a.number("--fake-port", 9000)?;
    let skip_setup = a.switch("--skip-setup");
    a.finish()?;

    for (what, port) in [("app", app_port), ("flowsim-proxy", proxy_port), ("fake-genesys", fake_port)] {
        if port_busy(port) {
            bail!(
                "port {port} (for {what}) is already in use on 127.0.0.1; stop what uses it or pick another \
                 with --app-port/--proxy-port/--fake-port"
            );
        }
    }
    if !skip_setup {
        setup::setup(setup::Opts { tests: false })?;
    }
    run(Command::new(util::cargo()).current_dir(root()).args(["build", "-p", "fake-genesys", "-p", "flowsim-proxy"]))?;

    proc::install_signal_handlers();
    let mut group = Group::new();
    let bin = target_dir().join("debug");
    let fake = group.spawn(
        "fake-genesys",
        Command::new(bin.join("fake-genesys")).args([
            "--port",
            &fake_port.to_string(),
            // The app's own address, so that its demo OAuth client lets the app sign in.
            "--redirect-uri",
            &format!("http://127.0.0.1:{app_port}/"),
            "--redirect-uri",
            &format!("http://localhost:{app_port}/"),
        ]),
        Some("listening on"),
    )?;
    let fake_url = format!("http://127.0.0.1:{fake_port}");
    let proxy = group.spawn(
        "flowsim-proxy",
        Command::new(bin.join("flowsim-proxy")).args([
            "--port",
            &proxy_port.to_string(),
            "--allow-upstream",
            &fake_url,
            "--allow-origin",
            &format!("http://127.0.0.1:{app_port}"),
            "--allow-origin",
            &format!("http://localhost:{app_port}"),
        ]),
        Some("listening on"),
    )?;
    group.spawn(
        "trunk",
        Command::new("trunk").current_dir(root()).args([
            "serve",
            "--offline",
            // Its own dist, so that a `trunk build` elsewhere in the tree cannot pull files from under it.
            "--dist",
            &target_dir().join("serve-dist").to_string_lossy(),
            "--address",
            "127.0.0.1",
            "--port",
            &app_port.to_string(),
        ]),
        None,
    )?;
    group.wait_ready(fake, Duration::from_secs(60))?;
    group.wait_ready(proxy, Duration::from_secs(60))?;
    match http_get(fake_port, "/_fake/scenarios", Duration::from_secs(5)) {
        Ok((200, _)) => say("fake-genesys serves /_fake/scenarios"),
        Ok((s, _)) => util::warn(format!("fake-genesys answered /_fake/scenarios with HTTP {s}")),
        Err(e) => util::warn(format!("fake-genesys /_fake/scenarios: {e}")),
    }
    say("waiting for trunk's first build (a few minutes on a fresh machine)");
    group.wait_until("trunk serve", Duration::from_secs(30 * 60), || {
        // The page, once it references the built wasm (trunk may serve before its first build succeeds).
        matches!(http_get(app_port, "/", Duration::from_secs(2)), Ok((200, body)) if String::from_utf8_lossy(&body).contains(".wasm"))
    })?;

    let url = demo_url(app_port, fake_port, proxy_port);
    println!();
    println!("\x1b[1;32m  flowsim demo is running\x1b[0m");
    println!("  app            http://127.0.0.1:{app_port}/   (trunk serve, rebuilds on change)");
    println!("  fake-genesys   {fake_url}   (demo org, CORS off)");
    println!("  flowsim-proxy  http://127.0.0.1:{proxy_port}/   (allows only {fake_url})");
    println!();
    println!("  Open this URL and press Simulate (the first demo scenario, token included, is filled in),");
    println!("  or press Sign in and pick a demo user (the demo's OAuth client ID is filled in):");
    println!();
    println!("    \x1b[1m{url}\x1b[0m");
    println!();
    println!("  Ctrl-C stops everything.");
    println!();

    let outcome = group.supervise();
    group.stop_all();
    outcome
}

/// The demo org's Code Authorization client (`fake_genesys::login::CLIENT_DEMO`).
pub const DEMO_CLIENT_ID: &str = "5b3d0c9e-flowsim-demo";

/// The URL that opens the app in demo mode, calling `fake` through `proxy` in the prefix style, with the demo's
/// OAuth client ID filled in (fake-genesys plays the login host on the same port).
pub fn demo_url(app_port: u16, fake_port: u16, proxy_port: u16) -> String {
    format!(
        "http://127.0.0.1:{app_port}/?demo=1&api={}&proxyStyle=prefix&proxy={}&clientId={DEMO_CLIENT_ID}",
        encode(&format!("http://127.0.0.1:{fake_port}")),
        encode(&format!("http://127.0.0.1:{proxy_port}/"))
    )
}

/// `encodeURIComponent`.
pub fn encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_demo_url_is_the_documented_one() {
        assert_eq!(
            super::demo_url(8080, 9000, 8081),
            "http://127.0.0.1:8080/?demo=1&api=http%3A%2F%2F127.0.0.1%3A9000&proxyStyle=prefix&proxy=http%3A%2F%2F127.0.0.1%3A8081%2F&clientId=5b3d0c9e-flowsim-demo"
        );
    }
}
