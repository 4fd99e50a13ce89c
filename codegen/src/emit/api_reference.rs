//! `api.md`: the API reference, as Stainless's SDKs ship it. Every resource with its accessor
//! chain, every method with its signature, HTTP method and path and one line of docs, and every
//! type with its fields, values or kinds; each type named is a link to its entry.

use std::fmt::Write as _;

use super::docs;
use crate::model::{Model, Operation, Resource, Schema, SchemaKind, Type};

/// The whole reference, in the order of the resource tree, then the types by name.
pub fn markdown(model: &Model) -> String {
    let mut out = String::new();
    let api = &model.api;
    let _ = writeln!(out, "# API reference: {}\n", api.title);
    let _ = writeln!(
        out,
        "Every resource, method and type of the crate `{}`. A method returns a `Call`; `.await` it. \
         A resource marked with a feature compiles only with that cargo feature (all are on by default).\n",
        api.crate_name
    );
    out.push_str("## Resources\n\n");
    for child in &model.root.children {
        resource(model, child, &mut out);
    }
    out.push_str("## Types\n\n");
    let mut schemas: Vec<&Schema> = model.schemas.iter().collect();
    schemas.sort_by(|a, b| a.name.cmp(&b.name));
    for schema in schemas {
        type_entry(model, schema, &mut out);
    }
    out
}

fn resource(model: &Model, resource: &Resource, out: &mut String) {
    let chain: Vec<String> = resource.module_path.iter().map(|segment| format!(".{segment}()")).collect();
    let _ = writeln!(out, "### <a id=\"{}\"></a>`client{}`\n", resource_anchor(resource), chain.concat());
    if let Some(summary) = docs::summary(resource.docs.as_deref()) {
        let _ = writeln!(out, "{summary}\n");
    }
    let path = resource.module_path.join("::");
    let lib = model.api.crate_name.replace('-', "_");
    let _ = write!(out, "Module: `{lib}::resources::{path}`, handle `{}`.", resource.type_name);
    if let Some(feature) = model.families.feature_of(&resource.module_path) {
        let _ = write!(out, " Cargo feature: `{feature}`.");
    }
    out.push_str("\n\n");
    for operation in &resource.operations {
        method(model, operation, out);
    }
    if !resource.operations.is_empty() {
        out.push('\n');
    }
    let children: Vec<String> = resource
        .children
        .iter()
        .map(|child| format!("[`{}`](#{})", child.segment, resource_anchor(child)))
        .collect();
    if !children.is_empty() {
        let _ = writeln!(out, "Sub-resources: {}.\n", children.join(", "));
    }
    for child in &resource.children {
        self::resource(model, child, out);
    }
}

fn resource_anchor(resource: &Resource) -> String {
    format!("resource-{}", resource.module_path.join("-"))
}

fn method(model: &Model, operation: &Operation, out: &mut String) {
    let summary = docs::summary(operation.docs.as_deref()).unwrap_or_default();
    let deprecated = if operation.deprecated || operation.deprecation.is_some() { " **Deprecated.**" } else { "" };
    let _ = writeln!(
        out,
        "- `{}({}) -> {}`<br>`{} {}`: {summary}{deprecated}",
        operation.name,
        arguments(model, operation).join(", "),
        output(model, operation),
        operation.method.as_str(),
        operation.path,
    );
    let mut named = Vec::new();
    let types = operation.path_params.iter().map(|param| &param.ty).chain(&operation.body).chain([&operation.result]);
    for ty in types {
        collect_named(ty, &mut named);
    }
    if !named.is_empty() {
        let links: Vec<String> = named.iter().map(|id| type_link(&model.schema(*id).name)).collect();
        let _ = writeln!(out, "  Types: {}.", links.join(", "));
    }
}

fn arguments(model: &Model, operation: &Operation) -> Vec<String> {
    let mut args: Vec<String> = operation
        .path_params
        .iter()
        .map(|param| match &param.ty {
            Type::String | Type::Uuid => format!("{}: &str", param.rust),
            Type::Named(_) => format!("{}: {}", param.rust, type_text(model, &param.ty)),
            other => format!("{}: {}", param.rust, type_text(model, other)),
        })
        .collect();
    if let Some(params) = &operation.params_struct {
        args.push(format!("params: &{params}"));
    }
    if let Some(body) = &operation.body {
        let ty = if operation.body_bytes {
            "Vec<u8>".to_owned()
        } else if matches!(body, Type::String | Type::Uuid) {
            "&str".to_owned()
        } else {
            format!("&{}", type_text(model, body))
        };
        args.push(if operation.body_optional { format!("body: Option<{ty}>") } else { format!("body: {ty}") });
    }
    args
}

