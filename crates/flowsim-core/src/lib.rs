//! flowsim-core: everything of flowsim that is not the browser. Compiles natively and to wasm32.
pub mod regions;
