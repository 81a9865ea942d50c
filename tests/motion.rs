//! "Still enough": a widget that draws a frame only once the figure would move by half a device
//! px (`still_enough_until` with `expansion_tolerance`) skips only frames that look the same to
//! within that: no drawn point moves by a device px or more, no opacity by an 8-bit level
//! or more, and the texts and the ring are exactly the same.

use breathflow::engine::schedule::{frame_draws, frames, Frames, Quiet};
use breathflow::frame_state::{frame_input, quiet, still_enough_until, still_until};
use breathflow::library;
use breathflow::player::Status;
use breathflow::ribcage::{
    build_frame, expansion_tolerance, FrameInput, Overlay, ALPHA_STEP, FIGURE_SPEED, LEVEL_SPEED,
    SHIFT_DEVICE_PX,
};
use breathflow::scene::{Cmd, Part, Scene};
use breathflow::{Bound, Pacer, Pattern, Session};

/// CSS px per figure unit by which `expansion_tolerance` scales the figure: the ring's radius
/// over the figure's extent (1.08).
fn scale(ring_r: f32) -> f32 {
    ring_r / 1.08
}

fn dist(a: (f32, f32), b: (f32, f32)) -> f32 {
    (a.0 - b.0).hypot(a.1 - b.1)
}

/// The commands of a frame that are not its figure or ring: background and texts (but the dirga
/// zones' labels, lit by the expansion), in order, with their parts.
fn words(s: &Scene) -> Vec<(Part, Vec<Cmd>)> {
    s.part_ranges()
        .filter(|(p, _)| {
            matches!(
                p,
                Part::Background
                    | Part::Title
                    | Part::Cue
                    | Part::Detail
                    | Part::Phase
                    | Part::Seconds
                    | Part::Count
                    | Part::Message
            )
        })
        .map(|(p, r)| (p, s.cmds()[r].to_vec()))
        .collect()
}

/// How far apart two frames are: the largest move of a drawn point (CSS px: path points, curve
/// controls, arc and ellipse centres plus their change of radius and of the arc's ends, rectangle
/// corners, half a stroke's change of width) and the largest change of a paint's opacity. `None`
/// when they differ otherwise: other commands, roles, texts, or anything in the ring's part.
fn shift(a: &Scene, b: &Scene) -> Option<(f32, f32)> {
    if a.cmds().len() != b.cmds().len() {
        return None;
    }
    let ring = |s: &Scene| {
        s.part_ranges()
            .filter(|(p, _)| *p == Part::Ring)
            .flat_map(|(_, r)| r)
            .collect::<Vec<_>>()
    };
    let ring_a = ring(a);
    if ring_a != ring(b) || ring_a.iter().any(|&i| a.cmds()[i] != b.cmds()[i]) {
        return None;
    }
    let (mut px, mut alpha) = (0f32, 0f32);
    for (ca, cb) in a.cmds().iter().zip(b.cmds()) {
        match (*ca, *cb) {
            (Cmd::MoveTo { x, y }, Cmd::MoveTo { x: x2, y: y2 })
            | (Cmd::LineTo { x, y }, Cmd::LineTo { x: x2, y: y2 }) => {
                px = px.max(dist((x, y), (x2, y2)))
            }
            (
                Cmd::QuadTo { cx, cy, x, y },
                Cmd::QuadTo {
                    cx: cx2,
                    cy: cy2,
                    x: x2,
                    y: y2,
                },
            ) => {
                px = px
                    .max(dist((cx, cy), (cx2, cy2)))
                    .max(dist((x, y), (x2, y2)))
            }
            (
                Cmd::BezierTo {
                    c1x,
                    c1y,
                    c2x,
                    c2y,
                    x,
                    y,
                },
                Cmd::BezierTo {
                    c1x: d1x,
                    c1y: d1y,
                    c2x: d2x,
                    c2y: d2y,
                    x: x2,
                    y: y2,
                },
            ) => {
                px = px
                    .max(dist((c1x, c1y), (d1x, d1y)))
                    .max(dist((c2x, c2y), (d2x, d2y)))
                    .max(dist((x, y), (x2, y2)))
            }
            (
                Cmd::Arc {
                    x,
                    y,
                    r,
                    start,
                    end,
                    ccw,
                },
                Cmd::Arc {
                    x: x2,
                    y: y2,
                    r: r2,
                    start: s2,
                    end: e2,
                    ccw: ccw2,
                },
            ) => {
                if ccw != ccw2 {
                    return None;
                }
                let turn = (start - s2).abs().max((end - e2).abs()) * r.max(r2);
                px = px.max(dist((x, y), (x2, y2)) + (r - r2).abs() + turn);
            }
            (
                Cmd::Ellipse {
                    x,
                    y,
                    rx,
                    ry,
                    rotation,
                    start,
                    end,
                    ccw,
                },
                Cmd::Ellipse {
                    x: x2,
                    y: y2,
                    rx: rx2,
                    ry: ry2,
                    rotation: rot2,
                    start: s2,
                    end: e2,
                    ccw: ccw2,
                },
            ) => {
                if ccw != ccw2 {
                    return None;
                }
                let big = rx.max(ry).max(rx2).max(ry2);
                let turn =
                    ((start - s2).abs().max((end - e2).abs()) + (rotation - rot2).abs()) * big;
                px = px.max(dist((x, y), (x2, y2)) + (rx - rx2).abs().max((ry - ry2).abs()) + turn);
            }
            (
                Cmd::Rect { x, y, w, h },
                Cmd::Rect {
                    x: x2,
                    y: y2,
                    w: w2,
                    h: h2,
                },
            ) => {
                px = px
                    .max(dist((x, y), (x2, y2)))
                    .max(dist((x + w, y + h), (x2 + w2, y2 + h2)))
            }
            (
                Cmd::RoundRect { x, y, w, h, r },
                Cmd::RoundRect {
                    x: x2,
                    y: y2,
                    w: w2,
                    h: h2,
                    r: r2,
                },
            ) => {
                px = px
                    .max(dist((x, y), (x2, y2)))
                    .max(dist((x + w, y + h), (x2 + w2, y2 + h2)))
                    .max((r - r2).abs())
            }
            (Cmd::Fill { paint }, Cmd::Fill { paint: p2 }) => {
                if paint.role != p2.role {
                    return None;
                }
                alpha = alpha.max((paint.alpha - p2.alpha).abs());
            }
            (
                Cmd::Stroke { paint, width },
                Cmd::Stroke {
                    paint: p2,
                    width: w2,
                },
            ) => {
                if paint.role != p2.role {
                    return None;
                }
                alpha = alpha.max((paint.alpha - p2.alpha).abs());
                px = px.max((width - w2).abs() / 2.0);
            }
            (Cmd::Text { span, .. }, Cmd::Text { span: s2, .. }) => {
                if ca != cb || a.text(span) != b.text(s2) {
                    return None;
                }
            }
            (ca, cb) => {
                if ca != cb {
                    return None;
                }
            }
        }
    }
    Some((px, alpha))
}

