//! [`Call`], the awaitable builder every operation returns, and [`Response`].

use std::future::IntoFuture;
use std::time::Duration;

use futures_core::future::BoxFuture;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use reqwest::StatusCode;
use serde::de::DeserializeOwned;

use super::decode::{self, Decoded};
use super::request::Request;
use super::transport::{self, RawResponse};
use super::{Client, Error, Page};
use crate::envelope::ErrorItem;

/// One call of an operation, ready to send: `.await` it for the result.
///
/// Before awaiting, per-call options change this call only: extra headers and query
/// parameters, the timeout and the number of retries. A `Call` owns a handle to its
/// client, so it is `'static` and `Send`: it can be stored, or spawned on a task.
///
/// ```no_run
/// # async fn run(client: cloudflare_zero_trust::Client) -> Result<(), cloudflare_zero_trust::Error> {
/// use std::time::Duration;
///
/// let user = client
///     .zero_trust()
///     .access()
///     .users()
///     .get("account-id", "user-id")
///     .header("x-request-id", "3f1c")
///     .query("fields", "email")
///     .timeout(Duration::from_secs(5))
///     .max_retries(0)
///     .await?;
/// # Ok(()) }
/// ```
#[must_use = "a call does nothing until it is awaited"]
pub struct Call<T> {
    pub(super) client: Client,
    pub(super) request: Request,
    /// How the response is read when it is not the envelope's `result` as `T`
    /// ([`FromResponse`]): bytes, text, a list nested in an object.
    decode: Option<Decoder<T>>,
}

/// A function that reads a response as a `T`.
type Decoder<T> = fn(&RawResponse) -> Result<Decoded<T>, Error>;

/// What a call's response decodes into: the envelope's `result` as any type serde reads,
/// or [`Page`] of a list operation.
///
/// The decoder is chosen by this trait where the call is awaited, not stored when the call
/// is made: a crate that uses few operations compiles the decoders of those alone, and this
/// crate compiles none of them for itself. Code generic over calls names it as a bound:
///
/// ```no_run
/// use cloudflare_zero_trust::{Call, Error, FromResponse};
///
/// async fn logged<T: FromResponse + Send + 'static>(call: Call<T>) -> Result<T, Error> {
///     let response = call.send_with_response().await?;
///     println!("{}", response.status());
///     Ok(response.into_value())
/// }
/// ```
///
/// It is implemented for every type serde reads, for [`Page`], and for the enums of results
/// by status (read by their operation's own decoder); its method is internal.
pub trait FromResponse: Sized {
    /// Reads the envelope's `result`. The default is for types that only calls with a
    /// decoder of their own return (results by status), so it is never called.
    #[doc(hidden)]
    fn from_response(response: &RawResponse) -> Result<Decoded<Self>, Error> {
        let _ = response;
        Err(Error::InvalidRequest("this response type is read by its operation's own decoder".into()))
    }
}

impl<T: DeserializeOwned> FromResponse for T {
    fn from_response(response: &RawResponse) -> Result<Decoded<Self>, Error> {
        decode::value(response)
    }
}

impl<T: DeserializeOwned> FromResponse for Page<T> {
    fn from_response(response: &RawResponse) -> Result<Decoded<Self>, Error> {
        decode::page(response)
    }
}

impl<T> Call<T> {
    /// A call whose `result` decodes as `T` (one page of items with `result_info`, for
    /// `Page<T>`).
    pub(crate) fn new(client: &Client, request: Request) -> Self {
        Self { client: client.clone(), request, decode: None }
    }

    /// A call whose response is read by `decode`: for bodies that are not the JSON
    /// envelope (bytes, text), or are read another way.
    pub(crate) fn with_decoder(
        client: &Client,
        request: Request,
        decode: Decoder<T>,
    ) -> Self {
        Self { client: client.clone(), request, decode: Some(decode) }
    }
}

impl<T: DeserializeOwned> Call<Page<T>> {
    /// A call whose `result` decodes as a list of `T`, with `result_info`.
    pub(crate) fn page(client: &Client, request: Request) -> Self {
        Self::new(client, request)
    }
}

impl<T> Call<T> {
    /// Sets a header on this call, replacing the client's header of the same name
    /// (the credential's too, to use another for one call).
    ///
    /// An invalid name or value makes the call fail with [`Error::InvalidRequest`] when it
    /// is sent; the message never repeats the value.
    pub fn header<K, V>(mut self, name: K, value: V) -> Self
    where
        HeaderName: TryFrom<K>,
        HeaderValue: TryFrom<V>,
    {
        self.request.set_header(name, value);
        self
    }

