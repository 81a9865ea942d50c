//! The wasm's global allocator: power-of-two size classes, one free list each.
//!
//! Rust's default wasm allocator, dlmalloc, is about 8 KB of the module (with its realloc); this
//! is a few hundred bytes. A request of `size` bytes aligned to `align` takes a block of the
//! smallest power of two ≥ both (8 bytes at least: a free block holds the link to the next). A
//! freed block goes on its class's list and is the next one handed out for that class; blocks are
//! never split or merged, so memory is never handed from one class to another either. The cost is
//! up to 2× per block in rounding; what it buys is that a workload that repeats (frames, widgets
//! created and destroyed, a large document parsed and dropped again) reuses exactly the blocks it
//! freed and never grows memory after its first round.
//!
//! New blocks are cut from a bump region at the end of memory, each aligned to its own size (at
//! most a 64 KiB page); the gap an alignment skips is cut into smaller free blocks rather than lost.
//! The region grows by `memory.grow`, by just the pages needed. `realloc` keeps a block that still
//! fits its class (a `String` growing from 20 to 30 bytes stays put) and otherwise moves it.
//!
//! The core, [`Classes`], takes the page source as a function so native tests can run it on an
//! arena; on wasm32 [`Global`] wraps it with `memory.grow`. A wasm module without the `atomics`
//! feature has one thread, which is what makes the `Sync` below sound.

use std::alloc::Layout;

/// The page size of wasm memory, and the largest alignment a block gets for free.
pub const PAGE: usize = 65536;

/// The allocator's state: the head of each class's free list (0 for none) and the bump region
/// `next..end` (as `u64`, so that no address arithmetic can overflow on wasm32).
pub struct Classes {
    free: [usize; usize::BITS as usize],
    next: u64,
    end: u64,
}

/// The size class (log2 of the block size) of a layout.
fn class(size: usize, align: usize) -> usize {
    let n = size.max(align).max(8);
    (usize::BITS - (n - 1).leading_zeros()) as usize
}

impl Default for Classes {
    fn default() -> Self {
        Self::new()
    }
}

impl Classes {
    pub const fn new() -> Classes {
        Classes {
            free: [0; usize::BITS as usize],
            next: 0,
            end: 0,
        }
    }

    /// Put the free block at `p` of class `k` on its list.
    ///
    /// # Safety
    /// `p` is a block of 2^k bytes, aligned to min(2^k, [`PAGE`]), that nothing else uses.
    unsafe fn push(&mut self, p: usize, k: usize) {
        *(p as *mut usize) = self.free[k];
        self.free[k] = p;
    }

    /// Cut `self.next..upto` (both multiples of 8) into the largest aligned power-of-two blocks
    /// and free them.
    unsafe fn release_to(&mut self, upto: u64) {
        while self.next < upto {
            let fits = 63 - (upto - self.next).leading_zeros();
            let k = fits.min(self.next.trailing_zeros()).min(16);
            self.push(self.next as usize, k as usize);
            self.next += 1 << k;
        }
    }

    /// A block for `layout`, or null when memory cannot grow. `grow(pages)` adds `pages` pages of
    /// memory and returns the address of the first, or `None`.
    ///
    /// # Safety
    /// `grow` returns page-aligned memory that nothing else uses.
    pub unsafe fn alloc(
        &mut self,
        layout: Layout,
        mut grow: impl FnMut(usize) -> Option<usize>,
    ) -> *mut u8 {
        let k = class(layout.size(), layout.align());
        let Some(&head) = self.free.get(k) else {
            return std::ptr::null_mut();
        };
        if head != 0 {
            self.free[k] = *(head as *const usize);
            return head as *mut u8;
        }
        let size = 1u64 << k;
        let align = size.min(PAGE as u64);
        loop {
            let start = (self.next + align - 1) & !(align - 1);
            let Some(stop) = start.checked_add(size) else {
                return std::ptr::null_mut();
            };
            if stop <= self.end {
                self.release_to(start);
                self.next = stop;
                return start as usize as *mut u8;
            }
            // The pages past the region's end that the block needs (if the new pages turn out
            // not to follow the region, the next round asks again).
            let pages = (stop - self.end).div_ceil(PAGE as u64);
            let Some(base) = grow(pages as usize) else {
                return std::ptr::null_mut();
            };
            if base as u64 != self.end {
                // First use, or memory was grown by someone else: free the old region's tail and
                // start again at `base`.
                self.release_to(self.end);
                self.next = base as u64;
            }
            self.end = base as u64 + pages * PAGE as u64;
        }
    }

    /// Free a block.
    ///
    /// # Safety
    /// `p` came from [`Classes::alloc`] (or `realloc`) of this allocator with this `layout`.
    pub unsafe fn dealloc(&mut self, p: *mut u8, layout: Layout) {
        self.push(p as usize, class(layout.size(), layout.align()));
    }

