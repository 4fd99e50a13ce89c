//! Each family of a fixture crate builds alone, without a single warning: a family's resources
//! and the types it reaches compile with its feature only, and nothing it leaves out is needed.
//! With no family at all, the crate (its runtime and always-compiled types) builds clean too.
//!
//! `fixtures/specs/families-*` are generated into a throwaway workspace and built by a nested
//! cargo once per family (`--no-default-features --features <family>`), sharing the target
//! directory of `fixtures_compile` so that the dependencies are built once. The real crate's
//! families are built alone, clippy-clean, by a step of `.ci/run`.

use std::path::Path;
use std::process::Command;

use zt_tests::{fixtures, read_spec, subdirectories, workspace_root};

#[test]
fn each_family_of_the_family_fixtures_builds_alone_without_warnings() {
    let root = workspace_root().join("target/family-crates");
    let mut crates = Vec::new();
    for dir in subdirectories(&fixtures("specs")) {
        let name = dir.file_name().and_then(|name| name.to_str()).expect("utf-8 name").to_owned();
        if !name.starts_with("families-") {
            continue;
        }
        let files = codegen::generate(&read_spec(&dir)).unwrap_or_else(|error| panic!("{name}: {error}"));
        let features = family_features(&files["Cargo.toml"]);
        assert!(features.len() >= 2, "{name} should have several families, has {features:?}");
        codegen::output::sync(&root.join(&name), &files, codegen::output::Mode::Write).expect("write the crate");
        crates.push((name, features));
    }
    assert!(!crates.is_empty(), "no fixtures/specs/families-* fixture");
    write_workspace(&root, &crates.iter().map(|(name, _)| name.clone()).collect::<Vec<_>>());
    for (name, features) in &crates {
        for feature in features {
            build(&root, name, feature);
        }
        build(&root, name, "");
    }
}

/// The features of the families: the `name = []` lines of `[features]`.
fn family_features(manifest: &str) -> Vec<String> {
    manifest
        .lines()
        .skip_while(|line| *line != "[features]")
        .take_while(|line| !line.starts_with("[dependencies]"))
        .filter_map(|line| line.strip_suffix(" = []"))
        .map(str::to_owned)
        .collect()
}

/// Builds `package` with only `feature` (none when it is empty).
fn build(root: &Path, package: &str, feature: &str) {
    let features: &[&str] = if feature.is_empty() { &[] } else { &["--features", feature] };
    let output = Command::new(env!("CARGO"))
        .args(["build", "--no-default-features", "--message-format=short"])
        .args(features)
        .current_dir(root.join(package))
        .env("CARGO_TARGET_DIR", workspace_root().join("target/fixture-crates/target"))
        .env_remove("RUSTFLAGS")
        .output()
        .expect("run cargo");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{package} with only `{feature}` does not build:\n{stderr}");
    let warnings: Vec<&str> = stderr.lines().filter(|line| line.contains("warning")).collect();
    assert!(warnings.is_empty(), "{package} with only `{feature}` builds with warnings:\n{}", warnings.join("\n"));
}

fn write_workspace(root: &Path, members: &[String]) {
    let members: Vec<String> = members.iter().map(|member| format!("\"{member}\"")).collect();
    let manifest = format!("[workspace]\nresolver = \"2\"\nmembers = [{}]\n", members.join(", "));
    std::fs::write(root.join("Cargo.toml"), manifest).expect("write the workspace manifest");
    std::fs::copy(workspace_root().join("Cargo.lock"), root.join("Cargo.lock")).expect("copy Cargo.lock");
}
