//! [`Client`] and [`ClientBuilder`]: the settings every call shares.

use std::fmt::Write as _;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use reqwest::Url;

use super::retry::Backoff;
use super::Error;
use crate::settings::{BASE_URL_ENV, DEFAULT_BASE_URL};
use crate::Credentials;

/// Each attempt's default timeout, from connecting to reading the whole body.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
/// The default timeout for opening a connection (TCP and TLS).
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Retries after the first attempt, by default.
const DEFAULT_MAX_RETRIES: u32 = 2;

/// A client of the Cloudflare API.
///
/// Cloning is cheap (the settings and connection pool are shared), so clone it freely, or
/// share one across tasks: it is `Send + Sync`. Its `Debug` output never shows a secret.
///
/// ```no_run
/// # async fn run() -> Result<(), cloudflare_zero_trust::Error> {
/// use cloudflare_zero_trust::{Client, Credentials};
///
/// let client = Client::new(Credentials::api_token("..."))?;
/// let user = client.zero_trust().access().users().get("account-id", "user-id").await?;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Client {
    pub(super) inner: Arc<Inner>,
}

/// What every call of one client shares.
pub(super) struct Inner {
    pub(super) http: reqwest::Client,
    /// Without a trailing `/`, as [`Client::base_url`] returns it.
    pub(super) base_url: String,
    /// The same, parsed once here: each request sets only its path and query on a copy.
    pub(super) base: Url,
    /// Kept for `Debug`, where its secrets print redacted.
    credentials: Credentials,
    /// The headers of every request: defaults and the credential's, secret values marked
    /// sensitive; built once here, cloned per attempt.
    pub(super) headers: HeaderMap,
    pub(super) timeout: Duration,
    pub(super) max_retries: u32,
    pub(super) backoff: Backoff,
}

impl Client {
    /// A client with the default settings.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when a credential holds a character a header cannot carry (a
    /// newline, say) or the TLS backend cannot start.
    pub fn new(credentials: Credentials) -> Result<Self, Error> {
        Self::builder(credentials).build()
    }

    /// A client whose credentials and base URL come from the environment.
    ///
    /// Credentials are tried in this order: `CLOUDFLARE_API_TOKEN`; `CLOUDFLARE_API_KEY`
    /// with `CLOUDFLARE_EMAIL`; `CLOUDFLARE_API_USER_SERVICE_KEY`. `CLOUDFLARE_BASE_URL`,
    /// when set, replaces the base URL. Empty variables count as unset.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when no credential is complete (the message names every variable
    /// looked at), or as [`ClientBuilder::build`] fails.
    pub fn from_env() -> Result<Self, Error> {
        ClientBuilder::from_env()?.build()
    }

    /// A builder, to change the defaults.
    pub fn builder(credentials: Credentials) -> ClientBuilder {
        ClientBuilder {
            credentials,
            base_url: DEFAULT_BASE_URL.to_owned(),
            http: None,
            timeout: DEFAULT_TIMEOUT,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            max_retries: DEFAULT_MAX_RETRIES,
            backoff: Backoff::DEFAULT,
        }
    }

    /// The base URL every path is joined to.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let inner = &self.inner;
        f.debug_struct("Client")
            .field("base_url", &inner.base_url)
            .field("credentials", &inner.credentials)
            .field("timeout", &inner.timeout)
            .field("max_retries", &inner.max_retries)
            .finish_non_exhaustive()
    }
}

/// Builds a [`Client`]; made by [`Client::builder`] or [`ClientBuilder::from_env`].
///
/// ```no_run
/// # fn run() -> Result<(), cloudflare_zero_trust::Error> {
/// use std::time::Duration;
/// use cloudflare_zero_trust::{Client, Credentials};
///
/// let client = Client::builder(Credentials::api_key("me@example.com", "global-key"))
///     .timeout(Duration::from_secs(20))
///     .max_retries(5)
///     .build()?;
/// # Ok(()) }
/// ```
#[derive(Debug)]
#[must_use = "a builder does nothing until `build` is called"]
pub struct ClientBuilder {
    credentials: Credentials,
    base_url: String,
    http: Option<reqwest::Client>,
    timeout: Duration,
    connect_timeout: Duration,
    max_retries: u32,
    backoff: Backoff,
}

