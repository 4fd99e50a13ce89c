//! The resolved model: the spec after checking, with every name decided.
//!
//! Emitters read only this. Schemas live in one arena (`Model::schemas`) and are
//! referred to by [`SchemaId`], so emitting a reference never needs a lookup by name.

mod build;

use std::collections::{BTreeMap, BTreeSet};

pub use build::build;

/// Everything the emitters need, checked and resolved.
#[derive(Debug)]
pub struct Model {
    pub api: Api,
    pub schemas: Vec<Schema>,
    /// The client itself: its children are the top-level handles (`zero_trust`).
    pub root: Resource,
    /// The families (cargo features) and which of them each schema needs.
    pub families: Families,
    /// Prelude type names (`String`, `Vec`, `Option`) a schema of the same name shadows inside
    /// `types`, found once so that spelling a type never scans every schema.
    pub shadowed_prelude: std::collections::BTreeSet<String>,
}

/// The families of the API: one cargo feature per child of a top-level resource, or per
/// top-level resource (`api.families`).
#[derive(Debug, Default)]
pub struct Families {
    /// Which resources the families are.
    pub level: FamilyLevel,
    /// In the order of the resource tree.
    pub families: Vec<Family>,
    /// By schema name, the schemas compiled only with some features: the features of the
    /// families that reach them (compiled with any of them). The others always compile.
    pub schema_gates: BTreeMap<String, BTreeSet<String>>,
}

impl Families {
    /// The feature of the family whose root is the resource at `module_path`, if it is one.
    pub fn feature_of(&self, module_path: &[String]) -> Option<&str> {
        // Families are at one depth of the tree: only resources there are looked up, so the
        // lookups of a whole tree cost the square of the number of families, not of resources.
        if module_path.len() != self.level.depth() {
            return None;
        }
        self.families.iter().find(|family| family.module_path == module_path).map(|family| family.feature.as_str())
    }
}

/// One family: a child of a top-level resource (or a top-level resource), and its cargo feature.
#[derive(Debug)]
pub struct Family {
    /// The cargo feature (`access`).
    pub feature: String,
    /// Module path of the family's resource (`["zero_trust", "access"]`).
    pub module_path: Vec<String>,
    /// The top-level resource it belongs to (`zero_trust`; a top-level family's own segment).
    pub parent: String,
    pub docs: Option<String>,
    /// Operations of the family's resource and its descendants.
    pub operations: usize,
}

impl Model {
    pub fn schema(&self, id: SchemaId) -> &Schema {
        &self.schemas[id.0]
    }
}

/// Index of a schema in [`Model::schemas`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SchemaId(pub usize);

/// Settings of the whole API.
#[derive(Debug)]
pub struct Api {
    pub crate_name: String,
    pub version: String,
    pub title: String,
    pub docs: Option<String>,
    pub base_url: String,
    pub base_url_env: Option<String>,
    pub user_agent: String,
    pub auth: Vec<AuthScheme>,
    pub error_item: SchemaId,
    pub result_info: SchemaId,
    /// Which resources are the families (`api.families`).
    pub family_level: FamilyLevel,
}

/// Which resources of the tree are families, each with its cargo feature.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum FamilyLevel {
    /// The children of each top-level resource (`zero_trust.access`): right for a crate
    /// with one top-level resource.
    #[default]
    Children,
    /// The top-level resources themselves (`dns`, `zero_trust`): right for a crate of many
    /// products, such as the whole API.
    TopLevel,
}

