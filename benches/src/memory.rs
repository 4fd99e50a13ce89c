//! Peak heap use, for the generator benchmark: a global allocator that counts the bytes in
//! use and the most there have been, while [`peak_during`] runs.
//!
//! Counting is off the rest of the time: its atomic updates on every allocation, from every
//! thread at once, would be timed with the generator.

use std::alloc::{GlobalAlloc, Layout};

use mimalloc::MiMalloc;
use std::sync::atomic::{AtomicBool, AtomicIsize, Ordering};

/// mimalloc (the allocator of `cargo xtask generate`), counting. A bench binary that wants [`peak_during`] declares it:
/// `#[global_allocator] static ALLOCATOR: Counting = Counting;`.
pub struct Counting;

static COUNTING: AtomicBool = AtomicBool::new(false);
/// Bytes allocated minus bytes freed while counting (negative when more was freed than
/// allocated: memory from before counting started).
static IN_USE: AtomicIsize = AtomicIsize::new(0);
static PEAK: AtomicIsize = AtomicIsize::new(0);

// SAFETY: every call is passed on to mimalloc unchanged; only counters are added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's guarantees for `layout` are those `MiMalloc.alloc` needs.
        let pointer = unsafe { MiMalloc.alloc(layout) };
        if !pointer.is_null() {
            changed(size(layout.size()));
        }
        pointer
    }

    unsafe fn dealloc(&self, pointer: *mut u8, layout: Layout) {
        // SAFETY: `pointer` was allocated by `MiMalloc` with `layout`, as the caller guarantees.
        unsafe { MiMalloc.dealloc(pointer, layout) };
        changed(-size(layout.size()));
    }

    unsafe fn realloc(&self, pointer: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the caller's guarantees are those `MiMalloc.realloc` needs.
        let moved = unsafe { MiMalloc.realloc(pointer, layout, new_size) };
        if !moved.is_null() {
            changed(size(new_size) - size(layout.size()));
        }
        moved
    }
}

fn size(bytes: usize) -> isize {
    isize::try_from(bytes).unwrap_or(isize::MAX)
}

fn changed(delta: isize) {
    if !COUNTING.load(Ordering::Relaxed) {
        return;
    }
    let now = IN_USE.fetch_add(delta, Ordering::Relaxed) + delta;
    if delta > 0 {
        PEAK.fetch_max(now, Ordering::Relaxed);
    }
}

/// The most heap `f` had in use at once beyond what was in use when it started, in bytes
/// (meaningful only in a binary whose global allocator is [`Counting`]).
pub fn peak_during(f: impl FnOnce()) -> usize {
    IN_USE.store(0, Ordering::Relaxed);
    PEAK.store(0, Ordering::Relaxed);
    COUNTING.store(true, Ordering::Relaxed);
    f();
    COUNTING.store(false, Ordering::Relaxed);
    usize::try_from(PEAK.load(Ordering::Relaxed)).unwrap_or(0)
}
