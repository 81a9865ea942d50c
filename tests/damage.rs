//! Partial repaints: how a scene is cut into units, how far each unit can reach, and which
//! rectangle a new frame repaints. (That the pixels then equal a whole repaint is checked in the
//! browser: tests/web.rs, `partial_frames_leave_the_pixels_of_a_whole_repaint`.)

mod common;
use breathflow::damage::{units_into, Bounds, Damage, DeviceRect, Plan, Unit, AA_MARGIN};
use breathflow::frame_state::frame_input;
use breathflow::library;
use breathflow::player::Status;
use breathflow::ribcage::build_frame;
use breathflow::scene::{Align, Cmd, Paint, Role, Scene};
use breathflow::{Bound, Pacer, Session};

const HZ60: f64 = 1000.0 / 60.0;

fn frame(session: &Session, t_ms: f64, w: f32, h: f32, reduced: bool) -> Scene {
    let mut label = String::new();
    let sample = session.sample(t_ms);
    let status = if sample.done {
        Status::Done
    } else {
        Status::Running
    };
    let input = frame_input(session, &sample, status, w, h, reduced, &mut label);
    let mut scene = Scene::new();
    build_frame(&input, &mut scene);
    scene
}

fn sessions() -> Vec<(String, Session)> {
    let mut out = Vec::new();
    for id in library::flow_ids() {
        let mut f = library::flow(id).unwrap().clone();
        f.countdown = Some(3.0);
        out.push((id.to_string(), Session::from_flow(f, &[]).unwrap()));
    }
    for id in library::pattern_ids() {
        let p = library::pattern(id).unwrap().clone();
        out.push((
            id.to_string(),
            Session::from_pattern(Pacer::new(p, Bound::Breaths(4)).unwrap()),
        ));
    }
    out
}

/// Frames of every library flow and pattern: (name, scene), at a few sizes, with and without
/// reduced motion, at times spread over each session.
fn library_frames(mut f: impl FnMut(&str, &Scene, f32, f32)) {
    for (name, s) in sessions() {
        let total = s.total_ms().unwrap() as f64;
        for (w, h, reduced) in [
            (480.0, 480.0, false),
            (220.0, 340.0, true),
            (700.0, 300.0, false),
        ] {
            let mut t = 0.0;
            while t <= total + 500.0 {
                f(&name, &frame(&s, t, w, h, reduced), w, h);
                t += 777.0;
            }
        }
    }
}

fn units(scene: &Scene, dpr: f32, w: f32, h: f32) -> Vec<Unit> {
    let mut out = Vec::new();
    units_into(scene, dpr, (w * dpr) as u32, (h * dpr) as u32, &mut out);
    out
}

#[test]
fn units_cover_the_scene_in_order_and_each_draws_on_its_own() {
    let mut checked = 0;
    library_frames(|name, scene, w, h| {
        let cmds = scene.cmds();
        let us = units(scene, 1.0, w, h);
        assert_eq!(us.first().map(|u| u.start), Some(0), "{name}");
        assert_eq!(us.last().map(|u| u.end), Some(cmds.len() as u32), "{name}");
        for pair in us.windows(2) {
            assert_eq!(pair[0].end, pair[1].start, "{name}: units are contiguous");
        }
        for u in &us {
            let run = &cmds[u.start as usize..u.end as usize];
            // A unit is a clear, a text, a Save…Restore block or a path from its BeginPath:
            // nothing in it uses a path or state that an earlier unit made.
            match run[0] {
                Cmd::Clear { .. } => assert_eq!(run.len(), 1, "{name}: a clear alone"),
                Cmd::Text { .. } => assert_eq!(run.len(), 1, "{name}: a text alone"),
                Cmd::Save => {
                    assert_eq!(run.last(), Some(&Cmd::Restore), "{name}: a whole block");
                    let mut depth = 0i32;
                    for (i, c) in run.iter().enumerate() {
                        depth += match c {
                            Cmd::Save => 1,
                            Cmd::Restore => -1,
                            _ => 0,
                        };
                        assert!(depth > 0 || i == run.len() - 1, "{name}: one block");
                    }
                }
                Cmd::BeginPath => assert!(
                    run[1..].iter().all(|c| !matches!(
                        c,
                        Cmd::BeginPath
                            | Cmd::Save
                            | Cmd::Restore
                            | Cmd::Text { .. }
                            | Cmd::Clear { .. }
                    )),
                    "{name}: one path"
                ),
                other => panic!("{name}: a unit starts with {other:?}"),
            }
            checked += 1;
        }
    });
    assert!(checked > 50_000, "{checked} units");
}

