//! The widget's state machine: statuses, exact event times, notes, navigation, manual scrubbing.
use breathflow::player::{Notice, Player, Status};
use breathflow::{library, PhaseKind};
use breathflow::{Bound, Event, Flow, GapPolicy, Pacer, Session};

fn pattern_player(id: &str, breaths: u64) -> Player {
    let p = Pacer::new(
        library::pattern(id).unwrap().clone(),
        Bound::Breaths(breaths),
    )
    .unwrap();
    Player::new(Session::from_pattern(p), GapPolicy::Pause)
}

fn flow_player(json: &str) -> Player {
    let v: serde_json::Value = serde_json::from_str(json).unwrap();
    let flow = Flow::from_value(&v, "").unwrap();
    Player::new(Session::from_flow(flow, &[]).unwrap(), GapPolicy::Pause)
}

fn phases(out: &[Notice]) -> Vec<(u64, PhaseKind)> {
    out.iter()
        .filter_map(|n| match n {
            Notice::Session(Event::Phase { at_ms, phase, .. }) => Some((*at_ms, *phase)),
            _ => None,
        })
        .collect()
}

fn statuses(out: &[Notice]) -> Vec<Status> {
    out.iter()
        .filter_map(|n| {
            if let Notice::Status(s) = n {
                Some(*s)
            } else {
                None
            }
        })
        .collect()
}

#[test]
fn start_reports_running_and_the_first_inhale_at_zero() {
    let mut p = pattern_player("4-7-8", 2);
    let mut out = vec![];
    p.start(1000.0, &mut out);
    assert_eq!(statuses(&out), vec![Status::Running]);
    assert_eq!(phases(&out), vec![(0, PhaseKind::Inhale)]);
    assert!(p.wants_frames());
}

#[test]
fn frames_at_60hz_report_every_boundary_once_at_its_scheduled_time() {
    // 4-7-8 for 3 breaths = 57 s; wall clock starts at an arbitrary origin.
    let mut p = pattern_player("4-7-8", 3);
    let mut out = vec![];
    let origin = 123_456.7;
    p.start(origin, &mut out);
    let mut wall = origin;
    while p.status() == Status::Running {
        wall += 1000.0 / 60.0;
        p.advance(wall, &mut out);
    }
    let expected: Vec<(u64, PhaseKind)> = (0..3u64)
        .flat_map(|b| {
            let s = b * 19_000;
            [
                (s, PhaseKind::Inhale),
                (s + 4000, PhaseKind::HoldIn),
                (s + 11_000, PhaseKind::Exhale),
            ]
        })
        .collect();
    assert_eq!(phases(&out), expected);
    let breaths: Vec<(u64, u64)> = out
        .iter()
        .filter_map(|n| match n {
            Notice::Session(Event::Breath { at_ms, breath, .. }) => Some((*at_ms, *breath)),
            _ => None,
        })
        .collect();
    assert_eq!(breaths, vec![(19_000, 1), (38_000, 2), (57_000, 3)]);
    assert!(matches!(
        out.iter().rev().nth(1),
        Some(Notice::Session(Event::Complete {
            at_ms: 57_000,
            breaths: 3
        }))
    ));
    assert_eq!(out.last(), Some(&Notice::Status(Status::Done)));
    assert_eq!(p.now_ms(), 57_000.0);
    assert!(!p.wants_frames());
}

#[test]
fn pause_freezes_session_time_and_resume_continues_where_it_left_off() {
    let mut p = pattern_player("box", 5);
    let mut out = vec![];
    p.start(0.0, &mut out);
    p.advance(3000.0, &mut out);
    p.pause(3000.0, &mut out);
    assert_eq!(p.status(), Status::Paused);
    p.advance(60_000.0, &mut out); // frames while paused move nothing
    assert_eq!(p.now_ms(), 3000.0);
    out.clear();
    p.resume(100_000.0, &mut out);
    assert_eq!(statuses(&out), vec![Status::Running]);
    p.advance(101_000.0, &mut out);
    assert_eq!(p.now_ms(), 4000.0);
    assert_eq!(phases(&out), vec![(4000, PhaseKind::HoldIn)]);
}

