//! One line per request, written in batches by a dedicated thread so a slow or blocked stderr
//! never stalls the async workers. Lines hold method, upstream host, path (no query), status and time:
//! never a header value, so never the token.

use std::fmt;
use std::io::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender, TrySendError};
use std::sync::Arc;
use std::time::Duration;

/// Where the request log goes.
pub enum LogSink {
    Stderr,
    /// Any writer, e.g. a buffer a test reads back.
    Writer(Box<dyn Write + Send>),
    Off,
}

impl fmt::Debug for LogSink {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            LogSink::Stderr => "Stderr",
            LogSink::Writer(_) => "Writer",
            LogSink::Off => "Off",
        })
    }
}

/// Lines queued beyond this are dropped (and counted) rather than blocking requests.
const QUEUE: usize = 16 * 1024;

pub(crate) struct Logger {
    tx: Option<SyncSender<String>>,
    dropped: Arc<AtomicU64>,
}

impl Logger {
    pub(crate) fn start(sink: LogSink) -> Logger {
        let writer: Box<dyn Write + Send> = match sink {
            LogSink::Off => return Logger { tx: None, dropped: Arc::default() },
            LogSink::Stderr => Box::new(std::io::stderr()),
            LogSink::Writer(w) => w,
        };
        let (tx, rx) = sync_channel(QUEUE);
        let dropped = Arc::new(AtomicU64::new(0));
        let d = dropped.clone();
        // The thread ends when the Logger (the only sender) is dropped with the server.
        let _ = std::thread::Builder::new().name("flowsim-proxy-log".into()).spawn(move || write_loop(rx, writer, &d));
        Logger { tx: Some(tx), dropped }
    }

    pub(crate) fn enabled(&self) -> bool {
        self.tx.is_some()
    }

    pub(crate) fn line(&self, line: String) {
        if let Some(tx) = &self.tx {
            if let Err(TrySendError::Full(_)) = tx.try_send(line) {
                self.dropped.fetch_add(1, Ordering::Relaxed);
            }
        }
    }
}

/// How long the writer lets lines pile up between writes. While it sleeps, request threads hand
/// lines over without a wake-up syscall; a line still appears within this delay.
const BATCH_EVERY: Duration = Duration::from_millis(20);

fn write_loop(rx: Receiver<String>, writer: Box<dyn Write + Send>, dropped: &AtomicU64) {
    let mut out = std::io::BufWriter::with_capacity(64 * 1024, writer);
    while let Ok(first) = rx.recv() {
        let _ = out.write_all(first.as_bytes());
        while let Ok(more) = rx.try_recv() {
            let _ = out.write_all(more.as_bytes());
        }
        let n = dropped.swap(0, Ordering::Relaxed);
        if n > 0 {
            let _ = writeln!(out, "flowsim-proxy: {n} log lines dropped (log output too slow)");
        }
        let _ = out.flush();
        std::thread::sleep(BATCH_EVERY);
    }
}
