//! The description of one operation's request, and how it becomes a URL.
//!
//! Generated operations build a [`Request`] from the path template, their arguments and
//! their query parameters; per-call options add to it. Nothing is checked until the call is
//! sent, so building never fails: the first problem found is kept and returned then.

use std::fmt::Display;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue, CONTENT_TYPE};
use reqwest::{Method, Url};

use super::{Error, Paging};

/// One operation's request, before it is sent.
#[derive(Clone)]
pub(crate) struct Request {
    pub(super) method: Method,
    /// The path as published, e.g. `/accounts/{account_id}/access/users`; also the name of
    /// the operation in traces, since it holds no ids.
    pub(super) template: &'static str,
    path_params: Vec<(&'static str, PathValue)>,
    query: Vec<(String, QueryValue)>,
    /// Per-call headers; they replace the client's headers of the same name.
    pub(super) headers: HeaderMap,
    /// The JSON body, serialised when the operation is built.
    pub(super) body: Option<Vec<u8>>,
    pub(super) timeout: Option<Duration>,
    pub(super) max_retries: Option<u32>,
    /// How `into_stream` asks for the next page of a list.
    pub(super) paging: Paging,
    /// The first problem found while building; the call returns it instead of sending.
    problem: Option<String>,
}

impl Request {
    /// A request for `template`, whose `{name}` parts are filled by [`Request::path_param`].
    pub(crate) fn new(method: Method, template: &'static str) -> Self {
        Self {
            method,
            template,
            path_params: Vec::new(),
            query: Vec::new(),
            headers: HeaderMap::new(),
            body: None,
            timeout: None,
            max_retries: None,
            paging: Paging::Page,
            problem: None,
        }
    }

    /// Fills `{name}` in the template; the value becomes exactly one path segment.
    pub(crate) fn path_param(mut self, name: &'static str, value: &str) -> Self {
        self.path_params.push((name, PathValue::Segment(value.to_owned())));
        self
    }

    /// Fills `{name}` in the template with a value whose `/` separate path segments (an R2
    /// object key such as `photos/2024/cat.jpg`). Each segment is encoded as
    /// [`Request::path_param`] encodes a value, and must not be empty, `.` or `..`, so the
    /// value cannot leave the operation's path.
    pub(crate) fn path_param_keeping_slashes(mut self, name: &'static str, value: &str) -> Self {
        self.path_params.push((name, PathValue::Segments(value.to_owned())));
        self
    }

    /// Adds `name=value` to the query string; `None` adds nothing.
    pub(crate) fn query<V: Display + ?Sized>(mut self, name: &'static str, value: Option<&V>) -> Self {
        if let Some(value) = value {
            self.query.push((name.to_owned(), QueryValue::One(value.to_string())));
        }
        self
    }

    /// Adds `name=value` once per value (`tag=a&tag=b`, OpenAPI's `explode: true`); an
    /// empty list adds nothing.
    pub(crate) fn query_each<V: Display>(mut self, name: &'static str, values: &[V]) -> Self {
        for value in values {
            self.query.push((name.to_owned(), QueryValue::One(value.to_string())));
        }
        self
    }

    /// Adds `name` once with the values joined by commas (`tag=a,b`, OpenAPI's
    /// `explode: false`); an empty list adds nothing. A comma inside a value is
    /// percent-encoded, so it stays distinct from the commas between values.
    pub(crate) fn query_joined<V: Display>(mut self, name: &'static str, values: &[V]) -> Self {
        if !values.is_empty() {
            let values = values.iter().map(ToString::to_string).collect();
            self.query.push((name.to_owned(), QueryValue::Joined(values)));
        }
        self
    }

    /// Serialises `body` as the JSON body; a failure is returned when the call is sent.
    pub(crate) fn body<B: serde::Serialize + ?Sized>(mut self, body: &B) -> Self {
        match serde_json::to_vec(body) {
            Ok(json) => self.body = Some(json),
            Err(err) => self.fail(format!("the request body could not be serialised: {err}")),
        }
        self
    }

