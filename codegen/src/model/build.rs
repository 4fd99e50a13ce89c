//! Checks the parsed spec and resolves it into a [`Model`], collecting every problem.
//!
//! Each check reports at the place in the file the maintainer has to change, and carries on,
//! so one run lists every problem. A check that depends on a part that is already broken
//! stays quiet: an unknown-schema error for a schema whose own definition failed to read
//! would only repeat that failure.

mod api;
mod bodies;
pub(crate) mod families;
mod operations;
mod pagination;
mod recursion;
mod twins;
mod unions;

use std::collections::{BTreeMap, BTreeSet};

use super::{EnumValue, Field, Model, Resource, Schema, SchemaId, SchemaKind, Type, UnionVariant};
use crate::diagnostics::{did_you_mean_hint, Diagnostic, Diagnostics};
use crate::naming;
use crate::spec::{raw, Loaded, SourceFile};

const TYPE_NAMES: &[&str] = &["string", "integer", "number", "boolean", "array", "map", "json"];

/// Other languages' names for the built-in types, for did-you-mean hints.
const TYPE_ALIASES: &[(&str, &str)] = &[
    ("int", "integer"),
    ("int32", "integer"),
    ("int64", "integer"),
    ("long", "integer"),
    ("bool", "boolean"),
    ("str", "string"),
    ("text", "string"),
    ("float", "number"),
    ("double", "number"),
    ("list", "array"),
    ("dict", "map"),
    ("object", "map"),
    ("any", "json"),
];

/// Checks `files` (read from `sources`, in the same order) and resolves them into a model.
///
/// The problems found while reading the files are reported together with those found here.
pub fn build(sources: &[SourceFile], files: &[Loaded]) -> Result<Model, Diagnostics> {
    if sources.is_empty() || sources.len() != files.len() {
        return Err(no_files());
    }
    let mut builder = Builder::new(sources, files);
    for loaded in files {
        builder.diagnostics.extend(loaded.diagnostics.clone());
    }
    let raw: Vec<&raw::File> = files.iter().map(|loaded| &loaded.file).collect();
    let model = builder.model(&raw);
    match model {
        Some(model) if builder.diagnostics.is_empty() => Ok(model),
        _ if builder.diagnostics.is_empty() => Err(unexplained(sources)),
        _ => Err(builder.diagnostics),
    }
}

/// A safety net: a failed check always says something, even when a check forgot to.
fn unexplained(sources: &[SourceFile]) -> Diagnostics {
    let mut diagnostics = Diagnostics::default();
    let mut diagnostic = sources[0].error_at(&[], "the spec could not be resolved, but no check said why");
    diagnostic.note = Some(format!("{UNEXPLAINED}; please report it with the spec"));
    diagnostics.push(diagnostic);
    diagnostics
}

/// How a failure no check explained is marked, so that tests can look for it.
pub const UNEXPLAINED: &str = "this is a bug in the generator";

fn no_files() -> Diagnostics {
    let mut diagnostics = Diagnostics::default();
    diagnostics.push(Diagnostic {
        file: "spec".into(),
        line: 0,
        column: 0,
        message: "the spec has no YAML files".into(),
        doc_path: None,
        hint: Some("a spec is a directory of `*.yaml` files, one of them with the `api` section".into()),
        note: None,
        source_line: None,
    });
    diagnostics
}

/// A path inside one file's document, for diagnostics: (file index, keys).
type At = (usize, Vec<String>);

fn at(file: usize, keys: &[&str]) -> At {
    (file, keys.iter().map(|key| (*key).to_owned()).collect())
}

fn child(parent: &At, keys: &[&str]) -> At {
    let mut path = parent.1.clone();
    path.extend(keys.iter().map(|key| (*key).to_owned()));
    (parent.0, path)
}

/// What kind of type a schema declares, known before any schema is resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Object,
    Enum,
    Union,
}

struct Builder<'a> {
    sources: &'a [SourceFile],
    files: &'a [Loaded],
    diagnostics: Diagnostics,
    /// Every schema name, with the id it will have and where it was declared.
    schema_ids: BTreeMap<String, (SchemaId, At)>,
    /// What each schema is, for checks of where it may be used.
    schema_kinds: BTreeMap<SchemaId, Kind>,
    /// Schema names declared anywhere, including in parts that could not be read.
    declared_schemas: BTreeSet<String>,
    /// Whether every file could be read to its end.
    all_read: bool,
    /// Members (fields, union variants) that close a cycle of inline containment: boxed.
    boxed: BTreeSet<At>,
}

