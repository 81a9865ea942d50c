//! Languages: which texts a widget shows, by text id, with English built in.
//!
//! Every word a person reads (the canvas's words, the safety texts, the library's titles,
//! descriptions and cues) has a text id. English is compiled in ([`english`] for the words and the
//! safety texts, the library's own JSON for its documents); other languages are tables of
//! `id → text` ([`Texts`]) that a page registers ([`Catalog::register`]): the shipped ones are
//! `library/locales/<tag>.json`, loaded on demand so an English page downloads none of them.
//!
//! A locale is asked for by a BCP 47 tag. [`Catalog::resolve`] takes the registered tag that
//! matches it best: the tag itself (`de-at`), else its language (`de`), else English; never an
//! error. A text missing from a regional table falls back to its language's, then to English
//! ([`Lang::t`]), so a host may override a single text.
//!
//! Library documents are translated whole ([`localize_pattern`], [`localize_flow`]) before a
//! session is built from them: a text id there is the document's own path (`title`,
//! `steps.<step id>.cues.0`, `phases.1.cue`) under `pattern.<id>.` or `flow.<id>.`.
//!
//! Pure: no web types, no globals (the page's catalog lives in the web layer).

use crate::error::{Result, ValidationError};
use crate::model::flow::{Flow, PatternRef, Step, StepBody, STOP_ON_PAIN_CUE};
use crate::model::pattern::Pattern;
use crate::model::read;
use std::collections::BTreeMap;

/// A language's texts: text id → text.
pub type Texts = BTreeMap<String, String>;

/// The tag of the built-in language.
pub const ENGLISH: &str = "en";

/// Languages shipped as `library/locales/<tag>.json` besides English.
pub const SHIPPED: [&str; 3] = ["es", "de", "fr"];

/// Longest text a table may hold, in bytes (a cue is a few hundred).
pub const MAX_TEXT_BYTES: usize = 4000;

/// The words and safety texts in English, by id. Templates name their values in braces
/// (`{n}`); [`fill`] puts them in.
pub const ENGLISH_TEXTS: &[(&str, &str)] = &[
    // The canvas.
    ("canvas.inhale", "Inhale"),
    ("canvas.exhale", "Exhale"),
    ("canvas.hold", "Hold"),
    ("canvas.nose", "nose"),
    ("canvas.mouth", "mouth"),
    ("canvas.phase-route", "{phase} · {route}"),
    ("canvas.get-ready", "Get ready"),
    ("canvas.press-start", "Press Start"),
    ("canvas.complete", "Complete"),
    ("canvas.rest", "Rest"),
    ("canvas.roll", "Roll"),
    ("canvas.pose", "Hold the pose"),
    ("canvas.note", "Continue when ready"),
    ("canvas.breathe", "Breathe"),
    ("canvas.left-side", "Left side"),
    ("canvas.right-side", "Right side"),
    ("canvas.spot", "Spot {n} of {total}"),
    ("canvas.seconds", "{n} s"),
    ("canvas.breath-of", "breath {n} / {total}"),
    ("canvas.breath", "breath {n}"),
    // Conditions: in a sentence, the advice, and the heading of the advice.
    (
        "condition.eye-condition.describe",
        "glaucoma, cataracts or another major eye condition",
    ),
    (
        "condition.high-blood-pressure.describe",
        "high blood pressure that is not under control",
    ),
    (
        "condition.recent-surgery.describe",
        "recent surgery or a major physical limitation",
    ),
    (
        "condition.lymph-nodes-or-chemo.describe",
        "lymph nodes removed or during chemotherapy",
    ),
    (
        "condition.eye-condition.advice",
        "With glaucoma, cataracts or another major eye condition, keep your head above your \
         heart: poses that put it lower are left out or swapped for a gentler one.",
    ),
    (
        "condition.high-blood-pressure.advice",
        "If your blood pressure is high and not under control, ask your physician before you \
         start. Poses that put your head below your heart are left out or swapped.",
    ),
    (
        "condition.recent-surgery.advice",
        "After recent surgery, or with a major physical limitation, take your time: start every \
         pose with very small movements so you know you can move in and out of it \
         comfortably, and never push.",
    ),
    (
        "condition.lymph-nodes-or-chemo.advice",
        "If you have had lymph nodes removed or are on chemotherapy, ask your doctor whether \
         self-massage could interfere with your treatment before you try it. Ball massage steps \
         are left out.",
    ),
    ("condition.eye-condition.title", "Eye conditions"),
    (
        "condition.high-blood-pressure.title",
        "Uncontrolled high blood pressure",
    ),
    (
        "condition.recent-surgery.title",
        "Recent surgery or a physical limitation",
    ),
    (
        "condition.lymph-nodes-or-chemo.title",
        "Lymph nodes removed or chemotherapy",
    ),
    // Guidance every practice shows.
    ("guidance.stop-on-pain.title", "Pain means stop"),
    (
        "guidance.stop-on-pain.text",
        "Pressing a tight spot can bring a strong sensation that still feels good; breathe into \
         that one, deeply and softly, and keep breathing. Pain is different: if anything hurts, \
         stop and rest. Never hold your breath.",
    ),
    ("guidance.see-a-doctor.title", "When to call a doctor"),
    (
        "guidance.see-a-doctor.text",
        "Call your doctor if the pain is constant instead of coming in waves, or if it has not \
         eased after a few hours or days: something other than a muscle spasm may be going on. \
         Pain that feels deep and internal, on one or both sides of the low back just under the \
         lower ribs, can come from the kidneys, a stone or an infection and needs a doctor soon.",
    ),
    ("guidance.blood-pressure.title", "High blood pressure"),
    (
        "guidance.blood-pressure.text",
        "If you have high blood pressure that is not under control, ask your physician before \
         you start.",
    ),
    // Cues the safety rules add.
    ("cue.stop-on-pain", STOP_ON_PAIN_CUE),
    (
        "cue.surgery-caution",
        "Go slowly. Begin with tiny movements to check you can move in and out of this pose \
         comfortably, and do not push.",
    ),
    (
        "cue.soft-twist",
        "Turn only a little: keep the twist small and well inside your comfortable range.",
    ),
    // Why a flow was adapted (each a sentence, or the end of one).
    (
        "reason.head-below-heart",
        "putting the head below the heart is not safe with {who}",
    ),
    (
        "reason.massage",
        "with {who}, ask your doctor before any massage, a ball massage included",
    ),
    ("reason.replaced", "{title} replaced by {other}: {why}."),
    ("reason.removed", "{title} left out: {why}."),
    ("reason.cautioned", "{title}: after {who}, {what}."),
    (
        "reason.go-slowly",
        "go slowly and start with tiny movements",
    ),
    (
        "reason.small-twist",
        "keep the twist small, well inside your range",
    ),
    (
        "reason.nothing-safe",
        "nothing in \"{title}\" is safe with {who}: every step was left out. Ask your doctor \
         which practice suits you.",
    ),
    // The words swapped on a pose's second side, two by two (every form: "left right").
    ("mirror.words", "left right"),
    ("join.and-with", ", and with "),
    ("join.and", ", and "),
    ("join.or", ", or "),
    ("join.reasons", "; "),
];

