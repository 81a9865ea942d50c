//! Flows: a titled sequence of typed steps (breathing, poses, ball pressure holds, rolling, rests
//! and notes), read from JSON with path-naming errors, written back in the same shape, and compiled
//! into a [`Plan`]: a timeline of parts that the sequencer positions in by session time.
//!
//! # Authoring shape
//! ```json
//! { "id": "my-flow", "title": "My flow", "description": "…", "countdown": 5,
//!   "steps": [
//!     { "kind": "breathe", "pattern": "ujjayi", "breaths": 6 },
//!     { "kind": "pose", "title": "Seated Spinal Twist", "seconds": 30, "sides": "both",
//!       "tags": ["seated", "twist"], "cues": ["Turn to the left …"] },
//!     { "kind": "pose", "title": "Modified Down Dog", "breaths": 5, "pattern": "ujjayi",
//!       "tags": ["inversion"], "alternative": { "kind": "pose", "title": "…", "seconds": 40 } },
//!     { "kind": "pressure-hold", "breaths": 5, "spots": 3, "tags": ["massage"] },
//!     { "kind": "roll", "seconds": 60 }, { "kind": "rest", "seconds": 30 },
//!     { "kind": "note", "text": "…" } ] }
//! ```
//! Every step may carry `id`, `title`, `cues`, `tags`; every step but a note may carry an
//! `alternative` (one inline step, itself without an alternative). Ids are normalised when parsing:
//! a step without one gets `step-N` (N its 1-based position; `-2`, `-3`… appended if taken), an
//! alternative without one gets `<step id>-alt`. Serialising a parsed flow gives back a document
//! that parses to the same flow, so `Flow::from_json(&flow.to_json())? == flow`.
//!
//! # Timeline ([`Plan`])
//! A flow compiles to parts laid end to end from session time 0:
//! - the countdown (if `countdown` > 0), a part without a step;
//! - one part per step, except a pose with `sides: "both"` (a left part, then a right part with
//!   "left" and "right" swapped in its cues) and a pressure hold (one part per spot, each a fresh
//!   run of its breathing pattern).
//!
//! Part lengths: `seconds` steps without a pattern last exactly that long; breathing parts last
//! what their [`Pacer`] says (`breaths` whole breaths, or for `seconds` the pacer's rule: the end of
//! the first breath that reaches that many seconds), so a part never ends mid-breath.
//!
//! **Notes** have no duration of their own in the document; in the timeline a note part lasts a
//! nominal reading time ([`note_reading_ms`]: 2 s + 0.3 s per word, 5–60 s) so that a clock-driven
//! widget always moves on. Notes are *advanced by the person*: parts report
//! `awaits_person` so a widget pauses its clock when a note begins and seeks to
//! [`Plan::next`] when the person continues. The planned total includes the reading time.

pub mod doc;
pub mod texts;

use crate::model::pattern::{Pattern, PatternSpec, Phase, PhaseKind, Route};
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;
use tsify::Tsify;

pub use doc::{FlowDoc, StepDoc};

/// Most steps a flow may have.
pub const MAX_STEPS: usize = 500;
/// Range of `seconds` for any step, in seconds.
pub const MIN_STEP_S: f64 = 1.0;
pub const MAX_STEP_S: f64 = 3600.0;
/// Longest countdown, in seconds.
pub const MAX_COUNTDOWN_S: f64 = 60.0;
/// Most breaths of a `breathe` step or a pose held for breaths.
pub const MAX_STEP_BREATHS: u32 = 1000;
/// Most breaths held on one spot of a pressure hold.
pub const MAX_HOLD_BREATHS: u32 = 50;
/// Most spots of a pressure hold.
pub const MAX_SPOTS: u32 = 20;
/// Most cues a step may carry.
pub const MAX_CUES: usize = 20;
/// Shortest and longest nominal reading time of a note, in ms.
pub const NOTE_MIN_MS: u64 = 5_000;
pub const NOTE_MAX_MS: u64 = 60_000;

