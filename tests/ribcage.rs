//! The rib-cage frame as a display list: geometry that follows the breath, symmetry, zones,
//! reduced motion, overlay texts fitted to the width, determinism and bounds.

mod common;
use breathflow::overlay::{estimate_width, wrap, Line, ELLIPSIS};
use breathflow::pattern::Zone;
use breathflow::ribcage::{build_frame, zones_for, FrameInput, Overlay, RIB_PAIRS};
use breathflow::scene::{Align, Cmd, Paint, Part, Role, Scene, Side};
use std::f32::consts::{FRAC_PI_2, TAU};

use serde_json::json;

fn full() -> Overlay<'static> {
    common::full_overlay("Hands on the sides of the ribs, thumbs to the back; breathe into the hands and feel them move apart as the ribs widen.")
}

fn input(w: f32, h: f32, e: f32) -> FrameInput<'static> {
    FrameInput {
        width: w,
        height: h,
        expansion: e,
        zones: None,
        reduced_motion: false,
        overlay: full(),
    }
}

fn frame(inp: &FrameInput) -> Scene {
    let mut s = Scene::new();
    build_frame(inp, &mut s);
    s
}

fn at(e: f32) -> Scene {
    frame(&input(600.0, 600.0, e))
}

/// Every point a command puts on the canvas (end and control points; arcs by their bounding box).
fn points(c: &Cmd) -> Vec<(f32, f32)> {
    match *c {
        Cmd::MoveTo { x, y } | Cmd::LineTo { x, y } => vec![(x, y)],
        Cmd::QuadTo { cx, cy, x, y } => vec![(cx, cy), (x, y)],
        Cmd::BezierTo {
            c1x,
            c1y,
            c2x,
            c2y,
            x,
            y,
        } => vec![(c1x, c1y), (c2x, c2y), (x, y)],
        Cmd::Arc { x, y, r, .. } => vec![(x - r, y - r), (x + r, y + r)],
        Cmd::Ellipse { x, y, rx, ry, .. } => {
            let m = rx.max(ry);
            vec![(x - m, y - m), (x + m, y + m)]
        }
        Cmd::Rect { x, y, w, h } => vec![(x, y), (x + w, y + h)],
        _ => vec![],
    }
}

/// Path points only (no arcs), which mirror exactly between the sides.
fn path_points(cmds: &[Cmd]) -> Vec<(f32, f32)> {
    cmds.iter()
        .filter(|c| !matches!(c, Cmd::Arc { .. } | Cmd::Ellipse { .. }))
        .flat_map(points)
        .collect()
}

/// Centre of the ring, which is the figure's axis (the spine).
fn centre(s: &Scene) -> (f32, f32, f32) {
    let (_, cmds) = s.parts().find(|(p, _)| *p == Part::Ring).unwrap();
    match cmds[1] {
        Cmd::Arc { x, y, r, .. } => (x, y, r),
        ref c => panic!("ring starts with {c:?}"),
    }
}

fn part_points(s: &Scene, f: impl Fn(Part) -> bool) -> Vec<(f32, f32)> {
    s.parts()
        .filter(|(p, _)| f(*p))
        .flat_map(|(_, c)| path_points(c))
        .collect()
}

fn is_rib(p: Part) -> bool {
    matches!(p, Part::Rib { .. })
}

/// Half the width of the rib cage: the extreme distance of any rib path point from the spine.
fn rib_half_width(s: &Scene) -> f32 {
    let (cx, _, _) = centre(s);
    part_points(s, is_rib)
        .iter()
        .map(|&(x, _)| (x - cx).abs())
        .fold(0.0, f32::max)
}

fn geometry_of(s: &Scene, f: impl Fn(Part) -> bool) -> Vec<Cmd> {
    s.parts()
        .filter(|(p, _)| f(*p))
        .flat_map(|(_, c)| c.iter().copied())
        .collect()
}

fn is_figure(p: Part) -> bool {
    matches!(
        p,
        Part::Spine
            | Part::Sternum
            | Part::Clavicle { .. }
            | Part::Rib { .. }
            | Part::Cartilage { .. }
            | Part::Thumb { .. }
            | Part::Hand { .. }
    )
}

#[test]
fn ribs_are_wider_at_full_expansion_and_widen_monotonically() {
    let w0 = rib_half_width(&at(0.0));
    let w1 = rib_half_width(&at(1.0));
    assert!(w1 > w0 * 1.12, "half width {w0} → {w1}");
    let mut last = w0;
    for i in 1..=40 {
        let w = rib_half_width(&at(i as f32 / 40.0));
        assert!(w > last, "width must grow: {last} then {w} at step {i}");
        last = w;
    }
    assert_eq!(last, w1);
}

#[test]
fn every_rib_widens_east_and_west() {
    let (s0, s1) = (at(0.0), at(1.0));
    let (cx, _, _) = centre(&s0);
    for pair in 0..RIB_PAIRS as u8 {
        for side in [Side::Left, Side::Right] {
            let sel =
                |p: Part| matches!(p, Part::Rib { pair: q, side: t, .. } if q == pair && t == side);
            let ext = |s: &Scene| {
                part_points(s, sel)
                    .iter()
                    .map(|&(x, _)| (x - cx).abs())
                    .fold(0.0, f32::max)
            };
            let (a, b) = (ext(&s0), ext(&s1));
            assert!(b > a + 4.0, "rib {pair} {side:?}: {a} → {b}");
        }
    }
    // Widening is sideways: the spine does not move.
    assert_eq!(
        geometry_of(&s0, |p| p == Part::Spine),
        geometry_of(&s1, |p| p == Part::Spine)
    );
}

