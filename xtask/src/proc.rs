//! Long-running children (servers) that must never outlive xtask.
//!
//! Each child runs in its own process group, so that stopping it also stops what it started (trunk's cargo,
//! for one), and asks the kernel to send it SIGTERM if xtask dies without cleaning up (PR_SET_PDEATHSIG).
//! Ctrl-C, SIGTERM and SIGHUP only set a flag; the supervisor loop notices and stops every group.

use std::io::{BufRead, BufReader, Read};
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};

use crate::util::{describe_status, say, show};

static STOP: AtomicBool = AtomicBool::new(false);

extern "C" fn on_signal(_sig: libc::c_int) {
    STOP.store(true, Ordering::SeqCst);
}

/// Turns SIGINT, SIGTERM and SIGHUP into a stop request (see [`stop_requested`]).
pub fn install_signal_handlers() {
    let handler = on_signal as extern "C" fn(libc::c_int) as libc::sighandler_t;
    for sig in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP] {
        // SAFETY: the handler only stores to an atomic, which is async-signal-safe.
        unsafe {
            libc::signal(sig, handler);
        }
    }
}

pub fn stop_requested() -> bool {
    STOP.load(Ordering::SeqCst)
}

/// One supervised child.
pub struct Proc {
    pub name: String,
    child: Child,
    /// Lines the child printed that matched the `ready` marker given to [`Group::spawn`].
    ready_rx: Option<mpsc::Receiver<String>>,
}

/// A set of children stopped together, on drop at the latest.
#[derive(Default)]
pub struct Group {
    procs: Vec<Proc>,
}

impl Group {
    pub fn new() -> Self {
        Group::default()
    }

    /// Starts `cmd` in its own process group. Its stdout and stderr are copied to ours, each line prefixed with
    /// `[name]`. When `ready` is given, the first stdout line containing it can be awaited with
    /// [`Group::wait_ready`].
    pub fn spawn(&mut self, name: &str, cmd: &mut Command, ready: Option<&str>) -> Result<usize> {
        say(format!("starting {name}: {}", show(cmd)));
        cmd.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped()).process_group(0);
        // SAFETY: prctl is async-signal-safe; nothing else runs between fork and exec here.
        unsafe {
            cmd.pre_exec(|| {
                libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGTERM);
                Ok(())
            });
        }
        let mut child = cmd.spawn().with_context(|| format!("cannot start {name}: `{}`", show(cmd)))?;
        let (tx, rx) = mpsc::channel();
        let out = child.stdout.take().expect("piped stdout");
        let err = child.stderr.take().expect("piped stderr");
        pump(name, out, ready.map(|m| (m.to_string(), tx)));
        pump(name, err, None);
        self.procs.push(Proc { name: name.to_string(), child, ready_rx: ready.map(|_| rx) });
        Ok(self.procs.len() - 1)
    }

    /// Waits for the ready line of child `i`; fails if it exits, a stop is requested, or `timeout` passes.
    pub fn wait_ready(&mut self, i: usize, timeout: Duration) -> Result<String> {
        let deadline = Instant::now() + timeout;
        loop {
            self.check_alive()?;
            let p = &self.procs[i];
            let rx = p.ready_rx.as_ref().context("no ready marker was given")?;
            match rx.recv_timeout(Duration::from_millis(100)) {
                Ok(line) => return Ok(line),
                Err(mpsc::RecvTimeoutError::Timeout) => {}
                Err(mpsc::RecvTimeoutError::Disconnected) => {
                    // Output closed: the child is exiting; let check_alive report it.
                    let name = p.name.clone();
                    std::thread::sleep(Duration::from_millis(200));
                    self.check_alive()?;
                    bail!("{name} closed its output before saying it was ready");
                }
            }
            if Instant::now() > deadline {
                bail!("{} was not ready after {:?}", self.procs[i].name, timeout);
            }
        }
    }

    /// Waits until `probe` returns true, checking every 250 ms that every child is still alive.
    pub fn wait_until(&mut self, what: &str, timeout: Duration, mut probe: impl FnMut() -> bool) -> Result<()> {
        let deadline = Instant::now() + timeout;
        loop {
            self.check_alive()?;
            if probe() {
                return Ok(());
            }
            if Instant::now() > deadline {
                bail!("{what} was not ready after {:?}", timeout);
            }
            std::thread::sleep(Duration::from_millis(250));
        }
    }

    /// Fails if a stop was requested or any child has exited.
    pub fn check_alive(&mut self) -> Result<()> {
        if stop_requested() {
            bail!("interrupted");
        }
        for p in &mut self.procs {
            if let Some(status) = p.child.try_wait()? {
                bail!("{} exited unexpectedly ({})", p.name, describe_status(status));
            }
        }
        Ok(())
    }

    /// Blocks until a stop is requested or a child exits; returns why.
    pub fn supervise(&mut self) -> Result<()> {
        loop {
            if stop_requested() {
                return Ok(());
            }
            self.check_alive()?;
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    /// Stops every child: SIGTERM to each process group, then SIGKILL to what is left after 5 s.
    pub fn stop_all(&mut self) {
        if self.procs.is_empty() {
            return;
        }
        for p in &self.procs {
            signal_group(p.child.id(), libc::SIGTERM);
        }
        let deadline = Instant::now() + Duration::from_secs(5);
        for p in &mut self.procs {
            loop {
                match p.child.try_wait() {
                    Ok(Some(_)) | Err(_) => break,
                    Ok(None) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(50)),
                    Ok(None) => {
                        let _ = p.child.kill();
                        let _ = p.child.wait();
                        break;
                    }
                }
            }
            // Anything the child started in its group and left behind.
            signal_group(p.child.id(), libc::SIGKILL);
        }
        say(format!("stopped {}", self.procs.iter().map(|p| p.name.as_str()).collect::<Vec<_>>().join(", ")));
        self.procs.clear();
    }
}

impl Drop for Group {
    fn drop(&mut self) {
        self.stop_all();
    }
}

fn signal_group(pgid: u32, sig: libc::c_int) {
    if let Ok(pgid) = libc::pid_t::try_from(pgid) {
        if pgid > 1 {
            // SAFETY: kill has no memory-safety preconditions; the group is one we created.
            unsafe {
                libc::kill(-pgid, sig);
            }
        }
    }
}

fn pump(name: &str, stream: impl Read + Send + 'static, ready: Option<(String, mpsc::Sender<String>)>) {
    let name = name.to_string();
    std::thread::spawn(move || {
        let mut ready = ready;
        let reader = BufReader::new(stream);
        for line in reader.split(b'\n') {
            let Ok(line) = line else { break };
            let line = String::from_utf8_lossy(&line);
            let line = line.trim_end_matches('\r');
            println!("\x1b[2m[{name}]\x1b[0m {line}");
            if let Some((marker, tx)) = &ready {
                if line.contains(marker.as_str()) {
                    let _ = tx.send(line.to_string());
                    ready = None;
                }
            }
        }
    });
}

/// The `http://127.0.0.1:PORT` at the end of a `... listening on http://127.0.0.1:PORT` line.
pub fn listening_url(line: &str) -> Result<String> {
    let start = line.find("http://").with_context(|| format!("no URL in `{line}`"))?;
    Ok(line[start..].split_whitespace().next().unwrap_or_default().trim_end_matches('/').to_string())
}
