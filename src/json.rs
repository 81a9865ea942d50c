//! A small JSON module: a [`Value`] tree, a strict parser and a compact writer.
//!
//! It replaces serde and serde_json, which with core's float formatting (`flt2dec`) and parsing
//! (`dec2flt`) cost about 60 KB of the wasm. The crate reads documents field by field anyway (see
//! [`crate::doc`]) and writes a handful of fixed shapes, so it needs no derive machinery.
//!
//! - **Parsing** follows RFC 8259 strictly: no trailing commas, comments, leading zeros, `NaN`,
//!   lone surrogates or trailing text. Nesting deeper than [`MAX_DEPTH`] is refused (no stack
//!   overflow on hostile input), as are objects with more than [`MAX_KEYS`] keys. **A key repeated in one object is an error**, not "last wins":
//!   the document reader refuses what it would otherwise silently ignore. Errors name the line and
//!   column: `expected `,` or `}` at line 3 column 5`.
//! - **Numbers** are `f64`, correctly rounded (round half to even). Decimals with at most 15
//!   significant digits and a small exponent take an exact fast path (a mantissa below 2^53 times
//!   or divided by an exact power of ten up to 10^22 is one correctly rounded operation); the
//!   rest are refined against the exact decimal with big-integer comparisons. A number too large
//!   for `f64` is an error ("number out of range"), so a parsed value is always finite.
//! - **Writing** is compact (no spaces), keys in insertion order, strings escaped as serde_json did
//!   (`"`, `\`, and control characters; everything else verbatim). Whole numbers below 2^53 are
//!   written as integers; other numbers as the shortest decimal that parses back to the same
//!   `f64` (for [`Value::from`]`(f32)`, the same `f32`), in the notation of JavaScript's
//!   `Number.prototype.toString` (`0.1`, `1e+21`, `1.5e-7`). Non-finite numbers are written as
//!   `null`, as serde_json did.

use std::cmp::Ordering;
use std::fmt;

/// Deepest nesting of arrays and objects the parser accepts.
pub const MAX_DEPTH: u32 = 128;

/// Most keys one object may have. Repeats are found by scanning the keys so far (no hash map or
/// sort linked in for documents whose objects have a dozen fields), so this bounds the work.
pub const MAX_KEYS: usize = 4096;

/// A JSON value. Objects keep their keys in document (or insertion) order; equality ignores that
/// order, as JSON does (keys are unique: the parser refuses repeats).
#[derive(Debug, Clone, Default)]
pub enum Value {
    #[default]
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    Array(Vec<Value>),
    Object(Vec<(String, Value)>),
}

impl Value {
    /// The value of `key` in an object (`None` for other values or a missing key).
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Object(fields) => fields.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Number(x) => Some(*x),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&Vec<Value>> {
        match self {
            Value::Array(a) => Some(a),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    pub fn is_string(&self) -> bool {
        matches!(self, Value::String(_))
    }

    pub fn is_array(&self) -> bool {
        matches!(self, Value::Array(_))
    }

    pub fn is_number(&self) -> bool {
        matches!(self, Value::Number(_))
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// Append the compact JSON text of this value to `out`.
    pub fn write(&self, out: &mut String) {
        match self {
            Value::Null => out.push_str("null"),
            Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Value::Number(x) => write_number(*x, out),
            Value::String(s) => write_string(s, out),
            Value::Array(items) => {
                out.push('[');
                for (i, v) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    v.write(out);
                }
                out.push(']');
            }
            Value::Object(fields) => {
                out.push('{');
                for (i, (k, v)) in fields.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write_string(k, out);
                    out.push(':');
                    v.write(out);
                }
                out.push('}');
            }
        }
    }
}

impl PartialEq for Value {
    fn eq(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::Object(a), Value::Object(b)) => {
                a.len() == b.len() && a.iter().all(|(k, v)| other.get(k) == Some(v))
            }
            (Value::Null, Value::Null) => true,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (Value::Number(a), Value::Number(b)) => a == b,
            (Value::String(a), Value::String(b)) => a == b,
            (Value::Array(a), Value::Array(b)) => a == b,
            _ => false,
        }
    }
}

static NULL: Value = Value::Null;

/// `v["key"]`: the field, or `null` when missing or not an object (as serde_json's index).
impl std::ops::Index<&str> for Value {
    type Output = Value;
    fn index(&self, key: &str) -> &Value {
        self.get(key).unwrap_or(&NULL)
    }
}

/// `v[i]`: the item, or `null` when missing or not an array.
impl std::ops::Index<usize> for Value {
    type Output = Value;
    fn index(&self, i: usize) -> &Value {
        self.as_array().and_then(|a| a.get(i)).unwrap_or(&NULL)
    }
}

