//! A flat display list of 2D drawing commands in CSS pixels that maps 1:1 onto
//! `CanvasRenderingContext2d` calls.
//!
//! The core ([`crate::ribcage::build_frame`]) fills a [`Scene`]; the web layer replays it on a canvas
//! and a JS baseline can replay the same list after serialising it to JSON once. The list holds no
//! colours, only [`Role`]s with an alpha, so the page's CSS custom properties decide the palette.
//!
//! A [`Scene`] is reusable: [`Scene::clear`] keeps the capacity of the command list and of the text
//! arena, so after the first frames a new frame allocates nothing at all (text lives in one `String`
//! arena and [`Cmd::Text`] refers to it by a [`TextSpan`]).
//!
//! ## Replay (canvas state the list relies on)
//! | command | canvas calls |
//! | --- | --- |
//! | `Clear{w,h}` | `globalAlpha = 1`; `fillStyle = colour(bg)`; `clearRect(0,0,w,h)` (always: it lets Chromium drop drawing still queued from earlier frames); `fillRect(0,0,w,h)`; `lineCap = lineJoin = "round"`; `textBaseline = "middle"` |
//! | `Save` / `Restore` | `save()` / `restore()` |
//! | `BeginPath` | `beginPath()` |
//! | `MoveTo{x,y}` / `LineTo{x,y}` | `moveTo(x,y)` / `lineTo(x,y)` |
//! | `QuadTo{cx,cy,x,y}` | `quadraticCurveTo(cx,cy,x,y)` |
//! | `BezierTo{c1x,c1y,c2x,c2y,x,y}` | `bezierCurveTo(c1x,c1y,c2x,c2y,x,y)` |
//! | `Arc{x,y,r,start,end,ccw}` | `arc(x,y,r,start,end,ccw)` |
//! | `Ellipse{x,y,rx,ry,rotation,start,end,ccw}` | `ellipse(x,y,rx,ry,rotation,start,end,ccw)` |
//! | `Rect{x,y,w,h}` | `rect(x,y,w,h)` |
//! | `RoundRect{x,y,w,h,r}` | `roundRect(x,y,w,h,r)` |
//! | `ClosePath` | `closePath()` |
//! | `Clip` | `clip()` (non-zero rule; always inside a `Save`/`Restore` pair) |
//! | `Fill{paint}` | `globalAlpha = paint.alpha`; `fillStyle = colour(paint.role)`; `fill()` |
//! | `Stroke{paint,width}` | `globalAlpha = paint.alpha`; `strokeStyle = colour(paint.role)`; `lineWidth = width`; `stroke()` |
//! | `Text{span,x,y,size,bold,align,paint,max_width}` | `globalAlpha = paint.alpha`; `fillStyle = colour(paint.role)`; `font = (bold ? "600 " : "400 ") + size + "px system-ui, sans-serif"`; `textAlign = align`; `fillText(text, x, y, max_width)` |

use crate::json::{self, Value};
use crate::overlay::WrapMemo;
use std::ops::Range;

/// Which themed colour a paint uses; the web layer reads them from the canvas's CSS custom
/// properties `--bf-bg`, `--bf-rib`, `--bf-accent`, `--bf-text`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    Bg,
    Rib,
    Accent,
    Text,
}

impl Role {
    /// The name in drawing commands: `"bg" | "rib" | "accent" | "text"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Bg => "bg",
            Role::Rib => "rib",
            Role::Accent => "accent",
            Role::Text => "text",
        }
    }

    /// The CSS custom property that holds this role's colour.
    pub fn css_var(self) -> &'static str {
        match self {
            Role::Bg => "--bf-bg",
            Role::Rib => "--bf-rib",
            Role::Accent => "--bf-accent",
            Role::Text => "--bf-text",
        }
    }
}

/// A themed colour with an opacity in 0..=1 (replayed as `globalAlpha`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Paint {
    pub role: Role,
    pub alpha: f32,
}

impl Paint {
    pub const fn new(role: Role, alpha: f32) -> Paint {
        Paint { role, alpha }
    }
}

/// Horizontal text alignment, the values of `CanvasRenderingContext2d.textAlign`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Center,
    Right,
}

