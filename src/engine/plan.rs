//! A flow's timeline: the parts a flow compiles to, laid end to end from session time 0, and
//! where a session time falls in them.
//!
//! - the countdown (if `countdown` > 0), a part without a step;
//! - one part per step, except a pose with `sides: "both"` (a left part, then a right part with
//!   "left" and "right" swapped in its cues) and a pressure hold (one part per spot, each a fresh
//!   run of its breathing pattern).
//!
//! Part lengths: `seconds` steps without a pattern last exactly that long; breathing parts last
//! what their [`Pacer`] says (`breaths` whole breaths, or for `seconds` the pacer's rule: the end of
//! the first breath that reaches that many seconds), so a part never ends mid-breath. A note part
//! lasts a nominal reading time ([`note_reading_ms`]) and `awaits_person`.

use crate::engine::pacer::{Bound, Pacer};
use crate::error::{Result, ValidationError};
use crate::model::flow::{
    default_hold_pattern, note_reading_ms, Flow, Length, Side, StepBody, MAX_COUNTDOWN_S,
    MAX_HOLD_BREATHS, MAX_SPOTS, MAX_STEPS, MAX_STEP_BREATHS, MAX_STEP_S, MIN_STEP_S,
};
use crate::model::pattern;
use crate::model::read;

/// One stretch of the timeline.
#[derive(Debug, Clone)]
pub struct Part {
    /// Index of the step in the flow; `None` for the countdown.
    pub step: Option<usize>,
    pub side: Side,
    /// 1-based spot of a pressure hold.
    pub spot: Option<u32>,
    pub start_ms: u64,
    pub duration_ms: u64,
    /// Paces the breath in this part, from part-local time 0 (breathing parts only).
    pub pacer: Option<Pacer>,
    /// A note: the person moves on (see the module docs).
    pub awaits_person: bool,
}

impl Part {
    pub fn end_ms(&self) -> u64 {
        self.start_ms + self.duration_ms
    }
}

/// Where in the plan a session time falls.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Position {
    /// Index into [`Plan::parts`] (the last part once done).
    pub part: usize,
    /// Step index; `None` during the countdown.
    pub step: Option<usize>,
    pub side: Side,
    pub spot: Option<u32>,
    /// Ms into the part.
    pub elapsed_ms: f64,
    /// Ms left in the part.
    pub remaining_ms: f64,
    pub done: bool,
}

/// A compiled flow: parts laid end to end from 0 to [`Plan::total_ms`]. Pure: every question is
/// answered from a session time.
///
/// Navigation works on parts (a side of a two-sided pose, a spot of a pressure hold, the countdown):
/// - [`Plan::next`]: the start of the next part (the end of the plan from the last part);
/// - [`Plan::previous`]: the start of the part before the current one (0 from the first part; the
///   start of the last part once done);
/// - [`Plan::restart_step`]: the start of the current part (the current side or spot);
/// - [`Plan::step_start`]: the start of the current step's first part (both sides, all spots).
#[derive(Debug, Clone)]
pub struct Plan {
    parts: Vec<Part>,
    total_ms: u64,
    steps: usize,
}

/// Negative and NaN → 0 (the start).
fn clamp_t(t: f64) -> f64 {
    if t > 0.0 {
        t
    } else {
        0.0
    }
}

