//! `tests/operations/`: a generated test of every operation, as Stainless's SDKs have one per
//! method. Each operation is called twice against Prism (`prism.rs`, copied verbatim): with only
//! its required arguments and with every argument; both must succeed and decode. One module per
//! family (gated by its feature) plus one per top-level resource for its own operations; one
//! test binary, so that one Prism serves them all. A second test checks that an empty path id
//! is refused before anything is sent.
//!
//! Argument values are built from the model: a documented example when there is one, else a
//! value of the type's format; bodies and enum values are written as JSON and decoded into the
//! argument's type, so the test names no type it does not need.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;

use super::Output;
use crate::model::{Field, Model, Operation, PartKind, Resource, SchemaKind, Type};
use crate::naming::ident;
use crate::spec::raw::EnumLiteral;

/// The test files, keyed by path in the crate.
pub fn files(model: &Model) -> BTreeMap<String, Output<'_>> {
    let lib = ident(&model.api.crate_name.replace('-', "_"));
    let mut files = BTreeMap::new();
    let mut modules: Vec<(String, Option<&str>)> = Vec::new();
    for top in &model.root.children {
        // A top-level family is one group; otherwise the top-level resource's own operations
        // and each of its families.
        let top_feature = model.families.feature_of(&top.module_path);
        let mut groups = vec![(top, top_feature)];
        if top_feature.is_none() {
            groups.extend(top.children.iter().map(|child| (child, model.families.feature_of(&child.module_path))));
        }
        for (resource, feature) in groups {
            let name = match feature {
                Some(feature) => feature.to_owned(),
                // A top-level resource's own operations, named apart from any family.
                None if model.families.families.iter().any(|family| family.feature == top.segment) => {
                    format!("{}_itself", top.segment)
                }
                None => top.segment.clone(),
            };
            let own_only = feature.is_none();
            let mut operations = Vec::new();
            collect(resource, own_only, &mut operations);
            if operations.is_empty() {
                continue;
            }
            files.insert(format!("tests/operations/{name}.rs"), {
                // Built when formatted, on whichever thread formats it (an `Ident` cannot move).
                let crate_name = lib.to_string();
                Output::Rust(Box::new(move || module_file(model, &ident(&crate_name), &operations)))
            });
            modules.push((name, feature));
        }
    }
    let crate_name = lib.to_string();
    let headers = other_credential_headers(model);
    files.insert(
        "tests/operations/main.rs".to_owned(),
        Output::Rust(Box::new(move || main_file(&ident(&crate_name), &modules, &headers))),
    );
    files.insert("tests/operations/prism.rs".to_owned(), Output::Verbatim(include_str!("../../harness/prism.rs")));
    files
}

fn collect<'m>(resource: &'m Resource, own_only: bool, out: &mut Vec<(&'m Resource, &'m Operation)>) {
    out.extend(resource.operations.iter().map(|operation| (resource, operation)));
    if !own_only {
        for child in &resource.children {
            collect(child, false, out);
        }
    }
}

