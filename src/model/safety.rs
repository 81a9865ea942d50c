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
use crate::model::flow::{Flow, Step, StepBody, StepKind, Tag, STOP_ON_PAIN_CUE};
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
        match self {
            Condition::EyeCondition => "glaucoma, cataracts or another major eye condition",
            Condition::HighBloodPressure => "high blood pressure that is not under control",
            Condition::RecentSurgery => "recent surgery or a major physical limitation",
            Condition::LymphNodesOrChemo => "lymph nodes removed or during chemotherapy",
        }
    }

    /// What a person with this condition should know before starting.
    pub fn advice(self) -> &'static str {
        match self {
            Condition::EyeCondition => {
                "With glaucoma, cataracts or another major eye condition, keep your head above \
                 your heart: poses that put it lower are left out or swapped for a gentler one."
            }
            Condition::HighBloodPressure => {
                "If your blood pressure is high and not under control, ask your physician before \
                 you start. Poses that put your head below your heart are left out or swapped."
            }
            Condition::RecentSurgery => {
                "After recent surgery, or with a major physical limitation, take your time: start \
                 every pose with very small movements so you know you can move in and out of it \
                 comfortably, and never push."
            }
            Condition::LymphNodesOrChemo => {
                "If you have had lymph nodes removed or are on chemotherapy, ask your doctor \
                 whether self-massage could interfere with your treatment before you try it. \
                 Ball massage steps are left out."
            }
        }
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
        ConditionInfo {
            id: self,
            describe: self.describe(),
            advice: self.advice(),
        }
    }
}

