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

/// Whether `c` joins the character before it on screen, so a line must not be cut just before
/// it: combining marks (diacritics; Hebrew, Arabic, Thai and Tibetan vowel signs and stacks; the
/// vowel signs, viramas and nasal signs of the Indic scripts from Devanagari to Malayalam),
/// Hangul jamo vowels and finals, zero-width joiners, variation selectors, emoji skin tones and
/// tags. Not all of Unicode's extending characters (that takes its tables, kilobytes of wasm),
/// but those of every script whose letters the built-in texts and common user texts use.
pub fn joins_previous(c: char) -> bool {
    let u = c as u32;
    match u {
        0x0900..=0x0D7F => {
            matches!(u & 0x7F, 0x00..=0x03 | 0x3A..=0x4F | 0x51..=0x57 | 0x62..=0x63)
        }
        0x0300..=0x036F
        | 0x0483..=0x0489
        | 0x0591..=0x05BD
        | 0x05BF
        | 0x05C1..=0x05C2
        | 0x05C4..=0x05C5
        | 0x05C7
        | 0x0610..=0x061A
        | 0x064B..=0x065F
        | 0x0670
        | 0x06D6..=0x06DC
        | 0x06DF..=0x06E4
        | 0x06E7..=0x06E8
        | 0x06EA..=0x06ED
        | 0x0E31
        | 0x0E34..=0x0E3A
        | 0x0E47..=0x0E4E
        | 0x0EB1
        | 0x0EB4..=0x0EBC
        | 0x0EC8..=0x0ECD
        | 0x0F71..=0x0F84
        | 0x0F8D..=0x0FBC
        | 0x1160..=0x11FF
        | 0x1AB0..=0x1AFF
        | 0x1DC0..=0x1DFF
        | 0x200C..=0x200D
        | 0x20D0..=0x20FF
        | 0x302A..=0x302F
        | 0x3099..=0x309A
        | 0xFE00..=0xFE0F
        | 0xFE20..=0xFE2F
        | 0x1F3FB..=0x1F3FF
        | 0xE0020..=0xE007F
        | 0xE0100..=0xE01EF => true,
        _ => false,
    }
}

/// The byte index of the start of the character cluster around byte `i` of `s` (a char
/// boundary): `i` moved back past every character that [`joins_previous`], and past the one
/// after a zero-width joiner (the parts of an emoji sequence). `i` itself when that would reach
/// the start of `s` (a cluster longer than a line is cut inside, not dropped).
pub fn cluster_start(s: &str, i: usize) -> usize {
    // (`get`, not indexing: a slice that may panic links core's 4 KB slice-error formatter.)
    let mut j = i;
    while j > 0 && j < s.len() {
        let mut before = s.get(..j).unwrap_or("").chars();
        let prev = before.next_back();
        let here = s.get(j..).and_then(|r| r.chars().next());
        if !(here.is_some_and(joins_previous) || prev == Some('\u{200D}')) {
            return j;
        }
        j = before.as_str().len();
    }
    if j == 0 {
        i
    } else {
        j
    }
}
