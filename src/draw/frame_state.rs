//! What the widget's frame shows at a session time, and how long that stays the same.
//!
//! [`frame_input`] turns a session sample into the [`FrameInput`] the rib cage and its overlay are
//! drawn from: the phase word and route (an invitation to start before the start), the seconds
//! left, the breath count, the progress, the step's title, side or spot and cue, the expansion
//! and the filling zones. [`state`] is `state()`, with `cueFits` from the same layout. [`still_until`] says from when on
//! that picture can next differ: the expansion starts moving, a boundary (phase, breath, step,
//! the end), the seconds shown tick down, or the progress arc grows by a step. Until then a
//! frame-clock widget need not wake for frames at all (holds, poses and rests show one picture a
//! second). [`still_enough_until`] says until when it looks the same to within a tolerance of
//! the expansion (the figure moves less than a device px): while breathing, a widget then
//! draws a few frames a second. All are closed-form in the session time, like everything the
//! session answers.

use crate::draw::input::{unit, zones_for, Detail, FrameInput, Overlay};
use crate::engine::schedule::Quiet;
use crate::engine::state::BreathFlowState;
use crate::flow::{Side, StepKind};
use crate::overlay::{ring_steps, WrapMemo};
use crate::pattern::{PhaseKind, Route};
use crate::player::{Player, Status};
use crate::ribcage::cue_fits;
use crate::session::{Session, SessionSample};
use crate::words::Words;

/// The phase row's words before the start (in English): an invitation, with no seconds beside
/// it (a countdown that does not move reads as stuck). Short enough for a 120 px canvas.
pub const IDLE_LABEL: &str = "Press Start";

/// The word for a phase in the overlay.
fn phase_word(p: PhaseKind, w: &Words) -> &str {
    match p {
        PhaseKind::Inhale => &w.inhale,
        PhaseKind::Exhale => &w.exhale,
        PhaseKind::HoldIn | PhaseKind::HoldOut => &w.hold,
    }
}

/// `template` ("{phase} · {route}") into `out` with its two words, without allocating.
fn push_filled(out: &mut String, template: &str, phase: &str, route: &str) {
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else {
            break;
        };
        out.push_str(&rest[..open]);
        match &rest[open + 1..close] {
            "phase" => out.push_str(phase),
            "route" => out.push_str(route),
            other => {
                out.push('{');
                out.push_str(other);
                out.push('}');
            }
        }
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
}

/// Whole seconds shown for `ms` left: 3 from 2001 ms through 3000 ms.
fn whole_seconds(ms: f64) -> u32 {
    (ms / 1000.0).ceil() as u32
}

/// The ms left that the overlay shows as whole seconds at this sample, if any: the countdown's,
/// the breathing phase's, or a timed step's (a note waiting for the person shows none; nor does
/// the frame before the start, or after the end).
fn counted_ms(sample: &SessionSample, status: Status) -> Option<f64> {
    if matches!(status, Status::Idle | Status::Done) {
        return None;
    }
    if let Some(cd) = sample.countdown_ms {
        return Some(cd);
    }
    if let Some(b) = sample.breath.as_ref() {
        return Some(b.phase_remaining_ms);
    }
    sample
        .step
        .as_ref()
        .filter(|s| !s.awaits_person)
        .map(|s| s.remaining_ms)
}

/// The frame for `sample` (the session's, at the time shown) on a `width` × `height` (CSS px)
/// canvas. `status` is the player's: before the start the phase row invites a start
/// ([`IDLE_LABEL`]) and shows no seconds, and the session's end shows "Complete". `label` is a
/// reused buffer that the returned input borrows for the phase label.
pub fn frame_input<'a>(
    session: &'a Session,
    sample: &SessionSample<'a>,
    status: Status,
    width: f32,
    height: f32,
    reduced_motion: bool,
    label: &'a mut String,
) -> FrameInput<'a> {
    let words = Words::english();
    frame_input_in(
        session,
        sample,
        status,
        (width, height),
        reduced_motion,
        words,
        label,
    )
}