#[test]
fn ribs_lift_a_little() {
    let (s0, s1) = (at(0.0), at(1.0));
    let (_, _, r) = centre(&s0);
    let mut lifted = 0;
    for pair in 0..RIB_PAIRS as u8 {
        let sel = |p: Part| matches!(p, Part::Rib { pair: q, side: Side::Right, front: true } if q == pair);
        // The front half starts at the rib's lateral extreme.
        let start = |s: &Scene| {
            geometry_of(s, sel).iter().find_map(|c| match c {
                Cmd::MoveTo { y, .. } => Some(*y),
                _ => None,
            })
        };
        if let (Some(a), Some(b)) = (start(&s0), start(&s1)) {
            let lift = a - b;
            assert!(
                lift > 0.005 * r && lift < 0.08 * r,
                "rib {pair} lifts {lift} px"
            );
            lifted += 1;
        }
    }
    assert!(lifted >= 10, "{lifted} ribs with a front half");
    // The sternum rises with them.
    let top = |s: &Scene| {
        part_points(s, |p| p == Part::Sternum)
            .iter()
            .map(|p| p.1)
            .fold(f32::MAX, f32::min)
    };
    assert!(top(&s1) < top(&s0));
}

#[test]
fn hands_move_apart_as_the_ribs_widen() {
    let gap = |s: &Scene| {
        let left = part_points(s, |p| p == Part::Hand { side: Side::Left });
        let right = part_points(s, |p| p == Part::Hand { side: Side::Right });
        let lmax = left.iter().map(|p| p.0).fold(f32::MIN, f32::max);
        let rmin = right.iter().map(|p| p.0).fold(f32::MAX, f32::min);
        let lmin = left.iter().map(|p| p.0).fold(f32::MAX, f32::min);
        let rmax = right.iter().map(|p| p.0).fold(f32::MIN, f32::max);
        (rmin - lmax, rmax - lmin)
    };
    let (inner0, outer0) = gap(&at(0.0));
    let (inner1, outer1) = gap(&at(1.0));
    assert!(inner0 > 0.0, "fingertips do not cross: {inner0}");
    assert!(
        inner1 > inner0 + 10.0,
        "fingertips part: {inner0} → {inner1}"
    );
    assert!(outer1 > outer0 + 10.0, "palms part: {outer0} → {outer1}");
    let mut last = inner0;
    for i in 1..=20 {
        let (g, _) = gap(&at(i as f32 / 20.0));
        assert!(g > last);
        last = g;
    }
    // The hands lie on the sides of the ribs: their outer edge is beyond the cage.
    let s = at(0.5);
    let (cx, _, _) = centre(&s);
    let cage = rib_half_width(&s);
    let right = part_points(&s, |p| p == Part::Hand { side: Side::Right });
    let outer = right.iter().map(|p| p.0 - cx).fold(f32::MIN, f32::max);
    let inner = right.iter().map(|p| p.0 - cx).fold(f32::MAX, f32::min);
    assert!(outer > cage, "palm {outer} outside the cage {cage}");
    assert!(inner < 0.7 * cage, "fingertips {inner} reach the front");
    // Thumbs are drawn behind the front of the ribs; hands in front of everything else.
    let order: Vec<Part> = s.parts().map(|(p, _)| p).collect();
    let pos = |q: Part| order.iter().position(|&p| p == q).unwrap();
    let first_front = order
        .iter()
        .position(|p| matches!(p, Part::Rib { front: true, .. }))
        .unwrap();
    assert!(pos(Part::Thumb { side: Side::Right }) < first_front);
    assert!(pos(Part::Hand { side: Side::Left }) > first_front);
}

#[test]
fn twelve_rib_pairs_symmetric_about_the_spine() {
    for e in [0.0, 0.37, 1.0] {
        let s = at(e);
        let (cx, _, _) = centre(&s);
        let mut pairs = 0;
        for pair in 0..RIB_PAIRS as u8 {
            let side_pts = |side: Side| {
                part_points(
                    &s,
                    |p| matches!(p, Part::Rib { pair: q, side: t, .. } if q == pair && t == side),
                )
            };
            let (l, r) = (side_pts(Side::Left), side_pts(Side::Right));
            assert!(!r.is_empty());
            assert_eq!(l.len(), r.len(), "rib {pair}");
            for (a, b) in l.iter().zip(&r) {
                assert!(
                    ((a.0 - cx) + (b.0 - cx)).abs() < 1e-3 && (a.1 - b.1).abs() < 1e-3,
                    "rib {pair} at {e}: {a:?} vs {b:?}"
                );
                assert!(a.0 < cx && b.0 > cx);
            }
            pairs += 1;
        }
        assert!(pairs >= 10);
        for part in [
            |side| Part::Hand { side },
            |side| Part::Clavicle { side },
            |side| Part::Thumb { side },
        ] {
            let l = part_points(&s, |p| p == part(Side::Left));
            let r = part_points(&s, |p| p == part(Side::Right));
            assert_eq!(l.len(), r.len());
            for (a, b) in l.iter().zip(&r) {
                assert!(
                    ((a.0 - cx) + (b.0 - cx)).abs() < 1e-3 && (a.1 - b.1).abs() < 1e-3,
                    "{:?} at {e}: {a:?} vs {b:?}",
                    part(Side::Left)
                );
            }
        }
        // The sternum straddles the spine.
        let st = part_points(&s, |p| p == Part::Sternum);
        let (lo, hi) = st.iter().fold((f32::MAX, f32::MIN), |(lo, hi), p| {
            (lo.min(p.0), hi.max(p.0))
        });
        assert!(((lo - cx) + (hi - cx)).abs() < 1e-3);
    }
}

/// The stroke that paints a part's path: the first `Stroke` at or after the part's commands (parts
/// of one run of ribs share a path and its strokes).
fn stroke_of(s: &Scene, range: std::ops::Range<usize>) -> (usize, Paint, f32) {
    s.cmds()[range.start..]
        .iter()
        .enumerate()
        .find_map(|(k, c)| match c {
            Cmd::Stroke { paint, width } => Some((range.start + k, *paint, *width)),
            _ => None,
        })
        .unwrap()
}

