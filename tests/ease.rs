//! `ease::cos_0_pi` returns what the wasm build's `f64::cos` (compiler_builtins' libm, i.e. the
//! `libm` crate) returns, bit for bit, over the whole range it is used on.

use breathflow::ease::{cos_0_pi, ease};
use proptest::prelude::*;

#[test]
fn cos_matches_libm_on_a_dense_grid_and_the_special_points() {
    let pi = std::f64::consts::PI;
    let mut xs: Vec<f64> = (0..=200_000).map(|i| pi * i as f64 / 200_000.0).collect();
    for c in [0.0, 1e-300, 1e-9, pi / 4.0, pi / 2.0, 3.0 * pi / 4.0, pi] {
        for k in -3i64..=3 {
            let b = c.to_bits() as i64 + k;
            let x = f64::from_bits(b.max(0) as u64);
            if (0.0..=pi).contains(&x) {
                xs.push(x);
            }
        }
    }
    for x in xs {
        assert_eq!(cos_0_pi(x).to_bits(), libm::cos(x).to_bits(), "cos({x:e})");
    }
}

#[test]
fn ease_ends_and_clamps() {
    assert_eq!(ease(0.0), 0.0);
    assert_eq!(ease(1.0), 1.0);
    assert_eq!(
        ease(0.5),
        (1.0 - libm::cos(std::f64::consts::PI * 0.5)) / 2.0
    );
    assert_eq!(ease(-1.0), 0.0);
    assert_eq!(ease(2.0), 1.0);
    assert_eq!(ease(f64::NAN), 0.0);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(20_000))]
    #[test]
    fn cos_matches_libm(x in 0.0..=std::f64::consts::PI) {
        prop_assert_eq!(cos_0_pi(x).to_bits(), libm::cos(x).to_bits(), "cos({:e})", x);
    }
}
