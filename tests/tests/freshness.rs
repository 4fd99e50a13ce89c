//! `generated/` must be exactly what `spec/` generates: a plain `cargo test` fails otherwise.

use codegen::output::{self, Mode};

#[test]
fn generated_crate_is_up_to_date() {
    let root = zt_tests::workspace_root();
    let report = output::regenerate(&root.join("spec"), &root.join("generated"), Mode::Check)
        .unwrap_or_else(|error| panic!("{error}\nfix spec/, then run `cargo xtask generate`"));
    assert!(report.is_clean(), "{}", output::stale_message("generated", &report));
}
