//! The built-in library's JSON files, embedded at build time (`build.rs` checks that each is
//! JSON and writes it without indentation), and how they are parsed: natively by serde_json, in
//! the browser by the browser's own `JSON.parse`, which the web layer hands in with
//! [`use_parser`] before anything reads the library (the wasm carries no JSON text parser).

use crate::error::Result;
#[cfg(target_arch = "wasm32")]
use crate::error::ValidationError;
use serde_json::Value;
use std::sync::OnceLock;

/// `(id, json)` of every built-in pattern, in display order.
pub const PATTERN_FILES: &[(&str, &str)] = &[
    (
        "ujjayi",
        include_str!(concat!(env!("OUT_DIR"), "/patterns/ujjayi.json")),
    ),
    (
        "dirga",
        include_str!(concat!(env!("OUT_DIR"), "/patterns/dirga.json")),
    ),
    (
        "ribs",
        include_str!(concat!(env!("OUT_DIR"), "/patterns/ribs.json")),
    ),
    (
        "box",
        include_str!(concat!(env!("OUT_DIR"), "/patterns/box.json")),
    ),
    (
        "4-7-8",
        include_str!(concat!(env!("OUT_DIR"), "/patterns/4-7-8.json")),
    ),
    (
        "resonant",
        include_str!(concat!(env!("OUT_DIR"), "/patterns/resonant.json")),
    ),
    (
        "sigh",
        include_str!(concat!(env!("OUT_DIR"), "/patterns/sigh.json")),
    ),
];

/// `(id, json)` of every built-in flow, in display order.
pub const FLOW_FILES: &[(&str, &str)] = &[
    (
        "mobilize-ribs",
        include_str!(concat!(env!("OUT_DIR"), "/flows/mobilize-ribs.json")),
    ),
    (
        "back-strengthening",
        include_str!(concat!(env!("OUT_DIR"), "/flows/back-strengthening.json")),
    ),
    (
        "pressure-point-release",
        include_str!(concat!(
            env!("OUT_DIR"),
            "/flows/pressure-point-release.json"
        )),
    ),
    (
        "spasm-relief",
        include_str!(concat!(env!("OUT_DIR"), "/flows/spasm-relief.json")),
    ),
    (
        "daily-prevention",
        include_str!(concat!(env!("OUT_DIR"), "/flows/daily-prevention.json")),
    ),
];

/// A function from JSON text to a value.
pub type Parser = fn(&str) -> Result<Value>;

static PARSER: OnceLock<Parser> = OnceLock::new();

/// Parse the embedded files with `parse` (the web layer's `JSON.parse`). Only the first call
/// counts; natively serde_json is used without one.
pub fn use_parser(parse: Parser) {
    let _ = PARSER.set(parse);
}

/// One embedded file as a value, through the installed parser or serde_json.
pub fn parse(text: &str) -> Result<Value> {
    match PARSER.get() {
        Some(parse) => parse(text),
        #[cfg(not(target_arch = "wasm32"))]
        None => crate::model::read::parse_json(text),
        #[cfg(target_arch = "wasm32")]
        None => Err(ValidationError::new(
            "library",
            "no JSON parser was installed (the web layer installs JSON.parse at start)",
        )),
    }
}
