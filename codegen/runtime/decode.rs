//! Reading the `{success, errors, messages, result, result_info}` envelope.
//!
//! The fast path reads the whole envelope in one pass, `result` typed. Only when that
//! fails does the slow path read the body again: to tell `success: false` (an API error)
//! from a body that is not what was expected (a decode error naming the JSON path).

use serde::de::{DeserializeOwned, IgnoredAny};

use super::transport::RawResponse;
use super::{ApiError, DecodeError, Error, Page};
use crate::envelope::{Envelope, ErrorItem};

/// A decoded success response: its value and the envelope's `messages[]`.
///
/// `pub` for the same reason as [`RawResponse`]; the module is private.
pub struct Decoded<T> {
    pub(crate) value: T,
    pub(crate) messages: Vec<ErrorItem>,
}

/// Decodes `result` as `T`. An absent or `null` result is decoded from `null`, so it is
/// a value for `Option` and `()`, and an error for anything else.
pub(crate) fn value<T: DeserializeOwned>(response: &RawResponse) -> Result<Decoded<T>, Error> {
    let envelope = envelope::<T>(response)?;
    let value = match envelope.result {
        Some(value) => value,
        None => serde_json::from_slice(b"null").map_err(|err| decode_error(response, err, b"null", "result"))?,
    };
    Ok(Decoded { value, messages: envelope.messages })
}

/// Decodes `result` as a list of `T`, with `result_info`. An absent or `null` result is
/// an empty page: a list operation that found nothing has nothing else to say.
pub(crate) fn page<T: DeserializeOwned>(response: &RawResponse) -> Result<Decoded<Page<T>>, Error> {
    let envelope = envelope::<Vec<T>>(response)?;
    let items = envelope.result.unwrap_or_default();
    Ok(Decoded { value: Page::new(items, envelope.result_info), messages: envelope.messages })
}

/// Decodes a list call's body exactly as a call does, for the benchmarks in `benches/`,
/// which measure the client's own path with it. Not part of the API: it may change or go.
#[doc(hidden)]
pub fn __decode_page<T: DeserializeOwned>(body: bytes::Bytes) -> Result<Page<T>, Error> {
    let response = RawResponse { status: reqwest::StatusCode::OK, headers: reqwest::header::HeaderMap::new(), body };
    page(&response).map(|decoded| decoded.value)
}

/// The envelope of a success status, `result` decoded as `R` in the same pass.
/// `success: false` is an [`Error::Api`]; an empty body (a 204, say) is an envelope with
/// nothing in it.
fn envelope<R: DeserializeOwned>(response: &RawResponse) -> Result<Envelope<R>, Error> {
    let body = body(response);
    match serde_json::from_slice::<Envelope<R>>(body) {
        Ok(envelope) if envelope.success == Some(false) => Err(unsuccessful(response, envelope.errors, envelope.messages)),
        Ok(envelope) => Ok(envelope),
        Err(err) => Err(failure(response, err)),
    }
}

/// The slow path, once the one-pass read failed: `success: false` with a `result` of
/// another shape is still the API's error; anything else is a decode error at the
/// failing spot.
#[cold]
fn failure(response: &RawResponse, err: serde_json::Error) -> Error {
    let body = body(response);
    if let Ok(envelope) = serde_json::from_slice::<Envelope<IgnoredAny>>(body) {
        if envelope.success == Some(false) {
            return unsuccessful(response, envelope.errors, envelope.messages);
        }
    }
    decode_error(response, err, body, "")
}

fn unsuccessful(response: &RawResponse, errors: Vec<ErrorItem>, messages: Vec<ErrorItem>) -> Error {
    let error = ApiError::new(response.status, response.headers.clone(), errors, messages, &response.body);
    Error::Api(Box::new(error))
}

fn body(response: &RawResponse) -> &[u8] {
    if response.body.trim_ascii().is_empty() {
        b"{}"
    } else {
        &response.body
    }
}

/// The error for an error status. Its body is read for `errors[]` when it is Cloudflare's
/// JSON; any other body (an HTML page from a proxy) is kept as an excerpt, so the error
/// is still the status's, never a decode failure.
pub(crate) fn api_error(response: RawResponse) -> Error {
    let (errors, messages) = serde_json::from_slice::<Envelope<IgnoredAny>>(&response.body)
        .map(|envelope| (envelope.errors, envelope.messages))
        .unwrap_or_default();
    let error = ApiError::new(response.status, response.headers, errors, messages, &response.body);
    Error::Api(Box::new(error))
}

/// A decode error for `err`, raised while reading `json`; `root` names `json` in the
/// path (empty for the whole body).
#[cold]
fn decode_error(response: &RawResponse, err: serde_json::Error, json: &[u8], root: &str) -> Error {
    let at = offset(json, err.line(), err.column());
    let path = format!("{root}{}", path_at(json, at));
    let path = path.strip_prefix('.').map(str::to_owned).unwrap_or(path);
    let error = DecodeError::new(response.status, response.headers.clone(), err, path, json, at);
    Error::Decode(Box::new(error))
}

