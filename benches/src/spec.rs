//! Synthetic specs for the generator benchmark: the repository's spec/ (1x), plus renamed
//! copies of its families (10x, 100x), so every copy is a whole, valid API of its own.

use std::path::Path;

use codegen::SourceFile;

/// spec/ with `copies - 1` renamed copies of every family file added.
///
/// Copy `k` puts its resources under `zero_trust.copy{k}`, its paths under `/copy{k}`, and
/// suffixes each schema it defines (and every `ref` to one) with `Copy{k}`; the shared
/// schemas of api.yaml stay shared.
pub fn synthetic(copies: usize) -> Vec<SourceFile> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    let originals = codegen::spec::read_dir(&dir).expect("spec/ reads");
    let mut sources = originals.clone();
    for k in 1..copies {
        sources.push(SourceFile {
            name: format!("spec/copy{k}.yaml"),
            text: format!("resources:\n  zero_trust.copy{k}:\n    docs: Copy {k} of every family.\n"),
        });
        for original in originals.iter().filter(|source| !source.name.ends_with("api.yaml")) {
            let name = original.name.rsplit('/').next().unwrap_or_default().trim_end_matches(".yaml");
            sources.push(SourceFile { name: format!("spec/{name}_copy{k}.yaml"), text: renamed(&original.text, k) });
        }
    }
    sources
}

/// One family file, renamed for copy `k`.
fn renamed(text: &str, k: usize) -> String {
    let schemas = defined_schemas(text);
    let mut out = String::with_capacity(text.len() + 1024);
    for line in text.lines() {
        let mut line = line.replacen("  zero_trust.", &format!("  zero_trust.copy{k}."), 1);
        if let Some(rest) = line.trim_start().strip_prefix("path: /") {
            let indent = &line[..line.len() - line.trim_start().len()];
            line = format!("{indent}path: /copy{k}/{rest}");
        }
        for schema in &schemas {
            line = rename_schema(&line, schema, k);
        }
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// The schemas a file defines: the two-space keys under its `schemas:`.
fn defined_schemas(text: &str) -> Vec<String> {
    let mut in_schemas = false;
    let mut names = Vec::new();
    for line in text.lines() {
        if !line.starts_with(' ') && !line.is_empty() && !line.starts_with('#') {
            in_schemas = line == "schemas:";
        } else if in_schemas && line.starts_with("  ") && !line.starts_with("   ") && line.ends_with(':') {
            names.push(line.trim().trim_end_matches(':').to_owned());
        }
    }
    names
}

/// `line` with the definition of `schema`, and every `ref` to it, renamed for copy `k`.
fn rename_schema(line: &str, schema: &str, k: usize) -> String {
    if line == format!("  {schema}:") {
        return format!("  {schema}Copy{k}:");
    }
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    let needle = format!("ref: {schema}");
    while let Some(at) = rest.find(&needle) {
        let end = at + needle.len();
        let whole = !rest[end..].starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_');
        out.push_str(&rest[..end]);
        if whole {
            out.push_str(&format!("Copy{k}"));
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}
