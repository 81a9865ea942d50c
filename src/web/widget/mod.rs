//! `BreathFlow`: one widget on one canvas. Owns its player, painter, scene, frame loop, timers,
//! listeners and observers; `destroy()` (or drop) releases them all. Nothing is shared between
//! instances but the wasm module.
//!
//! Borrowing rule: a `RefCell` borrow of the widget is never held across a call into JS that may
//! call back (listeners, `dispatchEvent`): notices are collected while borrowed and dispatched after.
//!
//! Re-entrancy: notices wait in one queue per widget (`outbox`), each tagged with the player's
//! timeline. A call made inside a listener adds its notices to the end of the queue, which the
//! delivery under way hands out after the ones before them (so a `tick()` there keeps the order
//! by time); a move that leaves the timeline (`stop`, `next`, `previous`, …) or `destroy()` drops
//! what is left of the old one, including the DOM event of the notice being delivered.

mod callbacks;
mod construct;
mod events;
mod methods;

pub use events::EVENT_TYPES;

use crate::engine::schedule::{self, Frames, Quiet};
use crate::frame_state::{frame_input_in, quiet};
use crate::options::{ClockMode, Options};
use crate::player::{Notice, Player, Status};
use crate::ribcage::{build_frame, expansion_tolerance};
use crate::scene::Scene;
use crate::session::Event;
use crate::web::canvas::Painter;
use crate::web::dom::{now_ms, Listener, OnScreen, Resize};
use crate::web::frame_loop::FrameLoop;
use crate::web::panic;
use crate::web::sound::Sound;
use crate::words::Words;
use gloo_timers::callback::Timeout;
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::{Rc, Weak};
use wasm_bindgen::prelude::*;

struct Subscriber {
    id: u32,
    kind: &'static str,
    f: js_sys::Function,
}

pub(crate) struct Widget {
    player: Player,
    painter: Painter,
    scene: Scene,
    clock: ClockMode,
    reduced_motion: Option<bool>,
    sound_on: bool,
    haptics: bool,
    sound: Option<Sound>,
    /// Session ms through which tones were scheduled.
    sound_to: f64,
    frames: Option<FrameLoop>,
    /// Wakes the widget at the next boundary while it runs, so events fire on time rather than
    /// on the next frame (and at all while the canvas is off screen, when there are no frames).
    wake: Option<Timeout>,
    /// Session ms of the boundary `wake` is set for (`u64::MAX`: the minute fallback; None: none,
    /// or spent).
    wake_at: Option<u64>,
    /// While running and on screen with a picture that stays the same for a while (a hold, a
    /// pose, a rest between two changes of the seconds, or slow breathing between two moves of
    /// a device px), no frames are taken: this timer asks for the next one
    /// ([`schedule::frames`]). With the [`Quiet`] it was set for.
    nap: Option<(Timeout, Quiet)>,
    /// How long the frame drawn last stays the same enough (`frame_state::quiet`: its figure
    /// moves less than a device px before `moves_at`, the rest not at all before
    /// `changes_at`).
    quiet: Quiet,
    /// Session ms of the frame drawn last.
    drawn_ms: f64,
    resize: Option<Resize>,
    on_screen_obs: Option<OnScreen>,
    visibility: Option<Listener>,
    /// Listeners that draw the frame anew: on an OS theme or motion setting change (re-reading
    /// colours and motion preference), and on the canvas's `contextrestored` (a context the
    /// browser lost, under GPU memory pressure say, comes back blank).
    media: Vec<Listener>,
    /// A `(resolution: Ndppx)` query for the device pixel ratio the backing store was fitted to:
    /// its "change" (browser zoom, the window moved to a screen of another density) refits and
    /// redraws, which the ResizeObserver would not (the CSS size stays). Replaced at each change.
    dpr_watch: Option<Listener>,
    /// `prefers-reduced-motion: reduce`, cached (read at creation and on change, not per frame).
    prefers_reduced: bool,
    on_screen: bool,
    subscribers: Vec<Subscriber>,
    next_id: u32,
    destroyed: bool,
    notices: Vec<Notice>,
    /// Notices waiting to be delivered, with the timeline (`Player::timeline`) they belong to.
    outbox: VecDeque<(u32, Notice)>,
    /// Whether `dispatch` is delivering the outbox (a call from a listener leaves its notices
    /// there for it).
    dispatching: bool,
    scratch: Vec<Event>,
    label: String,
    /// The options it was made with (a new locale rebuilds the session from them).
    options: Options,
    /// The canvas's words in the widget's locale (`words.tag` is `state().locale`).
    words: Words,
}

impl Widget {
    /// Build and paint the frame for the player's current session time, and note until when it
    /// stays the same enough (`quiet`) at the canvas's device pixel ratio.
    fn draw(&mut self) {
        let t = self.player.now_ms();
        let status = self.player.status();
        let done = status == Status::Done;
        let (w, h) = self.painter.css_size;
        let reduced = self.reduced_motion.unwrap_or(self.prefers_reduced);
        let mut label = std::mem::take(&mut self.label);
        let session = self.player.session();
        let sample = session.sample(t);
        let input = frame_input_in(
            session,
            &sample,
            status,
            (w, h),
            reduced,
            &self.words,
            &mut label,
        );
        let ring_r = build_frame(&input, &mut self.scene);
        // Only the frame clock naps; a manual clock's host decides when frames come.
        self.drawn_ms = t;
        self.quiet = if self.clock == ClockMode::Frame {
            let tolerance = expansion_tolerance(&input, ring_r, self.painter.dpr as f32);
            quiet(session, &sample, t, done, ring_r, tolerance)
        } else {
            Quiet::NONE
        };
        // Skipped by the painter when it would repeat the frame on the canvas.
        self.painter.replay(&self.scene);
        self.label = label;
    }

