//! The importer never panics: a deterministic property test over mutated descriptions.
//!
//! Each case takes the small fixture description, applies a few random edits (a node
//! replaced by one from a vocabulary of troublemakers: dangling and cyclic `$ref`s, unknown
//! types, empty unions, wrong kinds; or the text cut or corrupted) and imports it, with the
//! overlay's selection and with `--all`. Every case must return, and a failure must name at
//! least one problem. Case `i` depends only on `i`. More cases: `IMPORT_CASES=100000`.

use std::panic::{catch_unwind, AssertUnwindSafe};

use codegen::import::{import, Options};
use serde_json::Value;

const SMALL: &str = include_str!("fixtures/openapi/small.json");
const OVERLAY: &str = include_str!("fixtures/openapi/small.overlay.yaml");
const DEFAULT_CASES: usize = 1_500;

/// Nodes that stress each pass.
const TROUBLE: &[&str] = &[
    r##"{"$ref": "#/components/schemas/missing"}"##,
    r##"{"$ref": "#/components/schemas/thing"}"##,
    r##"{"$ref": "#/paths"}"##,
    r##"{"$ref": "#"}"##,
    r##"{"$ref": 7}"##,
    r##"{"type": "unknown"}"##,
    r##"{"type": ["string", "null"]}"##,
    r##"{"type": "array"}"##,
    r##"{"anyOf": []}"##,
    r##"{"anyOf": {}}"##,
    r##"{"allOf": [{"$ref": "#/components/schemas/rule"}, {"type": "string"}]}"##,
    r##"{"allOf": [{"allOf": [{"allOf": []}]}]}"##,
    r##"{"enum": []}"##,
    r##"{"enum": [null]}"##,
    r##"{"enum": [1, "a", true, 2.5]}"##,
    r##"{"type": "object", "properties": []}"##,
    r##"{"type": "object", "required": "x", "properties": {"": {}}}"##,
    r##"{"discriminator": {"propertyName": "type"}, "anyOf": [{"type": "object"}]}"##,
    r#"null"#,
    r#"true"#,
    r#"[]"#,
    r#""text""#,
    r#"{}"#,
];

/// A small deterministic generator (xorshift), seeded per case.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Every node of the tree, as a path of keys and indices.
fn paths(value: &Value, prefix: &mut Vec<String>, into: &mut Vec<Vec<String>>) {
    into.push(prefix.clone());
    let children: Vec<(String, &Value)> = match value {
        Value::Object(map) => map.iter().map(|(k, v)| (k.clone(), v)).collect(),
        Value::Array(items) => items.iter().enumerate().map(|(i, v)| (i.to_string(), v)).collect(),
        _ => Vec::new(),
    };
    for (key, child) in children {
        prefix.push(key);
        paths(child, prefix, into);
        prefix.pop();
    }
}

fn node_at<'v>(value: &'v mut Value, path: &[String]) -> &'v mut Value {
    path.iter().fold(value, |node, key| match node {
        Value::Object(map) => map.get_mut(key).expect("path from paths()"),
        Value::Array(items) => &mut items[key.parse::<usize>().expect("index")],
        _ => unreachable!("paths() only descends into containers"),
    })
}

fn mutate(case: usize) -> String {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15 ^ (case as u64 + 1).wrapping_mul(0x2545_f491_4f6c_dd1d));
    let mut document: Value = serde_json::from_str(SMALL).expect("the fixture is JSON");
    for _ in 0..1 + rng.below(4) {
        let mut all = Vec::new();
        paths(&document, &mut Vec::new(), &mut all);
        let target = all[rng.below(all.len())].clone();
        let replacement: Value = serde_json::from_str(TROUBLE[rng.below(TROUBLE.len())]).expect("vocabulary is JSON");
        *node_at(&mut document, &target) = replacement;
    }
    let mut text = document.to_string();
    if rng.below(8) == 0 {
        let cut = rng.below(text.len());
        text.truncate(cut);
    }
    text
}

#[test]
fn the_importer_never_panics() {
    let cases = std::env::var("IMPORT_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(DEFAULT_CASES);
    for case in 0..cases {
        let text = mutate(case);
        for all in [false, true] {
            let outcome = catch_unwind(AssertUnwindSafe(|| {
                import(("case.json", text.as_bytes()), ("overlay.yaml", OVERLAY), Options { all })
            }));
            match outcome {
                Ok(Ok(_)) => {}
                Ok(Err(problems)) => assert!(!problems.0.is_empty(), "case {case}: failed without a problem"),
                Err(_) => panic!("case {case} (all: {all}) panicked; the document:\n{text}"),
            }
        }
    }
}