/// Points along every path command of `run` (curves sampled, arcs over their sweep), with the
/// distance a stroke or antialiasing may reach past them.
fn reach(run: &[Cmd]) -> (Vec<(f32, f32)>, f32) {
    let mut pad = 0.0f32;
    let mut pts = common::curve_samples(run, 32);
    for c in run {
        match *c {
            Cmd::Arc {
                x,
                y,
                r,
                start,
                end,
                ccw,
            } => {
                // As the canvas draws it: clockwise from start to end (anticlockwise when
                // ccw), the whole circle for a sweep of a turn or more.
                let tau = std::f64::consts::TAU;
                let (s0, e0) = (start as f64, end as f64);
                let diff = if ccw { s0 - e0 } else { e0 - s0 };
                let sweep = if diff >= tau {
                    tau
                } else {
                    diff.rem_euclid(tau)
                };
                let dir = if ccw { -1.0 } else { 1.0 };
                for k in 0..=256 {
                    let a = s0 + dir * sweep * k as f64 / 256.0;
                    pts.push((x + r * a.cos() as f32, y + r * a.sin() as f32));
                }
            }
            Cmd::Ellipse {
                x,
                y,
                rx,
                ry,
                rotation,
                start,
                end,
                ..
            } => {
                for k in 0..=64 {
                    let a = start + (end - start) * k as f32 / 64.0;
                    let (px, py) = (rx * a.cos(), ry * a.sin());
                    pts.push((
                        x + px * rotation.cos() - py * rotation.sin(),
                        y + px * rotation.sin() + py * rotation.cos(),
                    ));
                }
            }
            Cmd::Rect { x, y, w, h } | Cmd::RoundRect { x, y, w, h, .. } => {
                pts.push((x, y));
                pts.push((x + w, y + h));
            }
            Cmd::Stroke { width, .. } => pad = pad.max(width / 2.0),
            _ => {}
        }
    }
    (pts, pad)
}

#[test]
fn a_unit_reaches_no_pixel_outside_its_rectangle() {
    let mut checked = 0u64;
    library_frames(|name, scene, w, h| {
        for dpr in [1.0f32, 1.5, 2.0] {
            let (bw, bh) = ((w * dpr) as u32, (h * dpr) as u32);
            for u in units(scene, dpr, w, h) {
                let run = &scene.cmds()[u.start as usize..u.end as usize];
                let (pts, pad) = reach(run);
                let r = u.rect;
                for (x, y) in pts {
                    // Every device pixel within `pad` + 1 px (antialiasing) of the point.
                    let reach = (pad + AA_MARGIN) * dpr;
                    let (x0, x1) = ((x * dpr - reach).floor(), (x * dpr + reach).ceil());
                    let (y0, y1) = ((y * dpr - reach).floor(), (y * dpr + reach).ceil());
                    assert!(
                        (x0.max(0.0) >= r.x as f32 || r.x == 0)
                            && (x1.min(bw as f32) <= (r.x + r.w) as f32)
                            && (y0.max(0.0) >= r.y as f32 || r.y == 0)
                            && (y1.min(bh as f32) <= (r.y + r.h) as f32),
                        "{name} at {w}×{h}, dpr {dpr}: ({x}, {y}) ± {pad} is outside {r:?} of {run:?}"
                    );
                    checked += 1;
                }
                // A text: its reserved width and a line of its size about its middle.
                if let [Cmd::Text {
                    x,
                    y,
                    size,
                    align,
                    max_width,
                    ..
                }] = *run
                {
                    let left = match align {
                        Align::Left => x,
                        Align::Center => x - max_width / 2.0,
                        Align::Right => x - max_width,
                    };
                    assert!(
                        (left * dpr).floor() >= r.x as f32 || r.x == 0,
                        "{name}: text's left"
                    );
                    // (Clamped to the backing store, as the rectangle is.)
                    assert!(((left + max_width) * dpr).ceil().min(bw as f32) <= (r.x + r.w) as f32);
                    assert!(((y - 1.4 * size) * dpr).floor() >= r.y as f32 || r.y == 0);
                    assert!(((y + 1.4 * size) * dpr).ceil().min(bh as f32) <= (r.y + r.h) as f32);
                }
            }
        }
    });
    assert!(checked > 1_000_000, "{checked} points");
}

