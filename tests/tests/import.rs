//! `spec/` is exactly what `cargo xtask import` writes from `openapi/`, and the overlay's
//! corrections are local: renaming one method changes that method and nothing else.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use codegen::import::files::{self, Paths};
use codegen::import::Options;
use codegen::output::{self, Mode};

fn paths(root: &Path, overlay: PathBuf, out: PathBuf, report: PathBuf) -> Paths {
    Paths { openapi: root.join("openapi/cloudflare.openapi.json.gz"), overlay, out, report }
}

#[test]
fn spec_is_what_the_importer_writes() {
    let root = zt_tests::workspace_root();
    let paths = paths(&root, root.join("openapi/overlay.yaml"), root.join("spec"), root.join("openapi/import-report.md"));
    let run = files::run(&paths, Options::default(), Mode::Check).unwrap_or_else(|error| panic!("{error}"));
    assert!(run.sync.is_clean(), "{}", files::stale_message("spec", &run.sync));
    let (exact, lowered, skipped) = run.report.totals();
    assert_eq!((exact + lowered, skipped), (444, 0), "every Zero Trust operation is imported");
}

/// A scratch directory removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("zt-tests-import-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap_or_else(|error| panic!("{}: {error}", dir.display()));
        Scratch(dir)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Every file below `dir` (relative path -> text).
fn read_tree(dir: &Path) -> BTreeMap<String, String> {
    let mut files = BTreeMap::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        for entry in std::fs::read_dir(&current).unwrap_or_else(|error| panic!("{}: {error}", current.display())) {
            let path = entry.expect("readable entry").path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let relative = path.strip_prefix(dir).expect("below dir").to_string_lossy().replace('\\', "/");
                files.insert(relative, std::fs::read_to_string(&path).unwrap_or_default());
            }
        }
    }
    files
}

/// The files that differ, each with its changed lines (before, after).
fn differences(before: &BTreeMap<String, String>, after: &BTreeMap<String, String>) -> BTreeMap<String, Vec<(String, String)>> {
    let mut changed = BTreeMap::new();
    for name in before.keys().chain(after.keys()) {
        let (old, new) = (before.get(name).cloned().unwrap_or_default(), after.get(name).cloned().unwrap_or_default());
        if old == new {
            continue;
        }
        let (old, new): (Vec<&str>, Vec<&str>) = (old.lines().collect(), new.lines().collect());
        assert_eq!(old.len(), new.len(), "{name}: lines added or removed, not only renamed");
        let lines = old.iter().zip(&new).filter(|(a, b)| a != b).map(|(a, b)| ((*a).to_owned(), (*b).to_owned()));
        changed.insert(name.clone(), lines.collect());
    }
    changed
}

#[test]
fn renaming_a_method_in_the_overlay_changes_exactly_that_method() {
    let root = zt_tests::workspace_root();
    let scratch = Scratch::new("rename");
    let overlay = std::fs::read_to_string(root.join("openapi/overlay.yaml")).expect("overlay.yaml");
    let entry = "  GET /accounts/{account_id}/access/users/{user_id}/last_seen_identity:\n    name: fetch\n    why: a test.\n";
    assert!(overlay.contains("\noperations:\n"), "the overlay has an `operations` section");
    let renamed = overlay.replacen("\noperations:\n", &format!("\noperations:\n{entry}"), 1);
    std::fs::write(scratch.0.join("overlay.yaml"), renamed).expect("write the overlay");

    let spec = scratch.0.join("spec");
    let paths = paths(&root, scratch.0.join("overlay.yaml"), spec.clone(), scratch.0.join("report.md"));
    files::run(&paths, Options::default(), Mode::Write).unwrap_or_else(|error| panic!("{error}"));
    let generated = scratch.0.join("generated");
    output::regenerate(&spec, &generated, Mode::Write).unwrap_or_else(|error| panic!("{error}"));

    let yaml = |files: BTreeMap<String, String>| files.into_iter().filter(|(name, _)| name.ends_with(".yaml")).collect();
    let spec_changes = differences(&yaml(read_tree(&root.join("spec"))), &yaml(read_tree(&spec)));
    let expected_spec = BTreeMap::from([("access.yaml".to_owned(), vec![("      get:".to_owned(), "      fetch:".to_owned())])]);
    assert_eq!(spec_changes, expected_spec);

    let mut before = read_tree(&root.join("generated"));
    before.retain(|name, _| !name.starts_with("target/"));
    let code_changes = differences(&before, &read_tree(&generated));
    let names: Vec<&String> = code_changes.keys().collect();
    // The method, its entry in the API reference, and its generated test.
    assert_eq!(names, ["api.md", "src/resources/zero_trust/access/users/last_seen_identity.rs", "tests/operations/access.rs"]);
    for (old, new) in code_changes.values().flatten() {
        assert_eq!(old.replace("get", "fetch"), *new, "only the method's name changes");
    }
}

/// The whole description with `--all`: every operation is in the report (imported, or
/// skipped with a reason), and what is imported passes the generator's checks.
#[test]
fn the_whole_document_imports_and_passes_the_checks() {
    let root = zt_tests::workspace_root();
    let scratch = Scratch::new("all");
    let spec = scratch.0.join("spec");
    let paths = paths(&root, root.join("openapi/overlay.yaml"), spec.clone(), scratch.0.join("report.md"));
    let run = files::run(&paths, Options { all: true }, Mode::Write).unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(run.report.operations.len(), 3_207, "every operation of the description is reported");
    for (key, (_, status)) in &run.report.operations {
        if let codegen::import::report::Status::Skipped(reason) = status {
            assert!(!reason.trim().is_empty(), "{key} skipped without a reason");
        }
    }
    let (exact, _, _) = run.report.totals();
    // Issue 13's goal: at least 95 % of the operations exact.
    assert!(exact * 100 >= 95 * 3_207, "only {exact} of 3,207 operations are exact");
    // Importing again changes nothing.
    let again = files::run(&paths, Options { all: true }, Mode::Check);
    assert!(again.is_ok(), "a second import would change files: {:?}", again.err().map(|error| error.to_string()));
    let sources = codegen::spec::read_dir(&spec).unwrap_or_else(|error| panic!("{}: {error}", spec.display()));
    if let Err(diagnostics) = codegen::check(&sources) {
        panic!("the imported whole document does not pass the checks:\n{diagnostics}");
    }
}