impl Align {
    /// The `textAlign` value.
    pub fn as_str(self) -> &'static str {
        match self {
            Align::Left => "left",
            Align::Center => "center",
            Align::Right => "right",
        }
    }
}

/// Byte range of a text in the scene's arena; read it with [`Scene::text`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextSpan {
    pub start: u32,
    pub end: u32,
}

/// One drawing command. Coordinates and sizes are CSS pixels, angles radians (canvas convention:
/// 0 = east, clockwise positive because y points down).
///
/// Serialised (through [`Scene`]) as `{"op":"moveTo","x":…,"y":…}`, one object per command, with
/// `Text` carrying its string as `"text"` instead of a span.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cmd {
    /// Clear the whole canvas, paint it with the background colour and reset the state the list
    /// relies on (see the module docs).
    Clear {
        w: f32,
        h: f32,
    },
    Save,
    Restore,
    BeginPath,
    MoveTo {
        x: f32,
        y: f32,
    },
    LineTo {
        x: f32,
        y: f32,
    },
    QuadTo {
        cx: f32,
        cy: f32,
        x: f32,
        y: f32,
    },
    BezierTo {
        c1x: f32,
        c1y: f32,
        c2x: f32,
        c2y: f32,
        x: f32,
        y: f32,
    },
    Arc {
        x: f32,
        y: f32,
        r: f32,
        start: f32,
        end: f32,
        ccw: bool,
    },
    Ellipse {
        x: f32,
        y: f32,
        rx: f32,
        ry: f32,
        rotation: f32,
        start: f32,
        end: f32,
        ccw: bool,
    },
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
    },
    /// A rectangle with circular corners of radius `r` as a closed subpath of its own.
    RoundRect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        r: f32,
    },
    ClosePath,
    /// Intersect the clip region with the current path.
    Clip,
    Fill {
        paint: Paint,
    },
    Stroke {
        paint: Paint,
        width: f32,
    },
    /// Text drawn with `textBaseline = "middle"` at (x, y); `max_width` is the width the layout
    /// reserved (the text was already fitted to it with an estimate; pass it to `fillText` so real
    /// glyphs never spill).
    Text {
        span: TextSpan,
        x: f32,
        y: f32,
        size: f32,
        bold: bool,
        align: Align,
        paint: Paint,
        max_width: f32,
    },
}

/// Which side of the figure, as the viewer sees it (the figure faces the viewer).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Side {
    Left,
    Right,
}

/// What a run of commands draws. Not replayed: it is metadata for tests, debugging and hit tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Part {
    Background,
    /// The progress ring's track and its filled arc.
    Ring,
    /// The accent level/glow inside the torso (reduced motion, or a soft glow otherwise).
    Glow,
    /// A dirga zone, 0 = belly, 1 = ribs, 2 = chest.
    Zone {
        zone: u8,
    },
    Spine,
    Sternum,
    Clavicle {
        side: Side,
    },
    /// Rib `pair` (0 = first rib, at the top); `front` is the anterior half of the rib, otherwise
    /// the posterior half seen through the cage.
    Rib {
        pair: u8,
        side: Side,
        front: bool,
    },
    /// Costal cartilage joining rib `pair` to the sternum or to the cartilage above.
    Cartilage {
        pair: u8,
        side: Side,
    },
    /// The thumb, wrapping to the back (drawn faint, behind the cage).
    Thumb {
        side: Side,
    },
    /// Palm and fingers, in front of the ribs.
    Hand {
        side: Side,
    },
    Title,
    Cue,
    Phase,
    Seconds,
    Count,
    ZoneLabel,
    Message,
}

/// A piece of a text built by [`Scene::push_parts`].
#[derive(Debug, Clone, Copy)]
pub enum Piece<'a> {
    Str(&'a str),
    /// Written in decimal digits.
    Int(u64),
}

/// A reusable display list: commands, a text arena, and part markers; plus the texts wrapped in
/// earlier frames, which [`Scene::clear`] keeps (see [`WrapMemo`]).
#[derive(Debug, Clone, Default)]
pub struct Scene {
    cmds: Vec<Cmd>,
    text: String,
    parts: Vec<(Part, u32)>,
    pub(crate) wraps: WrapMemo,
}

