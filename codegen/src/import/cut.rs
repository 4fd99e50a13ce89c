//! The cut of the description that Prism serves to the generated operation tests: the
//! imported operations and every component they reach by `$ref`, transitively, as published.
//!
//! Prism needs about 40 s to load the whole document; the cut loads in a few. It is written
//! by the importer (so `cargo xtask import --check` keeps it in step with spec/), as pretty
//! JSON in the description's own order (so it is byte-identical run to run, and diffs well).

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use serde_yaml::{Mapping, Value};

use super::doc::{Doc, METHODS};

/// Top-level keys of the description the cut keeps as they are.
const KEPT: [&str; 4] = ["openapi", "info", "servers", "security"];

/// The cut holding the operations `keys` (`METHOD /path`), with the known failures of the
/// generated tests (`x-known-failures`, which Prism ignores), as pretty JSON.
pub fn cut(doc: &Doc, keys: &BTreeSet<String>, known_failures: &BTreeMap<String, String>) -> Result<String, serde_json::Error> {
    let mut root = Mapping::new();
    for key in KEPT {
        if let Some(value) = doc.root.get(key) {
            root.insert(key.into(), value.clone());
        }
    }
    if !known_failures.is_empty() {
        let known = known_failures.iter().map(|(key, why)| (key.as_str().into(), why.as_str().into())).collect();
        root.insert("x-known-failures".into(), Value::Mapping(known));
    }
    let mut paths = Value::Mapping(paths(doc, keys));
    let mut components = Value::Mapping(components(doc, paths.as_mapping().expect("a mapping")));
    properties_into_variants(&mut paths);
    properties_into_variants(&mut components);
    root.insert("paths".into(), paths);
    root.insert("components".into(), components);
    let mut text = serde_json::to_string_pretty(&root)?;
    text.push('\n');
    Ok(text)
}

/// The path items holding the operations, with only those operations (and the item's own
/// keys: `parameters`, `summary`).
fn paths(doc: &Doc, keys: &BTreeSet<String>) -> Mapping {
    let mut out = Mapping::new();
    let Some(Value::Mapping(paths)) = doc.root.get("paths") else { return out };
    for (path, item) in paths {
        let (Some(path_text), Value::Mapping(item)) = (path.as_str(), item) else { continue };
        let mut kept = Mapping::new();
        let mut any = false;
        for (name, node) in item {
            let method = name.as_str().unwrap_or_default();
            if !METHODS.contains(&method) {
                kept.insert(name.clone(), node.clone());
            } else if keys.contains(&format!("{} {path_text}", method.to_ascii_uppercase())) {
                kept.insert(name.clone(), node.clone());
                any = true;
            }
        }
        if any {
            out.insert(path.clone(), Value::Mapping(kept));
        }
    }
    out
}

/// The components `paths` reach, transitively, in the description's order; every security
/// scheme (operations name them without `$ref`).
fn components(doc: &Doc, paths: &Mapping) -> Mapping {
    let mut reached: BTreeSet<String> = BTreeSet::new();
    let mut queue: VecDeque<String> = VecDeque::new();
    for item in paths.values() {
        references(item, &mut queue);
    }
    while let Some(reference) = queue.pop_front() {
        if !reached.insert(reference.clone()) {
            continue;
        }
        if let Some(target) = doc.lookup(&reference) {
            references(target, &mut queue);
        }
    }
    let mut by_section: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for reference in &reached {
        let mut parts = reference.trim_start_matches("#/components/").splitn(2, '/');
        if let (Some(section), Some(name)) = (parts.next(), parts.next()) {
            by_section.entry(section).or_default().insert(name);
        }
    }
    let mut out = Mapping::new();
    let Some(Value::Mapping(sections)) = doc.root.get("components") else { return out };
    for (section, entries) in sections {
        let (Some(section_name), Value::Mapping(entries)) = (section.as_str(), entries) else { continue };
        let wanted = by_section.get(section_name);
        let kept: Mapping = entries
            .iter()
            .filter(|(name, _)| {
                section_name == "securitySchemes"
                    || name.as_str().is_some_and(|name| wanted.is_some_and(|wanted| wanted.contains(escaped(name).as_str())))
            })
            .map(|(name, node)| (name.clone(), node.clone()))
            .collect();
        if !kept.is_empty() {
            out.insert(section.clone(), Value::Mapping(kept));
        }
    }
    out
}

