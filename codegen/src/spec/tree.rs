//! A first, forgiving read of a YAML file into a tree of values.
//!
//! It accepts any shape and notes duplicate keys instead of failing on them (serde_yaml's own
//! `Value` stops at the first duplicate, and the typed structs silently keep one of the two).
//! Only YAML syntax errors end it. The tree is what the other checks of a broken file work on.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::fmt;

use serde::de::{DeserializeSeed, EnumAccess, IgnoredAny, MapAccess, SeqAccess, VariantAccess, Visitor};
use serde_yaml::{Mapping, Value};

/// A key given twice in one mapping: its path (ending with the key) and which appearance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duplicate {
    pub path: Vec<String>,
    /// 1 for the second appearance, 2 for the third.
    pub occurrence: usize,
}

/// A file's YAML as a tree (the first of duplicate keys kept) and its duplicate keys.
#[derive(Debug)]
pub struct Tree {
    pub value: Value,
    pub duplicates: Vec<Duplicate>,
    /// Whether a value carries a custom tag (`!foo bar`), which the tree drops.
    pub tagged: bool,
}

/// Reads `text`; fails only on a YAML syntax error (or nesting too deep to read).
pub fn read(text: &str) -> Result<Tree, serde_yaml::Error> {
    let found = Found::default();
    let seed = NodeSeed { path: Vec::new(), found: &found };
    let value = seed.deserialize(serde_yaml::Deserializer::from_str(text))?;
    Ok(Tree { value, duplicates: found.duplicates.into_inner(), tagged: found.tagged.get() })
}

/// What the read notes on its way, besides the values.
#[derive(Default)]
struct Found {
    duplicates: RefCell<Vec<Duplicate>>,
    tagged: Cell<bool>,
}

/// The text of a scalar key, as a path segment.
pub fn key_text(key: &Value) -> String {
    match key {
        Value::String(text) => text.clone(),
        Value::Number(number) => number.to_string(),
        Value::Bool(flag) => flag.to_string(),
        Value::Null => "null".to_owned(),
        _ => "?".to_owned(),
    }
}

/// Reads one node at `path`, noting duplicate keys below it.
struct NodeSeed<'a> {
    path: Vec<String>,
    found: &'a Found,
}

impl NodeSeed<'_> {
    fn child(&self, segment: String) -> Self {
        let mut path = self.path.clone();
        path.push(segment);
        NodeSeed { path, found: self.found }
    }
}

