//! The pacer: where in a breath pattern a session is at `t_ms`, as a closed-form function of time.
//!
//! A [`Pacer`] owns a [`Pattern`] and a session [`Bound`] and answers two questions, both pure and
//! allocation-free per call (apart from the boundary list the caller asks for):
//! - [`Pacer::sample`]: the phase, progress, ms left, expansion 0..=1 and breaths completed at `t_ms`;
//! - [`Pacer::boundaries`]: every phase change, breath completion and session end in `(from, to]`,
//!   each with its scheduled whole-ms time, so a frame loop (or a tab that was hidden for an hour)
//!   reports each boundary exactly once.
//!
//! # Timing is exact
//! Every phase lasts a whole number of ms ([`Pattern::phase_ms`]). Without a ramp, breath `n` starts
//! at `n * breath_ms`. With a ramp, [`Pacer::new`] precomputes the cumulative start of each of the
//! first [`Pattern::ramp_breaths`] breaths; after those, every breath lasts the steady length, so
//! breath `n` starts at `table[R] + (n - R) * steady_ms`. Nothing is summed per frame, so the
//! schedule after a simulated hour (or day) is exact to the millisecond.
//!
//! # Expansion
//! The expansion (0 = empty, 1 = full) rises during inhales and falls during exhales. Within one
//! breath, an inhale phase raises the level by its ms / the breath's total inhale ms, an exhale phase
//! lowers it by its ms / the total exhale ms, and holds keep the level; each step is eased with
//! `(1 - cos(pi * p)) / 2`, so the level is continuous and its speed is zero at every phase change
//! (a sigh's two inhales are two visible steps). A breath therefore ends where it began: at the
//! *rest level*, `-(minimum prefix sum)` (0 for patterns that start with an inhale, 1 for patterns
//! that start with an exhale). With a ramp that changes the balance between several inhales or
//! exhales, the rest level is the largest any breath needs, and the level is clamped to 0..=1; the
//! clamp keeps it continuous.
//!
//! # Time
//! `t_ms` is ms since the session began. Negative or NaN times sample as 0; times beyond
//! [`MAX_T_MS`] (about 31,700 years) sample as `MAX_T_MS`, so no arithmetic can overflow.

use crate::error::{Result, ValidationError};
use crate::model::pattern::{Pattern, PhaseKind};
use crate::model::read;
use serde::Serialize;
use tsify::Tsify;

mod boundary;

pub use boundary::{Boundary, BoundaryKind, BoundaryName, ScheduledBoundary};

/// Most breaths a session may be bounded by.
pub const MAX_BREATHS: u64 = 10_000;
/// Shortest session bounded by seconds.
pub const MIN_SECONDS: f64 = 1.0;
/// Longest session bounded by seconds (a day).
pub const MAX_SECONDS: f64 = 86_400.0;
/// Latest session time the pacer distinguishes, in ms; later times are treated as this one.
pub const MAX_T_MS: f64 = 1e15;
/// Most breaths of one pattern whose boundaries a session reports for one move
/// ([`Pacer::recent_from`], used by `Session::crossings`): a jump across more (a manual `tick`
/// a year ahead, a catch-up after a long hidden stretch) reports the boundaries of the last this
/// many breaths only, so any jump costs bounded time and memory.
pub const MAX_SPAN_BREATHS: u64 = 1000;

/// How long a session lasts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Bound {
    /// A number of whole breaths, 1..=10000.
    Breaths(u64),
    /// Seconds, 1..=86400. Sessions end on a whole breath: at the end of the first breath that ends
    /// at or after this many seconds (compared at whole-ms resolution). A 16 s box breath bounded by
    /// 30 s therefore lasts 2 breaths, 32 s; bounded by 32 s, also 32 s; by 32.001 s, 48 s.
    Seconds(f64),
    /// Never finishes.
    Open,
}

/// The state of a session at one instant (`Pacer.sample(ms)` returns it).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct Sample {
    /// Kind of the current phase (never a zero-ms phase).
    pub phase: PhaseKind,
    /// Index of the current phase in the pattern's `phases`.
    pub phase_index: usize,
    /// Progress within the phase, 0..=1 (0 at its first ms, 1 once done).
    pub phase_progress: f64,
    /// Ms left in the phase.
    pub phase_remaining_ms: f64,
    /// How full the lungs are, 0..=1, eased and continuous.
    pub expansion: f64,
    /// Breaths completed (the 0-based index of the current breath while not done).
    pub breath: u64,
    /// The session is over (never for [`Bound::Open`]).
    pub done: bool,
}