/// The stop-on-pain rule. Every pressure hold carries it as its first cue; the parser adds it
/// when the author left it out.
pub const STOP_ON_PAIN_CUE: &str = "Stop if it hurts. A strong, satisfying pressure is fine; \
     pain is not. If you feel pain, lift off the spot and rest.";

/// Cue put first on every pose for `recent-surgery` (English; text id `cue.surgery-caution`).
pub const SURGERY_CAUTION_CUE: &str = "Go slowly. Begin with tiny movements to check you can \
     move in and out of this pose comfortably, and do not push.";
/// Cue added to every twist for `recent-surgery` (English; text id `cue.soft-twist`).
pub const SOFT_TWIST_CUE: &str = "Turn only a little: keep the twist small and well inside \
     your comfortable range.";

/// What a step is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "kebab-case")]
#[serde(try_from = "serde_json::Value")]
pub enum StepKind {
    Breathe,
    Pose,
    PressureHold,
    Roll,
    Rest,
    Note,
}

crate::named_enum!(StepKind {
    Breathe => "breathe",
    Pose => "pose",
    PressureHold => "pressure-hold",
    Roll => "roll",
    Rest => "rest",
    Note => "note",
});

impl StepKind {
    /// Title shown for a step that has none.
    pub fn default_title(self) -> &'static str {
        match self {
            StepKind::Breathe => "Breathe",
            StepKind::Pose => "Pose",
            StepKind::PressureHold => "Pressure hold",
            StepKind::Roll => "Roll",
            StepKind::Rest => "Rest",
            StepKind::Note => "Note",
        }
    }
}

/// What a step asks of the body; the safety rules ([`crate::safety`]) read these.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "kebab-case")]
#[serde(try_from = "serde_json::Value")]
pub enum Tag {
    /// Head below the heart.
    Inversion,
    Twist,
    Massage,
    Prone,
    Supine,
    Standing,
    Seated,
    SideLying,
    Kneeling,
}

crate::named_enum!(Tag {
    Inversion => "inversion",
    Twist => "twist",
    Massage => "massage",
    Prone => "prone",
    Supine => "supine",
    Standing => "standing",
    Seated => "seated",
    SideLying => "side-lying",
    Kneeling => "kneeling",
});

/// Which sides a pose runs on. Only `"both"` exists: left, then right with mirrored cues.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "kebab-case")]
#[serde(try_from = "serde_json::Value")]
pub enum Sides {
    Both,
}

crate::named_enum!(Sides { Both => "both" });

/// The side a part of the timeline is on (`None`: a step without sides; hosts receive `null`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    None,
    Left,
    Right,
}

impl Serialize for Side {
    /// `"left"`, `"right"`, or `null` for a step without sides.
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        match self {
            Side::None => s.serialize_none(),
            other => s.serialize_str(other.as_str()),
        }
    }
}

/// The TypeScript of [`Side`] as hosts receive it.
#[wasm_bindgen::prelude::wasm_bindgen(typescript_custom_section)]
const SIDE_TS: &'static str = r#"export type Side = "left" | "right" | null;"#;

impl Side {
    pub fn as_str(self) -> &'static str {
        match self {
            Side::None => "none",
            Side::Left => "left",
            Side::Right => "right",
        }
    }
}

/// How long a `breathe` step or a pose lasts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Length {
    /// Whole breaths, 1..=1000.
    Breaths(u32),
    /// Seconds, 1..=3600.
    Seconds(f64),
}

/// A pattern as the author referred to it: by a string (a built-in id or a shorthand, kept so the
/// document round-trips as written) or inline (`name` is `None`). `pattern` is always resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct PatternRef {
    pub name: Option<String>,
    pub pattern: Pattern,
}

