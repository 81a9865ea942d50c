//! Reading documents: serde does the reading, this module says what went wrong in the project's
//! words.
//!
//! A document (pattern, flow, options) arrives as a [`serde_json::Value`]: natively from JSON
//! text, in the browser from a JS value through serde-wasm-bindgen. [`read`] deserialises it into
//! the document's serde type with `serde_path_to_error`, so a type error names its JSON path; the
//! type's `validate` pass then adds ranges and rules with the same path syntax
//! (`steps[1].seconds: must be 1–3600 s, got -5`). Serde's own messages are rephrased into the
//! same style (`must be a number, got a string`; `unknown field; allowed fields are …`) so that a
//! person reads one kind of message, whichever step found the problem.

use crate::error::{Result, ValidationError};
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Longest text (title, cue, description) accepted, in characters.
pub const MAX_TEXT_CHARS: usize = 2000;

/// Longest echo of a person's input inside a message, in characters: a 10 MB shorthand is quoted
/// by its first 60 characters and an ellipsis, so the message stays readable and small.
pub const MAX_ECHO_CHARS: usize = 60;

/// Join a parent path and a field name: `join("steps[1]", "seconds")` → `"steps[1].seconds"`.
pub fn join(parent: &str, field: &str) -> String {
    if field.is_empty() {
        parent.to_string()
    } else if parent.is_empty() {
        field.to_string()
    } else if field.starts_with('[') {
        format!("{parent}{field}")
    } else {
        format!("{parent}.{field}")
    }
}

/// Path of an array element: `index("steps", 3)` → `"steps[3]"`.
pub fn index(parent: &str, i: usize) -> String {
    format!("{parent}[{i}]")
}

/// Path of an object's entry whose key is not a name: `key("texts", "de")` → `texts["de"]`.
pub fn key(parent: &str, k: &str) -> String {
    format!("{parent}[{}]", quote(k))
}

/// A person's text quoted for a message, as JSON writes it (`"wim"`), cut to
/// [`MAX_ECHO_CHARS`] characters.
pub fn quote(s: &str) -> String {
    let clipped: String = s.chars().take(MAX_ECHO_CHARS).collect();
    let mut q = serde_json::to_string(&clipped).unwrap_or_default();
    if clipped.len() < s.len() {
        q.insert(q.len() - 1, '…');
    }
    q
}

/// A number as a person wrote it: `5` not `5.0`; `NaN`, `inf`.
pub fn num(x: f64) -> String {
    if x.is_nan() {
        "NaN".into()
    } else if x.is_infinite() {
        if x > 0.0 { "inf" } else { "-inf" }.into()
    } else {
        format!("{x}")
    }
}