impl Plan {
    /// Compile `flow`. Flows built in code are checked here too (seconds and counts in range),
    /// with the same paths as the parser.
    pub fn new(flow: &Flow) -> Result<Plan> {
        if flow.steps.is_empty() || flow.steps.len() > MAX_STEPS {
            return Err(ValidationError::new(
                "steps",
                format!("must have 1–{MAX_STEPS} steps, got {}", flow.steps.len()),
            ));
        }
        let mut parts = Vec::new();
        let mut at = 0u64;
        let mut push = |parts: &mut Vec<Part>,
                        step: Option<usize>,
                        side: Side,
                        spot: Option<u32>,
                        duration_ms: u64,
                        pacer: Option<Pacer>,
                        awaits_person: bool| {
            parts.push(Part {
                step,
                side,
                spot,
                start_ms: at,
                duration_ms,
                pacer,
                awaits_person,
            });
            at += duration_ms;
        };
        if let Some(c) = flow.countdown {
            if !(0.0..=MAX_COUNTDOWN_S).contains(&c) {
                return Err(ValidationError::new(
                    "countdown",
                    format!(
                        "must be 0–{} s, got {}",
                        read::num(MAX_COUNTDOWN_S),
                        read::num(c)
                    ),
                ));
            }
            let ms = pattern::s_to_ms(c);
            if ms > 0 {
                push(&mut parts, None, Side::None, None, ms, None, false);
            }
        }
        for (i, step) in flow.steps.iter().enumerate() {
            let sp = read::index("steps", i);
            let secs = |s: f64| -> Result<u64> {
                if (MIN_STEP_S..=MAX_STEP_S).contains(&s) {
                    Ok(pattern::s_to_ms(s))
                } else {
                    Err(ValidationError::new(
                        read::join(&sp, "seconds"),
                        format!(
                            "must be {}–{} s, got {}",
                            read::num(MIN_STEP_S),
                            read::num(MAX_STEP_S),
                            read::num(s)
                        ),
                    ))
                }
            };
            let pacer = |bound: Bound| -> Result<Pacer> {
                let p = step.pattern().unwrap_or_else(|| default_hold_pattern());
                Pacer::new(p.clone(), bound).map_err(|e| {
                    let path = if e.path.starts_with("phases") {
                        read::join(&read::join(&sp, "pattern"), &e.path)
                    } else {
                        read::join(&sp, &e.path)
                    };
                    ValidationError::new(path, e.rule)
                })
            };
            let breaths = |n: u32, max: u32| -> Result<u64> {
                if (1..=max).contains(&n) {
                    Ok(n as u64)
                } else {
                    Err(ValidationError::new(
                        read::join(&sp, "breaths"),
                        format!("must be 1–{max} breaths, got {n}"),
                    ))
                }
            };
            let timed = |length: &Length, has_pattern: bool| -> Result<(u64, Option<Pacer>)> {
                match *length {
                    Length::Breaths(n) => {
                        let pc = pacer(Bound::Breaths(breaths(n, MAX_STEP_BREATHS)?))?;
                        Ok((pc.duration_ms().unwrap_or(0), Some(pc)))
                    }
                    Length::Seconds(s) if has_pattern => {
                        secs(s)?;
                        let pc = pacer(Bound::Seconds(s))?;
                        Ok((pc.duration_ms().unwrap_or(0), Some(pc)))
                    }
                    Length::Seconds(s) => Ok((secs(s)?, None)),
                }
            };
            let si = Some(i);
            match &step.body {
                StepBody::Breathe { length, .. } => {
                    let (ms, pc) = timed(length, true)?;
                    push(&mut parts, si, Side::None, None, ms, pc, false);
                }
                StepBody::Pose {
                    length,
                    pattern,
                    sides,
                } => {
                    let (ms, pc) = timed(length, pattern.is_some())?;
                    if sides.is_some() {
                        push(&mut parts, si, Side::Left, None, ms, pc.clone(), false);
                        push(&mut parts, si, Side::Right, None, ms, pc, false);
                    } else {
                        push(&mut parts, si, Side::None, None, ms, pc, false);
                    }
                }
                StepBody::PressureHold {
                    breaths: b, spots, ..
                } => {
                    if !(1..=MAX_SPOTS).contains(spots) {
                        return Err(ValidationError::new(
                            read::join(&sp, "spots"),
                            format!("must be 1–{MAX_SPOTS} spots, got {spots}"),
                        ));
                    }
                    let pc = pacer(Bound::Breaths(breaths(*b, MAX_HOLD_BREATHS)?))?;
                    let ms = pc.duration_ms().unwrap_or(0);
                    for k in 1..=*spots {
                        push(
                            &mut parts,
                            si,
                            Side::None,
                            Some(k),
                            ms,
                            Some(pc.clone()),
                            false,
                        );
                    }
                }
                StepBody::Roll { seconds } | StepBody::Rest { seconds } => {
                    let ms = secs(*seconds)?;
                    push(&mut parts, si, Side::None, None, ms, None, false);
                }
                StepBody::Note { text, reading_ms } => {
                    push(
                        &mut parts,
                        si,
                        Side::None,
                        None,
                        reading_ms.unwrap_or_else(|| note_reading_ms(text)),
                        None,
                        true,
                    );
                }
            }
        }
        Ok(Plan {
            parts,
            total_ms: at,
            steps: flow.steps.len(),
        })
    }

