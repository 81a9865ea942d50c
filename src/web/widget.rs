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

use super::canvas::Painter;
use super::js::{err, from_js, to_js};
use super::dom::{now_ms, page_hidden, window, Listener, OnScreen, Resize};
use super::frame_loop::FrameLoop;
use super::panic;
use super::sound::Sound;
use crate::frame_state::{frame_input, still_until};
use crate::engine::state::{BreathFlowState, StatusEvent};
use crate::options::{ClockMode, Options, Repaint};
use crate::pattern::PhaseKind;
use crate::player::{Notice, Player, Status};
use crate::ribcage::build_frame;
use crate::scene::Scene;
use crate::session::Event;
use gloo_timers::callback::Timeout;
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::{Rc, Weak};
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

/// Event types a host can listen to with `on()` (and as `breathflow:<type>` DOM events).
pub const EVENT_TYPES: [&str; 6] = ["phase", "breath", "step", "complete", "status", "countdown"];

/// How far ahead sound is scheduled on the AudioContext clock, in ms.
const SOUND_LOOKAHEAD_MS: f64 = 150.0;
/// How late a tone may still be played, in ms: a boundary crossed between an action and the next
/// frame (the first inhale at `start()`, the first phase after `next()`) is heard at that frame;
/// older ones (after the page was hidden, say) are skipped rather than played out of time.
const SOUND_LATE_MS: f64 = 250.0;

struct Subscriber {
    id: u32,
    kind: &'static str,
    f: js_sys::Function,
}

/// A napping widget (see `Widget::nap`) asks for frames again this many ms before its picture
/// changes: the first frame after the timer then lands before the change even when the timer
/// or the frame comes late by a frame or two.
const NAP_EARLY_MS: f64 = 50.0;
/// A nap shorter than this (ms) is not worth a timer: keep taking frames.
const NAP_MIN_MS: f64 = 40.0;
/// The longest nap timer (ms); a picture that stays longer is looked at again then.
const NAP_MAX_MS: f64 = 60_000.0;

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
    /// pose, a rest between two changes of the seconds), no frames are taken: this timer asks
    /// for the next one [`NAP_EARLY_MS`] before the picture changes. With the session ms the
    /// picture stays until, which it was set for.
    nap: Option<(Timeout, f64)>,
    /// Session ms before which the frame drawn last stays the same (`still_until`).
    quiet_until: f64,
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
}

fn prefers_reduced_motion() -> bool {
    window()
        .and_then(|w| {
            w.match_media("(prefers-reduced-motion: reduce)")
                .ok()
                .flatten()
        })
        .is_some_and(|m| m.matches())
}

