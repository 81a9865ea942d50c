//! The rib-cage frame: a rib cage seen from the front that widens and lifts with the breath,
//! two hands on its sides, dirga zones, a progress ring and the phase texts, as a [`Scene`].
//!
//! Everything here is a pure function of [`FrameInput`]: no clock, no randomness, no web types.
//! The figure is modelled in "figure units" (origin at the ring centre, y down, the cage about
//! ±0.8 wide) and mapped to CSS pixels with one uniform scale, so it looks the same at any size.
//!
//! The geometry only depends on `expansion` (0 = empty, 1 = full), so holds hold: the pacer's
//! expansion is constant during a hold and so is the picture.

use crate::overlay::{self, Layout};
use crate::pattern::Zone;
use crate::scene::{Cmd, Paint, Part, Role, Scene, Side};

/// Everything one frame depends on.
#[derive(Debug, Clone, Copy)]
pub struct FrameInput<'a> {
    /// Canvas size in CSS pixels.
    pub width: f32,
    pub height: f32,
    /// How full the lungs are, 0..=1 (from the pacer); values outside are clamped, NaN is 0.
    pub expansion: f32,
    /// Fill of the belly, ribs and chest zones, 0..=1 each, for dirga (see [`zones_for`]); `None`
    /// draws no zones.
    pub zones: Option<[f32; 3]>,
    /// No expansion movement: the cage and hands stay at a mid pose and an accent level inside the
    /// torso shows the breath instead. Texts are unchanged.
    pub reduced_motion: bool,
    pub overlay: Overlay<'a>,
}

/// The texts and the ring.
#[derive(Debug, Clone, Copy, Default)]
pub struct Overlay<'a> {
    /// The phase word with its route: "Inhale · nose", "Exhale · mouth", "Hold". Empty: none.
    pub phase_label: &'a str,
    /// Whole seconds left in the phase, shown as "4 s".
    pub seconds_left: Option<u32>,
    /// Breaths so far and the target: shown as "breath 3 / 10" or "breath 3" ("3 / 10" when narrow).
    pub breath_count: Option<(u64, Option<u64>)>,
    /// Progress of the step or session, 0..=1, drawn as an arc on the ring.
    pub progress: Option<f32>,
    /// Step title (flows), one line, cut with an ellipsis to the width.
    pub title: Option<&'a str>,
    /// The step's first cue, wrapped to one to three lines (by the space there is) and cut with an
    /// ellipsis.
    pub cue: Option<&'a str>,
    /// Error or status text: when set, the frame shows only this, centred.
    pub message: Option<&'a str>,
}

/// The number of rib pairs drawn.
pub const RIB_PAIRS: usize = 12;

/// Extent of the figure in figure units (radius of a circle holding every point at any expansion);
/// the figure is scaled so that this circle fits inside the progress ring.
const EXTENT: f32 = 1.08;

/// Clamps to 0..=1, with NaN as 0.
pub fn unit(v: f32) -> f32 {
    if v.is_nan() {
        0.0
    } else {
        v.clamp(0.0, 1.0)
    }
}

/// Index of a zone in [`FrameInput::zones`]: belly 0, ribs 1, chest 2 (`Back` has none).
pub fn zone_index(z: Zone) -> Option<usize> {
    match z {
        Zone::Belly => Some(0),
        Zone::Ribs => Some(1),
        Zone::Chest => Some(2),
        Zone::Back => None,
    }
}

/// The fill of the belly, ribs and chest zones for an expansion, given the order in which the zones
/// fill on the inhale (a phase's `focus`, e.g. belly, ribs, chest for dirga).
///
/// The i-th of the n zones in `fill_order` fills as `clamp(expansion * n - i, 0, 1)`: on the inhale
/// (expansion rising) they fill one after another in that order, and on the exhale (expansion
/// falling) they empty in the reverse order. Pass the inhale's order during the exhale as well.
/// `Back` and repeated zones are skipped; zones not listed stay empty; an order with no belly,
/// ribs or chest fills all three together.
pub fn zones_for(expansion: f32, fill_order: &[Zone]) -> [f32; 3] {
    let e = unit(expansion);
    let mut order = [0usize; 3];
    let mut n = 0;
    for idx in fill_order.iter().filter_map(|&z| zone_index(z)) {
        if !order[..n].contains(&idx) {
            order[n] = idx;
            n += 1;
        }
    }
    if n == 0 {
        return [e; 3];
    }
    let mut out = [0.0; 3];
    for (i, &idx) in order[..n].iter().enumerate() {
        out[idx] = unit(e * n as f32 - i as f32);
    }
    out
}

