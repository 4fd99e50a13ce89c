//! Every file generated from each fixture spec, snapshotted whole.
//!
//! Each fixture in `fixtures/specs/` shows one feature; a change to the emitted code shows
//! up here as a reviewable diff. The runtime is copied verbatim, so it is not snapshotted.

use std::collections::BTreeSet;

use zt_tests::{fixtures, read_spec, subdirectories};

fn snapshot_name(fixture: &str, path: &str) -> String {
    format!("{fixture}__{}", path.replace(['/', '.'], "_"))
}

fn generated_files(fixture: &std::path::Path) -> codegen::Files {
    let sources = read_spec(fixture);
    codegen::generate(&sources).unwrap_or_else(|error| panic!("{}: {error}", fixture.display()))
}

#[test]
fn generated_code_of_every_fixture() {
    for dir in subdirectories(&fixtures("specs")) {
        let fixture = dir.file_name().and_then(|name| name.to_str()).expect("utf-8 name");
        for (path, text) in generated_files(&dir) {
            if path.starts_with("src/runtime/") {
                continue;
            }
            insta::with_settings!({ description => format!("{path} generated from fixtures/specs/{fixture}"), omit_expression => true }, {
                insta::assert_snapshot!(snapshot_name(fixture, &path), text);
            });
        }
    }
}

/// A snapshot whose fixture file is gone must be deleted, not left to rot.
#[test]
fn no_snapshot_without_a_generated_file() {
    let mut expected = BTreeSet::new();
    for dir in subdirectories(&fixtures("specs")) {
        let fixture = dir.file_name().and_then(|name| name.to_str()).expect("utf-8 name").to_owned();
        for path in generated_files(&dir).keys() {
            expected.insert(format!("snapshots__{}.snap", snapshot_name(&fixture, path)));
        }
    }
    let snapshots = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    let orphans: Vec<String> = std::fs::read_dir(&snapshots)
        .map(|entries| {
            entries
                .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
                .filter(|name| name.starts_with("snapshots__") && name.ends_with(".snap"))
                .filter(|name| !expected.contains(name))
                .collect()
        })
        .unwrap_or_default();
    assert!(orphans.is_empty(), "snapshots with no generated file (delete them): {orphans:?}");
}

#[test]
fn generation_is_deterministic() {
    for dir in subdirectories(&fixtures("specs")) {
        assert_eq!(generated_files(&dir), generated_files(&dir), "{}", dir.display());
    }
    let spec = zt_tests::workspace_root().join("spec");
    assert_eq!(generated_files(&spec), generated_files(&spec));
}