/// The frame at `t_ms` as the widget builds it, its ring radius and the expansion tolerance at
/// `dpr`.
fn frame(
    session: &Session,
    t_ms: f64,
    w: f32,
    h: f32,
    reduced: bool,
    dpr: f32,
) -> (Scene, f32, f32) {
    let mut label = String::new();
    let sample = session.sample(t_ms);
    let status = if sample.done {
        Status::Done
    } else {
        Status::Running
    };
    let input = frame_input(session, &sample, status, w, h, reduced, &mut label);
    let mut scene = Scene::new();
    let r = build_frame(&input, &mut scene);
    let tol = expansion_tolerance(&input, r, dpr);
    (scene, r, tol)
}

/// The figure alone at expansion `e`, on a `size` px square canvas.
fn figure(e: f32, size: f32, reduced: bool) -> (Scene, f32) {
    let input = FrameInput {
        width: size,
        height: size,
        expansion: e,
        zones: None,
        reduced_motion: reduced,
        overlay: Overlay {
            progress: Some(0.3),
            ..Overlay::default()
        },
    };
    let mut scene = Scene::new();
    let r = build_frame(&input, &mut scene);
    (scene, r)
}

#[test]
fn the_figure_moves_no_faster_than_its_speed_bound() {
    for reduced in [false, true] {
        let bound = if reduced { LEVEL_SPEED } else { FIGURE_SPEED };
        for size in [120.0, 320.0, 1000.0] {
            let n = 4000;
            let mut worst = 0f32;
            // From the first expansion above 0: with reduced motion, the level is drawn only then.
            let (mut last, r) = figure(1.0 / n as f32, size, reduced);
            for i in 2..=n {
                let e = i as f32 / n as f32;
                let (scene, _) = figure(e, size, reduced);
                let (px, _) = shift(&last, &scene).expect("same structure");
                worst = worst.max(px / scale(r) * n as f32);
                last = scene;
            }
            println!("reduced {reduced}, {size} px: {worst} figure units per unit expansion");
            assert!(
                worst > 0.1 * bound,
                "{worst}: the bound is not tight at all"
            );
            assert!(worst * 1.1 <= bound, "{worst} vs {bound}");
        }
    }
}

/// Whether the session's breathing draws the dirga zones.
fn has_zones(s: &Session) -> bool {
    let mut label = String::new();
    let sample = s.sample(1000.0);
    frame_input(s, &sample, Status::Running, 400.0, 400.0, false, &mut label)
        .zones
        .is_some()
}

