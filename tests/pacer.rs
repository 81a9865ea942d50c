//! The pacer: exact boundary times over a simulated hour for every built-in pattern, ramps,
//! expansion continuity, bounds, and boundary crossing over long gaps.
#![cfg(not(target_arch = "wasm32"))]

use breathflow::library;
use breathflow::pacer::{Bound, Boundary, BoundaryKind, Pacer, Sample, ScheduledBoundary};
use breathflow::pattern::{Pattern, PhaseKind};
use serde_json::json;
use PhaseKind::{Exhale, HoldIn, HoldOut, Inhale};

const HOUR_MS: u64 = 3_600_000;

fn pattern(json: &str) -> Pattern {
    let v: serde_json::Value = serde_json::from_str(json).unwrap();
    Pattern::from_value(&v, "").unwrap()
}

fn builtin(id: &str) -> Pattern {
    library::pattern(id)
        .unwrap_or_else(|| panic!("no built-in {id}"))
        .clone()
}

fn phase(at_ms: u64, phase: PhaseKind, phase_index: usize, breath: u64) -> Boundary {
    Boundary {
        at_ms,
        kind: BoundaryKind::Phase {
            phase,
            phase_index,
            breath,
        },
    }
}

fn breath(at_ms: u64, breath: u64) -> Boundary {
    Boundary {
        at_ms,
        kind: BoundaryKind::Breath { breath },
    }
}

fn complete(at_ms: u64, breaths: u64) -> Boundary {
    Boundary {
        at_ms,
        kind: BoundaryKind::Complete { breaths },
    }
}

/// The phases of each built-in, written out by hand (not read from the pattern).
fn builtin_phases() -> Vec<(&'static str, Vec<(PhaseKind, u64)>)> {
    vec![
        ("ujjayi", vec![(Inhale, 5000), (Exhale, 6000)]),
        ("dirga", vec![(Inhale, 6000), (Exhale, 6000)]),
        ("ribs", vec![(Inhale, 5000), (Exhale, 7000)]),
        (
            "box",
            vec![
                (Inhale, 4000),
                (HoldIn, 4000),
                (Exhale, 4000),
                (HoldOut, 4000),
            ],
        ),
        (
            "4-7-8",
            vec![(Inhale, 4000), (HoldIn, 7000), (Exhale, 8000)],
        ),
        ("resonant", vec![(Inhale, 5500), (Exhale, 5500)]),
        ("sigh", vec![(Inhale, 2000), (Inhale, 1000), (Exhale, 6000)]),
    ]
}

/// Expected schedule of a fixed (unramped) pattern: breath k starts at k * breath_ms.
fn expected_schedule(phases: &[(PhaseKind, u64)], total: u64) -> Vec<Boundary> {
    let breath_ms: u64 = phases.iter().map(|p| p.1).sum();
    let mut out = Vec::new();
    for k in 0..total {
        if k > 0 {
            out.push(breath(k * breath_ms, k));
        }
        let mut at = k * breath_ms;
        for (i, &(kind, ms)) in phases.iter().enumerate() {
            if ms > 0 {
                out.push(phase(at, kind, i, k));
            }
            at += ms;
        }
    }
    out.push(breath(total * breath_ms, total));
    out.push(complete(total * breath_ms, total));
    out
}

/// Walk a session frame by frame at `hz`, collecting boundaries the way a frame loop does.
fn frame_walk(pacer: &Pacer, hz: f64, end_ms: f64) -> Vec<Boundary> {
    let mut all = Vec::new();
    let mut buf = Vec::new();
    let mut prev = -1.0;
    let mut k = 0u64;
    loop {
        let t = k as f64 * 1000.0 / hz;
        buf.clear();
        pacer.boundaries_into(prev, t, &mut buf);
        all.extend_from_slice(&buf);
        prev = t;
        if t > end_ms {
            break;
        }
        k += 1;
    }
    all
}

