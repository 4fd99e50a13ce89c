//! Each construct of the spec format, imported from a small OpenAPI document
//! (`fixtures/openapi/constructs.json`): what the importer writes, that every operation is
//! exact (nothing lowered), and that the generator's checks accept the result.

use codegen::import::{import, report::Status, Imported, Options};
use codegen::spec::SourceFile;

const DOCUMENT: &str = include_str!("fixtures/openapi/constructs.json");
/// The repository's overlay gives the crate settings and the envelope's schemas.
const OVERLAY: &str = include_str!("../../openapi/overlay.yaml");

fn imported() -> Imported {
    let settings = &OVERLAY[..OVERLAY.find("\nselect:").expect("the overlay has `select`")];
    let select = [
        "GET /accounts/{account_id}/records",
        "POST /accounts/{account_id}/records",
        "PUT /accounts/{account_id}/objects/{key}",
        "GET /accounts/{account_id}/objects/{key}",
        "GET /accounts/{account_id}/logs",
        "GET /accounts/{account_id}/logs/tail",
        "POST /scim/users",
        "PUT /accounts/{account_id}/scripts",
    ];
    let select: String = select.iter().map(|key| format!("  - {key}\n")).collect();
    let overlay = format!("{settings}\nselect:\n{select}");
    import(("constructs.json", DOCUMENT.as_bytes()), ("overlay.yaml", &overlay), Options::default())
        .unwrap_or_else(|problems| panic!("{problems}"))
}

/// Every file, concatenated, and the checks run on them.
fn spec() -> String {
    let imported = imported();
    let sources: Vec<SourceFile> =
        imported.files.iter().map(|(name, text)| SourceFile { name: format!("spec/{name}"), text: text.clone() }).collect();
    if let Err(diagnostics) = codegen::check(&sources) {
        panic!("the imported spec does not pass the checks:\n{diagnostics}");
    }
    for (key, (_, status)) in &imported.report.operations {
        assert_eq!(*status, Status::Exact, "{key}");
    }
    imported.files.values().cloned().collect()
}

fn assert_has(spec: &str, expected: &[&str]) {
    for expected in expected {
        assert!(spec.contains(expected), "missing:\n{expected}\nin:\n{spec}");
    }
}

#[test]
fn discriminated_unions_carry_the_tag_and_variants_lose_it() {
    let spec = spec();
    assert_has(&spec, &["  Record:\n    discriminator: type\n    union:\n      A:\n        ref: RecordA\n      CAA:\n        ref: RecordCaa\n"]);
    // The variant objects do not declare the tag; an allOf variant is merged first.
    assert_has(&spec, &["  RecordA:\n    fields:\n      content:\n", "  RecordCaa:\n    fields:\n      ttl:\n"]);
    assert!(!spec.contains("  RecordA:\n    fields:\n      type:"), "{spec}");
}

#[test]
fn one_constant_property_per_variant_is_an_implicit_tag() {
    assert_has(&spec(), &["  Setting:\n    discriminator: id\n    union:\n      ssl:\n        ref: SettingSsl\n      ipv6:\n        ref: SettingIpv6\n"]);
}

#[test]
fn untagged_and_scalar_unions_list_their_kinds_integers_before_numbers() {
    let spec = spec();
    assert_has(&spec, &["  Ttl:\n    untagged:\n      Integer:\n        type: integer\n      Ttl3:\n        ref: Ttl3\n      Number:\n        type: number\n"]);
    assert_has(&spec, &["    untagged:\n      RecordInputShape1:\n        ref: RecordInputShape1\n      RecordInputShape2:\n        ref: RecordInputShape2\n"]);
}

#[test]
fn enums_of_integers_punctuation_and_mixed_values_are_enums() {
    let spec = spec();
    assert_has(&spec, &["    enum:\n    - 256\n    - 2048\n"]);
    assert_has(&spec, &["    rust_names:\n      ==: Eq\n      '!=': Ne\n      IN: In2\n"]);
    assert_has(&spec, &["    enum:\n    - false\n    - redaction\n"]);
}

