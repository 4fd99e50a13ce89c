//! Running the importer against the disk: read the description and overlay, then write
//! spec/, the report and the cut of the description for Prism (or, in check mode, list what is stale). Shared by `codegen import`,
//! `cargo xtask import` and the freshness test, so all three agree on what "stale" means.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::{import, Options, Problems};
use crate::output::{self, Mode};

/// Where the importer reads and writes.
pub struct Paths {
    pub openapi: PathBuf,
    pub overlay: PathBuf,
    /// The spec directory to write.
    pub out: PathBuf,
    /// The report file to write.
    pub report: PathBuf,
}

/// What a run changed (or, in check mode, would change), and how long the import took.
pub struct Run {
    pub sync: output::Report,
    pub report: super::report::Report,
    pub import_time: Duration,
}

/// Why a run failed.
#[derive(Debug)]
pub enum RunError {
    Io(PathBuf, std::io::Error),
    Import(Problems),
}

impl std::fmt::Display for RunError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RunError::Io(path, error) => write!(f, "{}: {error}", path.display()),
            RunError::Import(problems) => problems.fmt(f),
        }
    }
}

impl std::error::Error for RunError {}

/// Imports and syncs `paths.out` (spec YAML) and `paths.report`.
pub fn run(paths: &Paths, options: Options, mode: Mode) -> Result<Run, RunError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |error| RunError::Io(path, error)
    };
    let description = std::fs::read(&paths.openapi).map_err(io(&paths.openapi))?;
    let overlay = std::fs::read_to_string(&paths.overlay).map_err(io(&paths.overlay))?;
    let started = Instant::now();
    let imported = import(
        (&paths.openapi.display().to_string(), &description),
        (&paths.overlay.display().to_string(), &overlay),
        options,
    )
    .map_err(RunError::Import)?;
    let import_time = started.elapsed();
    let mut sync = output::sync(&paths.out, &imported.files, mode).map_err(io(&paths.out))?;
    remove_stale(&paths.out, &imported.files, mode, &mut sync).map_err(io(&paths.out))?;
    let within = |name: &String| paths.out.join(name).display().to_string();
    sync.changed = sync.changed.iter().map(within).collect();
    sync.removed = sync.removed.iter().map(within).collect();
    let report_text = imported.report.render();
    if std::fs::read_to_string(&paths.report).ok().as_deref() != Some(report_text.as_str()) {
        if mode == Mode::Write {
            std::fs::write(&paths.report, &report_text).map_err(io(&paths.report))?;
        }
        sync.changed.push(paths.report.display().to_string());
    }
    if let Some((name, text)) = &imported.cut {
        let path = paths.overlay.parent().unwrap_or(Path::new(".")).join(name);
        if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            if mode == Mode::Write {
                std::fs::write(&path, text).map_err(io(&path))?;
            }
            sync.changed.push(path.display().to_string());
        }
    }
    Ok(Run { sync, report: imported.report, import_time })
}

/// Spec files the importer wrote earlier but produces no more (`output::sync` only knows
/// the generator's headers).
fn remove_stale(
    out_dir: &Path,
    files: &crate::Files,
    mode: Mode,
    sync: &mut output::Report,
) -> std::io::Result<()> {
    let Ok(entries) = std::fs::read_dir(out_dir) else { return Ok(()) };
    let mut stale = Vec::new();
    for entry in entries {
        let path = entry?.path();
        let name = path.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default();
        if !name.ends_with(".yaml") || files.contains_key(&name) {
            continue;
        }
        // Every YAML file of the output directory is the importer's: spec/ is its output.
        stale.push((path, name));
    }
    stale.sort();
    for (path, name) in stale {
        if mode == Mode::Write {
            std::fs::remove_file(&path)?;
        }
        sync.removed.push(name);
    }
    Ok(())
}

/// Lists stale files and names the command that fixes them.
pub fn stale_message(out: &str, sync: &output::Report) -> String {
    let mut message = format!("{out}/ is out of date with openapi/ (the description and overlay.yaml):\n");
    for path in &sync.changed {
        message.push_str(&format!("  changed: {path}\n"));
    }
    for path in &sync.removed {
        message.push_str(&format!("  no longer imported: {path}\n"));
    }
    message.push_str("run `cargo xtask import` to bring it up to date");
    message
}
