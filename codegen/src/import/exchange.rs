//! What an operation sends and gets back: the request body (JSON, raw bytes, optional, another
//! content type), the response (Cloudflare's envelope, plain JSON, text or bytes; a result per
//! success status) and how a paginated list is walked.

use indexmap::IndexMap;
use serde_yaml::{Mapping, Value};

use super::doc::{child, flag, text, Doc};
use super::error::Problem;
use super::lower;
use super::operations::{sentence_part, Site};
use super::out::{Pagination, Type};
use super::schema::Lowerer;

/// Why an operation cannot be imported.
pub type Reason = String;

/// The request body of an operation, as the spec's operation keys write it.
#[derive(Default)]
pub struct Body {
    pub body: Option<Type>,
    pub encoding: Option<String>,
    pub optional: bool,
    pub content_type: Option<String>,
    pub parts: IndexMap<String, Type>,
}

/// The JSON media type among `content`'s keys, if any (`application/json` first).
fn json_media(content: &Mapping) -> Option<(&str, &Value)> {
    let mut media: Vec<(&str, &Value)> = content.iter().filter_map(|(key, value)| Some((key.as_str()?, value))).collect();
    media.sort_by_key(|(key, _)| (*key != "application/json", *key));
    media.into_iter().find(|(key, _)| *key == "application/json" || key.ends_with("+json"))
}

/// The media types of `content`, for reasons and notes.
fn kinds(content: &Mapping) -> String {
    content.keys().filter_map(Value::as_str).collect::<Vec<_>>().join(", ")
}

/// The raw bytes of a file or a blob, as OpenAPI writes them.
fn binary() -> Type {
    Type { format: Some("binary".into()), ..Type::scalar("string") }
}

/// The request body: `Ok(Err(reason))` when the format has no way to send it.
pub fn body(doc: &Doc, lowerer: &mut Lowerer<'_>, site: &Site<'_>) -> Result<Result<Body, Reason>, Problem> {
    let Some(body) = site.node.get("requestBody") else { return Ok(Ok(Body::default())) };
    let (body, at) = doc.deref(body, &child(&site.pointer, "requestBody"))?;
    let Some(content) = body.get("content").and_then(Value::as_mapping).filter(|content| !content.is_empty()) else {
        return Ok(Ok(Body::default()));
    };
    let optional = !flag(body, "required");
    let Some((media, entry)) = json_media(content) else {
        if let Some(form) = content.get("multipart/form-data") {
            let at = child(&child(&at, "content"), "multipart/form-data");
            return multipart(doc, lowerer, site, form, &at);
        }
        return Ok(raw_body(content).map(|content_type| Body {
            body: Some(binary()),
            encoding: Some("bytes".into()),
            optional,
            content_type,
            ..Body::default()
        }));
    };
    let content_type = (media != "application/json").then(|| media.to_owned());
    let Some(schema) = entry.get("schema") else {
        return Ok(Ok(Body { body: Some(Type::scalar("json")), optional, content_type, ..Body::default() }));
    };
    let at = child(&child(&child(&at, "content"), media), "schema");
    let mut written = lowerer.lower(schema, &at, &format!("{}_body", site.hint))?;
    written.required = false;
    if let (Some(name), Some(summary)) = (&written.reference, text(site.node, "summary")) {
        // Bodies rarely have a description; the first operation that sends one names it.
        lowerer.describe(name, format!("The body of a request to {}.", sentence_part(summary)));
    }
    Ok(Ok(Body { body: Some(written), optional, content_type, ..Body::default() }))
}

/// A `multipart/form-data` body: one part per property of its object schema (files as
/// `format: binary`, lists of files as arrays of them), in the schema's order.
fn multipart(doc: &Doc, lowerer: &mut Lowerer<'_>, site: &Site<'_>, form: &Value, at: &str) -> Result<Result<Body, Reason>, Problem> {
    let no_parts = || Ok(Err("multipart body without an object schema naming its parts".to_owned()));
    let Some(schema) = form.get("schema") else { return no_parts() };
    let (schema, at) = doc.deref(schema, &child(at, "schema"))?;
    let Some(properties) = schema.get("properties").and_then(Value::as_mapping).filter(|p| !p.is_empty()) else {
        return no_parts();
    };
    let required: Vec<&str> = schema.get("required").and_then(Value::as_sequence).map_or_else(Vec::new, |names| names.iter().filter_map(Value::as_str).collect());
    let mut parts = IndexMap::new();
    for (name, property) in properties {
        let Some(name) = name.as_str() else { continue };
        let part_at = child(&child(&at, "properties"), name);
        let (resolved, _) = doc.deref(property, &part_at)?;
        let mut written = if is_binary(resolved) {
            binary()
        } else if text(resolved, "type") == Some("array") && resolved.get("items").is_some_and(|items| doc.deref(items, &part_at).is_ok_and(|(items, _)| is_binary(items))) {
            Type { kind: Some("array".into()), items: Some(Box::new(binary())), ..Type::default() }
        } else {
            lowerer.lower(property, &part_at, &format!("{}_body_{name}", site.hint))?
        };
        written.docs = text(resolved, "description").map(str::to_owned).or(written.docs);
        written.required = required.contains(&name);
        written.nullable = false;
        parts.insert(name.to_owned(), written);
    }
    Ok(Ok(Body { encoding: Some("multipart".into()), parts, ..Body::default() }))
}

