//! The spec YAML the importer writes: its own output structs, serialized deterministically.
//!
//! These mirror `spec::raw` (the reader's structs) but are written, not read; keys are
//! sorted where the format gives order no meaning, and kept in document order where it does
//! (fields, enum values and union variants, whose order is the Rust order).

use std::collections::BTreeMap;

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};
use serde_yaml::Value;

/// A type use, as in `spec/README.md` ("Types"); also read from the overlay.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Type {
    #[serde(rename = "ref", skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub items: Option<Box<Type>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub values: Option<Box<Type>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub docs: Option<String>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub required: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub nullable: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rust_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub example: Option<Value>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub deprecated: bool,
    /// The published reason a deprecated field is deprecated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deprecation: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explode: Option<bool>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub allow_reserved: bool,
}

impl Type {
    pub fn scalar(kind: &str) -> Self {
        Type { kind: Some(kind.to_owned()), ..Type::default() }
    }

    pub fn named(name: &str) -> Self {
        Type { reference: Some(name.to_owned()), ..Type::default() }
    }

    /// The shape alone, without docs and examples: what deduplication compares.
    pub fn shape(&self) -> Type {
        Type {
            docs: None,
            example: None,
            default: None,
            deprecation: None,
            items: self.items.as_ref().map(|items| Box::new(items.shape())),
            values: self.values.as_ref().map(|values| Box::new(values.shape())),
            ..self.clone()
        }
    }
}

/// A named schema: exactly one of `fields`, `enum`, `union` or `untagged`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Schema {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub docs: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fields: Option<IndexMap<String, Type>>,
    /// With `fields`: the type of every other key's value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extra: Option<Type>,
    /// Strings, integers or booleans, as the description lists them.
    #[serde(rename = "enum", skip_serializing_if = "Option::is_none")]
    pub enum_values: Option<Vec<Value>>,
    /// Rust variant names of enum values the generator cannot name (or names alike).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rust_names: Option<IndexMap<String, String>>,
    /// With `union`: the property whose value names the kind.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub discriminator: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub union: Option<IndexMap<String, Type>>,
    /// A union with no tag: variant name -> type, tried in order.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub untagged: Option<IndexMap<String, Type>>,
    #[serde(skip_serializing_if = "is_false")]
    pub deprecated: bool,
    /// A variant of this union admits `null`, which the format's variants cannot say:
    /// every use of the union is `nullable` instead. Not written.
    #[serde(skip)]
    pub admits_null: bool,
}

impl Schema {
    /// The shape alone, without docs and examples: two schemas the overlay gives one name
    /// must have the same shape.
    pub fn shape(&self) -> String {
        let strip = |types: &Option<IndexMap<String, Type>>| {
            types.as_ref().map(|types| types.iter().map(|(k, t)| (k.clone(), t.shape())).collect::<IndexMap<_, _>>())
        };
        let shape = Schema {
            docs: None,
            fields: strip(&self.fields),
            union: strip(&self.union),
            untagged: strip(&self.untagged),
            extra: self.extra.as_ref().map(Type::shape),
            ..self.clone()
        };
        serde_yaml::to_string(&shape).unwrap_or_default()
    }

    /// Every type the schema holds directly (fields, kinds, `extra`): where its references are.
    pub fn types(&self) -> impl Iterator<Item = &Type> {
        let maps = [&self.fields, &self.union, &self.untagged].into_iter().flatten();
        maps.flat_map(IndexMap::values).chain(&self.extra)
    }

    /// [`Schema::types`], to change them.
    pub fn types_mut(&mut self) -> impl Iterator<Item = &mut Type> {
        let maps = [&mut self.fields, &mut self.union, &mut self.untagged].into_iter().flatten();
        maps.flat_map(IndexMap::values_mut).chain(&mut self.extra)
    }
}

/// One operation (`resources.<path>.operations.<name>`).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Operation {
    pub method: String,
    pub path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub docs: Option<String>,
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub path_params: IndexMap<String, Type>,
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub query: IndexMap<String, Type>,
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub headers: IndexMap<String, Type>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<Type>,
    /// `bytes` for a raw body (JSON is the default).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body_encoding: Option<String>,
    #[serde(skip_serializing_if = "is_false")]
    pub body_optional: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
    /// The parts of a multipart body, in the order sent.
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub parts: IndexMap<String, Type>,
    pub success: u16,
    /// `json`, `text` or `bytes` when the answer has no envelope.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub response: Option<String>,
    pub result: Type,
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub other_results: IndexMap<u16, Type>,
    #[serde(skip_serializing_if = "is_false")]
    pub paginated: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pagination: Option<Pagination>,
    #[serde(skip_serializing_if = "is_false")]
    pub deprecated: bool,
    /// The published deprecation message.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deprecation: Option<String>,
}

impl Operation {
    /// Every type the operation holds (parameters, parts, body, results): where its
    /// references are.
    pub fn types(&self) -> impl Iterator<Item = &Type> {
        let maps = [&self.path_params, &self.query, &self.headers, &self.parts].into_iter();
        let results = self.other_results.values().chain([&self.result]);
        maps.flat_map(IndexMap::values).chain(&self.body).chain(results)
    }

    /// [`Operation::types`], to change them.
    pub fn types_mut(&mut self) -> impl Iterator<Item = &mut Type> {
        let maps = [&mut self.path_params, &mut self.query, &mut self.headers, &mut self.parts].into_iter();
        let results = self.other_results.values_mut().chain([&mut self.result]);
        maps.flat_map(IndexMap::values_mut).chain(&mut self.body).chain(results)
    }
}

/// How a paginated list is walked when not by `page` numbers.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Pagination {
    pub style: String,
    pub param: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit_param: Option<String>,
}

/// A handle of the client tree.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Resource {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub docs: Option<String>,
    /// In the order of [`method_order`].
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub operations: IndexMap<String, Operation>,
}

/// The order of a handle's methods: the usual CRUD order, then the others by name
/// (`list`, `create`, `get`, `update`, `edit`, `delete`, ...), as the official SDKs list them.
pub fn method_order(name: &str) -> (usize, &str) {
    const CRUD: [&str; 6] = ["list", "create", "get", "update", "edit", "delete"];
    (CRUD.iter().position(|crud| *crud == name).unwrap_or(CRUD.len()), name)
}

/// One file of spec/.
#[derive(Debug, Default, Serialize)]
pub struct File {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub api: Option<Value>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub resources: BTreeMap<String, Resource>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub schemas: BTreeMap<String, Value>,
}

/// The first lines of every file the importer writes.
pub const HEADER: &str = "# @generated by `cargo xtask import` from openapi/ (the published description and overlay.yaml).\n# Do not edit: change openapi/overlay.yaml and run `cargo xtask import`. Format: spec/README.md.\n";

/// The text of one file: the header, then the YAML.
pub fn render(file: &File) -> Result<String, serde_yaml::Error> {
    Ok(format!("{HEADER}\n{}", serde_yaml::to_string(file)?))
}

fn is_false(value: &bool) -> bool {
    !*value
}
