//! `Scene::merge_strokes` (which moves commands in runs) against a one-command-at-a-time
//! reference, on generated lists of path commands, strokes, fills and part markers.
#![cfg(not(target_arch = "wasm32"))]

use breathflow::scene::{Cmd, Paint, Part, Role, Scene};
use proptest::prelude::*;

/// The reference: the same rule, applied by copying each kept command.
fn reference(cmds: &[Cmd], marks: &[(Part, usize)]) -> (Vec<Cmd>, Vec<(Part, usize)>) {
    let alike = |i: usize, paint: Paint, width: f32| {
        if !matches!(cmds.get(i), Some(Cmd::BeginPath))
            || !matches!(cmds.get(i + 1), Some(Cmd::MoveTo { .. }))
        {
            return false;
        }
        for c in &cmds[i + 2..] {
            match *c {
                Cmd::MoveTo { .. } | Cmd::LineTo { .. } | Cmd::ClosePath => continue,
                Cmd::Stroke { paint: p, width: w } => return p == paint && w == width,
                _ => return false,
            }
        }
        false
    };
    let mut out = Vec::new();
    let mut new_index = vec![0; cmds.len() + 1];
    let mut r = 0;
    while r < cmds.len() {
        new_index[r] = out.len();
        if let Cmd::Stroke { paint, width } = cmds[r] {
            if alike(r + 1, paint, width) {
                new_index[r + 1] = out.len();
                r += 2;
                continue;
            }
        }
        out.push(cmds[r]);
        r += 1;
    }
    new_index[cmds.len()] = out.len();
    let marks = marks.iter().map(|&(p, at)| (p, new_index[at])).collect();
    (out, marks)
}

fn cmd() -> impl Strategy<Value = Cmd> {
    let paint = prop_oneof![
        Just(Paint::new(Role::Rib, 1.0)),
        Just(Paint::new(Role::Accent, 0.5))
    ];
    prop_oneof![
        3 => Just(Cmd::BeginPath),
        3 => (0..5u8).prop_map(|x| Cmd::MoveTo { x: x as f32, y: 0.0 }),
        2 => (0..5u8).prop_map(|x| Cmd::LineTo { x: x as f32, y: 1.0 }),
        1 => Just(Cmd::ClosePath),
        3 => (paint.clone(), prop_oneof![Just(1.0f32), Just(2.0)]).prop_map(|(paint, width)| Cmd::Stroke { paint, width }),
        1 => paint.prop_map(|paint| Cmd::Fill { paint }),
    ]
}

const PARTS: [Part; 4] = [Part::Background, Part::Ring, Part::Glow, Part::Spine];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]
    #[test]
    fn merging_in_runs_equals_the_reference(
        cmds in prop::collection::vec(cmd(), 0..60),
        marks in prop::collection::vec((0..4usize, 0..61usize), 0..6),
    ) {
        // Marks at increasing positions, as a builder makes them.
        let mut marks: Vec<(Part, usize)> = marks.into_iter().map(|(p, at)| (PARTS[p], at.min(cmds.len()))).collect();
        marks.sort_by_key(|m| m.1);
        marks.dedup_by_key(|m| m.1);
        let mut scene = Scene::new();
        let mut next = 0;
        for (i, c) in cmds.iter().enumerate() {
            while next < marks.len() && marks[next].1 == i {
                scene.mark(marks[next].0);
                next += 1;
            }
            scene.push(*c);
        }
        while next < marks.len() {
            scene.mark(marks[next].0);
            next += 1;
        }
        let (want, want_marks) = reference(&cmds, &marks);
        scene.merge_strokes();
        prop_assert_eq!(scene.cmds(), &want[..]);
        let got: Vec<(Part, usize)> = scene.part_ranges().map(|(p, r)| (p, r.start)).collect();
        prop_assert_eq!(got, want_marks);
    }
}
