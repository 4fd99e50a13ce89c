//! The parsed description and `$ref` resolution with JSON pointers.

use serde_yaml::Value;

use super::error::Problem;

/// The whole description, read-only.
pub struct Doc {
    pub root: Value,
}

/// Escapes one JSON pointer token (RFC 6901).
pub fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// `parent/token` with the token escaped.
pub fn child(pointer: &str, token: &str) -> String {
    format!("{pointer}/{}", escape(token))
}

impl Doc {
    /// The node a local reference (`#/components/schemas/x`) points at.
    pub fn lookup(&self, reference: &str) -> Option<&Value> {
        let path = reference.strip_prefix('#')?;
        if path.is_empty() {
            return Some(&self.root);
        }
        let mut node = &self.root;
        for raw in path.strip_prefix('/')?.split('/') {
            let token = raw.replace("~1", "/").replace("~0", "~");
            node = match node {
                Value::Mapping(map) => map.get(token.as_str())?,
                Value::Sequence(items) => items.get(token.parse::<usize>().ok()?)?,
                _ => return None,
            };
        }
        Some(node)
    }

    /// Follows `$ref` chains from `node` (at `pointer`) to a node that is not a reference.
    ///
    /// Returns the node, its pointer, and the pointers of the references followed (so the
    /// caller can honour their siblings). A chain that loops, or a target that does not
    /// exist, is a problem at the reference.
    pub fn deref<'a>(&'a self, node: &'a Value, pointer: &str) -> Result<(&'a Value, String), Problem> {
        let mut node = node;
        let mut pointer = pointer.to_owned();
        let mut seen: Vec<String> = Vec::new();
        while let Some(reference) = node.get("$ref") {
            let Some(reference) = reference.as_str() else {
                return Err(Problem::new(child(&pointer, "$ref"), "`$ref` must be a string"));
            };
            if seen.iter().any(|earlier| earlier == reference) {
                return Err(Problem::new(pointer, format!("`$ref` cycle: {} -> {reference}", seen.join(" -> "))));
            }
            let Some(target) = self.lookup(reference) else {
                return Err(Problem::new(child(&pointer, "$ref"), format!("dangling `$ref`: nothing at {reference}")));
            };
            seen.push(reference.to_owned());
            node = target;
            pointer = reference.to_owned();
        }
        Ok((node, pointer))
    }

    /// The operations of the description in a stable order: by path, then method.
    pub fn operations(&self) -> Vec<(String, String, &Value)> {
        let mut operations = Vec::new();
        let Some(Value::Mapping(paths)) = self.root.get("paths") else { return operations };
        for (path, item) in paths {
            let (Some(path), Value::Mapping(item)) = (path.as_str(), item) else { continue };
            for (method, operation) in item {
                let Some(method) = method.as_str() else { continue };
                if METHODS.contains(&method) {
                    operations.push((path.to_owned(), method.to_ascii_uppercase(), operation));
                }
            }
        }
        operations.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
        operations
    }
}

/// The HTTP methods an OpenAPI path item may hold.
pub const METHODS: [&str; 8] = ["get", "put", "post", "delete", "patch", "head", "options", "trace"];

/// A string value of a mapping, if any.
pub fn text<'a>(node: &'a Value, key: &str) -> Option<&'a str> {
    node.get(key).and_then(Value::as_str)
}

/// A boolean value of a mapping, false when absent.
pub fn flag(node: &Value, key: &str) -> bool {
    node.get(key).and_then(Value::as_bool).unwrap_or(false)
}
