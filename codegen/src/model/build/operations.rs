//! `resources`: the tree of handles, their operations and the operations' parameters.

use std::collections::{BTreeMap, BTreeSet};

use super::{at, child, At, Builder, Kind};
use crate::diagnostics::did_you_mean_hint;
use crate::model::{Field, Method, Operation, Pagination, Resource, ResponseKind, StatusResult, StatusResults, Type};
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
        })
    }

    /// `other_results`: the enum of results by status, when there are other statuses.
    fn other_results(
        &mut self,
        place: &At,
        name: &str,
        raw: &raw::Operation,
        result: Option<&Type>,
        response: ResponseKind,
    ) -> Option<StatusResults> {
        if raw.other_results.is_empty() {
            return None;
        }
        let at = child(place, &["other_results"]);
        if raw.paginated || response != ResponseKind::Envelope {
            let message = "`other_results` applies to operations that return the envelope's `result`, not paginated";
            self.key_error(&at, message);
            return None;
        }
        let mut variants = vec![StatusResult {
            status: raw.success,
            variant: naming::status_variant(raw.success),
            ty: result?.clone(),
            nullable: raw.result.nullable,
            docs: raw.result.docs.clone(),
        }];
        for (status, raw_type) in &raw.other_results {
            let status_at = child(&at, &[&status.to_string()]);
            if !(200..300).contains(status) || *status == raw.success {
                let message = format!("status {status} is not another 2xx status than `success` ({})", raw.success);
                self.key_error(&status_at, message);
                continue;
            }
            self.reject_parameter_keys(&status_at, raw_type);
            let Some(ty) = self.ty(&status_at, raw_type) else { continue };
            variants.push(StatusResult {
                status: *status,
                variant: naming::status_variant(*status),
                ty,
                nullable: raw_type.nullable,
                docs: raw_type.docs.clone(),
            });
        }
        variants.sort_by_key(|variant| variant.status);
        Some(StatusResults { enum_name: naming::results_enum(name), variants })
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

    /// `response`: how the body is read; `text` and `bytes` need a `result` that says so.
    fn response_kind(&mut self, place: &At, raw: &raw::Operation) -> ResponseKind {
        let at = child(place, &["response"]);
        let kind = match raw.response.as_deref() {
            None | Some("envelope") => ResponseKind::Envelope,
            Some("json") => ResponseKind::Json,
            Some("text") => ResponseKind::Text,
            Some("bytes") => ResponseKind::Bytes,
            Some(other) => {
                let hint = did_you_mean_hint(other, ["envelope", "json", "text", "bytes"]);
                let message = format!("unknown response kind `{other}`, expected envelope, json, text or bytes");
                self.error(&at, message, hint);
                return ResponseKind::Envelope;
            }
        };
        let (kind_of, format) = (raw.result.kind.as_deref(), raw.result.format.as_deref());
        let binary = kind_of == Some("string") && format == Some("binary");
        if kind == ResponseKind::Text && (kind_of != Some("string") || binary) {
            self.error(&child(place, &["result"]), "a `response: text` operation's `result` is `type: string`", None);
        } else if kind == ResponseKind::Bytes && !binary {
            let message = "a `response: bytes` operation's `result` is `{ type: string, format: binary }`";
            self.error(&child(place, &["result"]), message, None);
        } else if binary && kind != ResponseKind::Bytes {
            let hint = Some("add `response: bytes`".to_owned());
            self.error(&child(place, &["result"]), "a `format: binary` result is read as bytes", hint);
        }
        kind
    }

    /// `body_encoding`, `body_optional` and `content_type`: whether the body is bytes.
    fn body_encoding(&mut self, place: &At, raw: &raw::Operation) -> bool {
        let bytes = match raw.body_encoding.as_deref() {
            None | Some("json") => false,
            Some("bytes") => true,
            Some(other) => {
                let hint = did_you_mean_hint(other, ["json", "bytes"]);
                let message = format!("unknown body encoding `{other}`, expected json or bytes");
                self.error(&child(place, &["body_encoding"]), message, hint);
                return false;
            }
        };
        let binary = raw
            .body
            .as_ref()
            .is_some_and(|body| body.kind.as_deref() == Some("string") && body.format.as_deref() == Some("binary"));
        if raw.body.is_none() {
            for (present, key) in [
                (raw.body_encoding.is_some(), "body_encoding"),
                (raw.body_optional, "body_optional"),
                (raw.content_type.is_some(), "content_type"),
            ] {
                if present {
                    self.key_error(&child(place, &[key]), format!("`{key}` needs a `body`"));
                }
            }
        } else if bytes != binary {
            let message = "a bytes body is `body: { type: string, format: binary }` with `body_encoding: bytes`";
            self.error(&child(place, &["body"]), message, None);
        }
        if let Some(content_type) = &raw.content_type {
            let valid = content_type.split_once('/').is_some_and(|(kind, sub)| {
                let token = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_graphic() && b != b'/');
                token(kind) && token(sub.split(';').next().unwrap_or_default().trim())
            }) && content_type.bytes().all(|b| b == b' ' || b.is_ascii_graphic());
            if !valid {
                let message = format!("`{content_type}` is not a media type");
                self.error(&child(place, &["content_type"]), message, Some("e.g. `application/scim+json`".into()));
            }
        }
        bytes
    }

    /// `pagination`: how `.into_stream()` asks for the next page.
    fn pagination(&mut self, place: &At, raw: &raw::Operation, query: &[(Field, bool)]) -> Option<Pagination> {
        let Some(pagination) = &raw.pagination else { return Some(Pagination::Page) };
        let at = child(place, &["pagination"]);
        if !raw.paginated {
            self.key_error(&at, "`pagination` applies to `paginated: true` operations");
        }
        let declared = |name: &str| query.iter().any(|(field, _)| field.wire == name);
        let require = |builder: &mut Self, key: &str, value: &Option<String>, query_param: bool| -> Option<String> {
            let Some(value) = value else {
                let message = format!("`style: {}` needs `{key}`", pagination.style.as_deref().unwrap_or("page"));
                builder.error(&at, message, None);
                return None;
            };
            if query_param && !declared(value) {
                let message = format!("`{value}` is not one of this operation's query parameters");
                builder.error(&child(&at, &[key]), message, Some(format!("declare `{value}` under `query`")));
                return None;
            }
            Some(value.clone())
        };
        let nested = pagination.items.is_some();
        match pagination.style.as_deref().unwrap_or("page") {
            "page" => Some(Pagination::Page),
            "cursor" => {
                let param = require(self, "param", &pagination.param, true);
                let cursor = require(self, "cursor", &pagination.cursor, false)?;
                let keys: Vec<String> = cursor.split('.').map(str::to_owned).collect();
                let inside = match keys.first().map(String::as_str) {
                    Some("result_info") => true,
                    Some("result") => nested,
                    _ => false,
                };
                if !inside || keys.len() < 2 || keys.iter().any(String::is_empty) {
                    let within = if nested { "`result_info` or `result`" } else { "`result_info`" };
                    let message = format!("the cursor `{cursor}` must be inside {within}");
                    self.error(&child(&at, &["cursor"]), message, Some("e.g. `result_info.cursor`".into()));
                    return None;
                }
                Some(Pagination::Cursor { param: param?, cursor: keys })
            }
            "offset" => {
                let param = require(self, "param", &pagination.param, true);
                let limit_param = require(self, "limit_param", &pagination.limit_param, true);
                Some(Pagination::Offset { param: param?, limit_param: limit_param? })
            }
            other => {
                let hint = did_you_mean_hint(other, ["page", "cursor", "offset"]);
                let message = format!("unknown pagination style `{other}`, expected page, cursor or offset");
                self.error(&child(&at, &["style"]), message, hint);
                None
            }
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
            if ["content-length", "host", "transfer-encoding", "connection"].contains(&name.to_ascii_lowercase().as_str()) {
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
    fn check_distinct(&mut self, seen: &mut BTreeMap<String, String>, place: &At, field: &Field, what: &str) -> bool {
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
