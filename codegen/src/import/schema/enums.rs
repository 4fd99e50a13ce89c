//! Enums: the values as the description lists them, and Rust names where the generator's
//! own naming has nothing to go by (`==`) or gives two values one name (`and` / `AND`).

use std::collections::{BTreeMap, BTreeSet};

use indexmap::IndexMap;
use serde_yaml::Value;

use crate::naming;

/// Names of values made only of punctuation, as the operators of rule conditions are.
const SYMBOLS: [(&str, &str); 16] = [
    ("==", "Eq"),
    ("=", "Equals"),
    ("!=", "Ne"),
    (">", "Gt"),
    (">=", "Ge"),
    ("<", "Lt"),
    ("<=", "Le"),
    ("*", "Any"),
    ("+", "Plus"),
    ("-", "Minus"),
    ("/", "Slash"),
    ("%", "Percent"),
    ("&&", "And"),
    ("||", "Or"),
    ("!", "Not"),
    ("", "Empty"),
];

/// Whether `value` is a value the format's enums carry: a string, an integer or a boolean.
pub fn is_literal(value: &Value) -> bool {
    value.is_string() || value.is_i64() || value.is_bool()
}

/// The value as the format writes it in `rust_names` (`256`, `false`, `mid-tone`).
pub fn text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Bool(flag) => flag.to_string(),
        other => other.as_i64().map_or_else(String::new, |number| number.to_string()),
    }
}

/// The values without repeats, in the description's order.
pub fn distinct(values: &[&Value]) -> Vec<Value> {
    let mut seen = BTreeSet::new();
    values.iter().filter(|value| seen.insert(serde_yaml::to_string(value).unwrap_or_default())).map(|v| (*v).clone()).collect()
}

/// `rust_names` for the values the generator cannot name alone, or `Err` with the texts
/// when two values have the same text (`"1"` and `1`), which `rust_names` cannot tell apart.
pub fn rust_names(values: &[Value]) -> Result<Option<IndexMap<String, String>>, Vec<String>> {
    let texts: Vec<String> = values.iter().map(text).collect();
    let unique: BTreeSet<&String> = texts.iter().collect();
    if unique.len() != texts.len() {
        return Err(texts);
    }
    let natural: Vec<Option<String>> = texts.iter().map(|text| natural(text)).collect();
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for name in natural.iter().flatten() {
        *counts.entry(name.as_str()).or_default() += 1;
    }
    let mut taken: BTreeSet<String> = natural.iter().flatten().cloned().collect();
    let mut kept: BTreeSet<String> = BTreeSet::new();
    let mut names = IndexMap::new();
    for (text, name) in texts.iter().zip(&natural) {
        match name {
            // The generator names it so itself; the first of names alike keeps it.
            Some(name) if nameable(text) && generated(text) == *name && kept.insert(name.clone()) => continue,
            Some(name) if counts[name.as_str()] == 1 => {
                names.insert(text.clone(), name.clone());
                continue;
            }
            _ => {}
        }
        let base = name.clone().unwrap_or_else(|| "Value".to_owned());
        let chosen = (2..).map(|n| format!("{base}{n}")).find(|candidate| usable(candidate) && !taken.contains(candidate));
        let chosen = chosen.unwrap_or_default();
        taken.insert(chosen.clone());
        names.insert(text.clone(), chosen);
    }
    Ok((!names.is_empty()).then_some(names))
}

/// The generator's own variant name, or `None` when it would refuse the value.
fn generated(text: &str) -> String {
    naming::enum_variant(text)
}

/// Whether the generator names the value itself: it has a letter or digit to go by.
fn nameable(text: &str) -> bool {
    text.chars().any(char::is_alphanumeric)
}

/// The name a value should have: the generator's, or a symbol's name.
fn natural(text: &str) -> Option<String> {
    if nameable(text) {
        let name = generated(text);
        return usable(&name).then_some(name);
    }
    SYMBOLS.iter().find(|(symbol, _)| *symbol == text).map(|(_, name)| (*name).to_owned())
}

/// A name `rust_names` may hold: UpperCamelCase and not one the generated enum uses itself.
fn usable(name: &str) -> bool {
    naming::is_camel(name) && !naming::is_keyword(name) && naming::enum_variant(name) == name
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(values: &[Value]) -> Vec<(String, String)> {
        rust_names(values).unwrap().unwrap_or_default().into_iter().collect()
    }

    #[test]
    fn operators_are_named_and_cased_collisions_numbered() {
        let values: Vec<Value> = ["==", ">=", "in", "IN", "and", ""].iter().map(|v| Value::from(*v)).collect();
        let pairs = [("==", "Eq"), (">=", "Ge"), ("IN", "In2"), ("", "Empty")];
        assert_eq!(names(&values), pairs.map(|(v, n)| (v.to_owned(), n.to_owned())));
    }

    #[test]
    fn values_the_generator_names_need_no_entry() {
        let values = vec![Value::from(256), Value::from(false), Value::from("mid-tone")];
        assert_eq!(rust_names(&values), Ok(None));
    }

    #[test]
    fn the_same_text_twice_cannot_be_named() {
        assert!(rust_names(&[Value::from("1"), Value::from(1)]).is_err());
    }
}
