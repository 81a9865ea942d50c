//! SessionClock: start, pause, resume, seek, and both policies for hidden pages, alone and driving
//! a pacer the way the frame loop does.
#![cfg(not(target_arch = "wasm32"))]

use breathflow::clock::{GapPolicy, SessionClock};
use breathflow::library;
use breathflow::pacer::{Bound, Boundary, BoundaryKind, Pacer};

#[test]
fn before_start_time_stands_at_zero() {
    let c = SessionClock::new();
    assert_eq!(c.policy(), GapPolicy::Pause);
    assert_eq!(GapPolicy::default(), GapPolicy::Pause);
    assert_eq!(c.session_ms(0.0), 0.0);
    assert_eq!(c.session_ms(1e9), 0.0);
    assert!(!c.is_started() && !c.is_running() && !c.is_paused() && !c.is_hidden());
    let mut c = SessionClock::new();
    c.pause(10.0);
    c.resume(20.0);
    c.seek(5000.0, 30.0);
    assert_eq!(
        c.session_ms(100.0),
        0.0,
        "pause/resume/seek before start are no-ops"
    );
    assert!(!c.is_paused());
}

#[test]
fn start_pause_resume() {
    let mut c = SessionClock::new();
    c.start(1000.0);
    assert!(c.is_started() && c.is_running() && !c.is_paused());
    assert_eq!(c.session_ms(1000.0), 0.0);
    assert_eq!(c.session_ms(3500.0), 2500.0);

    c.pause(3500.0);
    assert!(c.is_paused() && !c.is_running());
    assert_eq!(c.session_ms(10_000.0), 2500.0);
    c.pause(9000.0); // already paused: no-op
    assert_eq!(c.session_ms(10_000.0), 2500.0);

    c.resume(10_000.0);
    assert!(c.is_running() && !c.is_paused());
    assert_eq!(c.session_ms(10_500.0), 3000.0);
    c.resume(11_000.0); // not paused: no-op, time keeps running from the same anchor
    assert_eq!(c.session_ms(12_000.0), 4500.0);

    // An hour of pause / resume cycles: no drift, whatever the number of cycles.
    let mut wall = 12_000.0;
    for _ in 0..3600 {
        c.pause(wall + 600.0);
        c.resume(wall + 1000.0);
        wall += 1000.0;
    }
    assert_eq!(c.session_ms(wall), 4500.0 + 3600.0 * 600.0);

    // Restart.
    c.start(50_000_000.0);
    assert_eq!(c.session_ms(50_000_250.0), 250.0);
}

#[test]
fn seek_keeps_running_or_paused() {
    let mut c = SessionClock::new();
    c.start(0.0);
    c.seek(60_000.0, 11_000.0);
    assert_eq!(c.session_ms(11_000.0), 60_000.0);
    assert_eq!(c.session_ms(12_000.0), 61_000.0);
    c.pause(12_000.0);
    c.seek(5_000.0, 13_000.0);
    assert!(c.is_paused());
    assert_eq!(c.session_ms(20_000.0), 5_000.0);
    c.resume(20_000.0);
    assert_eq!(c.session_ms(20_001.0), 5_001.0);
    c.seek(-50.0, 21_000.0);
    assert_eq!(c.session_ms(21_000.0), 0.0);
    c.seek(f64::NAN, 21_500.0);
    assert_eq!(c.session_ms(22_000.0), 1000.0);
}

#[test]
fn odd_wall_times_never_run_the_session_backwards() {
    let mut c = SessionClock::new();
    c.start(1000.0);
    assert_eq!(c.session_ms(500.0), 0.0);
    assert_eq!(c.session_ms(f64::NAN), 0.0);
    assert_eq!(c.session_ms(2000.0), 1000.0);
    c.pause(f64::NAN); // ignored
    assert!(c.is_running());
    c.pause(f64::INFINITY); // ignored
    assert!(c.is_running());
    c.hide(1500.0);
    assert_eq!(c.session_ms(9000.0), 500.0);
}

#[test]
fn pause_policy_freezes_while_hidden() {
    let mut c = SessionClock::new();
    c.start(0.0);
    c.hide(5000.0);
    assert!(c.is_hidden() && !c.is_running() && !c.is_paused());
    assert_eq!(c.session_ms(65_000.0), 5000.0);
    c.hide(30_000.0); // already hidden: no-op
    c.show(65_000.0);
    assert!(c.is_running());
    assert_eq!(c.session_ms(66_000.0), 6000.0);
    c.show(67_000.0); // not hidden: no-op
    assert_eq!(c.session_ms(68_000.0), 8000.0);
}

#[test]
fn a_clock_paused_by_the_person_stays_paused_after_show() {
    let mut c = SessionClock::new();
    c.start(0.0);
    c.pause(2000.0);
    c.hide(3000.0);
    c.show(10_000.0);
    assert!(c.is_paused() && !c.is_running());
    assert_eq!(c.session_ms(20_000.0), 2000.0);
    c.resume(20_000.0);
    assert_eq!(c.session_ms(21_000.0), 3000.0);

    // Paused while hidden: also stays paused.
    let mut c = SessionClock::new();
    c.start(0.0);
    c.hide(1000.0);
    c.pause(2000.0);
    c.show(3000.0);
    assert!(c.is_paused());
    assert_eq!(c.session_ms(9000.0), 1000.0);

    // Resumed while hidden: frozen until shown.
    let mut c = SessionClock::new();
    c.start(0.0);
    c.pause(1000.0);
    c.hide(2000.0);
    c.resume(3000.0);
    assert!(!c.is_paused() && !c.is_running());
    assert_eq!(c.session_ms(5000.0), 1000.0);
    c.show(6000.0);
    assert_eq!(c.session_ms(7000.0), 2000.0);
}

