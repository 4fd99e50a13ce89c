//! Reading the `{success, errors, messages, result, result_info}` envelope.

use serde::de::{DeserializeOwned, IgnoredAny};
use serde_json::value::RawValue;

use super::transport::RawResponse;
use super::{ApiError, DecodeError, Error, Page};
use crate::envelope::Envelope;
use crate::envelope::ErrorItem;

/// A decoded success response: its value and the envelope's `messages[]`.
pub(crate) struct Decoded<T> {
    pub(crate) value: T,
    pub(crate) messages: Vec<ErrorItem>,
}

/// Decodes `result` as `T`. An absent or `null` result is decoded from `null`, so it is
/// a value for `Option` and `()`, and an error for anything else.
pub(crate) fn value<T: DeserializeOwned>(response: &RawResponse) -> Result<Decoded<T>, Error> {
    let envelope = envelope(response)?;
    let value = match &envelope.result {
        Some(result) => parse(response, result.get().as_bytes())?,
        None => serde_json::from_str("null").map_err(|err| decode_error(response, err, &response.body))?,
    };
    Ok(Decoded { value, messages: envelope.messages })
}

/// Decodes `result` as a list of `T`, with `result_info`. An absent or `null` result is
/// an empty page: a list operation that found nothing has nothing else to say.
pub(crate) fn page<T: DeserializeOwned>(response: &RawResponse) -> Result<Decoded<Page<T>>, Error> {
    let envelope = envelope(response)?;
    let items = match &envelope.result {
        Some(result) => parse(response, result.get().as_bytes())?,
        None => Vec::new(),
    };
    Ok(Decoded { value: Page::new(items, envelope.result_info), messages: envelope.messages })
}

/// The envelope of a success status, its `result` left undecoded. `success: false` is an
/// [`Error::Api`]; an empty body (a 204, say) is an envelope with nothing in it.
fn envelope(response: &RawResponse) -> Result<Envelope<Box<RawValue>>, Error> {
    let body: &[u8] = if response.body.trim_ascii().is_empty() { b"{}" } else { &response.body };
    let envelope: Envelope<Box<RawValue>> = parse(response, body)?;
    if envelope.success == Some(false) {
        let error = ApiError::new(
            response.status,
            response.headers.clone(),
            envelope.errors,
            envelope.messages,
            &response.body,
        );
        return Err(Error::Api(Box::new(error)));
    }
    Ok(envelope)
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

/// Parses `json`, a part of the response's body; a failure keeps an excerpt of that part,
/// so the error's line and column point into the excerpt.
fn parse<T: DeserializeOwned>(response: &RawResponse, json: &[u8]) -> Result<T, Error> {
    serde_json::from_slice(json).map_err(|err| decode_error(response, err, json))
}

fn decode_error(response: &RawResponse, err: serde_json::Error, json: &[u8]) -> Error {
    Error::Decode(Box::new(DecodeError::new(response.status, response.headers.clone(), err, json)))
}
