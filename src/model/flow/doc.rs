//! A flow as authored: the serde types of the JSON shape ([`FlowDoc`], [`StepDoc`]), the
//! validation pass that turns a document into a typed [`Flow`], and back.
//!
//! A step is one flat shape whose `kind` the validation pass reads (a tagged enum would make serde
//! buffer every step; flat is both smaller and gives better messages): which fields a kind takes,
//! ranges, required texts, unique ids. Every rule names its JSON path, e.g.
//! `steps[3].seconds: must be 1–3600 s, got -5`.

use super::{
    Flow, Length, PatternRef, Sides, Step, StepBody, StepKind, Tag, MAX_COUNTDOWN_S, MAX_CUES,
    MAX_HOLD_BREATHS, MAX_SPOTS, MAX_STEPS, MAX_STEP_BREATHS, MAX_STEP_S, MIN_STEP_S,
    STOP_ON_PAIN_CUE,
};
use crate::error::{Result, ValidationError};
use crate::model::library;
use crate::model::pattern::{check_id, PatternSpec};
use crate::model::read::{self, check_integer, check_nonblank, check_number, check_text};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use tsify::Tsify;

/// A flow as authored (library entries have this exact shape).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(deny_unknown_fields)]
pub struct FlowDoc {
    /// 1–64 characters of `a-z`, `0-9` and `-`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub id: Option<String>,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub description: Option<String>,
    /// Seconds before the first step, 0–60.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "read::opt_number"
    )]
    #[tsify(optional)]
    pub countdown: Option<f64>,
    /// 1–500 steps.
    #[serde(deserialize_with = "read::objects")]
    pub steps: Vec<StepDoc>,
    /// Translations of the flow's own texts: a language tag (`"de"`, `"pt-BR"`) → an object of
    /// path → text, the paths being `title`, `description`, `steps.<step id>.title`,
    /// `steps.<step id>.cues.<i>`, `steps.<step id>.text` (see docs/text-ids.md). Shown when the
    /// widget's locale asks for that language (or its region); a text not given stays as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional, type = "Record<string, Record<string, string>>")]
    pub texts:
        Option<std::collections::BTreeMap<String, std::collections::BTreeMap<String, String>>>,
}

/// One step of a flow. Which fields a step takes depends on its `kind`:
/// - `breathe`: `pattern`, and `breaths` (1–1000) or `seconds` (1–3600);
/// - `pose`: `title`, `breaths` or `seconds`, optional `pattern` and `sides: "both"`;
/// - `pressure-hold`: `breaths` per spot (1–50), `spots` (1–20), optional `pattern`;
/// - `roll`, `rest`: `seconds`;
/// - `note`: `text` (and only `id` and `title` besides), advanced by the person.
///
/// Every kind but `note` may carry `cues` (up to 20), `tags` and an `alternative` (one step, used
/// instead when this one is not safe for the person, itself without an alternative).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(deny_unknown_fields)]
pub struct StepDoc {
    pub kind: StepKind,
    /// Unique within the flow; given as `step-N` (or `<id>-alt`) when left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub pattern: Option<PatternSpec>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "read::opt_number"
    )]
    #[tsify(optional)]
    pub breaths: Option<f64>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "read::opt_number"
    )]
    #[tsify(optional)]
    pub seconds: Option<f64>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "read::opt_number"
    )]
    #[tsify(optional)]
    pub spots: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub sides: Option<Sides>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub text: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub cues: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub tags: Option<Vec<Tag>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "read::opt_object"
    )]
    #[tsify(optional)]
    pub alternative: Option<Box<StepDoc>>,
}

impl Flow {
    /// Read and validate a flow document at `root` (`""` for a document of its own,
    /// `"options.flow"` inside the widget's options). Errors name the JSON path and the rule.
    pub fn from_value(v: &Value, root: &str) -> Result<Flow> {
        let doc: FlowDoc = read::read_object(v, root)?;
        Flow::from_doc(&doc, root)
    }

    /// Parse JSON text and validate it as a flow (native callers and tests).
    #[cfg(not(target_arch = "wasm32"))]
    pub fn parse(text: &str) -> Result<Flow> {
        Flow::from_value(&read::parse_json(text)?, "")
    }

