//! Patterns: the built-in library, shorthand parsing, every validation rule with its exact
//! message, and a property test that no document or shorthand makes the parser (or the pacer over
//! whatever parses) panic.
#![cfg(not(target_arch = "wasm32"))]

use breathflow::library;
use breathflow::pacer::{Bound, Pacer};
use breathflow::pattern::{Pattern, PhaseKind, Route, Zone};
use breathflow::read;
use proptest::prelude::*;
use serde_json::{json, Value};

use PhaseKind::{Exhale, HoldIn, HoldOut, Inhale};

fn parse(v: Value) -> Result<Pattern, String> {
    Pattern::from_value(&v, "").map_err(|e| e.to_string())
}

fn shape(p: &Pattern) -> Vec<(PhaseKind, f64)> {
    p.phases.iter().map(|ph| (ph.phase, ph.seconds)).collect()
}

// ---------------------------------------------------------------------------------------------
// The built-in library

#[test]
fn every_builtin_pattern_is_registered_and_valid() {
    let ids = [
        "ujjayi", "dirga", "ribs", "box", "4-7-8", "resonant", "sigh",
    ];
    assert_eq!(library::pattern_ids(), ids);
    assert_eq!(library::patterns().len(), ids.len());
    for id in ids {
        let p = library::pattern(id).unwrap_or_else(|| panic!("{id} missing"));
        assert_eq!(p.id.as_deref(), Some(id));
        let title = p.title.as_deref().unwrap();
        let description = p.description.as_deref().unwrap();
        assert!(!title.is_empty() && !title.contains('\n'), "{id}");
        assert!(
            !description.is_empty() && !description.contains('\n'),
            "{id}: one-line description"
        );
        for (i, ph) in p.phases.iter().enumerate() {
            assert!(
                ph.cue.as_deref().is_some_and(|c| !c.is_empty()),
                "{id} phase {i} has a cue"
            );
            if !ph.phase.is_hold() {
                assert!(ph.route.is_some(), "{id} phase {i} has a route");
            }
        }
        // Each resolves by id and runs.
        assert_eq!(&library::resolve_value(&json!(id), "pattern").unwrap(), p);
        Pacer::new(p.clone(), Bound::Seconds(3600.0)).unwrap();
    }
    assert!(library::pattern("nope").is_none());
}

#[test]
fn builtin_patterns_say_what_the_sources_say() {
    let p = |id| library::pattern(id).unwrap();

    let u = p("ujjayi");
    assert_eq!(shape(u), vec![(Inhale, 5.0), (Exhale, 6.0)]);
    assert!(u.phases.iter().all(|ph| ph.route == Some(Route::Nose)));
    assert!(u.phases[0].cue.as_deref().unwrap().contains("throat"));

    let d = p("dirga");
    assert_eq!(d.phases[0].phase, Inhale);
    assert_eq!(
        d.phases[0].focus,
        vec![Zone::Belly, Zone::Ribs, Zone::Chest]
    );
    assert_eq!(d.phases[1].phase, Exhale);
    assert_eq!(
        d.phases[1].focus,
        vec![Zone::Chest, Zone::Ribs, Zone::Belly]
    );

    let r = p("ribs");
    assert_eq!(
        r.phases
            .iter()
            .map(|ph| (ph.phase, ph.route))
            .collect::<Vec<_>>(),
        vec![(Inhale, Some(Route::Nose)), (Exhale, Some(Route::Mouth))]
    );
    assert!(r.phases.iter().all(|ph| ph.focus == vec![Zone::Ribs]));
    assert!(r.phases[0].cue.as_deref().unwrap().contains("palms"));
    assert!(r.phases[1].cue.as_deref().unwrap().contains("yawn"));

    assert_eq!(
        shape(p("box")),
        vec![(Inhale, 4.0), (HoldIn, 4.0), (Exhale, 4.0), (HoldOut, 4.0)]
    );
    assert_eq!(
        shape(p("4-7-8")),
        vec![(Inhale, 4.0), (HoldIn, 7.0), (Exhale, 8.0)]
    );
    // Resonant: about 5.5 breaths a minute.
    let per_minute = 60_000.0 / p("resonant").breath_ms(0) as f64;
    assert!((5.4..=5.6).contains(&per_minute), "{per_minute}");

    // Sigh: two inhales through the nose, the second shorter, then a longer exhale by mouth.
    let s = p("sigh");
    assert_eq!(
        s.phases
            .iter()
            .map(|ph| (ph.phase, ph.route))
            .collect::<Vec<_>>(),
        vec![
            (Inhale, Some(Route::Nose)),
            (Inhale, Some(Route::Nose)),
            (Exhale, Some(Route::Mouth))
        ]
    );
    assert!(s.phases[1].seconds < s.phases[0].seconds);
    assert!(s.phases[2].seconds > s.phases[0].seconds + s.phases[1].seconds);
}

