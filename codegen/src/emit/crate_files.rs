//! The crate's frame: `Cargo.toml`, `lib.rs`, and the modules built from `api` settings
//! (`settings.rs`, `auth.rs`, `envelope.rs`).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{docs, runtime};
use crate::model::{AuthScheme, Model};
use crate::naming::ident;

/// `Cargo.toml` of the generated crate.
pub fn cargo_toml(model: &Model) -> String {
    let api = &model.api;
    let description = toml_string(&api.title);
    let (family_defaults, family_features) = super::features::cargo_features(model);
    format!(
        "[package]\n\
         name = \"{name}\"\n\
         version = \"{version}\"\n\
         description = {description}\n\
         edition = \"2021\"\n\
         rust-version = \"1.89\"\n\
         license = \"MIT OR Apache-2.0\"\n\
         publish = false\n\
         \n\
         [lib]\n\
         name = \"{lib}\"\n\
         \n\
         [features]\n\
         default = [\"rustls-tls\"{family_defaults}]\n\
         # TLS through rustls with the webpki roots (no system OpenSSL needed).\n\
         rustls-tls = [\"reqwest/rustls-tls\"]\n\
         # TLS through the platform's native library (OpenSSL, Secure Transport, SChannel).\n\
         native-tls = [\"reqwest/native-tls\"]\n\
         {family_features}\
         \n\
         [dependencies]\n\
         {dependencies}\
         \n\
         [dev-dependencies]\n\
         # The generated operation tests (tests/operations) run on tokio.\n\
         tokio = {{ version = \"1\", features = [\"macros\", \"rt\"] }}\n",
        name = api.crate_name,
        version = api.version,
        lib = api.crate_name.replace('-', "_"),
        dependencies = runtime::DEPENDENCIES,
        family_defaults = family_defaults,
        family_features = family_features,
    )
}

