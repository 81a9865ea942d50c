//! The built-in library: patterns and flows shipped as JSON in `library/`, embedded at build time.
//!
//! The JSON files are the source of truth (data over code): users copy one, edit it and pass it
//! back. Each is parsed once, on first use, by the same validator as user documents, so a
//! broken built-in fails the native tests rather than a reader's page.

use crate::pattern::Pattern;
use std::sync::OnceLock;

/// `(id, json)` of every built-in pattern, in display order.
const PATTERN_FILES: &[(&str, &str)] = &[
    // Filled in by the engine work: ("ujjayi", include_str!("../library/patterns/ujjayi.json")), …
];

/// All built-in patterns, parsed and validated (panics only if a shipped file is invalid,
/// which `tests` catch natively before any build ships).
pub fn patterns() -> &'static [Pattern] {
    static CELL: OnceLock<Vec<Pattern>> = OnceLock::new();
    CELL.get_or_init(|| {
        PATTERN_FILES
            .iter()
            .map(|(id, text)| {
                let v = crate::doc::parse_json(text).expect("built-in pattern JSON parses");
                let p = Pattern::from_json(&v, "")
                    .unwrap_or_else(|e| panic!("library pattern {id}: {e}"));
                assert_eq!(p.id.as_deref(), Some(*id), "library pattern file id");
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
