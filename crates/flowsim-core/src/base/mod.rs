//! Layer 0: helpers that know nothing of Genesys resources or flows.
pub mod encode;
pub mod lenient;
pub mod phone;
pub mod regions;
pub mod safe_link;
pub mod text;
pub mod tz;
pub mod url_seam;
