//! Unions: key-tagged (`{"email": {...}}`), tagged by a property (`{"type": "A", ...}`) and
//! untagged (tried in order); lenient in responses, strict in requests.

use proc_macro2::TokenStream;
use quote::quote;

use super::{docs, field_shape, rust_type};
use crate::model::{Model, Schema, SchemaKind, Type, UnionVariant};
use crate::naming::ident;

pub(super) fn union(model: &Model, schema: &Schema, variants: &[UnionVariant]) -> TokenStream {
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
                match serde_json::from_slice(raw.get().as_bytes()) {
                    Ok(payload) => #name::#variant_ident(payload),
                    Err(_) => #name::Unknown {
                        key,
                        value: serde_json::from_slice(raw.get().as_bytes()).map_err(<A::Error as serde::de::Error>::custom)?,
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
    if payload.extra.is_some() {
        inits.push(quote!(extra: std::collections::BTreeMap::new()));
    }
    let variant_ident = ident(&variant.variant);
    let payload_ident = ident(&payload.name);
    let doc = constructor_doc(union, variant, payload, !args.is_empty(), fields.len() > args.len());
    let allow = fields.iter().any(|field| field.deprecated).then(|| quote!(#[allow(deprecated)]));
    Some(quote! {
        #(#[doc = #doc])*
        #allow
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
        let how = match (payload.in_response, takes_fields) {
            (true, _) => format!("build [`{0}`](crate::types::{0}) yourself", payload.name),
            (false, true) => format!("use [`{0}::new`](crate::types::{0}::new) and its `with_` methods", payload.name),
            (false, false) => {
                format!("use [`{0}`](crate::types::{0})`::default()` and its `with_` methods", payload.name)
            }
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

/// The variants of a tagged or untagged union, each with its docs, and `Unknown` in responses.
fn value_union_decl(
    model: &Model,
    schema: &Schema,
    variants: &[UnionVariant],
    note: impl Fn(&UnionVariant) -> String,
) -> TokenStream {
    let name = ident(&schema.name);
    let declarations = variants.iter().map(|variant| {
        let fallback = format!("The `{}` kind.", variant.key);
        let doc = docs::attrs(Some(variant.docs.as_deref().unwrap_or(&fallback)), &[note(variant)]);
        let ident = ident(&variant.variant);
        let ty = rust_type::tokens(model, &variant.ty);
        quote!(#doc #ident(#ty),)
    });
    let (non_exhaustive, unknown) = if schema.in_response {
        let unknown = quote! {
            /// A value that is none of the kinds this client knows (or a known kind whose fields
            /// do not fit it), kept as sent.
            Unknown(serde_json::Value),
        };
        (quote!(#[non_exhaustive]), unknown)
    } else {
        (TokenStream::new(), TokenStream::new())
    };
    quote! {
        #[derive(Debug, Clone, PartialEq)]
        #non_exhaustive
        pub enum #name {
            #(#declarations)*
            #unknown
        }
    }
}

/// A union tagged by a property of its objects: `{"type": "A", "name": ...}`.
///
/// Decoding reads the value once as raw JSON text, reads only the tag from it, and decodes the
/// one kind the tag names: no kind is tried in vain. An unknown tag, or a kind whose fields do
/// not fit, is kept as `Unknown` in responses and refused in requests.
pub(super) fn tagged(model: &Model, schema: &Schema, property: &str, variants: &[UnionVariant]) -> TokenStream {
    let name = ident(&schema.name);
    let decl = value_union_decl(model, schema, variants, |variant| {
        format!("JSON: `{{\"{property}\": \"{}\", ...}}`.", variant.key)
    });
    let idents: Vec<_> = variants.iter().map(|variant| ident(&variant.variant)).collect();
    let tags: Vec<&str> = variants.iter().map(|variant| variant.key.as_str()).collect();
    let constructors = variants.iter().filter_map(|variant| variant_constructor(model, schema, variant));
    let lenient = schema.in_response;
    let (unknown_tag, unknown_write) = if lenient {
        (
            quote!(Self::Unknown(value) => value.get(#property).and_then(serde_json::Value::as_str),),
            quote!(Self::Unknown(value) => serde::Serialize::serialize(value, serializer),),
        )
    } else {
        (TokenStream::new(), TokenStream::new())
    };
    let tag_type = if lenient { quote!(Option<&str>) } else { quote!(&'static str) };
    let known_tag = |tag: &str| if lenient { quote!(Some(#tag)) } else { quote!(#tag) };
    let known_tags = tags.iter().map(|tag| known_tag(tag));
    let tag_doc = format!(" The value of `{property}`, which names the kind.");
    let deserialize = tagged_decoder(schema, property, variants);
    quote! {
        #decl

        impl #name {
            #(#constructors)*

            #[doc = #tag_doc]
            pub fn tag(&self) -> #tag_type {
                match self {
                    #(Self::#idents(_) => #known_tags,)*
                    #unknown_tag
                }
            }
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                /// A kind's fields with the tag written first.
                #[derive(serde::Serialize)]
                struct Tagged<'a, T> {
                    #[serde(rename = #property)]
                    tag: &'a str,
                    #[serde(flatten)]
                    fields: &'a T,
                }

                match self {
                    #(Self::#idents(fields) => Tagged { tag: #tags, fields }.serialize(serializer),)*
                    #unknown_write
                }
            }
        }

        #deserialize
    }
}

/// A tagged union's decoder: the value is taken once as raw JSON text, only its tag is read
/// from it, and the one kind the tag names is decoded.
fn tagged_decoder(schema: &Schema, property: &str, variants: &[UnionVariant]) -> TokenStream {
    let name = ident(&schema.name);
    let lenient = schema.in_response;
    let idents: Vec<_> = variants.iter().map(|variant| ident(&variant.variant)).collect();
    let tags: Vec<&str> = variants.iter().map(|variant| variant.key.as_str()).collect();
    let decode = if lenient {
        quote! {
            let kind = match tag.as_deref() {
                #(Some(#tags) => serde_json::from_slice(raw.get().as_bytes()).ok().map(#name::#idents),)*
                _ => None,
            };
            match kind {
                Some(kind) => Ok(kind),
                None => serde_json::from_slice(raw.get().as_bytes()).map(#name::Unknown).map_err(serde::de::Error::custom),
            }
        }
    } else {
        quote! {
            const KINDS: &[&str] = &[#(#tags),*];
            match tag.as_deref() {
                #(Some(#tags) => serde_json::from_slice(raw.get().as_bytes()).map(#name::#idents).map_err(serde::de::Error::custom),)*
                Some(other) => Err(serde::de::Error::unknown_variant(other, KINDS)),
                None => Err(serde::de::Error::missing_field(#property)),
            }
        }
    };
    quote! {
        impl<'de> serde::Deserialize<'de> for #name {
        fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            /// Only the tag of the object, borrowed from the raw text where it can be.
            #[derive(serde::Deserialize)]
            struct Tag<'a> {
                #[serde(rename = #property, borrow, default)]
                tag: Option<std::borrow::Cow<'a, str>>,
            }

            let raw = <std::boxed::Box<serde_json::value::RawValue> as serde::Deserialize>::deserialize(deserializer)?;
            let tag = serde_json::from_slice::<Tag<'_>>(raw.get().as_bytes()).ok().and_then(|tag| tag.tag);
            #decode
        }
    }
    }
}

/// Whether an untagged union has both an object kind and a kind that is not one.
fn mixes_objects_and_values(model: &Model, variants: &[UnionVariant]) -> bool {
    let is_object = |variant: &UnionVariant| {
        matches!(&variant.ty, Type::Named(id) if matches!(model.schema(*id).kind, SchemaKind::Object(_)))
    };
    variants.iter().any(is_object) && !variants.iter().all(is_object)
}

/// A union with no tag: each kind is tried in the order the spec lists them.
///
/// A scalar or array kind fits when the value decodes as it. An object kind fits when the value
/// is an object holding every field the kind requires (a response's fields are all optional,
/// so without this check the first object kind would take every object). In responses a value
/// no kind fits is kept as `Unknown`; in requests it is refused.
pub(super) fn untagged(model: &Model, schema: &Schema, variants: &[UnionVariant]) -> TokenStream {
    let name = ident(&schema.name);
    let decl = value_union_decl(model, schema, variants, |_| "Tried in the order the variants are listed.".to_owned());
    let decl = if mixes_objects_and_values(model, variants) {
        // An object beside a scalar (a policy, or its ID) is far larger than the scalar; the
        // value is built or matched once, so boxing the object would cost every user a
        // `Box::new` and a deref for a few hundred bytes on the stack.
        quote!(#[allow(clippy::large_enum_variant)] #decl)
    } else {
        decl
    };
    let idents: Vec<_> = variants.iter().map(|variant| ident(&variant.variant)).collect();
    let attempts = variants.iter().zip(&idents).map(|(variant, ident)| untagged_attempt(model, schema, variant, ident));
    let (unknown_write, fallback) = if schema.in_response {
        (
            quote!(Self::Unknown(value) => serde::Serialize::serialize(value, serializer),),
            quote!(serde_json::from_slice(text).map(#name::Unknown).map_err(serde::de::Error::custom)),
        )
    } else {
        let message = format!("the value fits none of the kinds of `{}`", schema.name);
        (TokenStream::new(), quote!(Err(serde::de::Error::custom(#message))))
    };
    quote! {
        #decl

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #(Self::#idents(value) => serde::Serialize::serialize(value, serializer),)*
                    #unknown_write
                }
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let raw = <std::boxed::Box<serde_json::value::RawValue> as serde::Deserialize>::deserialize(deserializer)?;
                let text = raw.get().as_bytes();
                #(#attempts)*
                #fallback
            }
        }
    }
}

/// One kind's attempt in an untagged union's decoder: returns the kind when the value fits it.
fn untagged_attempt(model: &Model, union: &Schema, variant: &UnionVariant, ident: &proc_macro2::Ident) -> TokenStream {
    let name = crate::naming::ident(&union.name);
    let ty = rust_type::tokens(model, &variant.ty);
    let schema = variant.ty.schema().map(|id| model.schema(id));
    let object_fields = match schema.map(|schema| (schema, &schema.kind)) {
        Some((schema, SchemaKind::Object(fields))) => Some((schema, fields)),
        _ => None,
    };
    // A response enum or union keeps what it does not know as `Unknown`: only a known value fits.
    if let Some(schema) = schema.filter(|schema| schema.in_response && !matches!(schema.kind, SchemaKind::Object(_))) {
        let schema_ident = crate::naming::ident(&schema.name);
        let deref = matches!(variant.ty, Type::Boxed(_)).then(|| quote!(*));
        return quote! {
            match serde_json::from_slice::<#ty>(text) {
                Ok(value) if !matches!(#deref value, crate::types::#schema_ident::Unknown { .. }) => {
                    return Ok(#name::#ident(value));
                }
                _ => {}
            }
        };
    }
    let Some((payload, fields)) = object_fields else {
        return quote! {
            if let Ok(value) = serde_json::from_slice::<#ty>(text) {
                return Ok(#name::#ident(value));
            }
        };
    };
    // In a lenient payload a required field is an `Option`: it must be there for the kind to fit.
    // Seen through a `Box`, fields are reached the same way (auto-deref).
    let present: Vec<TokenStream> = fields
        .iter()
        .filter(|field| field.required && payload.in_response)
        .map(|field| {
            let rust = crate::naming::ident(&field.rust);
            quote!(value.#rust.is_some())
        })
        .collect();
    let decode = if present.is_empty() {
        quote! {
            if let Ok(value) = serde_json::from_slice::<#ty>(text) {
                return Ok(#name::#ident(value));
            }
        }
    } else {
        quote! {
            match serde_json::from_slice::<#ty>(text) {
                Ok(value) if #(#present)&&* => return Ok(#name::#ident(value)),
                _ => {}
            }
        }
    };
    quote! {
        if text.first() == Some(&b'{') {
            #decode
        }
    }
}
