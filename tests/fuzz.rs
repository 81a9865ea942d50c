//! Bad input never panics. Mutated built-in flows (fields deleted, duplicated, renamed, swapped
//! for other types, numbers huge / negative / fractional, long strings) and generated documents are
//! thrown at the flow parser:
//! - every error names a path into the document (or, with an empty path, the document is not an
//!   object) and a rule, and displays as `path: rule`;
//! - whatever parses serialises back to itself, adapts to any set of conditions, and runs through
//!   a session: samples at odd times, crossings in chunks equal one big crossing, navigation.
//!
//! 10,000 mutated and 2,000 generated documents; about 10–30 s in a debug build.

use breathflow::flow::Flow;
use breathflow::safety::Condition;
use breathflow::session::{Event, Session};
use breathflow::ValidationError;
use proptest::prelude::*;
use serde_json::{json, Map, Value};

const KEYS: &[&str] = &[
    "id",
    "title",
    "description",
    "countdown",
    "steps",
    "kind",
    "cues",
    "tags",
    "alternative",
    "pattern",
    "breaths",
    "seconds",
    "sides",
    "spots",
    "text",
    "phases",
    "phase",
    "route",
    "focus",
    "cue",
    "ramp",
    "to",
    "bogus",
];

const NUMS: &[f64] = &[
    -1e308,
    -5.0,
    -1.0,
    -0.0,
    0.0,
    0.25,
    0.5,
    1.0,
    2.5,
    3.0,
    10.0,
    19.0,
    20.0,
    21.0,
    50.0,
    51.0,
    60.0,
    61.0,
    120.0,
    121.0,
    500.0,
    501.0,
    1000.0,
    1001.0,
    3600.0,
    3600.5,
    3601.0,
    86400.0,
    4294967295.0,
    4294967296.0,
    1.8446744073709552e19,
    1e15,
    1e300,
];

const STRS: &[&str] = &[
    "",
    " ",
    "both",
    "left",
    "right",
    "ujjayi",
    "dirga",
    "ribs",
    "box",
    "4-7-8",
    "resonant",
    "sigh",
    "4-4-4-4",
    "0-0",
    "2-2",
    "1-0-1-0",
    "9999-1",
    "4-",
    "-4",
    "1.5-2.5",
    "breathe",
    "pose",
    "pressure-hold",
    "roll",
    "rest",
    "note",
    "inversion",
    "twist",
    "massage",
    "side-lying",
    "inhale",
    "exhale",
    "hold-in",
    "hold-out",
    "nose",
    "belly",
    "step-1",
    "step-1-alt",
    "Bad Id",
    "Turn to the LEFT, left hand; right knee.",
    "🙂 ünïcödé",
];

fn num(x: f64) -> Value {
    serde_json::Number::from_f64(x).map_or(Value::Null, Value::Number)
}

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        prop::sample::select(NUMS).prop_map(num),
        any::<i64>().prop_map(|x| json!(x)),
        any::<u64>().prop_map(|x| json!(x)),
        (-5000.0..5000.0f64).prop_map(num),
        any::<f64>().prop_map(num),
        prop::sample::select(STRS).prop_map(|s| json!(s)),
        "[a-z0-9 -]{0,12}".prop_map(Value::String),
        (1990usize..2010).prop_map(|n| Value::String("é".repeat(n))),
        (0usize..5000).prop_map(|n| Value::String("x".repeat(n))),
    ]
}

fn any_json() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec((prop::sample::select(KEYS), inner), 0..4).prop_map(|kv| {
                Value::Object(kv.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
            }),
        ]
    })
}

/// What to do to one node of a document.
#[derive(Debug, Clone)]
enum Op {
    Delete,
    /// Copy the node: next to itself in an array, or under another key in its object.
    Duplicate(&'static str),
    /// Move the node to another key of its object.
    Rename(&'static str),
    Replace(Value),
    /// Wrap in an array.
    Wrap,
    /// A number or bool written as a string, a string parsed as a number where it is one.
    Stringify,
    /// A number replaced by another number (type kept; often still in range).
    Nudge(f64),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        2 => Just(Op::Delete),
        2 => prop::sample::select(KEYS).prop_map(Op::Duplicate),
        1 => prop::sample::select(KEYS).prop_map(Op::Rename),
        4 => any_json().prop_map(Op::Replace),
        2 => good_value().prop_map(Op::Replace),
        1 => Just(Op::Wrap),
        1 => Just(Op::Stringify),
        4 => prop_oneof![
            prop::sample::select(NUMS),
            (0.0..100.0f64),
            (1u32..60).prop_map(f64::from),
        ]
        .prop_map(Op::Nudge),
    ]
}

/// Path to a node: object keys and array indices.
#[derive(Debug, Clone)]
enum Seg {
    Key(String),
    Idx(usize),
}

fn collect_paths(v: &Value, here: &mut Vec<Seg>, out: &mut Vec<Vec<Seg>>) {
    out.push(here.clone());
    match v {
        Value::Object(m) => {
            for (k, c) in m {
                here.push(Seg::Key(k.clone()));
                collect_paths(c, here, out);
                here.pop();
            }
        }
        Value::Array(a) => {
            for (i, c) in a.iter().enumerate() {
                here.push(Seg::Idx(i));
                collect_paths(c, here, out);
                here.pop();
            }
        }
        _ => {}
    }
}

fn node<'a>(v: &'a Value, path: &[Seg]) -> Option<&'a Value> {
    let mut cur = v;
    for s in path {
        cur = match (s, cur) {
            (Seg::Key(k), Value::Object(m)) => m.get(k)?,
            (Seg::Idx(i), Value::Array(a)) => a.get(*i)?,
            _ => return None,
        };
    }
    Some(cur)
}

