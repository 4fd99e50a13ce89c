//! Checks the parsed spec and resolves it into a [`Model`], collecting every problem.

use std::collections::{BTreeMap, BTreeSet};

use super::{
    Api, AuthHeader, AuthScheme, EnumValue, Field, Method, Model, Operation, Resource, Schema, SchemaId, SchemaKind,
    Type, UnionVariant,
};
use crate::diagnostics::{did_you_mean, Diagnostics};
use crate::naming;
use crate::spec::{raw, SourceFile};

const TYPE_NAMES: &[&str] = &["string", "integer", "number", "boolean", "array", "map", "json"];

/// Checks `files` (parsed from `sources`, in the same order) and resolves them into a model.
pub fn build(sources: &[SourceFile], files: &[raw::File]) -> Result<Model, Diagnostics> {
    let mut builder = Builder { sources, diagnostics: Diagnostics::default(), schema_ids: BTreeMap::new() };
    let model = builder.model(files);
    match model {
        Some(model) if builder.diagnostics.is_empty() => Ok(model),
        _ => Err(builder.diagnostics),
    }
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

struct Builder<'a> {
    sources: &'a [SourceFile],
    diagnostics: Diagnostics,
    /// Every schema name, with the id it will have and where it was declared.
    schema_ids: BTreeMap<String, (SchemaId, At)>,
}

