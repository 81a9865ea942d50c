//! The web shell: the only code that names web-sys / js-sys. It translates JS values into engine
//! calls and engine output into canvas draw calls and DOM events; it decides nothing itself.
//!
//! - `api`: module-level exports and the `Pacer` class;
//! - `widget`: the `BreathFlow` class (frame loop, observers, events);
//! - `canvas`: replays the core's drawing commands; `frame_loop`, `dom`: handles that clean up on
//!   drop; `sound`: Web Audio tones; `convert`: JS ⇄ JSON; `panic`: the module-wide failure state.

pub mod api;
pub mod canvas;
pub mod convert;
pub mod dom;
pub mod frame_loop;
pub mod panic;
pub mod sound;
pub mod types;
pub mod widget;

pub use api::Pacer;
pub use widget::{BreathFlow, Subscription};

use wasm_bindgen::prelude::*;

/// Runs once when the module is initialised (`await init()`): installs the panic hook.
#[wasm_bindgen(start)]
pub fn start() {
    panic::install();
}
