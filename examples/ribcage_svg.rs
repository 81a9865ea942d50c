//! Renders rib-cage frames to SVG files to look at the drawing natively (no browser).
//!
//! ```text
//! cargo run --example ribcage_svg -- [OUT_DIR]        # default OUT_DIR: target/ribcage
//! for f in target/ribcage/*.svg; do rsvg-convert "$f" -o "${f%.svg}.png"; done
//! ```
//! (`rsvg-convert` is in Debian's `librsvg2-bin`.) The SVG writer here replays the command list the
//! way `src/web/` replays it on a canvas, so what you see is what the page draws, give or take
//! font metrics.

use breathflow::pattern::Zone;
use breathflow::ribcage::{build_frame, zones_for, FrameInput, Overlay};
use breathflow::scene::{Align, Cmd, Paint, Role, Scene};
use std::f32::consts::{PI, TAU};
use std::fmt::Write as _;

struct Theme {
    name: &'static str,
    bg: &'static str,
    rib: &'static str,
    accent: &'static str,
    text: &'static str,
}

const LIGHT: Theme = Theme {
    name: "light",
    bg: "#f6f3ee",
    rib: "#3d4350",
    accent: "#2a8c82",
    text: "#1f2430",
};
const DARK: Theme = Theme {
    name: "dark",
    bg: "#12161d",
    rib: "#d9d4c7",
    accent: "#5cc8b8",
    text: "#eef0f3",
};

