//! What a frame shows and until when it stays the same: a widget that sleeps until
//! `still_until` never misses a change of the picture, and sleeps through holds, poses and rests.

use breathflow::frame_state::{frame_input, still_until};
use breathflow::library;
use breathflow::player::Status;
use breathflow::ribcage::build_frame;
use breathflow::scene::{Cmd, Scene};
use breathflow::{Bound, Pacer, Session};

/// The frame at `t_ms` and its ring radius, as the widget builds it.
fn frame(session: &Session, t_ms: f64, w: f32, h: f32) -> (Scene, f32) {
    let mut label = String::new();
    let sample = session.sample(t_ms);
    let status = if sample.done {
        Status::Done
    } else {
        Status::Running
    };
    let input = frame_input(session, &sample, status, w, h, false, &mut label);
    let mut scene = Scene::new();
    let r = build_frame(&input, &mut scene);
    (scene, r)
}

/// Same commands and the same strings in their texts.
fn same_picture(a: &Scene, b: &Scene) -> bool {
    a.cmds() == b.cmds()
        && a.cmds().iter().all(|c| match *c {
            Cmd::Text { span, .. } => a.text(span) == b.text(span),
            _ => true,
        })
}

fn pattern_session(id: &str, bound: Bound) -> Session {
    let p = library::pattern(id).unwrap().clone();
    Session::from_pattern(Pacer::new(p, bound).unwrap())
}

fn flow_session(id: &str, countdown: Option<f64>) -> Session {
    let mut f = library::flow(id).unwrap().clone();
    f.countdown = countdown;
    Session::from_flow(f, &[]).unwrap()
}

/// Frames at 60 Hz from `from_ms` to `to_ms`, drawn only from `still_until` on, as a sleeping
/// widget draws them; every frame not drawn must look like the one drawn last. Returns
/// (drawn, changed, frames): `changed` counts the frames unlike the frame before, which is what
/// a widget must draw at the least.
fn walk(session: &Session, w: f32, h: f32, from_ms: f64, to_ms: f64) -> (u32, u32, u32) {
    let mut shown: Option<(Scene, f64)> = None;
    let mut previous: Option<Scene> = None;
    let mut until = f64::NEG_INFINITY;
    let (mut drawn, mut changed, mut frames) = (0, 0, 0);
    let mut k = 0u32;
    loop {
        let t = from_ms + f64::from(k) * 1000.0 / 60.0;
        if t > to_ms {
            break;
        }
        k += 1;
        frames += 1;
        let (scene, r) = frame(session, t, w, h);
        let previous_same = previous.as_ref().is_some_and(|p| same_picture(p, &scene));
        if !previous_same {
            changed += 1;
        }
        previous = Some(scene.clone());
        if t < until {
            let (last, at) = shown.as_ref().unwrap();
            assert!(
                same_picture(&scene, last),
                "{w}×{h}: the picture at {t} ms differs from the one drawn at {at} ms, said to stay until {until}"
            );
            continue;
        }
        drawn += 1;
        let done = session.sample(t).done;
        until = still_until(session, &session.sample(t), t, done, r);
        assert!(until >= t, "still_until({t}) = {until}");
        shown = Some((scene, t));
    }
    (drawn, changed, frames)
}

#[test]
fn a_sleeping_widget_misses_no_change_in_the_library_flows() {
    let (mut drawn, mut changed, mut frames) = (0, 0, 0);
    for id in library::flow_ids() {
        let s = flow_session(id, Some(3.0));
        let total = s.total_ms().unwrap() as f64;
        // Two sizes: the overlay lays out differently, and the ring steps differ.
        for (w, h, from, to) in [
            (480.0, 480.0, 0.0, total + 500.0),
            (220.0, 340.0, total * 0.4, total * 0.4 + 40_000.0),
        ] {
            let (d, c, f) = walk(&s, w, h, from, to);
            drawn += d;
            changed += c;
            frames += f;
        }
    }
    assert!(frames > 100_000, "{frames} frames");
    // Holds, poses and rests sleep, and it wakes hardly more often than the picture changes (a
    // ring step's wake comes up to a few ms early, on the safe side of the f32 rounding).
    assert!(
        f64::from(drawn) < 1.03 * f64::from(changed) && drawn < frames * 3 / 5,
        "{drawn} of {frames} frames drawn, {changed} changed"
    );
}