/// The byte offset of serde_json's 1-based `line` and `column` (the column counts the
/// bytes read on that line, so it is the offset just past the failing byte).
fn offset(json: &[u8], line: usize, column: usize) -> usize {
    let line_start = if line <= 1 {
        0
    } else {
        json.iter().enumerate().filter(|(_, b)| **b == b'\n').nth(line - 2).map_or(json.len(), |(i, _)| i + 1)
    };
    (line_start + column).min(json.len())
}

/// One open object or array while scanning towards the failing spot.
enum Frame {
    /// An object, and the key whose value is being read (`None` between a `,` and the key).
    Object(Option<String>),
    /// An array, and the index of the item being read.
    Array(usize),
}

/// The JSON path (`.result[3].created_at`) of the value being read at byte `at` of
/// `json`: the containers open there, found by a scan that needs no second decoder (and so
/// no second copy of every type's decoding code in the crate). A spot just past a closing
/// bracket is on the object or array it closed: serde reports a missing field there.
fn path_at(json: &[u8], at: usize) -> String {
    let mut stack: Vec<Frame> = Vec::new();
    let mut closed: Option<(usize, String)> = None;
    let mut i = 0;
    while i < at.min(json.len()) {
        match json[i] {
            b'"' => {
                let end = string_end(json, i + 1);
                if let Some(Frame::Object(key @ None)) = stack.last_mut() {
                    *key = Some(String::from_utf8_lossy(&json[i + 1..end.min(json.len())]).into_owned());
                }
                i = end;
            }
            b'{' => stack.push(Frame::Object(None)),
            b'[' => stack.push(Frame::Array(0)),
            b'}' | b']' => {
                stack.pop();
                closed = Some((i + 1, render(&stack)));
            }
            b',' => match stack.last_mut() {
                Some(Frame::Object(key)) => *key = None,
                Some(Frame::Array(index)) => *index += 1,
                None => {}
            },
            _ => {}
        }
        i += 1;
    }
    let last = json[..at.min(json.len())].iter().rposition(|b| !b.is_ascii_whitespace()).map(|i| i + 1);
    match closed {
        Some((end, path)) if Some(end) == last => path,
        _ => render(&stack),
    }
}

/// The index of the `"` closing a string whose contents start at `start`.
fn string_end(json: &[u8], start: usize) -> usize {
    let mut i = start;
    while i < json.len() {
        match json[i] {
            b'\\' => i += 2,
            b'"' => return i,
            _ => i += 1,
        }
    }
    json.len()
}

fn render(stack: &[Frame]) -> String {
    let mut path = String::new();
    for frame in stack {
        match frame {
            Frame::Object(Some(key)) => {
                path.push('.');
                path.push_str(key);
            }
            Frame::Object(None) => {}
            Frame::Array(index) => path.push_str(&format!("[{index}]")),
        }
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path_of<T: DeserializeOwned + std::fmt::Debug>(json: &str) -> String {
        let err = serde_json::from_str::<T>(json).unwrap_err();
        path_at(json.as_bytes(), offset(json.as_bytes(), err.line(), err.column()))
    }

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Item {
        id: u32,
        #[serde(default)]
        tags: Vec<String>,
    }

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Body {
        result: Vec<Item>,
    }

    #[test]
    fn paths_name_the_failing_value() {
        assert_eq!(path_of::<Body>(r#"{"result": [{"id": 1}, {"id": "x"}]}"#), ".result[1].id");
        assert_eq!(path_of::<Body>(r#"{"a": {"b": [1, {"c": "}"}]}, "result": [{"id": 1, "tags": ["a", 2]}]}"#), ".result[0].tags[1]");
        assert_eq!(path_of::<Body>("{\n  \"result\": [\n    {\"id\": 1},\n    {\"id\": true}\n  ]\n}"), ".result[1].id");
        assert_eq!(path_of::<Body>(r#"{"result": [{"id": 1}, {"id": {"deep": 1}}]}"#), ".result[1].id");
        assert_eq!(path_of::<Body>(r#"{"result": {"id": 1}}"#), ".result");
        // Escaped quotes inside keys and values do not end the string.
        assert_eq!(path_of::<Body>(r#"{"x\"": "a\"b", "result": [{"id": -1}]}"#), ".result[0].id");
    }

    #[test]
    fn a_missing_field_is_on_its_object() {
        assert_eq!(path_of::<Body>(r#"{"result": [{"id": 1}, {"tags": []}]}"#), ".result[1]");
        assert_eq!(path_of::<Body>(r#"{"result": [{"id": 1}, {}  ]}"#), ".result[1]");
    }

    #[test]
    fn offsets_follow_lines() {
        assert_eq!(offset(b"ab\ncd\nef", 1, 2), 2);
        assert_eq!(offset(b"ab\ncd\nef", 3, 1), 7);
        assert_eq!(offset(b"ab", 9, 9), 2);
    }
}