impl Theme {
    fn colour(&self, role: Role) -> &'static str {
        match role {
            Role::Bg => self.bg,
            Role::Rib => self.rib,
            Role::Accent => self.accent,
            Role::Text => self.text,
        }
    }
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Replays a scene as SVG, following canvas semantics for paths, arcs, clips and state.
fn to_svg(scene: &Scene, theme: &Theme) -> String {
    let mut out = String::new();
    let mut path = String::new();
    let mut cur: Option<(f32, f32)> = None;
    let mut start: Option<(f32, f32)> = None;
    let mut clips = 0usize;
    // Number of <g> opened by clips, per save level.
    let mut stack: Vec<usize> = vec![0];
    let (mut w, mut h) = (0.0, 0.0);
    let mut body = String::new();
    let paint = |p: Paint| format!("{}\" fill-opacity=\"{}", theme.colour(p.role), p.alpha);

    // Canvas arc/ellipse → SVG: a line (or move) to the start, then one or two arc segments.
    let arc = |path: &mut String,
               cur: &mut Option<(f32, f32)>,
               start: &mut Option<(f32, f32)>,
               c: (f32, f32),
               rx: f32,
               ry: f32,
               rot: f32,
               a0: f32,
               a1: f32,
               ccw: bool| {
        let pt = |a: f32| {
            let (x, y) = (rx * a.cos(), ry * a.sin());
            (
                c.0 + x * rot.cos() - y * rot.sin(),
                c.1 + x * rot.sin() + y * rot.cos(),
            )
        };
        let p0 = pt(a0);
        if cur.is_some() {
            let _ = write!(path, "L{} {} ", p0.0, p0.1);
        } else {
            let _ = write!(path, "M{} {} ", p0.0, p0.1);
            *start = Some(p0);
        }
        let raw = if ccw { a0 - a1 } else { a1 - a0 };
        let delta = if raw >= TAU { TAU } else { raw.rem_euclid(TAU) };
        let steps = if delta > PI { 2 } else { 1 };
        let sweep = if ccw { 0 } else { 1 };
        for i in 1..=steps {
            let a = if ccw {
                a0 - delta * i as f32 / steps as f32
            } else {
                a0 + delta * i as f32 / steps as f32
            };
            let p = pt(a);
            let _ = write!(
                path,
                "A{} {} {} 0 {} {} {} ",
                rx,
                ry,
                rot.to_degrees(),
                sweep,
                p.0,
                p.1
            );
            *cur = Some(p);
        }
    };

    for cmd in scene.cmds() {
        match *cmd {
            Cmd::Clear { w: cw, h: ch } => {
                w = cw;
                h = ch;
                let _ = writeln!(
                    body,
                    "<rect width=\"{w}\" height=\"{h}\" fill=\"{}\"/>",
                    theme.bg
                );
            }
            Cmd::Save => stack.push(0),
            Cmd::Restore => {
                let n = if stack.len() > 1 {
                    stack.pop().unwrap()
                } else {
                    0
                };
                for _ in 0..n {
                    body.push_str("</g>\n");
                }
            }
            Cmd::BeginPath => {
                path.clear();
                cur = None;
                start = None;
            }
            Cmd::MoveTo { x, y } => {
                let _ = write!(path, "M{x} {y} ");
                cur = Some((x, y));
                start = Some((x, y));
            }
            Cmd::LineTo { x, y } => {
                let _ = write!(path, "{}{x} {y} ", if cur.is_some() { "L" } else { "M" });
                cur = Some((x, y));
            }
            Cmd::QuadTo { cx, cy, x, y } => {
                let _ = write!(path, "Q{cx} {cy} {x} {y} ");
                cur = Some((x, y));
            }
            Cmd::BezierTo {
                c1x,
                c1y,
                c2x,
                c2y,
                x,
                y,
            } => {
                let _ = write!(path, "C{c1x} {c1y} {c2x} {c2y} {x} {y} ");
                cur = Some((x, y));
            }
            Cmd::Arc {
                x,
                y,
                r,
                start: a0,
                end: a1,
                ccw,
            } => arc(
                &mut path,
                &mut cur,
                &mut start,
                (x, y),
                r,
                r,
                0.0,
                a0,
                a1,
                ccw,
            ),
            Cmd::Ellipse {
                x,
                y,
                rx,
                ry,
                rotation,
                start: a0,
                end: a1,
                ccw,
            } => arc(
                &mut path,
                &mut cur,
                &mut start,
                (x, y),
                rx,
                ry,
                rotation,
                a0,
                a1,
                ccw,
            ),
            Cmd::Rect { x, y, w, h } => {
                let _ = write!(path, "M{x} {y} h{w} v{h} h{} Z ", -w);
                cur = Some((x, y));
            }
            Cmd::RoundRect { x, y, w, h, r } => {
                // Canvas clamps the radius to half the shorter side.
                let r = r.max(0.0).min(w.abs() / 2.0).min(h.abs() / 2.0);
                let _ = write!(
                    path,
                    "M{} {y} h{} a{r} {r} 0 0 1 {r} {r} v{} a{r} {r} 0 0 1 {} {r} h{} a{r} {r} 0 0 1 {} {} v{} a{r} {r} 0 0 1 {r} {} Z ",
                    x + r,
                    w - 2.0 * r,
                    h - 2.0 * r,
                    -r,
                    -(w - 2.0 * r),
                    -r,
                    -r,
                    -(h - 2.0 * r),
                    -r
                );
                cur = Some((x, y));
                start = Some((x, y));
            }
            Cmd::ClosePath => {
                path.push_str("Z ");
                cur = start;
            }
            Cmd::Clip => {
                clips += 1;
                let _ = writeln!(
                    body,
                    "<clipPath id=\"c{clips}\"><path d=\"{path}\"/></clipPath><g clip-path=\"url(#c{clips})\">"
                );
                *stack.last_mut().unwrap() += 1;
            }
            Cmd::Fill { paint: p } => {
                let _ = writeln!(body, "<path d=\"{path}\" fill=\"{}\"/>", paint(p));
            }
            Cmd::Stroke { paint: p, width } => {
                let _ = writeln!(
                    body,
                    "<path d=\"{path}\" fill=\"none\" stroke=\"{}\" stroke-opacity=\"{}\" stroke-width=\"{width}\" stroke-linecap=\"round\" stroke-linejoin=\"round\"/>",
                    theme.colour(p.role),
                    p.alpha
                );
            }
            Cmd::Text {
                span,
                x,
                y,
                size,
                bold,
                align,
                paint: p,
                ..
            } => {
                let anchor = match align {
                    Align::Left => "start",
                    Align::Center => "middle",
                    Align::Right => "end",
                };
                let _ = writeln!(
                    body,
                    "<text x=\"{x}\" y=\"{y}\" font-family=\"DejaVu Sans, sans-serif\" font-size=\"{size}\" font-weight=\"{}\" text-anchor=\"{anchor}\" dominant-baseline=\"central\" fill=\"{}\">{}</text>",
                    if bold { 600 } else { 400 },
                    paint(p),
                    esc(scene.text(span))
                );
            }
        }
    }
    for n in stack {
        for _ in 0..n {
            body.push_str("</g>\n");
        }
    }
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\">\n{body}</svg>\n"
    );
    out
}

