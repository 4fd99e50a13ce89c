//! `spec/` must describe everything Cloudflare's published API description has.
//!
//! `fixtures/reference/` holds Cloudflare's own OpenAPI description of the operations this
//! client covers. Every operation, path and query parameter, request body field, `result` and
//! `result_info` field, union variant and string enum value found there must exist in `spec/`
//! at the same place; the test names every one that does not. Fields the spec adds are fine
//! (it may know more than the published description), but an operation that neither the
//! reference nor the importer's cut of the whole published description (`openapi/`) has is
//! not: the client must not offer an endpoint the API does not have. Only the reference's
//! 27 operations are compared field by field.
//!
//! Only names are compared, not scalar types or docs: those are choices of the spec (an
//! integer for a count the reference types `number`), while a missing name is a hole.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};

use codegen::model::{Field, Model, Operation, Resource, SchemaKind, Type, UnionVariant};
use serde_json::{Map, Value};

/// The reference, relative to this crate.
const REFERENCE: &str = "fixtures/reference/cloudflare-zero-trust.openapi.json";
/// The cut of the whole published description holding every operation `spec/` imports
/// (written by `cargo xtask import`), relative to this crate.
const PUBLISHED: &str = "../openapi/zero-trust.openapi.json";

/// The HTTP methods of an OpenAPI path item; its other keys (`parameters`, `summary`) are not operations.
const METHODS: [&str; 8] = ["get", "put", "post", "delete", "patch", "head", "options", "trace"];

#[test]
fn spec_has_everything_the_reference_has() {
    let report = compare_spec(&workspace_root().join("spec"));
    report.print();
    assert!(
        report.misses.is_empty(),
        "spec/ lacks {} things that {REFERENCE} has (add them to spec/, then `cargo xtask generate`):\n  {}",
        report.misses.len(),
        report.misses.join("\n  ")
    );
    report.counts.assert_non_trivial();
}

/// Proves the check can fail: a copy of `spec/` with one query parameter and one field of a
/// union payload removed must be reported with both named, and nothing else.
#[test]
fn a_removed_field_and_query_parameter_are_named() {
    let spec = TempSpec::copy_of(&workspace_root().join("spec"));
    spec.remove(&["resources", "zero_trust.access.users", "operations", "list", "query", "per_page"]);
    spec.remove(&["schemas", "GithubOrganizationRule", "fields", "team"]);

    let report = compare_spec(&spec.dir);
    let groups = "/{accounts_or_zones}/{account_or_zone_id}/access/groups";
    for expected in [
        "GET /accounts/{account_id}/access/users: query parameter per_page missing".to_owned(),
        // Through a union payload, in a request body and in a response (the `is_default` quirk).
        format!("POST {groups}: body field include[].github-organization.team missing"),
        format!("GET {groups}/{{group_id}}: result field is_default[].github-organization.team missing"),
    ] {
        let reported = report.misses.join("\n  ");
        assert!(report.misses.contains(&expected), "not reported: {expected}\nreported:\n  {reported}");
    }
    let unrelated: Vec<&String> =
        report.misses.iter().filter(|miss| !miss.contains("per_page") && !miss.contains(".team")).collect();
    assert!(unrelated.is_empty(), "reported but not removed: {unrelated:#?}");
}

// ---------------------------------------------------------------------------------------------
// The comparison

/// Compares the spec in `spec_dir` with the reference.
fn compare_spec(spec_dir: &Path) -> Report {
    let sources = codegen::spec::read_dir(spec_dir).unwrap_or_else(|error| panic!("{}: {error}", spec_dir.display()));
    let model = codegen::check(&sources).unwrap_or_else(|diagnostics| panic!("{diagnostics}"));
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(REFERENCE);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    let reference: Value = serde_json::from_str(&text).unwrap_or_else(|error| panic!("{REFERENCE}: {error}"));

    let mut checker = Checker { reference: &reference, model: &model, report: Report::default() };
    checker.compare_operations();
    checker.report
}

