//! Documents in a locale: the library's patterns and flows translated by text id, and the table
//! of every id English has (what a translator fills).

use super::{Lang, Texts, ENGLISH_TEXTS};
use crate::model::flow::{Flow, PatternRef, Step, StepBody, STOP_ON_PAIN_CUE};
use crate::model::pattern::Pattern;

/// `pattern` in `lang`, its texts looked up under `prefix` (`pattern.<id>.` for a built-in).
fn pattern_in(pattern: &Pattern, lang: &Lang, prefix: &str) -> Pattern {
    let mut p = pattern.clone();
    if let Some(t) = &mut p.title {
        *t = lang.or(&format!("{prefix}title"), t);
    }
    if let Some(d) = &mut p.description {
        *d = lang.or(&format!("{prefix}description"), d);
    }
    for (i, ph) in p.phases.iter_mut().enumerate() {
        if let Some(c) = &mut ph.cue {
            *c = lang.or(&format!("{prefix}phases.{i}.cue"), c);
        }
    }
    p
}

/// A built-in pattern (or any pattern with an id) in `lang`: its title, description and phase
/// cues by the ids `pattern.<id>.title`, `.description`, `.phases.<i>.cue`. A pattern without
/// an id, or English, is returned as it is.
pub fn localize_pattern(pattern: &Pattern, lang: &Lang) -> Pattern {
    match &pattern.id {
        Some(id) if !lang.is_plain_english() => {
            pattern_in(pattern, lang, &format!("pattern.{id}."))
        }
        _ => pattern.clone(),
    }
}

/// A step in `lang`, its texts under `prefix` (`flow.<id>.steps.<step id>.`).
fn step_in(step: &Step, lang: &Lang, prefix: &str) -> Step {
    let mut s = step.clone();
    if let Some(t) = &mut s.title {
        *t = lang.or(&format!("{prefix}title"), t);
    }
    for (i, c) in s.cues.iter_mut().enumerate() {
        *c = match lang.safety_cue(c) {
            Some(safe) => safe.to_string(),
            None => lang.or(&format!("{prefix}cues.{i}"), c),
        };
    }
    match &mut s.body {
        StepBody::Pose {
            pattern: Some(p), ..
        }
        | StepBody::PressureHold {
            pattern: Some(p), ..
        } => *p = pattern_ref_in(p, lang, prefix),
        StepBody::Note { text, reading_ms } => {
            // Read for as long as the text it translates: every language keeps one timeline.
            reading_ms.get_or_insert(crate::model::flow::note_reading_ms(text));
            *text = lang.or(&format!("{prefix}text"), text);
        }
        StepBody::Breathe { pattern, .. } => *pattern = pattern_ref_in(pattern, lang, prefix),
        _ => {}
    }
    if let Some(alt) = &s.alternative {
        s.alternative = Some(Box::new(step_in(
            alt,
            lang,
            &format!("{prefix}alternative."),
        )));
    }
    s
}

/// A step's pattern in `lang`: a built-in by its own ids, one written in the step under the
/// step's (`….pattern.`).
fn pattern_ref_in(r: &PatternRef, lang: &Lang, prefix: &str) -> PatternRef {
    let pattern = match (&r.name, &r.pattern.id) {
        (Some(_), Some(_)) => localize_pattern(&r.pattern, lang),
        _ => pattern_in(&r.pattern, lang, &format!("{prefix}pattern.")),
    };
    PatternRef {
        name: r.name.clone(),
        pattern,
    }
}

/// A flow in `lang`: for a flow with an id, its title, description and every step's title, cues
/// and note text by the ids `flow.<id>.title`, `.description`, `.steps.<step id>.title`,
/// `.steps.<step id>.cues.<i>`, `.steps.<step id>.text` (an alternative's under
/// `.steps.<step id>.alternative.`); every safety cue in `lang` whatever the flow. A text the
/// locale lacks stays as written.
pub fn localize_flow(flow: &Flow, lang: &Lang) -> Flow {
    if lang.is_plain_english() {
        return flow.clone();
    }
    let prefix = match &flow.id {
        Some(id) => format!("flow.{id}."),
        // Only the safety cues have ids outside a library flow.
        None => "\u{0}".to_string(),
    };
    let mut f = flow.clone();
    f.title = lang.or(&format!("{prefix}title"), &f.title);
    if let Some(d) = &mut f.description {
        *d = lang.or(&format!("{prefix}description"), d);
    }
    f.steps = flow
        .steps
        .iter()
        .map(|s| step_in(s, lang, &format!("{prefix}steps.{}.", s.id)))
        .collect();
    f
}

/// [`english_table`], built once.
pub(super) fn library_english() -> &'static Texts {
    static CELL: std::sync::OnceLock<Texts> = std::sync::OnceLock::new();
    CELL.get_or_init(english_table)
}

/// Every text id English has, with its English: the words and safety texts, and every text of
/// the built-in library (the table a translator fills, and what every shipped locale must have).
pub fn english_table() -> Texts {
    let mut out: Texts = ENGLISH_TEXTS
        .iter()
        .map(|&(k, v)| (k.to_string(), v.to_string()))
        .collect();
    for p in crate::library::patterns() {
        if let Some(id) = &p.id {
            pattern_texts(p, &format!("pattern.{id}."), &mut out);
        }
    }
    for f in crate::library::flows() {
        let Some(id) = &f.id else { continue };
        let prefix = format!("flow.{id}.");
        out.insert(format!("{prefix}title"), f.title.clone());
        if let Some(d) = &f.description {
            out.insert(format!("{prefix}description"), d.clone());
        }
        for s in &f.steps {
            step_texts(s, &format!("{prefix}steps.{}.", s.id), &mut out);
        }
    }
    out
}

fn pattern_texts(p: &Pattern, prefix: &str, out: &mut Texts) {
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

fn step_texts(s: &Step, prefix: &str, out: &mut Texts) {
    if let Some(t) = &s.title {
        out.insert(format!("{prefix}title"), t.clone());
    }
    for (i, c) in s.cues.iter().enumerate() {
        // Safety cues have their own ids.
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