    /// Resize a block: the same block while the new size is of the same class, else a new one with
    /// the contents copied and the old one freed.
    ///
    /// # Safety
    /// As for [`Classes::dealloc`]; `new_size` rounded up to `layout.align()` fits an `isize`.
    pub unsafe fn realloc(
        &mut self,
        p: *mut u8,
        layout: Layout,
        new_size: usize,
        grow: impl FnMut(usize) -> Option<usize>,
    ) -> *mut u8 {
        if class(new_size, layout.align()) == class(layout.size(), layout.align()) {
            return p;
        }
        let new = Layout::from_size_align_unchecked(new_size, layout.align());
        let q = self.alloc(new, grow);
        if !q.is_null() {
            std::ptr::copy_nonoverlapping(p, q, layout.size().min(new_size));
            self.dealloc(p, layout);
        }
        q
    }
}

/// [`Classes`] on wasm memory, as the module's `#[global_allocator]`.
#[cfg(target_arch = "wasm32")]
struct Global(std::cell::UnsafeCell<Classes>);

// SAFETY: wasm32 without the `atomics` target feature runs one thread; nothing is shared.
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
unsafe impl Sync for Global {}

#[cfg(target_arch = "wasm32")]
fn grow(pages: usize) -> Option<usize> {
    match core::arch::wasm32::memory_grow(0, pages) {
        usize::MAX => None,
        old => Some(old * PAGE),
    }
}

// SAFETY: one thread (above), and no allocator call re-enters another: `grow` does not allocate.
#[cfg(target_arch = "wasm32")]
unsafe impl std::alloc::GlobalAlloc for Global {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        (*self.0.get()).alloc(layout, grow)
    }
    unsafe fn dealloc(&self, p: *mut u8, layout: Layout) {
        (*self.0.get()).dealloc(p, layout)
    }
    unsafe fn realloc(&self, p: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        (*self.0.get()).realloc(p, layout, new_size, grow)
    }
}

#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static GLOBAL: Global = Global(std::cell::UnsafeCell::new(Classes::new()));

#[cfg(test)]
mod tests {
    use super::*;

    /// Simulated wasm memory: `cap` pages of a page-aligned buffer, handed out in order.
    struct Mem {
        base: usize,
        used: usize,
        cap: usize,
        /// Pages to skip before the next grow (as if someone else had grown memory).
        skip: usize,
    }

