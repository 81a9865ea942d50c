//! The built-in flows: each validates, round-trips through serde, compiles into a session, and
//! says what the source articles say (the poses, their order, the cues that matter for safety).

use breathflow::flow::{Flow, Length, Side, StepBody, StepKind, Tag, STOP_ON_PAIN_CUE};
use breathflow::library;
use breathflow::session::{Event, Session};

fn flow(id: &str) -> &'static Flow {
    library::flow(id).unwrap_or_else(|| panic!("no built-in flow {id}"))
}

fn titles(f: &Flow) -> Vec<&str> {
    f.steps.iter().map(|s| s.display_title()).collect()
}

fn pattern_name(s: &breathflow::flow::Step) -> Option<&str> {
    match &s.body {
        StepBody::Breathe { pattern, .. } => pattern.name.as_deref(),
        StepBody::Pose { pattern, .. } | StepBody::PressureHold { pattern, .. } => {
            pattern.as_ref().and_then(|p| p.name.as_deref())
        }
        _ => None,
    }
}

#[test]
fn the_library_lists_five_flows() {
    assert_eq!(
        library::flow_ids(),
        [
            "mobilize-ribs",
            "back-strengthening",
            "pressure-point-release",
            "spasm-relief",
            "daily-prevention"
        ]
    );
    assert_eq!(library::flows().len(), 5);
    assert!(library::flow("nope").is_none());
}

#[test]
fn every_flow_validates_round_trips_and_has_a_title_and_description() {
    for (id, text) in library::flow_files() {
        let f = Flow::parse(text).unwrap_or_else(|e| panic!("{id}: {e}"));
        assert_eq!(f.id.as_deref(), Some(*id));
        assert!(!f.title.trim().is_empty());
        let d = f.description.as_deref().unwrap_or_else(|| panic!("{id}"));
        assert!(!d.contains('\n') && d.len() < 200, "{id}: one line");
        // Round trip, through a value and through text (compact and pretty).
        let v = serde_json::to_value(&f).unwrap();
        assert_eq!(Flow::from_value(&v, "").unwrap(), f, "{id}");
        assert_eq!(Flow::parse(&v.to_string()).unwrap(), f, "{id}");
        let sj: serde_json::Value = serde_json::from_str(&v.to_string()).unwrap();
        let pretty = serde_json::to_string_pretty(&sj).unwrap();
        assert_eq!(Flow::parse(&pretty).unwrap(), f, "{id}");
        // Every step has an explicit id in the shipped file (stable for adaptation reports).
        let raw: serde_json::Value = serde_json::from_str(text).unwrap();
        for (i, s) in raw["steps"].as_array().unwrap().iter().enumerate() {
            assert!(s["id"].as_str().is_some(), "{id} steps[{i}] has no id");
        }
        // Every pattern named is a built-in.
        for s in &f.steps {
            if let Some(n) = pattern_name(s) {
                assert!(library::pattern(n).is_some(), "{id}: {n}");
            }
        }
    }
}

#[test]
fn every_flow_compiles_into_a_session_with_consistent_events() {
    for f in library::flows() {
        let s = Session::from_flow(f.clone(), &[]).unwrap();
        let total = s.total_ms().unwrap();
        assert!(total > 30_000, "{}: {total}", f.title);
        let ev = s.events(-1.0, total as f64);
        let breaths = ev
            .iter()
            .filter(|e| matches!(e, Event::Breath { .. }))
            .count() as u64;
        assert_eq!(Some(breaths), s.total_breaths(), "{}", f.title);
        assert_eq!(
            ev.last().unwrap(),
            &Event::Complete {
                at_ms: total,
                breaths
            }
        );
        let steps = ev
            .iter()
            .filter(|e| matches!(e, Event::Step { .. }))
            .count();
        assert_eq!(
            steps,
            s.plan()
                .unwrap()
                .parts()
                .iter()
                .filter(|p| p.step.is_some())
                .count()
        );
    }
}

#[test]
fn mobilize_ribs_is_ten_rib_breaths_lying_down() {
    let f = flow("mobilize-ribs");
    let b = f
        .steps
        .iter()
        .find(|s| s.kind() == StepKind::Breathe)
        .unwrap();
    assert_eq!(pattern_name(b), Some("ribs"));
    assert!(matches!(
        b.body,
        StepBody::Breathe {
            length: Length::Breaths(10),
            ..
        }
    ));
    assert!(f.steps.iter().all(|s| s.has_tag(Tag::Supine)));
    let all_cues = f
        .steps
        .iter()
        .flat_map(|s| &s.cues)
        .cloned()
        .collect::<String>();
    assert!(all_cues.contains("thumbs"));
    assert!(all_cues.contains("through the nose"));
    assert!(all_cues.contains("through the mouth"));
}

