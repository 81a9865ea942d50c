//! Text and ring layout of the rib-cage frame: where the step title, its side or spot, cue, phase
//! word, seconds and breath count go, how large the progress ring is, and how long texts are fitted to the width.
//!
//! There is no text measurement in the core, so widths are estimated as
//! `size * CHAR_WIDTH` per character; every `Text` command also carries the width it was fitted to,
//! which the web layer passes to `fillText` as `maxWidth` so real glyphs never spill.

use crate::draw::input::{unit, Detail, Overlay};
use crate::draw::wrap::sub;
use crate::flow::Side;
use crate::scene::{Align, Cmd, Paint, Part, Piece, Role, Scene, TextSpan};
use crate::words::Words;
use std::f32::consts::{FRAC_PI_2, TAU};

// The text fitting lives in `wrap`; these are its paths from before (`breathflow::overlay::wrap`…).
pub use crate::draw::wrap::{
    estimate_width, max_chars, wrap, Line, WrapMemo, CHAR_WIDTH, ELLIPSIS,
};

/// Line height as a multiple of the font size.
const LINE: f32 = 1.3;

/// Pushes one wrapped line (and its ellipsis) to the scene's text arena.
fn push_line(scene: &mut Scene, src: &str, line: Line) -> TextSpan {
    let start = scene.text_len();
    scene.push_str(sub(src, line.start..line.end));
    if line.ellipsis {
        let mut buf = [0u8; 4];
        scene.push_str(ELLIPSIS.encode_utf8(&mut buf));
    }
    TextSpan {
        start,
        end: scene.text_len(),
    }
}

/// A text row placed by the layout.
#[derive(Debug, Clone, Copy, Default)]
struct Row {
    y: f32,
    size: f32,
}

const MAX_CUE_LINES: usize = 3;

/// Below this size (the smaller side, CSS px) a stacked frame gives the detail ("Left side") the
/// cue's one line rather than a line of its own, which would leave the figure too small.
const DETAIL_OWN_LINE_MIN: f32 = 200.0;

/// Where everything goes for one frame.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Layout {
    /// Centre and radius (mid-line of the stroke) of the progress ring, and its stroke width.
    pub cx: f32,
    pub cy: f32,
    pub r: f32,
    pub ring_w: f32,
    /// Horizontal centre and width of the text column.
    text_cx: f32,
    text_w: f32,
    title: Option<Row>,
    detail: Option<Row>,
    cue: Option<Row>,
    cue_lines: [Line; MAX_CUE_LINES],
    cue_n: usize,
    phase: Option<Row>,
    info: Option<Row>,
}

/// A row of `lines` lines of text of font size `size` (CSS px) placed at `y`, the top of what is
/// left, which moves down past it.
fn stack(y: &mut f32, size: f32, lines: usize) -> Row {
    let row = Row {
        y: *y + size * LINE / 2.0,
        size,
    };
    *y += lines as f32 * size * LINE;
    row
}

fn clampf(v: f32, lo: f32, hi: f32) -> f32 {
    v.max(lo).min(hi)
}

struct Sizes {
    title: f32,
    cue: f32,
    phase: f32,
    info: f32,
}

fn sizes(s: f32) -> Sizes {
    Sizes {
        title: clampf(0.046 * s, 11.0, 28.0),
        cue: clampf(0.036 * s, 10.0, 20.0),
        phase: clampf(0.064 * s, 13.0, 40.0),
        info: clampf(0.042 * s, 10.0, 24.0),
    }
}

fn has_info(ov: &Overlay) -> bool {
    ov.seconds_left.is_some() || ov.breath_count.is_some()
}

/// The detail line's template ("Left side", or "Spot {n} of {total}") and its numbers, if there
/// is one.
fn detail_words<'a>(d: Option<Detail>, w: &'a Words) -> Option<(&'a str, Option<(u32, u32)>)> {
    match d? {
        Detail::Side(Side::Left) => Some((&w.left_side, None)),
        Detail::Side(Side::Right) => Some((&w.right_side, None)),
        Detail::Side(Side::None) => None,
        Detail::Spot { spot, spots } => Some((&w.spot, Some((spot, spots)))),
    }
}

