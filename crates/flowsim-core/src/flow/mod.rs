//! Layer 4: the flow model: Architect flow configuration read into typed containers and actions.
//!
//! [`model`] is the typed model the interpreter runs ([`model::Flow`]: `Flow::parse` streams JSON text or an
//! Architect export, `Flow::from_json` reads a JSON value; both agree); [`export`] decodes `.i3*` files;
//! [`picker`] lists a flow's actions for the node picker; [`config`] is the older tolerant reader that the fake's
//! request check still uses.
pub mod config;
pub mod export;
pub mod layout;
pub mod model;
pub mod picker;

pub use model::Flow;