fn output(model: &Model, operation: &Operation) -> String {
    use crate::model::ResponseKind;
    match (&operation.result, operation.paginated, operation.response) {
        (Type::Array(item), true, _) => format!("Call<Page<{}>>", type_text(model, item)),
        (_, _, ResponseKind::Text) => "Call<String>".to_owned(),
        (_, _, ResponseKind::Bytes) => "Call<Vec<u8>>".to_owned(),
        (result, _, _) if operation.result_nullable => format!("Call<Option<{}>>", type_text(model, result)),
        (result, _, _) => format!("Call<{}>", type_text(model, result)),
    }
}

/// The Rust spelling of a type use, with schemas by their plain name.
fn type_text(model: &Model, ty: &Type) -> String {
    match ty {
        Type::String => "String".to_owned(),
        Type::Timestamp => "jiff::Timestamp".to_owned(),
        Type::Uuid => "uuid::Uuid".to_owned(),
        Type::Integer => "i64".to_owned(),
        Type::Int32 => "i32".to_owned(),
        Type::Number => "f64".to_owned(),
        Type::Boolean => "bool".to_owned(),
        Type::Json => "serde_json::Value".to_owned(),
        Type::Array(inner) => format!("Vec<{}>", type_text(model, inner)),
        Type::Map(inner) => format!("BTreeMap<String, {}>", type_text(model, inner)),
        Type::Named(id) => model.schema(*id).name.clone(),
        Type::Nullable(inner) => format!("Option<{}>", type_text(model, inner)),
        Type::Boxed(inner) => format!("Box<{}>", type_text(model, inner)),
    }
}

fn collect_named(ty: &Type, named: &mut Vec<crate::model::SchemaId>) {
    match ty {
        Type::Array(inner) | Type::Map(inner) | Type::Nullable(inner) | Type::Boxed(inner) => collect_named(inner, named),
        Type::Named(id) if !named.contains(id) => named.push(*id),
        _ => {}
    }
}

fn type_link(name: &str) -> String {
    format!("[`{name}`](#type-{})", name.to_ascii_lowercase())
}

/// A type use as text with its schema linked: `Vec<`[`Rule`](#type-rule)`>` reads as code
/// around a link.
fn type_use(model: &Model, ty: &Type) -> String {
    let mut named = Vec::new();
    collect_named(ty, &mut named);
    let text = type_text(model, ty);
    match named.first() {
        Some(id) => {
            let name = &model.schema(*id).name;
            let (before, after) = text.split_once(name.as_str()).unwrap_or((&text, ""));
            let code = |part: &str| if part.is_empty() { String::new() } else { format!("`{part}`") };
            format!("{}{}{}", code(before), type_link(name), code(after))
        }
        None => format!("`{text}`"),
    }
}

fn type_entry(model: &Model, schema: &Schema, out: &mut String) {
    let kind = match &schema.kind {
        SchemaKind::Object(_) => "struct",
        SchemaKind::Enum(_) => "enum",
        SchemaKind::Union(_) => "union keyed by its single key (enum)",
        SchemaKind::Tagged { .. } => "union tagged by a property (enum)",
        SchemaKind::Untagged(_) => "union without a tag (enum)",
    };
    let _ = writeln!(out, "### <a id=\"type-{}\"></a>`{}`\n", schema.name.to_ascii_lowercase(), schema.name);
    let summary = docs::summary(schema.docs.as_deref()).unwrap_or_default();
    let lib = model.api.crate_name.replace('-', "_");
    let _ = write!(out, "A {kind} in `{lib}::types`. {summary}");
    if let Some(features) = model.families.schema_gates.get(&schema.name) {
        let features: Vec<String> = features.iter().map(|feature| format!("`{feature}`")).collect();
        let _ = write!(out, " Cargo feature: {}.", features.join(" or "));
    }
    out.push_str("\n\n");
    match &schema.kind {
        SchemaKind::Object(fields) => {
            for field in fields {
                let required = if field.required { " (required)" } else { "" };
                let _ = writeln!(out, "- `{}`: {}{required}", field.rust, type_use(model, &field.ty));
            }
        }
        SchemaKind::Enum(values) => {
            for value in values {
                let _ = writeln!(out, "- `{}`: `{}`", value.variant, value.wire);
            }
        }
        SchemaKind::Union(variants) => {
            for variant in variants {
                let _ = writeln!(out, "- `{}` (key `{}`): {}", variant.variant, variant.key, type_use(model, &variant.ty));
            }
        }
        SchemaKind::Tagged { property, variants } => {
            for variant in variants {
                let _ = writeln!(out, "- `{}` (`{property}: {}`): {}", variant.variant, variant.key, type_use(model, &variant.ty));
            }
        }
        SchemaKind::Untagged(variants) => {
            for variant in variants {
                let _ = writeln!(out, "- `{}`: {}", variant.variant, type_use(model, &variant.ty));
            }
        }
    }
    out.push('\n');
}
