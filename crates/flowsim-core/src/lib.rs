//! flowsim-core: everything of flowsim that is not the browser. Compiles natively and to wasm32;
//! all I/O goes through [`http::HttpClient`], so it is tested natively without a browser.
// `UserError` is a rich, cloneable value that travels to the UI as a prop; boxing it would buy nothing here.
#![allow(clippy::result_large_err)]
pub mod api;
pub mod contract;
pub mod engine;
pub mod error;
pub mod flowconfig;
pub mod genesys;
pub mod http;
pub mod phone;
pub mod proxy;
pub mod read;
pub mod regions;
pub mod remote;
pub mod safe_link;
pub mod validate;
pub mod weburl;