fn pattern_session(id: &str, bound: Bound) -> Session {
    let p = library::pattern(id).unwrap().clone();
    Session::from_pattern(Pacer::new(p, bound).unwrap())
}

fn shorthand_session(shorthand: &str) -> Session {
    let p = Pattern::from_shorthand(shorthand, "pattern").unwrap();
    Session::from_pattern(Pacer::new(p, Bound::Open).unwrap())
}

fn flow_session(id: &str) -> Session {
    let mut f = library::flow(id).unwrap().clone();
    f.countdown = Some(3.0);
    Session::from_flow(f, &[]).unwrap()
}

/// Frames at 60 Hz from `from_ms` to `to_ms` on a `w` × `h` canvas at `dpr`, drawn only from
/// `still_enough_until` on; every frame not drawn must look like the one drawn last to within
/// a device px and an opacity step, with the same texts and ring. Returns (drawn, frames).
#[allow(clippy::too_many_arguments)]
fn walk(
    session: &Session,
    w: f32,
    h: f32,
    reduced: bool,
    dpr: f32,
    from_ms: f64,
    to_ms: f64,
) -> (u32, u32) {
    let mut shown: Option<(Scene, f64)> = None;
    let mut until = f64::NEG_INFINITY;
    // Before this, only the figure may differ from the frame drawn last (`quiet().changes_at`).
    let mut changes_at = f64::NEG_INFINITY;
    let (mut drawn, mut frames) = (0, 0);
    let mut k = 0u32;
    loop {
        let t = from_ms + f64::from(k) * 1000.0 / 60.0;
        if t > to_ms {
            break;
        }
        k += 1;
        frames += 1;
        let (scene, r, tol) = frame(session, t, w, h, reduced, dpr);
        if t < until {
            let (last, at) = shown.as_ref().unwrap();
            let Some((px, alpha)) = shift(last, &scene) else {
                let i = (0..scene.cmds().len().min(last.cmds().len()))
                    .find(|&i| scene.cmds()[i] != last.cmds()[i]);
                let d = i.map(|i| {
                    format!(
                        "{:?} / {:?} {:?}",
                        last.cmds()[i],
                        scene.cmds()[i],
                        scene.part_ranges().find(|(_, r)| r.contains(&i))
                    )
                });
                panic!("{d:?} {w}×{h} at DPR {dpr}, reduced {reduced}: the frame at {t} ms differs from the one drawn at {at} ms (until {until}) in more than its figure");
            };
            assert!(
                px * dpr < SHIFT_DEVICE_PX && alpha < ALPHA_STEP,
                "{w}×{h} at DPR {dpr}, reduced {reduced}: the figure at {t} ms moved {px} CSS px, opacity {alpha}, from the one drawn at {at} ms (until {until})"
            );
            continue;
        }
        if t < changes_at {
            let (last, at) = shown.as_ref().unwrap();
            assert!(
                words(last) == words(&scene),
                "{w}×{h} at DPR {dpr}, reduced {reduced}: the frame at {t} ms differs from the one drawn at {at} ms in more than its figure and ring, before changes_at {changes_at}"
            );
        }
        drawn += 1;
        let sample = session.sample(t);
        until = still_enough_until(session, &sample, t, sample.done, r, tol);
        let q = quiet(session, &sample, t, sample.done, r, tol);
        assert_eq!(q.moves_at, until);
        assert!(q.changes_at >= q.moves_at, "{q:?} at {t}");
        changes_at = q.changes_at;
        assert!(until >= t, "still_enough_until({t}) = {until}");
        assert!(
            until >= still_until(session, &sample, t, sample.done, r),
            "less still than exactly still at {t}"
        );
        shown = Some((scene, t));
    }
    (drawn, frames)
}

#[test]
fn skipped_frames_look_the_same_to_half_a_device_px_in_the_library_patterns() {
    for id in library::pattern_ids() {
        for bound in [Bound::Breaths(2), Bound::Open] {
            let s = pattern_session(id, bound);
            let to = s
                .total_ms()
                .map_or(40_000.0, |d| (d as f64).min(40_000.0) + 500.0);
            for reduced in [false, true] {
                for dpr in [1.0, 2.0] {
                    let (drawn, frames) = walk(&s, 400.0, 400.0, reduced, dpr, 0.0, to);
                    // Dirga's zones fill in steps: every frame of its breathing is drawn; the
                    // reduced-motion level crosses the torso, over 0.5 device px a frame
                    // mid-breath; a bounded session's ring grows a step (half a CSS px of arc)
                    // every few frames of a short session.
                    if !has_zones(&s) && !reduced && bound == Bound::Open {
                        assert!(drawn < frames / 3, "{id}: {drawn} of {frames}");
                    }
                }
            }
        }
    }
}

