//! Reading the published description: gunzip when needed, then parse JSON.
//!
//! Why not `openapiv3` (the crate progenitor uses): it parses this document, but its
//! `ReferenceOr::Reference` keeps only `$ref` and drops every sibling key, and the description
//! has 1,726 `$ref`s whose siblings matter (`nullable`, `description`, `readOnly`); it also
//! accepts `type: "unknown"` silently and keeps no positions, while the importer must name the
//! JSON pointer of every problem. So the document is read into a generic, order-preserving tree
//! (`serde_yaml::Value`, whose maps keep insertion order, so fields keep the document's order)
//! and each pass reads the keys it needs.

use std::io::Read;

use serde_yaml::Value;

use super::error::Problems;

/// Parses the description; `name` is used in diagnostics. Gzip is detected by its magic bytes.
pub fn document(name: &str, bytes: &[u8]) -> Result<Value, Problems> {
    let text = if bytes.starts_with(&[0x1f, 0x8b]) {
        let mut text = String::new();
        flate2::read::GzDecoder::new(bytes)
            .read_to_string(&mut text)
            .map_err(|error| Problems::one(name, format!("cannot gunzip the description: {error}")))?;
        text
    } else {
        String::from_utf8(bytes.to_vec()).map_err(|error| Problems::one(name, format!("not UTF-8: {error}")))?
    };
    let value: Value = serde_json::from_str(&text).map_err(|error| {
        Problems::one(
            format!("{name}:{}:{}", error.line(), error.column()),
            format!("the description is not valid JSON: {error}"),
        )
    })?;
    if !value.is_mapping() {
        return Err(Problems::one(format!("{name}#"), "the description must be a JSON object"));
    }
    match value.get("openapi").and_then(Value::as_str) {
        Some(version) if version.starts_with("3.") => Ok(value),
        Some(version) => Err(Problems::one("#/openapi", format!("OpenAPI {version} is not supported; expected 3.x"))),
        None => Err(Problems::one("#/openapi", "missing `openapi` version: not an OpenAPI 3 document")),
    }
}