/// The operations of the published description's cut the importer writes for Prism.
fn published_operations() -> BTreeSet<(String, String)> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(PUBLISHED);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    let published: Value = serde_json::from_str(&text).unwrap_or_else(|error| panic!("{PUBLISHED}: {error}"));
    let paths = published["paths"].as_object().into_iter().flatten();
    paths
        .flat_map(|(path, item)| {
            let methods = item.as_object().into_iter().flatten().map(|(method, _)| method);
            methods.filter(|method| METHODS.contains(&method.as_str())).map(move |method| (method.to_uppercase(), path.clone()))
        })
        .collect()
}

/// What the comparison found, and how much it compared.
#[derive(Default)]
struct Report {
    /// Everything of the reference the spec lacks, by name.
    misses: Vec<String>,
    /// What the spec format cannot express, so was not compared (deduplicated).
    notes: BTreeSet<String>,
    counts: Counts,
}

impl Report {
    fn print(&self) {
        let Counts { operations, parameters, fields, variants, enum_values } = &self.counts;
        println!(
            "compared {operations} operations, {parameters} parameters, {fields} fields, \
             {variants} union variants, {enum_values} enum values"
        );
        for note in &self.notes {
            println!("not compared: {note}");
        }
    }
}

/// How many reference items were compared, so a walker that compares nothing cannot pass.
#[derive(Default, Debug)]
struct Counts {
    operations: usize,
    parameters: usize,
    /// Object properties (of bodies, results, `result_info` and union payloads), at every place met.
    fields: usize,
    variants: usize,
    enum_values: usize,
}

impl Counts {
    /// The reference has 27 operations and 63 parameters; the other bounds are far below what
    /// it has (1,212 fields, 572 variants, 164 enum values as of writing), so they only catch a
    /// walker that stopped following `$ref`s, arrays or unions, not a spec that gained fields.
    fn assert_non_trivial(&self) {
        assert_eq!(self.operations, 27, "operations compared: {self:?}");
        assert!(self.parameters >= 60, "too few parameters compared: {self:?}");
        assert!(self.fields > 200, "too few fields compared: {self:?}");
        assert!(self.variants >= 26, "too few union variants compared: {self:?}");
        assert!(self.enum_values >= 10, "too few enum values compared: {self:?}");
    }
}

/// Where in an operation a comparison is: `POST /accounts/{account_id}/access/users: body field name`.
#[derive(Clone)]
struct Place {
    /// `POST /accounts/{account_id}/access/users`
    operation: String,
    /// `body`, `result`, `result_info`, `query parameter page`, ...
    root: String,
    /// `include[].email.email`: properties joined by `.`, `[]` for array items, `{}` for map values.
    path: String,
}

impl Place {
    fn new(operation: &str, root: impl Into<String>) -> Place {
        Place { operation: operation.to_owned(), root: root.into(), path: String::new() }
    }

    /// A property, or the payload of a union variant (both are a JSON key).
    fn key(&self, key: &str) -> Place {
        let path = if self.path.is_empty() { key.to_owned() } else { format!("{}.{key}", self.path) };
        Place { path, ..self.clone() }
    }

    fn suffixed(&self, suffix: &str) -> Place {
        Place { path: format!("{}{suffix}", self.path), ..self.clone() }
    }
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.operation, self.root)?;
        if !self.path.is_empty() {
            write!(f, " field {}", self.path)?;
        }
        Ok(())
    }
}

struct Checker<'a> {
    reference: &'a Value,
    model: &'a Model,
    report: Report,
}

impl<'a> Checker<'a> {
    fn miss(&mut self, miss: String) {
        // A named schema used at several places is reported at each; the same place only once.
        if !self.report.misses.contains(&miss) {
            self.report.misses.push(miss);
        }
    }