impl<'a> Builder<'a> {
    fn new(sources: &'a [SourceFile], files: &'a [Loaded]) -> Self {
        Builder {
            sources,
            files,
            diagnostics: Diagnostics::default(),
            schema_ids: BTreeMap::new(),
            schema_kinds: BTreeMap::new(),
            declared_schemas: files.iter().flat_map(|loaded| loaded.declared_schemas.iter().cloned()).collect(),
            all_read: files.iter().all(|loaded| loaded.complete),
            boxed: BTreeSet::new(),
        }
    }

    /// Reports a problem with the entry at `at`; the caret goes under its value when that is
    /// a plain scalar on the same line (`method: get`), since the value is what is wrong.
    fn error(&mut self, at: &At, message: impl Into<String>, hint: Option<String>) {
        self.report(at, message.into(), hint, true);
    }

    /// Reports a problem with a key itself (a key that does not belong where it is).
    fn key_error(&mut self, at: &At, message: impl Into<String>) {
        self.report(at, message.into(), None, false);
    }

    fn report(&mut self, at: &At, message: String, hint: Option<String>, at_value: bool) {
        // A node around a part that failed to read is incomplete: its problems are that failure.
        if !at.1.is_empty() && self.files[at.0].cuts.iter().any(|cut| cut.starts_with(&at.1)) {
            return;
        }
        let keys: Vec<&str> = at.1.iter().map(String::as_str).collect();
        let source = &self.sources[at.0];
        let mut diagnostic =
            if at_value { source.error_at_value(&keys, message) } else { source.error_at(&keys, message) };
        diagnostic.hint = hint;
        self.diagnostics.push(diagnostic);
    }

    fn model(&mut self, files: &[&raw::File]) -> Option<Model> {
        self.declare_schemas(files);
        self.check_recursion(files);
        let mut schemas = Vec::new();
        for (index, file) in files.iter().enumerate() {
            let module = naming::module(module_stem(&self.sources[index].name));
            for (name, schema) in &file.schemas {
                let place = at(index, &["schemas", name]);
                if let Some(schema) = self.schema(&place, name, &module, schema) {
                    schemas.push(schema);
                }
            }
        }
        let root = self.resources(files);
        let api = self.api(files);
        if !self.diagnostics.is_empty() || schemas.len() != self.schema_ids.len() {
            return None;
        }
        let shadowed_prelude = schemas
            .iter()
            .map(|schema| schema.name.clone())
            .filter(|name| matches!(name.as_str(), "String" | "Vec" | "Option"))
            .collect();
        let mut model = Model { api: api?, schemas, root, shadowed_prelude, families: Default::default() };
        mark_usage(&mut model);
        let twinned = self.add_request_twins(&mut model);
        model.families = families::compute(&model);
        twinned.then_some(model)
    }

    fn declare_schemas(&mut self, files: &[&raw::File]) {
        let mut next = 0;
        for (index, file) in files.iter().enumerate() {
            for (name, schema) in &file.schemas {
                let place = at(index, &["schemas", name]);
                self.check_schema_name(&place, name);
                if let Some((_, first)) = self.schema_ids.get(name) {
                    let first_file = self.sources[first.0].name.clone();
                    self.error(&place, format!("schema `{name}` is already defined in {first_file}"), None);
                    continue;
                }
                self.schema_ids.insert(name.clone(), (SchemaId(next), place));
                let kind = match (&schema.enum_values, schema.union.is_some() || schema.untagged.is_some()) {
                    (Some(_), _) => Kind::Enum,
                    (None, true) => Kind::Union,
                    (None, false) => Kind::Object,
                };
                self.schema_kinds.insert(SchemaId(next), kind);
                next += 1;
            }
        }
    }

    fn check_schema_name(&mut self, place: &At, name: &str) {
        if !naming::is_camel(name) {
            let hint = Some(format!("schema names are Rust type names: `{}`", naming::camel(name)));
            self.error(place, format!("schema name `{name}` is not UpperCamelCase"), hint);
        } else if naming::RESERVED_TYPES.contains(&name) {
            let hint = Some(format!("choose another name, e.g. `{name}Value`"));
            self.error(place, format!("schema name `{name}` is reserved: the generated code uses it"), hint);
        }
    }