// ---------------------------------------------------------------------------------------------
// Shorthand

#[test]
fn shorthand_parses() {
    let p = Pattern::from_shorthand("4-7-8", "pattern").unwrap();
    assert_eq!(shape(&p), vec![(Inhale, 4.0), (HoldIn, 7.0), (Exhale, 8.0)]);
    assert_eq!((p.id.as_deref(), p.title.as_deref()), (None, Some("4-7-8")));
    let p = Pattern::from_shorthand("4-4-4-4", "pattern").unwrap();
    assert_eq!(
        shape(&p),
        vec![(Inhale, 4.0), (HoldIn, 4.0), (Exhale, 4.0), (HoldOut, 4.0)]
    );
    let p = Pattern::from_shorthand("5.5-5.5", "pattern").unwrap();
    assert_eq!(shape(&p), vec![(Inhale, 5.5), (Exhale, 5.5)]);
    assert_eq!(p.breath_ms(0), 11_000);
    // Zero-second holds are left out.
    let p = Pattern::from_shorthand("4-0-6-0", "pattern").unwrap();
    assert_eq!(shape(&p), vec![(Inhale, 4.0), (Exhale, 6.0)]);
    let p = Pattern::from_shorthand(" 4 - 2 - 6 ", "pattern").unwrap();
    assert_eq!(shape(&p), vec![(Inhale, 4.0), (HoldIn, 2.0), (Exhale, 6.0)]);
    // resolve: a built-in id wins over the shorthand reading; other shorthands parse.
    assert_eq!(
        library::resolve_value(&json!("4-7-8"), "p")
            .unwrap()
            .id
            .as_deref(),
        Some("4-7-8")
    );
    assert_eq!(
        shape(&library::resolve_value(&json!("3-3"), "p").unwrap()),
        vec![(Inhale, 3.0), (Exhale, 3.0)]
    );
}

#[test]
fn shorthand_errors() {
    let e = |s: &str| {
        Pattern::from_shorthand(s, "pattern")
            .unwrap_err()
            .to_string()
    };
    let bad = |s: &str| {
        format!(
            "pattern: must be a pattern id or a shorthand like \"4-7-8\" or \"4-4-4-4\" \
             (seconds of inhale-hold-exhale-hold), got {s:?}"
        )
    };
    for s in [
        "4",
        "",
        "4-7-8-9-1",
        "4-x-8",
        "-4-8",
        "4--8",
        "4-7-",
        "1e1-4",
        "4-+7-8",
        "4-1..2-8",
    ] {
        assert_eq!(e(s), bad(s), "{s:?}");
    }
    assert_eq!(
        e("0.2-4"),
        "pattern (part 1 of \"0.2-4\"): a breathing phase must be 0.5–120 s, got 0.2"
    );
    assert_eq!(
        e("4-121-8"),
        "pattern (part 2 of \"4-121-8\"): a hold must be 0–120 s, got 121"
    );
    assert_eq!(
        e("4-4-0-4"),
        "pattern (part 3 of \"4-4-0-4\"): a breathing phase must be 0.5–120 s, got 0"
    );
    assert_eq!(
        library::resolve_value(&json!("wim"), "steps[0].pattern")
            .unwrap_err()
            .to_string(),
        "steps[0].pattern: unknown pattern id \"wim\"; built-in ids are ujjayi, dirga, ribs, box, \
         4-7-8, resonant, sigh, or use a shorthand like \"4-7-8\""
    );
    assert_eq!(
        library::resolve_value(&json!(true), "pattern")
            .unwrap_err()
            .to_string(),
        "pattern: must be a pattern id, a shorthand like \"4-7-8\", or a pattern object, got a boolean"
    );
}

