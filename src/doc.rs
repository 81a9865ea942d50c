//! A small reader over [`json::Value`] that validates while it reads and reports JSON paths.
//!
//! Serde's derive would accept documents too, but its errors have no path and it cannot check
//! ranges, so patterns, flows and options are read field by field through [`Obj`], which:
//! - refuses unknown fields (typos must not be silently ignored),
//! - checks types and ranges, refusing non-finite numbers,
//! - caps text length at [`MAX_TEXT_CHARS`] characters.

use crate::error::{Result, ValidationError};
use crate::json::{self, Value};

/// Longest text (title, cue, description) accepted, in characters.
pub const MAX_TEXT_CHARS: usize = 2000;

/// Join a parent path and a field name: `join("steps[1]", "seconds")` → `"steps[1].seconds"`.
pub fn join(parent: &str, field: &str) -> String {
    if field.is_empty() {
        // An empty key (legal JSON) would otherwise vanish from the path: `phases[0][""]`.
        format!("{parent}[\"\"]")
    } else if parent.is_empty() {
        field.to_string()
    } else {
        format!("{parent}.{field}")
    }
}

/// Path of an array element: `index("steps", 3)` → `"steps[3]"`.
pub fn index(parent: &str, i: usize) -> String {
    format!("{parent}[{i}]")
}

/// A text quoted for a message: `"wim"` (JSON escapes; Rust's `{:?}` would link its Unicode
/// escaping tables).
pub fn quote(s: &str) -> String {
    let mut out = String::new();
    json::write_string(s, &mut out);
    out
}

/// A human name for a JSON value's type, for "must be a number, got a string" messages.
pub fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Format a number the way a person wrote it: `5` not `5.0`, `2.5` as is.
/// (One number formatter for the whole crate, [`json::fmt_number`]: core's float formatting is
/// about 15 KB of wasm.)
pub fn num(x: f64) -> String {
    if x.is_nan() {
        "NaN".into()
    } else if x.is_infinite() {
        if x > 0.0 { "inf" } else { "-inf" }.into()
    } else {
        json::fmt_number(x)
    }
}

/// A JSON object being read at `path`.
pub struct Obj<'a> {
    pub path: String,
    map: &'a [(String, Value)],
}

impl<'a> Obj<'a> {
    /// Read `v` as an object, or fail with "must be an object".
    pub fn new(v: &'a Value, path: &str) -> Result<Self> {
        match v {
            Value::Object(map) => Ok(Obj {
                path: path.to_string(),
                map,
            }),
            other => Err(ValidationError::new(
                path,
                format!("must be an object, got {}", type_name(other)),
            )),
        }
    }

    /// Fail on the first field not in `allowed` (in document order), naming the fields allowed.
    pub fn only(&self, allowed: &[&str]) -> Result<()> {
        for (key, _) in self.map {
            if !allowed.contains(&key.as_str()) {
                return Err(ValidationError::new(
                    join(&self.path, key),
                    format!(
                        "unknown field; allowed fields are {}",
                        crate::text::join(allowed, ", ")
                    ),
                ));
            }
        }
        Ok(())
    }

    /// Path of a field of this object.
    pub fn at(&self, field: &str) -> String {
        join(&self.path, field)
    }