/// The canvas and its pixel ratio for the plan tests.
const W: f32 = 480.0;
const H: f32 = 480.0;

fn plan(d: &mut Damage, scene: &Scene, dpr: f32) -> Plan {
    d.plan(scene, dpr, (W * dpr) as u32, (H * dpr) as u32)
}

fn contains(outer: &DeviceRect, inner: &DeviceRect) -> bool {
    inner.is_empty()
        || (outer.x <= inner.x
            && outer.y <= inner.y
            && inner.x + inner.w <= outer.x + outer.w
            && inner.y + inner.h <= outer.y + outer.h)
}

fn ribs() -> Session {
    let p = library::pattern("ribs").unwrap().clone();
    Session::from_pattern(Pacer::new(p, Bound::Seconds(3600.0)).unwrap())
}

#[test]
fn the_first_frame_is_whole_and_the_same_frame_again_is_not_drawn() {
    let s = ribs();
    let mut d = Damage::new();
    let a = frame(&s, 1_000.0, W, H, false);
    assert_eq!(
        plan(&mut d, &a, 1.0),
        Plan::Full,
        "nothing on the canvas yet"
    );
    assert_eq!(plan(&mut d, &a, 1.0), Plan::Same);
    // The same picture built again (other buffers, texts elsewhere in the arena).
    assert_eq!(
        plan(&mut d, &frame(&s, 1_000.0, W, H, false), 1.0),
        Plan::Same
    );
    d.invalidate();
    assert_eq!(plan(&mut d, &a, 1.0), Plan::Full, "after invalidate");
    assert_eq!(plan(&mut d, &a, 2.0), Plan::Full, "a new pixel ratio");
    assert_eq!(d.plan(&a, 2.0, 961, 960), Plan::Full, "a new backing store");
}

#[test]
fn a_breathing_frame_repaints_the_cage_and_ring_and_every_changed_unit() {
    for dpr in [1.0f32, 2.0] {
        let s = ribs();
        let mut d = Damage::new();
        let (mut partial, mut full) = (0, 0);
        let mut prev = frame(&s, 0.0, W, H, false);
        plan(&mut d, &prev, dpr);
        let mut prev_units = d.units().to_vec();
        for k in 1..600 {
            let t = k as f64 * HZ60;
            let next = frame(&s, t, W, H, false);
            let p = plan(&mut d, &next, dpr);
            let next_units = d.units().to_vec();
            if prev_units.len() != next_units.len() {
                // Strokes merged otherwise: no unit-by-unit comparison.
                assert_eq!(p, Plan::Full, "{t} ms");
                prev = next;
                prev_units = next_units;
                continue;
            }
            let changed: Vec<usize> = (0..next_units.len())
                .filter(|&i| {
                    let (a, b) = (&prev_units[i], &next_units[i]);
                    let ca = &prev.cmds()[a.start as usize..a.end as usize];
                    let cb = &next.cmds()[b.start as usize..b.end as usize];
                    ca.len() != cb.len()
                        || ca.iter().zip(cb).any(|(x, y)| match (x, y) {
                            (Cmd::Text { span: sa, .. }, Cmd::Text { span: sb, .. }) => {
                                prev.text(*sa) != next.text(*sb)
                            }
                            _ => x != y,
                        })
                })
                .collect();
            // The rectangle: every changed unit where it was and where it is.
            let dirty = changed.iter().fold(DeviceRect::default(), |r, &i| {
                r.union(prev_units[i].rect).union(next_units[i].rect)
            });
            let expect = if changed.is_empty() {
                Plan::Same
            } else if dirty.area() as f32 > 0.6 * W * H * dpr * dpr {
                Plan::Full
            } else {
                Plan::Partial(dirty)
            };
            assert_eq!(p, expect, "{t} ms: changed {changed:?}");
            match p {
                Plan::Partial(r) => {
                    partial += 1;
                    // Texts outside it are left alone.
                    let texts: Vec<&Unit> = next_units
                        .iter()
                        .filter(|u| matches!(next.cmds()[u.start as usize], Cmd::Text { .. }))
                        .collect();
                    assert!(
                        texts.iter().any(|u| !u.rect.meets(&r)),
                        "{t} ms: some text stays"
                    );
                }
                Plan::Full => full += 1,
                Plan::Same => {}
            }
            prev = next;
            prev_units = next_units;
        }
        assert!(
            partial > 500,
            "dpr {dpr}: {partial} partial frames of 599, {full} whole"
        );
    }
}

