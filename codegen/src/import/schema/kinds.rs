//! One function per kind of schema node: objects, arrays, scalars, enums, unions, `allOf`.

use std::collections::HashMap;

use indexmap::IndexMap;
use serde_yaml::{Mapping, Value};

use super::super::doc::{child, text};
use super::super::error::Problem;
use super::super::lower;
use super::super::out::{Schema, Type};
use super::{enums, show, Lowerer, Merged, Shape};

/// The scalar kinds of the format, by OpenAPI `type`.
pub(super) const SCALARS: [&str; 4] = ["string", "integer", "number", "boolean"];

impl Lowerer<'_> {
    /// A node with a `type` (or none): object, map, array, scalar or any JSON.
    pub(super) fn typed(&mut self, node: &Value, pointer: &str, hint: &str) -> Result<Shape, Problem> {
        let kind = match node.get("type") {
            None => None,
            Some(Value::String(kind)) => Some(kind.as_str()),
            Some(_) => return Err(Problem::new(child(pointer, "type"), "`type` must be a string (OpenAPI 3.0)")),
        };
        let has_properties = node.get("properties").is_some();
        match kind {
            Some("object") => self.object(node, pointer, hint),
            None if has_properties || node.get("additionalProperties").is_some() => self.object(node, pointer, hint),
            None => Ok(Shape::Use(Type::scalar("json"))),
            Some("array") => self.array(node, pointer, hint),
            Some(kind) if SCALARS.contains(&kind) => Ok(Shape::Use(scalar(node, kind))),
            Some(other) => Err(Problem::new(
                child(pointer, "type"),
                format!("unknown type `{other}`; expected object, array, string, integer, number or boolean"),
            )),
        }
    }

    fn object(&mut self, node: &Value, pointer: &str, hint: &str) -> Result<Shape, Problem> {
        let extra = match node.get("additionalProperties") {
            None | Some(Value::Bool(false)) => None,
            Some(Value::Bool(true)) => Some(Type::scalar("json")),
            Some(values) if values.as_mapping().is_some_and(Mapping::is_empty) => Some(Type::scalar("json")),
            Some(values) => {
                Some(self.lower(values, &child(pointer, "additionalProperties"), &format!("{hint}_value"))?)
            }
        };
        let properties = match node.get("properties") {
            None => None,
            Some(Value::Mapping(properties)) => Some(properties),
            Some(_) => return Err(Problem::new(child(pointer, "properties"), "`properties` must be an object")),
        };
        let has_fields = properties.is_some_and(|properties| !properties.is_empty());
        // An object with no properties is open (any keys) unless it says it is empty
        // (`additionalProperties: false`, or Stainless's `x-stainless-empty-object`, as the
        // `everyone` rule): a map keeps what the server sends, where an empty struct drops it.
        let closed = node.get("additionalProperties") == Some(&Value::Bool(false))
            || node.get("x-stainless-empty-object") == Some(&Value::Bool(true));
        let extra = if has_fields || closed { extra } else { extra.or_else(|| Some(Type::scalar("json"))) };
        if let (Some(mut values), false) = (extra.clone(), has_fields) {
            values.required = false;
            return Ok(Shape::Use(Type { kind: Some("map".into()), values: Some(Box::new(values)), ..Type::default() }));
        }
        let fields = self.fields(node, properties, pointer, hint)?;
        // Fixed fields beside a map of every other key: the map is `extra`, unless a field
        // would take its Rust name.
        let extra = match extra {
            Some(_) if fields.keys().any(|name| super::super::names::snake(name) == "extra") => {
                self.note(lower::fields_beside_map(&super::super::names::camel(hint)).note);
                None
            }
            Some(mut values) => {
                values.required = false;
                values.docs = None;
                if values.nullable {
                    values.nullable = false;
                    self.note(lower::nullable_extra(&super::super::names::camel(hint)));
                }
                Some(values)
            }
            None => None,
        };
        Ok(Shape::Named(Schema { fields: Some(fields), extra, ..Schema::default() }))
    }

    fn fields(
        &mut self,
        node: &Value,
        properties: Option<&Mapping>,
        pointer: &str,
        hint: &str,
    ) -> Result<IndexMap<String, Type>, Problem> {
        let required: Vec<&str> =
            node.get("required").and_then(Value::as_sequence).map_or_else(Vec::new, |names| {
                names.iter().filter_map(Value::as_str).collect()
            });
        let mut fields = IndexMap::new();
        let mut rust_names: HashMap<String, &str> = HashMap::new();
        let base = child(pointer, "properties");
        for (name, property) in properties.into_iter().flatten() {
            let Some(name) = name.as_str() else {
                return Err(Problem::new(&base, "a property name must be a string"));
            };
            let rust = super::super::names::snake(name);
            if let Some(other) = rust_names.insert(rust.clone(), name) {
                return Err(Problem::new(
                    child(&base, name),
                    format!("name collision: fields `{other}` and `{name}` both become `{rust}` in Rust"),
                ));
            }
            let mut field = self.lower(property, &child(&base, name), &format!("{hint}_{name}"))?;
            field.required = required.contains(&name);
            fields.insert(name.to_owned(), field);
        }
        Ok(fields)
    }

    fn array(&mut self, node: &Value, pointer: &str, hint: &str) -> Result<Shape, Problem> {
        let Some(items) = node.get("items") else {
            return Err(Problem::new(pointer, "an array schema needs `items`"));
        };
        let mut items = self.lower(items, &child(pointer, "items"), &format!("{hint}_item"))?;
        // A field's `required` never applies to items.
        items.required = false;
        Ok(Shape::Use(Type { kind: Some("array".into()), items: Some(Box::new(items)), ..Type::default() }))
    }

    /// `enum`: a named enum of strings, integers, booleans or a mix; numbers with a
    /// fraction (which the format's enums do not carry) are lowered.
    pub(super) fn enumeration(&mut self, node: &Value, values: &Value, pointer: &str) -> Result<Shape, Problem> {
        let Some(values) = values.as_sequence() else {
            return Err(Problem::new(child(pointer, "enum"), "`enum` must be an array"));
        };
        let values: Vec<&Value> = values.iter().filter(|value| !value.is_null()).collect();
        let kind = text(node, "type");
        let shown: Vec<String> = values.iter().map(|value| show(value)).collect();
        if values.is_empty() {
            // Only `null`: the type says what else it could be.
            return self.typed(node, pointer, "value");
        }
        if values.iter().all(|value| value.is_bool()) && matches!(kind, None | Some("boolean")) {
            return Ok(Shape::Use(Type::scalar("boolean")));
        }
        if !values.iter().all(|value| enums::is_literal(value)) {
            if values.iter().all(|value| value.is_number()) {
                return Ok(Shape::Use(self.apply(lower::number_enum(&shown))));
            }
            return Ok(Shape::Use(self.apply(lower::mixed_enum(&shown))));
        }
        let values = enums::distinct(&values);
        match enums::rust_names(&values) {
            Ok(rust_names) => Ok(Shape::Named(Schema { enum_values: Some(values), rust_names, ..Schema::default() })),
            Err(texts) => Ok(Shape::Use(self.apply(lower::enum_value_names(&texts)))),
        }
    }

    /// `allOf`: merged into one object when every member is an object.
    pub(super) fn all_of(&mut self, node: &Value, members: &Value, pointer: &str, hint: &str) -> Result<Shape, Problem> {
        let merged = self.merge(node, members, pointer, &mut Vec::new())?;
        match merged {
            Some(merged) => {
                let node = merged.into_node();
                self.object(&node, pointer, hint)
            }
            None => match only_member(node, members) {
                // `allOf: [<a union or scalar>]` beside docs only: that member, documented here.
                Some((i, member)) => {
                    let at = child(&child(pointer, "allOf"), &i.to_string());
                    Ok(Shape::Use(self.lower(member, &at, hint)?))
                }
                None => Ok(Shape::Use(self.apply(lower::all_of_non_object()))),
            },
        }
    }

    /// The members' properties merged, or `None` when a member is not an object.
    /// `within` holds the `allOf`s being merged, so a member that leads back is a problem.
    pub(super) fn merge(&self, node: &Value, members: &Value, pointer: &str, within: &mut Vec<String>) -> Result<Option<Merged>, Problem> {
        let Some(members) = members.as_sequence() else {
            return Err(Problem::new(child(pointer, "allOf"), "`allOf` must be an array"));
        };
        if within.iter().any(|outer| outer == pointer) {
            return Err(Problem::new(pointer, format!("`allOf` cycle: {} -> {pointer}", within.join(" -> "))));
        }
        within.push(pointer.to_owned());
        let mut merged = Merged { properties: Mapping::new(), required: Vec::new(), description: None };
        // The node's own properties count as one more member.
        let own = std::iter::once((node, pointer.to_owned()));
        let base = child(pointer, "allOf");
        let all = own.chain(members.iter().enumerate().map(|(i, member)| (member, child(&base, &i.to_string()))));
        for (member, at) in all {
            let (member, at) = self.doc.deref(member, &at)?;
            if member.get("anyOf").is_some() || member.get("oneOf").is_some() {
                return Ok(None);
            }
            if let Some(inner) = member.get("allOf").filter(|_| !std::ptr::eq(member, node)) {
                match self.merge(member, inner, &at, within)? {
                    Some(inner) => absorb(&mut merged, inner),
                    None => return Ok(None),
                }
                continue;
            }
            if matches!(text(member, "type"), Some(kind) if kind != "object") {
                return Ok(None);
            }
            let properties = member.get("properties").and_then(Value::as_mapping).cloned().unwrap_or_default();
            let required = member.get("required").and_then(Value::as_sequence).cloned().unwrap_or_default();
            let description = member.get("description").cloned();
            absorb(&mut merged, Merged { properties, required, description });
        }
        within.pop();
        Ok(Some(merged))
    }

    /// Every variant is an object with exactly one required property: the key is the tag.
    pub(super) fn key_tagged(&mut self, variants: &[(&Value, &Value, String)], hint: &str) -> Result<Shape, Problem> {
        let mut union = IndexMap::new();
        for (variant, target, at) in variants {
            let Some((key, payload)) = single_key(target) else { continue };
            let own = variant_hint(variant, hint, key);
            let payload_at = child(&child(at, "properties"), key);
            let docs = text(target, "description").map(str::to_owned);
            // An inline payload usually has no description of its own: it shares the
            // variant's (before it is named, so payloads alike but for docs stay apart).
            let mut payload = payload.clone();
            if let (Value::Mapping(inline), Some(docs)) = (&mut payload, &docs) {
                if !inline.contains_key("$ref") && !inline.contains_key("description") {
                    inline.insert("description".into(), docs.clone().into());
                }
            }
            let mut written = self.lower(&payload, &payload_at, &format!("{own}_{key}"))?;
            written.docs = docs.or(written.docs);
            written.required = false;
            union.insert(key.to_owned(), written);
        }
        Ok(Shape::Named(Schema { union: Some(union), ..Schema::default() }))
    }
}

