//! One animation-frame request at a time, cancelled and released on drop.
//!
//! The `Closure` is created once and stored here (never `forget()`-ed per frame). The frame
//! callback is handed the `requestAnimationFrame` timestamp (ms, same origin as
//! `performance.now()`); it decides itself whether to ask for another frame with [`FrameLoop::request`].
//! The callback must not own the `FrameLoop` strongly (hold a `Weak` to whatever owns it), or
//! the two would keep each other alive.

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// The frame callback (called with the frame's timestamp in ms).
type FrameCallback = Closure<dyn FnMut(f64)>;

struct Shared {
    /// Id of the request in flight, if any.
    pending: Cell<Option<i32>>,
    closure: RefCell<Option<FrameCallback>>,
}

impl Shared {
    fn request(&self) {
        if self.pending.get().is_some() {
            return;
        }
        let Some(window) = crate::web::dom::window() else {
            return;
        };
        let closure = self.closure.borrow();
        let Some(closure) = closure.as_ref() else {
            return;
        };
        if let Ok(id) = window.request_animation_frame(closure.as_ref().unchecked_ref()) {
            self.pending.set(Some(id));
        }
    }
}

/// An animation-frame scheduler with at most one request in flight.
#[must_use = "dropping a FrameLoop cancels its frame"]
pub struct FrameLoop {
    shared: Rc<Shared>,
}

impl FrameLoop {
    /// Wrap `on_frame`, which is called with the frame timestamp in ms.
    pub fn new(mut on_frame: impl FnMut(f64) + 'static) -> FrameLoop {
        let shared = Rc::new(Shared {
            pending: Cell::new(None),
            closure: RefCell::new(None),
        });
        let weak: Weak<Shared> = Rc::downgrade(&shared);
        let closure = Closure::<dyn FnMut(f64)>::new(move |ts: f64| {
            if let Some(s) = weak.upgrade() {
                s.pending.set(None);
            }
            on_frame(ts);
        });
        *shared.closure.borrow_mut() = Some(closure);
        FrameLoop { shared }
    }

    /// Ask for one frame unless one is already in flight.
    pub fn request(&self) {
        self.shared.request();
    }

    /// A function that does what [`FrameLoop::request`] does while this loop lives, and nothing
    /// once it is dropped (for a timer that should not keep the loop alive).
    pub fn requester(&self) -> impl Fn() + 'static {
        let weak = Rc::downgrade(&self.shared);
        move || {
            if let Some(s) = weak.upgrade() {
                s.request();
            }
        }
    }

    /// Cancel the frame in flight, if any.
    pub fn cancel(&self) {
        if let Some(id) = self.shared.pending.take() {
            if let Some(window) = crate::web::dom::window() {
                let _ = window.cancel_animation_frame(id);
            }
        }
    }

    /// Whether a frame request is outstanding.
    pub fn in_flight(&self) -> bool {
        self.shared.pending.get().is_some()
    }
}

impl Drop for FrameLoop {
    fn drop(&mut self) {
        self.cancel();
        // Dropping the Closure releases the JS function; wasm-bindgen defers the release until
        // the callback returns if it is running right now (destroy() called from an event).
        self.shared.closure.borrow_mut().take();
    }
}
