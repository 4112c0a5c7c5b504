//! Custom hooks: the run (`use_simulation`) and the demo scenarios (`use_scenarios`).
pub mod use_scenarios;
pub mod use_simulation;
pub mod use_suite;