    /// (1) and (6): operations both ways, then each reference operation's contents.
    fn compare_operations(&mut self) {
        let mut spec_operations = BTreeMap::new();
        collect_operations(&self.model.root, &mut spec_operations);

        let paths = self.reference["paths"].as_object().expect("the reference has paths");
        let mut reference_operations = BTreeSet::new();
        for (path, item) in paths {
            for (method, operation) in item.as_object().into_iter().flatten() {
                if !METHODS.contains(&method.as_str()) {
                    continue;
                }
                let key = (method.to_uppercase(), path.clone());
                let name = format!("{} {path}", key.0);
                self.report.counts.operations += 1;
                match spec_operations.get(&key) {
                    Some(spec) => self.compare_operation(&name, item, operation, spec),
                    None => self.miss(format!("missing operation {name}")),
                }
                reference_operations.insert(key);
            }
        }
        // The reference holds the first 27 operations; every other one must be published too:
        // the importer's cut of the description (`openapi/`) holds every operation it imported.
        let published = published_operations();
        let unpublished = |key: &&(String, String)| !reference_operations.contains(*key) && !published.contains(*key);
        for (method, path) in spec_operations.keys().filter(unpublished) {
            self.miss(format!("operation {method} {path} is in spec/ but not in the reference"));
        }
    }

    fn compare_operation(&mut self, name: &str, item: &Value, operation: &Value, spec: &Operation) {
        // Parameters may be declared on the path item (shared by its operations) or the operation.
        let parameters = [item, operation].into_iter().filter_map(|node| node["parameters"].as_array()).flatten();
        for parameter in parameters {
            self.compare_parameter(name, parameter, spec);
        }
        self.compare_body(name, operation, spec);
        self.compare_response(name, operation, spec);
    }

    /// (2): a path or query parameter, and the enum values of its type.
    fn compare_parameter(&mut self, operation: &str, parameter: &Value, spec: &Operation) {
        let (parameter, _) = self.resolve(parameter);
        let name = parameter["name"].as_str().expect("a parameter has a name");
        let (fields, label) = match parameter["in"].as_str() {
            Some("path") => (&spec.path_params, "path parameter"),
            Some("query") => (&spec.query, "query parameter"),
            // Headers and cookies are the client's business (auth), not an operation's.
            _ => return,
        };
        self.report.counts.parameters += 1;
        let place = Place::new(operation, format!("{label} {name}"));
        match fields.iter().find(|field| field.wire == name) {
            Some(field) => self.compare(&place, &parameter["schema"], &field.ty, &mut Vec::new()),
            None => self.miss(format!("{place} missing")),
        }
    }

    /// (3): the JSON request body, recursively.
    fn compare_body(&mut self, operation: &str, reference: &Value, spec: &Operation) {
        if reference.get("requestBody").is_none() {
            return;
        }
        let (body, _) = self.resolve(&reference["requestBody"]);
        let Some(schema) =
            body.get("content").and_then(|content| content.get("application/json")).map(|json| &json["schema"])
        else {
            self.report.notes.insert(format!("{operation}: the request body is not JSON"));
            return;
        };
        match &spec.body {
            Some(ty) => self.compare(&Place::new(operation, "body"), schema, ty, &mut Vec::new()),
            None => self.miss(format!("{operation}: request body missing")),
        }
    }

    /// (4): `result` and `result_info` of the success response's envelope, recursively.
    fn compare_response(&mut self, operation: &str, reference: &Value, spec: &Operation) {
        let responses = reference["responses"].as_object().expect("an operation has responses");
        // The lowest 2xx is the documented success; the rest (4XX) are the error envelope.
        let Some(code) = responses.keys().filter(|code| code.starts_with('2')).min() else {
            self.miss(format!("{operation}: the reference has no success response to compare"));
            return;
        };
        let (response, _) = self.resolve(&responses[code]);
        let schema =
            response.get("content").and_then(|content| content.get("application/json")).map(|json| &json["schema"]);
        let (envelope, _) = self.resolve(schema.unwrap_or(&Value::Null));
        let properties = envelope.get("properties").and_then(Value::as_object);
        let Some(result) = properties.and_then(|properties| properties.get("result")) else {
            self.miss(format!("{operation}: the reference's {code} response has no result to compare"));
            return;
        };
        self.compare(&Place::new(operation, "result"), result, &spec.result, &mut Vec::new());
        // Every response shares the envelope's one result_info schema, so compare with that.
        if let Some(result_info) = properties.and_then(|properties| properties.get("result_info")) {
            let ty = Type::Named(self.model.api.result_info);
            self.compare(&Place::new(operation, "result_info"), result_info, &ty, &mut Vec::new());
        }
    }