impl PatternRef {
    /// An inline pattern.
    pub fn inline(pattern: Pattern) -> PatternRef {
        PatternRef {
            name: None,
            pattern,
        }
    }

    /// The reference as the author wrote it: the name, or the inline pattern.
    pub fn to_spec(&self) -> PatternSpec {
        match &self.name {
            Some(n) => PatternSpec::Name(n.clone()),
            None => PatternSpec::Inline(self.pattern.clone()),
        }
    }
}

/// The kind-specific part of a step.
#[derive(Debug, Clone, PartialEq)]
pub enum StepBody {
    Breathe {
        pattern: PatternRef,
        length: Length,
    },
    Pose {
        length: Length,
        /// Breathing pattern paced during the pose; a pose held for breaths without one uses
        /// [`default_hold_pattern`].
        pattern: Option<PatternRef>,
        sides: Option<Sides>,
    },
    PressureHold {
        /// Breaths held on each spot, 1..=50.
        breaths: u32,
        /// Spots worked in turn, 1..=20.
        spots: u32,
        /// Defaults to [`default_hold_pattern`].
        pattern: Option<PatternRef>,
    },
    Roll {
        seconds: f64,
    },
    Rest {
        seconds: f64,
    },
    Note {
        text: String,
        /// How long it is read for, in ms, when not its own text's [`note_reading_ms`]: a
        /// translated note keeps the reading time of the text it translates, so a practice has
        /// one timeline in every language. Never authored (a document's note has none).
        reading_ms: Option<u64>,
    },
}

impl StepBody {
    pub fn kind(&self) -> StepKind {
        match self {
            StepBody::Breathe { .. } => StepKind::Breathe,
            StepBody::Pose { .. } => StepKind::Pose,
            StepBody::PressureHold { .. } => StepKind::PressureHold,
            StepBody::Roll { .. } => StepKind::Roll,
            StepBody::Rest { .. } => StepKind::Rest,
            StepBody::Note { .. } => StepKind::Note,
        }
    }
}

/// One step of a flow.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    /// Unique within the flow (alternatives included); normalised when parsing.
    pub id: String,
    /// Required for poses; other kinds fall back to [`Step::display_title`].
    pub title: Option<String>,
    pub body: StepBody,
    pub cues: Vec<String>,
    pub tags: Vec<Tag>,
    /// The step to use instead when this one is not safe for the person (see [`crate::safety`]).
    pub alternative: Option<Box<Step>>,
}

impl Step {
    pub fn kind(&self) -> StepKind {
        self.body.kind()
    }

    pub fn has_tag(&self, tag: Tag) -> bool {
        self.tags.contains(&tag)
    }

    /// The title, or for an untitled step the pattern's title (breathing) or the kind's name.
    pub fn display_title(&self) -> &str {
        if let Some(t) = &self.title {
            return t;
        }
        if let StepBody::Breathe { pattern, .. } = &self.body {
            if let Some(t) = &pattern.pattern.title {
                return t;
            }
        }
        self.kind().default_title()
    }

    /// The pattern paced during this step, if it is a breathing step: always for `breathe` and
    /// `pressure-hold`, for a pose when it names a pattern or is held for breaths.
    pub fn pattern(&self) -> Option<&Pattern> {
        match &self.body {
            StepBody::Breathe { pattern, .. } => Some(&pattern.pattern),
            StepBody::Pose {
                pattern: Some(p), ..
            } => Some(&p.pattern),
            StepBody::Pose {
                pattern: None,
                length: Length::Breaths(_),
                ..
            } => Some(default_hold_pattern()),
            StepBody::PressureHold { pattern, .. } => Some(
                pattern
                    .as_ref()
                    .map(|p| &p.pattern)
                    .unwrap_or_else(|| default_hold_pattern()),
            ),
            _ => None,
        }
    }

    /// True for a pose that runs on both sides.
    pub fn both_sides(&self) -> bool {
        matches!(
            self.body,
            StepBody::Pose {
                sides: Some(Sides::Both),
                ..
            }
        )
    }
}

