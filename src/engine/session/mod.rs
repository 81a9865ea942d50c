//! A session: one timeline from session time 0, either a single breath pattern paced by a
//! [`Pacer`] or a [`Flow`] adapted to the person's conditions and compiled to a [`Plan`].
//!
//! Everything here is a pure function of session time `t_ms` (ms since the session began, as
//! kept by [`crate::clock::SessionClock`]):
//! - [`Session::sample`]: the step and position in it, the breath (for breathing parts, the part's
//!   pacer sampled at part-local time), the expansion, progress, what comes next;
//! - [`Session::crossings`]: every event in `(prev, new]`, in time order, each with its scheduled
//!   time; consecutive calls over `(a, b]`, `(b, c]` report exactly what one call over `(a, c]`
//!   does. A `prev` below 0 includes the events at 0.
//! - [`Session::next`] / [`Session::previous`] / [`Session::restart_step`]: the session time to
//!   seek to (see [`Plan`] for the rules: navigation moves by parts — a side, a spot).
//!
//! # Events
//! - `countdown` at 0 when the flow has one; `step` at the start of every part (so a two-sided pose
//!   announces each side, a pressure hold each spot);
//! - `phase` and `breath` from the pacer of each breathing part, moved to session time. Breath
//!   numbers (and `breath` in samples) count **within the part**, like the pacer's; the events
//!   carry the step index. A part's own completion is not reported (the next `step` is);
//! - `complete` once, at the end, with the breaths of the whole session.
//!
//! # Notes
//! A note part lasts its nominal reading time (see [`crate::flow`]) and then the flow moves on,
//! so a clock-driven widget never stalls. Because notes are advanced by the person, `step` events
//! and samples carry `awaits_person: true` for them: a widget pauses its clock when that event
//! arrives and, when the person continues, seeks to [`Session::next`] and resumes.
//!
//! # Expansion
//! Continuous over the whole session: at each part's start the expansion carries on from where the
//! previous part left it and eases into the new part's own level over [`EASE_MS`] (a rest eases
//! back to 0; a breathing part blends into its pacer's curve). 0 during the countdown.

mod event;
mod sample;

pub use event::Event;
pub use sample::{SessionSample, StepInfo, UpNext};

use crate::engine::pacer::Pacer;
use crate::engine::plan::Plan;
use crate::error::{Result, ValidationError};
use crate::locale::Lang;
use crate::model::flow::{Flow, Side};
use crate::model::safety::{self, Change, Condition};
use sample::part_expansion;

/// How long expansion takes to settle into a new part's own level, in ms.
pub const EASE_MS: f64 = 1500.0;

/// Display data for one part, precomputed so sampling does not allocate.
#[derive(Debug, Clone)]
struct PartInfo {
    title: String,
    cues: Vec<String>,
    /// Expansion at the part's start (where the previous part left it).
    carry: f64,
}

#[derive(Debug, Clone)]
enum Source {
    Pattern(Pacer),
    Flow {
        flow: Flow,
        plan: Plan,
        info: Vec<PartInfo>,
        changes: Vec<Change>,
        breaths: u64,
        /// Expansion from the end of the session on.
        end_expansion: f64,
    },
}

/// One practice timeline. See the module docs.
#[derive(Debug, Clone)]
pub struct Session {
    source: Source,
}

/// Negative and NaN → 0.
#[inline]
fn clamp_t(t: f64) -> f64 {
    if t > 0.0 {
        t
    } else {
        0.0
    }
}

impl Session {
    /// A session of one pattern with its bound.
    pub fn from_pattern(pacer: Pacer) -> Session {
        Session {
            source: Source::Pattern(pacer),
        }
    }

    /// A session of `flow` adapted to `conditions` ([`safety::adapt`]); errors when nothing safe
    /// is left or the flow does not compile.
    pub fn from_flow(flow: Flow, conditions: &[Condition]) -> Result<Session> {
        Session::from_flow_in(flow, conditions, &Lang::english())
    }