#[test]
fn every_builtin_is_exact_over_a_simulated_hour() {
    // (id, breaths in the hour-bounded session, session end in ms): whole breaths, the first
    // one ending at or after 3600 s.
    let ends = [
        ("ujjayi", 328, 3_608_000),
        ("dirga", 300, 3_600_000),
        ("ribs", 300, 3_600_000),
        ("box", 225, 3_600_000),
        ("4-7-8", 190, 3_610_000),
        ("resonant", 328, 3_608_000),
        ("sigh", 400, 3_600_000),
    ];
    for ((id, phases), (id2, total, end)) in builtin_phases().into_iter().zip(ends) {
        assert_eq!(id, id2);
        let p = Pacer::new(builtin(id), Bound::Seconds(3600.0)).unwrap();
        assert_eq!(p.total_breaths(), Some(total), "{id}");
        assert_eq!(p.duration_ms(), Some(end), "{id}");
        let expected = expected_schedule(&phases, total);
        assert_eq!(*expected.last().unwrap(), complete(end, total), "{id}");

        // One call over the whole session.
        assert_eq!(p.boundaries(-1.0, 1e9), expected, "{id}: one call");
        // A 120 Hz frame loop (and a 60 Hz one) reports the same list: nothing lost, nothing twice.
        assert_eq!(
            frame_walk(&p, 120.0, end as f64 + 100.0),
            expected,
            "{id}: 120 Hz"
        );
        assert_eq!(
            frame_walk(&p, 60.0, end as f64 + 100.0),
            expected,
            "{id}: 60 Hz"
        );

        // Sampling exactly at each phase boundary lands on that phase, at progress 0.
        for b in &expected {
            if let BoundaryKind::Phase {
                phase,
                phase_index,
                breath,
            } = b.kind
            {
                let s = p.sample(b.at_ms as f64);
                assert_eq!(
                    (s.phase, s.phase_index, s.breath, s.phase_progress, s.done),
                    (phase, phase_index, breath, 0.0, false),
                    "{id} at {}",
                    b.at_ms
                );
                assert_eq!(s.phase_remaining_ms, phases[phase_index].1 as f64);
                if b.at_ms > 0 {
                    let before = p.sample(b.at_ms as f64 - 0.001);
                    assert_ne!(
                        (before.phase_index, before.breath),
                        (phase_index, breath),
                        "{id}: just before {}",
                        b.at_ms
                    );
                    assert!(before.phase_remaining_ms <= 0.001 + 1e-9);
                }
            }
        }
        for k in 0..=total {
            assert_eq!(p.breath_start_ms(k), k * (end / total), "{id} breath {k}");
        }
    }
}

#[test]
fn spot_checks_after_an_hour() {
    let p = Pacer::new(builtin("4-7-8"), Bound::Open).unwrap();
    assert_eq!(p.breath_start_ms(189), 3_591_000);
    assert_eq!(p.breath_start_ms(189), 189 * 19_000);
    let s = p.sample(3_591_000.0);
    assert_eq!((s.breath, s.phase, s.phase_progress), (189, Inhale, 0.0));
    // 3,591,000 + 4,000 + 7,000: the exhale of breath 189.
    let s = p.sample(3_602_000.0);
    assert_eq!((s.breath, s.phase, s.phase_index), (189, Exhale, 2));
    assert_eq!(s.phase_remaining_ms, 8000.0);
    assert_eq!(
        p.boundaries(3_590_999.0, 3_591_000.0),
        vec![breath(3_591_000, 189), phase(3_591_000, Inhale, 0, 189)]
    );

    let p = Pacer::new(builtin("box"), Bound::Open).unwrap();
    assert_eq!(p.breath_start_ms(225), 3_600_000);
    let s = p.sample(3_600_000.0 + 12_000.0 + 1_000.0);
    assert_eq!(
        (s.breath, s.phase, s.phase_remaining_ms),
        (225, HoldOut, 3000.0)
    );
    assert_eq!(s.phase_progress, 0.25);

    let p = Pacer::new(builtin("resonant"), Bound::Open).unwrap();
    assert_eq!(p.breath_start_ms(327), 3_597_000);
    let s = p.sample(3_602_500.0);
    assert_eq!((s.breath, s.phase, s.phase_progress), (327, Exhale, 0.0));

    // A day of sigh: still whole ms.
    let p = Pacer::new(builtin("sigh"), Bound::Open).unwrap();
    let day = 24 * HOUR_MS;
    assert_eq!(p.breath_start_ms(day / 9000), day);
    assert_eq!(
        p.boundaries(day as f64 - 1.0, day as f64 + 3000.0),
        vec![
            breath(day, 9600),
            phase(day, Inhale, 0, 9600),
            phase(day + 2000, Inhale, 1, 9600),
            phase(day + 3000, Exhale, 2, 9600),
        ]
    );
}

