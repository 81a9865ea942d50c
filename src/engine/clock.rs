//! Session time from wall-clock time: start, pause, resume, seek, and what happens while the page
//! is hidden. Pure: every method is handed the wall-clock time (ms, any origin, e.g.
//! `performance.now()`); nothing here reads a clock.
//!
//! The session time is kept as an anchor (`session ms` at `wall ms`) plus, while it advances, the
//! wall time elapsed since the anchor. Each call that changes state re-anchors, so no frame delta is
//! ever summed and a session sampled once an hour is as exact as one sampled at 120 Hz.
//!
//! # Hidden pages ([`GapPolicy`])
//! Browsers throttle or freeze hidden tabs. The host calls [`SessionClock::hide`] /
//! [`SessionClock::show`] on `visibilitychange`:
//! - [`GapPolicy::Pause`] (default): session time freezes while hidden and continues where it left
//!   off when shown. A clock the person paused stays paused after `show`.
//! - [`GapPolicy::CatchUp`]: session time keeps running while hidden; on the next frame the host
//!   reports every boundary crossed over the gap with [`crate::pacer::Pacer::boundaries`] from the
//!   session time of its last frame.
//!
//! # Nonsense calls are no-ops
//! `pause` when not started or already paused, `resume` when not paused, `seek` before `start`,
//! `hide` when hidden, `show` when shown, and any call with a non-finite wall time leave the clock
//! unchanged. A wall time earlier than the last call's counts as no time passing (the session never
//! runs backwards by itself; only `seek` moves it back).

/// What session time does while the page is hidden.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize, tsify::Tsify)]
#[serde(rename_all = "kebab-case")]
#[serde(try_from = "serde_json::Value")]
pub enum GapPolicy {
    /// Freeze while hidden, continue where it left off when shown.
    #[default]
    Pause,
    /// Keep running while hidden; the host reports the boundaries crossed when shown.
    CatchUp,
}

/// Maps wall-clock ms to session ms.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionClock {
    policy: GapPolicy,
    started: bool,
    /// Paused by the person (or the host), as opposed to frozen because hidden.
    paused: bool,
    hidden: bool,
    /// Session ms at wall time `anchor`.
    base: f64,
    anchor: f64,
    /// Whether session time advances with wall time right now.
    advancing: bool,
}

impl Default for SessionClock {
    fn default() -> Self {
        Self::new()
    }
}

impl SessionClock {
    /// A clock that has not started (session time 0), with the default [`GapPolicy::Pause`].
    pub fn new() -> Self {
        Self::with_policy(GapPolicy::default())
    }

    /// A clock that has not started, with the given gap policy.
    pub fn with_policy(policy: GapPolicy) -> Self {
        SessionClock {
            policy,
            started: false,
            paused: false,
            hidden: false,
            base: 0.0,
            anchor: 0.0,
            advancing: false,
        }
    }

    pub fn policy(&self) -> GapPolicy {
        self.policy
    }

    /// Change the gap policy; takes effect at `wall` (e.g. switching to `CatchUp` while hidden
    /// starts the clock running from `wall`).
    pub fn set_policy(&mut self, policy: GapPolicy, wall: f64) {
        self.change(wall, |c| c.policy = policy);
    }

    /// Start (or restart) the session at 0 at `wall`, not paused. If the page is hidden under
    /// [`GapPolicy::Pause`], time begins when it is shown.
    pub fn start(&mut self, wall: f64) {
        self.change(wall, |c| {
            c.started = true;
            c.paused = false;
            c.base = 0.0;
        });
    }

    /// Pause at `wall`. No-op when not started or already paused.
    pub fn pause(&mut self, wall: f64) {
        if self.started && !self.paused {
            self.change(wall, |c| c.paused = true);
        }
    }

    /// Resume at `wall` from where the session was paused. No-op when not paused. While hidden
    /// under [`GapPolicy::Pause`] the clock stays frozen until [`SessionClock::show`].
    pub fn resume(&mut self, wall: f64) {
        if self.started && self.paused {
            self.change(wall, |c| c.paused = false);
        }
    }

    /// Jump to `session_ms` (negative → 0) at `wall`, keeping the running / paused state.
    /// No-op before `start` or for a non-finite `session_ms`.
    pub fn seek(&mut self, session_ms: f64, wall: f64) {
        if self.started && session_ms.is_finite() {
            self.change(wall, |c| c.base = session_ms.max(0.0));
        }
    }

    /// The page was hidden at `wall`. No-op when already hidden.
    pub fn hide(&mut self, wall: f64) {
        if !self.hidden {
            self.change(wall, |c| c.hidden = true);
        }
    }

    /// The page was shown at `wall`. No-op when not hidden.
    pub fn show(&mut self, wall: f64) {
        if self.hidden {
            self.change(wall, |c| c.hidden = false);
        }
    }

    /// Session ms at wall time `wall` (0 before `start`; never negative).
    pub fn session_ms(&self, wall: f64) -> f64 {
        if self.advancing && wall.is_finite() {
            self.base + (wall - self.anchor).max(0.0)
        } else {
            self.base
        }
    }

    /// Session time is advancing: started, not paused, and not frozen by a hidden page.
    pub fn is_running(&self) -> bool {
        self.advancing
    }

    /// Paused by [`SessionClock::pause`] (a hidden page alone does not count).
    pub fn is_paused(&self) -> bool {
        self.paused
    }

    pub fn is_started(&self) -> bool {
        self.started
    }

    pub fn is_hidden(&self) -> bool {
        self.hidden
    }

    /// Re-anchor at `wall`, apply `f`, then decide whether time advances.
    fn change(&mut self, wall: f64, f: impl FnOnce(&mut Self)) {
        if !wall.is_finite() {
            return;
        }
        self.base = self.session_ms(wall);
        // Keep the latest wall time as the anchor so a clock that steps backwards cannot run back.
        if !self.advancing || wall >= self.anchor {
            self.anchor = wall;
        }
        f(self);
        self.advancing =
            self.started && !self.paused && !(self.hidden && self.policy == GapPolicy::Pause);
    }
}
