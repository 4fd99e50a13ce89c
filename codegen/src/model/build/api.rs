//! The `api` section: settings of the whole API and its credentials.

use std::collections::{BTreeMap, BTreeSet};

use super::{at, child, At, Builder};
use crate::model::{Api, AuthHeader, AuthScheme, FamilyLevel};
use crate::naming;
use crate::spec::raw;

impl Builder<'_> {
    pub(super) fn api(&mut self, files: &[&raw::File]) -> Option<Api> {
        let mut with_api =
            files.iter().enumerate().filter_map(|(index, file)| file.api.as_ref().map(|api| (index, api)));
        let Some((index, api)) = with_api.next() else {
            // An `api` section that failed to read is already reported.
            if self.all_read && !self.files.iter().any(|loaded| loaded.declares_api) {
                let hint = Some("add `api:` to spec/api.yaml".into());
                self.error(&at(0, &[]), "no file has the `api` section", hint);
            }
            return None;
        };
        for (other, _) in with_api {
            self.error(&at(other, &["api"]), "the `api` section is already given in another file", None);
        }
        let place = at(index, &["api"]);
        self.check_settings(&place, api);
        let auth = self.auth(&place, &api.auth);
        let family_level = self.family_level(&place, api.families.as_deref());
        let error_item = self.schema_ref(&child(&place, &["envelope", "error_item"]), &api.envelope.error_item);
        let result_info = self.schema_ref(&child(&place, &["envelope", "result_info"]), &api.envelope.result_info);
        for (role, name, fields, why) in [
            ("error_item", &api.envelope.error_item, ERROR_ITEM_FIELDS, "the client shows it in its errors"),
            ("result_info", &api.envelope.result_info, RESULT_INFO_FIELDS, "the client reads it to page through lists"),
        ] {
            self.check_envelope_schema(files, &child(&place, &["envelope", role]), name, (fields, why));
        }
        Some(Api {
            crate_name: api.name.clone(),
            version: api.version.clone(),
            title: api.title.clone(),
            docs: api.docs.clone(),
            base_url: api.base_url.trim_end_matches('/').to_owned(),
            base_url_env: api.base_url_env.clone(),
            user_agent: api.user_agent.clone(),
            auth,
            error_item: error_item?,
            result_info: result_info?,
            family_level,
        })
    }

    /// `api.families`: one of [`FamilyLevel::NAMES`]; absent, the children of the top level.
    fn family_level(&mut self, place: &At, value: Option<&str>) -> FamilyLevel {
        let Some(value) = value else { return FamilyLevel::default() };
        if let Some((_, level)) = FamilyLevel::NAMES.iter().find(|(name, _)| *name == value) {
            return *level;
        }
        let names: Vec<String> = FamilyLevel::NAMES.iter().map(|(name, _)| format!("`{name}`")).collect();
        let hint = Some(format!(
            "one of {}: the children of each top-level resource, or the top-level resources themselves",
            names.join(" or ")
        ));
        self.error(&child(place, &["families"]), format!("`{value}` is not a family level"), hint);
        FamilyLevel::default()
    }

    /// Settings that end up in `Cargo.toml` or in every request must be well-formed there.
    fn check_settings(&mut self, place: &At, api: &raw::Api) {
        if !is_crate_name(&api.name) {
            let hint =
                Some("letters, digits, `-` and `_`, starting with a letter, e.g. `cloudflare-zero-trust`".into());
            self.error(&child(place, &["name"]), format!("`{}` is not a valid crate name", api.name), hint);
        }
        if !is_version(&api.version) {
            let hint = Some("a semantic version: MAJOR.MINOR.PATCH, e.g. `0.1.0`".into());
            self.error(&child(place, &["version"]), format!("`{}` is not a valid crate version", api.version), hint);
        }
        if !(api.base_url.starts_with("https://") || api.base_url.starts_with("http://"))
            || api.base_url.contains(char::is_whitespace)
        {
            let hint = Some("e.g. `https://api.example.com/v1`".into());
            self.error(&child(place, &["base_url"]), format!("`{}` is not an http(s) URL", api.base_url), hint);
        }
        if !is_header_value(&api.user_agent) {
            let message = "`user_agent` must be printable ASCII: it is sent as the `User-Agent` header";
            self.error(&child(place, &["user_agent"]), message, None);
        }
    }

    /// The runtime reads some fields of the envelope's schemas by name: they must be there,
    /// with the Rust name and type it expects.
    fn check_envelope_schema(&mut self, files: &[&raw::File], place: &At, name: &str, needs: (&[(&str, &str)], &str)) {
        let (fields, why) = needs;
        let Some((schema_at, schema)) = find_schema(files, name) else { return };
        let role = place.1.last().cloned().unwrap_or_default();
        let Some(declared) = &schema.fields else {
            let message =
                format!("the `{role}` schema `{name}` must be an object (with `fields`): the client reads its fields");
            self.error(place, message, None);
            return;
        };
        for (field, kind) in fields {
            let ok = declared.get(*field).is_some_and(|ty| {
                ty.kind.as_deref() == Some(*kind) && ty.format.as_deref() != Some("int32") && ty.rust_name.is_none()
            });
            if !ok {
                let message = format!("the `{role}` schema `{name}` needs the field `{field}: {{ type: {kind} }}`");
                let field_at = if declared.contains_key(*field) {
                    child(&schema_at, &["fields", field])
                } else {
                    schema_at.clone()
                };
                self.error(&field_at, message, Some(format!("{why}; add or fix it")));
            }
        }
    }

    fn auth(&mut self, place: &At, schemes: &[raw::Auth]) -> Vec<AuthScheme> {
        if schemes.is_empty() {
            self.error(&child(place, &["auth"]), "`auth` lists no credential kind", None);
        }
        let mut variants: BTreeMap<String, &str> = BTreeMap::new();
        let mut result = Vec::new();
        for (index, scheme) in schemes.iter().enumerate() {
            let scheme_at = child(place, &["auth", &index.to_string()]);
            let name_at = child(&scheme_at, &["name"]);
            let variant = naming::camel(&scheme.name);
            let constructor = naming::snake(&scheme.name);
            if let Some(first) = variants.insert(variant.clone(), &scheme.name) {
                let message = match first == scheme.name {
                    true => format!("credential kind `{first}` is listed twice"),
                    false => {
                        format!("credential kinds `{first}` and `{}` both become `Credentials::{variant}`", scheme.name)
                    }
                };
                self.error(&name_at, message, None);
            } else if naming::CREDENTIALS_METHODS.contains(&constructor.as_str()) {
                let message =
                    format!("credential kind `{}` takes the name of a method `Credentials` already has", scheme.name);
                self.error(&name_at, message, Some(format!("choose another name, e.g. `{constructor}_auth`")));
            }
            if scheme.headers.is_empty() {
                self.error(&child(&scheme_at, &["headers"]), "a credential kind needs at least one header", None);
            }
            let headers = self.auth_headers(&scheme_at, &scheme.headers);
            result.push(AuthScheme { variant, constructor, docs: scheme.docs.clone(), headers });
        }
        result
    }

    fn auth_headers(&mut self, scheme_at: &At, headers: &[raw::AuthHeader]) -> Vec<AuthHeader> {
        let mut fields = BTreeSet::new();
        let mut result = Vec::new();
        for (index, header) in headers.iter().enumerate() {
            let header_at = child(scheme_at, &["headers", &index.to_string()]);
            if !is_header_name(&header.header) {
                let message = format!("`{}` is not a valid HTTP header name", header.header);
                self.error(
                    &child(&header_at, &["header"]),
                    message,
                    Some("e.g. `Authorization` or `X-Auth-Key`".into()),
                );
            }
            if !header.prefix.as_deref().is_none_or(is_header_value) {
                self.error(
                    &child(&header_at, &["prefix"]),
                    "`prefix` must be printable ASCII: it is sent in a header",
                    None,
                );
            }
            let field = naming::field(&naming::snake(&header.field));
            if !fields.insert(field.clone()) {
                let message = format!("two headers of this credential kind have the field `{field}`");
                self.error(&child(&header_at, &["field"]), message, None);
            }
            result.push(AuthHeader {
                header: header.header.clone(),
                field,
                prefix: header.prefix.clone().unwrap_or_default(),
                secret: header.secret,
                env: header.env.clone(),
                docs: header.docs.clone(),
            });
        }
        result
    }
}