#[test]
fn costal_cartilage_joins_the_ribs_to_the_sternum_in_lighter_strokes() {
    let s = at(0.5);
    let front: Vec<f32> = s
        .part_ranges()
        .filter(|(p, _)| matches!(p, Part::Rib { front: true, .. }))
        .map(|(_, r)| stroke_of(&s, r).1.alpha)
        .collect();
    let cart: Vec<(Part, std::ops::Range<usize>)> = s
        .part_ranges()
        .filter(|(p, _)| matches!(p, Part::Cartilage { .. }))
        .collect();
    // Ribs 1–10 have cartilage (7 true ribs to the sternum, 3 false ones to the cartilage above).
    assert_eq!(cart.len(), 2 * 10);
    let min_front = front.iter().copied().fold(f32::MAX, f32::min);
    for (p, r) in &cart {
        assert!(
            stroke_of(&s, r.clone()).1.alpha < min_front,
            "{p:?} lighter than the bone"
        );
    }
    // Each cartilage starts where its rib's front half ends.
    for pair in 0..10u8 {
        let rib = geometry_of(&s, |p| {
            p == Part::Rib {
                pair,
                side: Side::Right,
                front: true,
            }
        });
        let end = rib
            .iter()
            .rev()
            .find_map(|c| match c {
                Cmd::BezierTo { x, y, .. } => Some((*x, *y)),
                _ => None,
            })
            .unwrap();
        let cart = geometry_of(&s, |p| {
            p == Part::Cartilage {
                pair,
                side: Side::Right,
            }
        });
        let start = cart.iter().find(|c| matches!(c, Cmd::MoveTo { .. }));
        assert_eq!(
            start,
            Some(&Cmd::MoveTo { x: end.0, y: end.1 }),
            "rib {pair}"
        );
    }
}

/// Points along a part's curves (end points and 16 samples of each Bézier and quadratic).
fn curve_samples(cmds: &[Cmd]) -> Vec<(f32, f32)> {
    common::curve_samples(cmds, 16)
}

#[test]
fn the_cage_is_stroked_in_runs_of_ribs_that_do_not_touch() {
    for e in [0.0, 0.5, 1.0] {
        let s = at(e);
        let bone: Vec<(Part, std::ops::Range<usize>)> = s
            .part_ranges()
            .filter(|(p, _)| matches!(p, Part::Rib { .. } | Part::Cartilage { .. }))
            .collect();
        // 12 pairs in 5 runs of equal width (first rib; 2–7; 8–9; 10, whose front half touches
        // the 9th's; the floating pair): the back halves in 5 strokes, the front halves in
        // 4 × (bone + light core), cartilage in 4.
        let mut strokes: Vec<usize> = bone
            .iter()
            .flat_map(|(_, r)| {
                let first = stroke_of(&s, r.clone()).0;
                (r.start..r.end.max(first + 1))
                    .filter(|&k| matches!(s.cmds()[k], Cmd::Stroke { .. }))
                    .collect::<Vec<_>>()
            })
            .collect();
        strokes.sort();
        strokes.dedup();
        assert_eq!(strokes.len(), 5 + 4 * 2 + 4, "at {e}");
        // Bones stroked in one path must not touch: where they did, a translucent stroke would be
        // painted once instead of twice.
        for (i, (pa, ra)) in bone.iter().enumerate() {
            for (pb, rb) in &bone[i + 1..] {
                let (sa, paint, width) = stroke_of(&s, ra.clone());
                if stroke_of(&s, rb.clone()).0 != sa || !matches!(pa, Part::Rib { .. }) {
                    continue;
                }
                let (a, b) = (
                    curve_samples(&s.cmds()[ra.clone()]),
                    curve_samples(&s.cmds()[rb.clone()]),
                );
                let gap = a
                    .iter()
                    .flat_map(|p| b.iter().map(move |q| (p.0 - q.0).hypot(p.1 - q.1)))
                    .fold(f32::MAX, f32::min);
                assert!(
                    gap > width,
                    "{pa:?} and {pb:?} ({paint:?}) are {gap} px apart at {e}"
                );
            }
        }
    }
}

#[test]
fn same_input_same_list() {
    for e in [0.0, 0.31, 1.0] {
        let inp = FrameInput {
            zones: Some(zones_for(e, &[Zone::Belly, Zone::Ribs, Zone::Chest])),
            ..input(777.0, 555.0, e)
        };
        let a = frame(&inp);
        let mut b = frame(&input(300.0, 200.0, 0.9)); // a reused scene with other content
        build_frame(&inp, &mut b);
        assert_eq!(a.cmds(), b.cmds());
        assert_eq!(
            serde_json::to_string(&a).unwrap(),
            serde_json::to_string(&b).unwrap()
        );
    }
}

#[test]
fn reduced_motion_holds_a_mid_pose_and_shows_the_breath_as_a_fill() {
    let reduced = |e| {
        frame(&FrameInput {
            reduced_motion: true,
            ..input(600.0, 600.0, e)
        })
    };
    let (r0, r1) = (reduced(0.0), reduced(1.0));
    let g0 = geometry_of(&r0, is_figure);
    assert!(g0.len() > 100);
    assert_eq!(g0, geometry_of(&r1, is_figure));
    // The pose is the mid one.
    assert_eq!(g0, geometry_of(&at(0.5), is_figure));
    // The fill differs and rises with the breath.
    let glow = |s: &Scene| geometry_of(s, |p| p == Part::Glow);
    assert_ne!(glow(&r0), glow(&r1));
    let level = |s: &Scene| {
        glow(s)
            .iter()
            .filter_map(|c| match c {
                Cmd::Rect { y, .. } => Some(*y),
                _ => None,
            })
            .fold(f32::MIN, f32::max)
    };
    assert!(
        level(&reduced(0.8)) < level(&reduced(0.3)),
        "the level rises"
    );
    // Texts are unchanged.
    let texts = |s: &Scene| {
        s.texts_of(Part::Phase)
            .map(String::from)
            .collect::<Vec<_>>()
    };
    assert_eq!(texts(&r0), texts(&at(0.0)));
    // Reduced motion with dirga zones: the zones still fill, the figure still holds.
    let dz = |e| {
        frame(&FrameInput {
            reduced_motion: true,
            zones: Some(zones_for(e, &[Zone::Belly, Zone::Ribs, Zone::Chest])),
            ..input(600.0, 600.0, e)
        })
    };
    assert_eq!(
        geometry_of(&dz(0.1), is_figure),
        geometry_of(&dz(0.9), is_figure)
    );
    assert_ne!(
        geometry_of(&dz(0.1), |p| matches!(p, Part::Zone { .. })),
        geometry_of(&dz(0.9), |p| matches!(p, Part::Zone { .. }))
    );
}