    /// Serialises `body`, when there is one, as the JSON body sent as `content_type`
    /// (`application/scim+json`, say); `None` sends no body.
    pub(crate) fn json_body_as<B: serde::Serialize + ?Sized>(
        mut self,
        body: Option<&B>,
        content_type: &'static str,
    ) -> Self {
        if let Some(body) = body {
            self = self.body(body);
            // A `Content-Type` header parameter (R2's upload has one) wins over the default.
            self.headers.entry(CONTENT_TYPE).or_insert(HeaderValue::from_static(content_type));
        }
        self
    }

    /// Sends `body`, when there is one, as it is, as `content_type` unless a header parameter
    /// already set one; `None` sends no body.
    pub(crate) fn bytes_body(mut self, body: Option<Vec<u8>>, content_type: &'static str) -> Self {
        if let Some(body) = body {
            self.body = Some(body);
            // A `Content-Type` header parameter (R2's upload has one) wins over the default.
            self.headers.entry(CONTENT_TYPE).or_insert(HeaderValue::from_static(content_type));
        }
        self
    }

    /// Sends `form` as the `multipart/form-data` body, encoded now, so every attempt sends
    /// the same bytes.
    pub(crate) fn multipart_body(mut self, form: super::multipart::Multipart) -> Self {
        match form.encode() {
            Ok((bytes, content_type)) => match HeaderValue::try_from(content_type) {
                Ok(value) => {
                    self.body = Some(bytes);
                    self.headers.insert(CONTENT_TYPE, value);
                }
                Err(_) => self.fail("the multipart boundary is not a valid header value".to_owned()),
            },
            Err(problem) => self.fail(problem),
        }
        self
    }

    /// Sends the header parameter `name`; `None` sends nothing. A value that is not a valid
    /// header value (a CR or LF in it, say) fails the call before it is sent, with a message
    /// that names the header but not the value. Values are marked sensitive, so the HTTP
    /// stack never prints them.
    pub(crate) fn header_param<V: Display + ?Sized>(mut self, name: &'static str, value: Option<&V>) -> Self {
        if let Some(value) = value {
            self.set_header(name, value.to_string());
        }
        self
    }

    /// How `into_stream` asks for the next page, when not by `page` number.
    pub(crate) fn paging(mut self, paging: Paging) -> Self {
        self.paging = paging;
        self
    }

    /// Adds a per-call query parameter, after the operation's own.
    pub(super) fn push_query(&mut self, name: String, value: String) {
        self.query.push((name, QueryValue::One(value)));
    }

    /// Sets a query parameter, replacing every value it had.
    pub(super) fn set_query(&mut self, name: &str, value: String) {
        self.query.retain(|(n, _)| n != name);
        self.query.push((name.to_owned(), QueryValue::One(value)));
    }

    /// The last single value of a query parameter.
    pub(super) fn query_value(&self, name: &str) -> Option<&str> {
        self.query.iter().rev().find(|(n, _)| n == name).and_then(|(_, value)| match value {
            QueryValue::One(value) => Some(value.as_str()),
            QueryValue::Joined(_) => None,
        })
    }

    /// Sets a per-call header. Values are marked sensitive: a per-call header may well carry
    /// a credential, and sensitive values are never printed by the HTTP stack.
    pub(super) fn set_header<K, V>(&mut self, name: K, value: V)
    where
        HeaderName: TryFrom<K>,
        HeaderValue: TryFrom<V>,
    {
        let Ok(name) = HeaderName::try_from(name) else {
            return self.fail("a per-call header has an invalid name".to_owned());
        };
        // The value is left out of the message: it may be a secret.
        let Ok(mut value) = HeaderValue::try_from(value) else {
            return self.fail(format!("the per-call header `{name}` has an invalid value"));
        };
        value.set_sensitive(true);
        self.headers.insert(name, value);
    }

    fn fail(&mut self, problem: String) {
        self.problem.get_or_insert(problem);
    }

    /// The full URL under `base` (the client's base URL, parsed once when the client was
    /// built), or the first problem found while building the request.
    pub(super) fn url(&self, base: &Url) -> Result<Url, Error> {
        if let Some(problem) = &self.problem {
            return Err(Error::InvalidRequest(problem.clone()));
        }
        let path = self.render_path(base.path().trim_end_matches('/'))?;
        // Only the path is parsed again, not the scheme and host. It is set whole, already
        // percent-encoded segment by segment: `path_segments_mut` would encode the `%` of
        // those escapes again, and leaves `=`, `&` or `'` in a value unencoded.
        let mut url = base.clone();
        url.set_path(&path);
        if !self.query.is_empty() {
            url.set_query(Some(&self.render_query()));
        }
        Ok(url)
    }

