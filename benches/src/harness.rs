//! A lean benchmark harness: a subject and its baseline run in interleaved rounds, and
//! the median ratio of their times is printed next to the goal.

use std::time::Duration;

/// Whether this is a real run (`cargo bench` passes `--bench`) or a smoke test under
/// `cargo test`, which runs each benchmark once on small inputs.
pub fn full_run() -> bool {
    std::env::args().any(|arg| arg == "--bench")
}

/// The CPU time of the calling thread (`CLOCK_THREAD_CPUTIME_ID`). The client benchmarks
/// run every task of the client on this thread and the server on another, so this is the
/// client's own cost, whatever else the machine is doing.
pub fn thread_time() -> Duration {
    let mut now = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: `now` is a valid, writable timespec; the clock id is a constant the platform
    // defines. On failure (no such clock) `now` stays zero, and every time reads as zero.
    let status = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut now) };
    if status != 0 {
        return Duration::ZERO;
    }
    Duration::new(u64::try_from(now.tv_sec).unwrap_or(0), u32::try_from(now.tv_nsec).unwrap_or(0))
}

/// The CPU time of the whole process, every thread (`CLOCK_PROCESS_CPUTIME_ID`): the
/// generator formats on every core, so its cost is this, and what a user waits is wall time.
pub fn process_time() -> Duration {
    let mut now = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: as in `thread_time`.
    let status = unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut now) };
    if status != 0 {
        return Duration::ZERO;
    }
    Duration::new(u64::try_from(now.tv_sec).unwrap_or(0), u32::try_from(now.tv_nsec).unwrap_or(0))
}

/// Wall-clock time since a fixed start, for work spread over several threads.
pub fn wall_time() -> Duration {
    static START: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
    START.get_or_init(std::time::Instant::now).elapsed()
}

/// How a comparison is run and judged.
pub struct Comparison<'a> {
    /// `group/name`, as printed.
    pub name: &'a str,
    /// What the baseline is, as printed.
    pub baseline: &'a str,
    /// The goal for `subject / baseline`, as printed; `None` for none.
    pub goal: Option<f64>,
    /// Rounds, each timing both sides once (their order alternating).
    pub rounds: usize,
    /// Calls of each side per round.
    pub iterations: usize,
}

/// What a comparison measured: the median time per iteration of each side and the median
/// of the rounds' ratios.
#[derive(Clone, Copy, Debug)]
pub struct Outcome {
    pub subject: Duration,
    pub baseline: Duration,
    pub ratio: f64,
}

impl Comparison<'_> {
    /// Times `subject` and `baseline` (each called with the number of iterations to run) in
    /// the CPU time of this thread, and prints one line with the ratio. A first round warms
    /// both up and is not counted.
    pub fn run(&self, subject: impl FnMut(usize), baseline: impl FnMut(usize)) -> Outcome {
        self.run_on(thread_time, subject, baseline)
    }

    /// As [`Comparison::run`], timed by `clock` (such as [`wall_time`] or [`process_time`]).
    pub fn run_on(&self, clock: fn() -> Duration, mut subject: impl FnMut(usize), mut baseline: impl FnMut(usize)) -> Outcome {
        let (rounds, iterations) = if full_run() { (self.rounds, self.iterations) } else { (1, 1) };
        subject(iterations);
        baseline(iterations);
        let mut subject_times = Vec::with_capacity(rounds);
        let mut baseline_times = Vec::with_capacity(rounds);
        let mut ratios = Vec::with_capacity(rounds);
        for round in 0..rounds {
            let (s, b) = if round % 2 == 0 {
                let s = time(clock, &mut subject, iterations);
                (s, time(clock, &mut baseline, iterations))
            } else {
                let b = time(clock, &mut baseline, iterations);
                (time(clock, &mut subject, iterations), b)
            };
            subject_times.push(s);
            baseline_times.push(b);
            ratios.push(s.as_secs_f64() / b.as_secs_f64().max(1e-12));
        }
        let per_iteration = |times: &mut Vec<Duration>| median(times) / u32::try_from(iterations).unwrap_or(u32::MAX);
        let outcome = Outcome {
            subject: per_iteration(&mut subject_times),
            baseline: per_iteration(&mut baseline_times),
            ratio: median_f64(&mut ratios),
        };
        self.print(&outcome);
        outcome
    }

    fn print(&self, outcome: &Outcome) {
        let goal = match self.goal {
            Some(goal) if outcome.ratio <= goal => format!("goal <= {goal:.2}x: met"),
            Some(goal) => format!("goal <= {goal:.2}x: NOT met"),
            None => "no goal".to_owned(),
        };
        println!(
            "{:<34} {:>11} vs {:>11} ({}): {:.3}x  [{goal}]",
            self.name,
            format_duration(outcome.subject),
            format_duration(outcome.baseline),
            self.baseline,
            outcome.ratio,
        );
    }
}

fn time(clock: fn() -> Duration, f: &mut impl FnMut(usize), iterations: usize) -> Duration {
    let start = clock();
    f(iterations);
    clock().saturating_sub(start)
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times.get(times.len() / 2).copied().unwrap_or_default()
}

fn median_f64(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or(f64::NAN)
}

/// A duration in the unit that reads best.
pub fn format_duration(d: Duration) -> String {
    let nanos = d.as_nanos();
    if nanos >= 1_000_000_000 {
        format!("{:.2} s", d.as_secs_f64())
    } else if nanos >= 1_000_000 {
        format!("{:.2} ms", d.as_secs_f64() * 1e3)
    } else {
        format!("{:.1} µs", d.as_secs_f64() * 1e6)
    }
}
