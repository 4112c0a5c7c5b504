//! Layer 4: the flow model: Architect flow configuration read into typed containers and actions.
//!
//! [`model`] is the typed model the interpreter runs ([`model::Flow`]: `Flow::parse` streams JSON text or an
//! Architect export, `Flow::from_json` reads a JSON value; both agree); [`export`] decodes `.i3*` files;
//! [`picker`] lists a flow's actions for the node picker; [`layout`] draws the diagram.
pub mod export;
pub mod layout;
pub mod model;
pub mod picker;

pub use model::Flow;
