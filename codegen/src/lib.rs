//! The generator of the Cloudflare Zero Trust client.
//!
//! The pipeline, one module per step:
//!
//! 1. [`spec`]: read the YAML files of `spec/` and parse them into raw structs.
//! 2. [`model`]: check them and resolve names and references into a model.
//! 3. `emit`: turn the model into token streams, one emitter per kind of item.
//! 4. [`format`]: pretty-print the tokens into source text.
//! 5. [`output`]: write the files, or check that the files on disk are up to date.
//!
//! [`generate`] runs steps 1 to 4 and writes nothing.
//!
//! Before step 1, [`import`] writes `spec/` from Cloudflare's published OpenAPI description
//! and a small overlay (`cargo xtask import`).

pub mod diagnostics;
mod emit;
pub mod format;
pub mod import;
pub mod model;
mod naming;
pub mod output;
pub mod spec;

use std::collections::BTreeMap;
use std::fmt;

pub use diagnostics::{Diagnostic, Diagnostics};
pub use spec::SourceFile;

/// Why generation failed.
#[derive(Debug)]
pub enum Error {
    /// The spec has problems; every one of them is listed.
    Spec(Diagnostics),
    /// An emitter produced code that does not parse: a bug in the generator.
    Internal(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Spec(diagnostics) => diagnostics.fmt(f),
            Error::Internal(message) => write!(f, "internal error (a generator bug): {message}"),
        }
    }
}

impl std::error::Error for Error {}

/// The generated crate: file path (relative to the crate root) -> file text.
pub type Files = BTreeMap<String, String>;

/// Checks the spec files without generating anything.
pub fn check(sources: &[SourceFile]) -> Result<model::Model, Diagnostics> {
    model::build(sources, &spec::parse(sources))
}

/// Generates the client crate from the spec files. Pure: it reads and writes nothing.
pub fn generate(sources: &[SourceFile]) -> Result<Files, Error> {
    let model = check(sources).map_err(Error::Spec)?;
    emit::crate_files(&model)
        .into_iter()
        .map(|(path, output)| {
            let text = match output {
                emit::Output::Rust(tokens) => format::rust(&path, tokens).map_err(Error::Internal)?,
                emit::Output::Verbatim(text) => format::verbatim(text),
                emit::Output::Text(text) => format::toml(&text),
            };
            Ok((path, text))
        })
        .collect()
}