#[test]
fn hidden_page_pauses_by_default_and_catch_up_reports_the_gap() {
    let mut p = pattern_player("box", 10);
    let mut out = vec![];
    p.start(0.0, &mut out);
    p.advance(1000.0, &mut out);
    p.hide(1000.0);
    assert!(!p.wants_frames());
    p.show(31_000.0);
    out.clear();
    p.advance(31_500.0, &mut out);
    assert_eq!(p.now_ms(), 1500.0);
    assert!(phases(&out).is_empty());

    let pacer = Pacer::new(library::pattern("box").unwrap().clone(), Bound::Breaths(10)).unwrap();
    let mut c = Player::new(Session::from_pattern(pacer), GapPolicy::CatchUp);
    c.start(0.0, &mut out);
    c.advance(1000.0, &mut out);
    c.hide(1000.0);
    c.show(17_000.0);
    out.clear();
    c.advance(17_000.0, &mut out);
    assert_eq!(
        phases(&out),
        vec![
            (4000, PhaseKind::HoldIn),
            (8000, PhaseKind::Exhale),
            (12_000, PhaseKind::HoldOut),
            (16_000, PhaseKind::Inhale)
        ]
    );
}

#[test]
fn manual_ticks_forward_report_and_backward_scrubs_silently() {
    let mut p = pattern_player("4-7-8", 2);
    let mut out = vec![];
    p.tick(0.0, &mut out);
    assert_eq!(statuses(&out), vec![Status::Running]);
    p.tick(12_000.0, &mut out);
    assert_eq!(
        phases(&out),
        vec![
            (0, PhaseKind::Inhale),
            (4000, PhaseKind::HoldIn),
            (11_000, PhaseKind::Exhale)
        ]
    );
    out.clear();
    p.tick(2000.0, &mut out);
    assert!(out.is_empty(), "scrubbing back fires nothing: {out:?}");
    p.tick(5000.0, &mut out);
    assert_eq!(phases(&out), vec![(4000, PhaseKind::HoldIn)]);
    out.clear();
    p.tick(1e9, &mut out);
    assert_eq!(p.status(), Status::Done);
    assert!(out
        .iter()
        .any(|n| matches!(n, Notice::Session(Event::Complete { at_ms: 38_000, .. }))));
    out.clear();
    p.tick(2e9, &mut out);
    assert!(out.is_empty());
}

const WITH_NOTE: &str = r#"{ "title": "t", "steps": [
  { "kind": "rest", "id": "a", "seconds": 5 },
  { "kind": "note", "id": "n", "text": "Read me, then continue." },
  { "kind": "rest", "id": "b", "seconds": 5 } ] }"#;

#[test]
fn a_note_pauses_the_frame_clock_until_the_person_continues() {
    let mut p = flow_player(WITH_NOTE);
    let mut out = vec![];
    p.start(0.0, &mut out);
    p.advance(60_000.0, &mut out);
    assert_eq!(p.status(), Status::Paused);
    assert_eq!(p.now_ms(), 5000.0);
    let steps: Vec<String> = out
        .iter()
        .filter_map(|n| {
            if let Notice::Session(Event::Step { id, .. }) = n {
                Some(id.clone())
            } else {
                None
            }
        })
        .collect();
    assert_eq!(steps, vec!["a", "n"]);
    out.clear();
    p.resume(70_000.0, &mut out);
    assert!(out
        .iter()
        .any(|n| matches!(n, Notice::Session(Event::Step { id, .. }) if id == "b")));
    assert_eq!(p.status(), Status::Running);
    p.advance(75_000.0, &mut out);
    assert_eq!(p.status(), Status::Done);
}