/// The English text for `id` among the words and safety texts, if it is one of them.
pub fn english(id: &str) -> Option<&'static str> {
    ENGLISH_TEXTS
        .iter()
        .find(|(k, _)| *k == id)
        .map(|&(_, v)| v)
}

/// `template` with each `{name}` replaced by its value in `values` (a name not given is left
/// as it is, braces and all, so a translator's typo shows rather than vanishes).
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let name = &after[..close];
                match values.iter().find(|(k, _)| *k == name) {
                    Some((_, v)) => out.push_str(v),
                    None => out.push_str(&rest[open..open + close + 2]),
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// `tag` in the form tables are kept under: trimmed, lower case, `_` as `-`. `None` unless it
/// is a plausible BCP 47 tag (letters, digits and hyphens; a 2–8 letter language first).
pub fn normalize(tag: &str) -> Option<String> {
    let t = tag.trim().to_ascii_lowercase().replace('_', "-");
    let mut parts = t.split('-');
    let lang = parts.next()?;
    let lang_ok = (2..=8).contains(&lang.len()) && lang.bytes().all(|b| b.is_ascii_lowercase());
    let rest_ok =
        parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()));
    (lang_ok && rest_ok).then_some(t)
}

/// The language of a normalized tag: `de` for `de-at`.
fn language(tag: &str) -> &str {
    tag.split('-').next().unwrap_or(tag)
}

/// The languages a page has registered, by normalized tag.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    tables: BTreeMap<String, Texts>,
}

impl Catalog {
    /// Add `texts` under `tag`, over any texts already there (a host overrides single texts this
    /// way; English too). Errors name the field: `tag`, or `texts["<id>"]` for a blank or
    /// over-long text.
    pub fn register(&mut self, tag: &str, texts: Texts) -> Result<String> {
        let key = normalize(tag).ok_or_else(|| {
            ValidationError::new(
                "tag",
                format!(
                    "must be a language tag such as \"de\" or \"pt-BR\", got {}",
                    read::quote(tag)
                ),
            )
        })?;
        for (id, text) in &texts {
            let at = || format!("texts[{}]", read::quote(id));
            if id.trim().is_empty() {
                return Err(ValidationError::new("texts", "text ids must not be blank"));
            }
            if text.trim().is_empty() {
                return Err(ValidationError::new(at(), "must not be blank"));
            }
            if text.len() > MAX_TEXT_BYTES {
                return Err(ValidationError::new(
                    at(),
                    format!("must be at most {MAX_TEXT_BYTES} bytes, got {}", text.len()),
                ));
            }
        }
        self.tables.entry(key.clone()).or_default().extend(texts);
        Ok(key)
    }

