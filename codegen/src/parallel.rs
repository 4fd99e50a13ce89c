//! Work spread over every core, its results handed over in order.
//!
//! The generator formats each file on whichever thread is free, and writes (or compares)
//! the files in path order on the calling thread: the output is the same whatever the
//! number of threads, and only a few files are held at once.

use std::collections::BTreeMap;
use std::sync::mpsc;
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};

/// How many results may wait, per thread, for an earlier one still being worked on: enough
/// to keep every thread busy, few enough that memory stays flat however many items there are.
const AHEAD_PER_THREAD: usize = 4;

/// Below this much spec text, the work runs on the calling thread: starting threads would
/// cost more than they save. Small specs are generated often (every fixture, every case of
/// the never-panics test, whose time the threads doubled); spec/ itself is about 70 KiB.
const PARALLEL_FROM_BYTES: usize = 128 * 1024;

/// The threads to use for work on `sources`: one per core the process may run on, or only
/// the calling thread when the spec is small.
pub fn threads_for(sources: &[crate::SourceFile]) -> usize {
    let bytes: usize = sources.iter().map(|source| source.text.len()).sum();
    if bytes < PARALLEL_FROM_BYTES {
        return 1;
    }
    std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
}

/// Calls `work` on every item, on up to `threads` threads, and `each` on the results in the
/// items' order, on the calling thread. An error from `each` stops the work and is returned.
///
/// With one thread (or one item) everything runs on the calling thread, in order.
pub fn map_in_order<T: Send, R: Send, E>(
    items: Vec<T>,
    threads: usize,
    work: impl Fn(T) -> R + Sync,
    mut each: impl FnMut(R) -> Result<(), E>,
) -> Result<(), E> {
    if threads <= 1 || items.len() <= 1 {
        return items.into_iter().try_for_each(|item| each(work(item)));
    }
    let queue = Queue::new(items, threads * AHEAD_PER_THREAD);
    let (sender, receiver) = mpsc::channel::<(usize, R)>();
    std::thread::scope(|scope| {
        for _ in 0..threads {
            let sender = sender.clone();
            let (queue, work) = (&queue, &work);
            scope.spawn(move || queue.serve(work, &sender));
        }
        drop(sender);
        let outcome = deliver(&queue, receiver, &mut each);
        // Whatever happened, no worker may wait for a result that will never be delivered.
        queue.stop();
        outcome
    })
}

/// Receives the results as they come and hands them to `each` in order.
fn deliver<R, E>(
    queue: &Queue<impl Send>,
    receiver: mpsc::Receiver<(usize, R)>,
    each: &mut impl FnMut(R) -> Result<(), E>,
) -> Result<(), E> {
    let mut waiting = BTreeMap::new();
    let mut next = 0;
    for (index, result) in receiver {
        waiting.insert(index, result);
        while let Some(result) = waiting.remove(&next) {
            next += 1;
            queue.delivered(next);
            each(result)?;
        }
    }
    Ok(())
}

/// The items not yet taken, and how far ahead of the last delivered one a worker may go.
struct Queue<T> {
    state: Mutex<State<T>>,
    changed: Condvar,
    ahead: usize,
}

struct State<T> {
    items: std::iter::Enumerate<std::vec::IntoIter<T>>,
    /// The index of the next item to take.
    next: usize,
    /// How many results have been handed over.
    delivered: usize,
    /// Set when the work stops early (an error, or a worker that panicked).
    stopped: bool,
}

impl<T> Queue<T> {
    fn new(items: Vec<T>, ahead: usize) -> Self {
        let state = State { items: items.into_iter().enumerate(), next: 0, delivered: 0, stopped: false };
        Queue { state: Mutex::new(state), changed: Condvar::new(), ahead }
    }

    fn lock(&self) -> MutexGuard<'_, State<T>> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// A worker: takes items while there are any, sending each result with its index.
    fn serve<R>(&self, work: &impl Fn(T) -> R, sender: &mpsc::Sender<(usize, R)>) {
        // A worker that panics stops the others, so that none waits for its result forever
        // (the panic then reaches the caller through the scope).
        let _stop_on_panic = StopOnPanic(self);
        while let Some((index, item)) = self.take() {
            if sender.send((index, work(item))).is_err() {
                return;
            }
        }
    }

    /// The next item, once it is no further ahead than allowed; `None` when done or stopped.
    fn take(&self) -> Option<(usize, T)> {
        let mut state = self.lock();
        while !state.stopped && state.next >= state.delivered + self.ahead {
            state = self.changed.wait(state).unwrap_or_else(PoisonError::into_inner);
        }
        if state.stopped {
            return None;
        }
        let item = state.items.next()?;
        state.next += 1;
        Some(item)
    }

    fn delivered(&self, count: usize) {
        self.lock().delivered = count;
        self.changed.notify_all();
    }

    fn stop(&self) {
        self.lock().stopped = true;
        self.changed.notify_all();
    }
}

struct StopOnPanic<'a, T>(&'a Queue<T>);

impl<T> Drop for StopOnPanic<'_, T> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.0.stop();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::map_in_order;

    #[test]
    fn results_arrive_in_order_whatever_the_threads() {
        let items: Vec<u64> = (0..500).collect();
        for threads in [1, 2, 3, 8] {
            let mut seen = Vec::new();
            // Uneven work, so that later items often finish first.
            let work = |n: u64| {
                std::hint::black_box((0..(n % 7) * 2_000).sum::<u64>());
                n
            };
            map_in_order(items.clone(), threads, work, |n| {
                seen.push(n);
                Ok::<(), ()>(())
            })
            .unwrap();
            assert_eq!(seen, items, "{threads} threads");
        }
    }

    #[test]
    fn an_error_stops_the_work_and_is_returned() {
        let mut seen = Vec::new();
        let outcome = map_in_order((0..1000).collect(), 2, |n: u32| n, |n| {
            seen.push(n);
            if n == 10 {
                Err(n)
            } else {
                Ok(())
            }
        });
        assert_eq!(outcome, Err(10));
        assert_eq!(seen, (0..=10).collect::<Vec<_>>());
    }

    #[test]
    fn a_panicking_worker_reaches_the_caller_instead_of_hanging() {
        let outcome = std::panic::catch_unwind(|| {
            map_in_order((0..100).collect(), 2, |n: u32| assert_ne!(n, 3, "item 3 fails"), |()| Ok::<(), ()>(()))
        });
        assert!(outcome.is_err());
    }
}
