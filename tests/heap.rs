//! The wasm's allocator (src/heap.rs) as this test binary's global allocator, on a static arena
//! standing in for wasm memory: real workloads, repeated, must reuse the memory of the first round
//! (the benchmark's rule for the browser is 0 bytes of growth after warm-up).
#![cfg(not(target_arch = "wasm32"))]

use breathflow::heap::{Classes, PAGE};
use breathflow::json;
use breathflow::ribcage::{build_frame, FrameInput, Overlay};
use breathflow::scene::Scene;
use breathflow::{Flow, Session};
use std::alloc::{GlobalAlloc, Layout};
use std::cell::UnsafeCell;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

const ARENA_PAGES: usize = 2048; // 128 MiB of address space, touched only as used

#[repr(C, align(65536))]
struct Arena(UnsafeCell<[u8; ARENA_PAGES * PAGE]>);

struct Heap {
    lock: AtomicBool,
    classes: UnsafeCell<Classes>,
    arena: Arena,
    pages: AtomicUsize,
}

// SAFETY: every use of `classes` and `arena` is under `lock`.
unsafe impl Sync for Heap {}

static HEAP: Heap = Heap {
    lock: AtomicBool::new(false),
    classes: UnsafeCell::new(Classes::new()),
    arena: Arena(UnsafeCell::new([0; ARENA_PAGES * PAGE])),
    pages: AtomicUsize::new(0),
};

#[global_allocator]
static GLOBAL: &Heap = &HEAP;

impl Heap {
    fn with<R>(
        &self,
        f: impl FnOnce(&mut Classes, &mut dyn FnMut(usize) -> Option<usize>) -> R,
    ) -> R {
        while self
            .lock
            .compare_exchange_weak(false, true, Ordering::Acquire, Ordering::Relaxed)
            .is_err()
        {
            std::hint::spin_loop();
        }
        let base = self.arena.0.get() as usize;
        let mut grow = |n: usize| {
            let used = self.pages.load(Ordering::Relaxed);
            if used + n > ARENA_PAGES {
                return None;
            }
            self.pages.store(used + n, Ordering::Relaxed);
            Some(base + used * PAGE)
        };
        // SAFETY: under the lock.
        let r = f(unsafe { &mut *self.classes.get() }, &mut grow);
        self.lock.store(false, Ordering::Release);
        r
    }
}

unsafe impl GlobalAlloc for &Heap {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        self.with(|c, g| c.alloc(l, g))
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        self.with(|c, _| c.dealloc(p, l))
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, n: usize) -> *mut u8 {
        self.with(|c, g| c.realloc(p, l, n, g))
    }
}

fn pages() -> usize {
    HEAP.pages.load(Ordering::Relaxed)
}

/// A valid flow of about 1 MB: 500 steps, each with 20 long cues.
fn big_flow() -> String {
    let cue = format!(
        "\"{}\"",
        "Breathe out slowly and let the shoulders drop. ".repeat(2)
    );
    let cues = vec![cue; 20].join(",");
    let step = format!(r#"{{"kind":"pose","title":"Child's pose","seconds":30,"cues":[{cues}]}}"#);
    format!(
        r#"{{"title":"Big","steps":[{}]}}"#,
        vec![step; 500].join(",")
    )
}

/// Parse, validate, write back and plan a document, then draw frames of the session, dropping
/// everything; `rounds` times.
fn rounds(text: &str, rounds: usize) {
    for _ in 0..rounds {
        let v = json::parse(text).unwrap();
        let mut out = String::new();
        v.write(&mut out);
        assert_eq!(out.len(), text.len());
        let flow = Flow::from_json(&v).unwrap();
        drop(v);
        let mut again = String::new();
        flow.to_json().write(&mut again);
        let session = Session::from_flow(flow, &[]).unwrap();
        let mut scene = Scene::new();
        for k in 0..600 {
            let s = session.sample(k as f64 * 16.7 * 50.0);
            let step = s.step.as_ref();
            let input = FrameInput {
                width: 300.0,
                height: 300.0,
                expansion: s.expansion as f32,
                zones: None,
                reduced_motion: false,
                overlay: Overlay {
                    phase_label: "Inhale · nose",
                    seconds_left: Some(k % 9),
                    breath_count: Some((k as u64, Some(600))),
                    progress: Some(s.progress as f32),
                    title: step.map(|s| s.title),
                    cue: step.and_then(|s| s.cues.first().map(String::as_str)),
                    message: None,
                },
            };
            build_frame(&input, &mut scene);
        }
    }
}

#[test]
fn a_large_flow_parsed_planned_drawn_and_dropped_again_reuses_its_memory() {
    let text = big_flow();
    assert!(text.len() > 1_000_000, "{} bytes", text.len());
    rounds(&text, 2);
    let warm = pages();
    rounds(&text, 10);
    assert_eq!(pages(), warm, "pages grown after warm-up");
    // Rounding to powers of two costs up to 2×; a leak would cost the document every round.
    assert!(warm * PAGE < 64 << 20, "{warm} pages");
}