/// A condition as `conditions()` lists it, to show a person before a flow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Tsify)]
pub struct ConditionInfo {
    pub id: Condition,
    /// The condition in plain words, as it reads inside a sentence.
    pub describe: &'static str,
    /// What a person with this condition should know before starting.
    pub advice: &'static str,
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

/// Cue put first on every pose for `recent-surgery`.
pub const SURGERY_CAUTION_CUE: &str = "Go slowly. Begin with tiny movements to check you can \
     move in and out of this pose comfortably, and do not push.";
/// Cue added to every twist for `recent-surgery`.
pub const SOFT_TWIST_CUE: &str = "Turn only a little: keep the twist small and well inside \
     your comfortable range.";

/// Whether `cue` is one of the safety cues (the stop-on-pain rule, and the cues added for
/// `recent-surgery`): a display may leave out its last sentences for want of room, but never
/// shows it cut in the middle of a sentence.
pub fn is_safety_cue(cue: &str) -> bool {
    [STOP_ON_PAIN_CUE, SURGERY_CAUTION_CUE, SOFT_TWIST_CUE].contains(&cue)
}

/// Why a step is not safe for `conditions`, as the end of a sentence; `None` when it is safe.
fn not_safe_because(step: &Step, conditions: &[Condition]) -> Option<String> {
    let has = |c| conditions.contains(&c);
    let mut reasons = Vec::new();
    if step.has_tag(Tag::Inversion) {
        let who: Vec<&str> = [Condition::EyeCondition, Condition::HighBloodPressure]
            .into_iter()
            .filter(|&c| has(c))
            .map(|c| c.describe())
            .collect();
        if !who.is_empty() {
            reasons.push(format!(
                "putting the head below the heart is not safe with {}",
                crate::text::join(&who, ", and with ")
            ));
        }
    }
    if is_massage(step) && has(Condition::LymphNodesOrChemo) {
        reasons.push(format!(
            "with {}, ask your doctor before any massage, a ball massage included",
            Condition::LymphNodesOrChemo.describe()
        ));
    }
    if reasons.is_empty() {
        None
    } else {
        Some(crate::text::join(&reasons, "; "))
    }
}

/// Steps that massage: tagged `massage`, and every pressure hold and roll.
pub fn is_massage(step: &Step) -> bool {
    step.has_tag(Tag::Massage) || matches!(step.kind(), StepKind::PressureHold | StepKind::Roll)
}

/// Apply the `recent-surgery` cues to `step`, returning the reason when anything was added.
fn caution(step: &mut Step) -> Option<String> {
    let is_pose = matches!(step.body, StepBody::Pose { .. });
    let twist = step.has_tag(Tag::Twist);
    let mut added = Vec::new();
    if twist && !step.cues.iter().any(|c| c == SOFT_TWIST_CUE) {
        step.cues.insert(0, SOFT_TWIST_CUE.to_string());
        added.push("keep the twist small, well inside your range");
    }
    if is_pose && !step.cues.iter().any(|c| c == SURGERY_CAUTION_CUE) {
        step.cues.insert(0, SURGERY_CAUTION_CUE.to_string());
        added.insert(0, "go slowly and start with tiny movements");
    }
    if added.is_empty() {
        return None;
    }
    Some(format!(
        "{}: after {}, {}.",
        step.display_title(),
        Condition::RecentSurgery.describe(),
        crate::text::join(&added, ", and ")
    ))
}

/// Adapt `flow` to `conditions` (see the module docs for the rules). Errors when no step is left.
pub fn adapt(flow: &Flow, conditions: &[Condition]) -> Result<Adapted> {
    let surgery = conditions.contains(&Condition::RecentSurgery);
    let mut steps = Vec::with_capacity(flow.steps.len());
    let mut changes = Vec::new();
    for step in &flow.steps {
        let mut kept = match not_safe_because(step, conditions) {
            None => step.clone(),
            Some(why) => {
                let alt = step
                    .alternative
                    .as_deref()
                    .filter(|a| not_safe_because(a, conditions).is_none());
                match alt {
                    Some(a) => {
                        changes.push(Change {
                            step_id: step.id.clone(),
                            action: Action::Replaced,
                            reason: format!(
                                "{} replaced by {}: {why}.",
                                step.display_title(),
                                a.display_title()
                            ),
                        });
                        a.clone()
                    }
                    None => {
                        changes.push(Change {
                            step_id: step.id.clone(),
                            action: Action::Removed,
                            reason: format!("{} left out: {why}.", step.display_title()),
                        });
                        continue;
                    }
                }
            }
        };
        if surgery {
            if let Some(reason) = caution(&mut kept) {
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
        let why: Vec<&str> = conditions.iter().map(|c| c.describe()).collect();
        return Err(ValidationError::new(
            "conditions",
            format!(
                "nothing in \"{}\" is safe with {}: every step was left out. Ask your doctor \
                 which practice suits you.",
                flow.title,
                crate::text::join(&why, ", or ")
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Tsify)]
pub struct Guidance {
    pub id: &'static str,
    pub title: &'static str,
    pub text: &'static str,
}

/// Stop on pain: an intense good sensation is fine, pain is not.
pub const STOP_ON_PAIN: Guidance = Guidance {
    id: "stop-on-pain",
    title: "Pain means stop",
    text: "Pressing a tight spot can bring a strong sensation that still feels good; breathe \
           into that one, deeply and softly, and keep breathing. Pain is different: if anything \
           hurts, stop and rest. Never hold your breath.",
};

/// When to see a doctor rather than practise.
pub const RED_FLAGS: Guidance = Guidance {
    id: "see-a-doctor",
    title: "When to call a doctor",
    text: "Call your doctor if the pain is constant instead of coming in waves, or if it has not \
           eased after a few hours or days: something other than a muscle spasm may be going on. \
           Pain that feels deep and internal, on one or both sides of the low back just under the \
           lower ribs, can come from the kidneys, a stone or an infection and needs a doctor \
           soon.",
};

/// Blood pressure: ask first.
pub const BLOOD_PRESSURE: Guidance = Guidance {
    id: "blood-pressure",
    title: "High blood pressure",
    text: "If you have high blood pressure that is not under control, ask your physician before \
           you start.",
};

/// Guidance every practice shows.
pub fn general_guidance() -> [Guidance; 3] {
    [STOP_ON_PAIN, RED_FLAGS, BLOOD_PRESSURE]
}

/// The general guidance followed by the advice for each declared condition (as
/// `Guidance { id: <condition name>, .. }`).
pub fn guidance(conditions: &[Condition]) -> Vec<Guidance> {
    let mut out = general_guidance().to_vec();
    for c in Condition::ALL {
        if conditions.contains(&c) {
            out.push(Guidance {
                id: c.as_str(),
                title: match c {
                    Condition::EyeCondition => "Eye conditions",
                    Condition::HighBloodPressure => "Uncontrolled high blood pressure",
                    Condition::RecentSurgery => "Recent surgery or a physical limitation",
                    Condition::LymphNodesOrChemo => "Lymph nodes removed or chemotherapy",
                },
                text: c.advice(),
            });
        }
    }
    out
}
