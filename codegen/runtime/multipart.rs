//! Multipart bodies (`multipart/form-data`): [`FilePart`] and the form a generated operation
//! builds from its parts.
//!
//! The encoding is reqwest's own ([`reqwest::multipart::Form`]). The form is encoded once,
//! when the request is built, into the bytes every attempt sends: its parts are in memory,
//! so encoding never waits, and a retry sends exactly the same body.

use std::fmt::Display;

use futures_util::{FutureExt as _, TryStreamExt as _};
use reqwest::multipart::{Form, Part};

/// A file sent as one part of a multipart body: its name, content type and bytes.
///
/// ```
/// use cloudflare_zero_trust::FilePart;
///
/// let module = FilePart::new("worker.js", "export default {}").content_type("application/javascript+module");
/// assert_eq!(module.file_name(), "worker.js");
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct FilePart {
    file_name: String,
    content_type: Option<String>,
    bytes: Vec<u8>,
}

impl FilePart {
    /// A file named `file_name` holding `bytes`, sent as `application/octet-stream`
    /// unless [`content_type`](FilePart::content_type) says otherwise.
    pub fn new(file_name: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        Self { file_name: file_name.into(), content_type: None, bytes: bytes.into() }
    }

    /// Sets the part's content type (`application/javascript+module`, `application/wasm`).
    #[must_use]
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// The file's name, sent as the part's `filename`.
    pub fn file_name(&self) -> &str {
        &self.file_name
    }

    /// The file's bytes.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }
}

impl std::fmt::Debug for FilePart {
    /// Shows the name, content type and size; never the bytes.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FilePart")
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .field("len", &self.bytes.len())
            .finish()
    }
}

/// The parts of a multipart body, in order, and the first problem found adding them.
pub(crate) struct Multipart {
    form: Form,
    problem: Option<String>,
}

impl Multipart {
    pub(crate) fn new() -> Self {
        Self { form: Form::new(), problem: None }
    }

    /// A text part; `None` adds nothing.
    pub(crate) fn text<V: Display + ?Sized>(mut self, name: &'static str, value: Option<&V>) -> Self {
        if let Some(value) = value {
            self.form = self.form.text(name, value.to_string());
        }
        self
    }

    /// A part holding `value` as JSON (`application/json`); `None` adds nothing.
    pub(crate) fn json<V: serde::Serialize + ?Sized>(self, name: &'static str, value: Option<&V>) -> Self {
        let Some(value) = value else { return self };
        match serde_json::to_vec(value) {
            Ok(json) => self.add(name, Part::bytes(json).mime_str("application/json")),
            Err(err) => self.fail(format!("the multipart part `{name}` could not be serialised: {err}")),
        }
    }

    /// One file part per file, each named `name`; `None` adds nothing.
    pub(crate) fn files<'f>(mut self, name: &'static str, files: impl IntoIterator<Item = &'f FilePart>) -> Self {
        for file in files {
            let part = Part::bytes(file.bytes.clone()).file_name(file.file_name.clone());
            let content_type = file.content_type.as_deref().unwrap_or("application/octet-stream");
            self = self.add(name, part.mime_str(content_type));
        }
        self
    }

    fn add(mut self, name: &'static str, part: reqwest::Result<Part>) -> Self {
        match part {
            Ok(part) => self.form = self.form.part(name, part),
            // The content type is left out of the message: the caller gave it, and it is in
            // the part's own field.
            Err(_) => return self.fail(format!("the multipart part `{name}` has an invalid content type")),
        }
        self
    }

    fn fail(mut self, problem: String) -> Self {
        self.problem.get_or_insert(problem);
        self
    }

    /// The body's bytes and its `content-type` (with the boundary), or the first problem.
    pub(crate) fn encode(self) -> Result<(Vec<u8>, String), String> {
        if let Some(problem) = self.problem {
            return Err(problem);
        }
        let content_type = format!("multipart/form-data; boundary={}", self.form.boundary());
        let bytes = self
            .form
            .into_stream()
            .try_fold(Vec::new(), |mut bytes, chunk| {
                bytes.extend_from_slice(&chunk);
                futures_util::future::ready(Ok(bytes))
            })
            // Every part is in memory, so the stream is ready at once.
            .now_or_never();
        match bytes {
            Some(Ok(bytes)) => Ok((bytes, content_type)),
            Some(Err(_)) | None => Err("the multipart body could not be encoded".to_owned()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(bytes: &[u8]) -> String {
        String::from_utf8_lossy(bytes).into_owned()
    }

    #[test]
    fn parts_are_encoded_by_reqwest_with_their_names_and_types() {
        let module = FilePart::new("worker.js", "export default {}").content_type("application/javascript+module");
        let (bytes, content_type) = Multipart::new()
            .json("metadata", Some(&serde_json::json!({ "main_module": "worker.js" })))
            .files("files", [&module])
            .text("note", Some("hi"))
            .text("absent", None::<&str>)
            .encode()
            .unwrap();
        let boundary = content_type.strip_prefix("multipart/form-data; boundary=").unwrap();
        let body = text(&bytes);
        assert!(body.starts_with(&format!("--{boundary}\r\n")), "{body}");
        assert!(
            body.contains("name=\"metadata\"\r\nContent-Type: application/json\r\n\r\n{\"main_module\":\"worker.js\"}"),
            "{body}"
        );
        assert!(
            body.contains("name=\"files\"; filename=\"worker.js\"\r\nContent-Type: application/javascript+module\r\n\r\nexport default {}"),
            "{body}"
        );
        assert!(body.contains("name=\"note\"\r\n\r\nhi"), "{body}");
        assert!(!body.contains("absent"), "{body}");
    }

    #[test]
    fn an_invalid_content_type_fails_without_echoing_it() {
        let odd = FilePart::new("a", "b").content_type("not a type");
        let problem = Multipart::new().files("files", [&odd]).encode().unwrap_err();
        assert_eq!(problem, "the multipart part `files` has an invalid content type");
    }

    #[test]
    fn a_file_part_debug_never_shows_its_bytes() {
        let shown = format!("{:?}", FilePart::new("key.pem", "SECRET"));
        assert!(shown.contains("key.pem") && shown.contains("len: 6") && !shown.contains("SECRET"), "{shown}");
    }
}
