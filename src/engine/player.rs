//! The widget's state machine, in the core: a [`Session`] driven by a [`SessionClock`], with a
//! status (idle, running, paused, done) and the list of events each move produces.
//!
//! The web layer hands it wall-clock ms (frame clock) or session ms (manual clock) and dispatches
//! the events it returns; it decides nothing itself. Every event carries the scheduled session time
//! of its boundary (`at_ms`), not the time of the frame that noticed it.
//!
//! Rules:
//! - Events are reported exactly once per forward pass: the player remembers the session time up to
//!   which it reported (`reported_ms`) and reports `(reported_ms, now]` on each move.
//! - A backward move (manual scrubbing, `previous`) reports nothing; moving forward again reports
//!   the boundaries anew. A forward jump by `next` reports the step it lands on, not what it skipped.
//! - A note step (advanced by the person) pauses the frame clock at its start; `resume` or `next`
//!   moves on to the following step.
//! - Reaching the end reports `complete`, then the status `done`; the clock stops.
//! - Every move that leaves the timeline reported so far (`stop`, a fresh `start`, `next`,
//!   `previous`, continuing past a note, a manual scrub backward) starts a new [`Player::timeline`]:
//!   a host still delivering the events of the old one (an action taken inside an event listener)
//!   drops the rest of them.

use crate::clock::{GapPolicy, SessionClock};
use crate::session::{Event, Session};

/// What the widget is doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, tsify::Tsify)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Idle,
    Running,
    Paused,
    Done,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Idle => "idle",
            Status::Running => "running",
            Status::Paused => "paused",
            Status::Done => "done",
        }
    }
}

/// Something to tell the host: a session boundary, or a change of status.
#[derive(Debug, Clone, PartialEq)]
pub enum Notice {
    Session(Event),
    Status(Status),
}

/// A session with a clock and a status. See the module docs.
#[derive(Debug, Clone)]
pub struct Player {
    session: Session,
    clock: SessionClock,
    status: Status,
    /// Session ms through which boundaries have been reported; below 0 before the start.
    reported_ms: f64,
    /// Session ms shown now.
    now_ms: f64,
    /// Paused at a note step, waiting for the person.
    at_note: bool,
    /// Counts the moves that left the timeline reported so far (see the module docs).
    timeline: u32,
    scratch: Vec<Event>,
}

/// `reported_ms` before anything has been reported: below 0 so the events at 0 are included.
const BEFORE_START: f64 = -1.0;

impl Player {
    pub fn new(session: Session, policy: GapPolicy) -> Player {
        Player {
            session,
            clock: SessionClock::with_policy(policy),
            status: Status::Idle,
            reported_ms: BEFORE_START,
            now_ms: 0.0,
            at_note: false,
            timeline: 0,
            scratch: Vec::new(),
        }
    }

    /// Swap in `session`, the same practice with other texts (another language): same parts,
    /// same times, so the clock, the status and what was reported carry on. A session whose
    /// length differs is refused (returned).
    pub fn retext(&mut self, session: Session) -> std::result::Result<(), Session> {
        if session.total_ms() != self.session.total_ms() {
            return Err(session);
        }
        self.session = session;
        Ok(())
    }

    pub fn session(&self) -> &Session {
        &self.session
    }

    pub fn status(&self) -> Status {
        self.status
    }

    /// Which timeline the events reported now belong to: it changes at every move that leaves the
    /// one reported so far, so events of an earlier value are stale.
    pub fn timeline(&self) -> u32 {
        self.timeline
    }

    fn new_timeline(&mut self) {
        self.timeline = self.timeline.wrapping_add(1);
    }

    /// Session ms currently shown.
    pub fn now_ms(&self) -> f64 {
        self.now_ms
    }

    /// Session ms at wall time `wall` on the frame clock: where the next frame would move to
    /// (without moving there, so without reporting anything); `now_ms` when not running.
    pub fn live_ms(&self, wall: f64) -> f64 {
        if self.status == Status::Running {
            self.clock.session_ms(wall).max(self.now_ms)
        } else {
            self.now_ms
        }
    }