/// A pattern and a bound, with the tables that make [`Pacer::sample`] closed-form.
#[derive(Debug, Clone)]
pub struct Pacer {
    pattern: Pattern,
    bound: Bound,
    /// Phase kinds, in order.
    kinds: Vec<PhaseKind>,
    /// Breaths with their own row of durations (`ramp_breaths()`, 0 without a ramp); breath
    /// `n >= ramp` uses the steady row, index `ramp`.
    ramp: u64,
    /// `starts[k]`: start of breath `k` for `k in 0..=ramp`.
    starts: Vec<u64>,
    /// Length of every breath from `ramp` on.
    steady_ms: u64,
    /// Row-major `(ramp + 1) x phases`: end of each phase, in ms from the start of its breath.
    ends: Vec<u64>,
    /// Row-major `(ramp + 1) x (phases + 1)`: expansion at the start of each phase (and at the
    /// end of the breath), unclamped, rest level included.
    levels: Vec<f64>,
    /// Expansion at the start and end of every breath.
    rest: f64,
    total: Option<u64>,
    duration: Option<u64>,
    /// What `sample` returns from the end of a bounded session on.
    done_sample: Option<Sample>,
}

use crate::ease::ease;

/// Negative and NaN → 0, beyond [`MAX_T_MS`] → `MAX_T_MS`.
#[inline]
fn clamp_t(t_ms: f64) -> f64 {
    if t_ms > 0.0 {
        t_ms.min(MAX_T_MS)
    } else {
        0.0
    }
}

/// Re-check a pattern that may have been built in code rather than parsed, so the tables are sane
/// (no zero-length breath, no ramp that would divide by zero).
fn check_pattern(p: &Pattern) -> Result<()> {
    if p.phases.is_empty() {
        return Err(ValidationError::new("phases", "must not be empty"));
    }
    p.validate("")
}

fn check_bound(bound: &Bound) -> Result<()> {
    match *bound {
        Bound::Breaths(n) if !(1..=MAX_BREATHS).contains(&n) => Err(ValidationError::new(
            "breaths",
            format!("must be 1–{MAX_BREATHS} breaths, got {n}"),
        )),
        Bound::Seconds(s) if !s.is_finite() => Err(ValidationError::new(
            "seconds",
            format!(
                "must be a finite number in {}–{} s, got {}",
                read::num(MIN_SECONDS),
                read::num(MAX_SECONDS),
                read::num(s)
            ),
        )),
        Bound::Seconds(s) if !(MIN_SECONDS..=MAX_SECONDS).contains(&s) => {
            Err(ValidationError::new(
                "seconds",
                format!(
                    "must be {}–{} s, got {}",
                    read::num(MIN_SECONDS),
                    read::num(MAX_SECONDS),
                    read::num(s)
                ),
            ))
        }
        _ => Ok(()),
    }
}

impl Pacer {
    /// Build the tables for `pattern` and check `bound`: breaths 1..=10000 (error path `breaths`),
    /// seconds 1..=86400 (error path `seconds`). A pattern built in code is re-checked the way
    /// [`Pattern::from_value`] checks a parsed one (error paths `phases...`).
    pub fn new(pattern: Pattern, bound: Bound) -> Result<Pacer> {
        check_pattern(&pattern)?;
        check_bound(&bound)?;
        let np = pattern.phases.len();
        let kinds: Vec<PhaseKind> = pattern.phases.iter().map(|p| p.phase).collect();
        let ramp = pattern.ramp_breaths();
        let rows = ramp as usize + 1;

        let mut starts = Vec::with_capacity(rows);
        let mut ends = Vec::with_capacity(rows * np);
        let mut prefix = Vec::with_capacity(rows * (np + 1));
        let mut at = 0u64;
        for row in 0..rows as u64 {
            starts.push(at);
            let durs: Vec<u64> = (0..np).map(|i| pattern.phase_ms(row, i)).collect();
            let total_of = |k: PhaseKind| -> u64 {
                durs.iter()
                    .zip(&kinds)
                    .filter(|(_, &pk)| pk == k)
                    .map(|(d, _)| *d)
                    .sum()
            };
            let (inhale_ms, exhale_ms) = (total_of(PhaseKind::Inhale), total_of(PhaseKind::Exhale));
            // Levels from cumulative ms (not summed fractions) so a breath ends exactly where it began.
            let (mut done_in, mut done_out, mut end) = (0u64, 0u64, 0u64);
            let frac = |part: u64, whole: u64| {
                if whole == 0 {
                    0.0
                } else {
                    part as f64 / whole as f64
                }
            };
            prefix.push(0.0);
            for (d, k) in durs.iter().zip(&kinds) {
                match k {
                    PhaseKind::Inhale => done_in += d,
                    PhaseKind::Exhale => done_out += d,
                    _ => {}
                }
                end += d;
                ends.push(end);
                prefix.push(frac(done_in, inhale_ms) - frac(done_out, exhale_ms));
            }
            if end == 0 {
                return Err(ValidationError::new(
                    "phases",
                    "a breath must last at least 1 ms",
                ));
            }
            at += end;
        }
        let steady_ms = ends[rows * np - 1];
        let rest = prefix
            .chunks(np + 1)
            .map(|row| -row.iter().copied().fold(0.0f64, f64::min))
            .fold(0.0f64, f64::max);
        let levels = prefix.iter().map(|p| p + rest).collect();

        let mut pacer = Pacer {
            pattern,
            bound,
            kinds,
            ramp,
            starts,
            steady_ms,
            ends,
            levels,
            rest,
            total: None,
            duration: None,
            done_sample: None,
        };
        pacer.total = match bound {
            Bound::Breaths(n) => Some(n),
            Bound::Seconds(s) => Some(pacer.breaths_to_reach((s * 1000.0 - 1e-6).ceil() as u64)),
            Bound::Open => None,
        };
        if let Some(n) = pacer.total {
            pacer.duration = Some(pacer.breath_start_ms(n));
            let row = pacer.row(n - 1);
            let last = (0..np)
                .rev()
                .find(|&i| pacer.phase_len(row, i) > 0)
                .unwrap_or(np - 1);
            pacer.done_sample = Some(Sample {
                phase: pacer.kinds[last],
                phase_index: last,
                phase_progress: 1.0,
                phase_remaining_ms: 0.0,
                expansion: rest.clamp(0.0, 1.0),
                breath: n,
                done: true,
            });
        }
        Ok(pacer)
    }

