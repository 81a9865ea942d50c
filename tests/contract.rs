//! The JSON shapes that cross into JavaScript are a public contract: keys, key order and values
//! must not change by accident. Each case below is serialised with serde_json and pinned, text for
//! text, against a fixture in `tests/fixtures/contract/` (one JSON document per line): every key,
//! the key order and every number as written (an `f32` written with other digits fails).
//!
//! Regenerate (only when the contract changes on purpose): `UPDATE_FIXTURES=1 cargo test --test contract`.

use breathflow::frame_state;
use breathflow::library;
use breathflow::pacer::{Bound, Pacer, ScheduledBoundary};
use breathflow::player::{Notice, Player};
use breathflow::safety::{self, Condition};
use breathflow::scene::{Align, Cmd, Paint, Role, Scene};
use breathflow::session::Session;
use breathflow::GapPolicy;
use serde::Serialize;
use std::f32::consts::{FRAC_PI_2, PI, TAU};

/// `x` as JSON text, as serde_json writes it.
fn ser<T: Serialize + ?Sized>(x: &T) -> String {
    serde_json::to_string(x).unwrap()
}

/// Compare `lines` with the fixture `name`, or write it when `UPDATE_FIXTURES` is set.
fn pin(name: &str, lines: Vec<String>) {
    let path = format!(
        "{}/tests/fixtures/contract/{name}.jsonl",
        env!("CARGO_MANIFEST_DIR")
    );
    let got = lines.join("\n") + "\n";
    if std::env::var_os("UPDATE_FIXTURES").is_some() {
        std::fs::write(&path, &got).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&path).unwrap();
    let want: Vec<&str> = want.lines().collect();
    assert_eq!(want.len(), lines.len(), "{name}: number of documents");
    for (i, (w, g)) in want.iter().zip(&lines).enumerate() {
        assert_eq!(*w, g.as_str(), "{name}, document {i}");
    }
}

#[test]
fn patterns() {
    pin("patterns", library::patterns().iter().map(ser).collect());
}

#[test]
fn flows() {
    pin("flows", library::flows().iter().map(ser).collect());
}

#[test]
fn adapted_flows_and_changes() {
    let mut out = vec![];
    for f in library::flows() {
        for c in Condition::ALL.iter() {
            out.push(ser(&safety::adapt(f, &[*c]).unwrap()));
        }
        out.push(ser(&safety::adapt(f, &Condition::ALL).unwrap()));
    }
    pin("adapted", out);
}

#[test]
fn guidance() {
    pin(
        "guidance",
        vec![
            ser(&safety::guidance(&[])),
            ser(&safety::guidance(&Condition::ALL)),
        ],
    );
}

/// Every command kind, with coordinates that need up to 9 significant digits (f32 shortest form),
/// a text with characters JSON must escape, and negative zero. Built by hand so that the pin does
/// not depend on how the rib cage is drawn.
fn every_command(scene: &mut Scene, i: u32) {
    let f = |k: u32| (i * 7 + k) as f32 * 0.7315 + 1.0 / (i + k + 3) as f32 - 3.0;
    let paint = Paint::new(Role::Accent, f(9).abs() / 10.0);
    scene.push(Cmd::Clear {
        w: 600.0,
        h: 1024.5,
    });
    scene.push(Cmd::Save);
    scene.push(Cmd::BeginPath);
    scene.move_to(f(0), -0.0);
    scene.line_to(f(1), f(2));
    scene.quad_to(f(3), f(4), f(5), 1e-7);
    scene.bezier_to(f(6), f(7), f(8), f(9), 3.0e7, f(11));
    scene.push(Cmd::Arc {
        x: f(1),
        y: f(2),
        r: 179.2,
        start: -FRAC_PI_2,
        end: TAU,
        ccw: i.is_multiple_of(2),
    });
    scene.push(Cmd::Ellipse {
        x: f(3),
        y: f(4),
        rx: 12.5,
        ry: f(5).abs(),
        rotation: 0.1,
        start: 0.0,
        end: PI,
        ccw: true,
    });
    scene.push(Cmd::Rect {
        x: 0.0,
        y: f(6),
        w: 1e20,
        h: f(7),
    });
    scene.close_path();
    scene.push(Cmd::Clip);
    scene.fill(Paint::new(Role::Bg, 1.0));
    scene.stroke(paint, 7.8);
    let span = scene.push_str("Inhale · nose \"quoted\" \\ \t\n\u{1}\u{1f} é 😀");
    scene.push(Cmd::Text {
        span,
        x: f(8),
        y: f(9),
        size: 15.0,
        bold: true,
        align: Align::Center,
        paint,
        max_width: 1.0 / 3.0,
    });
    let span = scene.push_str("");
    scene.push(Cmd::Text {
        span,
        x: 0.1,
        y: 0.2,
        size: 9.5,
        bold: false,
        align: Align::Left,
        paint: Paint::new(Role::Text, 0.0),
        max_width: 0.0,
    });
    scene.push(Cmd::Text {
        span,
        x: 0.3,
        y: 0.4,
        size: 9.5,
        bold: false,
        align: Align::Right,
        paint: Paint::new(Role::Rib, 0.5),
        max_width: 1.0,
    });
    scene.push(Cmd::Restore);
}

#[test]
fn scenes() {
    let mut out = vec![];
    for i in 0..40 {
        let mut s = Scene::new();
        every_command(&mut s, i);
        out.push(ser(&s));
    }
    pin("scene", out);
}

/// Samples, and boundaries as `Pacer.schedule` returns them.
#[test]
fn pacer_samples_and_boundaries() {
    let mut out = vec![];
    for p in library::patterns() {
        let pacer = Pacer::new(p.clone(), Bound::Breaths(3)).unwrap();
        for t in [-5.0, 0.0, 1234.5, 4000.0, 7777.7, 1e9] {
            out.push(ser(&pacer.sample(t)));
        }
        let schedule: Vec<ScheduledBoundary> = pacer
            .boundaries(-1.0, 60_000.0)
            .into_iter()
            .map(ScheduledBoundary::from)
            .collect();
        out.push(ser(&schedule));
    }
    pin("pacer", out);
}

/// `state()` of a player moved through each built-in flow, and the events it reported on the way.
#[test]
fn sessions() {
    let mut out = vec![];
    for f in library::flows() {
        let s = Session::from_flow(f.clone(), &[]).unwrap();
        let total = s.total_ms().unwrap() as f64;
        let mut player = Player::new(s.clone(), GapPolicy::Pause);
        let mut notices = vec![];
        player.start(0.0, &mut notices);
        for k in 0..=12 {
            let t = total * k as f64 / 12.0 + 0.37;
            player.tick(t, &mut notices);
            assert_eq!(player.now_ms(), t);
            out.push(ser(&frame_state::state(&player, t, 320.0, 320.0)));
        }
        let events: Vec<_> = notices
            .into_iter()
            .filter_map(|n| match n {
                Notice::Session(e) => Some(e),
                Notice::Status(_) => None,
            })
            .collect();
        // Each event once, in order: what the session has between before the start and the end.
        assert_eq!(events, s.events(-1.0, total + 1.0), "{:?}", f.id);
        out.push(ser(&events));
    }
    pin("session", out);
}
