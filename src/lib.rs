//! breathflow: guided breathing, an animated rib cage and a flow sequencer.
//!
//! The modules at the top level are the functional core: plain Rust, no web types, no clock.
//! Everything that touches the browser lives in [`web`] (compiled for wasm32 only).

pub mod draw;
pub mod engine;
pub mod model;
pub mod text;

#[cfg(target_arch = "wasm32")]
pub mod web;

// The modules under their short names (`breathflow::flow`, `crate::pacer`).
pub use draw::{canvas_ops, damage, frame_state, overlay, ribcage, scene, words};
pub use engine::{clock, ease, feedback, options, pacer, plan, player, session};
pub use model::{error, flow, library, locale, pattern, read, safety};

pub use clock::{GapPolicy, SessionClock};
pub use error::{Result, ValidationError};
pub use flow::{Flow, Step, StepKind};
pub use pacer::{Bound, Boundary, BoundaryKind, Pacer, Sample};
pub use pattern::{Pattern, Phase, PhaseKind, Route, Zone};
pub use plan::Plan;
pub use safety::{Adapted, Change, Condition};
pub use session::{Event, Session, SessionSample};