/// The one member of `allOf` that has a shape, when the node and every other member only
/// annotate (docs, `nullable`, an example).
fn only_member<'v>(node: &Value, members: &'v Value) -> Option<(usize, &'v Value)> {
    const ANNOTATIONS: [&str; 8] = ["description", "title", "nullable", "example", "default", "deprecated", "readOnly", "writeOnly"];
    let annotates = |value: &Value| {
        value.as_mapping().is_some_and(|mapping| mapping.keys().all(|key| key.as_str().is_some_and(|key| ANNOTATIONS.contains(&key) || key.starts_with("x-"))))
    };
    let own_shape = node.as_mapping()?.keys().any(|key| key.as_str().is_some_and(|key| !ANNOTATIONS.contains(&key) && key != "allOf" && !key.starts_with("x-")));
    if own_shape {
        return None;
    }
    let mut shaped = members.as_sequence()?.iter().enumerate().filter(|(_, member)| !annotates(member));
    let only = shaped.next()?;
    shaped.next().is_none().then_some(only)
}

fn absorb(merged: &mut Merged, member: Merged) {
    for (name, property) in member.properties {
        merged.properties.insert(name, property);
    }
    for name in member.required {
        if !merged.required.contains(&name) {
            merged.required.push(name);
        }
    }
    if merged.description.is_none() {
        merged.description = member.description;
    }
}

