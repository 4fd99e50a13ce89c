//! The generated code of every fixture spec compiles, without a single warning.
//!
//! The fixtures are generated into one throwaway workspace and built there by a nested
//! cargo. It has its own target directory: sharing the outer one would block on the lock
//! the running `cargo test` holds.

use std::path::Path;
use std::process::Command;

use zt_tests::{fixtures, read_spec, subdirectories, workspace_root};

#[test]
fn every_fixture_crate_builds_without_warnings() {
    let root = workspace_root().join("target/fixture-crates");
    let mut members = Vec::new();
    for dir in subdirectories(&fixtures("specs")) {
        let name = dir.file_name().and_then(|name| name.to_str()).expect("utf-8 name").to_owned();
        let files = codegen::generate(&read_spec(&dir)).unwrap_or_else(|error| panic!("{name}: {error}"));
        let out = root.join(&name);
        codegen::output::sync(&out, &files, codegen::output::Mode::Write).expect("write the fixture crate");
        members.push(name);
    }
    write_workspace(&root, &members);

    let output = Command::new(env!("CARGO"))
        .args(["build", "--workspace", "--all-targets", "--message-format=short"])
        .current_dir(&root)
        .env("CARGO_TARGET_DIR", root.join("target"))
        .env_remove("RUSTFLAGS")
        .output()
        .expect("run cargo");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "the fixture crates do not build:\n{stderr}");
    let warnings: Vec<&str> = stderr.lines().filter(|line| line.contains("warning")).collect();
    assert!(warnings.is_empty(), "the fixture crates build with warnings:\n{}", warnings.join("\n"));
}

/// A workspace of the fixture crates, pinned to the versions of the project's own lock file.
fn write_workspace(root: &Path, members: &[String]) {
    let members: Vec<String> = members.iter().map(|member| format!("\"{member}\"")).collect();
    let manifest = format!("[workspace]\nresolver = \"2\"\nmembers = [{}]\n", members.join(", "));
    std::fs::write(root.join("Cargo.toml"), manifest).expect("write the workspace manifest");
    std::fs::copy(workspace_root().join("Cargo.lock"), root.join("Cargo.lock")).expect("copy Cargo.lock");
}
