//! The word stream the web painter hands to `src/web/replay.js`: decoded here the way the replayer
//! runs it, it must make exactly the canvas calls of the table in `src/scene.rs` (setters whose
//! value the context already holds left out), draw every text with its own string however many
//! texts a frame has, and teach the replayer no string in a steady frame.

use breathflow::canvas_ops::{op, Encoder, Ops, FIRST_TEXT_SLOT, SLOTS, TEXT_SLOTS};
use breathflow::ribcage::{build_frame, FrameInput, Overlay};
use breathflow::scene::{Align, Cmd, Paint, Role, Scene};

const COLOURS: [&str; 4] = ["bg", "rib", "accent", "text"];

/// Runs `ops` as replay.js does, recording each canvas call as text; `slots` persists between
/// frames like the replayer's.
fn run(ops: &Ops, slots: &mut Vec<String>) -> Vec<String> {
    run_counting(ops, slots).0
}

/// As [`run`], also counting the strings taught (`SET_STR` words).
fn run_counting(ops: &Ops, slots: &mut Vec<String>) -> (Vec<String>, usize) {
    if slots.is_empty() {
        *slots = vec![String::new(); SLOTS as usize];
        for (i, c) in COLOURS.iter().enumerate() {
            slots[i] = c.to_string();
        }
    }
    let w = &ops.words;
    let f = |i: usize| f32::from_bits(w[i]);
    let mut calls = Vec::new();
    let mut taught = 0;
    let mut i = 0;
    while i < w.len() {
        let (call, n) = match w[i] {
            op::CLEAR => (
                format!(
                    "globalAlpha=1 fillStyle=bg clearRect({},{}) fillRect({},{}) lineCap=round lineJoin=round textBaseline=middle",
                    f(i + 1), f(i + 2), f(i + 1), f(i + 2)
                ),
                3,
            ),
            op::SAVE => ("save()".into(), 1),
            op::RESTORE => ("restore()".into(), 1),
            op::BEGIN_PATH => ("beginPath()".into(), 1),
            op::MOVE_TO => (format!("moveTo({},{})", f(i + 1), f(i + 2)), 3),
            op::LINE_TO => (format!("lineTo({},{})", f(i + 1), f(i + 2)), 3),
            op::QUAD_TO => (
                format!("quadraticCurveTo({},{},{},{})", f(i + 1), f(i + 2), f(i + 3), f(i + 4)),
                5,
            ),
            op::BEZIER_TO => (
                format!(
                    "bezierCurveTo({},{},{},{},{},{})",
                    f(i + 1), f(i + 2), f(i + 3), f(i + 4), f(i + 5), f(i + 6)
                ),
                7,
            ),
            op::ARC => (
                format!(
                    "arc({},{},{},{},{},{})",
                    f(i + 1), f(i + 2), f(i + 3), f(i + 4), f(i + 5), w[i + 6] != 0
                ),
                7,
            ),
            op::ELLIPSE => (
                format!(
                    "ellipse({},{},{},{},{},{},{},{})",
                    f(i + 1), f(i + 2), f(i + 3), f(i + 4), f(i + 5), f(i + 6), f(i + 7), w[i + 8] != 0
                ),
                9,
            ),
            op::RECT => (format!("rect({},{},{},{})", f(i + 1), f(i + 2), f(i + 3), f(i + 4)), 5),
            op::ROUND_RECT => (
                format!("roundRect({},{},{},{},{})", f(i + 1), f(i + 2), f(i + 3), f(i + 4), f(i + 5)),
                6,
            ),
            op::CLOSE_PATH => ("closePath()".into(), 1),
            op::CLIP => ("clip()".into(), 1),
            op::FILL => ("fill()".into(), 1),
            op::STROKE => ("stroke()".into(), 1),
            op::FILL_TEXT => (
                format!("fillText({:?},{},{},{})", slots[w[i + 1] as usize], f(i + 2), f(i + 3), f(i + 4)),
                5,
            ),
            op::ALPHA => (format!("globalAlpha={}", f(i + 1)), 2),
            op::FILL_STYLE => (format!("fillStyle={}", slots[w[i + 1] as usize]), 2),
            op::STROKE_STYLE => (format!("strokeStyle={}", slots[w[i + 1] as usize]), 2),
            op::LINE_WIDTH => (format!("lineWidth={}", f(i + 1)), 2),
            op::FONT => (format!("font={}", slots[w[i + 1] as usize]), 2),
            op::TEXT_ALIGN => (format!("textAlign={}", ["left", "center", "right"][w[i + 1] as usize]), 2),
            op::SET_STR => {
                let (start, len) = (w[i + 2] as usize, w[i + 3] as usize);
                slots[w[i + 1] as usize] = ops.strs[start..start + len].to_string();
                taught += 1;
                i += 4;
                continue;
            }
            other => panic!("unknown opcode {other} at word {i}"),
        };
        calls.push(call);
        i += n;
    }
    (calls, taught)
}