fn node_mut<'a>(v: &'a mut Value, path: &[Seg]) -> Option<&'a mut Value> {
    let mut cur = v;
    for s in path {
        cur = match (s, cur) {
            (Seg::Key(k), Value::Object(m)) => m.get_mut(k)?,
            (Seg::Idx(i), Value::Array(a)) => a.get_mut(*i)?,
            _ => return None,
        };
    }
    Some(cur)
}

fn apply(doc: &mut Value, pick: usize, op: &Op) {
    let mut paths = Vec::new();
    collect_paths(doc, &mut Vec::new(), &mut paths);
    if let Op::Nudge(_) = op {
        // Aim at a number.
        paths.retain(|p| node(doc, p).is_some_and(|v| v.is_number()));
        if paths.is_empty() {
            return;
        }
    }
    let path = paths[pick % paths.len()].clone();
    let Some((last, parent_path)) = path.split_last() else {
        // The root itself.
        match op {
            Op::Replace(v) => *doc = v.clone(),
            Op::Wrap => *doc = Value::Array(vec![doc.take()]),
            _ => {}
        }
        return;
    };
    let Some(parent) = node_mut(doc, parent_path) else {
        return;
    };
    match (parent, last) {
        (Value::Object(m), Seg::Key(k)) => match op {
            Op::Delete => {
                m.remove(k);
            }
            Op::Duplicate(to) => {
                if let Some(v) = m.get(k).cloned() {
                    m.insert(to.to_string(), v);
                }
            }
            Op::Rename(to) => {
                if let Some(v) = m.remove(k) {
                    m.insert(to.to_string(), v);
                }
            }
            Op::Replace(v) => {
                m.insert(k.clone(), v.clone());
            }
            Op::Wrap => {
                if let Some(v) = m.get_mut(k) {
                    *v = Value::Array(vec![v.take()]);
                }
            }
            Op::Stringify => {
                if let Some(v) = m.get_mut(k) {
                    stringify(v);
                }
            }
            Op::Nudge(x) => {
                if let Some(v) = m.get_mut(k).filter(|v| v.is_number()) {
                    *v = num(*x);
                }
            }
        },
        (Value::Array(a), Seg::Idx(i)) => {
            let i = *i;
            match op {
                Op::Delete => {
                    a.remove(i);
                }
                Op::Duplicate(_) => {
                    let v = a[i].clone();
                    a.insert(i, v);
                }
                Op::Rename(_) => {
                    let v = a.remove(i);
                    a.push(v);
                }
                Op::Replace(v) => a[i] = v.clone(),
                Op::Wrap => a[i] = Value::Array(vec![a[i].take()]),
                Op::Stringify => stringify(&mut a[i]),
                Op::Nudge(x) => {
                    if a[i].is_number() {
                        a[i] = num(*x);
                    }
                }
            }
        }
        _ => {}
    }
}

fn stringify(v: &mut Value) {
    let new = match &*v {
        Value::Number(n) => Value::String(n.to_string()),
        Value::Bool(b) => Value::String(b.to_string()),
        Value::String(s) => s
            .parse::<f64>()
            .ok()
            .map(num)
            .unwrap_or_else(|| Value::String(s.to_uppercase())),
        other => Value::String(other.to_string()),
    };
    *v = new;
}