/// Builds one frame into `scene` (cleared first). Returns the progress ring's radius in CSS px
/// (0 when there is no ring), which decides when its arc next moves
/// ([`crate::frame_state::still_until`]).
pub fn build_frame(input: &FrameInput, scene: &mut Scene) -> f32 {
    scene.clear();
    let w = finite_size(input.width);
    let h = finite_size(input.height);
    scene.mark(Part::Background);
    scene.push(Cmd::Clear { w, h });
    if w < 16.0 || h < 16.0 {
        return 0.0;
    }
    let ov = &input.overlay;
    if let Some(msg) = ov.message.filter(|m| !m.trim().is_empty()) {
        overlay::draw_message(scene, w, h, msg);
        return 0.0;
    }

    let mut wraps = std::mem::take(&mut scene.wraps);
    let l = Layout::new(w, h, ov, &mut wraps);
    overlay::draw_ring(scene, &l, ov.progress);

    let breath = unit(input.expansion);
    let pose = if input.reduced_motion { 0.5 } else { breath };
    let cage = Cage::new(pose);
    let k = l.figure_radius() / EXTENT;
    let d = Draw {
        cx: l.cx,
        cy: l.cy,
        k,
    };

    // Behind the bones: glow or zones.
    match input.zones {
        Some(z) => draw_zones(scene, &d, &cage, z.map(unit)),
        None => draw_glow(scene, &d, &cage, breath, input.reduced_motion),
    }
    draw_spine(scene, &d);
    for run in rib_runs() {
        draw_ribs_back(scene, &d, &cage, run);
    }
    draw_thumbs(scene, &d, &cage);
    draw_sternum(scene, &d, &cage);
    for run in rib_runs() {
        draw_ribs_front(scene, &d, &cage, run);
    }
    draw_clavicles(scene, &d, &cage);
    draw_hands(scene, &d, &cage);
    overlay::draw_text(scene, &mut wraps, &l, ov);
    scene.wraps = wraps;
    scene.merge_strokes();
    l.r
}

fn finite_size(v: f32) -> f32 {
    if v.is_finite() {
        v.clamp(0.0, 100_000.0)
    } else {
        0.0
    }
}

const SIDES: [Side; 2] = [Side::Left, Side::Right];

fn sign(side: Side) -> f32 {
    match side {
        Side::Left => -1.0,
        Side::Right => 1.0,
    }
}

type P = (f32, f32);

fn lerp(a: f32, b: f32, t: f32) -> f32 {
    a + (b - a) * t
}

/// Maps figure units (right side; mirrored by `sg`) to CSS pixels.
struct Draw {
    cx: f32,
    cy: f32,
    k: f32,
}

