//! Operations: parameters, body and the envelope's `result`, lowered to spec operations.

use std::collections::BTreeMap;

use indexmap::IndexMap;
use serde_yaml::{Mapping, Value};

use super::doc::{child, flag, text, Doc};
use super::error::Problem;
use super::lower;
use super::out::{Operation, Type};
use super::schema::Lowerer;

/// The schema of the `{accounts_or_zones}` path segment: the account-or-zone scope.
pub const SCOPE_SCHEMA: &str = "AccountsOrZones";

/// What became of one operation.
pub enum Outcome {
    Imported(Box<Operation>),
    /// Why it cannot be described in today's format.
    Skipped(String),
}

/// Where to look things up while lowering one operation.
pub struct Site<'a> {
    pub path: &'a str,
    pub method: &'a str,
    pub item: &'a Value,
    pub node: &'a Value,
    /// The pointer of the operation (`#/paths/~1accounts/get`).
    pub pointer: String,
    /// The raw name inline types of this operation are named after (`groups_create`).
    pub hint: String,
    /// The overlay's docs for parameters the description leaves undocumented.
    pub parameter_docs: &'a BTreeMap<String, String>,
}

/// Lowers one operation. A problem of the description is an error; a construct the format
/// cannot express at all is `Skipped` with the reason.
pub fn lower_operation(doc: &Doc, lowerer: &mut Lowerer<'_>, site: &Site<'_>) -> Result<Outcome, Problem> {
    if !["GET", "POST", "PUT", "PATCH", "DELETE"].contains(&site.method) {
        return Ok(Outcome::Skipped(format!("HTTP method {} is not supported", site.method)));
    }
    let parameters = parameters(doc, site)?;
    let Some(path_params) = path_params(lowerer, site, &parameters)? else {
        return Ok(Outcome::Skipped("a path parameter appears twice in the template".to_owned()));
    };
    let query = query(lowerer, &parameters, site)?;
    let body = match body(doc, lowerer, site)? {
        Ok(body) => body,
        Err(reason) => return Ok(Outcome::Skipped(reason)),
    };
    let (success, result, paginated) = match response(doc, lowerer, site)? {
        Ok(response) => response,
        Err(reason) => return Ok(Outcome::Skipped(reason)),
    };
    Ok(Outcome::Imported(Box::new(Operation {
        method: site.method.to_owned(),
        path: site.path.to_owned(),
        docs: docs(site.node),
        path_params,
        query,
        body,
        success,
        result,
        paginated,
        deprecated: flag(site.node, "deprecated"),
        ..Operation::default()
    })))
}

/// The operation's docs: summary, a blank line, then the description.
fn docs(node: &Value) -> Option<String> {
    let parts: Vec<&str> =
        [text(node, "summary"), text(node, "description")].into_iter().flatten().map(str::trim).filter(|s| !s.is_empty()).collect();
    (!parts.is_empty()).then(|| format!("{}\n", parts.join("\n\n")))
}

/// A summary as the end of a sentence: `Create a user.` -> `create a user` (`DNS` stays).
fn sentence_part(summary: &str) -> String {
    let summary = summary.trim().trim_end_matches('.');
    let mut chars = summary.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if first.is_uppercase() && !second.is_uppercase() => {
            format!("{}{}", first.to_lowercase(), &summary[first.len_utf8()..])
        }
        _ => summary.to_owned(),
    }
}

/// A parameter after `$ref`: its node and pointer.
struct Parameter<'a> {
    node: &'a Value,
    pointer: String,
    name: String,
    location: String,
}

/// The path item's parameters, then the operation's (which override them by name and place).
fn parameters<'a>(doc: &'a Doc, site: &Site<'a>) -> Result<Vec<Parameter<'a>>, Problem> {
    let mut all: Vec<Parameter<'a>> = Vec::new();
    let item_pointer = site.pointer.rsplit_once('/').map_or("#", |(item, _)| item).to_owned();
    for (owner, at) in [(site.item, item_pointer), (site.node, site.pointer.clone())] {
        let Some(list) = owner.get("parameters") else { continue };
        let Some(list) = list.as_sequence() else {
            return Err(Problem::new(child(&at, "parameters"), "`parameters` must be an array"));
        };
        for (i, parameter) in list.iter().enumerate() {
            let (node, pointer) = doc.deref(parameter, &child(&child(&at, "parameters"), &i.to_string()))?;
            let (Some(name), Some(location)) = (text(node, "name"), text(node, "in")) else {
                return Err(Problem::new(pointer, "a parameter needs `name` and `in`"));
            };
            let (name, location) = (name.to_owned(), location.to_owned());
            all.retain(|earlier| earlier.name != name || earlier.location != location);
            all.push(Parameter { node, pointer, name, location });
        }
    }
    Ok(all)
}

