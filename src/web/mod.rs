//! The web shell: the only code that names web-sys / js-sys. It translates JS values into engine
//! calls and engine output into canvas draw calls and DOM events; it decides nothing itself.
//!
//! - `api`: module-level exports and the `Pacer` class;
//! - `widget`: the `BreathFlow` class (frame loop, observers, events);
//! - `canvas`: replays the core's drawing commands; `frame_loop`, `dom`: handles that clean up on
//!   drop; `locale`: the page's languages (`registerLocale`); `sound`: Web Audio tones; `js`: JS values in and out (serde-wasm-bindgen); `types`: the
//!   TypeScript names that are not a Rust type's own; `panic`: the module-wide failure state.

pub mod api;
pub mod canvas;
pub mod dom;
pub mod frame_loop;
pub mod js;
pub mod locale;
pub mod panic;
pub mod sound;
pub mod types;
pub mod widget;

pub use api::Pacer;
pub use widget::{BreathFlow, Subscription};

use wasm_bindgen::prelude::*;

/// Runs once when the module is initialised (`await init()`): installs the panic hook, and the
/// browser's `JSON.parse` as the parser of the built-in library's embedded files and its
/// `parseFloat` for the plain decimals of shorthand patterns.
#[wasm_bindgen(start)]
pub fn start() {
    panic::install();
    crate::model::library::files::use_parser(parse_json);
    crate::model::read::use_decimal_parser(js_sys::Number::parse_float);
}

/// The first line of every export: makes sure [`start`] has run (a host or test harness that
/// instantiates the module without running its start function still gets a working library),
/// and refuses to go on after an internal error (see [`panic`]).
pub fn enter() -> Result<(), JsError> {
    start();
    panic::check()
}

/// JSON text → value, by `JSON.parse` and serde-wasm-bindgen.
fn parse_json(text: &str) -> crate::Result<serde_json::Value> {
    let v = js_sys::JSON::parse(text)
        .map_err(|_| crate::ValidationError::new("library", "is not valid JSON"))?;
    js::from_js(&v, "library")
        .map_err(|_| crate::ValidationError::new("library", "could not be read"))
}