    fn schema_ref(&mut self, place: &At, name: &str) -> Option<SchemaId> {
        if let Some((id, _)) = self.schema_ids.get(name) {
            return Some(*id);
        }
        // Declared in a part that failed to read, or maybe in a file that could not be read:
        // that failure is already reported.
        if self.declared_schemas.contains(name) || !self.all_read {
            return None;
        }
        let hint = did_you_mean_hint(name, self.schema_ids.keys().map(String::as_str));
        self.error(place, format!("unknown schema `{name}`"), hint);
        None
    }

    fn schema(&mut self, place: &At, name: &str, module: &str, schema: &raw::Schema) -> Option<Schema> {
        if schema.rust_names.is_some() && schema.enum_values.is_none() {
            self.key_error(&child(place, &["rust_names"]), "`rust_names` only applies to an `enum`");
        }
        let extra = self.extra(place, schema);
        if schema.discriminator.is_some() && schema.union.is_none() {
            self.key_error(&child(place, &["discriminator"]), "`discriminator` only applies to a `union`");
        }
        let kinds =
            [schema.fields.is_some(), schema.enum_values.is_some(), schema.union.is_some(), schema.untagged.is_some()];
        let kind = match (kinds, &schema.discriminator) {
            ([true, false, false, false], _) => SchemaKind::Object(self.fields(place, schema.fields.as_ref()?)),
            ([false, true, false, false], _) => SchemaKind::Enum(self.enum_values(place, schema)),
            ([false, false, true, false], None) => SchemaKind::Union(self.union(place, schema.union.as_ref()?)),
            ([false, false, true, false], Some(property)) => SchemaKind::Tagged {
                property: property.clone(),
                variants: self.tagged(place, property, schema.union.as_ref()?),
            },
            ([false, false, false, true], _) => SchemaKind::Untagged(self.untagged(place, schema.untagged.as_ref()?)),
            _ => {
                let message =
                    format!("schema `{name}` must have exactly one of `fields`, `enum`, `union` or `untagged`");
                self.error(place, message, None);
                return None;
            }
        };
        Some(Schema {
            name: name.to_owned(),
            module: module.to_owned(),
            docs: schema.docs.clone(),
            deprecated: schema.deprecated,
            kind,
            in_response: false,
            in_request: false,
            twin_of: None,
            extra,
        })
    }

    /// `extra: <type>` beside `fields`: the map that holds the keys the fields do not name.
    fn extra(&mut self, place: &At, schema: &raw::Schema) -> Option<Type> {
        let raw = schema.extra.as_ref()?;
        let extra_at = child(place, &["extra"]);
        let Some(fields) = &schema.fields else {
            self.key_error(&extra_at, "`extra` only applies to an object (`fields`)");
            return None;
        };
        if let Some(wire) = fields.keys().find(|wire| raw_field_rust_name(fields, wire) == "extra") {
            let message = format!("field `{wire}` would be the Rust field `extra`, which holds the map of other keys");
            self.error(&child(place, &["fields", wire]), message, Some("give it another `rust_name`".into()));
            return None;
        }
        self.reject_field_keys(&extra_at, raw);
        self.ty(&extra_at, raw)
    }

    fn fields(&mut self, place: &At, fields: &indexmap::IndexMap<String, raw::Type>) -> Vec<Field> {
        let mut result = Vec::new();
        let mut seen = BTreeMap::new();
        for (wire, raw) in fields {
            let field_at = child(place, &["fields", wire]);
            self.reject_parameter_keys(&field_at, raw);
            let Some(field) = self.field(&field_at, wire, raw) else { continue };
            if let Some(first) = seen.insert(field.rust.clone(), wire.clone()) {
                let message = format!("fields `{first}` and `{wire}` both become `{}` in Rust", field.rust);
                self.error(&field_at, message, Some("give one of them a `rust_name`".into()));
                continue;
            }
            result.push(field);
        }
        result
    }

    /// A field or parameter: its Rust name is its `rust_name`, or its wire name cased.
    fn field(&mut self, place: &At, wire: &str, raw: &raw::Type) -> Option<Field> {
        let rust = match &raw.rust_name {
            Some(name) if naming::is_snake(name) => naming::field(name),
            Some(name) => {
                let hint = Some(format!("use `{}`", naming::snake(name)));
                self.error(&child(place, &["rust_name"]), format!("`{name}` is not a snake_case Rust name"), hint);
                return None;
            }
            None => naming::field(&naming::snake(wire)),
        };
        let ty = self.ty(place, raw)?;
        let ty = self.boxed_if_cyclic(place, ty);
        Some(Field {
            rust,
            wire: wire.to_owned(),
            ty,
            docs: raw.docs.clone(),
            required: raw.required,
            nullable: raw.nullable,
            deprecated: raw.deprecated || raw.deprecation.is_some(),
            deprecation: raw.deprecation.clone(),
            notes: notes(raw),
        })
    }

