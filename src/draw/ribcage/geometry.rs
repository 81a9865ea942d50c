//! The model of the figure: the ribs, sternum and hands at rest, and the cage posed for an
//! expansion ([`Cage::new`]), in figure units.

/// The number of rib pairs drawn.
pub const RIB_PAIRS: usize = 12;

pub(super) type P = (f32, f32);

pub(super) fn lerp(a: f32, b: f32, t: f32) -> f32 {
    a + (b - a) * t
}

/// Where a rib's costal cartilage ends.
#[derive(Clone, Copy)]
pub(super) enum Attach {
    /// On the sternum's edge at this height.
    Sternum(f32),
    /// On the cartilage of the rib above (index), part way along it.
    Costal(usize),
    /// A floating rib: no cartilage.
    Floating,
}

/// A rib at rest (expansion 0), right side: spine joint height, lateral extreme (x, y),
/// anterior end (x, y), where its cartilage goes, stroke width.
pub(super) struct RibSpec {
    pub(super) spine_y: f32,
    pub(super) lat: P,
    pub(super) front: P,
    pub(super) attach: Attach,
    pub(super) width: f32,
}

const fn rib(spine_y: f32, lat: P, front: P, attach: Attach, width: f32) -> RibSpec {
    RibSpec {
        spine_y,
        lat,
        front,
        attach,
        width,
    }
}

/// Top of the manubrium (jugular notch), sternal angle, bottom of the body, tip of the xiphoid.
pub(super) const STERNUM_Y: [f32; 4] = [-0.66, -0.47, 0.0, 0.13];

/// The ribs at rest, following the vertebral levels (one vertebra = 0.1): rib n's head at T(n),
/// the jugular notch at T2/T3, the sternal angle at rib 2, the xiphisternal joint at T9, the
/// costal margin lowest at rib 10.
pub(super) const RIBS: [RibSpec; RIB_PAIRS] = [
    rib(
        -0.80,
        (0.30, -0.69),
        (0.185, -0.615),
        Attach::Sternum(-0.615),
        0.036,
    ),
    rib(
        -0.70,
        (0.455, -0.56),
        (0.255, -0.47),
        Attach::Sternum(-0.47),
        0.030,
    ),
    rib(
        -0.60,
        (0.565, -0.43),
        (0.30, -0.33),
        Attach::Sternum(-0.37),
        0.030,
    ),
    rib(
        -0.50,
        (0.645, -0.30),
        (0.335, -0.19),
        Attach::Sternum(-0.27),
        0.030,
    ),
    rib(
        -0.40,
        (0.705, -0.175),
        (0.36, -0.055),
        Attach::Sternum(-0.175),
        0.030,
    ),
    rib(
        -0.30,
        (0.75, -0.055),
        (0.385, 0.08),
        Attach::Sternum(-0.09),
        0.030,
    ),
    rib(
        -0.20,
        (0.775, 0.06),
        (0.415, 0.21),
        Attach::Sternum(-0.015),
        0.030,
    ),
    rib(-0.10, (0.785, 0.17), (0.47, 0.33), Attach::Costal(6), 0.028),
    rib(0.00, (0.775, 0.27), (0.53, 0.43), Attach::Costal(7), 0.028),
    rib(0.10, (0.745, 0.36), (0.59, 0.50), Attach::Costal(8), 0.027),
    rib(0.20, (0.665, 0.43), (0.0, 0.0), Attach::Floating, 0.024),
    rib(0.30, (0.54, 0.48), (0.0, 0.0), Attach::Floating, 0.024),
];

/// Half width of the sternum at height y (at rest).
pub(super) fn sternum_half_width(y: f32) -> f32 {
    let [top, angle, body_end, _] = STERNUM_Y;
    if y < angle {
        lerp(0.105, 0.075, (y - top) / (angle - top))
    } else {
        let t = ((y - angle) / (body_end - angle)).clamp(0.0, 1.0);
        0.062 + 0.012 * (t * std::f32::consts::PI).sin() - 0.012 * t
    }
}

/// One rib, right side, posed: posterior half p0→p1 (cubic c1, c2), anterior half p1→p2 (cubic
/// c3, c4), cartilage p2→end (quadratic q).
#[derive(Clone, Copy, Default)]
pub(super) struct RibGeom {
    pub(super) p0: P,
    pub(super) c1: P,
    pub(super) c2: P,
    pub(super) p1: P,
    pub(super) c3: P,
    pub(super) c4: P,
    pub(super) p2: P,
    pub(super) cart: Option<(P, P)>,
    pub(super) width: f32,
    pub(super) floating: bool,
}

fn quad_at(a: P, c: P, b: P, t: f32) -> P {
    let u = 1.0 - t;
    (
        u * u * a.0 + 2.0 * u * t * c.0 + t * t * b.0,
        u * u * a.1 + 2.0 * u * t * c.1 + t * t * b.1,
    )
}

/// The posed skeleton (right side; the left is its mirror).
pub(super) struct Cage {
    pub(super) ribs: [RibGeom; RIB_PAIRS],
    /// Vertical lift of the sternum and clavicles.
    pub(super) lift: f32,
    pub(super) hand: HandGeom,
}

/// A hand on the right side of the cage (the left one is its mirror), in a local frame: `u` along
/// the fingers (towards the sternum, slightly down), `v` across them (down).
#[derive(Clone, Copy, Default)]
pub(super) struct HandGeom {
    /// Middle of the knuckle line, the frame's origin.
    pub(super) knuckles: P,
    /// Unit vector along the fingers.
    pub(super) dir: P,
}

