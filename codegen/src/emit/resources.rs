//! `src/resources.rs` and its modules: one handle type per resource, one method per operation.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;

use super::{docs, rust_type};
use crate::model::{Field, Model, Operation, Resource, Type};
use crate::naming::ident;

/// Every resource module, keyed by file path.
pub fn files(model: &Model) -> BTreeMap<String, TokenStream> {
    let mut files = BTreeMap::new();
    files.insert("src/resources.rs".to_owned(), root(&model.root));
    for child in &model.root.children {
        collect(model, child, &mut files);
    }
    files
}

fn collect(model: &Model, resource: &Resource, files: &mut BTreeMap<String, TokenStream>) {
    let path = format!("src/resources/{}.rs", resource.module_path.join("/"));
    files.insert(path, handle_module(model, resource));
    for child in &resource.children {
        collect(model, child, files);
    }
}

/// The root module: the client's accessors for the top-level handles.
fn root(root: &Resource) -> TokenStream {
    let modules = root.children.iter().map(|child| ident(&child.segment));
    let accessors = root.children.iter().map(|child| accessor(child, quote!(self), quote!('_)));
    quote! {
        //! The client's tree of resources: `client.zero_trust().access().users()`.
        //!
        //! Each handle borrows the [`Client`](crate::Client) and is free to create; its
        //! methods return a [`Call`](crate::Call) to `.await`.
        #(pub mod #modules;)*

        impl crate::Client {
            #(#accessors)*
        }
    }
}

/// A method returning a child handle, built on `client` and borrowing it for `lifetime`
/// (the client itself on the root, a handle's `self.client` below it).
fn accessor(child: &Resource, client: TokenStream, lifetime: TokenStream) -> TokenStream {
    let name = ident(&child.segment);
    let handle = ident(&child.type_name);
    let summary = docs::summary(child.docs.as_deref()).unwrap_or_else(|| format!("The `{}` resource.", child.segment));
    let doc = format!(" {summary}");
    quote! {
        #[doc = #doc]
        pub fn #name(&self) -> #name::#handle<#lifetime> {
            #name::#handle::new(#client)
        }
    }
}

fn handle_module(model: &Model, resource: &Resource) -> TokenStream {
    let handle = ident(&resource.type_name);
    let dotted = resource.module_path.join(".");
    let fallback = format!("The `{dotted}` resource.");
    let module_doc = docs::inner_doc_lines(&docs::lines(resource.docs.as_deref().unwrap_or(&fallback)));
    let handle_doc = docs::attrs(resource.docs.as_deref().or(Some(&fallback)), &[accessor_note(resource)]);
    let modules = resource.children.iter().map(|child| ident(&child.segment));
    let accessors = resource.children.iter().map(|child| accessor(child, quote!(self.client), quote!('a)));
    let methods = resource.operations.iter().map(|operation| method(model, operation));
    let params = resource.operations.iter().filter_map(|operation| params_struct(model, resource, operation));
    quote! {
        #module_doc
        #(pub mod #modules;)*

        #handle_doc
        #[derive(Debug, Clone, Copy)]
        pub struct #handle<'a> {
            client: &'a crate::Client,
        }

        impl<'a> #handle<'a> {
            pub(crate) fn new(client: &'a crate::Client) -> Self {
                Self { client }
            }

            #(#accessors)*
            #(#methods)*
        }

        #(#params)*
    }
}

fn accessor_note(resource: &Resource) -> String {
    let chain: Vec<String> = resource.module_path.iter().map(|segment| format!(".{segment}()")).collect();
    format!("Reached with `client{}`.", chain.concat())
}

fn method(model: &Model, operation: &Operation) -> TokenStream {
    let name = ident(&operation.name);
    let doc = method_docs(model, operation);
    let mut args = Vec::new();
    let mut steps = Vec::new();
    for param in &operation.path_params {
        let arg = ident(&param.rust);
        let wire = &param.wire;
        if rust_type::is_enum(model, &param.ty) {
            let ty = rust_type::tokens(model, &param.ty);
            args.push(quote!(#arg: #ty));
            steps.push(quote!(.path_param(#wire, #arg.as_str())));
        } else if matches!(param.ty, Type::String | Type::Uuid) {
            args.push(quote!(#arg: &str));
            steps.push(quote!(.path_param(#wire, #arg)));
        } else {
            let ty = rust_type::tokens(model, &param.ty);
            args.push(quote!(#arg: #ty));
            steps.push(quote!(.path_param(#wire, &#arg.to_string())));
        }
    }
    if let Some(params) = &operation.params_struct {
        let params = ident(params);
        args.push(quote!(params: &#params));
        for param in &operation.query {
            let field = ident(&param.rust);
            let wire = &param.wire;
            let value = if param.required { quote!(Some(&params.#field)) } else { quote!(params.#field.as_ref()) };
            steps.push(quote!(.query(#wire, #value)));
        }
    }
    if let Some(body) = &operation.body {
        let ty = rust_type::borrowed(model, body);
        args.push(quote!(body: #ty));
        steps.push(quote!(.body(body)));
    }
    let method = ident(operation.method.as_str());
    let path = &operation.path;
    let (output, constructor) = match (&operation.result, operation.paginated) {
        (Type::Array(item), true) => {
            let item = rust_type::tokens(model, item);
            (quote!(crate::Call<crate::Page<#item>>), quote!(crate::Call::page))
        }
        (result, _) => {
            let mut result = rust_type::tokens(model, result);
            if operation.result_nullable {
                result = rust_type::option(model, result);
            }
            (quote!(crate::Call<#result>), quote!(crate::Call::new))
        }
    };
    quote! {
        #doc
        pub fn #name(&self, #(#args),*) -> #output {
            let request = crate::runtime::Request::new(reqwest::Method::#method, #path) #(#steps)*;
            #constructor(self.client, request)
        }
    }
}

fn method_docs(model: &Model, operation: &Operation) -> TokenStream {
    let mut lines = docs::lines(operation.docs.as_deref().unwrap_or("Calls the API."));
    // Summaries are often titles ("Get a user"); as the first line of docs they read as sentences.
    if let Some(first) = lines.first_mut().filter(|line| line.ends_with(|c: char| c.is_alphanumeric())) {
        first.push('.');
    }
    lines.push(String::new());
    lines.push(format!("`{} {}`, answering `{}`.", operation.method.as_str(), operation.path, operation.success));
    if operation.paginated {
        lines.push(String::new());
        lines.push("Returns one page with its `result_info`; `.into_stream()` on the returned call yields every item of every page.".to_owned());
    }
    if operation.deprecated {
        lines.push(String::new());
        lines.push("**Deprecated.**".to_owned());
    }
    let mut arguments: Vec<String> = operation.path_params.iter().map(|param| argument_line(model, param)).collect();
    if let Some(params) = &operation.params_struct {
        arguments.push(format!("- `params`: the query parameters, see [`{params}`]."));
    }
    if operation.body.is_some() {
        arguments.push("- `body`: the JSON request body.".to_owned());
    }
    if !arguments.is_empty() {
        lines.push(String::new());
        lines.push("# Arguments".to_owned());
        lines.push(String::new());
        lines.extend(arguments);
    }
    docs::doc_lines(&lines)
}

fn argument_line(model: &Model, param: &Field) -> String {
    let schema_docs = match param.ty {
        Type::Named(id) => model.schema(id).docs.as_deref(),
        _ => None,
    };
    let summary = docs::summary(param.docs.as_deref().or(schema_docs)).unwrap_or_else(|| "the path parameter.".to_owned());
    format!("- `{}`: {summary}", param.rust)
}

/// The struct of an operation's query parameters.
fn params_struct(model: &Model, resource: &Resource, operation: &Operation) -> Option<TokenStream> {
    let name = ident(operation.params_struct.as_ref()?);
    let doc = format!(" Query parameters of [`{}::{}`].", resource.type_name, operation.name);
    let fields = operation.query.iter().map(|param| {
        let rust = ident(&param.rust);
        let inner = rust_type::tokens(model, &param.ty);
        let ty = if param.required { inner } else { rust_type::option(model, inner) };
        let fallback = format!("The `{}` query parameter.", param.wire);
        let doc = docs::attrs(Some(param.docs.as_deref().unwrap_or(&fallback)), &param.notes);
        quote!(#doc pub #rust: #ty,)
    });
    let default = operation.query.iter().all(|param| !param.required).then(|| quote!(Default,));
    Some(quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq, #default)]
        pub struct #name {
            #(#fields)*
        }
    })
}
