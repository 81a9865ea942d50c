//! Which pixels a new frame changes, so the painter repaints only those.
//!
//! Why: a breathing frame moves the rib cage, the glow and the progress ring, while the title,
//! the cue, the labels and the background stay as they were for seconds at a time. Repainting
//! the whole canvas costs a raster of every pixel and every glyph (most of what a frame costs the
//! reader's CPU: bench, render (a)); repainting only the rectangle around what moved costs the
//! raster of that rectangle.
//!
//! How: a scene is cut into *units*, each a run of commands that draws on its own (a path from
//! its `BeginPath` through its fills and strokes, a text, a `Save`…`Restore` block, the clear).
//! [`Damage::plan`] compares the new frame's units with those of the frame on the canvas, one by
//! one; the rectangle is the union of the bounds, old and new, of every unit that differs. The
//! painter then clips to it, repaints the background there and replays, in order, every unit
//! whose bounds meet it ([`crate::canvas_ops::Encoder::encode_partial`]). Inside the rectangle
//! the canvas receives the calls of a full frame, and outside it nothing changed, so the picture
//! is that of a full repaint: to the pixel, but for the rasteriser's rounding at some antialiased
//! edges (Skia antialiases a path whose clipped bounds are small with another blitter; up to 10
//! levels of 255 seen). Each partial frame repaints its rectangle from the background up, so
//! those differences never add up. (Browser test: every frame of four sessions at 60 Hz against a
//! full replay, at four pixel ratios.)
//!
//! Bounds are conservative boxes in CSS px: a curve lies inside the hull of its control points,
//! a stroke reaches half its width past its path (joins and caps are round), a text stays within
//! the width the layout gave it (`fillText`'s `maxWidth` squeezes it), plus half its size of
//! overhang either side, and within one and a half times its size above and below its middle
//! baseline (accents included). That holds for the scripts [`flat_script`] names; a text with
//! anything else (combining marks, which may stack without limit) is bounded by the whole canvas.
//! Antialiasing adds
//! [`AA_MARGIN`]. The rectangle is then widened to whole device pixels and clipped in device
//! space, so its edges cut no pixel in two.
//!
//! Pure and deterministic: no web types, no clock.

use crate::scene::{Align, Cmd, Scene};

/// Extra CSS px around every unit's bounds for antialiasing (a pixel partly covered by an edge
/// is painted): one CSS px, and at least one device px is added when widening to device pixels.
pub const AA_MARGIN: f32 = 1.0;

/// Above this share of the canvas's area, a changed frame is repainted whole: clipping then
/// saves little, and a whole-canvas clear lets the browser drop drawing still queued.
pub const FULL_SHARE: f32 = 0.6;

/// A box in CSS px, `x0 <= x1`, `y0 <= y1` (or empty: `x0 > x1`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bounds {
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
}

impl Bounds {
    pub const EMPTY: Bounds = Bounds {
        x0: f32::INFINITY,
        y0: f32::INFINITY,
        x1: f32::NEG_INFINITY,
        y1: f32::NEG_INFINITY,
    };
    /// Everything (a unit whose geometry is not finite).
    pub const ALL: Bounds = Bounds {
        x0: f32::NEG_INFINITY,
        y0: f32::NEG_INFINITY,
        x1: f32::INFINITY,
        y1: f32::INFINITY,
    };

    pub fn is_empty(&self) -> bool {
        !(self.x0 <= self.x1 && self.y0 <= self.y1)
    }

    /// The smallest box holding both.
    pub fn union(self, o: Bounds) -> Bounds {
        Bounds {
            x0: self.x0.min(o.x0),
            y0: self.y0.min(o.y0),
            x1: self.x1.max(o.x1),
            y1: self.y1.max(o.y1),
        }
    }

    /// Grow by `pad` CSS px on every side.
    pub fn pad(self, pad: f32) -> Bounds {
        if self.is_empty() {
            return self;
        }
        Bounds {
            x0: self.x0 - pad,
            y0: self.y0 - pad,
            x1: self.x1 + pad,
            y1: self.y1 + pad,
        }
    }

    /// Add a point; a coordinate that is not finite makes the box [`Bounds::ALL`] (the canvas
    /// ignores such calls, but nothing about them can be bounded).
    fn point(&mut self, x: f32, y: f32) {
        if !(x.is_finite() && y.is_finite()) {
            *self = Bounds::ALL;
            return;
        }
        self.x0 = self.x0.min(x);
        self.y0 = self.y0.min(y);
        self.x1 = self.x1.max(x);
        self.y1 = self.y1.max(y);
    }