// ---------------------------------------------------------------------------------------------
// Ramps

#[test]
fn ramp_table() {
    let p = parse(json!({"phases": [
        {"phase": "inhale", "seconds": 4, "ramp": {"to": 8, "breaths": 5}},
        {"phase": "exhale", "seconds": 4}
    ]}))
    .unwrap();
    assert_eq!(p.ramp_breaths(), 5);
    assert_eq!(
        (0..7).map(|b| p.phase_ms(b, 0)).collect::<Vec<_>>(),
        vec![4000, 5000, 6000, 7000, 8000, 8000, 8000]
    );
    assert_eq!(p.phase_ms(1_000_000, 0), 8000);
    assert_eq!(
        (0..6).map(|b| p.breath_ms(b)).collect::<Vec<_>>(),
        vec![8000, 9000, 10000, 11000, 12000, 12000]
    );
    // Thirds round to the nearest ms: 4000, 4333, 4667, 5000.
    let p = parse(json!({"phases": [
        {"phase": "inhale", "seconds": 4, "ramp": {"to": 5, "breaths": 4}},
        {"phase": "exhale", "seconds": 4, "ramp": {"to": 2, "breaths": 2}}
    ]}))
    .unwrap();
    assert_eq!(
        (0..5).map(|b| p.phase_ms(b, 0)).collect::<Vec<_>>(),
        vec![4000, 4333, 4667, 5000, 5000]
    );
    assert_eq!(
        (0..3).map(|b| p.phase_ms(b, 1)).collect::<Vec<_>>(),
        vec![4000, 2000, 2000]
    );
    assert_eq!(p.ramp_breaths(), 4);
    let fixed = library::pattern("box").unwrap();
    assert_eq!(fixed.ramp_breaths(), 0);
}

// ---------------------------------------------------------------------------------------------
// Validation: every rule with its exact message

fn ok_phases() -> Value {
    json!([{"phase": "inhale", "seconds": 4}, {"phase": "exhale", "seconds": 4}])
}

/// A valid two-phase pattern with `field` of phase `i` set to `value`.
fn with_phase_field(i: usize, field: &str, value: Value) -> Value {
    let mut phases = ok_phases();
    phases[i][field] = value;
    json!({ "phases": phases })
}

