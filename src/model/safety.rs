//! Safety adaptation: health conditions a person may declare, the rules that change a flow for
//! them, and the general guidance every practice shows.
//!
//! # Rules ([`adapt`])
//! - `eye-condition` or `high-blood-pressure`: a step tagged `inversion` (head below the heart) is
//!   replaced by its `alternative`, or removed when it has none.
//! - `lymph-nodes-or-chemo`: a massage step is removed. Massage steps are those tagged `massage`
//!   and every `pressure-hold` and `roll` (ball self-massage), tagged or not.
//! - An alternative is used only when it is itself safe for every declared condition; otherwise
//!   the step is removed.
//! - `recent-surgery`: every pose (including an alternative that took a pose's place) gets a
//!   caution cue first (go slowly, micro-movements first); every step tagged `twist` also gets a
//!   cue that keeps the twist small.
//!
//! Changes are listed in the order of the steps, each with the id of the step it concerns and a
//! reason a person can read. A flow in which every step would be removed is an error (path
//! `conditions`): there is nothing safe left to practise, and the message says why.

use crate::error::{Result, ValidationError};
use crate::model::flow::{Flow, Step, StepBody, StepKind, Tag};
use crate::model::locale::Lang;
use crate::model::read;
use serde::Serialize;
use serde_json::Value;
use std::fmt;
use std::str::FromStr;
use tsify::Tsify;

/// A condition that changes what is safe to practise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Tsify)]
#[serde(rename_all = "kebab-case")]
#[tsify(
    type = "\"eye-condition\" | \"high-blood-pressure\" | \"recent-surgery\" | \"lymph-nodes-or-chemo\""
)]
pub enum Condition {
    /// Glaucoma, cataracts or another major eye condition.
    EyeCondition,
    /// High blood pressure that is not under control.
    HighBloodPressure,
    /// Recent surgery or a major physical limitation.
    RecentSurgery,
    /// Lymph nodes removed, or currently on chemotherapy.
    LymphNodesOrChemo,
}

impl Condition {
    pub const ALL: [Condition; 4] = [
        Condition::EyeCondition,
        Condition::HighBloodPressure,
        Condition::RecentSurgery,
        Condition::LymphNodesOrChemo,
    ];

    /// The name used in JSON and the API: `eye-condition`, `high-blood-pressure`,
    /// `recent-surgery`, `lymph-nodes-or-chemo`.
    pub fn as_str(self) -> &'static str {
        match self {
            Condition::EyeCondition => "eye-condition",
            Condition::HighBloodPressure => "high-blood-pressure",
            Condition::RecentSurgery => "recent-surgery",
            Condition::LymphNodesOrChemo => "lymph-nodes-or-chemo",
        }
    }

    /// The condition in plain words, as it reads inside a sentence ("not safe with …").
    pub fn describe(self) -> &'static str {
        self.describe_in(&Lang::english())
    }

    /// [`Condition::describe`] in `lang` (text id `condition.<name>.describe`).
    pub fn describe_in<'a>(self, lang: &Lang<'a>) -> &'a str {
        lang.t(self.text_id("describe"))
    }

    /// What a person with this condition should know before starting.
    pub fn advice(self) -> &'static str {
        self.advice_in(&Lang::english())
    }

    /// [`Condition::advice`] in `lang` (text id `condition.<name>.advice`).
    pub fn advice_in<'a>(self, lang: &Lang<'a>) -> &'a str {
        lang.t(self.text_id("advice"))
    }

    /// The id of one of this condition's texts: `describe`, `advice` or `title`.
    fn text_id(self, what: &str) -> &'static str {
        macro_rules! ids {
            ($($c:ident => $name:literal),*) => {
                match (self, what) {
                    $( (Condition::$c, "describe") => concat!("condition.", $name, ".describe"),
                       (Condition::$c, "advice") => concat!("condition.", $name, ".advice"),
                       (Condition::$c, _) => concat!("condition.", $name, ".title"), )*
                }
            };
        }
        ids!(EyeCondition => "eye-condition", HighBloodPressure => "high-blood-pressure",
             RecentSurgery => "recent-surgery", LymphNodesOrChemo => "lymph-nodes-or-chemo")
    }

    /// Parse a condition name; the error lists the valid names.
    pub fn parse(s: &str, path: &str) -> Result<Condition> {
        Condition::ALL
            .into_iter()
            .find(|c| c.as_str() == s)
            .ok_or_else(|| {
                ValidationError::new(
                    path,
                    format!(
                        "unknown condition {}; valid conditions are {}",
                        read::quote(s),
                        names()
                    ),
                )
            })
    }

    /// Read a JSON array of condition names (at `path`, e.g. `conditions`). Duplicates are
    /// dropped; the result is in the order of [`Condition::ALL`].
    pub fn list_from_value(v: &Value, path: &str) -> Result<Vec<Condition>> {
        let Value::Array(items) = v else {
            return Err(ValidationError::new(
                path,
                format!("must be an array, got {}", read::type_name(v)),
            ));
        };
        let mut out = Vec::new();
        for (i, it) in items.iter().enumerate() {
            let ip = read::index(path, i);
            let c = match it {
                Value::String(s) => Condition::parse(s, &ip)?,
                other => {
                    return Err(ValidationError::new(
                        ip,
                        format!(
                            "must be a condition name ({}), got {}",
                            names(),
                            read::type_name(other)
                        ),
                    ))
                }
            };
            out.push(c);
        }
        Ok(Condition::ALL
            .into_iter()
            .filter(|c| out.contains(c))
            .collect())
    }

    /// Read condition names given as strings (the widget's `conditions` option).
    pub fn list_from_names(names: &[String], path: &str) -> Result<Vec<Condition>> {
        let mut out = Vec::new();
        for (i, s) in names.iter().enumerate() {
            out.push(Condition::parse(s, &read::index(path, i))?);
        }
        Ok(Condition::ALL
            .into_iter()
            .filter(|c| out.contains(c))
            .collect())
    }

    /// This condition's entry for `conditions()`.
    pub fn info(self) -> ConditionInfo {
        self.info_in(&Lang::english())
    }

    /// [`Condition::info`] in `lang`.
    pub fn info_in(self, lang: &Lang) -> ConditionInfo {
        ConditionInfo {
            id: self,
            describe: self.describe_in(lang).to_string(),
            advice: self.advice_in(lang).to_string(),
        }
    }
}