    /// The query string: names and values percent-encoded (every byte but the unreserved
    /// ones, so a space is `%20`), joined values separated by literal commas.
    fn render_query(&self) -> String {
        let mut query = String::with_capacity(self.query.len() * 16);
        for (name, value) in &self.query {
            if !query.is_empty() {
                query.push('&');
            }
            encode_into(&mut query, name);
            query.push('=');
            match value {
                QueryValue::One(value) => encode_into(&mut query, value),
                QueryValue::Joined(values) => {
                    for (index, value) in values.iter().enumerate() {
                        if index > 0 {
                            query.push(',');
                        }
                        encode_into(&mut query, value);
                    }
                }
            }
        }
        query
    }

    /// `prefix` then the template with every `{name}` replaced by its percent-encoded value.
    fn render_path(&self, prefix: &str) -> Result<String, Error> {
        let invalid = |message: String| Error::InvalidRequest(message);
        let mut path = String::with_capacity(prefix.len() + self.template.len() + 64);
        path.push_str(prefix);
        let mut rest = self.template;
        while let Some(open) = rest.find('{') {
            let close = rest[open..]
                .find('}')
                .map(|i| open + i)
                .ok_or_else(|| invalid(format!("unclosed `{{` in the path `{}`", self.template)))?;
            let name = &rest[open + 1..close];
            let (_, value) = self
                .path_params
                .iter()
                .find(|(n, _)| *n == name)
                .ok_or_else(|| invalid(format!("the path parameter `{name}` was not given")))?;
            path.push_str(&rest[..open]);
            match value {
                PathValue::Segment(value) => push_segment(&mut path, name, value)?,
                PathValue::Segments(value) => {
                    for (index, segment) in value.split('/').enumerate() {
                        if matches!(segment, "" | "." | "..") {
                            let message = format!(
                                "the path parameter `{name}` has an empty, `.` or `..` segment, which would leave its path"
                            );
                            return Err(invalid(message));
                        }
                        if index > 0 {
                            path.push('/');
                        }
                        push_segment(&mut path, name, segment)?;
                    }
                }
            }
            rest = &rest[close + 1..];
        }
        path.push_str(rest);
        Ok(path)
    }
}

/// Appends `value` as exactly one path segment.
///
/// Every byte but the unreserved ones (RFC 3986: letters, digits, `-`, `.`, `_`, `~`) is
/// percent-encoded, so `/`, `?`, `#`, `%` and spaces cannot end the segment. A value that is
/// empty, `.` or `..` is refused: it would name the parent path instead (URL parsers resolve
/// `..` even when written `%2E%2E`), so no encoding keeps it in its segment.
fn push_segment(path: &mut String, name: &str, value: &str) -> Result<(), Error> {
    match value {
        "" => return Err(Error::InvalidRequest(format!("the path parameter `{name}` is empty"))),
        "." | ".." => {
            return Err(Error::InvalidRequest(format!(
                "the path parameter `{name}` is `{value}`, which names no resource"
            )));
        }
        _ => {}
    }
    encode_into(path, value);
    Ok(())
}

/// Appends `value` with every byte but the unreserved ones (RFC 3986) percent-encoded.
fn encode_into(out: &mut String, value: &str) {
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0xF)]));
        }
    }
}

/// The value of a path parameter.
#[derive(Clone)]
enum PathValue {
    /// Exactly one segment: `/` is encoded.
    Segment(String),
    /// One or more segments separated by `/`, each checked and encoded on its own.
    Segments(String),
}

/// The value of a query parameter.
#[derive(Clone)]
enum QueryValue {
    One(String),
    /// Sent once, the values joined with commas.
    Joined(Vec<String>),
}

const HEX: &[u8; 16] = b"0123456789ABCDEF";

