//! `anyOf` / `oneOf`: tagged by a property (`discriminator`, or one constant property per
//! variant), tagged by their only key, one scalar, or untagged (tried in order).

use indexmap::IndexMap;
use serde_yaml::{Mapping, Value};

use super::super::doc::{child, text};
use super::super::error::Problem;
use super::super::lower;
use super::super::names;
use super::super::out::{Schema, Type};
use super::kinds::{kind_of, single_key, SCALARS};
use super::{Lowerer, Shape};

/// A variant: as written, resolved, and the resolved node's pointer.
type Variant<'v> = (&'v Value, &'v Value, String);

impl Lowerer<'_> {
    /// `anyOf` / `oneOf`: the most precise union the variants allow.
    pub(super) fn union(&mut self, node: &Value, pointer: &str, hint: &str) -> Result<Shape, Problem> {
        let key = if node.get("anyOf").is_some() { "anyOf" } else { "oneOf" };
        let Some(variants) = node.get(key).and_then(Value::as_sequence) else {
            return Err(Problem::new(child(pointer, key), format!("`{key}` must be an array")));
        };
        let base = child(pointer, key);
        let mut resolved: Vec<Variant<'_>> = Vec::new();
        for (i, variant) in variants.iter().enumerate() {
            let (target, target_at) = self.doc.deref(variant, &child(&base, &i.to_string()))?;
            resolved.push((variant, target, target_at));
        }
        if resolved.iter().all(|(_, target, _)| constraint_only(target)) {
            // `anyOf: [{required: [a]}, {required: [b]}]`: which fields must be present, not
            // shapes. The node without it is the type.
            let mut plain = node.clone();
            if let Some(mapping) = plain.as_mapping_mut() {
                mapping.remove(key);
            }
            return self.shape(&plain, pointer, hint);
        }
        if node.get("properties").is_some_and(|p| p.as_mapping().is_some_and(|p| !p.is_empty())) {
            return match self.distributed(node, key, &resolved)? {
                Some(union) => self.union(&union, pointer, hint),
                None => Ok(Shape::Use(self.apply(lower::union_beside_properties()))),
            };
        }
        if let Some(discriminator) = node.get("discriminator") {
            let tag = text(discriminator, "propertyName").unwrap_or_default();
            if let Some(shape) = self.tagged(&resolved, tag, discriminator.get("mapping"), hint)? {
                return Ok(shape);
            }
        }
        if !resolved.is_empty() && resolved.iter().all(|(_, target, _)| single_key(target).is_some()) {
            return self.key_tagged(&resolved, hint);
        }
        if let Some(tag) = self.implicit_tag(&resolved) {
            if let Some(shape) = self.tagged(&resolved, &tag, None, hint)? {
                return Ok(shape);
            }
        }
        let mut kinds: Vec<String> = resolved.iter().map(|(_, target, _)| kind_of(target)).collect();
        kinds.sort();
        kinds.dedup();
        if let [one] = kinds.as_slice() {
            if SCALARS.contains(&one.as_str()) {
                let mut written = Type::scalar(one);
                let format = resolved.iter().filter_map(|(_, target, _)| text(target, "format")).next();
                if resolved.iter().all(|(_, target, _)| text(target, "format") == format) {
                    written.format = format.map(str::to_owned).filter(|f| *f != "binary");
                }
                return Ok(Shape::Use(written));
            }
        }
        self.untagged(&resolved, hint)
    }

    /// `{properties: P, anyOf: [A, B]}` means `anyOf: [P and A, P and B]`: the union with the
    /// node's own properties and `required` copied into each variant (a variant's own property
    /// of the same name wins), or `None` when a variant is not an object.
    fn distributed(&self, node: &Value, key: &str, variants: &[Variant<'_>]) -> Result<Option<Value>, Problem> {
        let own = node.get("properties").and_then(Value::as_mapping).cloned().unwrap_or_default();
        let own_required = node.get("required").and_then(Value::as_sequence).cloned().unwrap_or_default();
        let mut merged = Vec::new();
        for (variant, target, at) in variants {
            let Some(mut object) = self.object_node(target, at)? else { return Ok(None) };
            let Some(mapping) = object.as_mapping_mut() else { return Ok(None) };
            let mut added = false;
            let properties = mapping.entry("properties".into()).or_insert_with(|| Value::Mapping(Mapping::new()));
            let Some(properties) = properties.as_mapping_mut() else { return Ok(None) };
            for (name, schema) in &own {
                if !properties.contains_key(name) {
                    properties.insert(name.clone(), schema.clone());
                    added = true;
                }
            }
            let missing: Vec<&Value> = {
                let required = mapping.get("required").and_then(Value::as_sequence);
                own_required.iter().filter(|name| !required.is_some_and(|required| required.contains(name))).collect()
            };
            if !missing.is_empty() {
                let required = mapping.entry("required".into()).or_insert_with(|| Value::Sequence(Vec::new()));
                let Some(required) = required.as_sequence_mut() else { return Ok(None) };
                required.extend(missing.into_iter().cloned());
                added = true;
            }
            // A variant that already has them all stays as written (a component stays a
            // reference, and is not copied under a second name).
            merged.push(if added { object } else { (*variant).clone() });
        }
        let mut union = node.clone();
        if let Some(mapping) = union.as_mapping_mut() {
            mapping.remove("properties");
            mapping.remove("required");
            mapping.insert(key.into(), Value::Sequence(merged));
        }
        Ok(Some(union))
    }

    /// A variant as an object node (its `allOf` merged), or `None` when it is not one.
    fn object_node(&self, target: &Value, at: &str) -> Result<Option<Value>, Problem> {
        if target.get("anyOf").is_some() || target.get("oneOf").is_some() || target.get("enum").is_some() {
            return Ok(None);
        }
        if let Some(members) = target.get("allOf") {
            return Ok(self.merge(target, members, at, &mut Vec::new())?.map(super::Merged::into_node));
        }
        let object = matches!(text(target, "type"), None | Some("object")) && target.get("properties").is_some();
        Ok(object.then(|| target.clone()))
    }

    /// The one property every variant has with a single constant string value, distinct
    /// across variants (`{"type": {"enum": ["A"]}}`): the implicit tag.
    fn implicit_tag(&self, variants: &[Variant<'_>]) -> Option<String> {
        let nodes: Vec<Value> = variants.iter().map(|(_, target, at)| self.object_node(target, at).ok().flatten()).collect::<Option<_>>()?;
        let first = nodes.first()?.get("properties")?.as_mapping()?;
        let candidates = first.keys().filter_map(Value::as_str);
        let tag = candidates.into_iter().find(|tag| {
            let values: Option<Vec<String>> = nodes.iter().map(|node| constant(node, tag)).collect();
            values.is_some_and(|values| {
                let mut distinct = values.clone();
                distinct.sort();
                distinct.dedup();
                distinct.len() == values.len()
            })
        });
        tag.map(str::to_owned)
    }

    /// A union tagged by property `tag`: each variant an object schema without it. `None`
    /// when a variant is not an object or its tag value cannot be told.
    fn tagged(&mut self, variants: &[Variant<'_>], tag: &str, mapping: Option<&Value>, hint: &str) -> Result<Option<Shape>, Problem> {
        let mut union = IndexMap::new();
        for (variant, target, at) in variants {
            let Some(mut object) = self.object_node(target, at)? else { return Ok(None) };
            let reference = text(variant, "$ref");
            let Some(value) = tag_value(&object, tag, mapping, reference) else { return Ok(None) };
            if union.contains_key(&value) || !without(&mut object, tag) {
                return Ok(None);
            }
            // Named after the union and the tag, never after the variant's component: the
            // component (with its tag) may be used on its own elsewhere.
            let mut written = self.lower_inline(&object, at, &format!("{hint}_{value}"))?;
            if written.reference.is_none() {
                return Ok(None);
            }
            written.docs = text(target, "description").map(str::to_owned).or(written.docs);
            written.nullable = false;
            written.required = false;
            union.insert(value, written);
        }
        if union.is_empty() {
            return Ok(None);
        }
        Ok(Some(Shape::Named(Schema { discriminator: Some(tag.to_owned()), union: Some(union), ..Schema::default() })))
    }

    /// A union with no tag: each variant under a name, tried in order (enums before strings,
    /// integers before numbers, any JSON last); identical variants once.
    fn untagged(&mut self, variants: &[Variant<'_>], hint: &str) -> Result<Shape, Problem> {
        let mut kinds: Vec<(String, Type)> = Vec::new();
        let mut admits_null = false;
        let union_name = names::camel(hint);
        for (i, (variant, target, at)) in variants.iter().enumerate() {
            // An inline variant is named by its `title` where it has one ("Existing Column"),
            // else by its position.
            let suffix = text(target, "title").map(names::snake).filter(|title| !title.is_empty());
            let suffix = suffix.unwrap_or_else(|| (i + 1).to_string());
            let mut written = self.lower(variant, at, &format!("{hint}_{suffix}"))?;
            written.required = false;
            admits_null |= std::mem::take(&mut written.nullable);
            if kinds.iter().any(|(_, earlier)| earlier.shape() == written.shape()) {
                continue;
            }
            let name = variant_name(&written, &kinds, &union_name);
            kinds.push((name, written));
        }
        // The generator tries kinds in order: what a later kind fits must not be taken by an
        // earlier one, so plain strings and numbers go after enums and integers, any JSON last.
        kinds.sort_by_key(|(_, written)| match written.kind.as_deref() {
            Some("string" | "number") => 1,
            Some("json") => 2,
            _ => 0,
        });
        if let [(_, only)] = kinds.as_slice() {
            return Ok(Shape::Use(Type { nullable: admits_null, ..only.clone() }));
        }
        Ok(Shape::Named(Schema { untagged: Some(kinds.into_iter().collect()), admits_null, ..Schema::default() }))
    }
}

/// A variant that only constrains (`required`, `description`, `not`) and adds no shape.
fn constraint_only(variant: &Value) -> bool {
    variant.as_mapping().is_some_and(|mapping| {
        mapping.keys().all(|key| matches!(key.as_str(), Some("required" | "description" | "title" | "not" | "minProperties")))
    })
}

/// The tag's single constant value in `object`, if it has one.
fn constant(object: &Value, tag: &str) -> Option<String> {
    let property = object.get("properties")?.get(tag)?;
    let values = property.get("enum")?.as_sequence()?;
    match values.as_slice() {
        [Value::String(value)] => Some(value.clone()),
        _ => None,
    }
}

/// The tag value of a variant: the discriminator's mapping, the tag's constant, or (as
/// OpenAPI says) the component's name.
fn tag_value(object: &Value, tag: &str, mapping: Option<&Value>, reference: Option<&str>) -> Option<String> {
    let mapped = mapping.and_then(Value::as_mapping).and_then(|mapping| {
        mapping.iter().find(|(_, target)| target.as_str().is_some() && target.as_str() == reference).and_then(|(value, _)| value.as_str())
    });
    mapped
        .map(str::to_owned)
        .or_else(|| constant(object, tag))
        .or_else(|| reference.and_then(|reference| reference.rsplit('/').next()).map(str::to_owned))
}

/// Removes property `tag` from an object node; `false` when the node does not have it.
/// An object left with no property is closed (an empty struct, not a map).
fn without(object: &mut Value, tag: &str) -> bool {
    let Some(properties) = object.get_mut("properties").and_then(Value::as_mapping_mut) else { return false };
    if properties.remove(tag).is_none() {
        return false;
    }
    let empty = properties.is_empty();
    if let Some(required) = object.get_mut("required").and_then(Value::as_sequence_mut) {
        required.retain(|name| name.as_str() != Some(tag));
    }
    if let (true, Some(node)) = (empty, object.as_mapping_mut()) {
        node.insert("additionalProperties".into(), Value::Bool(false));
    }
    true
}

/// The Rust name of an untagged variant: its schema's name, or its kind; numbered when taken.
/// A variant named after its union keeps only the rest of the name
/// (`ColumnExistingColumn` in `Column` is `ExistingColumn`), when that is a name.
fn variant_name(written: &Type, taken: &[(String, Type)], union_name: &str) -> String {
    let base = match (&written.reference, written.kind.as_deref()) {
        (Some(name), _) => match name.strip_prefix(union_name) {
            Some(rest) if rest.starts_with(|c: char| c.is_ascii_uppercase()) => rest.to_owned(),
            _ => name.clone(),
        },
        (None, Some("array")) => "List".to_owned(),
        (None, Some(kind)) => names::camel(kind),
        (None, None) => "Value".to_owned(),
    };
    let free = |name: &String| !taken.iter().any(|(other, _)| other == name);
    std::iter::once(base.clone()).chain((2..).map(|n| format!("{base}{n}"))).find(free).unwrap_or(base)
}

