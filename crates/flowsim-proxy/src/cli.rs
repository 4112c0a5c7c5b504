//! Command-line flags of the `flowsim-proxy` binary.

use std::net::IpAddr;
use std::time::Duration;

use clap::Parser;
use url::Url;

use crate::{Config, LogSink, Upstream};

/// A safe local CORS proxy for flowsim: forwards browser calls only to Genesys Cloud hosts.
///
/// Use it as `http://127.0.0.1:PORT/https://api.mypurecloud.com/api/v2/...`.
#[derive(Parser, Debug, Clone)]
#[command(name = "flowsim-proxy", version)]
pub struct Args {
    /// Port to listen on; 0 picks a free one (the address is printed on stdout).
    #[arg(long, default_value_t = 8081)]
    pub port: u16,
    /// Address to listen on. Keep it on loopback unless you know why.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
    pub bind: IpAddr,
    /// Also forward to this upstream (scheme://host[:port]); repeatable. The api. and login.
    /// hosts of the Genesys Cloud regions are always allowed.
    #[arg(long = "allow-upstream", value_name = "URL")]
    pub allow_upstream: Vec<Upstream>,
    /// Serve only pages from this origin (e.g. http://localhost:8080); repeatable.
    /// Without it, any origin may use the proxy.
    #[arg(long = "allow-origin", value_name = "ORIGIN", value_parser = parse_origin)]
    pub allow_origin: Vec<String>,
    /// Upstream connect timeout.
    #[arg(long, value_name = "MS", default_value_t = 5_000)]
    pub connect_timeout_ms: u64,
    /// Upstream total timeout (connect, request and response body).
    #[arg(long, value_name = "MS", default_value_t = 30_000)]
    pub timeout_ms: u64,
    /// Upstream requests in flight at once.
    #[arg(long, value_name = "N", default_value_t = 256, value_parser = clap::value_parser!(u32).range(1..))]
    pub max_concurrency: u32,
    /// How long a request waits for a free slot before a 503.
    #[arg(long, value_name = "MS", default_value_t = 1_000)]
    pub queue_timeout_ms: u64,
    /// Largest request body accepted (413 beyond).
    #[arg(long, value_name = "BYTES", default_value_t = 1024 * 1024)]
    pub max_request_bytes: usize,
    /// Largest upstream response body passed back (502 beyond).
    #[arg(long, value_name = "BYTES", default_value_t = 10 * 1024 * 1024)]
    pub max_response_bytes: usize,
    /// Do not log requests on stderr.
    #[arg(long)]
    pub quiet: bool,
}

/// An origin as browsers send it: `scheme://host[:port]`, lower case, no path; or `null`.
fn parse_origin(s: &str) -> Result<String, String> {
    if s == "null" {
        return Ok(s.to_owned());
    }
    let url = Url::parse(s).map_err(|e| format!("`{s}` is not an origin ({e})"))?;
    if url.path() != "/" || url.query().is_some() || url.fragment().is_some() {
        return Err(format!("`{s}`: give only scheme://host[:port], as browsers send it"));
    }
    let origin = url.origin();
    if !origin.is_tuple() {
        return Err(format!("`{s}` is not an http(s) origin"));
    }
    Ok(origin.ascii_serialization())
}

impl Args {
    pub fn config(&self) -> Config {
        let mut allowed_upstreams = Upstream::genesys_defaults();
        for u in &self.allow_upstream {
            if !allowed_upstreams.contains(u) {
                allowed_upstreams.push(u.clone());
            }
        }
        Config {
            allowed_upstreams,
            allowed_origins: self.allow_origin.clone(),
            connect_timeout: Duration::from_millis(self.connect_timeout_ms),
            timeout: Duration::from_millis(self.timeout_ms),
            max_concurrency: self.max_concurrency as usize,
            queue_timeout: Duration::from_millis(self.queue_timeout_ms),
            max_request_body: self.max_request_bytes,
            max_response_body: self.max_response_bytes,
            log: if self.quiet { LogSink::Off } else { LogSink::Stderr },
            resolver: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_build_the_config() {
        let a = Args::parse_from([
            "flowsim-proxy",
            "--port",
            "0",
            "--allow-upstream",
            "http://127.0.0.1:9000",
            "--allow-origin",
            "HTTP://LocalHost:8080/",
            "--timeout-ms",
            "1500",
        ]);
        let c = a.config();
        assert_eq!(a.bind.to_string(), "127.0.0.1");
        assert_eq!(c.allowed_upstreams.len(), 37);
        assert_eq!(c.allowed_origins, ["http://localhost:8080"]);
        assert_eq!(c.timeout, Duration::from_millis(1500));
        assert_eq!(c.connect_timeout, Duration::from_millis(5000));
    }

    #[test]
    fn bad_values_are_refused_at_start() {
        for args in [
            ["flowsim-proxy", "--allow-upstream", "https://x.com/path"],
            ["flowsim-proxy", "--allow-origin", "http://localhost:8080/app"],
            ["flowsim-proxy", "--max-concurrency", "0"],
        ] {
            assert!(Args::try_parse_from(args).is_err(), "{args:?}");
        }
    }
}
