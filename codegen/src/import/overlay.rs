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
    /// Single operations to import, as `METHOD /path`, beside those `select_by` rules pick.
    /// Both empty: none (use `--all` for every one).
    #[serde(default)]
    pub select: Vec<String>,
    /// Rules selecting many operations at once (by SDK group, or by path for operations
    /// without one).
    #[serde(default)]
    pub select_by: Vec<SelectRule>,
    /// Resource-path prefixes to move: `zt_risk_scoring: zero_trust.risk_scoring`.
    #[serde(default)]
    pub moves: BTreeMap<String, String>,
    /// The leading resource path (`zero_trust`) that the names of inline types leave out:
    /// they are named after the operation's place, and every operation of the crate is under
    /// it, so it would only make every such name longer (`ZeroTrustAccessGroupsCreateBody`).
    pub inline_names_root: Option<String>,
    /// Prefixes of component names to shorten before naming them
    /// (`digital-experience-monitoring_`: `dex_`): the longest matching prefix.
    #[serde(default)]
    pub component_prefixes: BTreeMap<String, String>,
    /// Where to write the cut of the description Prism serves (the imported operations and
    /// the components they reach), relative to the overlay's directory. Not with `--all`.
    pub cut: Option<String>,
    /// Operations (`METHOD /path`) whose generated Prism tests fail for a reason outside this
    /// crate (a quirk of the description, a construct the format cannot carry yet): why. The
    /// cut carries them as `x-known-failures`; the tests report them, and fail when one passes.
    #[serde(default)]
    pub prism_known_failures: BTreeMap<String, String>,
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

/// A rule selecting operations: those whose `x-fern-sdk-group-name` starts with `group`
/// (a whole dotted segment: `zero-trust` takes `zero-trust.access`, not `zero-trustee`), or
/// those without a group whose first path segment after the scope (`/accounts/{account_id}`,
/// `/{accounts_or_zones}/{account_or_zone_id}`) is one of `path_segments`. One of the two.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SelectRule {
    pub group: Option<String>,
    #[serde(default)]
    pub path_segments: Vec<String>,
    /// Why: every rule says why it exists.
    pub why: String,
}

impl SelectRule {
    /// What the rule matched the operation by (the group, or the path segment), if it does.
    pub fn matches(&self, path: &str, group: Option<&str>) -> Option<String> {
        match (&self.group, group) {
            (Some(prefix), Some(group)) => {
                let rest = group.strip_prefix(prefix.as_str())?;
                (rest.is_empty() || rest.starts_with('.')).then(|| prefix.clone())
            }
            (None, None) => {
                let segment = scoped_segment(path)?;
                self.path_segments.iter().find(|wanted| wanted.as_str() == segment).cloned()
            }
            _ => None,
        }
    }
}

/// The first path segment after an account (or account-or-zone) scope.
fn scoped_segment(path: &str) -> Option<&str> {
    let mut segments = path.split('/').filter(|segment| !segment.is_empty());
    let scope = segments.next()?;
    if scope != "accounts" && scope != "{accounts_or_zones}" {
        return None;
    }
    segments.nth(1)
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
    /// The type of the body, in spec syntax, where the description's is wrong or incomplete.
    pub body: Option<Value>,
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

    /// The prefix of the names of an operation's inline types: its hinted resource path,
    /// less `inline_names_root`, and its method name, joined by `_`.
    pub fn inline_names_prefix(&self, resource: &str, method: &str) -> String {
        let root = self.inline_names_root.as_deref().unwrap_or_default();
        let rest = match resource.strip_prefix(root) {
            Some(rest) if !root.is_empty() && (rest.is_empty() || rest.starts_with('.')) => rest.trim_start_matches('.'),
            _ => resource,
        };
        [rest, method].iter().filter(|part| !part.is_empty()).map(|part| part.replace('.', "_")).collect::<Vec<_>>().join("_")
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_names_leave_out_the_root_only_as_whole_segments() {
        let overlay = Overlay { inline_names_root: Some("zero_trust".into()), ..Overlay::default() };
        assert_eq!(overlay.inline_names_prefix("zero_trust.access.groups", "create"), "access_groups_create");
        assert_eq!(overlay.inline_names_prefix("zero_trust", "list"), "list");
        assert_eq!(overlay.inline_names_prefix("zero_trustee.x", "get"), "zero_trustee_x_get");
        assert_eq!(Overlay::default().inline_names_prefix("zero_trust.seats", "edit"), "zero_trust_seats_edit");
    }
}
