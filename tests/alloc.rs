//! A widget's frames allocate nothing once warmed up: the frame, its plan (src/damage.rs) and its
//! words reuse their buffers, so a long session grows no wasm memory (bench: memory).

// The counting allocator wraps the system one: a GlobalAlloc impl is unsafe by definition. The
// crate itself has none (Cargo.toml: unsafe_code = "deny").
#![allow(unsafe_code)]

use breathflow::canvas_ops::{Encoder, Ops};
use breathflow::damage::{Damage, Plan};
use breathflow::frame_state::frame_input;
use breathflow::library;
use breathflow::player::Status;
use breathflow::ribcage::build_frame;
use breathflow::scene::Scene;
use breathflow::{Bound, Pacer, Session};
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

/// Counts the allocations and reallocations of the thread that set `COUNTING`.
struct Counting;

thread_local! {
    static COUNTING: Cell<bool> = const { Cell::new(false) };
    static COUNT: Cell<u64> = const { Cell::new(0) };
}

fn note() {
    if COUNTING.with(Cell::get) {
        COUNT.with(|c| c.set(c.get() + 1));
    }
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        note();
        System.alloc(l)
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        System.dealloc(p, l)
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, n: usize) -> *mut u8 {
        note();
        System.realloc(p, l, n)
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Frames of `session` at `hz` from 0 to `to_ms`, built, planned and encoded as the painter does;
/// returns the allocations made after `warm_ms`.
fn allocations(session: &Session, hz: f64, warm_ms: f64, to_ms: f64) -> u64 {
    let mut scene = Scene::new();
    let mut damage = Damage::new();
    let mut encoder = Encoder::new();
    let mut ops = Ops::default();
    let mut label = String::new();
    let mut k = 0u32;
    loop {
        let t = f64::from(k) * 1000.0 / hz;
        if t > to_ms {
            break;
        }
        COUNTING.with(|c| c.set(t >= warm_ms));
        let sample = session.sample(t);
        let input = frame_input(
            session,
            &sample,
            if sample.done {
                Status::Done
            } else {
                Status::Running
            },
            480.0,
            480.0,
            false,
            &mut label,
        );
        build_frame(&input, &mut scene);
        match damage.plan(&scene, 2.0, 960, 960) {
            Plan::Same => {}
            Plan::Full => encoder.encode(&scene, &mut ops),
            Plan::Partial(r) => encoder.encode_partial(&scene, damage.units(), r, &mut ops),
        }
        k += 1;
    }
    COUNTING.with(|c| c.set(false));
    COUNT.with(Cell::take)
}

#[test]
fn an_hour_of_frames_allocates_nothing_after_its_first_minute() {
    let p = library::pattern("4-7-8").unwrap().clone();
    let s = Session::from_pattern(Pacer::new(p, Bound::Seconds(3600.0)).unwrap());
    // 20 Hz: every change of the seconds, the count and the phase, partial frames throughout.
    assert_eq!(allocations(&s, 20.0, 60_000.0, 3_600_500.0), 0);
}