/// The calls of the table in src/scene.rs for `scene`, with the elision bench/baseline.js does:
/// a setter is left out when the context holds the value (what it holds is forgotten at `clear`
/// and `restore`; the font also at the start of a frame it is not known to hold).
fn expected(scene: &Scene) -> Vec<String> {
    let mut calls = Vec::new();
    let (mut alpha, mut fill, mut stroke, mut width, mut align, mut font) =
        (None, None, None, None, None, None::<String>);
    let role = |r: Role| COLOURS[r as usize].to_string();
    for c in scene.cmds() {
        match *c {
            Cmd::Clear { w, h } => {
                calls.push(format!("globalAlpha=1 fillStyle=bg clearRect({w},{h}) fillRect({w},{h}) lineCap=round lineJoin=round textBaseline=middle"));
                (alpha, fill, stroke, width, align, font) =
                    (Some(1.0), Some(Role::Bg), None, None, None, None);
            }
            Cmd::Save => calls.push("save()".into()),
            Cmd::Restore => {
                calls.push("restore()".into());
                (alpha, fill, stroke, width, align, font) = (None, None, None, None, None, None);
            }
            Cmd::BeginPath => calls.push("beginPath()".into()),
            Cmd::MoveTo { x, y } => calls.push(format!("moveTo({x},{y})")),
            Cmd::LineTo { x, y } => calls.push(format!("lineTo({x},{y})")),
            Cmd::QuadTo { cx, cy, x, y } => {
                calls.push(format!("quadraticCurveTo({cx},{cy},{x},{y})"))
            }
            Cmd::BezierTo {
                c1x,
                c1y,
                c2x,
                c2y,
                x,
                y,
            } => calls.push(format!("bezierCurveTo({c1x},{c1y},{c2x},{c2y},{x},{y})")),
            Cmd::Arc {
                x,
                y,
                r,
                start,
                end,
                ccw,
            } => calls.push(format!("arc({x},{y},{},{start},{end},{ccw})", r.max(0.0))),
            Cmd::Ellipse {
                x,
                y,
                rx,
                ry,
                rotation,
                start,
                end,
                ccw,
            } => calls.push(format!(
                "ellipse({x},{y},{},{},{rotation},{start},{end},{ccw})",
                rx.max(0.0),
                ry.max(0.0)
            )),
            Cmd::Rect { x, y, w, h } => calls.push(format!("rect({x},{y},{w},{h})")),
            Cmd::RoundRect { x, y, w, h, r } => {
                calls.push(format!("roundRect({x},{y},{w},{h},{})", r.max(0.0)))
            }
            Cmd::ClosePath => calls.push("closePath()".into()),
            Cmd::Clip => calls.push("clip()".into()),
            Cmd::Fill { paint } => {
                set_paint(&mut calls, &mut alpha, &mut fill, "fillStyle", paint, &role);
                calls.push("fill()".into());
            }
            Cmd::Stroke { paint, width: wd } => {
                if alpha != Some(paint.alpha) {
                    calls.push(format!("globalAlpha={}", paint.alpha));
                    alpha = Some(paint.alpha);
                }
                if stroke != Some(paint.role) {
                    calls.push(format!("strokeStyle={}", role(paint.role)));
                    stroke = Some(paint.role);
                }
                if width != Some(wd) {
                    calls.push(format!("lineWidth={wd}"));
                    width = Some(wd);
                }
                calls.push("stroke()".into());
            }
            Cmd::Text {
                span,
                x,
                y,
                size,
                bold,
                align: al,
                paint,
                max_width,
            } => {
                let f = format!(
                    "{} {}px system-ui, sans-serif",
                    if bold { "600" } else { "400" },
                    size
                );
                if font.as_ref() != Some(&f) {
                    calls.push(format!("font={f}"));
                    font = Some(f);
                }
                set_paint(&mut calls, &mut alpha, &mut fill, "fillStyle", paint, &role);
                if align != Some(al) {
                    calls.push(format!("textAlign={}", al.as_str()));
                    align = Some(al);
                }
                calls.push(format!(
                    "fillText({:?},{x},{y},{max_width})",
                    scene.text(span)
                ));
            }
        }
    }
    calls
}

