//! The one error type of the client.

use reqwest::header::HeaderMap;
use reqwest::StatusCode;

use crate::envelope::ErrorItem;

/// The most bytes of a response body an error keeps.
const EXCERPT_BYTES: usize = 512;
/// The most characters of a body excerpt an error's `Display` shows.
const DISPLAY_EXCERPT_CHARS: usize = 120;
/// The bytes a decode error keeps on either side of the failing spot.
const DECODE_EXCERPT_BYTES: usize = 60;

/// Everything that can go wrong with a call.
///
/// No variant ever holds a credential: they are sent as headers of the request, and
/// errors keep only the response.
///
/// ```no_run
/// # async fn run(client: cloudflare_zero_trust::Client) {
/// use cloudflare_zero_trust::{ApiErrorKind, Error};
///
/// match client.zero_trust().access().users().get("account", "user").await {
///     Ok(user) => println!("{user:?}"),
///     Err(Error::Api(err)) if err.kind() == ApiErrorKind::NotFound => println!("no such user"),
///     Err(Error::Api(err)) => {
///         for item in err.errors() {
///             println!("{:?}: {:?}", item.code, item.message);
///         }
///         println!("cf-ray: {:?}", err.ray_id());
///     }
///     Err(Error::Timeout(_)) => println!("timed out"),
///     Err(err) => println!("{err}"),
/// }
/// # }
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The API answered with an error status, or with `success: false`.
    Api(Box<ApiError>),
    /// The request, or reading its response, took longer than its timeout.
    Timeout(reqwest::Error),
    /// The API could not be reached, or the connection failed before the response was read.
    Connection(reqwest::Error),
    /// The API answered with a success status, but not with the expected JSON.
    Decode(Box<DecodeError>),
    /// The request was refused before it was sent (an empty path parameter, a body that does
    /// not serialise, an invalid header).
    InvalidRequest(String),
    /// The client could not be built (no credentials found, an invalid base URL, a TLS
    /// backend that failed to start).
    Config(String),
}

impl Error {
    /// The HTTP status of the response, when there was one.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Self::Api(err) => Some(err.status),
            Self::Decode(err) => Some(err.status),
            _ => None,
        }
    }

    /// Sorts a transport failure into [`Error::Timeout`] or [`Error::Connection`].
    pub(crate) fn transport(err: reqwest::Error) -> Self {
        if err.is_timeout() {
            Self::Timeout(err)
        } else {
            Self::Connection(err)
        }
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Api(err) => err.fmt(f),
            Self::Timeout(_) => f.write_str("the request timed out"),
            Self::Connection(_) => f.write_str("the connection to the API failed"),
            Self::Decode(err) => err.fmt(f),
            Self::InvalidRequest(message) => write!(f, "invalid request: {message}"),
            Self::Config(message) => write!(f, "invalid client configuration: {message}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Timeout(err) | Self::Connection(err) => Some(err),
            Self::Decode(err) => Some(&err.source),
            _ => None,
        }
    }
}

/// What kind of failure an [`ApiError`] is, from its status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ApiErrorKind {
    /// 400: the request was malformed.
    BadRequest,
    /// 401: the credentials are missing or wrong.
    Authentication,
    /// 403: the credentials may not do this.
    PermissionDenied,
    /// 404: no such resource.
    NotFound,
    /// 409: the request conflicts with the resource's state.
    Conflict,
    /// 422: the request was well formed but invalid.
    Unprocessable,
    /// 429: too many requests.
    RateLimited,
    /// 500 to 599: the server failed.
    Server,
    /// A success status whose body said `success: false`.
    Unsuccessful,
    /// Any other status.
    Other,
}

impl ApiErrorKind {
    fn from_status(status: StatusCode) -> Self {
        match status.as_u16() {
            400 => Self::BadRequest,
            401 => Self::Authentication,
            403 => Self::PermissionDenied,
            404 => Self::NotFound,
            409 => Self::Conflict,
            422 => Self::Unprocessable,
            429 => Self::RateLimited,
            500..=599 => Self::Server,
            200..=299 => Self::Unsuccessful,
            _ => Self::Other,
        }
    }
}

