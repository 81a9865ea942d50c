//! Text fitted to a width without text measurement: widths estimated per character, word wrap
//! with an ellipsis, and the memo of wraps a [`crate::scene::Scene`] keeps between frames.

/// Estimated advance of one character, as a fraction of the font size.
pub const CHAR_WIDTH: f32 = 0.55;
/// Appended to a text cut to fit.
pub const ELLIPSIS: char = '…';

/// Estimated width of `s` at `size` px.
pub fn estimate_width(s: &str, size: f32) -> f32 {
    crate::text::char_count(s) as f32 * size * CHAR_WIDTH
}

/// How many characters fit in `max_width` px at `size` px.
pub fn max_chars(size: f32, max_width: f32) -> usize {
    if size.is_nan() || max_width.is_nan() || size <= 0.0 || max_width <= 0.0 {
        return 0;
    }
    (max_width / (size * CHAR_WIDTH) + 1e-3).floor() as usize
}

/// One line of a wrapped text: a byte range of the source, and whether an ellipsis follows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Line {
    pub start: usize,
    pub end: usize,
    pub ellipsis: bool,
}

impl Line {
    /// Characters the line shows, ellipsis included.
    pub fn chars(&self, src: &str) -> usize {
        crate::text::char_count(sub(src, self.start..self.end)) + self.ellipsis as usize
    }
}

/// `&s[range]`, or "" when the range is not on character boundaries (it always is: every offset
/// here comes from `char_indices` or a search), without the slicing panic.
pub(crate) fn sub<R: std::slice::SliceIndex<str, Output = str>>(s: &str, range: R) -> &str {
    s.get(range).unwrap_or("")
}

/// Byte offset just after the first `n` characters of `s` (or `s.len()`).
fn byte_after(s: &str, n: usize) -> usize {
    s.char_indices().nth(n).map_or(s.len(), |(i, _)| i)
}

/// Word-wraps `src` into at most `out.len()` lines of at most `max_chars` characters each.
/// Text that does not fit in the last line is cut (at a word boundary when that keeps at least
/// half the line) and marked with an ellipsis, which counts towards the line's characters. A
/// word longer than a line is cut hard, before a letter rather than between it and its marks
/// ([`crate::text::cluster_start`]). Returns the number of lines written. Allocates nothing.
pub fn wrap(src: &str, max_chars: usize, out: &mut [Line]) -> usize {
    if max_chars == 0 || out.is_empty() {
        return 0;
    }
    let mut pos = src.len() - src.trim_start().len();
    let mut n = 0;
    while n < out.len() && pos < src.len() {
        let rest = sub(src, pos..);
        let rest_chars = crate::text::char_count(rest.trim_end());
        if rest_chars <= max_chars {
            out[n] = Line {
                start: pos,
                end: pos + rest.trim_end().len(),
                ellipsis: false,
            };
            return n + 1;
        }
        let last = n + 1 == out.len();
        if last {
            // Keep max_chars - 1 characters and add the ellipsis.
            let keep = max_chars - 1;
            let cut = crate::text::cluster_start(rest, byte_after(rest, keep));
            let head = sub(rest, ..cut);
            // Cut between words when the text goes on with a new word or punctuation.
            let at_boundary = !sub(rest, cut..).starts_with(crate::text::is_word_char)
                || head.ends_with(|c: char| !crate::text::is_word_char(c));
            let mut end = cut;
            if !at_boundary {
                if let Some(sp) = head.rfind(char::is_whitespace) {
                    if crate::text::char_count(sub(head, ..sp)) * 2 >= keep {
                        end = sp;
                    }
                }
            }
            let trimmed = sub(rest, ..end).trim_end_matches(|c: char| {
                c.is_whitespace() || matches!(c, ',' | ';' | ':' | '-' | '–' | '—' | '.')
            });
            out[n] = Line {
                start: pos,
                end: pos + trimmed.len(),
                ellipsis: true,
            };
            return n + 1;
        }
        // Break at the last whitespace within max_chars + 1 characters, or hard-cut a long word.
        let window = sub(rest, ..byte_after(rest, max_chars + 1));
        let brk = window
            .char_indices()
            .rev()
            .find(|&(_, c)| c.is_whitespace())
            .map(|(i, _)| i)
            .filter(|&i| i > 0);
        let (end, next) = match brk {
            Some(i) => (i, i),
            None => {
                // Not between a letter and its marks, nor inside an emoji sequence.
                let c = crate::text::cluster_start(rest, byte_after(rest, max_chars));
                (c, c)
            }
        };
        out[n] = Line {
            start: pos,
            end: pos + sub(rest, ..end).trim_end().len(),
            ellipsis: false,
        };
        n += 1;
        let after = sub(rest, next..);
        pos += next + (after.len() - after.trim_start().len());
    }
    n
}

