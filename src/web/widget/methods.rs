//! The methods hosts call from JS (`start`, `pause`, `tick`, `state`, `on`, `destroy`, …), and the
//! one path every action takes: borrow, act, deliver the events, draw, reschedule.

use super::callbacks::arm_wake;
use super::events::{dispatch, EVENT_TYPES};
use super::{live, BreathFlow, Subscriber, Subscription, Widget};
use crate::frame_state;
use crate::options::ClockMode;
use crate::player::{Notice, Status};
use crate::web::dom::now_ms;
use crate::web::js::to_js;
use crate::web::locale::with_lang;
use crate::web::panic;
use crate::web::sound::Sound;
use crate::words::Words;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

/// What [`BreathFlow::try_act`] runs on the widget: it may refuse with an error (before changing
/// anything), and pushes the notices it produces.
type Step<'a> = dyn FnMut(&mut Widget, &mut Vec<Notice>) -> Result<(), JsError> + 'a;

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
        crate::web::enter()?;
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
        let size = me.painter.css_size;
        to_js(&frame_state::state_in(&me.player, t, size, &me.words))
    }

    /// Show the canvas's words and the practice's texts in `locale` from now on (a BCP 47 tag,
    /// resolved against the registered locales as the `locale` option is; `null` or `undefined`
    /// for English), keeping the session where it is. Returns the locale in use.
    #[wasm_bindgen(js_name = setLocale)]
    pub fn set_locale(&self, locale: Option<String>) -> Result<String, JsError> {
        let mut tag = String::new();
        self.try_act(&mut |me, _| {
            let (session, words) = with_lang(locale.as_deref(), |lang| {
                (me.options.session_in(lang), Words::new(lang))
            });
            let session = session.map_err(crate::web::js::err)?;
            me.player.retext(session).map_err(|_| {
                JsError::new("locale: the practice in this language does not keep its timing")
            })?;
            tag.clone_from(&words.tag);
            me.words = words;
            me.painter.shows_last = false;
            Ok(())
        })?;
        Ok(tag)
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
