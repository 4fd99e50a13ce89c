//! The importer: Cloudflare's published OpenAPI description plus the overlay become spec/.
//!
//! The stage before the generator, one small pass per module:
//!
//! 1. [`load`]: gunzip and parse the description (with line and column on bad JSON);
//! 2. [`tree`]: place each operation in the client tree (SDK hints, else the path);
//! 3. [`operations`] and [`schema`]: lower parameters, bodies, results and schemas, resolving
//!    `$ref` (siblings honoured), merging `allOf`, naming inline types, inlining aliases;
//! 4. [`lower`]: the one place per construct the format cannot carry yet;
//! 5. the overlay ([`overlay`]) corrects placement, names and quirks;
//! 6. [`layout`] sorts resources and schemas into files; [`out`] writes them;
//! 7. [`report`]: each operation exact, lowered or skipped.

mod doc;
pub mod error;
mod exchange;
pub mod files;
mod layout;
mod load;
mod lower;
mod names;
mod operations;
pub mod overlay;
pub mod report;
mod schema;
mod selection;
mod cut;
mod tree;
mod out;

use std::collections::{BTreeMap, BTreeSet};

pub use error::{Problem, Problems};
use overlay::Overlay;
use report::{Report, Status};

/// How much of the description to import.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Every operation, not only the overlay's `select` (for measuring the whole document).
    pub all: bool,
}

/// The spec files (name -> text), the report, and the cut of the description for Prism (its
/// file, relative to the overlay's directory, and text), when the overlay asks for one.
pub struct Imported {
    pub files: BTreeMap<String, String>,
    pub report: Report,
    pub cut: Option<(String, String)>,
}

/// One imported operation, placed in the tree.
struct Placed {
    resource: String,
    name: String,
    operation: out::Operation,
}

/// Imports the description with the overlay. Pure: reads and writes nothing.
pub fn import(description: (&str, &[u8]), overlay: (&str, &str), options: Options) -> Result<Imported, Problems> {
    let doc = doc::Doc { root: load::document(description.0, description.1)? };
    let overlay = Overlay::parse(overlay.0, overlay.1)?;
    let mut session = Session::new(&doc, &overlay, options);
    let selected: BTreeSet<&str> = overlay.select.iter().map(String::as_str).collect();
    let mut found = BTreeSet::new();
    let mut rules = selection::RuleUse::default();
    for (path, method, node) in doc.operations() {
        let key = format!("{method} {path}");
        let by_rule = rules.record(&overlay.select_by, &key, &path, node);
        if options.all || by_rule || selected.contains(key.as_str()) {
            found.insert(key.clone());
            session.operation(&doc, key, &path, &method, node);
        }
    }
    let Session { lowerer, mut problems, report, mut placed, .. } = session;
    if !options.all {
        problems.extend(rules.problems(&overlay.select_by, &selected));
        problems.extend(stale_entries(&overlay, &selected, &found, &lowerer.renamed));
        problems.extend(unused_parameter_docs(&overlay, &placed));
    }
    let mut schemas = lowerer.schemas;
    schema::dedup::merge(&mut schemas, placed.iter_mut().map(|placed| &mut placed.operation), &overlay);
    problems.extend(layout::apply_field_fixes(&overlay, &mut schemas, options.all));
    if !problems.is_empty() {
        return Err(Problems::sorted(problems));
    }
    let files = layout::files(&overlay, placed, &schemas)
        .map_err(|error| Problems::one("spec/", format!("cannot write YAML: {error}")))?;
    let cut = match (&overlay.cut, options.all) {
        (Some(name), false) => {
            let imported = report.operations.iter().filter(|(_, (_, status))| !matches!(status, Status::Skipped(_)));
            let keys: BTreeSet<String> = imported.map(|(key, _)| key.clone()).collect();
            for key in overlay.prism_known_failures.keys().filter(|key| !keys.contains(*key)) {
                problems.push(Problem::new(format!("overlay: prism_known_failures: {key}"), "not an imported operation"));
            }
            if !problems.is_empty() {
                return Err(Problems::sorted(problems));
            }
            let text = cut::cut(&doc, &keys, &overlay.prism_known_failures).map_err(|error| Problems::one("overlay: cut", format!("cannot write JSON: {error}")))?;
            Some((name.clone(), text))
        }
        _ => None,
    };
    Ok(Imported { files, report, cut })
}

