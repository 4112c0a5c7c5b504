//! Layer 2: talking to an API: the HTTP seam, proxy URLs, errors as sentences, the `Api` client.
pub mod api;
pub mod check;
pub mod error;
pub mod http;
pub mod oauth;
pub mod proxy;