impl ClientBuilder {
    /// A builder whose credentials and base URL come from the environment, as in
    /// [`Client::from_env`].
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when no credential is complete; the message names every variable
    /// looked at.
    pub fn from_env() -> Result<Self, Error> {
        Self::from_vars(|name| std::env::var(name).ok().filter(|value| !value.trim().is_empty()))
    }

    fn from_vars(var: impl Fn(&str) -> Option<String>) -> Result<Self, Error> {
        let Some(credentials) = Credentials::from_vars(&var) else {
            return Err(Error::Config(missing_credentials(&var)));
        };
        let builder = Client::builder(credentials);
        Ok(match var(BASE_URL_ENV) {
            Some(base_url) => builder.base_url(base_url),
            None => builder,
        })
    }

    /// The URL every path is joined to; `https://api.cloudflare.com/client/v4` by default.
    ///
    /// It must be an `http` or `https` URL without a query, a fragment or a user name.
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = base_url.into();
        self
    }

    /// The timeout of each attempt, from connecting until the whole body is read; 60 s by
    /// default. [`Call::timeout`](crate::Call::timeout) changes it for one call.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The timeout for opening a connection; 10 s by default. It does not apply with
    /// [`ClientBuilder::http_client`]: set it on that client.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// How many times a failed attempt is retried; 2 by default, 0 turns retries off.
    /// [`Call::max_retries`](crate::Call::max_retries) changes it for one call.
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        self.max_retries = max_retries;
        self
    }

    /// The wait before the first retry, doubled for each next one; 0.5 s by default.
    ///
    /// A wait the server asks for with `retry-after` is honoured instead.
    pub fn initial_backoff(mut self, wait: Duration) -> Self {
        self.backoff.initial = wait;
        self
    }

    /// The longest wait between retries, before jitter; 8 s by default.
    pub fn max_backoff(mut self, wait: Duration) -> Self {
        self.backoff.max = wait;
        self
    }

    /// Sends every request through this `reqwest` client: for proxies, custom root
    /// certificates, client certificates or another TLS backend.
    ///
    /// Its own connect timeout, proxy and redirect settings apply in place of this
    /// builder's. Turn redirects off on it (`reqwest::redirect::Policy::none()`), as the
    /// client does on the one it builds: `reqwest` drops `Authorization` when redirected to
    /// another host, but not `X-Auth-Key`.
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// Checks the settings and builds the client.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when the base URL is not an `http(s)` URL without a query,
    /// fragment or user name, a credential holds a character a header cannot carry, or the
    /// TLS backend cannot start.
    pub fn build(self) -> Result<Client, Error> {
        let base = checked_base_url(&self.base_url)?;
        let base_url = base.as_str().trim_end_matches('/').to_owned();
        let auth_headers = auth_headers(&self.credentials)?;
        let http = match self.http {
            Some(http) => http,
            None => reqwest::Client::builder()
                .connect_timeout(self.connect_timeout)
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .map_err(|err| Error::Config(format!("the HTTP client could not be built: {err}")))?,
        };
        let inner = Inner {
            http,
            base_url,
            base,
            credentials: self.credentials,
            headers: super::transport::client_headers(&auth_headers),
            timeout: self.timeout,
            max_retries: self.max_retries,
            backoff: self.backoff,
        };
        Ok(Client { inner: Arc::new(inner) })
    }
}