fn seeds() -> Vec<Value> {
    let mut v: Vec<Value> = breathflow::library::flow_files()
        .iter()
        .map(|(_, text)| serde_json::from_str(text).unwrap())
        .collect();
    v.push(json!({
        "title": "Every kind", "countdown": 3,
        "steps": [
            { "kind": "breathe", "pattern": "2-2", "breaths": 3 },
            { "kind": "pose", "title": "Twist", "seconds": 10, "sides": "both",
              "cues": ["Turn to the left."], "tags": ["twist", "seated"] },
            { "kind": "pressure-hold", "id": "hold", "breaths": 2, "spots": 3, "pattern": "1-2" },
            { "kind": "roll", "seconds": 5 },
            { "kind": "rest", "seconds": 4.5, "alternative": { "kind": "note", "text": "read" } },
            { "kind": "note", "text": "a short note" },
            { "kind": "pose", "title": "Ramped", "breaths": 4, "pattern": { "phases": [
                { "phase": "inhale", "seconds": 1, "ramp": { "to": 3, "breaths": 3 } },
                { "phase": "hold-in", "seconds": 0 },
                { "phase": "exhale", "seconds": 1, "focus": ["ribs"] } ] } },
            { "kind": "pose", "title": "Seconds with a pattern", "seconds": 5, "pattern": "sigh" }
        ]
    }));
    v
}

/// Check an error: `path: rule`, a rule, and a path that leads into the document (only a
/// required field may be missing).
fn check_error(doc: &Value, e: &ValidationError) {
    assert!(!e.rule.trim().is_empty(), "error without a rule: {e:?}");
    let shown = e.to_string();
    if e.path.is_empty() {
        assert!(
            !doc.is_object(),
            "an object document got a pathless error: {shown}"
        );
        assert_eq!(shown, e.rule);
        return;
    }
    assert_eq!(shown, format!("{}: {}", e.path, e.rule));
    // "steps[0].pattern (part 3 of \"4-0-200\")" names the shorthand's part.
    let path = e.path.split(" (").next().unwrap();
    let mut segs = Vec::new();
    for field in path.split('.') {
        let (name, rest) = field.split_once('[').map_or((field, ""), |(n, r)| (n, r));
        assert!(!name.is_empty(), "bad path {path:?}");
        segs.push(Seg::Key(name.to_string()));
        for idx in rest.split('[') {
            if idx.is_empty() {
                continue;
            }
            let i: usize = idx
                .trim_end_matches(']')
                .parse()
                .unwrap_or_else(|_| panic!("bad index in {path:?}"));
            segs.push(Seg::Idx(i));
        }
    }
    // The path leads to the offending value, or to where a required one is missing.
    if node(doc, &segs).is_none() {
        let (_, parent) = segs.split_last().unwrap();
        assert!(
            node(doc, parent).is_some() && e.rule == "is required",
            "error path {path:?} does not lead into the document: {shown}"
        );
    }
}

/// Run whatever parsed through everything downstream.
fn exercise(flow: Flow, conditions: &[Condition]) {
    // Serialisation gives back the same flow.
    let v = serde_json::to_value(&flow).unwrap();
    assert_eq!(
        Flow::from_value(&v, "").as_ref(),
        Ok(&flow),
        "round trip of {v}"
    );
    assert_eq!(
        Flow::parse(&v.to_string()).as_ref(),
        Ok(&flow),
        "round trip of {v}"
    );

    let session = match Session::from_flow(flow, conditions) {
        Ok(s) => s,
        Err(e) => {
            assert_eq!(e.path, "conditions", "only adaptation may refuse: {e}");
            return;
        }
    };
    let total = session.total_ms().unwrap() as f64;
    for t in [
        -1e9,
        -1.0,
        f64::NAN,
        0.0,
        0.5,
        total * 0.13,
        total * 0.5,
        total * 0.77,
        total - 1.0,
        total,
        total + 1.0,
        f64::INFINITY,
        f64::NEG_INFINITY,
        1e300,
    ] {
        let s = session.sample(t);
        assert!(
            (0.0..=1.0).contains(&s.expansion),
            "expansion {}",
            s.expansion
        );
        assert!((0.0..=1.0).contains(&s.progress));
        let n = session.next(t);
        let p = session.previous(t);
        let r = session.restart_step(t);
        assert!(n.is_finite() && p.is_finite() && r.is_finite());
        assert!(p <= r && r <= n.max(r) && n <= total);
        let _ = session.up_next(t);
    }
    // Crossings in chunks equal one crossing, but for the breaths one crossing leaves out: it
    // lists at most the last MAX_SPAN_BREATHS breaths of each part (chunks of at most 100 s
    // never cross that many).
    let whole = session.events(-1.0, total + 1.0);
    let mut chunked = Vec::new();
    let mut t = -1.0;
    let step = (total / 37.0).clamp(1.0, 100_000.0);
    while t < total + 1.0 {
        let n = (t + step).min(total + 1.0);
        session.crossings(t, n, &mut chunked);
        t = n;
    }
    assert_eq!(last_breaths_of_each_part(&chunked), whole);
    assert!(whole.windows(2).all(|w| w[0].at_ms() <= w[1].at_ms()));
}

