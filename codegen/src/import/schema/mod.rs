//! Schemas: OpenAPI schema objects lowered to spec types and named schemas.
//!
//! One pass per node, memoized per component so the whole document is linear:
//! `$ref` resolved (siblings honoured), `allOf` merged, inline objects and enums named from
//! where they sit and deduplicated when identical, alias components inlined.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde_yaml::{Mapping, Value};

pub mod dedup;
mod enums;
mod kinds;
mod unions;

use super::doc::{child, flag, text, Doc};
use super::error::Problem;
use super::lower::Lowered;
use super::names;
use super::out::{Schema, Type};

/// A named schema and what its import lowered.
pub struct Named {
    pub schema: Schema,
    /// The pointer it came from (for collision diagnostics).
    pub origin: String,
    /// Lowerings inside this schema's own body (not in the schemas it refers to).
    pub notes: Vec<String>,
}

enum Component {
    InProgress(String),
    Named(String),
    Alias(Box<Type>),
    Failed(Problem),
}

/// What a schema node becomes: a type use, or a schema that needs a name.
// A `Shape` lives only between lowering a node and registering or returning it; boxing the
// larger variant would allocate once per named schema for nothing.
#[allow(clippy::large_enum_variant)]
enum Shape {
    Use(Type),
    Named(Schema),
}

pub struct Lowerer<'d> {
    doc: &'d Doc,
    renames: &'d BTreeMap<String, String>,
    components: HashMap<String, Component>,
    shapes: HashMap<String, String>,
    pub schemas: BTreeMap<String, Named>,
    /// Renames of the overlay that were used.
    pub renamed: BTreeSet<String>,
    /// Names taken by the overlay's own schemas.
    pub reserved: Vec<String>,
    /// Notes of the schema being lowered (a stack: one frame per schema in progress).
    frames: Vec<Vec<String>>,
    aliases: Vec<String>,
}

impl<'d> Lowerer<'d> {
    pub fn new(doc: &'d Doc, renames: &'d BTreeMap<String, String>) -> Self {
        Lowerer {
            doc,
            renames,
            components: HashMap::new(),
            shapes: HashMap::new(),
            schemas: BTreeMap::new(),
            renamed: BTreeSet::new(),
            reserved: Vec::new(),
            frames: vec![Vec::new()],
            aliases: Vec::new(),
        }
    }

    /// Starts an operation: its own lowerings are collected apart.
    pub fn begin(&mut self) {
        self.frames = vec![Vec::new()];
    }

    /// The lowerings noted outside any named schema since `begin`.
    pub fn take_notes(&mut self) -> Vec<String> {
        std::mem::take(&mut self.frames[0])
    }

    /// Whether `name` is a schema a parameter may take: a string enum (imported or the overlay's).
    pub fn is_enum(&self, name: &str) -> bool {
        self.reserved.iter().any(|taken| taken == name)
            || self.schemas.get(name).is_some_and(|named| named.schema.enum_values.is_some())
    }

    /// Whether every schema `written` names exists (a failed recursive schema may not).
    pub fn known(&self, name: &str) -> bool {
        self.reserved.iter().any(|taken| taken == name) || self.schemas.contains_key(name)
    }

    /// Gives schema `name` docs when the description gave it none.
    pub fn describe(&mut self, name: &str, docs: String) {
        if let Some(named) = self.schemas.get_mut(name) {
            named.schema.docs.get_or_insert(docs);
        }
    }

    /// Whether schema `name` is a union with a variant that admits `null`.
    fn admits_null(&self, name: &str) -> bool {
        self.schemas.get(name).is_some_and(|named| named.schema.admits_null)
    }

    pub fn note(&mut self, note: String) {
        if let Some(frame) = self.frames.last_mut() {
            frame.push(note);
        }
    }

    fn apply(&mut self, lowered: Lowered) -> Type {
        self.note(lowered.note);
        lowered.written
    }

