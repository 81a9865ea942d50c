//! Validation errors that name where in a document the problem is and which rule it broke.
//!
//! Every error the engine reports is a [`ValidationError`]: a JSON path such as `steps[3].seconds`
//! (empty for the document itself) and a rule written for a person, e.g.
//! `steps[3].seconds: must be 1–3600, got -5`. The web layer turns it into a JS `Error` unchanged.

use std::fmt;

/// One broken rule at one place in a pattern, flow or options object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationError {
    /// JSON path of the offending value: `""`, `"phases[0].seconds"`, `"steps[2].pattern"`.
    pub path: String,
    /// The rule in plain words, including the value that broke it where useful.
    pub rule: String,
}

impl ValidationError {
    pub fn new(path: impl Into<String>, rule: impl Into<String>) -> Self {
        ValidationError {
            path: path.into(),
            rule: rule.into(),
        }
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}", self.rule)
        } else {
            write!(f, "{}: {}", self.path, self.rule)
        }
    }
}

impl std::error::Error for ValidationError {}

/// Result type used across the engine.
pub type Result<T> = std::result::Result<T, ValidationError>;
