//! JS values in and out, through JSON text: `JSON.stringify` → [`crate::json::parse`] on the way
//! in, [`Value::write`] → `JSON.parse` on the way out. Hosts get plain objects and arrays (never
//! `Map`s), and the module carries one JSON codec (its own, which it needs for the library anyway)
//! instead of a second, JsValue-walking one.

use crate::error::ValidationError;
use crate::json::{self, Value};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsError, JsValue};

/// Read any JS value as JSON (`undefined` → `null`). Non-finite numbers, which JSON would turn into
/// `null` silently, are refused, as are cycles and BigInts; functions inside objects are skipped
/// like `undefined` (as `JSON.stringify` does). `what` names the argument in messages.
pub fn to_json(v: &JsValue, what: &str) -> Result<Value, JsError> {
    if v.is_undefined() {
        return Ok(Value::Null);
    }
    if v.is_function() {
        return Err(JsError::new(&format!("{what}: must be JSON data (an object, array, string, number or boolean), got a function")));
    }
    let bad: std::rc::Rc<std::cell::Cell<Option<String>>> = Default::default();
    let seen = bad.clone();
    let replacer = Closure::<dyn FnMut(JsValue, JsValue) -> JsValue>::new(
        move |key: JsValue, value: JsValue| {
            if let Some(x) = value.as_f64() {
                if !x.is_finite() {
                    let key = key.as_string().unwrap_or_default();
                    seen.set(Some(format!(
                        "{what_key} is {}",
                        crate::doc::num(x),
                        what_key = if key.is_empty() {
                            "the value".into()
                        } else {
                            format!("field {}", crate::doc::quote(&key))
                        }
                    )));
                    return JsValue::NULL;
                }
            }
            value
        },
    );
    let text = js_sys::JSON::stringify_with_replacer(v, replacer.as_ref().unchecked_ref())
        .map_err(|e| {
            let msg = e
                .dyn_ref::<js_sys::Error>()
                .map(|e| String::from(e.message()))
                .unwrap_or_default();
            JsError::new(&format!(
                "{what}: must be JSON data (no cycles or BigInts): {msg}"
            ))
        })?;
    if let Some(problem) = bad.take() {
        return Err(JsError::new(&format!(
            "{what}: numbers must be finite, but {problem}"
        )));
    }
    let Some(text) = text.as_string() else {
        return Ok(Value::Null);
    };
    json::parse(&text).map_err(|e| JsError::new(&format!("{what}: could not be read as JSON: {e}")))
}

/// A JSON value as a plain JS object/array (non-finite numbers, which the engine never produces in
/// results, would arrive as `null`).
pub fn to_js(v: &Value) -> Result<JsValue, JsError> {
    let mut text = String::new();
    v.write(&mut text);
    js_sys::JSON::parse(&text)
        .map_err(|_| JsError::new("breathflow: could not convert a result for JavaScript"))
}

/// An engine error as a JS `Error` (message `path: rule`).
pub fn err(e: ValidationError) -> JsError {
    // The Display text, built by hand: `to_string()` would go through `core::fmt`.
    let mut msg = e.path;
    if msg.is_empty() {
        msg = e.rule;
    } else {
        msg.push_str(": ");
        msg.push_str(&e.rule);
    }
    JsError::new(&msg)
}
