//! The page's parts, as small function components.
pub mod connection;
pub mod contact_card;
pub mod error_view;
pub mod field;
pub mod lookup;
pub mod pickers;
pub mod results;
pub mod suite_panel;
pub mod trace;