/// A flow, in the shape authors write it.
#[derive(Debug, Clone, PartialEq)]
pub struct Flow {
    pub id: Option<String>,
    pub title: String,
    pub description: Option<String>,
    /// Seconds before the first step, 0..=60.
    pub countdown: Option<f64>,
    pub steps: Vec<Step>,
    /// The flow's own translations: language tag (normalized) → path → text
    /// ([`Flow::texts_by_path`] names the paths).
    pub texts: std::collections::BTreeMap<String, texts::TextsByPath>,
}

/// The slow breath used by pressure holds (and poses held for breaths) that name no pattern:
/// 4 s in through the nose into the sensation, 6 s out letting go.
pub fn default_hold_pattern() -> &'static Pattern {
    static CELL: OnceLock<Pattern> = OnceLock::new();
    CELL.get_or_init(|| Pattern {
        id: None,
        title: Some("Slow breath".to_string()),
        description: Some(
            "A soft, full breath: in for 4 seconds, out for 6, never forced.".to_string(),
        ),
        phases: vec![
            Phase {
                phase: PhaseKind::Inhale,
                seconds: 4.0,
                route: Some(Route::Nose),
                focus: vec![],
                cue: Some("Breathe into the sensation".to_string()),
                ramp: None,
            },
            Phase {
                phase: PhaseKind::Exhale,
                seconds: 6.0,
                route: Some(Route::Nose),
                focus: vec![],
                cue: Some("Let go and soften into it".to_string()),
                ramp: None,
            },
        ],
    })
}

/// Nominal reading time of a note: 2 s plus 0.3 s per word, kept within 5–60 s.
pub fn note_reading_ms(text: &str) -> u64 {
    let words = text.split_whitespace().count() as u64;
    (2_000u64.saturating_add(words.saturating_mul(300))).clamp(NOTE_MIN_MS, NOTE_MAX_MS)
}

/// Swap the words "left" and "right" (whole words, any case: `Left` → `Right`, `LEFT` → `RIGHT`),
/// for the second side of a two-sided pose.
pub fn mirror(text: &str) -> String {
    mirror_words(text, "left right")
}

/// [`mirror`] for a language: `pairs` lists the words to swap two by two, separated by spaces
/// (text id `mirror.words`: "left right" in English, "links rechts linke rechte …" in German),
/// compared whole and without regard to ASCII case, and written in the case of the word
/// replaced (lower, Title or UPPER in ASCII letters: Unicode's case tables would cost the wasm
/// tens of KB, and the shipped languages' words for the sides are ASCII).
pub fn mirror_words(text: &str, pairs: &str) -> String {
    let list: Vec<&str> = pairs.split_whitespace().collect();
    let swap = |w: &str| -> Option<&str> {
        let i = list.iter().position(|p| p.eq_ignore_ascii_case(w))?;
        list.get(i ^ 1).copied()
    };
    let mut out = String::with_capacity(text.len() + 8);
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        match swap(word) {
            Some(to) => {
                let upper = word.bytes().all(|c| !c.is_ascii_lowercase());
                let title = word.bytes().next().is_some_and(|c| c.is_ascii_uppercase());
                if upper && word.len() > 1 {
                    out.push_str(&to.to_ascii_uppercase());
                } else if title {
                    let mut chars = to.chars();
                    if let Some(c) = chars.next() {
                        out.push(c.to_ascii_uppercase());
                        out.push_str(chars.as_str());
                    }
                } else {
                    out.push_str(to);
                }
            }
            None => out.push_str(word),
        }
        word.clear();
    };
    for c in text.chars() {
        if crate::text::is_word_char(c) || c == '_' {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

impl Flow {
    /// Index of the step with this id.
    pub fn step_index(&self, id: &str) -> Option<usize> {
        self.steps.iter().position(|s| s.id == id)
    }
}
