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

use crate::engine::pacer::{BoundaryKind, Pacer, Sample, MAX_SPAN_BREATHS};
use crate::engine::plan::Plan;
use crate::error::{Result, ValidationError};
use crate::model::flow::{Flow, Side, StepKind, Tag};
use crate::model::pattern::PhaseKind;
use crate::model::safety::{self, Change, Condition};
use serde::Serialize;
use tsify::Tsify;

/// How long expansion takes to settle into a new part's own level, in ms.
pub const EASE_MS: f64 = 1500.0;

/// What happens at one instant of a session. Hosts receive each as the `detail` of the event
/// named by `type` (`on("phase", …)`, `breathflow:phase`).
#[derive(Debug, Clone, PartialEq, Serialize, Tsify)]
#[tsify(missing_as_null)]
#[serde(tag = "type", rename_all = "lowercase", rename_all_fields = "camelCase")]
pub enum Event {
    /// The countdown before the first step begins.
    Countdown { at_ms: u64, duration_ms: u64 },
    /// A part of a step begins (a step, a side of a two-sided pose, a spot of a pressure hold).
    Step {
        at_ms: u64,
        index: usize,
        id: String,
        kind: StepKind,
        title: String,
        side: Side,
        spot: Option<u32>,
        awaits_person: bool,
    },
    /// A breathing phase begins; `breath` is 0-based within the part; `step` (the step's index)
    /// only in a flow.
    Phase {
        at_ms: u64,
        #[serde(skip_serializing_if = "Option::is_none")]
        #[tsify(optional)]
        step: Option<usize>,
        phase: PhaseKind,
        phase_index: usize,
        breath: u64,
    },
    /// A breath is complete; `breath` counts the part's breaths so far (1, 2, ...).
    Breath {
        at_ms: u64,
        step: Option<usize>,
        breath: u64,
    },
    /// The session is over after `breaths` breaths in all.
    Complete { at_ms: u64, breaths: u64 },
}

impl Event {
    /// When the event is scheduled, in whole ms of session time.
    pub fn at_ms(&self) -> u64 {
        match *self {
            Event::Countdown { at_ms, .. }
            | Event::Step { at_ms, .. }
            | Event::Phase { at_ms, .. }
            | Event::Breath { at_ms, .. }
            | Event::Complete { at_ms, .. } => at_ms,
        }
    }
}

/// The current step as shown to the person.
#[derive(Debug, Clone, PartialEq)]
pub struct StepInfo<'a> {
    /// Index of the step in the (adapted) flow, 0-based.
    pub index: usize,
    /// Steps in the flow.
    pub count: usize,
    pub id: &'a str,
    pub kind: StepKind,
    pub title: &'a str,
    /// Cues for this part ("left" and "right" swapped on a pose's second side).
    pub cues: &'a [String],
    pub tags: &'a [Tag],
    pub side: Side,
    /// 1-based spot of a pressure hold, and how many spots it has.
    pub spot: Option<u32>,
    pub spots: Option<u32>,
    /// Position in the current part (side, spot), in ms.
    pub elapsed_ms: f64,
    pub remaining_ms: f64,
    pub duration_ms: u64,
    /// A note: the widget should wait for the person (see the module docs).
    pub awaits_person: bool,
    /// The text of a note.
    pub text: Option<&'a str>,
}

/// What comes after the current part.
#[derive(Debug, Clone, PartialEq)]
pub struct UpNext<'a> {
    pub index: usize,
    pub id: &'a str,
    pub kind: StepKind,
    pub title: &'a str,
    pub side: Side,
    pub spot: Option<u32>,
    /// When it starts, in session ms.
    pub at_ms: u64,
}

/// The state of a session at one instant.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionSample<'a> {
    /// `None` for a single-pattern session and during a countdown.
    pub step: Option<StepInfo<'a>>,
    /// The pacer's sample in breathing parts (part-local: breaths count within the part).
    pub breath: Option<Sample>,
    /// 0..=1, continuous over the whole session.
    pub expansion: f64,
    /// 0..=1 of the whole session (0 for an open-ended one).
    pub progress: f64,
    /// Session ms, clamped to `0..=total`.
    pub elapsed_ms: f64,
    /// `None` for an open-ended session.
    pub total_ms: Option<u64>,
    /// Ms left in the countdown while it runs.
    pub countdown_ms: Option<f64>,
    pub done: bool,
    pub up_next: Option<UpNext<'a>>,
}

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

use crate::ease::ease;

/// Negative and NaN → 0.
#[inline]
fn clamp_t(t: f64) -> f64 {
    if t > 0.0 {
        t
    } else {
        0.0
    }
}

