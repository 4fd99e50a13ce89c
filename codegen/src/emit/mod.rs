//! From the model to the generated crate's files, as token streams or text.

mod api_reference;
mod crate_files;
mod docs;
mod features;
mod resources;
mod runtime;
mod rust_type;
mod tests;
mod types;

use std::collections::BTreeMap;

use proc_macro2::TokenStream;

use crate::model::Model;

/// One file of the generated crate before formatting.
pub enum Output<'a> {
    /// Rust source, formatted by prettyplease; its tokens are built when asked for.
    Rust(Lazy<'a>),
    /// Hand-written Rust (the runtime), copied as it is.
    Verbatim(&'static str),
    /// Any other text (`Cargo.toml`).
    Text(String),
    /// Markdown (`api.md`).
    Markdown(String),
}

/// A file's tokens, built when called: only the files being formatted have their tokens in
/// memory. `Send`, so that files are built and formatted on several threads at once.
pub type Lazy<'a> = Box<dyn FnOnce() -> TokenStream + Send + 'a>;

/// Every file of the generated crate, keyed by its path inside the crate.
pub fn crate_files(model: &Model) -> BTreeMap<String, Output<'_>> {
    let mut files = BTreeMap::new();
    files.insert("Cargo.toml".to_owned(), Output::Text(crate_files::cargo_toml(model)));
    files.insert("api.md".to_owned(), Output::Markdown(api_reference::markdown(model)));
    files.insert("src/lib.rs".to_owned(), Output::Rust(Box::new(|| crate_files::lib_rs(model))));
    files.insert("src/settings.rs".to_owned(), Output::Rust(Box::new(|| crate_files::settings_rs(model))));
    files.insert("src/auth.rs".to_owned(), Output::Rust(Box::new(|| crate_files::auth_rs(model))));
    files.insert("src/envelope.rs".to_owned(), Output::Rust(Box::new(|| crate_files::envelope_rs(model))));
    for (path, tokens) in types::files(model) {
        files.insert(path, Output::Rust(tokens));
    }
    for (path, tokens) in resources::files(model) {
        files.insert(path, Output::Rust(tokens));
    }
    files.extend(tests::files(model));
    for (path, text) in runtime::FILES {
        files.insert(format!("src/runtime/{path}"), Output::Verbatim(text));
    }
    files
}
