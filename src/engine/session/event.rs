//! What happens at the instants of a session ([`Event`]), and the events crossed between two
//! session times ([`Session::crossings`]).

use super::{Session, Source};
use crate::engine::pacer::{BoundaryKind, MAX_SPAN_BREATHS};
use crate::model::flow::{Side, StepKind};
use crate::model::pattern::PhaseKind;
use serde::Serialize;
use tsify::Tsify;

/// What happens at one instant of a session. Hosts receive each as the `detail` of the event
/// named by `type` (`on("phase", …)`, `breathflow:phase`).
#[derive(Debug, Clone, PartialEq, Serialize, Tsify)]
#[tsify(missing_as_null)]
#[serde(
    tag = "type",
    rename_all = "lowercase",
    rename_all_fields = "camelCase"
)]
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

impl Session {
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
}