impl std::fmt::Debug for Request {
    /// Shows what identifies the request: the path template and the names of its
    /// parameters and headers; never their values (ids, emails, credentials) or the body.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let path_params: Vec<&str> = self.path_params.iter().map(|(name, _)| *name).collect();
        let query: Vec<&str> = self.query.iter().map(|(name, _)| name.as_str()).collect();
        f.debug_struct("Request")
            .field("method", &self.method)
            .field("path", &self.template)
            .field("path_params", &path_params)
            .field("query", &query)
            .field("headers", &self.headers.keys().collect::<Vec<_>>())
            .field("has_body", &self.body.is_some())
            .field("timeout", &self.timeout)
            .field("max_retries", &self.max_retries)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "https://api.example.com/client/v4";

    fn url(request: &Request) -> String {
        let base = Url::parse(BASE).unwrap();
        request.url(&base).map(String::from).unwrap_or_else(|err| err.to_string())
    }

    fn user(id: &str) -> Request {
        Request::new(Method::GET, "/accounts/{account_id}/access/users/{user_id}")
            .path_param("account_id", "acc")
            .path_param("user_id", id)
    }

    #[test]
    fn each_parameter_stays_in_its_segment() {
        for (id, wire) in [
            ("abc-123_x.y~z", "abc-123_x.y~z"),
            ("../../users", "..%2F..%2Fusers"),
            ("a/b", "a%2Fb"),
            ("a?b=c#d", "a%3Fb%3Dc%23d"),
            ("two words", "two%20words"),
            ("100%", "100%25"),
            ("...", "..."),
            ("é", "%C3%A9"),
        ] {
            assert_eq!(url(&user(id)), format!("{BASE}/accounts/acc/access/users/{wire}"), "{id}");
        }
    }

    #[test]
    fn the_path_goes_under_the_base_path_whether_or_not_it_has_one() {
        for (base, expected) in [
            ("http://127.0.0.1:8080", "http://127.0.0.1:8080/accounts/acc/access/users/u%201"),
            ("https://x.example/client/v4/", "https://x.example/client/v4/accounts/acc/access/users/u%201"),
        ] {
            let base = Url::parse(base).unwrap();
            let request = user("u 1").query("page", Some(&2));
            assert_eq!(request.url(&base).unwrap().as_str(), format!("{expected}?page=2"));
            // The base itself is left as it was, ready for the next request.
            assert!(base.query().is_none() && !base.path().contains("acc"));
        }
    }

    #[test]
    fn empty_and_dot_parameters_are_refused() {
        assert_eq!(url(&user("")), "invalid request: the path parameter `user_id` is empty");
        for id in [".", ".."] {
            assert!(url(&user(id)).contains("names no resource"), "{id}");
        }
    }

    #[test]
    fn a_missing_parameter_is_reported() {
        let request = Request::new(Method::GET, "/accounts/{account_id}");
        assert_eq!(url(&request), "invalid request: the path parameter `account_id` was not given");
    }

    #[test]
    fn query_values_are_encoded_and_none_is_skipped() {
        let request = Request::new(Method::GET, "/x")
            .query("name", Some("a&b c"))
            .query("page", None::<&i64>)
            .query("per_page", Some(&50));
        assert_eq!(url(&request), format!("{BASE}/x?name=a%26b%20c&per_page=50"));
    }

    #[test]
    fn set_query_replaces_and_query_value_reads_the_last() {
        let mut request = Request::new(Method::GET, "/x").query("page", Some(&1));
        request.push_query("page".into(), "2".into());
        assert_eq!(request.query_value("page"), Some("2"));
        request.set_query("page", "7".into());
        assert_eq!(url(&request), format!("{BASE}/x?page=7"));
    }

    #[test]
    fn the_first_building_problem_wins() {
        let mut request = Request::new(Method::GET, "/x");
        request.set_header("bad name", "v");
        request.set_header("x-ok", "bad\nvalue");
        assert_eq!(url(&request), "invalid request: a per-call header has an invalid name");
    }

    #[test]
    fn an_invalid_header_value_is_not_echoed() {
        let mut request = Request::new(Method::GET, "/x");
        request.set_header("x-token", "secret\n");
        let message = url(&request);
        assert!(message.contains("`x-token`") && !message.contains("secret"), "{message}");
    }

