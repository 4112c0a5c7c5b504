//! `flowsim-proxy --port PORT [--allow-upstream URL]... [--allow-origin ORIGIN]... [--bind ADDR]`
//!
//! Prints `flowsim-proxy listening on http://ADDR:PORT` on stdout once bound (tools read it),
//! then one line per request on stderr.

use std::net::SocketAddr;
use std::process::ExitCode;

use clap::Parser;
use flowsim_proxy::cli::Args;

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    let addr = SocketAddr::new(args.bind, args.port);
    let listener = match tokio::net::TcpListener::bind(addr).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("flowsim-proxy: cannot listen on {addr}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let bound = listener.local_addr().unwrap_or(addr);
    if !bound.ip().is_loopback() && args.allow_origin.is_empty() {
        eprintln!(
            "flowsim-proxy: warning: listening on {bound}, reachable from other machines, and \
             any origin may use it; consider --allow-origin"
        );
    }
    // stdout is line-buffered: the line is out before the first request is served.
    println!("flowsim-proxy listening on http://{bound}");
    let config = args.config();
    tokio::select! {
        r = flowsim_proxy::serve(listener, config) => match r {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("flowsim-proxy: {e}");
                ExitCode::FAILURE
            }
        },
        _ = tokio::signal::ctrl_c() => ExitCode::SUCCESS,
    }
}