/// `events` without the pacer events (phases, breaths) of each part's breaths before its last
/// `MAX_SPAN_BREATHS` (parts begin at `step` and `countdown` events).
fn last_breaths_of_each_part(events: &[Event]) -> Vec<Event> {
    let breath_of = |e: &Event| match e {
        Event::Phase { breath, .. } | Event::Breath { breath, .. } => Some(*breath),
        _ => None,
    };
    let mut out = Vec::new();
    for part in events.split_inclusive(|e| breath_of(e).is_none()) {
        let last = part.iter().filter_map(breath_of).max().unwrap_or(0);
        let first = last.saturating_sub(breathflow::pacer::MAX_SPAN_BREATHS - 1);
        out.extend(
            part.iter()
                .filter(|e| breath_of(e).is_none_or(|b| b >= first))
                .cloned(),
        );
    }
    out
}

fn conditions() -> impl Strategy<Value = Vec<Condition>> {
    prop::sample::subsequence(Condition::ALL.to_vec(), 0..=4)
}

fn run(doc: &Value, conds: &[Condition]) {
    match Flow::from_value(doc, "") {
        Ok(flow) => exercise(flow, conds),
        Err(e) => check_error(doc, &e),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 10_000, max_shrink_iters: 2_000, ..ProptestConfig::default() })]

    #[test]
    fn mutated_library_flows_never_panic(
        seed in 0usize..6,
        ops in prop::collection::vec((any::<usize>(), op()), 1..6),
        conds in conditions(),
    ) {
        let mut doc = seeds()[seed].clone();
        for (pick, op) in &ops {
            apply(&mut doc, *pick, op);
        }
        run(&doc, &conds);
    }
}

// ---- generated documents ------------------------------------------------------------------------

fn good_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        prop::sample::select(STRS).prop_map(|s| json!(s)),
        (1u32..40).prop_map(|n| json!(n)),
        prop::sample::select(NUMS).prop_map(num),
        prop::collection::vec(prop::sample::select(STRS), 0..4).prop_map(|v| json!(v)),
        Just(json!(["twist", "seated"])),
        Just(json!(["inversion"])),
        Just(
            json!({"phases": [{"phase": "inhale", "seconds": 2}, {"phase": "exhale", "seconds": 3}]})
        ),
    ]
}

fn gen_step(depth: u32) -> BoxedStrategy<Value> {
    let fields = prop::collection::vec(
        (
            prop::sample::select(KEYS),
            prop_oneof![3 => good_value(), 1 => any_json()],
        ),
        0..6,
    );
    let alt = if depth == 0 {
        prop::option::of(gen_step(1)).boxed()
    } else {
        Just(None).boxed()
    };
    (
        prop::sample::select(
            &[
                "breathe",
                "pose",
                "pressure-hold",
                "roll",
                "rest",
                "note",
                "x",
            ][..],
        ),
        fields,
        alt,
    )
        .prop_map(|(kind, fields, alt)| {
            let mut m = Map::new();
            m.insert("kind".into(), json!(kind));
            for (k, v) in fields {
                m.insert(k.to_string(), v);
            }
            if let Some(a) = alt {
                m.insert("alternative".into(), a);
            }
            Value::Object(m)
        })
        .boxed()
}

fn gen_flow() -> impl Strategy<Value = Value> {
    (
        prop::option::of(good_value()),
        prop::option::of(good_value()),
        prop::collection::vec(gen_step(0), 0..6),
        prop::collection::vec((prop::sample::select(KEYS), any_json()), 0..2),
    )
        .prop_map(|(title, countdown, steps, extra)| {
            let mut m = Map::new();
            if let Some(t) = title {
                m.insert("title".into(), t);
            }
            if let Some(c) = countdown {
                m.insert("countdown".into(), c);
            }
            m.insert("steps".into(), Value::Array(steps));
            for (k, v) in extra {
                m.insert(k.to_string(), v);
            }
            Value::Object(m)
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2_000, max_shrink_iters: 2_000, ..ProptestConfig::default() })]

    #[test]
    fn generated_documents_never_panic(doc in gen_flow(), conds in conditions()) {
        run(&doc, &conds);
    }

    #[test]
    fn arbitrary_json_never_panics(doc in any_json()) {
        run(&doc, &[]);
    }
}

/// The harness reaches the interesting code: a fair share of mutated documents still parse.
#[test]
fn mutations_keep_many_documents_valid() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let strat = (
        0usize..6,
        prop::collection::vec((any::<usize>(), op()), 1..3),
    );
    let mut ok = 0;
    for _ in 0..500 {
        let (seed, ops) = strat.new_tree(&mut runner).unwrap().current();
        let mut doc = seeds()[seed].clone();
        for (pick, op) in &ops {
            apply(&mut doc, *pick, op);
        }
        if Flow::from_value(&doc, "").is_ok() {
            ok += 1;
        }
    }
    eprintln!("{ok} of 500 parse");
    assert!(ok > 50, "only {ok} of 500 mutated documents parse");
}
