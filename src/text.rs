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

/// Whether `c` belongs to a word, for finding word boundaries (where a cut line may end, which
/// words a mirrored cue swaps): ASCII letters and digits, and every non-ASCII character outside
/// whitespace and the punctuation and symbol blocks. It agrees with `char::is_alphanumeric` on
/// the letters and digits of every script and on the punctuation texts use (`…`, `—`, `·`, `«`,
/// CJK, fullwidth, Hebrew, Arabic and Devanagari punctuation, arrows, emoji), without Unicode's
/// Alphabetic and Numeric tables, which cost about 2 KB of gzip in the wasm. It differs on rare
/// symbols that Unicode counts as letters or numbers (superscript digits, letterlike symbols such
/// as `ℓ`, Roman numerals, circled digits), which it treats as separators, and keeps with their
/// word combining marks and the punctuation of other scripts.
pub fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    let u = c as u32;
    let separator = match u {
        // Latin-1 punctuation and symbols, but for ª ² ³ µ ¹ º ¼ ½ ¾ (letters and numbers).
        0x80..=0xBF => !matches!(u, 0xAA | 0xB2 | 0xB3 | 0xB5 | 0xB9 | 0xBA | 0xBC..=0xBE),
        0xD7 | 0xF7 => true, // × ÷
        // General punctuation … dingbats, arrows, shapes and symbols; supplemental punctuation.
        0x2000..=0x2BFF | 0x2E00..=0x2E7F => true,
        // CJK symbols and punctuation; vertical, compatibility and small forms.
        0x3000..=0x3003 | 0x3008..=0x3020 | 0x3030 | 0x303D..=0x303F | 0xFE10..=0xFE6F => true,
        // Fullwidth ASCII punctuation and halfwidth CJK punctuation.
        0xFF01..=0xFF0F | 0xFF1A..=0xFF20 | 0xFF3B..=0xFF40 | 0xFF5B..=0xFF65 => true,
        // Emoji, pictographs and other symbols.
        0x1F000..=0x1FAFF => true,
        // The commonest punctuation of Hebrew, Arabic and Devanagari.
        0x05BE
        | 0x05C0
        | 0x05C3
        | 0x05F3
        | 0x05F4
        | 0x060C
        | 0x061B
        | 0x061F
        | 0x066A..=0x066D
        | 0x06D4
        | 0x0964
        | 0x0965 => true,
        _ => c.is_whitespace(),
    };
    !separator
}