#[test]
fn order_at_one_instant_and_at_the_end() {
    let p = Pacer::new(builtin("box"), Bound::Breaths(2)).unwrap();
    assert_eq!(
        p.boundaries(-1.0, f64::INFINITY),
        vec![
            phase(0, Inhale, 0, 0),
            phase(4000, HoldIn, 1, 0),
            phase(8000, Exhale, 2, 0),
            phase(12000, HoldOut, 3, 0),
            breath(16000, 1),
            phase(16000, Inhale, 0, 1),
            phase(20000, HoldIn, 1, 1),
            phase(24000, Exhale, 2, 1),
            phase(28000, HoldOut, 3, 1),
            breath(32000, 2),
            complete(32000, 2),
        ]
    );
    // from < 0 includes the start; from = 0 does not.
    assert_eq!(p.boundaries(-0.5, 0.0), vec![phase(0, Inhale, 0, 0)]);
    assert_eq!(p.boundaries(0.0, 4000.0), vec![phase(4000, HoldIn, 1, 0)]);
    assert_eq!(p.boundaries(0.0, 3999.999), vec![]);
    // Empty and backwards spans, NaN.
    assert!(p.boundaries(5.0, 5.0).is_empty());
    assert!(p.boundaries(10_000.0, 5.0).is_empty());
    assert!(p.boundaries(f64::NAN, 5.0).is_empty());
    assert!(p.boundaries(-1.0, f64::NAN).is_empty());
    assert!(p.boundaries(-10.0, -1.0).is_empty());
    // Nothing after the end.
    assert!(p.boundaries(32_000.0, 1e12).is_empty());
    assert_eq!(
        p.boundaries(31_999.5, 1e12),
        vec![breath(32000, 2), complete(32000, 2)]
    );
    // boundaries_into appends.
    let mut buf = vec![complete(1, 1)];
    p.boundaries_into(-1.0, 0.0, &mut buf);
    assert_eq!(buf, vec![complete(1, 1), phase(0, Inhale, 0, 0)]);
}

#[test]
fn a_long_gap_equals_the_small_steps() {
    for id in ["sigh", "box", "4-7-8"] {
        let p = Pacer::new(builtin(id), Bound::Open).unwrap();
        let (from, to) = (1000.0, HOUR_MS as f64);
        let big = p.boundaries(from, to);
        assert!(big.len() > 700, "{id}");
        assert!(big.windows(2).all(|w| w[0].at_ms <= w[1].at_ms));
        // Irregular steps, including zero-length ones and ones that land exactly on boundaries.
        let steps = [8.333, 16.7, 0.0, 250.0, 1e-3, 9000.0, 33.3, 1000.0, 3000.0];
        let mut small = Vec::new();
        let mut t = from;
        let mut k = 0;
        while t < to {
            let next = (t + steps[k % steps.len()]).min(to);
            p.boundaries_into(t, next, &mut small);
            t = next;
            k += 1;
        }
        assert_eq!(small, big, "{id}");
    }
    // Bounded: a gap over the end reports the rest and the completion once.
    let p = Pacer::new(builtin("ribs"), Bound::Breaths(10)).unwrap();
    let gap = p.boundaries(30_000.0, 1e9);
    assert_eq!(gap.first(), Some(&breath(36_000, 3)));
    assert_eq!(gap.last(), Some(&complete(120_000, 10)));
    assert_eq!(gap.len(), 7 * 3 + 2);
}

