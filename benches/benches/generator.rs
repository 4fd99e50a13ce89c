//! The generator (`codegen::generate`) on spec/ (1x, 27 operations) and on synthetic specs
//! of 10x and 100x its size. Each ratio is the time for the big spec against generating
//! spec/ as many times over: 1.00x is linear in the spec's size. The goal of issue 9 is
//! linear, with 100x (2,700 operations) under 1 s in a release build.
//!
//! The generator formats files on every core, so the ratios are of wall-clock time (what
//! `cargo xtask generate` makes one wait, and noisy on a loaded machine); the CPU time of
//! every thread together is printed beside them.
//!
//! It also prints the peak heap use of generating each size, holding every file
//! (`generate`, as tests do) and one file at a time (`generate_each`, as `cargo xtask
//! generate` does).

use std::hint::black_box;

use zt_benches::harness::{format_duration, full_run, process_time, wall_time, Comparison};
use zt_benches::memory::{peak_during, Counting};
use zt_benches::spec::synthetic;

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn main() {
    let one = synthetic(1);
    let ops = |sources: &[codegen::SourceFile]| -> usize {
        sources.iter().map(|source| source.text.matches("\n        method: ").count()).sum()
    };
    println!("generator: spec/ has {} operations", ops(&one));
    print_memory(&one, 1);
    let sizes: &[usize] = if full_run() { &[10, 100] } else { &[2] };
    for &copies in sizes {
        let big = synthetic(copies);
        let name = format!("generator/{copies}x ({} ops)", ops(&big));
        let outcome = Comparison {
            name: &name,
            baseline: &format!("1x, {copies} times"),
            goal: Some(1.25),
            rounds: if copies >= 100 { 3 } else { 5 },
            iterations: 1,
        }
        .run_on(
            wall_time,
            |n| {
                for _ in 0..n {
                    black_box(codegen::generate(&big).expect("the synthetic spec generates"));
                }
            },
            |n| {
                for _ in 0..n * copies {
                    black_box(codegen::generate(&one).expect("spec/ generates"));
                }
            },
        );
        let cpu = {
            let start = process_time();
            black_box(codegen::generate(&big).expect("the synthetic spec generates"));
            process_time().saturating_sub(start)
        };
        println!(
            "  {copies}x takes {} wall, {} CPU on every thread together ({} threads; 2,700 operations: goal < 1 s)",
            format_duration(outcome.subject),
            format_duration(cpu),
            std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get),
        );
        print_memory(&big, copies);
    }
}

/// Peak heap use while generating `sources`, all files held and one at a time.
fn print_memory(sources: &[codegen::SourceFile], copies: usize) {
    let mib = |bytes: usize| bytes as f64 / (1024.0 * 1024.0);
    let all = peak_during(|| {
        black_box(codegen::generate(sources).expect("the spec generates"));
    });
    let each = peak_during(|| {
        codegen::generate_each(sources, |_, text| {
            black_box(text);
            Ok::<(), codegen::Error>(())
        })
        .expect("the spec generates");
    });
    println!("  {copies}x peak heap: {:.1} MiB holding every file, {:.1} MiB one file at a time", mib(all), mib(each));
}
