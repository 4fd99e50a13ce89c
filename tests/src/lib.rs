//! Helpers shared by the integration tests.
//!
//! The README is included below so that its code examples compile as doctests.
#![doc = include_str!("../../README.md")]

use std::path::{Path, PathBuf};

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("tests/ has a parent").to_path_buf()
}

/// A directory of this crate's `fixtures/`.
pub fn fixtures(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(name)
}

/// Reads a spec directory with file names as `spec/<file>.yaml`, so output is the same on every machine.
pub fn read_spec(dir: &Path) -> Vec<codegen::SourceFile> {
    let mut sources = codegen::spec::read_dir(dir).unwrap_or_else(|error| panic!("{}: {error}", dir.display()));
    for source in &mut sources {
        let file = source.name.rsplit('/').next().unwrap_or_default().to_owned();
        source.name = format!("spec/{file}");
    }
    sources
}

/// The subdirectories of a directory, sorted.
pub fn subdirectories(dir: &Path) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|error| panic!("{}: {error}", dir.display()))
        .map(|entry| entry.expect("readable directory entry").path())
        .filter(|path| path.is_dir())
        .collect();
    dirs.sort();
    dirs
}

/// End-to-end helpers: a local API server, a client pointed at it, the response envelope.
pub mod e2e;
