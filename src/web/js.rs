//! JS values in and out through serde-wasm-bindgen.
//!
//! In: any JS value becomes a [`serde_json::Value`] (the documents' readers take that), refusing
//! what JSON cannot hold with the path where it sits: `NaN` and `Infinity`
//! (`options.flow.steps[1].seconds: must be a finite number, got NaN`), functions, and nesting
//! deeper than [`MAX_DEPTH`] (which is also how a cyclic object ends). `undefined` reads as `null`.
//! Out: any `Serialize` value as plain objects and arrays (`Serializer::json_compatible`: never a
//! `Map`, 64-bit integers as numbers).

use crate::error::ValidationError;
use crate::model::read;
use serde::de::{DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde::Serialize;
use serde_json::{Map, Number, Value};
use wasm_bindgen::{JsError, JsValue};

/// Deepest nesting of arrays and objects read, far beyond any document (a flow is 5 deep).
pub const MAX_DEPTH: usize = 32;

/// Read a JS value at `root` (the argument's name, e.g. `options`).
pub fn from_js(v: &JsValue, root: &str) -> Result<Value, JsError> {
    let de = serde_wasm_bindgen::Deserializer::from(v.clone());
    let mut track = serde_path_to_error::Track::new();
    let de = serde_path_to_error::Deserializer::new(de, &mut track);
    Finite(0).deserialize(de).map_err(|e| {
        let path = read::path_of(root, &track.path());
        let msg = e.to_string();
        err(read::rephrase(&path, msg.trim_start_matches("Error: ")))
    })
}

/// A value as a plain JS object, array, string, number, boolean or `null`.
pub fn to_js<T: Serialize + ?Sized>(v: &T) -> Result<JsValue, JsError> {
    v.serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&format!("breathflow: could not convert a result: {e}")))
}

/// An engine error as a JS `Error` (message `path: rule`).
pub fn err(e: ValidationError) -> JsError {
    JsError::new(&e.to_string())
}

/// Reads one value `depth` levels down.
struct Finite(usize);

impl<'de> DeserializeSeed<'de> for Finite {
    type Value = Value;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl Finite {
    fn deeper<E: serde::de::Error>(&self) -> Result<Finite, E> {
        if self.0 >= MAX_DEPTH {
            Err(E::custom(format!(
                "is nested more than {MAX_DEPTH} levels deep (or refers to itself)"
            )))
        } else {
            Ok(Finite(self.0 + 1))
        }
    }
}

impl<'de> Visitor<'de> for Finite {
    type Value = Value;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("JSON data (an object, array, string, number, boolean or null)")
    }
    fn visit_bool<E>(self, b: bool) -> Result<Value, E> {
        Ok(Value::Bool(b))
    }
    fn visit_i64<E>(self, n: i64) -> Result<Value, E> {
        Ok(Value::Number(n.into()))
    }
    fn visit_u64<E>(self, n: u64) -> Result<Value, E> {
        Ok(Value::Number(n.into()))
    }
    fn visit_f64<E: serde::de::Error>(self, x: f64) -> Result<Value, E> {
        Number::from_f64(x)
            .map(Value::Number)
            .ok_or_else(|| E::custom(format!("must be a finite number, got {}", read::num(x))))
    }
    fn visit_str<E>(self, s: &str) -> Result<Value, E> {
        Ok(Value::String(s.to_string()))
    }
    fn visit_string<E>(self, s: String) -> Result<Value, E> {
        Ok(Value::String(s))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut out = Vec::new();
        while let Some(v) = seq.next_element_seed(self.deeper()?)? {
            out.push(v);
        }
        Ok(Value::Array(out))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(k) = map.next_key::<String>()? {
            let v = map.next_value_seed(self.deeper()?)?;
            out.insert(k, v);
        }
        Ok(Value::Object(out))
    }
}