/// Rewrites every `{properties: P, required: R, anyOf | oneOf: [A, ...]}` without a
/// discriminator under `node` into `{anyOf | oneOf: [{allOf: [{properties: P, required: R}, A]}, ...]}`.
fn properties_into_variants(node: &mut Value) {
    match node {
        Value::Mapping(map) => {
            let union = ["anyOf", "oneOf"].into_iter().find(|key| map.get(*key).is_some_and(Value::is_sequence));
            let has_properties = map.get("properties").and_then(Value::as_mapping).is_some_and(|p| !p.is_empty());
            if let (Some(union), true, false) = (union, has_properties, map.contains_key("discriminator")) {
                let mut own = Mapping::new();
                own.insert("type".into(), "object".into());
                for key in ["properties", "required"] {
                    if let Some(value) = map.remove(key) {
                        own.insert(key.into(), value);
                    }
                }
                if let Some(Value::Sequence(variants)) = map.get_mut(union) {
                    for variant in variants.iter_mut() {
                        let mut wrapped = Mapping::new();
                        wrapped.insert("allOf".into(), Value::Sequence(vec![Value::Mapping(own.clone()), variant.clone()]));
                        *variant = Value::Mapping(wrapped);
                    }
                }
            }
            map.values_mut().for_each(properties_into_variants);
        }
        Value::Sequence(items) => items.iter_mut().for_each(properties_into_variants),
        _ => {}
    }
}

/// A component name as a JSON pointer token.
fn escaped(name: &str) -> String {
    super::doc::escape(name)
}

/// Every local `$ref` under `node`, in order.
fn references(node: &Value, into: &mut VecDeque<String>) {
    match node {
        Value::Mapping(map) => {
            for (key, value) in map {
                match (key.as_str(), value.as_str()) {
                    (Some("$ref"), Some(reference)) if reference.starts_with("#/") => into.push_back(reference.to_owned()),
                    _ => references(value, into),
                }
            }
        }
        Value::Sequence(items) => items.iter().for_each(|item| references(item, into)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cut_keeps_the_operations_and_what_they_reach_transitively() {
        let root: Value = serde_json::from_str(
            r##"{"openapi": "3.0.3", "info": {"title": "t"}, "x-other": 1,
                "paths": {
                  "/a": {"parameters": [{"$ref": "#/components/parameters/id"}],
                         "get": {"responses": {"200": {"$ref": "#/components/responses/ok"}}},
                         "post": {"responses": {}}},
                  "/b": {"get": {"responses": {}}}},
                "components": {
                  "parameters": {"id": {"name": "id"}},
                  "responses": {"ok": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/A"}}}}},
                  "schemas": {"A": {"items": {"$ref": "#/components/schemas/B"}}, "B": {}, "C": {}},
                  "securitySchemes": {"token": {"type": "http"}}}}"##,
        )
        .expect("JSON");
        let doc = Doc { root };
        let keys = BTreeSet::from(["GET /a".to_owned()]);
        let known = BTreeMap::from([("GET /a".to_owned(), "a test".to_owned())]);
        let cut: serde_json::Value = serde_json::from_str(&cut(&doc, &keys, &known).expect("cut")).expect("JSON");
        assert_eq!(cut["x-known-failures"]["GET /a"], "a test");
        assert_eq!(cut["paths"].as_object().map(|paths| paths.len()), Some(1));
        assert!(cut["paths"]["/a"]["post"].is_null(), "only the selected methods");
        assert!(cut["paths"]["/a"]["parameters"].is_array(), "the item's own keys stay");
        let schemas: Vec<&String> = cut["components"]["schemas"].as_object().expect("schemas").keys().collect();
        assert_eq!(schemas, ["A", "B"], "reached transitively, and only those");
        assert!(cut["components"]["securitySchemes"]["token"].is_object());
        assert!(cut["x-other"].is_null());
    }

    #[test]
    fn properties_beside_a_union_go_into_each_variant_unless_it_has_a_discriminator() {
        let mut node: Value = serde_json::from_str(
            r#"{"a": {"properties": {"p": {}}, "required": ["p"], "anyOf": [{"title": "A"}, {"title": "B"}]},
                "b": {"properties": {"t": {}}, "discriminator": {"propertyName": "t"}, "oneOf": [{"title": "C"}]}}"#,
        )
        .expect("JSON");
        let untouched = node["b"].clone();
        properties_into_variants(&mut node);
        let expected: Value = serde_json::from_str(
            r#"{"anyOf": [{"allOf": [{"type": "object", "properties": {"p": {}}, "required": ["p"]}, {"title": "A"}]},
                          {"allOf": [{"type": "object", "properties": {"p": {}}, "required": ["p"]}, {"title": "B"}]}]}"#,
        )
        .expect("JSON");
        assert_eq!(node["a"], expected);
        assert_eq!(node["b"], untouched);
    }
}
