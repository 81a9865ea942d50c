//! breathflow: guided breathing, an animated rib cage and a flow sequencer.
//!
//! The modules at the top level are the functional core: plain Rust, no web types, no clock.
//! Everything that touches the browser lives in [`web`] (compiled for wasm32 only).

pub mod doc;
pub mod error;
pub mod library;
pub mod pattern;

#[cfg(target_arch = "wasm32")]
pub mod web;

pub use error::{Result, ValidationError};
pub use pattern::{Pattern, Phase, PhaseKind, Route, Zone};