/// [`wrap`] without ever cutting a sentence: when `src` does not fit in `out.len()` lines, the
/// longest run of its whole sentences from the start that does (a sentence ends with `.`, `!`
/// or `?` followed by a space), and when not even the first sentence fits, nothing (returns 0).
/// No line it writes carries an ellipsis. Allocates nothing.
pub fn wrap_whole(src: &str, max_chars: usize, out: &mut [Line]) -> usize {
    let n = wrap(src, max_chars, out);
    if n == 0 || !out[n - 1].ellipsis {
        return n;
    }
    let mut ends = src.trim_end().char_indices().rev().filter_map(|(i, c)| {
        let after = i + c.len_utf8();
        let next_is_space = sub(src, after..).starts_with(char::is_whitespace);
        (matches!(c, '.' | '!' | '?') && next_is_space).then_some(after)
    });
    ends.find_map(|end| {
        let n = wrap(sub(src, ..end), max_chars, out);
        (n > 0 && !out[n - 1].ellipsis).then_some(n)
    })
    .unwrap_or(0)
}

/// Texts wrapped in earlier frames, kept in the [`crate::scene::Scene`] between frames: a step's
/// title, cue and phase word stay the same for hundreds of frames, and wrapping them again each
/// time was the overlay's largest per-frame cost, run on caches the canvas raster has just made
/// cold (bench profile). Keyed by the text, the characters per line and the line count; round-robin
/// over [`WrapMemo::ENTRIES`] entries. After the first frames of a step it allocates nothing.
#[derive(Debug, Clone, Default)]
pub struct WrapMemo {
    entries: Vec<WrapEntry>,
    next: usize,
}

#[derive(Debug, Clone, Default)]
struct WrapEntry {
    src: String,
    max_chars: usize,
    max_lines: usize,
    /// Wrapped by [`wrap_whole`] rather than [`wrap`].
    whole: bool,
    lines: [Line; WrapMemo::MAX_LINES],
    n: usize,
}

impl WrapMemo {
    /// Texts remembered at once (a frame wraps up to three: title, cue, phase word).
    pub const ENTRIES: usize = 4;
    /// The most lines a remembered wrap may have (more are wrapped afresh every time).
    pub const MAX_LINES: usize = 4;

    /// [`wrap`], answered from the memo when the same text was wrapped the same way before.
    pub fn wrap(&mut self, src: &str, max_chars: usize, out: &mut [Line]) -> usize {
        self.remembered(src, max_chars, out, false)
    }

    /// [`wrap_whole`], answered from the memo like [`WrapMemo::wrap`].
    pub fn wrap_whole(&mut self, src: &str, max_chars: usize, out: &mut [Line]) -> usize {
        self.remembered(src, max_chars, out, true)
    }

    fn remembered(&mut self, src: &str, max_chars: usize, out: &mut [Line], whole: bool) -> usize {
        let max_lines = out.len();
        let fresh = |out: &mut [Line]| {
            if whole {
                wrap_whole(src, max_chars, out)
            } else {
                wrap(src, max_chars, out)
            }
        };
        if max_lines > Self::MAX_LINES {
            return fresh(out);
        }
        let found = self.entries.iter().find(|e| {
            e.max_chars == max_chars && e.max_lines == max_lines && e.whole == whole && e.src == src
        });
        if let Some(e) = found {
            out[..e.n].copy_from_slice(&e.lines[..e.n]);
            return e.n;
        }
        let n = fresh(out);
        let e = if self.entries.len() < Self::ENTRIES {
            self.entries.push(WrapEntry::default());
            self.entries.last_mut()
        } else {
            let i = self.next;
            self.next = (i + 1) % Self::ENTRIES;
            self.entries.get_mut(i)
        };
        if let Some(e) = e {
            e.src.clear();
            e.src.push_str(src);
            e.max_chars = max_chars;
            e.max_lines = max_lines;
            e.whole = whole;
            e.lines[..n].copy_from_slice(&out[..n]);
            e.n = n;
        }
        n
    }
}
