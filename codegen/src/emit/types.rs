//! `src/types.rs` and its modules: one Rust type per schema.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;

use super::{docs, rust_type};
use crate::model::{EnumValue, Field, Model, Schema, SchemaKind, Type, UnionVariant};
use crate::naming::ident;

/// The `types` module files: `types.rs` re-exporting every type, and one module per spec file.
pub fn files(model: &Model) -> BTreeMap<String, TokenStream> {
    let mut modules: BTreeMap<&str, Vec<&Schema>> = BTreeMap::new();
    for schema in &model.schemas {
        modules.entry(&schema.module).or_default().push(schema);
    }
    let mut files = BTreeMap::new();
    let declarations = modules.iter().map(|(module, schemas)| {
        let module = ident(module);
        let names = schemas.iter().map(|schema| ident(&schema.name));
        quote! {
            mod #module;
            pub use self::#module::{#(#names),*};
        }
    });
    files.insert(
        "src/types.rs".to_owned(),
        quote! {
            //! Every type of the API's requests and responses.
            //!
            //! Types used in responses decode leniently: every field is optional, unknown fields
            //! are ignored and unknown enum values or union kinds are kept, so a change on the
            //! server never fails a response. Types used only in requests are strict: a required
            //! field is a plain value that cannot be left out.
            #(#declarations)*
        },
    );
    for (module, schemas) in modules {
        let items = schemas.iter().map(|schema| schema_item(model, schema));
        files.insert(format!("src/types/{module}.rs"), quote!(#(#items)*));
    }
    files
}

fn schema_item(model: &Model, schema: &Schema) -> TokenStream {
    let mut notes = Vec::new();
    if schema.deprecated {
        notes.push("**Deprecated.**".to_owned());
    }
    let doc = docs::attrs(schema.docs.as_deref().or(Some(&default_doc(schema))), &notes);
    let body = match &schema.kind {
        SchemaKind::Object(fields) => object(model, schema, fields),
        SchemaKind::Enum(values) => string_enum(model, schema, values),
        SchemaKind::Union(variants) => union(model, schema, variants),
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
        quote!(#doc #serde pub #rust: #ty,)
    });
    let any_required = shapes.iter().any(|shape| shape.required);
    let default = (!any_required).then(|| quote!(Default,));
    let constructor = any_required.then(|| constructor(schema, fields, &shapes));
    quote! {
        #[derive(Debug, Clone, PartialEq, #default serde::Serialize, serde::Deserialize)]
        pub struct #name {
            #(#declarations)*
        }
        #constructor
    }
}

/// `new(required fields...)` for request types, leaving optional fields out.
fn constructor(schema: &Schema, fields: &[Field], shapes: &[FieldShape]) -> TokenStream {
    let name = ident(&schema.name);
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
    let doc = format!(" A `{}` with its required fields; the optional ones are left out.", schema.name);
    quote! {
        impl #name {
            #[doc = #doc]
            pub fn new(#(#params),*) -> Self {
                Self { #(#inits),* }
            }
        }
    }
}

fn string_enum(model: &Model, schema: &Schema, values: &[EnumValue]) -> TokenStream {
    let string = rust_type::std(model, "String");
    let name = ident(&schema.name);
    let variants: Vec<_> = values.iter().map(|value| ident(&value.variant)).collect();
    let wires: Vec<&str> = values.iter().map(|value| value.wire.as_str()).collect();
    let variant_docs = wires.iter().map(|wire| format!(" `{wire}`"));
    quote! {
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(#[doc = #variant_docs] #variants,)*
            /// A value this client does not know yet, kept as sent.
            Unknown(#string),
        }

        impl #name {
            /// The value as it is written in JSON.
            pub fn as_str(&self) -> &str {
                match self {
                    #(Self::#variants => #wires,)*
                    Self::Unknown(value) => value,
                }
            }
        }

        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#wires => Self::#variants,)*
                    other => Self::Unknown(other.to_owned()),
                }
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
                Ok(Self::from(value.as_ref()))
            }
        }
    }
}