    /// Whether the host should keep asking for frames (frame clock).
    pub fn wants_frames(&self) -> bool {
        self.status == Status::Running && !self.clock.is_hidden()
    }

    fn set_status(&mut self, s: Status, out: &mut Vec<Notice>) {
        if self.status != s {
            self.status = s;
            out.push(Notice::Status(s));
        }
    }

    /// Start from the beginning at wall time `wall` (from idle or done); resume when paused.
    pub fn start(&mut self, wall: f64, out: &mut Vec<Notice>) {
        match self.status {
            Status::Running => {}
            Status::Paused => self.resume(wall, out),
            Status::Idle | Status::Done => {
                let hidden = self.clock.is_hidden();
                self.clock = SessionClock::with_policy(self.clock.policy());
                if hidden {
                    self.clock.hide(wall);
                }
                self.clock.start(wall);
                self.new_timeline();
                self.reported_ms = BEFORE_START;
                self.now_ms = 0.0;
                self.at_note = false;
                self.set_status(Status::Running, out);
                self.report(0.0, wall, out);
            }
        }
    }

    pub fn pause(&mut self, wall: f64, out: &mut Vec<Notice>) {
        if self.status == Status::Running {
            self.clock.pause(wall);
            self.now_ms = self.clock.session_ms(wall).max(self.now_ms);
            self.set_status(Status::Paused, out);
        }
    }

    pub fn resume(&mut self, wall: f64, out: &mut Vec<Notice>) {
        if self.status != Status::Paused {
            return;
        }
        if self.at_note {
            // Continuing past a note: move on to what follows it.
            self.at_note = false;
            let to = self.session.next(self.now_ms);
            self.jump(to, wall, out);
            if self.status == Status::Done || self.at_note {
                return; // the note was the last step, or another note follows it
            }
        }
        self.clock.resume(wall);
        self.set_status(Status::Running, out);
        self.advance(wall, out);
    }

    /// Back to idle at session time 0.
    pub fn stop(&mut self, out: &mut Vec<Notice>) {
        self.new_timeline();
        self.clock = SessionClock::with_policy(self.clock.policy());
        self.reported_ms = BEFORE_START;
        self.now_ms = 0.0;
        self.at_note = false;
        self.set_status(Status::Idle, out);
    }

    /// Frame clock: move to the session time of wall time `wall` and report what was crossed.
    pub fn advance(&mut self, wall: f64, out: &mut Vec<Notice>) {
        if self.status != Status::Running {
            return;
        }
        let t = self.clock.session_ms(wall);
        self.report(t, wall, out);
    }

    /// Manual clock: move to session time `t_ms`. Forward reports every boundary crossed; backward
    /// (scrubbing) reports nothing. An idle session starts; a done one scrubbed back runs again;
    /// a paused one moves but stays paused. Notes do not stop a manual clock: the host owns time.
    pub fn tick(&mut self, t_ms: f64, out: &mut Vec<Notice>) {
        let t = if t_ms.is_finite() {
            t_ms.max(0.0)
        } else {
            return;
        };
        if self.status == Status::Idle {
            self.reported_ms = BEFORE_START;
            self.now_ms = 0.0;
            self.set_status(Status::Running, out);
        }
        if t < self.now_ms {
            self.new_timeline();
            self.now_ms = t;
            self.reported_ms = t;
            if self.status == Status::Done {
                self.set_status(Status::Running, out);
            }
            return;
        }
        self.scratch.clear();
        self.session
            .crossings(self.reported_ms, t, &mut self.scratch);
        self.reported_ms = t;
        self.now_ms = t;
        let mut complete = false;
        for e in self.scratch.drain(..) {
            complete |= matches!(e, Event::Complete { .. });
            out.push(Notice::Session(e));
        }
        if complete {
            self.set_status(Status::Done, out);
        }
    }

