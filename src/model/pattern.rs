//! Breath patterns: an ordered list of phases (inhale, holds, exhale), each with a duration,
//! a route, a focus and a cue, and optionally a per-breath linear ramp of its duration.
//!
//! A pattern is authored as JSON (see `library/patterns/*.json`) or as a shorthand such as
//! `"4-7-8"` (seconds of inhale-hold-exhale) or `"4-4-4-4"` (inhale-hold-exhale-hold).
//! Durations are kept as whole milliseconds after parsing so that every boundary time is an
//! exact integer and the schedule after an hour is exact to the millisecond.

use crate::doc::{self, Obj};
use crate::error::{Result, ValidationError};
use crate::json::{self, Value};

/// Shortest breathing phase (inhale/exhale), in seconds.
pub const MIN_BREATH_S: f64 = 0.5;
/// Longest phase of any kind, in seconds.
pub const MAX_PHASE_S: f64 = 120.0;
/// Most phases a pattern may have.
pub const MAX_PHASES: usize = 12;
/// Most breaths a ramp may span.
pub const MAX_RAMP_BREATHS: u32 = 1000;

/// What the breath does during a phase.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PhaseKind {
    Inhale,
    /// Hold with the lungs full (after an inhale).
    HoldIn,
    Exhale,
    /// Hold with the lungs empty (after an exhale).
    HoldOut,
}

impl PhaseKind {
    /// The name used in JSON and in JS events: `"inhale" | "hold-in" | "exhale" | "hold-out"`.
    pub fn as_str(self) -> &'static str {
        match self {
            PhaseKind::Inhale => "inhale",
            PhaseKind::HoldIn => "hold-in",
            PhaseKind::Exhale => "exhale",
            PhaseKind::HoldOut => "hold-out",
        }
    }

    pub fn parse(s: &str) -> Option<PhaseKind> {
        Some(match s {
            "inhale" => PhaseKind::Inhale,
            "hold-in" => PhaseKind::HoldIn,
            "exhale" => PhaseKind::Exhale,
            "hold-out" => PhaseKind::HoldOut,
            _ => return None,
        })
    }

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
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    Nose,
    Mouth,
}

impl Route {
    pub fn as_str(self) -> &'static str {
        match self {
            Route::Nose => "nose",
            Route::Mouth => "mouth",
        }
    }
}

/// A body zone the breath is directed to; dirga fills belly, then ribs, then chest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Zone {
    Belly,
    Ribs,
    Chest,
    Back,
}

impl Zone {
    pub fn as_str(self) -> &'static str {
        match self {
            Zone::Belly => "belly",
            Zone::Ribs => "ribs",
            Zone::Chest => "chest",
            Zone::Back => "back",
        }
    }

    fn parse(s: &str) -> Option<Zone> {
        Some(match s {
            "belly" => Zone::Belly,
            "ribs" => Zone::Ribs,
            "chest" => Zone::Chest,
            "back" => Zone::Back,
            _ => return None,
        })
    }
}

/// A linear change of a phase's duration per breath: breath 0 lasts the phase's `seconds`,
/// breath `breaths - 1` (and every later one) lasts `to`, with equal steps between.
#[derive(Debug, Clone, PartialEq)]
pub struct Ramp {
    /// Duration at the end of the ramp, in seconds.
    pub to: f64,
    /// Number of breaths over which the duration changes, 2..=1000.
    pub breaths: u32,
}

/// One phase of a breath.
#[derive(Debug, Clone, PartialEq)]
pub struct Phase {
    pub phase: PhaseKind,
    /// Duration in seconds (the start value when ramped).
    pub seconds: f64,
    pub route: Option<Route>,
    /// Zones filled (inhale) or emptied (exhale) in order; empty means "not specified".
    pub focus: Vec<Zone>,
    pub cue: Option<String>,
    pub ramp: Option<Ramp>,
}

/// A breath pattern, in the shape users author as JSON.
#[derive(Debug, Clone, PartialEq)]
pub struct Pattern {
    pub id: Option<String>,
    pub title: Option<String>,
    pub description: Option<String>,
    pub phases: Vec<Phase>,
}

impl Phase {
    /// `{"phase", "seconds", "route"?, "focus"? (non-empty), "cue"?, "ramp"?: {"to", "breaths"}}`.
    pub fn to_json(&self) -> Value {
        let focus = (!self.focus.is_empty())
            .then(|| Value::Array(self.focus.iter().map(|z| z.as_str().into()).collect()));
        let ramp = self.ramp.as_ref().map(|r| {
            json::object()
                .field("to", r.to)
                .field("breaths", r.breaths)
                .build()
        });
        json::object()
            .field("phase", self.phase.as_str())
            .field("seconds", self.seconds)
            .opt("route", self.route.map(Route::as_str))
            .opt("focus", focus)
            .opt("cue", self.cue.as_deref())
            .opt("ramp", ramp)
            .build()
    }
}

impl Pattern {
    /// The pattern in the shape users author: `{"id"?, "title"?, "description"?, "phases"}`.
    pub fn to_json(&self) -> Value {
        json::object()
            .opt("id", self.id.as_deref())
            .opt("title", self.title.as_deref())
            .opt("description", self.description.as_deref())
            .field(
                "phases",
                Value::Array(self.phases.iter().map(Phase::to_json).collect()),
            )
            .build()
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
                doc::quote(id)
            ),
        ))
    }
}

