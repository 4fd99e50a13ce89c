//! Reading `spec/`: the files, their YAML, and positions inside them.

mod locate;
pub mod raw;
mod recover;
mod tree;

use std::path::Path;

use serde::Deserialize;
use serde_yaml::Value;

use crate::diagnostics::{did_you_mean_hint, Diagnostic, Diagnostics};

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

    /// Like [`error_at`](Self::error_at), but when the entry at `doc_path` has a plain scalar
    /// value on its line (`method: get`), the caret points at the value, which is what is wrong.
    pub fn error_at_value(&self, doc_path: &[&str], message: impl Into<String>) -> Diagnostic {
        let (line, column) = locate(&self.text, doc_path);
        let column = self
            .text
            .lines()
            .nth(line - 1)
            .and_then(|text| locate::scalar_value_column(text, column))
            .unwrap_or(column);
        self.error_at_position(line, column, message, Some(doc_path.join(".")))
    }

    fn error_at_position(
        &self,
        line: usize,
        column: usize,
        message: impl Into<String>,
        doc_path: Option<String>,
    ) -> Diagnostic {
        Diagnostic {
            file: self.name.clone(),
            line,
            column,
            message: message.into(),
            doc_path: doc_path.filter(|path| !path.is_empty()),
            hint: None,
            note: None,
            source_line: self.text.lines().nth(line.saturating_sub(1)).map(str::to_owned),
        }
    }
}

/// Reads every `*.yaml` file of `dir`, in name order.
///
/// A directory with no such file is an error: it is not a spec, most likely the wrong directory.
pub fn read_dir(dir: &Path) -> std::io::Result<Vec<SourceFile>> {
    let mut paths = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.extension().is_some_and(|ext| ext == "yaml" || ext == "yml") && path.is_file() {
            paths.push(path);
        }
    }
    paths.sort();
    if paths.is_empty() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            "no `*.yaml` files: this is not a spec directory",
        ));
    }
    paths
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path)?;
            Ok(SourceFile { name: path.display().to_string().replace('\\', "/"), text })
        })
        .collect()
}

/// A spec file as far as it could be read, and what reading it found.
#[derive(Debug, Default)]
pub struct Loaded {
    /// The file's content; for a broken file, the parts that could be read.
    pub file: raw::File,
    /// Syntax and shape errors of the file, and duplicate keys.
    pub diagnostics: Diagnostics,
    /// Document paths cut out of a broken file. A semantic problem at a node containing a cut
    /// is a consequence of the shape error there, and is not reported again.
    pub cuts: Vec<Vec<String>>,
    /// False when the file may define schemas whose names are not known (its `schemas`
    /// section could not be read at all): no reference is then reported as unknown.
    pub complete: bool,
    /// Every schema name the file declares, including those that could not be read.
    pub declared_schemas: Vec<String>,
    /// Whether the file has an `api` section, readable or not.
    pub declares_api: bool,
}

/// Reads every file as far as it can, collecting the syntax and shape errors of all of them.
///
/// It never fails: each file carries its own problems, so that the semantic checks still run
/// on every file (and on the readable parts of a broken one) and all problems are reported
/// together. The `Result` is kept for callers that stop at reading problems.
pub fn parse(sources: &[SourceFile]) -> Vec<Loaded> {
    // The files are independent: read on every core, kept in the order given.
    let mut loaded = Vec::with_capacity(sources.len());
    let collected = crate::parallel::map_in_order(sources.iter().collect(), crate::parallel::threads_for(sources), load, |file| {
        loaded.push(file);
        Ok::<(), std::convert::Infallible>(())
    });
    let Ok(()) = collected;
    loaded
}

