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

mod build;
mod cmd;
mod json;

pub use cmd::{Align, Cmd, Paint, Part, Piece, Role, Side, TextSpan};
pub use json::{CmdJson, TextJson};

use crate::draw::wrap::WrapMemo;
use std::ops::Range;

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
        self.part_ranges()
            .map(move |(part, range)| (part, &self.cmds[range]))
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
}