fn toml_string(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// `src/lib.rs`: the crate docs, the module tree and the root re-exports.
pub fn lib_rs(model: &Model) -> TokenStream {
    let api = &model.api;
    let mut lines = vec![format!("# {}", api.title), String::new()];
    lines.extend(docs::lines(api.docs.as_deref().unwrap_or_default()));
    lines.push(String::new());
    lines.extend(runtime::CRATE_DOCS.lines().map(str::to_owned));
    while lines.last().is_some_and(String::is_empty) {
        lines.pop();
    }
    let crate_docs = docs::inner_doc_lines(&lines);
    let exports = runtime::EXPORTS.iter().map(|name| format_ident!("{}", name));
    quote! {
        #crate_docs
        #![forbid(unsafe_code)]
        #![warn(missing_docs)]
        #![allow(clippy::too_many_arguments, reason = "a request type's `new` takes all its required fields")]

        mod auth;
        #[allow(dead_code, reason = "serves every spec; a spec without paginated lists reads no result_info")]
        mod envelope;
        pub mod resources;
        #[allow(dead_code, reason = "serves every spec; one without unions, bodies or lists leaves helpers unused")]
        mod runtime;
        mod settings;
        pub mod types;

        pub use auth::Credentials;
        pub use runtime::{#(#exports),*};

        /// The timestamp type of date-time fields, re-exported so its version always matches.
        pub use jiff;
        /// The UUID type of uuid fields, re-exported so its version always matches.
        pub use uuid;
    }
}

/// `src/settings.rs`: the API-wide constants the runtime reads.
pub fn settings_rs(model: &Model) -> TokenStream {
    let api = &model.api;
    let base_url = &api.base_url;
    let env = api.base_url_env.as_deref().unwrap_or_default();
    let user_agent = format!("{}/", api.user_agent);
    quote! {
        //! Settings of the whole API, from `api` in the spec.

        /// Where requests go unless the client is given another base URL.
        pub(crate) const DEFAULT_BASE_URL: &str = #base_url;

        /// The variable `Client::from_env` reads a base URL from (empty: none).
        pub(crate) const BASE_URL_ENV: &str = #env;

        /// Sent as `User-Agent` with every request.
        pub(crate) const USER_AGENT: &str = concat!(#user_agent, env!("CARGO_PKG_VERSION"));
    }
}

/// `src/envelope.rs`: the JSON object around every response's result.
pub fn envelope_rs(model: &Model) -> TokenStream {
    let error_item = ident(&model.schema(model.api.error_item).name);
    let result_info = ident(&model.schema(model.api.result_info).name);
    quote! {
        //! The envelope around every response body: `{success, errors, messages, result, result_info}`.

        /// One item of `errors` or `messages`, under the name the runtime uses.
        pub(crate) use crate::types::#error_item as ErrorItem;

        /// Page numbers and totals, under the name the runtime uses.
        pub(crate) use crate::types::#result_info as ResultInfo;

        /// A response body as the API sends it; the runtime unwraps `result`.
        #[derive(Debug, serde::Deserialize)]
        pub(crate) struct Envelope<R> {
            /// Whether the call succeeded; `false` under a 2xx status is still a failure.
            #[serde(default)]
            pub(crate) success: Option<bool>,
            /// Why the call failed; read leniently, so an odd item never hides the error.
            #[serde(default = "Vec::new", deserialize_with = "crate::runtime::codec::lenient_items")]
            pub(crate) errors: Vec<ErrorItem>,
            /// Notes about the call; read leniently, as `errors` is.
            #[serde(default = "Vec::new", deserialize_with = "crate::runtime::codec::lenient_items")]
            pub(crate) messages: Vec<ErrorItem>,
            /// What the call returns.
            #[serde(default = "Option::default")]
            pub(crate) result: Option<R>,
            /// Page numbers and totals of a list, kept raw: `Page` reads them leniently, so
            /// pagination metadata never fails a call.
            #[serde(default)]
            pub(crate) result_info: Option<Box<serde_json::value::RawValue>>,
        }
    }
}

/// `src/auth.rs`: the `Credentials` enum, one variant per kind in `api.auth`.
pub fn auth_rs(model: &Model) -> TokenStream {
    let schemes = &model.api.auth;
    let variants = schemes.iter().map(variant);
    let constructors = schemes.iter().map(constructor);
    let header_arms = schemes.iter().map(header_arm);
    let from_vars = schemes.iter().filter_map(from_vars_step);
    let env_vars = schemes.iter().flat_map(|scheme| scheme.headers.iter().filter_map(|header| header.env.as_deref()));
    quote! {
        //! Credentials: how the client proves who it is.

        /// How the client authenticates. Secrets are kept in [`Secret`](crate::Secret), so
        /// `{:?}` of credentials, a client or an error never shows them.
        #[derive(Clone, Debug)]
        #[non_exhaustive]
        pub enum Credentials {
            #(#variants)*
        }

        impl Credentials {
            #(#constructors)*

            /// Every environment variable [`from_vars`](Self::from_vars) reads, for error messages.
            pub(crate) const ENV_VARS: &'static [&'static str] = &[#(#env_vars),*];

            /// The first complete kind of credentials found through `var`, in the spec's order.
            pub(crate) fn from_vars(var: impl Fn(&str) -> Option<String>) -> Option<Self> {
                #(#from_vars)*
                None
            }

            /// Every header these credentials send: (name, value, whether the value is secret).
            pub(crate) fn headers(&self) -> Vec<(&'static str, String, bool)> {
                match self {
                    #(#header_arms)*
                }
            }
        }
    }
}

fn variant(scheme: &AuthScheme) -> TokenStream {
    let fallback = format!("The `{}` credentials.", scheme.constructor);
    let doc = docs::attrs(Some(scheme.docs.as_deref().unwrap_or(&fallback)), &[]);
    let name = ident(&scheme.variant);
    let fields = scheme.headers.iter().map(|header| {
        let field = ident(&header.field);
        let ty = if header.secret { quote!(crate::Secret) } else { quote!(String) };
        let fallback = format!("Sent as `{}`.", header.header);
        let doc = docs::attrs(Some(header.docs.as_deref().unwrap_or(&fallback)), &[]);
        quote!(#doc #field: #ty,)
    });
    quote!(#doc #name { #(#fields)* },)
}

fn constructor(scheme: &AuthScheme) -> TokenStream {
    let name = ident(&scheme.constructor);
    let variant = ident(&scheme.variant);
    let args = scheme.headers.iter().map(|header| {
        let field = ident(&header.field);
        quote!(#field: impl Into<String>)
    });
    let inits = scheme.headers.iter().map(|header| {
        let field = ident(&header.field);
        if header.secret {
            quote!(#field: crate::Secret::new(#field.into()))
        } else {
            quote!(#field: #field.into())
        }
    });
    let sent: Vec<String> = scheme.headers.iter().map(|header| format!("`{}`", header.header)).collect();
    let doc = format!(" Credentials sent as {}.", sent.join(" and "));
    quote! {
        #[doc = #doc]
        pub fn #name(#(#args),*) -> Self {
            Self::#variant { #(#inits),* }
        }
    }
}

fn header_arm(scheme: &AuthScheme) -> TokenStream {
    let variant = ident(&scheme.variant);
    let fields: Vec<_> = scheme.headers.iter().map(|header| ident(&header.field)).collect();
    let values = scheme.headers.iter().map(|header| {
        let name = &header.header;
        let field = ident(&header.field);
        let secret = header.secret;
        let value = if header.secret { quote!(#field.expose()) } else { quote!(#field) };
        let value = if header.prefix.is_empty() {
            if header.secret { quote!(#value.to_owned()) } else { quote!(#value.clone()) }
        } else {
            let template = format!("{}{{}}", header.prefix.replace('{', "{{").replace('}', "}}"));
            quote!(format!(#template, #value))
        };
        quote!((#name, #value, #secret))
    });
    quote!(Self::#variant { #(#fields),* } => vec![#(#values),*],)
}

/// `if let (Some(a), Some(b)) = (var("A"), var("B")) { return Some(Self::kind(a, b)); }`
fn from_vars_step(scheme: &AuthScheme) -> Option<TokenStream> {
    let envs: Option<Vec<&str>> = scheme.headers.iter().map(|header| header.env.as_deref()).collect();
    let envs = envs?;
    let constructor = ident(&scheme.constructor);
    let bindings: Vec<_> = scheme.headers.iter().map(|header| ident(&header.field)).collect();
    if let ([binding], [env]) = (bindings.as_slice(), envs.as_slice()) {
        return Some(quote! {
            if let Some(#binding) = var(#env) {
                return Some(Self::#constructor(#binding));
            }
        });
    }
    Some(quote! {
        if let (#(Some(#bindings),)*) = (#(var(#envs),)*) {
            return Some(Self::#constructor(#(#bindings),*));
        }
    })
}
