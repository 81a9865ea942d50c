//! `ease` is `(1 − cos πp) / 2` on the clamped progress, with std's cosine: exactly that formula,
//! its ends, its clamping, and the shape a breath needs (monotone, symmetric, within 0..=1).

use breathflow::ease::ease;
use proptest::prelude::*;

fn formula(p: f64) -> f64 {
    (1.0 - (std::f64::consts::PI * p).cos()) / 2.0
}

#[test]
fn ease_is_the_formula_on_a_dense_grid_and_the_special_points() {
    let mut ps: Vec<f64> = (0..=200_000).map(|i| i as f64 / 200_000.0).collect();
    for c in [0.0f64, 1e-300, 1e-9, 0.25, 0.5, 0.75, 1.0] {
        for k in -3i64..=3 {
            let p = f64::from_bits((c.to_bits() as i64 + k).max(0) as u64);
            if (0.0..=1.0).contains(&p) {
                ps.push(p);
            }
        }
    }
    for p in ps {
        assert_eq!(ease(p).to_bits(), formula(p).to_bits(), "ease({p:e})");
    }
}

#[test]
fn ease_ends_and_clamps() {
    assert_eq!(ease(0.0), 0.0);
    assert_eq!(ease(1.0), 1.0);
    assert_eq!(ease(0.5), formula(0.5));
    assert!((ease(0.5) - 0.5).abs() < 1e-15, "{}", ease(0.5));
    assert_eq!(ease(-1.0), 0.0);
    assert_eq!(ease(2.0), 1.0);
    assert_eq!(ease(f64::NEG_INFINITY), 0.0);
    assert_eq!(ease(f64::INFINITY), 1.0);
    assert_eq!(ease(f64::NAN), 0.0);
}

#[test]
fn ease_is_monotone_and_starts_and_ends_slowly() {
    let n = 100_000;
    let mut last = ease(0.0);
    for i in 1..=n {
        let e = ease(i as f64 / n as f64);
        assert!(
            e >= last,
            "ease fell at {}: {last} → {e}",
            i as f64 / n as f64
        );
        last = e;
    }
    // Zero speed at both ends: the first and last 1 % of the time move less than 0.03 %.
    assert!(ease(0.01) < 3e-4, "{}", ease(0.01));
    assert!(1.0 - ease(0.99) < 3e-4, "{}", ease(0.99));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(20_000))]
    #[test]
    fn ease_is_the_formula_within_bounds_and_symmetric(p in 0.0..=1.0f64) {
        let e = ease(p);
        prop_assert_eq!(e.to_bits(), formula(p).to_bits(), "ease({:e})", p);
        prop_assert!((0.0..=1.0).contains(&e), "ease({:e}) = {}", p, e);
        prop_assert!((e + ease(1.0 - p) - 1.0).abs() < 1e-15, "ease({:e}) = {}, ease(1 − p) = {}", p, e, ease(1.0 - p));
    }
}