impl PartialEq<&str> for Value {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == Some(*other)
    }
}

impl PartialEq<f64> for Value {
    fn eq(&self, other: &f64) -> bool {
        self.as_f64() == Some(*other)
    }
}

impl PartialEq<i32> for Value {
    fn eq(&self, other: &i32) -> bool {
        self.as_f64() == Some(*other as f64)
    }
}

impl PartialEq<bool> for Value {
    fn eq(&self, other: &bool) -> bool {
        *self == Value::Bool(*other)
    }
}

/// Compact JSON text, as in messages: `got "sideways"`, `got [1,2]`.
impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = String::new();
        self.write(&mut s);
        f.write_str(&s)
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Value {
        Value::Bool(b)
    }
}
impl From<f64> for Value {
    fn from(x: f64) -> Value {
        Value::Number(x)
    }
}
/// An `f32` becomes the `f64` nearest its shortest decimal form, so that it is written (and read
/// by JavaScript) as `0.1`, not as `0.10000000149011612`.
impl From<f32> for Value {
    fn from(x: f32) -> Value {
        Value::Number(f32_to_f64(x))
    }
}
impl From<u64> for Value {
    fn from(x: u64) -> Value {
        Value::Number(x as f64)
    }
}
impl From<u32> for Value {
    fn from(x: u32) -> Value {
        Value::Number(x as f64)
    }
}
impl From<usize> for Value {
    fn from(x: usize) -> Value {
        Value::Number(x as f64)
    }
}
impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::String(s.to_string())
    }
}
impl From<String> for Value {
    fn from(s: String) -> Value {
        Value::String(s)
    }
}
impl From<Vec<Value>> for Value {
    fn from(a: Vec<Value>) -> Value {
        Value::Array(a)
    }
}
/// `None` is `null`.
impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(o: Option<T>) -> Value {
        o.map_or(Value::Null, Into::into)
    }
}

/// An array of strings.
pub fn strings<S: AsRef<str>>(items: &[S]) -> Value {
    Value::Array(items.iter().map(|s| Value::from(s.as_ref())).collect())
}

/// Builds an object field by field, in order: `object().field("a", 1u32).opt("b", None::<u32>).build()`.
#[derive(Debug, Default)]
pub struct Object(Vec<(String, Value)>);

/// Start an object.
pub fn object() -> Object {
    Object(Vec::new())
}

impl Object {
    /// Add a field (`None` values are written as `null`).
    pub fn field(mut self, key: &str, v: impl Into<Value>) -> Object {
        self.0.push((key.to_string(), v.into()));
        self
    }

    /// Add a field only when it has a value (serde's `skip_serializing_if = "Option::is_none"`).
    pub fn opt<T: Into<Value>>(self, key: &str, v: Option<T>) -> Object {
        match v {
            Some(v) => self.field(key, v),
            None => self,
        }
    }

    pub fn build(self) -> Value {
        Value::Object(self.0)
    }
}

// ---- writing ------------------------------------------------------------------------------------

/// Append `s` as a JSON string.
pub fn write_string(s: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    let mut start = 0;
    for (i, b) in s.bytes().enumerate() {
        let esc: &str = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            0..=0x1f => "",
            _ => continue,
        };
        out.push_str(s.get(start..i).unwrap_or(""));
        if esc.is_empty() {
            out.push_str("\\u00");
            out.push(HEX[(b >> 4) as usize] as char);
            out.push(HEX[(b & 15) as usize] as char);
        } else {
            out.push_str(esc);
        }
        start = i + 1;
    }
    out.push_str(s.get(start..).unwrap_or(""));
    out.push('"');
}

/// A number as people read it: `5`, `2.5`, `0.1`, `1e+21`; `null` when not finite.
pub fn fmt_number(x: f64) -> String {
    let mut s = String::new();
    write_number(x, &mut s);
    s
}

/// An `f32` in its shortest form (`13.2`, not `13.199999809265137`), e.g. for CSS lengths; `null`
/// when not finite.
pub fn fmt_f32(x: f32) -> String {
    fmt_number(f32_to_f64(x))
}

/// Append a number: whole numbers below 2^53 as integers, others as the shortest decimal that
/// reads back to the same `f64`; `null` when not finite.
pub fn write_number(x: f64, out: &mut String) {
    if !x.is_finite() {
        out.push_str("null");
        return;
    }
    if x.is_sign_negative() {
        out.push('-');
    }
    let a = x.abs();
    if a.fract() == 0.0 && a < TWO_53 {
        push_u64(a as u64, out);
        return;
    }
    let (m, e10) = shortest(a, false);
    push_decimal(m, e10, out);
}