#[test]
fn a_sleeping_widget_misses_no_change_in_the_library_patterns() {
    for id in library::pattern_ids() {
        for bound in [Bound::Breaths(3), Bound::Open, Bound::Seconds(3600.0)] {
            let s = pattern_session(id, bound);
            let to = s
                .total_ms()
                .map_or(60_000.0, |d| (d as f64).min(60_000.0) + 500.0);
            let (drawn, changed, _) = walk(&s, 400.0, 400.0, 0.0, to);
            assert!(
                drawn <= changed + changed / 16 + 2,
                "{id}: {drawn} drawn, {changed} changed"
            );
        }
    }
}

#[test]
fn a_sleeping_widget_misses_no_change_in_every_kind_of_step() {
    // Every kind of step; a pattern that starts with an exhale leaves the chest full, so the rest
    // after it eases down from 1 (and the pose after that from the rest's 0).
    let doc: serde_json::Value = serde_json::from_str(
        r#"{"title": "Every kind", "countdown": 3, "steps": [
            {"kind": "breathe", "breaths": 2, "pattern": {"phases": [
                {"phase": "exhale", "seconds": 2}, {"phase": "hold-out", "seconds": 2},
                {"phase": "inhale", "seconds": 2}]}},
            {"kind": "rest", "title": "Rest a bit", "seconds": 4.5},
            {"kind": "pose", "title": "Twist", "seconds": 10, "sides": "both",
             "cues": ["Turn to the left, left hand behind you."]},
            {"kind": "pressure-hold", "breaths": 2, "spots": 3, "pattern": "1-2"},
            {"kind": "roll", "seconds": 5},
            {"kind": "note", "text": "Read this, then go on."},
            {"kind": "pose", "title": "Held for breaths", "breaths": 2, "pattern": "2-2"},
            {"kind": "pose", "title": "Seconds with a pattern", "seconds": 5, "pattern": "4-7-8"}
        ]}"#,
    )
    .unwrap();
    let s = Session::from_flow(breathflow::Flow::from_value(&doc, "").unwrap(), &[]).unwrap();
    let total = s.total_ms().unwrap() as f64;
    assert!(s.sample(15_200.0).expansion > 0.5, "the rest starts full");
    let (drawn, changed, frames) = walk(&s, 300.0, 300.0, 0.0, total + 500.0);
    assert!(
        drawn < frames * 2 / 3 && drawn <= changed + changed / 16,
        "{drawn} of {frames}, {changed} changed"
    );
}

#[test]
fn still_until_is_the_next_change_exactly() {
    // 4-7-8 without an end (so without a ring): inhale 0–4 s, hold 4–11 s, exhale 11–19 s.
    let s = pattern_session("4-7-8", Bound::Open);
    let until = |t: f64, s: &Session| still_until(s, &s.sample(t), t, false, 0.0);
    assert_eq!(until(1_000.0, &s), 1_000.0, "the inhale moves");
    // 6.5 s of the hold left shows 7; it shows 6 from 6 s left on, at 5 s.
    assert_eq!(until(4_500.0, &s), 5_000.0, "the next second");
    assert_eq!(until(5_000.0, &s), 6_000.0);
    assert_eq!(until(10_200.0, &s), 11_000.0, "the exhale");
    // Done: nothing changes any more.
    assert_eq!(
        still_until(&s, &s.sample(12_000.0), 12_000.0, true, 0.0),
        f64::INFINITY
    );

    // With a ring, its steps come in too: one step of an hour's ring is ~1.4 s at r = 200.
    let s = pattern_session("4-7-8", Bound::Seconds(3600.0));
    let (_, r) = frame(&s, 4_500.0, 480.0, 480.0);
    assert!(r > 100.0);
    let total = s.total_ms().unwrap() as f64;
    let steps = breathflow::overlay::ring_steps(r) as f64;
    let t = 4_500.0 + total / steps * 3.0; // a hold further on
    let u = still_until(&s, &s.sample(t), t, false, r);
    assert!(u > t && u <= t + total / steps + 1.0, "{t} → {u}");
}

