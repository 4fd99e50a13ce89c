//! The overlay: every decision a person made on top of the published description.
//!
//! It is small and each entry is documented in the file itself (`openapi/overlay.yaml`).
//! Unknown keys are errors, so a misspelt entry never passes silently, and an entry that
//! matches nothing is reported too (a stale overlay is a diagnostic, not a no-op).

use std::collections::BTreeMap;

use indexmap::IndexMap;
use serde::Deserialize;
use serde_yaml::Value;

use super::error::Problems;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Overlay {
    /// The `api` settings of the generated crate, written verbatim into `api.yaml`.
    pub api: Option<Value>,
    /// Schemas the description does not have in a usable form (the envelope's), written
    /// verbatim into `api.yaml`.
    #[serde(default)]
    pub schemas: IndexMap<String, Value>,
    /// The operations to import, as `METHOD /path`. Empty: none (use `--all` for every one).
    #[serde(default)]
    pub select: Vec<String>,
    /// Resource-path prefixes to move: `zt_risk_scoring: zero_trust.risk_scoring`.
    #[serde(default)]
    pub moves: BTreeMap<String, String>,
    /// Per operation (`METHOD /path`): another resource or method name.
    #[serde(default)]
    pub operations: BTreeMap<String, OperationFix>,
    /// Docs of resources (handles), which the description does not have.
    #[serde(default)]
    pub resources: BTreeMap<String, String>,
    /// Schema renames: the importer's name -> the name to publish.
    #[serde(default)]
    pub renames: BTreeMap<String, String>,
    /// Per field (`Schema.json_name`, after renames): corrections.
    #[serde(default)]
    pub fields: BTreeMap<String, FieldFix>,
    /// Docs of parameters (by name) that the description leaves undocumented.
    #[serde(default)]
    pub parameter_docs: BTreeMap<String, String>,
    /// Per schema (after renames): docs to use instead of the description's.
    #[serde(default)]
    pub schema_docs: BTreeMap<String, String>,
    /// Per enum schema (after renames): Rust names of its values, by the value as text.
    #[serde(default)]
    pub enum_names: BTreeMap<String, EnumNames>,
    /// Which spec file a resource goes to: the longest matching resource-path prefix wins;
    /// otherwise the first segment of the path names the file.
    #[serde(default)]
    pub files: BTreeMap<String, String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OperationFix {
    /// The resource path (dotted, snake_case).
    pub resource: Option<String>,
    /// The method name (snake_case).
    pub name: Option<String>,
    /// The type of `result`, in spec syntax, where the description's is wrong or too loose.
    pub result: Option<Value>,
    /// Whether the body may be left out, where the description's `required` is not wanted.
    pub body_optional: Option<bool>,
    /// Why: every correction says why it exists.
    pub why: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnumNames {
    /// The value as text (`"256"`) -> its Rust variant name (`Bits256`).
    pub names: IndexMap<String, String>,
    /// Why: every correction says why it exists.
    pub why: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldFix {
    pub rust_name: Option<String>,
    pub docs: Option<String>,
    /// Why: every correction says why it exists.
    pub why: String,
}

impl Overlay {
    pub fn parse(name: &str, text: &str) -> Result<Overlay, Problems> {
        serde_yaml::from_str(text).map_err(|error| {
            let at = match error.location() {
                Some(location) => format!("{name}:{}:{}", location.line(), location.column()),
                None => name.to_owned(),
            };
            Problems::one(at, format!("invalid overlay: {error}"))
        })
    }

    /// The file an imported resource goes to.
    pub fn file_of(&self, resource: &str) -> String {
        let matching = self.files.iter().filter(|(prefix, _)| {
            resource == prefix.as_str() || resource.starts_with(&format!("{prefix}."))
        });
        match matching.max_by_key(|(prefix, _)| prefix.len()) {
            Some((_, file)) => file.clone(),
            None => resource.split('.').next().unwrap_or(resource).to_owned(),
        }
    }

    /// A resource path after the overlay's prefix moves (the longest matching prefix).
    pub fn moved(&self, resource: &str) -> String {
        let matching = self.moves.iter().filter(|(prefix, _)| {
            resource == prefix.as_str() || resource.starts_with(&format!("{prefix}."))
        });
        match matching.max_by_key(|(prefix, _)| prefix.len()) {
            Some((prefix, to)) => format!("{to}{}", &resource[prefix.len()..]),
            None => resource.to_owned(),
        }
    }
}