/// Wraps the cue into `out`: a safety cue whole sentences only ([`WrapMemo::wrap_whole`]).
fn wrap_cue(memo: &mut WrapMemo, w: &Words, cue: &str, max: usize, out: &mut [Line]) -> usize {
    if w.is_safety_cue(cue) {
        memo.wrap_whole(cue, max, out)
    } else {
        memo.wrap(cue, max, out)
    }
}

impl Layout {
    pub fn new(w: f32, h: f32, ov: &Overlay, memo: &mut WrapMemo) -> Layout {
        let s = w.min(h);
        let pad = (0.04 * s).max(6.0);
        let ring_w = clampf(0.013 * s, 2.0, 9.0);
        let z = sizes(s);
        let title = ov.title.filter(|t| !t.trim().is_empty());
        let cue = ov.cue.filter(|t| !t.trim().is_empty());
        let phase = !ov.phase_label.trim().is_empty();
        let info = has_info(ov);
        let detail = detail_words(ov.detail, ov.words).is_some();

        let mut l = Layout {
            cx: w / 2.0,
            cy: h / 2.0,
            r: 0.0,
            ring_w,
            text_cx: w / 2.0,
            text_w: w - 2.0 * pad,
            title: None,
            detail: None,
            cue: None,
            cue_lines: [Line::default(); MAX_CUE_LINES],
            cue_n: 0,
            phase: None,
            info: None,
        };

        // Side by side on wide canvases: the ring on the left, a text column on the right.
        let side = w >= 1.75 * h && (title.is_some() || detail || cue.is_some() || phase || info);
        if side {
            // The ring and the column (at most 1.3 h wide) centred together.
            let r_out = h / 2.0 - pad;
            l.r = r_out - ring_w / 2.0;
            let gap = 2.0 * pad;
            let col_w = (w - 2.0 * pad - 2.0 * r_out - gap).min(1.3 * h);
            let left = (w - (2.0 * r_out + gap + col_w)) / 2.0;
            l.cx = left + r_out;
            l.text_w = col_w;
            l.text_cx = left + 2.0 * r_out + gap + col_w / 2.0;
            let cue_max = MAX_CUE_LINES;
            if let Some(c) = cue {
                let max = max_chars(z.cue, l.text_w);
                l.cue_n = wrap_cue(memo, ov.words, c, max, &mut l.cue_lines[..cue_max]);
            }
            // Stack the rows and centre the stack vertically.
            let gap = 0.5 * z.phase;
            let mut total = 0.0;
            if title.is_some() {
                total += z.title * LINE;
            }
            if detail {
                total += z.cue * LINE;
            }
            total += l.cue_n as f32 * z.cue * LINE;
            let top_any = total > 0.0;
            let mut bottom = 0.0;
            if phase {
                bottom += z.phase * LINE;
            }
            if info {
                bottom += z.info * LINE;
            }
            if top_any && bottom > 0.0 {
                total += gap;
            }
            total += bottom;
            let mut y = (h - total).max(0.0) / 2.0;
            if title.is_some() {
                l.title = Some(stack(&mut y, z.title, 1));
            }
            if detail {
                l.detail = Some(stack(&mut y, z.cue, 1));
            }
            if l.cue_n > 0 {
                l.cue = Some(stack(&mut y, z.cue, l.cue_n));
            }
            if top_any && bottom > 0.0 {
                y += gap;
            }
            if phase {
                l.phase = Some(stack(&mut y, z.phase, 1));
            }
            if info {
                l.info = Some(stack(&mut y, z.info, 1));
            }
            return l;
        }

        // Stacked: title and cue on top, ring in the middle, phase and info below.
        let mut y = pad;
        if title.is_some() {
            l.title = Some(stack(&mut y, z.title, 1));
        }
        if detail {
            l.detail = Some(stack(&mut y, z.cue, 1));
        }
        let cue = cue.filter(|_| !detail || s >= DETAIL_OWN_LINE_MIN);
        if let Some(c) = cue {
            let lines = if s < 320.0 { 1 } else { 2 };
            let max = max_chars(z.cue, l.text_w);
            l.cue_n = wrap_cue(memo, ov.words, c, max, &mut l.cue_lines[..lines]);
            if l.cue_n > 0 {
                l.cue = Some(stack(&mut y, z.cue, l.cue_n));
            }
        }
        let top = if y > pad { y + 0.35 * pad } else { pad * 0.75 };
        let mut y = h - pad;
        if info {
            l.info = Some(Row {
                y: y - z.info * LINE / 2.0,
                size: z.info,
            });
            y -= z.info * LINE;
        }
        if phase {
            l.phase = Some(Row {
                y: y - z.phase * LINE / 2.0,
                size: z.phase,
            });
            y -= z.phase * LINE;
        }
        let bottom = if y < h - pad {
            y - 0.35 * pad
        } else {
            h - pad * 0.75
        };
        let r_out = ((bottom - top) / 2.0).min(w / 2.0 - pad).max(ring_w * 4.0);
        l.r = r_out - ring_w / 2.0;
        l.cy = (top + bottom) / 2.0;
        // On tall canvases keep the texts with the ring: move both blocks towards it.
        let spare = ((bottom - top) - 2.0 * r_out).max(0.0) / 2.0;
        for row in [&mut l.title, &mut l.detail, &mut l.cue]
            .into_iter()
            .flatten()
        {
            row.y += spare;
        }
        for row in [&mut l.phase, &mut l.info].into_iter().flatten() {
            row.y -= spare;
        }
        l
    }