#[test]
fn ramp_uses_a_table_then_closed_form() {
    // Inhale 4 → 8 s over 5 breaths: 4000, 5000, 6000, 7000, 8000, 8000, ...
    let p = Pacer::new(
        pattern(
            r#"{"phases":[{"phase":"inhale","seconds":4,"ramp":{"to":8,"breaths":5}},
                          {"phase":"exhale","seconds":4}]}"#,
        ),
        Bound::Open,
    )
    .unwrap();
    let inhales: Vec<u64> = (0..8).map(|b| p.pattern().phase_ms(b, 0)).collect();
    assert_eq!(
        inhales,
        vec![4000, 5000, 6000, 7000, 8000, 8000, 8000, 8000]
    );
    let starts: Vec<u64> = (0..8).map(|b| p.breath_start_ms(b)).collect();
    assert_eq!(
        starts,
        vec![0, 8000, 17000, 27000, 38000, 50000, 62000, 74000]
    );
    assert_eq!(p.breath_start_ms(100), 50_000 + 95 * 12_000);
    assert_eq!(p.breath_ms(2), 10_000);
    assert_eq!(p.breath_ms(1_000_000), 12_000);

    // Independent: sum the ramp by hand for an hour.
    let mut expected = Vec::new();
    let mut at = 0u64;
    let mut k = 0u64;
    while at <= HOUR_MS {
        if k > 0 {
            expected.push(breath(at, k));
        }
        let inhale = 4000 + 1000 * k.min(4);
        expected.push(phase(at, Inhale, 0, k));
        if at + inhale <= HOUR_MS {
            expected.push(phase(at + inhale, Exhale, 1, k));
        }
        at += inhale + 4000;
        k += 1;
    }
    assert_eq!(p.boundaries(-1.0, HOUR_MS as f64), expected);
    // The walk's last frame is at exactly 3,600,000 ms.
    assert_eq!(frame_walk(&p, 120.0, HOUR_MS as f64 - 1.0), expected);
    // In and after the table.
    let s = p.sample(17_000.0 + 3_000.0);
    assert_eq!((s.breath, s.phase, s.phase_progress), (2, Inhale, 0.5));
    let s = p.sample(62_000.0 + 8_000.0 + 1_000.0);
    assert_eq!(
        (s.breath, s.phase, s.phase_remaining_ms),
        (6, Exhale, 3000.0)
    );

    // Seconds bound with a ramp: breaths end at 8, 17, 27, 38, 50, 62 s.
    let ramped = p.pattern().clone();
    let at = |s| {
        let q = Pacer::new(ramped.clone(), Bound::Seconds(s)).unwrap();
        (q.total_breaths().unwrap(), q.duration_ms().unwrap())
    };
    assert_eq!(at(1.0), (1, 8000));
    assert_eq!(at(50.0), (5, 50_000));
    assert_eq!(at(50.001), (6, 62_000));
    assert_eq!(at(60.0), (6, 62_000));
    assert_eq!(at(75.0), (8, 86_000));
}

