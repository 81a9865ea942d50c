//! Filling a [`Scene`]: part marks, commands and texts pushed in drawing order, and the merge of
//! strokes alike once a frame is built.

use super::{Cmd, Paint, Part, Piece, Scene, TextSpan};

impl Scene {
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

    /// Appends a command.
    #[inline(always)]
    pub fn push(&mut self, cmd: Cmd) {
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
                Piece::Int(v) => {
                    use std::fmt::Write;
                    let _ = write!(self.text, "{v}");
                }
            }
        }
        TextSpan {
            start,
            end: self.text.len() as u32,
        }
    }

    /// Appends `template` to the arena as one span, each `{name}` replaced by its number in
    /// `values` (a name not there is written as it is): `"Spot {n} of {total}"` with
    /// `[("n", 2), ("total", 3)]` is "Spot 2 of 3". For translated words, without allocating.
    pub fn push_template(&mut self, template: &str, values: &[(&str, u64)]) -> TextSpan {
        let start = self.text.len() as u32;
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}').map(|c| open + c) else {
                break;
            };
            self.text.push_str(&rest[..open]);
            match values.iter().find(|(k, _)| *k == &rest[open + 1..close]) {
                Some(&(_, v)) => {
                    self.push_parts(&[Piece::Int(v)]);
                }
                None => self.text.push_str(&rest[open..=close]),
            }
            rest = &rest[close + 1..];
        }
        self.text.push_str(rest);
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