impl std::fmt::Display for ApiErrorKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::BadRequest => "bad request",
            Self::Authentication => "authentication failed",
            Self::PermissionDenied => "permission denied",
            Self::NotFound => "not found",
            Self::Conflict => "conflict",
            Self::Unprocessable => "unprocessable request",
            Self::RateLimited => "rate limited",
            Self::Server => "server error",
            Self::Unsuccessful => "unsuccessful",
            Self::Other => "error status",
        })
    }
}

/// The API's answer to a failed request: its status, headers and `errors[]`.
#[derive(Debug, Clone)]
pub struct ApiError {
    kind: ApiErrorKind,
    status: StatusCode,
    headers: HeaderMap,
    errors: Vec<ErrorItem>,
    messages: Vec<ErrorItem>,
    body_excerpt: Option<String>,
}

impl ApiError {
    /// An error from the response's status and Cloudflare's `errors[]` and `messages[]`.
    ///
    /// A body without `errors[]` (an HTML page from a proxy, say) is kept as an excerpt.
    pub(crate) fn new(
        status: StatusCode,
        headers: HeaderMap,
        errors: Vec<ErrorItem>,
        messages: Vec<ErrorItem>,
        body: &[u8],
    ) -> Self {
        let body_excerpt = errors.is_empty().then(|| excerpt(body)).filter(|e| !e.is_empty());
        let kind = ApiErrorKind::from_status(status);
        Self { kind, status, headers, errors, messages, body_excerpt }
    }