    /// The raw value of a field, treating `null` as absent.
    pub fn get(&self, field: &str) -> Option<&'a Value> {
        match self.map.iter().find(|(k, _)| k == field) {
            None | Some((_, Value::Null)) => None,
            Some((_, v)) => Some(v),
        }
    }

    /// A required field's raw value.
    pub fn req(&self, field: &str) -> Result<&'a Value> {
        self.get(field)
            .ok_or_else(|| ValidationError::new(self.at(field), "is required"))
    }

    /// An optional string of at most [`MAX_TEXT_CHARS`] characters.
    pub fn opt_str(&self, field: &str) -> Result<Option<String>> {
        match self.get(field) {
            None => Ok(None),
            Some(v) => text(v, &self.at(field)).map(Some),
        }
    }

    /// A required, non-empty string of at most [`MAX_TEXT_CHARS`] characters.
    pub fn req_str(&self, field: &str) -> Result<String> {
        let s = text(self.req(field)?, &self.at(field))?;
        if s.trim().is_empty() {
            return Err(ValidationError::new(self.at(field), "must not be empty"));
        }
        Ok(s)
    }

    /// An optional finite number within `min..=max`; `unit` is appended to the rule ("s", "breaths").
    pub fn opt_num(&self, field: &str, min: f64, max: f64, unit: &str) -> Result<Option<f64>> {
        match self.get(field) {
            None => Ok(None),
            Some(v) => number(v, &self.at(field), min, max, unit).map(Some),
        }
    }

    /// An optional whole number within `min..=max`.
    pub fn opt_int(&self, field: &str, min: u32, max: u32, unit: &str) -> Result<Option<u32>> {
        match self.get(field) {
            None => Ok(None),
            Some(v) => integer(v, &self.at(field), min, max, unit).map(Some),
        }
    }

    /// An optional boolean.
    pub fn opt_bool(&self, field: &str) -> Result<Option<bool>> {
        match self.get(field) {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(other) => Err(ValidationError::new(
                self.at(field),
                format!("must be true or false, got {}", type_name(other)),
            )),
        }
    }

    /// An optional array of strings, each at most [`MAX_TEXT_CHARS`] characters, at most `max_len` items.
    pub fn opt_str_list(&self, field: &str, max_len: usize) -> Result<Option<Vec<String>>> {
        let Some(v) = self.get(field) else {
            return Ok(None);
        };
        let path = self.at(field);
        let items = array(v, &path)?;
        if items.len() > max_len {
            return Err(ValidationError::new(
                path,
                format!("must have at most {max_len} items, got {}", items.len()),
            ));
        }
        let mut out = Vec::with_capacity(items.len());
        for (i, it) in items.iter().enumerate() {
            out.push(text(it, &index(&path, i))?);
        }
        Ok(Some(out))
    }
}

/// Read a string of at most [`MAX_TEXT_CHARS`] characters.
pub fn text(v: &Value, path: &str) -> Result<String> {
    match v {
        Value::String(s) => {
            let n = crate::text::char_count(s);
            if n > MAX_TEXT_CHARS {
                Err(ValidationError::new(
                    path,
                    format!("must be at most {MAX_TEXT_CHARS} characters, got {n}"),
                ))
            } else {
                Ok(s.clone())
            }
        }
        other => Err(ValidationError::new(
            path,
            format!("must be a string, got {}", type_name(other)),
        )),
    }
}

/// Read an array.
pub fn array<'a>(v: &'a Value, path: &str) -> Result<&'a Vec<Value>> {
    match v {
        Value::Array(a) => Ok(a),
        other => Err(ValidationError::new(
            path,
            format!("must be an array, got {}", type_name(other)),
        )),
    }
}

/// Read a finite number within `min..=max`. The rule reads `must be 1–3600 s, got -5`.
pub fn number(v: &Value, path: &str, min: f64, max: f64, unit: &str) -> Result<f64> {
    let range = if unit.is_empty() {
        format!("{}–{}", num(min), num(max))
    } else {
        format!("{}–{} {unit}", num(min), num(max))
    };
    match v {
        // Parsed numbers are always finite (the parser refuses what overflows an f64).
        &Value::Number(x) => {
            if !x.is_finite() || x < min || x > max {
                Err(ValidationError::new(
                    path,
                    format!("must be {range}, got {}", num(x)),
                ))
            } else {
                Ok(x)
            }
        }
        other => Err(ValidationError::new(
            path,
            format!("must be a number in {range}, got {}", type_name(other)),
        )),
    }
}

/// Read a whole number within `min..=max`.
pub fn integer(v: &Value, path: &str, min: u32, max: u32, unit: &str) -> Result<u32> {
    let x = number(v, path, min as f64, max as f64, unit)?;
    if x.fract() != 0.0 {
        return Err(ValidationError::new(
            path,
            format!("must be a whole number, got {}", num(x)),
        ));
    }
    Ok(x as u32)
}

/// Parse JSON text into a value, reporting the line and column of a syntax error.
pub fn parse_json(text: &str) -> Result<Value> {
    json::parse(text).map_err(|e| ValidationError::new("", format!("is not valid JSON: {e}")))
}
