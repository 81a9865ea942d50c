//! The easing of the breath's movement, `(1 − cos πp) / 2`, with its own cosine for `0 ≤ x ≤ π`.
//!
//! `f64::cos` in wasm is compiler_builtins' libm (a port of musl), which handles any argument and
//! so links its general argument reduction: about 2.7 KB of wasm for a function that is only ever
//! called on `[0, π]` here. [`cos_0_pi`] takes exactly libm's steps for that range (same
//! polynomials, same reduction by π/2 in one, two or three rounds), so it returns the same bits
//! as libm's `cos`; the native tests compare the two.

/// Ease a progress `p` in 0..=1 (clamped; NaN counts as 0): 0 → 0, 1 → 1, zero speed at both ends.
#[inline]
pub fn ease(p: f64) -> f64 {
    let p = if p >= 0.0 { p.min(1.0) } else { 0.0 };
    (1.0 - cos_0_pi(std::f64::consts::PI * p)) / 2.0
}

/// cos(x) for `0 ≤ x ≤ π` (the caller guarantees the range), bit for bit as libm's `cos`.
pub fn cos_0_pi(x: f64) -> f64 {
    let ix = (x.to_bits() >> 32) as u32 & 0x7fff_ffff;
    if ix <= 0x3fe9_21fb {
        // |x| ≲ π/4.
        if ix < 0x3e46_a09e {
            return 1.0;
        }
        return k_cos(x, 0.0);
    }
    // One reduction by π/2: n = 1 up to ~3π/4, n = 2 beyond; near π/2 and π, libm's "medium" path.
    let (n, y0, y1) = if (ix & 0xfffff) == 0x921fb {
        medium(x, ix)
    } else if ix <= 0x4002_d97c {
        let z = x - PIO2_1;
        let y0 = z - PIO2_1T;
        (1, y0, (z - y0) - PIO2_1T)
    } else {
        let z = x - 2.0 * PIO2_1;
        let y0 = z - 2.0 * PIO2_1T;
        (2, y0, (z - y0) - 2.0 * PIO2_1T)
    };
    match n & 3 {
        0 => k_cos(y0, y1),
        1 => -k_sin(y0, y1),
        2 => -k_cos(y0, y1),
        _ => k_sin(y0, y1),
    }
}

const TO_INT: f64 = 1.5 / f64::EPSILON;
const INV_PIO2: f64 = f64::from_bits(0x3fe45f306dc9c883);
const PIO2_1: f64 = f64::from_bits(0x3ff921fb54400000);
const PIO2_1T: f64 = f64::from_bits(0x3dd0b4611a626331);
const PIO2_2: f64 = f64::from_bits(0x3dd0b4611a600000);
const PIO2_2T: f64 = f64::from_bits(0x3ba3198a2e037073);
const PIO2_3: f64 = f64::from_bits(0x3ba3198a2e000000);
const PIO2_3T: f64 = f64::from_bits(0x397b839a252049c1);

// The constants as libm writes them in hex (0x3FE45F30_6DC9C883 for 2/π, …).

/// libm's `rem_pio2` medium case: x − nπ/2 as y0 + y1, in up to three rounds.
fn medium(x: f64, ix: u32) -> (i32, f64, f64) {
    let f_n = x * INV_PIO2 + TO_INT - TO_INT;
    let n = f_n as i32;
    let mut r = x - f_n * PIO2_1;
    let mut w = f_n * PIO2_1T;
    let mut y0 = r - w;
    let ex = (ix >> 20) as i32;
    let ey = (y0.to_bits() >> 52) as i32 & 0x7ff;
    if ex - ey > 16 {
        let t = r;
        w = f_n * PIO2_2;
        r = t - w;
        w = f_n * PIO2_2T - ((t - r) - w);
        y0 = r - w;
        let ey = (y0.to_bits() >> 52) as i32 & 0x7ff;
        if ex - ey > 49 {
            let t = r;
            w = f_n * PIO2_3;
            r = t - w;
            w = f_n * PIO2_3T - ((t - r) - w);
            y0 = r - w;
        }
    }
    (n, y0, (r - y0) - w)
}

/// libm's `k_cos`: cos(x + y) for |x| ≲ π/4, y the tail of x.
fn k_cos(x: f64, y: f64) -> f64 {
    const C1: f64 = f64::from_bits(0x3fa555555555554c);
    const C2: f64 = f64::from_bits(0xbf56c16c16c15177);
    const C3: f64 = f64::from_bits(0x3efa01a019cb1590);
    const C4: f64 = f64::from_bits(0xbe927e4f809c52ad);
    const C5: f64 = f64::from_bits(0x3e21ee9ebdb4b1c4);
    const C6: f64 = f64::from_bits(0xbda8fae9be8838d4);
    let z = x * x;
    let w = z * z;
    let r = z * (C1 + z * (C2 + z * C3)) + w * w * (C4 + z * (C5 + z * C6));
    let hz = 0.5 * z;
    let w = 1.0 - hz;
    w + (((1.0 - w) - hz) + (z * r - x * y))
}

/// libm's `k_sin` with a tail (`iy = 1`): sin(x + y) for |x| ≲ π/4.
fn k_sin(x: f64, y: f64) -> f64 {
    const S1: f64 = f64::from_bits(0xbfc5555555555549);
    const S2: f64 = f64::from_bits(0x3f8111111110f8a6);
    const S3: f64 = f64::from_bits(0xbf2a01a019c161d5);
    const S4: f64 = f64::from_bits(0x3ec71de357b1fe7d);
    const S5: f64 = f64::from_bits(0xbe5ae5e68a2b9ceb);
    const S6: f64 = f64::from_bits(0x3de5d93a5acfd57c);
    let z = x * x;
    let w = z * z;
    let r = S2 + z * (S3 + z * S4) + z * w * (S5 + z * S6);
    let v = z * x;
    x - ((z * (0.5 * y - v * r) - y) - v * S1)
}
