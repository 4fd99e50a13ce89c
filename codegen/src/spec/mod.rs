//! Reading `spec/`: the files, their YAML, and positions inside them.

mod locate;
pub mod raw;

use std::path::Path;

use crate::diagnostics::{did_you_mean, Diagnostic, Diagnostics};

pub use locate::locate;

/// One YAML file of the spec, as read from disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// The file as the user named it, e.g. `spec/users.yaml`; used in diagnostics.
    pub name: String,
    /// The file's text.
    pub text: String,
}

impl SourceFile {
    /// A diagnostic at a place in this file given by its path in the document.
    pub fn error_at(&self, doc_path: &[&str], message: impl Into<String>) -> Diagnostic {
        let (line, column) = locate(&self.text, doc_path);
        self.error_at_position(line, column, message, Some(doc_path.join(".")))
    }

    fn error_at_position(&self, line: usize, column: usize, message: impl Into<String>, doc_path: Option<String>) -> Diagnostic {
        Diagnostic {
            file: self.name.clone(),
            line,
            column,
            message: message.into(),
            doc_path: doc_path.filter(|path| !path.is_empty()),
            hint: None,
            source_line: self.text.lines().nth(line.saturating_sub(1)).map(str::to_owned),
        }
    }
}

/// Reads every `*.yaml` file of `dir`, in name order.
pub fn read_dir(dir: &Path) -> std::io::Result<Vec<SourceFile>> {
    let mut paths = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.extension().is_some_and(|ext| ext == "yaml" || ext == "yml") && path.is_file() {
            paths.push(path);
        }
    }
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path)?;
            Ok(SourceFile { name: path.display().to_string().replace('\\', "/"), text })
        })
        .collect()
}

/// Parses every file, collecting the syntax and shape errors of all of them.
pub fn parse(sources: &[SourceFile]) -> Result<Vec<raw::File>, Diagnostics> {
    let mut diagnostics = Diagnostics::default();
    let mut files = Vec::with_capacity(sources.len());
    for source in sources {
        // An empty file is a valid, empty spec file; serde_yaml would call it a type error.
        if source.text.trim().is_empty() {
            files.push(raw::File::default());
            continue;
        }
        match serde_yaml::from_str::<raw::File>(&source.text) {
            Ok(file) => files.push(file),
            Err(error) => diagnostics.push(yaml_diagnostic(source, &error)),
        }
    }
    if diagnostics.is_empty() {
        Ok(files)
    } else {
        Err(diagnostics)
    }
}

/// Turns a serde_yaml error into a diagnostic: its position, its document path and,
/// for an unknown key, the closest expected key.
fn yaml_diagnostic(source: &SourceFile, error: &serde_yaml::Error) -> Diagnostic {
    let (line, column) = error.location().map_or((1, 1), |location| (location.line(), location.column()));
    let full = error.to_string();
    // serde_yaml appends " at line L column C"; the position is shown separately.
    let without_position = match full.rfind(" at line ") {
        Some(index) => &full[..index],
        None => &full,
    };
    // It also prefixes the document path ("resources.x.operations: ..."), which we show on its own line.
    let (doc_path, message) = match without_position.split_once(": ") {
        Some((path, rest)) if !path.contains(' ') && !path.is_empty() => (Some(path.to_owned()), rest.to_owned()),
        _ => (None, without_position.to_owned()),
    };
    let mut diagnostic = source.error_at_position(line, column, message.clone(), doc_path);
    diagnostic.hint = unknown_key_hint(&message);
    diagnostic
}

/// For "unknown field `tpye`, expected one of `ref`, `type`", suggests `type`.
fn unknown_key_hint(message: &str) -> Option<String> {
    let rest = message.strip_prefix("unknown field `")?;
    let (unknown, expected) = rest.split_once('`')?;
    let candidates: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    did_you_mean(unknown, candidates.iter().copied()).map(|best| format!("did you mean `{best}`?"))
}
