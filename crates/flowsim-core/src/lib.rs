//! flowsim-core: everything of flowsim that is not the browser. Compiles natively and to wasm32;
//! all I/O goes through [`net::http::HttpClient`], so it is tested natively without a browser.
//!
//! Layers, lowest first; a module uses only its own layer and the layers above it in this list
//! (`tests/layers.rs` checks it):
//! `base` → `wire` → `net` → `expr` → `flow` → `interp` → `sim`.
// `UserError` is a rich, cloneable value that travels to the UI as a prop; boxing it would buy nothing here.
#![allow(clippy::result_large_err)]
pub mod base;
pub mod expr;
pub mod flow;
pub mod interp;
pub mod net;
pub mod sim;
pub mod wire;