#[test]
fn validation_messages() {
    let cases: Vec<(Value, &str)> = vec![
        (
            with_phase_field(0, "seconds", json!(0.2)),
            "phases[0].seconds: must be 0.5–120 s, got 0.2",
        ),
        (
            with_phase_field(1, "seconds", json!(121)),
            "phases[1].seconds: must be 0.5–120 s, got 121",
        ),
        (
            json!({"phases": [{"phase": "inhale", "seconds": 4}, {"phase": "hold-in", "seconds": -1},
                              {"phase": "exhale", "seconds": 4}]}),
            "phases[1].seconds: must be 0–120 s, got -1",
        ),
        (
            with_phase_field(0, "seconds", json!("4")),
            "phases[0].seconds: must be a number, got a string",
        ),
        (
            json!({"phases": [{"phase": "inhale"}, {"phase": "exhale", "seconds": 4}]}),
            "phases[0].seconds: is required",
        ),
        (
            json!({"phases": [{"phase": "inhale", "seconds": null}, {"phase": "exhale", "seconds": 4}]}),
            "phases[0].seconds: is required",
        ),
        (
            json!({"phases": [{"seconds": 4}, {"phase": "exhale", "seconds": 4}]}),
            "phases[0].phase: is required",
        ),
        (
            with_phase_field(0, "sconds", json!(4)),
            "phases[0].sconds: unknown field; allowed fields are phase, seconds, route, focus, cue, ramp",
        ),
        (
            json!({"phases": ok_phases(), "colour": "blue"}),
            "colour: unknown field; allowed fields are id, title, description, phases",
        ),
        (json!({"title": "x"}), "phases: is required"),
        (
            json!({"phases": {"phase": "inhale"}}),
            "phases: must be an array, got an object",
        ),
        (
            json!({"phases": []}),
            "phases: must include at least one inhale and one exhale",
        ),
        (
            json!({"phases": [{"phase": "inhale", "seconds": 4}, {"phase": "hold-in", "seconds": 4}]}),
            "phases: must include at least one inhale and one exhale",
        ),
        (
            json!({"phases": (0..13).map(|i| json!({"phase": if i % 2 == 0 {"inhale"} else {"exhale"}, "seconds": 1}))
                .collect::<Vec<_>>()}),
            "phases: must have at most 12 phases, got 13",
        ),
        (
            with_phase_field(1, "phase", json!("breathe")),
            "phases[1].phase: must be one of inhale, hold-in, exhale, hold-out, got \"breathe\"",
        ),
        (
            with_phase_field(1, "phase", json!(3)),
            "phases[1].phase: must be one of inhale, hold-in, exhale, hold-out, got 3",
        ),
        (
            json!({"phases": [4, 4]}),
            "phases[0]: must be an object, got a number",
        ),
        (
            with_phase_field(0, "route", json!("ear")),
            "phases[0].route: must be \"nose\" or \"mouth\", got \"ear\"",
        ),
        (
            with_phase_field(0, "focus", json!(["belly", "toes"])),
            "phases[0].focus[1]: must be one of belly, ribs, chest, back, got \"toes\"",
        ),
        (
            with_phase_field(0, "focus", json!("toes")),
            "phases[0].focus: must be one of belly, ribs, chest, back, got \"toes\"",
        ),
        (
            with_phase_field(0, "focus", json!(["ribs", "ribs"])),
            "phases[0].focus[1]: lists ribs twice",
        ),
        (
            with_phase_field(0, "focus", json!(7)),
            "phases[0].focus: must be a zone or a list of zones, got a number",
        ),
        (
            with_phase_field(0, "ramp", json!({"to": 8, "breaths": 1})),
            "phases[0].ramp.breaths: must be 2–1000 breaths, got 1",
        ),
        (
            with_phase_field(0, "ramp", json!({"to": 8, "breaths": 1001})),
            "phases[0].ramp.breaths: must be 2–1000 breaths, got 1001",
        ),
        (
            with_phase_field(0, "ramp", json!({"to": 8, "breaths": 2.5})),
            "phases[0].ramp.breaths: must be a whole number, got 2.5",
        ),
        (
            with_phase_field(0, "ramp", json!({"to": 200, "breaths": 5})),
            "phases[0].ramp.to: must be 0.5–120 s, got 200",
        ),
        (
            with_phase_field(0, "ramp", json!({"to": 0, "breaths": 5})),
            "phases[0].ramp.to: must be 0.5–120 s, got 0",
        ),
        (
            with_phase_field(0, "ramp", json!({"breaths": 5})),
            "phases[0].ramp.to: is required",
        ),
        (
            with_phase_field(0, "ramp", json!({"to": 6, "breaths": 5, "speed": 1})),
            "phases[0].ramp.speed: unknown field; allowed fields are to, breaths",
        ),
        (
            with_phase_field(0, "ramp", json!([6, 5])),
            "phases[0].ramp: must be an object, got an array",
        ),
        (
            json!({"id": "Box", "phases": ok_phases()}),
            "id: must be 1–64 characters of a-z, 0-9 and '-', got \"Box\"",
        ),
        (
            json!({"id": "", "phases": ok_phases()}),
            "id: must be 1–64 characters of a-z, 0-9 and '-', got \"\"",
        ),
        (
            with_phase_field(0, "cue", json!("a".repeat(2001))),
            "phases[0].cue: must be at most 2000 characters, got 2001",
        ),
        (
            json!({"title": 5, "phases": ok_phases()}),
            "title: must be a string, got a number",
        ),
        (
            json!({"description": ["x"], "phases": ok_phases()}),
            "description: must be a string, got an array",
        ),
        (json!([1, 2]), "must be an object, got an array"),
        (json!(null), "must be an object, got null"),
    ];
    // Every case is checked before failing, so one run lists every message that differs.
    let wrong: Vec<String> = cases
        .iter()
        .filter_map(|(doc, expected)| {
            let got = match parse(doc.clone()) {
                Err(e) => e,
                Ok(p) => format!("accepted as {p:?}"),
            };
            (got != *expected).then(|| format!("{doc}\n  expected: {expected}\n  got:      {got}"))
        })
        .collect();
    assert!(
        wrong.is_empty(),
        "{} messages differ:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
    // Limits are inclusive.
    assert!(parse(with_phase_field(0, "seconds", json!(0.5))).is_ok());
    assert!(parse(with_phase_field(0, "seconds", json!(120))).is_ok());
    assert!(parse(with_phase_field(0, "cue", json!("é".repeat(2000)))).is_ok());
    assert!(parse(with_phase_field(
        0,
        "ramp",
        json!({"to": 120, "breaths": 1000})
    ))
    .is_ok());
    // The error carries its path and rule separately too.
    let e = Pattern::from_value(
        &with_phase_field(0, "seconds", json!(0.2)),
        "steps[3].pattern",
    )
    .unwrap_err();
    assert_eq!(e.path, "steps[3].pattern.phases[0].seconds");
    assert_eq!(e.rule, "must be 0.5–120 s, got 0.2");
}

#[test]
fn invalid_json_text() {
    let e = read::parse_json("{\"phases\": [").unwrap_err();
    assert_eq!(e.path, "");
    assert!(e.rule.starts_with("is not valid JSON: "), "{}", e.rule);
    let e = read::parse_json("{\"phases\": 1e999}").unwrap_err();
    assert!(e.rule.starts_with("is not valid JSON: "), "{}", e.rule);
}

// ---------------------------------------------------------------------------------------------
// Property tests: nothing panics, every error says where and what

/// Field names worth generating: the real ones, near misses and nonsense.
const KEYS: &[&str] = &[
    "id",
    "title",
    "description",
    "phases",
    "phase",
    "seconds",
    "route",
    "focus",
    "cue",
    "ramp",
    "to",
    "breaths",
    "Phase",
    "secs",
    "",
    "ü",
];

const WORDS: &[&str] = &[
    "inhale", "exhale", "hold-in", "hold-out", "nose", "mouth", "belly", "ribs", "chest", "back",
    "box", "4-7-8", "sigh", "", "Inhale", "x",
];

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        (-5i64..200).prop_map(|n| json!(n)),
        prop_oneof![
            Just(0.5f64),
            Just(0.49),
            Just(120.0),
            Just(120.0001),
            Just(-0.0),
            Just(1e300),
            Just(2.5),
            Just(5.5),
            -10.0f64..130.0,
        ]
        .prop_map(|x| json!(x)),
        proptest::sample::select(WORDS).prop_map(|s| json!(s)),
        "[a-z0-9 .\\-]{0,12}".prop_map(Value::String),
        (0usize..3).prop_map(|n| json!("é".repeat(1999 + n))),
    ]
}

