//! The Rust spelling of a type use.
//!
//! Schemas are always named by full path (`crate::types::X`). Standard types are written
//! plainly (`String`, `Vec`, `Option`) unless the spec has a schema of the same name, which
//! would shadow them inside `types`: then they are written in full (`::std::string::String`).

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::{Model, Type};

/// The type as written in a field or a signature.
pub fn tokens(model: &Model, ty: &Type) -> TokenStream {
    match ty {
        Type::String => std(model, "String"),
        Type::Timestamp => quote!(jiff::Timestamp),
        Type::Uuid => quote!(uuid::Uuid),
        Type::Integer => quote!(i64),
        Type::Int32 => quote!(i32),
        Type::Number => quote!(f64),
        Type::Boolean => quote!(bool),
        Type::Json => quote!(serde_json::Value),
        Type::Array(inner) => {
            let inner = tokens(model, inner);
            let vec = std(model, "Vec");
            quote!(#vec<#inner>)
        }
        Type::Map(inner) => {
            let inner = tokens(model, inner);
            let string = std(model, "String");
            quote!(std::collections::BTreeMap<#string, #inner>)
        }
        Type::Named(id) => {
            let name = crate::naming::ident(&model.schema(*id).name);
            quote!(crate::types::#name)
        }
        Type::Nullable(inner) => option(model, tokens(model, inner)),
        Type::Boxed(inner) => {
            let inner = tokens(model, inner);
            quote!(std::boxed::Box<#inner>)
        }
    }
}

/// The type as a borrowed argument: `&str` for strings, `&[T]` for arrays, `&T` otherwise.
pub fn borrowed(model: &Model, ty: &Type) -> TokenStream {
    match ty {
        Type::String | Type::Uuid => quote!(&str),
        Type::Array(inner) => {
            let inner = tokens(model, inner);
            quote!(&[#inner])
        }
        other => {
            let owned = tokens(model, other);
            quote!(&#owned)
        }
    }
}

/// Whether the type is a string enum (passed by value and rendered with `as_str`).
pub fn is_enum(model: &Model, ty: &Type) -> bool {
    matches!(ty, Type::Named(id) if matches!(model.schema(*id).kind, crate::model::SchemaKind::Enum(_)))
}

/// A prelude type, qualified only when a spec schema of the same name could shadow it.
pub fn std(model: &Model, name: &str) -> TokenStream {
    let shadowed = model.shadowed_prelude.contains(name);
    match (name, shadowed) {
        ("String", true) => quote!(::std::string::String),
        ("Vec", true) => quote!(::std::vec::Vec),
        ("Option", true) => quote!(::std::option::Option),
        (other, _) => {
            let ident = proc_macro2::Ident::new(other, proc_macro2::Span::call_site());
            quote!(#ident)
        }
    }
}

/// `Option<inner>`.
pub fn option(model: &Model, inner: TokenStream) -> TokenStream {
    let option = std(model, "Option");
    quote!(#option<#inner>)
}
