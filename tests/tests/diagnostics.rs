//! The diagnostics of every invalid fixture spec, snapshotted.
//!
//! Each fixture in `fixtures/invalid/` is a small complete spec with exactly one problem, so
//! the wording, position, document path and hint of every kind of diagnostic are reviewed
//! like code. A fixture that stops reporting its problem, or starts reporting a second one,
//! fails here rather than rotting.

use std::collections::BTreeSet;
use std::path::Path;

use zt_tests::{fixtures, read_spec, subdirectories};

/// Checks the spec in `dir` (whose `api.yaml` insta's glob hands over) and renders its problems.
fn diagnostics_of(dir: &Path) -> (usize, String) {
    let sources = read_spec(dir);
    match codegen::check(&sources) {
        Ok(_) => panic!("{}: an invalid fixture passed the checks", dir.display()),
        Err(diagnostics) => (diagnostics.clone().sorted().len(), diagnostics.to_string()),
    }
}

#[test]
fn every_invalid_fixture_reports_its_one_problem() {
    insta::glob!("../fixtures/invalid", "*/api.yaml", |api_yaml| {
        let dir = api_yaml.parent().expect("a fixture directory");
        let (count, rendered) = diagnostics_of(dir);
        assert_eq!(count, 1, "{}: expected exactly one problem, got:\n{rendered}", dir.display());
        insta::with_settings!({ omit_expression => true }, {
            insta::assert_snapshot!(rendered);
        });
    });
}

/// Every fixture directory has an `api.yaml` (or the glob above would skip it), and every
/// snapshot belongs to a fixture that still exists.
#[test]
fn every_fixture_is_snapshotted_and_every_snapshot_has_a_fixture() {
    let mut expected = BTreeSet::new();
    for dir in subdirectories(&fixtures("invalid")) {
        assert!(dir.join("api.yaml").is_file(), "{}: a fixture needs an api.yaml", dir.display());
        let name = dir.file_name().and_then(|name| name.to_str()).expect("utf-8 name");
        expected.insert(format!("diagnostics__every_invalid_fixture_reports_its_one_problem@{name}__api.yaml.snap"));
    }
    assert!(expected.len() >= 30, "the corpus must have at least 30 invalid fixtures");
    let snapshots = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    let found: BTreeSet<String> = std::fs::read_dir(&snapshots)
        .map(|entries| {
            entries
                .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
                .filter(|name| name.starts_with("diagnostics__") && name.ends_with(".snap"))
                .collect()
        })
        .unwrap_or_default();
    let orphans: Vec<&String> = found.difference(&expected).collect();
    assert!(orphans.is_empty(), "snapshots with no fixture (delete them): {orphans:?}");
}

/// Problems in several files are reported together, sorted by file and position, even when
/// one file does not even parse.
#[test]
fn problems_of_every_file_are_reported_together() {
    let base = fixtures("invalid");
    let mut sources = read_spec(&base.join("unknown-schema"));
    let broken =
        read_spec(&base.join("yaml-syntax-error")).into_iter().find(|source| source.name.ends_with("things.yaml"));
    let mut broken = broken.expect("the syntax error fixture has things.yaml");
    broken.name = "spec/broken.yaml".into();
    sources.push(broken);
    let misspelt =
        read_spec(&base.join("misspelt-key")).into_iter().find(|source| source.name.ends_with("things.yaml"));
    let mut misspelt = misspelt.expect("the misspelt key fixture has things.yaml");
    misspelt.name = "spec/other.yaml".into();
    misspelt.text = misspelt.text.replace("Thing", "Other").replace("things", "others");
    sources.push(misspelt);
    let diagnostics = codegen::check(&sources).expect_err("three broken files").sorted();
    let places: Vec<String> = diagnostics.iter().map(|d| format!("{}:{}: {}", d.file, d.line, d.message)).collect();
    assert_eq!(places.len(), 3, "{places:#?}");
    assert!(places[0].starts_with("spec/broken.yaml:"), "{places:#?}");
    assert!(places[1].starts_with("spec/other.yaml:"), "{places:#?}");
    assert!(places[2].starts_with("spec/things.yaml:") && places[2].contains("unknown schema"), "{places:#?}");
}
