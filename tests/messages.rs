//! Error messages for people: every path starts at the argument's root, echoed input is cut to a
//! readable length, serde's own wording is rephrased, and documents are objects only.

use breathflow::library;
use breathflow::options::Options;
use breathflow::{Flow, Pattern};
use serde_json::json;

fn flow_err(v: serde_json::Value) -> String {
    Flow::from_value(&v, "flow").unwrap_err().to_string()
}

#[test]
fn a_huge_echo_is_cut_to_a_readable_length() {
    let huge = format!("1-{}", "9".repeat(10_000_000));
    let e = library::resolve_value(&json!(huge), "pattern")
        .unwrap_err()
        .to_string();
    assert!(e.len() < 300, "{} bytes: {}…", e.len(), &e[..200]);
    assert!(e.starts_with("pattern (part 2 of \"1-999"), "{e}");
    assert!(e.contains("…\""), "{e}");
    let id = "x".repeat(5_000_000);
    let e = library::resolve_value(&json!(id), "pattern")
        .unwrap_err()
        .to_string();
    assert!(e.len() < 400, "{} bytes", e.len());
    assert!(e.starts_with("pattern: unknown pattern id \"xxx"), "{e}");
}

#[test]
fn every_path_starts_at_the_root_it_is_given() {
    assert_eq!(flow_err(json!({"steps": []})), "flow.title: is required");
    assert_eq!(
        flow_err(json!({"title": "t", "steps": []})),
        "flow.steps: must have 1–500 steps, got 0"
    );
    assert_eq!(
        flow_err(json!({"title": "t", "steps": [{"kind": "rest", "seconds": "x"}]})),
        "flow.steps[0].seconds: must be a number, got a string"
    );
    assert_eq!(
        Pattern::from_value(&json!(5), "pattern")
            .unwrap_err()
            .to_string(),
        "pattern: must be an object, got a number"
    );
    assert_eq!(
        library::resolve_value(&json!(true), "pattern").unwrap_err().to_string(),
        "pattern: must be a pattern id, a shorthand like \"4-7-8\", or a pattern object, got a boolean"
    );
    let e = Options::from_value(
        &json!({"flow": {"title": "t", "steps": [{"kind": "rest", "seconds": -5}]}}),
    )
    .and_then(|o| o.session())
    .unwrap_err()
    .to_string();
    assert_eq!(e, "options.flow.steps[0].seconds: must be 1–3600 s, got -5");
}

#[test]
fn an_array_is_never_read_as_an_object() {
    assert_eq!(
        flow_err(json!({"title": "t", "steps": [["rest", null, null, null, null, 5]]})),
        "flow.steps[0]: must be an object, got an array"
    );
    assert_eq!(
        flow_err(
            json!({"title": "t", "steps": [{"kind": "rest", "seconds": 5, "alternative": ["rest"]}]})
        ),
        "flow.steps[0].alternative: must be an object, got an array"
    );
    let p = json!({"phases": [{"phase": "inhale", "seconds": 4, "ramp": [6, 5]}, {"phase": "exhale", "seconds": 4}]});
    assert_eq!(
        Pattern::from_value(&p, "").unwrap_err().to_string(),
        "phases[0].ramp: must be an object, got an array"
    );
}

#[test]
fn a_wrong_name_of_any_type_lists_the_names() {
    assert_eq!(
        flow_err(json!({"title": "t", "steps": [{"kind": 3}]})),
        "flow.steps[0].kind: must be one of breathe, pose, pressure-hold, roll, rest, note, got 3"
    );
    assert_eq!(
        Options::from_value(&json!({"pattern": "box", "clock": 5}))
            .unwrap_err()
            .to_string(),
        "options.clock: must be \"frame\" or \"manual\", got 5"
    );
    assert_eq!(
        Options::from_value(&json!({"pattern": "box", "gapPolicy": "skip"}))
            .unwrap_err()
            .to_string(),
        "options.gapPolicy: must be \"pause\" or \"catch-up\", got \"skip\""
    );
    assert_eq!(
        Options::from_value(&json!({"pattern": "box", "reducedMotion": "yes"}))
            .unwrap_err()
            .to_string(),
        "options.reducedMotion: must be \"auto\", true or false, got \"yes\""
    );
    assert_eq!(
        Options::from_value(&json!({"pattern": "box", "speed": 2})).unwrap_err().to_string(),
        "options.speed: unknown field; allowed fields are pattern, flow, breaths, seconds, conditions, locale, clock, reducedMotion, sound, haptics, countdown, gapPolicy, repaint"
    );
}

#[test]
fn an_empty_key_keeps_its_place_in_the_path() {
    assert_eq!(
        flow_err(json!({"title": "t", "steps": [{"kind": "rest", "seconds": 5, "": 1}]})),
        "flow.steps[0][\"\"]: unknown field; allowed fields are kind, id, title, pattern, breaths, seconds, spots, sides, text, cues, tags, alternative"
    );
}