    /// Lowers the schema `node` at `pointer`; `hint` names inline types found there.
    pub fn lower(&mut self, node: &Value, pointer: &str, hint: &str) -> Result<Type, Problem> {
        if node.get("$ref").is_none() {
            return self.lower_inline(node, pointer, hint);
        }
        let reference = text(node, "$ref").ok_or_else(|| Problem::new(child(pointer, "$ref"), "`$ref` must be a string"))?;
        let mut written = match reference.strip_prefix("#/components/schemas/") {
            Some(component) if !component.contains('/') => self.component(node, pointer, component)?,
            _ => {
                let (target, target_pointer) = self.doc.deref(node, pointer)?;
                self.alias(target, &target_pointer, hint)?
            }
        };
        // Siblings of `$ref` describe this use of the target.
        if let Some(docs) = text(node, "description") {
            written.docs = Some(docs.to_owned());
        }
        written.nullable |= flag(node, "nullable");
        deprecate(&mut written, node);
        if let Some(example) = node.get("example") {
            written.example = Some(example.clone());
        }
        if let Some(default) = node.get("default") {
            written.default = Some(default.clone());
        }
        Ok(written)
    }

    /// A reference to a component schema: its name, or its inlined type for an alias.
    fn component(&mut self, node: &Value, pointer: &str, component: &str) -> Result<Type, Problem> {
        let (target, target_pointer) = self.doc.deref(node, pointer)?;
        match self.components.get(&target_pointer) {
            Some(Component::Named(name) | Component::InProgress(name)) => {
                let mut written = Type::named(name);
                written.nullable = nullable(target) || self.admits_null(name);
                written.docs = text(target, "description").map(str::to_owned);
                return Ok(written);
            }
            Some(Component::Alias(written)) => return Ok((**written).clone()),
            Some(Component::Failed(problem)) => return Err(problem.clone()),
            None => {}
        }
        let own = target_pointer.rsplit('/').next().unwrap_or(component).replace("~1", "/").replace("~0", "~");
        let name = self.publish(&names::camel(&own));
        self.components.insert(target_pointer.clone(), Component::InProgress(name.clone()));
        self.frames.push(Vec::new());
        let shape = self.shape(target, &target_pointer, &own);
        let notes = self.frames.pop().unwrap_or_default();
        let state = match shape {
            Ok(Shape::Named(schema)) => match self.register(&name, schema, &target_pointer, notes) {
                Ok(()) => Component::Named(name),
                Err(problem) => Component::Failed(problem),
            },
            Ok(Shape::Use(written)) => {
                // An alias: inlined at each use, its lowerings noted at each use.
                for note in notes {
                    self.note(note);
                }
                Component::Alias(Box::new(written))
            }
            Err(problem) => Component::Failed(problem),
        };
        self.components.insert(target_pointer.clone(), state);
        self.component(node, pointer, component)
    }

    /// A reference to something that is not a component schema: inlined, cycles refused.
    fn alias(&mut self, target: &Value, pointer: &str, hint: &str) -> Result<Type, Problem> {
        if self.aliases.iter().any(|seen| seen == pointer) {
            return Err(Problem::new(pointer, "`$ref` cycle through schemas that have no name"));
        }
        self.aliases.push(pointer.to_owned());
        let written = self.lower_inline(target, pointer, hint);
        self.aliases.pop();
        written
    }

    fn lower_inline(&mut self, node: &Value, pointer: &str, hint: &str) -> Result<Type, Problem> {
        match self.shape(node, pointer, hint)? {
            Shape::Use(written) => Ok(written),
            Shape::Named(schema) => {
                let key = serde_yaml::to_string(&schema).unwrap_or_default();
                let name = match self.shapes.get(&key) {
                    Some(existing) => existing.clone(),
                    None => {
                        let name = self.publish(&names::camel(hint));
                        self.register(&name, schema, pointer, Vec::new())?;
                        name
                    }
                };
                let mut written = Type::named(&name);
                written.nullable = nullable(node) || self.admits_null(&name);
                // As for a component: the use carries the named type's docs.
                written.docs = self.schemas.get(&name).and_then(|named| named.schema.docs.clone());
                Ok(written)
            }
        }
    }

