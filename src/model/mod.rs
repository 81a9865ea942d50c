//! The practice model: what people author and what the practice is made of. Patterns and flows
//! (serde documents and their validation), the built-in library, the safety rules, the widget's
//! options and the one error type every rule reports through. No clock, no drawing, no web.

pub mod error;
pub mod flow;
pub mod library;
pub mod locale;
pub mod pattern;
pub mod read;
pub mod safety;