/// Reads one file: a forgiving read for syntax errors and duplicate keys, then the typed
/// read, and when that fails, a recovering read that finds every shape error.
fn load(source: &SourceFile) -> Loaded {
    let mut loaded = Loaded { complete: true, ..Loaded::default() };
    let tree = match tree::read(&source.text) {
        Ok(tree) => tree,
        Err(error) => {
            let mut diagnostic = yaml_diagnostic(source, &error);
            diagnostic.note = Some("nothing after this point in the file was checked; fix it and run again".into());
            loaded.diagnostics.push(diagnostic);
            // What the file declares is still plain to see in block-style YAML: knowing its
            // schema names keeps references to them from being reported as unknown.
            match tree::declared_schemas(&source.text) {
                Some(names) => loaded.declared_schemas = names,
                None => loaded.complete = false,
            }
            loaded.declares_api = source.text.lines().any(|line| line.starts_with("api:"));
            return loaded;
        }
    };
    if let Value::Mapping(top) = &tree.value {
        loaded.declares_api = top.contains_key("api");
        // `api:` with nothing under it reads as no section at all: say what is wrong.
        if top.get("api").is_some_and(Value::is_null) {
            let mut diagnostic = source.error_at(&["api"], "the `api` section is empty");
            diagnostic.hint =
                Some("give the settings of the whole API here: name, version, title, base_url, auth, ...".into());
            loaded.diagnostics.push(diagnostic);
        }
        if let Some(Value::Mapping(schemas)) = top.get("schemas") {
            loaded.declared_schemas = schemas.keys().map(tree::key_text).collect();
        }
    }
    for duplicate in &tree.duplicates {
        loaded.diagnostics.push(duplicate_diagnostic(source, duplicate));
    }
    // An empty file (or one of comments only) is a valid, empty spec file.
    if tree.value.is_null() {
        return loaded;
    }
    let (normalized, exact) = tree::normalize_exact(tree.value);
    let typed = typed_read(source, &normalized, exact && !tree.tagged);
    match typed {
        Ok(file) if tree.duplicates.is_empty() => loaded.file = file,
        typed => {
            let recovered = recover::recover(normalized);
            for (path, message) in &recovered.errors {
                loaded.diagnostics.push(shape_diagnostic(source, path, message));
            }
            if let (Err(error), true) = (&typed, recovered.errors.is_empty() && tree.duplicates.is_empty()) {
                // The typed read found an error the tree's read did not: report it as it is.
                loaded.diagnostics.push(yaml_diagnostic(source, error));
            }
            loaded.file = recovered.file;
            loaded.cuts = recovered.cuts;
            loaded.complete = recovered.complete;
        }
    }
    loaded
}

/// The typed read of a file. The tree already holds the whole file, so when it stands for
/// the text exactly, it is read instead of parsing the YAML a second time; otherwise (a tag,
/// or a number where a string goes) the text is read, as it is what the maintainer wrote.
fn typed_read(source: &SourceFile, normalized: &Value, exact: bool) -> Result<raw::File, serde_yaml::Error> {
    if exact {
        if let Ok(file) = raw::File::deserialize(normalized) {
            return Ok(file);
        }
    }
    // A failed read of the tree is read again from the text, for an error with a position.
    serde_yaml::from_str(&source.text)
}

fn duplicate_diagnostic(source: &SourceFile, duplicate: &tree::Duplicate) -> Diagnostic {
    let keys: Vec<&str> = duplicate.path.iter().map(String::as_str).collect();
    let (line, column) = locate::locate_nth(&source.text, &keys, duplicate.occurrence);
    let (first_line, _) = locate::locate_nth(&source.text, &keys, 0);
    let key = keys.last().copied().unwrap_or_default();
    let message = format!("duplicate key `{key}`: it is already given on line {first_line}");
    let mut diagnostic = source.error_at_position(line, column, message, Some(keys.join(".")));
    diagnostic.hint = Some("YAML keeps only one of the two; remove or rename one".into());
    diagnostic
}