/// The state of one import: what was placed, reported and found wrong so far.
struct Session<'d> {
    overlay: &'d Overlay,
    options: Options,
    lowerer: schema::Lowerer<'d>,
    problems: Vec<Problem>,
    report: Report,
    placed: Vec<Placed>,
    /// (resource, method) -> the operation that took it.
    taken: BTreeMap<(String, String), String>,
}

impl<'d> Session<'d> {
    fn new(doc: &'d doc::Doc, overlay: &'d Overlay, options: Options) -> Self {
        let mut lowerer = schema::Lowerer::new(doc, &overlay.renames);
        lowerer.reserved = overlay.schemas.keys().cloned().collect();
        lowerer.component_prefixes.clone_from(&overlay.component_prefixes);
        Session {
            overlay,
            options,
            lowerer,
            problems: Vec::new(),
            report: Report::default(),
            placed: Vec::new(),
            taken: BTreeMap::new(),
        }
    }

    /// Lowers, places and reports one operation.
    fn operation(&mut self, doc: &doc::Doc, key: String, path: &str, method: &str, node: &serde_yaml::Value) {
        let item = doc.root.get("paths").and_then(|paths| paths.get(path)).unwrap_or(node);
        let (hint_resource, hint_name) = tree::place(path, method, node);
        let (resource, name) = placement(self.overlay, &key, &hint_resource, &hint_name);
        let site = operations::Site {
            path,
            method,
            item,
            node,
            pointer: doc::child(&doc::child("#/paths", path), &method.to_ascii_lowercase()),
            // Inline types are named after the SDK hint's place, not the overlay's, so that
            // moving or renaming an operation in the overlay renames no type.
            hint: self.overlay.inline_names_prefix(&hint_resource, &hint_name),
            parameter_docs: &self.overlay.parameter_docs,
        };
        let place = format!("{resource}.{name}");
        self.lowerer.begin();
        let mut operation = match operations::lower_operation(doc, &mut self.lowerer, &site) {
            Ok(operations::Outcome::Imported(operation)) => operation,
            Ok(operations::Outcome::Skipped(reason)) => {
                let at = site.pointer.clone();
                return self.skip(key, place, at, format!("selected, but cannot be imported: {reason}"), reason);
            }
            Err(problem) => return self.skip(key, place, problem.at.clone(), problem.message.clone(), problem.to_string()),
        };
        if let Some(missing) = layout::missing_schema(&self.lowerer, &operation) {
            let reason = format!("refers to schema `{missing}`, which failed to import (a recursive schema)");
            return self.skip(key, place, site.pointer, reason.clone(), reason);
        }
        let (resource, name, place) = self.free_place(&key, path, method, resource, name, place);
        if let Some(earlier) = self.taken.get(&(resource.clone(), name.clone())) {
            let reason = format!("name collision: `{place}` is also {earlier}; name one in the overlay's `operations`");
            return self.skip(key.clone(), place, format!("overlay: operations: {key}"), reason.clone(), reason);
        }
        self.taken.insert((resource.clone(), name.clone()), key.clone());
        if let Some(result) = self.overlay.operations.get(&key).and_then(|fix| fix.result.as_ref()) {
            match serde_yaml::from_value::<out::Type>(result.clone()) {
                Ok(result) => operation.result = result,
                Err(error) => self.problems.push(Problem::new(format!("overlay: operations: {key}: result"), error.to_string())),
            }
        }
        if let Some(body) = self.overlay.operations.get(&key).and_then(|fix| fix.body.as_ref()) {
            match serde_yaml::from_value::<out::Type>(body.clone()) {
                Ok(body) => operation.body = Some(body),
                Err(error) => self.problems.push(Problem::new(format!("overlay: operations: {key}: body"), error.to_string())),
            }
        }
        if let Some(optional) = self.overlay.operations.get(&key).and_then(|fix| fix.body_optional) {
            operation.body_optional = optional && operation.body.is_some();
        }
        let mut notes = self.lowerer.take_notes();
        notes.extend(layout::reachable_notes(&self.lowerer.schemas, &operation));
        notes.sort();
        notes.dedup();
        let status = if notes.is_empty() { Status::Exact } else { Status::Lowered(notes) };
        self.report.add(key, place, status);
        self.placed.push(Placed { resource, name, operation: *operation });
    }