    /// Draw, and schedule for the new frame (a new size or new colours move when the ring's arc
    /// next moves, and so the end of a nap).
    fn redraw(&mut self) {
        self.draw();
        self.reschedule();
    }

    /// Keep exactly the scheduling the state calls for: a frame when running, visible and on
    /// screen (or, while the picture stays the same, a nap timer that asks for one before it
    /// changes); a timeout at the next boundary when running and visible (armed by `arm_wake`);
    /// nothing else.
    fn reschedule(&mut self) {
        let running =
            self.player.wants_frames() && self.clock == ClockMode::Frame && !self.destroyed;
        let Some(frames) = self.frames.as_ref() else {
            return;
        };
        // From the present session time, not the last frame's: a redraw (resize, theme)
        // reschedules in the middle of a nap.
        let live = self.player.live_ms(now_ms());
        match schedule::frames(
            running,
            self.on_screen,
            self.quiet,
            live,
            self.sound.is_some(),
        ) {
            Frames::Nap { delay_ms } => {
                // A nap already set for this picture is left alone, including one whose timer
                // has fired and whose frame is on its way.
                if self.nap.as_ref().map(|n| n.1) != Some(self.quiet) {
                    frames.cancel();
                    let request = frames.requester();
                    // Rounded up: a frame before the picture has moved would be taken for nothing.
                    let delay = delay_ms.ceil() as u32;
                    self.nap = Some((Timeout::new(delay, request), self.quiet));
                }
            }
            Frames::Now => {
                self.nap = None;
                frames.request();
            }
            Frames::Off => {
                frames.cancel();
                self.nap = None;
            }
        }
        if !running {
            self.wake = None;
            self.wake_at = None;
        }
    }

    /// Queue `notices` (emptied) for delivery, as notices of the present timeline.
    fn post(&mut self, notices: &mut Vec<Notice>) {
        let timeline = self.player.timeline();
        self.outbox.extend(notices.drain(..).map(|n| (timeline, n)));
    }

    /// Schedule phase tones up to `schedule::SOUND_LOOKAHEAD_MS` ahead on the AudioContext clock.
    fn schedule_sound(&mut self) {
        let Some(sound) = self.sound.as_ref() else {
            return;
        };
        let now = self.player.now_ms();
        let (from, to) = schedule::sound_window(self.sound_to, now);
        self.scratch.clear();
        self.player.session().crossings(from, to, &mut self.scratch);
        for e in &self.scratch {
            if let Event::Phase { at_ms, phase, .. } = e {
                sound.play(*phase, *at_ms as f64 - now);
            }
        }
        self.sound_to = to;
    }
}

/// The guided-breathing widget. See the README for the full API.
#[wasm_bindgen]
pub struct BreathFlow {
    /// The widget; `None` once destroyed (`destroy()` releases all it holds at once, without
    /// waiting for `free()` or the garbage collector).
    w: RefCell<Option<Rc<RefCell<Widget>>>>,
    /// Whether a call on this instance is under way (its listeners may be running): `free()`
    /// is refused then (see `guardClass` in `src/web/dom.js`).
    busy: Cell<bool>,
}

/// The unsubscribe handle `on()` returns (as a bound function): calling it removes the listener;
/// calling it again, or after `destroy()`, does nothing.
#[wasm_bindgen]
pub struct Subscription {
    w: Weak<RefCell<Widget>>,
    id: u32,
}

#[wasm_bindgen]
impl Subscription {
    pub fn unsubscribe(&self) {
        if let Some(w) = self.w.upgrade() {
            if let Ok(mut w) = w.try_borrow_mut() {
                w.subscribers.retain(|s| s.id != self.id);
            }
        }
    }
}

/// The widget borrowed for a call from JS: an error when destroyed, or busy (a call from inside
/// its own drawing, which JS cannot make).
fn live(w: &Rc<RefCell<Widget>>) -> Result<std::cell::RefMut<'_, Widget>, JsError> {
    let me = w.try_borrow_mut().map_err(|_| {
        JsError::new(
            "BreathFlow: called from inside its own drawing; call it from an event listener or later",
        )
    })?;
    if me.destroyed {
        return Err(JsError::new("BreathFlow: this instance was destroyed"));
    }
    Ok(me)
}

/// Run `f` on a live widget from a DOM callback: nothing when the widget is gone, destroyed, busy
/// (a re-entrant call) or the module has failed.
fn with_live(weak: &Weak<RefCell<Widget>>, f: impl FnOnce(&mut Widget)) {
    let Some(w) = weak.upgrade() else { return };
    if panic::failed() {
        return;
    }
    let Ok(mut me) = w.try_borrow_mut() else {
        return;
    };
    if !me.destroyed {
        f(&mut me);
    }
}
