//! A configuration at the 16 MB body limit, whatever its shape, reads and runs with memory bounded by a small
//! multiple of its size (peak heap measured by a counting allocator; time budgets live in `cargo xtask bench`).

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use flowsim_core::flow::model::{Flow, MAX_PROBLEMS};
use flowsim_core::interp::{Interaction, Interpreter, Options, Step};
use serde_json::{json, Value as Json};

struct Counting;
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let now = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

/// Tests share the counters: one at a time.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

const LIMIT: usize = 16 * 1024 * 1024;

/// Reads and runs `text`; returns (peak heap above the text while reading and running, actions read).
fn measure(text: &str) -> (usize, usize) {
    let base = LIVE.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    let flow = Flow::parse(text).expect("a flow");
    assert!(flow.problems.list.len() <= MAX_PROBLEMS);
    let n = flow.actions.len();
    let mut it = Interpreter::new(flow, Interaction::default(), Options { org: false, ..Options::default() });
    assert!(matches!(it.step(), Step::Done(_)));
    assert!(it.actions_executed() <= 10_001);
    drop(it);
    (PEAK.load(Ordering::Relaxed) - base, n)
}

fn pad_to_limit(mut v: Json, build: impl Fn(usize) -> Json, per: usize) -> String {
    let n = LIMIT / per;
    let items: Vec<Json> = (0..n).map(&build).collect();
    v["flowSequenceItemList"] = Json::Array(items);
    v.to_string()
}

#[test]
fn many_containers_at_16_mb() {
    let _one = ONE_AT_A_TIME.lock();
    let container = |i: usize| {
        json!({"__type": "Task", "id": format!("t{i}"), "name": format!("Task {i}"), "startAction": format!("a{i}"),
               "actionList": [{"__type": "TransferTaskAction", "id": format!("a{i}"), "name": "next",
                               "taskReference": format!("t{}", i + 1)}]})
    };
    let text = pad_to_limit(json!({"name": "many", "type": "inboundcall", "initialSequence": "t0"}), container, 200);
    assert!(text.len() > LIMIT / 2 && text.len() <= LIMIT, "{}", text.len());
    let (peak, actions) = measure(&text);
    assert!(actions > 50_000);
    assert!(peak < 10 * text.len(), "peak {peak} for {} bytes", text.len());
}

#[test]
fn a_long_chain_at_16_mb() {
    let _one = ONE_AT_A_TIME.lock();
    let n = LIMIT / 120;
    let actions: Vec<Json> = (0..n)
        .map(|i| json!({"__type": "WaitAction", "id": format!("a{i}"), "name": "w", "nextAction": format!("a{}", i + 1)}))
        .collect();
    let text = json!({"name": "chain", "type": "inboundcall", "initialSequence": "t",
        "flowSequenceItemList": [{"__type": "Task", "id": "t", "name": "t", "startAction": "a0", "actionList": actions}]})
    .to_string();
    assert!(text.len() > LIMIT / 2 && text.len() <= LIMIT, "{}", text.len());
    let (peak, read) = measure(&text);
    assert_eq!(read, n);
    assert!(peak < 10 * text.len(), "peak {peak} for {} bytes", text.len());
}

#[test]
fn huge_names_at_16_mb() {
    let _one = ONE_AT_A_TIME.lock();
    let big = "N".repeat(1 << 20);
    let actions: Vec<Json> = (0..13)
        .map(|i| json!({"__type": "DisconnectAction", "id": format!("a{i}"), "name": big, "nextAction": "missing"}))
        .collect();
    let text = json!({"name": big, "type": "inboundcall", "initialSequence": "t",
        "flowSequenceItemList": [{"__type": "Task", "id": "t", "name": big, "startAction": "a0", "actionList": actions}]})
    .to_string();
    assert!(text.len() > LIMIT / 2 && text.len() <= LIMIT, "{}", text.len());
    let (peak, _) = measure(&text);
    assert!(peak < 10 * text.len(), "peak {peak} for {} bytes", text.len());
}
