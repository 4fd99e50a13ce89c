//! Writing the generated crate to disk, or checking that it is up to date.
//!
//! Shared by the `codegen` binary, `cargo xtask generate` and the freshness test, so all
//! three agree on what "stale" means.

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
    let mut report = Report::default();
    for (path, text) in files {
        let target = out_dir.join(path);
        let current = std::fs::read_to_string(&target).ok();
        if current.as_deref() == Some(text.as_str()) {
            report.unchanged += 1;
            continue;
        }
        if mode == Mode::Write {
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(&target, text)?;
        }
        report.changed.push(path.clone());
    }
    for existing in walk(out_dir)? {
        let relative = existing.strip_prefix(out_dir).unwrap_or(&existing).to_string_lossy().replace('\\', "/");
        if files.contains_key(&relative) {
            continue;
        }
        let generated = std::fs::read_to_string(&existing).is_ok_and(|text| format::is_generated(&text));
        if generated {
            if mode == Mode::Write {
                std::fs::remove_file(&existing)?;
                remove_empty_parents(&existing, out_dir);
            }
            report.removed.push(relative);
        }
    }
    report.removed.sort();
    Ok(report)
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

/// Reads `spec_dir`, generates the crate and syncs it into `out_dir`.
pub fn regenerate(spec_dir: &Path, out_dir: &Path, mode: Mode) -> Result<Report, RegenerateError> {
    let sources = crate::spec::read_dir(spec_dir).map_err(|error| RegenerateError::Io(spec_dir.to_path_buf(), error))?;
    let files = crate::generate(&sources).map_err(RegenerateError::Generate)?;
    sync(out_dir, &files, mode).map_err(|error| RegenerateError::Io(out_dir.to_path_buf(), error))
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
