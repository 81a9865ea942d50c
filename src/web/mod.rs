//! The web shell: the only code that names web-sys / js-sys. It translates JS values into engine
//! calls and engine output into canvas draw calls and DOM events; it decides nothing itself.

pub mod frame_loop;
pub mod panic;
mod slice;

pub use slice::BreathFlow;

use wasm_bindgen::prelude::*;

/// Runs once when the module is initialised (`await init()`): installs the panic hook.
#[wasm_bindgen(start)]
pub fn start() {
    panic::install();
}