#[test]
fn dirga_zones_fill_belly_ribs_chest_and_empty_in_reverse() {
    let dirga = [Zone::Belly, Zone::Ribs, Zone::Chest];
    assert_eq!(zones_for(0.0, &dirga), [0.0, 0.0, 0.0]);
    assert_eq!(zones_for(0.5, &dirga), [1.0, 0.5, 0.0]);
    assert_eq!(zones_for(1.0, &dirga), [1.0, 1.0, 1.0]);
    assert_eq!(zones_for(1.0 / 6.0, &dirga), [0.5, 0.0, 0.0]);
    // Inhale: each zone starts only once the one before it is full.
    let mut first_nonzero = [None; 3];
    let mut full = [None; 3];
    for i in 0..=300 {
        let e = i as f32 / 300.0;
        let z = zones_for(e, &dirga);
        for k in 0..3 {
            if z[k] > 0.0 && first_nonzero[k].is_none() {
                first_nonzero[k] = Some(i);
            }
            if z[k] >= 1.0 && full[k].is_none() {
                full[k] = Some(i);
            }
        }
    }
    assert!(full[0] <= first_nonzero[1] && full[1] <= first_nonzero[2]);
    // Exhale (expansion falling): chest empties first, belly last.
    let mut empty = [None; 3];
    for i in (0..=300).rev() {
        let z = zones_for(i as f32 / 300.0, &dirga);
        for k in 0..3 {
            if z[k] <= 0.0 && empty[k].is_none() {
                empty[k] = Some(300 - i);
            }
        }
    }
    assert!(empty[2] < empty[1] && empty[1] < empty[0], "{empty:?}");
    // Another order, Back ignored, duplicates ignored, nothing listed: all together.
    assert_eq!(
        zones_for(0.5, &[Zone::Chest, Zone::Back, Zone::Belly, Zone::Chest]),
        [0.0, 0.0, 1.0]
    );
    assert_eq!(zones_for(0.25, &[Zone::Ribs]), [0.0, 0.25, 0.0]);
    assert_eq!(zones_for(0.25, &[]), [0.25; 3]);
    assert_eq!(zones_for(f32::NAN, &dirga), [0.0; 3]);
    assert_eq!(zones_for(7.0, &dirga), [1.0; 3]);

    // In the scene: three zone parts, belly lowest; the filled height follows the fill.
    let filled = |e: f32| -> Vec<(f32, f32)> {
        let s = frame(&FrameInput {
            zones: Some(zones_for(e, &dirga)),
            ..input(600.0, 600.0, e)
        });
        (0..3u8)
            .map(|z| {
                let rects: Vec<(f32, f32)> = geometry_of(&s, |p| p == Part::Zone { zone: z })
                    .iter()
                    .filter_map(|c| match c {
                        Cmd::Rect { y, h, .. } => Some((*y, *h)),
                        _ => None,
                    })
                    .collect();
                // (top of the zone, filled height): the first rect is the whole zone.
                (rects[0].0, rects.get(1).map_or(0.0, |r| r.1))
            })
            .collect()
    };
    let z = filled(0.5);
    assert!(
        z[0].0 > z[1].0 && z[1].0 > z[2].0,
        "belly below ribs below chest"
    );
    assert!(z[0].1 > 0.0 && z[1].1 > 0.0 && z[2].1 == 0.0);
    let z2 = filled(0.6);
    assert!(z2[1].1 > z[1].1);
    assert_eq!(filled(0.0).iter().map(|z| z.1).sum::<f32>(), 0.0);
    // No zones without dirga.
    assert!(at(0.5)
        .parts()
        .all(|(p, _)| !matches!(p, Part::Zone { .. })));
}

fn text_extent(s: &Scene, c: &Cmd) -> Option<(f32, f32, f32, f32, f32)> {
    if let Cmd::Text {
        span,
        x,
        y,
        size,
        align,
        max_width,
        ..
    } = *c
    {
        let w = estimate_width(s.text(span), size);
        let x0 = match align {
            Align::Left => x,
            Align::Center => x - w / 2.0,
            Align::Right => x - w,
        };
        Some((x0, x0 + w, y - size * 0.6, y + size * 0.6, max_width))
    } else {
        None
    }
}

