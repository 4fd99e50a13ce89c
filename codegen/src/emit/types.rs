//! `src/types.rs` and its modules: one Rust type per schema.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;

mod enums;
mod unions;

use super::{docs, rust_type, Lazy};
use crate::model::{Field, Model, Schema, SchemaKind, Type};
use crate::naming::ident;
use crate::spec::raw::EnumLiteral;

/// The `types` module files: `types.rs` re-exporting every type, and one module per spec file.
///
/// Each file's tokens are built when asked for, so that the generator holds one file's
/// tokens at a time, not those of every type.
pub fn files(model: &Model) -> BTreeMap<String, Lazy<'_>> {
    let mut modules: BTreeMap<&str, Vec<&Schema>> = BTreeMap::new();
    for schema in &model.schemas {
        modules.entry(&schema.module).or_default().push(schema);
    }
    let mut files = BTreeMap::new();
    // The index is built when formatted too, on whichever thread formats it.
    let index_modules = modules.clone();
    let index = move || {
        let declarations = index_modules.iter().map(|(module, schemas)| {
            let reexports = super::features::reexports(model, module, schemas);
            let module = ident(module);
            quote! {
                mod #module;
                #reexports
            }
        });
        quote! {
            //! Every type of the API's requests and responses.
            //!
            //! Types used in responses decode leniently: every field is optional, unknown fields
            //! are ignored and unknown enum values or union kinds are kept, so a change on the
            //! server never fails a response. Types used only in requests are strict: a required
            //! field is a plain value that cannot be left out.
            #(#declarations)*
        }
    };
    files.insert("src/types.rs".to_owned(), Box::new(index) as Lazy<'_>);
    for (module, schemas) in modules {
        let tokens = move || {
            let items = schemas
                .iter()
                .map(|schema| super::features::gate_schema_items(model, schema, schema_item(model, schema)));
            quote!(#(#items)*)
        };
        files.insert(format!("src/types/{module}.rs"), Box::new(tokens));
    }
    files
}

fn schema_item(model: &Model, schema: &Schema) -> TokenStream {
    let mut notes = Vec::new();
    if schema.deprecated {
        notes.push("**Deprecated.**".to_owned());
    }
    if let Some(original) = schema.twin_of {
        let original = &model.schema(original).name;
        notes.push(format!(
            "The request form of [`{original}`](crate::types::{original}): what is required is a plain \
             value, so a request the API would refuse does not compile."
        ));
    }
    let doc = docs::attrs(schema.docs.as_deref().or(Some(&default_doc(schema))), &notes);
    let body = match &schema.kind {
        SchemaKind::Object(fields) => object(model, schema, fields),
        SchemaKind::Enum(values) if !values.iter().all(|value| matches!(value.literal, EnumLiteral::String(_))) => {
            enums::literal_enum(schema, values)
        }
        SchemaKind::Enum(values) if schema.in_response => enums::string_enum(model, schema, values),
        SchemaKind::Enum(values) => enums::strict_enum(schema, values),
        SchemaKind::Union(variants) => unions::union(model, schema, variants),
        SchemaKind::Tagged { property, variants } => unions::tagged(model, schema, property, variants),
        SchemaKind::Untagged(variants) => unions::untagged(model, schema, variants),
    };
    quote!(#doc #body)
}

fn default_doc(schema: &Schema) -> String {
    format!("The `{}` type of the API.", schema.name)
}

/// How a field is declared: its type and its serde attributes.
struct FieldShape {
    ty: TokenStream,
    serde: Vec<TokenStream>,
    /// Must be given to `new` (a strict, required field).
    required: bool,
}

fn field_shape(model: &Model, schema: &Schema, field: &Field) -> FieldShape {
    let inner = rust_type::tokens(model, &field.ty);
    let option = rust_type::std(model, "Option");
    let is_none = format!("{option}::is_none").replace(" ", "");
    let skip = quote!(default, skip_serializing_if = #is_none);
    let mut serde = Vec::new();
    if field.rust != field.wire {
        let wire = &field.wire;
        serde.push(quote!(rename = #wire));
    }
    // Lenient (response) types: everything optional, so a missing field never fails decoding.
    let strict = !schema.in_response;
    let (ty, required) = match (strict && field.required, field.nullable) {
        (true, false) => (inner, true),
        (true, true) => (rust_type::option(model, inner), true),
        (false, true) if strict => {
            serde.push(quote!(#skip, with = "crate::runtime::codec::double_option"));
            (rust_type::option(model, rust_type::option(model, inner)), false)
        }
        (false, _) => {
            serde.push(skip);
            (rust_type::option(model, inner), false)
        }
    };
    FieldShape { ty, serde, required }
}

fn field_docs(field: &Field, strict: bool) -> TokenStream {
    let mut notes = field.notes.clone();
    if field.required && !strict {
        notes.push("Always present in the API's responses.".to_owned());
    }
    if field.nullable && strict && !field.required {
        notes.push("`Some(None)` sends an explicit `null`; `None` leaves the field out.".to_owned());
    }
    if field.deprecated {
        notes.push("**Deprecated.**".to_owned());
    }
    let fallback = format!("The `{}` field.", field.wire);
    docs::attrs(Some(field.docs.as_deref().unwrap_or(&fallback)), &notes)
}

fn object(model: &Model, schema: &Schema, fields: &[Field]) -> TokenStream {
    let name = ident(&schema.name);
    let strict = !schema.in_response;
    let shapes: Vec<FieldShape> = fields.iter().map(|field| field_shape(model, schema, field)).collect();
    let declarations = fields.iter().zip(&shapes).map(|(field, shape)| {
        let doc = field_docs(field, strict);
        let rust = ident(&field.rust);
        let ty = &shape.ty;
        let serde = &shape.serde;
        let serde = (!serde.is_empty()).then(|| quote!(#[serde(#(#serde),*)]));
        let deprecated = deprecated_attr(field);
        quote!(#doc #deprecated #serde pub #rust: #ty,)
    });
    let extra = schema.extra.as_ref().map(|ty| extra_field(model, ty));
    let any_required = shapes.iter().any(|shape| shape.required);
    let default = (!any_required).then(|| quote!(Default,));
    let constructor = any_required.then(|| constructor(schema, fields, &shapes));
    let mut setters = if strict { setters(model, fields, &shapes) } else { Vec::new() };
    if let (true, Some(ty)) = (strict, &schema.extra) {
        let value = rust_type::tokens(model, ty);
        let string = rust_type::std(model, "String");
        setters.push(quote! {
            /// Adds a key the fields do not name, with its value.
            #[must_use]
            pub fn with_extra(mut self, key: impl Into<#string>, value: #value) -> Self {
                self.extra.insert(key.into(), value);
                self
            }
        });
    }
    // The crate's own constructors and setters set deprecated fields too, and must not warn.
    let allow = fields.iter().any(|field| field.deprecated).then(|| quote!(#[allow(deprecated)]));
    let methods = (constructor.is_some() || !setters.is_empty()).then(|| {
        quote! {
            #allow
            impl #name {
                #constructor
                #(#setters)*
            }
        }
    });
    // A response reads itself from an object only (see `object_decoder` and `extra_decoder`);
    // a request type derives.
    let (deserialize, decoder) = match (&schema.extra, schema.in_response) {
        (Some(ty), true) => (None, Some(extra_decoder(model, schema, fields, ty))),
        (None, true) if !fields.is_empty() && !any_required => (None, Some(object_decoder(model, schema, fields))),
        _ => (Some(quote!(serde::Deserialize,)), None),
    };
    quote! {
        #[derive(Debug, Clone, PartialEq, #default serde::Serialize, #deserialize)]
        pub struct #name {
            #(#declarations)*
            #extra
        }
        #methods
        #decoder
    }
}

/// The decoder of a response object: a `match` on its keys and one on its fields for the runtime's
/// `codec::object`, which reads only JSON objects. serde's derive would also compile a reader
/// of the object as a JSON array (`visit_seq`) and a key reader for every type: 5 % of the
/// crate's release build and 8 % of an app calling every operation.
fn object_decoder(model: &Model, schema: &Schema, fields: &[Field]) -> TokenStream {
    // A schema may be named `Option`: the prelude's is then written out in full.
    let option = rust_type::std(model, "Option");
    let name = ident(&schema.name);
    let type_name = schema.name.as_str();
    let index = |at: usize| proc_macro2::Literal::usize_unsuffixed(at);
    let keys = fields.iter().enumerate().map(|(at, field)| {
        let wire = &field.wire;
        let at = index(at);
        quote!(#wire => Some(#at),)
    });
    // The runtime passes only indexes from `KEYS`: the last field takes the `_` arm, and a
    // type of one field needs no `match`.
    let reads: Vec<TokenStream> = fields
        .iter()
        .enumerate()
        .map(|(at, field)| {
            let rust = ident(&field.rust);
            let at = if at + 1 == fields.len() {
                quote!(_)
            } else {
                let at = index(at);
                quote!(#at)
            };
            quote!(#at => self.#rust = map.next_value()?,)
        })
        .collect();
    let (index_name, read) = match fields {
        [only] => {
            let rust = ident(&only.rust);
            (quote!(_index), quote!(self.#rust = map.next_value()?;))
        }
        _ => (quote!(index), quote!(match index { #(#reads)* })),
    };
    let allow = fields.iter().any(|field| field.deprecated).then(|| quote!(#[allow(deprecated)]));
    quote! {
        #allow
        impl crate::runtime::codec::Object for #name {
            const NAME: &'static str = #type_name;
            fn index(key: &str) -> #option<usize> {
                match key {
                    #(#keys)*
                    _ => None,
                }
            }

            fn read<'de, A: serde::de::MapAccess<'de>>(&mut self, #index_name: usize, map: &mut A) -> Result<(), A::Error> {
                #read
                Ok(())
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                crate::runtime::codec::object(deserializer)
            }
        }
    }
}

/// The decoder of a response object with an `extra` map: one pass over its entries, each
/// known field decoded as its type, every other value kept in `extra` when it has the type the
/// spec gives and left out otherwise, so the response never fails on it.
///
/// serde's `flatten` would buffer every entry of the object before reading any field, and
/// decode each extra value through a `serde_json::Value`; this reads each entry once.
fn extra_decoder(model: &Model, schema: &Schema, fields: &[Field], extra: &Type) -> TokenStream {
    let name = ident(&schema.name);
    let wires = fields.iter().map(|field| field.wire.as_str());
    let rusts = fields.iter().map(|field| ident(&field.rust));
    let value = rust_type::tokens(model, extra);
    let allow = fields.iter().any(|field| field.deprecated).then(|| quote!(#[allow(deprecated)]));
    let expecting = format!("a `{}` object", schema.name);
    quote! {
        #allow
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct Visitor;

                #allow
                impl<'de> serde::de::Visitor<'de> for Visitor {
                    type Value = #name;

                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str(#expecting)
                    }

                    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<#name, A::Error> {
                        let mut object = #name::default();
                        while let Some(key) = map.next_key::<std::string::String>()? {
                            match key.as_str() {
                                #(#wires => object.#rusts = map.next_value()?,)*
                                _ => {
                                    let raw: std::boxed::Box<serde_json::value::RawValue> = map.next_value()?;
                                    if let Ok(value) = serde_json::from_slice::<#value>(raw.get().as_bytes()) {
                                        object.extra.insert(key, value);
                                    }
                                }
                            }
                        }
                        Ok(object)
                    }
                }

                deserializer.deserialize_map(Visitor)
            }
        }
    }
}

/// `#[deprecated]` on a deprecated field, with the published reason as its note.
fn deprecated_attr(field: &Field) -> Option<TokenStream> {
    if !field.deprecated {
        return None;
    }
    Some(match &field.deprecation {
        Some(reason) => {
            let note = docs::lines(reason).join(" ");
            quote!(#[deprecated(note = #note)])
        }
        None => quote!(#[deprecated]),
    })
}

/// The map of every key the fields do not name (`extra: <type>`), written flattened beside
/// them; a response reads it with [`extra_decoder`], a request with serde's `flatten`.
fn extra_field(model: &Model, ty: &Type) -> TokenStream {
    let string = rust_type::std(model, "String");
    let value = rust_type::tokens(model, ty);
    quote! {
        /// Every other key of the object, with its value.
        #[serde(flatten)]
        pub extra: std::collections::BTreeMap<#string, #value>,
    }
}

/// `with_<field>(value)` for each optional field of a request type, so a value can be built
/// in one expression: `GithubOrganizationRuleParam::new(idp, "acme").with_team("api")`.
fn setters(model: &Model, fields: &[Field], shapes: &[FieldShape]) -> Vec<TokenStream> {
    fields
        .iter()
        .zip(shapes)
        .filter(|(_, shape)| !shape.required)
        .map(|(field, _)| {
            let rust = ident(&field.rust);
            let method = ident(&format!("with_{}", field.rust.trim_start_matches("r#")));
            let inner = rust_type::tokens(model, &field.ty);
            let (param, value) = match (field.nullable, &field.ty) {
                (true, _) => (rust_type::option(model, inner), quote!(value)),
                (false, Type::String) => (quote!(impl Into<#inner>), quote!(value.into())),
                (false, _) => (inner, quote!(value)),
            };
            let doc = format!(" Sets `{}`.", field.wire);
            quote! {
                #[doc = #doc]
                #[must_use]
                pub fn #method(mut self, value: #param) -> Self {
                    self.#rust = Some(#value);
                    self
                }
            }
        })
        .collect()
}

/// `new(required fields...)` for request types, leaving optional fields out.
fn constructor(schema: &Schema, fields: &[Field], shapes: &[FieldShape]) -> TokenStream {
    // A required, non-null string is taken as `impl Into<String>`, so callers can pass `&str`.
    let takes_into = |field: &Field, shape: &FieldShape| shape.required && !field.nullable && field.ty == Type::String;
    let params = fields.iter().zip(shapes).filter(|(_, shape)| shape.required).map(|(field, shape)| {
        let rust = ident(&field.rust);
        let ty = &shape.ty;
        if takes_into(field, shape) {
            quote!(#rust: impl Into<#ty>)
        } else {
            quote!(#rust: #ty)
        }
    });
    let inits = fields.iter().zip(shapes).map(|(field, shape)| {
        let rust = ident(&field.rust);
        if takes_into(field, shape) {
            quote!(#rust: #rust.into())
        } else if shape.required {
            quote!(#rust)
        } else {
            quote!(#rust: None)
        }
    });
    let extra = schema.extra.is_some().then(|| quote!(extra: std::collections::BTreeMap::new(),));
    let doc = format!(" A `{}` with its required fields; the optional ones are left out.", schema.name);
    quote! {
        #[doc = #doc]
        pub fn new(#(#params),*) -> Self {
            Self { #(#inits,)* #extra }
        }
    }
}