    fn enum_values(&mut self, place: &At, schema: &raw::Schema) -> Vec<EnumValue> {
        let values = schema.enum_values.as_deref().unwrap_or_default();
        if values.is_empty() {
            self.error(&child(place, &["enum"]), "an enum needs at least one value", None);
        }
        let names = self.rust_names(place, schema);
        let mut seen: BTreeMap<String, &raw::EnumLiteral> = BTreeMap::new();
        let mut result = Vec::new();
        for (index, literal) in values.iter().enumerate() {
            let value_at = child(place, &["enum", &index.to_string()]);
            let wire = literal.text();
            let variant = match names.get(&wire) {
                Some(name) => name.clone(),
                None if !wire.chars().any(char::is_alphanumeric) => {
                    let message = format!("enum value `{wire}` has no letter or digit to name its variant by");
                    let hint = format!("name it yourself: `rust_names: {{ \"{wire}\": SomeName }}`");
                    self.error(&value_at, message, Some(hint));
                    continue;
                }
                None => naming::enum_variant(&wire),
            };
            match seen.get(&variant) {
                Some(first) if *first == literal => {
                    self.error(&value_at, format!("enum value `{wire}` is listed twice"), None);
                }
                Some(first) => {
                    let first = first.text();
                    let message = format!("enum values `{first}` and `{wire}` both become the variant `{variant}`");
                    self.error(&value_at, message, Some("give one of them a name in `rust_names`".into()));
                }
                None => {
                    seen.insert(variant.clone(), literal);
                    result.push(EnumValue { variant, wire, literal: literal.clone() });
                }
            }
        }
        result
    }

    /// The checked `rust_names` of an enum: each names a value of the enum with an
    /// UpperCamelCase identifier the generated enum does not use itself.
    fn rust_names(&mut self, place: &At, schema: &raw::Schema) -> BTreeMap<String, String> {
        let mut names = BTreeMap::new();
        let Some(rust_names) = &schema.rust_names else { return names };
        let values: BTreeSet<String> = schema.enum_values.iter().flatten().map(raw::EnumLiteral::text).collect();
        for (value, name) in rust_names {
            let name_at = child(place, &["rust_names", value]);
            if !values.contains(value) {
                let hint = did_you_mean_hint(value, values.iter().map(String::as_str));
                let message = format!("`rust_names` names `{value}`, which is not a value of this enum");
                self.report(&name_at, message, hint, false);
                continue;
            } else if !naming::is_camel(name) || naming::is_keyword(name) {
                let hint = Some(format!("variant names are UpperCamelCase: `{}`", naming::camel(name)));
                self.error(&name_at, format!("`{name}` is not an UpperCamelCase Rust name"), hint);
            } else if naming::enum_variant(name) != *name {
                let message = format!("`{name}` is reserved: the generated enum uses it itself");
                self.error(&name_at, message, Some(format!("use `{name}Value`")));
            }
            // Kept even when refused above, so the value is not reported again as unnamed.
            names.insert(value.clone(), name.clone());
        }
        names
    }

    fn union(&mut self, place: &At, variants: &indexmap::IndexMap<String, raw::Type>) -> Vec<UnionVariant> {
        if variants.is_empty() {
            self.error(&child(place, &["union"]), "a union needs at least one variant", None);
        }
        let mut seen = BTreeMap::new();
        let mut result = Vec::new();
        for (key, raw) in variants {
            let variant_at = child(place, &["union", key]);
            let variant = naming::enum_variant(key);
            if let Some(first) = seen.insert(variant.clone(), key.clone()) {
                let message = format!("union keys `{first}` and `{key}` both become the variant `{variant}`");
                self.error(&variant_at, message, None);
                continue;
            }
            self.reject_field_keys(&variant_at, raw);
            if let Some(ty) = self.ty(&variant_at, raw) {
                let ty = self.boxed_if_cyclic(&variant_at, ty);
                let constructor = Some(naming::method(&naming::snake(key))).filter(|name| name != "key");
                result.push(UnionVariant { variant, key: key.clone(), ty, docs: raw.docs.clone(), constructor });
            }
        }
        result
    }