/// A value echoed in a message: strings quoted and cut, numbers as written, other values by type.
pub fn echo(v: &Value) -> String {
    match v {
        Value::String(s) => quote(s),
        Value::Number(n) => n.as_f64().map(num).unwrap_or_else(|| n.to_string()),
        Value::Bool(b) => b.to_string(),
        other => type_name(other).to_string(),
    }
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

/// Deserialise `v` as `T`, naming the path (under `root`) of the first value that does not fit.
pub fn read<T: DeserializeOwned>(v: &Value, root: &str) -> Result<T> {
    serde_path_to_error::deserialize(v)
        .map_err(|e| rephrase(&path_of(root, e.path()), &e.inner().to_string()))
}

/// [`read`] a document that must be an object (a struct would also take an array, field by
/// field in order).
pub fn read_object<T: DeserializeOwned>(v: &Value, root: &str) -> Result<T> {
    if !v.is_object() {
        return Err(ValidationError::new(
            root,
            format!("must be an object, got {}", type_name(v)),
        ));
    }
    read(v, root)
}

/// A tracked path in the crate's syntax under `root`: `steps[1].seconds`, an empty key as
/// `[""]`.
pub fn path_of(root: &str, path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = root.to_string();
    for seg in path.iter() {
        match seg {
            Segment::Seq { index: i } => out = index(&out, *i),
            Segment::Map { key } if key.is_empty() => out.push_str("[\"\"]"),
            Segment::Map { key } | Segment::Enum { variant: key } => out = join(&out, key),
            Segment::Unknown => {}
        }
    }
    out
}

/// Serde's message in the project's words, at `path`.
pub fn rephrase(path: &str, msg: &str) -> ValidationError {
    // A field given `null` (which counts as absent) that must be there.
    if msg.starts_with("invalid type: null, ") && !path.ends_with(']') {
        return ValidationError::new(path, "is required");
    }
    // `invalid type: string "a", expected f64`
    if let Some(rest) = msg.strip_prefix("invalid type: ") {
        if let Some((got, expected)) = rest.split_once(", expected ") {
            return ValidationError::new(
                path,
                format!("must be {}, got {}", expected_name(expected), got_name(got)),
            );
        }
    }
    // `invalid value: string "yes", expected "auto", true or false`
    if let Some(rest) = msg.strip_prefix("invalid value: ") {
        if let Some((got, expected)) = rest.split_once(", expected ") {
            let got = got
                .strip_prefix("string ")
                .map(|q| quote(q.trim_matches('"')))
                .unwrap_or_else(|| got_name(got).to_string());
            return ValidationError::new(
                path,
                format!("must be {}, got {got}", expected_name(expected)),
            );
        }
    }
    // `unknown field `x`, expected one of `a`, `b`` (or `expected `a``, `there are no fields`)
    if let Some(rest) = msg.strip_prefix("unknown field `") {
        let (_, allowed) = rest.split_once('`').unwrap_or((rest, ""));
        let names = backticked(allowed);
        let rule = if names.is_empty() {
            "unknown field".to_string()
        } else {
            format!("unknown field; allowed fields are {}", names.join(", "))
        };
        return ValidationError::new(path, rule);
    }
    // `unknown variant `x`, expected one of `a`, `b``
    if let Some(rest) = msg.strip_prefix("unknown variant `") {
        let (got, allowed) = rest.rsplit_once("`, expected ").unwrap_or((rest, ""));
        let names = backticked(allowed);
        return ValidationError::new(path, format!("{}, got {}", one_of(&names), quote(got)));
    }
    // A struct given an array: `invalid length 0, expected struct StepDoc with 12 elements`.
    if msg.starts_with("invalid length ") && msg.contains("expected struct ") {
        return ValidationError::new(path, "must be an object, got an array");
    }
    // `missing field `seconds``
    if let Some(rest) = msg.strip_prefix("missing field `") {
        let field = rest.trim_end_matches('`');
        return ValidationError::new(join(path, field), "is required");
    }
    ValidationError::new(path, msg)
}

/// `must be "a"`, `must be "a" or "b"`, `must be one of a, b, c`: the values an enumerated field
/// takes.
pub fn one_of(names: &[&str]) -> String {
    match names {
        [one] => format!("must be \"{one}\""),
        [a, b] => format!("must be \"{a}\" or \"{b}\""),
        _ => format!("must be one of {}", names.join(", ")),
    }
}

/// The names between backticks in a serde list: "one of `a`, `b`" → ["a", "b"].
fn backticked(list: &str) -> Vec<&str> {
    list.split('`').skip(1).step_by(2).collect()
}

/// What serde expected, as a person would say it. Our own visitors already speak this way.
fn expected_name(expected: &str) -> String {
    match expected {
        "f64" | "f32" | "a number" => "a number".into(),
        "u8" | "u16" | "u32" | "u64" | "usize" | "i32" | "i64" => "a whole number".into(),
        "a string" | "a borrowed string" => "a string".into(),
        "a boolean" => "true or false".into(),
        "a sequence" => "an array".into(),
        e if e.starts_with("struct ") || e == "a map" => "an object".into(),
        e => e.into(),
    }
}

/// The type serde was given (`string "a"`, `integer `5``, `map`…), as a person would say it.
fn got_name(got: &str) -> &'static str {
    if got.starts_with("string") {
        "a string"
    } else if got.starts_with("integer") || got.starts_with("floating point") {
        "a number"
    } else if got.starts_with("boolean") {
        "a boolean"
    } else if got.starts_with("sequence") {
        "an array"
    } else if got.starts_with("map") {
        "an object"
    } else if got == "null" || got == "unit value" {
        "null"
    } else {
        "another type"
    }
}

// ---- checks used by every document's validation pass ------------------------------------------

/// A text of at most [`MAX_TEXT_CHARS`] characters.
pub fn check_text(s: &str, path: &str) -> Result<()> {
    let n = crate::text::char_count(s);
    if n > MAX_TEXT_CHARS {
        return Err(ValidationError::new(
            path,
            format!("must be at most {MAX_TEXT_CHARS} characters, got {n}"),
        ));
    }
    Ok(())
}

