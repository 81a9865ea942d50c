//! Construction: `new BreathFlow(canvas, options)` builds the widget and wires its frame loop,
//! observers and listeners; the class guard is installed once per module.

use super::callbacks::{arm_wake, on_frame, watch_dpr};
use super::{with_live, BreathFlow, Widget};
use crate::engine::schedule::Quiet;
use crate::options::{ClockMode, Options, Repaint};
use crate::player::Player;
use crate::scene::Scene;
use crate::web::canvas::Painter;
use crate::web::dom::{now_ms, page_hidden, window, Listener, OnScreen, Resize};
use crate::web::frame_loop::FrameLoop;
use crate::web::js::{err, from_js};
use crate::web::locale::with_lang;
use crate::web::panic;
use crate::words::Words;
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

fn prefers_reduced_motion() -> bool {
    window()
        .and_then(|w| {
            w.match_media("(prefers-reduced-motion: reduce)")
                .ok()
                .flatten()
        })
        .is_some_and(|m| m.matches())
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
        crate::web::enter()?;
        let canvas: HtmlCanvasElement = canvas.dyn_into().map_err(|_| {
            JsError::new("canvas: must be an HTMLCanvasElement (pass the element, not an id)")
        })?;
        let opts = Options::from_value(&from_js(&options, "options")?).map_err(err)?;
        let (session, words) = with_lang(opts.locale.as_deref(), |lang| {
            (opts.session_in(lang), Words::new(lang))
        });
        let session = session.map_err(err)?;
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
            quiet: Quiet::NONE,
            drawn_ms: f64::NEG_INFINITY,
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
            words,
            dispatching: false,
            scratch: Vec::new(),
            label: String::new(),
            options: opts,
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
                    me.quiet = Quiet::NONE;
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
                            me.quiet = Quiet::NONE;
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