#[test]
fn ramp_to_a_zero_hold_and_two_ramps() {
    // Hold 2 s → 0 s over 3 breaths: 2000, 1000, 0, 0 ...: no hold from breath 2 on.
    let p = Pacer::new(
        pattern(
            r#"{"phases":[{"phase":"inhale","seconds":4},
                          {"phase":"hold-in","seconds":2,"ramp":{"to":0,"breaths":3}},
                          {"phase":"exhale","seconds":4}]}"#,
        ),
        Bound::Breaths(4),
    )
    .unwrap();
    assert_eq!(
        (0..4).map(|b| p.breath_start_ms(b)).collect::<Vec<_>>(),
        vec![0, 10_000, 19_000, 27_000]
    );
    assert_eq!(p.duration_ms(), Some(35_000));
    assert_eq!(
        p.boundaries(18_000.0, 1e9),
        vec![
            breath(19_000, 2),
            phase(19_000, Inhale, 0, 2),
            phase(23_000, Exhale, 2, 2),
            breath(27_000, 3),
            phase(27_000, Inhale, 0, 3),
            phase(31_000, Exhale, 2, 3),
            breath(35_000, 4),
            complete(35_000, 4),
        ]
    );
    for t in 19_000..35_000 {
        assert_ne!(p.sample(t as f64).phase, HoldIn, "zero hold current at {t}");
    }
    assert_eq!(p.sample(23_000.0).phase, Exhale);
    assert_eq!(p.sample(22_999.5).phase, Inhale);

    // Two ramps of different lengths: inhale 4 → 6 over 3, exhale 6 → 4 over 5.
    let p = Pacer::new(
        pattern(
            r#"{"phases":[{"phase":"inhale","seconds":4,"ramp":{"to":6,"breaths":3}},
                          {"phase":"exhale","seconds":6,"ramp":{"to":4,"breaths":5}}]}"#,
        ),
        Bound::Open,
    )
    .unwrap();
    assert_eq!(
        (0..8).map(|b| p.breath_start_ms(b)).collect::<Vec<_>>(),
        vec![0, 10_000, 20_500, 31_500, 42_000, 52_000, 62_000, 72_000]
    );
    assert_eq!(p.breath_start_ms(1000), 52_000 + 995 * 10_000);
}

/// Patterns for the expansion checks: the built-ins plus awkward shapes.
fn expansion_patterns() -> Vec<(String, Pattern)> {
    let mut v: Vec<(String, Pattern)> = library::patterns()
        .iter()
        .map(|p| (p.id.clone().unwrap(), p.clone()))
        .collect();
    let extra = [
        (
            "ramped",
            r#"{"phases":[{"phase":"inhale","seconds":4,"ramp":{"to":8,"breaths":5}},{"phase":"hold-in","seconds":0},{"phase":"exhale","seconds":4}]}"#,
        ),
        (
            "exhale-first",
            r#"{"phases":[{"phase":"exhale","seconds":4},{"phase":"hold-out","seconds":2},{"phase":"inhale","seconds":4}]}"#,
        ),
        (
            "interleaved-ramp",
            r#"{"phases":[{"phase":"inhale","seconds":1},{"phase":"exhale","seconds":4,"ramp":{"to":1,"breaths":3}},{"phase":"inhale","seconds":3},{"phase":"exhale","seconds":1}]}"#,
        ),
        (
            "short",
            r#"{"phases":[{"phase":"inhale","seconds":0.5},{"phase":"hold-in","seconds":0.5},{"phase":"exhale","seconds":0.5}]}"#,
        ),
        (
            "zero-hold-ramp",
            r#"{"phases":[{"phase":"inhale","seconds":3},{"phase":"hold-in","seconds":0,"ramp":{"to":2,"breaths":4}},{"phase":"exhale","seconds":3},{"phase":"hold-out","seconds":1,"ramp":{"to":0,"breaths":2}}]}"#,
        ),
    ];
    for (name, json) in extra {
        v.push((name.to_string(), pattern(json)));
    }
    v
}

