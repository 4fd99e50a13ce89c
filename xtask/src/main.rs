//! Project automation. `cargo xtask generate` regenerates `generated/` from `spec/`;
//! `cargo xtask generate --check` writes nothing and fails when `generated/` is stale.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use codegen::output::{self, Mode};

const USAGE: &str = "usage: cargo xtask generate [--check]

  generate          regenerate generated/ from spec/
  generate --check  write nothing; fail if generated/ is out of date";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mode = match args.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        ["generate"] => Mode::Write,
        ["generate", "--check"] => Mode::Check,
        ["help" | "--help" | "-h"] => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let root = workspace_root();
    // Relative paths, so diagnostics read `spec/users.yaml:12:3`.
    if let Err(error) = std::env::set_current_dir(&root) {
        eprintln!("{}: {error}", root.display());
        return ExitCode::from(2);
    }
    match output::regenerate(Path::new("spec"), Path::new("generated"), mode) {
        Ok(report) if mode == Mode::Check && !report.is_clean() => {
            eprintln!("{}", output::stale_message("generated", &report));
            ExitCode::from(1)
        }
        Ok(report) if mode == Mode::Check => {
            eprintln!("generated/ is up to date ({} files)", report.unchanged);
            ExitCode::SUCCESS
        }
        Ok(report) => {
            for path in &report.changed {
                eprintln!("  wrote generated/{path}");
            }
            for path in &report.removed {
                eprintln!("  removed generated/{path}");
            }
            eprintln!("generated/: {} changed, {} removed, {} unchanged", report.changed.len(), report.removed.len(), report.unchanged);
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("{error}");
            ExitCode::from(1)
        }
    }
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}