    /// Compares a reference schema with the spec type at the same place.
    ///
    /// `stack` holds the `$ref`s being compared above this place, so a schema that contains
    /// itself is compared once rather than forever.
    fn compare(&mut self, place: &Place, schema: &Value, ty: &Type, stack: &mut Vec<String>) {
        let (node, refs) = self.resolve(schema);
        if refs.iter().any(|target| stack.contains(target)) {
            return;
        }
        let depth = stack.len();
        stack.extend(refs);
        // One node may be several things at once (`type: object` with `anyOf`); check each.
        if let Some(alternatives) = node.get("anyOf").or_else(|| node.get("oneOf")).and_then(Value::as_array) {
            self.compare_union(place, alternatives, ty, stack);
        }
        if let Some(properties) = node.get("properties").and_then(Value::as_object) {
            self.compare_object(place, properties, ty, stack);
        }
        if let Some(items) = node.get("items") {
            self.compare_items(place, items, ty, stack);
        }
        if let Some(values) = node.get("additionalProperties").filter(|values| values.is_object()) {
            self.compare_map(place, values, ty, stack);
        }
        if let Some(values) = node.get("enum").and_then(Value::as_array) {
            self.compare_enum(place, values, ty);
        }
        stack.truncate(depth);
    }

    /// (3) and (4): every property must be a field of the spec object (by wire name).
    fn compare_object(&mut self, place: &Place, properties: &Map<String, Value>, ty: &Type, stack: &mut Vec<String>) {
        let fields = self.object_fields(ty);
        for (name, schema) in properties {
            self.report.counts.fields += 1;
            let place = place.key(name);
            match fields.as_ref().map(|fields| fields.iter().find(|field| field.wire == *name)) {
                Ok(Some(field)) => self.compare(&place, schema, &field.ty, stack),
                Ok(None) => self.miss(format!("{place} missing")),
                Err(spec) => self.miss(format!("{place} missing (the spec has {spec} there)")),
            }
        }
    }

    /// The `access_rule` quirk: an `anyOf` of single-key objects, whose one key is the tag,
    /// is a spec union keyed by the same JSON keys; each key's payload is compared too.
    fn compare_union(&mut self, place: &Place, alternatives: &[Value], ty: &Type, stack: &mut Vec<String>) {
        let variants = self.union_variants(ty);
        for alternative in alternatives {
            let (alternative, refs) = self.resolve(alternative);
            let depth = stack.len();
            stack.extend(refs);
            let properties = alternative.get("properties").and_then(Value::as_object);
            match properties.filter(|properties| properties.len() == 1).and_then(|properties| properties.iter().next())
            {
                Some((key, payload)) => {
                    self.report.counts.variants += 1;
                    match variants.as_ref().map(|variants| variants.iter().find(|variant| variant.key == *key)) {
                        Ok(Some(variant)) => self.compare(&place.key(key), payload, &variant.ty, stack),
                        Ok(None) => self.miss(format!("{place}: union variant {key} missing")),
                        Err(spec) => {
                            self.miss(format!("{place}: union variant {key} missing (the spec has {spec} there)"))
                        }
                    }
                }
                None => {
                    self.miss(format!("{place}: a union alternative is not a single-key object, so cannot be compared"))
                }
            }
            stack.truncate(depth);
        }
    }

    fn compare_items(&mut self, place: &Place, items: &Value, ty: &Type, stack: &mut Vec<String>) {
        match ty {
            Type::Array(item) => self.compare(&place.suffixed("[]"), items, item, stack),
            // Untyped JSON holds anything, but not the fields of the items: those are reported.
            Type::Json => self.compare(&place.suffixed("[]"), items, &Type::Json, stack),
            other => self.miss(format!("{place}: the reference has an array, the spec has {}", self.describe(other))),
        }
    }

    fn compare_map(&mut self, place: &Place, values: &Value, ty: &Type, stack: &mut Vec<String>) {
        match ty {
            Type::Map(value) => self.compare(&place.suffixed("{}"), values, value, stack),
            Type::Json => self.compare(&place.suffixed("{}"), values, &Type::Json, stack),
            other => self.miss(format!("{place}: the reference has a map, the spec has {}", self.describe(other))),
        }
    }