    /// What kind of failure this is.
    pub fn kind(&self) -> ApiErrorKind {
        self.kind
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// Every header of the response.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The `cf-ray` header: the id Cloudflare support asks for.
    pub fn ray_id(&self) -> Option<&str> {
        self.headers.get("cf-ray").and_then(|v| v.to_str().ok())
    }

    /// Every item of the response's `errors[]`: code, message, documentation URL and the
    /// JSON pointer to the part of the request at fault.
    pub fn errors(&self) -> &[ErrorItem] {
        &self.errors
    }

    /// Every item of the response's `messages[]`.
    pub fn messages(&self) -> &[ErrorItem] {
        &self.messages
    }

    /// The start of the body, kept when it held no `errors[]`: an HTML error page, say.
    pub fn body_excerpt(&self) -> Option<&str> {
        self.body_excerpt.as_deref()
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.kind, self.status)?;
        for (i, item) in self.errors.iter().enumerate() {
            f.write_str(if i == 0 { ": " } else { "; " })?;
            if let Some(code) = item.code {
                write!(f, "[{code}] ")?;
            }
            f.write_str(item.message.as_deref().unwrap_or("(no message)"))?;
        }
        if let Some(body) = &self.body_excerpt {
            let short: String = body.chars().take(DISPLAY_EXCERPT_CHARS).collect();
            write!(f, ": body {short:?}")?;
        }
        if let Some(ray) = self.ray_id() {
            write!(f, " (cf-ray {ray})")?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiError {}

/// A success response whose body was not the expected JSON.
///
/// It says where and why: the JSON path of the failing value (`result[3].created_at`),
/// serde's reason, and an excerpt of the body around that spot.
#[derive(Debug)]
pub struct DecodeError {
    status: StatusCode,
    headers: HeaderMap,
    source: serde_json::Error,
    path: String,
    reason: String,
    excerpt: String,
}

impl DecodeError {
    /// An error for `source`, raised at byte `at` of `json` (the value at `path`).
    pub(crate) fn new(
        status: StatusCode,
        headers: HeaderMap,
        source: serde_json::Error,
        path: String,
        json: &[u8],
        at: usize,
    ) -> Self {
        let reason = reason(&source);
        Self { status, headers, source, path, reason, excerpt: excerpt_around(json, at) }
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// Every header of the response.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The JSON path of the value that failed, from the body's root: `result[3].created_at`;
    /// empty when the body itself is not JSON.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// Why the value failed, as serde says it: `invalid type: integer `5`, expected a string`.
    pub fn reason(&self) -> &str {
        &self.reason
    }

    /// The body around the failing spot (up to 60 bytes either side, `…` where cut), to see
    /// what came instead.
    pub fn excerpt(&self) -> &str {
        &self.excerpt
    }
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "could not decode the {} response: ", self.status)?;
        if !self.path.is_empty() {
            write!(f, "{}: ", self.path)?;
        }
        write!(f, "{}, near {:?}", self.reason, self.excerpt)
    }
}

impl std::error::Error for DecodeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

/// serde's reason without serde_json's ` at line 1 column 57`, which counts from the start
/// of the body and so means little to a reader: the path and excerpt say where.
fn reason(err: &serde_json::Error) -> String {
    let text = err.to_string();
    let position = format!(" at line {} column {}", err.line(), err.column());
    text.strip_suffix(&position).map_or(text.clone(), str::to_owned)
}

/// The bytes of `json` around `at` as text, cut at character boundaries, marked with `…`
/// where cut.
fn excerpt_around(json: &[u8], at: usize) -> String {
    let at = at.min(json.len());
    let start = at.saturating_sub(DECODE_EXCERPT_BYTES);
    let end = (at + DECODE_EXCERPT_BYTES).min(json.len());
    let text = String::from_utf8_lossy(&json[start..end]);
    // Cuts through multi-byte characters leave replacement characters at the ends.
    let text = text.trim_matches('\u{FFFD}').trim();
    let mut excerpt = String::with_capacity(text.len() + 6);
    if start > 0 {
        excerpt.push('…');
    }
    excerpt.push_str(text);
    if end < json.len() {
        excerpt.push('…');
    }
    excerpt
}

/// The start of a body as text, cut at a character boundary, marked with `…` when cut.
fn excerpt(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(&body[..body.len().min(EXCERPT_BYTES)]);
    // A cut through a multi-byte character leaves one replacement character: drop it.
    let mut text = text.trim().trim_end_matches('\u{FFFD}').to_owned();
    if body.len() > EXCERPT_BYTES {
        text.push('…');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_and_clients_cross_threads() {
        fn send_sync<T: Send + Sync + 'static>() {}
        send_sync::<Error>();
        send_sync::<crate::Client>();
        send_sync::<crate::Call<crate::Page<u8>>>();
    }

    #[test]
    fn kinds_follow_the_status() {
        for (status, kind) in [
            (400, ApiErrorKind::BadRequest),
            (401, ApiErrorKind::Authentication),
            (403, ApiErrorKind::PermissionDenied),
            (404, ApiErrorKind::NotFound),
            (409, ApiErrorKind::Conflict),
            (422, ApiErrorKind::Unprocessable),
            (429, ApiErrorKind::RateLimited),
            (500, ApiErrorKind::Server),
            (503, ApiErrorKind::Server),
            (200, ApiErrorKind::Unsuccessful),
            (405, ApiErrorKind::Other),
            (302, ApiErrorKind::Other),
            (599, ApiErrorKind::Server),
            (600, ApiErrorKind::Other),
            (999, ApiErrorKind::Other),
        ] {
            assert_eq!(ApiErrorKind::from_status(StatusCode::from_u16(status).unwrap()), kind, "{status}");
        }
    }

    #[test]
    fn excerpt_cuts_long_bodies_at_a_character() {
        assert_eq!(excerpt(b"  <html>  "), "<html>");
        // One ASCII byte first, so the cut falls inside a two-byte character.
        let long = format!("a{}", "é".repeat(EXCERPT_BYTES));
        let cut = excerpt(long.as_bytes());
        assert!(cut.ends_with("é…"), "{cut}");
        assert!(cut.len() <= EXCERPT_BYTES + '…'.len_utf8());
        assert!(!cut.contains('\u{FFFD}'));
    }
}
