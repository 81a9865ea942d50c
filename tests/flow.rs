//! Flows: parsing every step kind, id normalisation, mirrored sides, the plan (total, positions,
//! next / previous / restart), validation messages, and the session timeline built on it.

use breathflow::flow::{
    mirror, note_reading_ms, Flow, Length, Side, StepBody, StepKind, Tag, STOP_ON_PAIN_CUE,
};
use breathflow::frame_state;
use breathflow::pacer::{Bound, Pacer};
use breathflow::pattern::PhaseKind;
use breathflow::player::Player;
use breathflow::session::{Event, Session};
use breathflow::{GapPolicy, Plan};
use serde_json::{json, Value};

/// Twenty words: reading time 2 s + 20 × 0.3 s = 8 s.
const NOTE: &str = "one two three four five six seven eight nine ten \
                    eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty";

/// A flow with every kind of step and exactly known part lengths (shorthand patterns).
fn test_doc() -> Value {
    json!({
        "title": "Every kind",
        "countdown": 3,
        "steps": [
            { "kind": "breathe", "pattern": "2-2", "breaths": 3 },
            { "kind": "pose", "title": "Twist", "seconds": 10, "sides": "both",
              "cues": ["Turn to the left, left hand behind you.", "Right knee still; LEFT/Right, leftover, bright."],
              "tags": ["twist", "seated"] },
            { "kind": "pressure-hold", "id": "hold", "breaths": 2, "spots": 3, "pattern": "1-2",
              "cues": ["Breathe into the spot."] },
            { "kind": "roll", "seconds": 5 },
            { "kind": "rest", "title": "Rest a bit", "seconds": 4.5 },
            { "kind": "note", "text": NOTE },
            { "kind": "pose", "title": "Held for breaths", "breaths": 2,
              "pattern": { "phases": [ { "phase": "inhale", "seconds": 1 }, { "phase": "exhale", "seconds": 1 } ] } },
            { "kind": "pose", "title": "Seconds with a pattern", "seconds": 5, "pattern": "2-2" }
        ]
    })
}

fn test_flow() -> Flow {
    Flow::from_value(&test_doc(), "").unwrap()
}

/// (part start, duration) of the test flow, worked out by hand.
const PARTS: &[(u64, u64)] = &[
    (0, 3000),      // countdown
    (3000, 12000),  // breathe: 3 × 4 s
    (15000, 10000), // twist left
    (25000, 10000), // twist right
    (35000, 6000),  // hold spot 1: 2 × 3 s
    (41000, 6000),  // spot 2
    (47000, 6000),  // spot 3
    (53000, 5000),  // roll
    (58000, 4500),  // rest
    (62500, 8000),  // note, nominal reading time
    (70500, 4000),  // pose, 2 breaths of 2 s
    (74500, 8000),  // pose 5 s of a 4 s breath → ends on the second breath
];
const TOTAL: u64 = 82500;

fn err(v: Value) -> String {
    Flow::from_value(&v, "").unwrap_err().to_string()
}

// ---- every step kind ----------------------------------------------------------------------------

