//! Sending one call: attempts, retries, timeouts and tracing.

use reqwest::header::{self, HeaderMap, HeaderValue};
use reqwest::StatusCode;
use tracing::Instrument as _;

use super::decode;
use super::request::Request;
use super::retry;
use super::{Client, Error};
use crate::settings::USER_AGENT;

/// A response, its body read whole; the body stays the buffer the HTTP stack filled.
///
/// `pub` only to appear in [`FromResponse`](super::call::FromResponse)'s hidden method; the
/// module is private, so no one outside the crate can name it.
pub struct RawResponse {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: bytes::Bytes,
}

/// Sends `request`, retrying as the client and call allow, until a success status, an
/// error that is not retried, or the last attempt.
pub(crate) async fn send(client: &Client, request: &Request) -> Result<RawResponse, Error> {
    let settings = &client.inner;
    let url = request.url(&settings.base)?;
    let headers = headers(&settings.headers, request);
    let timeout = request.timeout.unwrap_or(settings.timeout);
    let max_retries = request.max_retries.unwrap_or(settings.max_retries);
    let mut retry = 0;
    loop {
        // One span per attempt; it names the path template, never ids, headers or the body.
        let span = tracing::debug_span!(
            "cloudflare.request",
            method = %request.method,
            path = request.template,
            attempt = retry + 1,
            status = tracing::field::Empty,
            cf_ray = tracing::field::Empty,
        );
        let mut http_request = reqwest::Request::new(request.method.clone(), url.clone());
        *http_request.headers_mut() = headers.clone();
        *http_request.timeout_mut() = Some(timeout);
        *http_request.body_mut() = request.body.clone().map(reqwest::Body::from);
        let last = retry >= max_retries;
        let wait = match attempt(&settings.http, http_request, &span).instrument(span.clone()).await {
            Ok(response) if response.status.is_success() => return Ok(response),
            Ok(response) => {
                if last || !retry::should_retry_status(response.status, &response.headers) {
                    return Err(decode::api_error(response));
                }
                let wait = retry::wait(retry, Some(&response.headers), &settings.backoff);
                span.in_scope(|| tracing::debug!(wait_ms = wait.as_millis(), "retrying after an error status"));
                wait
            }
            Err(err) => {
                // reqwest's errors carry the whole URL, ids and query values with it.
                let err = err.without_url();
                if last || !retry::should_retry_error(&err) {
                    return Err(Error::transport(err));
                }
                let wait = retry::wait(retry, None, &settings.backoff);
                span.in_scope(
                    || tracing::debug!(error = %Chain(&err), wait_ms = wait.as_millis(), "retrying after a failure"),
                );
                wait
            }
        };
        tokio::time::sleep(wait).await;
        retry += 1;
    }
}

/// One attempt: the request sent and the whole body read, within the request's timeout;
/// the status and ray id are recorded on the attempt's `span`.
async fn attempt(
    http: &reqwest::Client,
    request: reqwest::Request,
    span: &tracing::Span,
) -> Result<RawResponse, reqwest::Error> {
    let mut response = http.execute(request).await?;
    let status = response.status();
    span.record("status", status.as_u16());
    if let Some(ray) = response.headers().get("cf-ray").and_then(|v| v.to_str().ok()) {
        span.record("cf_ray", ray);
    }
    // The headers are moved out, not cloned: the body is read without them.
    let headers = std::mem::take(response.headers_mut());
    let body = response.bytes().await?;
    Ok(RawResponse { status, headers, body })
}

/// The headers every request of a client sends, built once with the client: the
/// defaults, then the credential's, each replacing the ones before of the same name.
pub(crate) fn client_headers(auth_headers: &HeaderMap) -> HeaderMap {
    let mut headers = HeaderMap::with_capacity(4 + auth_headers.len());
    headers.insert(header::USER_AGENT, HeaderValue::from_static(USER_AGENT));
    headers.insert(header::ACCEPT, HeaderValue::from_static("application/json"));
    for (name, value) in auth_headers {
        headers.insert(name, value.clone());
    }
    headers
}

/// The headers of every attempt of one call: the client's, then the call's own, each
/// replacing the ones before of the same name.
fn headers(client_headers: &HeaderMap, request: &Request) -> HeaderMap {
    let mut headers = client_headers.clone();
    if request.body.is_some() {
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    }
    for (name, value) in &request.headers {
        headers.insert(name, value.clone());
    }
    headers
}

/// An error and its sources on one line, for logs.
struct Chain<'a>(&'a dyn std::error::Error);

impl std::fmt::Display for Chain<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)?;
        let mut source = self.0.source();
        while let Some(err) = source {
            write!(f, ": {err}")?;
            source = err.source();
        }
        Ok(())
    }
}
