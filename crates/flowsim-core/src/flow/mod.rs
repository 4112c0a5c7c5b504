//! Layer 4: the flow model: Architect flow configuration read into typed containers and actions.
pub mod config;