/// [`frame_input`] with the words of a locale (the session's texts are translated with it:
/// [`crate::locale::localize_flow`]). `size` is the canvas's (width, height) in CSS px.
pub fn frame_input_in<'a>(
    session: &'a Session,
    sample: &SessionSample<'a>,
    status: Status,
    (width, height): (f32, f32),
    reduced_motion: bool,
    words: &'a Words,
    label: &'a mut String,
) -> FrameInput<'a> {
    label.clear();
    let mut zones = None;
    let mut breath_count = None;
    if sample.countdown_ms.is_some() {
        label.push_str(&words.get_ready);
    } else if let (Some(b), Some(pacer)) =
        (sample.breath.as_ref(), session.pacer_at(sample.elapsed_ms))
    {
        let phases = &pacer.pattern().phases;
        let phase = &phases[b.phase_index];
        let word = phase_word(b.phase, words);
        match phase.route {
            Some(r) => {
                let route: &str = if r == Route::Nose {
                    &words.nose
                } else {
                    &words.mouth
                };
                push_filled(label, &words.phase_route, word, route);
            }
            None => label.push_str(word),
        }
        if phases.iter().any(|p| p.focus.len() > 1) {
            let inhale_focus = phases
                .iter()
                .find(|p| p.phase == PhaseKind::Inhale && !p.focus.is_empty())
                .map(|p| p.focus.as_slice())
                .unwrap_or(&[]);
            zones = Some(zones_for(sample.expansion as f32, inhale_focus));
        }
        let total = pacer.total_breaths();
        let shown = if b.done {
            b.breath
        } else {
            (b.breath + 1).min(total.unwrap_or(u64::MAX))
        };
        breath_count = Some((shown, total));
    } else if let Some(step) = sample.step.as_ref() {
        label.push_str(match step.kind {
            StepKind::Rest => &words.rest,
            StepKind::Roll => &words.roll,
            StepKind::Pose => &words.pose,
            StepKind::Note => &words.note,
            StepKind::Breathe | StepKind::PressureHold => &words.breathe,
        });
    }
    match status {
        Status::Done => {
            label.clear();
            label.push_str(&words.complete);
        }
        Status::Idle => {
            label.clear();
            label.push_str(&words.press_start);
        }
        Status::Running | Status::Paused => {}
    }
    let (title, cue) = match sample.step.as_ref() {
        Some(s) => (Some(s.title), s.cue()),
        None => (None, None),
    };
    let detail = sample
        .step
        .as_ref()
        .and_then(|s| match (s.spot, s.spots, s.side) {
            (Some(spot), Some(spots), _) if spots > 1 => Some(Detail::Spot { spot, spots }),
            (_, _, Side::None) => None,
            (_, _, side) => Some(Detail::Side(side)),
        });
    let label: &'a String = label;
    FrameInput {
        width,
        height,
        expansion: sample.expansion as f32,
        zones,
        reduced_motion,
        overlay: Overlay {
            words,
            phase_label: label,
            seconds_left: counted_ms(sample, status).map(whole_seconds),
            breath_count,
            progress: sample.total_ms.map(|_| sample.progress as f32),
            title,
            detail,
            cue,
            message: None,
        },
    }
}

/// `state()` for `player` at session time `t` (ms), on a `width` × `height` (CSS px) canvas: the
/// step's `cueFits` is what the frame [`frame_input`] gives there shows ([`cue_fits`]).
pub fn state(player: &Player, t: f64, width: f32, height: f32) -> BreathFlowState<'_> {
    state_in(player, t, (width, height), Words::english())
}

/// [`state`] with the canvas's words in a locale (`locale` says which).
pub fn state_in<'a>(
    player: &'a Player,
    t: f64,
    size: (f32, f32),
    words: &'a Words,
) -> BreathFlowState<'a> {
    let session = player.session();
    let sample = session.sample(t);
    let mut label = String::new();
    let input = frame_input_in(
        session,
        &sample,
        player.status(),
        size,
        false,
        words,
        &mut label,
    );
    let fits = cue_fits(&input, &mut WrapMemo::default());
    BreathFlowState::at(player, sample, fits, &words.tag)
}

