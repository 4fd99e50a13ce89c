//! Which family (cargo feature) each resource and schema belongs to.
//!
//! A family is a child of a top-level resource (`zero_trust.access`), or with
//! `api.families: top_level` a top-level resource itself (`dns`): the generated crate has one
//! cargo feature per family, named by the family's segment, all on by default. A family's
//! resources compile only with its feature; a schema compiles with any of the features of the
//! families whose operations reach it. What no family owns alone compiles always: the envelope's
//! schemas, the resources above the families and their own operations, and the schemas no
//! operation reaches (they are public API, and may refer to any other schema), with everything
//! they reach.
//!
//! One walk of the schema graph per family plus one for what is always compiled: linear in the
//! size of the model for each family.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{Families, Family, FamilyLevel, Model, Operation, Resource, SchemaId, SchemaKind, Type};

/// Computes the families of a model whose schemas and resources are final.
pub fn compute(model: &Model) -> Families {
    let level = model.api.family_level;
    let mut families = Vec::new();
    let mut always_roots = vec![Type::Named(model.api.error_item), Type::Named(model.api.result_info)];
    always_roots.extend(operation_types(&model.root.operations));
    for top in &model.root.children {
        match level {
            FamilyLevel::Children => {
                always_roots.extend(operation_types(&top.operations));
                families.extend(top.children.iter().map(|child| family(top, child)));
            }
            FamilyLevel::TopLevel => families.push(family(top, top)),
        }
    }
    disambiguate(&mut families);
    always_roots.extend(unreached(model).into_iter().map(Type::Named));
    let always = reachable(model, always_roots);
    let mut gates: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (family, resource) in families.iter().zip(family_resources(model, level)) {
        for id in reachable(model, resource_types(resource)).difference(&always) {
            gates.entry(model.schema(*id).name.clone()).or_default().insert(family.feature.clone());
        }
    }
    Families { level, families, schema_gates: gates }
}

fn family(top: &Resource, child: &Resource) -> Family {
    Family {
        feature: child.segment.clone(),
        module_path: child.module_path.clone(),
        parent: top.segment.clone(),
        docs: child.docs.clone(),
        operations: count_operations(child),
    }
}

/// Features the generated `Cargo.toml` defines for itself: a family of that name would clash.
const RESERVED_FEATURES: [&str; 1] = ["default"];

/// Two top-level resources with a child of the same name: their features are prefixed with
/// the top-level name (`zero_trust_access`), so that every feature names one family. So is a
/// family named as a feature Cargo reserves (`default`); a top-level one takes `_resources`.
fn disambiguate(families: &mut [Family]) {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for family in families.iter() {
        *counts.entry(family.feature.clone()).or_default() += 1;
    }
    for family in families.iter_mut() {
        let reserved = RESERVED_FEATURES.contains(&family.feature.as_str());
        if counts[&family.feature] > 1 || reserved {
            family.feature = match family.parent == family.feature {
                true => format!("{}_resources", family.feature),
                false => format!("{}_{}", family.parent, family.feature),
            };
        }
    }
}

/// The root resource of each family, in the order of `compute`'s families.
fn family_resources(model: &Model, level: FamilyLevel) -> Box<dyn Iterator<Item = &Resource> + '_> {
    match level {
        FamilyLevel::Children => Box::new(model.root.children.iter().flat_map(|top| &top.children)),
        FamilyLevel::TopLevel => Box::new(model.root.children.iter()),
    }
}

fn count_operations(resource: &Resource) -> usize {
    resource.operations.len() + resource.children.iter().map(count_operations).sum::<usize>()
}

/// Every type the operations of `resource` and its descendants name.
fn resource_types(resource: &Resource) -> Vec<Type> {
    let mut types = operation_types(&resource.operations);
    for child in &resource.children {
        types.extend(resource_types(child));
    }
    types
}

fn operation_types(operations: &[Operation]) -> Vec<Type> {
    let mut types = Vec::new();
    for operation in operations {
        types.push(operation.result.clone());
        types.extend(operation.body.iter().cloned());
        let params = operation.path_params.iter().chain(&operation.query).chain(&operation.headers);
        types.extend(params.map(|param| param.ty.clone()));
    }
    types
}

/// The schemas no operation of any family reaches.
fn unreached(model: &Model) -> Vec<SchemaId> {
    let roots: Vec<Type> = model.root.children.iter().flat_map(resource_types).collect();
    let reached = reachable(model, roots);
    (0..model.schemas.len()).map(SchemaId).filter(|id| !reached.contains(id)).collect()
}

/// The schemas `roots` reach, through fields, union kinds and a twin's original (whose docs
/// the twin links to).
fn reachable(model: &Model, mut stack: Vec<Type>) -> BTreeSet<SchemaId> {
    let mut seen = BTreeSet::new();
    while let Some(ty) = stack.pop() {
        match ty {
            Type::Array(inner) | Type::Map(inner) | Type::Nullable(inner) | Type::Boxed(inner) => stack.push(*inner),
            Type::Named(id) if seen.insert(id) => {
                let schema = model.schema(id);
                stack.extend(schema.twin_of.map(Type::Named));
                stack.extend(schema.extra.clone());
                match &schema.kind {
                    SchemaKind::Object(fields) => stack.extend(fields.iter().map(|field| field.ty.clone())),
                    SchemaKind::Enum(_) => {}
                    kind => stack.extend(kind.variants().iter().map(|variant| variant.ty.clone())),
                }
            }
            _ => {}
        }
    }
    seen
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(parent: &str, segment: &str) -> Family {
        Family {
            feature: segment.to_owned(),
            module_path: vec![parent.to_owned(), segment.to_owned()],
            parent: parent.to_owned(),
            docs: None,
            operations: 1,
        }
    }

    #[test]
    fn a_family_named_default_or_twice_gets_its_parent_in_its_feature() {
        // A family named `default` would write a second `default = [..]` into `[features]`.
        let mut families =
            vec![named("workers", "default"), named("hub", "alpha"), named("depot", "alpha"), named("default", "default")];
        disambiguate(&mut families);
        let features: Vec<&str> = families.iter().map(|family| family.feature.as_str()).collect();
        assert_eq!(features, ["workers_default", "hub_alpha", "depot_alpha", "default_resources"]);
    }
}
