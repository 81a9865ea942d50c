//! Behind the bones: the torso outline, filled as a glow that brightens with the breath, or cut
//! into the three dirga zones filling in turn (and, with reduced motion, a level rising).

use super::geometry::{Cage, STERNUM_Y};
use super::pen::Draw;
use crate::scene::{Cmd, Paint, Part, Role, Scene};

/// Top and bottom of the three zones (belly, ribs, chest) in figure units.
fn zone_bands(cage: &Cage) -> [(f32, f32); 3] {
    let top = STERNUM_Y[0] - 0.06 - cage.lift;
    let chest_ribs = cage.ribs[4].p1.1 + 0.02;
    let ribs_belly = cage.ribs[9].p1.1 + 0.08;
    [
        (ribs_belly, 0.92),
        (chest_ribs, ribs_belly),
        (top, chest_ribs),
    ]
}

/// The torso outline as a closed smooth path (both halves).
fn torso_path(s: &mut Scene, d: &Draw, cage: &Cage) {
    let pts = cage.torso_points();
    let n = pts.len();
    s.begin_path();
    d.move_to(s, 1.0, pts[0]);
    // Right half down, through midpoints with the points as quadratic controls.
    for i in 1..n - 1 {
        let m = (
            (pts[i].0 + pts[i + 1].0) / 2.0,
            (pts[i].1 + pts[i + 1].1) / 2.0,
        );
        d.quad_to(s, 1.0, pts[i], m);
    }
    d.line_to(s, 1.0, pts[n - 1]);
    // Left half up.
    for i in (1..n - 1).rev() {
        let m = (
            (pts[i].0 + pts[i - 1].0) / 2.0,
            (pts[i].1 + pts[i - 1].1) / 2.0,
        );
        d.quad_to(s, -1.0, pts[i], m);
    }
    s.close_path();
}

/// A horizontal band of the torso, y0..y1, as a clipped fill.
fn band(s: &mut Scene, d: &Draw, y0: f32, y1: f32, paint: Paint) {
    if y1 <= y0 {
        return;
    }
    let (x0, py0) = d.p(1.0, (-1.0, y0));
    let (x1, py1) = d.p(1.0, (1.0, y1));
    s.begin_path();
    s.push(Cmd::Rect {
        x: x0,
        y: py0,
        w: x1 - x0,
        h: py1 - py0,
    });
    s.fill(paint);
}

fn level_line(s: &mut Scene, d: &Draw, y: f32, paint: Paint) {
    s.begin_path();
    d.move_to(s, 1.0, (-1.0, y));
    d.line_to(s, 1.0, (1.0, y));
    s.stroke(paint, d.len(0.012));
}

pub(super) fn draw_zones(s: &mut Scene, d: &Draw, cage: &Cage, fill: [f32; 3]) {
    let bands = zone_bands(cage);
    for (z, &(top, bottom)) in bands.iter().enumerate() {
        s.mark(Part::Zone { zone: z as u8 });
        let f = fill[z];
        s.push(Cmd::Save);
        torso_path(s, d, cage);
        s.push(Cmd::Clip);
        band(s, d, top, bottom, Paint::new(Role::Accent, 0.06));
        if f > 0.0 {
            let level = bottom - f * (bottom - top);
            band(
                s,
                d,
                level,
                bottom,
                Paint::new(Role::Accent, 0.16 + 0.2 * f),
            );
            level_line(s, d, level, Paint::new(Role::Accent, 0.55 + 0.3 * f));
        }
        if z > 0 {
            // Faint border under the zone.
            level_line(s, d, bottom, Paint::new(Role::Accent, 0.18));
        }
        s.push(Cmd::Restore);
    }
}

pub(super) fn draw_glow(s: &mut Scene, d: &Draw, cage: &Cage, breath: f32, reduced: bool) {
    s.mark(Part::Glow);
    if reduced {
        // The breath as a level rising through the torso.
        let bands = zone_bands(cage);
        let (top, bottom) = (bands[2].0, bands[0].1);
        s.push(Cmd::Save);
        torso_path(s, d, cage);
        s.push(Cmd::Clip);
        band(s, d, top, bottom, Paint::new(Role::Accent, 0.06));
        if breath > 0.0 {
            let level = bottom - breath * (bottom - top);
            band(s, d, level, bottom, Paint::new(Role::Accent, 0.22));
            level_line(s, d, level, Paint::new(Role::Accent, 0.8));
        }
        s.push(Cmd::Restore);
    } else {
        torso_path(s, d, cage);
        s.fill(Paint::new(Role::Accent, 0.04 + 0.10 * breath));
    }
}
