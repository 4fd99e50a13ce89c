//! The importer on small documents: what it writes, and a diagnostic with the JSON pointer
//! (or line and column) for each kind of malformed input.

use codegen::import::{import, report::Status, Options, Problems};

const SMALL: &str = include_str!("fixtures/openapi/small.json");
const OVERLAY: &str = include_str!("fixtures/openapi/small.overlay.yaml");

fn run(document: &str, overlay: &str) -> Result<codegen::import::Imported, Problems> {
    import(("small.json", document.as_bytes()), ("overlay.yaml", overlay), Options::default())
}

fn problems(document: &str) -> String {
    match run(document, OVERLAY) {
        Ok(_) => panic!("imported without a problem"),
        Err(problems) => problems.to_string(),
    }
}

#[test]
fn the_small_document_imports_and_what_is_lowered_is_reported() {
    let imported = run(SMALL, OVERLAY).unwrap_or_else(|problems| panic!("{problems}"));
    let things = &imported.files["things.yaml"];
    for expected in ["paginated: true", "ref: Thing", "union:", "everyone:", "format: date-time", "nullable: true"] {
        assert!(things.contains(expected), "{expected} missing from:\n{things}");
    }
    // The array query parameter and the header parameter are the format's own constructs.
    for expected in [
        "          tags:\n            type: array\n            items:\n              type: string\n",
        "        headers:\n          x-trace:\n            type: string\n",
    ] {
        assert!(things.contains(expected), "{expected} missing from:\n{things}");
    }
    let (_, status) = &imported.report.operations["GET /accounts/{account_id}/things"];
    assert_eq!(*status, Status::Exact);
    // Importing twice gives the same bytes.
    let again = run(SMALL, OVERLAY).unwrap_or_else(|problems| panic!("{problems}"));
    assert_eq!(imported.files, again.files);
}

#[test]
fn bad_json_names_line_and_column() {
    let text = problems("{\n  \"openapi\": \"3.0.3\",\n  oops\n}");
    assert!(text.contains("small.json:3:3: error: the description is not valid JSON"), "{text}");
}

#[test]
fn a_dangling_ref_names_its_pointer() {
    let text = problems(&SMALL.replace("#/components/schemas/rule", "#/components/schemas/nowhere"));
    assert!(text.contains("dangling `$ref`: nothing at #/components/schemas/nowhere"), "{text}");
    assert!(text.contains("#/paths/~1accounts~1{account_id}~1things/post/requestBody/content/application~1json/schema/properties/rule/$ref"), "{text}");
}

#[test]
fn a_ref_cycle_is_a_problem() {
    let cyclic = SMALL.replace(
        "\"id\": {\"type\": \"string\", \"description\": \"Identifier.\"}",
        "\"id\": {\"$ref\": \"#/components/schemas/id2\"}, \"id2\": {\"$ref\": \"#/components/schemas/id\"}",
    );
    let text = problems(&cyclic);
    assert!(text.contains("`$ref` cycle"), "{text}");
}

#[test]
fn an_unknown_type_names_its_pointer() {
    let text = problems(&SMALL.replace("{\"deep\": {\"type\": \"boolean\"}}", "{\"deep\": {\"type\": \"unknown\"}}"));
    assert!(text.contains("#/components/schemas/thing/properties/nested/properties/deep/type: error: unknown type `unknown`"), "{text}");
}

#[test]
fn a_stale_overlay_entry_is_a_problem() {
    let overlay = format!("{OVERLAY}  - GET /nowhere\nrenames:\n  Nothing: Something\n");
    let Err(problems) = run(SMALL, &overlay) else { panic!("a stale overlay imported") };
    let text = problems.to_string();
    assert!(text.contains("overlay: select: GET /nowhere: error: no such operation"), "{text}");
    assert!(text.contains("overlay: renames: Nothing: error: no imported schema has this name"), "{text}");
}

#[test]
fn an_all_of_cycle_is_a_problem_not_a_stack_overflow() {
    let cyclic = SMALL.replace(
        "\"id\": {\"type\": \"string\", \"description\": \"Identifier.\"}",
        "\"id\": {\"allOf\": [{\"$ref\": \"#/components/schemas/id2\"}]}, \"id2\": {\"allOf\": [{\"$ref\": \"#/components/schemas/id\"}]}",
    );
    let text = problems(&cyclic);
    assert!(text.contains("`allOf` cycle: #/components/schemas/id -> #/components/schemas/id2 -> #/components/schemas/id"), "{text}");
}
