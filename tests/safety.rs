//! Safety adaptation: every rule on the built-in `back-strengthening` and
//! `pressure-point-release` flows, with the exact changes and reasons; condition parsing;
//! guidance texts; the empty-result rule.

use breathflow::flow::{Flow, StepKind, STOP_ON_PAIN_CUE};
use breathflow::library;
use breathflow::safety::{
    adapt, guidance, Action, Change, Condition, SOFT_TWIST_CUE, SURGERY_CAUTION_CUE,
};
use breathflow::session::Session;
use serde_json::json;

use Condition::*;

fn back() -> &'static Flow {
    library::flow("back-strengthening").unwrap()
}

fn pressure() -> &'static Flow {
    library::flow("pressure-point-release").unwrap()
}

fn ids(f: &Flow) -> Vec<&str> {
    f.steps.iter().map(|s| s.id.as_str()).collect()
}

fn change(id: &str, action: Action, reason: &str) -> Change {
    Change {
        step_id: id.into(),
        action,
        reason: reason.into(),
    }
}

const EYES: &str = "glaucoma, cataracts or another major eye condition";
const BP: &str = "high blood pressure that is not under control";

#[test]
fn no_conditions_change_nothing() {
    for f in library::flows() {
        let a = adapt(f, &[]).unwrap();
        assert_eq!(&a.flow, f);
        assert!(a.changes.is_empty());
    }
}

#[test]
fn eye_condition_replaces_the_inversion_with_its_alternative() {
    let a = adapt(back(), &[EyeCondition]).unwrap();
    assert_eq!(
        a.changes,
        [change(
            "modified-down-dog",
            Action::Replaced,
            &format!(
                "Modified Down Dog replaced by Down Dog at the Wall: putting the head below the \
                 heart is not safe with {EYES}."
            )
        )]
    );
    assert_eq!(
        ids(&a.flow),
        [
            "wall-dog",
            "seated-isolation",
            "tadasana-half-moon",
            "seated-spinal-twist",
            "pure-relaxation"
        ]
    );
    assert_eq!(
        a.flow.steps[0].title.as_deref(),
        Some("Down Dog at the Wall")
    );
    assert!(a.flow.steps[0].alternative.is_none());
    // Everything else is untouched.
    assert_eq!(a.flow.steps[1..], back().steps[1..]);
}

#[test]
fn high_blood_pressure_replaces_the_inversion_too() {
    let a = adapt(back(), &[HighBloodPressure]).unwrap();
    assert_eq!(
        a.changes,
        [change(
            "modified-down-dog",
            Action::Replaced,
            &format!(
                "Modified Down Dog replaced by Down Dog at the Wall: putting the head below the \
                 heart is not safe with {BP}."
            )
        )]
    );
    assert_eq!(ids(&a.flow)[0], "wall-dog");
}

#[test]
fn both_head_conditions_are_named_in_one_reason() {
    let a = adapt(back(), &[HighBloodPressure, EyeCondition]).unwrap();
    assert_eq!(
        a.changes,
        [change(
            "modified-down-dog",
            Action::Replaced,
            &format!(
                "Modified Down Dog replaced by Down Dog at the Wall: putting the head below the \
                 heart is not safe with {EYES}, and with {BP}."
            )
        )]
    );
}

#[test]
fn an_inversion_without_a_safe_alternative_is_removed() {
    let mut f = back().clone();
    f.steps[0].alternative = None;
    let a = adapt(&f, &[EyeCondition]).unwrap();
    assert_eq!(
        a.changes,
        [change(
            "modified-down-dog",
            Action::Removed,
            &format!(
                "Modified Down Dog left out: putting the head below the heart is not safe with \
                 {EYES}."
            )
        )]
    );
    assert_eq!(ids(&a.flow)[0], "seated-isolation");
    assert_eq!(a.flow.steps.len(), 4);

    // An alternative that is itself an inversion is no alternative.
    let mut f = back().clone();
    let alt = f.steps[0].alternative.as_mut().unwrap();
    alt.tags.push(breathflow::flow::Tag::Inversion);
    let a = adapt(&f, &[HighBloodPressure]).unwrap();
    assert_eq!(a.changes[0].action, Action::Removed);
    assert_eq!(a.flow.steps.len(), 4);
}

