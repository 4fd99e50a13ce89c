//! The hand-written runtime, copied into `src/runtime/` of the generated crate.
//!
//! Its source lives in `codegen/runtime/` so that nothing in `generated/` is edited by
//! hand: the generator is the only writer there.

/// Every runtime file, by its path in the generated crate, and its text.
pub const FILES: &[(&str, &str)] = &[];

/// The runtime items re-exported from the crate root.
pub const EXPORTS: &[&str] = &[];

/// The `[dependencies]` section of the generated crate: what the runtime and types use.
pub const DEPENDENCIES: &str = include_str!("../../runtime/dependencies.toml");

/// The crate docs about the runtime: authentication, retries, errors, pagination.
pub const CRATE_DOCS: &str = include_str!("../../runtime/crate_docs.md");