const TWO_53: f64 = 9007199254740992.0;

/// Appends the decimal digits of `v` (without `core::fmt`: the drawing writes numbers every frame).
pub(crate) fn push_u64(mut v: u64, out: &mut String) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    for &d in &digits[i..] {
        out.push(d as char);
    }
}

/// Append `m × 10^e10` (m > 0, no trailing zeros) in JavaScript's `Number.prototype.toString`
/// notation: plain for 1e-6 ≤ x < 1e21, exponent form (`1.5e-7`, `1e+21`) otherwise.
fn push_decimal(m: u64, e10: i32, out: &mut String) {
    let mut digits = String::new();
    push_u64(m, &mut digits);
    let n = digits.len() as i32;
    // The value is 0.d₁d₂… × 10^p.
    let p = e10 + n;
    if n <= p && p <= 21 {
        out.push_str(&digits);
        out.extend(std::iter::repeat_n('0', (p - n) as usize));
    } else if 0 < p && p <= 21 {
        // `get`, not indexing: the digits are ASCII, and a slicing panic would link its
        // formatting code.
        out.push_str(digits.get(..p as usize).unwrap_or(""));
        out.push('.');
        out.push_str(digits.get(p as usize..).unwrap_or(""));
    } else if -6 < p && p <= 0 {
        out.push_str("0.");
        out.extend(std::iter::repeat_n('0', (-p) as usize));
        out.push_str(&digits);
    } else {
        out.push_str(digits.get(..1).unwrap_or(""));
        if n > 1 {
            out.push('.');
            out.push_str(digits.get(1..).unwrap_or(""));
        }
        out.push('e');
        out.push(if p > 0 { '+' } else { '-' });
        push_u64((p - 1).unsigned_abs() as u64, out);
    }
}

/// The `f64` nearest the shortest decimal that reads back as `x` in `f32`.
fn f32_to_f64(x: f32) -> f64 {
    let a = (x as f64).abs();
    // Below 2^24 every whole f32 is its own shortest form; above, `1242418700` (not the exact
    // `1242418688`) is.
    if !a.is_finite() || a == 0.0 || (a.fract() == 0.0 && a < 16777216.0) {
        return x as f64;
    }
    let (m, e10) = shortest(a, true);
    let v = decimal_from_u64(m, e10 as i64).unwrap_or(a);
    if x < 0.0 {
        -v
    } else {
        v
    }
}

/// The shortest `m × 10^e10` (no trailing zeros in `m`) that reads back as `x` (> 0, finite): as
/// an `f64`, or as an `f32` when `single`. For each length from 1 digit up, `x` is rounded
/// correctly to that many digits (exactly, with big-integer comparisons) and the first length that
/// reads back wins. 17 digits always read back as the same `f64`, 9 as the same `f32`.
fn shortest(x: f64, single: bool) -> (u64, i32) {
    let (xm, xe) = decompose(x);
    // floor(log10(x)), estimated from the binary exponent and corrected below.
    let bits = 64 - xm.leading_zeros() as i32;
    let mut e10 = (((xe + bits - 1) as f64) * std::f64::consts::LOG10_2).floor() as i32;
    let max = if single { 9 } else { 17 };
    let mut n = 1;
    loop {
        let k = n - 1 - e10;
        let m = round_scaled(x, xm, xe, k);
        // `m == 10^n` is a carry (9.99…5 rounded up), not a sign that `e10` is too low: keep
        // the scale and try one digit more (9.999995e-14 is 7 digits, not 1.0e-13 then 8).
        let carry = m == POW10_U64[n as usize];
        if m > POW10_U64[n as usize] || (carry && n >= max) {
            e10 += 1;
            continue;
        }
        if m < POW10_U64[n as usize - 1] {
            e10 -= 1;
            continue;
        }
        let back = decimal_from_u64(m, -(k as i64));
        let same = match back {
            Some(b) if single => b as f32 == x as f32,
            Some(b) => b == x,
            None => false,
        };
        if same || n >= max {
            let (mut m, mut e) = (m, -k);
            while m % 10 == 0 {
                m /= 10;
                e += 1;
            }
            return (m, e);
        }
        n += 1;
    }
}

