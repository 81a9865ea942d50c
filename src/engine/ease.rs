//! The easing of the breath's movement, `(1 − cos πp) / 2`.

/// Ease a progress `p` in 0..=1 (clamped; NaN counts as 0): 0 → 0, 1 → 1, zero speed at both ends.
#[inline]
pub fn ease(p: f64) -> f64 {
    let p = if p >= 0.0 { p.min(1.0) } else { 0.0 };
    (1.0 - (std::f64::consts::PI * p).cos()) / 2.0
}