    /// Whether the cue row shows all of `cue` (the overlay's cue this layout was made for):
    /// false when there is no cue, no room for it, or it was cut.
    pub fn cue_fits(&self, cue: Option<&str>) -> bool {
        let (Some(c), Some(_)) = (cue, self.cue) else {
            return false;
        };
        match self.cue_lines[..self.cue_n].last() {
            Some(last) => !last.ellipsis && last.end >= c.trim_end().len(),
            None => false,
        }
    }

    /// Radius (in px) available to the figure inside the ring.
    pub fn figure_radius(&self) -> f32 {
        (self.r - self.ring_w * 1.5).max(1.0)
    }
}

/// The progress arc grows in steps of this much arc length at the ring's radius (CSS px): half a
/// CSS px (one device px at DPR 2) is too little to see, and it makes consecutive frames of a
/// hold, a pose or a rest come out identical, so the web layer can skip drawing them (otherwise
/// a 10-minute session's arc moves by a few hundredths of a pixel every frame and no two frames
/// are ever the same).
pub const RING_STEP_PX: f32 = 0.5;

/// `p` (0..=1) rounded to the steps of [`RING_STEP_PX`] on a ring of radius `r` (CSS px); 0 and 1
/// stay exact.
pub fn ring_progress(p: f32, r: f32) -> f32 {
    let steps = ring_steps(r);
    (p * steps).round() / steps
}

/// How many steps of [`RING_STEP_PX`] make a whole ring of radius `r` (CSS px); at least 1.
pub fn ring_steps(r: f32) -> f32 {
    (TAU * r.max(0.0) / RING_STEP_PX).ceil().max(1.0)
}

/// Draws the progress ring: a faint track always, the accent arc and a head dot when `progress`
/// is given (rounded by [`ring_progress`]).
pub(crate) fn draw_ring(scene: &mut Scene, l: &Layout, progress: Option<f32>) {
    scene.mark(Part::Ring);
    let track = Paint::new(Role::Rib, 0.12);
    scene.begin_path();
    scene.push(Cmd::Arc {
        x: l.cx,
        y: l.cy,
        r: l.r,
        start: 0.0,
        end: TAU,
        ccw: false,
    });
    scene.stroke(track, l.ring_w);
    let Some(p) = progress else { return };
    let p = ring_progress(unit(p), l.r);
    if p <= 0.0 {
        return;
    }
    let accent = Paint::new(Role::Accent, 0.9);
    let start = -FRAC_PI_2;
    let end = start + TAU * p;
    scene.begin_path();
    scene.push(Cmd::Arc {
        x: l.cx,
        y: l.cy,
        r: l.r,
        start,
        end,
        ccw: false,
    });
    scene.stroke(accent, l.ring_w);
    // Head dot, a touch larger than the stroke.
    let (hx, hy) = (l.cx + l.r * end.cos(), l.cy + l.r * end.sin());
    scene.begin_path();
    scene.push(Cmd::Arc {
        x: hx,
        y: hy,
        r: l.ring_w * 0.85,
        start: 0.0,
        end: TAU,
        ccw: false,
    });
    scene.fill(Paint::new(Role::Accent, 1.0));
}