/// A condition as `conditions()` lists it, to show a person before a flow.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Tsify)]
pub struct ConditionInfo {
    pub id: Condition,
    /// The condition in plain words, as it reads inside a sentence.
    pub describe: String,
    /// What a person with this condition should know before starting.
    pub advice: String,
}

fn names() -> String {
    let names: Vec<&str> = Condition::ALL.iter().map(|c| c.as_str()).collect();
    crate::text::join(&names, ", ")
}

impl FromStr for Condition {
    type Err = ValidationError;
    fn from_str(s: &str) -> Result<Condition> {
        Condition::parse(s, "")
    }
}

impl fmt::Display for Condition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What adaptation did to a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Tsify)]
#[serde(rename_all = "kebab-case")]
pub enum Action {
    Removed,
    Replaced,
    Cautioned,
}

/// One change made to a flow for the person's conditions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct Change {
    /// Id of the step in the original flow (for a caution on an alternative that took a step's
    /// place: the alternative's id).
    pub step_id: String,
    pub action: Action,
    /// Why, in plain words.
    pub reason: String,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Removed => "removed",
            Action::Replaced => "replaced",
            Action::Cautioned => "cautioned",
        }
    }
}

/// A flow adapted to a person's conditions, with what changed.
#[derive(Debug, Clone, PartialEq, Serialize, Tsify)]
pub struct Adapted {
    #[tsify(type = "FlowDoc")]
    pub flow: Flow,
    pub changes: Vec<Change>,
}

pub use crate::model::flow::{SOFT_TWIST_CUE, SURGERY_CAUTION_CUE};

/// Whether `cue` is one of the safety cues in English (the stop-on-pain rule, and the cues added
/// for `recent-surgery`): a display may leave out its last sentences for want of room, but
/// never shows it cut in the middle of a sentence. [`Lang::is_safety_cue`] knows a locale's too.
pub fn is_safety_cue(cue: &str) -> bool {
    Lang::english().is_safety_cue(cue)
}

/// Why a step is not safe for `conditions`, as the end of a sentence in `lang`; `None` when it
/// is safe.
fn not_safe_because(step: &Step, conditions: &[Condition], lang: &Lang) -> Option<String> {
    let has = |c| conditions.contains(&c);
    let mut reasons = Vec::new();
    if step.has_tag(Tag::Inversion) {
        let who: Vec<&str> = [Condition::EyeCondition, Condition::HighBloodPressure]
            .into_iter()
            .filter(|&c| has(c))
            .map(|c| c.describe_in(lang))
            .collect();
        if !who.is_empty() {
            let who = crate::text::join(&who, lang.t("join.and-with"));
            reasons.push(lang.fill("reason.head-below-heart", &[("who", &who)]));
        }
    }
    if is_massage(step) && has(Condition::LymphNodesOrChemo) {
        let who = Condition::LymphNodesOrChemo.describe_in(lang);
        reasons.push(lang.fill("reason.massage", &[("who", who)]));
    }
    if reasons.is_empty() {
        None
    } else {
        Some(crate::text::join(&reasons, lang.t("join.reasons")))
    }
}

/// Steps that massage: tagged `massage`, and every pressure hold and roll.
pub fn is_massage(step: &Step) -> bool {
    step.has_tag(Tag::Massage) || matches!(step.kind(), StepKind::PressureHold | StepKind::Roll)
}