fn union(model: &Model, schema: &Schema, variants: &[UnionVariant]) -> TokenStream {
    let string = rust_type::std(model, "String");
    let name = ident(&schema.name);
    let idents: Vec<_> = variants.iter().map(|variant| ident(&variant.variant)).collect();
    let keys: Vec<&str> = variants.iter().map(|variant| variant.key.as_str()).collect();
    let declarations = variants.iter().zip(&idents).map(|(variant, ident)| {
        let fallback = format!("The `{}` kind.", variant.key);
        let notes = vec![format!("JSON: `{{\"{}\": ...}}`.", variant.key)];
        let doc = docs::attrs(Some(variant.docs.as_deref().unwrap_or(&fallback)), &notes);
        let ty = rust_type::tokens(model, &variant.ty);
        quote!(#doc #ident(#ty),)
    });
    let constructors = variants.iter().filter_map(|variant| variant_constructor(model, variant));
    let decode = variants.iter().zip(&idents).map(|(variant, ident)| {
        let key = &variant.key;
        let value = match variant.ty {
            Type::Json => quote!(value),
            _ => quote!(crate::runtime::codec::from_value(value)?),
        };
        quote!(#key => Self::#ident(#value),)
    });
    quote! {
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#declarations)*
            /// A kind this client does not know yet: its JSON key and value, kept as sent.
            Unknown {
                /// The object's one key.
                key: #string,
                /// The value under it.
                value: serde_json::Value,
            },
        }

        impl #name {
            #(#constructors)*

            /// The JSON key that tags this kind.
            pub fn key(&self) -> &str {
                match self {
                    #(Self::#idents(_) => #keys,)*
                    Self::Unknown { key, .. } => key,
                }
            }
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeMap;
                let mut map = serializer.serialize_map(Some(1))?;
                match self {
                    #(Self::#idents(value) => map.serialize_entry(#keys, value)?,)*
                    Self::Unknown { key, value } => map.serialize_entry(key, value)?,
                }
                map.end()
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let (key, value) = crate::runtime::codec::single_key(deserializer)?;
                Ok(match key.as_str() {
                    #(#decode)*
                    _ => Self::Unknown { key, value },
                })
            }
        }
    }
}

/// `AccessRule::email(email)`: a kind built from its payload's required fields.
///
/// Payloads shared with responses are lenient (every field an `Option`), so a struct literal
/// could leave a required field out; the constructor cannot. Only object payloads get one.
fn variant_constructor(model: &Model, variant: &UnionVariant) -> Option<TokenStream> {
    let name = ident(variant.constructor.as_ref()?);
    let Type::Named(id) = variant.ty else { return None };
    let payload = model.schema(id);
    let SchemaKind::Object(fields) = &payload.kind else { return None };
    if fields.iter().any(|field| field.required && field.nullable) {
        return None;
    }
    let mut args = Vec::new();
    let mut inits = Vec::new();
    for field in fields {
        let rust = ident(&field.rust);
        if !field.required {
            inits.push(quote!(#rust: None));
            continue;
        }
        let ty = rust_type::tokens(model, &field.ty);
        let value = if field.ty == Type::String {
            args.push(quote!(#rust: impl Into<#ty>));
            quote!(#rust.into())
        } else {
            args.push(quote!(#rust: #ty));
            quote!(#rust)
        };
        let strict_required = field_shape(model, payload, field).required;
        inits.push(if strict_required { quote!(#rust: #value) } else { quote!(#rust: Some(#value)) });
    }
    let variant_ident = ident(&variant.variant);
    let payload_ident = ident(&payload.name);
    let summary = docs::summary(variant.docs.as_deref()).unwrap_or_else(|| format!("The `{}` kind.", variant.key));
    let doc = if args.is_empty() { format!(" {summary}") } else { format!(" {summary} Takes every field the kind requires.") };
    Some(quote! {
        #[doc = #doc]
        pub fn #name(#(#args),*) -> Self {
            Self::#variant_ident(crate::types::#payload_ident { #(#inits),* })
        }
    })
}
