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

mod documents;
mod english;

pub use documents::{english_table, localize_flow, localize_pattern};
pub use english::{english, ENGLISH_TEXTS};

use crate::error::{Result, ValidationError};
use crate::model::read;
use std::collections::BTreeMap;

/// A language's texts: text id → text.
pub type Texts = BTreeMap<String, String>;

/// The tag of the built-in language.
pub const ENGLISH: &str = "en";

/// Languages shipped as `library/locales/<tag>.json` besides English.
pub const SHIPPED: [&str; 3] = ["es", "de", "fr"];

/// The ids of the safety cues (stop on pain; the surgery caution and the soft twist the rules
/// add): shown in whole sentences only, whatever the language.
pub const SAFETY_CUES: [&str; 3] = ["cue.stop-on-pain", "cue.surgery-caution", "cue.soft-twist"];

/// Longest text a table may hold, in bytes (a cue is a few hundred).
pub const MAX_TEXT_BYTES: usize = 4000;

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
    read::language_tag(tag)
}

/// The language of a normalized tag: `de` for `de-at`.
pub(crate) fn language(tag: &str) -> &str {
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
        let tag_asked = tag;
        let tag = self.resolve(tag);
        let own = self.tables.get(&tag);
        let lang = self
            .tables
            .get(language(&tag))
            .filter(|_| language(&tag) != tag);
        let english = self.tables.get(ENGLISH).filter(|_| tag != ENGLISH);
        Lang {
            tag,
            asked: normalize(tag_asked).unwrap_or_else(|| ENGLISH.to_string()),
            chain: [own, lang, english],
        }
    }
}

/// One locale's texts, each falling back to the language's, then to English.
#[derive(Debug, Clone)]
pub struct Lang<'a> {
    /// The tag in use (normalized): `state().locale`.
    pub tag: String,
    /// The tag asked for (normalized; `en` for none or a non-tag): a document's own texts are
    /// looked up by it, even in a language the page has no table for.
    pub asked: String,
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
            asked: ENGLISH.to_string(),
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

    /// A safety cue in this language: the English of the stop-on-pain, surgery and twist cues
    /// becomes this locale's; any other cue is `None`.
    fn safety_cue(&self, cue: &str) -> Option<&'a str> {
        SAFETY_CUES
            .into_iter()
            .find(|id| english(id) == Some(cue))
            .map(|id| self.t(id))
    }

    /// Whether `cue` is a safety cue in English or in this locale.
    pub fn is_safety_cue(&self, cue: &str) -> bool {
        SAFETY_CUES
            .into_iter()
            .any(|id| english(id) == Some(cue) || self.get(id) == Some(cue))
    }
}
