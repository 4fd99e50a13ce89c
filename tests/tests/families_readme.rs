//! The README's table of families is the one the spec gives: each family (cargo feature) with
//! its accessor and its number of operations. When the spec changes, this test prints the table
//! to paste.

use zt_tests::{read_spec, workspace_root};

#[test]
fn readme_lists_every_family_with_its_operation_count() {
    let model = codegen::check(&read_spec(&workspace_root().join("spec"))).expect("spec/ is valid");
    let mut table = String::from("| cargo feature | resource | operations |\n|---|---|---|\n");
    for family in &model.families.families {
        table.push_str(&format!(
            "| `{}` | `client.{}()` | {} |\n",
            family.feature,
            family.module_path.join("()."),
            family.operations
        ));
    }
    let total: usize = model.families.families.iter().map(|family| family.operations).sum();
    table.push_str(&format!("| all (default) | | {total} |\n"));
    let readme = std::fs::read_to_string(workspace_root().join("README.md")).expect("README.md");
    assert!(readme.contains(&table), "README.md's table of families is stale; it should read:\n\n{table}");
}
