//! The callbacks that move a widget on by themselves: each animation frame, the wake timer at the
//! next boundary (events on time while off screen), and the device-pixel-ratio watch.

use super::events::dispatch;
use super::{with_live, Widget};
use crate::engine::schedule;
use crate::options::ClockMode;
use crate::web::dom::{now_ms, window, Listener};
use crate::web::panic;
use gloo_timers::callback::Timeout;
use std::cell::RefCell;
use std::rc::Weak;

/// One frame, or the wake timer at a boundary: advance, dispatch the events, then draw (the timer
/// only when the canvas is on screen) and schedule.
pub(super) fn on_frame(weak: &Weak<RefCell<Widget>>, ts: f64, draw: bool) {
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
    // A frame that comes while the picture drawn last still looks the same enough (the figure
    // has moved less than a device px) is not drawn.
    let due = if draw {
        let t = me.player.now_ms();
        schedule::frame_draws(t, me.drawn_ms, me.quiet.moves_at)
    } else {
        me.on_screen
    };
    if due {
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

/// While off screen: a timeout at the next boundary so events (and tones) stay on time.
pub(super) fn arm_wake(me: &mut Widget, weak: Weak<RefCell<Widget>>) {
    let now = me.player.now_ms();
    let mut scratch = std::mem::take(&mut me.scratch);
    let wake = schedule::next_wake(me.player.session(), now, &mut scratch);
    me.scratch = scratch;
    // Frames call this every frame: keep a timer already set for that boundary (or, with none
    // within the horizon, the fallback: u64::MAX).
    let key = wake.at_ms.unwrap_or(u64::MAX);
    if me.wake.is_some() && me.wake_at == Some(key) {
        return;
    }
    me.wake_at = Some(key);
    me.wake = Some(Timeout::new(wake.delay_ms.ceil() as u32, move || {
        on_frame(&weak, now_ms(), false)
    }));
}

/// Listen for the device pixel ratio to leave its present value (see `Widget::dpr_watch`); on
/// that, refit, redraw, and listen again for the new ratio.
pub(super) fn watch_dpr(me: &mut Widget, weak: Weak<RefCell<Widget>>) {
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
