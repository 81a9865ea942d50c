//! How far the figure moves per unit of expansion, and so how much the expansion may change
//! before a frame would look different: the "still enough" of
//! [`crate::frame_state::still_enough_until`].
//!
//! The figure is a function of the expansion alone (0..=1); every point of it (path points,
//! curve controls, arc centres, radii and rectangle corners, in figure units) moves at most
//! [`FIGURE_SPEED`] (or, with reduced motion, [`LEVEL_SPEED`]) figure units per unit of
//! expansion: Lipschitz constants measured natively over a fine grid of expansions
//! (`tests/motion.rs`) and given a margin. Scaled by the figure's CSS px per figure unit and the
//! device pixel ratio, that says by how much the expansion may change before any drawn point
//! moves by [`SHIFT_DEVICE_PX`]. The glow's opacity changes with the expansion too: it may change
//! by [`ALPHA_STEP`] at the most.

use super::{shows_figure, FrameInput, EXTENT};

/// The largest move of a drawn point (device px) that counts as the same picture: one device
/// px, the smallest step the eye can tell apart from a smooth glide (and, as the speeds below
/// are upper bounds, the points that move most move about 0.9 device px between frames drawn;
/// a frame that comes a frame late adds that frame's movement). Half a pixel drew twice as many
/// frames, each a raster of the cage on the page's main thread (`make bench`, energy).
pub const SHIFT_DEVICE_PX: f32 = 1.0;
/// The largest change of a paint's opacity that counts as the same picture: one 8-bit level
/// (a colour channel moves by at most one level of 255).
pub const ALPHA_STEP: f32 = 1.0 / 255.0;
/// Largest move of any drawn point of the figure per unit of expansion, in figure units scaled
/// as the ring's radius over the figure's extent (an upper bound of the drawing's scale): 0.125
/// measured at 120 to 1000 CSS px (the lowest ribs and the hands widen most), with a 10 % margin
/// (`tests/motion.rs` checks both).
pub const FIGURE_SPEED: f32 = 0.14;
/// The same with reduced motion (the figure at its mid pose; the accent level rises through the
/// torso): 1.60 measured, with a margin.
pub const LEVEL_SPEED: f32 = 2.0;
/// Change of the glow's opacity per unit of expansion (see `torso::draw_glow`).
const GLOW_ALPHA_PER_EXPANSION: f32 = 0.10;

/// The change of expansion (0..=1 units) that moves no drawn point of the frame for `input` by
/// [`SHIFT_DEVICE_PX`] device px or more, nor a paint's opacity by [`ALPHA_STEP`] or more, on a
/// canvas of `dpr` device px per CSS px, where `ring_r` is the progress ring's radius in CSS px
/// ([`super::build_frame`]'s answer). 0 (every change counts) for the dirga zones, whose fills
/// and paint change in steps, with reduced motion at expansion 0 (the level appears as it
/// rises), and when there is no figure to scale by.
pub fn expansion_tolerance(input: &FrameInput, ring_r: f32, dpr: f32) -> f32 {
    let scalable = ring_r > 0.0 && ring_r.is_finite() && dpr > 0.0 && dpr.is_finite();
    if input.zones.is_some() || !shows_figure(input) || !scalable {
        return 0.0;
    }
    // CSS px per figure unit: the figure's radius is at most the ring's.
    let k = ring_r / EXTENT;
    let device_per_expansion = k * dpr;
    if input.reduced_motion {
        // The level is drawn only above 0: its first rise shows a line at the bottom.
        if super::unit(input.expansion) == 0.0 {
            return 0.0;
        }
        SHIFT_DEVICE_PX / (LEVEL_SPEED * device_per_expansion)
    } else {
        (SHIFT_DEVICE_PX / (FIGURE_SPEED * device_per_expansion))
            .min(ALPHA_STEP / GLOW_ALPHA_PER_EXPANSION)
    }
}
