//! What the canvas says on its own (issue 17): the side of a two-sided pose and the spot of a
//! pressure hold, a safety cue never cut, an invitation rather than a countdown before the start,
//! and `state().step.cueFits` true exactly when the canvas shows the whole cue.

use breathflow::draw::wrap::wrap_whole;
use breathflow::flow::{Side, STOP_ON_PAIN_CUE};
use breathflow::frame_state::{self, frame_input, IDLE_LABEL};
use breathflow::library;
use breathflow::overlay::{wrap, Line, WrapMemo, ELLIPSIS};
use breathflow::player::{Player, Status};
use breathflow::ribcage::build_frame;
use breathflow::safety::{is_safety_cue, Condition, SOFT_TWIST_CUE, SURGERY_CAUTION_CUE};
use breathflow::scene::{Part, Scene};
use breathflow::session::{Event, Session};
use breathflow::{Bound, GapPolicy, Pacer};
use proptest::prelude::*;

/// Square canvases from the smallest embed up, a tall one, and wide ones (side by side).
const SIZES: [(f32, f32); 9] = [
    (120.0, 120.0),
    (160.0, 160.0),
    (200.0, 200.0),
    (320.0, 320.0),
    (480.0, 480.0),
    (240.0, 420.0),
    (640.0, 260.0),
    (900.0, 300.0),
    (420.0, 120.0),
];

/// The frame the widget draws for `player` at its present time.
fn frame(player: &Player, w: f32, h: f32) -> Scene {
    let session = player.session();
    let sample = session.sample(player.now_ms());
    let mut label = String::new();
    let input = frame_input(session, &sample, player.status(), w, h, false, &mut label);
    let mut scene = Scene::new();
    build_frame(&input, &mut scene);
    scene
}