#[test]
fn a_new_text_is_repainted_where_it_was_and_where_it_is() {
    let mut a = Scene::new();
    let mut b = Scene::new();
    for (s, text, x) in [(&mut a, "3", 100.0), (&mut b, "2", 300.0)] {
        s.push(Cmd::Clear { w: W, h: H });
        let span = s.push_str("title");
        s.push(Cmd::Text {
            span,
            x: 240.0,
            y: 30.0,
            size: 20.0,
            bold: true,
            align: Align::Center,
            paint: Paint::new(Role::Text, 1.0),
            max_width: 400.0,
        });
        let span = s.push_str(text);
        s.push(Cmd::Text {
            span,
            x,
            y: 400.0,
            size: 20.0,
            bold: false,
            align: Align::Left,
            paint: Paint::new(Role::Text, 1.0),
            max_width: 30.0,
        });
    }
    let mut d = Damage::new();
    plan(&mut d, &a, 1.0);
    let old = d.units()[2].rect;
    let Plan::Partial(r) = plan(&mut d, &b, 1.0) else {
        panic!("partial")
    };
    let new = d.units()[2].rect;
    assert!(contains(&r, &old) && contains(&r, &new));
    assert!(!r.meets(&d.units()[1].rect), "the title is left alone");
    // Only the string differs: still drawn again.
    let mut c = Scene::new();
    c.push(Cmd::Clear { w: W, h: H });
    for (i, t) in ["title", "9"].iter().enumerate() {
        let span = c.push_str(t);
        let Cmd::Text {
            x,
            y,
            size,
            bold,
            align,
            paint,
            max_width,
            ..
        } = b.cmds()[i + 1]
        else {
            unreachable!()
        };
        c.push(Cmd::Text {
            span,
            x,
            y,
            size,
            bold,
            align,
            paint,
            max_width,
        });
    }
    assert_eq!(plan(&mut d, &c, 1.0), Plan::Partial(new));
}