    /// The device-pixel rectangle covering this box at `dpr` device px per CSS px, one device
    /// pixel wider on every side, clamped to the backing store `bw`×`bh`.
    pub fn to_device(self, dpr: f32, bw: u32, bh: u32) -> DeviceRect {
        if self.is_empty() {
            return DeviceRect::default();
        }
        let clamp = |v: f32, max: u32| (v.max(0.0).min(max as f32)) as u32;
        let x0 = clamp((self.x0 * dpr).floor() - 1.0, bw);
        let y0 = clamp((self.y0 * dpr).floor() - 1.0, bh);
        let x1 = clamp((self.x1 * dpr).ceil() + 1.0, bw);
        let y1 = clamp((self.y1 * dpr).ceil() + 1.0, bh);
        DeviceRect {
            x: x0,
            y: y0,
            w: x1.saturating_sub(x0),
            h: y1.saturating_sub(y0),
        }
    }
}

/// A rectangle of whole device pixels: columns `x..x + w`, rows `y..y + h` of the backing store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DeviceRect {
    pub x: u32,
    pub y: u32,
    pub w: u32,
    pub h: u32,
}

impl DeviceRect {
    pub fn is_empty(&self) -> bool {
        self.w == 0 || self.h == 0
    }

    /// Whether the two share at least one pixel.
    pub fn meets(&self, o: &DeviceRect) -> bool {
        !self.is_empty()
            && !o.is_empty()
            && self.x < o.x + o.w
            && o.x < self.x + self.w
            && self.y < o.y + o.h
            && o.y < self.y + self.h
    }

    /// The smallest rectangle holding both.
    pub fn union(self, o: DeviceRect) -> DeviceRect {
        if self.is_empty() {
            return o;
        }
        if o.is_empty() {
            return self;
        }
        let (x0, y0) = (self.x.min(o.x), self.y.min(o.y));
        let (x1, y1) = (
            (self.x + self.w).max(o.x + o.w),
            (self.y + self.h).max(o.y + o.h),
        );
        DeviceRect {
            x: x0,
            y: y0,
            w: x1 - x0,
            h: y1 - y0,
        }
    }

    /// Pixels covered.
    pub fn area(&self) -> u64 {
        self.w as u64 * self.h as u64
    }
}

/// A run of commands that draws on its own: `cmds[start..end]` of its scene, and the device
/// pixels it can touch.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Unit {
    pub start: u32,
    pub end: u32,
    pub rect: DeviceRect,
}

/// What the painter does with a new frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Plan {
    /// The canvas already shows it: nothing to draw.
    Same,
    /// Repaint the whole canvas.
    Full,
    /// Repaint only this rectangle (clip, background, then every unit that meets it).
    Partial(DeviceRect),
}

/// The frame on the canvas, as the painter last drew it, to compare the next one with.
#[derive(Debug, Default)]
pub struct Damage {
    /// Its commands and the texts they draw (a copy of its scene's arena).
    cmds: Vec<Cmd>,
    text: String,
    units: Vec<Unit>,
    /// The units of the frame being planned (swapped with `units` once planned).
    next: Vec<Unit>,
    /// The scale and backing store the units' rectangles are for.
    dpr: f32,
    size: (u32, u32),
    /// False until a frame is kept, and after [`Damage::invalidate`].
    valid: bool,
}

impl Damage {
    pub fn new() -> Damage {
        Damage::default()
    }

    /// The canvas no longer shows the kept frame (new backing store, new colours, a message
    /// painted over it): the next frame is [`Plan::Full`].
    pub fn invalidate(&mut self) {
        self.valid = false;
    }

    /// The units of the frame last planned (the one now to be drawn), in drawing order.
    pub fn units(&self) -> &[Unit] {
        &self.units
    }

    /// Decide how to draw `scene` on a canvas that shows the kept frame, at `dpr` device px per
    /// CSS px on a `bw`×`bh` backing store; then keep `scene` as the frame on the canvas.
    pub fn plan(&mut self, scene: &Scene, dpr: f32, bw: u32, bh: u32) -> Plan {
        let mut next = std::mem::take(&mut self.next);
        next.reserve(scene.capacity().0);
        units_into(scene, dpr, bw, bh, &mut next);
        let plan = if !self.valid
            || self.dpr != dpr
            || self.size != (bw, bh)
            || next.len() != self.units.len()
        {
            Plan::Full
        } else {
            let mut dirty = DeviceRect::default();
            for (old, new) in self.units.iter().zip(&next) {
                if !self.same_unit(old, scene, new) {
                    dirty = dirty.union(old.rect).union(new.rect);
                }
            }
            if dirty.is_empty() {
                Plan::Same
            } else if dirty.area() as f32 > FULL_SHARE * (bw as f32 * bh as f32) {
                Plan::Full
            } else {
                Plan::Partial(dirty)
            }
        };
        if plan != Plan::Same {
            // The copies keep at least the scene's capacities (and the unit lists as many), so
            // that once the scene stops growing they never grow either: no allocation, and so no
            // wasm memory growth, frame after frame.
            let (cap, text_cap) = scene.capacity();
            self.cmds.clear();
            self.cmds.reserve(cap);
            self.cmds.extend_from_slice(scene.cmds());
            self.text.clear();
            self.text.reserve(text_cap);
            self.text.push_str(scene.arena());
        }
        self.next = std::mem::replace(&mut self.units, next);
        self.dpr = dpr;
        self.size = (bw, bh);
        self.valid = true;
        plan
    }

