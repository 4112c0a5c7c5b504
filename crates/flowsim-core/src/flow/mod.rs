//! Layer 4: the flow model: Architect flow configuration read into typed containers and actions.
//!
//! [`model`] is the typed model the interpreter runs ([`model::Flow`]); [`config`] is the older tolerant reader
//! that the node picker and `sim::engine` still use.
pub mod config;
pub mod export;
pub mod layout;
pub mod model;

pub use model::Flow;
