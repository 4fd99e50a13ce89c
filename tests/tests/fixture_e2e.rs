//! End to end against the fixture specs that show the operation-level constructs: each
//! `fixtures/specs/<fixture>/e2e.rs` is a test file of the crate generated from that spec,
//! run by a nested cargo against a local server (wiremock).
//!
//! The shipped crate (`spec/`) uses few of these constructs, so its own end-to-end tests
//! cannot reach them; these fixtures do. The crates live in one throwaway workspace,
//! pinned to the project's lock file, built in the target directory `fixtures_compile`
//! uses (sharing the outer one would block on the lock the running `cargo test` holds).

use std::path::Path;
use std::process::Command;

use zt_tests::{fixtures, read_spec, subdirectories, workspace_root};

/// Test-only dependencies of every fixture crate, added to the `[dev-dependencies]` the
/// generated manifest ends with (which has tokio); all are in the project's lock file.
const DEV_DEPENDENCIES: &str = r#"futures-util = { version = "0.3", default-features = false, features = ["std"] }
serde_json = "1"
wiremock = "0.6"
"#;

#[test]
fn generated_operations_work_end_to_end() {
    let root = workspace_root().join("target/fixture-e2e");
    let mut members = Vec::new();
    for dir in subdirectories(&fixtures("specs")) {
        let test = dir.join("e2e.rs");
        if !test.is_file() {
            continue;
        }
        let name = dir.file_name().and_then(|name| name.to_str()).expect("a utf-8 name").to_owned();
        let mut files = codegen::generate(&read_spec(&dir)).unwrap_or_else(|error| panic!("{name}: {error}"));
        files.get_mut("Cargo.toml").expect("a Cargo.toml").push_str(DEV_DEPENDENCIES);
        let out = root.join(&name);
        codegen::output::sync(&out, &files, codegen::output::Mode::Write).expect("write the fixture crate");
        std::fs::create_dir_all(out.join("tests")).expect("a tests directory");
        std::fs::copy(&test, out.join("tests/e2e.rs")).expect("copy the test file");
        members.push(name);
    }
    assert!(members.len() >= 3, "the paginated-styles, query-arrays-and-headers and responses-and-bodies fixtures");
    write_workspace(&root, &members);

    let output = Command::new(env!("CARGO"))
        .args(["test", "--workspace", "--test", "e2e", "--message-format=short"])
        .current_dir(&root)
        .env("CARGO_TARGET_DIR", workspace_root().join("target/fixture-crates/target"))
        .env_remove("RUSTFLAGS")
        .output()
        .expect("run cargo");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "the fixture end-to-end tests fail:\n{stdout}\n{stderr}");
    let warnings: Vec<&str> = stderr.lines().filter(|line| line.contains("warning")).collect();
    assert!(warnings.is_empty(), "the fixture end-to-end tests build with warnings:\n{}", warnings.join("\n"));
    let ran = stdout.lines().filter(|line| line.starts_with("test ") && line.ends_with(" ok")).count();
    assert!(ran >= members.len(), "too few tests ran:\n{stdout}");
}

/// A workspace of the fixture crates, pinned to the versions of the project's own lock file.
fn write_workspace(root: &Path, members: &[String]) {
    let members: Vec<String> = members.iter().map(|member| format!("\"{member}\"")).collect();
    let manifest = format!("[workspace]\nresolver = \"2\"\nmembers = [{}]\n", members.join(", "));
    std::fs::write(root.join("Cargo.toml"), manifest).expect("write the workspace manifest");
    std::fs::copy(workspace_root().join("Cargo.lock"), root.join("Cargo.lock")).expect("copy Cargo.lock");
}
