//! Breath patterns: an ordered list of phases (inhale, holds, exhale), each with a duration,
//! a route, a focus and a cue, and optionally a per-breath linear ramp of its duration.
//!
//! A pattern is authored as JSON (see `library/patterns/*.json`) or as a shorthand such as
//! `"4-7-8"` (seconds of inhale-hold-exhale) or `"4-4-4-4"` (inhale-hold-exhale-hold).
//! Durations are kept as whole milliseconds after parsing so that every boundary time is an
//! exact integer and the schedule after an hour is exact to the millisecond.

use super::error::{Result, ValidationError};
use super::read;
use serde::de::value::MapAccessDeserializer;
use serde::de::{Deserializer, IntoDeserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use tsify::Tsify;

/// Shortest breathing phase (inhale/exhale), in seconds.
pub const MIN_BREATH_S: f64 = 0.5;
/// Longest phase of any kind, in seconds.
pub const MAX_PHASE_S: f64 = 120.0;
/// Most phases a pattern may have.
pub const MAX_PHASES: usize = 12;
/// Most breaths a ramp may span.
pub const MAX_RAMP_BREATHS: u32 = 1000;

/// What the breath does during a phase.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "kebab-case")]
#[serde(try_from = "serde_json::Value")]
pub enum PhaseKind {
    Inhale,
    /// Hold with the lungs full (after an inhale).
    HoldIn,
    Exhale,
    /// Hold with the lungs empty (after an exhale).
    HoldOut,
}

crate::named_enum!(PhaseKind {
    Inhale => "inhale",
    HoldIn => "hold-in",
    Exhale => "exhale",
    HoldOut => "hold-out",
});

impl PhaseKind {
    /// Holds may last 0 s; breathing phases at least [`MIN_BREATH_S`].
    pub fn is_hold(self) -> bool {
        matches!(self, PhaseKind::HoldIn | PhaseKind::HoldOut)
    }

    /// Shortest duration allowed for this kind, in seconds.
    pub fn min_seconds(self) -> f64 {
        if self.is_hold() {
            0.0
        } else {
            MIN_BREATH_S
        }
    }
}

/// Where the air goes through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "kebab-case")]
#[serde(try_from = "serde_json::Value")]
pub enum Route {
    Nose,
    Mouth,
}

crate::named_enum!(Route { Nose => "nose", Mouth => "mouth" });

/// A body zone the breath is directed to; dirga fills belly, then ribs, then chest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "kebab-case")]
#[serde(try_from = "serde_json::Value")]
pub enum Zone {
    Belly,
    Ribs,
    Chest,
    Back,
}

crate::named_enum!(Zone { Belly => "belly", Ribs => "ribs", Chest => "chest", Back => "back" });

/// A linear change of a phase's duration per breath: breath 0 lasts the phase's `seconds`,
/// breath `breaths - 1` (and every later one) lasts `to`, with equal steps between.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(deny_unknown_fields)]
pub struct Ramp {
    /// Duration at the end of the ramp, in seconds (the phase's range).
    #[serde(serialize_with = "read::number")]
    pub to: f64,
    /// Number of breaths over which the duration changes: a whole number, 2..=1000.
    #[serde(serialize_with = "read::number")]
    pub breaths: f64,
}

/// One phase of a breath.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(deny_unknown_fields)]
pub struct Phase {
    pub phase: PhaseKind,
    /// Duration in seconds (the start value when ramped): breathing phases 0.5–120, holds 0–120.
    #[serde(serialize_with = "read::number")]
    pub seconds: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub route: Option<Route>,
    /// Zones filled (inhale) or emptied (exhale), in order; empty means "not specified". A single
    /// zone may be written as a string; it is read as a list of one.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "zones"
    )]
    #[tsify(optional, type = "Zone | Zone[]")]
    pub focus: Vec<Zone>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub cue: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "read::opt_object"
    )]
    #[tsify(optional)]
    pub ramp: Option<Ramp>,
}

/// A breath pattern, in the shape users author as JSON (library entries have this exact shape).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(deny_unknown_fields)]
pub struct Pattern {
    /// 1–64 characters of `a-z`, `0-9` and `-`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub description: Option<String>,
    /// 1–12 phases, at least one inhale and one exhale.
    #[serde(deserialize_with = "read::objects")]
    pub phases: Vec<Phase>,
}