#[test]
fn expansion_is_steady_through_holds_rests_and_poses_only() {
    let s = pattern_session("box", Bound::Open);
    // box: inhale 0–4 s, hold 4–8 s, exhale 8–12 s, hold 12–16 s.
    assert_eq!(s.steady_until(2_000.0), 2_000.0);
    assert_eq!(s.steady_until(5_000.0), 8_000.0);
    assert_eq!(s.steady_until(13_000.0), 16_000.0);
    assert_eq!(s.sample(5_000.0).expansion, s.sample(7_999.0).expansion);

    // A flow: after the countdown's 3 s, every part's expansion is steady only where the sampled
    // expansion stays put, and then up to the answer.
    let f = flow_session("back-strengthening", Some(3.0));
    let total = f.total_ms().unwrap() as f64;
    let mut steady = 0;
    let mut t = 0.0;
    while t < total {
        let until = f.steady_until(t);
        assert!(until >= t);
        if until > t {
            steady += 1;
            let e = f.sample(t).expansion;
            for k in 1..=4 {
                let t2 = t + (until.min(total) - t) * f64::from(k) / 4.0 - 0.001;
                assert_eq!(
                    f.sample(t2).expansion,
                    e,
                    "steady from {t} to {until}, not at {t2}"
                );
            }
        }
        t += 250.0;
    }
    assert!(steady > 100, "{steady} steady samples");
}

#[cfg(not(target_arch = "wasm32"))]
mod fuzz {
    use super::*;
    use proptest::prelude::*;

    /// Sessions the library does not have: a ramped pattern, and a flow whose parts start away
    /// from their own level (an exhale-first pattern leaves the chest full for the rest after it),
    /// with a countdown and a long pose.
    fn session(which: usize) -> Session {
        let ramped = r#"{"phases":[{"phase":"inhale","seconds":4,"ramp":{"to":8,"breaths":5}},
            {"phase":"hold-in","seconds":2},{"phase":"exhale","seconds":4},{"phase":"hold-out","seconds":1.5}]}"#;
        match which {
            0 => {
                let v: serde_json::Value = serde_json::from_str(ramped).unwrap();
                let p = breathflow::Pattern::from_value(&v, "pattern").unwrap();
                Session::from_pattern(Pacer::new(p, Bound::Breaths(12)).unwrap())
            }
            _ => {
                let doc = format!(
                    r#"{{"title": "t", "countdown": 2.5, "steps": [
                    {{"kind": "breathe", "breaths": 3, "pattern": {{"phases": [
                        {{"phase": "exhale", "seconds": 2.5}}, {{"phase": "hold-out", "seconds": 1}},
                        {{"phase": "inhale", "seconds": 2}}]}}}},
                    {{"kind": "rest", "seconds": 7}},
                    {{"kind": "breathe", "breaths": 7, "pattern": {ramped}}},
                    {{"kind": "pose", "title": "Long", "seconds": 3000}}]}}"#
                );
                let v: serde_json::Value = serde_json::from_str(&doc).unwrap();
                Session::from_flow(breathflow::Flow::from_value(&v, "").unwrap(), &[]).unwrap()
            }
        }
    }

    const SIZES: [(f32, f32); 4] = [
        (480.0, 480.0),
        (200.0, 320.0),
        (900.0, 300.0),
        (120.0, 120.0),
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]
        /// At any time (off the frame grid too), any size: the frame is the same at every instant
        /// before `still_until`.
        #[test]
        fn nothing_changes_before_still_until(
            which in 0usize..2,
            at in 0.0f64..1.0,
            size in 0usize..4,
            fracs in proptest::collection::vec(0.0f64..1.0, 4),
        ) {
            let s = session(which);
            let total = s.total_ms().unwrap() as f64;
            let t = at * (total + 1000.0) - 10.0;
            let (w, h) = SIZES[size];
            let (a, r) = frame(&s, t, w, h);
            let done = s.sample(t).done;
            let until = still_until(&s, &s.sample(t), t, done, r);
            prop_assert!(until >= t);
            let reach = until.min(t + 120_000.0);
            for f in fracs {
                let t2 = t + (reach - t) * f;
                if t2 < until {
                    let (b, _) = frame(&s, t2, w, h);
                    prop_assert!(same_picture(&a, &b), "{} at {}: differs at {} (still until {})", which, t, t2, until);
                }
            }
        }
    }
}