/// The lowered type of a parameter, its own description and example winning.
fn parameter_type(lowerer: &mut Lowerer<'_>, parameter: &Parameter<'_>, hint: &str) -> Result<Type, Problem> {
    let Some(schema) = parameter.node.get("schema") else {
        return Ok(Type::scalar("string"));
    };
    let mut written = lowerer.lower(schema, &child(&parameter.pointer, "schema"), hint)?;
    if let Some(docs) = text(parameter.node, "description") {
        written.docs = Some(docs.to_owned());
    }
    if let Some(example) = parameter.node.get("example") {
        written.example = Some(example.clone());
    }
    written.deprecated |= flag(parameter.node, "deprecated");
    Ok(written)
}

/// Path parameters in template order; `None` when the template repeats a name.
fn path_params(
    lowerer: &mut Lowerer<'_>,
    site: &Site<'_>,
    parameters: &[Parameter<'_>],
) -> Result<Option<IndexMap<String, Type>>, Problem> {
    let mut params = IndexMap::new();
    for name in template_names(site.path) {
        if params.contains_key(&name) {
            return Ok(None);
        }
        let declared = parameters.iter().find(|p| p.location == "path" && p.name == name);
        let mut written = match declared {
            _ if name == "accounts_or_zones" => Type::named(SCOPE_SCHEMA),
            Some(parameter) => parameter_type(lowerer, parameter, &format!("{}_{name}", site.hint))?,
            None => {
                lowerer.note(lower::undeclared_path_param(&name));
                Type::scalar("string")
            }
        };
        if !single_value(lowerer, &written) {
            lowerer.note(lower::structured_path_param(&name));
            written = Type { kind: Some("string".into()), docs: written.docs, ..Type::default() };
        }
        written.required = false;
        written.nullable = false;
        if written.docs.is_none() {
            written.docs = site.parameter_docs.get(&name).cloned();
        }
        params.insert(name, written);
    }
    Ok(Some(params))
}

/// A scalar or a string enum: what a path or query parameter may be.
fn single_value(lowerer: &Lowerer<'_>, written: &Type) -> bool {
    match (&written.reference, written.kind.as_deref()) {
        (Some(name), _) => lowerer.is_enum(name),
        (None, kind) => matches!(kind, Some("string" | "integer" | "number" | "boolean")),
    }
}

fn template_names(path: &str) -> Vec<String> {
    path.split('{').skip(1).filter_map(|rest| rest.split_once('}')).map(|(name, _)| name.to_owned()).collect()
}

/// Query parameters; headers, cookies and structured queries are noted and left out.
fn query(lowerer: &mut Lowerer<'_>, parameters: &[Parameter<'_>], site: &Site<'_>) -> Result<IndexMap<String, Type>, Problem> {
    let hint = &site.hint;
    let mut query = IndexMap::new();
    for parameter in parameters {
        match parameter.location.as_str() {
            "query" => {}
            "header" | "cookie" => {
                lowerer.note(lower::header_param(&parameter.name));
                continue;
            }
            _ => continue,
        }
        let mut written = parameter_type(lowerer, parameter, &format!("{hint}_{}", parameter.name))?;
        if !single_value(lowerer, &written) {
            lowerer.note(lower::structured_query_param(&parameter.name));
            continue;
        }
        written.required = flag(parameter.node, "required");
        written.nullable = false;
        if written.docs.is_none() {
            written.docs = site.parameter_docs.get(&parameter.name).cloned();
        }
        query.insert(parameter.name.clone(), written);
    }
    Ok(query)
}

/// The JSON media type among `content`'s keys, if any.
fn json_media(content: &Mapping) -> Option<(&str, &Value)> {
    let mut media: Vec<(&str, &Value)> =
        content.iter().filter_map(|(key, value)| Some((key.as_str()?, value))).collect();
    media.sort_by_key(|(key, _)| (*key != "application/json", *key));
    media.into_iter().find(|(key, _)| *key == "application/json" || key.ends_with("+json"))
}

type Reason = String;