    /// Whether a table is registered under `tag` (normalized).
    pub fn has(&self, tag: &str) -> bool {
        normalize(tag).is_some_and(|t| self.tables.contains_key(&t))
    }

    /// The tag in use for a request of `tag`: itself when registered, else its language when
    /// registered, else English (also for anything that is not a tag at all).
    pub fn resolve(&self, tag: &str) -> String {
        let Some(t) = normalize(tag) else {
            return ENGLISH.to_string();
        };
        if self.tables.contains_key(&t) || t == ENGLISH {
            return t;
        }
        let lang = language(&t);
        if lang == ENGLISH || self.tables.contains_key(lang) {
            return lang.to_string();
        }
        ENGLISH.to_string()
    }

    /// The texts for a request of `tag` ([`Catalog::resolve`]).
    pub fn lang(&self, tag: &str) -> Lang<'_> {
        let tag = self.resolve(tag);
        let own = self.tables.get(&tag);
        let lang = self
            .tables
            .get(language(&tag))
            .filter(|_| language(&tag) != tag);
        let english = self.tables.get(ENGLISH).filter(|_| tag != ENGLISH);
        Lang {
            tag,
            chain: [own, lang, english],
        }
    }
}

/// One locale's texts, each falling back to the language's, then to English.
#[derive(Debug, Clone)]
pub struct Lang<'a> {
    /// The tag in use (normalized): `state().locale`.
    pub tag: String,
    chain: [Option<&'a Texts>; 3],
}

impl Default for Lang<'_> {
    fn default() -> Self {
        Lang::english()
    }
}

impl<'a> Lang<'a> {
    /// English, with nothing registered.
    pub fn english() -> Lang<'a> {
        Lang {
            tag: ENGLISH.to_string(),
            chain: [None; 3],
        }
    }

    /// Whether this is English with no table of overrides.
    pub fn is_plain_english(&self) -> bool {
        self.chain.iter().all(Option::is_none)
    }

    /// Every registered text this locale has (a regional table's over its language's over
    /// English overrides): for a host's own texts in the same tables (the element's buttons).
    pub fn merged(&self) -> Texts {
        let mut out = Texts::new();
        for t in self.chain.iter().rev().flatten() {
            out.extend(t.iter().map(|(k, v)| (k.clone(), v.clone())));
        }
        out
    }

    /// The text registered for `id`, if any table has it.
    pub fn get(&self, id: &str) -> Option<&'a str> {
        self.chain
            .iter()
            .flatten()
            .find_map(|t| t.get(id))
            .map(String::as_str)
    }

    /// The text for one of [`ENGLISH_TEXTS`]'s ids: registered, else English (else the id).
    pub fn t(&self, id: &'static str) -> &'a str {
        self.get(id).or_else(|| english(id)).unwrap_or(id)
    }

    /// [`Lang::t`] filled with `values` ([`fill`]).
    pub fn fill(&self, id: &'static str, values: &[(&str, &str)]) -> String {
        fill(self.t(id), values)
    }

    /// The registered text for `id`, else `own` (the document's English).
    fn or(&self, id: &str, own: &str) -> String {
        self.get(id).unwrap_or(own).to_string()
    }

    /// A safety cue in this language: the English of the stop-on-pain, surgery and twist cues
    /// becomes this locale's; any other cue is `None`.
    fn safety_cue(&self, cue: &str) -> Option<&'a str> {
        ["cue.stop-on-pain", "cue.surgery-caution", "cue.soft-twist"]
            .into_iter()
            .find(|id| english(id) == Some(cue))
            .map(|id| self.t(id))
    }

    /// Whether `cue` is a safety cue in English or in this locale.
    pub fn is_safety_cue(&self, cue: &str) -> bool {
        ["cue.stop-on-pain", "cue.surgery-caution", "cue.soft-twist"]
            .into_iter()
            .any(|id| english(id) == Some(cue) || self.get(id) == Some(cue))
    }
}

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
            if pattern.name.is_none() || pattern.pattern.id.is_none() =>
        {
            pattern_texts(&pattern.pattern, &format!("{prefix}pattern."), out);
        }
        _ => {}
    }
    if let Some(alt) = &s.alternative {
        step_texts(alt, &format!("{prefix}alternative."), out);
    }
}
