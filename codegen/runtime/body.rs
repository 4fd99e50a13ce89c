//! Responses that are not the JSON envelope: plain JSON, text and bytes.
//!
//! Generated operations whose spec says `response: json`, `text` or `bytes` build their
//! [`Call`](super::Call) with one of these decoders. An error status is still read as
//! Cloudflare's error envelope, by the transport, before any of them runs.

use serde::de::DeserializeOwned;

use super::decode::{self, Decoded};
use super::transport::RawResponse;
use super::Error;

/// Decodes the whole body as `T` (an empty body as `null`). It is read as the `result` of
/// an envelope around it, so a failure is reported as any decode error is, its position
/// inside `result`.
pub(crate) fn json<T: DeserializeOwned>(response: &RawResponse) -> Result<Decoded<T>, Error> {
    let body: &[u8] = if response.body.trim_ascii().is_empty() { b"null" } else { &response.body };
    let mut wrapped = Vec::with_capacity(body.len() + 12);
    wrapped.extend_from_slice(b"{\"result\":");
    wrapped.extend_from_slice(body);
    wrapped.push(b'}');
    #[allow(clippy::useless_conversion, reason = "the transport's body type may change; `into` fits any")]
    let body = wrapped.into();
    let enveloped = RawResponse { status: response.status, headers: response.headers.clone(), body };
    decode::value(&enveloped)
}

/// Decodes the envelope's `result` as `T` (the envelope's own decoder, for callers in the
/// runtime that cannot reach it).
pub(crate) fn json_result<T: DeserializeOwned>(response: &RawResponse) -> Result<Decoded<T>, Error> {
    decode::value(response)
}

/// Decodes the envelope's `result` as `T` and wraps it in `R`: one variant of an
/// operation's results by status.
pub(crate) fn json_result_as<T: DeserializeOwned, R>(
    response: &RawResponse,
    wrap: fn(T) -> R,
) -> Result<Decoded<R>, Error> {
    let Decoded { value, messages } = decode::value(response)?;
    Ok(Decoded { value: wrap(value), messages })
}

/// Decodes `value`, a part of `response`'s body, as `T`, reporting a failure as a decode
/// error of `response`.
pub(crate) fn json_value<T: DeserializeOwned>(response: &RawResponse, value: &serde_json::Value) -> Result<T, Error> {
    #[allow(clippy::useless_conversion, reason = "the transport's body type may change; `into` fits any")]
    let body = serde_json::to_vec(&serde_json::json!({ "result": value })).unwrap_or_default().into();
    let enveloped = RawResponse { status: response.status, headers: response.headers.clone(), body };
    decode::value(&enveloped).map(|decoded: Decoded<T>| decoded.value)
}

/// The whole body as text. Bytes that are not UTF-8 become U+FFFD: a text response never
/// fails to decode.
pub(crate) fn text(response: &RawResponse) -> Result<Decoded<String>, Error> {
    Ok(Decoded { value: String::from_utf8_lossy(&response.body).into_owned(), messages: Vec::new() })
}

/// The whole body as bytes.
pub(crate) fn bytes(response: &RawResponse) -> Result<Decoded<Vec<u8>>, Error> {
    Ok(Decoded { value: response.body.to_vec(), messages: Vec::new() })
}

#[cfg(test)]
mod tests {
    use reqwest::header::HeaderMap;
    use reqwest::StatusCode;

    use super::*;

    fn response(body: &[u8]) -> RawResponse {
        #[allow(clippy::useless_conversion, reason = "the transport's body type may change; `into` fits any")]
        let body = body.to_vec().into();
        RawResponse { status: StatusCode::OK, headers: HeaderMap::new(), body }
    }

    #[test]
    fn plain_json_is_the_value_even_when_it_looks_like_an_envelope() {
        let decoded: Decoded<serde_json::Value> =
            json(&response(br#"{"success": false, "errors": [{"code": 1}]}"#)).unwrap();
        assert_eq!(decoded.value["success"], false);
        let list: Decoded<Vec<u32>> = json(&response(b" [1, 2] ")).unwrap();
        assert_eq!(list.value, [1, 2]);
        let nothing: Decoded<Option<u32>> = json(&response(b"")).unwrap();
        assert_eq!(nothing.value, None);
    }

    #[test]
    fn plain_json_that_does_not_decode_is_a_decode_error() {
        let err = json::<Vec<u32>>(&response(br#"[1, "two"]"#)).err().unwrap();
        assert!(matches!(err, Error::Decode(_)), "{err}");
    }

    #[test]
    fn text_and_bytes_are_the_whole_body() {
        assert_eq!(text(&response("héllo\n".as_bytes())).unwrap().value, "héllo\n");
        assert_eq!(text(&response(b"a\xFFb")).unwrap().value, "a\u{FFFD}b");
        assert_eq!(bytes(&response(b"\x00\x01\xFF")).unwrap().value, [0, 1, 255]);
    }
}
