//! The built-in library: patterns and flows shipped as JSON in `library/`, embedded at build time.
//!
//! The JSON files are the source of truth (data over code): users copy one, edit it and pass it
//! back. They are embedded minified (see `build.rs`); the parsed values are the same. Each is parsed once, on first use, by the same validator as user documents, so a
//! broken built-in fails the native tests rather than a reader's page.

use crate::pattern::Pattern;
use std::sync::OnceLock;

/// `(id, json)` of every built-in pattern, in display order.
const PATTERN_FILES: &[(&str, &str)] = &[
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

/// All built-in patterns, parsed and validated (panics only if a shipped file is invalid,
/// which `tests` catch natively before any build ships).
pub fn patterns() -> &'static [Pattern] {
    static CELL: OnceLock<Vec<Pattern>> = OnceLock::new();
    CELL.get_or_init(|| {
        PATTERN_FILES
            .iter()
            .map(|(id, text)| {
                // Messages by Display, not `{:?}` (assert_eq!/expect would link Debug formatting).
                let p = crate::doc::parse_json(text)
                    .and_then(|v| Pattern::from_json(&v, ""))
                    .unwrap_or_else(|e| panic!("library pattern {id}: {e}"));
                if p.id.as_deref() != Some(*id) {
                    panic!("library pattern {id}: the file's id differs from its name");
                }
                p
            })
            .collect()
    })
}

/// A built-in pattern by id.
pub fn pattern(id: &str) -> Option<&'static Pattern> {
    patterns().iter().find(|p| p.id.as_deref() == Some(id))
}

/// Ids of the built-in patterns, for "unknown pattern id" messages.
pub fn pattern_ids() -> Vec<&'static str> {
    PATTERN_FILES.iter().map(|(id, _)| *id).collect()
}

// ---- flows ----------------------------------------------------------------------------------

use crate::flow::Flow;

/// `(id, json)` of every built-in flow, in display order.
const FLOW_FILES: &[(&str, &str)] = &[
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

/// `(id, json text)` of every built-in flow, as embedded (minified; for tests).
pub fn flow_files() -> &'static [(&'static str, &'static str)] {
    FLOW_FILES
}

/// All built-in flows, parsed and validated (panics only if a shipped file is invalid, which the
/// native tests catch).
pub fn flows() -> &'static [Flow] {
    static CELL: OnceLock<Vec<Flow>> = OnceLock::new();
    CELL.get_or_init(|| {
        FLOW_FILES
            .iter()
            .map(|(id, text)| {
                let f = Flow::parse(text).unwrap_or_else(|e| panic!("library flow {id}: {e}"));
                if f.id.as_deref() != Some(*id) {
                    panic!("library flow {id}: the file's id differs from its name");
                }
                f
            })
            .collect()
    })
}

/// A built-in flow by id.
pub fn flow(id: &str) -> Option<&'static Flow> {
    flows().iter().find(|f| f.id.as_deref() == Some(id))
}

/// Ids of the built-in flows.
pub fn flow_ids() -> Vec<&'static str> {
    FLOW_FILES.iter().map(|(id, _)| *id).collect()
}