    /// (5): every string value of a reference enum must be a value of the spec enum.
    fn compare_enum(&mut self, place: &Place, values: &[Value], ty: &Type) {
        let Some(strings) = values.iter().map(Value::as_str).collect::<Option<Vec<&str>>>() else {
            // `enum: [true, false]` on a boolean says nothing a bool does not.
            if !values.iter().all(Value::is_boolean) {
                let values = Value::Array(values.to_vec());
                self.report.notes.insert(format!("{place}: enum {values} (the spec format has only string enums)"));
            }
            return;
        };
        let spec_values = self.enum_values(ty);
        for value in strings {
            self.report.counts.enum_values += 1;
            match &spec_values {
                Ok(spec_values) if spec_values.contains(&value) => {}
                Ok(_) => self.miss(format!("{place}: enum value {value:?} missing")),
                Err(spec) => self.miss(format!("{place}: enum value {value:?} missing (the spec has {spec} there)")),
            }
        }
    }

    // -----------------------------------------------------------------------------------------
    // The spec side

    /// The fields of an object type, or what the type is instead.
    fn object_fields(&self, ty: &Type) -> Result<&'a [Field], String> {
        match self.named_kind(ty) {
            Some(SchemaKind::Object(fields)) => Ok(fields),
            _ => Err(self.describe(ty)),
        }
    }

    fn union_variants(&self, ty: &Type) -> Result<&'a [UnionVariant], String> {
        match self.named_kind(ty) {
            Some(SchemaKind::Union(variants)) => Ok(variants),
            _ => Err(self.describe(ty)),
        }
    }

    fn enum_values(&self, ty: &Type) -> Result<Vec<&'a str>, String> {
        match self.named_kind(ty) {
            Some(SchemaKind::Enum(values)) => Ok(values.iter().map(|value| value.wire.as_str()).collect()),
            _ => Err(self.describe(ty)),
        }
    }

    fn named_kind(&self, ty: &Type) -> Option<&'a SchemaKind> {
        match ty {
            Type::Named(id) => Some(&self.model.schema(*id).kind),
            _ => None,
        }
    }

    /// A spec type as a message says it: `AccessUser`, `an array of string`, `json`.
    fn describe(&self, ty: &Type) -> String {
        match ty {
            Type::Named(id) => self.model.schema(*id).name.clone(),
            Type::Array(item) => format!("an array of {}", self.describe(item)),
            Type::Map(value) => format!("a map of {}", self.describe(value)),
            other => format!("{other:?}").to_lowercase(),
        }
    }

    // -----------------------------------------------------------------------------------------
    // The reference side

    /// A reference node with its `$ref`s followed and its `allOf` parts merged into one map,
    /// and the `$ref` targets followed on the way.
    fn resolve(&self, node: &Value) -> (Map<String, Value>, Vec<String>) {
        let mut refs = Vec::new();
        let merged = self.flatten(node, &mut refs);
        (merged, refs)
    }

    fn flatten(&self, node: &Value, refs: &mut Vec<String>) -> Map<String, Value> {
        let Some(object) = node.as_object() else {
            return Map::new();
        };
        let mut merged = Map::new();
        if let Some(target) = object.get("$ref").and_then(Value::as_str) {
            // A chain of `$ref`s that comes back to itself has nothing more to add.
            if !refs.iter().any(|seen| seen == target) {
                refs.push(target.to_owned());
                let pointer =
                    target.strip_prefix('#').unwrap_or_else(|| panic!("only local $refs are supported: {target}"));
                let pointed = self.reference.pointer(pointer).unwrap_or_else(|| panic!("dangling $ref {target}"));
                merged = self.flatten(pointed, refs);
            }
        }
        for part in object.get("allOf").and_then(Value::as_array).into_iter().flatten() {
            let part = self.flatten(part, refs);
            merge(&mut merged, part);
        }
        // Keys beside a `$ref` (a description, `nullable`) refine what it points to.
        let own = object.iter().filter(|(key, _)| *key != "$ref" && *key != "allOf");
        merge(&mut merged, own.map(|(key, value)| (key.clone(), value.clone())).collect());
        merged
    }
}