    /// The pattern being paced.
    pub fn pattern(&self) -> &Pattern {
        &self.pattern
    }

    /// The session bound, as given.
    pub fn bound(&self) -> &Bound {
        &self.bound
    }

    /// Session length in ms (a whole number of breaths); `None` when open.
    pub fn duration_ms(&self) -> Option<u64> {
        self.duration
    }

    /// Breaths in the session; `None` when open.
    pub fn total_breaths(&self) -> Option<u64> {
        self.total
    }

    /// Start of breath `breath` (0-based) in ms; `breath_start_ms(total)` is the session's end.
    /// Saturates at `u64::MAX` for absurd breath numbers.
    pub fn breath_start_ms(&self, breath: u64) -> u64 {
        if breath <= self.ramp {
            self.starts[breath as usize]
        } else {
            self.starts[self.ramp as usize]
                .saturating_add((breath - self.ramp).saturating_mul(self.steady_ms))
        }
    }

    /// Length of breath `breath` (0-based) in ms.
    pub fn breath_ms(&self, breath: u64) -> u64 {
        let row = self.row(breath);
        self.ends[(row + 1) * self.kinds.len() - 1]
    }

    /// The 0-based breath running at `t_ms` (breaths completed), ignoring the bound.
    pub fn breath_at(&self, t_ms: f64) -> u64 {
        self.locate(clamp_t(t_ms)).0
    }

    /// Expansion at the start and end of every breath (0 for patterns that begin with an inhale).
    pub fn rest_level(&self) -> f64 {
        self.rest.clamp(0.0, 1.0)
    }

    /// The state at `t_ms` (ms since the session began). O(1) without a ramp, O(log ramp) with
    /// one; no allocation.
    pub fn sample(&self, t_ms: f64) -> Sample {
        let t = clamp_t(t_ms);
        if let (Some(d), Some(done)) = (self.duration, self.done_sample) {
            if t >= d as f64 {
                return done;
            }
        }
        let (n, start, row, i) = self.phase_at(t);
        let np = self.kinds.len();
        let end = self.ends[row * np + i];
        let off = t - start as f64;
        let from = self.phase_start(row, i);
        let dur = (end - from) as f64;
        let p = if dur > 0.0 {
            ((off - from as f64) / dur).clamp(0.0, 1.0)
        } else {
            1.0
        };
        let lv = &self.levels[row * (np + 1) + i..];
        let expansion = (lv[0] + (lv[1] - lv[0]) * ease(p)).clamp(0.0, 1.0);
        Sample {
            phase: self.kinds[i],
            phase_index: i,
            phase_progress: p,
            phase_remaining_ms: (end as f64 - off).max(0.0),
            expansion,
            breath: n,
            done: false,
        }
    }

