//! The generator of the Cloudflare Zero Trust client.
//!
//! The pipeline, one module per step:
//!
//! 1. [`spec`]: read the YAML files of `spec/` and parse them into raw structs.
//! 2. [`model`]: check them and resolve names and references into a model.
//! 3. `emit`: turn the model into token streams, one emitter per kind of item.
//! 4. [`format`]: pretty-print the tokens into source text, a file per thread on every core.
//! 5. [`output`]: write the files, or check that the files on disk are up to date.
//!
//! [`generate`] runs steps 1 to 4 and writes nothing; [`generate_each`] hands each file over
//! as soon as it is formatted, which [`output::regenerate`] writes (or compares) at once.
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
mod parallel;
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
///
/// It holds every file's text at once; [`generate_each`] hands them over one at a time.
pub fn generate(sources: &[SourceFile]) -> Result<Files, Error> {
    let mut files = Files::new();
    generate_each(sources, |path, text| {
        files.insert(path.to_owned(), text);
        Ok::<(), Error>(())
    })?;
    Ok(files)
}

/// Generates the client crate file by file: each file (its path relative to the crate root,
/// and its text) goes to `each` as soon as it is formatted, in path order, and is then
/// dropped, so the texts of the whole crate are never held together (nor their tokens: each
/// file's are built when it is formatted).
///
/// Files are built and formatted on every core at once when the spec is large (formatting
/// is most of the generator's time); `each` runs on the calling thread, in path order, so the output does
/// not depend on the number of threads.
///
/// The whole spec is checked before the first file is produced: a spec error means `each`
/// is never called. An error from `each` stops generation there.
pub fn generate_each<E: From<Error>>(
    sources: &[SourceFile],
    mut each: impl FnMut(&str, String) -> Result<(), E>,
) -> Result<(), E> {
    let model = check(sources).map_err(Error::Spec)?;
    let files: Vec<_> = emit::crate_files(&model).into_iter().collect();
    parallel::map_in_order(files, parallel::threads_for(sources), format_file, |(path, text)| {
        each(&path, text.map_err(Error::Internal)?)
    })
}

/// One file's text, header first.
fn format_file((path, output): (String, emit::Output<'_>)) -> (String, Result<String, String>) {
    let text = match output {
        emit::Output::Rust(tokens) => format::rust(&path, tokens()),
        emit::Output::Verbatim(text) => Ok(format::verbatim(text)),
        emit::Output::Text(text) => Ok(format::toml(&text)),
        emit::Output::Markdown(text) => Ok(format::markdown(&text)),
    };
    (path, text)
}
