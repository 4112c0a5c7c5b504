//! I/O at the edge: fetch, storage, the page URL.
pub mod fetch;
pub mod perf;
pub mod query;
pub mod storage;
pub mod tz;
