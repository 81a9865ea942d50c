//! Profiling aid: builds and encodes rib-cage frames in a loop (`perf record`).
use breathflow::canvas_ops::{Encoder, Ops};
use breathflow::ribcage::{build_frame, FrameInput, Overlay};
use breathflow::scene::Scene;
use std::hint::black_box;
fn main() {
    let full = Overlay {
        phase_label: "Inhale · nose",
        seconds_left: Some(4),
        breath_count: Some((3, Some(10))),
        progress: Some(0.25),
        title: Some("Mobilize the ribs"),
        cue: Some("Hands on the sides of the ribs; breathe into them and feel them move apart."),
        detail: None,
        message: None,
        ..Overlay::default()
    };
    let mut s = Scene::new();
    let mut e = Encoder::new();
    let mut o = Ops::default();
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(400_000);
    for k in 0..n {
        build_frame(
            &FrameInput {
                width: 480.0,
                height: 480.0,
                expansion: black_box((k % 240) as f32 / 240.0),
                zones: None,
                reduced_motion: false,
                overlay: full,
            },
            &mut s,
        );
        e.encode(&s, &mut o);
    }
    black_box(o.words.len());
}
