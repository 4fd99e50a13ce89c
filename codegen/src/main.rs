//! `codegen`: generate the client crate from a spec directory, or check either.
//!
//! Exit codes: 0 done (or up to date), 1 spec errors (or stale output with `--check`),
//! 2 usage or I/O errors.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use codegen::output::{self, Mode, RegenerateError};

const EXIT_CODES: &str = "\
Exit status:
  0  success: the spec is valid (and the crate was written, or is up to date)
  1  the spec has errors (all of them are listed), or with --check, the crate is out of date
  2  usage or I/O error: a bad argument, or a directory that cannot be read or written";

/// Generates the Cloudflare Zero Trust Rust client from its YAML description.
#[derive(Parser)]
#[command(name = "codegen", version, about, after_help = EXIT_CODES)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Generate the client crate from the spec (or, with --check, verify it is up to date).
    #[command(after_help = EXIT_CODES)]
    Generate {
        /// Directory of the spec's YAML files.
        #[arg(long, value_name = "DIR", default_value = "spec")]
        spec: PathBuf,
        /// Directory of the generated crate.
        #[arg(long, value_name = "DIR", default_value = "generated")]
        out: PathBuf,
        /// Write nothing; fail if any generated file is out of date.
        #[arg(long)]
        check: bool,
    },
    /// Check the spec for errors without generating anything.
    ///
    /// Every problem of every file is reported together, sorted by file and position, each
    /// with the source line, its path in the document and, where one helps, a hint.
    #[command(after_help = EXIT_CODES)]
    Check {
        /// Directory of the spec's YAML files.
        #[arg(long, value_name = "DIR", default_value = "spec")]
        spec: PathBuf,
    },
    /// Import Cloudflare's published OpenAPI description plus the overlay into a spec directory.
    ///
    /// Writes one YAML file per family and the import report (each operation exact, lowered
    /// or skipped). With --check, writes nothing and fails if any file is out of date.
    #[command(after_help = EXIT_CODES)]
    Import {
        /// The published description (JSON, gzipped or not).
        #[arg(long, value_name = "FILE", default_value = "openapi/cloudflare.openapi.json.gz")]
        openapi: PathBuf,
        /// The overlay: selection, placement, renames and quirk fixes.
        #[arg(long, value_name = "FILE", default_value = "openapi/overlay.yaml")]
        overlay: PathBuf,
        /// Directory of the spec's YAML files to write; every other YAML file there is removed.
        #[arg(long, value_name = "DIR", default_value = "spec")]
        out: PathBuf,
        /// The import report to write.
        #[arg(long, value_name = "FILE", default_value = "openapi/import-report.md")]
        report: PathBuf,
        /// Write nothing; fail if any file is out of date.
        #[arg(long)]
        check: bool,
        /// Import every operation of the description, not only the overlay's selection, and
        /// print the report's totals (for measuring; write to a scratch directory).
        #[arg(long)]
        all: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Generate { spec, out, check } => generate(&spec, &out, check),
        Command::Check { spec } => check(&spec),
        Command::Import { openapi, overlay, out, report, check, all } => {
            let paths = codegen::import::files::Paths { openapi, overlay, out, report };
            import(&paths, check, all)
        }
    }
}

fn generate(spec: &Path, out: &Path, check: bool) -> ExitCode {
    let mode = if check { Mode::Check } else { Mode::Write };
    match output::regenerate(spec, out, mode) {
        Ok(report) if check && !report.is_clean() => {
            eprintln!("{}", output::stale_message(&out.display().to_string(), &report));
            ExitCode::from(1)
        }
        Ok(report) => {
            let changed = report.changed.len() + report.removed.len();
            eprintln!("{}: {changed} file(s) changed, {} up to date", out.display(), report.unchanged);
            ExitCode::SUCCESS
        }
        Err(error) => failure(&error),
    }
}

fn check(spec: &Path) -> ExitCode {
    let sources = match codegen::spec::read_dir(spec) {
        Ok(sources) => sources,
        Err(error) => return failure(&RegenerateError::Io(spec.to_path_buf(), error)),
    };
    match codegen::check(&sources) {
        Ok(_) => {
            eprintln!("{}: no errors in {} file(s)", spec.display(), sources.len());
            ExitCode::SUCCESS
        }
        Err(diagnostics) => {
            eprintln!("{diagnostics}");
            ExitCode::from(1)
        }
    }
}

fn import(paths: &codegen::import::files::Paths, check: bool, all: bool) -> ExitCode {
    use codegen::import::files::{self, RunError};
    let mode = if check { Mode::Check } else { Mode::Write };
    let run = match files::run(paths, codegen::import::Options { all }, mode) {
        Ok(run) => run,
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::from(if matches!(error, RunError::Io(..)) { 2 } else { 1 });
        }
    };
    if all {
        // A closed stdout (`| head`) is not worth a panic: the totals are for information.
        use std::io::Write;
        let totals = format!("{}import time: {:.3} s\n", run.report.summary(), run.import_time.as_secs_f64());
        let _ = std::io::stdout().write_all(totals.as_bytes());
    }
    let out = paths.out.display().to_string();
    if check && !run.sync.is_clean() {
        eprintln!("{}", files::stale_message(&out, &run.sync));
        return ExitCode::from(1);
    }
    let changed = run.sync.changed.len() + run.sync.removed.len();
    eprintln!("{out}: {changed} file(s) changed, {} up to date", run.sync.unchanged);
    ExitCode::SUCCESS
}

fn failure(error: &RegenerateError) -> ExitCode {
    eprintln!("{error}");
    match error {
        RegenerateError::Generate(codegen::Error::Spec(_)) => ExitCode::from(1),
        _ => ExitCode::from(2),
    }
}
