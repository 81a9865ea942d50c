//! The rib-cage frame: a rib cage seen from the front that widens and lifts with the breath,
//! two hands on its sides, dirga zones, a progress ring and the phase texts, as a [`Scene`].
//!
//! Everything here is a pure function of [`FrameInput`]: no clock, no randomness, no web types.
//! The figure is modelled in "figure units" (origin at the ring centre, y down, the cage about
//! ±0.8 wide) and mapped to CSS pixels with one uniform scale, so it looks the same at any size.
//!
//! The geometry only depends on `expansion` (0 = empty, 1 = full), so holds hold: the pacer's
//! expansion is constant during a hold and so is the picture.

mod bones;
mod geometry;
mod hands;
mod motion;
mod pen;
mod torso;

pub use crate::draw::input::{unit, zone_index, zones_for, FrameInput, Overlay};
pub use geometry::RIB_PAIRS;
pub use motion::{expansion_tolerance, ALPHA_STEP, FIGURE_SPEED, LEVEL_SPEED, SHIFT_DEVICE_PX};

use crate::overlay::{self, Layout, WrapMemo};
use crate::scene::{Cmd, Part, Scene};
use bones::{draw_clavicles, draw_ribs_back, draw_ribs_front, draw_spine, draw_sternum, rib_runs};
use geometry::Cage;
use hands::{draw_hands, draw_thumbs};
use pen::Draw;
use torso::{draw_glow, draw_zones};

/// Extent of the figure in figure units (radius of a circle holding every point at any expansion);
/// the figure is scaled so that this circle fits inside the progress ring.
const EXTENT: f32 = 1.08;

/// Builds one frame into `scene` (cleared first). Returns the progress ring's radius in CSS px
/// (0 when there is no ring), which decides when its arc next moves
/// ([`crate::frame_state::still_until`]).
pub fn build_frame(input: &FrameInput, scene: &mut Scene) -> f32 {
    scene.clear();
    let w = finite_size(input.width);
    let h = finite_size(input.height);
    scene.mark(Part::Background);
    scene.push(Cmd::Clear { w, h });
    let ov = &input.overlay;
    if !shows_figure(input) {
        if let Some(msg) = message(input) {
            overlay::draw_message(scene, w, h, msg);
        }
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

/// Whether the frame for `input` shows the step's cue in full ([`Overlay::cue`]), as
/// [`build_frame`] lays it out: false when there is no cue, the canvas is too small to draw on,
/// a message takes the frame, or the cue was cut or left out for want of room. `memo` is the
/// wrap memo to use (a [`Scene`]'s, or a fresh one).
pub fn cue_fits(input: &FrameInput, memo: &mut WrapMemo) -> bool {
    if !shows_figure(input) {
        return false;
    }
    let (w, h) = (finite_size(input.width), finite_size(input.height));
    let l = Layout::new(w, h, &input.overlay, memo);
    l.cue_fits(input.overlay.cue)
}

/// The message the frame shows instead of the figure, if any.
fn message<'a>(input: &FrameInput<'a>) -> Option<&'a str> {
    let (w, h) = (finite_size(input.width), finite_size(input.height));
    if w < 16.0 || h < 16.0 {
        return None;
    }
    input.overlay.message.filter(|m| !m.trim().is_empty())
}

/// Whether the frame shows the figure and its texts: not on a canvas too small to draw on (under
/// 16 CSS px either way), nor when a message takes the frame.
fn shows_figure(input: &FrameInput) -> bool {
    let (w, h) = (finite_size(input.width), finite_size(input.height));
    w >= 16.0 && h >= 16.0 && message(input).is_none()
}

fn finite_size(v: f32) -> f32 {
    if v.is_finite() {
        v.clamp(0.0, 100_000.0)
    } else {
        0.0
    }
}