fn check_bounds(s: &Scene, w: f32, h: f32, what: &str) {
    let cmds = s.cmds();
    assert!(matches!(cmds[0], Cmd::Clear { .. }), "{what}");
    for c in cmds {
        let mut nums: Vec<f32> = points(c).into_iter().flat_map(|(x, y)| [x, y]).collect();
        match *c {
            Cmd::Arc { start, end, r, .. } => nums.extend([start, end, r]),
            Cmd::Ellipse {
                rotation,
                start,
                end,
                ..
            } => nums.extend([rotation, start, end]),
            Cmd::Stroke { paint, width } => nums.extend([paint.alpha, width]),
            Cmd::Fill { paint } => nums.push(paint.alpha),
            Cmd::Text { size, paint, .. } => nums.extend([size, paint.alpha]),
            _ => {}
        }
        assert!(nums.iter().all(|v| v.is_finite()), "{what}: {c:?}");
        if let Cmd::Stroke { paint, width }
        | Cmd::Text {
            paint, size: width, ..
        } = *c
        {
            assert!(
                (0.0..=1.0).contains(&paint.alpha) && width > 0.0,
                "{what}: {c:?}"
            );
        }
        if let Cmd::Fill { paint } = *c {
            assert!((0.0..=1.0).contains(&paint.alpha), "{what}: {c:?}");
        }
        for (x, y) in points(c) {
            assert!(
                (-0.01..=w + 0.01).contains(&x) && (-0.01..=h + 0.01).contains(&y),
                "{what}: {c:?} outside {w}×{h}"
            );
        }
        if let Some((x0, x1, y0, y1, mw)) = text_extent(s, c) {
            assert!(
                x0 >= 0.0 && x1 <= w && y0 >= 0.0 && y1 <= h,
                "{what}: text {c:?}"
            );
            assert!(
                x1 - x0 <= mw + 0.01,
                "{what}: text wider than its box {c:?}"
            );
        }
    }
}

const SIZES: [(f32, f32); 9] = [
    (200.0, 200.0),
    (240.0, 320.0),
    (320.0, 200.0),
    (375.0, 667.0),
    (600.0, 600.0),
    (800.0, 450.0),
    (1200.0, 900.0),
    (1200.0, 400.0),
    (900.0, 1200.0),
];

#[test]
fn everything_is_finite_and_inside_the_canvas() {
    let long = Overlay {
        phase_label: "Exhale slowly through pursed lips · mouth · mouth · mouth",
        seconds_left: Some(4_000_000_000),
        breath_count: Some((u64::MAX, Some(u64::MAX))),
        progress: Some(f32::INFINITY),
        title: Some("An extraordinarily long step title that cannot possibly fit on one line anywhere"),
        cue: Some("Supercalifragilisticexpialidocious-breathing-without-any-spaces-at-all-for-a-very-long-time and then some words"),
        detail: None,
        message: None,
        ..Overlay::default()
    };
    let overlays = [full(), Overlay::default(), long];
    for &(w, h) in &SIZES {
        for e in [
            -1.0,
            0.0,
            0.5,
            1.0,
            2.0,
            f32::NAN,
            f32::INFINITY,
            f32::NEG_INFINITY,
        ] {
            for ov in &overlays {
                for zones in [None, Some([0.3, f32::NAN, 2.0])] {
                    for reduced in [false, true] {
                        let s = frame(&FrameInput {
                            width: w,
                            height: h,
                            expansion: e,
                            zones,
                            reduced_motion: reduced,
                            overlay: *ov,
                        });
                        check_bounds(
                            &s,
                            w,
                            h,
                            &format!("{w}×{h} e={e} zones={zones:?} reduced={reduced}"),
                        );
                        // The figure stays inside the ring.
                        let (cx, cy, r) = centre(&s);
                        for (x, y) in part_points(&s, is_figure) {
                            assert!(
                                ((x - cx).powi(2) + (y - cy).powi(2)).sqrt() < r,
                                "{w}×{h} e={e}"
                            );
                        }
                    }
                }
            }
        }
    }
    // Degenerate canvases give a clear and nothing else.
    for (w, h) in [(0.0, 0.0), (f32::NAN, 100.0), (-5.0, 300.0), (10.0, 10.0)] {
        let s = frame(&input(w, h, 0.5));
        for c in s.cmds() {
            assert!(points(c).iter().all(|p| p.0.is_finite() && p.1.is_finite()));
        }
        assert!(s.cmds().iter().all(|c| !matches!(c, Cmd::Text { .. })));
    }
}

#[test]
fn expansion_outside_the_range_is_clamped() {
    assert_eq!(at(-3.0).cmds(), at(0.0).cmds());
    assert_eq!(at(f32::NEG_INFINITY).cmds(), at(0.0).cmds());
    assert_eq!(at(f32::NAN).cmds(), at(0.0).cmds());
    assert_eq!(at(1.5).cmds(), at(1.0).cmds());
    assert_eq!(at(f32::INFINITY).cmds(), at(1.0).cmds());
}

fn texts(s: &Scene, part: Part) -> Vec<String> {
    s.texts_of(part).map(String::from).collect()
}

#[test]
fn overlay_texts_are_present() {
    let s = at(0.5);
    assert_eq!(texts(&s, Part::Phase), ["Inhale · nose"]);
    assert_eq!(texts(&s, Part::Seconds), ["4 s"]);
    assert_eq!(texts(&s, Part::Count), ["breath 3 / 10", "·"]);
    assert_eq!(texts(&s, Part::Title), ["Rib mobilization"]);
    let cue = texts(&s, Part::Cue);
    assert_eq!(cue.len(), 2);
    // 20 px text in 552 px: 50 characters a line.
    assert_eq!(cue[0], "Hands on the sides of the ribs, thumbs to the");
    assert!(cue[1].ends_with(ELLIPSIS), "{cue:?}");
    assert!(cue[1].starts_with("back; breathe into the hands"));
    // Title and cue above the ring, phase and count below.
    let (_, cy, r) = centre(&s);
    let y_of = |part: Part| {
        geometry_of(&s, |p| p == part)
            .iter()
            .find_map(|c| match c {
                Cmd::Text { y, .. } => Some(*y),
                _ => None,
            })
            .unwrap()
    };
    assert!(y_of(Part::Title) < y_of(Part::Cue) && y_of(Part::Cue) < cy - r);
    assert!(y_of(Part::Phase) > cy + r && y_of(Part::Seconds) > y_of(Part::Phase));
    // Without a target the count is just the count; alone it is centred.
    let s = frame(&FrameInput {
        overlay: Overlay {
            phase_label: "Hold",
            seconds_left: None,
            breath_count: Some((3, None)),
            ..Overlay::default()
        },
        ..input(600.0, 600.0, 1.0)
    });
    assert_eq!(texts(&s, Part::Count), ["breath 3"]);
    assert_eq!(texts(&s, Part::Phase), ["Hold"]);
    assert!(geometry_of(&s, |p| p == Part::Count)
        .iter()
        .any(|c| matches!(c, Cmd::Text { align: Align::Center, x, .. } if *x == 300.0)));
    assert!(texts(&s, Part::Seconds).is_empty() && texts(&s, Part::Title).is_empty());
    // Colours are roles.
    assert!(s.cmds().iter().any(|c| matches!(
        c,
        Cmd::Text {
            paint: Paint {
                role: Role::Text,
                ..
            },
            ..
        }
    )));
}

