//! The built-in library: patterns and flows shipped as JSON in `library/`, embedded at build time.
//!
//! The JSON files are the source of truth (data over code): users copy one, edit it and pass it
//! back. Each is parsed once, on first use, by the same validator as user documents, so a broken
//! built-in fails the native tests rather than a reader's page.

pub mod files;
pub mod patterns;

pub use patterns::{pattern, pattern_ids, patterns, resolve, resolve_value};

use crate::error::{Result, ValidationError};
use crate::model::flow::Flow;
use crate::model::read;
use files::{parse, FLOW_FILES};
use std::sync::OnceLock;

/// Report a built-in file that failed to load and leave it out.
fn report<T>(id: &str, problem: &str) -> Option<T> {
    #[cfg(not(target_arch = "wasm32"))]
    eprintln!("breathflow: library entry {id}: {problem}");
    #[cfg(target_arch = "wasm32")]
    let _ = (id, problem);
    None
}

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
            .filter_map(|(id, text)| {
                let f = parse(text).and_then(|v| Flow::from_value(&v, ""));
                match f {
                    Ok(f) if f.id.as_deref() == Some(*id) => Some(f),
                    Ok(_) => report(id, "the file's id differs from its name"),
                    Err(e) => report(id, &e.to_string()),
                }
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

/// A flow given by id (a built-in) or as a document value (validated), at `path`.
pub fn flow_from(v: &serde_json::Value, path: &str) -> Result<Flow> {
    match v {
        serde_json::Value::String(id) => flow(id).cloned().ok_or_else(|| {
            ValidationError::new(
                path,
                format!(
                    "unknown flow id {}; built-in ids are {}",
                    read::quote(id),
                    flow_ids().join(", ")
                ),
            )
        }),
        other => Flow::from_value(other, path),
    }
}
