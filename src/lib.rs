//! breathflow: guided breathing, an animated rib cage and a flow sequencer.
//!
//! The modules at the top level are the functional core: plain Rust, no web types, no clock.
//! Everything that touches the browser lives in [`web`] (compiled for wasm32 only).

#![forbid(unsafe_code)]

pub mod canvas_ops;
pub mod clock;
pub mod damage;
pub mod doc;
pub mod ease;
pub mod error;
pub mod feedback;
pub mod flow;
pub mod frame_state;
pub mod json;
pub mod library;
pub mod options;
pub mod overlay;
pub mod pacer;
pub mod pattern;
pub mod player;
pub mod ribcage;
pub mod safety;
pub mod scene;
pub mod session;
pub mod text;

#[cfg(target_arch = "wasm32")]
pub mod web;

pub use clock::{GapPolicy, SessionClock};
pub use error::{Result, ValidationError};
pub use flow::{Flow, Plan, Step, StepKind};
pub use pacer::{Bound, Boundary, BoundaryKind, Pacer, Sample};
pub use pattern::{Pattern, Phase, PhaseKind, Route, Zone};
pub use safety::{Adapted, Change, Condition};
pub use session::{Event, Session, SessionSample};