/// Session ms before which the frame [`frame_input`] gives for `t_ms` (`sample` is the session's
/// at `t_ms`; the frame is drawn with a progress ring of radius `ring_r` CSS px, as
/// [`crate::ribcage::build_frame`] returns) stays exactly the same:
/// `t_ms` itself while the figure moves. Rounded down to the millisecond, and early rather than
/// late where the drawing rounds in f32.
///
/// The words and the breath count change only at the end of a phase or a part, where the figure
/// stops being still ([`Session::steady_until`]) or the seconds shown reach 0; so the figure, the
/// seconds and the ring are all there is to watch.
pub fn still_until(
    session: &Session,
    sample: &SessionSample,
    t_ms: f64,
    done: bool,
    ring_r: f32,
) -> f64 {
    still_enough_until(session, sample, t_ms, done, ring_r, 0.0)
}

/// How long the frame [`frame_input`] gives for `t_ms` stays the same enough, for the frame
/// clock's naps ([`crate::engine::schedule::frames`]): [`still_enough_until`] with `tolerance`
/// for when the figure has moved or the ring's arc grown a step (`moves_at`: a frame late there
/// shows a fraction of a pixel more), and with any tolerance and no ring for when a word or a
/// second changes (`changes_at`: the end of the phase or part, a second shown).
pub fn quiet(
    session: &Session,
    sample: &SessionSample,
    t_ms: f64,
    done: bool,
    ring_r: f32,
    tolerance: f32,
) -> Quiet {
    Quiet {
        changes_at: still_enough_until(session, sample, t_ms, done, 0.0, f32::INFINITY),
        moves_at: still_enough_until(session, sample, t_ms, done, ring_r, tolerance),
    }
}

/// Session ms before which the frame [`frame_input`] gives for `t_ms` stays the same ENOUGH:
/// as [`still_until`], but the expansion may move by up to `tolerance` (expansion units, 0..=1;
/// [`crate::ribcage::expansion_tolerance`] gives how much moves no drawn point by a device
/// px) from what it is at `t_ms`. The texts and the ring stay exactly the same; the figure
/// moves less than the tolerance. `tolerance` 0 is [`still_until`]. Rounded down to the
/// millisecond, and a millisecond early where the expansion is what moves.
pub fn still_enough_until(
    session: &Session,
    sample: &SessionSample,
    t_ms: f64,
    done: bool,
    ring_r: f32,
    tolerance: f32,
) -> f64 {
    if done {
        return f64::INFINITY;
    }
    let mut until = if tolerance > 0.0 {
        let steady = session.steady_until(t_ms);
        if steady > t_ms {
            steady
        } else {
            // Early rather than late: the solution is in f64, the drawing in f32.
            session.near_until(t_ms, f64::from(tolerance)) - 1.0
        }
    } else {
        session.steady_until(t_ms)
    };
    if until <= t_ms {
        return t_ms;
    }
    // The seconds shown go from n to n - 1 when the ms left reach (n - 1) × 1000.
    if let Some(left) = counted_ms(sample, Status::Running) {
        let n = whole_seconds(left);
        if n > 0 {
            until = until.min(t_ms + left - (n - 1) as f64 * 1000.0);
        }
    }
    // The arc grows a step when progress × steps passes the next half step (progress is
    // t / total). Computed in f64 while the drawing rounds in f32: a margin of 1 ms, and more for
    // long sessions, keeps the answer early rather than late.
    if let (Some(total), true) = (sample.total_ms, ring_r > 0.0) {
        let steps = ring_steps(ring_r);
        let k = (unit(sample.progress as f32) * steps).round();
        if k < steps {
            let total = total as f64;
            let at = (f64::from(k) + 0.5) / f64::from(steps) * total;
            until = until.min(at - 1.0 - total * 1e-6);
        }
    }
    until.floor().max(t_ms)
}