/// The request body: `Ok(Err(reason))` when it cannot be sent as JSON.
fn body(doc: &Doc, lowerer: &mut Lowerer<'_>, site: &Site<'_>) -> Result<Result<Option<Type>, Reason>, Problem> {
    let Some(body) = site.node.get("requestBody") else { return Ok(Ok(None)) };
    let (body, at) = doc.deref(body, &child(&site.pointer, "requestBody"))?;
    let Some(content) = body.get("content").and_then(Value::as_mapping) else {
        return Ok(Ok(None));
    };
    let Some((media, entry)) = json_media(content) else {
        let kinds: Vec<&str> = content.keys().filter_map(Value::as_str).collect();
        return Ok(Err(format!("request body {} is not JSON", kinds.join(", "))));
    };
    let Some(schema) = entry.get("schema") else {
        return Ok(Ok(Some(Type::scalar("json"))));
    };
    if media != "application/json" {
        lowerer.note(lower::json_media_type(media));
    }
    if !flag(body, "required") {
        lowerer.note(lower::optional_body());
    }
    let at = child(&child(&child(&at, "content"), media), "schema");
    let mut written = lowerer.lower(schema, &at, &format!("{}_body", site.hint))?;
    written.required = false;
    if let (Some(name), Some(summary)) = (&written.reference, text(site.node, "summary")) {
        // Bodies rarely have a description; the first operation that sends one names it.
        lowerer.describe(name, format!("The body of a request to {}.", sentence_part(summary)));
    }
    Ok(Ok(Some(written)))
}

type Response = (u16, Type, bool);

/// The success status, the type of `result`, and whether the list is paginated.
fn response(doc: &Doc, lowerer: &mut Lowerer<'_>, site: &Site<'_>) -> Result<Result<Response, Reason>, Problem> {
    let Some(responses) = site.node.get("responses").and_then(Value::as_mapping) else {
        return Err(Problem::new(child(&site.pointer, "responses"), "an operation needs `responses`"));
    };
    let mut codes: Vec<(u16, &Value, &str)> = responses
        .iter()
        .filter_map(|(code, response)| {
            let code = code.as_str().map(str::to_owned).or_else(|| code.as_u64().map(|n| n.to_string()))?;
            let status: u16 = code.parse().ok()?;
            (200..300).contains(&status).then_some((status, response, ""))
        })
        .collect();
    codes.sort_by_key(|(status, _, _)| *status);
    let Some((status, response, _)) = codes.first().copied() else {
        return Ok(Err("no success (2xx) response is described".to_owned()));
    };
    let at = child(&child(&site.pointer, "responses"), &status.to_string());
    let (response, at) = doc.deref(response, &at)?;
    let Some(content) = response.get("content").and_then(Value::as_mapping).filter(|c| !c.is_empty()) else {
        return Ok(Ok((status, Type { kind: Some("json".into()), nullable: true, ..Type::default() }, false)));
    };
    let Some((media, entry)) = json_media(content) else {
        let kinds: Vec<&str> = content.keys().filter_map(Value::as_str).collect();
        return Ok(Err(format!("response {} is not JSON", kinds.join(", "))));
    };
    let Some(schema) = entry.get("schema") else {
        return Ok(Err("the JSON response has no schema".to_owned()));
    };
    let at = child(&child(&child(&at, "content"), media), "schema");
    let Some(properties) = envelope(doc, schema, &at)? else {
        return Ok(Err("the response is not Cloudflare's envelope".to_owned()));
    };
    let paginated_info = properties.iter().any(|(name, _, _)| name == "result_info");
    let Some((_, result, result_at)) = properties.into_iter().find(|(name, _, _)| name == "result") else {
        return Ok(Ok((status, Type { kind: Some("json".into()), nullable: true, ..Type::default() }, false)));
    };
    let mut written = lowerer.lower(&result, &result_at, &format!("{}_result", site.hint))?;
    written.required = false;
    let paginated = paginated_info && written.kind.as_deref() == Some("array");
    Ok(Ok((status, written, paginated)))
}

/// The properties of an envelope response (`success` and `errors` present), `allOf` merged.
/// An envelope property: its name, schema and pointer.
type Property = (String, Value, String);

fn envelope(doc: &Doc, schema: &Value, at: &str) -> Result<Option<Vec<Property>>, Problem> {
    let mut properties = Vec::new();
    collect(doc, schema, at, &mut properties, 0)?;
    let has = |key: &str| properties.iter().any(|(name, _, _)| name == key);
    Ok((has("success") && (has("errors") || has("result"))).then_some(properties))
}

fn collect(
    doc: &Doc,
    schema: &Value,
    at: &str,
    into: &mut Vec<Property>,
    depth: usize,
) -> Result<(), Problem> {
    if depth > 16 {
        return Err(Problem::new(at, "`allOf` nested too deeply (a cycle?)"));
    }
    let (schema, at) = doc.deref(schema, at)?;
    if let Some(members) = schema.get("allOf").and_then(Value::as_sequence) {
        for (i, member) in members.iter().enumerate() {
            collect(doc, member, &child(&child(&at, "allOf"), &i.to_string()), into, depth + 1)?;
        }
    }
    if let Some(properties) = schema.get("properties").and_then(Value::as_mapping) {
        for (name, property) in properties {
            let Some(name) = name.as_str() else { continue };
            into.retain(|(earlier, _, _)| earlier != name);
            into.push((name.to_owned(), property.clone(), child(&child(&at, "properties"), name)));
        }
    }
    Ok(())
}
