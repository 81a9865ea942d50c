//! A flow's texts by path (`title`, `steps.<step id>.cues.0`, …): what a document's `texts` may
//! translate, and, under `flow.<id>.`, the library's text ids.

use super::{Flow, Step, StepBody, STOP_ON_PAIN_CUE};
use crate::model::pattern::Pattern;
use std::collections::BTreeMap;

/// Path → text.
pub type TextsByPath = BTreeMap<String, String>;

impl Flow {
    /// The flow's own texts by path: `title`, `description`, and for each step
    /// `steps.<id>.title`, `.cues.<i>` (but the stop-on-pain rule, a safety text of its own),
    /// `.text` (a note), `.pattern.…` (a pattern written in the step) and `.alternative.…`.
    pub fn texts_by_path(&self) -> TextsByPath {
        let mut out = TextsByPath::new();
        out.insert("title".into(), self.title.clone());
        if let Some(d) = &self.description {
            out.insert("description".into(), d.clone());
        }
        for s in &self.steps {
            step_texts(s, &format!("steps.{}.", s.id), &mut out);
        }
        out
    }
}

/// A pattern's texts under `prefix`: `title`, `description`, `phases.<i>.cue`.
pub fn pattern_texts(p: &Pattern, prefix: &str, out: &mut TextsByPath) {
    if let Some(t) = &p.title {
        out.insert(format!("{prefix}title"), t.clone());
    }
    if let Some(d) = &p.description {
        out.insert(format!("{prefix}description"), d.clone());
    }
    for (i, ph) in p.phases.iter().enumerate() {
        if let Some(c) = &ph.cue {
            out.insert(format!("{prefix}phases.{i}.cue"), c.clone());
        }
    }
}

/// A step's texts under `prefix` (see [`Flow::texts_by_path`]).
pub fn step_texts(s: &Step, prefix: &str, out: &mut TextsByPath) {
    if let Some(t) = &s.title {
        out.insert(format!("{prefix}title"), t.clone());
    }
    for (i, c) in s.cues.iter().enumerate() {
        if c != STOP_ON_PAIN_CUE {
            out.insert(format!("{prefix}cues.{i}"), c.clone());
        }
    }
    match &s.body {
        StepBody::Note { text, .. } => {
            out.insert(format!("{prefix}text"), text.clone());
        }
        StepBody::Breathe { pattern, .. }
        | StepBody::Pose {
            pattern: Some(pattern),
            ..
        }
        | StepBody::PressureHold {
            pattern: Some(pattern),
            ..
        } if pattern.name.is_none() || pattern.pattern.id.is_none() => {
            pattern_texts(&pattern.pattern, &format!("{prefix}pattern."), out);
        }
        _ => {}
    }
    if let Some(alt) = &s.alternative {
        step_texts(alt, &format!("{prefix}alternative."), out);
    }
}
