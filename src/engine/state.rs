//! What hosts read: `state()` and the `status` event's detail, built from the player at a session
//! time. One definition each; the web layer only serialises them.

use crate::engine::player::{Player, Status};
use crate::model::flow::{Side, StepKind};
use crate::model::pattern::PhaseKind;
use crate::model::safety::Change;
use crate::session::SessionSample;
use serde::Serialize;
use tsify::Tsify;

/// `state()`: the widget at one instant.
#[derive(Debug, Clone, PartialEq, Serialize, Tsify)]
#[tsify(missing_as_null)]
#[serde(rename_all = "camelCase")]
pub struct BreathFlowState<'a> {
    pub status: Status,
    /// Session ms, clamped to the session's length.
    pub elapsed_ms: f64,
    /// Planned length in ms; `null` for an open-ended pattern.
    pub total_ms: Option<u64>,
    /// 0..=1 of the whole session (0 for an open-ended one).
    pub progress: f64,
    /// The breathing phase, in breathing parts; `null` otherwise.
    pub phase: Option<PhaseKind>,
    pub phase_index: Option<usize>,
    pub phase_remaining_ms: Option<f64>,
    /// How full the lungs are, 0..=1, eased and continuous.
    pub expansion: f64,
    /// Breaths completed in the current part.
    pub breath: u64,
    pub step: Option<StepState<'a>>,
    pub up_next: Option<UpNextState<'a>>,
    /// What was adapted for the person's conditions.
    pub changes: &'a [Change],
    /// The locale the canvas and the texts are in (a registered tag, lower case, or `"en"`).
    pub locale: &'a str,
}

/// The current step in `state()`.
#[derive(Debug, Clone, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct StepState<'a> {
    /// 0-based index in the (adapted) flow, and the number of steps.
    pub index: usize,
    pub count: usize,
    pub id: &'a str,
    pub kind: StepKind,
    pub title: &'a str,
    /// The cues of this part ("left" and "right" swapped on a pose's second side).
    pub cues: &'a [String],
    #[tsify(type = "Side")]
    pub side: Side,
    /// 1-based spot of a pressure hold, and how many spots it has; `null` for other steps.
    #[tsify(type = "number | null")]
    pub spot: Option<u32>,
    #[tsify(type = "number | null")]
    pub spots: Option<u32>,
    /// The cue shown for this part, in full: its first cue, or a note's text; `null` when none.
    #[tsify(type = "string | null")]
    pub cue: Option<&'a str>,
    /// Whether the canvas, at its present size, shows `cue` in full; when not, the host should
    /// show `cue` beside it.
    pub cue_fits: bool,
    /// Ms left in the current part (side, spot).
    pub remaining_ms: f64,
    /// The text of a note.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub text: Option<&'a str>,
    /// A note: the session waits for the person to continue.
    pub awaits_person: bool,
}

/// What comes next in `state()`.
#[derive(Debug, Clone, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct UpNextState<'a> {
    pub index: usize,
    pub id: &'a str,
    pub kind: StepKind,
    pub title: &'a str,
    #[tsify(type = "Side")]
    pub side: Side,
    /// When it starts, in session ms.
    pub at_ms: u64,
}

/// The `status` event's detail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Tsify)]
pub struct StatusEvent {
    pub status: Status,
}

impl<'a> BreathFlowState<'a> {
    /// The state of `player` given its session's sample `s` at the time asked, with `cue_fits`
    /// the canvas's answer for the step's cue (`crate::frame_state::state` asks the layout).
    pub fn at(
        player: &'a Player,
        s: SessionSample<'a>,
        cue_fits: bool,
        locale: &'a str,
    ) -> BreathFlowState<'a> {
        let session = player.session();
        BreathFlowState {
            status: player.status(),
            elapsed_ms: s.elapsed_ms,
            total_ms: s.total_ms,
            progress: s.progress,
            phase: s.breath.map(|b| b.phase),
            phase_index: s.breath.map(|b| b.phase_index),
            phase_remaining_ms: s.breath.map(|b| b.phase_remaining_ms),
            expansion: s.expansion,
            breath: s.breath.map_or(0, |b| b.breath),
            step: s.step.map(|st| StepState {
                index: st.index,
                count: st.count,
                id: st.id,
                kind: st.kind,
                title: st.title,
                cues: st.cues,
                side: st.side,
                spot: st.spot,
                spots: st.spots,
                cue: st.cue(),
                cue_fits: cue_fits && st.cue().is_some(),
                remaining_ms: st.remaining_ms,
                text: st.text,
                awaits_person: st.awaits_person,
            }),
            up_next: s.up_next.map(|u| UpNextState {
                index: u.index,
                id: u.id,
                kind: u.kind,
                title: u.title,
                side: u.side,
                at_ms: u.at_ms,
            }),
            changes: session.changes(),
            locale,
        }
    }
}
