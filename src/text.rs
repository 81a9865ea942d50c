//! Small string helpers written as plain loops. The standard library's versions are generic,
//! tuned for long inputs and large in the wasm (`str::join` is a 1 KB specialised copy routine,
//! `chars().count()` an unrolled word-at-a-time counter); the strings here are labels, cues and
//! error messages of a few dozen characters.

/// Number of characters (Unicode scalar values) in `s`: the bytes that do not continue a
/// multi-byte UTF-8 sequence. Equal to `s.chars().count()`.
pub fn char_count(s: &str) -> usize {
    s.bytes().filter(|&b| (b as i8) >= -0x40).count()
}

/// `items` joined with `sep` between them, as `[S]::join`.
pub fn join<S: AsRef<str>>(items: &[S], sep: &str) -> String {
    let mut out = String::new();
    for (i, s) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        out.push_str(s.as_ref());
    }
    out
}
