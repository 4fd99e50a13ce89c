//! Operations: parameters, body and the envelope's `result`, lowered to spec operations.

use std::collections::BTreeMap;

use indexmap::IndexMap;
use serde_yaml::Value;

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
    use super::exchange::{body, pagination, response};
    if !["GET", "POST", "PUT", "PATCH", "DELETE"].contains(&site.method) {
        return Ok(Outcome::Skipped(format!("HTTP method {} is not supported", site.method)));
    }
    let parameters = parameters(doc, site)?;
    let Some(path_params) = path_params(lowerer, site, &parameters)? else {
        return Ok(Outcome::Skipped("a path parameter appears twice in the template".to_owned()));
    };
    let query = query(lowerer, &parameters, site)?;
    let headers = headers(lowerer, &parameters, site, &query)?;
    let body = match body(doc, lowerer, site)? {
        Ok(body) => body,
        Err(reason) => return Ok(Outcome::Skipped(reason)),
    };
    let response = match response(doc, lowerer, site)? {
        Ok(response) => response,
        Err(reason) => return Ok(Outcome::Skipped(reason)),
    };
    let pagination = response.paginated.then(|| pagination(&query, &response)).flatten();
    Ok(Outcome::Imported(Box::new(Operation {
        method: site.method.to_owned(),
        path: site.path.to_owned(),
        docs: docs(site.node),
        path_params,
        query,
        headers,
        body: body.body,
        body_encoding: body.encoding,
        body_optional: body.optional,
        content_type: body.content_type,
        parts: body.parts,
        success: response.status,
        response: response.kind,
        result: response.result,
        other_results: response.others,
        paginated: response.paginated,
        pagination,
        deprecated: flag(site.node, "deprecated"),
        deprecation: deprecation(site.node),
    })))
}

/// The published deprecation message of an operation or a schema: Stainless's, else the
/// `x-cfDeprecation` note with its end of life.
pub fn deprecation(node: &Value) -> Option<String> {
    if let Some(message) = text(node, "x-stainless-deprecation-message") {
        return Some(message.trim().to_owned());
    }
    let note = node.get("x-cfDeprecation")?;
    let description = text(note, "description")?.trim();
    Some(match text(note, "eol") {
        Some(eol) => format!("{description} End of life: {eol}."),
        None => description.to_owned(),
    })
}

/// The operation's docs: summary, a blank line, then the description.
fn docs(node: &Value) -> Option<String> {
    let parts: Vec<&str> =
        [text(node, "summary"), text(node, "description")].into_iter().flatten().map(str::trim).filter(|s| !s.is_empty()).collect();
    (!parts.is_empty()).then(|| format!("{}\n", parts.join("\n\n")))
}

/// A summary as the end of a sentence: `Create a user.` -> `create a user` (`DNS` stays).
pub fn sentence_part(summary: &str) -> String {
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
    super::schema::deprecate(&mut written, parameter.node);
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
        // `allowReserved`: `/` in the value separates segments (R2 object keys, model names).
        let reserved = declared.is_some_and(|parameter| flag(parameter.node, "allowReserved"));
        written.allow_reserved = reserved && written.kind.as_deref() == Some("string") && written.reference.is_none();
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

/// Query parameters: single values, and arrays of them as OpenAPI's `form` style sends
/// them (`explode: false` joins with commas). Objects and other styles are noted and left out.
fn query(lowerer: &mut Lowerer<'_>, parameters: &[Parameter<'_>], site: &Site<'_>) -> Result<IndexMap<String, Type>, Problem> {
    let mut query = IndexMap::new();
    for parameter in parameters.iter().filter(|parameter| parameter.location == "query") {
        let mut written = parameter_type(lowerer, parameter, &format!("{}_{}", site.hint, parameter.name))?;
        let form = matches!(text(parameter.node, "style"), None | Some("form"));
        let array_of_values = written.kind.as_deref() == Some("array")
            && written.items.as_deref().is_some_and(|items| single_value(lowerer, items));
        if array_of_values && form {
            // A query string has no null: an item that may be null is sent as its value.
            if let Some(items) = written.items.as_deref_mut() {
                items.nullable = false;
            }
            if parameter.node.get("explode") == Some(&Value::Bool(false)) {
                written.explode = Some(false);
            }
        } else if !single_value(lowerer, &written) {
            lowerer.note(lower::structured_query_param(&parameter.name));
            continue;
        }
        written.required = flag(parameter.node, "required") && !array_of_values;
        written.nullable = false;
        if written.docs.is_none() {
            written.docs = site.parameter_docs.get(&parameter.name).cloned();
        }
        query.insert(parameter.name.clone(), written);
    }
    Ok(query)
}

/// Header parameters: single values, each a field of the params struct. Cookies, structured
/// values, headers the HTTP client sets itself and names that collide with a query
/// parameter's in Rust are noted and left out.
fn headers(
    lowerer: &mut Lowerer<'_>,
    parameters: &[Parameter<'_>],
    site: &Site<'_>,
    query: &IndexMap<String, Type>,
) -> Result<IndexMap<String, Type>, Problem> {
    const CLIENT_SET: [&str; 4] = ["content-length", "host", "transfer-encoding", "connection"];
    let mut rust: BTreeMap<String, ()> = query.keys().map(|name| (super::names::snake(name), ())).collect();
    let mut headers = IndexMap::new();
    for parameter in parameters.iter().filter(|parameter| matches!(parameter.location.as_str(), "header" | "cookie")) {
        let name = &parameter.name;
        let valid = !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
        let mut written = parameter_type(lowerer, parameter, &format!("{}_{name}", site.hint))?;
        if parameter.location == "cookie"
            || !valid
            || CLIENT_SET.contains(&name.to_ascii_lowercase().as_str())
            || !single_value(lowerer, &written)
            || rust.insert(super::names::snake(name), ()).is_some()
        {
            lowerer.note(lower::header_param(name));
            continue;
        }
        written.required = flag(parameter.node, "required");
        written.nullable = false;
        headers.insert(name.clone(), written);
    }
    Ok(headers)
}

