//! `src/resources.rs` and its modules: one handle type per resource, one method per operation.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;

use super::{docs, rust_type, Lazy};
use crate::model::{Field, Form, Model, Operation, Pagination, PartKind, Resource, ResponseKind, Type};
use crate::naming::{self, ident};

/// Every resource module, keyed by file path.
pub fn files(model: &Model) -> BTreeMap<String, Lazy<'_>> {
    let mut files: BTreeMap<String, Lazy<'_>> = BTreeMap::new();
    files.insert("src/resources.rs".to_owned(), Box::new(|| root(model)));
    for child in &model.root.children {
        collect(model, child, &mut files);
    }
    files
}

fn collect<'m>(model: &'m Model, resource: &'m Resource, files: &mut BTreeMap<String, Lazy<'m>>) {
    let path = format!("src/resources/{}.rs", resource.module_path.join("/"));
    files.insert(path, Box::new(move || handle_module(model, resource)));
    for child in &resource.children {
        collect(model, child, files);
    }
}

/// The root module: the client's accessors for the top-level handles (each gated by its
/// feature when the top-level resources are the families).
fn root(model: &Model) -> TokenStream {
    let root = &model.root;
    let modules = root.children.iter().map(|child| ident(&child.segment));
    let accessors = root.children.iter().map(|child| accessor(child, quote!(self), quote!('_)));
    let gates: Vec<_> = root.children.iter().map(|child| super::features::resource_gate(model, child)).collect();
    quote! {
        //! The client's tree of resources: `client.zero_trust().access().users()`.
        //!
        //! Each handle borrows the [`Client`](crate::Client) and is free to create; its
        //! methods return a [`Call`](crate::Call) to `.await`.
        #(#gates pub mod #modules;)*

        impl crate::Client {
            #(#gates #accessors)*
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
    let client_allowance = super::features::client_field_allowance(model, resource);
    let gates: Vec<_> = resource.children.iter().map(|child| super::features::resource_gate(model, child)).collect();
    // The tree mirrors the API's, which may name a child as its parent (`devices.devices`,
    // the physical devices); renaming it would hide the API's name.
    let inception = resource.children.iter().map(|child| {
        if child.segment == resource.segment { quote!(#[allow(clippy::module_inception)]) } else { TokenStream::new() }
    });
    let accessors = resource.children.iter().map(|child| accessor(child, quote!(self.client), quote!('a)));
    let methods = resource.operations.iter().map(|operation| method(model, operation));
    let params = resource.operations.iter().filter_map(|operation| params_struct(model, resource, operation));
    let results = resource.operations.iter().filter_map(|operation| results_enum(model, resource, operation));
    let forms = resource.operations.iter().filter_map(|operation| form_struct(model, resource, operation));
    quote! {
        #module_doc
        #(#gates #inception pub mod #modules;)*

        #handle_doc
        #[derive(Debug, Clone, Copy)]
        pub struct #handle<'a> {
            #client_allowance
            client: &'a crate::Client,
        }

        impl<'a> #handle<'a> {
            pub(crate) fn new(client: &'a crate::Client) -> Self {
                Self { client }
            }

            #(#gates #accessors)*
            #(#methods)*
        }

        #(#params)*
        #(#forms)*
        #(#results)*
    }
}

/// The enum of an operation's results by status: one variant per documented success status.
fn results_enum(model: &Model, resource: &Resource, operation: &Operation) -> Option<TokenStream> {
    let results = operation.results_by_status.as_ref()?;
    let name = ident(&results.enum_name);
    let doc = format!(
        " What [`{}::{}`] returns: a different result for each success status. A status the spec does not list is read as `{}`.",
        resource.type_name, operation.name, operation.success
    );
    let variants = results.variants.iter().map(|variant| {
        let constructor = ident(&variant.variant);
        let mut ty = rust_type::tokens(model, &variant.ty);
        if variant.nullable {
            ty = rust_type::option(model, ty);
        }
        let fallback = format!("The result of a `{}` response.", variant.status);
        let doc = docs::attrs(Some(variant.docs.as_deref().unwrap_or(&fallback)), &[]);
        quote!(#doc #constructor(#ty),)
    });
    Some(quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #(#variants)*
        }

        /// Read by the operation's own decoder, which picks the variant by status.
        impl crate::FromResponse for #name {}
    })
}

fn accessor_note(resource: &Resource) -> String {
    let chain: Vec<String> = resource.module_path.iter().map(|segment| format!(".{segment}()")).collect();
    format!("Reached with `client{}`.", chain.concat())
}

fn method(model: &Model, operation: &Operation) -> TokenStream {
    let name = ident(&operation.name);
    let doc = method_docs(model, operation);
    let deprecated = deprecated_attr(operation);
    let mut args = Vec::new();
    let mut steps = Vec::new();
    path_steps(model, operation, &mut args, &mut steps);
    if let Some(params) = &operation.params_struct {
        let params = ident(params);
        args.push(quote!(params: &#params));
        steps.extend(operation.query.iter().map(|param| query_step(operation, param)));
        steps.extend(operation.headers.iter().map(|param| {
            let field = ident(&param.rust);
            let wire = &param.wire;
            let value = if param.required { quote!(Some(&params.#field)) } else { quote!(params.#field.as_ref()) };
            quote!(.header_param(#wire, #value))
        }));
    }
    if let Some(body) = &operation.body {
        let (arg, step) = body_arg(model, operation, body);
        args.push(arg);
        steps.push(step);
    }
    if let Some(form) = &operation.form {
        let (arg, step) = form_arg(form);
        args.push(arg);
        steps.push(step);
    }
    let method = ident(operation.method.as_str());
    let path = &operation.path;
    steps.extend(paging_step(operation));
    // Every call asks for JSON; one answering text or bytes (a PEM file, a zip) would be
    // refused with 406 by a server that honours `Accept`, so it accepts anything.
    if matches!(operation.response, ResponseKind::Text | ResponseKind::Bytes) {
        steps.push(quote!(.header_param("accept", Some("*/*"))));
    }
    let (output, constructor) = output(model, operation);
    quote! {
        #doc
        #deprecated
        pub fn #name(&self, #(#args),*) -> #output {
            let request = crate::runtime::Request::new(reqwest::Method::#method, #path) #(#steps)*;
            #constructor
        }
    }
}

fn deprecated_attr(operation: &Operation) -> Option<TokenStream> {
    match (&operation.deprecation, operation.deprecated) {
        (Some(note), _) => Some(quote!(#[deprecated(note = #note)])),
        (None, true) => Some(quote!(#[deprecated])),
        (None, false) => None,
    }
}

/// The positional arguments of the path parameters and how each fills its `{name}`.
fn path_steps(model: &Model, operation: &Operation, args: &mut Vec<TokenStream>, steps: &mut Vec<TokenStream>) {
    for param in &operation.path_params {
        let arg = ident(&param.rust);
        let wire = &param.wire;
        if rust_type::is_enum(model, &param.ty) {
            let ty = rust_type::tokens(model, &param.ty);
            args.push(quote!(#arg: #ty));
            steps.push(quote!(.path_param(#wire, #arg.as_str())));
        } else if operation.slashed_path.contains(wire) {
            args.push(quote!(#arg: &str));
            steps.push(quote!(.path_param_keeping_slashes(#wire, #arg)));
        } else if matches!(param.ty, Type::String | Type::Uuid) {
            args.push(quote!(#arg: &str));
            steps.push(quote!(.path_param(#wire, #arg)));
        } else {
            let ty = rust_type::tokens(model, &param.ty);
            args.push(quote!(#arg: #ty));
            steps.push(quote!(.path_param(#wire, &#arg.to_string())));
        }
    }
}

/// Adds one query parameter from the params struct: an array once per value or joined.
fn query_step(operation: &Operation, param: &Field) -> TokenStream {
    let field = ident(&param.rust);
    let wire = &param.wire;
    match (&param.ty, param.required) {
        (Type::Array(_), _) if operation.joined_query.contains(wire) => quote!(.query_joined(#wire, &params.#field)),
        (Type::Array(_), _) => quote!(.query_each(#wire, &params.#field)),
        (_, true) => quote!(.query(#wire, Some(&params.#field))),
        (_, false) => quote!(.query(#wire, params.#field.as_ref())),
    }
}

/// The body argument and the step that sends it.
fn body_arg(model: &Model, operation: &Operation, body: &Type) -> (TokenStream, TokenStream) {
    if operation.body_bytes {
        let content_type = operation.content_type.as_deref().unwrap_or("application/octet-stream");
        let bytes = rust_type::std(model, "Vec");
        return if operation.body_optional {
            let arg = rust_type::option(model, quote!(#bytes<u8>));
            (quote!(body: #arg), quote!(.bytes_body(body, #content_type)))
        } else {
            (quote!(body: impl Into<#bytes<u8>>), quote!(.bytes_body(Some(body.into()), #content_type)))
        };
    }
    let ty = rust_type::borrowed(model, body);
    match (operation.body_optional, &operation.content_type) {
        (false, None) => (quote!(body: #ty), quote!(.body(body))),
        (optional, content_type) => {
            let content_type = content_type.as_deref().unwrap_or("application/json");
            let arg = if optional { rust_type::option(model, ty) } else { ty };
            let value = if optional { quote!(body) } else { quote!(Some(body)) };
            (quote!(body: #arg), quote!(.json_body_as(#value, #content_type)))
        }
    }
}

/// How the streams of a paginated operation ask for the next page, unless by number.
fn paging_step(operation: &Operation) -> Option<TokenStream> {
    match &operation.pagination {
        _ if !operation.paginated => None,
        Pagination::Page => None,
        Pagination::Cursor { param, cursor } => {
            Some(quote!(.paging(crate::runtime::Paging::Cursor { param: #param, cursor: &[#(#cursor),*] })))
        }
        Pagination::Offset { param, limit_param } => {
            Some(quote!(.paging(crate::runtime::Paging::Offset { param: #param, limit_param: #limit_param })))
        }
    }
}

/// The multipart body's argument and the step that encodes its parts.
fn form_arg(form: &Form) -> (TokenStream, TokenStream) {
    let name = ident(&form.struct_name);
    let parts = form.parts.iter().map(|(field, kind)| {
        let rust = ident(&field.rust);
        let wire = &field.wire;
        let value = if field.required { quote!(Some(&form.#rust)) } else { quote!(form.#rust.as_ref()) };
        match kind {
            PartKind::Text => quote!(.text(#wire, #value)),
            PartKind::Json => quote!(.json(#wire, #value)),
            PartKind::File => quote!(.files(#wire, #value)),
            PartKind::Files => quote!(.files(#wire, &form.#rust)),
        }
    });
    (quote!(form: &#name), quote!(.multipart_body(crate::runtime::multipart::Multipart::new() #(#parts)*)))
}

/// The struct of a multipart body's parts.
fn form_struct(model: &Model, resource: &Resource, operation: &Operation) -> Option<TokenStream> {
    let form = operation.form.as_ref()?;
    let name = ident(&form.struct_name);
    let doc = format!(" The parts of the multipart body of [`{}::{}`].", resource.type_name, operation.name);
    let fields = form.parts.iter().map(|(field, kind)| {
        let rust = ident(&field.rust);
        let ty = match kind {
            PartKind::Files => {
                let vec = rust_type::std(model, "Vec");
                quote!(#vec<crate::FilePart>)
            }
            PartKind::File => quote!(crate::FilePart),
            PartKind::Text | PartKind::Json => rust_type::tokens(model, &field.ty),
        };
        let ty = if field.required || *kind == PartKind::Files { ty } else { rust_type::option(model, ty) };
        let how = match kind {
            PartKind::Text => "Sent as a text part.",
            PartKind::Json => "Sent as an `application/json` part.",
            PartKind::File => "Sent as a file part.",
            PartKind::Files => "Sent as one file part per file, each under this part's name.",
        };
        let fallback = format!("The `{}` part.", field.wire);
        let doc = docs::attrs(Some(field.docs.as_deref().unwrap_or(&fallback)), &[how.to_owned()]);
        quote!(#doc pub #rust: #ty,)
    });
    Some(quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq)]
        pub struct #name {
            #(#fields)*
        }
    })
}

/// The call type an operation returns, and the expression that builds it from `request`.
fn output(model: &Model, operation: &Operation) -> (TokenStream, TokenStream) {
    if let (Type::Array(item), true) = (&operation.result, operation.paginated) {
        let item = rust_type::tokens(model, item);
        let constructor = match &operation.items_key {
            Some(key) => quote! {
                crate::Call::with_decoder(self.client, request, |response| crate::runtime::nested_page::<#item>(response, #key))
            },
            None => quote!(crate::Call::page(self.client, request)),
        };
        return (quote!(crate::Call<crate::Page<#item>>), constructor);
    }
    if let Some(results) = &operation.results_by_status {
        let name = ident(&results.enum_name);
        let default = ident(&naming::status_variant(operation.success));
        let arms = results.variants.iter().filter(|variant| variant.status != operation.success).map(|variant| {
            let status = proc_macro2::Literal::u16_unsuffixed(variant.status);
            let constructor = ident(&variant.variant);
            quote!(#status => crate::runtime::body::json_result_as(response, #name::#constructor),)
        });
        let decoder = quote! {
            |response| match response.status.as_u16() {
                #(#arms)*
                _ => crate::runtime::body::json_result_as(response, #name::#default),
            }
        };
        return (quote!(crate::Call<#name>), quote!(crate::Call::with_decoder(self.client, request, #decoder)));
    }
    let (result, decoder) = match operation.response {
        ResponseKind::Text => (rust_type::std(model, "String"), quote!(crate::runtime::body::text)),
        ResponseKind::Bytes => {
            let bytes = rust_type::std(model, "Vec");
            (quote!(#bytes<u8>), quote!(crate::runtime::body::bytes))
        }
        kind => {
            let mut result = rust_type::tokens(model, &operation.result);
            if operation.result_nullable {
                result = rust_type::option(model, result);
            }
            if kind == ResponseKind::Json {
                (result.clone(), quote!(crate::runtime::body::json::<#result>))
            } else {
                return (quote!(crate::Call<#result>), quote!(crate::Call::new(self.client, request)));
            }
        }
    };
    (quote!(crate::Call<#result>), quote!(crate::Call::with_decoder(self.client, request, #decoder)))
}

fn method_docs(model: &Model, operation: &Operation) -> TokenStream {
    let mut lines = docs::lines(operation.docs.as_deref().unwrap_or("Calls the API."));
    // Summaries are often titles ("Get a user"); as the first line of docs they read as sentences.
    if let Some(first) = lines.first_mut().filter(|line| docs::ends_in_a_word(line)) {
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
    if let Some(results) = &operation.results_by_status {
        lines.push(String::new());
        lines.push(format!("Returns a [`{}`]: a different result for each success status.", results.enum_name));
    }
    if let Some(note) = response_note(operation) {
        lines.push(String::new());
        lines.push(note.to_owned());
    }
    let mut arguments: Vec<String> = operation.path_params.iter().map(|param| argument_line(model, param)).collect();
    if let Some(params) = &operation.params_struct {
        let what = if operation.headers.is_empty() { "query" } else { "query and header" };
        arguments.push(format!("- `params`: the {what} parameters, see [`{params}`]."));
    }
    if operation.body.is_some() {
        arguments.push(body_line(operation));
    }
    if let Some(form) = &operation.form {
        arguments.push(format!("- `form`: the parts of the multipart body, see [`{}`].", form.struct_name));
    }
    if !arguments.is_empty() {
        lines.push(String::new());
        lines.push("# Arguments".to_owned());
        lines.push(String::new());
        lines.extend(arguments);
    }
    docs::doc_lines(&lines)
}

/// What the call returns, for responses that are not the envelope's `result`.
fn response_note(operation: &Operation) -> Option<&'static str> {
    match operation.response {
        ResponseKind::Envelope => None,
        ResponseKind::Json => Some("The response is plain JSON, without Cloudflare's envelope."),
        ResponseKind::Text => Some("Returns the response body as text."),
        ResponseKind::Bytes => Some(
            "Returns the response body as bytes; `.into_byte_stream()` on the returned call streams it instead of holding it whole.",
        ),
    }
}

fn body_line(operation: &Operation) -> String {
    let kind = if operation.body_bytes { "bytes" } else { "JSON" };
    let mut line = format!("- `body`: the {kind} request body");
    if let Some(content_type) = &operation.content_type {
        line.push_str(&format!(", sent as `{content_type}`"));
    }
    line.push_str(if operation.body_optional { "; `None` sends no body." } else { "." });
    line
}

fn argument_line(model: &Model, param: &Field) -> String {
    let schema_docs = match param.ty {
        Type::Named(id) => model.schema(id).docs.as_deref(),
        _ => None,
    };
    let summary =
        docs::summary(param.docs.as_deref().or(schema_docs)).unwrap_or_else(|| "the path parameter.".to_owned());
    format!("- `{}`: {summary}", param.rust)
}

/// The struct of an operation's query parameters.
fn params_struct(model: &Model, resource: &Resource, operation: &Operation) -> Option<TokenStream> {
    let name = ident(operation.params_struct.as_ref()?);
    let what = if operation.headers.is_empty() { "Query" } else { "Query and header" };
    let doc = format!(" {what} parameters of [`{}::{}`].", resource.type_name, operation.name);
    let query = operation.query.iter().map(|param| (param, "query parameter"));
    let fields = query.chain(operation.headers.iter().map(|param| (param, "header"))).map(|(param, kind)| {
        let rust = ident(&param.rust);
        let inner = rust_type::tokens(model, &param.ty);
        let mut notes = param.notes.clone();
        let ty = match &param.ty {
            Type::Array(_) => {
                let joined = operation.joined_query.contains(&param.wire);
                notes.push(array_note(&param.wire, joined));
                inner
            }
            _ if param.required => inner,
            _ => rust_type::option(model, inner),
        };
        let fallback = format!("The `{}` {kind}.", param.wire);
        let doc = docs::attrs(Some(param.docs.as_deref().unwrap_or(&fallback)), &notes);
        quote!(#doc pub #rust: #ty,)
    });
    let mut all = operation.query.iter().chain(&operation.headers);
    let default = all.all(|param| !param.required || matches!(param.ty, Type::Array(_))).then(|| quote!(Default,));
    // Header values may be credentials: a params struct with headers leaves them out of Debug.
    let (derive_debug, debug_impl) = if operation.headers.is_empty() {
        (Some(quote!(Debug,)), None)
    } else {
        (None, Some(debug_without_headers(operation, &name)))
    };
    Some(quote! {
        #[doc = #doc]
        #[derive(#derive_debug Clone, PartialEq, #default)]
        pub struct #name {
            #(#fields)*
        }

        #debug_impl
    })
}

/// `Debug` for a params struct that shows its query parameters and only the names of its
/// header parameters.
fn debug_without_headers(operation: &Operation, name: &proc_macro2::Ident) -> TokenStream {
    let spelled = name.to_string();
    let query = operation.query.iter().map(|param| {
        let field = ident(&param.rust);
        let spelled = param.rust.trim_start_matches("r#");
        quote!(.field(#spelled, &self.#field))
    });
    let headers = operation.headers.iter().map(|param| {
        let spelled = param.rust.trim_start_matches("r#");
        quote!(.field(#spelled, &format_args!("<hidden>")))
    });
    quote! {
        /// Shows the query parameters; header values are hidden, since a header may carry a
        /// credential.
        impl std::fmt::Debug for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(#spelled) #(#query)* #(#headers)* .finish()
            }
        }
    }
}

/// How an array query parameter goes over the wire.
fn array_note(wire: &str, joined: bool) -> String {
    if joined {
        format!("Sent once, the values joined by commas (`{wire}=a,b`); an empty list sends nothing.")
    } else {
        format!("Sent once per value (`{wire}=a&{wire}=b`); an empty list sends nothing.")
    }
}
