//! `src/types.rs` and its modules: one Rust type per schema.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;

use super::{docs, rust_type};
use crate::model::{EnumValue, Field, Model, Schema, SchemaKind, Type, UnionVariant};
use crate::naming::ident;
use crate::spec::raw::EnumLiteral;

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
            literal_enum(schema, values)
        }
        SchemaKind::Enum(values) if schema.in_response => string_enum(model, schema, values),
        SchemaKind::Enum(values) => strict_enum(schema, values),
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
    let setters = if strict { setters(model, fields, &shapes) } else { Vec::new() };
    let methods = (constructor.is_some() || !setters.is_empty()).then(|| {
        quote! {
            impl #name {
                #constructor
                #(#setters)*
            }
        }
    });
    quote! {
        #[derive(Debug, Clone, PartialEq, #default serde::Serialize, serde::Deserialize)]
        pub struct #name {
            #(#declarations)*
        }
        #methods
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
    let doc = format!(" A `{}` with its required fields; the optional ones are left out.", schema.name);
    quote! {
        #[doc = #doc]
        pub fn new(#(#params),*) -> Self {
            Self { #(#inits),* }
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
            /// Every value this client knows, in the order the API lists them.
            pub const ALL: &'static [Self] = &[#(Self::#variants),*];

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

/// An enum only requests use: a plain `Copy` value with no `Unknown`, since the caller
/// chooses it and the server never sends it back.
fn strict_enum(schema: &Schema, values: &[EnumValue]) -> TokenStream {
    let name = ident(&schema.name);
    let variants: Vec<_> = values.iter().map(|value| ident(&value.variant)).collect();
    let wires: Vec<&str> = values.iter().map(|value| value.wire.as_str()).collect();
    let variant_docs = wires.iter().map(|wire| format!(" `{wire}`"));
    quote! {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum #name {
            #(#[doc = #variant_docs] #variants,)*
        }

        impl #name {
            /// Every value, in the order the API lists them.
            pub const ALL: &'static [Self] = &[#(Self::#variants),*];

            /// The value as it is written in JSON.
            pub fn as_str(self) -> &'static str {
                match self {
                    #(Self::#variants => #wires,)*
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
                match value.as_ref() {
                    #(#wires => Ok(Self::#variants),)*
                    other => Err(serde::de::Error::unknown_variant(other, &[#(#wires),*])),
                }
            }
        }
    }
}

/// An enum with integer or boolean values (`[256, 384]`, `[false, "redaction"]`).
///
/// In responses an unlisted value is kept as `Unknown(serde_json::Value)`, whatever its JSON
/// type; an enum only requests use has no `Unknown` and refuses it.
fn literal_enum(schema: &Schema, values: &[EnumValue]) -> TokenStream {
    let name = ident(&schema.name);
    let lenient = schema.in_response;
    let variants: Vec<_> = values.iter().map(|value| ident(&value.variant)).collect();
    let docs = values.iter().map(|value| match &value.literal {
        EnumLiteral::String(text) => format!(" `\"{text}\"`"),
        other => format!(" `{}`", other.text()),
    });
    let texts: Vec<&str> = values.iter().map(|value| value.wire.as_str()).collect();
    let writes = values.iter().map(|value| match &value.literal {
        EnumLiteral::Boolean(flag) => quote!(serializer.serialize_bool(#flag)),
        EnumLiteral::Integer(number) => {
            let number = proc_macro2::Literal::i64_unsuffixed(*number);
            quote!(serializer.serialize_i64(#number))
        }
        EnumLiteral::String(text) => quote!(serializer.serialize_str(#text)),
    });
    let reads = values.iter().zip(&variants).map(|(value, variant)| match &value.literal {
        EnumLiteral::Boolean(flag) => quote!(serde_json::Value::Bool(#flag) => Self::#variant,),
        EnumLiteral::Integer(number) => {
            let number = proc_macro2::Literal::i64_unsuffixed(*number);
            quote!(serde_json::Value::Number(number) if number.as_i64() == Some(#number) => Self::#variant,)
        }
        EnumLiteral::String(text) => quote!(serde_json::Value::String(text) if text == #text => Self::#variant,),
    });
    let (derives, unknown, unknown_text, unknown_write, fallback) = if lenient {
        (
            quote!(#[derive(Debug, Clone, PartialEq, Eq)] #[non_exhaustive]),
            quote! {
                /// A value this client does not know yet, kept as sent.
                Unknown(serde_json::Value),
            },
            quote!(Self::Unknown(value) => return write!(f, "{value}"),),
            quote!(Self::Unknown(value) => serde::Serialize::serialize(value, serializer),),
            quote!(_ => Self::Unknown(value),),
        )
    } else {
        let expected = format!("one of {}", texts.join(", "));
        (
            quote!(#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]),
            TokenStream::new(),
            TokenStream::new(),
            TokenStream::new(),
            quote!(_ => return Err(serde::de::Error::invalid_value(serde::de::Unexpected::Other("an unlisted value"), &#expected)),),
        )
    };
    let as_str = (!lenient).then(|| {
        quote! {
            /// The value as text, as a path or query parameter writes it.
            pub fn as_str(self) -> &'static str {
                match self {
                    #(Self::#variants => #texts,)*
                }
            }
        }
    });
    quote! {
        #derives
        pub enum #name {
            #(#[doc = #docs] #variants,)*
            #unknown
        }

        impl #name {
            /// Every value this client knows, in the order the API lists them.
            pub const ALL: &'static [Self] = &[#(Self::#variants),*];

            #as_str
        }

        impl std::fmt::Display for #name {
            /// Writes the value as JSON has it, a string without its quotes.
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                let text = match self {
                    #(Self::#variants => #texts,)*
                    #unknown_text
                };
                f.write_str(text)
            }
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #(Self::#variants => #writes,)*
                    #unknown_write
                }
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
                Ok(match &value {
                    #(#reads)*
                    #fallback
                })
            }
        }
    }
}

fn union(model: &Model, schema: &Schema, variants: &[UnionVariant]) -> TokenStream {
    let string = rust_type::std(model, "String");
    let name = ident(&schema.name);
    let lenient = schema.in_response;
    let idents: Vec<_> = variants.iter().map(|variant| ident(&variant.variant)).collect();
    let keys: Vec<&str> = variants.iter().map(|variant| variant.key.as_str()).collect();
    let declarations = variants.iter().zip(&idents).map(|(variant, ident)| {
        let fallback = format!("The `{}` kind.", variant.key);
        let notes = vec![format!("JSON: `{{\"{}\": ...}}`.", variant.key)];
        let doc = docs::attrs(Some(variant.docs.as_deref().unwrap_or(&fallback)), &notes);
        let ty = rust_type::tokens(model, &variant.ty);
        quote!(#doc #ident(#ty),)
    });
    let constructors = variants.iter().filter_map(|variant| variant_constructor(model, schema, variant));
    let (unknown, non_exhaustive, unknown_key, unknown_entry) = if lenient {
        (
            quote! {
                /// A kind this client does not know yet (or a known kind whose value does not fit
                /// it): its JSON key and value, kept as sent.
                Unknown {
                    /// The object's key.
                    key: #string,
                    /// The value under it.
                    value: serde_json::Value,
                },
            },
            quote!(#[non_exhaustive]),
            quote!(Self::Unknown { key, .. } => key,),
            quote!(Self::Unknown { key, value } => map.serialize_entry(key, value)?,),
        )
    } else {
        Default::default()
    };
    let deserialize =
        if lenient { lenient_union_decoder(schema, variants) } else { strict_union_decoder(schema, variants) };
    quote! {
        #[derive(Debug, Clone, PartialEq)]
        #non_exhaustive
        pub enum #name {
            #(#declarations)*
            #unknown
        }

        impl #name {
            #(#constructors)*

            /// The JSON key that tags this kind.
            pub fn key(&self) -> &str {
                match self {
                    #(Self::#idents(_) => #keys,)*
                    #unknown_key
                }
            }
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeMap;
                let mut map = serializer.serialize_map(Some(1))?;
                match self {
                    #(Self::#idents(value) => map.serialize_entry(#keys, value)?,)*
                    #unknown_entry
                }
                map.end()
            }
        }

        #deserialize
    }
}

/// A response union's decoder: reads the object's entries straight from the input.
///
/// The first key naming a known kind decides; its value is decoded as that kind, or kept as
/// `Unknown` when it does not fit. Other keys are skipped. With no known key, the first entry
/// is kept as `Unknown`. Only an object with no entry at all (or no object) fails.
fn lenient_union_decoder(schema: &Schema, variants: &[UnionVariant]) -> TokenStream {
    let name = ident(&schema.name);
    let expecting = format!("an object whose key is a kind of `{}`", schema.name);
    let arms = variants.iter().map(|variant| {
        let key = &variant.key;
        let variant_ident = ident(&variant.variant);
        let value = if variant.ty == Type::Json {
            quote!(#name::#variant_ident(map.next_value()?))
        } else {
            quote! {{
                let raw: std::boxed::Box<serde_json::value::RawValue> = map.next_value()?;
                match serde_json::from_str(raw.get()) {
                    Ok(payload) => #name::#variant_ident(payload),
                    Err(_) => #name::Unknown {
                        key,
                        value: serde_json::from_str(raw.get()).map_err(<A::Error as serde::de::Error>::custom)?,
                    },
                }
            }}
        };
        quote!(#key => #value,)
    });
    quote! {
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct Visitor;

                impl<'de> serde::de::Visitor<'de> for Visitor {
                    type Value = #name;

                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str(#expecting)
                    }

                    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<#name, A::Error> {
                        let mut unknown = None;
                        while let Some(key) = map.next_key::<std::string::String>()? {
                            let kind = match key.as_str() {
                                #(#arms)*
                                _ if unknown.is_none() => {
                                    unknown = Some(#name::Unknown { value: map.next_value()?, key });
                                    continue;
                                }
                                _ => {
                                    map.next_value::<serde::de::IgnoredAny>()?;
                                    continue;
                                }
                            };
                            while map.next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?.is_some() {}
                            return Ok(kind);
                        }
                        unknown.ok_or_else(|| serde::de::Error::invalid_length(0, &self))
                    }
                }

                deserializer.deserialize_map(Visitor)
            }
        }
    }
}

/// A request union's decoder (for bodies read back from a file): exactly one known key.
fn strict_union_decoder(schema: &Schema, variants: &[UnionVariant]) -> TokenStream {
    let name = ident(&schema.name);
    let expecting = format!("an object with exactly one key, a kind of `{}`", schema.name);
    let keys: Vec<&str> = variants.iter().map(|variant| variant.key.as_str()).collect();
    let idents = variants.iter().map(|variant| ident(&variant.variant));
    quote! {
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                const KINDS: &[&str] = &[#(#keys),*];

                struct Visitor;

                impl<'de> serde::de::Visitor<'de> for Visitor {
                    type Value = #name;

                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str(#expecting)
                    }

                    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<#name, A::Error> {
                        use serde::de::Error as _;
                        let Some(key) = map.next_key::<std::string::String>()? else {
                            return Err(A::Error::invalid_length(0, &self));
                        };
                        let kind = match key.as_str() {
                            #(#keys => #name::#idents(map.next_value()?),)*
                            other => return Err(A::Error::unknown_variant(other, KINDS)),
                        };
                        if let Some(other) = map.next_key::<std::string::String>()? {
                            return Err(A::Error::custom(format_args!(
                                "expected an object with exactly one key, found `{key}` and `{other}`"
                            )));
                        }
                        Ok(kind)
                    }
                }

                deserializer.deserialize_map(Visitor)
            }
        }
    }
}

/// `AccessRule::email(email)`: a kind built from its payload's required fields.
///
/// Only object payloads get one. A response union's payloads are lenient (every field an
/// `Option`); the constructor still takes every required field, so what it builds is whole.
fn variant_constructor(model: &Model, union: &Schema, variant: &UnionVariant) -> Option<TokenStream> {
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
        let into = field.ty == Type::String;
        args.push(if into { quote!(#rust: impl Into<#ty>) } else { quote!(#rust: #ty) });
        let value = if into { quote!(#rust.into()) } else { quote!(#rust) };
        let strict_required = field_shape(model, payload, field).required;
        inits.push(match (strict_required, into) {
            (true, false) => quote!(#rust),
            (true, true) => quote!(#rust: #value),
            (false, _) => quote!(#rust: Some(#value)),
        });
    }
    let variant_ident = ident(&variant.variant);
    let payload_ident = ident(&payload.name);
    let doc = constructor_doc(union, variant, payload, !args.is_empty(), fields.len() > args.len());
    Some(quote! {
        #(#[doc = #doc])*
        pub fn #name(#(#args),*) -> Self {
            Self::#variant_ident(crate::types::#payload_ident { #(#inits),* })
        }
    })
}

/// The docs of a kind constructor, in whole sentences: the kind's summary, what it takes, and
/// how to set the optional fields it leaves out.
fn constructor_doc(
    union: &Schema,
    variant: &UnionVariant,
    payload: &Schema,
    takes_fields: bool,
    leaves_some_out: bool,
) -> Vec<String> {
    let summary = docs::summary(variant.docs.as_deref()).unwrap_or_else(|| format!("The `{}` kind", variant.key));
    let mut first = sentence(&summary);
    if takes_fields {
        first.push_str(" Takes every field the kind requires.");
    }
    let mut lines = vec![format!(" {first}")];
    if leaves_some_out {
        let how = if payload.in_response {
            format!("build [`{}`] yourself", payload.name)
        } else {
            format!("use [`{0}::new`](crate::types::{0}::new) and its `with_` methods", payload.name)
        };
        lines.push(String::new());
        lines.push(format!(
            " The optional fields are left out; to set them, {how} and wrap it in `{}::{}`.",
            union.name, variant.variant
        ));
    }
    lines
}

/// `text` ending as a sentence.
fn sentence(text: &str) -> String {
    let text = text.trim_end();
    if text.ends_with(['.', '!', '?']) {
        text.to_owned()
    } else {
        format!("{text}.")
    }
}
