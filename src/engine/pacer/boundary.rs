//! The boundaries of a paced session: phase changes, breath completions and the end, each at its
//! whole-ms time ([`Pacer::boundaries`]), and the shape `Pacer.schedule()` returns them in.

use super::{clamp_t, Pacer, MAX_T_MS};
use crate::model::pattern::PhaseKind;
use serde::Serialize;
use tsify::Tsify;

/// What happens at a boundary.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum BoundaryKind {
    /// A phase begins; `breath` is the 0-based breath it belongs to.
    Phase {
        phase: PhaseKind,
        phase_index: usize,
        breath: u64,
    },
    /// A breath has been completed; `breath` is the count so far (1, 2, ...).
    Breath { breath: u64 },
    /// The session is over after `breaths` breaths.
    Complete { breaths: u64 },
}

/// A scheduled event: what happens and when, in whole ms since the session began.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Boundary {
    pub at_ms: u64,
    pub kind: BoundaryKind,
}

/// A boundary as `Pacer.schedule(fromMs, toMs)` returns it: `kind` is `"phase"` (a phase
/// begins: `phase`, `phaseIndex` and the 0-based `breath` it belongs to), `"breath"` (a breath was
/// completed: `breath` is the count so far) or `"complete"` (the session is over after `breath`
/// breaths).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct ScheduledBoundary {
    /// Whole ms since the session began.
    pub at_ms: u64,
    pub kind: BoundaryName,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub phase: Option<PhaseKind>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub phase_index: Option<usize>,
    pub breath: u64,
}

/// The kind of a [`ScheduledBoundary`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Tsify)]
#[serde(rename_all = "kebab-case")]
pub enum BoundaryName {
    Phase,
    Breath,
    Complete,
}

impl From<Boundary> for ScheduledBoundary {
    fn from(b: Boundary) -> ScheduledBoundary {
        let (kind, phase, phase_index, breath) = match b.kind {
            BoundaryKind::Phase {
                phase,
                phase_index,
                breath,
            } => (BoundaryName::Phase, Some(phase), Some(phase_index), breath),
            BoundaryKind::Breath { breath } => (BoundaryName::Breath, None, None, breath),
            BoundaryKind::Complete { breaths } => (BoundaryName::Complete, None, None, breaths),
        };
        ScheduledBoundary {
            at_ms: b.at_ms,
            kind,
            phase,
            phase_index,
            breath,
        }
    }
}

impl Pacer {
    /// Every boundary with `from_ms < at_ms <= to_ms`, in time order. A negative `from_ms` includes
    /// the first inhale at 0. Consecutive calls over `(a, b]`, `(b, c]` report exactly what one call
    /// over `(a, c]` does. Empty when `to_ms <= from_ms` or either is NaN.
    pub fn boundaries(&self, from_ms: f64, to_ms: f64) -> Vec<Boundary> {
        let mut out = Vec::new();
        self.boundaries_into(from_ms, to_ms, &mut out);
        out
    }

    /// [`Pacer::boundaries`] without allocating: *appends* to `out` (clear it first when reusing a
    /// buffer per frame).
    ///
    /// Order at one instant: a breath's completion, then the session's completion (at the end) or
    /// the next breath's first phase. The list grows with the span: an open session crossed over a
    /// week reports every boundary of that week.
    pub fn boundaries_into(&self, from_ms: f64, to_ms: f64, out: &mut Vec<Boundary>) {
        if from_ms.is_nan() || to_ms.is_nan() {
            return;
        }
        let from = from_ms.min(MAX_T_MS);
        let mut to = to_ms.min(MAX_T_MS);
        if let Some(d) = self.duration {
            to = to.min(d as f64);
        }
        if to <= from {
            return; // NaN was ruled out above
        }
        let np = self.kinds.len();
        let mut push = |at_ms: u64, kind: BoundaryKind| {
            let at = at_ms as f64;
            if at > from && at <= to {
                out.push(Boundary { at_ms, kind });
            }
        };
        let mut n = if from < 0.0 { 0 } else { self.locate(from).0 };
        loop {
            let start = self.breath_start_ms(n);
            if start as f64 > to {
                break;
            }
            if n >= 1 {
                push(start, BoundaryKind::Breath { breath: n });
            }
            if self.total == Some(n) {
                push(start, BoundaryKind::Complete { breaths: n });
                break;
            }
            let row = self.row(n);
            let mut at = start;
            for i in 0..np {
                let end = start + self.ends[row * np + i];
                if end > at {
                    push(
                        at,
                        BoundaryKind::Phase {
                            phase: self.kinds[i],
                            phase_index: i,
                            breath: n,
                        },
                    );
                }
                at = end;
            }
            n += 1;
        }
    }

    /// `from_ms`, moved forward when `(from_ms, to_ms]` spans more than `max_breaths` breaths
    /// (at least 1) so that the span keeps only the boundaries of the last `max_breaths` of them:
    /// just before the start of the first breath kept. O(1) (O(log ramp) with a ramp).
    pub fn recent_from(&self, from_ms: f64, to_ms: f64, max_breaths: u64) -> f64 {
        if from_ms.is_nan() || to_ms.is_nan() {
            return from_ms;
        }
        let mut to = clamp_t(to_ms);
        if let Some(d) = self.duration {
            to = to.min(d as f64);
        }
        let last = self.locate(to).0;
        let first = last.saturating_sub(max_breaths.max(1) - 1);
        if first == 0 {
            return from_ms;
        }
        // Boundaries are whole ms: (start - 0.5, to] begins with those at `start`.
        let cut = self.breath_start_ms(first) as f64 - 0.5;
        from_ms.max(cut)
    }
}
