//! The word stream the web painter hands to `src/web/replay.js`: decoded here the way the replayer
//! runs it, it must make exactly the canvas calls of the table in `src/scene.rs` (setters whose
//! value the context already holds left out), draw every text with its own string however many
//! texts a frame has, and teach the replayer no string in a steady frame.

mod common;

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
        if w[i] == op::CLIP_CLEAR {
            let (x, y, cw, ch) = (w[i + 1], w[i + 2], w[i + 3], w[i + 4]);
            calls.push("save()".into());
            calls.push(format!("clipDevice({x},{y},{cw},{ch})"));
            calls.push("globalAlpha=1".into());
            calls.push("fillStyle=bg".into());
            calls.push(format!("clearRectDevice({x},{y},{cw},{ch}) fillRectDevice({x},{y},{cw},{ch}) lineCap=round lineJoin=round textBaseline=middle"));
            i += 5;
            continue;
        }
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

fn overlay() -> Overlay<'static> {
    common::full_overlay(
        "Hands on the sides of the ribs; breathe into them and feel them move apart.",
    )
}

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
        let scene = frame(e, overlay(), zones);
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
    enc.encode(&frame(0.2, overlay(), None), &mut ops);
    let first = set_strs(&ops);
    assert!(
        first >= 6,
        "fonts and texts are taught on the first frame ({first})"
    );
    enc.encode(&frame(0.3, overlay(), None), &mut ops);
    assert_eq!(set_strs(&ops), 0, "same texts, another pose");
    assert!(ops.strs.is_empty());
    let next = Overlay {
        seconds_left: Some(3),
        ..overlay()
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

/// The painter skips a frame that [`Damage::plan`] finds the same as the one on the canvas:
/// that must mean the very same canvas calls with the very same strings.
mod repeats {
    use super::*;
    use breathflow::damage::{Damage, Plan};
    use proptest::prelude::*;

    fn hold(seconds: u32, e: f32, label: &'static str) -> Scene {
        frame(
            e,
            Overlay {
                seconds_left: Some(seconds),
                phase_label: label,
                ..overlay()
            },
            None,
        )
    }

    fn plan(d: &mut Damage, s: &Scene) -> Plan {
        d.plan(s, 1.0, 480, 480)
    }

    #[test]
    fn a_steady_frame_is_not_drawn_again_and_a_visible_change_is() {
        let mut d = Damage::new();
        assert_eq!(plan(&mut d, &hold(6, 1.0, "Hold")), Plan::Full);
        assert_eq!(plan(&mut d, &hold(6, 1.0, "Hold")), Plan::Same);
        assert_ne!(plan(&mut d, &hold(5, 1.0, "Hold")), Plan::Same, "seconds");
        assert_ne!(
            plan(&mut d, &hold(5, 0.99, "Hold")),
            Plan::Same,
            "the breath"
        );
        assert_ne!(
            plan(&mut d, &hold(5, 0.99, "Rest")),
            Plan::Same,
            "the label"
        );
        assert_eq!(plan(&mut d, &hold(5, 0.99, "Rest")), Plan::Same);
    }

    const LABELS: [&str; 3] = ["Hold", "Rest", "Inhale · nose"];

    proptest! {
        /// Through any sequence of frames, a frame found the same as the one last drawn makes
        /// the very calls of that frame, strings included.
        #[test]
        fn a_frame_found_the_same_makes_the_calls_of_the_one_shown(
            frames in proptest::collection::vec((0u32..3, 0usize..3, 0u32..2), 2..40)
        ) {
            let mut d = Damage::new();
            let mut shown: Option<Vec<String>> = None;
            for (seconds, label, e) in frames {
                let scene = hold(seconds, e as f32, LABELS[label]);
                let calls = expected(&scene);
                if plan(&mut d, &scene) == Plan::Same {
                    prop_assert_eq!(shown.as_ref(), Some(&calls));
                } else {
                    shown = Some(calls);
                }
            }
        }
    }
}

mod partial {
    use super::*;
    use breathflow::damage::{Damage, Plan};

    /// The canvas state a call list leaves at each paint call: replays the setters (with
    /// `save`/`restore`) from a context whose every value is unknown ("?"), and returns, for
    /// each `fill()`, `stroke()` and `fillText`, the call with the state it ran with.
    fn painted(calls: &[String]) -> Vec<String> {
        let unknown = || ["?"; 6].map(String::from);
        // alpha, fill, stroke, width, font, align
        let mut st = unknown();
        let mut stack = Vec::new();
        let mut out = Vec::new();
        for c in calls {
            let set = |st: &mut [String; 6], k: usize, v: &str| st[k] = v.to_string();
            if c == "save()" {
                stack.push(st.clone());
            } else if c == "restore()" {
                st = stack.pop().expect("restore without save");
            } else if let Some(v) = c.strip_prefix("globalAlpha=") {
                set(&mut st, 0, v);
            } else if let Some(v) = c.strip_prefix("fillStyle=") {
                set(&mut st, 1, v);
            } else if let Some(v) = c.strip_prefix("strokeStyle=") {
                set(&mut st, 2, v);
            } else if let Some(v) = c.strip_prefix("lineWidth=") {
                set(&mut st, 3, v);
            } else if let Some(v) = c.strip_prefix("font=") {
                set(&mut st, 4, v);
            } else if let Some(v) = c.strip_prefix("textAlign=") {
                set(&mut st, 5, v);
            } else if c.starts_with("globalAlpha=1 fillStyle=bg clearRect") {
                // A whole frame's CLEAR.
                st = unknown();
                set(&mut st, 0, "1");
                set(&mut st, 1, "bg");
            } else if c == "fill()" {
                out.push(format!("fill alpha={} fill={}", st[0], st[1]));
            } else if c == "stroke()" {
                out.push(format!(
                    "stroke alpha={} stroke={} width={}",
                    st[0], st[2], st[3]
                ));
            } else if c.starts_with("fillText(") {
                out.push(format!(
                    "{c} alpha={} fill={} font={} align={}",
                    st[0], st[1], st[4], st[5]
                ));
            }
        }
        assert!(stack.is_empty(), "every save is restored");
        out
    }

    /// What each paint command of `cmds` must run with (the same strings as [`painted`]).
    fn wanted(scene: &Scene, cmds: &[Cmd]) -> Vec<String> {
        cmds.iter()
            .filter_map(|c| match *c {
                Cmd::Fill { paint } => Some(format!(
                    "fill alpha={} fill={}",
                    paint.alpha,
                    paint.role.as_str()
                )),
                Cmd::Stroke { paint, width } => Some(format!(
                    "stroke alpha={} stroke={} width={width}",
                    paint.alpha,
                    paint.role.as_str()
                )),
                Cmd::Text {
                    span,
                    x,
                    y,
                    size,
                    bold,
                    align,
                    paint,
                    max_width,
                } => Some(format!(
                    "fillText({:?},{x},{y},{max_width}) alpha={} fill={} font={} align={}",
                    scene.text(span),
                    paint.alpha,
                    paint.role.as_str(),
                    breathflow::canvas_ops::font(size, bold),
                    align.as_str()
                )),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_partial_frame_draws_the_units_in_its_rectangle_with_all_the_state_they_need() {
        let mut enc = Encoder::new();
        let mut ops = Ops::default();
        let mut slots = Vec::new();
        let mut damage = Damage::new();
        let mut partial = 0;
        // Breathing, a second changing and a new label, with and without zones, at two ratios.
        for (k, dpr) in (0..240).map(|k| (k, if k < 120 { 1.0 } else { 2.0 })) {
            let e = (k % 120) as f32 / 119.0;
            let overlay = Overlay {
                seconds_left: Some(4 - (k % 120) / 40),
                phase_label: if k % 120 < 90 {
                    "Inhale · nose"
                } else {
                    "Hold"
                },
                progress: Some(k as f32 / 2400.0),
                ..overlay()
            };
            let zones = (k >= 180).then_some([e, 0.5, 0.0]);
            let scene = frame(e, overlay, zones);
            match damage.plan(&scene, dpr, (480.0 * dpr) as u32, (480.0 * dpr) as u32) {
                Plan::Same => continue,
                Plan::Full => {
                    enc.encode(&scene, &mut ops);
                    let calls = run(&ops, &mut slots);
                    assert_eq!(painted(&calls), wanted(&scene, scene.cmds()), "frame {k}");
                }
                Plan::Partial(r) => {
                    partial += 1;
                    enc.encode_partial(&scene, damage.units(), r, &mut ops);
                    let calls = run(&ops, &mut slots);
                    assert_eq!(
                        calls[1],
                        format!("clipDevice({},{},{},{})", r.x, r.y, r.w, r.h)
                    );
                    assert_eq!(calls.last().map(String::as_str), Some("restore()"));
                    assert!(
                        !calls.iter().any(|c| c.contains("clearRect(")),
                        "no whole clear"
                    );
                    let mut cmds = Vec::new();
                    let mut skipped = 0;
                    for u in damage.units() {
                        if u.rect.meets(&r) {
                            cmds.extend_from_slice(&scene.cmds()[u.start as usize..u.end as usize]);
                        } else {
                            skipped += 1;
                        }
                    }
                    assert!(skipped > 0, "frame {k}: some units are left out");
                    assert_eq!(painted(&calls), wanted(&scene, &cmds), "frame {k}");
                }
            }
        }
        assert!(partial > 150, "{partial} partial frames");
    }
}