impl<'de> DeserializeSeed<'de> for NodeSeed<'_> {
    type Value = Value;

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for NodeSeed<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E>(self, value: bool) -> Result<Value, E> {
        Ok(Value::Bool(value))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Value, E> {
        Ok(Value::Number(value.into()))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Value, E> {
        Ok(Value::Number(value.into()))
    }

    fn visit_f64<E>(self, value: f64) -> Result<Value, E> {
        Ok(Value::Number(value.into()))
    }

    fn visit_str<E>(self, value: &str) -> Result<Value, E> {
        Ok(Value::String(value.to_owned()))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        self.deserialize(deserializer)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(self.child(items.len().to_string()))? {
            items.push(item);
        }
        Ok(Value::Sequence(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut mapping = Mapping::new();
        // Only keys seen twice are counted: the mapping itself says whether a key is new.
        let mut repeats: HashMap<Value, usize> = HashMap::new();
        while let Some(key) = map.next_key::<Value>()? {
            if mapping.contains_key(&key) {
                let occurrence = repeats.entry(key.clone()).or_insert(0);
                *occurrence += 1;
                let path = self.child(key_text(&key)).path;
                self.found.duplicates.borrow_mut().push(Duplicate { path, occurrence: *occurrence });
                map.next_value::<IgnoredAny>()?;
                continue;
            }
            let value = map.next_value_seed(self.child(key_text(&key)))?;
            mapping.insert(key, value);
        }
        Ok(Value::Mapping(mapping))
    }

    /// A value with a custom tag (`!foo bar`): the tag is dropped, as the typed read does.
    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Value, A::Error> {
        self.found.tagged.set(true);
        let (_tag, variant) = data.variant::<IgnoredAny>()?;
        variant.newtype_variant_seed(self)
    }
}

/// The schema names a file declares, read from its text alone (for a file that is not valid
/// YAML): the keys of the block-style `schemas:` section. `None` when that cannot be told.
pub fn declared_schemas(text: &str) -> Option<Vec<String>> {
    let mut lines = text.lines().skip_while(|line| !line.starts_with("schemas:"));
    let Some(header) = lines.next() else { return Some(Vec::new()) };
    let after = header["schemas:".len()..].trim();
    if !(after.is_empty() || after.starts_with('#')) {
        return None;
    }
    let mut names = Vec::new();
    let mut level = None;
    for line in lines {
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let indent = line.len() - trimmed.len();
        if indent == 0 {
            break;
        }
        if *level.get_or_insert(indent) == indent {
            let key = trimmed.split(':').next().unwrap_or_default().trim().trim_matches(['"', '\'']);
            names.push(key.to_owned());
        }
    }
    Some(names)
}

/// Keys whose values are not strings in the typed spec: numbers, flags and free YAML.
const TYPED_KEYS: &[&str] =
    &["success", "secret", "required", "nullable", "paginated", "deprecated", "explode", "allow_reserved", "body_optional"];
const FREE_KEYS: &[&str] = &["default", "example"];

/// Makes a tree read like the typed read of the text does: every key and every scalar in a
/// string position becomes a string (`version: 1.0` is the string `1.0` to serde_yaml's
/// typed read, but the number 1.0 in a `Value`). Also says whether the typed read of the tree is sure to equal the typed read of
/// the text. It is not when a number, flag or null stands where the spec wants a string, or
/// as a key: the text may spell it otherwise (`1.10` is `1.1` once read as a number, `True`
/// is `true`), and a typed read of the text takes the spelling as it is.
pub fn normalize_exact(value: Value) -> (Value, bool) {
    let mut exact = true;
    let value = normalize_under(value, None, &mut exact);
    (value, exact)
}

fn normalize_under(value: Value, key: Option<&str>, exact: &mut bool) -> Value {
    match value {
        Value::Mapping(mapping) => {
            let mut normalized = Mapping::with_capacity(mapping.len());
            for (key, value) in mapping {
                *exact &= key.is_string();
                let key = key_text(&key);
                if normalized.contains_key(key.as_str()) {
                    continue;
                }
                let value =
                    if FREE_KEYS.contains(&key.as_str()) { value } else { normalize_under(value, Some(&key), exact) };
                normalized.insert(Value::String(key), value);
            }
            Value::Mapping(normalized)
        }
        Value::Sequence(items) => {
            Value::Sequence(items.into_iter().map(|item| normalize_under(item, key, exact)).collect())
        }
        Value::Number(_) | Value::Bool(_) if !key.is_some_and(|key| TYPED_KEYS.contains(&key)) => {
            *exact = false;
            Value::String(key_text(&value))
        }
        Value::Null => {
            *exact = false;
            Value::Null
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_duplicate_keys_and_keeps_the_first() {
        let tree = read("schemas:\n  A: {docs: x}\n  A: {docs: y}\n  B:\n    docs: z\n    docs: w\n").unwrap();
        let paths: Vec<_> = tree.duplicates.iter().map(|dup| (dup.path.join("."), dup.occurrence)).collect();
        assert_eq!(paths, [("schemas.A".to_owned(), 1), ("schemas.B.docs".to_owned(), 1)]);
        assert_eq!(tree.value["schemas"]["A"]["docs"], Value::String("x".into()));
    }

    #[test]
    fn reads_strings_where_the_typed_read_does() {
        let value = normalize_exact(read("version: 1.0\nsuccess: 200\nenum: [1, true]\n1: x\nexample: 5\n").unwrap().value).0;
        assert_eq!(value["version"], Value::String("1.0".into()));
        assert_eq!(value["success"], Value::Number(200.into()));
        assert_eq!(value["enum"][0], Value::String("1".into()));
        assert_eq!(value["enum"][1], Value::String("true".into()));
        assert_eq!(value["1"], Value::String("x".into()));
        assert_eq!(value["example"], Value::Number(5.into()));
    }

    #[test]
    fn says_when_the_tree_may_not_spell_a_string_as_the_text_does() {
        let exact = |text: &str| {
            let tree = read(text).unwrap();
            normalize_exact(tree.value).1 && !tree.tagged
        };
        assert!(exact("docs: text\nsuccess: 200\nrequired: true\nexample: 1.10\n"));
        assert!(!exact("version: 1.10\n"));
        assert!(!exact("docs: True\n"));
        assert!(!exact("200: x\n"));
        assert!(!exact("docs:\n"));
        assert!(!exact("docs: !tag text\n"));
    }

    #[test]
    fn finds_schema_names_in_text_that_is_not_yaml() {
        let text = "resources: {\nschemas:\n  A:\n    fields: { a: [\n  \"B\":\n    docs: x\napi:\n";
        assert_eq!(declared_schemas(text), Some(vec!["A".to_owned(), "B".to_owned()]));
        assert_eq!(declared_schemas("schemas: { A: {} \n"), None);
        assert_eq!(declared_schemas("resources: [\n"), Some(Vec::new()));
    }

    #[test]
    fn stops_only_at_syntax_errors() {
        assert!(read("a: [\n").is_err());
        assert!(read("a: !tag b\n").is_ok());
        assert!(read("").is_ok());
    }
}