/// `(name, value)` of the headers of every credential kind but the first (the client's own):
/// the published description lets some operations take only one kind, and Prism accepts a
/// request that satisfies any one, so the tests send them all.
fn other_credential_headers(model: &Model) -> Vec<(String, &'static str)> {
    let first: Vec<String> = model.api.auth.first().map(|scheme| scheme.headers.iter().map(|h| h.header.to_ascii_lowercase()).collect()).unwrap_or_default();
    let headers = model.api.auth.iter().skip(1).flat_map(|scheme| &scheme.headers);
    let mut out: Vec<(String, &'static str)> = headers
        .map(|header| header.header.to_ascii_lowercase())
        .filter(|name| !first.contains(name))
        .map(|name| {
            let value = if name.contains("email") { "user@example.com" } else { "144c9defac04969c7bfad8efaa8ea194" };
            (name, value)
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

fn main_file(lib: &proc_macro2::Ident, modules: &[(String, Option<&str>)], headers: &[(String, &str)]) -> TokenStream {
    let header_inserts = headers.iter().map(|(name, value)| {
        quote!(headers.insert(reqwest::header::HeaderName::from_static(#name), reqwest::header::HeaderValue::from_static(#value));)
    });
    let gates: Vec<Option<TokenStream>> =
        modules.iter().map(|(_, feature)| feature.map(|feature| quote!(#[cfg(feature = #feature)]))).collect();
    let names: Vec<proc_macro2::Ident> = modules.iter().map(|(name, _)| ident(name)).collect();
    let modules = names.iter().zip(&gates).map(|(name, gate)| quote!(#gate mod #name;));
    let runs = names.iter().zip(&gates).map(|(name, gate)| quote!(#gate #name::run(&client, &mut outcomes).await;));
    let refusals = names
        .iter()
        .zip(&gates)
        .map(|(name, gate)| quote!(#gate #name::refuse_empty_ids(&client, &mut outcomes).await;));
    quote! {
        //! Every operation against Prism serving the published description, with only its
        //! required arguments and with every argument; and empty path ids refused before sending.
        #![allow(deprecated, reason = "every operation is called, deprecated or not")]

        mod prism;
        #(#modules)*

        /// The credentials Prism accepts: a bearer token, and the headers of every other
        /// credential kind, since some operations of the published description allow only one.
        fn client(base_url: &str) -> #lib::Client {
            #[allow(unused_mut, reason = "an API with one credential kind adds no header")]
            let mut headers = reqwest::header::HeaderMap::new();
            #(#header_inserts)*
            // Without gzip: Prism repeats a response's documented `Content-Encoding: gzip`
            // over a body it does not compress (a DEX download), which would fail to decode.
            let http = reqwest::Client::builder()
                .default_headers(headers)
                .no_gzip()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("an HTTP client");
            #lib::Client::builder(#lib::Credentials::api_token("Sn3lZJTBX6kkg7OdcBUAxOO963GEIyGQqnFTOFYY"))
                .http_client(http)
                .base_url(base_url)
                .max_retries(0)
                .build()
                .expect("a client")
        }

        /// An argument decoded from JSON, so that a test names no type it does not need.
        #[allow(dead_code, reason = "an API without operations of that kind leaves it unused")]
        fn value<T: serde::de::DeserializeOwned>(json: &str) -> T {
            serde_json::from_str(json).unwrap_or_else(|error| panic!("{json}: {error}"))
        }

        /// The call succeeded and its value decoded into something (not JSON `null`).
        #[allow(dead_code, reason = "an API without operations of that kind leaves it unused")]
        fn decoded<T: serde::Serialize>(result: Result<T, #lib::Error>) -> Result<(), String> {
            let value = result.map_err(|error| error.to_string())?;
            match serde_json::to_value(&value) {
                Ok(serde_json::Value::Null) => Err("the result decoded to null".to_owned()),
                Ok(_) => Ok(()),
                Err(error) => Err(error.to_string()),
            }
        }

        /// The call succeeded (a page, or a result that may be absent).
        #[allow(dead_code, reason = "an API without operations of that kind leaves it unused")]
        fn succeeded<T>(result: Result<T, #lib::Error>) -> Result<(), String> {
            result.map(|_| ()).map_err(|error| error.to_string())
        }

        /// The call was refused before anything was sent.
        #[allow(dead_code, reason = "an API without operations of that kind leaves it unused")]
        fn refused<T: std::fmt::Debug>(result: Result<T, #lib::Error>) -> Result<(), String> {
            match result {
                Err(#lib::Error::InvalidRequest(_)) => Ok(()),
                other => Err(format!("not refused as an invalid request: {other:?}")),
            }
        }

        /// Notes that `operation` (`METHOD /path (name)`) was called, and its failure if any,
        /// naming the operation and its arguments.
        fn record(outcomes: &mut prism::Outcomes, operation: &str, with: &str, outcome: Result<(), String>) {
            let key = operation.split_once(" (").map_or(operation, |(key, _)| key);
            outcomes.called.insert(key.to_owned());
            if let Err(error) = outcome {
                outcomes.failures.push(format!("{operation} with {with}: {error}"));
            }
        }

        #[tokio::test]
        async fn every_operation_succeeds_against_prism() {
            let Some(prism) = prism::find() else { return };
            let client = client(&prism.url);
            let mut outcomes = prism::Outcomes::default();
            #(#runs)*
            let failures = prism::without_known(outcomes, &prism::known_failures());
            assert!(failures.is_empty(), "{} calls failed:\n{}", failures.len(), failures.join("\n"));
        }

        #[tokio::test]
        async fn an_empty_path_id_is_refused_before_sending() {
            // Nothing listens on port 9: a request that were sent would fail differently.
            let client = client("http://127.0.0.1:9");
            let mut outcomes = prism::Outcomes::default();
            #(#refusals)*
            assert!(outcomes.failures.is_empty(), "{}", outcomes.failures.join("\n"));
        }
    }
}

fn module_file(model: &Model, lib: &proc_macro2::Ident, operations: &[(&Resource, &Operation)]) -> TokenStream {
    let names: Vec<proc_macro2::Ident> = operations
        .iter()
        .map(|(resource, operation)| test_name(resource, operation))
        .collect();
    let tests = operations.iter().zip(&names).map(|((resource, operation), name)| {
        let doc = format!(" `{} {}`: `{}`.", operation.method.as_str(), operation.path, operation.name);
        let label = format!("{} {} ({})", operation.method.as_str(), operation.path, operation.name);
        let required = call(model, lib, resource, operation, false, None);
        let every = call(model, lib, resource, operation, true, None);
        // Pages, results that may be absent and results by status (an enum of the crate's
        // own, not serialisable) are checked for success only.
        let plain = !(operation.paginated || operation.result_nullable || operation.results_by_status.is_some());
        let check = if plain { quote!(decoded) } else { quote!(succeeded) };
        quote! {
            #[doc = #doc]
            async fn #name(client: &#lib::Client, outcomes: &mut crate::prism::Outcomes) {
                crate::record(outcomes, #label, "required arguments", crate::#check(#required.await));
                crate::record(outcomes, #label, "every argument", crate::#check(#every.await));
            }
        }
    });
    let refusals = operations.iter().filter_map(|(resource, operation)| {
        let index = operation.path_params.iter().position(|param| matches!(param.ty, Type::String | Type::Uuid))?;
        let label = format!("{} {} ({})", operation.method.as_str(), operation.path, operation.name);
        let call = call(model, lib, resource, operation, false, Some(index));
        Some(quote!(crate::record(outcomes, #label, "an empty id", crate::refused(#call.await));))
    });
    let refusals: Vec<TokenStream> = refusals.collect();
    // A module whose operations have no string path id refuses nothing.
    let (client, outcomes) =
        if refusals.is_empty() { (quote!(_client), quote!(_outcomes)) } else { (quote!(client), quote!(outcomes)) };
    quote! {
        /// Calls every operation of this module twice, noting each call and failure in `outcomes`.
        pub async fn run(client: &#lib::Client, outcomes: &mut crate::prism::Outcomes) {
            #(#names(client, outcomes).await;)*
        }

        /// Calls every operation with a path id with the first one empty: each must be refused.
        pub async fn refuse_empty_ids(#client: &#lib::Client, #outcomes: &mut crate::prism::Outcomes) {
            #(#refusals)*
        }

        #(#tests)*
    }
}

/// The test's function: the module path and the method, joined by `_` (`access_users_list`);
/// the `_` that escapes a keyword (`mod_`) is dropped, as the joined name is none.
fn test_name(resource: &Resource, operation: &Operation) -> proc_macro2::Ident {
    let parts = resource.module_path.iter().chain([&operation.name]);
    let parts: Vec<&str> = parts.map(|part| part.trim_start_matches("r#").trim_matches('_')).collect();
    ident(&parts.join("_"))
}

/// `client.a().b().method(args..)`; with `empty`, that path argument is `""`.
fn call(model: &Model, lib: &proc_macro2::Ident, resource: &Resource, operation: &Operation, every: bool, empty: Option<usize>) -> TokenStream {
    let chain = resource.module_path.iter().map(|segment| ident(segment));
    let method = ident(&operation.name);
    let mut args: Vec<TokenStream> = operation
        .path_params
        .iter()
        .enumerate()
        .map(|(index, param)| match (&param.ty, empty == Some(index)) {
            (_, true) => quote!(""),
            (Type::String | Type::Uuid, false) => {
                let value = string_value(param);
                quote!(#value)
            }
            (ty, false) => {
                let json = json_text(&json_value(model, ty, &param.notes, every, 0));
                quote!(crate::value(#json))
            }
        })
        .collect();
    if let Some(params) = &operation.params_struct {
        let modules = resource.module_path.iter().map(|segment| ident(segment));
        let name = ident(params);
        let fields = operation.query.iter().chain(&operation.headers).map(|field| param_field(model, field, every));
        args.push(quote!(&#lib::resources::#(#modules::)*#name { #(#fields),* }));
    }
    if let Some(body) = &operation.body {
        args.push(body_tokens(model, operation, body, every));
    }
    if let Some(form) = &operation.form {
        let modules = resource.module_path.iter().map(|segment| ident(segment));
        let name = ident(&form.struct_name);
        let parts = form.parts.iter().map(|(field, kind)| form_part(model, lib, field, *kind, every));
        args.push(quote!(&#lib::resources::#(#modules::)*#name { #(#parts),* }));
    }
    quote!(client.#(#chain()).*.#method(#(#args),*))
}

/// A part of a multipart form: files are a small text file, other parts as parameters are.
fn form_part(model: &Model, lib: &proc_macro2::Ident, field: &Field, kind: PartKind, every: bool) -> TokenStream {
    let name = ident(&field.rust);
    let file = quote!(#lib::FilePart::new("example.txt", b"example".to_vec()));
    match (kind, field.required || every) {
        (PartKind::Files, true) => quote!(#name: vec![#file]),
        (PartKind::Files, false) => quote!(#name: Vec::new()),
        (PartKind::File, _) if field.required => quote!(#name: #file),
        (PartKind::File, true) => quote!(#name: Some(#file)),
        (PartKind::File, false) => quote!(#name: None),
        (PartKind::Text | PartKind::Json, _) => param_field(model, field, every),
    }
}

fn param_field(model: &Model, field: &Field, every: bool) -> TokenStream {
    let name = ident(&field.rust);
    let json = json_text(&json_value(model, &field.ty, &field.notes, every, 0));
    let value = quote!(crate::value(#json));
    match (&field.ty, field.required, every) {
        // An array parameter is never `required` in the spec (an empty list sends nothing), yet
        // the API may require one (`?id=..` of a bulk deletion): one item is valid either way.
        (Type::Array(_), _, _) => quote!(#name: #value),
        (_, true, _) => quote!(#name: #value),
        (_, false, true) => quote!(#name: Some(#value)),
        (_, false, false) => quote!(#name: None),
    }
}

fn body_tokens(model: &Model, operation: &Operation, body: &Type, every: bool) -> TokenStream {
    if operation.body_bytes {
        return if operation.body_optional { quote!(Some(b"body".to_vec())) } else { quote!(b"body".to_vec()) };
    }
    let json = json_text(&json_value(model, body, &[], every, 0));
    // A body of a plain string is a `&str`, of an array a slice: decode an owned value of
    // the sized type and borrow it.
    let value = if matches!(body, Type::String | Type::Uuid) {
        quote!(crate::value::<String>(#json).as_str())
    } else if matches!(body, Type::Array(_)) {
        quote!(crate::value::<Vec<_>>(#json).as_slice())
    } else {
        quote!(&crate::value(#json))
    };
    if operation.body_optional {
        if every { quote!(Some(#value)) } else { quote!(None) }
    } else {
        value
    }
}

fn json_text(value: &serde_json::Value) -> String {
    value.to_string()
}

fn string_value(field: &Field) -> String {
    match (&field.ty, example(&field.notes), format_of(&field.notes)) {
        (Type::Uuid, _, _) | (_, None, Some("uuid")) => UUID.to_owned(),
        (_, Some(serde_json::Value::String(text)), _) => text,
        _ => "023e105f4ecef8ad9ca31a8372d0c353".to_owned(),
    }
}

/// How deep a generated value nests at most.
const MAX_DEPTH: usize = 8;

const UUID: &str = "f174e90a-fafe-4643-bbbc-4a0ed4fc8415";

/// The documented example of a field (`Example: `...`.` in its notes), as JSON.
fn example(notes: &[String]) -> Option<serde_json::Value> {
    let text = notes.iter().find_map(|note| note.strip_prefix("Example: `")?.strip_suffix("`."))?;
    Some(serde_json::from_str(text).unwrap_or_else(|_| serde_json::Value::String(text.to_owned())))
}

fn format_of(notes: &[String]) -> Option<&str> {
    notes.iter().find_map(|note| note.strip_prefix("Format: `")?.strip_suffix("`."))
}

/// A JSON value of `ty`: with `every`, every field of objects (down to a depth), else only the
/// required ones.
fn json_value(model: &Model, ty: &Type, notes: &[String], every: bool, depth: usize) -> serde_json::Value {
    use serde_json::{json, Value};
    let example = example(notes);
    match ty {
        Type::String => match (example, format_of(notes)) {
            (Some(Value::String(text)), _) => Value::String(text),
            (_, Some("email")) => json!("jdoe@example.com"),
            (_, Some("uri" | "url")) => json!("https://example.com"),
            (_, Some("ipv4")) => json!("192.0.2.1"),
            (_, Some("uuid")) => json!(UUID),
            (_, Some("date-time")) => json!("2024-01-01T00:00:00Z"),
            _ => json!("example"),
        },
        Type::Uuid => json!(UUID),
        Type::Timestamp => json!("2024-01-01T00:00:00Z"),
        Type::Integer | Type::Int32 => example.filter(Value::is_i64).unwrap_or(json!(1)),
        Type::Number => example.filter(Value::is_number).unwrap_or(json!(1.0)),
        Type::Boolean => example.filter(Value::is_boolean).unwrap_or(json!(true)),
        Type::Json => json!({}),
        // The example of an array is the whole array (its items' formats are not in the model).
        Type::Array(item) => match example {
            Some(Value::Array(items)) if !items.is_empty() => Value::Array(items),
            _ => json!([json_value(model, item, &[], every, depth + 1)]),
        },
        Type::Map(item) => json!({ "key": json_value(model, item, &[], every, depth + 1) }),
        Type::Nullable(inner) | Type::Boxed(inner) => json_value(model, inner, notes, every, depth),
        Type::Named(id) => named_value(model, *id, every, depth),
    }
}

fn named_value(model: &Model, id: crate::model::SchemaId, every: bool, depth: usize) -> serde_json::Value {
    use serde_json::Value;
    // A cycle of required fields (through `Box`) has no finite value; stop somewhere.
    if depth > MAX_DEPTH {
        return Value::Null;
    }
    match &model.schema(id).kind {
        SchemaKind::Object(fields) => Value::Object(
            fields
                .iter()
                .filter(|field| field.required || (every && depth < 3))
                .map(|field| (field.wire.clone(), json_value(model, &field.ty, &field.notes, every, depth + 1)))
                .collect(),
        ),
        SchemaKind::Enum(values) => values
            .first()
            .map(|value| match &value.literal {
                EnumLiteral::Boolean(value) => Value::Bool(*value),
                EnumLiteral::Integer(value) => Value::from(*value),
                EnumLiteral::String(value) => Value::String(value.clone()),
            })
            .unwrap_or(Value::Null),
        SchemaKind::Union(variants) => variants
            .first()
            .map(|variant| {
                let inner = json_value(model, &variant.ty, &[], every, depth + 1);
                Value::Object([(variant.key.clone(), inner)].into_iter().collect())
            })
            .unwrap_or(Value::Null),
        SchemaKind::Tagged { property, variants } => variants
            .first()
            .map(|variant| {
                let mut inner = json_value(model, &variant.ty, &[], every, depth + 1);
                if let Value::Object(fields) = &mut inner {
                    fields.insert(property.clone(), Value::String(variant.key.clone()));
                }
                inner
            })
            .unwrap_or(Value::Null),
        SchemaKind::Untagged(variants) => {
            variants.first().map_or(Value::Null, |variant| json_value(model, &variant.ty, &[], every, depth + 1))
        }
    }
}