/// `x × 10^k` rounded to the nearest integer (ties to even), exactly; `x = xm × 2^xe`.
fn round_scaled(x: f64, xm: u64, xe: i32, k: i32) -> u64 {
    // Fast path: with |k| ≤ 22 the product is one correctly rounded operation on exact operands,
    // off by at most p·2^-53; unless that could move it across a .5, rounding it is exact.
    if k.unsigned_abs() <= 22 {
        let pk = POW10_F64[k.unsigned_abs() as usize];
        let p = if k >= 0 { x * pk } else { x / pk };
        if p < 1e18 {
            let floor = p.floor();
            let frac = p - floor;
            if (frac - 0.5).abs() > p * f64::EPSILON {
                return floor as u64 + (frac > 0.5) as u64;
            }
        }
    }
    let approx = scale10(x, k as i64).round();
    let mut m = if approx >= 1.8e19 {
        u64::MAX / 2
    } else {
        approx as u64
    };
    // 2·x·10^k compared with 2m ± 1, i.e. xm·2^(xe+1)·10^k with (2m ± 1).
    let cmp_half = |m2: u64| {
        cmp_scaled(
            &Big::from_u64(xm),
            k as i64,
            xe as i64 + 1,
            &Big::from_u64(m2),
            0,
            0,
        )
    };
    loop {
        match cmp_half(2 * m + 1) {
            Ordering::Greater => m += 1,
            Ordering::Equal if m % 2 == 1 => m += 1,
            _ => break,
        }
    }
    while m > 0 {
        match cmp_half(2 * m - 1) {
            Ordering::Less => m -= 1,
            Ordering::Equal if m % 2 == 1 => m -= 1,
            _ => break,
        }
    }
    m
}

const POW10_U64: [u64; 20] = {
    let mut t = [1u64; 20];
    let mut i = 1;
    while i < 20 {
        t[i] = t[i - 1] * 10;
        i += 1;
    }
    t
};

// ---- parsing ------------------------------------------------------------------------------------

/// A syntax error: what was expected and where (1-based line and column, in characters).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub message: String,
    pub line: usize,
    pub column: usize,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} at line {} column {}",
            self.message, self.line, self.column
        )
    }
}

impl std::error::Error for Error {}

/// Parse one JSON document (surrounding whitespace allowed, nothing else).
pub fn parse(text: &str) -> Result<Value, Error> {
    let mut p = Parser {
        s: text,
        b: text.as_bytes(),
        i: 0,
        depth: 0,
    };
    let v = p.value()?;
    p.ws();
    if p.i < p.b.len() {
        return Err(p.err("trailing characters"));
    }
    Ok(v)
}

struct Parser<'a> {
    s: &'a str,
    b: &'a [u8],
    i: usize,
    depth: u32,
}