#[test]
fn text_with_marks_that_may_stack_is_bounded_by_the_whole_canvas() {
    use breathflow::damage::flat_script;
    // Scripts whose ink the browser test measures inside the text box.
    for s in [
        "Mobilize the Ribs: 10 breaths, 4 s in",
        "Ça va — déjà vu’s “test” … ½ € → ≤ ×",
        "Tiếng Việt: Thở ra chậm",
        "Ελληνικά",
        "Русский язык",
        "日本語のテキスト、ゆっくり吐く",
        "한국어 호흡",
        "ＡＢＣ！",
    ] {
        assert!(flat_script(s), "{s}");
    }
    // Combining marks (stacked without limit in "Zalgo" text, or decomposed accents), Indic,
    // Thai, Tibetan and Arabic stacks, emoji, variation selectors, enclosing marks.
    for s in [
        "Z\u{334}\u{321}a\u{336}l\u{338}g\u{337}o",
        "e\u{301}",
        "Cyrillic \u{489}",
        "བོད་སྐད",
        "हिन्दी",
        "ภาษาไทย",
        "العربية",
        "Breathe 😀",
        "\u{2764}\u{FE0F}",
        "1\u{20DD}",
        "か\u{3099}",
    ] {
        assert!(!flat_script(s), "{s:?}");
    }

    // A frame: the clear, a flat title, a stacked cue, a ring arc.
    let scene = |cue: &str, ring: f32| {
        let mut s = Scene::new();
        s.push(Cmd::Clear { w: W, h: H });
        for (text, y) in [("Rib breathing", 30.0), (cue, 440.0)] {
            let span = s.push_str(text);
            s.push(Cmd::Text {
                span,
                x: 240.0,
                y,
                size: 16.0,
                bold: false,
                align: Align::Center,
                paint: Paint::new(Role::Text, 1.0),
                max_width: 300.0,
            });
        }
        s.push(Cmd::BeginPath);
        s.push(Cmd::Arc {
            x: 240.0,
            y: 240.0,
            r: 40.0,
            start: 0.0,
            end: ring,
            ccw: false,
        });
        s.push(Cmd::Stroke {
            paint: Paint::new(Role::Accent, 1.0),
            width: 4.0,
        });
        s
    };
    let zalgo = "In\u{300}\u{301}\u{302}\u{303}\u{304}\u{305}\u{306}\u{307} slowly";
    let mut d = Damage::new();
    assert_eq!(plan(&mut d, &scene(zalgo, 1.0), 1.0), Plan::Full);
    let whole = DeviceRect {
        x: 0,
        y: 0,
        w: W as u32,
        h: H as u32,
    };
    assert_eq!(d.units()[2].rect, whole, "the stacked cue");
    assert!(
        d.units()[1].rect.h < 60,
        "the flat title: {:?}",
        d.units()[1].rect
    );
    // The ring moves: a partial frame, which draws the cue again (clipped to the rectangle)
    // because its rectangle meets every other.
    let Plan::Partial(r) = plan(&mut d, &scene(zalgo, 1.5), 1.0) else {
        panic!("partial")
    };
    assert!(r.meets(&d.units()[2].rect) && !r.meets(&d.units()[1].rect));
    // The stacked cue changes: the whole canvas.
    assert_eq!(
        plan(&mut d, &scene("Out\u{316}\u{317}\u{318} slowly", 1.5), 1.0),
        Plan::Full
    );
}

#[test]
fn a_frame_unlike_the_last_is_repainted_whole() {
    let s = ribs();
    let mut d = Damage::new();
    plan(&mut d, &frame(&s, 1_000.0, W, H, false), 1.0);
    // Another picture altogether (dirga's zones: other units).
    let p = library::pattern("dirga").unwrap().clone();
    let dirga = Session::from_pattern(Pacer::new(p, Bound::Open).unwrap());
    assert_eq!(
        plan(&mut d, &frame(&dirga, 1_000.0, W, H, false), 1.0),
        Plan::Full
    );
    // A change over most of the canvas.
    let square = |x: f32, side: f32| {
        let mut s = Scene::new();
        s.push(Cmd::Clear { w: W, h: H });
        s.push(Cmd::BeginPath);
        s.push(Cmd::Rect {
            x,
            y: 10.0,
            w: side,
            h: side,
        });
        s.push(Cmd::Fill {
            paint: Paint::new(Role::Rib, 1.0),
        });
        s
    };
    plan(&mut d, &square(10.0, 100.0), 1.0);
    assert_eq!(
        plan(&mut d, &square(10.0, 400.0), 1.0),
        Plan::Full,
        "70 % of the canvas"
    );
    // Geometry that cannot be bounded.
    plan(&mut d, &square(10.0, 100.0), 1.0);
    assert_eq!(plan(&mut d, &square(f32::NAN, 4.0), 1.0), Plan::Full);
}

#[test]
fn device_rectangles_cover_whole_pixels_within_the_backing_store() {
    let b = Bounds {
        x0: 10.2,
        y0: -5.0,
        x1: 20.7,
        y1: 30.0,
    };
    assert_eq!(
        b.to_device(1.0, 100, 100),
        DeviceRect {
            x: 9,
            y: 0,
            w: 13,
            h: 31
        }
    );
    assert_eq!(
        b.to_device(2.0, 50, 50),
        DeviceRect {
            x: 19,
            y: 0,
            w: 24,
            h: 50
        }
    );
    assert!(Bounds::EMPTY.to_device(1.0, 100, 100).is_empty());
    assert_eq!(
        Bounds::ALL.to_device(1.5, 30, 40),
        DeviceRect {
            x: 0,
            y: 0,
            w: 30,
            h: 40
        }
    );
    let r = DeviceRect {
        x: 0,
        y: 0,
        w: 10,
        h: 10,
    };
    assert!(r.meets(&DeviceRect {
        x: 9,
        y: 9,
        w: 5,
        h: 5
    }));
    assert!(!r.meets(&DeviceRect {
        x: 10,
        y: 0,
        w: 5,
        h: 5
    }));
    assert!(!r.meets(&DeviceRect::default()));
    assert_eq!(r.union(DeviceRect::default()), r);
    assert_eq!(
        r.union(DeviceRect {
            x: 20,
            y: 5,
            w: 1,
            h: 1
        }),
        DeviceRect {
            x: 0,
            y: 0,
            w: 21,
            h: 10
        }
    );
}