/// A shape error found by the recovering read, placed by its path in the document.
fn shape_diagnostic(source: &SourceFile, path: &[String], message: &str) -> Diagnostic {
    let keys: Vec<&str> = path.iter().map(String::as_str).collect();
    let mut diagnostic = if message.starts_with("invalid ") {
        source.error_at_value(&keys, plain_message(message))
    } else {
        source.error_at(&keys, plain_message(message))
    };
    diagnostic.hint = unknown_key_hint(message);
    diagnostic
}

/// Turns a serde_yaml error into a diagnostic: its position, its document path and,
/// for an unknown key, the closest expected key.
fn yaml_diagnostic(source: &SourceFile, error: &serde_yaml::Error) -> Diagnostic {
    let (line, column) = error.location().map_or((1, 1), |location| (location.line(), location.column()));
    let (line, column) = clamp_to_text(&source.text, line, column);
    let full = error.to_string();
    // serde_yaml prefixes the document path ("resources.x.operations: ..."), shown on its own line.
    let (doc_path, message) = match full.split_once(": ") {
        Some((path, rest)) if !path.contains(' ') && !path.is_empty() => (Some(path.to_owned()), rest.to_owned()),
        _ => (None, full.clone()),
    };
    let message = syntax_message(&message);
    let mut diagnostic = source.error_at_position(line, column, plain_message(&message), doc_path);
    diagnostic.hint = unknown_key_hint(&message);
    diagnostic
}

/// A position past the end of the text (an error at the end of the file) moves to just after
/// its last character, so the caret has a line to point into.
fn clamp_to_text(text: &str, line: usize, column: usize) -> (usize, usize) {
    let lines: Vec<&str> = text.lines().collect();
    match lines.iter().rposition(|line| !line.trim().is_empty()) {
        Some(last) if line > last + 1 => (last + 1, lines[last].chars().count() + 1),
        _ => (line, column),
    }
}

/// serde_yaml's positions are part of its messages ("... at line 3 column 5, while parsing
/// a flow mapping at line 2 column 9"); the position is shown separately, and the context
/// reads better as where the enclosing construct starts.
fn syntax_message(message: &str) -> String {
    let (problem, context) = match message.split_once(", while parsing ") {
        Some((problem, context)) => (problem, Some(context)),
        None => (message, None),
    };
    let problem = strip_position(problem);
    match context.map(|context| context.split_once(" at line ")) {
        Some(Some((what, position))) => {
            let start_line = position.split(' ').next().unwrap_or_default();
            format!("{problem} (in {what} that starts on line {start_line})")
        }
        Some(None) => format!("{problem}, while parsing {}", context.unwrap_or_default()),
        None => problem.to_owned(),
    }
}

fn strip_position(text: &str) -> &str {
    match text.rfind(" at line ") {
        Some(index) if text[index + 9..].split(' ').nth(1) == Some("column") => &text[..index],
        _ => text,
    }
}

/// serde's wording names the generator's Rust structs ("invalid type: sequence, expected
/// struct Operation"); say what the YAML should look like, and what it is instead.
fn plain_message(message: &str) -> String {
    // serde says "field"; in YAML it is a key.
    for (serde, yaml) in [
        ("unknown field `", "unknown key `"),
        ("missing field `", "missing key `"),
        ("duplicate field `", "duplicate key `"),
    ] {
        if let Some(rest) = message.strip_prefix(serde) {
            return format!("{yaml}{rest}");
        }
    }
    let (found, expected) = match message.split_once(", expected ") {
        Some((problem, expected))
            if problem.starts_with("invalid type: ") || problem.starts_with("invalid value: ") =>
        {
            (problem.split_once(": ").map_or(problem, |(_, found)| found), expected)
        }
        _ => return message.to_owned(),
    };
    let expected = match expected.strip_prefix("struct ") {
        Some(name) => STRUCTS.iter().find(|(rust, _)| *rust == name).map_or(expected, |(_, yaml)| yaml),
        None if expected == "u16" => "an HTTP status code (a number)",
        None => expected,
    };
    format!("expected {expected}, found {}", found_phrase(found))
}

