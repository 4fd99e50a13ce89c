//! Where an operation sits in the client tree: resource path and method name.
//!
//! From the description's SDK hints (`x-fern-sdk-group-name` / `x-fern-sdk-method-name`,
//! the shape of the official SDKs) when present, else from the path's literal segments and
//! the HTTP method. The overlay corrects both afterwards.

use serde_yaml::Value;

use super::doc::text;
use super::names::snake;

/// The scope prefixes of Cloudflare paths, left out of resource paths.
const SCOPES: [&str; 3] = ["accounts", "zones", "{accounts_or_zones}"];

/// The resource path and method name of an operation.
pub fn place(path: &str, method: &str, operation: &Value) -> (String, String) {
    let group = text(operation, "x-fern-sdk-group-name");
    let name = text(operation, "x-fern-sdk-method-name");
    if let (Some(group), Some(name)) = (group, name) {
        let resource: Vec<String> = group.split('.').map(snake).collect();
        return (resource.join("."), snake(name));
    }
    (from_path(path), verb(path, method))
}

/// The place the path alone gives (literal segments and the verb), ignoring SDK hints.
pub fn by_path(path: &str, method: &str) -> (String, String) {
    (from_path(path), verb(path, method))
}

/// The literal segments after the scope (`/accounts/{account_id}/access/users` -> `access.users`).
fn from_path(path: &str) -> String {
    let segments: Vec<&str> = path.split('/').filter(|segment| !segment.is_empty()).collect();
    let skip = match segments.first() {
        Some(first) if SCOPES.contains(first) => 2,
        _ => 0,
    };
    let literal: Vec<String> =
        segments.iter().skip(skip).filter(|segment| !segment.contains('{')).map(|segment| snake(segment)).collect();
    if literal.is_empty() {
        return snake(segments.first().copied().unwrap_or("root"));
    }
    literal.join(".")
}

/// The method name from the HTTP method and whether the path ends in a parameter.
fn verb(path: &str, method: &str) -> String {
    let on_item = path.trim_end_matches('/').ends_with('}');
    match (method, on_item) {
        ("GET", true) => "get",
        ("GET", false) => "list",
        ("POST", _) => "create",
        ("PUT", _) => "update",
        ("PATCH", _) => "edit",
        ("DELETE", _) => "delete",
        _ => "call",
    }
    .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_without_hints_use_literal_segments_and_the_verb() {
        let none = Value::Null;
        let at = "/accounts/{account_id}/zt_risk_scoring/integrations/{integration_id}";
        assert_eq!(place(at, "GET", &none), ("zt_risk_scoring.integrations".into(), "get".into()));
        assert_eq!(place("/{accounts_or_zones}/{id}/access/apps", "GET", &none), ("access.apps".into(), "list".into()));
        assert_eq!(place("/accounts/{id}/a-b/c", "PATCH", &none), ("a_b.c".into(), "edit".into()));
    }
}
