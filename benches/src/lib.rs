//! Shared parts of the benchmarks in `benches/`: a lean harness that prints ratios, a
//! keep-alive loopback server, the response bodies, the hand-written baselines, and the
//! synthetic specs of the generator benchmark.
//!
//! `cargo bench -p zt-benches` runs every benchmark; run under `cargo test` (without
//! `--bench`), each runs once on small inputs, as a smoke test.

pub mod data;
pub mod harness;
pub mod memory;
pub mod server;
pub mod spec;