#[test]
fn objects_keep_extra_keys_constraints_and_wrapped_members() {
    let spec = spec();
    assert_has(&spec, &["    extra:\n      type: integer\n"]);
    // `anyOf` of `required` lists only constrains: the object itself.
    assert_has(&spec, &["  RecordInputEither:\n    fields:\n      x:\n"]);
    // `allOf` of one union, documented beside it: the union, with those docs.
    assert_has(&spec, &["      wrapped:\n        ref: Ttl\n        docs: A TTL, documented here.\n"]);
    assert_has(&spec, &["        deprecated: true\n"]);
    assert_has(&spec, &["        deprecation: Use `new`.\n"]);
}

#[test]
fn parameters_array_query_headers_and_reserved_paths() {
    let spec = spec();
    assert_has(&spec, &["          type:\n            type: array\n            items:\n              ref: RecordsListTypeItem\n            explode: false\n"]);
    assert_has(&spec, &["          tag:\n            type: array\n            items:\n              type: string\n"]);
    assert_has(&spec, &["        headers:\n          cf-jurisdiction:\n            type: string\n            required: true\n"]);
    assert_has(&spec, &["          key:\n            type: string\n            allow_reserved: true\n"]);
}

#[test]
fn pagination_styles_follow_the_parameters() {
    let spec = spec();
    assert_has(&spec, &["        pagination:\n          style: cursor\n          param: cursor\n          cursor: result_info.cursor\n"]);
    assert_has(&spec, &["        pagination:\n          style: offset\n          param: offset\n          limit_param: limit\n"]);
    // Nullable items of a list.
    assert_has(&spec, &["          items:\n            type: string\n            nullable: true\n"]);
}

#[test]
fn bodies_and_responses_beyond_json_in_envelope_out() {
    let spec = spec();
    // Raw bytes with their media type in, plain JSON out.
    assert_has(&spec, &["        body:\n          type: string\n          format: binary\n        body_encoding: bytes\n        content_type: image/png\n        success: 200\n        response: json\n        result:\n          ref: Plain\n"]);
    // Bytes out; text out from a `default` answer.
    assert_has(&spec, &["        response: bytes\n        result:\n          type: string\n          format: binary\n"]);
    assert_has(&spec, &["        response: text\n        result:\n          type: string\n"]);
    // An optional body, a result per status, a deprecation message.
    assert_has(&spec, &["        body_optional: true\n", "        other_results:\n          202:\n            ref: Job\n", "        deprecation: Use `import` instead.\n"]);
    assert_has(&spec, &["        content_type: application/scim+json\n"]);
}

#[test]
fn multipart_bodies_have_a_part_per_property() {
    assert_has(&spec(), &["        body_encoding: multipart\n        parts:\n          metadata:\n            ref: ScriptsUploadBodyMetadata\n            docs: The script's settings.\n            required: true\n          files:\n            type: array\n            items:\n              type: string\n              format: binary\n          message:\n            type: string\n"]);
}

#[test]
fn importing_twice_writes_the_same_bytes() {
    assert_eq!(imported().files, imported().files);
}

#[test]
fn properties_beside_a_union_are_copied_into_each_variant_named_by_its_title() {
    let spec = spec();
    // `{properties: {header}, anyOf: [{id}, {name}]}`: each kind has `header` too, required.
    assert_has(&spec, &["      column:\n        ref: RecordInputColumn\n"]);
    // A variant with a `title` is named by it, within its union by the rest of the name;
    // one without is numbered.
    assert_has(&spec, &[
        "  RecordInputColumn:\n    untagged:\n      ExistingColumn:\n        ref: RecordInputColumnExistingColumn\n      RecordInputColumn2:\n        ref: RecordInputColumn2\n",
        "  RecordInputColumnExistingColumn:\n    fields:\n      id:\n        type: string\n        required: true\n      header:\n        type: string\n        required: true\n",
        "  RecordInputColumn2:\n    fields:\n      name:\n        type: string\n        required: true\n      header:\n        type: string\n        required: true\n",
    ]);
}