    impl Mem {
        fn new(cap: usize) -> Mem {
            let l = Layout::from_size_align(cap * PAGE, PAGE).unwrap();
            let base = unsafe { std::alloc::alloc(l) } as usize;
            assert_ne!(base, 0);
            Mem {
                base,
                used: 0,
                cap,
                skip: 0,
            }
        }
        fn grow(&mut self) -> impl FnMut(usize) -> Option<usize> + '_ {
            move |pages| {
                self.used += std::mem::take(&mut self.skip);
                if self.used + pages > self.cap {
                    return None;
                }
                self.used += pages;
                Some(self.base + (self.used - pages) * PAGE)
            }
        }
    }

    impl Drop for Mem {
        fn drop(&mut self) {
            let l = Layout::from_size_align(self.cap * PAGE, PAGE).unwrap();
            unsafe { std::alloc::dealloc(self.base as *mut u8, l) }
        }
    }

    fn lay(size: usize, align: usize) -> Layout {
        Layout::from_size_align(size, align).unwrap()
    }

    #[test]
    fn a_freed_block_is_the_next_one_handed_out_for_its_class() {
        let mut m = Mem::new(4);
        let mut h = Classes::new();
        unsafe {
            let a = h.alloc(lay(24, 4), m.grow());
            let b = h.alloc(lay(24, 4), m.grow());
            assert_ne!(a, b);
            h.dealloc(a, lay(24, 4));
            assert_eq!(
                h.alloc(lay(17, 1), m.grow()),
                a,
                "17 and 24 share the 32-byte class"
            );
            assert_ne!(
                h.alloc(lay(33, 1), m.grow()),
                b,
                "33 bytes is the next class"
            );
        }
        assert_eq!(m.used, 1);
    }

    #[test]
    fn blocks_are_aligned_disjoint_and_keep_their_contents() {
        let mut m = Mem::new(1024);
        let mut h = Classes::new();
        let mut live: Vec<(*mut u8, Layout, u8)> = Vec::new();
        let mut seed = 12345u64;
        let mut rand = |n: u64| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) % n
        };
        for i in 0..20_000u32 {
            if live.len() < 300 || rand(2) == 0 {
                let max = if rand(50) == 0 { 200_000 } else { 3000 };
                let size = 1 + rand(max) as usize;
                let l = lay(size, 1 << rand(7));
                let p = unsafe { h.alloc(l, m.grow()) };
                assert!(!p.is_null());
                assert_eq!(p as usize % l.align(), 0);
                let tag = i as u8;
                unsafe { std::ptr::write_bytes(p, tag, size) };
                live.push((p, l, tag));
            } else {
                let (p, l, tag) = live.swap_remove(rand(live.len() as u64) as usize);
                let bytes = unsafe { std::slice::from_raw_parts(p, l.size()) };
                assert!(bytes.iter().all(|&b| b == tag), "a block was overwritten");
                if rand(2) == 0 {
                    let new = 1 + rand(4000) as usize;
                    let q = unsafe { h.realloc(p, l, new, m.grow()) };
                    let kept = unsafe { std::slice::from_raw_parts(q, new.min(l.size())) };
                    assert!(kept.iter().all(|&b| b == tag), "realloc kept the contents");
                    unsafe { std::ptr::write_bytes(q, tag, new) };
                    live.push((q, lay(new, l.align()), tag));
                } else {
                    unsafe { h.dealloc(p, l) };
                }
            }
        }
        for (p, l, tag) in live {
            let bytes = unsafe { std::slice::from_raw_parts(p, l.size()) };
            assert!(bytes.iter().all(|&b| b == tag), "a block was overwritten");
        }
    }

    /// One round of what parsing and dropping a 1 MB document does: a text, vectors grown by
    /// doubling, thousands of small strings, all freed in another order.
    fn document_round(h: &mut Classes, m: &mut Mem) {
        unsafe {
            let text = h.alloc(lay(1 << 20, 1), m.grow());
            let mut items = h.alloc(lay(32, 8), m.grow());
            let mut cap = 32;
            let mut small = Vec::new();
            for i in 0..30_000usize {
                if (i + 1) * 32 > cap {
                    items = h.realloc(items, lay(cap, 8), cap * 2, m.grow());
                    cap *= 2;
                }
                small.push((h.alloc(lay(5 + i % 40, 1), m.grow()), 5 + i % 40));
            }
            h.dealloc(text, lay(1 << 20, 1));
            for (p, n) in small.into_iter().rev() {
                h.dealloc(p, lay(n, 1));
            }
            h.dealloc(items, lay(cap, 8));
        }
    }

    #[test]
    fn a_large_document_parsed_and_dropped_again_reuses_its_memory() {
        let mut m = Mem::new(1024);
        let mut h = Classes::new();
        document_round(&mut h, &mut m);
        let after_first = m.used;
        for _ in 0..20 {
            document_round(&mut h, &mut m);
        }
        assert_eq!(m.used, after_first, "no page grown after the first round");
        assert!(after_first <= 2 * 64 + 16, "{after_first} pages");
    }

    #[test]
    fn realloc_keeps_a_block_within_its_class_and_moves_it_otherwise() {
        let mut m = Mem::new(4);
        let mut h = Classes::new();
        unsafe {
            let p = h.alloc(lay(20, 1), m.grow());
            std::ptr::copy_nonoverlapping(b"breathflow".as_ptr(), p, 10);
            assert_eq!(h.realloc(p, lay(20, 1), 32, m.grow()), p);
            let q = h.realloc(p, lay(32, 1), 33, m.grow());
            assert_ne!(q, p);
            assert_eq!(std::slice::from_raw_parts(q, 10), b"breathflow");
            // Shrinking to a smaller class moves too, so the big block goes back to its own list.
            let r = h.realloc(q, lay(33, 1), 3, m.grow());
            assert_ne!(r, q);
            assert_eq!(std::slice::from_raw_parts(r, 3), b"bre");
            assert_eq!(h.alloc(lay(64, 1), m.grow()), q);
        }
    }

    #[test]
    fn alignment_gaps_become_smaller_free_blocks() {
        let mut m = Mem::new(4);
        let mut h = Classes::new();
        unsafe {
            let a = h.alloc(lay(8, 8), m.grow()) as usize;
            let b = h.alloc(lay(4096, 8), m.grow()) as usize;
            assert_eq!(b % 4096, 0);
            assert_eq!(b, a + 4096, "the block after the first 4 KiB");
            // 8, 16, …, 2048 bytes fill the gap a+8..a+4096 exactly, without the region moving.
            for k in 3..12 {
                let p = h.alloc(lay(1 << k, 1), m.grow()) as usize;
                assert!(p > a && p + (1 << k) <= b, "class {k} from the gap");
            }
            assert_eq!(h.alloc(lay(8, 8), m.grow()) as usize, b + 4096);
        }
    }

    #[test]
    fn memory_grown_elsewhere_is_skipped_and_the_old_tail_kept() {
        let mut m = Mem::new(8);
        let mut h = Classes::new();
        unsafe {
            let a = h.alloc(lay(PAGE / 2, 8), m.grow()) as usize;
            m.skip = 1;
            let b = h.alloc(lay(PAGE, 8), m.grow()) as usize;
            assert_eq!(b, m.base + 2 * PAGE, "after the page grown elsewhere");
            assert_eq!(h.alloc(lay(PAGE / 2, 8), m.grow()) as usize, a + PAGE / 2);
        }
        assert_eq!(m.used, 3);
    }

    #[test]
    fn impossible_requests_are_refused() {
        let mut m = Mem::new(2);
        let mut h = Classes::new();
        unsafe {
            assert!(
                h.alloc(lay(3 * PAGE, 8), m.grow()).is_null(),
                "memory cannot grow"
            );
            assert!(!h.alloc(lay(PAGE, 8), m.grow()).is_null());
        }
    }
}
