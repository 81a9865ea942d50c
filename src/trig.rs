//! `sin` and `cos` of `f32` angles for the drawing, without libm's general argument reduction.
//!
//! In wasm, `f32::sin`/`cos` are compiler_builtins' libm (a port of musl), which handles any
//! argument and so links `rem_pio2_large`: about 3 KB of wasm for angles that are all within a turn
//! or two here (the progress ring, the capsules' directions, the hands' rotations). For
//! |x| ≤ 9π/4 these take exactly libm's steps (reduction by a multiple of π/2 in `f64`, then the
//! same polynomials), so they return the same bits; the native tests compare the two. A larger
//! angle is first brought into (−π, π] in `f64`, which is accurate to an ulp or so but not
//! bit-identical to libm; no drawing code produces one.

use std::f64::consts::{FRAC_PI_2, PI};

const PIO2_1: f64 = FRAC_PI_2;
const PIO2_2: f64 = 2.0 * FRAC_PI_2;
const PIO2_3: f64 = 3.0 * FRAC_PI_2;
const PIO2_4: f64 = 4.0 * FRAC_PI_2;

/// sin(x) on [−π/4, π/4] (musl's `__sindf`; the constants are musl's, digit for digit).
#[allow(clippy::excessive_precision)]
fn k_sin(x: f64) -> f32 {
    const S1: f64 = -0.166_666_666_416_265_235_595; // -0x15555554cbac77.0p-55
    const S2: f64 = 0.008_333_329_385_889_463_175_6; // 0x111110896efbb2.0p-59
    const S3: f64 = -0.000_198_393_348_360_966_317_347; // -0x1a00f9e2cae774.0p-65
    const S4: f64 = 0.000_002_718_311_493_989_821_906_4; // 0x16cd878c3b46a7.0p-71
    let z = x * x;
    let w = z * z;
    let r = S3 + z * S4;
    let s = z * x;
    ((x + s * (S1 + z * S2)) + s * w * r) as f32
}

/// cos(x) on [−π/4, π/4] (musl's `__cosdf`).
#[allow(clippy::excessive_precision)]
fn k_cos(x: f64) -> f32 {
    const C0: f64 = -0.499_999_997_251_031_003_120; // -0x1ffffffd0c5e81.0p-54
    const C1: f64 = 0.041_666_623_323_739_063_189_4; // 0x155553e1053a42.0p-57
    const C2: f64 = -0.001_388_676_377_460_992_946_92; // -0x16c087e80f1e27.0p-62
    const C3: f64 = 0.000_024_390_448_796_277_409_065_4; // 0x199342e0ee5069.0p-68
    let z = x * x;
    let w = z * z;
    let r = C2 + z * C3;
    (((1.0 + z * C0) + w * C1) + (w * z) * r) as f32
}

/// An angle beyond 9π/4 brought into (−π, π] (see the module docs).
fn wrap(x: f32) -> f32 {
    let x = x as f64;
    (x - 2.0 * PI * (x / (2.0 * PI)).round()) as f32
}

/// sin(x), bit for bit as libm's `sinf` for |x| ≤ 9π/4.
pub fn sin(x: f32) -> f32 {
    let ix = x.to_bits() & 0x7fff_ffff;
    let neg = x.is_sign_negative();
    let xd = x as f64;
    if ix <= 0x3f49_0fda {
        // |x| ≲ π/4
        if ix < 0x3980_0000 {
            return x;
        }
        return k_sin(xd);
    }
    if ix <= 0x407b_53d1 {
        // |x| ≲ 5π/4
        if ix <= 0x4016_cbe3 {
            // |x| ≲ 3π/4
            return if neg {
                -k_cos(xd + PIO2_1)
            } else {
                k_cos(xd - PIO2_1)
            };
        }
        return k_sin(if neg { -(xd + PIO2_2) } else { -(xd - PIO2_2) });
    }
    if ix <= 0x40e2_31d5 {
        // |x| ≲ 9π/4
        if ix <= 0x40af_eddf {
            // |x| ≲ 7π/4
            return if neg {
                k_cos(xd + PIO2_3)
            } else {
                -k_cos(xd - PIO2_3)
            };
        }
        return k_sin(if neg { xd + PIO2_4 } else { xd - PIO2_4 });
    }
    if ix >= 0x7f80_0000 {
        return f32::NAN; // for NaN and ±∞
    }
    sin(wrap(x))
}

/// cos(x), bit for bit as libm's `cosf` for |x| ≤ 9π/4.
pub fn cos(x: f32) -> f32 {
    let ix = x.to_bits() & 0x7fff_ffff;
    let neg = x.is_sign_negative();
    let xd = x as f64;
    if ix <= 0x3f49_0fda {
        if ix < 0x3980_0000 {
            return 1.0;
        }
        return k_cos(xd);
    }
    if ix <= 0x407b_53d1 {
        if ix > 0x4016_cbe3 {
            return -k_cos(if neg { xd + PIO2_2 } else { xd - PIO2_2 });
        }
        return if neg {
            k_sin(xd + PIO2_1)
        } else {
            k_sin(PIO2_1 - xd)
        };
    }
    if ix <= 0x40e2_31d5 {
        if ix > 0x40af_eddf {
            return k_cos(if neg { xd + PIO2_4 } else { xd - PIO2_4 });
        }
        return if neg {
            k_sin(-xd - PIO2_3)
        } else {
            k_sin(xd - PIO2_3)
        };
    }
    if ix >= 0x7f80_0000 {
        return f32::NAN;
    }
    cos(wrap(x))
}
