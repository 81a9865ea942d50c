//! The nap / wake / sound schedule the web layer arms: exact answers for a given time.

use breathflow::engine::schedule::{
    frame_draws, frames, next_wake, sound_window, Frames, Quiet, NAP_EARLY_MS, NAP_MAX_MS,
    NAP_MIN_MS, SOUND_LATE_MS, SOUND_LOOKAHEAD_MS, WAKE_HORIZON_MS,
};
use breathflow::library;
use breathflow::pacer::{Bound, Pacer};
use breathflow::session::Session;

/// A picture that stays exactly the same until `ms`.
fn still(ms: f64) -> Quiet {
    Quiet {
        changes_at: ms,
        moves_at: ms,
    }
}

#[test]
fn no_frames_unless_running_on_screen() {
    assert_eq!(
        frames(false, true, still(10_000.0), 0.0, false),
        Frames::Off
    );
    assert_eq!(
        frames(true, false, still(10_000.0), 0.0, false),
        Frames::Off
    );
}

#[test]
fn a_still_picture_naps_until_just_before_it_changes() {
    // Still until 4000 ms, now 1000: nap 4000 - 1000 - NAP_EARLY_MS.
    assert_eq!(
        frames(true, true, still(4000.0), 1000.0, false),
        Frames::Nap {
            delay_ms: 3000.0 - NAP_EARLY_MS
        }
    );
    // With sound the frames come a tone's lookahead earlier.
    assert_eq!(
        frames(true, true, still(4000.0), 1000.0, true),
        Frames::Nap {
            delay_ms: 3000.0 - SOUND_LOOKAHEAD_MS
        }
    );
    // A picture that changes soon (or is moving: quiet in the past) takes frames now.
    assert_eq!(
        frames(true, true, still(1030.0), 1000.0, false),
        Frames::Now
    );
    assert_eq!(frames(true, true, Quiet::NONE, 1000.0, false), Frames::Now);
    // A picture still for hours is looked at again after the longest nap.
    assert_eq!(
        frames(true, true, still(1e9), 0.0, false),
        Frames::Nap {
            delay_ms: NAP_MAX_MS
        }
    );
}

#[test]
fn a_slowly_moving_figure_naps_right_up_to_its_next_half_pixel() {
    // The figure moves a device px at 1030 ms, the phase ends at 4000: nap 30 ms, with no
    // early margin (a frame late shows it a frame further, not a wrong word).
    let q = Quiet {
        changes_at: 4000.0,
        moves_at: 1030.0,
    };
    assert_eq!(
        frames(true, true, q, 1000.0, false),
        Frames::Nap { delay_ms: 30.0 }
    );
    // With sound too: tones are scheduled for boundaries, which `changes_at` keeps early.
    assert_eq!(
        frames(true, true, q, 1000.0, true),
        Frames::Nap { delay_ms: 30.0 }
    );
    // Shorter than NAP_MIN_MS (about a frame): no timer, the next frame is taken.
    let soon = Quiet {
        moves_at: 1000.0 + NAP_MIN_MS - 1.0,
        ..q
    };
    assert_eq!(frames(true, true, soon, 1000.0, false), Frames::Now);
    // The phase's end, less the early margin, comes first.
    let end = Quiet {
        changes_at: 1100.0,
        moves_at: 1090.0,
    };
    assert_eq!(
        frames(true, true, end, 1000.0, false),
        Frames::Nap {
            delay_ms: 100.0 - NAP_EARLY_MS
        }
    );
    assert_eq!(frames(true, true, end, 1000.0, true), Frames::Now);
}

#[test]
fn the_wake_timer_fires_at_the_next_boundary_or_once_a_minute() {
    let box_ = library::pattern("box").unwrap().clone();
    let s = Session::from_pattern(Pacer::new(box_, Bound::Open).unwrap());
    let mut scratch = Vec::new();
    // Box breathing: 4 s phases; from 1000 ms the next boundary is the hold at 4000.
    let w = next_wake(&s, 1000.0, &mut scratch);
    assert_eq!(w.at_ms, Some(4000));
    assert_eq!(w.delay_ms, 3000.0);
    // A session that is over has no boundary ahead: the minute fallback.
    let done = Session::from_pattern(
        Pacer::new(library::pattern("box").unwrap().clone(), Bound::Breaths(1)).unwrap(),
    );
    let w = next_wake(&done, 1e6, &mut scratch);
    assert_eq!((w.at_ms, w.delay_ms), (None, WAKE_HORIZON_MS));
}

#[test]
fn sound_is_scheduled_once_never_too_late_and_a_lookahead_ahead() {
    // Fresh: from SOUND_LATE_MS ago.
    assert_eq!(
        sound_window(0.0, 1000.0),
        (1000.0 - SOUND_LATE_MS, 1000.0 + SOUND_LOOKAHEAD_MS)
    );
    // Already scheduled up to 1100: continue from there.
    assert_eq!(
        sound_window(1100.0, 1000.0),
        (1100.0, 1000.0 + SOUND_LOOKAHEAD_MS)
    );
}

#[test]
fn frames_before_the_picture_moves_enough_are_taken_but_not_drawn() {
    // Drawn at 1000, the same enough until 1060.
    assert!(!frame_draws(1000.0, 1000.0, 1060.0));
    assert!(!frame_draws(1016.7, 1000.0, 1060.0));
    assert!(!frame_draws(1059.9, 1000.0, 1060.0));
    assert!(frame_draws(1060.0, 1000.0, 1060.0));
    assert!(frame_draws(1076.7, 1000.0, 1060.0));
    // A jump back draws; so does a picture that moves (quiet until the time drawn) or one to be
    // drawn afresh (quiet until minus infinity).
    assert!(frame_draws(990.0, 1000.0, 1060.0));
    assert!(frame_draws(1016.7, 1000.0, 1000.0));
    assert!(frame_draws(1016.7, 1000.0, f64::NEG_INFINITY));
}
