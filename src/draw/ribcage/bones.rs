//! The bones: spine, ribs (posterior halves behind, anterior halves and cartilage in front),
//! sternum and clavicles, each stroked as few paths as the picture allows.

use super::geometry::{
    lerp, sternum_half_width, Attach, Cage, RibGeom, RibSpec, RIBS, RIB_PAIRS, STERNUM_Y,
};
use super::pen::{sign, Draw, SIDES};
use crate::scene::{Cmd, Paint, Part, Role, Scene};

pub(super) fn draw_spine(s: &mut Scene, d: &Draw) {
    s.mark(Part::Spine);
    const N: usize = 17;
    let (top, bottom) = (-0.86, 0.86);
    let step = (bottom - top) / N as f32;
    s.begin_path();
    for i in 0..N {
        let t = i as f32 / (N - 1) as f32;
        let hw = 0.042 + 0.036 * t;
        let y0 = top + i as f32 * step + 0.012;
        let y1 = y0 + step - 0.024;
        round_rect(s, d, -hw, y0, hw, y1, 0.018);
    }
    s.fill(Paint::new(Role::Rib, 0.10));
    s.stroke(Paint::new(Role::Rib, 0.32), d.len(0.008));
}

fn round_rect(s: &mut Scene, d: &Draw, x0: f32, y0: f32, x1: f32, y1: f32, r: f32) {
    let (px, py) = d.p(1.0, (x0, y0));
    let (qx, qy) = d.p(1.0, (x1, y1));
    s.push(Cmd::RoundRect {
        x: px,
        y: py,
        w: qx - px,
        h: qy - py,
        r: d.k * r,
    });
}

const RIB_BACK: Paint = Paint::new(Role::Rib, 0.16);
const RIB_FRONT: Paint = Paint::new(Role::Rib, 0.92);
/// The light core that makes a stroke read as a bone.
const BONE_CORE: Paint = Paint::new(Role::Bg, 0.35);
const CARTILAGE: Paint = Paint::new(Role::Rib, 0.45);

/// The ribs in runs of consecutive pairs drawn alike (same stroke width, both floating or both
/// not): each run is stroked as one path per paint, so the cage costs 17 `stroke()`s rather than
/// one to three per rib. The bones of a run do not touch (the widths in [`RIBS`] keep the 9th and
/// 10th ribs, which do, in separate runs), so this paints what stroking them one by one did; only
/// where a false rib's cartilage ends on the one above it in the same run is the join painted once
/// instead of twice.
pub(super) fn rib_runs() -> impl Iterator<Item = std::ops::Range<usize>> {
    let alike = |a: &RibSpec, b: &RibSpec| {
        a.width == b.width
            && matches!(a.attach, Attach::Floating) == matches!(b.attach, Attach::Floating)
    };
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= RIB_PAIRS {
            return None;
        }
        let mut end = start + 1;
        while end < RIB_PAIRS && alike(&RIBS[start], &RIBS[end]) {
            end += 1;
        }
        let run = start..end;
        start = end;
        Some(run)
    })
}

/// One path through a run of ribs, both sides: marks each rib's part, begins the path once, and
/// lets `half` add the rib's segments (mirrored by the sign it is given).
fn rib_halves(
    s: &mut Scene,
    cage: &Cage,
    run: std::ops::Range<usize>,
    front: bool,
    mut half: impl FnMut(&mut Scene, f32, &RibGeom),
) {
    let start = run.start;
    for i in run {
        for side in SIDES {
            s.mark(Part::Rib {
                pair: i as u8,
                side,
                front,
            });
            if i == start && side == SIDES[0] {
                s.begin_path();
            }
            half(s, sign(side), &cage.ribs[i]);
        }
    }
}

/// The posterior halves of a run of ribs, both sides, as one stroked path (floating ribs whole).
pub(super) fn draw_ribs_back(s: &mut Scene, d: &Draw, cage: &Cage, run: std::ops::Range<usize>) {
    let first = &cage.ribs[run.start];
    rib_halves(s, cage, run, false, |s, sg, r| {
        d.move_to(s, sg, r.p0);
        d.bezier_to(s, sg, r.c1, r.c2, r.p1);
        if r.floating {
            // Floating ribs stay behind: the whole rib is drawn here.
            d.bezier_to(s, sg, r.c3, r.c4, r.p2);
        }
    });
    if first.floating {
        s.stroke(Paint::new(Role::Rib, 0.45), d.len(first.width));
    } else {
        s.stroke(RIB_BACK, d.len(first.width * 0.85));
    }
}

