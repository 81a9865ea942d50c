//! The timers a running widget needs, decided here and armed by the web layer: like
//! quinn-proto's `poll_timeout`, the core is asked "what should wake me, and when" for a given
//! time and the shell only arms what it is told.
//!
//! - Frames ([`frames`]): none unless running on the frame clock, visible and on screen; while the
//!   picture stays the same enough ([`Quiet`], from `draw::frame_state::quiet`), a nap timer
//!   that asks for a frame [`NAP_EARLY_MS`] (or, with sound, [`SOUND_LOOKAHEAD_MS`]) before
//!   anything but the figure changes, and when the figure will have moved a device px;
//!   otherwise a frame now.
//! - Drawing ([`frame_draws`]): a frame that comes while the picture drawn last still looks the
//!   same enough (the figure has moved less than a device px: `still_enough_until`) is
//!   taken but not drawn (a nap's frame may come a little early).
//! - The wake timer ([`next_wake`]): while running without frames (off screen), a timeout at the
//!   next boundary so events and tones stay on time, at least once a minute.
//! - Sound ([`sound_window`]): the session-time window whose phase tones to schedule now.
//!
//! All times are ms: session time (`t`, `Quiet`, boundaries) or delays from now.

use crate::engine::session::{Event, Session};

/// A napping widget asks for frames again this many ms before a word or a second it shows
/// changes: a frame's worth, so that the frame for it mostly lands on time, and at worst a frame
/// late (a timer comes a few ms late, a frame up to one 60-Hz frame after it is asked for); every
/// frame taken before the change costs the page a frame of work for nothing (events have their
/// own timer and are never late for it).
pub const NAP_EARLY_MS: f64 = 20.0;
/// A nap shorter than this (ms) is not worth a timer: keep taking frames. A little over one
/// 60-Hz frame, so that a nap skips at least one frame.
pub const NAP_MIN_MS: f64 = 20.0;
/// The longest nap timer (ms); a picture that stays longer is looked at again then.
pub const NAP_MAX_MS: f64 = 60_000.0;
/// How far ahead sound is scheduled on the AudioContext clock, in ms.
pub const SOUND_LOOKAHEAD_MS: f64 = 150.0;
/// How late a tone may still be played, in ms: a boundary crossed between an action and the next
/// frame (the first inhale at `start()`, the first phase after `next()`) is heard at that frame;
/// older ones (after the page was hidden, say) are skipped rather than played out of time.
pub const SOUND_LATE_MS: f64 = 250.0;
/// How far ahead the wake timer looks for a boundary, and its longest delay, in ms.
pub const WAKE_HORIZON_MS: f64 = 60_000.0;

/// What to do about animation frames.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Frames {
    /// No frames and no nap timer (paused, done, hidden, off screen, manual clock).
    Off,
    /// Ask for a frame now (at most one in flight).
    Now,
    /// Take no frames; ask for one after `delay_ms` (the picture stays the same until then).
    Nap { delay_ms: f64 },
}

/// How long the picture drawn last stays the same enough (session ms), in two parts: what must
/// be on time and what may come a frame late.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Quiet {
    /// Before this, no word, second, breath count or step changes the picture (these come with
    /// events and should be on time).
    pub changes_at: f64,
    /// Before this (never after `changes_at`), the figure has moved less than a device px and
    /// the ring's arc has not grown a step: the frame drawn last looks the same enough.
    pub moves_at: f64,
}

impl Quiet {
    /// A picture that may change at any moment (nothing drawn yet, a manual clock).
    pub const NONE: Quiet = Quiet {
        changes_at: f64::NEG_INFINITY,
        moves_at: f64::NEG_INFINITY,
    };
}

/// The frames a widget needs at session time `live_ms`, its picture as `quiet` says.
/// `running`: started, not paused, done or hidden, on the frame clock; `on_screen`: the canvas
/// is within the viewport.
///
/// The nap ends [`NAP_EARLY_MS`] (with sound [`SOUND_LOOKAHEAD_MS`]) before `changes_at`, so
/// the frame for a new word or second lands on time even when the timer or the frame comes a
/// frame or two late, but right at `moves_at`: a frame that comes late there shows the figure
/// one frame's movement further (at the slow speeds this is for, a fraction of a device px more),
/// and an early margin would cost a frame for every few drawn.
pub fn frames(running: bool, on_screen: bool, quiet: Quiet, live_ms: f64, sound: bool) -> Frames {
    if !(running && on_screen) {
        return Frames::Off;
    }
    let early = if sound {
        SOUND_LOOKAHEAD_MS
    } else {
        NAP_EARLY_MS
    };
    let nap = (quiet.changes_at - early).min(quiet.moves_at) - live_ms;
    if nap >= NAP_MIN_MS {
        Frames::Nap {
            delay_ms: nap.min(NAP_MAX_MS),
        }
    } else {
        Frames::Now
    }
}

/// Whether a frame at session time `t_ms` is to be drawn, when the frame drawn last was for
/// `drawn_ms` and looks the same enough before `quiet_until` (both session ms): not while
/// `drawn_ms <= t_ms < quiet_until`. A time before `drawn_ms` (a jump back) draws.
pub fn frame_draws(t_ms: f64, drawn_ms: f64, quiet_until: f64) -> bool {
    !(drawn_ms <= t_ms && t_ms < quiet_until)
}

/// When the wake timer should fire.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Wake {
    /// The boundary it is for (session ms), or `None` for the once-a-minute fallback.
    pub at_ms: Option<u64>,
    /// Delay from now, 1..=60 000 ms.
    pub delay_ms: f64,
}

/// The wake timer at session time `now` (ms): the next boundary within [`WAKE_HORIZON_MS`], or
/// the horizon itself. `scratch` is reused for the boundaries looked at.
pub fn next_wake(session: &Session, now: f64, scratch: &mut Vec<Event>) -> Wake {
    scratch.clear();
    session.crossings(now, now + WAKE_HORIZON_MS, scratch);
    let at_ms = scratch.first().map(|e| e.at_ms());
    let delay_ms = at_ms
        .map_or(WAKE_HORIZON_MS, |at| at as f64 - now)
        .clamp(1.0, WAKE_HORIZON_MS);
    Wake { at_ms, delay_ms }
}

/// The session-time window `(from, to]` whose phase tones to schedule at session time `now`,
/// given that tones up to `scheduled_to` are already scheduled: never twice, never more than
/// [`SOUND_LATE_MS`] late, up to [`SOUND_LOOKAHEAD_MS`] ahead.
pub fn sound_window(scheduled_to: f64, now: f64) -> (f64, f64) {
    (
        scheduled_to.max(now - SOUND_LATE_MS),
        now + SOUND_LOOKAHEAD_MS,
    )
}
