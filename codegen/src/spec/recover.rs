//! Reads a file whose typed read failed, finding every shape error instead of the first.
//!
//! serde stops at the first error. Here the file's tree is read again and again: after each
//! error the offending node is cut out of the tree and the read is retried, until it succeeds.
//! What is left is a partial file the semantic checks can still look at.
//!
//! An error at a node that contains an earlier cut (`missing field method` after the
//! misspelt `metod` was cut out of the same operation) is a consequence of that cut, not a
//! new problem: it only makes the cut wider.

use serde_path_to_error::Segment;
use serde_yaml::Value;

use super::raw;

/// Enough for any file a person edits; a bound so that a pathological input stays cheap.
const MAX_CUTS: usize = 200;

/// The outcome of reading a broken file.
#[derive(Debug, Default)]
pub struct Recovered {
    /// What could be read.
    pub file: raw::File,
    /// Each shape error: where (a path in the document) and what.
    pub errors: Vec<(Vec<String>, String)>,
    /// The nodes cut out of the tree.
    pub cuts: Vec<Vec<String>>,
    /// False when a whole top-level section (or the whole file) had to be given up: it may
    /// have defined anything.
    pub complete: bool,
}

/// Reads `value` (a normalized tree, see [`super::tree::normalize_exact`]) as a spec file.
pub fn recover(mut value: Value) -> Recovered {
    let mut recovered = Recovered::default();
    for _ in 0..MAX_CUTS {
        let error = match serde_path_to_error::deserialize::<_, raw::File>(value.clone()) {
            Ok(file) => {
                recovered.file = file;
                recovered.complete = recovered.cuts.iter().all(|cut| defines_no_schema(cut));
                return recovered;
            }
            Err(error) => error,
        };
        let path = segments(error.path());
        let message = error.into_inner().to_string();
        if !recovered.cuts.iter().any(|cut| cut.starts_with(&path)) {
            recovered.errors.push((path.clone(), message));
        }
        let cut = cut(&mut value, &path);
        if cut.is_empty() {
            break;
        }
        recovered.cuts.push(cut);
    }
    recovered.cuts.push(Vec::new());
    recovered
}

/// Whether a cut can have taken no schema definition with it: schemas are defined only under
/// `schemas`, whose names the caller knows even when their definitions are cut.
fn defines_no_schema(cut: &[String]) -> bool {
    match cut {
        [] => false,
        [top] => top == "api" || top == "resources",
        _ => true,
    }
}

fn segments(path: &serde_path_to_error::Path) -> Vec<String> {
    path.iter()
        .map(|segment| match segment {
            Segment::Seq { index } => index.to_string(),
            Segment::Map { key } => key.clone(),
            Segment::Enum { variant } => variant.clone(),
            Segment::Unknown => "?".to_owned(),
        })
        .collect()
}

/// Removes the node at `path` (or the nearest enclosing node that can be removed) from
/// `value`; returns the path actually removed, empty when that is the whole file.
///
/// Only mapping entries are removed. An item is never removed from a list, as that would
/// shift the positions of the items after it: the whole list goes instead.
fn cut(value: &mut Value, path: &[String]) -> Vec<String> {
    let mut depth = 0;
    let mut node = &*value;
    // The deepest prefix of `path` that leads to a mapping entry.
    let mut removable = 0;
    while depth < path.len() {
        match node {
            Value::Mapping(mapping) => match mapping.get(path[depth].as_str()) {
                Some(child) => {
                    node = child;
                    depth += 1;
                    removable = depth;
                }
                None => break,
            },
            Value::Sequence(items) => match path[depth].parse::<usize>().ok().and_then(|index| items.get(index)) {
                Some(child) => {
                    node = child;
                    depth += 1;
                }
                None => break,
            },
            _ => break,
        }
    }
    if removable == 0 {
        return Vec::new();
    }
    let target = &path[..removable];
    if let Some(Value::Mapping(parent)) = node_at(value, &target[..removable - 1]) {
        parent.remove(target[removable - 1].as_str());
    }
    target.to_vec()
}

fn node_at<'v>(value: &'v mut Value, path: &[String]) -> Option<&'v mut Value> {
    let mut node = value;
    for segment in path {
        node = match node {
            Value::Mapping(mapping) => mapping.get_mut(segment.as_str())?,
            Value::Sequence(items) => items.get_mut(segment.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(node)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::tree;

    fn recover_text(text: &str) -> Recovered {
        recover(tree::normalize_exact(tree::read(text).unwrap().value).0)
    }

    fn error_paths(recovered: &Recovered) -> Vec<String> {
        recovered.errors.iter().map(|(path, message)| format!("{}: {message}", path.join("."))).collect()
    }

    #[test]
    fn finds_every_shape_error() {
        let recovered = recover_text(
            "schemas:\n  A:\n    fields:\n      a: { tpye: string }\n  B:\n    dcos: x\n  C:\n    fields: {}\n",
        );
        assert_eq!(
            error_paths(&recovered),
            [
                "schemas.A.fields.a.tpye: unknown field `tpye`, expected one of `ref`, `type`, `format`, `items`, `values`, `docs`, `required`, `nullable`, `rust_name`, `default`, `example`, `deprecated`, `explode`, `allow_reserved`, `deprecation`",
                "schemas.B.dcos: unknown field `dcos`, expected one of `docs`, `fields`, `enum`, `union`, `deprecated`, `rust_names`, `discriminator`, `untagged`, `extra`",
            ]
        );
        assert!(recovered.complete);
        assert!(recovered.file.schemas.contains_key("C"));
    }

    #[test]
    fn a_consequence_of_a_cut_is_not_reported() {
        let recovered = recover_text(
            "resources:\n  r:\n    operations:\n      list:\n        metod: GET\n        path: /x\n        success: 200\n        result: { type: json }\n",
        );
        assert_eq!(recovered.errors.len(), 1, "{:?}", recovered.errors);
        assert!(recovered.errors[0].1.starts_with("unknown field `metod`"));
    }

    #[test]
    fn a_list_item_is_cut_with_its_list() {
        let recovered = recover_text("api:\n  auth:\n    - name: a\n      hedaers: []\n    - name: b\n");
        assert!(recovered.errors[0].1.starts_with("unknown field `hedaers`"), "{:?}", recovered.errors);
        assert!(recovered.cuts.iter().any(|cut| cut.join(".") == "api.auth"), "{:?}", recovered.cuts);
    }

    #[test]
    fn gives_up_only_on_a_file_that_is_not_a_mapping() {
        let recovered = recover_text("- a\n- b\n");
        assert_eq!(recovered.errors.len(), 1);
        assert!(!recovered.complete);
    }
}