/// The anterior halves of a run of ribs (bone with a light core), then their costal cartilages,
/// both sides, each as one path. Floating ribs have neither.
pub(super) fn draw_ribs_front(s: &mut Scene, d: &Draw, cage: &Cage, run: std::ops::Range<usize>) {
    let width = cage.ribs[run.start].width;
    if cage.ribs[run.start].floating {
        return;
    }
    rib_halves(s, cage, run.clone(), true, |s, sg, r| {
        d.move_to(s, sg, r.p1);
        d.bezier_to(s, sg, r.c3, r.c4, r.p2);
    });
    s.stroke(RIB_FRONT, d.len(width));
    s.stroke(BONE_CORE, d.len(width * 0.34));
    let mut begun = false;
    for i in run {
        let r = &cage.ribs[i];
        let Some((q, end)) = r.cart else { continue };
        for side in SIDES {
            let sg = sign(side);
            s.mark(Part::Cartilage {
                pair: i as u8,
                side,
            });
            if !begun {
                s.begin_path();
                begun = true;
            }
            d.move_to(s, sg, r.p2);
            d.quad_to(s, sg, q, end);
        }
    }
    if begun {
        s.stroke(CARTILAGE, d.len(width * 0.8));
    }
}

pub(super) fn draw_sternum(s: &mut Scene, d: &Draw, cage: &Cage) {
    s.mark(Part::Sternum);
    let [top, angle, body_end, tip] = STERNUM_Y.map(|y| y - cage.lift);
    // Widths at the heights at rest: `(y - lift) + lift` rounds in f32 to just under the
    // sternal angle now and then, where the half width steps from 0.075 to 0.062, and the edge
    // flickered by that much from frame to frame.
    let rest = |y: f32| {
        let [r_top, r_angle, r_end, _] = STERNUM_Y;
        if y == top {
            r_top
        } else if y == angle {
            r_angle
        } else if y == body_end {
            r_end
        } else {
            y + cage.lift
        }
    };
    let hw = |y: f32| sternum_half_width(rest(y));
    s.begin_path();
    // Manubrium with the jugular notch, body, xiphoid: right half down, left half up.
    d.move_to(s, 1.0, (0.0, top + 0.025));
    d.quad_to(s, 1.0, (0.04, top), (hw(top), top));
    d.line_to(s, 1.0, (hw(angle) + 0.004, angle - 0.01));
    d.line_to(s, 1.0, (hw(angle), angle + 0.01));
    let mid = lerp(angle, body_end, 0.55);
    d.quad_to(s, 1.0, (hw(mid) + 0.012, mid), (hw(body_end), body_end));
    d.quad_to(s, 1.0, (0.03, tip - 0.06), (0.0, tip));
    d.quad_to(s, -1.0, (0.03, tip - 0.06), (hw(body_end), body_end));
    d.quad_to(s, -1.0, (hw(mid) + 0.012, mid), (hw(angle), angle + 0.01));
    d.line_to(s, -1.0, (hw(angle) + 0.004, angle - 0.01));
    d.line_to(s, -1.0, (hw(top), top));
    d.quad_to(s, -1.0, (0.04, top), (0.0, top + 0.025));
    s.close_path();
    s.fill(Paint::new(Role::Bg, 1.0));
    s.fill(Paint::new(Role::Rib, 0.2));
    s.stroke(Paint::new(Role::Rib, 0.85), d.len(0.013));
    // The sternal angle.
    s.begin_path();
    d.move_to(s, 1.0, (hw(angle) - 0.01, angle));
    d.line_to(s, -1.0, (hw(angle) - 0.01, angle));
    s.stroke(Paint::new(Role::Rib, 0.45), d.len(0.008));
}

/// Both clavicles as one path (they do not touch), stroked as bone with a light core.
pub(super) fn draw_clavicles(s: &mut Scene, d: &Draw, cage: &Cage) {
    let y = STERNUM_Y[0] - cage.lift * 1.6;
    for side in SIDES {
        let sg = sign(side);
        s.mark(Part::Clavicle { side });
        if side == SIDES[0] {
            s.begin_path();
        }
        d.move_to(s, sg, (0.085, y - 0.005));
        d.bezier_to(s, sg, (0.25, y + 0.03), (0.40, y - 0.10), (0.60, y - 0.085));
    }
    s.stroke(Paint::new(Role::Rib, 0.85), d.len(0.034));
    s.stroke(BONE_CORE, d.len(0.012));
}
