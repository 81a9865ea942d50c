//! Writes the `<breath-flow>` element's poster: what it shows before the wasm loads.
//!
//! ```text
//! cargo run --example poster -- target/poster/poster.js
//! ```
//! `make build` runs this and bundles the output into `www/breath-flow.js`. The output is an ES
//! module with two exports:
//! - `POSTER`: the SVG (as data: viewBox side and paths) of the rib cage at rest (expansion 0, no overlay text), drawn by the crate's
//!   own `ribcage::build_frame`, so the poster is the first canvas frame without its texts and its
//!   faintest paint. Paths are classed by role, `r` (rib), `a` (accent), `t` (text), plus `s` for
//!   a stroke, and painted with `currentColor`: the element's stylesheet colours the classes from
//!   `--bf-rib` and `--bf-accent` and gives strokes their round caps. The 320 × 320 frame is
//!   rounded to GRID and written in grid steps (a 400 × 400 viewBox), relative and in whole
//!   numbers, to keep it small. Paths of one style and colour are merged.
//! - `TITLES`: library id → title, for every built-in pattern and flow, so the poster can show the
//!   title without the wasm (about 0.2 KB gzip).

use breathflow::ribcage::{build_frame, FrameInput, Overlay};
use breathflow::scene::{Cmd, Paint, Role, Scene};
use std::f32::consts::{PI, TAU};
use std::fmt::Write as _;

/// The side of the frame drawn, in CSS px: the element's default size, so the cage sits where the
/// idle canvas draws it at that size (line widths and text rows scale by steps, not linearly).
const SIDE: f32 = 320.0;
/// The grid points are rounded to, in CSS px of a 320-px element. The viewBox is drawn in grid
/// steps, SIDE / GRID across (400), so every coordinate is a whole number.
const GRID: f32 = 0.8;
/// Paint fainter than this is left out (the glow, the ring and the back of the ribs): the poster
/// stays the recognisable cage at about 1 KB gzip instead of 1.4.
const MIN_ALPHA: f32 = 0.45;

/// A number rounded to 0.1, without a trailing ".0" or a leading "0".
fn n(v: f32) -> String {
    let r = (v * 10.0).round() / 10.0;
    let s = format!("{r}");
    let s = s.strip_suffix(".0").unwrap_or(&s).to_string();
    if s == "-0" {
        return "0".into();
    }
    if let Some(t) = s.strip_prefix("0.") {
        return format!(".{t}");
    }
    if let Some(t) = s.strip_prefix("-0.") {
        return format!("-.{t}");
    }
    s
}

fn class(role: Role) -> &'static str {
    match role {
        Role::Rib => "r",
        Role::Accent => "a",
        Role::Text => "t",
        Role::Bg => "b",
    }
}

/// Path data in relative commands (after the first move), in GRID steps: each point is rounded
/// first and the deltas are taken between rounded points, so rounding never drifts.
#[derive(Default)]
struct Pen {
    d: String,
    /// The current point and the subpath's start, in GRID steps.
    at: Option<(i32, i32)>,
    start: (i32, i32),
}

fn q(x: f32, y: f32) -> (i32, i32) {
    ((x / GRID).round() as i32, (y / GRID).round() as i32)
}

/// "dx dy" of `p` from `o`, both in grid steps (no space before a minus sign, here or before the
/// pair: SVG needs none).
fn pair(p: (i32, i32), o: (i32, i32)) -> String {
    let dy = (p.1 - o.1).to_string();
    let sep = if dy.starts_with('-') { "" } else { " " };
    format!("{}{sep}{dy}", p.0 - o.0)
}