fn any_json() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(3, 32, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..14).prop_map(Value::Array),
            prop::collection::vec((proptest::sample::select(KEYS), inner), 0..8).prop_map(|kv| {
                Value::Object(kv.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
            }),
        ]
    })
}

/// A valid-looking phase with some fields possibly replaced by anything.
fn phase_json() -> impl Strategy<Value = Value> {
    (
        proptest::sample::select(&["inhale", "exhale", "hold-in", "hold-out"][..]),
        prop_oneof![0.0f64..10.0, Just(0.5), Just(0.0), Just(120.0)],
        proptest::option::of(proptest::sample::select(&["nose", "mouth"][..])),
        proptest::option::of((0.0f64..12.0, 0u32..1100)),
        proptest::option::of((proptest::sample::select(KEYS), leaf())),
    )
        .prop_map(|(kind, secs, route, ramp, extra)| {
            let mut o = json!({"phase": kind, "seconds": (secs * 2.0).round() / 2.0});
            if let Some(r) = route {
                o["route"] = json!(r);
            }
            if let Some((to, breaths)) = ramp {
                o["ramp"] = json!({"to": (to * 4.0).round() / 4.0, "breaths": breaths});
            }
            if let Some((k, v)) = extra {
                o[k] = v;
            }
            o
        })
}

