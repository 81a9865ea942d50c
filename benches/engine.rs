//! Engine benchmarks (no harness, no criterion): ns per `Pacer::sample()` and the cost of a
//! simulated 60-minute session sampled at 120 Hz, timed with `std::time::Instant`.
//!
//! Run: `cargo bench --bench engine`. The bench profile inherits `[profile.release]`, whose
//! `opt-level = "z"` is the size setting the wasm build uses; for speed-optimised native figures,
//! `CARGO_PROFILE_BENCH_OPT_LEVEL=3 cargo bench --bench engine`.

use breathflow::canvas_ops::{Encoder, Ops};
use breathflow::library;
use breathflow::pacer::{Bound, Pacer};
use breathflow::pattern::Pattern;
use breathflow::ribcage::{build_frame, FrameInput, Overlay};
use breathflow::scene::Scene;
use std::hint::black_box;
use std::time::{Duration, Instant};

const HOUR_MS: f64 = 3_600_000.0;
const FRAME_MS: f64 = 1000.0 / 120.0;
const RUNS: usize = 7;
/// Frames timed one by one after a cache flush.
const COLD: usize = 400;

/// Median of `RUNS` timings of `f` (after one warm-up run). The figures are wall-clock time on
/// whatever else the machine is doing; rerun on a quiet machine for numbers to compare.
fn median(mut f: impl FnMut() -> Duration) -> Duration {
    f();
    let mut v: Vec<Duration> = (0..RUNS).map(|_| f()).collect();
    v.sort();
    v[RUNS / 2]
}

/// Pseudo-random session times spread over an hour (an LCG: no dependency, same every run).
fn times(n: usize) -> Vec<f64> {
    let mut x: u64 = 0x2545_f491_4f6c_dd1d;
    (0..n)
        .map(|_| {
            x = x
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (x >> 11) as f64 / (1u64 << 53) as f64 * HOUR_MS
        })
        .collect()
}

fn ramped() -> Pattern {
    let v = serde_json::json!({"id": "ramped", "phases": [
        {"phase": "inhale", "seconds": 4, "ramp": {"to": 8, "breaths": 1000}},
        {"phase": "hold-in", "seconds": 2},
        {"phase": "exhale", "seconds": 4, "ramp": {"to": 8, "breaths": 1000}},
        {"phase": "hold-out", "seconds": 0, "ramp": {"to": 2, "breaths": 300}}
    ]});
    Pattern::from_value(&v, "").unwrap()
}

/// The library's back-strengthening flow repeated until it lasts at least an hour.
fn hour_flow() -> breathflow::Session {
    let one = library::flow("back-strengthening").unwrap();
    let once = breathflow::Plan::new(one).unwrap().total_ms();
    let copies = (HOUR_MS as u64).div_ceil(once) as usize;
    let mut doc = serde_json::to_value(one).unwrap();
    let steps = doc["steps"].as_array().unwrap().clone();
    let mut all = Vec::new();
    for c in 0..copies {
        for st in &steps {
            let mut st = st.clone();
            let id = format!("{}-{c}", st["id"].as_str().unwrap());
            st["id"] = id.into();
            if let Some(alt) = st.get_mut("alternative") {
                alt["id"] = format!("{}-{c}", alt["id"].as_str().unwrap()).into();
            }
            all.push(st);
        }
    }
    doc["steps"] = all.into();
    let flow = breathflow::Flow::parse(&doc.to_string()).unwrap();
    breathflow::Session::from_flow(flow, &[]).unwrap()
}

