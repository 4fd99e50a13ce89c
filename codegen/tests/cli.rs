//! The `codegen` command line: its help texts, snapshotted, and its exit codes.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn codegen(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_codegen")).args(args).output().expect("the codegen binary runs")
}

fn workspace(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("codegen/ has a parent").join(path)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn help_texts() {
    for (name, args) in
        [("help", &["--help"][..]), ("check_help", &["check", "--help"]), ("generate_help", &["generate", "--help"])]
    {
        let output = codegen(args);
        assert_eq!(output.status.code(), Some(0), "codegen {args:?}");
        insta::with_settings!({ description => format!("codegen {}", args.join(" ")), omit_expression => true }, {
            insta::assert_snapshot!(name, text(&output.stdout));
        });
    }
}

#[test]
fn check_exits_0_for_a_valid_spec() {
    let spec = workspace("spec");
    let output = codegen(&["check", "--spec", spec.to_str().expect("utf-8 path")]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert!(text(&output.stderr).contains("no errors"), "{}", text(&output.stderr));
}

#[test]
fn check_exits_1_for_spec_errors_and_lists_them() {
    let spec = workspace("tests/fixtures/invalid/unknown-schema");
    let output = codegen(&["check", "--spec", spec.to_str().expect("utf-8 path")]);
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("error: unknown schema `Thnig`") && stderr.ends_with("1 error\n"), "{stderr}");
}

#[test]
fn generate_exits_1_for_spec_errors_and_writes_nothing() {
    let spec = workspace("tests/fixtures/invalid/unknown-schema");
    let out = std::env::temp_dir().join(format!("codegen-cli-test-{}", std::process::id()));
    let output = codegen(&[
        "generate",
        "--spec",
        spec.to_str().expect("utf-8 path"),
        "--out",
        out.to_str().expect("utf-8 path"),
    ]);
    assert_eq!(output.status.code(), Some(1), "{}", text(&output.stderr));
    assert!(!out.exists(), "nothing may be written for an invalid spec");
}

#[test]
fn usage_and_io_errors_exit_2() {
    let missing = workspace("tests/fixtures/no-such-spec");
    let empty = workspace("codegen/src/emit");
    for args in [
        vec!["check", "--spec", missing.to_str().expect("utf-8 path")],
        vec!["check", "--spec", empty.to_str().expect("utf-8 path")],
        vec!["check", "--no-such-flag"],
        vec!["frobnicate"],
        vec![],
    ] {
        let output = codegen(&args);
        assert_eq!(output.status.code(), Some(2), "codegen {args:?}: {}", text(&output.stderr));
        assert!(!output.stderr.is_empty(), "codegen {args:?} says why");
    }
}
