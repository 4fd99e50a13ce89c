//! Enums: of strings, of integers, booleans or both; lenient in responses, strict in requests.

use proc_macro2::TokenStream;
use quote::quote;

use super::rust_type;
use crate::model::{EnumValue, Model, Schema};
use crate::naming::ident;
use crate::spec::raw::EnumLiteral;

pub(super) fn string_enum(model: &Model, schema: &Schema, values: &[EnumValue]) -> TokenStream {
    let string = rust_type::std(model, "String");
    let name = ident(&schema.name);
    let variants: Vec<_> = values.iter().map(|value| ident(&value.variant)).collect();
    let wires: Vec<&str> = values.iter().map(|value| value.wire.as_str()).collect();
    let variant_docs = wires.iter().map(|wire| wire_doc(wire));
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
pub(super) fn strict_enum(schema: &Schema, values: &[EnumValue]) -> TokenStream {
    let name = ident(&schema.name);
    let variants: Vec<_> = values.iter().map(|value| ident(&value.variant)).collect();
    let wires: Vec<&str> = values.iter().map(|value| value.wire.as_str()).collect();
    let variant_docs = wires.iter().map(|wire| wire_doc(wire));
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
pub(super) fn literal_enum(schema: &Schema, values: &[EnumValue]) -> TokenStream {
    let name = ident(&schema.name);
    let lenient = schema.in_response;
    let variants: Vec<_> = values.iter().map(|value| ident(&value.variant)).collect();
    let docs = values.iter().map(|value| match &value.literal {
        EnumLiteral::String(text) => format!(" `\"{text}\"`"),
        other => format!(" `{}`", other.text()),
    });
    let texts: Vec<&str> = values.iter().map(|value| value.wire.as_str()).collect();
    let (derives, unknown, unknown_text) = if lenient {
        (
            quote!(#[derive(Debug, Clone, PartialEq, Eq)] #[non_exhaustive]),
            quote! {
                /// A value this client does not know yet, kept as sent.
                Unknown(serde_json::Value),
            },
            quote!(Self::Unknown(value) => return write!(f, "{value}"),),
        )
    } else {
        (quote!(#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]), TokenStream::new(), TokenStream::new())
    };
    let serde = literal_serde(schema, values, &variants);
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

        #serde
    }
}

/// `Serialize` and `Deserialize` of an enum of integers or booleans: each value is written as
/// its JSON type; reading, an unlisted value is `Unknown` in responses and an error in requests.
fn literal_serde(schema: &Schema, values: &[EnumValue], variants: &[proc_macro2::Ident]) -> TokenStream {
    let name = ident(&schema.name);
    let writes = values.iter().map(|value| match &value.literal {
        EnumLiteral::Boolean(flag) => quote!(serializer.serialize_bool(#flag)),
        EnumLiteral::Integer(number) => {
            let number = proc_macro2::Literal::i64_unsuffixed(*number);
            quote!(serializer.serialize_i64(#number))
        }
        EnumLiteral::String(text) => quote!(serializer.serialize_str(#text)),
    });
    let reads = values.iter().zip(variants).map(|(value, variant)| match &value.literal {
        EnumLiteral::Boolean(flag) => quote!(serde_json::Value::Bool(#flag) => Self::#variant,),
        EnumLiteral::Integer(number) => {
            let number = proc_macro2::Literal::i64_unsuffixed(*number);
            quote!(serde_json::Value::Number(number) if number.as_i64() == Some(#number) => Self::#variant,)
        }
        EnumLiteral::String(text) => quote!(serde_json::Value::String(text) if text == #text => Self::#variant,),
    });
    let (unknown_write, fallback) = if schema.in_response {
        (
            quote!(Self::Unknown(value) => serde::Serialize::serialize(value, serializer),),
            quote!(_ => Self::Unknown(value),),
        )
    } else {
        let texts: Vec<&str> = values.iter().map(|value| value.wire.as_str()).collect();
        let expected = format!("one of {}", texts.join(", "));
        let unexpected = quote!(serde::de::Unexpected::Other("an unlisted value"));
        (TokenStream::new(), quote!(_ => return Err(serde::de::Error::invalid_value(#unexpected, &#expected)),))
    };
    quote! {
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

/// The docs of a variant the spec leaves undocumented: its wire value (`` `low` ``), or, when
/// that would not read as a name (empty, or words), a sentence naming it.
fn wire_doc(wire: &str) -> String {
    if wire.is_empty() {
        " The empty string.".to_owned()
    } else if wire.contains([' ', '`']) {
        format!(" The value `{}`.", wire.replace('`', "'"))
    } else {
        format!(" `{wire}`")
    }
}