#[test]
fn back_strengthening_has_the_five_poses_in_order() {
    let f = flow("back-strengthening");
    assert_eq!(
        titles(f),
        [
            "Modified Down Dog",
            "Seated Isolation Movement",
            "Tadasana & Half-moon",
            "Seated Spinal Twist",
            "Pure Relaxation"
        ]
    );
    let dog = &f.steps[0];
    assert!(dog.has_tag(Tag::Inversion));
    let alt = dog.alternative.as_ref().expect("a safe alternative");
    assert!(!alt.has_tag(Tag::Inversion));
    assert_eq!(alt.kind(), StepKind::Pose);
    assert!(f.steps[2].both_sides());
    assert!(f.steps[3].both_sides());
    assert!(f.steps[3].has_tag(Tag::Twist));
    assert!(f.steps[3]
        .cues
        .iter()
        .any(|c| c.contains("Do not over-twist")));
    assert!(!f.steps[1].both_sides());
    // Two-sided poses mirror their cues on the right side.
    let s = Session::from_flow(f.clone(), &[]).unwrap();
    let parts = s.plan().unwrap().parts();
    let sides: Vec<Side> = parts
        .iter()
        .filter(|p| p.step == Some(3))
        .map(|p| p.side)
        .collect();
    assert_eq!(sides, [Side::Left, Side::Right]);
    let right = parts
        .iter()
        .find(|p| p.step == Some(3) && p.side == Side::Right)
        .unwrap();
    let cues = s.sample(right.start_ms as f64).step.unwrap().cues;
    assert!(cues[1].contains("turn the chest gently to the right"));
    assert!(cues[1].contains("right hand behind you, left hand on the right knee"));
}

#[test]
fn pressure_point_release_rolls_then_holds_with_the_stop_on_pain_rule() {
    let f = flow("pressure-point-release");
    let kinds: Vec<StepKind> = f.steps.iter().map(|s| s.kind()).collect();
    assert_eq!(
        kinds,
        [
            StepKind::Note,
            StepKind::Roll,
            StepKind::PressureHold,
            StepKind::Roll,
            StepKind::PressureHold,
            StepKind::Rest
        ]
    );
    for s in f
        .steps
        .iter()
        .filter(|s| s.kind() == StepKind::PressureHold)
    {
        assert_eq!(s.cues[0], STOP_ON_PAIN_CUE);
        assert!(s.has_tag(Tag::Massage));
        assert!(s.cues.iter().any(|c| c.contains("ides of the spine")));
        match s.body {
            StepBody::PressureHold { spots, breaths, .. } => {
                assert!(spots >= 2 && breaths >= 3)
            }
            _ => unreachable!(),
        }
    }
    let hold = &f.steps[2];
    assert!(hold.cues.iter().any(|c| c.contains("into the sensation")));
    assert!(hold.cues.iter().any(|c| c.contains("new spot")));
    assert!(f.steps[1]
        .cues
        .iter()
        .any(|c| c.contains("edges of the sore area")));
}

#[test]
fn spasm_relief_is_first_aid_with_ujjayi_and_a_note_on_warmth() {
    let f = flow("spasm-relief");
    assert_eq!(
        titles(f),
        [
            "Find a comfortable position",
            "Soften with the breath",
            "Micro-movements",
            "Ocean breath",
            "Warmth helps"
        ]
    );
    assert_eq!(pattern_name(&f.steps[3]), Some("ujjayi"));
    assert!(f.steps[2]
        .cues
        .iter()
        .any(|c| c.contains("pause right there")));
    match &f.steps[4].body {
        StepBody::Note { text, .. } => {
            assert!(text.contains("warm"));
            assert!(text.contains("ice"));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn daily_prevention_grounds_anchors_and_mobilizes() {
    let f = flow("daily-prevention");
    assert_eq!(
        titles(f),
        ["Ground the Feet", "Anchor the Hips", "Mobilize the Ribs"]
    );
    assert!(f.steps[0].cues.iter().any(|c| c.contains("four points")));
    assert!(f.steps[1].cues.iter().any(|c| c.contains("Make an L")));
    assert_eq!(f.steps[2].kind(), StepKind::Breathe);
}

#[test]
fn the_embedded_minified_flows_read_as_the_files_do() {
    for (id, text) in library::flow_files() {
        let path = format!("{}/library/flows/{id}.json", env!("CARGO_MANIFEST_DIR"));
        let file = std::fs::read_to_string(path).unwrap();
        assert!(text.len() < file.len(), "{id} is minified");
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(text).unwrap(),
            serde_json::from_str::<serde_json::Value>(&file).unwrap(),
            "{id}"
        );
    }
}