impl Pattern {
    /// Read a pattern object at `path`, validating every field.
    pub fn from_json(v: &Value, path: &str) -> Result<Pattern> {
        let o = Obj::new(v, path)?;
        o.only(&["id", "title", "description", "phases"])?;
        let id = o.opt_str("id")?;
        if let Some(id) = &id {
            check_id(id, &o.at("id"))?;
        }
        let title = o.opt_str("title")?;
        let description = o.opt_str("description")?;
        let phases_path = o.at("phases");
        let items = doc::array(o.req("phases")?, &phases_path)?;
        if items.len() > MAX_PHASES {
            return Err(ValidationError::new(
                phases_path,
                format!("must have at most {MAX_PHASES} phases, got {}", items.len()),
            ));
        }
        // Loops rather than `collect::<Result<Vec<_>>>()`: smaller wasm.
        let mut phases = Vec::with_capacity(items.len());
        for (i, p) in items.iter().enumerate() {
            phases.push(Phase::from_json(p, &doc::index(&phases_path, i))?);
        }
        let pattern = Pattern {
            id,
            title,
            description,
            phases,
        };
        pattern.check_shape(&phases_path)?;
        Ok(pattern)
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
                    doc::quote(s)
                ),
            )
        };
        let parts: Vec<&str> = s.split('-').collect();
        if !(2..=4).contains(&parts.len()) {
            return Err(bad());
        }
        let mut nums = Vec::with_capacity(4);
        for p in &parts {
            let t = p.trim();
            nums.push(json::parse_plain_decimal(t).ok_or_else(bad)?);
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
                &format!("{path} (part {} of {})", k + 1, doc::quote(s)),
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
                let last = (r.breaths - 1) as u64;
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
                doc::num(min),
                doc::num(MAX_PHASE_S),
                doc::num(secs)
            ),
        ));
    }
    Ok(())
}

impl Phase {
    fn from_json(v: &Value, path: &str) -> Result<Phase> {
        let o = Obj::new(v, path)?;
        o.only(&["phase", "seconds", "route", "focus", "cue", "ramp"])?;
        let kind_v = o.req("phase")?;
        let kind = match kind_v {
            Value::String(s) => PhaseKind::parse(s),
            _ => None,
        }
        .ok_or_else(|| {
            ValidationError::new(
                o.at("phase"),
                format!("must be one of inhale, hold-in, exhale, hold-out, got {kind_v}"),
            )
        })?;
        let seconds = doc::number(
            o.req("seconds")?,
            &o.at("seconds"),
            kind.min_seconds(),
            MAX_PHASE_S,
            "s",
        )?;
        let route = match o.get("route") {
            None => None,
            Some(Value::String(s)) if s == "nose" => Some(Route::Nose),
            Some(Value::String(s)) if s == "mouth" => Some(Route::Mouth),
            Some(other) => {
                return Err(ValidationError::new(
                    o.at("route"),
                    format!("must be nose or mouth, got {other}"),
                ))
            }
        };
        let mut focus = Vec::new();
        if let Some(f) = o.get("focus") {
            let fp = o.at("focus");
            // A single zone may be written as a string; it is normalised to a list.
            let list: Vec<(String, &Value)> = match f {
                Value::String(_) => vec![(fp.clone(), f)],
                Value::Array(a) => a
                    .iter()
                    .enumerate()
                    .map(|(i, z)| (doc::index(&fp, i), z))
                    .collect(),
                other => {
                    return Err(ValidationError::new(
                        fp,
                        format!(
                            "must be a zone or a list of zones, got {}",
                            doc::type_name(other)
                        ),
                    ))
                }
            };
            for (zp, z) in list {
                let zone = z.as_str().and_then(Zone::parse).ok_or_else(|| {
                    ValidationError::new(
                        &zp,
                        format!("must be one of belly, ribs, chest, back, got {z}"),
                    )
                })?;
                if focus.contains(&zone) {
                    return Err(ValidationError::new(
                        zp,
                        format!("lists {} twice", zone.as_str()),
                    ));
                }
                focus.push(zone);
            }
        }
        let cue = o.opt_str("cue")?;
        let ramp = match o.get("ramp") {
            None => None,
            Some(r) => {
                let rp = o.at("ramp");
                let ro = Obj::new(r, &rp)?;
                ro.only(&["to", "breaths"])?;
                let to = doc::number(
                    ro.req("to")?,
                    &ro.at("to"),
                    kind.min_seconds(),
                    MAX_PHASE_S,
                    "s",
                )?;
                let breaths = doc::integer(
                    ro.req("breaths")?,
                    &ro.at("breaths"),
                    2,
                    MAX_RAMP_BREATHS,
                    "breaths",
                )?;
                Some(Ramp { to, breaths })
            }
        };
        Ok(Phase {
            phase: kind,
            seconds,
            route,
            focus,
            cue,
            ramp,
        })
    }
}

/// Resolve a pattern reference as accepted everywhere a pattern is: a built-in id (`"ujjayi"`),
/// a shorthand (`"4-7-8"`), or an inline pattern object.
pub fn resolve(v: &Value, path: &str) -> Result<Pattern> {
    match v {
        Value::String(s) => {
            if let Some(p) = crate::library::pattern(s) {
                return Ok(p.clone());
            }
            if s.bytes().any(|b| b == b'-') && s.bytes().next().is_some_and(|b| b.is_ascii_digit())
            {
                return Pattern::from_shorthand(s, path);
            }
            Err(ValidationError::new(
                path,
                format!(
                    "unknown pattern id {}; built-in ids are {}, or use a shorthand like \"4-7-8\"",
                    doc::quote(s),
                    crate::text::join(&crate::library::pattern_ids(), ", ")
                ),
            ))
        }
        Value::Object(_) => Pattern::from_json(v, path),
        other => Err(ValidationError::new(
            path,
            format!(
                "must be a pattern id, a shorthand like \"4-7-8\", or a pattern object, got {}",
                doc::type_name(other)
            ),
        )),
    }
}
