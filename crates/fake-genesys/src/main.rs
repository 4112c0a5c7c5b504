//! `fake-genesys --port PORT [--cors] [--latency-ms N] [--rate-limit N] [--redirect-uri URL]...`
//!
//! Binds 127.0.0.1 and prints exactly one line, `fake-genesys listening on http://127.0.0.1:PORT`, on stdout
//! once listening (`--port 0` picks a free port; tools read the line).

use std::net::{Ipv4Addr, SocketAddr};
use std::process::ExitCode;

use clap::Parser;
use fake_genesys::{Config, LISTENING_PREFIX};

/// A fake Genesys Cloud org for flowsim: the real endpoints flowsim reads, the tutorial's simulation
/// endpoint, realistic errors, rate limits and latency.
#[derive(Debug, Parser)]
#[command(name = "fake-genesys", version)]
struct Args {
    /// Port on 127.0.0.1 (0 picks a free one).
    #[arg(long)]
    port: u16,
    /// Send CORS headers and answer preflights (off: a browser without a proxy fails CORS).
    #[arg(long)]
    cors: bool,
    /// Delay every API response by this many milliseconds.
    #[arg(long, value_name = "N", default_value_t = 0)]
    latency_ms: u64,
    /// Allow N requests per minute per token; beyond, 429 with Retry-After.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    rate_limit: Option<u32>,
    /// Register URL as a redirect URI of the demo OAuth clients (repeatable; the demo app's own is built in).
    #[arg(long = "redirect-uri", value_name = "URL")]
    redirect_uri: Vec<String>,
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, args.port));
    let listener = match tokio::net::TcpListener::bind(addr).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("fake-genesys: cannot listen on {addr}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let bound = listener.local_addr().unwrap_or(addr);
    // stdout is line-buffered: the line is out before the first request is served.
    println!("{LISTENING_PREFIX}http://{bound}");
    let config = Config {
        cors: args.cors,
        latency_ms: args.latency_ms,
        rate_limit: args.rate_limit,
        redirect_uris: args.redirect_uri,
    };
    tokio::select! {
        r = fake_genesys::serve(listener, config) => match r {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("fake-genesys: {e}");
                ExitCode::FAILURE
            }
        },
        _ = tokio::signal::ctrl_c() => ExitCode::SUCCESS,
    }
}