impl Parser<'_> {
    fn err(&self, message: impl Into<String>) -> Error {
        // Bytes, not `str` searches: char patterns link a searcher this module does not need.
        let before = &self.b[..self.s.floor_char_boundary_compat(self.i)];
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |n| n + 1);
        // Characters on the line so far: every byte that does not continue a UTF-8 sequence.
        let column = before[line_start..]
            .iter()
            .filter(|&&b| (b as i8) >= -0x40)
            .count();
        Error {
            message: message.into(),
            line,
            column: column + 1,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.i += 1;
        }
    }

    fn eat(&mut self, c: u8) -> bool {
        if self.peek() == Some(c) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    fn value(&mut self) -> Result<Value, Error> {
        self.ws();
        match self.peek() {
            None => Err(self.err("EOF while parsing a value")),
            Some(b'n') => self.word("null", Value::Null),
            Some(b't') => self.word("true", Value::Bool(true)),
            Some(b'f') => self.word("false", Value::Bool(false)),
            Some(b'"') => self.string().map(Value::String),
            Some(b'-' | b'0'..=b'9') => self.number().map(Value::Number),
            Some(b'[') => {
                self.enter()?;
                let mut items = Vec::new();
                self.ws();
                if !self.eat(b']') {
                    loop {
                        items.push(self.value()?);
                        self.ws();
                        if self.eat(b']') {
                            break;
                        }
                        if !self.eat(b',') {
                            return Err(self.expected("`,` or `]`"));
                        }
                    }
                }
                self.depth -= 1;
                Ok(Value::Array(items))
            }
            Some(b'{') => {
                self.enter()?;
                let mut fields: Vec<(String, Value)> = Vec::new();
                self.ws();
                if !self.eat(b'}') {
                    loop {
                        self.ws();
                        if self.peek() != Some(b'"') {
                            return Err(self.expected("a string key"));
                        }
                        let at = self.i;
                        let key = self.string()?;
                        self.ws();
                        if !self.eat(b':') {
                            return Err(self.expected("`:`"));
                        }
                        let v = self.value()?;
                        if fields.len() >= MAX_KEYS {
                            self.i = at;
                            return Err(self.err("more than 4096 keys in one object"));
                        }
                        if fields.iter().any(|(k, _)| *k == key) {
                            self.i = at;
                            let mut msg = String::from("duplicate key ");
                            write_string(&key, &mut msg);
                            return Err(self.err(msg));
                        }
                        fields.push((key, v));
                        self.ws();
                        if self.eat(b'}') {
                            break;
                        }
                        if !self.eat(b',') {
                            return Err(self.expected("`,` or `}`"));
                        }
                    }
                }
                self.depth -= 1;
                Ok(Value::Object(fields))
            }
            Some(_) => Err(self.err("expected value")),
        }
    }

    fn expected(&self, what: &str) -> Error {
        if self.i >= self.b.len() {
            self.err(format!("EOF while parsing, expected {what}"))
        } else {
            self.err(format!("expected {what}"))
        }
    }

    fn enter(&mut self) -> Result<(), Error> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.err("nesting deeper than 128 levels"));
        }
        self.i += 1;
        Ok(())
    }

    fn word(&mut self, w: &str, v: Value) -> Result<Value, Error> {
        if self.b[self.i..].starts_with(w.as_bytes()) {
            self.i += w.len();
            Ok(v)
        } else {
            Err(self.err("expected value"))
        }
    }

    /// A string, the opening quote at `self.i`.
    fn string(&mut self) -> Result<String, Error> {
        self.i += 1;
        let mut out = String::new();
        let mut start = self.i;
        loop {
            let Some(c) = self.peek() else {
                return Err(self.err("EOF while parsing a string"));
            };
            match c {
                b'"' => {
                    out.push_str(self.s.get(start..self.i).unwrap_or(""));
                    self.i += 1;
                    return Ok(out);
                }
                b'\\' => {
                    out.push_str(self.s.get(start..self.i).unwrap_or(""));
                    self.i += 1;
                    let e = self.peek();
                    self.i += 1;
                    out.push(match e {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => self.unicode_escape()?,
                        _ => {
                            self.i -= 1;
                            return Err(self.err("invalid escape"));
                        }
                    });
                    start = self.i;
                }
                0..=0x1f => {
                    return Err(self
                        .err("control character (\\u0000-\\u001F) found while parsing a string"))
                }
                _ => self.i += 1,
            }
        }
    }

    /// The code point of `\uXXXX` (the `\u` consumed), joining a surrogate pair.
    fn unicode_escape(&mut self) -> Result<char, Error> {
        let hi = self.hex4()?;
        let cp = if (0xD800..0xDC00).contains(&hi) {
            if !(self.eat(b'\\') && self.eat(b'u')) {
                return Err(self.err("lone leading surrogate in hex escape"));
            }
            let lo = self.hex4()?;
            if !(0xDC00..0xE000).contains(&lo) {
                return Err(self.err("lone leading surrogate in hex escape"));
            }
            0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
        } else {
            hi
        };
        char::from_u32(cp).ok_or_else(|| self.err("lone trailing surrogate in hex escape"))
    }

    fn hex4(&mut self) -> Result<u32, Error> {
        let mut v = 0;
        for _ in 0..4 {
            let d = match self.peek() {
                Some(c @ b'0'..=b'9') => c - b'0',
                Some(c @ b'a'..=b'f') => c - b'a' + 10,
                Some(c @ b'A'..=b'F') => c - b'A' + 10,
                _ => return Err(self.err("invalid escape")),
            };
            v = v * 16 + d as u32;
            self.i += 1;
        }
        Ok(v)
    }

    fn digits(&mut self) -> usize {
        let start = self.i;
        while let Some(b'0'..=b'9') = self.peek() {
            self.i += 1;
        }
        self.i - start
    }

    fn number(&mut self) -> Result<f64, Error> {
        let neg = self.eat(b'-');
        let int_start = self.i;
        let n_int = self.digits();
        if n_int == 0 || (n_int > 1 && self.b[int_start] == b'0') {
            return Err(self.err("invalid number"));
        }
        let int = &self.b[int_start..self.i];
        let mut frac: &[u8] = &[];
        if self.eat(b'.') {
            let s = self.i;
            if self.digits() == 0 {
                return Err(self.err("invalid number"));
            }
            frac = &self.b[s..self.i];
        }
        let mut exp: i64 = 0;
        if let Some(b'e' | b'E') = self.peek() {
            self.i += 1;
            let eneg = !self.eat(b'+') && self.eat(b'-');
            let s = self.i;
            if self.digits() == 0 {
                return Err(self.err("invalid number"));
            }
            for &d in &self.b[s..self.i] {
                // Saturate: anything this large is out of range or zero anyway.
                exp = (exp * 10 + (d - b'0') as i64).min(1 << 40);
            }
            if eneg {
                exp = -exp;
            }
        }
        let mut digits = Vec::with_capacity(int.len() + frac.len());
        digits.extend_from_slice(int);
        digits.extend_from_slice(frac);
        let x = decimal(&digits, exp - frac.len() as i64)
            .ok_or_else(|| self.err("number out of range"))?;
        Ok(if neg { -x } else { x })
    }
}

