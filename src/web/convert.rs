//! JS values in and out: `JsValue` ⇄ `serde_json::Value`, plain objects (never `Map`s) for hosts,
//! and engine errors as JS `Error`s whose message names the path and the rule.

use crate::error::ValidationError;
use serde::Serialize;
use serde_json::Value;
use wasm_bindgen::{JsError, JsValue};

/// Read any JS value as JSON (`undefined` → `null`). Functions, symbols and the like are refused
/// with a message naming `what`.
pub fn to_json(v: &JsValue, what: &str) -> Result<Value, JsError> {
    if v.is_undefined() {
        return Ok(Value::Null);
    }
    serde_wasm_bindgen::from_value::<Value>(v.clone()).map_err(|e| {
        JsError::new(&format!(
            "{what}: must be plain JSON data (objects, arrays, strings, numbers, booleans): {e}"
        ))
    })
}

/// A Rust value as a plain JS object/array.
pub fn to_js<T: Serialize + ?Sized>(v: &T) -> Result<JsValue, JsError> {
    v.serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| {
            JsError::new(&format!(
                "breathflow: could not convert a result for JavaScript: {e}"
            ))
        })
}

/// An engine error as a JS `Error` (message `path: rule`).
pub fn err(e: ValidationError) -> JsError {
    JsError::new(&e.to_string())
}