#[test]
fn recent_surgery_cautions_every_pose_and_softens_twists() {
    let a = adapt(back(), &[RecentSurgery]).unwrap();
    let why = "after recent surgery or a major physical limitation, go slowly and start with tiny \
               movements";
    assert_eq!(
        a.changes,
        [
            change(
                "modified-down-dog",
                Action::Cautioned,
                &format!("Modified Down Dog: {why}.")
            ),
            change(
                "seated-isolation",
                Action::Cautioned,
                &format!("Seated Isolation Movement: {why}.")
            ),
            change(
                "tadasana-half-moon",
                Action::Cautioned,
                &format!("Tadasana & Half-moon: {why}.")
            ),
            change(
                "seated-spinal-twist",
                Action::Cautioned,
                &format!(
                    "Seated Spinal Twist: {why}, and keep the twist small, well inside your range."
                )
            ),
        ]
    );
    // Pure Relaxation is a rest, not a pose: unchanged.
    assert_eq!(a.flow.steps[4], back().steps[4]);
    for (i, s) in a.flow.steps[..4].iter().enumerate() {
        assert_eq!(s.cues[0], SURGERY_CAUTION_CUE);
        if i < 3 {
            assert_eq!(s.cues[1..], back().steps[i].cues[..]);
        }
    }
    let twist = &a.flow.steps[3];
    assert_eq!(twist.cues[1], SOFT_TWIST_CUE);
    assert_eq!(twist.cues[2..], back().steps[3].cues[..]);
    // The caution is shown on both sides.
    let s = Session::from_flow(back().clone(), &[RecentSurgery]).unwrap();
    let plan = s.plan().unwrap();
    let right = plan
        .parts()
        .iter()
        .find(|p| p.step == Some(3) && p.side == breathflow::flow::Side::Right)
        .unwrap();
    let info = s.sample(right.start_ms as f64).step.unwrap();
    assert_eq!(info.cues[0], SURGERY_CAUTION_CUE);
    assert_eq!(info.cues[1], SOFT_TWIST_CUE);
    // Adapting twice adds nothing more.
    let again = adapt(&a.flow, &[RecentSurgery]).unwrap();
    assert_eq!(again.flow, a.flow);
    assert!(again.changes.is_empty());
}

#[test]
fn an_alternative_that_takes_a_poses_place_is_cautioned_too() {
    let a = adapt(back(), &[EyeCondition, RecentSurgery]).unwrap();
    let actions: Vec<(&str, Action)> = a
        .changes
        .iter()
        .map(|c| (c.step_id.as_str(), c.action))
        .collect();
    assert_eq!(
        actions,
        [
            ("modified-down-dog", Action::Replaced),
            ("wall-dog", Action::Cautioned),
            ("seated-isolation", Action::Cautioned),
            ("tadasana-half-moon", Action::Cautioned),
            ("seated-spinal-twist", Action::Cautioned),
        ]
    );
    assert_eq!(
        a.changes[1].reason,
        "Down Dog at the Wall: after recent surgery or a major physical limitation, go slowly and \
         start with tiny movements."
    );
    assert_eq!(a.flow.steps[0].cues[0], SURGERY_CAUTION_CUE);
}

#[test]
fn lymph_nodes_or_chemo_removes_every_massage_step() {
    let a = adapt(pressure(), &[LymphNodesOrChemo]).unwrap();
    let why = "with lymph nodes removed or during chemotherapy, ask your doctor before any \
               massage, a ball massage included.";
    assert_eq!(
        a.changes,
        [
            change(
                "roll",
                Action::Removed,
                &format!("Roll around the sore area left out: {why}")
            ),
            change(
                "hold",
                Action::Removed,
                &format!("Hold pressure points left out: {why}")
            ),
            change(
                "roll-again",
                Action::Removed,
                &format!("Roll again left out: {why}")
            ),
            change(
                "hold-again",
                Action::Removed,
                &format!("Hold again left out: {why}")
            ),
        ]
    );
    assert_eq!(ids(&a.flow), ["what-you-need", "rest"]);
    // Pressure holds and rolls count as massage even without the tag.
    let mut f = pressure().clone();
    for s in &mut f.steps {
        s.tags.clear();
    }
    let b = adapt(&f, &[LymphNodesOrChemo]).unwrap();
    assert_eq!(ids(&b.flow), ["what-you-need", "rest"]);
    // Back strengthening has no massage: unchanged.
    let c = adapt(back(), &[LymphNodesOrChemo]).unwrap();
    assert!(c.changes.is_empty());
    assert_eq!(&c.flow, back());
}

#[test]
fn rules_that_do_not_apply_leave_pressure_point_release_alone() {
    for cond in [EyeCondition, HighBloodPressure, RecentSurgery] {
        let a = adapt(pressure(), &[cond]).unwrap();
        assert!(a.changes.is_empty(), "{cond}: {:?}", a.changes);
        assert_eq!(&a.flow, pressure());
    }
}

#[test]
fn all_conditions_together() {
    let all = Condition::ALL;
    let a = adapt(pressure(), &all).unwrap();
    assert_eq!(ids(&a.flow), ["what-you-need", "rest"]);
    assert_eq!(a.changes.len(), 4);
    let b = adapt(back(), &all).unwrap();
    assert_eq!(b.changes.len(), 5);
    assert_eq!(ids(&b.flow)[0], "wall-dog");
}

#[test]
fn a_flow_with_nothing_safe_left_is_an_error() {
    let f = Flow::from_value(
        &json!({"title": "Ball only", "steps": [
            {"kind": "roll", "seconds": 30},
            {"kind": "pressure-hold", "breaths": 3, "spots": 2}
        ]}),
        "",
    )
    .unwrap();
    let e = adapt(&f, &[LymphNodesOrChemo]).unwrap_err();
    assert_eq!(e.path, "conditions");
    assert_eq!(
        e.to_string(),
        "conditions: nothing in \"Ball only\" is safe with lymph nodes removed or during \
         chemotherapy: every step was left out. Ask your doctor which practice suits you."
    );
    let e = Session::from_flow(f, &[LymphNodesOrChemo]).unwrap_err();
    assert_eq!(e.path, "conditions");
}