    /// With `--all` (no overlay entry can name every operation), an operation whose hinted
    /// place is taken takes the place its path gives, when that one is free; selected
    /// operations keep the collision, a diagnostic the overlay resolves.
    fn free_place(
        &self,
        key: &str,
        path: &str,
        method: &str,
        resource: String,
        name: String,
        place: String,
    ) -> (String, String, String) {
        if !self.options.all || !self.taken.contains_key(&(resource.clone(), name.clone())) {
            return (resource, name, place);
        }
        let (by_path, verb) = tree::by_path(path, method);
        let (other, other_name) = placement(self.overlay, key, &by_path, &verb);
        if self.taken.contains_key(&(other.clone(), other_name.clone())) {
            return (resource, name, place);
        }
        let place = format!("{other}.{other_name}");
        (other, other_name, place)
    }

    /// An operation that cannot be imported: reported as skipped with `why`; a problem at
    /// `at` saying `message` too, unless importing everything (then skipping is expected).
    fn skip(&mut self, key: String, place: String, at: String, message: String, why: String) {
        if !self.options.all {
            self.problems.push(Problem::new(at, message));
        }
        self.report.add(key, place, Status::Skipped(why));
    }
}

/// The resource and method of an operation after the overlay's corrections and moves.
fn placement(overlay: &Overlay, key: &str, resource: &str, name: &str) -> (String, String) {
    let fix = overlay.operations.get(key);
    let resource = fix.and_then(|fix| fix.resource.clone()).unwrap_or_else(|| overlay.moved(resource));
    let name = fix.and_then(|fix| fix.name.clone()).unwrap_or_else(|| name.to_owned());
    (resource, name)
}

/// Overlay entries that match nothing: a stale overlay is reported, never ignored.
fn stale_entries(
    overlay: &Overlay,
    selected: &BTreeSet<&str>,
    found: &BTreeSet<String>,
    renamed: &BTreeSet<String>,
) -> Vec<Problem> {
    let mut problems = Vec::new();
    for key in selected.iter().filter(|key| !found.contains(**key)) {
        problems.push(Problem::new(format!("overlay: select: {key}"), "no such operation in the description"));
    }
    for key in overlay.operations.keys().filter(|key| !found.contains(*key)) {
        problems.push(Problem::new(format!("overlay: operations: {key}"), "not a selected operation"));
    }
    for name in overlay.renames.keys().filter(|name| !renamed.contains(*name)) {
        problems.push(Problem::new(format!("overlay: renames: {name}"), "no imported schema has this name"));
    }
    problems
}

/// `parameter_docs` entries no imported parameter is called.
fn unused_parameter_docs(overlay: &Overlay, placed: &[Placed]) -> Vec<Problem> {
    let names: BTreeSet<&str> = placed
        .iter()
        .flat_map(|placed| {
            let operation = &placed.operation;
            operation.path_params.keys().chain(operation.query.keys()).chain(operation.headers.keys())
        })
        .map(String::as_str)
        .collect();
    let unused = overlay.parameter_docs.keys().filter(|name| !names.contains(name.as_str()));
    unused.map(|name| Problem::new(format!("overlay: parameter_docs: {name}"), "no imported parameter has this name")).collect()
}
