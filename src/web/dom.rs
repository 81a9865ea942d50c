//! Handles for DOM subscriptions that undo themselves on drop: event listeners, ResizeObserver,
//! IntersectionObserver. Each keeps its `Closure` alive exactly as long as the subscription.

use gloo_events::EventListener;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::JsCast;
use web_sys::{
    Element, Event, EventTarget, IntersectionObserver, IntersectionObserverEntry, ResizeObserver,
};

/// An event listener removed when dropped: gloo's [`EventListener`], made from a callback that
/// takes the event by value, as the widget's handles do.
#[must_use = "dropping a Listener removes it"]
pub struct Listener(#[allow(dead_code)] EventListener);

impl Listener {
    pub fn new(
        target: &EventTarget,
        kind: &'static str,
        mut f: impl FnMut(Event) + 'static,
    ) -> Option<Listener> {
        Some(Listener(EventListener::new(target, kind, move |e| {
            f(e.clone())
        })))
    }
}

/// A ResizeObserver on one element, disconnected when dropped.
#[must_use = "dropping a Resize disconnects it"]
pub struct Resize {
    observer: ResizeObserver,
    _closure: Closure<dyn FnMut(js_sys::Array)>,
}

impl Resize {
    pub fn new(target: &Element, mut f: impl FnMut() + 'static) -> Option<Resize> {
        let closure = Closure::<dyn FnMut(js_sys::Array)>::new(move |_entries| f());
        let observer = ResizeObserver::new(closure.as_ref().unchecked_ref()).ok()?;
        observer.observe(target);
        Some(Resize {
            observer,
            _closure: closure,
        })
    }
}

impl Drop for Resize {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}

/// An IntersectionObserver on one element reporting whether any of it is on screen.
#[must_use = "dropping a Visibility disconnects it"]
pub struct OnScreen {
    observer: IntersectionObserver,
    _closure: Closure<dyn FnMut(js_sys::Array)>,
}

impl OnScreen {
    pub fn new(target: &Element, mut f: impl FnMut(bool) + 'static) -> Option<OnScreen> {
        let closure = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
            // The last entry is the newest state of the one observed element.
            if let Some(e) = entries
                .iter()
                .last()
                .and_then(|e| e.dyn_into::<IntersectionObserverEntry>().ok())
            {
                f(e.is_intersecting());
            }
        });
        let observer = IntersectionObserver::new(closure.as_ref().unchecked_ref()).ok()?;
        observer.observe(target);
        Some(OnScreen {
            observer,
            _closure: closure,
        })
    }
}

impl Drop for OnScreen {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}

#[wasm_bindgen(module = "/src/web/dom.js")]
extern "C" {
    /// The page's `window` (None in a worker).
    #[wasm_bindgen(js_name = pageWindow)]
    pub fn window() -> Option<web_sys::Window>;
    /// Dispatch a CustomEvent that bubbles out of shadow roots (see `src/web/dom.js`).
    pub fn emit(target: &web_sys::EventTarget, kind: &str, detail: &wasm_bindgen::JsValue);
    /// Guard the methods of an exported class, found from `probe` (freed after): see
    /// `src/web/dom.js`.
    #[wasm_bindgen(js_name = guardClass)]
    pub fn guard_class(probe: &wasm_bindgen::JsValue, name: &str);
}

/// Whether the document is hidden right now.
pub fn page_hidden() -> bool {
    window()
        .and_then(|w| w.document())
        .is_some_and(|d| d.hidden())
}

thread_local! {
    /// `window.performance`, looked up once.
    static PERFORMANCE: Option<web_sys::Performance> = window().and_then(|w| w.performance());
}

/// `performance.now()` in ms, the clock animation-frame timestamps share.
pub fn now_ms() -> f64 {
    PERFORMANCE.with(|p| p.as_ref().map_or(0.0, |p| p.now()))
}