impl FamilyLevel {
    /// The spellings of `api.families`, in the order the hint lists them.
    pub const NAMES: [(&'static str, FamilyLevel); 2] =
        [("children", FamilyLevel::Children), ("top_level", FamilyLevel::TopLevel)];

    /// How many segments the module path of a family's resource has.
    pub fn depth(self) -> usize {
        match self {
            FamilyLevel::Children => 2,
            FamilyLevel::TopLevel => 1,
        }
    }
}

/// One kind of credential: a variant of the generated `Credentials` enum.
#[derive(Debug)]
pub struct AuthScheme {
    /// `ApiToken`
    pub variant: String,
    /// `api_token`
    pub constructor: String,
    pub docs: Option<String>,
    pub headers: Vec<AuthHeader>,
}

/// A header a credential sends, and the variant field it takes its value from.
#[derive(Debug)]
pub struct AuthHeader {
    pub header: String,
    pub field: String,
    pub prefix: String,
    pub secret: bool,
    pub env: Option<String>,
    pub docs: Option<String>,
}

/// A named type.
#[derive(Debug)]
pub struct Schema {
    /// The Rust type name, also the spec name.
    pub name: String,
    /// The private module of `types` it is emitted in (the spec file's stem).
    pub module: String,
    pub docs: Option<String>,
    pub deprecated: bool,
    pub kind: SchemaKind,
    /// Reachable from a response: decoded leniently (every field optional).
    pub in_response: bool,
    /// Reachable from a request body or parameter.
    pub in_request: bool,
    /// This is the strict request twin of that shared schema (`AccessRuleParam` of
    /// `AccessRule`): requests refer to the twin, responses to the original.
    pub twin_of: Option<SchemaId>,
    /// An object's values under every key it does not declare (`extra: <type>`): a map
    /// flattened beside the fields.
    pub extra: Option<Type>,
}

#[derive(Debug, Clone)]
pub enum SchemaKind {
    Object(Vec<Field>),
    Enum(Vec<EnumValue>),
    Union(Vec<UnionVariant>),
    /// A union whose objects carry their kind in `property` (`{"type": "A", ...}`); each
    /// variant's `key` is the property's value and its type an object schema.
    Tagged { property: String, variants: Vec<UnionVariant> },
    /// A union with no tag: each variant's `key` is its Rust name; tried in order.
    Untagged(Vec<UnionVariant>),
}

impl SchemaKind {
    /// The variants of any kind of union.
    pub fn variants(&self) -> &[UnionVariant] {
        match self {
            SchemaKind::Union(variants)
            | SchemaKind::Tagged { variants, .. }
            | SchemaKind::Untagged(variants) => variants,
            SchemaKind::Object(_) | SchemaKind::Enum(_) => &[],
        }
    }

    /// The variants of any kind of union, to change their types.
    pub fn variants_mut(&mut self) -> &mut [UnionVariant] {
        match self {
            SchemaKind::Union(variants)
            | SchemaKind::Tagged { variants, .. }
            | SchemaKind::Untagged(variants) => variants,
            SchemaKind::Object(_) | SchemaKind::Enum(_) => &mut [],
        }
    }
}

/// A field of an object schema, a parameter, or anything else with a name and a type.
#[derive(Debug, Clone)]
pub struct Field {
    /// The Rust name, e.g. `azure_ad`.
    pub rust: String,
    /// The JSON or query name, e.g. `azureAD`.
    pub wire: String,
    pub ty: Type,
    pub docs: Option<String>,
    pub required: bool,
    pub nullable: bool,
    pub deprecated: bool,
    /// The published reason of a deprecated field, for `#[deprecated(note = ...)]`.
    pub deprecation: Option<String>,
    /// The format, default and example, documented under the field's docs.
    pub notes: Vec<String>,
}

/// A value of an enum.
#[derive(Debug, Clone)]
pub struct EnumValue {
    pub variant: String,
    /// The value as text: a string's contents, or the JSON spelling of a number or boolean.
    pub wire: String,
    /// The value as JSON has it.
    pub literal: crate::spec::raw::EnumLiteral,
}

/// A variant of a key-tagged union: `{ "<key>": <ty> }`.
#[derive(Debug, Clone)]
pub struct UnionVariant {
    pub variant: String,
    pub key: String,
    pub ty: Type,
    pub docs: Option<String>,
    /// The union's constructor for this kind (`AccessRule::email(..)`), unless its name is
    /// one the union already uses (`key`).
    pub constructor: Option<String>,
}

/// A type use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Type {
    String,
    Timestamp,
    Uuid,
    Integer,
    Int32,
    Number,
    Boolean,
    Json,
    Array(Box<Type>),
    Map(Box<Type>),
    Named(SchemaId),
    /// An array item or map value that may be JSON `null` (`items: { ..., nullable: true }`):
    /// `Option<T>`. Fields and parameters carry their own `nullable` flag instead.
    Nullable(Box<Type>),
    /// A member that closes a cycle of schemas holding each other inline: `Box<T>`, so the
    /// Rust type has a size.
    Boxed(Box<Type>),
}

impl Type {
    /// The schema this type names, seeing through `Box`.
    pub fn schema(&self) -> Option<SchemaId> {
        match self {
            Type::Named(id) => Some(*id),
            Type::Boxed(inner) => inner.schema(),
            _ => None,
        }
    }
}

/// A handle of the client tree and its operations.
#[derive(Debug, Default)]
pub struct Resource {
    /// Module and accessor name (`users`); empty for the root.
    pub segment: String,
    /// Handle type name (`Users`).
    pub type_name: String,
    /// Module path from `resources` (`["zero_trust", "access", "users"]`).
    pub module_path: Vec<String>,
    pub docs: Option<String>,
    pub operations: Vec<Operation>,
    pub children: Vec<Resource>,
}

/// An HTTP method the generator supports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

impl Method {
    pub const ALL: [(&'static str, Method); 5] = [
        ("GET", Method::Get),
        ("POST", Method::Post),
        ("PUT", Method::Put),
        ("PATCH", Method::Patch),
        ("DELETE", Method::Delete),
    ];

    pub fn as_str(self) -> &'static str {
        Self::ALL.iter().find(|(_, method)| *method == self).map_or("GET", |(name, _)| name)
    }
}

/// One API operation: a method of its handle.
#[derive(Debug)]
pub struct Operation {
    pub name: String,
    pub method: Method,
    pub path: String,
    pub docs: Option<String>,
    pub deprecated: bool,
    pub path_params: Vec<Field>,
    pub query: Vec<Field>,
    /// The query parameters' struct, when there are any.
    pub params_struct: Option<String>,
    pub body: Option<Type>,
    pub success: u16,
    pub result: Type,
    /// `result` may be `null` (or absent): the call returns an `Option`.
    pub result_nullable: bool,
    /// The result is one page of items with `result_info`.
    pub paginated: bool,
    /// Header parameters: fields of the params struct, sent as headers.
    pub headers: Vec<Field>,
    /// Wire names of the array query parameters sent once with their values joined by
    /// commas (`explode: false`); the others are sent once per value.
    pub joined_query: BTreeSet<String>,
    /// Wire names of the path parameters whose `/` separate segments (`allow_reserved`).
    pub slashed_path: BTreeSet<String>,
    /// How the response body is read.
    pub response: ResponseKind,
    /// The request body is bytes, not JSON.
    pub body_bytes: bool,
    /// The body argument is an `Option`.
    pub body_optional: bool,
    /// The body's `content-type`, when not the default of its encoding.
    pub content_type: Option<String>,
    /// The published deprecation message.
    pub deprecation: Option<String>,
    /// How `.into_stream()` walks the pages of a paginated result.
    pub pagination: Pagination,
    /// The items of a page are the array at this key of the `result` object.
    pub items_key: Option<String>,
    /// With results for other success statuses: the enum of results (`CreateResult`) and
    /// each status's variant, sorted by status, `success` among them.
    pub results_by_status: Option<StatusResults>,
    /// A multipart body: the struct of its parts (`UploadForm`) and the parts.
    pub form: Option<Form>,
}

/// The parts of a multipart body: the fields of a struct in the resource's module.
#[derive(Debug)]
pub struct Form {
    pub struct_name: String,
    pub parts: Vec<(Field, PartKind)>,
}

/// How a part of a multipart body is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartKind {
    /// A single value, as text.
    Text,
    /// Any value, as `application/json`.
    Json,
    /// A `FilePart` (`{ type: string, format: binary }`).
    File,
    /// One `FilePart` per file, all under the part's name (an array of binary).
    Files,
}