/// `floor_char_boundary` for stable Rust: the largest char boundary ≤ `i`.
trait FloorBoundary {
    fn floor_char_boundary_compat(&self, i: usize) -> usize;
}
impl FloorBoundary for str {
    fn floor_char_boundary_compat(&self, mut i: usize) -> usize {
        i = i.min(self.len());
        while !self.is_char_boundary(i) {
            i -= 1;
        }
        i
    }
}

/// A plain decimal as people type it in a shorthand: digits with at most one `.` (`4`, `4.5`,
/// `.5`, `4.`, `007`), correctly rounded; `None` for anything else (signs, exponents, `.` alone).
pub fn parse_plain_decimal(s: &str) -> Option<f64> {
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    let all_digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    if int.len() + frac.len() == 0 || !all_digits(int) || !all_digits(frac) {
        return None;
    }
    let digits = [int.as_bytes(), frac.as_bytes()].concat();
    decimal(&digits, -(frac.len() as i64))
}

// ---- decimal → f64 ------------------------------------------------------------------------------

/// Exact powers of ten as `f64` (10^22 is the largest that is exact).
const POW10_F64: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// Significant digits kept exactly; beyond them only "was anything non-zero" matters, kept as one
/// sticky digit (an `f64` halfway point has at most 767 significant digits).
const MAX_DIGITS: usize = 800;

fn decimal_from_u64(m: u64, exp10: i64) -> Option<f64> {
    if m < 1 << 53 && exp10.unsigned_abs() <= 22 {
        // The exact fast path of `decimal`, without going through text.
        let p = POW10_F64[exp10.unsigned_abs() as usize];
        return Some(if exp10 < 0 {
            m as f64 / p
        } else {
            m as f64 * p
        });
    }
    let mut buf = String::new();
    push_u64(m, &mut buf);
    decimal(buf.as_bytes(), exp10)
}

/// The `f64` nearest `digits × 10^exp10` (ASCII digits, ties to even); `None` when it is too large.
fn decimal(digits: &[u8], mut exp10: i64) -> Option<f64> {
    let first = digits.iter().position(|&d| d != b'0');
    let Some(first) = first else {
        return Some(0.0);
    };
    let mut d = &digits[first..];
    while let Some((b'0', rest)) = d.split_last() {
        d = rest;
        exp10 += 1;
    }
    // The value lies in [10^(mag-1), 10^mag).
    let mag = d.len() as i64 + exp10;
    if mag > 310 {
        return None;
    }
    if mag < -330 {
        return Some(0.0);
    }
    let top = d.len().min(19);
    let w = d[..top]
        .iter()
        .fold(0u64, |w, &c| w * 10 + (c - b'0') as u64);
    if d.len() == top && w < 1 << 53 && (-22..=22).contains(&exp10) {
        // Exact fast path: both operands exact, one correctly rounded operation.
        let x = w as f64;
        let p = POW10_F64[exp10.unsigned_abs() as usize];
        return Some(if exp10 < 0 { x / p } else { x * p });
    }
    // Slow path: approximate, then step one ulp at a time to the correctly rounded value.
    let mut z = scale10(w as f64, exp10 + (d.len() - top) as i64);
    if !z.is_finite() {
        z = f64::MAX;
    }
    let mut kept: Vec<u8> = d[..d.len().min(MAX_DIGITS)].to_vec();
    let mut e = exp10 + (d.len() - kept.len()) as i64;
    if d.len() > MAX_DIGITS {
        kept.push(b'1');
        e -= 1;
    }
    let big = Big::from_digits(&kept);
    loop {
        let (m, be) = decompose(z);
        // Upper halfway point: (2m + 1)·2^(be-1).
        match cmp_scaled(&big, e, 0, &Big::from_u64(2 * m + 1), 0, be as i64 - 1) {
            Ordering::Greater => {
                z = next_up(z)?;
                continue;
            }
            Ordering::Equal => return if m % 2 == 1 { next_up(z) } else { Some(z) },
            Ordering::Less => {}
        }
        if z == 0.0 {
            return Some(z);
        }
        // Lower halfway point; at a power of two the gap below is half as wide.
        let bits = z.to_bits();
        let lower = if bits & ((1 << 52) - 1) == 0 && bits >> 52 > 1 {
            cmp_scaled(&big, e, 0, &Big::from_u64(4 * m - 1), 0, be as i64 - 2)
        } else {
            cmp_scaled(&big, e, 0, &Big::from_u64(2 * m - 1), 0, be as i64 - 1)
        };
        match lower {
            Ordering::Less => z = f64::from_bits(bits - 1),
            Ordering::Equal if m % 2 == 1 => return Some(f64::from_bits(bits - 1)),
            _ => return Some(z),
        }
    }
}