    /// `ty` boxed when the member at `place` closes a cycle (see `recursion`).
    fn boxed_if_cyclic(&self, place: &At, ty: Type) -> Type {
        if self.boxed.contains(place) {
            Type::Boxed(Box::new(ty))
        } else {
            ty
        }
    }

    /// `required`, `nullable` and `rust_name` belong to fields and parameters only.
    fn reject_field_keys(&mut self, place: &At, raw: &raw::Type) {
        for (present, key) in
            [(raw.required, "required"), (raw.nullable, "nullable"), (raw.rust_name.is_some(), "rust_name")]
        {
            if present {
                self.key_error(&child(place, &[key]), format!("`{key}` only applies to fields and parameters"));
            }
        }
    }

    /// `required` and `rust_name` belong to fields and parameters only; `nullable` also
    /// applies to array items and map values (`Vec<Option<T>>`).
    fn reject_keys(&mut self, place: &At, raw: &raw::Type, what: &str) {
        for (present, key) in [(raw.required, "required"), (raw.rust_name.is_some(), "rust_name")] {
            if present {
                let message = format!("`{key}` only applies to fields and parameters, not to {what}");
                self.key_error(&child(place, &[key]), message);
            }
        }
    }

    /// Resolves a type use.
    fn ty(&mut self, place: &At, raw: &raw::Type) -> Option<Type> {
        match (&raw.reference, &raw.kind) {
            (Some(name), None) => {
                for (present, key) in
                    [(raw.format.is_some(), "format"), (raw.items.is_some(), "items"), (raw.values.is_some(), "values")]
                {
                    if present {
                        self.key_error(&child(place, &[key]), format!("`{key}` does not apply to a `ref`"));
                    }
                }
                self.schema_ref(&child(place, &["ref"]), name).map(Type::Named)
            }
            (None, Some(kind)) => self.builtin(place, kind, raw),
            (Some(_), Some(_)) => {
                self.error(place, "a type has either `ref` or `type`, not both", None);
                None
            }
            (None, None) => {
                self.error(place, "a type needs `ref: <Schema>` or `type: <kind>`", None);
                None
            }
        }
    }

    fn builtin(&mut self, place: &At, kind: &str, raw: &raw::Type) -> Option<Type> {
        if kind != "array" && raw.items.is_some() {
            self.key_error(&child(place, &["items"]), "`items` only applies to `type: array`");
        }
        if kind != "map" && raw.values.is_some() {
            self.key_error(&child(place, &["values"]), "`values` only applies to `type: map`");
        }
        let format = raw.format.as_deref();
        match kind {
            "string" => Some(match format {
                Some("date-time") => Type::Timestamp,
                Some("uuid") => Type::Uuid,
                _ => Type::String,
            }),
            "integer" => Some(if format == Some("int32") { Type::Int32 } else { Type::Integer }),
            "number" => Some(Type::Number),
            "boolean" => Some(Type::Boolean),
            "json" => Some(Type::Json),
            "array" | "map" => self.container(place, kind, raw),
            _ => {
                let alias = TYPE_ALIASES.iter().find(|(alias, _)| alias.eq_ignore_ascii_case(kind));
                let hint = match (self.schema_ids.contains_key(kind), alias) {
                    (true, _) => Some(format!("to use the schema, write `ref: {kind}`")),
                    (false, Some((_, name))) => Some(format!("did you mean `{name}`?")),
                    (false, None) => did_you_mean_hint(kind, TYPE_NAMES.iter().copied()),
                };
                let expected = TYPE_NAMES.join(", ");
                self.error(
                    &child(place, &["type"]),
                    format!("unknown type `{kind}`, expected one of {expected}"),
                    hint,
                );
                None
            }
        }
    }

    fn container(&mut self, place: &At, kind: &str, raw: &raw::Type) -> Option<Type> {
        let (key, inner) = if kind == "array" { ("items", &raw.items) } else { ("values", &raw.values) };
        let Some(inner) = inner else {
            self.error(
                place,
                format!("`type: {kind}` needs `{key}`"),
                Some(format!("add `{key}: {{ type: string }}`")),
            );
            return None;
        };
        let inner_at = child(place, &[key]);
        self.reject_keys(&inner_at, inner, "array items and map values");
        let mut inner = self.ty(&inner_at, inner.as_ref())?;
        if raw.items.as_ref().or(raw.values.as_ref()).is_some_and(|inner| inner.nullable) {
            inner = Type::Nullable(Box::new(inner));
        }
        let inner = Box::new(inner);
        Some(if kind == "array" { Type::Array(inner) } else { Type::Map(inner) })
    }
}