impl Pen {
    fn clear(&mut self) {
        self.d.clear();
        self.at = None;
    }
    /// Append command `c` whose points are given absolute; they are written relative to the
    /// current point, and the last becomes the current point.
    fn cmd(&mut self, c: char, pts: &[(f32, f32)]) {
        let o = self.at.unwrap_or((0, 0));
        self.d.push(c);
        for (i, &(x, y)) in pts.iter().enumerate() {
            let xy = pair(q(x, y), o);
            if i > 0 && !xy.starts_with('-') {
                self.d.push(' ');
            }
            self.d.push_str(&xy);
        }
        let &(x, y) = pts.last().expect("a point");
        self.at = Some(q(x, y));
    }
    fn move_to(&mut self, x: f32, y: f32) {
        let c = if self.at.is_some() { 'm' } else { 'M' };
        self.cmd(c, &[(x, y)]);
        self.start = self.at.unwrap_or((0, 0));
    }
    fn line_to(&mut self, x: f32, y: f32) {
        match self.at {
            None => self.move_to(x, y),
            Some(p) if p == q(x, y) => {}
            // Level and plumb lines as h and v: one number instead of two.
            Some(p) if p.1 == q(x, y).1 || p.0 == q(x, y).0 => {
                let to = q(x, y);
                let _ = if p.1 == to.1 {
                    write!(self.d, "h{}", to.0 - p.0)
                } else {
                    write!(self.d, "v{}", to.1 - p.1)
                };
                self.at = Some(to);
            }
            Some(_) => self.cmd('l', &[(x, y)]),
        }
    }
    fn close(&mut self) {
        self.d.push('z');
        self.at = Some(self.start);
    }
    /// A canvas arc or ellipse: a line (or move) to its start, then one or two arcs.
    #[allow(clippy::too_many_arguments)]
    fn arc(&mut self, c: (f32, f32), rx: f32, ry: f32, rot: f32, a0: f32, a1: f32, ccw: bool) {
        let pt = |a: f32| {
            let (x, y) = (rx * a.cos(), ry * a.sin());
            (
                c.0 + x * rot.cos() - y * rot.sin(),
                c.1 + x * rot.sin() + y * rot.cos(),
            )
        };
        let p0 = pt(a0);
        self.line_to(p0.0, p0.1);
        let raw = if ccw { a0 - a1 } else { a1 - a0 };
        let delta = if raw >= TAU { TAU } else { raw.rem_euclid(TAU) };
        let steps = if delta > PI { 2 } else { 1 };
        for i in 1..=steps {
            let d = delta * i as f32 / steps as f32;
            let p = pt(if ccw { a0 - d } else { a0 + d });
            let o = self.at.unwrap_or((0, 0));
            let xy = pair(q(p.0, p.1), o);
            let sep = if xy.starts_with('-') { "" } else { " " };
            let _ = write!(
                self.d,
                "a{} {} {} 0 {}{sep}{xy}",
                n(rx / GRID),
                n(ry / GRID),
                n(rot.to_degrees()),
                if ccw { 0 } else { 1 },
            );
            self.at = Some(q(p.0, p.1));
        }
    }
}

/// The scene's paths as SVG elements. Clips are left out (the resting frame's clips only trim
/// the glow to the cage); text is left out (the poster has none).
fn to_svg(scene: &Scene) -> Poster {
    let mut body: Vec<(Style, String)> = Vec::new();
    let mut pen = Pen::default();
    for cmd in scene.cmds() {
        match *cmd {
            Cmd::BeginPath => pen.clear(),
            Cmd::MoveTo { x, y } => pen.move_to(x, y),
            Cmd::LineTo { x, y } => pen.line_to(x, y),
            Cmd::QuadTo { cx, cy, x, y } => pen.cmd('q', &[(cx, cy), (x, y)]),
            Cmd::BezierTo {
                c1x,
                c1y,
                c2x,
                c2y,
                x,
                y,
            } => pen.cmd('c', &[(c1x, c1y), (c2x, c2y), (x, y)]),
            Cmd::Arc {
                x,
                y,
                r,
                start,
                end,
                ccw,
            } => pen.arc((x, y), r, r, 0.0, start, end, ccw),
            Cmd::Ellipse {
                x,
                y,
                rx,
                ry,
                rotation,
                start,
                end,
                ccw,
            } => pen.arc((x, y), rx, ry, rotation, start, end, ccw),
            Cmd::Rect { x, y, w, h } => {
                pen.move_to(x, y);
                let _ = write!(pen.d, "h{}v{}h{}z", n(w / GRID), n(h / GRID), n(-w / GRID));
            }
            Cmd::ClosePath => pen.close(),
            Cmd::Fill { paint } => fill(&mut body, &pen.d, paint, None),
            Cmd::Stroke { paint, width } => fill(&mut body, &pen.d, paint, Some(width)),
            // The background is the element's (--bf-bg); no clips or texts at rest.
            Cmd::Clear { .. }
            | Cmd::Save
            | Cmd::Restore
            | Cmd::Clip
            | Cmd::Text { .. }
            | Cmd::RoundRect { .. } => {}
        }
    }
    Poster {
        side: n(SIDE / GRID),
        paths: body
            .into_iter()
            .map(|((class, alpha, width), d)| [class, alpha, width, d])
            .collect(),
    }
}

