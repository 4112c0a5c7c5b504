//! Test suites: many interactions run against one flow, each checked against what it expects. The suite file
//! ([`model`]), the CSV import and export ([`csv`]), the run and its checks, baselines and the comparison of two
//! versions ([`runner`]), a few cases at a time with results in case order ([`cases`]), and the per-run cache
//! and pacer that keep a run's API calls to the distinct reads ([`cache`]). No I/O here except through the
//! `HttpClient` seam.
pub mod cache;
pub mod cases;
pub mod csv;
pub mod model;
pub mod runner;

pub use cache::{CacheStats, Paced, ReadCache};
pub use cases::{Cases, Org, DEFAULT_CONCURRENCY};
pub use model::{Case, Expect, FlowRef, Suite, SuiteError};
pub use runner::{CaseResult, Verdict};
