//! Project automation. `cargo xtask generate` regenerates `generated/` from `spec/`;
//! `cargo xtask generate --check` writes nothing and fails when `generated/` is stale.
//! `cargo xtask import [--check]` does the same for `spec/` from `openapi/`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use codegen::output::{self, Mode};

mod whole_api;

/// The generator's allocations are small and many, on every core: see Cargo.toml.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const USAGE: &str = "usage: cargo xtask generate [--check]

  generate          regenerate generated/ from spec/
  generate --check  write nothing; fail if generated/ is out of date
  import            rewrite spec/ from openapi/ (the published description and overlay.yaml)
  import --check    write nothing; fail if spec/ is out of date
  whole-api [--family NAME]
                    benchmark: import, generate and `cargo check` the whole published API
                    (in target/whole-api/; prints counts, lines, times and peak memory)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mode = match args.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        ["generate"] => Mode::Write,
        ["generate", "--check"] => Mode::Check,
        ["import"] => return import(Mode::Write),
        ["import", "--check"] => return import(Mode::Check),
        ["whole-api", rest @ ..] => return whole_api::run(&workspace_root(), rest),
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

/// `cargo xtask import [--check]`: spec/ from openapi/.
fn import(mode: Mode) -> ExitCode {
    use codegen::import::files::{self, Paths};
    let root = workspace_root();
    if let Err(error) = std::env::set_current_dir(&root) {
        eprintln!("{}: {error}", root.display());
        return ExitCode::from(2);
    }
    let paths = Paths {
        openapi: "openapi/cloudflare.openapi.json.gz".into(),
        overlay: "openapi/overlay.yaml".into(),
        out: "spec".into(),
        report: "openapi/import-report.md".into(),
    };
    match files::run(&paths, codegen::import::Options::default(), mode) {
        Ok(run) if mode == Mode::Check && !run.sync.is_clean() => {
            eprintln!("{}", files::stale_message("spec", &run.sync));
            ExitCode::from(1)
        }
        Ok(run) if mode == Mode::Check => {
            eprintln!("spec/ is up to date ({} files)", run.sync.unchanged);
            ExitCode::SUCCESS
        }
        Ok(run) => {
            for path in &run.sync.changed {
                eprintln!("  wrote {path}");
            }
            for path in &run.sync.removed {
                eprintln!("  removed {path}");
            }
            let (exact, lowered, skipped) = run.report.totals();
            eprintln!("spec/: {exact} operations exact, {lowered} lowered, {skipped} skipped (openapi/import-report.md)");
            eprintln!("next: `cargo xtask generate`, then review `git diff spec generated`");
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