/// A built-in pattern document with one random edit at a random place.
fn mutated_builtin() -> impl Strategy<Value = Value> {
    (
        0usize..7,
        0usize..4,
        proptest::sample::select(KEYS),
        any_json(),
        0u8..4,
    )
        .prop_map(|(which, phase, key, value, how)| {
            let p = &library::patterns()[which];
            let mut v: Value = serde_json::to_value(p).unwrap();
            let n = v["phases"].as_array().unwrap().len();
            let target = &mut v["phases"][phase % n];
            match how {
                0 => target[key] = value,
                1 => {
                    target.as_object_mut().unwrap().remove(key);
                }
                2 => v[key] = value,
                _ => v["phases"].as_array_mut().unwrap().push(value),
            }
            v
        })
}

/// Anything that parses must pace: build a pacer and exercise it, checking its invariants.
fn exercise(p: Pattern, seed: f64) {
    for bound in [Bound::Open, Bound::Breaths(3), Bound::Seconds(30.0)] {
        let pacer = Pacer::new(p.clone(), bound).expect("a parsed pattern paces");
        let mut prev = -1.0;
        for k in 0..40 {
            let t = k as f64 * (997.0 + seed.abs() % 3000.0);
            let s = pacer.sample(t);
            assert!((0.0..=1.0).contains(&s.expansion), "{s:?}");
            assert!((0.0..=1.0).contains(&s.phase_progress), "{s:?}");
            assert!(s.phase_remaining_ms >= 0.0);
            assert!(p.phases[s.phase_index].phase == s.phase);
            let b = pacer.boundaries(prev, t);
            assert!(b.windows(2).all(|w| w[0].at_ms <= w[1].at_ms));
            assert!(b
                .iter()
                .all(|x| (x.at_ms as f64) > prev && (x.at_ms as f64) <= t));
            prev = t;
        }
        if let Some(d) = pacer.duration_ms() {
            assert!(pacer.sample(d as f64).done);
            assert_eq!(pacer.breath_start_ms(pacer.total_breaths().unwrap()), d);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(10_000))]

    #[test]
    fn mutated_builtins_never_panic_and_errors_have_a_path(v in mutated_builtin(), seed in any::<f64>()) {
        match Pattern::from_value(&v, "") {
            Ok(p) => exercise(p, seed),
            Err(e) => {
                // The root is an object, so every complaint is about a named place.
                prop_assert!(!e.path.is_empty(), "no path: {e}");
                prop_assert!(!e.rule.is_empty(), "no rule: {e}");
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(5_000))]

    #[test]
    fn arbitrary_documents_never_panic(v in any_json()) {
        for path in ["", "steps[2].pattern"] {
            match library::resolve_value(&v, path) {
                Ok(p) => exercise(p, 1.0),
                Err(e) => {
                    prop_assert!(!e.rule.is_empty());
                    prop_assert!(!e.to_string().is_empty());
                    if !path.is_empty() {
                        prop_assert!(e.path.starts_with(path), "{e}");
                    }
                }
            }
        }
    }

    #[test]
    fn generated_patterns_parse_or_explain(phases in prop::collection::vec(phase_json(), 0..14)) {
        let v = json!({ "phases": phases });
        match Pattern::from_value(&v, "") {
            Ok(p) => exercise(p, 7.0),
            Err(e) => prop_assert!(e.path.starts_with("phases"), "{e}"),
        }
    }

    #[test]
    fn shorthand_never_panics(s in "[0-9.\\- a-z]{0,14}|[0-9]{1,3}(\\.[0-9])?(-[0-9]{1,3}(\\.[0-9])?){0,4}") {
        match Pattern::from_shorthand(&s, "pattern") {
            Ok(p) => {
                prop_assert!((2..=4).contains(&p.phases.len()));
                exercise(p, 3.0);
            }
            Err(e) => {
                prop_assert!(e.path.starts_with("pattern"), "{e}");
                prop_assert!(!e.rule.is_empty());
            }
        }
        match library::resolve_value(&json!(s), "pattern") {
            Ok(p) => exercise(p, 5.0),
            Err(e) => prop_assert!(e.path.starts_with("pattern"), "{e}"),
        }
    }
}