#[test]
fn next_reports_the_step_landed_on_not_the_ones_skipped_and_previous_goes_back() {
    let mut p = flow_player(
        r#"{ "title": "t", "steps": [
        { "kind": "rest", "id": "a", "seconds": 10 },
        { "kind": "rest", "id": "b", "seconds": 10 },
        { "kind": "rest", "id": "c", "seconds": 10 } ] }"#,
    );
    let mut out = vec![];
    p.start(0.0, &mut out);
    p.advance(2000.0, &mut out);
    out.clear();
    p.next(2000.0, &mut out);
    assert_eq!(p.now_ms(), 10_000.0);
    assert!(
        matches!(&out[..], [Notice::Session(Event::Step { id, at_ms: 10_000, .. })] if id == "b")
    );
    out.clear();
    p.advance(3000.0, &mut out);
    assert_eq!(p.now_ms(), 11_000.0);
    p.previous(3000.0, &mut out);
    assert!(p.now_ms() < 11_000.0);
    out.clear();
    p.stop(&mut out);
    assert_eq!(statuses(&out), vec![Status::Idle]);
    assert_eq!(p.now_ms(), 0.0);
}

#[test]
fn an_hour_of_frames_has_no_drift() {
    let mut p = pattern_player("4-7-8", 190);
    let mut out = vec![];
    p.start(5.0, &mut out);
    let mut wall = 5.0;
    while p.status() == Status::Running {
        wall += 1000.0 / 144.0;
        p.advance(wall, &mut out);
    }
    let ph = phases(&out);
    assert_eq!(ph.len(), 190 * 3);
    assert_eq!(ph[3 * 189], (189 * 19_000, PhaseKind::Inhale));
    assert_eq!(p.now_ms(), 190.0 * 19_000.0);
}

#[test]
fn navigating_while_paused_reports_the_step_landed_on_and_stays_paused() {
    let mut p = flow_player(
        r#"{ "title": "t", "steps": [
        { "kind": "breathe", "id": "a", "pattern": "box", "breaths": 1 },
        { "kind": "rest", "id": "b", "seconds": 10 } ] }"#,
    );
    let mut out = vec![];
    p.start(0.0, &mut out);
    p.advance(20_000.0, &mut out);
    p.pause(20_000.0, &mut out);
    out.clear();
    p.previous(20_000.0, &mut out);
    assert!(
        matches!(&out[..], [Notice::Session(Event::Step { id, .. }), ..] if id == "a"),
        "{out:?}"
    );
    assert_eq!(p.status(), Status::Paused);
    out.clear();
    p.next(20_000.0, &mut out);
    // The step lands at 16 s, where breath 1 of "a" ends: that breath was skipped, not reported.
    assert!(
        out.iter()
            .all(|n| !matches!(n, Notice::Session(Event::Breath { .. }))),
        "{out:?}"
    );
    assert!(
        matches!(&out[..], [Notice::Session(Event::Step { id, at_ms: 16_000, .. })] if id == "b"),
        "{out:?}"
    );
}

#[test]
fn going_on_to_the_end_while_paused_is_done() {
    // A pattern: next() goes to its end.
    let mut p = pattern_player("box", 3);
    let mut out = vec![];
    p.start(0.0, &mut out);
    p.advance(5_000.0, &mut out);
    p.pause(5_000.0, &mut out);
    out.clear();
    p.next(6_000.0, &mut out);
    assert!(
        out.iter()
            .any(|n| matches!(n, Notice::Session(Event::Complete { .. }))),
        "{out:?}"
    );
    assert_eq!(statuses(&out), [Status::Done]);
    assert_eq!(p.status(), Status::Done);
    out.clear();
    // Nothing to resume; frames are not wanted.
    p.resume(7_000.0, &mut out);
    p.advance(60_000.0, &mut out);
    assert_eq!(p.status(), Status::Done);
    assert!(!p.wants_frames());
    assert!(out.is_empty(), "{out:?}");

    // A flow: next() from the last step while paused.
    let mut p = flow_player(
        r#"{ "title": "t", "steps": [
        { "kind": "rest", "id": "a", "seconds": 10 },
        { "kind": "rest", "id": "b", "seconds": 10 } ] }"#,
    );
    p.start(0.0, &mut out);
    p.advance(12_000.0, &mut out);
    p.pause(12_000.0, &mut out);
    p.next(13_000.0, &mut out);
    assert_eq!(p.status(), Status::Done);
}