/// `s` with its whitespace runs made single spaces.
fn words(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn texts(scene: &Scene, part: Part) -> Vec<String> {
    scene.texts_of(part).map(str::to_string).collect()
}

/// A player started at 0, and the session ms of the start of each step part.
fn started(flow: &str, conditions: &[Condition]) -> (Player, Vec<(u64, Side, Option<u32>)>) {
    let f = library::flow(flow).unwrap().clone();
    let s = Session::from_flow(f, conditions).unwrap();
    let total = s.total_ms().unwrap() as f64;
    let parts = s
        .events(-1.0, total + 1.0)
        .into_iter()
        .filter_map(|e| match e {
            Event::Step {
                at_ms, side, spot, ..
            } => Some((at_ms, side, spot)),
            _ => None,
        })
        .collect();
    let mut player = Player::new(s, GapPolicy::Pause);
    player.start(0.0, &mut Vec::new());
    (player, parts)
}

#[test]
fn safety_cues_are_never_cut_and_cue_fits_says_whether_all_of_the_cue_shows() {
    let (mut safety, mut partial, mut cut, mut whole) = (0, 0, 0, 0);
    for conditions in [&[][..], &[Condition::RecentSurgery][..]] {
        for id in library::flow_ids() {
            let (mut player, parts) = started(id, conditions);
            for (at, ..) in parts {
                player.tick(at as f64 + 1.0, &mut Vec::new());
                for (w, h) in SIZES {
                    let scene = frame(&player, w, h);
                    let state = frame_state::state(&player, player.now_ms(), w, h);
                    let step = state.step.expect("a step part");
                    let Some(cue) = step.cue else {
                        assert!(!step.cue_fits, "{id} at {at}: no cue, yet cueFits");
                        continue;
                    };
                    let lines = texts(&scene, Part::Cue);
                    let drawn = words(&lines.join(" "));
                    let at = format!("{id} {conditions:?} at {at} ms, {w}×{h}: {lines:?}");
                    assert_eq!(step.cue_fits, drawn == words(cue), "{at}");
                    if step.cue_fits {
                        whole += 1;
                    }
                    if !is_safety_cue(cue) {
                        cut += lines.iter().any(|l| l.ends_with(ELLIPSIS)) as u32;
                        continue;
                    }
                    safety += 1;
                    assert!(lines.iter().all(|l| !l.contains(ELLIPSIS)), "{at}");
                    if drawn.is_empty() || drawn == words(cue) {
                        continue;
                    }
                    // Whole sentences from the start: the cue goes on after a sentence's end.
                    partial += 1;
                    let full = words(cue);
                    assert!(full.starts_with(&drawn), "{at}");
                    assert!(drawn.ends_with(['.', '!', '?']), "{at}");
                    assert!(full[drawn.len()..].starts_with(' '), "{at}");
                }
            }
        }
    }
    // Every path was taken: safety cues in full, in part and not at all; other cues cut.
    assert!(safety > 50 && partial > 10 && cut > 10 && whole > 50);
}

#[test]
fn a_pressure_hold_shows_stop_if_it_hurts_rather_than_a_cut_rule() {
    let (mut player, parts) = started("pressure-point-release", &[]);
    let (at, ..) = parts.iter().find(|p| p.2 == Some(1)).unwrap();
    player.tick(*at as f64 + 1.0, &mut Vec::new());
    let cue_at = |w: f32| words(&texts(&frame(&player, w, w), Part::Cue).join(" "));
    // 320 px: two lines hold the first two sentences (they used to end in "If you feel…").
    assert_eq!(
        cue_at(320.0),
        "Stop if it hurts. A strong, satisfying pressure is fine; pain is not."
    );
    assert_eq!(cue_at(200.0), "Stop if it hurts.");
    // 120 px: the spot takes the one line there is.
    assert_eq!(cue_at(120.0), "");
    // Wide enough for three lines beside the figure: all of it.
    let wide = texts(&frame(&player, 1200.0, 400.0), Part::Cue).join(" ");
    assert_eq!(words(&wide), words(STOP_ON_PAIN_CUE));
    let state = frame_state::state(&player, player.now_ms(), 1200.0, 400.0);
    assert!(state.step.unwrap().cue_fits);
    for w in [120.0, 200.0, 320.0] {
        let state = frame_state::state(&player, player.now_ms(), w, w);
        let step = state.step.unwrap();
        assert_eq!(step.cue, Some(STOP_ON_PAIN_CUE));
        assert!(!step.cue_fits, "{w} px");
    }
}

#[test]
fn a_two_sided_pose_shows_its_side_and_a_pressure_hold_its_spot() {
    let mut sides = 0;
    let (mut player, parts) = started("back-strengthening", &[]);
    for (at, side, _) in parts {
        player.tick(at as f64 + 1.0, &mut Vec::new());
        let want = match side {
            Side::Left => vec!["Left side".to_string()],
            Side::Right => vec!["Right side".to_string()],
            Side::None => vec![],
        };
        sides += want.len();
        for (w, h) in SIZES {
            assert_eq!(
                texts(&frame(&player, w, h), Part::Detail),
                want,
                "{at} {w}×{h}"
            );
        }
        let step = frame_state::state(&player, player.now_ms(), 320.0, 320.0)
            .step
            .unwrap();
        assert_eq!((step.side, step.spot, step.spots), (side, None, None));
    }
    assert_eq!(sides, 4, "two poses, two sides each");

    let (mut player, parts) = started("pressure-point-release", &[]);
    let mut spots = vec![];
    for (at, _, spot) in parts {
        player.tick(at as f64 + 1.0, &mut Vec::new());
        let step = frame_state::state(&player, player.now_ms(), 320.0, 320.0)
            .step
            .unwrap();
        assert_eq!(step.spot, spot);
        let want = match (step.spot, step.spots) {
            (Some(n), Some(of)) => vec![format!("Spot {n} of {of}")],
            (None, None) => vec![],
            other => panic!("spot and spots go together: {other:?}"),
        };
        for (w, h) in SIZES {
            assert_eq!(
                texts(&frame(&player, w, h), Part::Detail),
                want,
                "{at} {w}×{h}"
            );
        }
        if let (Some(n), Some(of)) = (step.spot, step.spots) {
            spots.push((n, of));
        }
    }
    assert_eq!(spots, [(1, 3), (2, 3), (3, 3), (1, 2), (2, 2)]);
}

#[test]
fn before_the_start_the_canvas_invites_a_start_and_counts_nothing_down() {
    let mut f = library::flow("mobilize-ribs").unwrap().clone();
    f.countdown = Some(3.0);
    let flow = Session::from_flow(f, &[]).unwrap();
    let pattern = Session::from_pattern(
        Pacer::new(library::pattern("box").unwrap().clone(), Bound::Breaths(4)).unwrap(),
    );
    for session in [flow, pattern] {
        let mut player = Player::new(session, GapPolicy::Pause);
        assert_eq!(player.status(), Status::Idle);
        for (w, h) in SIZES {
            let scene = frame(&player, w, h);
            assert_eq!(texts(&scene, Part::Phase), [IDLE_LABEL], "{w}×{h}");
            assert!(texts(&scene, Part::Seconds).is_empty(), "{w}×{h}");
        }
        player.start(0.0, &mut Vec::new());
        player.tick(1000.0, &mut Vec::new());
        let scene = frame(&player, 320.0, 320.0);
        assert_ne!(texts(&scene, Part::Phase), [IDLE_LABEL]);
        assert_eq!(texts(&scene, Part::Seconds).len(), 1);
    }
}

#[test]
fn wrap_whole_keeps_whole_sentences_or_nothing() {
    let mut out = [Line::default(); 2];
    let text = "Stop now. Then rest a while. Breathe.";
    let shown = |out: &[Line], n: usize| -> Vec<String> {
        out[..n]
            .iter()
            .map(|l| text[l.start..l.end].to_string())
            .collect()
    };
    // Everything fits: the same as wrap.
    let n = wrap_whole(text, 40, &mut out);
    assert_eq!(shown(&out, n), [text]);
    // Two lines of 12: "Stop now." and "Then rest a" would need a cut; the first sentence stays.
    let n = wrap_whole(text, 12, &mut out);
    assert_eq!(shown(&out, n), ["Stop now."]);
    // Two lines of 16: the first two sentences.
    let n = wrap_whole(text, 16, &mut out);
    assert_eq!(shown(&out, n), ["Stop now. Then", "rest a while."]);
    // Not even the first sentence: nothing, where wrap cuts.
    assert_eq!(wrap_whole(text, 5, &mut out[..1]), 0);
    assert_eq!(wrap(text, 5, &mut out[..1]), 1);
    assert_eq!(wrap_whole(SOFT_TWIST_CUE, 30, &mut out), 0);
    assert!(wrap_whole(SURGERY_CAUTION_CUE, 30, &mut out) > 0);
}

#[test]
fn the_memo_keeps_wrap_and_wrap_whole_apart() {
    let mut memo = WrapMemo::default();
    let (mut a, mut b) = ([Line::default(); 2], [Line::default(); 2]);
    for _ in 0..2 {
        let n = memo.wrap(STOP_ON_PAIN_CUE, 30, &mut a);
        assert_eq!((n, a[1].ellipsis), (2, true));
        let n = memo.wrap_whole(STOP_ON_PAIN_CUE, 30, &mut b);
        assert_eq!(n, 1);
        assert!(!b[0].ellipsis);
        assert_eq!(&STOP_ON_PAIN_CUE[b[0].start..b[0].end], "Stop if it hurts.");
    }
}

proptest! {
    /// Never an ellipsis, and what shows is the text up to a sentence's end (or all of it).
    #[test]
    fn wrap_whole_never_cuts_a_sentence(
        sentences in prop::collection::vec("[a-z]{1,9}( [a-z]{1,9}){0,5}[.!?]", 1..5),
        max in 10usize..40,
        lines in 1usize..4,
    ) {
        let text = sentences.join(" ");
        let mut out = [Line::default(); 3];
        let n = wrap_whole(&text, max, &mut out[..lines]);
        let shown = words(
            &out[..n].iter().map(|l| &text[l.start..l.end]).collect::<Vec<_>>().join(" "),
        );
        prop_assert!(out[..n].iter().all(|l| !l.ellipsis));
        let full = words(&text);
        prop_assert!(full.starts_with(&shown));
        prop_assert!(shown.is_empty() || shown == full || full[shown.len()..].starts_with(' '));
        prop_assert!(shown.is_empty() || shown.ends_with(['.', '!', '?']));
    }
}
