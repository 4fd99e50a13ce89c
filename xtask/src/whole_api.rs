//! `cargo xtask whole-api [--family NAME]`: the generator's scale benchmark.
//!
//! Imports every operation of Cloudflare's published description (with
//! `openapi/whole-api.overlay.yaml`) into `target/whole-api/spec`, generates a crate from it
//! into `target/whole-api/crate`, runs `cargo check` on that crate with every family and with
//! one family alone, and prints what each step produced and cost. The codegen binary runs in
//! release (built first by `cargo build --release -p codegen`), so import and generation are
//! timed as a user of the release binary sees them. Each `cargo check` starts from the crate's
//! own artifacts removed (the dependencies stay built in `target/whole-api/target`), so its
//! figures are those of compiling the generated crate. Not run by `cargo test`: it takes
//! minutes and gigabytes.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

/// The family checked alone unless `--family` names another: DNS, a mid-sized product.
const DEFAULT_FAMILY: &str = "dns";
/// The package name `openapi/whole-api.overlay.yaml` gives the crate.
const PACKAGE: &str = "cloudflare-whole-api";

/// What a child process cost: wall time, CPU time (user + system) and peak resident memory
/// of it and every descendant it waited for (rustc under cargo).
struct Cost {
    wall: Duration,
    cpu: Duration,
    peak_kib: Option<u64>,
}

impl std::fmt::Display for Cost {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:.2} s wall, {:.2} s CPU", self.wall.as_secs_f64(), self.cpu.as_secs_f64())?;
        match self.peak_kib {
            Some(kib) => write!(f, ", peak memory {:.2} GB", kib as f64 / 1_048_576.0),
            None => Ok(()),
        }
    }
}

/// Runs the benchmark from the workspace root.
pub fn run(root: &Path, args: &[&str]) -> ExitCode {
    let family = match args {
        [] => DEFAULT_FAMILY,
        ["--family", family] => family,
        _ => {
            eprintln!("usage: cargo xtask whole-api [--family NAME]");
            return ExitCode::from(2);
        }
    };
    match steps(root, family) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("whole-api: {message}");
            ExitCode::from(1)
        }
    }
}

fn steps(root: &Path, family: &str) -> Result<(), String> {
    let scratch = root.join("target/whole-api");
    let (spec, krate) = (scratch.join("spec"), scratch.join("crate"));
    println!("building the codegen binary (release)...");
    expect_success(Command::new(cargo()).args(["build", "--release", "--quiet", "-p", "codegen"]).current_dir(root))?;
    let codegen = root.join("target/release/codegen");

    let mut import = Command::new(&codegen);
    import.current_dir(root).args(["import", "--all", "--overlay", "openapi/whole-api.overlay.yaml"]);
    import.arg("--out").arg(&spec).arg("--report").arg(scratch.join("import-report.md"));
    let (imported, import_cost) = measure(&mut import, true)?;
    print!("{imported}");
    println!("import (release codegen, the whole gzipped description): {import_cost}");

    let mut generate = Command::new(&codegen);
    generate.args(["generate", "--spec"]).arg(&spec).arg("--out").arg(&krate);
    let (_, generate_cost) = measure(&mut generate, false)?;
    println!("generation (release codegen, writing the files that changed): {generate_cost}");
    println!(
        "import + generation: {:.2} s wall, {:.2} s CPU",
        (import_cost.wall + generate_cost.wall).as_secs_f64(),
        (import_cost.cpu + generate_cost.cpu).as_secs_f64()
    );
    report_lines(&krate)?;
    report_families(&spec, family)?;

    write_workspace(root, &scratch)?;
    let target = scratch.join("target");
    println!("cargo check, every family (default features)...");
    println!("cargo check, every family: {}", check(&scratch, &target, &[])?);
    let features = format!("rustls-tls,{family}");
    println!("cargo check, only `{family}`...");
    let alone = check(&scratch, &target, &["--no-default-features", "--features", &features])?;
    println!("cargo check, only `{family}`: {alone}");
    Ok(())
}

