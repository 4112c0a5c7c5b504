//! Layer 1: the types that cross the network, one model per wire type.
pub mod contract;
pub mod genesys;
pub mod proxy_error;
