//! A session at one instant: the step and position in it, the breath, the expansion, progress,
//! what comes next, and until when the expansion stays still.

use super::{clamp_t, Session, Source, EASE_MS};
use crate::ease::ease;
use crate::engine::pacer::{Pacer, Sample};
use crate::model::flow::{Side, StepKind, Tag};

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

impl<'a> StepInfo<'a> {
    /// The cue shown for this part: its first cue, or a note's text.
    pub fn cue(&self) -> Option<&'a str> {
        self.cues.first().map(String::as_str).or(self.text)
    }
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

/// Expansion in a part at part-local `local` ms: the pacer's curve (0 without one), offset so it
/// starts at `carry`, the offset fading out over [`EASE_MS`].
pub(super) fn part_expansion(
    pacer: Option<&Pacer>,
    carry: f64,
    local: f64,
) -> (f64, Option<Sample>) {
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
                            crate::flow::StepBody::Note { text, .. } => Some(text),
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
        self.pacer_until(t_ms, |p, local| p.steady_until(local))
    }

    /// Session ms before which the expansion stays within `delta` (expansion units) of what it is
    /// at `t_ms`: [`Session::steady_until`] for `delta <= 0`, otherwise the closed-form moment
    /// the breathing has moved `delta` ([`Pacer::near_until`]), never past the end of the part.
    /// While a part eases in from the level the part before left ([`EASE_MS`]) it is `t_ms`
    /// itself (no answer but "it moves").
    pub fn near_until(&self, t_ms: f64, delta: f64) -> f64 {
        if delta.is_nan() || delta <= 0.0 {
            return self.steady_until(t_ms);
        }
        self.pacer_until(t_ms, |p, local| p.near_until(local, delta))
    }

    /// The session ms a pacer's answer `until(pacer, local ms)` gives at `t_ms`: the pattern's
    /// own, or in a flow the part's (from its start, never past its end; the end of a part
    /// without breathing; `t_ms` itself while the part eases in from the level the part before
    /// left, in its first [`EASE_MS`]; infinity once the session is over).
    fn pacer_until(&self, t_ms: f64, until: impl Fn(&Pacer, f64) -> f64) -> f64 {
        let t = clamp_t(t_ms);
        match &self.source {
            Source::Pattern(p) => until(p, t),
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
                    Some(p) => (start + until(p, local)).min(end),
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
}
