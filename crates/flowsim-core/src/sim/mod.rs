//! Layer 6: simulation drivers: they answer what a simulation needs through the `Api` and build the contract's
//! response; form validation into the contract's request.
pub mod engine;
pub mod org;
pub mod remote;
pub mod run;
pub mod suite;
pub mod validate;