#[test]
fn long_texts_are_cut_to_the_width_with_an_ellipsis() {
    for &(w, h) in &SIZES {
        let s = frame(&FrameInput {
            overlay: Overlay {
                title: Some("Rib mobilization with both hands on the lower ribs, standing or seated comfortably"),
                ..full()
            },
            ..input(w, h, 0.5)
        });
        let title = texts(&s, Part::Title);
        assert_eq!(title.len(), 1);
        let cue = texts(&s, Part::Cue);
        assert!(!cue.is_empty() && cue.len() <= 3, "{w}×{h}: {cue:?}");
        let whole = cue.join(" ") == full().cue.unwrap();
        assert!(
            whole != cue.last().unwrap().ends_with(ELLIPSIS),
            "{w}×{h}: {cue:?}"
        );
        assert!(whole || w < 1000.0, "{w}×{h}: {cue:?}");
        for c in s.cmds() {
            if let Some((x0, x1, ..)) = text_extent(&s, c) {
                assert!(x0 >= 0.0 && x1 <= w, "{w}×{h}: {c:?}");
            }
        }
        if w < 900.0 {
            assert!(title[0].ends_with(ELLIPSIS), "{w}×{h}: {title:?}");
            assert!(title[0].starts_with("Rib mobilization"));
        }
    }
    // Narrow: "1234 / 5000" without the word; huge numbers set smaller, still inside.
    let narrow = |count| {
        frame(&FrameInput {
            overlay: Overlay {
                breath_count: Some(count),
                ..full()
            },
            ..input(200.0, 200.0, 0.5)
        })
    };
    assert_eq!(
        texts(&narrow((3, Some(10))), Part::Count),
        ["breath 3 / 10", "·"]
    );
    assert_eq!(
        texts(&narrow((1234, Some(5000))), Part::Count),
        ["1234 / 5000", "·"]
    );
    let s = narrow((u64::MAX, Some(u64::MAX)));
    assert_eq!(
        texts(&s, Part::Count)[0],
        format!("{} / {}", u64::MAX, u64::MAX)
    );
    check_bounds(&s, 200.0, 200.0, "huge count");
}

#[test]
fn wrap_breaks_at_words_and_cuts_the_last_line() {
    let mut out = [Line::default(); 3];
    let show = |src: &str, lines: &[Line]| -> Vec<String> {
        lines
            .iter()
            .map(|l| {
                format!(
                    "{}{}",
                    &src[l.start..l.end],
                    if l.ellipsis { "…" } else { "" }
                )
            })
            .collect()
    };
    let src = "  Breathe into the hands and feel them move  ";
    let n = wrap(src, 12, &mut out);
    assert_eq!(
        show(src, &out[..n]),
        ["Breathe into", "the hands", "and feel…"]
    );
    let n = wrap(src, 100, &mut out);
    assert_eq!(
        show(src, &out[..n]),
        ["Breathe into the hands and feel them move"]
    );
    // A word longer than the line is cut hard.
    let src = "Ünïcödé-wörds-everywhere ok";
    let n = wrap(src, 8, &mut out[..2]);
    assert_eq!(show(src, &out[..n]), ["Ünïcödé-", "wörds-e…"]);
    for l in &out[..n] {
        assert!(l.chars(src) <= 8);
    }
    assert_eq!(wrap("anything", 0, &mut out), 0);
    assert_eq!(wrap("   ", 5, &mut out), 0);
    let src = "one, two, three";
    let n = wrap(src, 9, &mut out[..1]);
    assert_eq!(show(src, &out[..n]), ["one, two…"]);
}

#[test]
fn a_long_word_is_cut_between_clusters_not_inside_one() {
    let mut out = [Line::default(); 3];
    let lines = |src: &str, max: usize, out: &mut [Line]| -> Vec<String> {
        let n = wrap(src, max, out);
        out[..n]
            .iter()
            .map(|l| src[l.start..l.end].to_string())
            .collect()
    };
    // Decomposed accents: "e" + U+0301 stays together (the cut moves back before the "e").
    let src = "abce\u{301}fgh";
    assert_eq!(lines(src, 4, &mut out), ["abc", "e\u{301}fg", "h"]);
    // Devanagari: a consonant and its vowel sign (U+093F) or virama (U+094D).
    let src = "नमस्कारनमस्कार";
    for l in lines(src, 4, &mut out[..3]) {
        let first = l.chars().next().unwrap();
        assert!(
            !breathflow::text::joins_previous(first),
            "{l:?} starts with a mark"
        );
    }
    // An emoji ZWJ sequence (family: woman, ZWJ, woman, ZWJ, girl) is not split at its joiners.
    let src = "ab\u{1F469}\u{200D}\u{1F469}\u{200D}\u{1F467}c";
    assert_eq!(
        lines(src, 4, &mut out),
        ["ab", "\u{1F469}\u{200D}\u{1F469}\u{200D}", "\u{1F467}c"],
        "a cluster longer than the line is cut inside it rather than dropped"
    );
    let src = "ab\u{1F44B}\u{1F3FD}cd";
    assert_eq!(lines(src, 3, &mut out), ["ab", "\u{1F44B}\u{1F3FD}c", "d"]);
    // Stacked marks longer than a line: cut inside (the text goes on), never an empty line.
    let zalgo: String = std::iter::once('B')
        .chain((0x300..0x320).filter_map(char::from_u32))
        .collect();
    let got = lines(&zalgo, 10, &mut out);
    assert!(got.iter().all(|l| !l.is_empty()) && got[0].starts_with('B'));
    // The last line's ellipsis cut too.
    let src = "abcde\u{301}fghij";
    let n = wrap(src, 6, &mut out[..1]);
    assert_eq!(&src[out[0].start..out[0].end], "abcd");
    assert!(out[0].ellipsis && n == 1);
}