fn main() {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "target/ribcage".into());
    std::fs::create_dir_all(&dir).expect("create output dir");
    let dirga = [Zone::Belly, Zone::Ribs, Zone::Chest];
    let full = Overlay {
        phase_label: "Inhale · nose",
        seconds_left: Some(4),
        breath_count: Some((3, Some(10))),
        progress: Some(0.35),
        title: Some("Rib mobilization"),
        cue: Some("Hands on the sides of the ribs, thumbs to the back; breathe into the hands and feel them move apart."),
        detail: None,
        message: None,
        ..Overlay::default()
    };
    let plain = Overlay {
        phase_label: "Exhale · mouth",
        seconds_left: Some(7),
        breath_count: Some((12, None)),
        progress: Some(0.8),
        ..Overlay::default()
    };
    let mut scene = Scene::new();
    let mut shots: Vec<(String, FrameInput)> = Vec::new();
    for e in [0.0, 0.5, 1.0] {
        shots.push((
            format!("e{:03}", (e * 100.0) as u32),
            FrameInput {
                width: 600.0,
                height: 600.0,
                expansion: e,
                zones: None,
                reduced_motion: false,
                overlay: full,
            },
        ));
    }
    for e in [0.2, 0.5, 0.85] {
        shots.push((
            format!("dirga{:03}", (e * 100.0) as u32),
            FrameInput {
                width: 600.0,
                height: 600.0,
                expansion: e,
                zones: Some(zones_for(e, &dirga)),
                reduced_motion: false,
                overlay: Overlay {
                    title: Some("Dirga · three-part breath"),
                    cue: Some("Belly, then ribs, then chest."),
                    ..full
                },
            },
        ));
    }
    for e in [0.0, 1.0] {
        shots.push((
            format!("reduced{:03}", (e * 100.0) as u32),
            FrameInput {
                width: 600.0,
                height: 600.0,
                expansion: e,
                zones: None,
                reduced_motion: true,
                overlay: plain,
            },
        ));
    }
    for (w, h) in [
        (200.0, 200.0),
        (320.0, 480.0),
        (400.0, 800.0),
        (1200.0, 900.0),
        (1200.0, 400.0),
        (900.0, 300.0),
    ] {
        shots.push((
            format!("size{}x{}", w as u32, h as u32),
            FrameInput {
                width: w,
                height: h,
                expansion: 0.7,
                zones: None,
                reduced_motion: false,
                overlay: full,
            },
        ));
    }
    shots.push((
        "message".into(),
        FrameInput {
            width: 500.0,
            height: 400.0,
            expansion: 0.0,
            zones: None,
            reduced_motion: false,
            overlay: Overlay {
                message: Some("Something went wrong: the breathing widget stopped. Reload the page to start again."),
                ..full
            },
        },
    ));
    shots.push((
        "bare".into(),
        FrameInput {
            width: 400.0,
            height: 400.0,
            expansion: 0.6,
            zones: None,
            reduced_motion: false,
            overlay: Overlay::default(),
        },
    ));
    for (name, input) in &shots {
        build_frame(input, &mut scene);
        for theme in [&LIGHT, &DARK] {
            if theme.name == "dark" && !name.starts_with("e1") && !name.starts_with("dirga") {
                continue;
            }
            let path = format!("{dir}/{name}-{}.svg", theme.name);
            std::fs::write(&path, to_svg(&scene, theme)).expect("write svg");
            println!("{path}");
        }
    }
}
