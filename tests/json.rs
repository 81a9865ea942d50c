//! `breathflow::json` against serde_json: numbers read and written exactly (every `f64` round-trips
//! through the text, every `f32` is written as the digits serde_json wrote, so JavaScript reads the
//! same number), strings escape and unescape, random documents survive a round trip, and random
//! text is accepted or refused exactly when serde_json accepts or refuses it.

use breathflow::json::{self, Value};
use proptest::prelude::*;

/// serde_json's value with every number as an `f64` (serde_json keeps integers apart).
fn floats(v: serde_json::Value) -> serde_json::Value {
    use serde_json::Value as S;
    match v {
        S::Number(n) => {
            serde_json::Number::from_f64(n.as_f64().unwrap()).map_or(S::Null, S::Number)
        }
        S::Array(a) => S::Array(a.into_iter().map(floats).collect()),
        S::Object(o) => S::Object(o.into_iter().map(|(k, v)| (k, floats(v))).collect()),
        other => other,
    }
}

fn serde_doc() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::Value as S;
    let leaf = prop_oneof![
        Just(S::Null),
        any::<bool>().prop_map(S::Bool),
        any::<f64>()
            .prop_filter("finite", |x| x.is_finite())
            .prop_map(|x| serde_json::json!(x)),
        any::<i64>().prop_map(|x| serde_json::json!(x)),
        (-1000i32..1000, 0u32..4)
            .prop_map(|(m, d)| serde_json::json!(m as f64 / 10f64.powi(d as i32))),
        any::<String>().prop_map(S::String),
    ];
    leaf.prop_recursive(5, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(S::Array),
            prop::collection::btree_map(any::<String>(), inner, 0..8)
                .prop_map(|m| S::Object(m.into_iter().collect())),
        ]
    })
}

/// Significant digits of a number's text (`-0.00120e5` → 2).
fn significant(text: &str) -> usize {
    let mantissa = text.split(['e', 'E']).next().unwrap();
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    digits
        .trim_start_matches('0')
        .trim_end_matches('0')
        .len()
        .max(1)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn every_f64_round_trips(x in any::<f64>().prop_filter("finite", |x| x.is_finite())) {
        let text = json::fmt_number(x);
        let back = json::parse(&text).unwrap().as_f64().unwrap();
        prop_assert_eq!(back.to_bits(), x.to_bits(), "{}", text);
        // serde_json reads the same number, and ours has no more digits than its shortest form.
        prop_assert_eq!(serde_json::from_str::<f64>(&text).unwrap().to_bits(), x.to_bits());
        let theirs = serde_json::to_string(&x).unwrap();
        prop_assert!(significant(&text) <= significant(&theirs), "{} vs {}", text, theirs);
    }

    #[test]
    fn f64_text_reads_like_serde_json(m in any::<u64>(), e in -340i32..320, digits in 1usize..25) {
        let d = format!("{m}");
        let d = &d[..digits.min(d.len())];
        for text in [format!("{d}e{e}"), format!("0.{d}e{e}"), format!("{d}.{d}e{e}")] {
            let theirs = serde_json::from_str::<f64>(&text);
            match json::parse(&text) {
                Ok(v) => prop_assert_eq!(v.as_f64().unwrap().to_bits(), theirs.unwrap().to_bits(), "{}", text),
                Err(e) => {
                    prop_assert_eq!(&e.message, "number out of range");
                    prop_assert!(theirs.is_err(), "{}", text);
                }
            }
        }
    }

    #[test]
    fn f32_is_written_as_serde_json_wrote_it(x in any::<f32>().prop_filter("finite", |x| x.is_finite())) {
        let ours = Value::from(x).to_string();
        let theirs = serde_json::to_string(&x).unwrap();
        // The number JavaScript reads (an f64) is the same.
        prop_assert_eq!(
            json::parse(&ours).unwrap().as_f64().unwrap().to_bits(),
            json::parse(&theirs).unwrap().as_f64().unwrap().to_bits(),
            "{} vs {}", ours, theirs
        );
        prop_assert_eq!(json::parse(&ours).unwrap().as_f64().unwrap() as f32, x);
    }

    #[test]
    fn strings_round_trip(s in any::<String>()) {
        let text = Value::from(s.as_str()).to_string();
        prop_assert_eq!(&text, &serde_json::to_string(&s).unwrap());
        prop_assert_eq!(json::parse(&text).unwrap(), Value::String(s));
    }

    #[test]
    fn documents_round_trip(doc in serde_doc()) {
        let text = doc.to_string();
        let ours = json::parse(&text).unwrap();
        let written = ours.to_string();
        prop_assert_eq!(&json::parse(&written).unwrap(), &ours);
        let back: serde_json::Value = serde_json::from_str(&written).unwrap();
        prop_assert_eq!(floats(back), floats(doc));
    }

    #[test]
    fn random_text_is_accepted_exactly_when_serde_json_accepts_it(
        s in "[\\[\\]{}\",: 0-9eE.+\\-a-z\\\\/\t\n]{0,24}"
    ) {
        let theirs = serde_json::from_str::<serde_json::Value>(&s);
        match json::parse(&s) {
            Ok(v) => prop_assert_eq!(floats(serde_json::from_str(&v.to_string()).unwrap()), floats(theirs.unwrap())),
            Err(e) => prop_assert!(
                theirs.is_err() || e.message.starts_with("duplicate key"),
                "refused {:?} ({}) but serde_json reads it", s, e
            ),
        }
    }
}

#[test]
fn hostile_nesting_is_refused_not_a_stack_overflow() {
    let deep = "[".repeat(100_000);
    assert!(json::parse(&deep)
        .unwrap_err()
        .message
        .contains("deeper than 128"));
    let deep = "{\"a\":".repeat(100_000);
    assert!(json::parse(&deep)
        .unwrap_err()
        .message
        .contains("deeper than 128"));
}

#[test]
fn many_keys_are_checked_for_repeats_up_to_a_limit() {
    let keys: Vec<String> = (0..json::MAX_KEYS)
        .map(|i| format!("\"k{i}\":{i}"))
        .collect();
    let text = format!("{{{}}}", keys.join(","));
    assert_eq!(json::parse(&text).unwrap()["k4095"], 4095);
    let text = format!("{{{},\"k7\":0}}", keys[..500].join(","));
    let e = json::parse(&text).unwrap_err();
    assert_eq!(e.message, "duplicate key \"k7\"");
    let text = format!("{{{},\"one-more\":0}}", keys.join(","));
    let e = json::parse(&text).unwrap_err();
    assert_eq!(e.message, "more than 4096 keys in one object");
}