fn main() {
    let mut cases: Vec<(String, Pattern)> = ["box", "4-7-8", "sigh", "dirga"]
        .iter()
        .map(|id| (id.to_string(), library::pattern(id).unwrap().clone()))
        .collect();
    cases.push(("ramped (1000-breath table)".into(), ramped()));

    println!("breathflow engine benchmarks (median of {RUNS} runs)");
    println!();
    println!("Pacer::sample(), random times within an hour:");
    let ts = times(4096);
    const SAMPLES: usize = 4_000_000;
    for (name, pattern) in &cases {
        let pacer = Pacer::new(pattern.clone(), Bound::Seconds(3600.0)).unwrap();
        let d = median(|| {
            let start = Instant::now();
            let mut acc = 0.0;
            for i in 0..SAMPLES {
                let s = pacer.sample(black_box(ts[i & 4095]));
                acc += s.expansion;
            }
            black_box(acc);
            start.elapsed()
        });
        println!(
            "  {name:<28} {:>7.2} ns/sample",
            d.as_nanos() as f64 / SAMPLES as f64
        );
    }

    println!();
    println!(
        "Simulated 60-minute session at 120 Hz (432,000 frames of sample() + boundaries_into()):"
    );
    for (name, pattern) in &cases {
        let pacer = Pacer::new(pattern.clone(), Bound::Seconds(3600.0)).unwrap();
        let end = pacer.duration_ms().unwrap() as f64;
        let frames = (end / FRAME_MS).ceil() as u64 + 1;
        let mut reported = 0usize;
        let d = median(|| {
            let mut buf = Vec::with_capacity(8);
            let mut prev = -1.0;
            let mut count = 0usize;
            let mut acc = 0.0;
            let start = Instant::now();
            for k in 0..frames {
                // Time from the frame number, as the frame loop derives it from the clock.
                let t = black_box(k as f64 * FRAME_MS);
                acc += pacer.sample(t).expansion;
                buf.clear();
                pacer.boundaries_into(prev, t, &mut buf);
                count += buf.len();
                prev = t;
            }
            let e = start.elapsed();
            black_box(acc);
            reported = count;
            e
        });
        println!(
            "  {name:<28} {:>7.3} ms total, {:>6.1} ns/frame, {reported} boundaries",
            d.as_secs_f64() * 1e3,
            d.as_nanos() as f64 / frames as f64
        );
    }

    println!();
    println!("Simulated 60-minute flow at 120 Hz (Session::sample() + crossings() per frame):");
    {
        let session = hour_flow();
        let end = session.total_ms().unwrap() as f64;
        let frames = (end / FRAME_MS).ceil() as u64 + 1;
        let mut reported = 0usize;
        let d = median(|| {
            let mut buf = Vec::with_capacity(8);
            let mut prev = -1.0;
            let mut count = 0usize;
            let mut acc = 0.0;
            let start = Instant::now();
            for k in 0..frames {
                let t = black_box(k as f64 * FRAME_MS);
                acc += session.sample(t).expansion;
                buf.clear();
                session.crossings(prev, t, &mut buf);
                count += buf.len();
                prev = t;
            }
            let e = start.elapsed();
            black_box(acc);
            reported = count;
            e
        });
        println!(
            "  {:<28} {:>7.3} ms total, {:>6.1} ns/frame, {reported} events over {:.1} min",
            "back-strengthening ×N",
            d.as_secs_f64() * 1e3,
            d.as_nanos() as f64 / frames as f64,
            end / 60_000.0
        );
    }

    println!();
    println!("Catching up an hour hidden in one call (boundaries over (0, 3,600,000]):");
    for (name, pattern) in &cases {
        let pacer = Pacer::new(pattern.clone(), Bound::Open).unwrap();
        let mut n = 0;
        let d = median(|| {
            let start = Instant::now();
            let b = pacer.boundaries(black_box(0.0), black_box(HOUR_MS));
            let e = start.elapsed();
            n = b.len();
            black_box(b);
            e
        });
        println!(
            "  {name:<28} {:>7.1} µs for {n} boundaries",
            d.as_secs_f64() * 1e6
        );
    }

    println!();
    println!("Pacer::new (tables):");
    for (name, pattern) in &cases {
        let d = median(|| {
            let start = Instant::now();
            for _ in 0..1000 {
                black_box(Pacer::new(black_box(pattern.clone()), Bound::Open).unwrap());
            }
            start.elapsed()
        });
        println!("  {name:<28} {:>7.2} µs", d.as_secs_f64() * 1e6 / 1000.0);
    }

    println!();
    println!("One rib-cage frame, 480×480 CSS px with every overlay text (µs per frame, warm):");
    {
        let overlay = Overlay {
            phase_label: "Inhale · nose",
            seconds_left: Some(4),
            breath_count: Some((3, Some(10))),
            progress: Some(0.25),
            title: Some("Mobilize the ribs"),
            cue: Some(
                "Hands on the sides of the ribs; breathe into them and feel them move apart.",
            ),
            detail: None,
            message: None,
            ..Overlay::default()
        };
        let input = |k: usize| FrameInput {
            width: 480.0,
            height: 480.0,
            expansion: (k % 240) as f32 / 240.0,
            zones: None,
            reduced_motion: false,
            overlay,
        };
        const FRAMES: usize = 20_000;
        let mut scene = Scene::new();
        let d = median(|| {
            let start = Instant::now();
            for k in 0..FRAMES {
                build_frame(&input(black_box(k)), &mut scene);
            }
            black_box(scene.cmds().len());
            start.elapsed()
        });
        let per = |d: Duration| d.as_secs_f64() * 1e6 / FRAMES as f64;
        println!("  {:<28} {:>7.2} µs", "build_frame", per(d));
        let mut enc = Encoder::new();
        let mut ops = Ops::default();
        let d = median(|| {
            let start = Instant::now();
            for k in 0..FRAMES {
                build_frame(&input(black_box(k)), &mut scene);
                enc.encode(&scene, &mut ops);
            }
            black_box(ops.words.len());
            start.elapsed()
        });
        println!("  {:<28} {:>7.2} µs", "build_frame + encode", per(d));

        // The same work right after 32 MiB of other memory traffic, as in a page where the
        // canvas raster between two frames evicts the engine's code and data from the caches:
        // the browser's render bench sees the engine's per-frame cost there, not the warm figure.
        println!();
        println!("One rib-cage frame after a cache flush (µs per frame, median of {COLD} frames):");
        let mut flush = vec![0u8; 32 << 20];
        let mut one = |k: usize, encode: bool| {
            for (i, b) in flush.iter_mut().enumerate().step_by(64) {
                *b = b.wrapping_add(i as u8);
            }
            black_box(&flush);
            let start = Instant::now();
            build_frame(&input(black_box(k)), &mut scene);
            if encode {
                enc.encode(&scene, &mut ops);
            }
            black_box(ops.words.len());
            start.elapsed()
        };
        for (name, encode) in [("build_frame", false), ("build_frame + encode", true)] {
            let mut v: Vec<Duration> = (0..COLD).map(|k| one(k, encode)).collect();
            v.sort();
            println!("  {:<28} {:>7.2} µs", name, v[COLD / 2].as_secs_f64() * 1e6);
        }
    }
}