    /// The validation pass: a document's rules, and the typed flow.
    pub fn from_doc(doc: &FlowDoc, root: &str) -> Result<Flow> {
        let at = |f: &str| read::join(root, f);
        if let Some(id) = &doc.id {
            check_id(id, &at("id"))?;
        }
        check_nonblank(&doc.title, &at("title"))?;
        if let Some(d) = &doc.description {
            check_text(d, &at("description"))?;
        }
        if let Some(c) = doc.countdown {
            check_number(c, &at("countdown"), 0.0, MAX_COUNTDOWN_S, "s")?;
        }
        let sp = at("steps");
        if doc.steps.is_empty() || doc.steps.len() > MAX_STEPS {
            return Err(ValidationError::new(
                sp,
                format!("must have 1–{MAX_STEPS} steps, got {}", doc.steps.len()),
            ));
        }
        let mut steps = Vec::with_capacity(doc.steps.len());
        for (i, s) in doc.steps.iter().enumerate() {
            steps.push(step(s, &read::index(&sp, i), false)?);
        }
        normalise_ids(&mut steps, &sp)?;
        let mut flow = Flow {
            id: doc.id.clone(),
            title: doc.title.clone(),
            description: doc.description.clone(),
            countdown: doc.countdown,
            steps,
            texts: Default::default(),
        };
        if let Some(texts) = &doc.texts {
            flow.texts = check_texts(&flow, texts, &at("texts"))?;
        }
        Ok(flow)
    }

    /// The document in the shape authors write it; it validates back to the same flow.
    pub fn to_doc(&self) -> FlowDoc {
        FlowDoc {
            id: self.id.clone(),
            title: self.title.clone(),
            description: self.description.clone(),
            countdown: self.countdown,
            steps: self.steps.iter().map(Step::to_doc).collect(),
            texts: (!self.texts.is_empty()).then(|| self.texts.clone()),
        }
    }
}

/// A document's `texts` (at `path`), checked against `flow`: each key a language tag, each path
/// one of the flow's texts, each text within the limits of the text it translates.
fn check_texts(
    flow: &Flow,
    texts: &std::collections::BTreeMap<String, std::collections::BTreeMap<String, String>>,
    path: &str,
) -> Result<std::collections::BTreeMap<String, super::texts::TextsByPath>> {
    let own = flow.texts_by_path();
    let mut out = std::collections::BTreeMap::new();
    for (tag, table) in texts {
        let at = read::key(path, tag);
        let key = read::language_tag(tag).ok_or_else(|| {
            ValidationError::new(&at, "must be a language tag such as \"de\" or \"pt-BR\"")
        })?;
        for (p, text) in table {
            let here = read::key(&at, p);
            if !own.contains_key(p) {
                let names: Vec<&str> = own.keys().map(String::as_str).take(6).collect();
                return Err(ValidationError::new(
                    here,
                    format!(
                        "is not a text of this flow; its texts are {}{}",
                        names.join(", "),
                        if own.len() > 6 { ", …" } else { "" }
                    ),
                ));
            }
            check_nonblank(text, &here)?;
        }
        out.insert(key, table.clone());
    }
    Ok(out)
}

impl Serialize for Flow {
    /// As its document ([`Flow::to_doc`]).
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        self.to_doc().serialize(s)
    }
}

impl Step {
    /// The step as authored: `kind`, `id`, `title`, the kind's fields, `cues`, `tags` and
    /// `alternative`, lists only when non-empty.
    pub fn to_doc(&self) -> StepDoc {
        let mut d = StepDoc {
            kind: self.kind(),
            id: Some(self.id.clone()),
            title: self.title.clone(),
            pattern: None,
            breaths: None,
            seconds: None,
            spots: None,
            sides: None,
            text: None,
            cues: (!self.cues.is_empty()).then(|| self.cues.clone()),
            tags: (!self.tags.is_empty()).then(|| self.tags.clone()),
            alternative: self.alternative.as_ref().map(|a| Box::new(a.to_doc())),
        };
        let mut length = |l: &Length| match *l {
            Length::Breaths(n) => d.breaths = Some(n as f64),
            Length::Seconds(x) => d.seconds = Some(x),
        };
        match &self.body {
            StepBody::Breathe { pattern, length: l } => {
                length(l);
                d.pattern = Some(pattern.to_spec());
            }
            StepBody::Pose {
                length: l,
                pattern,
                sides,
            } => {
                length(l);
                d.pattern = pattern.as_ref().map(PatternRef::to_spec);
                d.sides = *sides;
            }
            StepBody::PressureHold {
                breaths,
                spots,
                pattern,
            } => {
                d.breaths = Some(*breaths as f64);
                d.spots = Some(*spots as f64);
                d.pattern = pattern.as_ref().map(PatternRef::to_spec);
            }
            StepBody::Roll { seconds } | StepBody::Rest { seconds } => d.seconds = Some(*seconds),
            StepBody::Note { text, .. } => d.text = Some(text.clone()),
        }
        d
    }
}