#[test]
fn every_step_kind_parses() {
    let f = test_flow();
    let kinds: Vec<StepKind> = f.steps.iter().map(|s| s.kind()).collect();
    assert_eq!(
        kinds,
        [
            StepKind::Breathe,
            StepKind::Pose,
            StepKind::PressureHold,
            StepKind::Roll,
            StepKind::Rest,
            StepKind::Note,
            StepKind::Pose,
            StepKind::Pose
        ]
    );
    assert_eq!(f.title, "Every kind");
    assert_eq!(f.countdown, Some(3.0));
    match &f.steps[0].body {
        StepBody::Breathe { pattern, length } => {
            assert_eq!(pattern.name.as_deref(), Some("2-2"));
            assert_eq!(pattern.pattern.breath_ms(0), 4000);
            assert_eq!(*length, Length::Breaths(3));
        }
        other => panic!("{other:?}"),
    }
    match &f.steps[1].body {
        StepBody::Pose {
            length,
            pattern,
            sides,
        } => {
            assert_eq!(*length, Length::Seconds(10.0));
            assert!(pattern.is_none());
            assert!(sides.is_some());
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(f.steps[1].tags, [Tag::Twist, Tag::Seated]);
    assert!(f.steps[1].both_sides());
    match &f.steps[2].body {
        StepBody::PressureHold {
            breaths,
            spots,
            pattern,
        } => {
            assert_eq!((*breaths, *spots), (2, 3));
            assert_eq!(pattern.as_ref().unwrap().pattern.breath_ms(0), 3000);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(f.steps[3].body, StepBody::Roll { seconds: 5.0 });
    assert_eq!(f.steps[4].body, StepBody::Rest { seconds: 4.5 });
    assert_eq!(
        f.steps[5].body,
        StepBody::Note {
            text: NOTE.into(),
            reading_ms: None
        }
    );
    // Inline pattern: no name, serialised back as an object.
    match &f.steps[6].body {
        StepBody::Pose {
            pattern: Some(p), ..
        } => assert!(p.name.is_none()),
        other => panic!("{other:?}"),
    }
}

#[test]
fn display_titles_fall_back_to_the_pattern_or_the_kind() {
    let f = test_flow();
    let titles: Vec<&str> = f.steps.iter().map(|s| s.display_title()).collect();
    assert_eq!(
        titles,
        [
            "2-2",
            "Twist",
            "Pressure hold",
            "Roll",
            "Rest a bit",
            "Note",
            "Held for breaths",
            "Seconds with a pattern"
        ]
    );
    let f = Flow::from_value(
        &json!({"title": "t", "steps": [
            {"kind": "breathe", "pattern": "box", "breaths": 1}]}),
        "",
    )
    .unwrap();
    assert_eq!(f.steps[0].display_title(), "Box breathing");
}

#[test]
fn missing_ids_are_normalised_and_unique() {
    let f = Flow::from_value(
        &json!({"title": "t", "steps": [
            {"kind": "rest", "seconds": 1},
            {"kind": "rest", "id": "step-1", "seconds": 1},
            {"kind": "rest", "seconds": 1, "alternative": {"kind": "roll", "seconds": 2}},
            {"kind": "rest", "seconds": 1, "alternative": {"kind": "roll", "id": "mine", "seconds": 2}},
            {"kind": "rest", "id": "step-3-alt", "seconds": 1}
        ]}),
        "",
    )
    .unwrap();
    let ids: Vec<&str> = f.steps.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(
        ids,
        ["step-1-2", "step-1", "step-3", "step-4", "step-3-alt"]
    );
    assert_eq!(f.steps[2].alternative.as_ref().unwrap().id, "step-3-alt-2");
    assert_eq!(f.steps[3].alternative.as_ref().unwrap().id, "mine");
    assert_eq!(
        test_flow()
            .steps
            .iter()
            .map(|s| s.id.as_str())
            .collect::<Vec<_>>(),
        ["step-1", "step-2", "hold", "step-4", "step-5", "step-6", "step-7", "step-8"]
    );
}

#[test]
fn pressure_hold_always_carries_the_stop_on_pain_rule_once() {
    let f = test_flow();
    assert_eq!(
        f.steps[2].cues,
        [
            STOP_ON_PAIN_CUE.to_string(),
            "Breathe into the spot.".into()
        ]
    );
    // Already present (anywhere): not added again.
    let f = Flow::from_value(
        &json!({"title": "t", "steps": [
            {"kind": "pressure-hold", "breaths": 1, "spots": 1, "cues": ["a", STOP_ON_PAIN_CUE]}]}),
        "",
    )
    .unwrap();
    assert_eq!(f.steps[0].cues, ["a", STOP_ON_PAIN_CUE]);
    // No cues at all: the rule alone, and the default slow breath (4 s in, 6 s out).
    let f = Flow::from_value(
        &json!({"title": "t", "steps": [{"kind": "pressure-hold", "breaths": 2, "spots": 1}]}),
        "",
    )
    .unwrap();
    assert_eq!(f.steps[0].cues, [STOP_ON_PAIN_CUE]);
    assert_eq!(f.steps[0].pattern().unwrap().breath_ms(0), 10_000);
    assert_eq!(Plan::new(&f).unwrap().total_ms(), 20_000);
}

#[test]
fn the_flow_round_trips_in_the_authoring_shape() {
    let f = test_flow();
    let v = serde_json::to_value(&f).unwrap();
    assert_eq!(Flow::from_value(&v, "").unwrap(), f);
    assert_eq!(v["steps"][0]["kind"], "breathe");
    assert_eq!(v["steps"][0]["pattern"], "2-2");
    assert_eq!(v["steps"][0]["breaths"], 3);
    assert_eq!(v["steps"][1]["sides"], "both");
    assert_eq!(v["steps"][1]["tags"], json!(["twist", "seated"]));
    assert_eq!(v["steps"][2]["kind"], "pressure-hold");
    assert_eq!(v["steps"][2]["spots"], 3);
    assert_eq!(v["steps"][5]["text"], NOTE);
    assert!(v["steps"][6]["pattern"]["phases"].is_array());
    assert_eq!(v["countdown"], 3);
    assert_eq!(v["steps"][4]["seconds"], 4.5);
    assert_eq!(v["steps"][1]["seconds"], 10);
    assert!(v["steps"][1]["seconds"].is_u64());
    assert!(v.get("id").is_none());
    // Parsing text gives the same.
    assert_eq!(Flow::parse(&v.to_string()).unwrap(), f);
}

// ---- sides ----------------------------------------------------------------------------------------

#[test]
fn mirror_swaps_whole_words_in_any_case() {
    assert_eq!(
        mirror("Turn to the left, left hand behind you."),
        "Turn to the right, right hand behind you."
    );
    assert_eq!(
        mirror("Right knee still; LEFT/Right, leftover, bright."),
        "Left knee still; RIGHT/Left, leftover, bright."
    );
    assert_eq!(mirror("left-right"), "right-left");
    assert_eq!(mirror(""), "");
    assert_eq!(mirror("nothing to swap"), "nothing to swap");
}

#[test]
fn a_two_sided_pose_runs_left_then_right_with_mirrored_cues() {
    let s = Session::from_flow(test_flow(), &[]).unwrap();
    let left = s.sample(15_000.0).step.unwrap();
    assert_eq!((left.index, left.side), (1, Side::Left));
    assert_eq!(
        left.cues,
        [
            "Turn to the left, left hand behind you.",
            "Right knee still; LEFT/Right, leftover, bright."
        ]
    );
    let right = s.sample(25_000.0).step.unwrap();
    assert_eq!((right.index, right.side), (1, Side::Right));
    assert_eq!(
        right.cues,
        [
            "Turn to the right, right hand behind you.",
            "Left knee still; RIGHT/Left, leftover, bright."
        ]
    );
    assert_eq!(right.elapsed_ms, 0.0);
    assert_eq!(right.remaining_ms, 10_000.0);
    assert_eq!(s.sample(3_000.0).step.unwrap().side, Side::None);
}

// ---- plan: total, positions, navigation -----------------------------------------------------------

#[test]
fn total_duration_and_parts_are_exact() {
    let plan = Plan::new(&test_flow()).unwrap();
    let got: Vec<(u64, u64)> = plan
        .parts()
        .iter()
        .map(|p| (p.start_ms, p.duration_ms))
        .collect();
    assert_eq!(got, PARTS);
    assert_eq!(plan.total_ms(), TOTAL);
    assert_eq!(note_reading_ms(NOTE), 8000);
    assert_eq!(note_reading_ms("short"), 5000);
    assert_eq!(note_reading_ms(&"word ".repeat(1000)), 60_000);
    let spots: Vec<Option<u32>> = plan.parts()[4..7].iter().map(|p| p.spot).collect();
    assert_eq!(spots, [Some(1), Some(2), Some(3)]);
    assert!(plan.parts()[9].awaits_person);
    assert_eq!(
        plan.parts().iter().filter(|p| p.awaits_person).count(),
        1,
        "only the note waits for the person"
    );
    // Without a countdown the first step starts at 0.
    let mut f = test_flow();
    f.countdown = None;
    assert_eq!(Plan::new(&f).unwrap().total_ms(), TOTAL - 3000);
    f.countdown = Some(0.0);
    assert_eq!(Plan::new(&f).unwrap().parts()[0].step, Some(0));
}

#[test]
fn position_at_any_time() {
    let plan = Plan::new(&test_flow()).unwrap();
    let p = plan.at(-50.0);
    assert_eq!(
        (p.part, p.step, p.elapsed_ms, p.done),
        (0, None, 0.0, false)
    );
    let p = plan.at(f64::NAN);
    assert_eq!((p.part, p.elapsed_ms), (0, 0.0));
    let p = plan.at(2999.5);
    assert_eq!((p.part, p.step, p.remaining_ms), (0, None, 0.5));
    let p = plan.at(3000.0);
    assert_eq!((p.part, p.step, p.elapsed_ms), (1, Some(0), 0.0));
    let p = plan.at(43_250.0);
    assert_eq!(
        (p.part, p.step, p.spot, p.elapsed_ms, p.remaining_ms),
        (5, Some(2), Some(2), 2250.0, 3750.0)
    );
    let p = plan.at(30_000.0);
    assert_eq!((p.step, p.side), (Some(1), Side::Right));
    let p = plan.at(TOTAL as f64 - 1.0);
    assert_eq!((p.part, p.remaining_ms, p.done), (11, 1.0, false));
    let p = plan.at(TOTAL as f64);
    assert_eq!((p.part, p.remaining_ms, p.done), (11, 0.0, true));
    let p = plan.at(f64::INFINITY);
    assert!(p.done);
}

#[test]
fn next_previous_and_restart_step() {
    let plan = Plan::new(&test_flow()).unwrap();
    // In the countdown.
    assert_eq!(plan.next(1000.0), 3000.0);
    assert_eq!(plan.previous(1000.0), 0.0);
    assert_eq!(plan.restart_step(1000.0), 0.0);
    // Middle of the twist's right side.
    assert_eq!(plan.next(30_000.0), 35_000.0);
    assert_eq!(plan.previous(30_000.0), 15_000.0);
    assert_eq!(plan.restart_step(30_000.0), 25_000.0);
    assert_eq!(plan.step_start(30_000.0), 15_000.0);
    // Second spot of the pressure hold.
    assert_eq!(plan.next(43_000.0), 47_000.0);
    assert_eq!(plan.previous(43_000.0), 35_000.0);
    assert_eq!(plan.restart_step(43_000.0), 41_000.0);
    assert_eq!(plan.step_start(43_000.0), 35_000.0);
    // Exactly at a part's start, "previous" goes to the part before.
    assert_eq!(plan.previous(41_000.0), 35_000.0);
    assert_eq!(plan.restart_step(41_000.0), 41_000.0);
    // The note: next skips the rest of its reading time.
    assert_eq!(plan.next(63_000.0), 70_500.0);
    // Last part and done.
    assert_eq!(plan.next(80_000.0), TOTAL as f64);
    assert_eq!(plan.next(TOTAL as f64), TOTAL as f64);
    assert_eq!(plan.previous(TOTAL as f64), 74_500.0);
    assert_eq!(plan.restart_step(TOTAL as f64 + 5.0), 74_500.0);
    // Walking with next from 0 visits every part start, then the end.
    let mut t = 0.0;
    let mut visited = vec![t as u64];
    while t < TOTAL as f64 {
        t = plan.next(t);
        visited.push(t as u64);
    }
    let mut expected: Vec<u64> = PARTS.iter().map(|p| p.0).collect();
    expected.push(TOTAL);
    assert_eq!(visited, expected);
    // Walking back with previous from the end visits them in reverse.
    let mut back = vec![];
    let mut t = TOTAL as f64;
    loop {
        t = plan.previous(t);
        back.push(t as u64);
        if t == 0.0 {
            break;
        }
    }
    let mut rev: Vec<u64> = PARTS.iter().map(|p| p.0).collect();
    rev.reverse();
    assert_eq!(back, rev);
}

#[test]
fn up_next_names_the_following_part() {
    let s = Session::from_flow(test_flow(), &[]).unwrap();
    let n = s.up_next(0.0).unwrap();
    assert_eq!((n.index, n.title, n.at_ms), (0, "2-2", 3000));
    let n = s.up_next(16_000.0).unwrap();
    assert_eq!(
        (n.index, n.title, n.side, n.at_ms),
        (1, "Twist", Side::Right, 25_000)
    );
    let n = s.up_next(36_000.0).unwrap();
    assert_eq!((n.id, n.spot, n.at_ms), ("hold", Some(2), 41_000));
    assert!(s.up_next(75_000.0).is_none());
    assert!(s.up_next(TOTAL as f64).is_none());
    assert_eq!(s.sample(60_000.0).up_next.unwrap().kind, StepKind::Note);
}

// ---- session over a flow --------------------------------------------------------------------------

#[test]
fn session_sample_reports_step_breath_and_progress() {
    let s = Session::from_flow(test_flow(), &[]).unwrap();
    assert_eq!(s.total_ms(), Some(TOTAL));
    // 3 + 2×3 + 2 + 2 breaths = 13.
    assert_eq!(s.total_breaths(), Some(13));

    let c = s.sample(1000.0);
    assert!(c.step.is_none());
    assert_eq!(c.countdown_ms, Some(2000.0));
    assert!(c.breath.is_none());
    assert_eq!(c.expansion, 0.0);

    // Breathe step, 2nd breath, exhale (2-2: in 2 s, out 2 s), 1 s in.
    let b = s.sample(3000.0 + 4000.0 + 3000.0);
    let info = b.step.as_ref().unwrap();
    assert_eq!(
        (info.index, info.count, info.kind),
        (0, 8, StepKind::Breathe)
    );
    assert_eq!((info.elapsed_ms, info.remaining_ms), (7000.0, 5000.0));
    let br = b.breath.unwrap();
    assert_eq!((br.phase, br.breath), (PhaseKind::Exhale, 1));
    assert!((b.expansion - br.expansion).abs() < 1e-12);
    assert!(b.countdown_ms.is_none());
    assert!((b.progress - 10_000.0 / TOTAL as f64).abs() < 1e-12);

    // Pressure hold, spot 3: breaths count within the spot.
    let h = s.sample(47_000.0 + 3500.0);
    let info = h.step.as_ref().unwrap();
    assert_eq!((info.spot, info.spots), (Some(3), Some(3)));
    assert_eq!(h.breath.unwrap().breath, 1);

    // Roll and rest have no breath; the rest eases the expansion to 0.
    let r = s.sample(55_000.0);
    assert!(r.breath.is_none());
    assert_eq!(r.expansion, 0.0);

    // Note: waits for the person, and carries the text.
    let n = s.sample(63_000.0);
    let info = n.step.as_ref().unwrap();
    assert!(info.awaits_person);
    assert_eq!(info.text, Some(NOTE));

    // Seconds-bounded pose with a pattern paces the breath.
    assert!(s.sample(76_000.0).breath.is_some());
    // A pose by seconds without a pattern does not.
    assert!(s.sample(20_000.0).breath.is_none());

    let d = s.sample(TOTAL as f64 + 100.0);
    assert!(d.done);
    assert_eq!(d.progress, 1.0);
    assert_eq!(d.elapsed_ms, TOTAL as f64);
    assert!(d.up_next.is_none());
}

#[test]
fn expansion_is_continuous_over_the_whole_flow() {
    let s = Session::from_flow(test_flow(), &[]).unwrap();
    let mut prev = s.sample(0.0).expansion;
    let mut max_jump: f64 = 0.0;
    for ms in 1..=TOTAL + 10 {
        let e = s.sample(ms as f64).expansion;
        assert!((0.0..=1.0).contains(&e), "{e} at {ms}");
        max_jump = max_jump.max((e - prev).abs());
        prev = e;
    }
    // The fastest change is a 1 s eased inhale: π/2 per 1000 ms ≈ 0.0016 per ms.
    assert!(max_jump < 0.005, "largest change in 1 ms: {max_jump}");
}

fn event_counts(events: &[Event]) -> (usize, usize, usize, usize, usize) {
    let mut c = (0, 0, 0, 0, 0);
    for e in events {
        match e {
            Event::Countdown { .. } => c.0 += 1,
            Event::Step { .. } => c.1 += 1,
            Event::Phase { .. } => c.2 += 1,
            Event::Breath { .. } => c.3 += 1,
            Event::Complete { .. } => c.4 += 1,
        }
    }
    c
}

#[test]
fn crossings_over_the_whole_flow() {
    let s = Session::from_flow(test_flow(), &[]).unwrap();
    let all = s.events(-1.0, TOTAL as f64 + 1000.0);
    // 1 countdown, 11 step parts, 13 breaths × 2 phases, 13 breaths, 1 complete.
    assert_eq!(event_counts(&all), (1, 11, 26, 13, 1));
    assert_eq!(
        all.last().unwrap(),
        &Event::Complete {
            at_ms: TOTAL,
            breaths: 13
        }
    );
    assert!(all.windows(2).all(|w| w[0].at_ms() <= w[1].at_ms()));
    // The first events, in order.
    assert_eq!(
        all[0],
        Event::Countdown {
            at_ms: 0,
            duration_ms: 3000
        }
    );
    assert!(matches!(
        &all[1],
        Event::Step {
            at_ms: 3000,
            index: 0,
            ..
        }
    ));
    assert_eq!(
        all[2],
        Event::Phase {
            at_ms: 3000,
            step: Some(0),
            phase: PhaseKind::Inhale,
            phase_index: 0,
            breath: 0
        }
    );
    // At the end of the breathe step: its last breath, then the twist's left side.
    let at15: Vec<&Event> = all.iter().filter(|e| e.at_ms() == 15_000).collect();
    assert_eq!(
        *at15[0],
        Event::Breath {
            at_ms: 15_000,
            step: Some(0),
            breath: 3
        }
    );
    match at15[1] {
        Event::Step {
            index, side, title, ..
        } => assert_eq!((*index, *side, title.as_str()), (1, Side::Left, "Twist")),
        other => panic!("{other:?}"),
    }
    assert_eq!(at15.len(), 2);
    // Each spot is announced.
    let spots: Vec<(u64, Option<u32>)> = all
        .iter()
        .filter_map(|e| match e {
            Event::Step {
                at_ms,
                spot: Some(k),
                ..
            } => Some((*at_ms, Some(*k))),
            _ => None,
        })
        .collect();
    assert_eq!(
        spots,
        [(35_000, Some(1)), (41_000, Some(2)), (47_000, Some(3))]
    );
    // The note's step event says to wait for the person.
    assert!(all.iter().any(|e| matches!(
        e,
        Event::Step {
            at_ms: 62_500,
            awaits_person: true,
            kind: StepKind::Note,
            ..
        }
    )));
    // Nothing is reported after the end, or for an empty or backwards range.
    assert!(s.events(TOTAL as f64, TOTAL as f64 + 1e9).is_empty());
    assert!(s.events(5000.0, 5000.0).is_empty());
    assert!(s.events(6000.0, 5000.0).is_empty());
    assert!(s.events(f64::NAN, 5000.0).is_empty());
}

/// Concatenated small steps report exactly what one big step does.
fn assert_chunked_equals_whole(s: &Session, step_ms: f64) {
    let end = s.total_ms().unwrap() as f64 + 500.0;
    let whole = s.events(-1.0, end);
    let mut chunked = Vec::new();
    let mut t = -1.0;
    while t < end {
        let n = (t + step_ms).min(end);
        s.crossings(t, n, &mut chunked);
        t = n;
    }
    assert_eq!(chunked, whole, "step {step_ms} ms");
}

#[test]
fn crossings_in_small_steps_equal_one_big_step() {
    let s = Session::from_flow(test_flow(), &[]).unwrap();
    for step in [1.0, 16.667, 250.0, 999.9, 3000.0, 7777.7] {
        assert_chunked_equals_whole(&s, step);
    }
    for flow in breathflow::library::flows() {
        let s = Session::from_flow(flow.clone(), &[]).unwrap();
        assert_chunked_equals_whole(&s, 16.667);
        assert_chunked_equals_whole(&s, 1234.5);
    }
}

#[test]
fn seeking_back_and_crossing_again_reports_again() {
    let s = Session::from_flow(test_flow(), &[]).unwrap();
    let first = s.events(14_000.0, 16_000.0);
    let target = s.restart_step(16_000.0);
    assert_eq!(target, 15_000.0);
    // After a seek the widget crosses from just before the target.
    let again = s.events(target - 1.0, 16_000.0);
    assert_eq!(&first[first.len() - again.len()..], &again[..]);
    // The breathe step's last breath completes at 15 000 too, before the twist begins.
    assert!(matches!(
        again[0],
        Event::Breath {
            at_ms: 15_000,
            breath: 3,
            ..
        }
    ));
    assert!(matches!(
        again[1],
        Event::Step {
            at_ms: 15_000,
            index: 1,
            ..
        }
    ));
}

#[test]
fn single_pattern_session() {
    let p = breathflow::library::pattern("box").unwrap().clone();
    let s = Session::from_pattern(Pacer::new(p.clone(), Bound::Breaths(3)).unwrap());
    assert_eq!(s.total_ms(), Some(48_000));
    assert_eq!(s.total_breaths(), Some(3));
    let m = s.sample(24_000.0);
    assert!(m.step.is_none());
    assert_eq!(m.breath.unwrap().breath, 1);
    assert_eq!(m.progress, 0.5);
    let ev = s.events(-1.0, 1e9);
    // 3 breaths × 4 phases, 3 breath completions, 1 complete.
    assert_eq!(event_counts(&ev), (0, 0, 12, 3, 1));
    assert_eq!(
        ev.last().unwrap(),
        &Event::Complete {
            at_ms: 48_000,
            breaths: 3
        }
    );
    assert_chunked_equals_whole(&s, 33.3);
    assert_eq!(s.next(1000.0), 48_000.0);
    assert_eq!(s.previous(1000.0), 0.0);
    assert_eq!(s.restart_step(30_000.0), 0.0);
    assert!(s.sample(48_000.0).done);

    let open = Session::from_pattern(Pacer::new(p, Bound::Open).unwrap());
    assert_eq!(open.total_ms(), None);
    let o = open.sample(3_600_000.0);
    assert!(!o.done);
    assert_eq!(o.progress, 0.0);
    assert_eq!(o.breath.unwrap().breath, 225);
    assert_eq!(open.next(5000.0), 5000.0);
    assert!(!open
        .events(-1.0, 3_600_000.0)
        .iter()
        .any(|e| matches!(e, Event::Complete { .. })));
}

#[test]
fn session_sample_serialises_for_the_host() {
    let s = Session::from_flow(test_flow(), &[]).unwrap();
    // Hosts read the player's state (`state()`): the session sample with the player's status.
    let mut player = Player::new(s.clone(), GapPolicy::Pause);
    player.tick(26_000.0, &mut Vec::new());
    let v =
        serde_json::to_value(frame_state::state(&player, player.now_ms(), 320.0, 320.0)).unwrap();
    assert_eq!(v["status"], "running");
    assert_eq!(v["elapsedMs"], 26_000.0);
    assert_eq!(v["step"]["side"], "right");
    assert_eq!(v["step"]["kind"], "pose");
    assert_eq!(v["step"]["remainingMs"], 9000.0);
    assert_eq!(v["upNext"]["id"], "hold");
    assert_eq!(v["totalMs"], TOTAL);
    let e = serde_json::to_value(&s.events(62_000.0, 63_000.0)[0]).unwrap();
    assert_eq!(e["type"], "step");
    assert_eq!(e["awaitsPerson"], true);
    assert_eq!(e["atMs"], 62_500);
}

// ---- validation: each rule with its message -------------------------------------------------------

fn one_step(step: Value) -> Value {
    json!({"title": "t", "steps": [step]})
}

#[test]
fn document_level_rules() {
    assert_eq!(err(json!([])), "must be an object, got an array");
    assert_eq!(
        err(json!({"steps": [{"kind": "rest", "seconds": 1}]})),
        "title: is required"
    );
    assert_eq!(
        err(json!({"title": "  ", "steps": [{"kind": "rest", "seconds": 1}]})),
        "title: must not be empty"
    );
    assert_eq!(
        err(json!({"title": "t", "steps": [], "extra": 1})),
        "extra: unknown field; allowed fields are id, title, description, countdown, steps, texts"
    );
    assert_eq!(err(json!({"title": "t"})), "steps: is required");
    assert_eq!(
        err(json!({"title": "t", "steps": {}})),
        "steps: must be an array, got an object"
    );
    assert_eq!(
        err(json!({"title": "t", "steps": []})),
        "steps: must have 1–500 steps, got 0"
    );
    let many: Vec<Value> = (0..501)
        .map(|_| json!({"kind": "rest", "seconds": 1}))
        .collect();
    assert_eq!(
        err(json!({"title": "t", "steps": many})),
        "steps: must have 1–500 steps, got 501"
    );
    let five_hundred: Vec<Value> = (0..500)
        .map(|_| json!({"kind": "rest", "seconds": 1}))
        .collect();
    assert!(Flow::from_value(&json!({"title": "t", "steps": five_hundred}), "").is_ok());
    assert_eq!(
        err(json!({"title": "t", "countdown": 61, "steps": [{"kind": "rest", "seconds": 1}]})),
        "countdown: must be 0–60 s, got 61"
    );
    assert_eq!(
        err(json!({"title": "t", "countdown": "5", "steps": [{"kind": "rest", "seconds": 1}]})),
        "countdown: must be a number, got a string"
    );
    assert_eq!(
        err(json!({"id": "Bad Id", "title": "t", "steps": [{"kind": "rest", "seconds": 1}]})),
        "id: must be 1–64 characters of a-z, 0-9 and '-', got \"Bad Id\""
    );
    let long = "x".repeat(2001);
    assert_eq!(
        err(json!({"title": long, "steps": [{"kind": "rest", "seconds": 1}]})),
        "title: must be at most 2000 characters, got 2001"
    );
    assert_eq!(
        err(json!({"title": "t", "description": 5, "steps": [{"kind": "rest", "seconds": 1}]})),
        "description: must be a string, got a number"
    );
    let e = Flow::parse("{\"title\": ").unwrap_err();
    assert_eq!(e.path, "");
    assert!(e.rule.starts_with("is not valid JSON"), "{e}");
}

#[test]
fn step_level_rules() {
    let cases: Vec<(Value, &str)> = vec![
        (json!(5), "steps[0]: must be an object, got a number"),
        (json!({"seconds": 5}), "steps[0].kind: is required"),
        (
            json!({"kind": "jump", "seconds": 5}),
            "steps[0].kind: must be one of breathe, pose, pressure-hold, roll, rest, note, got \"jump\"",
        ),
        (
            json!({"kind": 3, "seconds": 5}),
            "steps[0].kind: must be one of breathe, pose, pressure-hold, roll, rest, note, got 3",
        ),
        (
            json!({"kind": "rest", "seconds": -5}),
            "steps[0].seconds: must be 1–3600 s, got -5",
        ),
        (
            json!({"kind": "roll", "seconds": 3601}),
            "steps[0].seconds: must be 1–3600 s, got 3601",
        ),
        (
            json!({"kind": "rest", "seconds": "5"}),
            "steps[0].seconds: must be a number, got a string",
        ),
        (json!({"kind": "rest"}), "steps[0].seconds: is required"),
        (
            json!({"kind": "rest", "seconds": 5, "breaths": 2}),
            "steps[0].breaths: unknown field; allowed fields are kind, id, title, cues, tags, alternative, seconds",
        ),
        (
            json!({"kind": "breathe", "pattern": "box", "breaths": 2, "sides": "both"}),
            "steps[0].sides: unknown field; allowed fields are kind, id, title, cues, tags, alternative, pattern, breaths, seconds",
        ),
        (
            json!({"kind": "breathe", "pattern": "box", "breaths": 2, "seconds": 10}),
            "steps[0]: must have either breaths or seconds, not both",
        ),
        (
            json!({"kind": "breathe", "pattern": "box"}),
            "steps[0]: must have breaths or seconds",
        ),
        (
            json!({"kind": "breathe", "breaths": 2}),
            "steps[0].pattern: is required",
        ),
        (
            json!({"kind": "breathe", "pattern": "box", "breaths": 0}),
            "steps[0].breaths: must be 1–1000 breaths, got 0",
        ),
        (
            json!({"kind": "breathe", "pattern": "box", "breaths": 1001}),
            "steps[0].breaths: must be 1–1000 breaths, got 1001",
        ),
        (
            json!({"kind": "breathe", "pattern": "box", "breaths": 2.5}),
            "steps[0].breaths: must be a whole number, got 2.5",
        ),
        (
            json!({"kind": "breathe", "pattern": "box", "seconds": 0.5}),
            "steps[0].seconds: must be 1–3600 s, got 0.5",
        ),
        (
            json!({"kind": "breathe", "pattern": 7, "breaths": 1}),
            "steps[0].pattern: must be a pattern id, a shorthand like \"4-7-8\", or a pattern object, got a number",
        ),
        (
            json!({"kind": "breathe", "pattern": {"phases": [{"phase": "inhale", "seconds": 0}]}, "breaths": 1}),
            "steps[0].pattern.phases[0].seconds: must be 0.5–120 s, got 0",
        ),
        (
            json!({"kind": "breathe", "pattern": "4-0-200", "breaths": 1}),
            "steps[0].pattern (part 3 of \"4-0-200\"): a breathing phase must be 0.5–120 s, got 200",
        ),
        (
            json!({"kind": "pose", "seconds": 10}),
            "steps[0].title: is required",
        ),
        (
            json!({"kind": "pose", "title": "P"}),
            "steps[0]: must have breaths or seconds",
        ),
        (
            json!({"kind": "pose", "title": "P", "seconds": 10, "sides": "left"}),
            "steps[0].sides: must be \"both\", got \"left\"",
        ),
        (
            json!({"kind": "pose", "title": "P", "seconds": 10, "tags": ["upside-down"]}),
            "steps[0].tags[0]: must be one of inversion, twist, massage, prone, supine, standing, seated, side-lying, kneeling, got \"upside-down\"",
        ),
        (
            json!({"kind": "pose", "title": "P", "seconds": 10, "tags": ["twist", "twist"]}),
            "steps[0].tags[1]: lists twist twice",
        ),
        (
            json!({"kind": "pose", "title": "P", "seconds": 10, "tags": "twist"}),
            "steps[0].tags: must be an array, got a string",
        ),
        (
            json!({"kind": "pose", "title": "P", "seconds": 10, "cues": "one"}),
            "steps[0].cues: must be an array, got a string",
        ),
        (
            json!({"kind": "pose", "title": "P", "seconds": 10, "cues": [""]}),
            "steps[0].cues[0]: must not be empty",
        ),
        (
            json!({"kind": "pose", "title": "P", "seconds": 10, "cues": ["a", 2]}),
            "steps[0].cues[1]: must be a string, got a number",
        ),
        (
            json!({"kind": "pose", "title": "P", "seconds": 10, "cues": vec!["c"; 21]}),
            "steps[0].cues: must have at most 20 items, got 21",
        ),
        (
            json!({"kind": "pose", "title": "P", "seconds": 10, "cues": ["x".repeat(2001)]}),
            "steps[0].cues[0]: must be at most 2000 characters, got 2001",
        ),
        (
            json!({"kind": "pose", "title": "P", "seconds": 10,
                   "alternative": {"kind": "rest", "seconds": 0}}),
            "steps[0].alternative.seconds: must be 1–3600 s, got 0",
        ),
        (
            json!({"kind": "pose", "title": "P", "seconds": 10,
                   "alternative": {"kind": "rest", "seconds": 5, "alternative": {"kind": "rest", "seconds": 5}}}),
            "steps[0].alternative.alternative: an alternative cannot have an alternative of its own",
        ),
        (
            json!({"kind": "pressure-hold", "breaths": 51, "spots": 2}),
            "steps[0].breaths: must be 1–50 breaths, got 51",
        ),
        (
            json!({"kind": "pressure-hold", "breaths": 5, "spots": 21}),
            "steps[0].spots: must be 1–20 spots, got 21",
        ),
        (
            json!({"kind": "pressure-hold", "breaths": 5}),
            "steps[0].spots: is required",
        ),
        (
            json!({"kind": "pressure-hold", "breaths": 5, "spots": 1, "cues": vec!["c"; 20]}),
            "steps[0].cues: must have at most 19 items besides the stop-on-pain rule, which is added to every pressure hold, got 20",
        ),
        (json!({"kind": "note"}), "steps[0].text: is required"),
        (
            json!({"kind": "note", "text": "hi", "cues": ["x"]}),
            "steps[0].cues: unknown field; allowed fields are kind, id, title, text",
        ),
        (
            json!({"kind": "note", "text": "hi", "title": ""}),
            "steps[0].title: must not be empty",
        ),
        (
            json!({"kind": "rest", "id": "Rest!", "seconds": 5}),
            "steps[0].id: must be 1–64 characters of a-z, 0-9 and '-', got \"Rest!\"",
        ),
    ];
    // Every case is checked before failing, so one run lists every message that differs.
    let wrong: Vec<String> = cases
        .iter()
        .filter_map(|(step, expected)| {
            let got = match Flow::from_value(&one_step(step.clone()), "") {
                Err(e) => e.to_string(),
                Ok(f) => format!("accepted as {f:?}"),
            };
            (got != *expected)
                .then(|| format!("for {step}\n  expected: {expected}\n  got:      {got}"))
        })
        .collect();
    assert!(
        wrong.is_empty(),
        "{} messages differ:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

#[test]
fn unknown_pattern_ids_list_the_built_ins() {
    let ids = breathflow::library::pattern_ids().join(", ");
    assert_eq!(
        err(one_step(
            json!({"kind": "breathe", "pattern": "nope", "breaths": 1})
        )),
        format!(
            "steps[0].pattern: unknown pattern id \"nope\"; built-in ids are {ids}, or use a shorthand like \"4-7-8\""
        )
    );
}

#[test]
fn errors_name_the_step_by_position() {
    let v = json!({"title": "t", "steps": [
        {"kind": "rest", "seconds": 1}, {"kind": "rest", "seconds": 1},
        {"kind": "rest", "seconds": 1}, {"kind": "rest", "seconds": -5}]});
    assert_eq!(err(v), "steps[3].seconds: must be 1–3600 s, got -5");
    let v = json!({"title": "t", "steps": [
        {"kind": "rest", "id": "a", "seconds": 1},
        {"kind": "rest", "seconds": 1, "alternative": {"kind": "rest", "id": "a", "seconds": 1}}]});
    assert_eq!(
        err(v),
        "steps[1].alternative.id: \"a\" is already the id of steps[0]"
    );
    let v = json!({"title": "t", "steps": [
        {"kind": "rest", "id": "a", "seconds": 1}, {"kind": "rest", "id": "a", "seconds": 1}]});
    assert_eq!(err(v), "steps[1].id: \"a\" is already the id of steps[0]");
}

#[test]
fn plans_of_flows_built_in_code_are_checked_too() {
    let mut f = test_flow();
    f.steps[3].body = StepBody::Roll { seconds: f64::NAN };
    assert_eq!(
        Plan::new(&f).unwrap_err().to_string(),
        "steps[3].seconds: must be 1–3600 s, got NaN"
    );
    let mut f = test_flow();
    f.steps[0].body = StepBody::Breathe {
        pattern: breathflow::flow::PatternRef {
            name: Some("box".into()),
            pattern: breathflow::library::resolve_value(&json!("box"), "").unwrap(),
        },
        length: Length::Breaths(0),
    };
    assert_eq!(
        Plan::new(&f).unwrap_err().to_string(),
        "steps[0].breaths: must be 1–1000 breaths, got 0"
    );
    let mut f = test_flow();
    f.steps.clear();
    assert!(Session::from_flow(f, &[]).is_err());
}
