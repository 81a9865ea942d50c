//! The two hands on the sides of the cage: thumbs wrapping behind, palms and fingers in front.

use super::geometry::{Cage, HandGeom, FINGERS, FINGER_WEB, P};
use super::pen::{sign, Draw, SIDES};
use crate::scene::{Paint, Part, Role, Scene};

const HAND_LINE: Paint = Paint::new(Role::Accent, 0.9);
const HAND_FILL: Paint = Paint::new(Role::Accent, 0.26);
const HAND_MASK: Paint = Paint::new(Role::Bg, 0.6);

/// Both thumbs as one path (they are far apart).
pub(super) fn draw_thumbs(s: &mut Scene, d: &Draw, cage: &Cage) {
    let h = &cage.hand;
    // From the back of the palm, round the side and up the back: seen through the cage.
    let base = h.at(-0.095, -0.09);
    let tip = (base.0 - 0.11, base.1 - 0.21);
    for side in SIDES {
        s.mark(Part::Thumb { side });
        if side == SIDES[0] {
            s.begin_path();
        }
        d.capsule(s, sign(side), base, tip, 0.036);
    }
    s.fill(Paint::new(Role::Accent, 0.10));
    s.stroke(Paint::new(Role::Accent, 0.35), d.len(0.01));
}

fn angle(v: P) -> f32 {
    v.1.atan2(v.0)
}

fn rotate(v: P, a: f32) -> P {
    let (c, s) = (a.cos(), a.sin());
    (v.0 * c - v.1 * s, v.0 * s + v.1 * c)
}

/// Both hands as one path (the fingertips never meet: tests check), masked, filled and outlined.
pub(super) fn draw_hands(s: &mut Scene, d: &Draw, cage: &Cage) {
    for side in SIDES {
        s.mark(Part::Hand { side });
        if side == SIDES[0] {
            s.begin_path();
        }
        hand_outline(s, d, &cage.hand, sign(side));
    }
    s.fill(HAND_MASK);
    s.fill(HAND_FILL);
    s.stroke(HAND_LINE, d.len(0.012));
}

/// One hand's outline: back of the palm (round the side of the cage), then each finger out and
/// back, index first, then the heel of the hand and the wrist edge.
fn hand_outline(s: &mut Scene, d: &Draw, h: &HandGeom, sg: f32) {
    let wrist_top = h.at(-0.095, -0.12);
    d.move_to(s, sg, wrist_top);
    let (v0, r0, _, _) = FINGERS[0];
    d.quad_to(s, sg, h.at(-0.03, v0 - r0 - 0.012), h.at(0.0, v0 - r0));
    for (j, &(v, r, len, fan)) in FINGERS.iter().enumerate() {
        // A finger is drawn along its own axis, fanned from the hand's direction.
        let fd = rotate(h.dir, fan);
        let down = if fd.0 < 0.0 {
            (fd.1, -fd.0)
        } else {
            (-fd.1, fd.0)
        };
        let down = if down.1 < 0.0 {
            (-down.0, -down.1)
        } else {
            down
        };
        let up = (-down.0, -down.1);
        let base = h.at(0.0, v);
        let tip = (base.0 + fd.0 * (len - r), base.1 + fd.1 * (len - r));
        d.line_to(s, sg, (tip.0 + up.0 * r, tip.1 + up.1 * r));
        // Round the fingertip from its upper side, through its end, to its lower side.
        d.arc(s, sg, tip, r, angle(up), angle(down), true);
        // Back to the web between this finger and the next (or to the heel of the hand).
        match FINGERS.get(j + 1) {
            Some(&(vn, rn, _, _)) => d.line_to(s, sg, h.at(FINGER_WEB, (v + r + vn - rn) / 2.0)),
            None => d.line_to(s, sg, (base.0 + down.0 * r, base.1 + down.1 * r)),
        }
    }
    let (v3, r3, _, _) = FINGERS[3];
    d.quad_to(
        s,
        sg,
        h.at(-0.02, v3 + r3 + 0.02),
        h.at(-0.08, v3 + r3 + 0.02),
    );
    d.quad_to(s, sg, h.at(-0.13, 0.0), wrist_top);
    s.close_path();
}