/// A text that is within [`MAX_TEXT_CHARS`] and not blank.
pub fn check_nonblank(s: &str, path: &str) -> Result<()> {
    check_text(s, path)?;
    if s.trim().is_empty() {
        return Err(ValidationError::new(path, "must not be empty"));
    }
    Ok(())
}

/// A finite number within `min..=max`; `unit` follows the range ("s", "breaths"). The rule reads
/// `must be 1–3600 s, got -5`, or `must be a finite number, got NaN`.
pub fn check_number(x: f64, path: &str, min: f64, max: f64, unit: &str) -> Result<f64> {
    if !x.is_finite() {
        return Err(ValidationError::new(
            path,
            format!("must be a finite number, got {}", num(x)),
        ));
    }
    if x < min || x > max {
        let unit = if unit.is_empty() {
            String::new()
        } else {
            format!(" {unit}")
        };
        return Err(ValidationError::new(
            path,
            format!("must be {}–{}{unit}, got {}", num(min), num(max), num(x)),
        ));
    }
    Ok(x)
}

/// A whole number within `min..=max`.
pub fn check_integer(x: f64, path: &str, min: u32, max: u32, unit: &str) -> Result<u32> {
    let x = check_number(x, path, min as f64, max as f64, unit)?;
    if x.fract() != 0.0 {
        return Err(ValidationError::new(
            path,
            format!("must be a whole number, got {}", num(x)),
        ));
    }
    Ok(x as u32)
}

/// A decimal parser handed in by the platform (see [`use_decimal_parser`]).
static DECIMAL: std::sync::OnceLock<fn(&str) -> f64> = std::sync::OnceLock::new();

/// Parse plain decimals (`4`, `2.5`: shorthand patterns) with `parse`. The web layer hands in the
/// browser's `parseFloat` (correctly rounded, like Rust's): Rust's own float parser and its
/// tables are about 14 KB of gzip in the wasm, for the few numbers of a shorthand. Only the first
/// call counts.
pub fn use_decimal_parser(parse: fn(&str) -> f64) {
    let _ = DECIMAL.set(parse);
}

/// A plain decimal (digits, at most one point; the caller has checked the characters) as `f64`.
pub fn parse_decimal(t: &str) -> Option<f64> {
    match DECIMAL.get() {
        Some(parse) => Some(parse(t)),
        #[cfg(not(target_arch = "wasm32"))]
        None => t.parse().ok(),
        #[cfg(target_arch = "wasm32")]
        None => None,
    }
}

/// Parse JSON text (native callers and tests) into a value, reporting the line and column of a
/// syntax error. serde_json does the parsing.
pub fn parse_json(text: &str) -> Result<Value> {
    serde_json::from_str(text)
        .map_err(|e| ValidationError::new("", format!("is not valid JSON: {e}")))
}

// ---- serde helpers for the document types ------------------------------------------------------

/// Reads a struct only from an object. serde's derive also reads a struct from an array, field by
/// field in order (`"ramp": [6, 5]` would be `{to: 6, breaths: 5}`); documents are objects.
struct ObjectOnly<T>(std::marker::PhantomData<T>);

impl<'de, T: serde::Deserialize<'de>> serde::de::Visitor<'de> for ObjectOnly<T> {
    type Value = T;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("an object")
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> std::result::Result<T, A::Error> {
        T::deserialize(serde::de::value::MapAccessDeserializer::new(map))
    }
}

impl<'de, T: serde::Deserialize<'de>> serde::de::DeserializeSeed<'de> for ObjectOnly<T> {
    type Value = T;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> std::result::Result<T, D::Error> {
        d.deserialize_map(self)
    }
}

/// `#[serde(deserialize_with = "read::object")]`: a struct field read only from an object.
pub fn object<'de, D: serde::Deserializer<'de>, T: serde::Deserialize<'de>>(
    d: D,
) -> std::result::Result<T, D::Error> {
    d.deserialize_map(ObjectOnly(std::marker::PhantomData))
}

