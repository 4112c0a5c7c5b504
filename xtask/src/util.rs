//! Small helpers: paths, running commands with an echo, argument parsing, a tiny HTTP client.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use anyhow::{bail, Context, Result};

/// The workspace root (xtask lives one level below it).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask has a parent directory").to_path_buf()
}

/// The cargo target directory (`CARGO_TARGET_DIR` or `<root>/target`).
pub fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(d) => {
            let d = PathBuf::from(d);
            if d.is_absolute() {
                d
            } else {
                root().join(d)
            }
        }
        None => root().join("target"),
    }
}

pub fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string())
}

/// Prints a heading line for something xtask is about to do.
pub fn say(msg: impl AsRef<str>) {
    println!("\x1b[1;34mxtask:\x1b[0m {}", msg.as_ref());
    let _ = std::io::stdout().flush();
}

pub fn warn(msg: impl AsRef<str>) {
    println!("\x1b[1;33mxtask: warning:\x1b[0m {}", msg.as_ref());
}

/// `cmd` as a shell-like string for messages.
pub fn show(cmd: &Command) -> String {
    let mut s = cmd.get_program().to_string_lossy().into_owned();
    for a in cmd.get_args() {
        let a = a.to_string_lossy();
        if a.is_empty() || a.contains(|c: char| c.is_whitespace() || "'\"$&|;<>(){}*?".contains(c)) {
            s.push_str(&format!(" '{}'", a.replace('\'', "'\\''")));
        } else {
            s.push(' ');
            s.push_str(&a);
        }
    }
    s
}

/// Runs `cmd` with inherited stdio, echoing it first; fails with the command line when it fails.
pub fn run(cmd: &mut Command) -> Result<()> {
    say(format!("$ {}", show(cmd)));
    let status = cmd.status().with_context(|| format!("cannot start `{}`", show(cmd)))?;
    if !status.success() {
        bail!("`{}` failed ({})", show(cmd), describe_status(status));
    }
    Ok(())
}

pub fn describe_status(status: std::process::ExitStatus) -> String {
    use std::os::unix::process::ExitStatusExt;
    match (status.code(), status.signal()) {
        (Some(c), _) => format!("exit code {c}"),
        (None, Some(s)) => format!("killed by signal {s}"),
        _ => "unknown status".to_string(),
    }
}

/// Runs `cmd` and returns its stdout (trimmed) if it starts and succeeds; `None` otherwise.
pub fn output(cmd: &mut Command) -> Option<String> {
    let out = cmd.stdin(Stdio::null()).stderr(Stdio::null()).output().ok()?;
    if !out.status.success() {
        return None;
    }
    Some(String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// Like [`output`] but fails with stderr included.
pub fn output_checked(cmd: &mut Command) -> Result<String> {
    let out = cmd.stdin(Stdio::null()).output().with_context(|| format!("cannot start `{}`", show(cmd)))?;
    if !out.status.success() {
        bail!(
            "`{}` failed ({}):\n{}{}",
            show(cmd),
            describe_status(out.status),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Whether `prog` can be found on PATH.
pub fn on_path(prog: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).map(|d| d.join(prog)).find(|p| is_executable(p))
}

fn is_executable(p: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    p.metadata().map(|m| m.is_file() && m.permissions().mode() & 0o111 != 0).unwrap_or(false)
}

pub fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() == 0 }
}

/// A tiny flag parser: `--name value`, `--name=value` and bare `--switch`.
pub struct Args {
    items: Vec<String>,
}

impl Args {
    pub fn new(items: &[String]) -> Self {
        Args { items: items.to_vec() }
    }

    /// Removes `--name` and reports whether it was present.
    pub fn switch(&mut self, name: &str) -> bool {
        let before = self.items.len();
        self.items.retain(|a| a != name);
        before != self.items.len()
    }

    /// Removes every `--name V` / `--name=V` and returns the values in order.
    pub fn values(&mut self, name: &str) -> Result<Vec<String>> {
        let mut out = Vec::new();
        let mut rest = Vec::new();
        let mut it = std::mem::take(&mut self.items).into_iter();
        let prefix = format!("{name}=");
        while let Some(a) = it.next() {
            if a == name {
                match it.next() {
                    Some(v) => out.push(v),
                    None => bail!("{name} needs a value"),
                }
            } else if let Some(v) = a.strip_prefix(&prefix) {
                out.push(v.to_string());
            } else {
                rest.push(a);
            }
        }
        self.items = rest;
        Ok(out)
    }

    pub fn value(&mut self, name: &str) -> Result<Option<String>> {
        let mut v = self.values(name)?;
        if v.len() > 1 {
            bail!("{name} given more than once");
        }
        Ok(v.pop())
    }

    pub fn number<T: std::str::FromStr>(&mut self, name: &str, default: T) -> Result<T> {
        match self.value(name)? {
            None => Ok(default),
            Some(v) => v.parse().map_err(|_| anyhow::anyhow!("{name}: `{v}` is not a valid number")),
        }
    }

    /// Fails if anything was not consumed.
    pub fn finish(self) -> Result<()> {
        if !self.items.is_empty() {
            bail!("unexpected arguments: {}", self.items.join(" "));
        }
        Ok(())
    }
}

/// Whether something already listens on 127.0.0.1:`port`, or the port cannot be bound.
pub fn port_busy(port: u16) -> bool {
    TcpListener::bind(("127.0.0.1", port)).is_err()
}

/// `GET http://127.0.0.1:{port}{path}` with HTTP/1.0; returns (status, body).
pub fn http_get(port: u16, path: &str, timeout: Duration) -> Result<(u16, Vec<u8>)> {
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let mut s = TcpStream::connect_timeout(&addr, timeout)?;
    s.set_read_timeout(Some(timeout))?;
    s.set_write_timeout(Some(timeout))?;
    write!(s, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n")?;
    let mut buf = Vec::new();
    s.read_to_end(&mut buf)?;
    let head_end = buf.windows(4).position(|w| w == b"\r\n\r\n").context("no end of headers")?;
    let head = String::from_utf8_lossy(&buf[..head_end]);
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .with_context(|| format!("bad status line: {}", head.lines().next().unwrap_or("")))?;
    Ok((status, buf[head_end + 4..].to_vec()))
}

/// Formats a duration as `1m 02.3s` / `4.5s`.
pub fn fmt_duration(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s >= 60.0 {
        format!("{}m {:04.1}s", (s / 60.0).floor() as u64, s % 60.0)
    } else {
        format!("{s:.1}s")
    }
}