    /// [`Session::from_flow`] with the countdown's title, the adaptation's reasons and cues
    /// and its error in `lang` (translate the flow itself first: [`crate::locale::localize_flow`]).
    pub fn from_flow_in(flow: Flow, conditions: &[Condition], lang: &Lang) -> Result<Session> {
        let (flow, changes) = if conditions.is_empty() {
            (flow, vec![])
        } else {
            let a = safety::adapt_in(&flow, conditions, lang)?;
            (a.flow, a.changes)
        };
        let plan = Plan::new(&flow)?;
        // The locale's words for the sides, and English's for a cue it has no translation of.
        let mirror = format!("{} left right", lang.t("mirror.words"));
        let mut info = Vec::with_capacity(plan.parts().len());
        let mut carry = 0.0;
        let mut breaths = 0u64;
        for part in plan.parts() {
            let (title, cues) = match part.step {
                None => (lang.t("canvas.get-ready").to_string(), vec![]),
                Some(i) => {
                    let step = flow.steps.get(i).ok_or_else(|| {
                        ValidationError::new("steps", "plan does not match the flow")
                    })?;
                    let cues = if part.side == Side::Right {
                        step.cues
                            .iter()
                            .map(|c| crate::flow::mirror_words(c, &mirror))
                            .collect()
                    } else {
                        step.cues.clone()
                    };
                    (step.display_title().to_string(), cues)
                }
            };
            info.push(PartInfo { title, cues, carry });
            carry = part_expansion(part.pacer.as_ref(), carry, part.duration_ms as f64).0;
            breaths += part
                .pacer
                .as_ref()
                .and_then(|p| p.total_breaths())
                .unwrap_or(0);
        }
        Ok(Session {
            source: Source::Flow {
                flow,
                plan,
                info,
                changes,
                breaths,
                end_expansion: carry,
            },
        })
    }

    /// The flow as practised (after adaptation); `None` for a single-pattern session.
    pub fn flow(&self) -> Option<&Flow> {
        match &self.source {
            Source::Flow { flow, .. } => Some(flow),
            Source::Pattern(_) => None,
        }
    }

    /// The compiled timeline of a flow session.
    pub fn plan(&self) -> Option<&Plan> {
        match &self.source {
            Source::Flow { plan, .. } => Some(plan),
            Source::Pattern(_) => None,
        }
    }

    /// The pacer of a single-pattern session.
    pub fn pacer(&self) -> Option<&Pacer> {
        match &self.source {
            Source::Pattern(p) => Some(p),
            Source::Flow { .. } => None,
        }
    }

    /// What adaptation changed (empty without conditions).
    pub fn changes(&self) -> &[Change] {
        match &self.source {
            Source::Flow { changes, .. } => changes,
            Source::Pattern(_) => &[],
        }
    }

    /// Planned length in ms; `None` for an open-ended pattern.
    pub fn total_ms(&self) -> Option<u64> {
        match &self.source {
            Source::Pattern(p) => p.duration_ms(),
            Source::Flow { plan, .. } => Some(plan.total_ms()),
        }
    }

    /// Breaths in the whole session; `None` for an open-ended pattern.
    pub fn total_breaths(&self) -> Option<u64> {
        match &self.source {
            Source::Pattern(p) => p.total_breaths(),
            Source::Flow { breaths, .. } => Some(*breaths),
        }
    }

    /// Session time to seek to for "next": the next part's start (see [`Plan::next`]); for a
    /// single pattern, its end (an open-ended one stays at `t_ms`).
    pub fn next(&self, t_ms: f64) -> f64 {
        match &self.source {
            Source::Pattern(p) => p.duration_ms().map_or(clamp_t(t_ms), |d| d as f64),
            Source::Flow { plan, .. } => plan.next(t_ms),
        }
    }

    /// Session time to seek to for "previous" (see [`Plan::previous`]); 0 for a single pattern.
    pub fn previous(&self, t_ms: f64) -> f64 {
        match &self.source {
            Source::Pattern(_) => 0.0,
            Source::Flow { plan, .. } => plan.previous(t_ms),
        }
    }

    /// Session time to seek to for "restart step": the start of the current part (see
    /// [`Plan::restart_step`]); 0 for a single pattern.
    pub fn restart_step(&self, t_ms: f64) -> f64 {
        match &self.source {
            Source::Pattern(_) => 0.0,
            Source::Flow { plan, .. } => plan.restart_step(t_ms),
        }
    }
}