/// Generated files and lines: the whole crate, and its types, resources and tests apart.
fn report_lines(krate: &Path) -> Result<(), String> {
    let mut files = Vec::new();
    collect_rust_files(krate, &mut files).map_err(|error| format!("{}: {error}", krate.display()))?;
    let (mut total, mut types, mut resources, mut tests) = (0, 0, 0, 0);
    for file in &files {
        let text = std::fs::read_to_string(file).map_err(|error| format!("{}: {error}", file.display()))?;
        let lines = text.lines().count();
        total += lines;
        let relative = file.strip_prefix(krate).unwrap_or(file);
        match relative.iter().nth(1).and_then(|part| part.to_str()) {
            _ if relative.starts_with("tests") => tests += lines,
            Some("types") => types += lines,
            Some("resources") => resources += lines,
            _ => {}
        }
    }
    println!(
        "generated: {} Rust files, {total} lines ({types} in src/types, {resources} in src/resources, {tests} in tests/)",
        files.len()
    );
    Ok(())
}

/// How the schemas fall into families: what a crate per family would share.
fn report_families(spec: &Path, family: &str) -> Result<(), String> {
    let sources = codegen::spec::read_dir(spec).map_err(|error| format!("{}: {error}", spec.display()))?;
    let model = codegen::check(&sources).map_err(|diagnostics| diagnostics.to_string())?;
    let families = &model.families;
    let mut by_size: Vec<_> = families.families.iter().map(|each| (each.operations, each.feature.as_str())).collect();
    by_size.sort_unstable_by(|a, b| b.cmp(a));
    let largest: Vec<String> = by_size.iter().take(5).map(|(ops, name)| format!("{name} {ops}")).collect();
    println!("families: {} (largest by operations: {})", families.families.len(), largest.join(", "));
    let gates = &families.schema_gates;
    let shared = gates.values().filter(|features| features.len() > 1).count();
    let always = model.schemas.len() - gates.len();
    println!(
        "schemas: {} ({} compiled with one family only, {shared} shared by several families, {always} always compiled)",
        model.schemas.len(),
        gates.len() - shared,
    );
    let own = gates.values().filter(|features| features.contains(family)).count();
    let Some(operations) = families.families.iter().find(|each| each.feature == family).map(|each| each.operations) else {
        return Err(format!("no family `{family}` in {}: `--family` takes a top-level resource", spec.display()));
    };
    println!("family `{family}`: {operations} operations, {own} schemas of its own or shared, plus the {always} always compiled");
    Ok(())
}

fn collect_rust_files(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect_rust_files(&path, out)?;
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            out.push(path);
        }
    }
    Ok(())
}

/// A workspace of its own around the crate (it sits inside this one's `target/`), with this
/// workspace's lock file: the dependencies it shares are the versions already built and
/// reviewed.
fn write_workspace(root: &Path, scratch: &Path) -> Result<(), String> {
    let manifest = "[workspace]\nresolver = \"2\"\nmembers = [\"crate\"]\n";
    std::fs::write(scratch.join("Cargo.toml"), manifest).map_err(|error| format!("Cargo.toml: {error}"))?;
    std::fs::copy(root.join("Cargo.lock"), scratch.join("Cargo.lock")).map_err(|error| format!("Cargo.lock: {error}"))?;
    Ok(())
}

/// `cargo check` of the crate after removing its own artifacts (dependencies stay built), in
/// the `workspace` around it.
fn check(workspace: &Path, target: &Path, args: &[&str]) -> Result<Cost, String> {
    let clean = Command::new(cargo())
        .args(["clean", "--quiet", "-p", PACKAGE])
        .current_dir(workspace)
        .env("CARGO_TARGET_DIR", target)
        .status();
    if !clean.is_ok_and(|status| status.success()) {
        return Err(format!("cargo clean -p {PACKAGE} failed"));
    }
    // Dependencies first, untimed, so that the figure is the crate's alone: checked with the
    // same features for an empty crate, whose `lib.rs` is then put back.
    let lib = workspace.join("crate/src/lib.rs");
    let text = std::fs::read(&lib).map_err(|error| format!("{}: {error}", lib.display()))?;
    std::fs::write(&lib, "").map_err(|error| format!("{}: {error}", lib.display()))?;
    let mut deps = Command::new(cargo());
    deps.args(["check", "--quiet", "--lib", "-p", PACKAGE]).args(args).current_dir(workspace).env("CARGO_TARGET_DIR", target);
    let built = expect_success(&mut deps);
    std::fs::write(&lib, text).map_err(|error| format!("{}: {error}", lib.display()))?;
    built?;
    let mut command = Command::new(cargo());
    command.args(["check", "--lib", "-p", PACKAGE]).args(args).current_dir(workspace).env("CARGO_TARGET_DIR", target);
    Ok(measure(&mut command, false)?.1)
}

fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned())
}

fn expect_success(command: &mut Command) -> Result<(), String> {
    match command.status() {
        Ok(status) if status.success() => Ok(()),
        Ok(status) => Err(format!("{command:?} failed ({status})")),
        Err(error) => Err(format!("{command:?}: {error}")),
    }
}

/// Runs `command` to its end and returns its stdout (when `capture`) and what it cost.
fn measure(command: &mut Command, capture: bool) -> Result<(String, Cost), String> {
    let start = Instant::now();
    command.stdout(if capture { Stdio::piped() } else { Stdio::inherit() });
    let mut child = command.spawn().map_err(|error| format!("{command:?}: {error}"))?;
    let mut stdout = String::new();
    if let Some(mut pipe) = child.stdout.take() {
        std::io::Read::read_to_string(&mut pipe, &mut stdout).map_err(|error| format!("{command:?}: {error}"))?;
    }
    let (success, cpu, peak_kib) = wait(child)?;
    let cost = Cost { wall: start.elapsed(), cpu, peak_kib };
    if !success {
        return Err(format!("{command:?} failed"));
    }
    Ok((stdout, cost))
}

/// Waits for `child` with `wait4`, which returns the child's own resource usage (including the
/// descendants it waited for), unlike `getrusage(RUSAGE_CHILDREN)`, whose peak is the largest
/// of every child so far.
#[cfg(unix)]
fn wait(child: std::process::Child) -> Result<(bool, Duration, Option<u64>), String> {
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: `rusage` is plain old data, valid when zeroed; `wait4` writes it and `status`.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `pid` is our child, not yet waited for (`child` is dropped without waiting).
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    if waited != pid {
        return Err(format!("wait4: {}", std::io::Error::last_os_error()));
    }
    let time = |value: libc::timeval| Duration::new(value.tv_sec as u64, value.tv_usec as u32 * 1000);
    let success = libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0;
    // Linux reports ru_maxrss in KiB.
    Ok((success, time(usage.ru_utime) + time(usage.ru_stime), Some(usage.ru_maxrss as u64)))
}

#[cfg(not(unix))]
fn wait(mut child: std::process::Child) -> Result<(bool, Duration, Option<u64>), String> {
    let status = child.wait().map_err(|error| error.to_string())?;
    Ok((status.success(), Duration::ZERO, None))
}

#[cfg(test)]
mod tests {
    use codegen::import::overlay::Overlay;

    use super::*;

    fn overlay(name: &str) -> Overlay {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../openapi").join(name);
        let text = std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
        Overlay::parse(name, &text).unwrap_or_else(|problems| panic!("{problems}"))
    }

    /// The whole-API overlay copies the crate settings and schemas of the Zero Trust overlay:
    /// it must not drift from them (credentials, envelope), only the crate's identity differs.
    #[test]
    fn the_whole_api_overlay_keeps_the_zero_trust_settings_but_its_name_and_families() {
        let (zero_trust, whole) = (overlay("overlay.yaml"), overlay("whole-api.overlay.yaml"));
        assert_eq!(zero_trust.schemas, whole.schemas, "`schemas` differ between the two overlays");
        let own = ["name", "title", "docs", "user_agent", "families"];
        let settings = [&zero_trust, &whole].map(|overlay| {
            let api = overlay.api.as_ref().and_then(|api| api.as_mapping()).expect("an `api` mapping");
            api.iter().filter(|(key, _)| !key.as_str().is_some_and(|key| own.contains(&key))).collect::<Vec<_>>()
        });
        assert_eq!(settings[0], settings[1], "`api` differs beyond {own:?}");
        let families = whole.api.as_ref().and_then(|api| api.get("families")).and_then(|value| value.as_str());
        assert_eq!(families, Some("top_level"), "the whole API has too many children of top-level resources for crates.io");
        assert!(whole.select.is_empty(), "`--all` ignores `select`; the whole-API overlay should not pretend otherwise");
        assert_eq!(whole.api.as_ref().and_then(|api| api.get("name")).and_then(|value| value.as_str()), Some(PACKAGE));
    }
}