#[test]
fn expansion_is_continuous_across_every_boundary() {
    for (name, pat) in expansion_patterns() {
        let p = Pacer::new(pat, Bound::Breaths(300)).unwrap();
        let end = p.duration_ms().unwrap() as f64;
        let list = p.boundaries(-1.0, end);
        assert!(list.len() >= 600, "{name}");
        for b in &list {
            let t = b.at_ms as f64;
            let at = p.sample(t).expansion;
            let after = p.sample(t + 1e-6).expansion;
            assert!((after - at).abs() < 1e-8, "{name}: jump after {t}");
            if t > 0.0 {
                let before = p.sample(t - 1e-6).expansion;
                assert!(
                    (at - before).abs() < 1e-8,
                    "{name}: jump at {t}: {before} → {at} ({:?})",
                    b.kind
                );
            }
        }
        // Dense walk: always in 0..=1, never faster than the steepest eased 0.5 s phase allows.
        let mut prev = p.sample(0.0).expansion;
        let mut t = 0.0;
        while t <= 200_000.0 {
            let e = p.sample(t).expansion;
            assert!((0.0..=1.0).contains(&e), "{name}: {e} at {t}");
            assert!((e - prev).abs() <= 0.004, "{name}: step at {t}");
            prev = e;
            t += 1.0;
        }
    }
}

#[test]
fn holds_hold_and_both_ends_are_reached() {
    let p = Pacer::new(builtin("box"), Bound::Open).unwrap();
    for k in [0u64, 1, 7, 224] {
        let b = p.breath_start_ms(k) as f64;
        assert_eq!(p.sample(b).expansion, 0.0);
        assert!((p.sample(b + 2000.0).expansion - 0.5).abs() < 1e-12);
        for dt in [4000.0, 4000.5, 6000.0, 7999.9] {
            assert_eq!(p.sample(b + dt).expansion, 1.0, "hold-in of breath {k}");
            assert_eq!(p.sample(b + dt).phase, HoldIn);
        }
        assert!((p.sample(b + 10_000.0).expansion - 0.5).abs() < 1e-12);
        for dt in [12_000.0, 13_000.0, 15_999.9] {
            assert_eq!(p.sample(b + dt).expansion, 0.0, "hold-out of breath {k}");
        }
    }
    let p = Pacer::new(builtin("4-7-8"), Bound::Open).unwrap();
    for dt in [4000.0, 5000.0, 10_999.0] {
        assert_eq!(p.sample(19_000.0 * 10.0 + dt).expansion, 1.0);
    }
    // Exhale first: the breath starts full.
    let p = Pacer::new(
        pattern(
            r#"{"phases":[{"phase":"exhale","seconds":4},{"phase":"hold-out","seconds":2},
                          {"phase":"inhale","seconds":4}]}"#,
        ),
        Bound::Breaths(2),
    )
    .unwrap();
    assert_eq!(p.rest_level(), 1.0);
    assert_eq!(p.sample(0.0).expansion, 1.0);
    assert_eq!(p.sample(4000.0).expansion, 0.0);
    assert_eq!(p.sample(5000.0).expansion, 0.0);
    assert_eq!(p.sample(10_000.0).expansion, 1.0);
    assert_eq!(p.sample(20_000.0).expansion, 1.0);
    assert!(p.sample(20_000.0).done);
}

#[test]
fn sigh_rises_in_two_steps() {
    let p = Pacer::new(builtin("sigh"), Bound::Open).unwrap();
    let e = |t: f64| p.sample(t).expansion;
    assert_eq!(e(0.0), 0.0);
    // The first inhale (2 of 3 s of inhale) takes the level to 2/3, the top-up to 1.
    assert_eq!(e(2000.0), 2.0 / 3.0);
    assert!((e(1000.0) - 1.0 / 3.0).abs() < 1e-12);
    assert!((e(2500.0) - (2.0 / 3.0 + 1.0 / 6.0)).abs() < 1e-12);
    assert_eq!(e(3000.0), 1.0);
    assert!((e(6000.0) - 0.5).abs() < 1e-12);
    assert_eq!(e(9000.0), 0.0);
    // A step: the level settles at 2/3 (speed ~0) before the top-up rises again.
    let mid_speed = (e(1001.0) - e(999.0)) / 2.0;
    let seam_speed = (e(2001.0) - e(1999.0)) / 2.0;
    assert!(mid_speed > 4e-4, "{mid_speed}");
    assert!(seam_speed < 1e-5, "{seam_speed}");
    // And monotonic rise over both inhales.
    let mut prev = -1.0;
    for t in 0..=3000 {
        let x = e(t as f64);
        assert!(x >= prev, "falls at {t}");
        prev = x;
    }
}

