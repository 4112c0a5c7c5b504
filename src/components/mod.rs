//! The page's parts, as small function components.
pub mod connection;
pub mod connection_check;
pub mod contact_card;
pub mod diagram;
pub mod error_view;
pub mod expression_box;
pub mod field;
pub mod flow_file;
pub mod lookup;
pub mod pager;
pub mod pickers;
pub mod results;
pub mod signin;
pub mod stepper;
pub mod suite_panel;
pub mod trace;
pub mod whoami;