impl Scene {
    pub fn new() -> Scene {
        Scene::default()
    }

    /// Empties the scene, keeping every buffer's capacity and the wrapped texts.
    pub fn clear(&mut self) {
        self.cmds.clear();
        self.text.clear();
        self.parts.clear();
    }

    /// The commands, in drawing order.
    pub fn cmds(&self) -> &[Cmd] {
        &self.cmds
    }

    /// The string a [`Cmd::Text`] refers to ("" for a span that is not in this scene).
    pub fn text(&self, span: TextSpan) -> &str {
        self.text
            .get(span.start as usize..span.end as usize)
            .unwrap_or("")
    }

    /// The whole text arena (every [`TextSpan`] indexes it).
    pub(crate) fn arena(&self) -> &str {
        &self.text
    }

    /// Capacities of the command list and the text arena (to check that frames do not grow them).
    pub fn capacity(&self) -> (usize, usize) {
        (self.cmds.capacity(), self.text.capacity())
    }

    /// Every marked part with its commands, in drawing order; a part may appear more than once.
    pub fn parts(&self) -> impl Iterator<Item = (Part, &[Cmd])> + '_ {
        self.parts
            .iter()
            .enumerate()
            .map(move |(i, &(part, start))| {
                let end = self
                    .parts
                    .get(i + 1)
                    .map_or(self.cmds.len(), |&(_, s)| s as usize);
                (part, &self.cmds[start as usize..end])
            })
    }

    /// The command index range of each marked part (same order as [`Scene::parts`]).
    pub fn part_ranges(&self) -> impl Iterator<Item = (Part, Range<usize>)> + '_ {
        self.parts
            .iter()
            .enumerate()
            .map(move |(i, &(part, start))| {
                let end = self
                    .parts
                    .get(i + 1)
                    .map_or(self.cmds.len(), |&(_, s)| s as usize);
                (part, start as usize..end)
            })
    }

    /// Texts of every `Text` command in a part equal to `part`.
    pub fn texts_of(&self, part: Part) -> impl Iterator<Item = &str> + '_ {
        self.parts()
            .filter(move |(p, _)| *p == part)
            .flat_map(|(_, cmds)| cmds.iter())
            .filter_map(move |c| match c {
                Cmd::Text { span, .. } => Some(self.text(*span)),
                _ => None,
            })
    }

    /// Fold runs of separately stroked paths with the same paint and width into one path and one
    /// `stroke()`: `…, Stroke(p), BeginPath, MoveTo, …path…, Stroke(p)` becomes
    /// `…, MoveTo, …path…, Stroke(p)`. Canvas then rasterises one stroke instead of many (the rib
    /// cage has ~100), which is most of a frame's cost; the pixels differ only where translucent
    /// strokes of the same paint overlap (drawn once instead of twice). In place, no allocation;
    /// part markers are kept pointing at their commands.
    pub fn merge_strokes(&mut self) {
        // Commands are moved in runs (one `copy_within` between two dropped pairs), not one by
        // one: a 40-byte move per command is a `memmove` call at the size-tuned opt-level.
        let n = self.cmds.len();
        let (mut r, mut w, mut pi) = (0usize, 0usize, 0usize);
        // The run of kept commands not yet moved: `run..r`, to go to `w - (r - run)`.
        let mut run = 0usize;
        while r < n {
            while pi < self.parts.len() && self.parts[pi].1 as usize <= r {
                self.parts[pi].1 = w as u32;
                pi += 1;
            }
            if let Cmd::Stroke { paint, width } = self.cmds[r] {
                if self.next_group_strokes_alike(r + 1, paint, width) {
                    // Drop this Stroke and the next BeginPath.
                    let kept = r - run;
                    if run != w - kept {
                        self.cmds.copy_within(run..r, w - kept);
                    }
                    r += 2;
                    run = r;
                    continue;
                }
            }
            w += 1;
            r += 1;
        }
        let kept = n.min(r) - run;
        if kept > 0 && run != w - kept {
            self.cmds.copy_within(run..run + kept, w - kept);
        }
        for part in &mut self.parts[pi..] {
            part.1 = w as u32;
        }
        self.cmds.truncate(w);
    }

    /// Whether `cmds[i..]` is `BeginPath, MoveTo, <path commands>, Stroke{paint, width}`.
    fn next_group_strokes_alike(&self, i: usize, paint: Paint, width: f32) -> bool {
        if !matches!(self.cmds.get(i), Some(Cmd::BeginPath))
            || !matches!(self.cmds.get(i + 1), Some(Cmd::MoveTo { .. }))
        {
            return false;
        }
        for c in &self.cmds[i + 2..] {
            match *c {
                Cmd::MoveTo { .. }
                | Cmd::LineTo { .. }
                | Cmd::QuadTo { .. }
                | Cmd::BezierTo { .. }
                | Cmd::Arc { .. }
                | Cmd::Ellipse { .. }
                | Cmd::Rect { .. }
                | Cmd::RoundRect { .. }
                | Cmd::ClosePath => continue,
                Cmd::Stroke {
                    paint: p,
                    width: wd,
                } => return p == paint && wd == width,
                _ => return false,
            }
        }
        false
    }

    // ----- building -----

    /// Starts a new part: the commands pushed from now on belong to it.
    pub fn mark(&mut self, part: Part) {
        let at = self.cmds.len() as u32;
        if let Some(last) = self.parts.last_mut() {
            if last.1 == at {
                last.0 = part;
                return;
            }
        }
        self.parts.push((part, at));
    }

    /// Appends a command (inlined; the reserve keeps growth in steps of 64 commands).
    #[inline(always)]
    pub fn push(&mut self, cmd: Cmd) {
        if self.cmds.len() == self.cmds.capacity() {
            self.cmds.reserve(64);
        }
        self.cmds.push(cmd);
    }

    /// Appends a string to the arena.
    pub fn push_str(&mut self, s: &str) -> TextSpan {
        let start = self.text.len() as u32;
        self.text.push_str(s);
        TextSpan {
            start,
            end: self.text.len() as u32,
        }
    }

    /// Appends pieces of text and whole numbers to the arena as one span: `"breath 3 / 10"` is
    /// `push_parts(&[Piece::Str("breath "), Piece::Int(3), Piece::Str(" / "), Piece::Int(10)])`.
    /// Written without `core::fmt`, which is slow to run cold every frame and large in the wasm.
    pub fn push_parts(&mut self, parts: &[Piece<'_>]) -> TextSpan {
        let start = self.text.len() as u32;
        for part in parts {
            match *part {
                Piece::Str(s) => self.text.push_str(s),
                Piece::Int(v) => json::push_u64(v, &mut self.text),
            }
        }
        TextSpan {
            start,
            end: self.text.len() as u32,
        }
    }

    /// Current end of the arena, to build a span from several pushes.
    pub(crate) fn text_len(&self) -> u32 {
        self.text.len() as u32
    }

    // The builders below are each one small function (called with plain numbers, writing in place
    // through the inlined `push`) rather than inlined into every call site: the frame's code is
    // smaller, and after a canvas raster has evicted it from the CPU's caches, what a frame costs
    // is mostly fetching its code again (bench: render cold/warm).
    #[inline(never)]
    pub fn begin_path(&mut self) {
        self.push(Cmd::BeginPath);
    }
    #[inline(never)]
    pub fn move_to(&mut self, x: f32, y: f32) {
        self.push(Cmd::MoveTo { x, y });
    }
    #[inline(never)]
    pub fn line_to(&mut self, x: f32, y: f32) {
        self.push(Cmd::LineTo { x, y });
    }
    #[inline(never)]
    pub fn quad_to(&mut self, cx: f32, cy: f32, x: f32, y: f32) {
        self.push(Cmd::QuadTo { cx, cy, x, y });
    }
    #[inline(never)]
    pub fn bezier_to(&mut self, c1x: f32, c1y: f32, c2x: f32, c2y: f32, x: f32, y: f32) {
        self.push(Cmd::BezierTo {
            c1x,
            c1y,
            c2x,
            c2y,
            x,
            y,
        });
    }
    #[inline(never)]
    pub fn close_path(&mut self) {
        self.push(Cmd::ClosePath);
    }
    #[inline(never)]
    pub fn fill(&mut self, paint: Paint) {
        self.push(Cmd::Fill { paint });
    }
    #[inline(never)]
    pub fn stroke(&mut self, paint: Paint, width: f32) {
        self.push(Cmd::Stroke { paint, width });
    }
}

