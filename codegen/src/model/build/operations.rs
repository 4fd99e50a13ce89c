//! `resources`: the tree of handles, their operations and the operations' parameters.

use std::collections::{BTreeMap, BTreeSet};

use super::{at, child, At, Builder, Kind};
use crate::diagnostics::did_you_mean_hint;
use crate::model::{Field, Method, Operation, Resource, ResponseKind, Type};
use crate::naming;
use crate::spec::raw;

/// Where a resource was declared, for the checks that look at the finished tree.
type Declared = BTreeMap<Vec<String>, At>;

impl Builder<'_> {
    pub(super) fn resources(&mut self, files: &[&raw::File]) -> Resource {
        let mut root = Resource::default();
        let mut declared = Declared::new();
        let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
        for (index, file) in files.iter().enumerate() {
            for (dotted, raw) in &file.resources {
                let place = at(index, &["resources", dotted]);
                if let Some(first) = seen.insert(dotted, index) {
                    let first_file = self.sources[first].name.clone();
                    self.error(&place, format!("resource `{dotted}` is already declared in {first_file}"), None);
                    continue;
                }
                let Some(segments) = self.segments(&place, dotted) else { continue };
                declared.insert(segments.clone(), place.clone());
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
        self.check_client_methods(&root, &declared);
        self.check_members(&root, &declared);
        root
    }

    /// The module names of a dotted resource path, each checked.
    fn segments(&mut self, place: &At, dotted: &str) -> Option<Vec<String>> {
        let segments: Vec<&str> = dotted.split('.').collect();
        if let Some(bad) = segments.iter().find(|segment| !naming::is_snake(segment)) {
            let hint = Some(format!("write `{}`", naming::snake(bad)));
            self.error(place, format!("resource path segment `{bad}` is not snake_case"), hint);
            return None;
        }
        // The top-level modules sit beside nothing the generated code uses; deeper ones sit
        // beside code that names these crates.
        if let Some(bad) = segments.iter().skip(1).find(|segment| naming::RESERVED_MODULES.contains(segment)) {
            let message = format!("resource path segment `{bad}` would hide the `{bad}` crate from the generated code");
            self.error(place, message, Some(format!("choose another name, e.g. `{bad}_api`")));
            return None;
        }
        Some(segments.iter().map(|segment| naming::segment(segment)).collect())
    }

    /// The top-level accessors are methods of `Client`, beside the ones it already has.
    fn check_client_methods(&mut self, root: &Resource, declared: &Declared) {
        for top in &root.children {
            if naming::CLIENT_METHODS.contains(&top.segment.as_str()) {
                let message = format!("resource `{}` takes the name of a method `Client` already has", top.segment);
                let place = place_of(declared, &top.module_path);
                self.error(&place, message, Some(format!("choose another name, e.g. `{}_api`", top.segment)));
            }
        }
    }

    /// A handle's methods are its operations and its children's accessors: no two may share a
    /// name. Its module holds the handle type and one params struct per operation with query
    /// parameters: no two may share a name either.
    fn check_members(&mut self, resource: &Resource, declared: &Declared) {
        let children: BTreeSet<&str> = resource.children.iter().map(|child| child.segment.as_str()).collect();
        let mut types = BTreeMap::new();
        types.insert(resource.type_name.clone(), format!("the handle type `{}`", resource.type_name));
        let resource_at = place_of(declared, &resource.module_path);
        for operation in &resource.operations {
            // Spec names are snake_case, which never ends in `_`: a trailing one is the escape.
            let spelled = operation.name.strip_suffix('_').unwrap_or(&operation.name);
            let operation_at = child(&resource_at, &["operations", spelled]);
            let name = spelled;
            if children.contains(operation.name.as_str()) {
                let message = format!("operation `{name}` has the name of the accessor of the child resource `{name}`");
                self.error(&operation_at, message, Some("rename the operation or the child resource".into()));
            } else if naming::HANDLE_METHODS.contains(&name) {
                let message = format!("operation name `{name}` is reserved: every handle has a method `{name}`");
                self.error(&operation_at, message, Some("choose another name, e.g. `create`".into()));
            }
            if let Some(form) = &operation.form {
                let struct_name = &form.struct_name;
                if let Some(other) = types.insert(struct_name.clone(), format!("the multipart body of `{name}`")) {
                    let message = format!(
                        "the multipart body of `{name}` would be the struct `{struct_name}`, which is already {other}"
                    );
                    self.error(&operation_at, message, Some("rename the operation or the resource".into()));
                }
            }
            if let Some(results) = &operation.results_by_status {
                let enum_name = &results.enum_name;
                if let Some(other) = types.insert(enum_name.clone(), format!("the results of `{name}`")) {
                    let message =
                        format!("the results of `{name}` would be the enum `{enum_name}`, which is already {other}");
                    self.error(&operation_at, message, Some("rename the operation or the resource".into()));
                }
            }
            let Some(params) = &operation.params_struct else { continue };
            if let Some(other) = types.insert(params.clone(), format!("the query parameters of `{name}`")) {
                let message = format!(
                    "the query parameters of `{name}` would be the struct `{params}`, which is already {other}"
                );
                self.error(&operation_at, message, Some("rename the operation or the resource".into()));
            }
        }
        for child in &resource.children {
            self.check_members(child, declared);
        }
    }

    fn operation(&mut self, place: &At, name: &str, raw: &raw::Operation) -> Option<Operation> {
        if !naming::is_snake(name) {
            let hint = Some(format!("write `{}`", naming::snake(name)));
            self.error(place, format!("operation name `{name}` is not snake_case"), hint);
        }
        let method = Method::ALL.iter().find(|(spelled, _)| *spelled == raw.method).map(|(_, method)| *method);
        if method.is_none() {
            let hint =
                did_you_mean_hint(&raw.method.to_ascii_uppercase(), Method::ALL.iter().map(|(spelled, _)| *spelled));
            let message = format!("unsupported HTTP method `{}`, expected GET, POST, PUT, PATCH or DELETE", raw.method);
            self.error(&child(place, &["method"]), message, hint);
        }
        if !(200..300).contains(&raw.success) {
            let message = format!("success status {} is not a 2xx status", raw.success);
            self.error(
                &child(place, &["success"]),
                message,
                Some("the documented success status, e.g. 200 or 201".into()),
            );
        }
        let path_params = self.path_params(place, raw);
        let query = self.query(place, &raw.query);
        let headers = self.headers(place, &raw.headers, &query);
        let body = match &raw.body {
            Some(body) => {
                self.reject_parameter_keys(&child(place, &["body"]), body);
                Some(self.ty(&child(place, &["body"]), body)?)
            }
            None => None,
        };
        self.reject_parameter_keys(&child(place, &["result"]), &raw.result);
        let result = self.ty(&child(place, &["result"]), &raw.result);
        let response = self.response_kind(place, raw);
        if raw.paginated && !matches!(result, Some(Type::Array(_))) {
            self.error(&child(place, &["paginated"]), "a paginated operation's `result` must be `type: array`", None);
        }
        if raw.paginated && response != ResponseKind::Envelope {
            let message = "a paginated operation reads `result_info` from the envelope: it needs `response: envelope`";
            self.error(&child(place, &["response"]), message, None);
        }
        let body_bytes = self.body_encoding(place, raw);
        let pagination = self.pagination(place, raw, &query);
        let items_key = raw.pagination.as_ref().and_then(|pagination| pagination.items.clone());
        if let Some(key) = &items_key {
            if key.is_empty() || key.contains('.') {
                let message = format!("`items` is one key of the `result` object, not `{key}`");
                self.error(&child(place, &["pagination", "items"]), message, None);
            }
        }
        let params = !query.is_empty() || !headers.is_empty();
        let results_by_status = self.other_results(place, name, raw, result.as_ref(), response);
        let form = self.form(place, name, raw);
        Some(Operation {
            name: naming::method(name),
            method: method?,
            path: raw.path.clone(),
            docs: raw.docs.clone(),
            deprecated: raw.deprecated || raw.deprecation.is_some(),
            path_params: path_params?,
            params_struct: params.then(|| naming::params_struct(name)),
            joined_query: query.iter().filter(|(_, joined)| *joined).map(|(field, _)| field.wire.clone()).collect(),
            query: query.into_iter().map(|(field, _)| field).collect(),
            headers,
            slashed_path: raw.path_params.iter().filter(|(_, p)| p.allow_reserved).map(|(n, _)| n.clone()).collect(),
            body,
            success: raw.success,
            result: result?,
            result_nullable: raw.result.nullable,
            paginated: raw.paginated,
            response,
            body_bytes,
            body_optional: raw.body_optional,
            content_type: raw.content_type.clone(),
            deprecation: raw.deprecation.clone(),
            pagination: pagination?,
            items_key,
            results_by_status,
            form,
        })
    }

    /// `explode` and `allow_reserved` belong to parameters only; a field, body or result with
    /// one is a mistake.
    pub(super) fn reject_parameter_keys(&mut self, place: &At, raw: &raw::Type) {
        if raw.explode.is_some() {
            self.key_error(&child(place, &["explode"]), "`explode` only applies to query parameters of `type: array`");
        }
        if raw.allow_reserved {
            self.key_error(&child(place, &["allow_reserved"]), "`allow_reserved` only applies to path parameters");
        }
    }

    /// Declared path parameters must be exactly the template's, in the template's order.
    fn path_params(&mut self, place: &At, raw: &raw::Operation) -> Option<Vec<Field>> {
        let path_at = child(place, &["path"]);
        let in_template = self.template_params(&path_at, &raw.path)?;
        let declared: Vec<&str> = raw.path_params.keys().map(String::as_str).collect();
        let mut ok = true;
        for name in &in_template {
            if !declared.contains(name) {
                let message = format!("path parameter `{{{name}}}` is not declared in `path_params`");
                self.error(&path_at, message, Some(format!("add `{name}: {{ type: string }}` to `path_params`")));
                ok = false;
            }
        }
        for name in &declared {
            if !in_template.contains(name) {
                let message = format!("path parameter `{name}` does not appear in the path `{}`", raw.path);
                let hint = did_you_mean_hint(name, in_template.iter().copied().filter(|name| !declared.contains(name)))
                    .or_else(|| Some(format!("remove it, or add `{{{name}}}` to the path")));
                self.error(&child(place, &["path_params", name]), message, hint);
                ok = false;
            }
        }
        if ok && in_template != declared {
            let message = format!("path parameters must be declared in path order: {}", in_template.join(", "));
            self.error(&child(place, &["path_params"]), message, None);
        }
        let mut params = Vec::new();
        let mut seen = BTreeMap::new();
        for (name, param) in &raw.path_params {
            let param_at = child(place, &["path_params", name]);
            let mut field = self.field(&param_at, name, param)?;
            field.rust = naming::argument(&field.rust);
            self.check_scalar(&param_at, &field, "a path parameter");
            if param.explode.is_some() {
                self.key_error(&child(&param_at, &["explode"]), "`explode` only applies to query parameters");
            }
            if param.allow_reserved && field.ty != Type::String {
                let message = "`allow_reserved` applies to `type: string` path parameters";
                self.error(&child(&param_at, &["allow_reserved"]), message, None);
            }
            self.check_distinct(&mut seen, &param_at, &field, "path parameters");
            params.push(field);
        }
        ok.then_some(params)
    }

    /// The `{name}` parameters of a path template, in order, or nothing when it is malformed.
    fn template_params<'p>(&mut self, path_at: &At, path: &'p str) -> Option<Vec<&'p str>> {
        let mut problem = (!path.starts_with('/')).then(|| format!("path `{path}` must start with `/`"));
        let mut names = Vec::new();
        let mut rest = path;
        while problem.is_none() {
            let Some(open) = rest.find(['{', '}']) else { break };
            let Some(close) =
                rest[open..].find('}').map(|close| open + close).filter(|_| rest[open..].starts_with('{'))
            else {
                problem = Some(format!("path `{path}` has an unmatched brace"));
                break;
            };
            let name = &rest[open + 1..close];
            if name.is_empty() || name.contains('{') {
                problem = Some(format!("path `{path}` has an empty or nested `{{}}`"));
            } else if names.contains(&name) {
                problem = Some(format!("path parameter `{{{name}}}` appears twice in the path"));
            }
            names.push(name);
            rest = &rest[close + 1..];
        }
        match problem {
            Some(message) => {
                self.error(path_at, message, None);
                None
            }
            None => Some(names),
        }
    }

    /// The query parameters, each with whether its values are joined by commas.
    fn query(&mut self, place: &At, raw: &indexmap::IndexMap<String, raw::Type>) -> Vec<(Field, bool)> {
        let mut params = Vec::new();
        let mut seen = BTreeMap::new();
        for (name, param) in raw {
            let param_at = child(place, &["query", name]);
            if param.allow_reserved {
                self.key_error(
                    &child(&param_at, &["allow_reserved"]),
                    "`allow_reserved` only applies to path parameters",
                );
            }
            let Some(field) = self.field(&param_at, name, param) else { continue };
            let scalar = match &field.ty {
                Type::Array(items) => self.check_scalar_type(&param_at, items, "the items of a query parameter"),
                _ => {
                    if param.explode.is_some() {
                        let message = "`explode` only applies to query parameters of `type: array`";
                        self.key_error(&child(&param_at, &["explode"]), message);
                    }
                    self.check_scalar(&param_at, &field, "a query parameter")
                }
            };
            if scalar && self.check_distinct(&mut seen, &param_at, &field, "query parameters") {
                params.push((field, param.explode == Some(false)));
            }
        }
        params
    }

    /// Header parameters: single values with valid header names, distinct from the query
    /// parameters they share the params struct with.
    fn headers(
        &mut self,
        place: &At,
        raw: &indexmap::IndexMap<String, raw::Type>,
        query: &[(Field, bool)],
    ) -> Vec<Field> {
        let mut params = Vec::new();
        let mut seen: BTreeMap<String, String> =
            query.iter().map(|(field, _)| (field.rust.clone(), field.wire.clone())).collect();
        for (name, param) in raw {
            let param_at = child(place, &["headers", name]);
            self.reject_parameter_keys(&param_at, param);
            if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)) {
                self.key_error(&param_at, format!("`{name}` is not a valid HTTP header name"));
                continue;
            }
            if ["content-length", "host", "transfer-encoding", "connection"]
                .contains(&name.to_ascii_lowercase().as_str())
            {
                let message = format!("`{name}` is set by the HTTP client; it cannot be a header parameter");
                self.key_error(&param_at, message);
                continue;
            }
            let Some(field) = self.field(&param_at, name, param) else { continue };
            if self.check_scalar(&param_at, &field, "a header parameter")
                && self.check_distinct(&mut seen, &param_at, &field, "query and header parameters")
            {
                params.push(field);
            }
        }
        params
    }

    /// Two parameters (or fields) may not share a Rust name; `seen` maps Rust names to wire names.
    pub(super) fn check_distinct(
        &mut self,
        seen: &mut BTreeMap<String, String>,
        place: &At,
        field: &Field,
        what: &str,
    ) -> bool {
        let Some(first) = seen.insert(field.rust.clone(), field.wire.clone()) else { return true };
        let message = format!("{what} `{first}` and `{}` both become `{}` in Rust", field.wire, field.rust);
        self.error(place, message, Some("give one of them a `rust_name`".into()));
        false
    }

    /// Parameters are written into the URL as text: they must be single values.
    fn check_scalar(&mut self, place: &At, field: &Field, what: &str) -> bool {
        self.check_scalar_type(place, &field.ty, what)
    }

    fn check_scalar_type(&mut self, place: &At, ty: &Type, what: &str) -> bool {
        let scalar = match ty {
            Type::Array(_) | Type::Map(_) | Type::Json => false,
            Type::Named(id) => self.schema_kinds.get(id) == Some(&Kind::Enum),
            _ => true,
        };
        if !scalar {
            self.error(place, format!("{what} must be a single value: a string, number, boolean or enum"), None);
        }
        scalar
    }
}

/// Where the resource at `module_path` was declared; for a parent that was never declared
/// itself, where its first declared descendant was.
fn place_of(declared: &Declared, module_path: &[String]) -> At {
    let exact = declared.get(module_path);
    let descendant = || declared.iter().find(|(path, _)| path.starts_with(module_path)).map(|(_, place)| place);
    exact.or_else(descendant).cloned().unwrap_or_else(|| at(0, &[]))
}

/// The node at `segments` below `root`, creating missing ones in first-seen order.
fn node_at<'r>(root: &'r mut Resource, segments: &[String]) -> &'r mut Resource {
    let mut node = root;
    for (depth, segment) in segments.iter().enumerate() {
        let position = match node.children.iter().position(|child| child.segment == *segment) {
            Some(position) => position,
            None => {
                node.children.push(Resource {
                    segment: segment.clone(),
                    type_name: naming::handle_type(segment),
                    module_path: segments[..=depth].to_vec(),
                    ..Resource::default()
                });
                node.children.len() - 1
            }
        };
        node = &mut node.children[position];
    }
    node
}