    /// Whether unit `new` of `scene` makes the same calls as the kept unit `old`: the same
    /// commands, with the same strings for its texts.
    fn same_unit(&self, old: &Unit, scene: &Scene, new: &Unit) -> bool {
        let a = &self.cmds[old.start as usize..old.end as usize];
        let b = &scene.cmds()[new.start as usize..new.end as usize];
        a.len() == b.len()
            && a.iter().zip(b).all(|(x, y)| match (x, y) {
                (&Cmd::Text { span: sa, .. }, &Cmd::Text { span: sb, .. }) => {
                    // The same command but for where its text sits in its arena.
                    let mut with = *x;
                    if let Cmd::Text { span, .. } = &mut with {
                        *span = sb;
                    }
                    with == *y
                        && self
                            .text
                            .get(sa.start as usize..sa.end as usize)
                            .is_some_and(|t| t == scene.text(sb))
                }
                _ => x == y,
            })
    }
}

/// Cut `scene` into units (see the module docs) with their device rectangles, into `out`.
///
/// A unit starts at every `Clear`, `BeginPath`, `Save` and `Text` outside a `Save`…`Restore`
/// block; other commands continue the unit before them (a stroke goes with its path). Paths must
/// start with `BeginPath` (the scenes the core builds do; `tests/damage.rs` checks).
pub fn units_into(scene: &Scene, dpr: f32, bw: u32, bh: u32, out: &mut Vec<Unit>) {
    out.clear();
    let cmds = scene.cmds();
    let mut depth = 0u32;
    let mut start = 0usize;
    let mut bounds = Bounds::EMPTY;
    let mut pad = 0.0f32;
    let close = |start: usize, end: usize, bounds: Bounds, pad: f32, out: &mut Vec<Unit>| {
        if end > start {
            out.push(Unit {
                start: start as u32,
                end: end as u32,
                rect: bounds.pad(pad + AA_MARGIN).to_device(dpr, bw, bh),
            });
        }
    };
    for (i, cmd) in cmds.iter().enumerate() {
        let starts = depth == 0
            && matches!(
                cmd,
                Cmd::Clear { .. } | Cmd::BeginPath | Cmd::Save | Cmd::Text { .. }
            );
        if starts {
            close(start, i, bounds, pad, out);
            start = i;
            bounds = Bounds::EMPTY;
            pad = 0.0;
        }
        match *cmd {
            Cmd::Clear { w, h } => {
                bounds.point(0.0, 0.0);
                bounds.point(w, h);
            }
            Cmd::Save => depth += 1,
            Cmd::Restore => depth = depth.saturating_sub(1),
            Cmd::BeginPath | Cmd::ClosePath | Cmd::Clip | Cmd::Fill { .. } => {}
            Cmd::MoveTo { x, y } | Cmd::LineTo { x, y } => bounds.point(x, y),
            Cmd::QuadTo { cx, cy, x, y } => {
                bounds.point(cx, cy);
                bounds.point(x, y);
            }
            Cmd::BezierTo {
                c1x,
                c1y,
                c2x,
                c2y,
                x,
                y,
            } => {
                bounds.point(c1x, c1y);
                bounds.point(c2x, c2y);
                bounds.point(x, y);
            }
            Cmd::Arc {
                x,
                y,
                r,
                start,
                end,
                ccw,
            } => arc(&mut bounds, x, y, r.max(0.0), start, end, ccw),
            // The whole ellipse's circle: enough, and no rotation arithmetic.
            Cmd::Ellipse { x, y, rx, ry, .. } => {
                let r = rx.max(ry).max(0.0);
                bounds.point(x - r, y - r);
                bounds.point(x + r, y + r);
            }
            Cmd::Rect { x, y, w, h } | Cmd::RoundRect { x, y, w, h, .. } => {
                bounds.point(x, y);
                bounds.point(x + w, y + h);
            }
            Cmd::Stroke { width, .. } => {
                let half = width / 2.0;
                if half.is_finite() {
                    pad = pad.max(half);
                } else {
                    bounds = Bounds::ALL;
                }
            }
            Cmd::Text {
                span,
                x,
                y,
                size,
                align,
                max_width,
                ..
            } => {
                if !flat_script(scene.text(span)) {
                    // Marks may stack without limit (see `flat_script`): bound it by the canvas.
                    bounds = Bounds::ALL;
                }
                let (left, right) = match align {
                    Align::Left => (x, x + max_width),
                    Align::Center => (x - max_width / 2.0, x + max_width / 2.0),
                    Align::Right => (x - max_width, x),
                };
                let over = size / 2.0;
                bounds.point(left - over, y - 1.5 * size);
                bounds.point(right + over, y + 1.5 * size);
            }
        }
    }
    close(start, cmds.len(), bounds, pad, out);
}