/// What each raw struct is, in the terms of the spec format.
const STRUCTS: &[(&str, &str)] = &[
    ("File", "a map of `api`, `resources` and `schemas`"),
    ("Api", "a map of API settings"),
    ("Auth", "a map with `name`, `docs` and `headers`"),
    ("AuthHeader", "a map with `header` and `field`"),
    ("Envelope", "a map with `error_item` and `result_info`"),
    ("Resource", "a map with `docs` and `operations`"),
    ("Operation", "a map with `method`, `path`, `success` and `result`"),
    ("Schema", "a map with `docs` and one of `fields`, `enum` or `union`"),
    ("Type", "a type: a map with `type: <kind>` or `ref: <Schema>`"),
];

/// serde's name for what it found ("sequence", "string \"x\"") as a phrase.
fn found_phrase(found: &str) -> String {
    match found {
        "sequence" => "a list".to_owned(),
        "map" => "a map".to_owned(),
        "unit value" => "nothing (an empty value)".to_owned(),
        other => match other.split_once(' ') {
            Some(("floating", rest)) => format!("the number {}", rest.trim_start_matches("point ")),
            Some((kind, value)) => format!("the {kind} {value}"),
            None => format!("a {other}"),
        },
    }
}

/// For "unknown field `tpye`, expected one of `ref`, `type`", suggests `type`.
fn unknown_key_hint(message: &str) -> Option<String> {
    let rest = message.strip_prefix("unknown field `")?;
    let (unknown, expected) = rest.split_once('`')?;
    let candidates: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    did_you_mean_hint(unknown, candidates.iter().copied())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(name: &str, text: &str) -> SourceFile {
        SourceFile { name: name.to_owned(), text: text.to_owned() }
    }

    /// The one read of a file (its tree, read as the typed structs) gives what the typed read
    /// of its text gives, for every file of spec/ and of the fixtures.
    #[test]
    fn the_tree_reads_like_the_text_for_every_spec_file() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut dirs = vec![root.join("spec")];
        for fixtures in ["tests/fixtures/specs", "tests/fixtures/invalid"] {
            for entry in std::fs::read_dir(root.join(fixtures)).unwrap() {
                dirs.push(entry.unwrap().path());
            }
        }
        let mut read_once = 0;
        for dir in dirs.iter().filter(|dir| dir.is_dir()) {
            for source in read_dir(dir).unwrap_or_default() {
                let Ok(tree) = tree::read(&source.text) else { continue };
                let (normalized, exact) = tree::normalize_exact(tree.value);
                let Ok(from_tree) = raw::File::deserialize(&normalized) else { continue };
                // Of duplicate keys the tree keeps the first, the text read the last: such a
                // file is read by the recovering read, which reports the duplicates.
                if !exact || tree.tagged || !tree.duplicates.is_empty() {
                    continue;
                }
                let from_text = serde_yaml::from_str::<raw::File>(&source.text);
                let from_text = from_text.unwrap_or_else(|error| panic!("{}: {error}", source.name));
                assert_eq!(format!("{from_tree:?}"), format!("{from_text:?}"), "{}", source.name);
                read_once += 1;
            }
        }
        assert!(read_once > 20, "only {read_once} files were read once");
    }

    /// A number where a string goes keeps the spelling of the text: `1.10` is not `1.1`.
    #[test]
    fn a_number_in_a_string_position_keeps_its_spelling() {
        let text = "resources:\n  a:\n    docs: 1.10\n  b:\n    docs: True\n";
        let loaded = load(&source("spec/a.yaml", text));
        assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
        assert_eq!(loaded.file.resources["a"].docs.as_deref(), Some("1.10"));
        assert_eq!(loaded.file.resources["b"].docs.as_deref(), Some("True"));
    }
}
