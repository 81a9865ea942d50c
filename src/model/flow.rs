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

use crate::doc::{self, Obj};
use crate::error::{Result, ValidationError};
use crate::json::{self, Value};
use crate::pacer::{Bound, Pacer};
use crate::pattern::{self, check_id, Pattern, Phase, PhaseKind, Route};
use std::sync::OnceLock;

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

/// What a step is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StepKind {
    Breathe,
    Pose,
    PressureHold,
    Roll,
    Rest,
    Note,
}

impl StepKind {
    pub const ALL: [StepKind; 6] = [
        StepKind::Breathe,
        StepKind::Pose,
        StepKind::PressureHold,
        StepKind::Roll,
        StepKind::Rest,
        StepKind::Note,
    ];

    /// The name used in JSON: `breathe`, `pose`, `pressure-hold`, `roll`, `rest`, `note`.
    pub fn as_str(self) -> &'static str {
        match self {
            StepKind::Breathe => "breathe",
            StepKind::Pose => "pose",
            StepKind::PressureHold => "pressure-hold",
            StepKind::Roll => "roll",
            StepKind::Rest => "rest",
            StepKind::Note => "note",
        }
    }

    pub fn parse(s: &str) -> Option<StepKind> {
        StepKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
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

impl Tag {
    pub const ALL: [Tag; 9] = [
        Tag::Inversion,
        Tag::Twist,
        Tag::Massage,
        Tag::Prone,
        Tag::Supine,
        Tag::Standing,
        Tag::Seated,
        Tag::SideLying,
        Tag::Kneeling,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Tag::Inversion => "inversion",
            Tag::Twist => "twist",
            Tag::Massage => "massage",
            Tag::Prone => "prone",
            Tag::Supine => "supine",
            Tag::Standing => "standing",
            Tag::Seated => "seated",
            Tag::SideLying => "side-lying",
            Tag::Kneeling => "kneeling",
        }
    }

    pub fn parse(s: &str) -> Option<Tag> {
        Tag::ALL.into_iter().find(|t| t.as_str() == s)
    }
}

/// Which sides a pose runs on. Only `"both"` exists: left, then right with mirrored cues.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sides {
    Both,
}

/// The side a part of the timeline is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    None,
    Left,
    Right,
}

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
    /// Resolve an id, a shorthand or an inline object (see [`pattern::resolve`]).
    pub fn from_json(v: &Value, path: &str) -> Result<PatternRef> {
        let pattern = pattern::resolve(v, path)?;
        let name = v.as_str().map(str::to_string);
        Ok(PatternRef { name, pattern })
    }

    /// An inline pattern.
    pub fn inline(pattern: Pattern) -> PatternRef {
        PatternRef {
            name: None,
            pattern,
        }
    }
}