/// A string of raw bytes (`format: binary`): a file part.
fn is_binary(node: &Value) -> bool {
    text(node, "type") == Some("string") && text(node, "format") == Some("binary")
}

/// A body that is not JSON: sent as raw bytes with its media type (`None`: the default,
/// `application/octet-stream`), unless it is a form, which the format cannot encode.
fn raw_body(content: &Mapping) -> Result<Option<String>, Reason> {
    let media: Vec<&str> = content.keys().filter_map(Value::as_str).collect();
    let raw: Vec<&str> = media.iter().copied().filter(|media| !media.starts_with("multipart/") && !media.contains("form-urlencoded")).collect();
    match raw.first() {
        Some(&"application/octet-stream") => Ok(None),
        Some(media) if media.contains('/') && !media.contains('*') => Ok(Some((*media).to_owned())),
        _ => Err(format!("request body {} is a form (multipart or urlencoded), which the format cannot send", kinds(content))),
    }
}

/// The success response of an operation.
pub struct Response {
    pub status: u16,
    /// `json`, `text` or `bytes` when the answer is not the envelope.
    pub kind: Option<String>,
    pub result: Type,
    pub others: IndexMap<u16, Type>,
    pub paginated: bool,
    /// The properties of `result_info`, when the envelope has it.
    result_info: Vec<String>,
}

/// The 2xx responses in status order.
fn successes<'a>(site: &Site<'a>) -> Result<Vec<(u16, &'a Value)>, Problem> {
    let Some(responses) = site.node.get("responses").and_then(Value::as_mapping) else {
        return Err(Problem::new(child(&site.pointer, "responses"), "an operation needs `responses`"));
    };
    let mut codes: Vec<(u16, &Value)> = responses
        .iter()
        .filter_map(|(code, response)| {
            let code = code.as_str().map(str::to_owned).or_else(|| code.as_u64().map(|n| n.to_string()))?;
            let status: u16 = code.parse().ok()?;
            (200..300).contains(&status).then_some((status, response))
        })
        .collect();
    codes.sort_by_key(|(status, _)| *status);
    if codes.is_empty() {
        // `default` answers every status the others do not name, success included: with no
        // 2xx listed it is the success answer (read as 200).
        if let Some(default) = responses.get("default") {
            codes.push((200, default));
        }
    }
    Ok(codes)
}

/// The first success status and its result; other success statuses with another result
/// become `other_results`.
pub fn response(doc: &Doc, lowerer: &mut Lowerer<'_>, site: &Site<'_>) -> Result<Result<Response, Reason>, Problem> {
    let codes = successes(site)?;
    let Some((status, node)) = codes.first().copied() else {
        return Ok(Err("no success (2xx) or default response is described".to_owned()));
    };
    let mut first = match one_response(doc, lowerer, site, status, node)? {
        Ok(first) => first,
        Err(reason) => return Ok(Err(reason)),
    };
    for (status, node) in codes.into_iter().skip(1) {
        let Ok(other) = one_response(doc, lowerer, site, status, node)? else { continue };
        let same = other.result.shape() == first.result.shape() || other.result.nullable && other.result.kind.as_deref() == Some("json");
        if same {
            continue;
        }
        if first.kind.is_none() && other.kind.is_none() && !first.paginated {
            first.others.insert(status, other.result);
        } else {
            lowerer.note(lower::other_status(status));
        }
    }
    Ok(Ok(first))
}

fn no_content(status: u16) -> Response {
    let result = Type { kind: Some("json".into()), nullable: true, ..Type::default() };
    Response { status, kind: None, result, others: IndexMap::new(), paginated: false, result_info: Vec::new() }
}

