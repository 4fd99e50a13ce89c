//! Streaming a bytes response (`response: bytes`) chunk by chunk, without holding it whole.

use bytes::Bytes;
use futures_core::stream::BoxStream;
use tracing::Instrument as _;

use super::decode;
use super::transport::RawResponse;
use super::{Call, Error};

impl Call<Vec<u8>> {
    /// Sends the call and returns the response body as a stream of chunks, as they arrive,
    /// instead of reading it whole into a `Vec<u8>` (an R2 object of gigabytes, say).
    ///
    /// The call is sent once: a stream cannot be retried halfway, so the client's and the
    /// call's retries do not apply. The timeout (the call's, else the client's) covers the
    /// whole transfer; give a large download a longer one with [`Call::timeout`]. An error
    /// status is read whole, as for any call, and returned as [`Error::Api`]; a failure
    /// while streaming ends the stream with the error.
    ///
    /// # Errors
    ///
    /// [`Error::Api`] for an error status, [`Error::Timeout`] or [`Error::Connection`]
    /// when no response came, [`Error::InvalidRequest`] for a request refused before sending.
    pub async fn into_byte_stream(self) -> Result<BoxStream<'static, Result<Bytes, Error>>, Error> {
        let settings = &self.client.inner;
        let request = &self.request;
        let mut http_request = reqwest::Request::new(request.method.clone(), request.url(&settings.base)?);
        // The client's headers, then the call's own, as every other call sends them.
        let headers = http_request.headers_mut();
        headers.extend(settings.headers.clone());
        if request.body.is_some() {
            headers
                .insert(reqwest::header::CONTENT_TYPE, reqwest::header::HeaderValue::from_static("application/json"));
        }
        for (name, value) in &request.headers {
            headers.insert(name, value.clone());
        }
        *http_request.timeout_mut() = Some(request.timeout.unwrap_or(settings.timeout));
        *http_request.body_mut() = request.body.clone().map(reqwest::Body::from);
        // The same span as any attempt: the path template, never ids, headers or the body.
        let span = tracing::debug_span!(
            "cloudflare.request",
            method = %request.method,
            path = request.template,
            attempt = 1,
            status = tracing::field::Empty,
            cf_ray = tracing::field::Empty,
        );
        let response = settings.http.execute(http_request).instrument(span.clone()).await.map_err(transport)?;
        span.record("status", response.status().as_u16());
        if !response.status().is_success() {
            let (status, headers) = (response.status(), response.headers().clone());
            let body = response.bytes().await.map_err(transport)?;
            return Err(decode::api_error(RawResponse { status, headers, body }));
        }
        Ok(Box::pin(futures_util::stream::unfold(Some(response), |response| async move {
            let mut response = response?;
            match response.chunk().await {
                Ok(Some(chunk)) => Some((Ok(chunk), Some(response))),
                Ok(None) => None,
                Err(err) => Some((Err(transport(err)), None)),
            }
        })))
    }
}

/// A transport failure, without the URL reqwest puts in its errors (it holds ids and query
/// values).
fn transport(err: reqwest::Error) -> Error {
    Error::transport(err.without_url())
}