/// How a text is set: everything in a [`Cmd::Text`] but the string and the position.
#[derive(Clone, Copy)]
struct Style {
    size: f32,
    bold: bool,
    align: Align,
    paint: Paint,
    max_width: f32,
}

impl Style {
    fn new(size: f32, bold: bool, align: Align, paint: Paint, max_width: f32) -> Style {
        Style {
            size,
            bold,
            align,
            paint,
            max_width,
        }
    }
}

fn text_cmd(scene: &mut Scene, span: TextSpan, x: f32, y: f32, st: Style) {
    scene.push(Cmd::Text {
        span,
        x,
        y,
        size: st.size,
        bold: st.bold,
        align: st.align,
        paint: st.paint,
        max_width: st.max_width,
    });
}

/// Pushes `src` fitted to one line of the style's width, or nothing when not even one character
/// fits.
fn fitted(scene: &mut Scene, memo: &mut WrapMemo, src: &str, x: f32, y: f32, st: Style) {
    let mut st = st;
    // Bold glyphs run wider than the estimate's average: a title a little too long is set
    // smaller (down to SHRINK_MIN of its size) rather than cut; a longer one is cut after that.
    let k = if st.bold { BOLD_WIDTH } else { 1.0 };
    let need = estimate_width(src, st.size) * k;
    if need > st.max_width {
        st.size *= (st.max_width / need).max(SHRINK_MIN);
    }
    let mut line = [Line::default()];
    if memo.wrap(src, max_chars(st.size * k, st.max_width), &mut line) == 1 {
        let span = push_line(scene, src, line[0]);
        text_cmd(scene, span, x, y, st);
    }
}

/// Draws the texts placed by `l`.
pub(crate) fn draw_text(scene: &mut Scene, memo: &mut WrapMemo, l: &Layout, ov: &Overlay) {
    let text = Paint::new(Role::Text, 1.0);
    let soft = Paint::new(Role::Text, 0.72);
    let (x, tw) = (l.text_cx, l.text_w);
    if let (Some(row), Some(t)) = (l.title, ov.title) {
        scene.mark(Part::Title);
        let st = Style::new(row.size, true, Align::Center, text, tw);
        fitted(scene, memo, t, x, row.y, st);
    }
    if let (Some(row), Some((words, spot))) = (l.detail, detail_words(ov.detail, ov.words)) {
        scene.mark(Part::Detail);
        let span = match spot {
            Some((n, of)) => scene.push_template(words, &[("n", n.into()), ("total", of.into())]),
            None => scene.push_str(words),
        };
        let sz = fit_size(scene, span, row.size, tw, true);
        let st = Style::new(sz, true, Align::Center, Paint::new(Role::Accent, 1.0), tw);
        text_cmd(scene, span, x, row.y, st);
    }
    if let (Some(row), Some(c)) = (l.cue, ov.cue) {
        scene.mark(Part::Cue);
        let st = Style::new(row.size, false, Align::Center, soft, tw);
        for (i, line) in l.cue_lines[..l.cue_n].iter().enumerate() {
            let span = push_line(scene, c, *line);
            text_cmd(scene, span, x, row.y + i as f32 * row.size * LINE, st);
        }
    }
    if let Some(row) = l.phase {
        scene.mark(Part::Phase);
        let st = Style::new(row.size, true, Align::Center, text, tw);
        fitted(scene, memo, ov.phase_label, x, row.y, st);
    }
    if let Some(row) = l.info {
        draw_info(scene, ov, row, x, tw);
    }
}

