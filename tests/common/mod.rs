//! Helpers shared by the integration tests (each test file that needs them has `mod common;`).

use breathflow::ribcage::Overlay;
use breathflow::scene::Cmd;

/// Points along the lines and curves of `cmds`: every end point, and `n` samples of each
/// quadratic and Bézier curve. An arc only moves the current point to its end (callers that
/// need the arc's own points sample it themselves).
#[allow(dead_code)] // not every test file that has `mod common;` uses it
pub fn curve_samples(cmds: &[Cmd], n: u32) -> Vec<(f32, f32)> {
    let mut out = Vec::new();
    let mut at = (0.0f32, 0.0f32);
    let ts = move || (1..=n).map(move |k| k as f32 / n as f32);
    for c in cmds {
        match *c {
            Cmd::MoveTo { x, y } | Cmd::LineTo { x, y } => {
                at = (x, y);
                out.push(at);
            }
            Cmd::QuadTo { cx, cy, x, y } => {
                for t in ts() {
                    let u = 1.0 - t;
                    out.push((
                        u * u * at.0 + 2.0 * u * t * cx + t * t * x,
                        u * u * at.1 + 2.0 * u * t * cy + t * t * y,
                    ));
                }
                at = (x, y);
            }
            Cmd::BezierTo {
                c1x,
                c1y,
                c2x,
                c2y,
                x,
                y,
            } => {
                for t in ts() {
                    let u = 1.0 - t;
                    let (a, b, c, d) = (u * u * u, 3.0 * u * u * t, 3.0 * u * t * t, t * t * t);
                    out.push((
                        a * at.0 + b * c1x + c * c2x + d * x,
                        a * at.1 + b * c1y + c * c2y + d * y,
                    ));
                }
                at = (x, y);
            }
            Cmd::Arc { x, y, r, end, .. } => at = (x + r * end.cos(), y + r * end.sin()),
            _ => {}
        }
    }
    out
}

/// An overlay with every text of a breathing part in English: "Inhale · nose", 4 s, breath 3 of
/// 10, a quarter of the ring, a title and `cue`.
#[allow(dead_code)] // not every test file that has `mod common;` uses it
pub fn full_overlay(cue: &'static str) -> Overlay<'static> {
    Overlay {
        phase_label: "Inhale · nose",
        seconds_left: Some(4),
        breath_count: Some((3, Some(10))),
        progress: Some(0.25),
        title: Some("Rib mobilization"),
        cue: Some(cue),
        ..Overlay::default()
    }
}