/// The poster as the element builds it: a square viewBox `side` grid steps across, and its paths
/// as `[class, opacity, stroke width, path data]` ("" where the attribute is not set). Data, not
/// markup: the element creates each SVG element itself, so no string is parsed as HTML.
#[derive(serde::Serialize)]
struct Poster {
    side: String,
    paths: Vec<[String; 4]>,
}

/// One drawing operation: `class` attribute (role, and "s" for a stroke), opacity, stroke width.
type Style = (String, String, String);

/// Append a filled or stroked path. Paths with the same style become one element, also across
/// paths of other styles in the same role (colour) drawn between them: layers of one colour give
/// the same picture in any order, so only a different colour in between keeps them apart.
fn fill(body: &mut Vec<(Style, String)>, d: &str, p: Paint, stroke: Option<f32>) {
    if d.is_empty() || p.role == Role::Bg || p.alpha <= MIN_ALPHA {
        return;
    }
    let alpha = if p.alpha >= 1.0 {
        String::new()
    } else {
        n(p.alpha.max(0.05))
    };
    let style = match stroke {
        None => (class(p.role).to_string(), alpha, String::new()),
        // The width rounded to 0.1 frame units (as the points were before the viewBox counted in
        // grid steps), so ribs of nearly one width stay one element.
        Some(w) => (
            format!("{} s", class(p.role)),
            alpha,
            n((w * 10.0).round() / 10.0 / GRID),
        ),
    };
    let role = class(p.role);
    let same = body
        .iter_mut()
        .rev()
        .take_while(|((c, _, _), _)| c.split(' ').next() == Some(role))
        .find(|(s, _)| *s == style);
    match same {
        Some((_, path)) => path.push_str(d),
        None => body.push((style, d.to_string())),
    }
}

fn js_string(s: &str) -> String {
    serde_json::to_string(s).expect("a string serialises")
}

fn main() {
    let out = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "target/poster/poster.js".into());
    let mut scene = Scene::new();
    build_frame(
        &FrameInput {
            width: SIDE,
            height: SIDE,
            expansion: 0.0,
            zones: None,
            reduced_motion: false,
            // Laid out like the idle canvas, whose phase row invites a start, so the canvas takes
            // the poster's place without the cage moving; the text itself is not drawn (Text
            // commands are skipped below).
            overlay: Overlay {
                phase_label: "Press Start",
                ..Overlay::default()
            },
        },
        &mut scene,
    );
    let svg = to_svg(&scene);
    let mut titles = String::new();
    for p in breathflow::library::patterns() {
        if let (Some(id), Some(title)) = (&p.id, &p.title) {
            let _ = write!(titles, "{}:{},", js_string(id), js_string(title));
        }
    }
    for f in breathflow::library::flows() {
        if let Some(id) = &f.id {
            let _ = write!(titles, "{}:{},", js_string(id), js_string(&f.title));
        }
    }
    let js = format!(
        "// Generated by `cargo run --example poster` (examples/poster.rs); do not edit.\nexport const POSTER = {};\nexport const TITLES = {{{}}};\n",
        serde_json::to_string(&svg).expect("the poster serialises"),
        titles.trim_end_matches(',')
    );
    if let Some(dir) = std::path::Path::new(&out).parent() {
        std::fs::create_dir_all(dir).expect("create the output folder");
    }
    std::fs::write(&out, js).expect("write the poster module");
    println!("{out}: {} paths", svg.paths.len());
}