fn set_paint(
    calls: &mut Vec<String>,
    alpha: &mut Option<f32>,
    held: &mut Option<Role>,
    name: &str,
    paint: Paint,
    role: &dyn Fn(Role) -> String,
) {
    if *alpha != Some(paint.alpha) {
        calls.push(format!("globalAlpha={}", paint.alpha));
        *alpha = Some(paint.alpha);
    }
    if *held != Some(paint.role) {
        calls.push(format!("{name}={}", role(paint.role)));
        *held = Some(paint.role);
    }
}

/// Strings a frame teaches the replayer.
fn set_strs(ops: &Ops) -> usize {
    run_counting(ops, &mut Vec::new()).1
}

const OVERLAY: Overlay<'static> = Overlay {
    phase_label: "Inhale · nose",
    seconds_left: Some(4),
    breath_count: Some((3, Some(10))),
    progress: Some(0.25),
    title: Some("Rib mobilization"),
    cue: Some("Hands on the sides of the ribs; breathe into them and feel them move apart."),
    message: None,
};

fn frame(e: f32, overlay: Overlay, zones: Option<[f32; 3]>) -> Scene {
    let mut s = Scene::new();
    let input = FrameInput {
        width: 480.0,
        height: 480.0,
        expansion: e,
        zones,
        reduced_motion: false,
        overlay,
    };
    build_frame(&input, &mut s);
    s
}

#[test]
fn rib_cage_frames_make_the_calls_of_the_scene_table() {
    let mut enc = Encoder::new();
    let mut ops = Ops::default();
    let mut slots = Vec::new();
    for (i, e) in [0.0, 0.37, 1.0, 0.5].into_iter().enumerate() {
        let zones = (i % 2 == 1).then_some([1.0, 0.5, 0.0]);
        let scene = frame(e, OVERLAY, zones);
        enc.encode(&scene, &mut ops);
        let calls = run(&ops, &mut slots);
        assert!(calls.len() > 100);
        assert_eq!(calls, expected(&scene), "frame {i} (expansion {e})");
    }
}

#[test]
fn a_steady_frame_teaches_no_string_and_a_changed_one_only_what_changed() {
    let mut enc = Encoder::new();
    let mut ops = Ops::default();
    enc.encode(&frame(0.2, OVERLAY, None), &mut ops);
    let first = set_strs(&ops);
    assert!(
        first >= 6,
        "fonts and texts are taught on the first frame ({first})"
    );
    enc.encode(&frame(0.3, OVERLAY, None), &mut ops);
    assert_eq!(set_strs(&ops), 0, "same texts, another pose");
    assert!(ops.strs.is_empty());
    let next = Overlay {
        seconds_left: Some(3),
        ..OVERLAY
    };
    enc.encode(&frame(0.4, next, None), &mut ops);
    assert_eq!(set_strs(&ops), 1, "only \"3 s\" is new");
    assert_eq!(ops.strs, "3 s");
}