    pub fn parts(&self) -> &[Part] {
        &self.parts
    }

    /// Number of steps in the flow.
    pub fn step_count(&self) -> usize {
        self.steps
    }

    /// Planned length in ms: countdown, every part, notes at their nominal reading time.
    pub fn total_ms(&self) -> u64 {
        self.total_ms
    }

    /// Index of the part running at `t_ms` (the last part once done; the first before 0).
    pub fn part_index(&self, t_ms: f64) -> usize {
        let t = clamp_t(t_ms);
        self.parts
            .partition_point(|p| p.start_ms as f64 <= t)
            .saturating_sub(1)
    }

    /// True from [`Plan::total_ms`] on.
    pub fn is_done(&self, t_ms: f64) -> bool {
        t_ms >= self.total_ms as f64
    }

    /// The part, step, side and position in the part at `t_ms`.
    pub fn at(&self, t_ms: f64) -> Position {
        let i = self.part_index(t_ms);
        let p = &self.parts[i];
        let done = self.is_done(t_ms);
        // min/max, not `clamp`: clamp's check of its (here non-constant) bounds formats them with
        // `{:?}` on failure, which links core's float formatting (~15 KB of wasm).
        let elapsed = (clamp_t(t_ms) - p.start_ms as f64)
            .min(p.duration_ms as f64)
            .max(0.0);
        Position {
            part: i,
            step: p.step,
            side: p.side,
            spot: p.spot,
            elapsed_ms: elapsed,
            remaining_ms: p.duration_ms as f64 - elapsed,
            done,
        }
    }

    /// Session time to seek to for "next": the next part's start, or the end from the last part.
    pub fn next(&self, t_ms: f64) -> f64 {
        if self.is_done(t_ms) {
            return self.total_ms as f64;
        }
        let i = self.part_index(t_ms);
        self.parts.get(i + 1).map_or(self.total_ms, |p| p.start_ms) as f64
    }

    /// Session time to seek to for "previous": the start of the part before the current one
    /// (0 from the first part); once done, the start of the last part.
    pub fn previous(&self, t_ms: f64) -> f64 {
        let i = self.part_index(t_ms);
        if self.is_done(t_ms) {
            return self.parts[i].start_ms as f64;
        }
        i.checked_sub(1).map_or(0, |j| self.parts[j].start_ms) as f64
    }

    /// Session time to seek to for "restart step": the start of the current part (side or spot);
    /// once done, the start of the last part.
    pub fn restart_step(&self, t_ms: f64) -> f64 {
        self.parts[self.part_index(t_ms)].start_ms as f64
    }

    /// Start of the current step's first part (the countdown's start during the countdown).
    pub fn step_start(&self, t_ms: f64) -> f64 {
        let i = self.part_index(t_ms);
        let step = self.parts[i].step;
        let first = self.parts[..=i]
            .iter()
            .rposition(|p| p.step != step)
            .map_or(0, |j| j + 1);
        self.parts[first].start_ms as f64
    }

    /// The part after the one running at `t_ms`; `None` on the last part and once done.
    pub fn up_next(&self, t_ms: f64) -> Option<(usize, &Part)> {
        if self.is_done(t_ms) {
            return None;
        }
        let i = self.part_index(t_ms) + 1;
        self.parts.get(i).map(|p| (i, p))
    }
}