    /// Adds a query parameter, after the operation's own (a name given twice is sent twice).
    pub fn query(mut self, name: impl Into<String>, value: impl std::fmt::Display) -> Self {
        self.request.push_query(name.into(), value.to_string());
        self
    }

    /// The timeout of each attempt of this call, in place of the client's.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.request.timeout = Some(timeout);
        self
    }

    /// How many times this call is retried, in place of the client's setting.
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        self.request.max_retries = Some(max_retries);
        self
    }

    /// Sends the call, and keeps the status, headers and `messages[]` of the response
    /// with its value.
    ///
    /// # Errors
    ///
    /// Any [`Error`] but [`Error::Config`]; awaiting the call fails in the same ways.
    ///
    /// ```no_run
    /// # async fn run(client: cloudflare_zero_trust::Client) -> Result<(), cloudflare_zero_trust::Error> {
    /// let response = client.zero_trust().access().users().get("account-id", "user-id").send_with_response().await?;
    /// println!("{} (cf-ray {:?})", response.status(), response.headers().get("cf-ray"));
    /// let user = response.into_value();
    /// # Ok(()) }
    /// ```
    pub async fn send_with_response(self) -> Result<Response<T>, Error>
    where
        T: FromResponse,
    {
        let raw = transport::send(&self.client, &self.request).await?;
        let decode = self.decode.unwrap_or(T::from_response);
        let Decoded { value, messages } = decode(&raw)?;
        Ok(Response { status: raw.status, headers: raw.headers, messages, value, body: raw.body })
    }
}

impl<T: FromResponse + Send + 'static> IntoFuture for Call<T> {
    type Output = Result<T, Error>;
    type IntoFuture = BoxFuture<'static, Result<T, Error>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move { self.send_with_response().await.map(Response::into_value) })
    }
}

impl<T> Clone for Call<T> {
    fn clone(&self) -> Self {
        Self { client: self.client.clone(), request: self.request.clone(), decode: self.decode }
    }
}

impl<T> std::fmt::Debug for Call<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Call").field("request", &self.request).finish_non_exhaustive()
    }
}

/// A call's value with the status, headers and `messages[]` of its response; from
/// [`Call::send_with_response`].
///
/// It also keeps the body as it came, so fields the client does not know yet (added by
/// Cloudflare after this crate was generated) stay readable through
/// [`raw_result`](Response::raw_result), at no cost unless asked for.
#[derive(Clone)]
pub struct Response<T> {
    status: StatusCode,
    headers: HeaderMap,
    messages: Vec<ErrorItem>,
    value: T,
    body: bytes::Bytes,
}

impl<T> Response<T> {
    /// The HTTP status: any 2xx.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// Every header of the response.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The envelope's `messages[]`: notices that came with the result.
    pub fn messages(&self) -> &[ErrorItem] {
        &self.messages
    }

    /// The decoded `result`.
    pub fn value(&self) -> &T {
        &self.value
    }

    /// The decoded `result`, without the rest.
    pub fn into_value(self) -> T {
        self.value
    }

    /// The body exactly as received (after any `gzip` decoding).
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// The envelope's `result` as raw JSON, every field in it, known to the types or not;
    /// `None` when the body has no `result` (or it is `null`, or the body is not JSON).
    ///
    /// The typed value drops fields the spec does not describe; this reads them. The body
    /// is parsed again on each call, so it costs nothing unless used.
    ///
    /// ```no_run
    /// # async fn run(client: cloudflare_zero_trust::Client) -> Result<(), Box<dyn std::error::Error>> {
    /// let response = client.zero_trust().access().users().get("account-id", "user-id").send_with_response().await?;
    /// if let Some(raw) = response.raw_result() {
    ///     let all: serde_json::Map<String, serde_json::Value> = serde_json::from_str(raw.get())?;
    ///     println!("a field the types do not know yet: {:?}", all.get("new_field"));
    /// }
    /// # Ok(()) }
    /// ```
    pub fn raw_result(&self) -> Option<&serde_json::value::RawValue> {
        #[derive(serde::Deserialize)]
        struct RawEnvelope<'a> {
            #[serde(borrow, default)]
            result: Option<&'a serde_json::value::RawValue>,
        }
        serde_json::from_slice::<RawEnvelope<'_>>(&self.body).ok()?.result
    }
}

impl<T: std::fmt::Debug> std::fmt::Debug for Response<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The body is left out: the value is the body, decoded.
        f.debug_struct("Response")
            .field("status", &self.status)
            .field("headers", &self.headers)
            .field("messages", &self.messages)
            .field("value", &self.value)
            .finish_non_exhaustive()
    }
}
