//! Every naming decision: casing, keywords, reserved names. Only this module calls `heck`.

use heck::{ToSnakeCase, ToUpperCamelCase};
use proc_macro2::{Ident, Span};

/// Rust keywords (strict and reserved, 2021 edition).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate", "do", "dyn", "else",
    "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro", "match", "mod",
    "move", "mut", "override", "priv", "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait",
    "true", "try", "type", "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers (`r#self` is not allowed).
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super"];

/// Names the generated code gives its own members, which spec names must not take.
///
/// An enum variant `Unknown` holds values the client does not know yet.
pub const RESERVED_VARIANTS: &[&str] = &["Unknown"];

/// A Rust identifier that is a keyword, other than those that cannot be raw, is written raw.
pub fn is_keyword(name: &str) -> bool {
    KEYWORDS.contains(&name)
}

/// `snake_case` name for fields, methods, parameters and modules.
pub fn snake(name: &str) -> String {
    let cased = name.to_snake_case();
    let cased = if cased.is_empty() { "value".to_owned() } else { cased };
    if cased.starts_with(|c: char| c.is_ascii_digit()) {
        format!("n{cased}")
    } else {
        cased
    }
}

/// `UpperCamelCase` name for types and enum variants.
pub fn camel(name: &str) -> String {
    let cased = name.to_upper_camel_case();
    if cased.is_empty() {
        "Empty".to_owned()
    } else if cased.starts_with(|c: char| c.is_ascii_digit()) {
        format!("V{cased}")
    } else {
        cased
    }
}

/// The variant of a string enum value; reserved names get a `Value` suffix.
pub fn enum_variant(value: &str) -> String {
    let cased = camel(value);
    if RESERVED_VARIANTS.contains(&cased.as_str()) {
        format!("{cased}Value")
    } else {
        cased
    }
}

/// The struct holding an operation's query parameters: `list` -> `ListParams`.
pub fn params_struct(operation: &str) -> String {
    format!("{}Params", camel(operation))
}

/// An identifier token: keywords become raw (`r#type`), or get a `_` suffix where raw is not allowed.
pub fn ident(name: &str) -> Ident {
    if NOT_RAW.contains(&name) {
        Ident::new(&format!("{name}_"), Span::call_site())
    } else if is_keyword(name) {
        Ident::new_raw(name, Span::call_site())
    } else {
        Ident::new(name, Span::call_site())
    }
}

/// Whether `name` is already a plain Rust identifier (ASCII letters, digits, `_`).
pub fn is_identifier(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with(|c: char| c.is_ascii_digit())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cases_wire_names() {
        assert_eq!(snake("github-organization"), "github_organization");
        assert_eq!(snake("azureAD"), "azure_ad");
        assert_eq!(snake("devicePosture"), "device_posture");
        assert_eq!(snake("isActive"), "is_active");
        assert_eq!(snake("2fa"), "n2fa");
        assert_eq!(camel("risk_scoring"), "RiskScoring");
        assert_eq!(camel("accounts"), "Accounts");
        assert_eq!(enum_variant("unknown"), "UnknownValue");
        assert_eq!(enum_variant("1d"), "V1d");
    }

    #[test]
    fn every_keyword_becomes_a_valid_identifier() {
        for keyword in KEYWORDS {
            let ident = ident(keyword).to_string();
            let parsed: Result<syn::Ident, _> = syn::parse_str(&ident);
            assert!(parsed.is_ok() || ident.starts_with("r#"), "{keyword} -> {ident}");
            assert_ne!(&ident, keyword, "{keyword} was not escaped");
        }
        assert_eq!(ident("type").to_string(), "r#type");
        assert_eq!(ident("self").to_string(), "self_");
        assert_eq!(ident("name").to_string(), "name");
    }
}