/// An optional struct field read only from an object (`null` is absent).
pub fn opt_object<'de, D: serde::Deserializer<'de>, T: serde::Deserialize<'de>>(
    d: D,
) -> std::result::Result<Option<T>, D::Error> {
    struct Opt<T>(std::marker::PhantomData<T>);
    impl<'de, T: serde::Deserialize<'de>> serde::de::Visitor<'de> for Opt<T> {
        type Value = Option<T>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("an object")
        }
        fn visit_none<E>(self) -> std::result::Result<Option<T>, E> {
            Ok(None)
        }
        fn visit_unit<E>(self) -> std::result::Result<Option<T>, E> {
            Ok(None)
        }
        fn visit_some<D2: serde::Deserializer<'de>>(
            self,
            d: D2,
        ) -> std::result::Result<Option<T>, D2::Error> {
            object(d).map(Some)
        }
    }
    d.deserialize_option(Opt(std::marker::PhantomData))
}

/// A list of structs, each read only from an object.
pub fn objects<'de, D: serde::Deserializer<'de>, T: serde::Deserialize<'de>>(
    d: D,
) -> std::result::Result<Vec<T>, D::Error> {
    struct List<T>(std::marker::PhantomData<T>);
    impl<'de, T: serde::Deserialize<'de>> serde::de::Visitor<'de> for List<T> {
        type Value = Vec<T>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("an array")
        }
        fn visit_seq<A: serde::de::SeqAccess<'de>>(
            self,
            mut seq: A,
        ) -> std::result::Result<Vec<T>, A::Error> {
            let mut out = Vec::new();
            while let Some(x) = seq.next_element_seed(ObjectOnly(std::marker::PhantomData))? {
                out.push(x);
            }
            Ok(out)
        }
    }
    d.deserialize_seq(List(std::marker::PhantomData))
}

/// `#[serde(serialize_with = "read::number")]`: a whole number written as an integer (`3`, not
/// `3.0`), as authors write it; JSON text keeps the document as it was written.
pub fn number<S: serde::Serializer>(x: &f64, s: S) -> std::result::Result<S::Ok, S::Error> {
    if x.fract() == 0.0 && x.abs() < 9.0e15 {
        s.serialize_i64(*x as i64)
    } else {
        s.serialize_f64(*x)
    }
}

/// [`number`] for an optional field (skipped when `None`).
pub fn opt_number<S: serde::Serializer>(
    x: &Option<f64>,
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    match x {
        Some(x) => number(x, s),
        None => s.serialize_none(),
    }
}

/// A unit enum read from a JSON value by its names, so that a wrong value of any type gets the
/// list: `must be one of inhale, hold-in, exhale, hold-out, got 3`.
pub fn named<T: Copy>(
    v: &Value,
    all: &[T],
    name: fn(T) -> &'static str,
) -> std::result::Result<T, String> {
    if let Value::String(s) = v {
        if let Some(x) = all.iter().find(|x| name(**x) == s) {
            return Ok(*x);
        }
    }
    let names: Vec<&str> = all.iter().map(|x| name(*x)).collect();
    Err(format!("{}, got {}", one_of(&names), echo(v)))
}

/// `impl TryFrom<serde_json::Value>` for a unit enum with `ALL` and `as_str` (see [`named`]):
/// used with `#[serde(try_from = "serde_json::Value")]`. With a list of variants and names it
/// also defines `ALL` and `as_str`.
#[macro_export]
macro_rules! named_enum {
    ($t:ident { $($v:ident => $name:literal),+ $(,)? }) => {
        impl $t {
            /// Every value, in the order messages list them.
            pub const ALL: [$t; [$($name),+].len()] = [$($t::$v),+];
            /// The name in JSON.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($t::$v => $name),+
                }
            }
        }
        $crate::named_enum!($t);
    };
    ($t:ty) => {
        impl TryFrom<serde_json::Value> for $t {
            type Error = String;
            fn try_from(v: serde_json::Value) -> std::result::Result<Self, String> {
                $crate::model::read::named(&v, &<$t>::ALL, <$t>::as_str)
            }
        }
    };
}

/// `tag` in the form language tables are kept under: trimmed, lower case, `_` as `-`. `None`
/// unless it is a plausible BCP 47 tag (letters, digits and hyphens; a 2–8 letter language
/// first).
pub fn language_tag(tag: &str) -> Option<String> {
    let t = tag.trim().to_ascii_lowercase().replace('_', "-");
    let mut parts = t.split('-');
    let lang = parts.next()?;
    let lang_ok = (2..=8).contains(&lang.len()) && lang.bytes().all(|b| b.is_ascii_lowercase());
    let rest_ok =
        parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()));
    (lang_ok && rest_ok).then_some(t)
}