    /// Ms (on the clock of `t_ms`) until which the expansion stays what it is at `t_ms`: the end
    /// of the phase when the phase starts and ends at the same level (a hold), `t_ms` itself
    /// while it moves, infinity once a bounded session is over. A widget need not redraw the
    /// figure before then.
    pub fn steady_until(&self, t_ms: f64) -> f64 {
        let t = clamp_t(t_ms);
        if self.duration.is_some_and(|d| t >= d as f64) {
            return f64::INFINITY;
        }
        let (_, start, row, i) = self.phase_at(t);
        let np = self.kinds.len();
        let lv = &self.levels[row * (np + 1) + i..];
        if lv[0] == lv[1] {
            (start + self.ends[row * np + i]) as f64
        } else {
            t_ms
        }
    }

    /// Ms (on the clock of `t_ms`) before which the expansion stays within `delta` (expansion
    /// units, 0..=1) of what it is at `t_ms`: [`Pacer::steady_until`] for `delta <= 0`, and
    /// otherwise the moment the eased movement of the phase running at `t_ms` has gone `delta`
    /// further, solved in closed form (`ease` inverted with `acos`), or the end of that phase if
    /// it gets no further. Never later than the end of the phase.
    pub fn near_until(&self, t_ms: f64, delta: f64) -> f64 {
        if delta.is_nan() || delta <= 0.0 {
            return self.steady_until(t_ms);
        }
        let t = clamp_t(t_ms);
        if self.duration.is_some_and(|d| t >= d as f64) {
            return f64::INFINITY;
        }
        let (_, start, row, i) = self.phase_at(t);
        let np = self.kinds.len();
        let lv = &self.levels[row * (np + 1) + i..];
        let end = (start + self.ends[row * np + i]) as f64;
        let span = (lv[1] - lv[0]).abs();
        if span <= delta {
            return end;
        }
        let from = (start + self.phase_start(row, i)) as f64;
        let dur = end - from;
        if dur <= 0.0 {
            return end;
        }
        // The expansion is lv0 + (lv1 − lv0) × ease(p), with ease rising in p: it has gone
        // `delta` further once ease(p) has risen by delta / span.
        let p0 = ((t - from) / dur).clamp(0.0, 1.0);
        let q = ease(p0) + delta / span;
        if q >= 1.0 {
            return end;
        }
        let p1 = (1.0 - 2.0 * q).acos() / std::f64::consts::PI;
        (from + p1 * dur).clamp(t_ms.min(end), end)
    }

    /// The breath running at `t` (clamped ms, before the end of a bounded session), its start, its
    /// row of the tables and the phase running in it.
    #[inline]
    fn phase_at(&self, t: f64) -> (u64, u64, usize, usize) {
        let (n, start) = self.locate(t);
        let row = self.row(n);
        let np = self.kinds.len();
        let ends = &self.ends[row * np..(row + 1) * np];
        let off = t - start as f64;
        // First phase that ends after `off`; zero-ms phases end where they start, so never match.
        let mut i = 0;
        while i + 1 < np && off >= ends[i] as f64 {
            i += 1;
        }
        while i > 0 && ends[i] == self.phase_start(row, i) {
            i -= 1; // only reachable through float edge cases at the very end of a breath
        }
        (n, start, row, i)
    }

    /// Table row of breath `n`.
    #[inline]
    fn row(&self, n: u64) -> usize {
        n.min(self.ramp) as usize
    }

    /// Start of phase `i` from the start of a breath of row `row`.
    #[inline]
    fn phase_start(&self, row: usize, i: usize) -> u64 {
        if i == 0 {
            0
        } else {
            self.ends[row * self.kinds.len() + i - 1]
        }
    }

    #[inline]
    fn phase_len(&self, row: usize, i: usize) -> u64 {
        self.ends[row * self.kinds.len() + i] - self.phase_start(row, i)
    }

    /// The breath running at `t` (already clamped, >= 0) and its start.
    #[inline]
    fn locate(&self, t: f64) -> (u64, u64) {
        let r = self.ramp as usize;
        if t < self.starts[r] as f64 {
            let n = self.starts.partition_point(|&s| s as f64 <= t) - 1;
            (n as u64, self.starts[n])
        } else {
            let k = (t as u64 - self.starts[r]) / self.steady_ms;
            (self.ramp + k, self.starts[r] + k * self.steady_ms)
        }
    }

    /// Smallest `n >= 1` whose breath ends at or after `target_ms`.
    fn breaths_to_reach(&self, target_ms: u64) -> u64 {
        let r = self.ramp as usize;
        let n = if target_ms <= self.starts[r] {
            self.starts.partition_point(|&s| s < target_ms) as u64
        } else {
            self.ramp + (target_ms - self.starts[r]).div_ceil(self.steady_ms)
        };
        n.max(1)
    }
}