impl Draw {
    fn p(&self, sg: f32, (x, y): P) -> P {
        (self.cx + self.k * sg * x, self.cy + self.k * y)
    }
    fn len(&self, v: f32) -> f32 {
        (self.k * v).max(0.5)
    }
    fn move_to(&self, s: &mut Scene, sg: f32, p: P) {
        let (x, y) = self.p(sg, p);
        s.move_to(x, y);
    }
    fn line_to(&self, s: &mut Scene, sg: f32, p: P) {
        let (x, y) = self.p(sg, p);
        s.line_to(x, y);
    }
    fn quad_to(&self, s: &mut Scene, sg: f32, c: P, p: P) {
        let (cx, cy) = self.p(sg, c);
        let (x, y) = self.p(sg, p);
        s.quad_to(cx, cy, x, y);
    }
    fn bezier_to(&self, s: &mut Scene, sg: f32, c1: P, c2: P, p: P) {
        let (ax, ay) = self.p(sg, c1);
        let (bx, by) = self.p(sg, c2);
        let (x, y) = self.p(sg, p);
        s.bezier_to(ax, ay, bx, by, x, y);
    }
    /// An arc in figure units and angles (right side); mirrored for `sg < 0`.
    #[allow(clippy::too_many_arguments)]
    fn arc(&self, s: &mut Scene, sg: f32, c: P, r: f32, start: f32, end: f32, ccw: bool) {
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
    fn capsule(&self, s: &mut Scene, sg: f32, a: P, b: P, r: f32) {
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

// ---------------------------------------------------------------------------------------------
// The model

/// Where a rib's costal cartilage ends.
#[derive(Clone, Copy)]
enum Attach {
    /// On the sternum's edge at this height.
    Sternum(f32),
    /// On the cartilage of the rib above (index), part way along it.
    Costal(usize),
    /// A floating rib: no cartilage.
    Floating,
}

/// A rib at rest (expansion 0), right side: spine joint height, lateral extreme (x, y),
/// anterior end (x, y), where its cartilage goes, stroke width.
struct RibSpec {
    spine_y: f32,
    lat: P,
    front: P,
    attach: Attach,
    width: f32,
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
const STERNUM_Y: [f32; 4] = [-0.66, -0.47, 0.0, 0.13];

/// The ribs at rest, following the vertebral levels (one vertebra = 0.1): rib n's head at T(n),
/// the jugular notch at T2/T3, the sternal angle at rib 2, the xiphisternal joint at T9, the
/// costal margin lowest at rib 10.
const RIBS: [RibSpec; RIB_PAIRS] = [
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
fn sternum_half_width(y: f32) -> f32 {
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
struct RibGeom {
    p0: P,
    c1: P,
    c2: P,
    p1: P,
    c3: P,
    c4: P,
    p2: P,
    cart: Option<(P, P)>,
    width: f32,
    floating: bool,
}

fn quad_at(a: P, c: P, b: P, t: f32) -> P {
    let u = 1.0 - t;
    (
        u * u * a.0 + 2.0 * u * t * c.0 + t * t * b.0,
        u * u * a.1 + 2.0 * u * t * c.1 + t * t * b.1,
    )
}

/// The posed skeleton (right side; the left is its mirror).
struct Cage {
    ribs: [RibGeom; RIB_PAIRS],
    /// Vertical lift of the sternum and clavicles.
    lift: f32,
    hand: HandGeom,
}

/// A hand on the right side of the cage (the left one is its mirror), in a local frame: `u` along
/// the fingers (towards the sternum, slightly down), `v` across them (down).
#[derive(Clone, Copy, Default)]
struct HandGeom {
    /// Middle of the knuckle line, the frame's origin.
    knuckles: P,
    /// Unit vector along the fingers.
    dir: P,
}

impl HandGeom {
    /// Local (u, v) to figure units.
    fn at(&self, u: f32, v: f32) -> P {
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
const FINGER_WEB: f32 = 0.075;

const FINGERS: [(f32, f32, f32, f32); 4] = [
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
    fn new(e: f32) -> Cage {
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
                Attach::Sternum(y) => {
                    let y = y - lift_s;
                    let end = (sternum_half_width(y + lift_s) - 0.004, y);
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
    fn torso_points(&self) -> [P; 14] {
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

/// Top and bottom of the three zones (belly, ribs, chest) in figure units.
fn zone_bands(cage: &Cage) -> [(f32, f32); 3] {
    let top = STERNUM_Y[0] - 0.06 - cage.lift;
    let chest_ribs = cage.ribs[4].p1.1 + 0.02;
    let ribs_belly = cage.ribs[9].p1.1 + 0.08;
    [
        (ribs_belly, 0.92),
        (chest_ribs, ribs_belly),
        (top, chest_ribs),
    ]
}

/// The torso outline as a closed smooth path (both halves).
fn torso_path(s: &mut Scene, d: &Draw, cage: &Cage) {
    let pts = cage.torso_points();
    let n = pts.len();
    s.begin_path();
    d.move_to(s, 1.0, pts[0]);
    // Right half down, through midpoints with the points as quadratic controls.
    for i in 1..n - 1 {
        let m = (
            (pts[i].0 + pts[i + 1].0) / 2.0,
            (pts[i].1 + pts[i + 1].1) / 2.0,
        );
        d.quad_to(s, 1.0, pts[i], m);
    }
    d.line_to(s, 1.0, pts[n - 1]);
    // Left half up.
    for i in (1..n - 1).rev() {
        let m = (
            (pts[i].0 + pts[i - 1].0) / 2.0,
            (pts[i].1 + pts[i - 1].1) / 2.0,
        );
        d.quad_to(s, -1.0, pts[i], m);
    }
    s.close_path();
}

/// A horizontal band of the torso, y0..y1, as a clipped fill.
fn band(s: &mut Scene, d: &Draw, y0: f32, y1: f32, paint: Paint) {
    if y1 <= y0 {
        return;
    }
    let (x0, py0) = d.p(1.0, (-1.0, y0));
    let (x1, py1) = d.p(1.0, (1.0, y1));
    s.begin_path();
    s.push(Cmd::Rect {
        x: x0,
        y: py0,
        w: x1 - x0,
        h: py1 - py0,
    });
    s.fill(paint);
}

fn level_line(s: &mut Scene, d: &Draw, y: f32, paint: Paint) {
    s.begin_path();
    d.move_to(s, 1.0, (-1.0, y));
    d.line_to(s, 1.0, (1.0, y));
    s.stroke(paint, d.len(0.012));
}

fn draw_zones(s: &mut Scene, d: &Draw, cage: &Cage, fill: [f32; 3]) {
    let bands = zone_bands(cage);
    for (z, &(top, bottom)) in bands.iter().enumerate() {
        s.mark(Part::Zone { zone: z as u8 });
        let f = fill[z];
        s.push(Cmd::Save);
        torso_path(s, d, cage);
        s.push(Cmd::Clip);
        band(s, d, top, bottom, Paint::new(Role::Accent, 0.06));
        if f > 0.0 {
            let level = bottom - f * (bottom - top);
            band(
                s,
                d,
                level,
                bottom,
                Paint::new(Role::Accent, 0.16 + 0.2 * f),
            );
            level_line(s, d, level, Paint::new(Role::Accent, 0.55 + 0.3 * f));
        }
        if z > 0 {
            // Faint border under the zone.
            level_line(s, d, bottom, Paint::new(Role::Accent, 0.18));
        }
        s.push(Cmd::Restore);
    }
}

fn draw_glow(s: &mut Scene, d: &Draw, cage: &Cage, breath: f32, reduced: bool) {
    s.mark(Part::Glow);
    if reduced {
        // The breath as a level rising through the torso.
        let bands = zone_bands(cage);
        let (top, bottom) = (bands[2].0, bands[0].1);
        s.push(Cmd::Save);
        torso_path(s, d, cage);
        s.push(Cmd::Clip);
        band(s, d, top, bottom, Paint::new(Role::Accent, 0.06));
        if breath > 0.0 {
            let level = bottom - breath * (bottom - top);
            band(s, d, level, bottom, Paint::new(Role::Accent, 0.22));
            level_line(s, d, level, Paint::new(Role::Accent, 0.8));
        }
        s.push(Cmd::Restore);
    } else {
        torso_path(s, d, cage);
        s.fill(Paint::new(Role::Accent, 0.04 + 0.10 * breath));
    }
}

fn draw_spine(s: &mut Scene, d: &Draw) {
    s.mark(Part::Spine);
    const N: usize = 17;
    let (top, bottom) = (-0.86, 0.86);
    let step = (bottom - top) / N as f32;
    s.begin_path();
    for i in 0..N {
        let t = i as f32 / (N - 1) as f32;
        let hw = 0.042 + 0.036 * t;
        let y0 = top + i as f32 * step + 0.012;
        let y1 = y0 + step - 0.024;
        round_rect(s, d, -hw, y0, hw, y1, 0.018);
    }
    s.fill(Paint::new(Role::Rib, 0.10));
    s.stroke(Paint::new(Role::Rib, 0.32), d.len(0.008));
}

fn round_rect(s: &mut Scene, d: &Draw, x0: f32, y0: f32, x1: f32, y1: f32, r: f32) {
    let (px, py) = d.p(1.0, (x0, y0));
    let (qx, qy) = d.p(1.0, (x1, y1));
    s.push(Cmd::RoundRect {
        x: px,
        y: py,
        w: qx - px,
        h: qy - py,
        r: d.k * r,
    });
}

const RIB_BACK: Paint = Paint::new(Role::Rib, 0.16);
const RIB_FRONT: Paint = Paint::new(Role::Rib, 0.92);
/// The light core that makes a stroke read as a bone.
const BONE_CORE: Paint = Paint::new(Role::Bg, 0.35);
const CARTILAGE: Paint = Paint::new(Role::Rib, 0.45);

/// The ribs in runs of consecutive pairs drawn alike (same stroke width, both floating or both
/// not): each run is stroked as one path per paint, so the cage costs 17 `stroke()`s rather than
/// one to three per rib. The bones of a run do not touch (the widths in [`RIBS`] keep the 9th and
/// 10th ribs, which do, in separate runs), so this paints what stroking them one by one did; only
/// where a false rib's cartilage ends on the one above it in the same run is the join painted once
/// instead of twice.
fn rib_runs() -> impl Iterator<Item = std::ops::Range<usize>> {
    let alike = |a: &RibSpec, b: &RibSpec| {
        a.width == b.width
            && matches!(a.attach, Attach::Floating) == matches!(b.attach, Attach::Floating)
    };
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= RIB_PAIRS {
            return None;
        }
        let mut end = start + 1;
        while end < RIB_PAIRS && alike(&RIBS[start], &RIBS[end]) {
            end += 1;
        }
        let run = start..end;
        start = end;
        Some(run)
    })
}

/// One path through a run of ribs, both sides: marks each rib's part, begins the path once, and
/// lets `half` add the rib's segments (mirrored by the sign it is given).
fn rib_halves(
    s: &mut Scene,
    cage: &Cage,
    run: std::ops::Range<usize>,
    front: bool,
    mut half: impl FnMut(&mut Scene, f32, &RibGeom),
) {
    let start = run.start;
    for i in run {
        for side in SIDES {
            s.mark(Part::Rib {
                pair: i as u8,
                side,
                front,
            });
            if i == start && side == SIDES[0] {
                s.begin_path();
            }
            half(s, sign(side), &cage.ribs[i]);
        }
    }
}

/// The posterior halves of a run of ribs, both sides, as one stroked path (floating ribs whole).
fn draw_ribs_back(s: &mut Scene, d: &Draw, cage: &Cage, run: std::ops::Range<usize>) {
    let first = &cage.ribs[run.start];
    rib_halves(s, cage, run, false, |s, sg, r| {
        d.move_to(s, sg, r.p0);
        d.bezier_to(s, sg, r.c1, r.c2, r.p1);
        if r.floating {
            // Floating ribs stay behind: the whole rib is drawn here.
            d.bezier_to(s, sg, r.c3, r.c4, r.p2);
        }
    });
    if first.floating {
        s.stroke(Paint::new(Role::Rib, 0.45), d.len(first.width));
    } else {
        s.stroke(RIB_BACK, d.len(first.width * 0.85));
    }
}

/// The anterior halves of a run of ribs (bone with a light core), then their costal cartilages,
/// both sides, each as one path. Floating ribs have neither.
fn draw_ribs_front(s: &mut Scene, d: &Draw, cage: &Cage, run: std::ops::Range<usize>) {
    let width = cage.ribs[run.start].width;
    if cage.ribs[run.start].floating {
        return;
    }
    rib_halves(s, cage, run.clone(), true, |s, sg, r| {
        d.move_to(s, sg, r.p1);
        d.bezier_to(s, sg, r.c3, r.c4, r.p2);
    });
    s.stroke(RIB_FRONT, d.len(width));
    s.stroke(BONE_CORE, d.len(width * 0.34));
    let mut begun = false;
    for i in run {
        let r = &cage.ribs[i];
        let Some((q, end)) = r.cart else { continue };
        for side in SIDES {
            let sg = sign(side);
            s.mark(Part::Cartilage {
                pair: i as u8,
                side,
            });
            if !begun {
                s.begin_path();
                begun = true;
            }
            d.move_to(s, sg, r.p2);
            d.quad_to(s, sg, q, end);
        }
    }
    if begun {
        s.stroke(CARTILAGE, d.len(width * 0.8));
    }
}

fn draw_sternum(s: &mut Scene, d: &Draw, cage: &Cage) {
    s.mark(Part::Sternum);
    let [top, angle, body_end, tip] = STERNUM_Y.map(|y| y - cage.lift);
    let hw = |y: f32| sternum_half_width(y + cage.lift);
    s.begin_path();
    // Manubrium with the jugular notch, body, xiphoid: right half down, left half up.
    d.move_to(s, 1.0, (0.0, top + 0.025));
    d.quad_to(s, 1.0, (0.04, top), (hw(top), top));
    d.line_to(s, 1.0, (hw(angle) + 0.004, angle - 0.01));
    d.line_to(s, 1.0, (hw(angle), angle + 0.01));
    let mid = lerp(angle, body_end, 0.55);
    d.quad_to(s, 1.0, (hw(mid) + 0.012, mid), (hw(body_end), body_end));
    d.quad_to(s, 1.0, (0.03, tip - 0.06), (0.0, tip));
    d.quad_to(s, -1.0, (0.03, tip - 0.06), (hw(body_end), body_end));
    d.quad_to(s, -1.0, (hw(mid) + 0.012, mid), (hw(angle), angle + 0.01));
    d.line_to(s, -1.0, (hw(angle) + 0.004, angle - 0.01));
    d.line_to(s, -1.0, (hw(top), top));
    d.quad_to(s, -1.0, (0.04, top), (0.0, top + 0.025));
    s.close_path();
    s.fill(Paint::new(Role::Bg, 1.0));
    s.fill(Paint::new(Role::Rib, 0.2));
    s.stroke(Paint::new(Role::Rib, 0.85), d.len(0.013));
    // The sternal angle.
    s.begin_path();
    d.move_to(s, 1.0, (hw(angle) - 0.01, angle));
    d.line_to(s, -1.0, (hw(angle) - 0.01, angle));
    s.stroke(Paint::new(Role::Rib, 0.45), d.len(0.008));
}

/// Both clavicles as one path (they do not touch), stroked as bone with a light core.
fn draw_clavicles(s: &mut Scene, d: &Draw, cage: &Cage) {
    let y = STERNUM_Y[0] - cage.lift * 1.6;
    for side in SIDES {
        let sg = sign(side);
        s.mark(Part::Clavicle { side });
        if side == SIDES[0] {
            s.begin_path();
        }
        d.move_to(s, sg, (0.085, y - 0.005));
        d.bezier_to(s, sg, (0.25, y + 0.03), (0.40, y - 0.10), (0.60, y - 0.085));
    }
    s.stroke(Paint::new(Role::Rib, 0.85), d.len(0.034));
    s.stroke(BONE_CORE, d.len(0.012));
}

const HAND_LINE: Paint = Paint::new(Role::Accent, 0.9);
const HAND_FILL: Paint = Paint::new(Role::Accent, 0.26);
const HAND_MASK: Paint = Paint::new(Role::Bg, 0.6);

/// Both thumbs as one path (they are far apart).
fn draw_thumbs(s: &mut Scene, d: &Draw, cage: &Cage) {
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
fn draw_hands(s: &mut Scene, d: &Draw, cage: &Cage) {
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