impl Widget {
    /// Build and paint the frame for the player's current session time, and note until when it
    /// stays the same (`quiet_until`).
    fn draw(&mut self) {
        let t = self.player.now_ms();
        let done = self.player.status() == Status::Done;
        let (w, h) = self.painter.css_size;
        let reduced = self.reduced_motion.unwrap_or(self.prefers_reduced);
        let mut label = std::mem::take(&mut self.label);
        let session = self.player.session();
        let sample = session.sample(t);
        let input = frame_input(session, &sample, done, w, h, reduced, &mut label);
        let ring_r = build_frame(&input, &mut self.scene);
        // Only the frame clock naps; a manual clock's host decides when frames come.
        self.quiet_until = if self.clock == ClockMode::Frame {
            still_until(session, &sample, t, done, ring_r)
        } else {
            f64::NEG_INFINITY
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
        if running && self.on_screen {
            // From the present session time, not the last frame's: a redraw (resize, theme)
            // reschedules in the middle of a nap. With sound, wake early enough that the frames
            // schedule the next tone a full lookahead ahead.
            let early = if self.sound.is_some() {
                SOUND_LOOKAHEAD_MS
            } else {
                NAP_EARLY_MS
            };
            let nap = self.quiet_until - self.player.live_ms(now_ms()) - early;
            if nap >= NAP_MIN_MS {
                // A nap already set for this picture is left alone, including one whose timer
                // has fired and whose frame is on its way.
                if self.nap.as_ref().map(|n| n.1) != Some(self.quiet_until) {
                    frames.cancel();
                    let request = frames.requester();
                    let ms = nap.min(NAP_MAX_MS) as u32;
                    self.nap = Some((Timeout::new(ms, request), self.quiet_until));
                }
            } else {
                self.nap = None;
                frames.request();
            }
        } else {
            frames.cancel();
            self.nap = None;
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

    /// Schedule phase tones up to `SOUND_LOOKAHEAD_MS` ahead on the AudioContext clock.
    fn schedule_sound(&mut self) {
        let Some(sound) = self.sound.as_ref() else {
            return;
        };
        let now = self.player.now_ms();
        let from = self.sound_to.max(now - SOUND_LATE_MS);
        let to = now + SOUND_LOOKAHEAD_MS;
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

/// What [`BreathFlow::try_act`] runs on the widget: it may refuse with an error (before changing
/// anything), and pushes the notices it produces.
type Step<'a> = dyn FnMut(&mut Widget, &mut Vec<Notice>) -> Result<(), JsError> + 'a;

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

/// `detail` of each event: the status, or the session event itself (see `BreathFlowEvents`).
fn notice_detail(n: &Notice) -> Option<(&'static str, Result<JsValue, JsError>)> {
    Some(match n {
        Notice::Status(s) => ("status", to_js(&StatusEvent { status: *s })),
        Notice::Session(e) => (
            match e {
                Event::Phase { .. } => "phase",
                Event::Breath { .. } => "breath",
                Event::Step { .. } => "step",
                Event::Complete { .. } => "complete",
                Event::Countdown { .. } => "countdown",
            },
            to_js(e),
        ),
    })
}

/// Deliver the outbox to `on()` subscribers and as `breathflow:<type>` events on the canvas, with
/// no borrow held; notices of a timeline left meanwhile are dropped (see the module docs). A call
/// while a delivery is under way (from a listener) returns at once: that delivery takes care of
/// what it added. Haptics ride along with phase notices.
fn dispatch(w: &Rc<RefCell<Widget>>) {
    let canvas = {
        let Ok(mut me) = w.try_borrow_mut() else {
            return;
        };
        if me.dispatching || me.outbox.is_empty() {
            return;
        }
        me.dispatching = true;
        me.painter.canvas.clone()
    };
    // Whether the widget is still on `timeline` and not destroyed.
    let current = |timeline: u32| {
        w.try_borrow()
            .is_ok_and(|me| !me.destroyed && me.player.timeline() == timeline)
    };
    loop {
        let (timeline, n, fs, haptics) = {
            let Ok(mut me) = w.try_borrow_mut() else {
                break;
            };
            if me.destroyed {
                me.outbox.clear();
                break;
            }
            let Some((timeline, n)) = me.outbox.pop_front() else {
                break;
            };
            if timeline != me.player.timeline() {
                continue; // a listener left this timeline: stale
            }
            let kind = notice_kind(&n);
            // Snapshot the subscribers: a listener may subscribe, unsubscribe or destroy.
            let fs: Vec<js_sys::Function> = me
                .subscribers
                .iter()
                .filter(|s| s.kind == kind)
                .map(|s| s.f.clone())
                .collect();
            (timeline, n, fs, me.haptics)
        };
        let Some((kind, Ok(detail))) = notice_detail(&n) else {
            continue;
        };
        if haptics {
            if let Notice::Session(Event::Phase { phase, .. }) = &n {
                vibrate(*phase);
            }
        }
        for f in fs {
            if !current(timeline) {
                break;
            }
            if let Err(e) = f.call1(&JsValue::NULL, &detail) {
                // A host listener's exception must not break the widget: report it and go on.
                web_sys::console::error_2(&"breathflow: an event listener threw:".into(), &e);
            }
        }
        if current(timeline) {
            crate::web::dom::emit(&canvas, &format!("breathflow:{kind}"), &detail);
        }
    }
    if let Ok(mut me) = w.try_borrow_mut() {
        me.dispatching = false;
    }
}

/// The event type of a notice.
fn notice_kind(n: &Notice) -> &'static str {
    match n {
        Notice::Status(_) => "status",
        Notice::Session(e) => match e {
            Event::Phase { .. } => "phase",
            Event::Breath { .. } => "breath",
            Event::Step { .. } => "step",
            Event::Complete { .. } => "complete",
            Event::Countdown { .. } => "countdown",
        },
    }
}

fn vibrate(phase: PhaseKind) {
    let pattern = crate::feedback::vibration_for(phase);
    if pattern.is_empty() {
        return;
    }
    let Some(nav) = window().map(|w| w.navigator()) else {
        return;
    };
    // Not every browser has navigator.vibrate; look it up instead of assuming.
    if js_sys::Reflect::has(&nav, &"vibrate".into()).unwrap_or(false) {
        let arr: js_sys::Array = pattern.iter().map(|&ms| JsValue::from(ms)).collect();
        let _ = nav.vibrate_with_pattern(&arr);
    }
}

/// One frame, or the wake timer at a boundary: advance, dispatch the events, then draw (the timer
/// only when the canvas is on screen) and schedule.
fn on_frame(weak: &Weak<RefCell<Widget>>, ts: f64, draw: bool) {
    let Some(w) = weak.upgrade() else { return };
    if panic::failed() {
        if let Ok(mut me) = w.try_borrow_mut() {
            me.painter.message(panic::FAILED_MESSAGE);
        }
        return;
    }
    {
        let Ok(mut me) = w.try_borrow_mut() else {
            return;
        };
        if me.destroyed {
            return;
        }
        let mut notices = std::mem::take(&mut me.notices);
        if !draw {
            me.wake_at = None; // called by the wake timer, which is now spent
        }
        // Advance to the time this callback runs, not the frame's timestamp: the browser calls
        // frame callbacks a millisecond or two after it, and a boundary in between would
        // otherwise wait for the next frame.
        me.player.advance(now_ms().max(ts), &mut notices);
        if me.sound_on {
            me.schedule_sound();
        }
        me.post(&mut notices);
        me.notices = notices; // keep the buffer's capacity
    };
    // Events before drawing: a listener hears of a boundary as soon as a frame notices it (the
    // drawing takes a while), and what it does (pause, next, destroy) is in this very frame.
    dispatch(&w);
    let Ok(mut me) = w.try_borrow_mut() else {
        return;
    };
    if me.destroyed {
        return;
    }
    // The wake timer draws too when the canvas is on screen: a boundary may have ended the
    // session or paused it at a note, and no frame would show that.
    if draw || me.on_screen {
        me.draw();
    }
    if draw {
        // A frame ends any nap: its timer (if it was the one that asked for this frame) is
        // spent, and `reschedule` arms a new one for this frame's picture, even when that
        // picture is the one the nap was for (a time jump back, say).
        me.nap = None;
    }
    me.reschedule();
    if me.player.wants_frames() && me.clock == ClockMode::Frame {
        arm_wake(&mut me, weak.clone());
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

/// While off screen: a timeout at the next boundary so events (and tones) stay on time.
fn arm_wake(me: &mut Widget, weak: Weak<RefCell<Widget>>) {
    let now = me.player.now_ms();
    me.scratch.clear();
    // Look up to a minute ahead for the next boundary; wake at least once a minute otherwise.
    me.player
        .session()
        .crossings(now, now + 60_000.0, &mut me.scratch);
    let at = me.scratch.first().map(|e| e.at_ms());
    // Frames call this every frame: keep a timer already set for that boundary (or, with none
    // within the minute, the fallback: u64::MAX).
    let key = at.unwrap_or(u64::MAX);
    if me.wake.is_some() && me.wake_at == Some(key) {
        return;
    }
    let delay = at
        .map_or(60_000.0, |at| at as f64 - now)
        .clamp(1.0, 60_000.0);
    me.wake_at = Some(key);
    me.wake = Some(Timeout::new(delay.ceil() as u32, move || {
        on_frame(&weak, now_ms(), false)
    }));
}

/// Listen for the device pixel ratio to leave its present value (see `Widget::dpr_watch`); on
/// that, refit, redraw, and listen again for the new ratio.
fn watch_dpr(me: &mut Widget, weak: Weak<RefCell<Widget>>) {
    let Some(win) = window() else { return };
    let query = format!("(resolution: {}dppx)", win.device_pixel_ratio());
    let Some(mql) = win.match_media(&query).ok().flatten() else {
        return;
    };
    // Replacing the listener drops the closure running now; wasm-bindgen frees it on return.
    me.dpr_watch = Listener::new(&mql, "change", move |_| {
        with_live(&weak, |me| {
            if me.painter.fit() {
                me.redraw();
            }
            watch_dpr(me, weak.clone());
        })
    });
}

impl BreathFlow {
    /// The widget, unless destroyed (or the module has failed).
    fn rc(&self) -> Result<Rc<RefCell<Widget>>, JsError> {
        let w = self
            .w
            .borrow()
            .clone()
            .ok_or_else(|| JsError::new("BreathFlow: this instance was destroyed"))?;
        if panic::failed() {
            if let Ok(mut me) = w.try_borrow_mut() {
                me.painter.message(panic::FAILED_MESSAGE);
            }
        }
        super::enter()?;
        Ok(w)
    }

    /// Run `f` on the widget, dispatch what it produced, then redraw and reschedule. `f` reads
    /// the clock itself when it needs it (`now_ms()`): a manual-clock `tick` never does, which
    /// spares it a call out to `performance.now()`.
    fn act(&self, f: impl FnOnce(&mut Widget, &mut Vec<Notice>)) -> Result<(), JsError> {
        let mut f = Some(f);
        self.try_act(&mut |me, out| {
            if let Some(f) = f.take() {
                f(me, out);
            }
            Ok(())
        })
    }

    /// [`BreathFlow::act`] for an `f` that may refuse (before changing anything). Takes `f` as
    /// a trait object so that its body (borrow, dispatch, draw, reschedule) is in the wasm once
    /// rather than once per method that calls it.
    #[inline(never)]
    fn try_act(&self, f: &mut Step<'_>) -> Result<(), JsError> {
        let w = self.rc()?;
        {
            let mut me = live(&w)?;
            let mut notices = std::mem::take(&mut me.notices);
            let done = f(&mut me, &mut notices);
            if done.is_err() {
                me.notices = notices;
                return done;
            }
            me.sound_to = me.player.now_ms() - 0.5;
            me.post(&mut notices);
            me.notices = notices;
        }
        // Events before drawing, as in `on_frame`: `start()` fires the first phase at once.
        let was_busy = self.busy.replace(true);
        dispatch(&w);
        self.busy.set(was_busy);
        if let Ok(mut me) = w.try_borrow_mut() {
            if !me.destroyed {
                me.draw();
                // An action may have moved the session against the wall clock (a jump) or
                // turned sound on: a nap is worked out afresh.
                me.nap = None;
                me.reschedule();
                if me.player.wants_frames() && me.clock == ClockMode::Frame {
                    arm_wake(&mut me, Rc::downgrade(&w));
                }
            }
        }
        Ok(())
    }
}

#[wasm_bindgen]
impl BreathFlow {
    /// `new BreathFlow(canvas, options)`: see the README for the options.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "HTMLCanvasElement")] canvas: JsValue,
        #[wasm_bindgen(unchecked_param_type = "BreathFlowOptions")] options: JsValue,
    ) -> Result<BreathFlow, JsError> {
        panic::install();
        super::enter()?;
        let canvas: HtmlCanvasElement = canvas.dyn_into().map_err(|_| {
            JsError::new("canvas: must be an HTMLCanvasElement (pass the element, not an id)")
        })?;
        let opts = Options::from_value(&from_js(&options, "options")?).map_err(err)?;
        let session = opts.session().map_err(err)?;
        let mut painter = Painter::new(canvas.clone()).map_err(|e| JsError::new(&e))?;
        painter.whole = opts.repaint == Repaint::Whole;
        let widget = Widget {
            player: Player::new(session, opts.gap_policy),
            painter,
            scene: Scene::new(),
            clock: opts.clock,
            reduced_motion: opts.reduced_motion,
            sound_on: opts.sound,
            haptics: opts.haptics,
            sound: None,
            sound_to: 0.0,
            frames: None,
            wake: None,
            wake_at: None,
            nap: None,
            quiet_until: f64::NEG_INFINITY,
            resize: None,
            on_screen_obs: None,
            visibility: None,
            media: Vec::new(),
            dpr_watch: None,
            prefers_reduced: prefers_reduced_motion(),
            on_screen: true,
            subscribers: Vec::new(),
            next_id: 1,
            destroyed: false,
            notices: Vec::new(),
            outbox: VecDeque::new(),
            dispatching: false,
            scratch: Vec::new(),
            label: String::new(),
        };
        let w = Rc::new(RefCell::new(widget));
        let weak = Rc::downgrade(&w);
        {
            let mut me = w.borrow_mut();
            let wk = weak.clone();
            me.frames = Some(FrameLoop::new(move |ts| on_frame(&wk, ts, true)));
            let wk = weak.clone();
            me.resize = Resize::new(&canvas, move || {
                with_live(&wk, |me| {
                    if me.painter.fit() {
                        me.painter.read_theme();
                        me.redraw();
                    }
                })
            });
            let wk = weak.clone();
            me.on_screen_obs = OnScreen::new(&canvas, move |visible| {
                let wake = wk.clone();
                with_live(&wk, |me| {
                    if me.on_screen == visible {
                        return;
                    }
                    me.on_screen = visible;
                    // Back on screen, the canvas shows a frame from before: draw one at once, and
                    // whole (repaints since then were partial, and a browser may have dropped
                    // the pixels of a canvas out of view without a word).
                    me.quiet_until = f64::NEG_INFINITY;
                    if visible {
                        me.painter.shows_last = false;
                    }
                    me.reschedule();
                    if !visible && me.player.wants_frames() && me.clock == ClockMode::Frame {
                        arm_wake(me, wake);
                    }
                })
            });
            if let Some(doc) = window().and_then(|win| win.document()) {
                let wk = weak.clone();
                me.visibility = Listener::new(&doc, "visibilitychange", move |_| {
                    with_live(&wk, |me| {
                        if me.clock == ClockMode::Manual {
                            return;
                        }
                        let now = now_ms();
                        if page_hidden() {
                            me.player.hide(now);
                            me.wake = None;
                            me.wake_at = None;
                        } else {
                            me.player.show(now);
                            // A frame at once: it reports what a catch-up clock crossed while
                            // hidden (and nothing was drawn meanwhile). Whole: a browser may
                            // have dropped a hidden page's canvas pixels without a
                            // `contextrestored`.
                            me.quiet_until = f64::NEG_INFINITY;
                            me.painter.shows_last = false;
                        }
                        me.reschedule();
                    })
                });
            }
            for query in [
                "(prefers-color-scheme: dark)",
                "(prefers-reduced-motion: reduce)",
            ] {
                let Some(mql) = window().and_then(|win| win.match_media(query).ok().flatten())
                else {
                    continue;
                };
                let wk = weak.clone();
                let listener = Listener::new(&mql, "change", move |_| {
                    with_live(&wk, |me| {
                        me.prefers_reduced = prefers_reduced_motion();
                        me.painter.read_theme();
                        me.redraw();
                    })
                });
                me.media.extend(listener);
            }
            let wk = weak.clone();
            let restored = Listener::new(&canvas, "contextrestored", move |_| {
                with_live(&wk, |me| {
                    me.painter.shows_last = false;
                    me.redraw();
                })
            });
            me.media.extend(restored);
            watch_dpr(&mut me, weak.clone());
            if page_hidden() {
                me.player.hide(now_ms());
            }
            me.draw();
        }
        guard_class_once();
        Ok(BreathFlow {
            w: RefCell::new(Some(w)),
            busy: Cell::new(false),
        })
    }

    /// Start from the beginning (frame clock: session time 0 is now); resumes when paused.
    pub fn start(&self) -> Result<(), JsError> {
        self.act(|me, out| {
            let now = now_ms();
            if me.sound_on && me.sound.is_none() {
                me.sound = Sound::new();
            }
            if let Some(s) = me.sound.as_ref() {
                s.wake();
            }
            me.player.start(now, out);
        })
    }

    pub fn pause(&self) -> Result<(), JsError> {
        self.act(|me, out| me.player.pause(now_ms(), out))
    }

    pub fn resume(&self) -> Result<(), JsError> {
        self.act(|me, out| {
            let now = now_ms();
            if me.sound_on && me.sound.is_none() {
                me.sound = Sound::new();
            }
            if let Some(s) = me.sound.as_ref() {
                s.wake();
            }
            me.player.resume(now, out)
        })
    }

    /// Stop and go back to the beginning (status `idle`).
    pub fn stop(&self) -> Result<(), JsError> {
        self.act(|me, out| me.player.stop(out))
    }

    /// Skip to the next step (a flow) or to the end (a pattern).
    pub fn next(&self) -> Result<(), JsError> {
        self.act(|me, out| me.player.next(now_ms(), out))
    }

    /// Go back to the previous step, or to the start of this one when it is under way.
    pub fn previous(&self) -> Result<(), JsError> {
        self.act(|me, out| me.player.previous(now_ms(), out))
    }

    /// Manual clock: move to session time `ms`, draw that frame and fire every event crossed.
    /// Moving backward (scrubbing) redraws without firing events.
    pub fn tick(&self, ms: f64) -> Result<(), JsError> {
        if !ms.is_finite() || ms < 0.0 {
            return Err(JsError::new(&format!(
                "tick: ms must be a finite number ≥ 0, got {}",
                crate::read::num(ms)
            )));
        }
        self.try_act(&mut |me, out| {
            if me.clock != ClockMode::Manual {
                return Err(JsError::new("tick: needs the option clock: \"manual\" (this widget follows animation frames)"));
            }
            if me.player.status() == Status::Paused {
                // Time moving (and events firing) while the status says "paused" would be a
                // contradiction: the host resumes first.
                return Err(JsError::new(
                    "tick: this widget is paused; call resume() (or stop()) before tick()",
                ));
            }
            me.player.tick(ms, out);
            Ok(())
        })
    }

    /// A snapshot of the widget's state as a plain object.
    #[wasm_bindgen(unchecked_return_type = "BreathFlowState")]
    pub fn state(&self) -> Result<JsValue, JsError> {
        let w = self.rc()?;
        let mut me = live(&w)?;
        let mut t = me.player.now_ms();
        if me.clock == ClockMode::Frame {
            // Between frames (napping through a still picture, or with the canvas off screen and
            // no frames at all) the widget has not moved since it last did: report the present
            // time when no boundary lies in between, so nothing unreported is skipped; otherwise
            // (a late timer) stay at that time, which the next frame or timer moves on from.
            let live = me.player.live_ms(now_ms());
            if live > t {
                let mut scratch = std::mem::take(&mut me.scratch);
                scratch.clear();
                me.player.session().crossings(t, live, &mut scratch);
                if scratch.is_empty() {
                    t = live;
                }
                me.scratch = scratch;
            }
        }
        to_js(&BreathFlowState::of(&me.player, t))
    }

    /// Turn the phase tones on or off, now (the AudioContext is created on the next user gesture
    /// that calls `start()`/`resume()`, or now if running).
    #[wasm_bindgen(js_name = setSound)]
    pub fn set_sound(&self, on: bool) -> Result<(), JsError> {
        let w = self.rc()?;
        let mut me = live(&w)?;
        me.sound_on = on;
        if !on {
            me.sound = None;
        } else if me.sound.is_none() && me.player.status() == Status::Running {
            me.sound = Sound::new();
            if let Some(s) = me.sound.as_ref() {
                s.wake();
            }
        }
        me.sound_to = me.player.now_ms() - 0.5;
        // A nap wakes earlier with sound on (a tone's lookahead): work it out again.
        me.nap = None;
        me.reschedule();
        Ok(())
    }

    /// Turn vibration at phase changes on or off, now.
    #[wasm_bindgen(js_name = setHaptics)]
    pub fn set_haptics(&self, on: bool) -> Result<(), JsError> {
        live(&self.rc()?)?.haptics = on;
        Ok(())
    }

    /// The drawing commands of the frame last drawn: `{ cmds: [{ op: "moveTo", x, y }, …] }` (CSS px;
    /// …; see `src/scene.rs` for how each maps onto a Canvas 2D call). For hosts that replay the
    /// drawing elsewhere (an SVG, a test, the benchmark's JavaScript baseline).
    #[wasm_bindgen(js_name = drawCommands, unchecked_return_type = "{ cmds: Array<{ op: string } & Record<string, unknown>> }")]
    pub fn draw_commands(&self) -> Result<JsValue, JsError> {
        let w = self.rc()?;
        let me = live(&w)?;
        to_js(&me.scene)
    }

    /// Subscribe to `phase`, `breath`, `step`, `complete`, `status` or `countdown`; returns a
    /// function that unsubscribes.
    #[wasm_bindgen(unchecked_return_type = "() => void")]
    pub fn on(
        &self,
        #[wasm_bindgen(js_name = type, unchecked_param_type = "keyof BreathFlowEvents")]
        kind: JsValue,
        #[wasm_bindgen(unchecked_param_type = "(detail: any) => void")] listener: JsValue,
    ) -> Result<js_sys::Function, JsError> {
        let name = kind.as_string();
        let kind = EVENT_TYPES
            .iter()
            .copied()
            .find(|k| name.as_deref() == Some(*k))
            .ok_or_else(|| {
                // Not a string (a number, null, …): say what it is rather than echo it.
                let got = match &name {
                    Some(s) => crate::read::quote(s),
                    None if kind.is_null() => "null".into(),
                    None => format!(
                        "a value of type {}",
                        kind.js_typeof().as_string().unwrap_or_default()
                    ),
                };
                JsError::new(&format!(
                    "on: type must be one of {}, got {got}",
                    crate::text::join(&EVENT_TYPES, ", "),
                ))
            })?;
        let f: js_sys::Function = listener
            .dyn_into()
            .map_err(|_| JsError::new("on: listener must be a function"))?;
        let w = self.rc()?;
        let id = {
            let mut me = live(&w)?;
            let id = me.next_id;
            me.next_id += 1;
            me.subscribers.push(Subscriber { id, kind, f });
            id
        };
        let sub: JsValue = Subscription {
            w: Rc::downgrade(&w),
            id,
        }
        .into();
        let method: js_sys::Function = js_sys::Reflect::get(&sub, &"unsubscribe".into())
            .ok()
            .and_then(|m| m.dyn_into().ok())
            .ok_or_else(|| JsError::new("on: could not create the unsubscribe function"))?;
        Ok(method.bind0(&sub))
    }

    /// Release everything: frame, timers, listeners, observers, audio, and the session, scene and
    /// drawing buffers (all the instance holds in wasm memory but a few bytes, without waiting
    /// for `free()` or the garbage collector). Later calls throw; a second `destroy()` does
    /// nothing. Inside an event listener, no further event of this instance is delivered.
    pub fn destroy(&self) {
        // Dropping the last strong reference frees the widget, now or, when a delivery of its
        // events is under way (a listener called destroy()), as soon as that returns.
        let Some(w) = self.w.borrow_mut().take() else {
            return;
        };
        let Ok(mut me) = w.try_borrow_mut() else {
            return;
        };
        me.destroyed = true;
        me.outbox.clear();
        me.frames = None;
        me.nap = None;
        me.wake = None;
        me.wake_at = None;
        me.resize = None;
        me.on_screen_obs = None;
        me.visibility = None;
        me.media.clear();
        me.dpr_watch = None;
        me.sound = None;
        me.subscribers.clear();
    }

    /// Whether a call on this instance, or a delivery of its events, is under way: `free()` is
    /// refused then (see `guardClass` in `src/web/dom.js`). Not part of the API.
    #[wasm_bindgen(js_name = __inUse, skip_typescript)]
    pub fn in_use(&self) -> bool {
        self.busy.get()
            || self
                .w
                .borrow()
                .as_ref()
                .is_some_and(|w| w.try_borrow().map_or(true, |me| me.dispatching))
    }
}

thread_local! {
    static GUARDED: Cell<bool> = const { Cell::new(false) };
}

/// Once per module: have the JS class check each call for a freed instance and refuse `free()`
/// while the instance is in use (see `guardClass` in `src/web/dom.js`), given a throwaway
/// instance (which it frees) to find the class by.
fn guard_class_once() {
    if GUARDED.with(|g| g.replace(true)) {
        return;
    }
    let probe: JsValue = BreathFlow {
        w: RefCell::new(None),
        busy: Cell::new(false),
    }
    .into();
    crate::web::dom::guard_class(&probe, "BreathFlow");
}