/// The enum of an operation's results, one variant per success status.
#[derive(Debug)]
pub struct StatusResults {
    pub enum_name: String,
    pub variants: Vec<StatusResult>,
}

/// One success status and what it returns.
#[derive(Debug)]
pub struct StatusResult {
    pub status: u16,
    /// `Ok`, `Created`, `Accepted`, ... or `Status2xx` for a status without a common name.
    pub variant: String,
    pub ty: Type,
    pub nullable: bool,
    pub docs: Option<String>,
}

/// How an operation's response body is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ResponseKind {
    /// `{success, errors, messages, result, result_info}`: the value is `result`.
    #[default]
    Envelope,
    /// The whole body is the JSON value.
    Json,
    /// The whole body, as UTF-8 text.
    Text,
    /// The whole body, as bytes.
    Bytes,
}

/// How the pages of a paginated list are walked.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Pagination {
    /// `page=1, 2, ...`, ending by `result_info`'s totals.
    #[default]
    Page,
    /// The query parameter `param` takes the cursor found at `cursor` (keys from the
    /// body's root: `result_info` or `result`) in the previous page.
    Cursor { param: String, cursor: Vec<String> },
    /// The query parameter `param` takes the number of items before the page; `limit_param`
    /// the page size.
    Offset { param: String, limit_param: String },
}