/// The message for an environment without complete credentials: every variable looked
/// at, and which of them were set.
fn missing_credentials(var: &impl Fn(&str) -> Option<String>) -> String {
    let set: Vec<&str> = Credentials::ENV_VARS.iter().copied().filter(|name| var(name).is_some()).collect();
    let mut message = format!(
        "no complete Cloudflare credentials in the environment; looked at {}",
        Credentials::ENV_VARS.join(", ")
    );
    if !set.is_empty() {
        let _ = write!(message, " (only {} set)", set.join(", "));
    }
    message
}

/// The base URL, parsed, once it is known to be usable.
fn checked_base_url(base_url: &str) -> Result<Url, Error> {
    let invalid = |why: &str| Error::Config(format!("invalid base URL `{}`: {why}", without_user_info(base_url)));
    let url = Url::parse(base_url).map_err(|err| invalid(&err.to_string()))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(invalid("the scheme must be http or https"));
    }
    // Credentials belong in `Credentials`, which keep them out of errors and logs; a URL
    // is printed in both.
    if !url.username().is_empty() || url.password().is_some() {
        return Err(invalid("it must not hold a user name or password"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(invalid("it must not have a query or a fragment"));
    }
    Ok(url)
}

/// `url` with any user name and password replaced by `***`, for messages: also when it
/// does not parse, so it is cut by hand (the user info is what precedes the last `@` of
/// the authority, which ends at the first `/`, `?` or `#` after `://`).
fn without_user_info(url: &str) -> std::borrow::Cow<'_, str> {
    let authority_start = url.find("://").map_or(0, |i| i + 3);
    let rest = &url[authority_start..];
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) => format!("{}***{}", &url[..authority_start], &rest[at..]).into(),
        None => url.into(),
    }
}

/// The credential's headers; secret values are marked sensitive, so the HTTP stack never
/// prints them.
fn auth_headers(credentials: &Credentials) -> Result<HeaderMap, Error> {
    let mut headers = HeaderMap::new();
    for (name, value, secret) in credentials.headers() {
        let name = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| Error::Config(format!("invalid credential header name `{name}`")))?;
        // The value stays out of the message: it is the credential.
        let mut value = HeaderValue::from_str(&value).map_err(|_| {
            Error::Config(format!("the credential for the `{name}` header holds a character a header cannot carry"))
        })?;
        value.set_sensitive(secret);
        headers.insert(name, value);
    }
    Ok(headers)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn from_vars_names_every_variable_when_none_is_set() {
        let err = ClientBuilder::from_vars(|_| None).unwrap_err().to_string();
        for name in Credentials::ENV_VARS {
            assert!(err.contains(name), "{err} does not name {name}");
        }
    }

    #[test]
    fn base_urls_are_checked() {
        assert_eq!(
            checked_base_url("https://api.cloudflare.com/client/v4/").unwrap().as_str(),
            "https://api.cloudflare.com/client/v4/"
        );
        assert_eq!(checked_base_url("http://127.0.0.1:8080").unwrap().as_str(), "http://127.0.0.1:8080/");
        for bad in ["ftp://x", "not a url", "https://user:pw@x", "https://x/?a=1", "https://x/#f"] {
            assert!(matches!(checked_base_url(bad), Err(Error::Config(_))), "{bad}");
        }
    }

    #[test]
    fn user_info_never_reaches_a_message() {
        for (url, shown) in [
            ("https://user:s3cret@host/client/v4", "https://***@host/client/v4"),
            ("http://:s3cret@host", "http://***@host"),
            ("https://us@er:s3cret@host:99/p@th", "https://***@host:99/p@th"),
            // Unparsable, and still cut.
            ("https://user:s3cret@ho st/", "https://***@ho st/"),
            ("user:s3cret@host", "***@host"),
            ("https://host/p@th?q=a@b", "https://host/p@th?q=a@b"),
        ] {
            assert_eq!(without_user_info(url), shown);
            if let Err(err) = checked_base_url(url) {
                let text = format!("{err} {err:?}");
                assert!(!text.contains("s3cret"), "{text}");
            }
        }
    }
}
