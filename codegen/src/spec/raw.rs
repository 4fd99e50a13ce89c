//! The YAML files exactly as written: serde structs with no interpretation.
//!
//! Every struct denies unknown keys, so a misspelt key is an error with a position.
//! Values that need checking against a closed set (`type`, `method`) stay strings here,
//! so the validator can point at them and suggest the right spelling.

use indexmap::IndexMap;
use serde::Deserialize;

/// One file of `spec/`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct File {
    pub api: Option<Api>,
    #[serde(default)]
    pub resources: IndexMap<String, Resource>,
    #[serde(default)]
    pub schemas: IndexMap<String, Schema>,
}

/// Settings of the whole API (`api:`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Api {
    pub name: String,
    pub version: String,
    pub title: String,
    pub docs: Option<String>,
    pub base_url: String,
    pub base_url_env: Option<String>,
    pub user_agent: String,
    pub auth: Vec<Auth>,
    pub envelope: Envelope,
    /// Which resources are the families (cargo features): `children` of the top-level
    /// resources (the default) or the `top_level` resources themselves.
    pub families: Option<String>,
}

/// One kind of credential (`api.auth[]`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Auth {
    pub name: String,
    pub docs: Option<String>,
    pub headers: Vec<AuthHeader>,
}

/// One header a credential sends (`api.auth[].headers[]`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuthHeader {
    pub header: String,
    pub field: String,
    pub prefix: Option<String>,
    #[serde(default)]
    pub secret: bool,
    pub env: Option<String>,
    pub docs: Option<String>,
}

/// The schemas of the response envelope (`api.envelope`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Envelope {
    pub error_item: String,
    pub result_info: String,
}

/// A handle of the client tree (`resources.<dotted.path>`).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Resource {
    pub docs: Option<String>,
    #[serde(default)]
    pub operations: IndexMap<String, Operation>,
}

/// One API operation (`resources.<path>.operations.<name>`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Operation {
    pub method: String,
    pub path: String,
    pub docs: Option<String>,
    #[serde(default)]
    pub path_params: IndexMap<String, Type>,
    #[serde(default)]
    pub query: IndexMap<String, Type>,
    pub body: Option<Type>,
    pub success: u16,
    pub result: Type,
    #[serde(default)]
    pub paginated: bool,
    #[serde(default)]
    pub deprecated: bool,
    /// Header parameters, sent with the call (`cf-r2-jurisdiction`).
    #[serde(default)]
    pub headers: IndexMap<String, Type>,
    /// How the response body is read: `envelope` (the default), `json`, `text` or `bytes`.
    pub response: Option<String>,
    /// How the request body is sent: `json` (the default) or `bytes`.
    pub body_encoding: Option<String>,
    /// The body may be left out: the argument is an `Option`.
    #[serde(default)]
    pub body_optional: bool,
    /// The `content-type` of the body, in place of `application/json` (or
    /// `application/octet-stream` for bytes).
    pub content_type: Option<String>,
    /// The published deprecation message (implies `deprecated`).
    pub deprecation: Option<String>,
    /// How a paginated list is walked, when not by `page` numbers.
    pub pagination: Option<Pagination>,
    /// The results of other success statuses than `success`, each with its own type; the
    /// keys are statuses, checked by the builder (so a bad one is reported where it is).
    #[serde(default)]
    pub other_results: IndexMap<String, Type>,
    /// The parts of a `body_encoding: multipart` body, by part name.
    #[serde(default)]
    pub parts: IndexMap<String, Type>,
}

/// How a paginated list is walked (`operations.<name>.pagination`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pagination {
    /// `page` (the default), `cursor` or `offset`.
    pub style: Option<String>,
    /// The query parameter that asks for the next page: the cursor, or the offset.
    pub param: Option<String>,
    /// `cursor`: where the next cursor is, as a dotted path in the response body
    /// (`result_info.cursor`, or `result.cursor` beside nested `items`).
    pub cursor: Option<String>,
    /// `offset`: the query parameter that sets the page size.
    pub limit_param: Option<String>,
    /// The list is the array at this key of the `result` object, not `result` itself.
    pub items: Option<String>,
}

/// A named type (`schemas.<Name>`): exactly one of `fields`, `enum` or `union`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Schema {
    pub docs: Option<String>,
    pub fields: Option<IndexMap<String, Type>>,
    #[serde(rename = "enum")]
    pub enum_values: Option<Vec<EnumLiteral>>,
    pub union: Option<IndexMap<String, Type>>,
    #[serde(default)]
    pub deprecated: bool,
    /// Explicit Rust variant names of enum values, by the value as written (`"==": Eq`).
    pub rust_names: Option<IndexMap<String, String>>,
    /// With `union`: the property whose value names the kind (`type`); the union's keys are
    /// then its values, and each variant's object carries it beside its own fields.
    pub discriminator: Option<String>,
    /// A union with no tag: Rust variant name -> type, tried in the order written.
    pub untagged: Option<IndexMap<String, Type>>,
    /// With `fields`: the type of the value of every other key (a map beside the fields).
    pub extra: Option<Type>,
}

/// One value of an `enum`: a string, an integer or a boolean, as JSON has it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum EnumLiteral {
    Boolean(bool),
    Integer(i64),
    String(String),
}

impl EnumLiteral {
    /// The value as text: its JSON string contents, or its JSON spelling (`256`, `false`).
    pub fn text(&self) -> String {
        match self {
            EnumLiteral::Boolean(value) => value.to_string(),
            EnumLiteral::Integer(value) => value.to_string(),
            EnumLiteral::String(value) => value.clone(),
        }
    }
}

/// A type use: a field, a parameter, a body, a result, an item or a union variant.
///
/// One struct for all of them keeps the YAML uniform; the validator rejects keys
/// that make no sense in a given place (e.g. `required` on array items).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Type {
    #[serde(rename = "ref")]
    pub reference: Option<String>,
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub format: Option<String>,
    pub items: Option<Box<Type>>,
    pub values: Option<Box<Type>>,
    pub docs: Option<String>,
    #[serde(default)]
    pub required: bool,
    #[serde(default)]
    pub nullable: bool,
    pub rust_name: Option<String>,
    pub default: Option<serde_yaml::Value>,
    pub example: Option<serde_yaml::Value>,
    #[serde(default)]
    pub deprecated: bool,
    /// Query parameters of `type: array`: `false` sends the values once, joined by commas;
    /// the default sends the parameter once per value.
    pub explode: Option<bool>,
    /// Path parameters: `/` in the value separates path segments instead of being encoded.
    #[serde(default)]
    pub allow_reserved: bool,
    /// Why a deprecated field is deprecated and what to use instead (the published
    /// `x-stainless-deprecation-message`); implies `deprecated: true`.
    pub deprecation: Option<String>,
}
