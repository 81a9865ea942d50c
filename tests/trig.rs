//! `breathflow::trig::{sin, cos}` against libm's `sinf`/`cosf` (what `f32::sin`/`cos` are in wasm):
//! the same bits over |x| ≤ 9π/4, sampled densely and at every branch boundary, and close beyond.
#![cfg(not(target_arch = "wasm32"))]

use breathflow::trig::{cos, sin};

fn same(x: f32) {
    assert_eq!(
        sin(x).to_bits(),
        libm::sinf(x).to_bits(),
        "sin({x:e}) bits {:#x}",
        x.to_bits()
    );
    assert_eq!(
        cos(x).to_bits(),
        libm::cosf(x).to_bits(),
        "cos({x:e}) bits {:#x}",
        x.to_bits()
    );
}

#[test]
fn same_bits_as_libm_within_nine_quarter_turns() {
    // Every 211th f32 from 0 up to 9π/4 (0x40e231d5), both signs: ~5 million angles.
    let top = 0x40e2_31d5u32;
    let mut b = 0u32;
    while b <= top {
        let x = f32::from_bits(b);
        same(x);
        same(-x);
        b += 211;
    }
    // The branch thresholds and their neighbours.
    for t in [
        0x3980_0000u32,
        0x3f49_0fda,
        0x4016_cbe3,
        0x407b_53d1,
        0x40af_eddf,
        0x40e2_31d5,
    ] {
        for b in t - 64..=(t + 64).min(top) {
            same(f32::from_bits(b));
            same(-f32::from_bits(b));
        }
    }
    for x in [
        0.0,
        -0.0,
        1e-30,
        f32::MIN_POSITIVE,
        std::f32::consts::PI,
        std::f32::consts::FRAC_PI_2,
    ] {
        same(x);
        same(-x);
    }
}

#[test]
fn beyond_and_special_values() {
    for i in 0..10_000 {
        let x = 7.0 + i as f32 * 0.37; // up to ~3,700 rad
        assert!((sin(x) - libm::sinf(x)).abs() <= 2e-6, "sin({x})");
        assert!((cos(x) - libm::cosf(x)).abs() <= 2e-6, "cos({x})");
    }
    assert!(
        sin(f32::NAN).is_nan() && cos(f32::INFINITY).is_nan() && sin(f32::NEG_INFINITY).is_nan()
    );
}
