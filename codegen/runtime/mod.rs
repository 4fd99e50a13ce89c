//! The hand-written runtime every generated operation runs on.
//!
//! The generator copies this folder verbatim; each module has one job:
//!
//! - [`client`]: [`Client`] and [`ClientBuilder`], the settings every call shares.
//! - [`request`]: the description of one operation's request and how it becomes a URL.
//! - [`call`]: [`Call`], the awaitable builder the operations return, and [`Response`].
//! - [`transport`]: sending one call: attempts, timeouts, tracing.
//! - [`retry`]: which failures are retried and how long to wait.
//! - [`decode`]: reading the `{success, errors, result, ...}` envelope.
//! - [`body`]: reading responses without the envelope: plain JSON, text and bytes.
//! - [`download`]: streaming a bytes response without holding it whole.
//! - [`multipart`]: multipart bodies and [`FilePart`].
//! - [`page`]: [`Page`] and the streams that walk every page.
//! - [`error`]: [`Error`] and its parts.
//! - [`secret`]: [`Secret`], a string that never prints.
//! - [`codec`]: serde helpers the generated types use.

pub(crate) mod body;
mod call;
mod client;
pub(crate) mod codec;
mod decode;
mod download;
mod error;
pub(crate) mod multipart;
mod page;
mod request;
mod retry;
mod secret;
mod transport;

pub use call::{Call, FromResponse, Response};
#[doc(hidden)]
pub use decode::__decode_page;
pub use client::{Client, ClientBuilder};
pub use error::{ApiError, ApiErrorKind, DecodeError, Error};
pub use multipart::FilePart;
pub use page::Page;
#[allow(unused_imports, reason = "used by the operations whose list is nested in an object; a spec may have none")]
pub(crate) use page::nested_page;
pub(crate) use page::Paging;
#[allow(unused_imports, reason = "used by every operation; with no family enabled the crate has none")]
pub(crate) use request::Request;
pub use secret::Secret;