/// Apply the `recent-surgery` cues to `step` (in `lang`), returning the reason when anything
/// was added.
fn caution(step: &mut Step, lang: &Lang) -> Option<String> {
    let is_pose = matches!(step.body, StepBody::Pose { .. });
    let twist = step.has_tag(Tag::Twist);
    let (twist_cue, caution_cue) = (lang.t("cue.soft-twist"), lang.t("cue.surgery-caution"));
    let mut added = Vec::new();
    if twist && !step.cues.iter().any(|c| c == twist_cue) {
        step.cues.insert(0, twist_cue.to_string());
        added.push(lang.t("reason.small-twist"));
    }
    if is_pose && !step.cues.iter().any(|c| c == caution_cue) {
        step.cues.insert(0, caution_cue.to_string());
        added.insert(0, lang.t("reason.go-slowly"));
    }
    if added.is_empty() {
        return None;
    }
    let what = crate::text::join(&added, lang.t("join.and"));
    Some(lang.fill(
        "reason.cautioned",
        &[
            ("title", step.display_title()),
            ("who", Condition::RecentSurgery.describe_in(lang)),
            ("what", &what),
        ],
    ))
}

/// Adapt `flow` to `conditions` (see the module docs for the rules). Errors when no step is left.
pub fn adapt(flow: &Flow, conditions: &[Condition]) -> Result<Adapted> {
    adapt_in(flow, conditions, &Lang::english())
}

/// [`adapt`] with the reasons, the added cues and the error in `lang` (the flow is taken as it
/// is: translate it first with [`crate::locale::localize_flow`]).
pub fn adapt_in(flow: &Flow, conditions: &[Condition], lang: &Lang) -> Result<Adapted> {
    let surgery = conditions.contains(&Condition::RecentSurgery);
    let mut steps = Vec::with_capacity(flow.steps.len());
    let mut changes = Vec::new();
    for step in &flow.steps {
        let mut kept = match not_safe_because(step, conditions, lang) {
            None => step.clone(),
            Some(why) => {
                let alt = step
                    .alternative
                    .as_deref()
                    .filter(|a| not_safe_because(a, conditions, lang).is_none());
                let title = step.display_title();
                match alt {
                    Some(a) => {
                        changes.push(Change {
                            step_id: step.id.clone(),
                            action: Action::Replaced,
                            reason: lang.fill(
                                "reason.replaced",
                                &[
                                    ("title", title),
                                    ("other", a.display_title()),
                                    ("why", &why),
                                ],
                            ),
                        });
                        a.clone()
                    }
                    None => {
                        changes.push(Change {
                            step_id: step.id.clone(),
                            action: Action::Removed,
                            reason: lang.fill("reason.removed", &[("title", title), ("why", &why)]),
                        });
                        continue;
                    }
                }
            }
        };
        if surgery {
            if let Some(reason) = caution(&mut kept, lang) {
                changes.push(Change {
                    step_id: kept.id.clone(),
                    action: Action::Cautioned,
                    reason,
                });
            }
        }
        steps.push(kept);
    }
    if steps.is_empty() {
        let why: Vec<&str> = conditions.iter().map(|c| c.describe_in(lang)).collect();
        let who = crate::text::join(&why, lang.t("join.or"));
        return Err(ValidationError::new(
            "conditions",
            lang.fill(
                "reason.nothing-safe",
                &[("title", &flow.title), ("who", &who)],
            ),
        ));
    }
    Ok(Adapted {
        flow: Flow {
            steps,
            ..flow.clone()
        },
        changes,
    })
}

/// A piece of guidance shown with a practice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Tsify)]
pub struct Guidance {
    pub id: &'static str,
    pub title: String,
    pub text: String,
}

/// The ids of the guidance every practice shows: stop on pain (an intense good sensation is
/// fine, pain is not), when to see a doctor rather than practise, and blood pressure (ask
/// first). Texts `guidance.<id>.title` and `.text`.
pub const GENERAL_GUIDANCE: [&str; 3] = ["stop-on-pain", "see-a-doctor", "blood-pressure"];

/// The general guidance followed by the advice for each declared condition (as
/// `Guidance { id: <condition name>, .. }`).
pub fn guidance(conditions: &[Condition]) -> Vec<Guidance> {
    guidance_in(conditions, &Lang::english())
}

/// [`guidance`] in `lang`.
pub fn guidance_in(conditions: &[Condition], lang: &Lang) -> Vec<Guidance> {
    let general = GENERAL_GUIDANCE.iter().map(|&id| {
        let text = |what: &str| {
            lang.get(&format!("guidance.{id}.{what}"))
                .or_else(|| crate::locale::english(&format!("guidance.{id}.{what}")))
                .unwrap_or_default()
                .to_string()
        };
        Guidance {
            id,
            title: text("title"),
            text: text("text"),
        }
    });
    let own = Condition::ALL
        .into_iter()
        .filter(|c| conditions.contains(c))
        .map(|c| Guidance {
            id: c.as_str(),
            title: lang.t(c.text_id("title")).to_string(),
            text: c.advice_in(lang).to_string(),
        });
    general.chain(own).collect()
}