    /// The importer's name after the overlay's renames.
    fn publish(&mut self, name: &str) -> String {
        match self.renames.get(name) {
            Some(renamed) => {
                self.renamed.insert(name.to_owned());
                renamed.clone()
            }
            None => name.to_owned(),
        }
    }

    fn register(&mut self, name: &str, schema: Schema, origin: &str, notes: Vec<String>) -> Result<(), Problem> {
        if self.reserved.iter().any(|taken| taken == name) {
            return Err(Problem::new(
                origin,
                format!("name collision: schema `{name}` is also a schema of the overlay; rename one in `renames`"),
            ));
        }
        if let Some(existing) = self.schemas.get(name) {
            // The same shape under one name (the overlay renamed two alike schemas to it):
            // one type, with the first one's docs.
            if existing.schema.shape() == schema.shape() {
                return Ok(());
            }
            return Err(Problem::new(
                origin,
                format!(
                    "name collision: schema `{name}` is also the name of {}; give one another name in the overlay's `renames`",
                    existing.origin
                ),
            ));
        }
        let key = serde_yaml::to_string(&schema).unwrap_or_default();
        self.shapes.entry(key).or_insert_with(|| name.to_owned());
        self.schemas.insert(name.to_owned(), Named { schema, origin: origin.to_owned(), notes });
        Ok(())
    }

    /// What one (non-reference) schema node is.
    fn shape(&mut self, node: &Value, pointer: &str, hint: &str) -> Result<Shape, Problem> {
        if !node.is_mapping() {
            return match node.as_bool() {
                Some(true) => Ok(Shape::Use(Type::scalar("json"))),
                _ => Err(Problem::new(pointer, "a schema must be an object")),
            };
        }
        if node.get("$ref").is_some() {
            let written = self.lower(node, pointer, hint)?;
            return Ok(Shape::Use(written));
        }
        let mut shape = if let Some(members) = node.get("allOf") {
            self.all_of(node, members, pointer, hint)?
        } else if node.get("anyOf").is_some() || node.get("oneOf").is_some() {
            self.union(node, pointer, hint)?
        } else if let Some(values) = node.get("enum") {
            self.enumeration(node, values, pointer)?
        } else {
            self.typed(node, pointer, hint)?
        };
        let docs = text(node, "description").map(str::to_owned);
        match &mut shape {
            Shape::Named(schema) => {
                schema.docs = schema.docs.take().or(docs);
                schema.deprecated |= flag(node, "deprecated");
            }
            Shape::Use(written) => {
                written.docs = docs.or(written.docs.take());
                written.nullable |= nullable(node);
                deprecate(written, node);
                written.example = node.get("example").cloned();
                written.default = node.get("default").cloned();
            }
        }
        Ok(shape)
    }
}

/// Marks a use deprecated as the node says, with the published reason.
pub fn deprecate(written: &mut Type, node: &Value) {
    let message = super::operations::deprecation(node);
    written.deprecated |= flag(node, "deprecated") || message.is_some();
    if message.is_some() {
        written.deprecation = message;
    }
}

/// Whether a node admits `null`: `nullable: true` or `null` among its enum values.
fn nullable(node: &Value) -> bool {
    flag(node, "nullable")
        || node.get("enum").and_then(Value::as_sequence).is_some_and(|values| values.iter().any(Value::is_null))
}

/// The display of an enum value for docs and notes.
pub fn show(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => serde_yaml::to_string(other).unwrap_or_default().trim().to_owned(),
    }
}

/// A merged `allOf`: the members' properties and `required`, in member order.
pub struct Merged {
    pub properties: Mapping,
    pub required: Vec<Value>,
    pub description: Option<Value>,
}

impl Merged {
    pub fn into_node(self) -> Value {
        let mut node = Mapping::new();
        node.insert("type".into(), "object".into());
        node.insert("properties".into(), Value::Mapping(self.properties));
        node.insert("required".into(), Value::Sequence(self.required));
        if let Some(description) = self.description {
            node.insert("description".into(), description);
        }
        Value::Mapping(node)
    }
}