#[test]
fn a_message_replaces_the_figure() {
    let s = frame(&FrameInput {
        overlay: Overlay {
            message: Some("Something went wrong. Reload the page to start again."),
            ..full()
        },
        ..input(400.0, 300.0, 0.5)
    });
    let msg = texts(&s, Part::Message).join(" ");
    assert_eq!(msg, "Something went wrong. Reload the page to start again.");
    assert!(s
        .parts()
        .all(|(p, _)| matches!(p, Part::Background | Part::Message)));
    check_bounds(&s, 400.0, 300.0, "message");
}

#[test]
fn the_progress_ring_follows_progress() {
    let ring = |p: Option<f32>| {
        let s = frame(&FrameInput {
            overlay: Overlay {
                progress: p,
                ..full()
            },
            ..input(600.0, 600.0, 0.5)
        });
        geometry_of(&s, |q| q == Part::Ring)
            .iter()
            .filter_map(|c| match c {
                Cmd::Arc { start, end, .. } => Some((*start, *end)),
                _ => None,
            })
            .collect::<Vec<_>>()
    };
    // Track only.
    assert_eq!(ring(None), [(0.0, TAU)]);
    assert_eq!(ring(Some(0.0)), [(0.0, TAU)]);
    // Track, arc from 12 o'clock clockwise, head dot.
    let r = ring(Some(0.25));
    assert_eq!(r.len(), 3);
    assert_eq!(r[1], (-FRAC_PI_2, -FRAC_PI_2 + TAU * 0.25));
    assert_eq!(ring(Some(3.0))[1], (-FRAC_PI_2, -FRAC_PI_2 + TAU));
}

#[test]
fn frames_reuse_the_scene_without_growing_it() {
    let mut s = Scene::new();
    let dirga = [Zone::Belly, Zone::Ribs, Zone::Chest];
    let inp = |e: f32| FrameInput {
        zones: Some(zones_for(e, &dirga)),
        ..input(640.0, 480.0, e)
    };
    for i in 0..5 {
        build_frame(&inp(i as f32 / 4.0), &mut s);
    }
    let cap = s.capacity();
    for i in 0..200 {
        build_frame(&inp(i as f32 / 199.0), &mut s);
        assert_eq!(s.capacity(), cap);
    }
    // A frame is a few hundred commands, not thousands.
    assert!(s.cmds().len() < 1000, "{}", s.cmds().len());
}

#[test]
fn the_scene_serialises_as_canvas_calls() {
    let s = at(0.5);
    let v: serde_json::Value = serde_json::to_value(&s).unwrap();
    let cmds = v["cmds"].as_array().unwrap();
    assert_eq!(cmds.len(), s.cmds().len());
    assert_eq!(cmds[0], json!({"op": "clear", "w": 600.0, "h": 600.0}));
    assert_eq!(cmds[1], json!({"op": "beginPath"}));
    let phase = cmds
        .iter()
        .find(|c| c["op"] == "text" && c["text"] == "Inhale · nose")
        .unwrap();
    assert_eq!(phase["align"], "center");
    assert_eq!(phase["bold"], true);
    assert_eq!(phase["paint"]["role"], "text");
    assert!(phase["maxWidth"].as_f64().unwrap() > 0.0);
    let ops: std::collections::BTreeSet<&str> =
        cmds.iter().map(|c| c["op"].as_str().unwrap()).collect();
    for op in [
        "moveTo",
        "lineTo",
        "quadTo",
        "bezierTo",
        "arc",
        "rect",
        "roundRect",
        "closePath",
        "fill",
        "stroke",
        "text",
        "save",
        "restore",
        "clip",
    ] {
        // The zone bands (rectangles under a clip) are drawn with reduced motion.
        let s = if op == "save" || op == "restore" || op == "clip" || op == "rect" {
            let reduced = frame(&FrameInput {
                reduced_motion: true,
                ..input(600.0, 600.0, 0.5)
            });
            serde_json::to_value(&reduced).unwrap()
        } else {
            v.clone()
        };
        assert!(
            s["cmds"].as_array().unwrap().iter().any(|c| c["op"] == op),
            "{op} in {ops:?}"
        );
    }
    let bez = cmds.iter().find(|c| c["op"] == "bezierTo").unwrap();
    for k in ["c1x", "c1y", "c2x", "c2y", "x", "y"] {
        assert!(bez[k].is_number());
    }
    let rr = cmds.iter().find(|c| c["op"] == "roundRect").unwrap();
    for k in ["x", "y", "w", "h", "r"] {
        assert!(rr[k].is_number());
    }
    let stroke = cmds.iter().find(|c| c["op"] == "stroke").unwrap();
    assert!(stroke["width"].is_number() && stroke["paint"]["alpha"].is_number());
}

