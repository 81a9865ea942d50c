//! Event delivery: notices handed to `on()` subscribers and dispatched as `breathflow:<type>` DOM
//! events, in order and with no borrow held, with vibration at phase changes.

use super::Widget;
use crate::engine::state::StatusEvent;
use crate::pattern::PhaseKind;
use crate::player::Notice;
use crate::session::Event;
use crate::web::dom::window;
use crate::web::js::to_js;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

/// Event types a host can listen to with `on()` (and as `breathflow:<type>` DOM events).
pub const EVENT_TYPES: [&str; 6] = ["phase", "breath", "step", "complete", "status", "countdown"];

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
pub(super) fn dispatch(w: &Rc<RefCell<Widget>>) {
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
