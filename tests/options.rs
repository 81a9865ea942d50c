//! Widget options: defaults and every rule's message, naming the option.
use breathflow::options::{ClockMode, Options, Practice, Repaint};
use breathflow::GapPolicy;
use serde_json::json;

fn err(v: serde_json::Value) -> String {
    Options::from_value(&v).unwrap_err().to_string()
}

#[test]
fn defaults() {
    let o = Options::from_value(&json!({ "pattern": "ujjayi" })).unwrap();
    assert_eq!(o.practice, Practice::Pattern(json!("ujjayi")));
    assert_eq!((o.breaths, o.seconds, o.countdown), (None, None, None));
    assert_eq!(o.clock, ClockMode::Frame);
    assert_eq!(o.reduced_motion, None);
    assert!(!o.sound && !o.haptics);
    assert_eq!(o.gap_policy, GapPolicy::Pause);
    assert_eq!(o.repaint, Repaint::Changed);
    assert!(o.conditions.is_empty());
}

#[test]
fn every_option_read() {
    let o = Options::from_value(&json!({ "flow": "mobilize-ribs", "conditions": ["eye-condition"], "clock": "manual",
        "reducedMotion": true, "sound": true, "haptics": true, "countdown": 3, "gapPolicy": "catch-up",
        "repaint": "whole" }))
    .unwrap();
    assert_eq!(o.practice, Practice::Flow(json!("mobilize-ribs")));
    assert_eq!(o.conditions, vec!["eye-condition"]);
    assert_eq!(o.clock, ClockMode::Manual);
    assert_eq!(o.reduced_motion, Some(true));
    assert!(o.sound && o.haptics);
    assert_eq!(o.countdown, Some(3.0));
    assert_eq!(o.gap_policy, GapPolicy::CatchUp);
    assert_eq!(o.repaint, Repaint::Whole);
    let o =
        Options::from_value(&json!({ "pattern": "box", "reducedMotion": "auto", "seconds": 60 }))
            .unwrap();
    assert_eq!((o.reduced_motion, o.seconds), (None, Some(60.0)));
}

#[test]
fn each_rule_has_its_message() {
    assert_eq!(err(json!(null)), "options: must be an object, got null");
    assert!(err(json!({})).starts_with("options: needs a pattern"));
    assert_eq!(
        err(json!({ "pattern": "box", "flow": "x" })),
        "options: give either pattern or flow, not both"
    );
    assert_eq!(
        err(json!({ "pattern": "box", "breaths": 0 })),
        "options.breaths: must be 1–10000 breaths, got 0"
    );
    assert_eq!(
        err(json!({ "pattern": "box", "breaths": 2.5 })),
        "options.breaths: must be a whole number, got 2.5"
    );
    assert_eq!(
        err(json!({ "pattern": "box", "seconds": 0.5 })),
        "options.seconds: must be 1–86400 s, got 0.5"
    );
    assert_eq!(
        err(json!({ "pattern": "box", "breaths": 3, "seconds": 60 })),
        "options: give either breaths or seconds, not both"
    );
    assert_eq!(
        err(json!({ "flow": "mobilize-ribs", "breaths": 3 })),
        "options.breaths: applies to a pattern only; a flow sets the length of each step"
    );
    assert_eq!(
        err(json!({ "pattern": "box", "clock": "sun" })),
        "options.clock: must be \"frame\" or \"manual\", got \"sun\""
    );
    assert_eq!(
        err(json!({ "pattern": "box", "reducedMotion": "yes" })),
        "options.reducedMotion: must be \"auto\", true or false, got \"yes\""
    );
    assert_eq!(
        err(json!({ "pattern": "box", "sound": 1 })),
        "options.sound: must be true or false, got a number"
    );
    assert_eq!(
        err(json!({ "pattern": "box", "countdown": 61 })),
        "options.countdown: must be 0–60 s, got 61"
    );
    assert_eq!(
        err(json!({ "pattern": "box", "gapPolicy": "skip" })),
        "options.gapPolicy: must be \"pause\" or \"catch-up\", got \"skip\""
    );
    assert_eq!(
        err(json!({ "pattern": "box", "repaint": "some" })),
        "options.repaint: must be \"changed\" or \"whole\", got \"some\""
    );
    assert_eq!(
        err(json!({ "pattern": "box", "conditions": "eye-condition" })),
        "options.conditions: must be an array, got a string"
    );
    assert!(err(json!({ "pattern": "box", "speed": 2 }))
        .starts_with("options.speed: unknown field; allowed fields are pattern, flow,"));
}