/// Merges `from` into `into`: `properties` and `required` accumulate, any other key is replaced.
fn merge(into: &mut Map<String, Value>, from: Map<String, Value>) {
    for (key, value) in from {
        match (into.get_mut(&key), value) {
            (Some(Value::Object(existing)), Value::Object(more)) if key == "properties" => existing.extend(more),
            (Some(Value::Array(existing)), Value::Array(more)) if key == "required" => existing.extend(more),
            (_, value) => {
                into.insert(key, value);
            }
        }
    }
}

/// Every operation of the resource tree, by (method, path).
fn collect_operations<'a>(resource: &'a Resource, out: &mut BTreeMap<(String, String), &'a Operation>) {
    for operation in &resource.operations {
        out.insert((operation.method.as_str().to_owned(), operation.path.clone()), operation);
    }
    for child in &resource.children {
        collect_operations(child, out);
    }
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("tests/ has a parent").to_path_buf()
}

// ---------------------------------------------------------------------------------------------
// A modified copy of spec/ for the failing case

/// A copy of a spec directory in the system's temp dir, removed on drop.
struct TempSpec {
    dir: PathBuf,
}

impl TempSpec {
    fn copy_of(spec: &Path) -> TempSpec {
        let dir = std::env::temp_dir().join(format!("zt-tests-reference-{}", std::process::id()));
        // A leftover of a killed run with the same pid would otherwise mix in.
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap_or_else(|error| panic!("{}: {error}", dir.display()));
        for entry in std::fs::read_dir(spec).unwrap_or_else(|error| panic!("{}: {error}", spec.display())) {
            let path = entry.expect("readable spec/ entry").path();
            // Only the YAML: spec/README.md has example entries that `remove` would find too.
            if path.is_file() && path.extension().is_some_and(|ext| ext == "yaml" || ext == "yml") {
                let to = dir.join(path.file_name().expect("a file has a name"));
                std::fs::copy(&path, &to).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
            }
        }
        TempSpec { dir }
    }

    /// Removes the entry at `keys` from whichever spec file has it.
    fn remove(&self, keys: &[&str]) {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(&self.dir)
            .expect("the copy is readable")
            .map(|entry| entry.expect("readable entry").path())
            .collect();
        paths.sort();
        for path in paths {
            let text = std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
            if let Some(edited) = remove_entry(&text, keys) {
                std::fs::write(&path, edited).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
                return;
            }
        }
        panic!("no spec file has {}; pick another entry for this test", keys.join(" > "));
    }
}

impl Drop for TempSpec {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Removes the entry at a path of keys from block-style YAML, with everything nested under it.
/// Text editing keeps the rest of the file byte for byte (comments too); `None` if not found.
fn remove_entry(text: &str, keys: &[&str]) -> Option<String> {
    let lines: Vec<&str> = text.lines().collect();
    let indent = |line: &str| line.len() - line.trim_start().len();
    let is_content = |line: &str| !line.trim().is_empty() && !line.trim_start().starts_with('#');
    // The lines of the block searched for the next key: the whole file, then the entry found.
    let (mut start, mut end) = (0, lines.len());
    let mut found = None;
    for key in keys {
        let child_indent = indent(lines[start..end].iter().find(|line| is_content(line))?);
        let header = format!("{key}:");
        let at = (start..end).find(|&i| {
            let line = lines[i];
            indent(line) == child_indent
                && (line.trim() == header || line.trim_start().starts_with(&format!("{header} ")))
        })?;
        let block_end =
            (at + 1..end).find(|&i| is_content(lines[i]) && indent(lines[i]) <= child_indent).unwrap_or(end);
        (start, end) = (at + 1, block_end);
        found = Some((at, block_end));
    }
    let (at, block_end) = found?;
    let kept: Vec<&str> = lines[..at].iter().chain(&lines[block_end..]).copied().collect();
    Some(kept.join("\n") + "\n")
}