#[test]
fn the_spine_is_a_stack_of_rounded_vertebrae_widening_downwards() {
    let s = at(0.5);
    let (cx, _, _) = centre(&s);
    let v: Vec<(f32, f32, f32, f32, f32)> = geometry_of(&s, |p| p == Part::Spine)
        .iter()
        .filter_map(|c| match *c {
            Cmd::RoundRect { x, y, w, h, r } => Some((x, y, w, h, r)),
            _ => None,
        })
        .collect();
    assert_eq!(v.len(), 17);
    for (i, &(x, y, w, h, r)) in v.iter().enumerate() {
        assert!(
            w > 0.0 && h > 0.0 && r > 0.0 && r <= w.min(h) / 2.0,
            "{i}: {:?}",
            v[i]
        );
        assert!(
            (x + w / 2.0 - cx).abs() < 1e-3,
            "vertebra {i} centred on the axis"
        );
        if let Some(&(_, y2, w2, _, _)) = v.get(i + 1) {
            assert!(y2 > y + h, "vertebra {i} above the next, with a gap");
            assert!(w2 > w, "vertebra {i} narrower than the next");
        }
    }
    // One path, filled and outlined: two paint operations for the whole spine.
    let ops = geometry_of(&s, |p| p == Part::Spine)
        .iter()
        .filter(|c| matches!(c, Cmd::Fill { .. } | Cmd::Stroke { .. }))
        .count();
    assert_eq!(ops, 2);
}

#[test]
fn the_background_is_one_clear_command() {
    for (w, h) in [(600.0, 600.0), (320.0, 480.0)] {
        let s = frame(&input(w, h, 0.5));
        let bg = geometry_of(&s, |p| p == Part::Background);
        assert_eq!(bg, [Cmd::Clear { w, h }]);
        assert_eq!(s.cmds()[0], Cmd::Clear { w, h });
        // Nothing else paints the whole canvas.
        assert!(!s
            .cmds()
            .iter()
            .any(|c| matches!(c, Cmd::Rect { w: rw, h: rh, .. } if *rw >= w && *rh >= h)));
    }
}

mod memo {
    use super::*;
    use breathflow::overlay::WrapMemo;
    use proptest::prelude::*;

    /// More texts than the memo keeps, non-ASCII ones among them, and one with no space.
    const POOL: [&str; 6] = [
        "Rib mobilization",
        "Hands on the sides of the ribs, thumbs to the back; breathe into the hands.",
        "Inhale · nose",
        "Lie on your back — knees bent, feet flat — and let the belly soften first.",
        "Ujjayi: a soft ocean sound in the throat, on the way in and on the way out.",
        "Supercalifragilisticexpialidocious",
    ];

    proptest! {
        /// Whatever was asked before (evicted entries, the same text at other widths or line
        /// counts, more lines than it keeps), the memo answers exactly as `wrap` does.
        #[test]
        fn a_wrap_memo_answers_as_wrap_does(
            asks in proptest::collection::vec((0..POOL.len(), 0usize..40, 1usize..=WrapMemo::MAX_LINES + 1), 1..60)
        ) {
            let mut memo = WrapMemo::default();
            for (i, max_chars, lines) in asks {
                let mut want = vec![Line::default(); lines];
                let mut got = vec![Line::default(); lines];
                let n = wrap(POOL[i], max_chars, &mut want);
                prop_assert_eq!(memo.wrap(POOL[i], max_chars, &mut got), n);
                prop_assert_eq!(&got[..n], &want[..n]);
            }
        }
    }

    /// A scene reused frame after frame (as the widget does, keeping its wrapped texts) draws
    /// what a fresh scene draws, through changes of title, cue, phase word and size.
    #[test]
    fn a_reused_scene_draws_what_a_fresh_one_draws() {
        let mut reused = Scene::new();
        let sizes = [
            (600.0, 600.0),
            (320.0, 480.0),
            (900.0, 300.0),
            (600.0, 600.0),
        ];
        for (k, &(w, h)) in sizes.iter().enumerate() {
            for (j, cue) in [POOL[1], POOL[3], POOL[1]].into_iter().enumerate() {
                let inp = FrameInput {
                    width: w,
                    height: h,
                    expansion: (k * 3 + j) as f32 / 12.0,
                    zones: None,
                    reduced_motion: false,
                    overlay: Overlay {
                        phase_label: POOL[2 + (j % 2) * 3],
                        title: Some(POOL[j % 2]),
                        cue: Some(cue),
                        ..full()
                    },
                };
                build_frame(&inp, &mut reused);
                let fresh = frame(&inp);
                assert_eq!(
                    serde_json::to_value(&reused).unwrap(),
                    serde_json::to_value(&fresh).unwrap(),
                    "size {w}×{h}, cue {j}"
                );
            }
        }
    }
}

/// The progress ring moves in half-pixel steps, so frames of a hold repeat their picture.
mod ring_steps {
    use super::*;
    use breathflow::overlay::{ring_progress, RING_STEP_PX};
    use proptest::prelude::*;

    proptest! {
        /// The ring's progress moves in steps of at most `RING_STEP_PX` of arc, never more than
        /// half a step from the exact value, never backwards, and 0 and 1 stay exact.
        #[test]
        fn ring_progress_rounds_to_half_a_pixel_of_arc(
            p in 0.0f32..=1.0, dp in 0.0f32..0.01, r in 1.0f32..2000.0
        ) {
            let q = ring_progress(p, r);
            // f32 rounding adds at most ~1e-3 px of arc at r = 2000.
            prop_assert!((q - p).abs() * TAU * r <= RING_STEP_PX / 2.0 + 2e-3, "{p} → {q} at r {r}");
            prop_assert!(ring_progress((p + dp).min(1.0), r) >= q);
            prop_assert_eq!(ring_progress(0.0, r), 0.0);
            prop_assert_eq!(ring_progress(1.0, r), 1.0);
        }
    }

    #[test]
    fn frames_a_fraction_of_a_pixel_apart_on_the_ring_are_the_same() {
        let at = |p: f32| {
            frame(&FrameInput {
                overlay: Overlay {
                    progress: Some(p),
                    ..full()
                },
                ..input(480.0, 480.0, 1.0)
            })
        };
        // 16.7 ms apart in a 10-minute session: 1/36000 of the ring.
        assert_eq!(at(0.5).cmds(), at(0.5 + 0.25 / 36_000.0).cmds());
        assert_ne!(at(0.5).cmds(), at(0.51).cmds());
    }
}