#[test]
fn bounds_and_the_end() {
    let p = Pacer::new(builtin("box"), Bound::Breaths(10)).unwrap();
    assert_eq!(p.bound(), &Bound::Breaths(10));
    assert_eq!(p.total_breaths(), Some(10));
    assert_eq!(p.duration_ms(), Some(160_000));
    let last = p.sample(159_999.5);
    assert_eq!((last.breath, last.phase, last.done), (9, HoldOut, false));
    let done = Sample {
        phase: HoldOut,
        phase_index: 3,
        phase_progress: 1.0,
        phase_remaining_ms: 0.0,
        expansion: 0.0,
        breath: 10,
        done: true,
    };
    assert_eq!(p.sample(160_000.0), done);
    assert_eq!(p.sample(1e12), done);
    assert_eq!(p.sample(f64::INFINITY), done);

    // Seconds: the end of the first breath that ends at or after the bound.
    let secs = |s: f64| {
        let p = Pacer::new(builtin("box"), Bound::Seconds(s)).unwrap();
        (p.total_breaths().unwrap(), p.duration_ms().unwrap())
    };
    assert_eq!(secs(1.0), (1, 16_000));
    assert_eq!(secs(16.0), (1, 16_000));
    assert_eq!(secs(16.001), (2, 32_000));
    assert_eq!(secs(30.0), (2, 32_000));
    assert_eq!(secs(32.0), (2, 32_000));
    assert_eq!(secs(32.001), (3, 48_000));
    assert_eq!(secs(86_400.0), (5400, 86_400_000));
    let secs478 = |s: f64| {
        let p = Pacer::new(builtin("4-7-8"), Bound::Seconds(s)).unwrap();
        (p.total_breaths().unwrap(), p.duration_ms().unwrap())
    };
    assert_eq!(secs478(60.0), (4, 76_000));
    assert_eq!(secs478(57.0), (3, 57_000));

    // Open: never done.
    let p = Pacer::new(builtin("box"), Bound::Open).unwrap();
    assert_eq!((p.total_breaths(), p.duration_ms()), (None, None));
    let s = p.sample(1e13);
    assert!(!s.done);
    assert_eq!(s.breath, 1e13 as u64 / 16_000);
    assert!(!p.sample(f64::MAX).done);

    // t < 0 and NaN sample as 0.
    assert_eq!(p.sample(-5.0), p.sample(0.0));
    assert_eq!(p.sample(f64::NEG_INFINITY), p.sample(0.0));
    assert_eq!(p.sample(f64::NAN), p.sample(0.0));
    assert_eq!(
        p.sample(0.0),
        Sample {
            phase: Inhale,
            phase_index: 0,
            phase_progress: 0.0,
            phase_remaining_ms: 4000.0,
            expansion: 0.0,
            breath: 0,
            done: false,
        }
    );

    // The done sample names the last phase that lasts, and the rest level.
    let p = Pacer::new(
        pattern(
            r#"{"phases":[{"phase":"inhale","seconds":4},{"phase":"exhale","seconds":4},
                          {"phase":"hold-out","seconds":2,"ramp":{"to":0,"breaths":2}}]}"#,
        ),
        Bound::Breaths(3),
    )
    .unwrap();
    assert_eq!(p.duration_ms(), Some(10_000 + 8000 + 8000));
    let s = p.sample(26_000.0);
    assert_eq!(
        (s.phase, s.phase_index, s.breath, s.done),
        (Exhale, 1, 3, true)
    );
}