impl Paint {
    /// `{"role", "alpha"}`.
    pub fn to_json(&self) -> Value {
        json::object()
            .field("role", self.role.as_str())
            .field("alpha", self.alpha)
            .build()
    }
}

impl Scene {
    /// `{"cmds":[{"op":"clear","w":…,"h":…}, {"op":"moveTo","x":…,"y":…}, …, {"op":"text","text":"Inhale · nose",…}]}`:
    /// one object per command, `op` first, then the fields in declaration order (camelCase), with
    /// `Text` carrying its string as `"text"` instead of a span. Numbers are the `f32`s' shortest
    /// forms.
    pub fn to_json(&self) -> Value {
        let cmds = self.cmds.iter().map(|c| self.cmd_json(c)).collect();
        json::object().field("cmds", Value::Array(cmds)).build()
    }

    fn cmd_json(&self, cmd: &Cmd) -> Value {
        let o = json::object();
        match *cmd {
            Cmd::Clear { w, h } => o.field("op", "clear").field("w", w).field("h", h),
            Cmd::Save => o.field("op", "save"),
            Cmd::Restore => o.field("op", "restore"),
            Cmd::BeginPath => o.field("op", "beginPath"),
            Cmd::MoveTo { x, y } => o.field("op", "moveTo").field("x", x).field("y", y),
            Cmd::LineTo { x, y } => o.field("op", "lineTo").field("x", x).field("y", y),
            Cmd::QuadTo { cx, cy, x, y } => o
                .field("op", "quadTo")
                .field("cx", cx)
                .field("cy", cy)
                .field("x", x)
                .field("y", y),
            Cmd::BezierTo {
                c1x,
                c1y,
                c2x,
                c2y,
                x,
                y,
            } => o
                .field("op", "bezierTo")
                .field("c1x", c1x)
                .field("c1y", c1y)
                .field("c2x", c2x)
                .field("c2y", c2y)
                .field("x", x)
                .field("y", y),
            Cmd::Arc {
                x,
                y,
                r,
                start,
                end,
                ccw,
            } => o
                .field("op", "arc")
                .field("x", x)
                .field("y", y)
                .field("r", r)
                .field("start", start)
                .field("end", end)
                .field("ccw", ccw),
            Cmd::Ellipse {
                x,
                y,
                rx,
                ry,
                rotation,
                start,
                end,
                ccw,
            } => o
                .field("op", "ellipse")
                .field("x", x)
                .field("y", y)
                .field("rx", rx)
                .field("ry", ry)
                .field("rotation", rotation)
                .field("start", start)
                .field("end", end)
                .field("ccw", ccw),
            Cmd::Rect { x, y, w, h } => o
                .field("op", "rect")
                .field("x", x)
                .field("y", y)
                .field("w", w)
                .field("h", h),
            Cmd::RoundRect { x, y, w, h, r } => o
                .field("op", "roundRect")
                .field("x", x)
                .field("y", y)
                .field("w", w)
                .field("h", h)
                .field("r", r),
            Cmd::ClosePath => o.field("op", "closePath"),
            Cmd::Clip => o.field("op", "clip"),
            Cmd::Fill { paint } => o.field("op", "fill").field("paint", paint.to_json()),
            Cmd::Stroke { paint, width } => o
                .field("op", "stroke")
                .field("paint", paint.to_json())
                .field("width", width),
            Cmd::Text {
                span,
                x,
                y,
                size,
                bold,
                align,
                paint,
                max_width,
            } => o
                .field("op", "text")
                .field("text", self.text(span))
                .field("x", x)
                .field("y", y)
                .field("size", size)
                .field("bold", bold)
                .field("align", align.as_str())
                .field("paint", paint.to_json())
                .field("maxWidth", max_width),
        }
        .build()
    }
}
