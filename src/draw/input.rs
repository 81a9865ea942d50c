//! What one frame depends on: the [`FrameInput`] with its [`Overlay`] (the texts and the ring),
//! and how its numbers are read: [`unit()`] clamps, [`zones_for`] fills the dirga zones.

use crate::flow::Side;
use crate::pattern::Zone;
use crate::words::Words;

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
#[derive(Debug, Clone, Copy)]
pub struct Overlay<'a> {
    /// The locale's words for the detail line and the seconds and breath count.
    pub words: &'a Words,
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
    /// Which side or spot of the step this is, on a line under the title ("Left side",
    /// "Spot 2 of 3"); on a stacked canvas under 200 CSS px it takes the cue's line instead.
    pub detail: Option<Detail>,
    /// The step's first cue, wrapped to one to three lines (by the space there is) and cut with an
    /// ellipsis; a safety cue ([`crate::safety::is_safety_cue`]) is never cut: only its whole
    /// sentences that fit are shown, or none.
    pub cue: Option<&'a str>,
    /// Error or status text: when set, the frame shows only this, centred.
    pub message: Option<&'a str>,
}

/// Which part of a step the frame shows, when the step has several.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    /// A side of a two-sided pose: "Left side", "Right side" (`Side::None` shows nothing).
    Side(Side),
    /// A spot of a pressure hold, 1-based, and how many spots there are: "Spot 2 of 3".
    Spot { spot: u32, spots: u32 },
}

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

impl Default for Overlay<'_> {
    /// Nothing to show, in English.
    fn default() -> Self {
        Overlay {
            words: Words::english(),
            phase_label: "",
            seconds_left: None,
            breath_count: None,
            progress: None,
            title: None,
            detail: None,
            cue: None,
            message: None,
        }
    }
}
