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
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Generate { spec, out, check } => generate(&spec, &out, check),
        Command::Check { spec } => check(&spec),
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

fn failure(error: &RegenerateError) -> ExitCode {
    eprintln!("{error}");
    match error {
        RegenerateError::Generate(codegen::Error::Spec(_)) => ExitCode::from(1),
        _ => ExitCode::from(2),
    }
}
