//! Which file each resource and schema goes to, the overlay's field fixes, and the texts.

use std::collections::{BTreeMap, BTreeSet};

use super::error::Problem;
use super::out::{self, Type};
use super::overlay::Overlay;
use super::schema::Named;
use super::Placed;

/// The file holding `api`, the overlay's schemas and schemas shared by several files.
const API_FILE: &str = "api";

/// The named schemas a type refers to, directly.
fn refs<'t>(written: &'t Type, into: &mut Vec<&'t str>) {
    if let Some(name) = &written.reference {
        into.push(name);
    }
    for inner in [&written.items, &written.values].into_iter().flatten() {
        refs(inner, into);
    }
}

fn schema_refs(named: &Named) -> Vec<&str> {
    let mut into = Vec::new();
    named.schema.types().for_each(|written| refs(written, &mut into));
    into
}

fn operation_refs(operation: &out::Operation) -> Vec<&str> {
    let mut into = Vec::new();
    operation.types().for_each(|written| refs(written, &mut into));
    into
}

/// Every schema reachable from `roots`.
fn reachable(schemas: &BTreeMap<String, Named>, roots: Vec<&str>) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut pending: Vec<String> = roots.into_iter().map(str::to_owned).collect();
    while let Some(name) = pending.pop() {
        if !seen.insert(name.clone()) {
            continue;
        }
        if let Some(named) = schemas.get(&name) {
            pending.extend(schema_refs(named).into_iter().map(str::to_owned));
        }
    }
    seen
}

/// A schema the operation reaches that does not exist (a recursive schema that failed).
pub fn missing_schema(lowerer: &super::schema::Lowerer<'_>, operation: &out::Operation) -> Option<String> {
    reachable(&lowerer.schemas, operation_refs(operation)).into_iter().find(|name| !lowerer.known(name))
}

/// The lowerings of every schema an operation reaches.
pub fn reachable_notes(schemas: &BTreeMap<String, Named>, operation: &out::Operation) -> Vec<String> {
    reachable(schemas, operation_refs(operation))
        .iter()
        .filter_map(|name| schemas.get(name))
        .flat_map(|named| named.notes.iter().cloned())
        .collect()
}

/// Applies the overlay's `fields`, `schema_docs` and `enum_names`; entries that match nothing are problems.
pub fn apply_field_fixes(overlay: &Overlay, schemas: &mut BTreeMap<String, Named>, all: bool) -> Vec<Problem> {
    let mut problems = Vec::new();
    for (key, fix) in &overlay.fields {
        let field = key.split_once('.').and_then(|(schema, field)| {
            schemas.get_mut(schema)?.schema.fields.as_mut()?.get_mut(field)
        });
        match field {
            Some(field) => {
                if fix.rust_name.is_some() {
                    field.rust_name.clone_from(&fix.rust_name);
                }
                if fix.docs.is_some() {
                    field.docs.clone_from(&fix.docs);
                }
            }
            None if all => {}
            None => problems.push(Problem::new(format!("overlay: fields: {key}"), "no imported schema has this field")),
        }
    }
    for (name, docs) in &overlay.schema_docs {
        match schemas.get_mut(name) {
            Some(named) => named.schema.docs = Some(docs.clone()),
            None if all => {}
            None => problems.push(Problem::new(format!("overlay: schema_docs: {name}"), "no imported schema has this name")),
        }
    }
    for (name, fix) in &overlay.enum_names {
        match schemas.get_mut(name).filter(|named| named.schema.enum_values.is_some()) {
            Some(named) => named.schema.rust_names.get_or_insert_with(Default::default).extend(fix.names.clone()),
            None if all => {}
            None => problems.push(Problem::new(format!("overlay: enum_names: {name}"), "no imported enum has this name")),
        }
    }
    problems
}

/// Every handle and each of its ancestors gets docs: the overlay's, else ones written from its
/// path (the description documents no handle).
fn document_handles(overlay: &Overlay, files: &mut BTreeMap<String, out::File>) {
    let mut paths: BTreeSet<String> = BTreeSet::new();
    for file in files.values() {
        for path in file.resources.keys() {
            let segments: Vec<&str> = path.split('.').collect();
            paths.extend((1..=segments.len()).map(|len| segments[..len].join(".")));
        }
    }
    for path in paths {
        let resource = files.entry(overlay.file_of(&path)).or_default().resources.entry(path.clone()).or_default();
        if resource.docs.is_none() {
            resource.docs = Some(super::names::handle_docs(&path));
        }
    }
}

/// The spec files: resources by the overlay's `files`, each schema beside the only file that
/// uses it (or in `api.yaml` when several do), the overlay's `api` and schemas in `api.yaml`.
pub fn files(
    overlay: &Overlay,
    placed: Vec<Placed>,
    schemas: &BTreeMap<String, Named>,
) -> Result<BTreeMap<String, String>, serde_yaml::Error> {
    let mut files: BTreeMap<String, out::File> = BTreeMap::new();
    let api = files.entry(API_FILE.to_owned()).or_default();
    api.api.clone_from(&overlay.api);
    for (name, schema) in &overlay.schemas {
        api.schemas.insert(name.clone(), schema.clone());
    }
    let mut users: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for placed in placed {
        let file = overlay.file_of(&placed.resource);
        for name in reachable(schemas, operation_refs(&placed.operation)) {
            users.entry(name).or_default().insert(file.clone());
        }
        let resource = files.entry(file).or_default().resources.entry(placed.resource).or_default();
        resource.operations.insert(placed.name, placed.operation);
    }
    for (path, docs) in &overlay.resources {
        let resource = files.entry(overlay.file_of(path)).or_default().resources.entry(path.clone()).or_default();
        resource.docs = Some(docs.clone());
    }
    document_handles(overlay, &mut files);
    for (name, used_by) in users {
        let Some(named) = schemas.get(&name) else { continue };
        let file = match used_by.len() {
            1 => used_by.into_iter().next().unwrap_or_default(),
            _ => API_FILE.to_owned(),
        };
        files.entry(file).or_default().schemas.insert(name, serde_yaml::to_value(&named.schema)?);
    }
    for resource in files.values_mut().flat_map(|file| file.resources.values_mut()) {
        resource.operations.sort_by(|a, _, b, _| out::method_order(a).cmp(&out::method_order(b)));
    }
    files.into_iter().map(|(name, file)| Ok((format!("{name}.yaml"), out::render(&file)?))).collect()
}

