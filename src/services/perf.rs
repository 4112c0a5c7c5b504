//! Performance marks and measures for `cargo xtask bench` (read from the page with `performance.getEntriesByName`).

fn performance() -> Option<web_sys::Performance> {
    web_sys::window().and_then(|w| w.performance())
}

/// `performance.mark(name)`.
pub fn mark(name: &str) {
    if let Some(p) = performance() {
        let _ = p.mark(name);
    }
}

/// `performance.measure(name, start_mark)`: from the mark to now.
pub fn measure(name: &str, start_mark: &str) {
    if let Some(p) = performance() {
        let _ = p.measure_with_start_mark(name, start_mark);
    }
}
