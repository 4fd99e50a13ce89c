//! Writing the generated crate to disk, or checking that it is up to date.
//!
//! Shared by the `codegen` binary, `cargo xtask generate` and the freshness test, so all
//! three agree on what "stale" means.

use std::collections::BTreeSet;
use std::io;
use std::path::{Path, PathBuf};

use crate::{format, Files};

/// Whether to write the files or only compare them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Write every file whose content changed; remove generated files no longer produced.
    Write,
    /// Write nothing; report what `Write` would change.
    Check,
}

/// What a sync changed (in `Write` mode) or would change (in `Check` mode).
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Report {
    /// Files written, or out of date: new or with other content.
    pub changed: Vec<String>,
    /// Generated files removed, or to be removed, because nothing produces them any more.
    pub removed: Vec<String>,
    /// Files left as they were.
    pub unchanged: usize,
}

impl Report {
    /// True when the directory already matched the generated files.
    pub fn is_clean(&self) -> bool {
        self.changed.is_empty() && self.removed.is_empty()
    }
}

/// Brings `out_dir` in line with `files` (or, in `Check` mode, reports how it differs).
///
/// Only files carrying the generated header are ever removed, so a stray hand-written
/// file is left alone (and `target/` is never looked at).
pub fn sync(out_dir: &Path, files: &Files, mode: Mode) -> io::Result<Report> {
    let mut sync = Syncing::new(out_dir, mode);
    for (path, text) in files {
        sync.file(path, text)?;
    }
    sync.finish()
}

/// A sync fed one file at a time, so that the files need not all be held at once.
struct Syncing<'a> {
    out_dir: &'a Path,
    mode: Mode,
    report: Report,
    /// The paths produced so far: every other generated file is removed at the end.
    produced: BTreeSet<String>,
}

impl<'a> Syncing<'a> {
    fn new(out_dir: &'a Path, mode: Mode) -> Self {
        Syncing { out_dir, mode, report: Report::default(), produced: BTreeSet::new() }
    }

    /// Writes (or compares) one generated file.
    fn file(&mut self, path: &str, text: &str) -> io::Result<()> {
        self.produced.insert(path.to_owned());
        let target = self.out_dir.join(path);
        let current = std::fs::read(&target).ok();
        if current.as_deref() == Some(text.as_bytes()) {
            self.report.unchanged += 1;
            return Ok(());
        }
        if self.mode == Mode::Write {
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(&target, text)?;
        }
        self.report.changed.push(path.to_owned());
        Ok(())
    }

    /// Removes (or lists) the generated files no longer produced, and reports.
    fn finish(mut self) -> io::Result<Report> {
        for existing in walk(self.out_dir)? {
            let relative =
                existing.strip_prefix(self.out_dir).unwrap_or(&existing).to_string_lossy().replace('\\', "/");
            if self.produced.contains(&relative) {
                continue;
            }
            let generated = std::fs::read_to_string(&existing).is_ok_and(|text| format::is_generated(&text));
            if generated {
                if self.mode == Mode::Write {
                    std::fs::remove_file(&existing)?;
                    remove_empty_parents(&existing, self.out_dir);
                }
                self.report.removed.push(relative);
            }
        }
        self.report.changed.sort();
        self.report.removed.sort();
        Ok(self.report)
    }
}

/// Every file below `dir`, skipping `target/` and hidden directories.
fn walk(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    if !dir.exists() {
        return Ok(files);
    }
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        for entry in std::fs::read_dir(&current)? {
            let path = entry?.path();
            let name = path.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default();
            if path.is_dir() {
                if name != "target" && !name.starts_with('.') {
                    pending.push(path);
                }
            } else {
                files.push(path);
            }
        }
    }
    files.sort();
    Ok(files)
}

fn remove_empty_parents(file: &Path, root: &Path) {
    let mut parent = file.parent();
    while let Some(dir) = parent.filter(|dir| *dir != root && dir.starts_with(root)) {
        if std::fs::remove_dir(dir).is_err() {
            break;
        }
        parent = dir.parent();
    }
}

/// What went wrong while regenerating a workspace.
#[derive(Debug)]
pub enum RegenerateError {
    /// The spec directory or an output file could not be read or written.
    Io(PathBuf, io::Error),
    /// The spec has problems, or the generator failed.
    Generate(crate::Error),
}

impl std::fmt::Display for RegenerateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RegenerateError::Io(path, error) => write!(f, "{}: {error}", path.display()),
            RegenerateError::Generate(error) => error.fmt(f),
        }
    }
}

impl std::error::Error for RegenerateError {}

/// Reads `spec_dir`, generates the crate and syncs it into `out_dir`, each file as soon as
/// it is formatted (see [`crate::generate_each`]): the crate's text is never held whole.
///
/// A spec error writes nothing. An I/O error, or a generator bug found while formatting,
/// stops the sync where it is: the files before it are written, and the next run finishes.
pub fn regenerate(spec_dir: &Path, out_dir: &Path, mode: Mode) -> Result<Report, RegenerateError> {
    let sources = crate::spec::read_dir(spec_dir).map_err(|error| RegenerateError::Io(spec_dir.to_path_buf(), error))?;
    let io_error = |error| RegenerateError::Io(out_dir.to_path_buf(), error);
    let mut sync = Syncing::new(out_dir, mode);
    crate::generate_each(&sources, |path, text| sync.file(path, &text).map_err(io_error))?;
    sync.finish().map_err(io_error)
}

impl From<crate::Error> for RegenerateError {
    fn from(error: crate::Error) -> Self {
        RegenerateError::Generate(error)
    }
}

/// Lists stale files and names the command that fixes them.
pub fn stale_message(out: &str, report: &Report) -> String {
    let mut message = format!("{out}/ is out of date with spec/:\n");
    for path in &report.changed {
        message.push_str(&format!("  changed: {out}/{path}\n"));
    }
    for path in &report.removed {
        message.push_str(&format!("  no longer generated: {out}/{path}\n"));
    }
    message.push_str("run `cargo xtask generate` to update it");
    message
}