/// The fields a step of `kind` takes, in the order messages list them.
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
        &["kind", "id", "title", "cues", "tags", "alternative"]
    };
    common.iter().chain(extra).copied().collect()
}

/// The fields a document gives, in the struct's order.
fn given_fields(d: &StepDoc) -> Vec<&'static str> {
    let present = [
        ("id", d.id.is_some()),
        ("title", d.title.is_some()),
        ("pattern", d.pattern.is_some()),
        ("breaths", d.breaths.is_some()),
        ("seconds", d.seconds.is_some()),
        ("spots", d.spots.is_some()),
        ("sides", d.sides.is_some()),
        ("text", d.text.is_some()),
        ("cues", d.cues.is_some()),
        ("tags", d.tags.is_some()),
        ("alternative", d.alternative.is_some()),
    ];
    present
        .into_iter()
        .filter(|(_, p)| *p)
        .map(|(f, _)| f)
        .collect()
}

/// `breaths` or `seconds`, exactly one.
fn length(d: &StepDoc, path: &str) -> Result<Length> {
    let at = |f: &str| read::join(path, f);
    let breaths = d
        .breaths
        .map(|n| check_integer(n, &at("breaths"), 1, MAX_STEP_BREATHS, "breaths"))
        .transpose()?;
    let seconds = d
        .seconds
        .map(|s| check_number(s, &at("seconds"), MIN_STEP_S, MAX_STEP_S, "s"))
        .transpose()?;
    match (breaths, seconds) {
        (Some(_), Some(_)) => Err(ValidationError::new(
            path,
            "must have either breaths or seconds, not both",
        )),
        (Some(n), None) => Ok(Length::Breaths(n)),
        (None, Some(s)) => Ok(Length::Seconds(s)),
        (None, None) => Err(ValidationError::new(path, "must have breaths or seconds")),
    }
}

/// A required field's value.
fn required<T: Copy>(v: Option<T>, path: &str, field: &str) -> Result<T> {
    v.ok_or_else(|| ValidationError::new(read::join(path, field), "is required"))
}

/// A pattern reference, resolved (built-in id, shorthand or inline object).
fn pattern_ref(spec: &PatternSpec, path: &str) -> Result<PatternRef> {
    let pattern = library::resolve(spec, path)?;
    let name = match spec {
        PatternSpec::Name(n) => Some(n.clone()),
        PatternSpec::Inline(_) => None,
    };
    Ok(PatternRef { name, pattern })
}

fn opt_pattern(d: &StepDoc, path: &str) -> Result<Option<PatternRef>> {
    d.pattern
        .as_ref()
        .map(|p| pattern_ref(p, &read::join(path, "pattern")))
        .transpose()
}