impl HandGeom {
    /// Local (u, v) to figure units.
    pub(super) fn at(&self, u: f32, v: f32) -> P {
        let (dx, dy) = self.dir;
        // v runs along dir turned a quarter clockwise: (-dy, dx) points down when dir points left.
        let (nx, ny) = (-dy, dx);
        let (nx, ny) = if ny < 0.0 { (-nx, -ny) } else { (nx, ny) };
        (
            self.knuckles.0 + u * dx + v * nx,
            self.knuckles.1 + u * dy + v * ny,
        )
    }
}

/// Fingers, index (top) to little: centre of the base across the knuckle line, half width,
/// length, and fan angle (radians, positive turns the finger down).
/// How far past the knuckle line the fingers separate.
pub(super) const FINGER_WEB: f32 = 0.075;

pub(super) const FINGERS: [(f32, f32, f32, f32); 4] = [
    (-0.091, 0.034, 0.34, -0.07),
    (-0.021, 0.036, 0.38, -0.02),
    (0.049, 0.034, 0.36, 0.04),
    (0.112, 0.029, 0.29, 0.11),
];

/// How much rib `i`'s lateral extreme moves out (fraction of its x) at full expansion: the lower
/// ribs swing out more (bucket handle).
fn widen(i: usize) -> f32 {
    0.10 + 0.08 * (i as f32 / (RIB_PAIRS - 1) as f32)
}

/// How much rib `i`'s lateral extreme lifts at full expansion (figure units): the upper ribs
/// rise more (pump handle).
fn lift(i: usize) -> f32 {
    0.03 + 0.025 * (1.0 - i as f32 / (RIB_PAIRS - 1) as f32)
}

/// Sternum lift at full expansion.
const STERNUM_LIFT: f32 = 0.025;
const SPINE_X: f32 = 0.05;

impl Cage {
    pub(super) fn new(e: f32) -> Cage {
        let lift_s = e * STERNUM_LIFT;
        let mut ribs = [RibGeom::default(); RIB_PAIRS];
        for (i, spec) in RIBS.iter().enumerate() {
            let a = e * widen(i);
            let l = e * lift(i);
            let p0 = (SPINE_X, spec.spine_y);
            let p1 = (spec.lat.0 * (1.0 + a), spec.lat.1 - l);
            let c1 = (lerp(SPINE_X, p1.0, 0.5), spec.spine_y - 0.3 * l);
            let drop = p1.1 - spec.spine_y;
            let c2 = (p1.0, p1.1 - 0.55 * drop.max(0.05));
            let floating = matches!(spec.attach, Attach::Floating);
            let (c3, c4, p2) = if floating {
                // Short floating rib: it turns down at its lateral end and stops.
                let p2 = (p1.0 - 0.06 * (1.0 + a), p1.1 + 0.10);
                ((p1.0, p1.1 + 0.04), (p2.0 + 0.02, p2.1 - 0.02), p2)
            } else {
                let p2 = (spec.front.0 * (1.0 + 0.6 * a), spec.front.1 - 0.6 * l);
                let c3 = (p1.0, p1.1 + 0.55 * (p2.1 - p1.1).max(0.06));
                let c4 = (lerp(p2.0, p1.0, 0.42), p2.1 + 0.012);
                (c3, c4, p2)
            };
            ribs[i] = RibGeom {
                p0,
                c1,
                c2,
                p1,
                c3,
                c4,
                p2,
                cart: None,
                width: spec.width,
                floating,
            };
        }
        // Cartilage, top down so that costal attachments find the cartilage above.
        for (i, spec) in RIBS.iter().enumerate() {
            let p2 = ribs[i].p2;
            ribs[i].cart = match spec.attach {
                Attach::Sternum(rest_y) => {
                    // The width at the height at rest: `(y - lift) + lift` may round to just
                    // under the sternal angle, where the width steps.
                    let y = rest_y - lift_s;
                    let end = (sternum_half_width(rest_y) - 0.004, y);
                    // Leave the rib heading medially, then turn towards the sternum.
                    let q = (lerp(p2.0, end.0, 0.5), p2.1);
                    Some((q, end))
                }
                Attach::Costal(j) => ribs[j].cart.map(|(qa, ea)| {
                    let end = quad_at(ribs[j].p2, qa, ea, 0.42);
                    let q = (lerp(p2.0, end.0, 0.55), lerp(p2.1, end.1, 0.2));
                    (q, end)
                }),
                Attach::Floating => None,
            };
        }

        // Hands: palms on the sides at the level of ribs 8–10, fingers forward and inward.
        let side_x = ribs[7].p1.0.max(ribs[8].p1.0);
        let knuckles = (side_x - 0.015, (ribs[7].p1.1 + ribs[9].p1.1) / 2.0 + 0.01);
        let a: f32 = 0.16;
        let hand = HandGeom {
            knuckles,
            dir: (-a.cos(), a.sin()),
        };
        Cage {
            ribs,
            lift: lift_s,
            hand,
        }
    }

    /// Outline of the torso (right half, top to bottom) for zones and glow: through the ribs'
    /// lateral extremes, then the waist and the belly.
    pub(super) fn torso_points(&self) -> [P; 14] {
        let mut pts = [(0.0, 0.0); 14];
        pts[0] = (0.0, STERNUM_Y[0] - 0.06 - self.lift);
        pts[1] = (0.20, STERNUM_Y[0] - 0.05 - self.lift);
        for i in 0..9 {
            let p = self.ribs[i + 1].p1;
            pts[2 + i] = (p.0 - 0.03, p.1);
        }
        let low = self.ribs[9].p1;
        pts[11] = (low.0 * 0.86, 0.62);
        pts[12] = (low.0 * 0.62, 0.84);
        pts[13] = (0.0, 0.92);
        pts
    }
}
