//! What an operation sends and answers beyond JSON: bytes and multipart bodies, content
//! types, responses without the envelope, and a result per success status.

use std::collections::BTreeMap;

use super::{child, At, Builder, Kind};
use crate::diagnostics::did_you_mean_hint;
use crate::model::{Form, PartKind, ResponseKind, StatusResult, StatusResults, Type};
use crate::naming;
use crate::spec::raw;

impl Builder<'_> {
    /// `response`: how the body is read; `text` and `bytes` need a `result` that says so.
    pub(super) fn response_kind(&mut self, place: &At, raw: &raw::Operation) -> ResponseKind {
        let at = child(place, &["response"]);
        let kind = match raw.response.as_deref() {
            None | Some("envelope") => ResponseKind::Envelope,
            Some("json") => ResponseKind::Json,
            Some("text") => ResponseKind::Text,
            Some("bytes") => ResponseKind::Bytes,
            Some(other) => {
                let hint = did_you_mean_hint(other, ["envelope", "json", "text", "bytes"]);
                let message = format!("unknown response kind `{other}`, expected envelope, json, text or bytes");
                self.error(&at, message, hint);
                return ResponseKind::Envelope;
            }
        };
        let (kind_of, format) = (raw.result.kind.as_deref(), raw.result.format.as_deref());
        let binary = kind_of == Some("string") && format == Some("binary");
        if kind == ResponseKind::Text && (kind_of != Some("string") || binary) {
            self.error(&child(place, &["result"]), "a `response: text` operation's `result` is `type: string`", None);
        } else if kind == ResponseKind::Bytes && !binary {
            let message = "a `response: bytes` operation's `result` is `{ type: string, format: binary }`";
            self.error(&child(place, &["result"]), message, None);
        } else if binary && kind != ResponseKind::Bytes {
            let hint = Some("add `response: bytes`".to_owned());
            self.error(&child(place, &["result"]), "a `format: binary` result is read as bytes", hint);
        }
        kind
    }

    /// `body_encoding`, `body_optional` and `content_type`: whether the body is bytes.
    pub(super) fn body_encoding(&mut self, place: &At, raw: &raw::Operation) -> bool {
        let bytes = match raw.body_encoding.as_deref() {
            None | Some("json") => false,
            Some("bytes") => true,
            Some("multipart") => return false,
            Some(other) => {
                let hint = did_you_mean_hint(other, ["json", "bytes", "multipart"]);
                let message = format!("unknown body encoding `{other}`, expected json, bytes or multipart");
                self.error(&child(place, &["body_encoding"]), message, hint);
                return false;
            }
        };
        let binary = raw
            .body
            .as_ref()
            .is_some_and(|body| body.kind.as_deref() == Some("string") && body.format.as_deref() == Some("binary"));
        if raw.body.is_none() {
            for (present, key) in [
                (raw.body_encoding.is_some(), "body_encoding"),
                (raw.body_optional, "body_optional"),
                (raw.content_type.is_some(), "content_type"),
            ] {
                if present {
                    self.key_error(&child(place, &[key]), format!("`{key}` needs a `body`"));
                }
            }
        } else if bytes != binary {
            let message = "a bytes body is `body: { type: string, format: binary }` with `body_encoding: bytes`";
            self.error(&child(place, &["body"]), message, None);
        }
        if let Some(content_type) = &raw.content_type {
            let valid = content_type.split_once('/').is_some_and(|(kind, sub)| {
                let token = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_graphic() && b != b'/');
                token(kind) && token(sub.split(';').next().unwrap_or_default().trim())
            }) && content_type.bytes().all(|b| b == b' ' || b.is_ascii_graphic());
            if !valid {
                let message = format!("`{content_type}` is not a media type");
                self.error(&child(place, &["content_type"]), message, Some("e.g. `application/scim+json`".into()));
            }
        }
        bytes
    }

    /// `body_encoding: multipart` with its `parts`: the form struct's fields and how each
    /// part is encoded.
    pub(super) fn form(&mut self, place: &At, name: &str, raw: &raw::Operation) -> Option<Form> {
        let multipart = raw.body_encoding.as_deref() == Some("multipart");
        if !multipart {
            if !raw.parts.is_empty() {
                self.key_error(&child(place, &["parts"]), "`parts` applies to `body_encoding: multipart`");
            }
            return None;
        }
        let at = child(place, &["body_encoding"]);
        for (present, key, why) in [
            (raw.body.is_some(), "body", "a multipart body is described by `parts`, not `body`"),
            (raw.body_optional, "body_optional", "a multipart body is always sent"),
            (raw.content_type.is_some(), "content_type", "a multipart body's content type carries its boundary"),
        ] {
            if present {
                self.key_error(&child(place, &[key]), why);
            }
        }
        if raw.parts.is_empty() {
            self.error(
                &at,
                "a multipart body needs `parts`",
                Some("e.g. `parts: { metadata: { ref: Metadata } }`".into()),
            );
            return None;
        }
        let mut parts = Vec::new();
        let mut seen = BTreeMap::new();
        for (part_name, part) in &raw.parts {
            let part_at = child(place, &["parts", part_name]);
            self.reject_parameter_keys(&part_at, part);
            let binary =
                |ty: &raw::Type| ty.kind.as_deref() == Some("string") && ty.format.as_deref() == Some("binary");
            let kind = if binary(part) {
                PartKind::File
            } else if part.items.as_deref().is_some_and(binary) {
                PartKind::Files
            } else {
                PartKind::Json
            };
            let Some(field) = self.field(&part_at, part_name, part) else { continue };
            let kind = match (&field.ty, kind) {
                (_, PartKind::File | PartKind::Files) => kind,
                (Type::Named(id), _) if self.schema_kinds.get(id) == Some(&Kind::Enum) => PartKind::Text,
                (Type::Array(_) | Type::Map(_) | Type::Json | Type::Named(_), _) => PartKind::Json,
                _ => PartKind::Text,
            };
            if self.check_distinct(&mut seen, &part_at, &field, "parts") {
                parts.push((field, kind));
            }
        }
        Some(Form { struct_name: naming::form_struct(name), parts })
    }

    /// `other_results`: the enum of results by status, when there are other statuses.
    pub(super) fn other_results(
        &mut self,
        place: &At,
        name: &str,
        raw: &raw::Operation,
        result: Option<&Type>,
        response: ResponseKind,
    ) -> Option<StatusResults> {
        if raw.other_results.is_empty() {
            return None;
        }
        let at = child(place, &["other_results"]);
        if raw.paginated || response != ResponseKind::Envelope {
            let message = "`other_results` applies to operations that return the envelope's `result`, not paginated";
            self.key_error(&at, message);
            return None;
        }
        let mut variants = vec![StatusResult {
            status: raw.success,
            variant: naming::status_variant(raw.success),
            ty: result?.clone(),
            nullable: raw.result.nullable,
            docs: raw.result.docs.clone(),
        }];
        for (key, raw_type) in &raw.other_results {
            let status_at = child(&at, &[key]);
            let Some(status) = key.parse::<u16>().ok().filter(|status| (200..300).contains(status)) else {
                self.key_error(&status_at, format!("`{key}` is not a 2xx status"));
                continue;
            };
            let status = &status;
            if *status == raw.success {
                let message = format!("status {status} is not another 2xx status than `success` ({})", raw.success);
                self.key_error(&status_at, message);
                continue;
            }
            self.reject_parameter_keys(&status_at, raw_type);
            let Some(ty) = self.ty(&status_at, raw_type) else { continue };
            variants.push(StatusResult {
                status: *status,
                variant: naming::status_variant(*status),
                ty,
                nullable: raw_type.nullable,
                docs: raw_type.docs.clone(),
            });
        }
        variants.sort_by_key(|variant| variant.status);
        Some(StatusResults { enum_name: naming::results_enum(name), variants })
    }
}