#[test]
fn live_ms_is_where_the_next_frame_would_be_without_going_there() {
    let mut p = pattern_player("box", 3);
    let mut out = vec![];
    assert_eq!(p.live_ms(5_000.0), 0.0, "idle");
    p.start(1_000.0, &mut out);
    p.advance(2_000.0, &mut out);
    out.clear();
    assert_eq!(p.live_ms(6_500.0), 5_500.0);
    assert_eq!(p.now_ms(), 1_000.0, "not moved");
    assert!(out.is_empty());
    p.pause(3_000.0, &mut out);
    assert_eq!(p.live_ms(9_000.0), p.now_ms(), "paused: where it is");
}

#[test]
fn continuing_past_a_note_ends_a_flow_it_ends_and_stops_at_a_note_that_follows() {
    // The note is the last step: continuing is the end.
    let mut p = flow_player(
        r#"{ "title": "t", "steps": [
        { "kind": "rest", "id": "a", "seconds": 5 },
        { "kind": "note", "id": "n", "text": "Read me." } ] }"#,
    );
    let mut out = vec![];
    p.start(0.0, &mut out);
    p.advance(6_000.0, &mut out);
    assert_eq!(p.status(), Status::Paused);
    out.clear();
    p.resume(7_000.0, &mut out);
    assert_eq!(statuses(&out), [Status::Done]);
    assert_eq!(p.status(), Status::Done);
    assert!(!p.wants_frames());

    // Two notes in a row: continuing past the first stops at the second.
    let mut p = flow_player(
        r#"{ "title": "t", "steps": [
        { "kind": "note", "id": "n1", "text": "One." },
        { "kind": "note", "id": "n2", "text": "Two." },
        { "kind": "rest", "id": "b", "seconds": 5 } ] }"#,
    );
    p.start(0.0, &mut out);
    assert_eq!(p.status(), Status::Paused);
    out.clear();
    p.resume(1_000.0, &mut out);
    assert!(
        matches!(&out[..], [Notice::Session(Event::Step { id, .. })] if id == "n2"),
        "{out:?}"
    );
    assert_eq!(p.status(), Status::Paused);
    out.clear();
    p.resume(2_000.0, &mut out);
    assert!(out
        .iter()
        .any(|n| matches!(n, Notice::Session(Event::Step { id, .. }) if id == "b")));
    assert_eq!(p.status(), Status::Running);
}

#[test]
fn a_note_reached_by_navigating_while_paused_waits_for_the_person_too() {
    let mut p = flow_player(WITH_NOTE);
    let mut out = vec![];
    p.start(0.0, &mut out);
    p.advance(1_000.0, &mut out);
    p.pause(1_000.0, &mut out);
    p.next(2_000.0, &mut out); // onto the note, paused
    assert_eq!(p.status(), Status::Paused);
    out.clear();
    p.resume(3_000.0, &mut out); // "Continue": past the note
    assert!(
        out.iter()
            .any(|n| matches!(n, Notice::Session(Event::Step { id, .. }) if id == "b")),
        "{out:?}"
    );
    assert_eq!(p.status(), Status::Running);
}

