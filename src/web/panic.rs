//! Panic handling for the whole module.
//!
//! A panic in wasm aborts (`panic = "abort"`): no unwinding, no `Drop`, and any `RefCell` that was
//! borrowed stays borrowed. So the hook logs the message with `console.error` and flips one
//! module-wide flag; every exported method and every callback checks [`failed`] first and returns
//! early (methods throw a readable `Error`), and widgets paint a short message instead of freezing.
//! This flag is the one piece of global state: a failed module is failed for every instance.

use std::cell::Cell;
use std::sync::Once;
use wasm_bindgen::JsError;

thread_local! {
    static FAILED: Cell<bool> = const { Cell::new(false) };
}

/// Text painted on a widget's canvas once the module has failed.
pub const FAILED_MESSAGE: &str = "breathflow stopped after an internal error (see the console)";

/// Install the hook once per page; harmless to call many times.
pub fn install() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
            FAILED.with(|f| f.set(true));
            web_sys::console::error_1(&format!("breathflow: internal error: {info}").into());
        }));
    });
}

/// True once any panic has happened in this module.
pub fn failed() -> bool {
    FAILED.with(|f| f.get())
}

/// `Err` to return from an exported method when the module has failed.
pub fn check() -> Result<(), JsError> {
    if failed() {
        Err(JsError::new(FAILED_MESSAGE))
    } else {
        Ok(())
    }
}
