//! Documents in a locale: the library's patterns and flows translated by text id, and the table
//! of every id English has (what a translator fills).

use super::{Lang, Texts, ENGLISH_TEXTS};
use crate::model::flow::texts::{pattern_texts, TextsByPath};
use crate::model::flow::{Flow, PatternRef, Step, StepBody};
use crate::model::pattern::Pattern;

/// Where a document's texts come from in a locale: the document's own `texts` for the language
/// asked (by path), else the locale's tables (by `prefix` + path, for a built-in), else as
/// written.
struct Look<'l, 'a> {
    lang: &'l Lang<'a>,
    /// The document's own texts for the tag asked, then for its language.
    own: [Option<&'l Texts>; 2],
    /// `pattern.<id>.` or `flow.<id>.` for a built-in; `None` for a document of the host's.
    prefix: Option<String>,
    /// The English of the built-in document with that id, by path: a registered text replaces
    /// only a text that is still its English (a host's edit of a library document, or a text
    /// that moved, is kept as written).
    english: Option<TextsByPath>,
}

impl Look<'_, '_> {
    fn text(&self, path: &str, written: &str) -> String {
        if let Some(t) = self.own.iter().flatten().find_map(|t| t.get(path)) {
            return t.clone();
        }
        match &self.prefix {
            Some(p) => {
                let unchanged = self
                    .english
                    .as_ref()
                    .and_then(|e| e.get(path))
                    .is_some_and(|en| en == written);
                match self.lang.get(&format!("{p}{path}")) {
                    Some(t) if unchanged => t.to_string(),
                    _ => written.to_string(),
                }
            }
            None => written.to_string(),
        }
    }
}

/// `pattern`'s texts through `look`, under `at` (`""`, or `steps.<id>.pattern.`).
fn pattern_in(pattern: &Pattern, look: &Look, at: &str) -> Pattern {
    let mut p = pattern.clone();
    if let Some(t) = &mut p.title {
        *t = look.text(&format!("{at}title"), t);
    }
    if let Some(d) = &mut p.description {
        *d = look.text(&format!("{at}description"), d);
    }
    for (i, ph) in p.phases.iter_mut().enumerate() {
        if let Some(c) = &mut ph.cue {
            *c = look.text(&format!("{at}phases.{i}.cue"), c);
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
            let english = crate::library::pattern(id).map(|p| {
                let mut e = TextsByPath::new();
                pattern_texts(p, "", &mut e);
                e
            });
            let look = Look {
                lang,
                own: [None, None],
                prefix: Some(format!("pattern.{id}.")),
                english,
            };
            pattern_in(pattern, &look, "")
        }
        _ => pattern.clone(),
    }
}

/// A step through `look`, its texts under `at` (`steps.<step id>.`).
fn step_in(step: &Step, look: &Look, at: &str) -> Step {
    let mut s = step.clone();
    if let Some(t) = &mut s.title {
        *t = look.text(&format!("{at}title"), t);
    }
    for (i, c) in s.cues.iter_mut().enumerate() {
        *c = match look.lang.safety_cue(c) {
            Some(safe) => safe.to_string(),
            None => look.text(&format!("{at}cues.{i}"), c),
        };
    }
    match &mut s.body {
        StepBody::Pose {
            pattern: Some(p), ..
        }
        | StepBody::PressureHold {
            pattern: Some(p), ..
        } => *p = pattern_ref_in(p, look, at),
        StepBody::Note { text, reading_ms } => {
            // Read for as long as the text it translates: every language keeps one timeline.
            reading_ms.get_or_insert(crate::model::flow::note_reading_ms(text));
            *text = look.text(&format!("{at}text"), text);
        }
        StepBody::Breathe { pattern, .. } => *pattern = pattern_ref_in(pattern, look, at),
        _ => {}
    }
    if let Some(alt) = &s.alternative {
        let alt = step_in(alt, look, &format!("{at}alternative."));
        s.alternative = Some(Box::new(alt));
    }
    s
}

/// A step's pattern: a built-in by its own ids, one written in the step under the step's
/// (`….pattern.`).
fn pattern_ref_in(r: &PatternRef, look: &Look, at: &str) -> PatternRef {
    let pattern = match (&r.name, &r.pattern.id) {
        (Some(_), Some(_)) => localize_pattern(&r.pattern, look.lang),
        _ => pattern_in(&r.pattern, look, &format!("{at}pattern.")),
    };
    PatternRef {
        name: r.name.clone(),
        pattern,
    }
}

/// A flow in `lang`: its title, description and every step's title, cues and note text (an
/// alternative's and a written pattern's too) from the flow's own `texts` for the language
/// asked, else, for a built-in, by the ids `flow.<id>.title`, `.steps.<step id>.cues.<i>` …
/// (docs/text-ids.md); every safety cue in `lang` whatever the flow. A text neither has stays
/// as written.
pub fn localize_flow(flow: &Flow, lang: &Lang) -> Flow {
    let asked = lang.asked.as_str();
    let own = [
        flow.texts.get(asked),
        flow.texts
            .get(super::language(asked))
            .filter(|_| super::language(asked) != asked),
    ];
    if lang.is_plain_english() && own.iter().all(Option::is_none) {
        return flow.clone();
    }
    let look = Look {
        lang,
        own,
        prefix: flow.id.as_ref().map(|id| format!("flow.{id}.")),
        english: flow
            .id
            .as_deref()
            .and_then(crate::library::flow)
            .map(Flow::texts_by_path),
    };
    let mut f = flow.clone();
    f.title = look.text("title", &f.title);
    if let Some(d) = &mut f.description {
        *d = look.text("description", d);
    }
    f.steps = flow
        .steps
        .iter()
        .map(|s| step_in(s, &look, &format!("steps.{}.", s.id)))
        .collect();
    f
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
        if let Some(id) = &f.id {
            let prefix = format!("flow.{id}.");
            out.extend(
                f.texts_by_path()
                    .into_iter()
                    .map(|(k, v)| (format!("{prefix}{k}"), v)),
            );
        }
    }
    out
}
