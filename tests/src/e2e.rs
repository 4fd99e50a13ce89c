//! End-to-end helpers: a local API server ([`wiremock`]), a client of the generated crate
//! pointed at it, Cloudflare's response envelope, and checks of the one request the server got.
//!
//! ```no_run
//! # async fn example() -> Result<(), cloudflare_zero_trust::Error> {
//! use serde_json::json;
//! use zt_tests::e2e::{envelope, Api, Auth, ACCOUNT_ID};
//!
//! let user_id = "f174e90a-fafe-4643-bbbc-4a0ed4fc8415";
//! let api = Api::start(Auth::ApiToken).await;
//! let path = format!("/accounts/{ACCOUNT_ID}/access/users/{user_id}");
//! api.answer("GET", &path, 200, envelope(json!({ "id": user_id }))).await;
//!
//! let user = api.client.zero_trust().access().users().get(ACCOUNT_ID, user_id).await?;
//!
//! let sent = api.sent().await; // exactly one request; method, path and credentials checked
//! sent.assert_query(&[]);
//! sent.assert_no_body();
//! assert_eq!(user.id.as_deref(), Some(user_id));
//! # Ok(()) }
//! ```

use std::str::FromStr;

use cloudflare_zero_trust::{Client, Credentials};
use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// An account id, in Cloudflare's 32-hex-digit form.
pub const ACCOUNT_ID: &str = "023e105f4ecef8ad9ca31a8372d0c353";
/// A zone id.
pub const ZONE_ID: &str = "372e67954025e0ba6aaa6d586b9e0b59";
/// The API token of [`Auth::ApiToken`].
pub const API_TOKEN: &str = "Sn3lZJTBX6kkg7OdcBUAxOO963GEIyGQqnFTOFYY";
/// The email of [`Auth::ApiKey`].
pub const EMAIL: &str = "admin@example.com";
/// The Global API key of [`Auth::ApiKey`].
pub const API_KEY: &str = "144c9defac04969c7bfad8efaa8ea194";
/// The Origin CA key of [`Auth::UserServiceKey`].
pub const USER_SERVICE_KEY: &str = "v1.0-144c9defac04969c7bfad8ef-631a41d003a32d25fe878081ef365c49503f7fada600da935e2851a1c7326084b85cbf6429c4b859de8475731dc92a9c329631e6d59e6c";

/// Every header a credential may send; each request must carry exactly its own.
const AUTH_HEADERS: [&str; 4] = ["authorization", "x-auth-email", "x-auth-key", "x-auth-user-service-key"];

/// Which credential a test's client uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Auth {
    /// `Authorization: Bearer <API_TOKEN>`.
    ApiToken,
    /// `X-Auth-Email: <EMAIL>` with `X-Auth-Key: <API_KEY>`.
    ApiKey,
    /// `X-Auth-User-Service-Key: <USER_SERVICE_KEY>`.
    UserServiceKey,
}

impl Auth {
    /// The client's credentials.
    pub fn credentials(self) -> Credentials {
        match self {
            Self::ApiToken => Credentials::api_token(API_TOKEN),
            Self::ApiKey => Credentials::api_key(EMAIL, API_KEY),
            Self::UserServiceKey => Credentials::user_service_key(USER_SERVICE_KEY),
        }
    }

    /// The credential headers a request must carry (lower-case name, value); the other
    /// [`AUTH_HEADERS`] must be absent.
    pub fn expected_headers(self) -> Vec<(&'static str, String)> {
        match self {
            Self::ApiToken => vec![("authorization", format!("Bearer {API_TOKEN}"))],
            Self::ApiKey => vec![("x-auth-email", EMAIL.to_owned()), ("x-auth-key", API_KEY.to_owned())],
            Self::UserServiceKey => vec![("x-auth-user-service-key", USER_SERVICE_KEY.to_owned())],
        }
    }
}

/// A local API server and a client of the generated crate whose base URL points at it.
pub struct Api {
    /// The server; its mocks are verified (`expect`) when it drops.
    pub server: MockServer,
    /// A client with the test's credentials, the server as base URL and no retries.
    pub client: Client,
    auth: Auth,
    /// The method and path given to [`Api::answer`].
    expected: std::sync::Mutex<Option<(String, String)>>,
}

impl Api {
    /// Starts a server and a client of it with `auth`'s credentials.
    pub async fn start(auth: Auth) -> Self {
        let server = MockServer::start().await;
        let client = Client::builder(auth.credentials())
            .base_url(server.uri())
            .max_retries(0)
            .build()
            .expect("a client of the local server");
        Self { server, client, auth, expected: std::sync::Mutex::new(None) }
    }