/// How much wider a bold (600) text runs than [`estimate_width`]'s average: measured with the
/// browser's system-ui on the library's titles in English, Spanish, German and French (longest
/// words, capitals), with a margin (`tests/web.rs`, every locale's canvas words).
const BOLD_WIDTH: f32 = 1.2;
/// A title is set down to this share of its size to fit before it is cut.
const SHRINK_MIN: f32 = 0.75;

/// Font size at which `span` fits `max_width` (never larger than `size`).
fn fit_size(scene: &Scene, span: TextSpan, size: f32, max_width: f32, bold: bool) -> f32 {
    let w = estimate_width(scene.text(span), size) * if bold { BOLD_WIDTH } else { 1.0 };
    if w > max_width && w > 0.0 {
        size * max_width / w
    } else {
        size
    }
}

/// The row under the phase word: "4 s · breath 3 / 10", seconds accented, right-aligned before the
/// centred dot, the count left-aligned after it; either alone is centred. Numbers too long for
/// their half are set smaller rather than cut.
fn draw_info(scene: &mut Scene, ov: &Overlay, row: Row, x: f32, tw: f32) {
    let size = row.size;
    let both = ov.seconds_left.is_some() && ov.breath_count.is_some();
    let gap = size * 0.75;
    let (half, (lx, la), (rx, ra)) = if both {
        (
            tw / 2.0 - gap,
            (x - gap, Align::Right),
            (x + gap, Align::Left),
        )
    } else {
        (tw, (x, Align::Center), (x, Align::Center))
    };
    if let Some(sec) = ov.seconds_left {
        scene.mark(Part::Seconds);
        let span = scene.push_template(&ov.words.seconds, &[("n", sec.into())]);
        let sz = fit_size(scene, span, size, half, true);
        let st = Style::new(sz, true, la, Paint::new(Role::Accent, 1.0), half);
        text_cmd(scene, span, lx, row.y, st);
    }
    if let Some((done, total)) = ov.breath_count {
        scene.mark(Part::Count);
        // Prefer "breath 3 / 10"; the numbers alone when narrow.
        let words = ov.words;
        let mut span = match total {
            Some(t) => scene.push_template(&words.breath_of, &[("n", done), ("total", t)]),
            None => scene.push_template(&words.breath, &[("n", done)]),
        };
        if estimate_width(scene.text(span), size) > half {
            span = match total {
                Some(t) => scene.push_parts(&[Piece::Int(done), Piece::Str(" / "), Piece::Int(t)]),
                None => scene.push_parts(&[Piece::Int(done)]),
            };
        }
        let sz = fit_size(scene, span, size, half, false);
        let st = Style::new(sz, false, ra, Paint::new(Role::Text, 0.72), half);
        text_cmd(scene, span, rx, row.y, st);
        if both {
            let span = scene.push_str("·");
            let st = Style::new(
                size,
                true,
                Align::Center,
                Paint::new(Role::Text, 0.45),
                size,
            );
            text_cmd(scene, span, x, row.y, st);
        }
    }
}

/// Draws `message` centred, wrapped to four lines at most (the frame shows nothing else).
pub(crate) fn draw_message(scene: &mut Scene, w: f32, h: f32, message: &str) {
    scene.mark(Part::Message);
    let s = w.min(h);
    let size = clampf(0.055 * s, 12.0, 28.0);
    let pad = (0.06 * s).max(8.0);
    let tw = w - 2.0 * pad;
    let mut lines = [Line::default(); 4];
    let n = wrap(message, max_chars(size, tw), &mut lines);
    let y0 = h / 2.0 - (n as f32 - 1.0) * size * LINE / 2.0;
    let st = Style::new(size, false, Align::Center, Paint::new(Role::Text, 1.0), tw);
    for (i, line) in lines[..n].iter().enumerate() {
        let span = push_line(scene, message, *line);
        text_cmd(scene, span, w / 2.0, y0 + i as f32 * size * LINE, st);
    }
}
