//! Structural deduplication: inline schemas of the same shape become one type.
//!
//! The description repeats inline objects and enums across operations with other docs (every
//! Radar timeseries has its own copy of the same result). Lowering already gives one name to
//! inline schemas that are identical, docs included; this pass merges those identical except
//! for docs, examples and defaults, after every operation is lowered, so that the surviving
//! name does not depend on which operation came first.
//!
//! Each round hashes every schema's shape (no pairwise comparison), merges each group of
//! inline schemas into its survivor and rewrites the references; a merge can make the schemas
//! that refer to the merged ones alike in turn, so rounds repeat until nothing merges (as many
//! rounds as inline types nest, a handful).
//!
//! The survivor of a group is, in this order: a name the overlay gives or mentions (kept, as
//! the overlay's entries refer to it), a component's name, the shortest inline name, the
//! lexicographically first. Only inline names the overlay does not mention are merged away:
//! components are public names of the description, kept even when alike.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::Named;
use crate::import::out::{Operation, Schema, Type};
use crate::import::overlay::Overlay;

/// Merges the inline schemas alike but for docs, rewriting every reference in `schemas` and
/// `operations`. Returns how many schemas were merged away.
pub fn merge<'o>(
    schemas: &mut BTreeMap<String, Named>,
    operations: impl Iterator<Item = &'o mut Operation>,
    overlay: &Overlay,
) -> usize {
    let kept = overlay_names(overlay);
    // Each schema's shape, serialized once and again only when a merge rewrites a reference
    // in it: serializing is most of this pass's cost.
    let mut shapes: HashMap<String, Shape> = schemas.iter().map(|(name, named)| (name.clone(), shape(named))).collect();
    let mut merged: BTreeMap<String, String> = BTreeMap::new();
    loop {
        let round = survivors(schemas, &shapes, &kept);
        if round.is_empty() {
            break;
        }
        for (gone, survivor) in &round {
            schemas.remove(gone);
            shapes.remove(gone);
            merged.insert(gone.clone(), survivor.clone());
        }
        for (name, named) in schemas.iter_mut() {
            if rewrite_schema(&mut named.schema, &round) {
                shapes.insert(name.clone(), shape(named));
            }
        }
        // Earlier rounds' survivors may be merged away in this one: follow them on.
        for survivor in merged.values_mut() {
            if let Some(next) = round.get(survivor) {
                *survivor = next.clone();
            }
        }
    }
    for operation in operations {
        rewrite_operation(operation, &merged);
    }
    merged.len()
}

/// What two schemas must share to be one: the shape without docs, and whether `null` is a
/// variant (which the written shape does not show).
type Shape = (String, bool);

fn shape(named: &Named) -> Shape {
    (named.schema.shape(), named.schema.admits_null)
}

/// One round: each inline schema that has a better-ranked twin of the same shape, mapped to it.
fn survivors(
    schemas: &BTreeMap<String, Named>,
    shapes: &HashMap<String, Shape>,
    kept: &BTreeSet<&str>,
) -> HashMap<String, String> {
    let mut groups: HashMap<&Shape, Vec<&str>> = HashMap::new();
    // Groups are visited in hash order, which cannot show: each group's merges are its own.
    for name in schemas.keys() {
        groups.entry(&shapes[name]).or_default().push(name);
    }
    let mut round = HashMap::new();
    for members in groups.into_values().filter(|members| members.len() > 1) {
        let rank = |name: &str| {
            let class = if kept.contains(name) {
                0
            } else if is_component(&schemas[name]) {
                1
            } else {
                2
            };
            (class, name.len(), name.to_owned())
        };
        let Some(survivor) = members.iter().copied().min_by_key(|name| rank(name)) else { continue };
        for member in members.iter().copied().filter(|member| *member != survivor && rank(member).0 == 2) {
            round.insert(member.to_owned(), survivor.to_owned());
        }
    }
    round
}

/// A component schema: its origin is `#/components/schemas/<name>` itself.
fn is_component(named: &Named) -> bool {
    named.origin.strip_prefix("#/components/schemas/").is_some_and(|rest| !rest.contains('/'))
}

/// Every schema name the overlay gives or refers to: these keep their names.
fn overlay_names(overlay: &Overlay) -> BTreeSet<&str> {
    let mut names: BTreeSet<&str> = overlay.renames.values().map(String::as_str).collect();
    names.extend(overlay.schemas.keys().map(String::as_str));
    names.extend(overlay.schema_docs.keys().map(String::as_str));
    names.extend(overlay.enum_names.keys().map(String::as_str));
    names.extend(overlay.fields.keys().filter_map(|key| key.split_once('.')).map(|(schema, _)| schema));
    names
}

/// Rewrites the references of `schema`; whether any changed.
fn rewrite_schema(schema: &mut Schema, map: &impl Lookup) -> bool {
    schema.types_mut().fold(false, |changed, ty| rewrite(ty, map) | changed)
}

fn rewrite_operation(operation: &mut Operation, map: &impl Lookup) {
    operation.types_mut().for_each(|ty| {
        rewrite(ty, map);
    });
}