    #[test]
    fn array_query_values_repeat_or_join_with_commas() {
        let request = Request::new(Method::GET, "/x")
            .query_each("tag", &["a b", "c"])
            .query_joined("id", &[1, 2, 3])
            .query_joined("name", &["x,y", "z"])
            .query_each("none", &[] as &[&str])
            .query_joined("empty", &[] as &[&str]);
        assert_eq!(url(&request), format!("{BASE}/x?tag=a%20b&tag=c&id=1,2,3&name=x%2Cy,z"));
    }

    fn object(key: &str) -> Request {
        Request::new(Method::PUT, "/accounts/{account_id}/r2/buckets/{bucket_name}/objects/{object_key}")
            .path_param("account_id", "acc")
            .path_param("bucket_name", "b")
            .path_param_keeping_slashes("object_key", key)
    }

    #[test]
    fn a_parameter_keeping_slashes_spans_segments_and_encodes_each() {
        let prefix = format!("{BASE}/accounts/acc/r2/buckets/b/objects");
        for (key, wire) in [
            ("cat.jpg", "cat.jpg"),
            ("photos/2024/cat.jpg", "photos/2024/cat.jpg"),
            ("a b/c?d#e%f", "a%20b/c%3Fd%23e%25f"),
            ("...", "..."),
            (".hidden/x", ".hidden/x"),
        ] {
            assert_eq!(url(&object(key)), format!("{prefix}/{wire}"), "{key}");
        }
    }

    #[test]
    fn a_parameter_keeping_slashes_never_leaves_its_prefix() {
        for key in ["..", "../../users", "a/../../b", "a/./b", "/a", "a/", "a//b", ".", ""] {
            let message = url(&object(key));
            assert!(message.starts_with("invalid request: the path parameter `object_key`"), "{key}: {message}");
        }
    }

    #[test]
    fn header_parameters_are_sent_and_a_line_break_never_is() {
        let request = Request::new(Method::GET, "/x").header_param("cf-r2-jurisdiction", Some("eu"));
        assert_eq!(request.headers.get("cf-r2-jurisdiction").unwrap(), "eu");
        assert!(request.headers.get("cf-r2-jurisdiction").unwrap().is_sensitive());
        let none = Request::new(Method::GET, "/x").header_param("x-a", None::<&str>);
        assert!(none.headers.is_empty());
        for bad in ["eu\r\nx-injected: 1", "eu\n", "a\rb"] {
            let request = Request::new(Method::GET, "/x").header_param("cf-r2-jurisdiction", Some(bad));
            let message = url(&request);
            assert_eq!(message, "invalid request: the per-call header `cf-r2-jurisdiction` has an invalid value");
        }
    }

    #[test]
    fn bodies_other_than_json_carry_their_content_type() {
        let raw = Request::new(Method::PUT, "/x").bytes_body(Some(vec![0, 159]), "application/octet-stream");
        assert_eq!(raw.body.as_deref(), Some(&[0, 159][..]));
        assert_eq!(raw.headers.get(CONTENT_TYPE).unwrap(), "application/octet-stream");
        let scim = Request::new(Method::POST, "/x").json_body_as(Some(&[1, 2]), "application/scim+json");
        assert_eq!(scim.body.as_deref(), Some(&b"[1,2]"[..]));
        assert_eq!(scim.headers.get(CONTENT_TYPE).unwrap(), "application/scim+json");
        let none = Request::new(Method::POST, "/x").json_body_as(None::<&u8>, "application/scim+json");
        assert!(none.body.is_none() && none.headers.is_empty());
    }

    #[test]
    fn debug_names_parameters_but_never_shows_their_values() {
        let mut request = user("f174e90a").query("email", Some("ada@example.com")).query_joined("id", &[7]);
        request.set_header("x-token", "secret-token");
        let shown = format!("{request:?}");
        assert!(shown.contains("user_id") && shown.contains("email") && shown.contains("x-token"), "{shown}");
        for value in ["f174e90a", "ada@example.com", "secret-token", "7"] {
            assert!(!shown.contains(value), "{value} in {shown}");
        }
    }
}