/// A jump of any size lists the boundaries of at most the last `MAX_SPAN_BREATHS` breaths: bounded
/// time and memory (a jump of 1e15 ms used to run out of memory, 1e9 ms took seconds), with the
/// state computed from time as ever.
#[test]
fn a_huge_jump_reports_only_the_last_breaths_and_the_state_is_exact() {
    use breathflow::pacer::MAX_SPAN_BREATHS;
    let open = || {
        let p = Pacer::new(library::pattern("box").unwrap().clone(), Bound::Open).unwrap();
        Player::new(Session::from_pattern(p), GapPolicy::Pause)
    };
    for t in [1e9, 3e10, 1e11, 1e15, 1e308] {
        let mut p = open();
        let mut out = vec![];
        p.tick(0.0, &mut out);
        out.clear();
        p.tick(t, &mut out);
        assert_eq!(p.status(), Status::Running, "tick({t})");
        // A box breath is 16 s of 4 phases: 5 events a breath (4 phases and the breath).
        let n = out.len() as u64;
        assert!(n <= MAX_SPAN_BREATHS * 5, "tick({t}): {n} events");
        assert!(n >= (MAX_SPAN_BREATHS - 1) * 5, "tick({t}): {n} events");
        let times: Vec<u64> = out
            .iter()
            .map(|n| match n {
                Notice::Session(e) => e.at_ms(),
                Notice::Status(_) => panic!("no status change"),
            })
            .collect();
        assert!(times.windows(2).all(|w| w[0] <= w[1]), "in time order");
        let end = t.min(breathflow::pacer::MAX_T_MS);
        let last = *times.last().unwrap() as f64;
        assert!(
            last <= end && end - last < 16_000.0,
            "tick({t}): last at {last}"
        );
        // The first one listed starts a breath.
        assert_eq!(times[0] % 16_000, 0);
        // The state is the one of the time reached, and moving on reports on from there.
        assert_eq!(p.now_ms(), t);
        out.clear();
        p.tick(t + 16_000.0, &mut out);
        if end < breathflow::pacer::MAX_T_MS {
            assert!(!out.is_empty() && out.len() <= 5);
        } else {
            assert!(out.is_empty(), "time stands still at MAX_T_MS");
        }
    }
    // A span of fewer breaths than the limit is listed whole, exactly as before.
    let pacer = Pacer::new(library::pattern("box").unwrap().clone(), Bound::Open).unwrap();
    let s = Session::from_pattern(pacer.clone());
    let span = (MAX_SPAN_BREATHS * 16_000) as f64 - 1.0;
    assert_eq!(
        s.events(-1.0, span).len(),
        pacer.boundaries(-1.0, span).len()
    );
    assert_eq!(s.events(-1.0, span).len() as u64, MAX_SPAN_BREATHS * 5 - 1);
}

/// Moves that leave the timeline reported so far start a new one (a host drops the undelivered
/// events of the old); moving on along it does not.
#[test]
fn the_timeline_changes_exactly_at_moves_that_leave_it() {
    let mut p = flow_player(
        r#"{"title":"t","steps":[{"kind":"rest","seconds":10},{"kind":"rest","seconds":10},{"kind":"rest","seconds":10}]}"#,
    );
    let mut out = vec![];
    let mut last = p.timeline();
    let mut check = |p: &Player, changed: bool, what: &str| {
        assert_eq!(p.timeline() != last, changed, "{what}");
        last = p.timeline();
    };
    p.start(0.0, &mut out);
    check(&p, true, "start");
    p.advance(5000.0, &mut out);
    check(&p, false, "advance");
    p.pause(6000.0, &mut out);
    check(&p, false, "pause");
    p.resume(7000.0, &mut out);
    check(&p, false, "resume");
    p.advance(12_000.0, &mut out);
    check(&p, false, "advance into the next step");
    p.next(12_000.0, &mut out);
    check(&p, true, "next");
    p.previous(12_000.0, &mut out);
    check(&p, true, "previous");
    p.stop(&mut out);
    check(&p, true, "stop");
    p.tick(15_000.0, &mut out);
    check(&p, false, "tick forward");
    p.tick(16_000.0, &mut out);
    check(&p, false, "tick forward again");
    p.tick(3000.0, &mut out);
    check(&p, true, "tick backward");
}
