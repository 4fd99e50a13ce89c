//! Fuzzes the whole pipeline on arbitrary text: reading, checking and generating must never
//! panic, a failed check must report a problem, and a spec that checks must generate code
//! that parses.
//!
//! The input is one spec file beside a valid `api.yaml`; an input holding the line `#---`
//! is two files, the first taking the place of `api.yaml`.
//!
//! ```text
//! cargo install cargo-fuzz --locked
//! codegen/fuzz/run.sh -runs=1000000
//! ```

#![no_main]

use codegen::SourceFile;
use libfuzzer_sys::fuzz_target;

const API: &str = include_str!("../../../tests/fixtures/specs/keywords/api.yaml");

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let file = |name: &str, text: &str| SourceFile { name: format!("spec/{name}"), text: text.to_owned() };
    let sources = match text.split_once("\n#---\n") {
        Some((api, other)) => vec![file("api.yaml", api), file("things.yaml", other)],
        None => vec![file("api.yaml", API), file("things.yaml", text)],
    };
    match codegen::check(&sources) {
        Err(diagnostics) => assert!(!diagnostics.is_empty() && diagnostics.to_string().contains(": error: ")),
        Ok(_) => {
            if let Err(error) = codegen::generate(&sources) {
                panic!("a spec that checks failed to generate: {error}");
            }
        }
    }
});