impl Builder<'_> {
    fn error(&mut self, at: &At, message: impl Into<String>, hint: Option<String>) {
        let keys: Vec<&str> = at.1.iter().map(String::as_str).collect();
        let mut diagnostic = self.sources[at.0].error_at(&keys, message);
        diagnostic.hint = hint;
        self.diagnostics.push(diagnostic);
    }

    fn model(&mut self, files: &[raw::File]) -> Option<Model> {
        self.declare_schemas(files);
        let mut schemas = Vec::new();
        for (index, file) in files.iter().enumerate() {
            let module = module_of(&self.sources[index].name);
            for (name, schema) in &file.schemas {
                let place = at(index, &["schemas", name]);
                if let Some(schema) = self.schema(&place, name, &module, schema) {
                    schemas.push(schema);
                }
            }
        }
        let root = self.resources(files);
        let api = self.api(files);
        let mut model = Model { api: api?, schemas, root };
        if model.schemas.len() != self.schema_ids.len() {
            return None;
        }
        mark_usage(&mut model);
        Some(model)
    }

    fn declare_schemas(&mut self, files: &[raw::File]) {
        let mut next = 0;
        for (index, file) in files.iter().enumerate() {
            for name in file.schemas.keys() {
                let place = at(index, &["schemas", name]);
                if naming::camel(name) != *name || !naming::is_identifier(name) {
                    let hint = Some(format!("schema names are Rust type names: `{}`", naming::camel(name)));
                    self.error(&place, format!("schema name `{name}` is not UpperCamelCase"), hint);
                }
                if let Some((_, first)) = self.schema_ids.get(name) {
                    let first_file = self.sources[first.0].name.clone();
                    self.error(&place, format!("schema `{name}` is already defined in {first_file}"), None);
                    continue;
                }
                self.schema_ids.insert(name.clone(), (SchemaId(next), place));
                next += 1;
            }
        }
    }

    fn api(&mut self, files: &[raw::File]) -> Option<Api> {
        let mut with_api = files.iter().enumerate().filter_map(|(index, file)| file.api.as_ref().map(|api| (index, api)));
        let Some((index, api)) = with_api.next() else {
            let place = at(0, &[]);
            self.error(&place, "no file has the `api` section", Some("add `api:` to spec/api.yaml".into()));
            return None;
        };
        for (other, _) in with_api {
            self.error(&at(other, &["api"]), "the `api` section is already given in another file", None);
        }
        let place = at(index, &["api"]);
        let auth = self.auth(&place, &api.auth);
        let error_item = self.schema_ref(&child(&place, &["envelope", "error_item"]), &api.envelope.error_item);
        let result_info = self.schema_ref(&child(&place, &["envelope", "result_info"]), &api.envelope.result_info);
        Some(Api {
            crate_name: api.name.clone(),
            version: api.version.clone(),
            title: api.title.clone(),
            docs: api.docs.clone(),
            base_url: api.base_url.trim_end_matches('/').to_owned(),
            base_url_env: api.base_url_env.clone(),
            user_agent: api.user_agent.clone(),
            auth,
            error_item: error_item?,
            result_info: result_info?,
        })
    }

    fn auth(&mut self, place: &At, schemes: &[raw::Auth]) -> Vec<AuthScheme> {
        if schemes.is_empty() {
            self.error(&child(place, &["auth"]), "`auth` lists no credential kind", None);
        }
        let mut variants = BTreeSet::new();
        let mut result = Vec::new();
        for (index, scheme) in schemes.iter().enumerate() {
            let scheme_at = child(place, &["auth", &index.to_string()]);
            let variant = naming::camel(&scheme.name);
            if !variants.insert(variant.clone()) {
                self.error(&child(&scheme_at, &["name"]), format!("credential kind `{}` is listed twice", scheme.name), None);
            }
            if scheme.headers.is_empty() {
                self.error(&child(&scheme_at, &["headers"]), "a credential kind needs at least one header", None);
            }
            let headers = scheme
                .headers
                .iter()
                .map(|header| AuthHeader {
                    header: header.header.clone(),
                    field: naming::snake(&header.field),
                    prefix: header.prefix.clone().unwrap_or_default(),
                    secret: header.secret,
                    env: header.env.clone(),
                    docs: header.docs.clone(),
                })
                .collect();
            result.push(AuthScheme { variant, constructor: naming::snake(&scheme.name), docs: scheme.docs.clone(), headers });
        }
        result
    }

    fn schema_ref(&mut self, place: &At, name: &str) -> Option<SchemaId> {
        if let Some((id, _)) = self.schema_ids.get(name) {
            return Some(*id);
        }
        let hint = did_you_mean(name, self.schema_ids.keys().map(String::as_str)).map(|best| format!("did you mean `{best}`?"));
        self.error(place, format!("unknown schema `{name}`"), hint);
        None
    }

    fn schema(&mut self, place: &At, name: &str, module: &str, schema: &raw::Schema) -> Option<Schema> {
        let kinds = [schema.fields.is_some(), schema.enum_values.is_some(), schema.union.is_some()];
        let kind = match kinds {
            [true, false, false] => SchemaKind::Object(self.fields(place, schema.fields.as_ref()?)),
            [false, true, false] => SchemaKind::Enum(self.enum_values(place, schema.enum_values.as_ref()?)),
            [false, false, true] => SchemaKind::Union(self.union(place, schema.union.as_ref()?)),
            _ => {
                let message = format!("schema `{name}` must have exactly one of `fields`, `enum` or `union`");
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
        })
    }

    fn fields(&mut self, place: &At, fields: &indexmap::IndexMap<String, raw::Type>) -> Vec<Field> {
        let mut result = Vec::new();
        let mut seen = BTreeMap::new();
        for (wire, raw) in fields {
            let field_at = child(place, &["fields", wire]);
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

    fn field(&mut self, place: &At, wire: &str, raw: &raw::Type) -> Option<Field> {
        let rust = match &raw.rust_name {
            Some(name) if naming::snake(name) == *name && naming::is_identifier(name) => name.clone(),
            Some(name) => {
                let hint = Some(format!("use `{}`", naming::snake(name)));
                self.error(&child(place, &["rust_name"]), format!("`{name}` is not a snake_case Rust name"), hint);
                return None;
            }
            None => naming::snake(wire),
        };
        let ty = self.ty(place, raw)?;
        Some(Field {
            rust,
            wire: wire.to_owned(),
            ty,
            docs: raw.docs.clone(),
            required: raw.required,
            nullable: raw.nullable,
            deprecated: raw.deprecated,
            notes: notes(raw),
        })
    }

    fn enum_values(&mut self, place: &At, values: &[String]) -> Vec<EnumValue> {
        if values.is_empty() {
            self.error(&child(place, &["enum"]), "an enum needs at least one value", None);
        }
        let mut seen = BTreeMap::new();
        let mut result = Vec::new();
        for value in values {
            let variant = naming::enum_variant(value);
            if let Some(first) = seen.insert(variant.clone(), value.clone()) {
                let message = format!("enum values `{first}` and `{value}` both become the variant `{variant}`");
                self.error(&child(place, &["enum"]), message, None);
                continue;
            }
            result.push(EnumValue { variant, wire: value.clone() });
        }
        result
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
                result.push(UnionVariant { variant, key: key.clone(), ty, docs: raw.docs.clone() });
            }
        }
        result
    }

    /// `required`, `nullable` and `rust_name` belong to fields and parameters only.
    fn reject_field_keys(&mut self, place: &At, raw: &raw::Type) {
        for (present, key) in [(raw.required, "required"), (raw.nullable, "nullable"), (raw.rust_name.is_some(), "rust_name")] {
            if present {
                self.error(&child(place, &[key]), format!("`{key}` only applies to fields and parameters"), None);
            }
        }
    }

    /// Resolves a type use.
    fn ty(&mut self, place: &At, raw: &raw::Type) -> Option<Type> {
        match (&raw.reference, &raw.kind) {
            (Some(name), None) => {
                for (present, key) in [(raw.format.is_some(), "format"), (raw.items.is_some(), "items"), (raw.values.is_some(), "values")] {
                    if present {
                        self.error(&child(place, &[key]), format!("`{key}` does not apply to a `ref`"), None);
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
            self.error(&child(place, &["items"]), "`items` only applies to `type: array`", None);
        }
        if kind != "map" && raw.values.is_some() {
            self.error(&child(place, &["values"]), "`values` only applies to `type: map`", None);
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
            "array" | "map" => {
                let (key, inner) = if kind == "array" { ("items", &raw.items) } else { ("values", &raw.values) };
                let Some(inner) = inner else {
                    self.error(place, format!("`type: {kind}` needs `{key}`"), None);
                    return None;
                };
                let inner_at = child(place, &[key]);
                self.reject_field_keys(&inner_at, inner);
                let inner = Box::new(self.ty(&inner_at, inner)?);
                Some(if kind == "array" { Type::Array(inner) } else { Type::Map(inner) })
            }
            _ => {
                let mut hint = did_you_mean(kind, TYPE_NAMES.iter().copied()).map(|best| format!("did you mean `{best}`?"));
                if hint.is_none() && self.schema_ids.contains_key(kind) {
                    hint = Some(format!("to use the schema, write `ref: {kind}`"));
                }
                let expected = TYPE_NAMES.join(", ");
                self.error(&child(place, &["type"]), format!("unknown type `{kind}`, expected one of {expected}"), hint);
                None
            }
        }
    }

    fn resources(&mut self, files: &[raw::File]) -> Resource {
        let mut root = Resource::default();
        let mut declared: BTreeMap<String, usize> = BTreeMap::new();
        for (index, file) in files.iter().enumerate() {
            for (dotted, raw) in &file.resources {
                let place = at(index, &["resources", dotted]);
                if let Some(first) = declared.insert(dotted.clone(), index) {
                    let first_file = self.sources[first].name.clone();
                    self.error(&place, format!("resource `{dotted}` is already declared in {first_file}"), None);
                    continue;
                }
                let segments: Vec<&str> = dotted.split('.').collect();
                if let Some(bad) = segments.iter().find(|segment| naming::snake(segment) != **segment || !naming::is_identifier(segment)) {
                    let hint = Some(format!("write `{}`", naming::snake(bad)));
                    self.error(&place, format!("resource path segment `{bad}` is not snake_case"), hint);
                    continue;
                }
                let node = node_at(&mut root, &segments);
                if raw.docs.is_some() {
                    node.docs = raw.docs.clone();
                }
                let mut operations = Vec::new();
                for (name, operation) in &raw.operations {
                    if let Some(operation) = self.operation(&child(&place, &["operations", name]), name, operation) {
                        operations.push(operation);
                    }
                }
                node_at(&mut root, &segments).operations = operations;
            }
        }
        self.check_member_names(&root, files);
        root
    }

    /// A handle's methods are its operations and its children's accessors: no two may share a name.
    fn check_member_names(&mut self, resource: &Resource, files: &[raw::File]) {
        let children: BTreeSet<&str> = resource.children.iter().map(|child| child.segment.as_str()).collect();
        for operation in &resource.operations {
            if children.contains(operation.name.as_str()) || operation.name == "new" {
                let dotted = resource.module_path.join(".");
                let file = files.iter().position(|file| file.resources.contains_key(&dotted)).unwrap_or(0);
                let message = format!("operation `{}` has the name of a method the handle already has", operation.name);
                self.error(&at(file, &["resources", &dotted, "operations", &operation.name]), message, None);
            }
        }
        for child in &resource.children {
            self.check_member_names(child, files);
        }
    }

    fn operation(&mut self, place: &At, name: &str, raw: &raw::Operation) -> Option<Operation> {
        if naming::snake(name) != name || !naming::is_identifier(name) {
            let hint = Some(format!("write `{}`", naming::snake(name)));
            self.error(place, format!("operation name `{name}` is not snake_case"), hint);
        }
        let method = Method::ALL.iter().find(|(spelled, _)| *spelled == raw.method).map(|(_, method)| *method);
        if method.is_none() {
            let upper = raw.method.to_ascii_uppercase();
            let hint = did_you_mean(&upper, Method::ALL.iter().map(|(spelled, _)| *spelled)).map(|best| format!("did you mean `{best}`?"));
            self.error(&child(place, &["method"]), format!("unsupported HTTP method `{}`, expected GET, POST, PUT, PATCH or DELETE", raw.method), hint);
        }
        if !(200..300).contains(&raw.success) {
            self.error(&child(place, &["success"]), format!("success status {} is not a 2xx status", raw.success), None);
        }
        let path_params = self.path_params(place, raw);
        let query = self.query(place, &raw.query);
        let body = match &raw.body {
            Some(body) => Some(self.ty(&child(place, &["body"]), body)?),
            None => None,
        };
        let result = self.ty(&child(place, &["result"]), &raw.result);
        if raw.paginated && !matches!(result, Some(Type::Array(_))) {
            self.error(&child(place, &["paginated"]), "a paginated operation's `result` must be `type: array`", None);
        }
        Some(Operation {
            name: naming::snake(name),
            method: method?,
            path: raw.path.clone(),
            docs: raw.docs.clone(),
            deprecated: raw.deprecated,
            path_params: path_params?,
            params_struct: (!query.is_empty()).then(|| naming::params_struct(name)),
            query,
            body,
            success: raw.success,
            result: result?,
            paginated: raw.paginated,
        })
    }

    /// Declared path parameters must be exactly the template's, in the template's order.
    fn path_params(&mut self, place: &At, raw: &raw::Operation) -> Option<Vec<Field>> {
        if !raw.path.starts_with('/') {
            self.error(&child(place, &["path"]), format!("path `{}` must start with `/`", raw.path), None);
        }
        let in_template = template_params(&raw.path);
        let declared: Vec<&str> = raw.path_params.keys().map(String::as_str).collect();
        let mut ok = true;
        for name in &in_template {
            if !declared.contains(name) {
                let message = format!("path parameter `{{{name}}}` is not declared in `path_params`");
                self.error(&child(place, &["path"]), message, Some(format!("add `{name}: {{ type: string }}` to `path_params`")));
                ok = false;
            }
        }
        for name in &declared {
            if !in_template.contains(name) {
                let message = format!("path parameter `{name}` does not appear in the path `{}`", raw.path);
                self.error(&child(place, &["path_params", name]), message, None);
                ok = false;
            }
        }
        if ok && in_template != declared {
            let message = format!("path parameters must be declared in path order: {}", in_template.join(", "));
            self.error(&child(place, &["path_params"]), message, None);
        }
        let mut params = Vec::new();
        let mut seen = BTreeSet::new();
        for (name, param) in &raw.path_params {
            let param_at = child(place, &["path_params", name]);
            let field = self.field(&param_at, name, param)?;
            if !seen.insert(field.rust.clone()) {
                self.error(&param_at, format!("two path parameters become `{}` in Rust", field.rust), None);
            }
            params.push(field);
        }
        ok.then_some(params)
    }

    fn query(&mut self, place: &At, raw: &indexmap::IndexMap<String, raw::Type>) -> Vec<Field> {
        let mut params = Vec::new();
        let mut seen = BTreeSet::new();
        for (name, param) in raw {
            let param_at = child(place, &["query", name]);
            let Some(field) = self.field(&param_at, name, param) else { continue };
            if matches!(field.ty, Type::Array(_) | Type::Map(_) | Type::Json) {
                self.error(&param_at, "a query parameter must be a single value: a string, number, boolean or enum", None);
                continue;
            }
            if !seen.insert(field.rust.clone()) {
                self.error(&param_at, format!("two query parameters become `{}` in Rust", field.rust), None);
                continue;
            }
            params.push(field);
        }
        params
    }
}

/// The `{name}` parameters of a path template, in order.
fn template_params(path: &str) -> Vec<&str> {
    path.split('{').skip(1).filter_map(|rest| rest.split_once('}').map(|(name, _)| name)).collect()
}

/// The types module a file's schemas go in: its stem, snake_cased.
fn module_of(file_name: &str) -> String {
    let stem = file_name.rsplit('/').next().unwrap_or(file_name);
    let stem = stem.split('.').next().unwrap_or(stem);
    naming::snake(stem)
}

/// The node at `segments` below `root`, creating missing ones in first-seen order.
fn node_at<'r>(root: &'r mut Resource, segments: &[&str]) -> &'r mut Resource {
    let mut node = root;
    for (depth, segment) in segments.iter().enumerate() {
        let position = match node.children.iter().position(|child| child.segment == *segment) {
            Some(position) => position,
            None => {
                node.children.push(Resource {
                    segment: (*segment).to_owned(),
                    type_name: naming::camel(segment),
                    module_path: segments[..=depth].iter().map(|s| (*s).to_owned()).collect(),
                    ..Resource::default()
                });
                node.children.len() - 1
            }
        };
        node = &mut node.children[position];
    }
    node
}

/// The format, default and example of a type, as documentation lines.
fn notes(raw: &raw::Type) -> Vec<String> {
    let mut notes = Vec::new();
    if let Some(format) = raw.format.as_deref().filter(|format| !matches!(*format, "date-time" | "uuid" | "int32" | "int64")) {
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
        requests.extend(operation.body.iter().cloned());
        requests.extend(operation.path_params.iter().chain(&operation.query).map(|param| param.ty.clone()));
    }
    for child in &resource.children {
        collect_roots(child, responses, requests);
    }
}

fn reachable(model: &Model, mut stack: Vec<Type>) -> BTreeSet<SchemaId> {
    let mut seen = BTreeSet::new();
    while let Some(ty) = stack.pop() {
        match ty {
            Type::Array(inner) | Type::Map(inner) => stack.push(*inner),
            Type::Named(id) if seen.insert(id) => match &model.schema(id).kind {
                SchemaKind::Object(fields) => stack.extend(fields.iter().map(|field| field.ty.clone())),
                SchemaKind::Union(variants) => stack.extend(variants.iter().map(|variant| variant.ty.clone())),
                SchemaKind::Enum(_) => {}
            },
            _ => {}
        }
    }
    seen
}