/// The next `f64` up from a finite `z ≥ 0`; `None` past `f64::MAX`.
fn next_up(z: f64) -> Option<f64> {
    let n = f64::from_bits(z.to_bits() + 1);
    n.is_finite().then_some(n)
}

/// `x × 10^e` in floating point (a few ulps off for large `|e|`; the callers correct exactly).
fn scale10(mut x: f64, mut e: i64) -> f64 {
    while e > 0 && x.is_finite() {
        let s = e.min(22);
        x *= POW10_F64[s as usize];
        e -= s;
    }
    while e < 0 && x != 0.0 {
        let s = (-e).min(22);
        x /= POW10_F64[s as usize];
        e += s;
    }
    x
}

/// `x = m × 2^e` exactly, for finite `x ≥ 0`.
fn decompose(x: f64) -> (u64, i32) {
    let bits = x.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i32;
    let frac = bits & ((1 << 52) - 1);
    if exp == 0 {
        (frac, -1074)
    } else {
        (frac | 1 << 52, exp - 1075)
    }
}

/// Compare `a × 10^a10 × 2^a2` with `b × 10^b10 × 2^b2` exactly.
fn cmp_scaled(a: &Big, a10: i64, a2: i64, b: &Big, b10: i64, b2: i64) -> Ordering {
    let (mut a, mut b) = (a.clone(), b.clone());
    let d10 = a10 - b10;
    if d10 >= 0 {
        a.mul_pow10(d10 as u64);
    } else {
        b.mul_pow10(d10.unsigned_abs());
    }
    let d2 = a2 - b2;
    if d2 >= 0 {
        a.shl(d2 as u64);
    } else {
        b.shl(d2.unsigned_abs());
    }
    a.cmp(&b)
}

/// An unsigned big integer, little-endian 32-bit limbs, without leading zero limbs.
#[derive(Clone, Debug)]
struct Big(Vec<u32>);

impl Big {
    fn from_u64(v: u64) -> Big {
        let mut b = Big(vec![v as u32, (v >> 32) as u32]);
        b.trim();
        b
    }

    fn from_digits(d: &[u8]) -> Big {
        let mut b = Big(Vec::new());
        for chunk in d.chunks(9) {
            let v = chunk.iter().fold(0u32, |v, &c| v * 10 + (c - b'0') as u32);
            b.mul_add(10u32.pow(chunk.len() as u32), v);
        }
        b
    }

    fn trim(&mut self) {
        while self.0.last() == Some(&0) {
            self.0.pop();
        }
    }

    fn mul_add(&mut self, m: u32, add: u32) {
        let mut carry = add as u64;
        for limb in &mut self.0 {
            let v = *limb as u64 * m as u64 + carry;
            *limb = v as u32;
            carry = v >> 32;
        }
        if carry > 0 {
            self.0.push(carry as u32);
        }
        self.trim();
    }

    fn mul_pow10(&mut self, mut e: u64) {
        while e >= 9 {
            self.mul_add(1_000_000_000, 0);
            e -= 9;
        }
        self.mul_add(10u32.pow(e as u32), 0);
    }

    fn shl(&mut self, bits: u64) {
        if self.0.is_empty() {
            return;
        }
        let (limbs, r) = ((bits / 32) as usize, (bits % 32) as u32);
        let mut out = vec![0u32; limbs];
        let mut carry = 0u32;
        for &v in &self.0 {
            out.push((v << r) | carry);
            // `checked_shr`: a shift by 32 (r = 0) carries nothing.
            carry = v.checked_shr(32 - r).unwrap_or(0);
        }
        if carry > 0 {
            out.push(carry);
        }
        self.0 = out;
    }