/// Rewrites a type's reference and those of its items and values; whether any changed.
fn rewrite(ty: &mut Type, map: &impl Lookup) -> bool {
    let mut changed = false;
    if let Some(survivor) = ty.reference.as_deref().and_then(|name| map.survivor(name)) {
        ty.reference = Some(survivor.to_owned());
        changed = true;
    }
    for inner in [&mut ty.items, &mut ty.values].into_iter().flatten() {
        changed |= rewrite(inner, map);
    }
    changed
}

/// A map from merged names to their survivors, whichever map type holds it.
trait Lookup {
    fn survivor(&self, name: &str) -> Option<&str>;
}

impl Lookup for HashMap<String, String> {
    fn survivor(&self, name: &str) -> Option<&str> {
        self.get(name).map(String::as_str)
    }
}

impl Lookup for BTreeMap<String, String> {
    fn survivor(&self, name: &str) -> Option<&str> {
        self.get(name).map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use indexmap::IndexMap;

    use super::*;

    fn object(docs: &str, fields: &[(&str, &str, bool)]) -> Schema {
        let fields = fields
            .iter()
            .map(|(name, kind, required)| {
                let ty = Type { required: *required, docs: Some(format!("{docs} {name}")), ..Type::scalar(kind) };
                ((*name).to_owned(), ty)
            })
            .collect::<IndexMap<_, _>>();
        Schema { docs: Some(docs.to_owned()), fields: Some(fields), ..Schema::default() }
    }

    fn inline(schema: Schema, at: &str) -> Named {
        Named { schema, origin: format!("#/paths/{at}"), notes: Vec::new() }
    }

    fn run(schemas: &mut BTreeMap<String, Named>) -> usize {
        merge(schemas, std::iter::empty(), &Overlay::default())
    }

    #[test]
    fn inline_shapes_alike_but_for_docs_are_one_type_under_the_shortest_name() {
        let mut schemas = BTreeMap::new();
        schemas.insert("RadarHttpSummaryResult".into(), inline(object("One.", &[("a", "string", true)]), "x"));
        schemas.insert("RadarDnsResult".into(), inline(object("Two.", &[("a", "string", true)]), "y"));
        assert_eq!(run(&mut schemas), 1);
        assert_eq!(schemas.keys().collect::<Vec<_>>(), ["RadarDnsResult"]);
    }

    #[test]
    fn a_field_a_required_flag_or_an_enum_value_apart_keeps_two_types() {
        let base = object("A.", &[("a", "string", true)]);
        let variants = [
            object("B.", &[("a", "string", true), ("b", "string", false)]),
            object("B.", &[("a", "string", false)]),
            object("B.", &[("a", "integer", true)]),
        ];
        for other in variants {
            let mut schemas = BTreeMap::new();
            schemas.insert("First".into(), inline(base.clone(), "x"));
            schemas.insert("Second".into(), inline(other, "y"));
            assert_eq!(run(&mut schemas), 0);
            assert_eq!(schemas.len(), 2);
        }
        let enumeration = |values: &[&str]| Schema {
            enum_values: Some(values.iter().map(|value| (*value).into()).collect()),
            ..Schema::default()
        };
        let mut schemas = BTreeMap::new();
        schemas.insert("First".into(), inline(enumeration(&["a", "b"]), "x"));
        schemas.insert("Second".into(), inline(enumeration(&["a", "c"]), "y"));
        assert_eq!(run(&mut schemas), 0);
    }

    #[test]
    fn components_survive_and_references_follow_merges_up_the_tree() {
        let leaf = || object("Leaf.", &[("a", "string", true)]);
        let holder = |to: &str| Schema {
            fields: Some(IndexMap::from([("leaf".to_owned(), Type::named(to))])),
            ..Schema::default()
        };
        let mut schemas = BTreeMap::new();
        schemas.insert("Leaf".into(), Named { schema: leaf(), origin: "#/components/schemas/leaf".into(), notes: vec![] });
        schemas.insert("AInlineLeaf".into(), inline(leaf(), "x"));
        schemas.insert("BInlineLeaf".into(), inline(leaf(), "y"));
        schemas.insert("AHolder".into(), inline(holder("AInlineLeaf"), "x"));
        schemas.insert("BHolder".into(), inline(holder("BInlineLeaf"), "y"));
        let mut operation = Operation { result: Type::named("BHolder"), ..Operation::default() };
        let merged = merge(&mut schemas, std::iter::once(&mut operation), &Overlay::default());
        assert_eq!(merged, 3);
        assert_eq!(schemas.keys().collect::<Vec<_>>(), ["AHolder", "Leaf"]);
        assert_eq!(schemas["AHolder"].schema.fields.as_ref().unwrap()["leaf"].reference.as_deref(), Some("Leaf"));
        assert_eq!(operation.result.reference.as_deref(), Some("AHolder"));
    }

    #[test]
    fn a_name_the_overlay_mentions_is_kept_and_preferred() {
        let mut overlay = Overlay::default();
        overlay.schema_docs.insert("LongerButNamed".into(), "Docs.".into());
        let mut schemas = BTreeMap::new();
        schemas.insert("LongerButNamed".into(), inline(object("A.", &[("a", "string", true)]), "x"));
        schemas.insert("Short".into(), inline(object("B.", &[("a", "string", true)]), "y"));
        assert_eq!(merge(&mut schemas, std::iter::empty(), &overlay), 1);
        assert_eq!(schemas.keys().collect::<Vec<_>>(), ["LongerButNamed"]);
    }
}