#[test]
fn more_texts_than_slots_in_one_frame_each_draw_their_own_string() {
    let mut scene = Scene::new();
    scene.push(Cmd::Clear { w: 100.0, h: 100.0 });
    let n = TEXT_SLOTS as usize * 2 + 5;
    for i in 0..n {
        let span = scene.push_str(&format!("text {i}"));
        scene.push(Cmd::Text {
            span,
            x: i as f32,
            y: 0.0,
            size: 10.0 + (i % 11) as f32, // more fonts than font slots too
            bold: i % 2 == 0,
            align: [Align::Left, Align::Center, Align::Right][i % 3],
            paint: Paint::new(Role::Text, 1.0),
            max_width: 50.0,
        });
    }
    let mut enc = Encoder::new();
    let mut ops = Ops::default();
    let mut slots = Vec::new();
    for _ in 0..3 {
        enc.encode(&scene, &mut ops);
        assert_eq!(run(&ops, &mut slots), expected(&scene));
    }
    assert_eq!(
        FIRST_TEXT_SLOT + TEXT_SLOTS,
        SLOTS,
        "texts use the last slots"
    );
}

#[test]
fn radii_are_never_negative_nor_nan() {
    let mut scene = Scene::new();
    scene.push(Cmd::Arc {
        x: 1.0,
        y: 2.0,
        r: -3.0,
        start: 0.0,
        end: 1.0,
        ccw: true,
    });
    scene.push(Cmd::Ellipse {
        x: 1.0,
        y: 2.0,
        rx: f32::NAN,
        ry: -1.0,
        rotation: 0.0,
        start: 0.0,
        end: 1.0,
        ccw: false,
    });
    scene.push(Cmd::RoundRect {
        x: 0.0,
        y: 0.0,
        w: 4.0,
        h: 4.0,
        r: -0.5,
    });
    let mut ops = Ops::default();
    Encoder::new().encode(&scene, &mut ops);
    let calls = run(&ops, &mut Vec::new());
    assert_eq!(
        calls,
        [
            "arc(1,2,0,0,1,true)",
            "ellipse(1,2,0,0,0,0,1,false)",
            "roundRect(0,0,4,4,0)"
        ]
    );
}

#[test]
fn a_font_slot_taught_again_while_the_context_holds_it_is_set_again() {
    // Fonts 10..=17 px fill the eight font slots; 10 px (slot 0) is used again, so the context
    // holds slot 0 when 18 px replaces the oldest font, which is slot 0's.
    let mut scene = Scene::new();
    scene.push(Cmd::Clear { w: 100.0, h: 100.0 });
    for size in [10, 11, 12, 13, 14, 15, 16, 17, 10, 18] {
        let span = scene.push_str("x");
        scene.push(Cmd::Text {
            span,
            x: 0.0,
            y: 0.0,
            size: size as f32,
            bold: false,
            align: Align::Left,
            paint: Paint::new(Role::Text, 1.0),
            max_width: 50.0,
        });
    }
    let mut ops = Ops::default();
    Encoder::new().encode(&scene, &mut ops);
    let calls = run(&ops, &mut Vec::new());
    assert_eq!(calls, expected(&scene));
    assert!(calls.contains(&"font=400 18px system-ui, sans-serif".to_string()));
}

#[test]
fn texts_that_change_places_between_frames_are_found_where_they_are() {
    // Each frame draws some of these texts in another order (rotated, reversed, one dropped or
    // new): the slot a text had at its place in the last frame is only a first guess.
    let pool: Vec<String> = (0..12).map(|i| format!("label {i}")).collect();
    let mut enc = Encoder::new();
    let mut ops = Ops::default();
    let mut slots = Vec::new();
    for k in 0..40usize {
        let mut order: Vec<&str> = (0..6)
            .map(|j| pool[(j + k / 3) % pool.len()].as_str())
            .collect();
        order.rotate_left(k % 6);
        if k % 4 == 1 {
            order.reverse();
        }
        if k % 5 == 2 {
            order.remove(k % order.len());
        }
        let mut scene = Scene::new();
        scene.push(Cmd::Clear { w: 100.0, h: 100.0 });
        for (j, t) in order.iter().enumerate() {
            let span = scene.push_str(t);
            scene.push(Cmd::Text {
                span,
                x: j as f32,
                y: 0.0,
                size: 12.0,
                bold: false,
                align: Align::Left,
                paint: Paint::new(Role::Text, 1.0),
                max_width: 50.0,
            });
        }
        enc.encode(&scene, &mut ops);
        assert_eq!(run(&ops, &mut slots), expected(&scene), "frame {k}");
        // Drawn again as it is, the frame teaches nothing.
        enc.encode(&scene, &mut ops);
        assert_eq!(set_strs(&ops), 0, "frame {k} repeated");
        assert_eq!(
            run(&ops, &mut slots),
            expected(&scene),
            "frame {k} repeated"
        );
    }
}