    fn cmp(&self, other: &Big) -> Ordering {
        self.0
            .len()
            .cmp(&other.0.len())
            .then_with(|| self.0.iter().rev().cmp(other.0.iter().rev()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(v: &Value) -> String {
        v.to_string()
    }

    #[test]
    fn numbers_read_exactly() {
        for s in [
            "0",
            "-0",
            "1",
            "0.1",
            "0.3",
            "2.5",
            "1e22",
            "1e23",
            "9007199254740993",
            "123456789012345678901234567890",
            "1.7976931348623157e308",
            "2.2250738585072014e-308",
            "4.9e-324",
            "2.4703282292062328e-324",
            "2.4703282292062327e-324",
            "1e-400",
            "0.000000000000000000000000000000000000001",
            "17976931348623157e292",
            "2.225073858507201136057409796709131975934819546351645648e-308",
        ] {
            let want: f64 = s.parse().unwrap();
            let got = parse(s).unwrap().as_f64().unwrap();
            assert_eq!(got.to_bits(), want.to_bits(), "{s}");
        }
        assert_eq!(parse("1e309").unwrap_err().message, "number out of range");
        assert_eq!(parse("1.8e308").unwrap_err().message, "number out of range");
    }

    #[test]
    fn numbers_write_shortest() {
        for (x, s) in [
            (0.1, "0.1"),
            (5.0, "5"),
            (-0.0, "-0"),
            (2.5, "2.5"),
            (1.0 / 3.0, "0.3333333333333333"),
            (1e21, "1e+21"),
            (1.5e-7, "1.5e-7"),
            (0.000001, "0.000001"),
            (123456.789, "123456.789"),
            (f64::MAX, "1.7976931348623157e+308"),
            (5e-324, "5e-324"),
            (f64::NAN, "null"),
            (f64::INFINITY, "null"),
        ] {
            assert_eq!(fmt_number(x), s);
        }
        assert_eq!(w(&Value::from(0.1f32)), "0.1");
        // Rounded to 1…6 digits it carries to 1e-13; its 7 digits are the shortest.
        assert_eq!(w(&Value::from(9.999995e-14f32)), "9.999995e-14");
        assert_eq!(w(&Value::from(9.999995e-13f32)), "9.999995e-13");
        assert_eq!(w(&Value::from(6.2831855f32)), "6.2831855");
        assert_eq!(w(&Value::from(-1.5707964f32)), "-1.5707964");
        assert_eq!(w(&Value::from(1e20f32)), "100000000000000000000");
    }

    #[test]
    fn plain_decimals() {
        for s in [
            "4",
            "4.5",
            ".5",
            "4.",
            "007",
            "0.1",
            "1234567890.0987654321",
        ] {
            assert_eq!(
                parse_plain_decimal(s),
                Some(s.parse::<f64>().unwrap()),
                "{s}"
            );
        }
        for s in ["", ".", "-1", "1e3", "1.2.3", " 1", "+1"] {
            assert_eq!(parse_plain_decimal(s), None, "{s}");
        }
    }

    #[test]
    fn errors_name_line_and_column() {
        let e = parse("{\n  \"a\": 1,\n  \"b\" 2\n}").unwrap_err();
        assert_eq!(e.to_string(), "expected `:` at line 3 column 7");
        assert_eq!(
            parse("[1,]").unwrap_err().to_string(),
            "expected value at line 1 column 4"
        );
        assert_eq!(parse("[1] x").unwrap_err().message, "trailing characters");
        assert_eq!(
            parse("{\"a\":1,\"a\":2}").unwrap_err().to_string(),
            "duplicate key \"a\" at line 1 column 8"
        );
        assert_eq!(
            parse("\"\\ud800\"").unwrap_err().message,
            "lone leading surrogate in hex escape"
        );
        assert_eq!(
            parse("\"\\udc00\"").unwrap_err().message,
            "lone trailing surrogate in hex escape"
        );
        assert_eq!(parse("01").unwrap_err().message, "invalid number");
        assert_eq!(
            parse(&"[".repeat(129)).unwrap_err().message,
            "nesting deeper than 128 levels"
        );
        assert!(parse(&format!("{}{}", "[".repeat(128), "]".repeat(128))).is_ok());
        assert_eq!(
            parse("é x").unwrap_err().to_string(),
            "expected value at line 1 column 1"
        );
    }

    #[test]
    fn strings_escape_and_unescape() {
        let v = parse(r#""a\"b\\c\/d\b\f\n\r\t\u0001\u00e9\ud83d\ude00""#).unwrap();
        assert_eq!(v.as_str().unwrap(), "a\"b\\c/d\u{8}\u{c}\n\r\t\u{1}é😀");
        assert_eq!(w(&v), r#""a\"b\\c/d\b\f\n\r\t\u0001é😀""#);
    }
}