impl PatternRef {
    /// The name as written, or the inline pattern.
    pub fn to_json(&self) -> Value {
        match &self.name {
            Some(n) => n.as_str().into(),
            None => self.pattern.to_json(),
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
    /// The step to use instead when this one is unsafe for the person (see [`crate::safety`]).
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

impl Step {
    /// `{"kind", "id", "title"?, <kind's fields>, "cues"?, "tags"?, "alternative"?}`, lists only
    /// when non-empty. Numbers as authors write them: `30`, not `30.0`.
    pub fn to_json(&self) -> Value {
        let mut o = json::object()
            .field("kind", self.kind().as_str())
            .field("id", self.id.as_str())
            .opt("title", self.title.as_deref());
        let length = |o: json::Object, l: &Length| match *l {
            Length::Breaths(n) => o.field("breaths", n),
            Length::Seconds(x) => o.field("seconds", x),
        };
        match &self.body {
            StepBody::Breathe { pattern, length: l } => {
                o = length(o.field("pattern", pattern.to_json()), l);
            }
            StepBody::Pose {
                length: l,
                pattern,
                sides,
            } => {
                o = length(o, l)
                    .opt("pattern", pattern.as_ref().map(PatternRef::to_json))
                    .opt("sides", sides.map(|Sides::Both| "both"));
            }
            StepBody::PressureHold {
                breaths,
                spots,
                pattern,
            } => {
                o = o
                    .field("breaths", *breaths)
                    .field("spots", *spots)
                    .opt("pattern", pattern.as_ref().map(PatternRef::to_json));
            }
            StepBody::Roll { seconds } | StepBody::Rest { seconds } => {
                o = o.field("seconds", *seconds);
            }
            StepBody::Note { text } => o = o.field("text", text.as_str()),
        }
        if !self.cues.is_empty() {
            o = o.field("cues", json::strings(&self.cues));
        }
        if !self.tags.is_empty() {
            o = o.field(
                "tags",
                Value::Array(self.tags.iter().map(|t| t.as_str().into()).collect()),
            );
        }
        o.opt(
            "alternative",
            self.alternative.as_ref().map(|a| a.to_json()),
        )
        .build()
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
    let mut out = String::with_capacity(text.len() + 8);
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        let swapped = match word.to_ascii_lowercase().as_str() {
            "left" => Some("right"),
            "right" => Some("left"),
            _ => None,
        };
        match swapped {
            Some(to) => {
                let upper = word.chars().all(|c| c.is_ascii_uppercase());
                let title = word.chars().next().is_some_and(|c| c.is_ascii_uppercase());
                if upper && word.len() > 1 {
                    out.push_str(&to.to_ascii_uppercase());
                } else if title {
                    out.push_str(&to.get(..1).unwrap_or("").to_ascii_uppercase());
                    out.push_str(to.get(1..).unwrap_or(""));
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

// ---- parsing ------------------------------------------------------------------------------------

const COMMON_FIELDS: &[&str] = &["kind", "id", "title", "cues", "tags", "alternative"];

fn allowed_fields(kind: StepKind) -> Vec<&'static str> {
    let extra: &[&str] = match kind {
        StepKind::Breathe => &["pattern", "breaths", "seconds"],
        StepKind::Pose => &["breaths", "seconds", "pattern", "sides"],
        StepKind::PressureHold => &["breaths", "spots", "pattern"],
        StepKind::Roll | StepKind::Rest => &["seconds"],
        StepKind::Note => &["text"],
    };
    let common: &[&str] = if kind == StepKind::Note {
        &["kind", "id", "title"]
    } else {
        COMMON_FIELDS
    };
    common.iter().chain(extra).copied().collect()
}

/// An optional text that, when given, must not be blank.
fn opt_nonblank(o: &Obj, field: &str) -> Result<Option<String>> {
    let s = o.opt_str(field)?;
    if s.as_deref().is_some_and(|s| s.trim().is_empty()) {
        return Err(ValidationError::new(o.at(field), "must not be empty"));
    }
    Ok(s)
}

fn length(o: &Obj) -> Result<Length> {
    let breaths = o.opt_int("breaths", 1, MAX_STEP_BREATHS, "breaths")?;
    let seconds = o.opt_num("seconds", MIN_STEP_S, MAX_STEP_S, "s")?;
    match (breaths, seconds) {
        (Some(_), Some(_)) => Err(ValidationError::new(
            o.path.clone(),
            "must have either breaths or seconds, not both",
        )),
        (Some(n), None) => Ok(Length::Breaths(n)),
        (None, Some(s)) => Ok(Length::Seconds(s)),
        (None, None) => Err(ValidationError::new(
            o.path.clone(),
            "must have breaths or seconds",
        )),
    }
}

fn seconds(o: &Obj) -> Result<f64> {
    doc::number(
        o.req("seconds")?,
        &o.at("seconds"),
        MIN_STEP_S,
        MAX_STEP_S,
        "s",
    )
}

fn opt_pattern(o: &Obj) -> Result<Option<PatternRef>> {
    o.get("pattern")
        .map(|v| PatternRef::from_json(v, &o.at("pattern")))
        .transpose()
}

fn tags(o: &Obj) -> Result<Vec<Tag>> {
    let Some(v) = o.get("tags") else {
        return Ok(vec![]);
    };
    let path = o.at("tags");
    let items = doc::array(v, &path)?;
    let mut out = Vec::new();
    for (i, it) in items.iter().enumerate() {
        let ip = doc::index(&path, i);
        let tag = it.as_str().and_then(Tag::parse).ok_or_else(|| {
            let names: Vec<&str> = Tag::ALL.iter().map(|t| t.as_str()).collect();
            ValidationError::new(
                &ip,
                format!(
                    "must be one of {}, got {it}",
                    crate::text::join(&names, ", ")
                ),
            )
        })?;
        if out.contains(&tag) {
            return Err(ValidationError::new(
                ip,
                format!("lists {} twice", tag.as_str()),
            ));
        }
        out.push(tag);
    }
    Ok(out)
}

fn cues(o: &Obj) -> Result<Vec<String>> {
    let list = o.opt_str_list("cues", MAX_CUES)?.unwrap_or_default();
    for (i, c) in list.iter().enumerate() {
        if c.trim().is_empty() {
            return Err(ValidationError::new(
                doc::index(&o.at("cues"), i),
                "must not be empty",
            ));
        }
    }
    Ok(list)
}

/// Parse one step (or an alternative when `nested`), leaving `id` empty when absent.
fn parse_step(v: &Value, path: &str, nested: bool) -> Result<Step> {
    let o = Obj::new(v, path)?;
    let kind_v = o.req("kind")?;
    let kind = kind_v.as_str().and_then(StepKind::parse).ok_or_else(|| {
        let names: Vec<&str> = StepKind::ALL.iter().map(|k| k.as_str()).collect();
        ValidationError::new(
            o.at("kind"),
            format!(
                "must be one of {}, got {kind_v}",
                crate::text::join(&names, ", ")
            ),
        )
    })?;
    if nested && o.get("alternative").is_some() {
        return Err(ValidationError::new(
            o.at("alternative"),
            "an alternative cannot have an alternative of its own",
        ));
    }
    o.only(&allowed_fields(kind))?;
    let id = match o.opt_str("id")? {
        Some(id) => {
            check_id(&id, &o.at("id"))?;
            id
        }
        None => String::new(),
    };
    let title = if kind == StepKind::Pose {
        Some(o.req_str("title")?)
    } else {
        opt_nonblank(&o, "title")?
    };
    let body = match kind {
        StepKind::Breathe => {
            let pattern = PatternRef::from_json(o.req("pattern")?, &o.at("pattern"))?;
            StepBody::Breathe {
                pattern,
                length: length(&o)?,
            }
        }
        StepKind::Pose => {
            let length = length(&o)?;
            let pattern = opt_pattern(&o)?;
            let sides = match o.get("sides") {
                None => None,
                Some(Value::String(s)) if s == "both" => Some(Sides::Both),
                Some(other) => {
                    return Err(ValidationError::new(
                        o.at("sides"),
                        format!("must be \"both\", got {other}"),
                    ))
                }
            };
            StepBody::Pose {
                length,
                pattern,
                sides,
            }
        }
        StepKind::PressureHold => {
            let breaths = doc::integer(
                o.req("breaths")?,
                &o.at("breaths"),
                1,
                MAX_HOLD_BREATHS,
                "breaths",
            )?;
            let spots = doc::integer(o.req("spots")?, &o.at("spots"), 1, MAX_SPOTS, "spots")?;
            StepBody::PressureHold {
                breaths,
                spots,
                pattern: opt_pattern(&o)?,
            }
        }
        StepKind::Roll => StepBody::Roll {
            seconds: seconds(&o)?,
        },
        StepKind::Rest => StepBody::Rest {
            seconds: seconds(&o)?,
        },
        StepKind::Note => StepBody::Note {
            text: o.req_str("text")?,
        },
    };
    let mut cue_list = cues(&o)?;
    if kind == StepKind::PressureHold && !cue_list.iter().any(|c| c == STOP_ON_PAIN_CUE) {
        if cue_list.len() >= MAX_CUES {
            return Err(ValidationError::new(
                o.at("cues"),
                format!(
                    "must have at most {} items besides the stop-on-pain rule, which is added \
                     to every pressure hold, got {}",
                    MAX_CUES - 1,
                    cue_list.len()
                ),
            ));
        }
        cue_list.insert(0, STOP_ON_PAIN_CUE.to_string());
    }
    let tags = tags(&o)?;
    let alternative = match o.get("alternative") {
        None => None,
        Some(a) => Some(Box::new(parse_step(a, &o.at("alternative"), true)?)),
    };
    Ok(Step {
        id,
        title,
        body,
        cues: cue_list,
        tags,
        alternative,
    })
}

impl Flow {
    /// Read and validate a flow document. Errors name the JSON path and the rule, e.g.
    /// `steps[3].seconds: must be 1–3600 s, got -5`.
    pub fn from_json(v: &Value) -> Result<Flow> {
        let o = Obj::new(v, "")?;
        o.only(&["id", "title", "description", "countdown", "steps"])?;
        let id = o.opt_str("id")?;
        if let Some(id) = &id {
            check_id(id, &o.at("id"))?;
        }
        let title = o.req_str("title")?;
        let description = o.opt_str("description")?;
        let countdown = o.opt_num("countdown", 0.0, MAX_COUNTDOWN_S, "s")?;
        let sp = o.at("steps");
        let items = doc::array(o.req("steps")?, &sp)?;
        if items.is_empty() || items.len() > MAX_STEPS {
            return Err(ValidationError::new(
                sp,
                format!("must have 1–{MAX_STEPS} steps, got {}", items.len()),
            ));
        }
        let mut steps = Vec::with_capacity(items.len());
        for (i, s) in items.iter().enumerate() {
            steps.push(parse_step(s, &doc::index(&sp, i), false)?);
        }
        normalise_ids(&mut steps)?;
        Ok(Flow {
            id,
            title,
            description,
            countdown,
            steps,
        })
    }

    /// Parse JSON text and validate it as a flow.
    pub fn parse(text: &str) -> Result<Flow> {
        Flow::from_json(&doc::parse_json(text)?)
    }

    /// The document in the shape authors write it: `{"id"?, "title", "description"?,
    /// "countdown"?, "steps"}`; it parses back to the same flow.
    pub fn to_json(&self) -> Value {
        json::object()
            .opt("id", self.id.as_deref())
            .field("title", self.title.as_str())
            .opt("description", self.description.as_deref())
            .opt("countdown", self.countdown)
            .field(
                "steps",
                Value::Array(self.steps.iter().map(Step::to_json).collect()),
            )
            .build()
    }

    /// Index of the step with this id.
    pub fn step_index(&self, id: &str) -> Option<usize> {
        self.steps.iter().position(|s| s.id == id)
    }

    /// Compile the timeline.
    pub fn plan(&self) -> Result<Plan> {
        Plan::new(self)
    }
}

/// Ids in use and the path that took each: a list, not a hash map (at most 1000 ids; a map and
/// its hasher cost about 3 KB of wasm).
#[derive(Default)]
struct Taken(Vec<(String, String)>);

impl Taken {
    fn get(&self, id: &str) -> Option<&String> {
        self.0.iter().find(|(k, _)| k == id).map(|(_, p)| p)
    }
    fn contains_key(&self, id: &str) -> bool {
        self.get(id).is_some()
    }
    fn insert(&mut self, id: String, path: String) {
        self.0.push((id, path));
    }
}

/// Check explicit ids are unique (steps and alternatives together), then give the others ids.
fn normalise_ids(steps: &mut [Step]) -> Result<()> {
    let mut taken = Taken::default();
    for (i, s) in steps.iter().enumerate() {
        let sp = doc::index("steps", i);
        let alt_path = doc::join(&sp, "alternative");
        let alt = s.alternative.as_deref().map(|a| (a, alt_path));
        for (st, p) in std::iter::once((s, sp.clone())).chain(alt) {
            if st.id.is_empty() {
                continue;
            }
            if let Some(first) = taken.get(&st.id) {
                return Err(ValidationError::new(
                    doc::join(&p, "id"),
                    format!("{} is already the id of {first}", doc::quote(&st.id)),
                ));
            }
            taken.insert(st.id.clone(), p);
        }
    }
    let fresh = |base: String, taken: &mut Taken| {
        let mut id = base.clone();
        // u32, not the default i32: the wasm links only the unsigned integer formatter.
        let mut n = 2u32;
        while taken.contains_key(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        taken.insert(id.clone(), String::new());
        id
    };
    for (i, s) in steps.iter_mut().enumerate() {
        if s.id.is_empty() {
            s.id = fresh(format!("step-{}", i + 1), &mut taken);
        }
        let parent = s.id.clone();
        if let Some(a) = s.alternative.as_deref_mut() {
            if a.id.is_empty() {
                a.id = fresh(format!("{parent}-alt"), &mut taken);
            }
        }
    }
    Ok(())
}

// ---- the plan (sequencer) -----------------------------------------------------------------------

/// One stretch of the timeline.
#[derive(Debug, Clone)]
pub struct Part {
    /// Index of the step in the flow; `None` for the countdown.
    pub step: Option<usize>,
    pub side: Side,
    /// 1-based spot of a pressure hold.
    pub spot: Option<u32>,
    pub start_ms: u64,
    pub duration_ms: u64,
    /// Paces the breath in this part, from part-local time 0 (breathing parts only).
    pub pacer: Option<Pacer>,
    /// A note: the person moves on (see the module docs).
    pub awaits_person: bool,
}

impl Part {
    pub fn end_ms(&self) -> u64 {
        self.start_ms + self.duration_ms
    }
}

/// Where in the plan a session time falls.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Position {
    /// Index into [`Plan::parts`] (the last part once done).
    pub part: usize,
    /// Step index; `None` during the countdown.
    pub step: Option<usize>,
    pub side: Side,
    pub spot: Option<u32>,
    /// Ms into the part.
    pub elapsed_ms: f64,
    /// Ms left in the part.
    pub remaining_ms: f64,
    pub done: bool,
}

/// A compiled flow: parts laid end to end from 0 to [`Plan::total_ms`]. Pure: every question is
/// answered from a session time.
///
/// Navigation works on parts (a side of a two-sided pose, a spot of a pressure hold, the countdown):
/// - [`Plan::next`]: the start of the next part (the end of the plan from the last part);
/// - [`Plan::previous`]: the start of the part before the current one (0 from the first part; the
///   start of the last part once done);
/// - [`Plan::restart_step`]: the start of the current part (the current side or spot);
/// - [`Plan::step_start`]: the start of the current step's first part (both sides, all spots).
#[derive(Debug, Clone)]
pub struct Plan {
    parts: Vec<Part>,
    total_ms: u64,
    steps: usize,
}

/// Negative and NaN → 0 (the start).
fn clamp_t(t: f64) -> f64 {
    if t > 0.0 {
        t
    } else {
        0.0
    }
}

impl Plan {
    /// Compile `flow`. Flows built in code are checked here too (seconds and counts in range),
    /// with the same paths as the parser.
    pub fn new(flow: &Flow) -> Result<Plan> {
        if flow.steps.is_empty() || flow.steps.len() > MAX_STEPS {
            return Err(ValidationError::new(
                "steps",
                format!("must have 1–{MAX_STEPS} steps, got {}", flow.steps.len()),
            ));
        }
        let mut parts = Vec::new();
        let mut at = 0u64;
        let mut push = |parts: &mut Vec<Part>,
                        step: Option<usize>,
                        side: Side,
                        spot: Option<u32>,
                        duration_ms: u64,
                        pacer: Option<Pacer>,
                        awaits_person: bool| {
            parts.push(Part {
                step,
                side,
                spot,
                start_ms: at,
                duration_ms,
                pacer,
                awaits_person,
            });
            at += duration_ms;
        };
        if let Some(c) = flow.countdown {
            if !(0.0..=MAX_COUNTDOWN_S).contains(&c) {
                return Err(ValidationError::new(
                    "countdown",
                    format!(
                        "must be 0–{} s, got {}",
                        doc::num(MAX_COUNTDOWN_S),
                        doc::num(c)
                    ),
                ));
            }
            let ms = pattern::s_to_ms(c);
            if ms > 0 {
                push(&mut parts, None, Side::None, None, ms, None, false);
            }
        }
        for (i, step) in flow.steps.iter().enumerate() {
            let sp = doc::index("steps", i);
            let secs = |s: f64| -> Result<u64> {
                if (MIN_STEP_S..=MAX_STEP_S).contains(&s) {
                    Ok(pattern::s_to_ms(s))
                } else {
                    Err(ValidationError::new(
                        doc::join(&sp, "seconds"),
                        format!(
                            "must be {}–{} s, got {}",
                            doc::num(MIN_STEP_S),
                            doc::num(MAX_STEP_S),
                            doc::num(s)
                        ),
                    ))
                }
            };
            let pacer = |bound: Bound| -> Result<Pacer> {
                let p = step.pattern().unwrap_or_else(|| default_hold_pattern());
                Pacer::new(p.clone(), bound).map_err(|e| {
                    let path = if e.path.starts_with("phases") {
                        doc::join(&doc::join(&sp, "pattern"), &e.path)
                    } else {
                        doc::join(&sp, &e.path)
                    };
                    ValidationError::new(path, e.rule)
                })
            };
            let breaths = |n: u32, max: u32| -> Result<u64> {
                if (1..=max).contains(&n) {
                    Ok(n as u64)
                } else {
                    Err(ValidationError::new(
                        doc::join(&sp, "breaths"),
                        format!("must be 1–{max} breaths, got {n}"),
                    ))
                }
            };
            let timed = |length: &Length, has_pattern: bool| -> Result<(u64, Option<Pacer>)> {
                match *length {
                    Length::Breaths(n) => {
                        let pc = pacer(Bound::Breaths(breaths(n, MAX_STEP_BREATHS)?))?;
                        Ok((pc.duration_ms().unwrap_or(0), Some(pc)))
                    }
                    Length::Seconds(s) if has_pattern => {
                        secs(s)?;
                        let pc = pacer(Bound::Seconds(s))?;
                        Ok((pc.duration_ms().unwrap_or(0), Some(pc)))
                    }
                    Length::Seconds(s) => Ok((secs(s)?, None)),
                }
            };
            let si = Some(i);
            match &step.body {
                StepBody::Breathe { length, .. } => {
                    let (ms, pc) = timed(length, true)?;
                    push(&mut parts, si, Side::None, None, ms, pc, false);
                }
                StepBody::Pose {
                    length,
                    pattern,
                    sides,
                } => {
                    let (ms, pc) = timed(length, pattern.is_some())?;
                    if sides.is_some() {
                        push(&mut parts, si, Side::Left, None, ms, pc.clone(), false);
                        push(&mut parts, si, Side::Right, None, ms, pc, false);
                    } else {
                        push(&mut parts, si, Side::None, None, ms, pc, false);
                    }
                }
                StepBody::PressureHold {
                    breaths: b, spots, ..
                } => {
                    if !(1..=MAX_SPOTS).contains(spots) {
                        return Err(ValidationError::new(
                            doc::join(&sp, "spots"),
                            format!("must be 1–{MAX_SPOTS} spots, got {spots}"),
                        ));
                    }
                    let pc = pacer(Bound::Breaths(breaths(*b, MAX_HOLD_BREATHS)?))?;
                    let ms = pc.duration_ms().unwrap_or(0);
                    for k in 1..=*spots {
                        push(
                            &mut parts,
                            si,
                            Side::None,
                            Some(k),
                            ms,
                            Some(pc.clone()),
                            false,
                        );
                    }
                }
                StepBody::Roll { seconds } | StepBody::Rest { seconds } => {
                    let ms = secs(*seconds)?;
                    push(&mut parts, si, Side::None, None, ms, None, false);
                }
                StepBody::Note { text } => {
                    push(
                        &mut parts,
                        si,
                        Side::None,
                        None,
                        note_reading_ms(text),
                        None,
                        true,
                    );
                }
            }
        }
        Ok(Plan {
            parts,
            total_ms: at,
            steps: flow.steps.len(),
        })
    }

    pub fn parts(&self) -> &[Part] {
        &self.parts
    }

    /// Number of steps in the flow.
    pub fn step_count(&self) -> usize {
        self.steps
    }

    /// Planned length in ms: countdown, every part, notes at their nominal reading time.
    pub fn total_ms(&self) -> u64 {
        self.total_ms
    }

    /// Index of the part running at `t_ms` (the last part once done; the first before 0).
    pub fn part_index(&self, t_ms: f64) -> usize {
        let t = clamp_t(t_ms);
        self.parts
            .partition_point(|p| p.start_ms as f64 <= t)
            .saturating_sub(1)
    }

    /// True from [`Plan::total_ms`] on.
    pub fn is_done(&self, t_ms: f64) -> bool {
        t_ms >= self.total_ms as f64
    }

    /// The part, step, side and position in the part at `t_ms`.
    pub fn at(&self, t_ms: f64) -> Position {
        let i = self.part_index(t_ms);
        let p = &self.parts[i];
        let done = self.is_done(t_ms);
        // min/max, not `clamp`: clamp's check of its (here non-constant) bounds formats them with
        // `{:?}` on failure, which links core's float formatting (~15 KB of wasm).
        let elapsed = (clamp_t(t_ms) - p.start_ms as f64)
            .min(p.duration_ms as f64)
            .max(0.0);
        Position {
            part: i,
            step: p.step,
            side: p.side,
            spot: p.spot,
            elapsed_ms: elapsed,
            remaining_ms: p.duration_ms as f64 - elapsed,
            done,
        }
    }

    /// Session time to seek to for "next": the next part's start, or the end from the last part.
    pub fn next(&self, t_ms: f64) -> f64 {
        if self.is_done(t_ms) {
            return self.total_ms as f64;
        }
        let i = self.part_index(t_ms);
        self.parts.get(i + 1).map_or(self.total_ms, |p| p.start_ms) as f64
    }

    /// Session time to seek to for "previous": the start of the part before the current one
    /// (0 from the first part); once done, the start of the last part.
    pub fn previous(&self, t_ms: f64) -> f64 {
        let i = self.part_index(t_ms);
        if self.is_done(t_ms) {
            return self.parts[i].start_ms as f64;
        }
        i.checked_sub(1).map_or(0, |j| self.parts[j].start_ms) as f64
    }

    /// Session time to seek to for "restart step": the start of the current part (side or spot);
    /// once done, the start of the last part.
    pub fn restart_step(&self, t_ms: f64) -> f64 {
        self.parts[self.part_index(t_ms)].start_ms as f64
    }

    /// Start of the current step's first part (the countdown's start during the countdown).
    pub fn step_start(&self, t_ms: f64) -> f64 {
        let i = self.part_index(t_ms);
        let step = self.parts[i].step;
        let first = self.parts[..=i]
            .iter()
            .rposition(|p| p.step != step)
            .map_or(0, |j| j + 1);
        self.parts[first].start_ms as f64
    }

    /// The part after the one running at `t_ms`; `None` on the last part and once done.
    pub fn up_next(&self, t_ms: f64) -> Option<(usize, &Part)> {
        if self.is_done(t_ms) {
            return None;
        }
        let i = self.part_index(t_ms) + 1;
        self.parts.get(i).map(|p| (i, p))
    }
}