/// Whether every character of `s` is from a script whose ink stays within the text box of the
/// module docs (half the size beside, one and a half times it above and below the middle): Latin
/// (accented and Vietnamese letters, precomposed), Greek, Cyrillic, punctuation, currency, letter-like
/// symbols, arrows and maths, CJK and Hangul (the browser test measures a sample of each). Other
/// text (combining marks, which stack without limit, as in "Zalgo" text; Indic, Thai, Tibetan
/// and Arabic stacks; emoji; variation selectors) is bounded by the whole canvas: it is redrawn,
/// clipped, in every partial frame, and a frame in which it changes is repainted whole.
pub fn flat_script(s: &str) -> bool {
    s.chars().all(|c| {
        let block = matches!(c as u32,
            0..=0x2FF              // Latin-1, Latin Extended-A/B, IPA, spacing modifiers
            | 0x370..=0x52F        // Greek, Cyrillic
            | 0x1E00..=0x1EFF      // Latin Extended Additional (Vietnamese)
            | 0x2000..=0x22FF      // punctuation, currency, letter-like symbols, arrows, maths
            | 0x3000..=0x9FFF      // CJK punctuation, kana, CJK ideographs
            | 0xAC00..=0xD7A3      // Hangul syllables
            | 0xFF01..=0xFFEF      // full-width forms
        );
        // Not the combining marks inside those blocks (Cyrillic, symbol, tone and voicing
        // marks); the zero-width (non-)joiners, which draw nothing, are fine.
        block && (!crate::text::joins_previous(c) || matches!(c, '\u{200C}' | '\u{200D}'))
    })
}

/// Add an arc of the circle (`x`, `y`, `r`) from `start` to `end` (radians, clockwise unless
/// `ccw`) as the canvas draws it: its two ends and the circle's extreme points (east, south,
/// west, north) that it passes. A sweep of a whole turn or more is the whole circle; so is one
/// within 0.001 rad of a whole turn, or one that runs backwards by nearly a whole turn, which
/// the browser's `f32` arithmetic might round to one. (The line from the current point to the arc's start is bounded by that
/// point, already added.)
fn arc(b: &mut Bounds, x: f32, y: f32, r: f32, start: f32, end: f32, ccw: bool) {
    use std::f64::consts::{FRAC_PI_2, TAU};
    let (from, diff) = if ccw {
        (end as f64, start as f64 - end as f64)
    } else {
        (start as f64, end as f64 - start as f64)
    };
    // diff mod 2π in [0, 2π), without fmod (a kilobyte of wasm).
    let sweep = diff - TAU * (diff / TAU).floor();
    // Beyond a million radians an f32 angle is too coarse to say where an arc runs.
    let whole = diff >= TAU || !(sweep.is_finite() && from.abs() < 1e6);
    // Near a whole turn, and for an end just under a whole turn behind the start (a sweep near
    // none, from a negative difference), the browser's f32 arithmetic might make it one.
    if whole || sweep > TAU - 1e-3 || (diff < 0.0 && sweep < 1e-3) {
        b.point(x - r, y - r);
        b.point(x + r, y + r);
        return;
    }
    let at = |a: f64| {
        let a = a as f32;
        (x + r * a.cos(), y + r * a.sin())
    };
    let (sx, sy) = at(from);
    b.point(sx, sy);
    let (ex, ey) = at(from + sweep);
    b.point(ex, ey);
    // Quarter turns strictly inside the sweep (at most four): 0 east, 1 south, 2 west, 3 north.
    let mut k = (from / FRAC_PI_2).floor() + 1.0;
    for _ in 0..4 {
        if k * FRAC_PI_2 >= from + sweep {
            break;
        }
        let (dx, dy) = match (k - 4.0 * (k / 4.0).floor()) as u8 {
            0 => (r, 0.0),
            1 => (0.0, r),
            2 => (-r, 0.0),
            _ => (0.0, -r),
        };
        b.point(x + dx, y + dy);
        k += 1.0;
    }
}