/// The Rust name a field of `fields` will have (its `rust_name`, or its wire name cased).
fn raw_field_rust_name(fields: &indexmap::IndexMap<String, raw::Type>, wire: &str) -> String {
    match fields.get(wire).and_then(|raw| raw.rust_name.as_deref()) {
        Some(name) => naming::field(name),
        None => naming::field(&naming::snake(wire)),
    }
}

/// The stem of a spec file's name, which names the `types` module of its schemas.
fn module_stem(file_name: &str) -> &str {
    let stem = file_name.rsplit('/').next().unwrap_or(file_name);
    stem.split('.').next().unwrap_or(stem)
}

/// The format, default and example of a type, as documentation lines.
fn notes(raw: &raw::Type) -> Vec<String> {
    let mut notes = Vec::new();
    if let Some(format) =
        raw.format.as_deref().filter(|format| !matches!(*format, "date-time" | "uuid" | "int32" | "int64"))
    {
        notes.push(format!("Format: `{format}`."));
    }
    for (label, value) in [("Default", &raw.default), ("Example", &raw.example)] {
        if let Some(text) = value.as_ref().and_then(inline_yaml) {
            notes.push(format!("{label}: `{text}`."));
        }
    }
    notes
}

/// A short YAML value on one line, or nothing when it is too long to be useful in docs.
fn inline_yaml(value: &serde_yaml::Value) -> Option<String> {
    let text = match value {
        serde_yaml::Value::String(text) => text.clone(),
        // A list or map as JSON, on one line (YAML would write a line per item).
        serde_yaml::Value::Sequence(_) | serde_yaml::Value::Mapping(_) => serde_json::to_string(value).ok()?,
        other => serde_yaml::to_string(other).ok()?.trim().to_owned(),
    };
    (!text.contains('\n') && !text.contains('`') && text.len() <= 80).then_some(text)
}

/// Marks which schemas are reachable from responses and from requests.
fn mark_usage(model: &mut Model) {
    let mut response_roots = vec![Type::Named(model.api.error_item), Type::Named(model.api.result_info)];
    let mut request_roots = Vec::new();
    collect_roots(&model.root, &mut response_roots, &mut request_roots);
    for id in reachable(model, response_roots) {
        model.schemas[id.0].in_response = true;
    }
    for id in reachable(model, request_roots) {
        model.schemas[id.0].in_request = true;
    }
}

fn collect_roots(resource: &Resource, responses: &mut Vec<Type>, requests: &mut Vec<Type>) {
    for operation in &resource.operations {
        responses.push(operation.result.clone());
        responses.extend(operation.results_by_status.iter().flat_map(|results| &results.variants).map(|v| v.ty.clone()));
        requests.extend(operation.body.iter().cloned());
        let parts = operation.form.iter().flat_map(|form| form.parts.iter().map(|(field, _)| field));
        let params = operation.path_params.iter().chain(&operation.query).chain(&operation.headers).chain(parts);
        requests.extend(params.map(|param| param.ty.clone()));
    }
    for child in &resource.children {
        collect_roots(child, responses, requests);
    }
}

fn reachable(model: &Model, mut stack: Vec<Type>) -> BTreeSet<SchemaId> {
    let mut seen = BTreeSet::new();
    while let Some(ty) = stack.pop() {
        match ty {
            Type::Array(inner) | Type::Map(inner) | Type::Nullable(inner) | Type::Boxed(inner) => stack.push(*inner),
            Type::Named(id) if seen.insert(id) => match &model.schema(id).kind {
                SchemaKind::Object(fields) if model.schema(id).extra.is_some() => {
                    stack.extend(fields.iter().map(|field| field.ty.clone()));
                    stack.extend(model.schema(id).extra.clone());
                }
                SchemaKind::Object(fields) => stack.extend(fields.iter().map(|field| field.ty.clone())),
                SchemaKind::Enum(_) => {}
                kind => stack.extend(kind.variants().iter().map(|variant| variant.ty.clone())),
            },
            _ => {}
        }
    }
    seen
}