/// The one key and its schema, if `node` is an object with exactly one property, required.
pub(super) fn single_key(node: &Value) -> Option<(&str, &Value)> {
    let properties = node.get("properties")?.as_mapping()?;
    if properties.len() != 1 || node.get("additionalProperties").is_some_and(|extra| extra != &Value::Bool(false)) {
        return None;
    }
    let (key, payload) = properties.iter().next()?;
    let key = key.as_str()?;
    let required = node.get("required")?.as_sequence()?;
    required.iter().any(|name| name.as_str() == Some(key)).then_some((key, payload))
}

/// A variant's name for its payload: its component name, or the union's hint.
pub(super) fn variant_hint(variant: &Value, hint: &str, key: &str) -> String {
    match text(variant, "$ref").and_then(|reference| reference.rsplit('/').next()) {
        Some(component) => component.to_owned(),
        None => format!("{hint}_{key}"),
    }
}

/// A coarse kind of a resolved node, to classify unions.
pub(super) fn kind_of(node: &Value) -> String {
    match text(node, "type") {
        Some("array") => format!("array of {}", node.get("items").map_or_else(|| "any".into(), kind_of)),
        Some(kind) => kind.to_owned(),
        None if node.get("properties").is_some() => "object".to_owned(),
        None if node.get("enum").is_some() => "enum".to_owned(),
        None => "any".to_owned(),
    }
}

/// A scalar of the format with its format and docs.
fn scalar(node: &Value, kind: &str) -> Type {
    let mut written = Type::scalar(kind);
    written.format = text(node, "format").filter(|format| *format != "binary").map(str::to_owned);
    written
}