/// `focus`: a zone or a list of zones.
fn zones<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<Vec<Zone>, D::Error> {
    struct Zones;
    impl<'de> Visitor<'de> for Zones {
        type Value = Vec<Zone>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a zone or a list of zones")
        }
        fn visit_str<E: serde::de::Error>(self, s: &str) -> std::result::Result<Vec<Zone>, E> {
            Zone::deserialize(s.into_deserializer()).map(|z| vec![z])
        }
        fn visit_seq<A: SeqAccess<'de>>(
            self,
            mut seq: A,
        ) -> std::result::Result<Vec<Zone>, A::Error> {
            let mut out = Vec::new();
            while let Some(z) = seq.next_element()? {
                out.push(z);
            }
            Ok(out)
        }
    }
    d.deserialize_any(Zones)
}

/// A pattern as the author referred to it: a built-in id or a shorthand (kept as written, so a
/// document round-trips), or an inline pattern object.
#[derive(Debug, Clone, PartialEq, Serialize, Tsify)]
#[serde(untagged)]
pub enum PatternSpec {
    /// A built-in id (`"ujjayi"`) or a shorthand (`"4-7-8"`: seconds of in-hold-out-hold).
    Name(String),
    Inline(Pattern),
}

impl<'de> Deserialize<'de> for PatternSpec {
    /// A string or an object, read without serde's buffering `untagged` machinery.
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct Spec;
        impl<'de> Visitor<'de> for Spec {
            type Value = PatternSpec;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a pattern id, a shorthand like \"4-7-8\", or a pattern object")
            }
            fn visit_str<E: serde::de::Error>(
                self,
                s: &str,
            ) -> std::result::Result<PatternSpec, E> {
                Ok(PatternSpec::Name(s.to_string()))
            }
            fn visit_map<A: MapAccess<'de>>(
                self,
                map: A,
            ) -> std::result::Result<PatternSpec, A::Error> {
                Pattern::deserialize(MapAccessDeserializer::new(map)).map(PatternSpec::Inline)
            }
        }
        d.deserialize_any(Spec)
    }
}

/// Convert seconds to whole milliseconds (rounded to nearest).
pub fn s_to_ms(s: f64) -> u64 {
    (s * 1000.0).round() as u64
}

/// Check an id: 1–64 characters of `a-z`, `0-9` and `-`.
pub fn check_id(id: &str, path: &str) -> Result<()> {
    let ok = !id.is_empty()
        && id.len() <= 64
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if ok {
        Ok(())
    } else {
        Err(ValidationError::new(
            path,
            format!(
                "must be 1–64 characters of a-z, 0-9 and '-', got {}",
                read::quote(id)
            ),
        ))
    }
}

impl Pattern {
    /// Read a pattern object at `path` (a JSON path; empty for a document of its own) and
    /// validate every field.
    pub fn from_value(v: &Value, path: &str) -> Result<Pattern> {
        let p: Pattern = read::read_object(v, path)?;
        p.validate(path)?;
        Ok(p)
    }

    /// The rules serde's types do not say: ranges, text lengths, ids, at least one inhale and one
    /// exhale. `path` is where the pattern sits in its document.
    pub fn validate(&self, path: &str) -> Result<()> {
        if let Some(id) = &self.id {
            check_id(id, &read::join(path, "id"))?;
        }
        for (field, text) in [("title", &self.title), ("description", &self.description)] {
            if let Some(t) = text {
                read::check_text(t, &read::join(path, field))?;
            }
        }
        let phases_path = read::join(path, "phases");
        if self.phases.len() > MAX_PHASES {
            return Err(ValidationError::new(
                phases_path,
                format!(
                    "must have at most {MAX_PHASES} phases, got {}",
                    self.phases.len()
                ),
            ));
        }
        for (i, p) in self.phases.iter().enumerate() {
            p.validate(&read::index(&phases_path, i))?;
        }
        self.check_shape(&phases_path)
    }

    /// Parse a shorthand of 2–4 numbers of seconds joined by `-`:
    /// `in-out`, `in-hold-out`, or `in-hold-out-hold`. Zero-second holds are left out.
    pub fn from_shorthand(s: &str, path: &str) -> Result<Pattern> {
        let bad = || {
            ValidationError::new(
                path,
                format!(
                    "must be a pattern id or a shorthand like \"4-7-8\" or \"4-4-4-4\" \
                     (seconds of inhale-hold-exhale-hold), got {}",
                    read::quote(s)
                ),
            )
        };
        let parts: Vec<&str> = s.split('-').collect();
        if !(2..=4).contains(&parts.len()) {
            return Err(bad());
        }
        let mut nums = Vec::with_capacity(4);
        for p in &parts {
            nums.push(plain_decimal(p.trim()).ok_or_else(bad)?);
        }
        let kinds: &[PhaseKind] = match nums.len() {
            2 => &[PhaseKind::Inhale, PhaseKind::Exhale],
            3 => &[PhaseKind::Inhale, PhaseKind::HoldIn, PhaseKind::Exhale],
            _ => &[
                PhaseKind::Inhale,
                PhaseKind::HoldIn,
                PhaseKind::Exhale,
                PhaseKind::HoldOut,
            ],
        };
        let mut phases = Vec::new();
        for (k, (&kind, &secs)) in kinds.iter().zip(&nums).enumerate() {
            check_seconds(
                kind,
                secs,
                &format!("{path} (part {} of {})", k + 1, read::quote(s)),
            )?;
            if kind.is_hold() && secs == 0.0 {
                continue;
            }
            phases.push(Phase {
                phase: kind,
                seconds: secs,
                route: None,
                focus: vec![],
                cue: None,
                ramp: None,
            });
        }
        Ok(Pattern {
            id: None,
            title: Some(s.to_string()),
            description: None,
            phases,
        })
    }

