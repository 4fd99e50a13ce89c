//! The description of one operation's request, and how it becomes a URL.
//!
//! Generated operations build a [`Request`] from the path template, their arguments and
//! their query parameters; per-call options add to it. Nothing is checked until the call is
//! sent, so building never fails: the first problem found is kept and returned then.

use std::fmt::Display;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use reqwest::{Method, Url};

use super::Error;

/// One operation's request, before it is sent.
#[derive(Clone)]
pub(crate) struct Request {
    pub(super) method: Method,
    /// The path as published, e.g. `/accounts/{account_id}/access/users`; also the name of
    /// the operation in traces, since it holds no ids.
    pub(super) template: &'static str,
    path_params: Vec<(&'static str, String)>,
    query: Vec<(String, String)>,
    /// Per-call headers; they replace the client's headers of the same name.
    pub(super) headers: HeaderMap,
    /// The JSON body, serialised when the operation is built.
    pub(super) body: Option<Vec<u8>>,
    pub(super) timeout: Option<Duration>,
    pub(super) max_retries: Option<u32>,
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
            problem: None,
        }
    }

    /// Fills `{name}` in the template; the value becomes exactly one path segment.
    pub(crate) fn path_param(mut self, name: &'static str, value: &str) -> Self {
        self.path_params.push((name, value.to_owned()));
        self
    }

    /// Adds `name=value` to the query string; `None` adds nothing.
    pub(crate) fn query<V: Display + ?Sized>(mut self, name: &'static str, value: Option<&V>) -> Self {
        if let Some(value) = value {
            self.query.push((name.to_owned(), value.to_string()));
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

    /// Adds a per-call query parameter, after the operation's own.
    pub(super) fn push_query(&mut self, name: String, value: String) {
        self.query.push((name, value));
    }

    /// Sets a query parameter, replacing every value it had.
    pub(super) fn set_query(&mut self, name: &str, value: String) {
        self.query.retain(|(n, _)| n != name);
        self.query.push((name.to_owned(), value));
    }

    /// The last value of a query parameter.
    pub(super) fn query_value(&self, name: &str) -> Option<&str> {
        self.query.iter().rev().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
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

    /// The full URL under `base_url` (which has no trailing `/`), or the first problem found
    /// while building the request.
    pub(super) fn url(&self, base_url: &str) -> Result<Url, Error> {
        if let Some(problem) = &self.problem {
            return Err(Error::InvalidRequest(problem.clone()));
        }
        let path = self.render_path()?;
        let mut url = Url::parse(&format!("{base_url}{path}"))
            .map_err(|err| Error::InvalidRequest(format!("invalid URL for `{}`: {err}", self.template)))?;
        if !self.query.is_empty() {
            url.query_pairs_mut().extend_pairs(&self.query);
        }
        Ok(url)
    }

    /// The template with every `{name}` replaced by its percent-encoded value.
    fn render_path(&self) -> Result<String, Error> {
        let invalid = |message: String| Error::InvalidRequest(message);
        let mut path = String::with_capacity(self.template.len() + 64);
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
            push_segment(&mut path, name, value)?;
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
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            path.push(char::from(byte));
        } else {
            path.push('%');
            path.push(char::from(HEX[usize::from(byte >> 4)]));
            path.push(char::from(HEX[usize::from(byte & 0xF)]));
        }
    }
    Ok(())
}

const HEX: &[u8; 16] = b"0123456789ABCDEF";

impl std::fmt::Debug for Request {
    /// Shows what identifies the request; never header values or the body, which may hold
    /// secrets.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Request")
            .field("method", &self.method)
            .field("path", &self.template)
            .field("path_params", &self.path_params)
            .field("query", &self.query)
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
        request.url(BASE).map(String::from).unwrap_or_else(|err| err.to_string())
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
        assert_eq!(url(&request), format!("{BASE}/x?name=a%26b+c&per_page=50"));
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
}
