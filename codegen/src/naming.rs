//! Every naming decision: casing, keywords, reserved names. Only this module calls `heck`.
//!
//! Two kinds of name reach Rust, and they are treated differently when they would clash:
//!
//! - Names taken from the wire (fields, parameters, enum values, union keys) are renamed
//!   safely: keywords become raw identifiers (`r#type`) or get a `_` suffix where raw ones are
//!   not allowed (`self_`), and names the generated code uses itself get a suffix
//!   (`UnknownValue`). The wire spelling is kept for serde, so nothing changes on the wire.
//! - Names the maintainer chose for Rust (schemas, operations, resource segments, credential
//!   kinds) are part of the public API; the checks report a clash with a reserved name rather
//!   than rename a public type or method behind the maintainer's back. Keywords are still
//!   escaped, so they always compile.
//!
//! Every name is ASCII: other characters separate words, so the generated crate never
//! trips the `non_ascii_idents` family of lints, and every name is a valid identifier.

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

/// Module names that cannot be raw identifiers, or whose file would be taken for another
/// module's (`foo/mod.rs` is the file of `foo` itself).
const NOT_MODULES: &[&str] = &["crate", "self", "super", "mod"];

/// Names the generated code gives its own members, which spec names must not take.
///
/// An enum variant `Unknown` holds values the client does not know yet.
pub const RESERVED_VARIANTS: &[&str] = &["Unknown"];

/// Type names the generated `types` modules use unqualified, which a schema would shadow.
///
/// `String`, `Vec` and `Option` are not here: they are written in full
/// (`::std::string::String`) wherever a schema takes their name.
pub const RESERVED_TYPES: &[&str] = &["Self", "Result", "From"];

/// Names a handle type must not take: its own module names these prelude types unqualified.
const RESERVED_HANDLE_TYPES: &[&str] = &["Self", "Option", "String", "Vec", "Result", "From"];

/// Crates the generated code names by path (`reqwest::Method`); a child resource module of
/// the same name would shadow them.
pub const RESERVED_MODULES: &[&str] = &[
    "alloc",
    "core",
    "std",
    "futures_core",
    "futures_util",
    "jiff",
    "reqwest",
    "serde",
    "serde_json",
    "tokio",
    "tracing",
    "uuid",
];

/// Methods the runtime's `Client` has; the top-level resource accessors are methods beside them.
pub const CLIENT_METHODS: &[&str] = &["new", "from_env", "builder", "base_url"];

/// Methods every handle has besides its operations and child accessors.
pub const HANDLE_METHODS: &[&str] = &["new"];

/// Argument names every operation method uses itself: a path parameter may not take them.
const RESERVED_ARGUMENTS: &[&str] = &["params", "body"];

/// Methods `Credentials` has besides one constructor per credential kind.
pub const CREDENTIALS_METHODS: &[&str] = &["from_vars", "headers"];

/// Whether `name` is a Rust keyword.
pub fn is_keyword(name: &str) -> bool {
    KEYWORDS.contains(&name)
}

/// Replaces every character that is not an ASCII letter or digit with a space, so heck
/// splits words there and every cased name is ASCII.
fn ascii_words(name: &str) -> String {
    name.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' }).collect()
}

/// `snake_case` name for fields, methods, parameters and modules.
pub fn snake(name: &str) -> String {
    let cased = ascii_words(name).to_snake_case();
    let cased = if cased.is_empty() { "value".to_owned() } else { cased };
    if cased.starts_with(|c: char| c.is_ascii_digit()) {
        format!("n{cased}")
    } else {
        cased
    }
}

/// `UpperCamelCase` name for types and enum variants.
pub fn camel(name: &str) -> String {
    let cased = ascii_words(name).to_upper_camel_case();
    if cased.is_empty() {
        "Empty".to_owned()
    } else if cased.starts_with(|c: char| c.is_ascii_digit()) {
        format!("V{cased}")
    } else {
        cased
    }
}

/// The Rust name of a field or parameter from its snake_case name: a keyword that cannot be
/// raw gets a `_` suffix here, so the model knows the final spelling and serde renames it.
pub fn field(snake_name: &str) -> String {
    suffixed(snake_name, NOT_RAW)
}

/// The method name of an operation (already snake_case).
pub fn method(snake_name: &str) -> String {
    suffixed(snake_name, NOT_RAW)
}

/// The Rust name of a path parameter, which is also a method argument.
pub fn argument(snake_name: &str) -> String {
    let name = field(snake_name);
    suffixed(&name, RESERVED_ARGUMENTS)
}

/// The module and accessor name of a resource segment (already snake_case).
pub fn segment(snake_name: &str) -> String {
    suffixed(snake_name, NOT_MODULES)
}

/// The module of a spec file's schemas: its stem, snake_cased.
pub fn module(stem: &str) -> String {
    suffixed(&snake(stem), NOT_MODULES)
}

/// The handle type of a resource segment: `users` -> `Users`; prelude names get a `_` suffix.
pub fn handle_type(segment: &str) -> String {
    suffixed(&camel(segment), RESERVED_HANDLE_TYPES)
}

fn suffixed(name: &str, reserved: &[&str]) -> String {
    if reserved.contains(&name) {
        format!("{name}_")
    } else {
        name.to_owned()
    }
}