#[test]
fn sessions_apply_the_conditions() {
    let s = Session::from_flow(pressure().clone(), &[LymphNodesOrChemo]).unwrap();
    assert_eq!(s.changes().len(), 4);
    let kinds: Vec<StepKind> = s.flow().unwrap().steps.iter().map(|s| s.kind()).collect();
    assert_eq!(kinds, [StepKind::Note, StepKind::Rest]);
    // 5 s countdown, the note's reading time, 60 s rest.
    let note = match &s.flow().unwrap().steps[0].body {
        breathflow::flow::StepBody::Note { text, .. } => breathflow::flow::note_reading_ms(text),
        _ => unreachable!(),
    };
    assert_eq!(s.total_ms(), Some(5000 + note + 60_000));
    let plain = Session::from_flow(pressure().clone(), &[]).unwrap();
    assert!(plain.changes().is_empty());
}

#[test]
fn changes_serialise_in_lowercase() {
    let a = adapt(back(), &[EyeCondition]).unwrap();
    let v = serde_json::to_value(&a.changes[0]).unwrap();
    assert_eq!(v["stepId"], "modified-down-dog");
    assert_eq!(v["action"], "replaced");
    assert!(v["reason"].as_str().unwrap().contains("glaucoma"));
    assert_eq!(Action::Removed.as_str(), "removed");
    assert_eq!(Action::Cautioned.as_str(), "cautioned");
    assert_eq!(LymphNodesOrChemo.as_str(), "lymph-nodes-or-chemo");
}

#[test]
fn conditions_parse_with_a_clear_error() {
    assert_eq!("eye-condition".parse::<Condition>().unwrap(), EyeCondition);
    assert_eq!(
        Condition::parse("high-blood-pressure", "x").unwrap(),
        HighBloodPressure
    );
    assert_eq!(
        "asthma".parse::<Condition>().unwrap_err().to_string(),
        "unknown condition \"asthma\"; valid conditions are eye-condition, high-blood-pressure, \
         recent-surgery, lymph-nodes-or-chemo"
    );
    let list = Condition::list_from_value(
        &json!(["recent-surgery", "eye-condition", "recent-surgery"]),
        "conditions",
    )
    .unwrap();
    assert_eq!(list, [EyeCondition, RecentSurgery]);
    assert_eq!(
        Condition::list_from_value(&json!(["eye-condition", "asthma"]), "conditions")
            .unwrap_err()
            .to_string(),
        "conditions[1]: unknown condition \"asthma\"; valid conditions are eye-condition, \
         high-blood-pressure, recent-surgery, lymph-nodes-or-chemo"
    );
    assert_eq!(
        Condition::list_from_value(&json!([1]), "conditions")
            .unwrap_err()
            .to_string(),
        "conditions[0]: must be a condition name (eye-condition, high-blood-pressure, \
         recent-surgery, lymph-nodes-or-chemo), got a number"
    );
    assert_eq!(
        Condition::list_from_value(&json!("eye-condition"), "conditions")
            .unwrap_err()
            .to_string(),
        "conditions: must be an array, got a string"
    );
    for c in Condition::ALL {
        assert_eq!(c.as_str().parse::<Condition>().unwrap(), c);
        assert_eq!(c.to_string(), c.as_str());
    }
}

#[test]
fn guidance_texts() {
    let g = guidance(&[]);
    let ids: Vec<&str> = g.iter().map(|g| g.id).collect();
    assert_eq!(ids, ["stop-on-pain", "see-a-doctor", "blood-pressure"]);
    // Stop on pain, but an intense good sensation is fine.
    assert!(g[0].text.contains("feels good"));
    assert!(g[0].text.contains("if anything hurts, stop"));
    // Red flags: pain not in waves / not easing; deep pain under the lower ribs.
    assert!(g[1].text.contains("waves"));
    assert!(g[1].text.contains("few hours or days"));
    assert!(g[1].text.contains("just under the lower ribs"));
    // Uncontrolled high blood pressure: ask a physician first.
    assert!(g[2]
        .text
        .contains("not under control, ask your physician before"));

    let g = guidance(&[LymphNodesOrChemo, EyeCondition]);
    let ids: Vec<&str> = g.iter().map(|g| g.id).collect();
    assert_eq!(
        ids,
        [
            "stop-on-pain",
            "see-a-doctor",
            "blood-pressure",
            "eye-condition",
            "lymph-nodes-or-chemo"
        ]
    );
    assert!(g[4].text.contains("ask your doctor"));
    assert!(HighBloodPressure.advice().contains("ask your physician"));
    assert!(RecentSurgery.advice().contains("very small movements"));
    // The pressure hold's own cue says the same.
    assert!(STOP_ON_PAIN_CUE.contains("pain is not"));
}