    /// Report `(reported_ms, t]` for the frame clock, stopping at a note or at the end.
    fn report(&mut self, t: f64, wall: f64, out: &mut Vec<Notice>) {
        if t <= self.reported_ms {
            return;
        }
        self.scratch.clear();
        self.session
            .crossings(self.reported_ms, t, &mut self.scratch);
        let mut stop_at: Option<(f64, bool)> = None; // (session ms, complete)
        let mut n = 0;
        for e in &self.scratch {
            n += 1;
            match e {
                Event::Step {
                    awaits_person: true,
                    at_ms,
                    ..
                } => {
                    stop_at = Some((*at_ms as f64, false));
                    break;
                }
                Event::Complete { at_ms, .. } => {
                    stop_at = Some((*at_ms as f64, true));
                    break;
                }
                _ => {}
            }
        }
        // Events after a note's start happen after the person continues: not reported yet.
        out.extend(self.scratch.drain(..n).map(Notice::Session));
        match stop_at {
            None => {
                self.reported_ms = t;
                self.now_ms = t.max(0.0);
            }
            Some((at, complete)) => {
                self.reported_ms = at;
                self.now_ms = at;
                self.clock.pause(wall);
                self.clock.seek(at, wall);
                if complete {
                    self.set_status(Status::Done, out);
                } else {
                    self.at_note = true;
                    self.set_status(Status::Paused, out);
                }
            }
        }
    }

    /// Seek to session time `to` at wall time `wall`. Only what begins exactly at `to` (the step
    /// landed on) is reported, now if running, otherwise when time moves on.
    fn jump(&mut self, to: f64, wall: f64, out: &mut Vec<Notice>) {
        let to = to.max(0.0);
        self.new_timeline();
        self.clock.seek(to, wall);
        self.now_ms = to;
        let from = if to > 0.0 { to - 0.5 } else { BEFORE_START };
        self.scratch.clear();
        self.session.crossings(from, to, &mut self.scratch);
        self.reported_ms = to;
        // Say where it landed, running or paused (a screen reader needs the new step). A breath of
        // the part before that happens to end exactly at `to` was skipped, not practised.
        let mut note = false;
        let mut complete = false;
        for e in self.scratch.drain(..) {
            match e {
                Event::Breath { .. } => continue,
                Event::Step {
                    awaits_person: true,
                    ..
                } => note = true,
                Event::Complete { .. } => complete = true,
                _ => {}
            }
            out.push(Notice::Session(e));
        }
        if complete {
            // Landed on the end: done, whether running or paused (a paused session that went
            // on to its end has nothing left to resume).
            self.clock.pause(wall);
            self.at_note = false;
            self.set_status(Status::Done, out);
        } else if note {
            // Landed on a note: it waits for the person, running or paused (so continuing moves
            // on past it, as from a note reached by time).
            self.at_note = true;
            if self.status == Status::Running {
                self.clock.pause(wall);
                self.set_status(Status::Paused, out);
            }
        }
    }

    /// Go to the next step (a flow) or the end (a pattern).
    pub fn next(&mut self, wall: f64, out: &mut Vec<Notice>) {
        if self.status == Status::Idle {
            return;
        }
        self.at_note = false;
        let to = self.session.next(self.now_ms);
        if self.status == Status::Done {
            return;
        }
        self.jump(to, wall, out);
    }

    /// Go back to the previous step (or the start of this one; see `Session::previous`).
    pub fn previous(&mut self, wall: f64, out: &mut Vec<Notice>) {
        if self.status == Status::Idle {
            return;
        }
        self.at_note = false;
        let to = self.session.previous(self.now_ms);
        if self.status == Status::Done {
            self.set_status(Status::Paused, out);
            self.clock.seek(to, wall);
            self.clock.pause(wall);
        }
        self.jump(to, wall, out);
    }

    /// The page was hidden at `wall`.
    pub fn hide(&mut self, wall: f64) {
        self.clock.hide(wall);
    }

    /// The page is visible again at `wall`; with the catch-up policy the next `advance` reports
    /// everything crossed while hidden.
    pub fn show(&mut self, wall: f64) {
        self.clock.show(wall);
    }
}