/// The painter skips a frame whose ops are `same_as` those on the canvas: that must mean the
/// very same canvas calls with the very same strings, and a steady frame must get there.
mod repeats {
    use super::*;
    use proptest::prelude::*;

    fn hold(seconds: u32, e: f32, label: &'static str) -> Scene {
        frame(
            e,
            Overlay {
                seconds_left: Some(seconds),
                phase_label: label,
                ..OVERLAY
            },
            None,
        )
    }

    #[test]
    fn a_steady_frame_repeats_its_ops_and_a_visible_change_does_not() {
        let mut enc = Encoder::new();
        let mut encoded = |s: &Scene| {
            let mut ops = Ops::default();
            enc.encode(s, &mut ops);
            ops
        };
        let first = encoded(&hold(6, 1.0, "Hold"));
        let second = encoded(&hold(6, 1.0, "Hold"));
        let third = encoded(&hold(6, 1.0, "Hold"));
        assert!(
            !second.same_as(&first),
            "the first frame teaches its strings"
        );
        assert!(
            third.same_as(&second),
            "from then on a steady frame repeats"
        );
        assert!(!encoded(&hold(5, 1.0, "Hold")).same_as(&third), "seconds");
        encoded(&hold(5, 1.0, "Hold"));
        let b = encoded(&hold(5, 1.0, "Hold"));
        assert!(!encoded(&hold(5, 0.99, "Hold")).same_as(&b), "the breath");
    }

    #[test]
    fn a_frame_that_teaches_a_string_is_never_the_same() {
        // The same words and strings: the second frame would set the slot again, which is
        // harmless, but a frame that sets slots is always drawn (a slot it reads before setting
        // may hold another string by then).
        let a = Ops {
            words: vec![op::SET_STR, 12, 0, 4, op::FILL_TEXT, 12, 0, 0, 0],
            strs: "Hold".into(),
        };
        let b = Ops {
            words: a.words.clone(),
            strs: a.strs.clone(),
        };
        assert!(!b.same_as(&a));
        let steady = Ops {
            words: vec![op::FILL_TEXT, 12, 0, 0, 0],
            strs: String::new(),
        };
        assert!(steady.same_as(&Ops {
            words: steady.words.clone(),
            strs: String::new()
        }));
        assert!(!steady.same_as(&a));
    }

    const LABELS: [&str; 3] = ["Hold", "Rest", "Inhale · nose"];

    proptest! {
        /// Through any sequence of frames, replayed as the painter does (a frame `same_as` the
        /// one last replayed is skipped), the canvas always shows the calls of the latest
        /// frame's scene, with its strings.
        #[test]
        fn skipping_same_ops_always_leaves_the_latest_frame_on_the_canvas(
            frames in proptest::collection::vec((0u32..3, 0usize..3, 0u32..2), 2..40)
        ) {
            let mut enc = Encoder::new();
            let mut slots = Vec::new();
            let mut shown: Option<(Ops, Vec<String>)> = None;
            for (seconds, label, e) in frames {
                let scene = hold(seconds, e as f32, LABELS[label]);
                let mut ops = Ops::default();
                enc.encode(&scene, &mut ops);
                match &shown {
                    Some((last, _)) if ops.same_as(last) => {}
                    _ => {
                        let calls = run(&ops, &mut slots);
                        shown = Some((ops, calls));
                    }
                }
                prop_assert_eq!(&shown.as_ref().unwrap().1, &expected(&scene));
            }
        }
    }
}
