//! The hand-written runtime, copied into `src/runtime/` of the generated crate.
//!
//! Its source lives in `codegen/runtime/` so that nothing in `generated/` is edited by
//! hand: the generator is the only writer there.

/// Every runtime file, by its path in the generated crate, and its text.
pub const FILES: &[(&str, &str)] = &[
    ("body.rs", include_str!("../../runtime/body.rs")),
    ("call.rs", include_str!("../../runtime/call.rs")),
    ("client.rs", include_str!("../../runtime/client.rs")),
    ("codec.rs", include_str!("../../runtime/codec.rs")),
    ("decode.rs", include_str!("../../runtime/decode.rs")),
    ("download.rs", include_str!("../../runtime/download.rs")),
    ("error.rs", include_str!("../../runtime/error.rs")),
    ("mod.rs", include_str!("../../runtime/mod.rs")),
    ("multipart.rs", include_str!("../../runtime/multipart.rs")),
    ("page.rs", include_str!("../../runtime/page.rs")),
    ("request.rs", include_str!("../../runtime/request.rs")),
    ("retry.rs", include_str!("../../runtime/retry.rs")),
    ("secret.rs", include_str!("../../runtime/secret.rs")),
    ("transport.rs", include_str!("../../runtime/transport.rs")),
];

/// The runtime items re-exported from the crate root.
pub const EXPORTS: &[&str] = &["ApiError", "ApiErrorKind", "Call", "Client", "ClientBuilder", "DecodeError", "Error", "FilePart", "FromResponse", "Page", "Response", "Secret", "__decode_page"];

/// The `[dependencies]` section of the generated crate: what the runtime and types use.
pub const DEPENDENCIES: &str = include_str!("../../runtime/dependencies.toml");

/// The crate docs about the runtime: authentication, retries, errors, pagination.
pub const CRATE_DOCS: &str = include_str!("../../runtime/crate_docs.md");

#[cfg(test)]
mod tests {
    /// A runtime file left out of `FILES` would silently not be generated.
    #[test]
    fn every_runtime_file_is_copied() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("runtime");
        let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
            .expect("codegen/runtime is readable")
            .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
            .filter(|name| name.ends_with(".rs"))
            .collect();
        on_disk.sort();
        let listed: Vec<&str> = super::FILES.iter().map(|(name, _)| *name).collect();
        assert_eq!(on_disk, listed);
    }
}