#[cfg(not(target_arch = "wasm32"))]
mod arcs {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]
        /// Any arc, however its angles run (backwards, past a turn, anticlockwise), lies in its
        /// unit's rectangle.
        #[test]
        fn an_arc_lies_in_its_rectangle(
            x in 100.0f32..300.0, y in 100.0f32..300.0, r in 0.0f32..90.0,
            start in -20.0f32..20.0, len in -8.0f32..8.0, ccw: bool, width in 0.0f32..8.0,
            dpr in prop::sample::select(vec![1.0f32, 1.25, 2.0, 3.0]),
        ) {
            let end = start + len;
            let mut s = Scene::new();
            s.push(Cmd::BeginPath);
            s.push(Cmd::Arc { x, y, r, start, end, ccw });
            s.push(Cmd::Stroke { paint: Paint::new(Role::Accent, 1.0), width });
            let u = units(&s, dpr, 400.0, 400.0);
            let run = s.cmds();
            let (pts, pad) = reach(run);
            let rect = u[0].rect;
            for (px, py) in pts {
                let reach = (pad + AA_MARGIN) * dpr;
                prop_assert!((px * dpr - reach).floor() >= rect.x as f32, "({px}, {py}) left of {rect:?}");
                prop_assert!((px * dpr + reach).ceil() <= (rect.x + rect.w) as f32, "({px}, {py}) right of {rect:?}");
                prop_assert!((py * dpr - reach).floor() >= rect.y as f32, "({px}, {py}) above {rect:?}");
                prop_assert!((py * dpr + reach).ceil() <= (rect.y + rect.h) as f32, "({px}, {py}) below {rect:?}");
            }
        }
    }
}

#[test]
fn arcs_the_browser_may_draw_whole_are_bounded_whole() {
    let whole = |start: f32, end: f32, ccw: bool| {
        let mut s = Scene::new();
        s.push(Cmd::BeginPath);
        s.push(Cmd::Arc {
            x: 200.0,
            y: 200.0,
            r: 50.0,
            start,
            end,
            ccw,
        });
        s.push(Cmd::Fill {
            paint: Paint::new(Role::Rib, 1.0),
        });
        units(&s, 1.0, 400.0, 400.0)[0].rect
            == DeviceRect {
                x: 148,
                y: 148,
                w: 104,
                h: 104,
            }
    };
    let tau = std::f32::consts::TAU;
    assert!(
        whole(0.0, tau, false) && whole(tau, 0.0, true),
        "a whole turn"
    );
    assert!(whole(1.0, 1.0 + tau * 3.0, false), "more");
    // Just under a turn, either way round: the browser's f32 sums may make it a whole turn.
    assert!(whole(1.0, 1.0 + tau - 1e-5, false) && whole(1.0, 1.0 - 1e-5, false));
    assert!(whole(1.0, 1.0 - tau + 1e-5, true) && whole(1.0, 1.0 + 1e-5, true));
    // Backwards by just under a turn: a sweep of nearly nothing, or a whole turn in f32.
    assert!(whole(1.0, 1.0 - tau + 1e-5, false) && whole(1.0, 1.0 + tau - 1e-5, true));
    // Angles too large to place (and no endless loop over their quarter turns).
    assert!(whole(1e17, 1e17 + 1.0, false) && whole(-3e30, -3e30, true));
    assert!(whole(f32::NAN, 1.0, false) && whole(0.0, f32::INFINITY, false));
    // A quarter from the top: its ends and no more.
    assert!(!whole(-std::f32::consts::FRAC_PI_2, 0.0, false));
}
