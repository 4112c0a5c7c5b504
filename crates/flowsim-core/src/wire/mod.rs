//! Layer 1: the types that cross the network, one model per wire type.
pub mod architect;
pub mod contract;
pub mod demo;
pub mod genesys;
pub mod org;
pub mod proxy_error;