    /// A pattern must contain at least one inhale and one exhale, or the breath never moves.
    fn check_shape(&self, phases_path: &str) -> Result<()> {
        let has = |k| self.phases.iter().any(|p| p.phase == k);
        if !has(PhaseKind::Inhale) || !has(PhaseKind::Exhale) {
            return Err(ValidationError::new(
                phases_path,
                "must include at least one inhale and one exhale",
            ));
        }
        Ok(())
    }

    /// Duration of phase `phase` in breath `breath` (0-based), in whole ms, ramp applied.
    pub fn phase_ms(&self, breath: u64, phase: usize) -> u64 {
        let p = &self.phases[phase];
        match &p.ramp {
            None => s_to_ms(p.seconds),
            Some(r) => {
                let last = (r.breaths as u64).saturating_sub(1).max(1);
                let k = breath.min(last) as f64 / last as f64;
                s_to_ms(p.seconds + (r.to - p.seconds) * k)
            }
        }
    }

    /// Duration of breath `breath` (0-based), in whole ms.
    pub fn breath_ms(&self, breath: u64) -> u64 {
        (0..self.phases.len())
            .map(|i| self.phase_ms(breath, i))
            .sum()
    }

    /// Number of leading breaths whose length differs from the steady state (0 without a ramp).
    pub fn ramp_breaths(&self) -> u64 {
        self.phases
            .iter()
            .filter_map(|p| p.ramp.as_ref())
            .map(|r| r.breaths as u64)
            .max()
            .unwrap_or(0)
    }
}

/// A plain decimal (`4`, `2.5`, `.5`): digits and at most one point, nothing else (no sign,
/// exponent, hex or spaces).
fn plain_decimal(t: &str) -> Option<f64> {
    let (int, frac) = t.split_once('.').unwrap_or((t, ""));
    let digits = |u: &str| u.bytes().all(|b| b.is_ascii_digit());
    if int.len() + frac.len() == 0 || !digits(int) || !digits(frac) {
        return None;
    }
    read::parse_decimal(t)
}

/// Check a phase duration against its kind's range.
fn check_seconds(kind: PhaseKind, secs: f64, path: &str) -> Result<()> {
    let min = kind.min_seconds();
    if !secs.is_finite() || secs < min || secs > MAX_PHASE_S {
        let what = if kind.is_hold() {
            "a hold"
        } else {
            "a breathing phase"
        };
        return Err(ValidationError::new(
            path,
            format!(
                "{what} must be {}–{} s, got {}",
                read::num(min),
                read::num(MAX_PHASE_S),
                read::num(secs)
            ),
        ));
    }
    Ok(())
}

impl Phase {
    fn validate(&self, path: &str) -> Result<()> {
        let kind = self.phase;
        let at = |f: &str| read::join(path, f);
        read::check_number(
            self.seconds,
            &at("seconds"),
            kind.min_seconds(),
            MAX_PHASE_S,
            "s",
        )?;
        for (i, z) in self.focus.iter().enumerate() {
            if self.focus[..i].contains(z) {
                return Err(ValidationError::new(
                    read::index(&at("focus"), i),
                    format!("lists {} twice", z.as_str()),
                ));
            }
        }
        if let Some(c) = &self.cue {
            read::check_text(c, &at("cue"))?;
        }
        if let Some(r) = &self.ramp {
            let rp = at("ramp");
            read::check_number(
                r.to,
                &read::join(&rp, "to"),
                kind.min_seconds(),
                MAX_PHASE_S,
                "s",
            )?;
            read::check_integer(
                r.breaths,
                &read::join(&rp, "breaths"),
                2,
                MAX_RAMP_BREATHS,
                "breaths",
            )?;
        }
        Ok(())
    }
}