/// Validate one step (or an alternative when `nested`), leaving `id` empty when absent.
fn step(d: &StepDoc, path: &str, nested: bool) -> Result<Step> {
    let at = |f: &str| read::join(path, f);
    let kind = d.kind;
    if nested && d.alternative.is_some() {
        return Err(ValidationError::new(
            at("alternative"),
            "an alternative cannot have an alternative of its own",
        ));
    }
    let allowed = allowed_fields(kind);
    if let Some(f) = given_fields(d).into_iter().find(|f| !allowed.contains(f)) {
        return Err(ValidationError::new(
            at(f),
            format!("unknown field; allowed fields are {}", allowed.join(", ")),
        ));
    }
    let id = match &d.id {
        Some(id) => {
            check_id(id, &at("id"))?;
            id.clone()
        }
        None => String::new(),
    };
    let title = match (&d.title, kind) {
        (None, StepKind::Pose) => return Err(ValidationError::new(at("title"), "is required")),
        (Some(t), _) => {
            check_nonblank(t, &at("title"))?;
            Some(t.clone())
        }
        (None, _) => None,
    };
    let seconds = |d: &StepDoc| -> Result<f64> {
        check_number(
            required(d.seconds, path, "seconds")?,
            &at("seconds"),
            MIN_STEP_S,
            MAX_STEP_S,
            "s",
        )
    };
    let body = match kind {
        StepKind::Breathe => {
            let spec = d
                .pattern
                .as_ref()
                .ok_or_else(|| ValidationError::new(at("pattern"), "is required"))?;
            StepBody::Breathe {
                pattern: pattern_ref(spec, &at("pattern"))?,
                length: length(d, path)?,
            }
        }
        StepKind::Pose => StepBody::Pose {
            length: length(d, path)?,
            pattern: opt_pattern(d, path)?,
            sides: d.sides,
        },
        StepKind::PressureHold => {
            let breaths = required(d.breaths, path, "breaths")?;
            let spots = required(d.spots, path, "spots")?;
            StepBody::PressureHold {
                breaths: check_integer(breaths, &at("breaths"), 1, MAX_HOLD_BREATHS, "breaths")?,
                spots: check_integer(spots, &at("spots"), 1, MAX_SPOTS, "spots")?,
                pattern: opt_pattern(d, path)?,
            }
        }
        StepKind::Roll => StepBody::Roll {
            seconds: seconds(d)?,
        },
        StepKind::Rest => StepBody::Rest {
            seconds: seconds(d)?,
        },
        StepKind::Note => {
            let text = d
                .text
                .as_ref()
                .ok_or_else(|| ValidationError::new(at("text"), "is required"))?;
            check_nonblank(text, &at("text"))?;
            StepBody::Note {
                text: text.clone(),
                reading_ms: None,
            }
        }
    };
    let mut cues = d.cues.clone().unwrap_or_default();
    if cues.len() > MAX_CUES {
        return Err(ValidationError::new(
            at("cues"),
            format!("must have at most {MAX_CUES} items, got {}", cues.len()),
        ));
    }
    for (i, c) in cues.iter().enumerate() {
        check_nonblank(c, &read::index(&at("cues"), i))?;
    }
    if kind == StepKind::PressureHold && !cues.iter().any(|c| c == STOP_ON_PAIN_CUE) {
        if cues.len() >= MAX_CUES {
            return Err(ValidationError::new(
                at("cues"),
                format!(
                    "must have at most {} items besides the stop-on-pain rule, which is added \
                     to every pressure hold, got {}",
                    MAX_CUES - 1,
                    cues.len()
                ),
            ));
        }
        cues.insert(0, STOP_ON_PAIN_CUE.to_string());
    }
    let tags = d.tags.clone().unwrap_or_default();
    for (i, t) in tags.iter().enumerate() {
        if tags[..i].contains(t) {
            return Err(ValidationError::new(
                read::index(&at("tags"), i),
                format!("lists {} twice", t.as_str()),
            ));
        }
    }
    let alternative = match &d.alternative {
        None => None,
        Some(a) => Some(Box::new(step(a, &at("alternative"), true)?)),
    };
    Ok(Step {
        id,
        title,
        body,
        cues,
        tags,
        alternative,
    })
}

/// Check explicit ids are unique (steps and alternatives together), then give the others ids:
/// `step-N` (N the 1-based position; `-2`, `-3`… appended if taken), `<step id>-alt`.
fn normalise_ids(steps: &mut [Step], steps_path: &str) -> Result<()> {
    // Ids in use and the path that took each (at most 1000).
    let mut taken: Vec<(String, String)> = Vec::new();
    let has = |taken: &[(String, String)], id: &str| taken.iter().any(|(k, _)| k == id);
    for (i, s) in steps.iter().enumerate() {
        let sp = read::index(steps_path, i);
        let alt = s
            .alternative
            .as_deref()
            .map(|a| (a, read::join(&sp, "alternative")));
        for (st, p) in std::iter::once((s, sp.clone())).chain(alt) {
            if st.id.is_empty() {
                continue;
            }
            if let Some((_, first)) = taken.iter().find(|(k, _)| *k == st.id) {
                return Err(ValidationError::new(
                    read::join(&p, "id"),
                    format!("{} is already the id of {first}", read::quote(&st.id)),
                ));
            }
            taken.push((st.id.clone(), p));
        }
    }
    let fresh = |base: String, taken: &mut Vec<(String, String)>| {
        let mut id = base.clone();
        let mut n = 2u32;
        while has(taken, &id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        taken.push((id.clone(), String::new()));
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