/// Expansion in a part at part-local `local` ms: the pacer's curve (0 without one), offset so it
/// starts at `carry`, the offset fading out over [`EASE_MS`].
fn part_expansion(pacer: Option<&Pacer>, carry: f64, local: f64) -> (f64, Option<Sample>) {
    let fade = 1.0 - ease(local / EASE_MS);
    match pacer {
        Some(p) => {
            let s = p.sample(local);
            let e = (s.expansion + (carry - p.rest_level()) * fade).clamp(0.0, 1.0);
            (e, Some(s))
        }
        None => ((carry * fade).clamp(0.0, 1.0), None),
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
        let (flow, changes) = if conditions.is_empty() {
            (flow, vec![])
        } else {
            let a = safety::adapt(&flow, conditions)?;
            (a.flow, a.changes)
        };
        let plan = Plan::new(&flow)?;
        let mut info = Vec::with_capacity(plan.parts().len());
        let mut carry = 0.0;
        let mut breaths = 0u64;
        for part in plan.parts() {
            let (title, cues) = match part.step {
                None => ("Get ready".to_string(), vec![]),
                Some(i) => {
                    let step = flow.steps.get(i).ok_or_else(|| {
                        ValidationError::new("steps", "plan does not match the flow")
                    })?;
                    let cues = if part.side == Side::Right {
                        step.cues.iter().map(|c| crate::flow::mirror(c)).collect()
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

    /// The state at session time `t_ms`.
    pub fn sample(&self, t_ms: f64) -> SessionSample<'_> {
        let t = clamp_t(t_ms);
        match &self.source {
            Source::Pattern(p) => {
                let s = p.sample(t);
                let total = p.duration_ms();
                let (elapsed, progress) = match total {
                    Some(d) => (t.min(d as f64), (t / d as f64).min(1.0)),
                    None => (t, 0.0),
                };
                SessionSample {
                    step: None,
                    breath: Some(s),
                    expansion: s.expansion,
                    progress,
                    elapsed_ms: elapsed,
                    total_ms: total,
                    countdown_ms: None,
                    done: s.done,
                    up_next: None,
                }
            }
            Source::Flow {
                flow,
                plan,
                info,
                end_expansion,
                ..
            } => {
                let total = plan.total_ms();
                let pos = plan.at(t);
                let part = &plan.parts()[pos.part];
                let pi = &info[pos.part];
                let (expansion, breath) = if pos.done {
                    (
                        *end_expansion,
                        part.pacer.as_ref().map(|p| p.sample(pos.elapsed_ms)),
                    )
                } else {
                    part_expansion(part.pacer.as_ref(), pi.carry, pos.elapsed_ms)
                };
                let step = part.step.and_then(|i| {
                    let s = flow.steps.get(i)?;
                    Some(StepInfo {
                        index: i,
                        count: flow.steps.len(),
                        id: &s.id,
                        kind: s.kind(),
                        title: &pi.title,
                        cues: &pi.cues,
                        tags: &s.tags,
                        side: part.side,
                        spot: part.spot,
                        spots: match s.body {
                            crate::flow::StepBody::PressureHold { spots, .. } => Some(spots),
                            _ => None,
                        },
                        elapsed_ms: pos.elapsed_ms,
                        remaining_ms: pos.remaining_ms,
                        duration_ms: part.duration_ms,
                        awaits_person: part.awaits_person,
                        text: match &s.body {
                            crate::flow::StepBody::Note { text } => Some(text),
                            _ => None,
                        },
                    })
                });
                SessionSample {
                    countdown_ms: (part.step.is_none() && !pos.done).then_some(pos.remaining_ms),
                    step,
                    breath,
                    expansion,
                    progress: if total == 0 {
                        1.0
                    } else {
                        (t / total as f64).min(1.0)
                    },
                    elapsed_ms: t.min(total as f64),
                    total_ms: Some(total),
                    done: pos.done,
                    up_next: self.up_next(t),
                }
            }
        }
    }

    /// Session ms until which the expansion stays what it is at `t_ms`: `t_ms` itself while it
    /// moves (breathing in or out, or easing into a new part), otherwise the end of the still
    /// stretch (a hold, a rest, a pose), and infinity once the session is over. Closed form, from
    /// the tables [`Session::sample`] reads.
    pub fn steady_until(&self, t_ms: f64) -> f64 {
        let t = clamp_t(t_ms);
        match &self.source {
            Source::Pattern(p) => p.steady_until(t),
            Source::Flow { plan, info, .. } => {
                let pos = plan.at(t);
                if pos.done {
                    return f64::INFINITY;
                }
                let part = &plan.parts()[pos.part];
                let start = part.start_ms as f64;
                let end = start + part.duration_ms as f64;
                let local = pos.elapsed_ms;
                // The carried-over offset that fades out in the part's first EASE_MS.
                let carry = info[pos.part].carry;
                let offset = part
                    .pacer
                    .as_ref()
                    .map_or(carry, |p| carry - p.rest_level());
                if offset != 0.0 && local < EASE_MS {
                    return t;
                }
                match &part.pacer {
                    Some(p) => (start + p.steady_until(local)).min(end),
                    None => end,
                }
            }
        }
    }

    /// The pacer of the breathing running at `t_ms` (the session's own for a single pattern);
    /// `None` in a part without breathing.
    pub fn pacer_at(&self, t_ms: f64) -> Option<&Pacer> {
        match &self.source {
            Source::Pattern(p) => Some(p),
            Source::Flow { plan, .. } => plan.parts().get(plan.part_index(t_ms))?.pacer.as_ref(),
        }
    }

    /// What comes after the part running at `t_ms` (`None` for a single pattern, on the last
    /// part, and once done).
    pub fn up_next(&self, t_ms: f64) -> Option<UpNext<'_>> {
        let Source::Flow {
            flow, plan, info, ..
        } = &self.source
        else {
            return None;
        };
        let (i, part) = plan.up_next(t_ms)?;
        let si = part.step?;
        let s = flow.steps.get(si)?;
        Some(UpNext {
            index: si,
            id: &s.id,
            kind: s.kind(),
            title: &info[i].title,
            side: part.side,
            spot: part.spot,
            at_ms: part.start_ms,
        })
    }

    /// Append every event with `prev_ms < at_ms <= new_ms` to `out`, in time order (at one
    /// instant: a breath's completion, the next part's `step`, its first phase; `complete` last).
    /// Nothing when `new_ms <= prev_ms` or either is NaN.
    ///
    /// Bounded for any span: when it crosses more than [`MAX_SPAN_BREATHS`] breaths of one
    /// pattern (an open-ended pattern jumped a year ahead), only the boundaries of the last that
    /// many breaths are listed; the earlier ones are skipped. `step`, `countdown` and `complete`
    /// events are never skipped (a flow has a bounded number of them).
    pub fn crossings(&self, prev_ms: f64, new_ms: f64, out: &mut Vec<Event>) {
        if prev_ms.is_nan() || new_ms.is_nan() || new_ms <= prev_ms {
            return;
        }
        match &self.source {
            Source::Pattern(p) => {
                let mut tmp = Vec::new();
                let from = p.recent_from(prev_ms, new_ms, MAX_SPAN_BREATHS);
                p.boundaries_into(from, new_ms, &mut tmp);
                out.extend(tmp.into_iter().map(|b| match b.kind {
                    BoundaryKind::Phase {
                        phase,
                        phase_index,
                        breath,
                    } => Event::Phase {
                        at_ms: b.at_ms,
                        step: None,
                        phase,
                        phase_index,
                        breath,
                    },
                    BoundaryKind::Breath { breath } => Event::Breath {
                        at_ms: b.at_ms,
                        step: None,
                        breath,
                    },
                    BoundaryKind::Complete { breaths } => Event::Complete {
                        at_ms: b.at_ms,
                        breaths,
                    },
                }));
            }
            Source::Flow {
                flow,
                plan,
                info,
                breaths,
                ..
            } => {
                let total = plan.total_ms() as f64;
                let hi = new_ms.min(total);
                let first = if prev_ms < 0.0 {
                    0
                } else {
                    plan.part_index(prev_ms)
                };
                let mut tmp = Vec::new();
                for (i, part) in plan.parts().iter().enumerate().skip(first) {
                    let start = part.start_ms as f64;
                    if start > hi {
                        break;
                    }
                    if start > prev_ms {
                        match part.step.and_then(|si| flow.steps.get(si).map(|s| (si, s))) {
                            None => out.push(Event::Countdown {
                                at_ms: part.start_ms,
                                duration_ms: part.duration_ms,
                            }),
                            Some((si, s)) => out.push(Event::Step {
                                at_ms: part.start_ms,
                                index: si,
                                id: s.id.clone(),
                                kind: s.kind(),
                                title: info[i].title.clone(),
                                side: part.side,
                                spot: part.spot,
                                awaits_person: part.awaits_person,
                            }),
                        }
                    }
                    let Some(pacer) = &part.pacer else { continue };
                    let from = if prev_ms < start {
                        -1.0
                    } else {
                        prev_ms - start
                    };
                    let to = hi - start;
                    let from = pacer.recent_from(from, to, MAX_SPAN_BREATHS);
                    tmp.clear();
                    pacer.boundaries_into(from, to, &mut tmp);
                    for b in &tmp {
                        let at_ms = part.start_ms + b.at_ms;
                        match b.kind {
                            BoundaryKind::Phase {
                                phase,
                                phase_index,
                                breath,
                            } => out.push(Event::Phase {
                                at_ms,
                                step: part.step,
                                phase,
                                phase_index,
                                breath,
                            }),
                            BoundaryKind::Breath { breath } => out.push(Event::Breath {
                                at_ms,
                                step: part.step,
                                breath,
                            }),
                            BoundaryKind::Complete { .. } => {}
                        }
                    }
                }
                if prev_ms < total && total <= new_ms {
                    out.push(Event::Complete {
                        at_ms: plan.total_ms(),
                        breaths: *breaths,
                    });
                }
            }
        }
    }

    /// [`Session::crossings`] into a new list.
    pub fn events(&self, prev_ms: f64, new_ms: f64) -> Vec<Event> {
        let mut out = Vec::new();
        self.crossings(prev_ms, new_ms, &mut out);
        out
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