/// One success response: the envelope's `result`, or the body itself.
fn one_response(
    doc: &Doc,
    lowerer: &mut Lowerer<'_>,
    site: &Site<'_>,
    status: u16,
    node: &Value,
) -> Result<Result<Response, Reason>, Problem> {
    let key = if site.node.get("responses").and_then(|responses| responses.get("default")).is_some_and(|d| std::ptr::eq(d, node)) {
        "default".to_owned()
    } else {
        status.to_string()
    };
    let at = child(&child(&site.pointer, "responses"), &key);
    let (response, at) = doc.deref(node, &at)?;
    let Some(content) = response.get("content").and_then(Value::as_mapping).filter(|c| !c.is_empty()) else {
        return Ok(Ok(no_content(status)));
    };
    let plain = |kind: &str, result: Type| Response { kind: Some(kind.to_owned()), result, ..no_content(status) };
    let Some((media, entry)) = json_media(content) else {
        let media: Vec<&str> = content.keys().filter_map(Value::as_str).collect();
        let text = media.iter().all(|media| media.starts_with("text/"));
        return Ok(Ok(if text { plain("text", Type::scalar("string")) } else { plain("bytes", binary()) }));
    };
    let Some(schema) = entry.get("schema") else {
        return Ok(Ok(plain("json", Type::scalar("json"))));
    };
    let at = child(&child(&child(&at, "content"), media), "schema");
    let hint = if status == successes(site)?.first().map_or(status, |(first, _)| *first) {
        format!("{}_result", site.hint)
    } else {
        format!("{}_result_{status}", site.hint)
    };
    let Some(properties) = envelope(doc, schema, &at)? else {
        // No envelope: the whole body is the result.
        let mut written = lowerer.lower(schema, &at, &hint)?;
        written.required = false;
        return Ok(Ok(plain("json", written)));
    };
    let result_info = properties.iter().find(|(name, _, _)| name == "result_info").map(|(_, schema, at)| info_keys(doc, schema, at));
    let Some((_, result, result_at)) = properties.into_iter().find(|(name, _, _)| name == "result") else {
        return Ok(Ok(no_content(status)));
    };
    let mut written = lowerer.lower(&result, &result_at, &hint)?;
    written.required = false;
    let paginated = result_info.is_some() && written.kind.as_deref() == Some("array");
    let result_info = result_info.unwrap_or_default();
    Ok(Ok(Response { status, kind: None, result: written, others: IndexMap::new(), paginated, result_info }))
}

/// The property names of `result_info` (for the pagination style).
fn info_keys(doc: &Doc, schema: &Value, at: &str) -> Vec<String> {
    let mut properties = Vec::new();
    // A malformed `result_info` only loses the style; the result itself was checked.
    let _ = collect(doc, schema, at, &mut properties, 0);
    properties.into_iter().map(|(name, _, _)| name).collect()
}

/// How a paginated list is walked: by cursor when the operation takes `cursor` and
/// `result_info` gives one, by offset when it takes `offset` and `limit`, else by page.
pub fn pagination(query: &IndexMap<String, Type>, response: &Response) -> Option<Pagination> {
    let single = |name: &str| query.get(name).is_some_and(|param| param.kind.as_deref() != Some("array"));
    if single("cursor") && response.result_info.iter().any(|key| key == "cursor") {
        return Some(Pagination {
            style: "cursor".into(),
            param: "cursor".into(),
            cursor: Some("result_info.cursor".into()),
            limit_param: None,
        });
    }
    if single("offset") && single("limit") && !single("page") {
        return Some(Pagination { style: "offset".into(), param: "offset".into(), cursor: None, limit_param: Some("limit".into()) });
    }
    None
}

/// An envelope property: its name, schema and pointer.
type Property = (String, Value, String);

/// The properties of an envelope response (`success` and `errors` present), `allOf` merged.
fn envelope(doc: &Doc, schema: &Value, at: &str) -> Result<Option<Vec<Property>>, Problem> {
    let mut properties = Vec::new();
    collect(doc, schema, at, &mut properties, 0)?;
    let has = |key: &str| properties.iter().any(|(name, _, _)| name == key);
    Ok((has("success") && (has("errors") || has("result"))).then_some(properties))
}

fn collect(doc: &Doc, schema: &Value, at: &str, into: &mut Vec<Property>, depth: usize) -> Result<(), Problem> {
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