#[test]
fn catch_up_policy_keeps_running_while_hidden() {
    let mut c = SessionClock::with_policy(GapPolicy::CatchUp);
    c.start(0.0);
    c.hide(5000.0);
    assert!(c.is_hidden() && c.is_running());
    assert_eq!(c.session_ms(65_000.0), 65_000.0);
    c.show(65_000.0);
    assert_eq!(c.session_ms(66_000.0), 66_000.0);
    // A person's pause still pauses.
    c.pause(66_000.0);
    c.hide(67_000.0);
    c.show(90_000.0);
    assert_eq!(c.session_ms(99_000.0), 66_000.0);

    // Switching policy while hidden takes effect from then.
    let mut c = SessionClock::new();
    c.start(0.0);
    c.hide(1000.0);
    c.set_policy(GapPolicy::CatchUp, 4000.0);
    assert!(c.is_running());
    assert_eq!(c.session_ms(6000.0), 3000.0);
    c.set_policy(GapPolicy::Pause, 7000.0);
    assert_eq!(c.session_ms(9000.0), 4000.0);
}

/// What the frame loop does: each frame maps wall time to session time and reports the
/// boundaries crossed since the previous frame. No frames run while the page is hidden.
struct Run {
    reported: Vec<Boundary>,
    /// Boundaries reported by the first frame after the page was shown.
    on_show: Vec<Boundary>,
    /// Session time at the first frame after the page was shown.
    session_on_show: f64,
    final_session: f64,
}

fn run(policy: GapPolicy, hide_at: f64, hidden_for: f64, end: f64) -> Run {
    let pacer = Pacer::new(library::pattern("box").unwrap().clone(), Bound::Open).unwrap();
    let mut clock = SessionClock::with_policy(policy);
    let frame = 1000.0 / 120.0;
    let wall0 = 123_456.0; // any origin
    clock.start(wall0);
    let mut prev = -1.0;
    let mut out = Run {
        reported: vec![],
        on_show: vec![],
        session_on_show: 0.0,
        final_session: 0.0,
    };
    let mut buf = Vec::new();
    let mut k = 0u64;
    let mut was_hidden = false;
    let mut shown_frame = false;
    loop {
        let mut wall = wall0 + k as f64 * frame;
        if !was_hidden && wall - wall0 >= hide_at {
            clock.hide(wall);
            assert!(clock.is_hidden());
            // The browser runs no frames until the page is shown again.
            k += (hidden_for / frame).ceil() as u64;
            wall = wall0 + k as f64 * frame;
            clock.show(wall);
            was_hidden = true;
            shown_frame = true;
        }
        let now = clock.session_ms(wall);
        buf.clear();
        pacer.boundaries_into(prev, now, &mut buf);
        if shown_frame {
            out.on_show = buf.clone();
            out.session_on_show = now;
            shown_frame = false;
        }
        out.reported.extend_from_slice(&buf);
        prev = now;
        if wall - wall0 >= end {
            out.final_session = now;
            break;
        }
        k += 1;
    }
    assert!(was_hidden && !clock.is_hidden());
    // No loss, no doubling: whatever the policy, the frames report exactly one call's list.
    assert_eq!(out.reported, pacer.boundaries(-1.0, out.final_session));
    out
}

#[test]
fn pause_policy_resumes_where_it_left_off() {
    // Hidden at 30 s for 10 minutes, then 60 s more of frames.
    let r = run(GapPolicy::Pause, 30_000.0, 600_000.0, 690_000.0);
    // The session resumes at 30 s (within one frame): no boundaries piled up on show.
    assert!((r.session_on_show - 30_000.0).abs() <= 1000.0 / 120.0 + 1e-6);
    assert!(r.on_show.len() <= 1, "{:?}", r.on_show);
    // 60 s of session after the show: 30 + 60 s in all.
    assert!((r.final_session - 90_000.0).abs() <= 2.0 * 1000.0 / 120.0);
    let last_phase = r.reported.last().unwrap();
    assert!(last_phase.at_ms <= 90_000);
}

#[test]
fn catch_up_policy_reports_the_whole_gap_at_once() {
    let r = run(GapPolicy::CatchUp, 30_000.0, 600_000.0, 690_000.0);
    // The session kept running: the first frame after show is ~630 s in.
    assert!(r.session_on_show >= 630_000.0 && r.session_on_show < 630_000.0 + 9.0);
    // That frame reports every boundary of the gap, in order, each with its scheduled time:
    // box boundaries fall every 4 s, so (30 s, 630 s] holds 150 phase changes (32 s … 628 s) and
    // 38 breath ends (32 s … 624 s, every 16 s).
    let phases = r
        .on_show
        .iter()
        .filter(|b| matches!(b.kind, BoundaryKind::Phase { .. }))
        .count();
    let breaths = r
        .on_show
        .iter()
        .filter(|b| matches!(b.kind, BoundaryKind::Breath { .. }))
        .count();
    assert_eq!((phases, breaths), (150, 38));
    assert_eq!(r.on_show.first().unwrap().at_ms, 32_000);
    assert_eq!(r.on_show.last().unwrap().at_ms, 628_000);
    assert!(r.on_show.windows(2).all(|w| w[0].at_ms <= w[1].at_ms));
    assert!((r.final_session - 690_000.0).abs() <= 1000.0 / 120.0);
}