#[test]
fn skipped_frames_look_the_same_to_half_a_device_px_in_the_library_flows() {
    for id in library::flow_ids() {
        let s = flow_session(id);
        let total = s.total_ms().unwrap() as f64;
        for (w, h, from, to) in [
            (480.0, 480.0, 0.0, 40_000.0f64.min(total + 500.0)),
            (220.0, 340.0, total * 0.4, total * 0.4 + 30_000.0),
            (300.0, 300.0, total - 20_000.0, total + 500.0),
        ] {
            for reduced in [false, true] {
                for dpr in [1.0, 2.0, 3.0] {
                    walk(&s, w, h, reduced, dpr, from.max(0.0), to);
                }
            }
        }
    }
}

/// Frames taken and frames drawn per second over a minute of a pattern on a 320 CSS px canvas
/// (the element's default) at 60 Hz, as the widget's frame clock takes them: napping by
/// `schedule::frames` (no frame in flight), drawing by `schedule::frame_draws`. `exact`: with
/// `still_until`, the clock before "still enough".
fn rates(s: &Session, dpr: f32, exact: bool) -> (f64, f64) {
    let (mut taken, mut drawn) = (0u32, 0u32);
    let (mut until, mut drawn_ms, mut nap_end) =
        (Quiet::NONE, f64::NEG_INFINITY, f64::NEG_INFINITY);
    for k in 0..=3600u32 {
        let t = f64::from(k) * 1000.0 / 60.0;
        if t < nap_end {
            continue;
        }
        taken += 1;
        if frame_draws(t, drawn_ms, until.moves_at) {
            drawn += 1;
            drawn_ms = t;
            let (_, r, tol) = frame(s, t, 320.0, 320.0, false, dpr);
            let sample = s.sample(t);
            let tol = if exact { 0.0 } else { tol };
            until = quiet(s, &sample, t, sample.done, r, tol);
        }
        nap_end = match frames(true, true, until, t, false) {
            Frames::Nap { delay_ms } => t + delay_ms,
            _ => f64::NEG_INFINITY,
        };
    }
    (f64::from(taken) / 60.0, f64::from(drawn) / 60.0)
}

#[test]
fn a_4_4_breath_draws_a_fraction_of_the_frames() {
    let mut line = String::new();
    for (name, s) in [
        ("4-4", shorthand_session("4-4")),
        ("4-7-8", pattern_session("4-7-8", Bound::Open)),
    ] {
        let (taken_before, before) = rates(&s, 1.0, true);
        let (taken1, one) = rates(&s, 1.0, false);
        let (taken2, two) = rates(&s, 2.0, false);
        line += &format!(
            "{name}: before {before:.1} drawn/s ({taken_before:.1} taken); DPR 1 {one:.1} drawn/s ({taken1:.1} taken); DPR 2 {two:.1} drawn/s ({taken2:.1} taken)\n"
        );
        assert!(before <= taken_before && one <= taken1 && two <= taken2);
        // Frames not drawn are mostly napped through, not taken and skipped.
        assert!(
            taken1 <= 2.0 * one && taken2 <= 2.0 * two,
            "{name}: taken {taken1} {taken2} for drawn {one} {two}"
        );
        assert!(
            one < two && two < before / 2.0,
            "{name}: {one} {two} {before}"
        );
        if name == "4-4" {
            assert!(before > 55.0, "{before}");
        }
    }
    println!("frames per second at 320 CSS px, 60 Hz:\n{line}");
}

#[test]
fn near_until_is_when_the_expansion_has_moved_by_delta() {
    for id in library::pattern_ids() {
        let s = pattern_session(id, Bound::Open);
        for delta in [0.01, 0.05, 0.3] {
            for k in 0..400 {
                let t = f64::from(k) * 97.0;
                let e0 = s.sample(t).expansion;
                let until = s.near_until(t, delta);
                assert!(until >= t, "{id}: near_until({t}) = {until}");
                // Within delta before, and delta away there unless the phase ended first.
                for f in [0.25, 0.5, 0.9, 0.999] {
                    let u = t + (until - t) * f;
                    assert!(
                        (s.sample(u).expansion - e0).abs() <= delta + 1e-9,
                        "{id} {t} {u}"
                    );
                }
                let moved = (s.sample(until).expansion - e0).abs();
                let phase_end = s.pacer().unwrap().sample(until - 0.001).phase_remaining_ms < 0.01;
                assert!(
                    (moved - delta).abs() < 1e-6 || phase_end,
                    "{id}: at {until} moved {moved} of {delta} from {t}"
                );
            }
        }
    }
}