    /// Answers exactly one `method path` request with `status` and the JSON `body`. Any other
    /// request gets a 404, and the test fails when the server drops unless exactly one
    /// request matched.
    pub async fn answer(&self, http_method: &str, http_path: &str, status: u16, body: Value) {
        Mock::given(method(http_method))
            .and(path(http_path))
            .respond_with(ResponseTemplate::new(status).set_body_json(body))
            .expect(1)
            .named(format!("{http_method} {http_path}"))
            .mount(&self.server)
            .await;
        *self.expected.lock().expect("not poisoned") = Some((http_method.to_owned(), http_path.to_owned()));
    }

    /// The one request the server received, once its method and path are those given to
    /// [`Api::answer`] and it carried exactly the credential's headers.
    pub async fn sent(&self) -> Sent {
        let mut requests = self.server.received_requests().await.expect("request recording is on");
        assert_eq!(requests.len(), 1, "expected exactly one request, got {requests:#?}");
        let request = requests.remove(0);
        let (http_method, http_path) =
            self.expected.lock().expect("not poisoned").clone().expect("`answer` was called");
        assert_eq!(request.method.as_str(), http_method, "HTTP method");
        assert_eq!(request.url.path(), http_path, "path");
        let expected = self.auth.expected_headers();
        for name in AUTH_HEADERS {
            let sent = request.headers.get(name).map(|value| value.to_str().expect("an ASCII header"));
            let wanted = expected.iter().find(|(n, _)| *n == name).map(|(_, v)| v.as_str());
            assert_eq!(sent, wanted, "credential header `{name}` with {:?}", self.auth);
        }
        Sent(request)
    }
}

/// A request the server received.
#[derive(Debug)]
pub struct Sent(pub wiremock::Request);

impl Sent {
    /// The decoded query parameters, sorted by name then value.
    pub fn query(&self) -> Vec<(String, String)> {
        let mut pairs: Vec<(String, String)> = self.0.url.query_pairs().into_owned().collect();
        pairs.sort();
        pairs
    }

    /// Asserts the query parameters are exactly `expected` (in any order); `&[]` for none.
    pub fn assert_query(&self, expected: &[(&str, &str)]) {
        let mut expected: Vec<(String, String)> =
            expected.iter().map(|(name, value)| ((*name).to_owned(), (*value).to_owned())).collect();
        expected.sort();
        assert_eq!(self.query(), expected, "query of {}", self.0.url);
    }

    /// Asserts the body is JSON, sent as such, and equal to `expected` (as JSON values, so
    /// key order does not matter but every absent or `null` field does).
    pub fn assert_json(&self, expected: Value) {
        let content_type = self.0.headers.get("content-type").map(|value| value.to_str().unwrap_or("?"));
        assert_eq!(content_type, Some("application/json"), "content-type of a JSON body");
        let body: Value = serde_json::from_slice(&self.0.body)
            .unwrap_or_else(|err| panic!("the body is not JSON ({err}): {}", String::from_utf8_lossy(&self.0.body)));
        assert_eq!(body, expected, "JSON body");
    }

    /// Asserts the request had no body.
    pub fn assert_no_body(&self) {
        assert!(self.0.body.is_empty(), "unexpected body: {}", String::from_utf8_lossy(&self.0.body));
        assert!(self.0.headers.get("content-type").is_none(), "a content-type without a body");
    }
}

/// A success envelope around `result`, as Cloudflare sends it.
pub fn envelope(result: Value) -> Value {
    json!({ "success": true, "errors": [], "messages": [], "result": result })
}

/// A success envelope around one page of a list, with its `result_info`.
pub fn paged(result: Value, result_info: Value) -> Value {
    let mut body = envelope(result);
    body["result_info"] = result_info;
    body
}

/// Parses `text` as whatever type the caller needs: a `jiff::Timestamp` or a `uuid::Uuid`
/// of the generated types, without this crate naming (or depending on) those crates.
pub fn parse<T>(text: &str) -> T
where
    T: FromStr,
    T::Err: std::fmt::Debug,
{
    text.parse().unwrap_or_else(|err| panic!("`{text}` does not parse: {err:?}"))
}

/// Reads a JSON fixture from `fixtures/<dir>/<file>`.
pub fn read_json_fixture(dir: &str, file: &str) -> Value {
    let path = crate::fixtures(dir).join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("{}: {err}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|err| panic!("{}: {err}", path.display()))
}