#[test]
fn bound_errors_name_the_field() {
    let err = |b| {
        Pacer::new(builtin("box"), b)
            .map(|_| ())
            .unwrap_err()
            .to_string()
    };
    assert_eq!(
        err(Bound::Breaths(0)),
        "breaths: must be 1–10000 breaths, got 0"
    );
    assert_eq!(
        err(Bound::Breaths(10_001)),
        "breaths: must be 1–10000 breaths, got 10001"
    );
    assert_eq!(
        err(Bound::Seconds(0.5)),
        "seconds: must be 1–86400 s, got 0.5"
    );
    assert_eq!(
        err(Bound::Seconds(-1.0)),
        "seconds: must be 1–86400 s, got -1"
    );
    assert_eq!(
        err(Bound::Seconds(86_401.0)),
        "seconds: must be 1–86400 s, got 86401"
    );
    assert_eq!(
        err(Bound::Seconds(f64::NAN)),
        "seconds: must be a finite number in 1–86400 s, got NaN"
    );
    assert_eq!(
        err(Bound::Seconds(f64::INFINITY)),
        "seconds: must be a finite number in 1–86400 s, got inf"
    );
    assert!(Pacer::new(builtin("box"), Bound::Breaths(10_000)).is_ok());
    assert!(Pacer::new(builtin("box"), Bound::Seconds(86_400.0)).is_ok());

    // Patterns built in code are re-checked.
    let mut p = builtin("box");
    p.phases[0].seconds = f64::NAN;
    assert_eq!(
        Pacer::new(p, Bound::Open).unwrap_err().to_string(),
        "phases[0].seconds: must be a finite number, got NaN"
    );
    let mut p = pattern(
        r#"{"phases":[{"phase":"inhale","seconds":4,"ramp":{"to":8,"breaths":5}},{"phase":"exhale","seconds":4}]}"#,
    );
    p.phases[0].ramp.as_mut().unwrap().breaths = 1.0;
    assert_eq!(
        Pacer::new(p, Bound::Open).unwrap_err().to_string(),
        "phases[0].ramp.breaths: must be 2–1000 breaths, got 1"
    );
    let mut p = builtin("box");
    p.phases.retain(|ph| ph.phase != Exhale);
    assert_eq!(
        Pacer::new(p, Bound::Open).unwrap_err().to_string(),
        "phases: must include at least one inhale and one exhale"
    );
    let mut p = builtin("box");
    p.phases.clear();
    assert_eq!(
        Pacer::new(p, Bound::Open).unwrap_err().to_string(),
        "phases: must not be empty"
    );
}

#[test]
fn samples_serialize_for_the_web_layer() {
    let p = Pacer::new(builtin("box"), Bound::Breaths(1)).unwrap();
    // Boundaries go out as `Pacer.schedule` returns them.
    let wire = |b: &Boundary| serde_json::to_value(ScheduledBoundary::from(*b)).unwrap();
    let b = wire(&p.boundaries(-1.0, 0.0)[0]);
    assert_eq!(
        b,
        json!({"atMs": 0, "kind": "phase", "phase": "inhale", "phaseIndex": 0, "breath": 0})
    );
    let b = serde_json::Value::Array(p.boundaries(15_000.0, 16_000.0).iter().map(wire).collect());
    assert_eq!(
        b,
        json!([
            {"atMs": 16000, "kind": "breath", "breath": 1},
            {"atMs": 16000, "kind": "complete", "breath": 1}
        ])
    );
    let s = serde_json::to_value(p.sample(4000.0)).unwrap();
    assert_eq!(
        s,
        json!({"phase": "hold-in", "phaseIndex": 1, "phaseProgress": 0.0,
            "phaseRemainingMs": 4000.0, "expansion": 1.0, "breath": 0, "done": false})
    );
}
