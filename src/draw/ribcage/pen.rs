//! The pen the figure is drawn with: figure units (right side, mirrored for the left) mapped to
//! CSS pixels, and the two sides.

use super::geometry::P;
use crate::scene::{Cmd, Scene, Side};

pub(super) const SIDES: [Side; 2] = [Side::Left, Side::Right];

pub(super) fn sign(side: Side) -> f32 {
    match side {
        Side::Left => -1.0,
        Side::Right => 1.0,
    }
}

/// Maps figure units (right side; mirrored by `sg`) to CSS pixels.
pub(super) struct Draw {
    pub(super) cx: f32,
    pub(super) cy: f32,
    pub(super) k: f32,
}

impl Draw {
    pub(super) fn p(&self, sg: f32, (x, y): P) -> P {
        (self.cx + self.k * sg * x, self.cy + self.k * y)
    }
    pub(super) fn len(&self, v: f32) -> f32 {
        (self.k * v).max(0.5)
    }
    pub(super) fn move_to(&self, s: &mut Scene, sg: f32, p: P) {
        let (x, y) = self.p(sg, p);
        s.move_to(x, y);
    }
    pub(super) fn line_to(&self, s: &mut Scene, sg: f32, p: P) {
        let (x, y) = self.p(sg, p);
        s.line_to(x, y);
    }
    pub(super) fn quad_to(&self, s: &mut Scene, sg: f32, c: P, p: P) {
        let (cx, cy) = self.p(sg, c);
        let (x, y) = self.p(sg, p);
        s.quad_to(cx, cy, x, y);
    }
    pub(super) fn bezier_to(&self, s: &mut Scene, sg: f32, c1: P, c2: P, p: P) {
        let (ax, ay) = self.p(sg, c1);
        let (bx, by) = self.p(sg, c2);
        let (x, y) = self.p(sg, p);
        s.bezier_to(ax, ay, bx, by, x, y);
    }
    /// An arc in figure units and angles (right side); mirrored for `sg < 0`.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn arc(
        &self,
        s: &mut Scene,
        sg: f32,
        c: P,
        r: f32,
        start: f32,
        end: f32,
        ccw: bool,
    ) {
        let (x, y) = self.p(sg, c);
        let (start, end, ccw) = if sg < 0.0 {
            (
                std::f32::consts::PI - start,
                std::f32::consts::PI - end,
                !ccw,
            )
        } else {
            (start, end, ccw)
        };
        s.push(Cmd::Arc {
            x,
            y,
            r: self.len(r),
            start,
            end,
            ccw,
        });
    }
    /// A closed capsule (stadium) from `a` to `b` with radius `r`, in figure units.
    pub(super) fn capsule(&self, s: &mut Scene, sg: f32, a: P, b: P, r: f32) {
        let q = std::f32::consts::FRAC_PI_2;
        let ang = (b.1 - a.1).atan2(b.0 - a.0);
        let (nx, ny) = (-ang.sin() * r, ang.cos() * r);
        self.move_to(s, sg, (a.0 + nx, a.1 + ny));
        self.line_to(s, sg, (b.0 + nx, b.1 + ny));
        self.arc(s, sg, b, r, ang + q, ang - q, true);
        self.line_to(s, sg, (a.0 - nx, a.1 - ny));
        self.arc(s, sg, a, r, ang - q, ang - 3.0 * q, true);
        s.close_path();
    }
}
