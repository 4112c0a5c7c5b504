//! Layer 0: helpers that know nothing of Genesys resources or flows.
pub mod phone;
pub mod read;
pub mod regions;
pub mod safe_link;
pub mod text;
pub mod tz;
pub mod weburl;