/// The variant of a string enum value or union key: reserved names get a `Value` suffix,
/// `Self` a `_` suffix.
pub fn enum_variant(value: &str) -> String {
    let cased = camel(value);
    if RESERVED_VARIANTS.contains(&cased.as_str()) {
        format!("{cased}Value")
    } else {
        suffixed(&cased, NOT_RAW)
    }
}

/// The struct holding an operation's query parameters: `list` -> `ListParams`.
pub fn params_struct(operation: &str) -> String {
    format!("{}Params", camel(operation))
}

/// The struct of a multipart body's parts: `upload` -> `UploadForm`.
pub fn form_struct(operation: &str) -> String {
    format!("{}Form", camel(operation))
}

/// The enum of an operation's results by status: `create` -> `CreateResult`.
pub fn results_enum(operation: &str) -> String {
    format!("{}Result", camel(operation))
}

/// The variant of a success status in a results enum: its reason phrase, cased.
pub fn status_variant(status: u16) -> String {
    let name = match status {
        200 => "Ok",
        201 => "Created",
        202 => "Accepted",
        203 => "NonAuthoritativeInformation",
        204 => "NoContent",
        205 => "ResetContent",
        206 => "PartialContent",
        207 => "MultiStatus",
        208 => "AlreadyReported",
        226 => "ImUsed",
        other => return format!("Status{other}"),
    };
    name.to_owned()
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
        && name != "_"
}

/// Whether `name` is written as the snake_case Rust name it stands for.
pub fn is_snake(name: &str) -> bool {
    is_identifier(name) && snake(name) == name
}

/// Whether `name` is written as the UpperCamelCase Rust name it stands for.
pub fn is_camel(name: &str) -> bool {
    is_identifier(name) && camel(name) == name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cases_wire_names() {
        let cases = [
            ("github-organization", "github_organization"),
            ("azureAD", "azure_ad"),
            ("devicePosture", "device_posture"),
            ("isActive", "is_active"),
            ("2fa", "n2fa"),
            ("a²", "a"),
            ("日本", "value"),
            ("café", "caf"),
            ("_", "value"),
            ("", "value"),
        ];
        for (wire, rust) in cases {
            assert_eq!(snake(wire), rust, "{wire}");
        }
        assert_eq!(camel("risk_scoring"), "RiskScoring");
        assert_eq!(camel("accounts"), "Accounts");
        assert_eq!(camel("-"), "Empty");
        assert_eq!(enum_variant("unknown"), "UnknownValue");
        assert_eq!(enum_variant("1d"), "V1d");
        assert_eq!(enum_variant("self"), "Self_");
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

    #[test]
    fn keywords_that_cannot_be_raw_get_a_suffix_in_the_model() {
        for keyword in NOT_RAW {
            let snake_case = keyword.to_ascii_lowercase();
            assert_eq!(field(&snake_case), format!("{snake_case}_"));
            assert_eq!(segment(&snake_case), format!("{snake_case}_"));
            assert_eq!(module(&snake_case), format!("{snake_case}_"));
        }
        assert_eq!(field("type"), "type", "raw identifiers keep their name");
        assert_eq!(module("mod"), "mod_");
        assert_eq!(segment("mod"), "mod_");
        assert_eq!(argument("params"), "params_");
        assert_eq!(argument("body"), "body_");
        assert_eq!(handle_type("option"), "Option_");
        assert_eq!(handle_type("self"), "Self_");
        assert_eq!(handle_type("users"), "Users");
    }

    /// `CLIENT_METHODS` must list every method of `Client` in the runtime, or a top-level
    /// resource could silently collide with one.
    #[test]
    fn client_methods_match_the_runtime() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("runtime");
        let mut methods = std::collections::BTreeSet::new();
        for entry in std::fs::read_dir(&dir).expect("codegen/runtime/ exists") {
            let path = entry.expect("readable entry").path();
            if path.extension().is_some_and(|ext| ext == "rs") {
                let text = std::fs::read_to_string(&path).expect("readable runtime file");
                let file: syn::File =
                    syn::parse_str(&text).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
                methods.extend(client_methods(&file));
            }
        }
        let listed: std::collections::BTreeSet<String> = CLIENT_METHODS.iter().map(|name| (*name).to_owned()).collect();
        assert_eq!(
            methods, listed,
            "update naming::CLIENT_METHODS to the methods of `impl Client` in codegen/runtime/"
        );
    }

    fn client_methods(file: &syn::File) -> Vec<String> {
        let impls = file.items.iter().filter_map(|item| match item {
            syn::Item::Impl(block) if block.trait_.is_none() => Some(block),
            _ => None,
        });
        let client = impls.filter(|block| matches!(&*block.self_ty, syn::Type::Path(path) if path.path.segments.last().is_some_and(|last| last.ident == "Client")));
        client
            .flat_map(|block| &block.items)
            .filter_map(|item| match item {
                syn::ImplItem::Fn(method) => Some(method.sig.ident.to_string()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn every_cased_name_is_an_identifier() {
        for input in ["", "_", "-", "2", "²", "a²", "日本", "x-y", "__", "Self", "self", "ÀB", "\u{0}", "a\tb"] {
            for name in
                [snake(input), camel(input), enum_variant(input), field(&snake(input)), handle_type(&snake(input))]
            {
                assert!(is_identifier(&name), "{input:?} -> {name:?}");
                let _ = ident(&name);
            }
        }
    }
}