/// The fields of `api.envelope.error_item` the runtime reads (`runtime/error.rs`).
const ERROR_ITEM_FIELDS: &[(&str, &str)] = &[("code", "integer"), ("message", "string")];

/// The fields of `api.envelope.result_info` the runtime reads to page (`runtime/page.rs`).
const RESULT_INFO_FIELDS: &[(&str, &str)] =
    &[("per_page", "integer"), ("total_pages", "integer"), ("total_count", "integer")];

/// The first definition of the schema `name`, and where it is.
fn find_schema<'f>(files: &[&'f raw::File], name: &str) -> Option<(At, &'f raw::Schema)> {
    files
        .iter()
        .enumerate()
        .find_map(|(index, file)| file.schemas.get(name).map(|schema| (at(index, &["schemas", name]), schema)))
}

fn is_crate_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// MAJOR.MINOR.PATCH with an optional `-pre` and `+build`, as Cargo requires.
fn is_version(version: &str) -> bool {
    let (core, _build) = version.split_once('+').unwrap_or((version, ""));
    let (core, _pre) = core.split_once('-').unwrap_or((core, ""));
    let parts: Vec<&str> = core.split('.').collect();
    let tail_ok = version.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '+'));
    tail_ok
        && parts.len() == 3
        && parts.iter().all(|part| {
            !part.is_empty() && part.chars().all(|c| c.is_ascii_digit()) && (part.len() == 1 || !part.starts_with('0'))
        })
}

/// An HTTP token (RFC 9110): what a header name may be made of.
fn is_header_name(name: &str) -> bool {
    !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c))
}

fn is_header_value(value: &str) -> bool {
    value.chars().all(|c| c == ' ' || c.is_ascii_graphic())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validates_cargo_and_http_names() {
        assert!(
            is_crate_name("cloudflare-zero-trust")
                && !is_crate_name("1x")
                && !is_crate_name("a b")
                && !is_crate_name("")
        );
        assert!(is_version("0.1.0") && is_version("1.2.3-beta.1+build.5"));
        assert!(!is_version("1.0") && !is_version("01.0.0") && !is_version("1.0.0\"") && !is_version(""));
        assert!(is_header_name("X-Auth-Key") && !is_header_name("X Auth") && !is_header_name(""));
        assert!(is_header_value("Bearer ") && !is_header_value("a\nb"));
    }
}
