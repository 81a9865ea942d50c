//! The built-in patterns, and resolving a pattern reference (a built-in id, a shorthand or an
//! inline object) as accepted everywhere a pattern is.

use super::files::{parse, PATTERN_FILES};
use crate::error::{Result, ValidationError};
use crate::model::pattern::{Pattern, PatternSpec};
use crate::model::read;
use std::sync::OnceLock;

/// All built-in patterns, parsed and validated like a user's document. A shipped file that does
/// not validate is left out and reported on stderr / the console (the native tests fail on it
/// long before a build ships).
pub fn patterns() -> &'static [Pattern] {
    static CELL: OnceLock<Vec<Pattern>> = OnceLock::new();
    CELL.get_or_init(|| {
        PATTERN_FILES
            .iter()
            .filter_map(|(id, text)| {
                let p = parse(text).and_then(|v| Pattern::from_value(&v, ""));
                match p {
                    Ok(p) if p.id.as_deref() == Some(*id) => Some(p),
                    Ok(_) => super::report(id, "the file's id differs from its name"),
                    Err(e) => super::report(id, &e.to_string()),
                }
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

/// Resolve a pattern reference at `path`: a built-in id (`"ujjayi"`), a shorthand (`"4-7-8"`), or
/// an inline pattern object (validated).
pub fn resolve(spec: &PatternSpec, path: &str) -> Result<Pattern> {
    match spec {
        PatternSpec::Name(s) => {
            if let Some(p) = pattern(s) {
                return Ok(p.clone());
            }
            if s.contains('-') && s.bytes().next().is_some_and(|b| b.is_ascii_digit()) {
                return Pattern::from_shorthand(s, path);
            }
            Err(ValidationError::new(
                path,
                format!(
                    "unknown pattern id {}; built-in ids are {}, or use a shorthand like \"4-7-8\"",
                    read::quote(s),
                    pattern_ids().join(", ")
                ),
            ))
        }
        PatternSpec::Inline(p) => {
            p.validate(path)?;
            Ok(p.clone())
        }
    }
}

/// Read and resolve a pattern reference given as a value (id, shorthand or object) at `path`.
pub fn resolve_value(v: &serde_json::Value, path: &str) -> Result<Pattern> {
    resolve(&read::read(v, path)?, path)
}
