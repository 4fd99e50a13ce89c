//! Issue 3 §7: path parameters stay in their segment on the wire, empty ones never leave,
//! and no credential shows in `Debug`, `Display`, errors or traces.

mod common;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use cloudflare_zero_trust::types::AccountsOrZones;
use cloudflare_zero_trust::{Client, Credentials, Error};
use common::{ms, user, Reply, Server, TOKEN};

#[tokio::test]
async fn a_path_parameter_stays_inside_its_segment_on_the_wire() {
    let ids = [
        ("../../users", "..%2F..%2Fusers"),
        ("a/b", "a%2Fb"),
        ("x?admin=1#frag", "x%3Fadmin%3D1%23frag"),
        ("two words", "two%20words"),
        ("%2e%2e", "%252e%252e"),
        ("...", "..."),
    ];
    let server = Server::start(ids.iter().map(|_| Reply::ok(user(1)))).await;
    let client = server.client();
    for (id, _) in ids {
        client.zero_trust().access().users().get("acc", id).await.unwrap();
    }
    let targets: Vec<String> = server.requests().into_iter().map(|r| r.target).collect();
    let expected: Vec<String> =
        ids.iter().map(|(_, wire)| format!("{}/accounts/acc/access/users/{wire}", common::PREFIX)).collect();
    assert_eq!(targets, expected);
}

#[tokio::test]
async fn an_enum_path_parameter_is_its_wire_name() {
    let server = Server::start([Reply::ok(serde_json::json!({"id": "g1", "include": [{"everyone": {}}]}))]).await;
    let group = server.client().zero_trust().access().groups().get(AccountsOrZones::Zones, "z1", "g1").await.unwrap();
    assert_eq!(group.id.as_deref(), Some("g1"));
    assert_eq!(server.requests()[0].path(), "/zones/z1/access/groups/g1");
}

#[tokio::test]
async fn an_empty_or_dot_path_parameter_is_refused_before_sending() {
    let server = Server::start([]).await;
    let users = server.client();
    let users = users.zero_trust().access().users();
    for (account, id, message) in [
        ("acc", "", "invalid request: the path parameter `user_id` is empty"),
        ("", "u1", "invalid request: the path parameter `account_id` is empty"),
        ("acc", "..", "invalid request: the path parameter `user_id` is `..`, which names no resource"),
        ("acc", ".", "invalid request: the path parameter `user_id` is `.`, which names no resource"),
    ] {
        let err = users.get(account, id).await.unwrap_err();
        assert!(matches!(err, Error::InvalidRequest(_)), "{err:?}");
        assert_eq!(err.to_string(), message);
    }
    assert!(server.requests().is_empty());
}

#[test]
fn debug_of_clients_and_credentials_shows_no_secret() {
    let kinds = [
        Credentials::api_token(TOKEN),
        Credentials::api_key("me@example.com", TOKEN),
        Credentials::user_service_key(TOKEN),
    ];
    for credentials in kinds {
        let builder = Client::builder(credentials.clone());
        let builder_debug = format!("{builder:?}");
        let client = builder.build().unwrap();
        for text in [format!("{credentials:?}"), format!("{client:?}"), format!("{client:#?}"), builder_debug] {
            assert!(!text.contains(TOKEN), "{text}");
            assert!(text.contains("Secret([redacted])"), "{text}");
        }
    }
}

#[tokio::test]
async fn errors_show_no_secret() {
    let server =
        Server::start([Reply::error(401, 10000, "Authentication error"), Reply::ok(user(1)).delay(ms(5000))]).await;
    let client = server.builder().max_retries(0).timeout(ms(100)).build().unwrap();
    let users = client.zero_trust().access().users();
    let unreachable = Client::builder(Credentials::api_key("me@example.com", TOKEN))
        .base_url(format!(
            "http://127.0.0.1:{}",
            std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
        ))
        .max_retries(0)
        .build()
        .unwrap();
    let errors = [
        users.get("acc", "u1").await.unwrap_err(),
        users.get("acc", "u1").await.unwrap_err(),
        unreachable.zero_trust().access().users().get("acc", "u1").await.unwrap_err(),
        users.get("acc", "u1").header("x-auth-key", format!("{TOKEN}\n")).await.unwrap_err(),
        Client::new(Credentials::api_token(format!("{TOKEN}\r\n"))).unwrap_err(),
    ];
    assert!(matches!(errors[0], Error::Api(_)));
    assert!(matches!(errors[1], Error::Timeout(_)));
    assert!(matches!(errors[2], Error::Connection(_)));
    assert!(matches!(errors[3], Error::InvalidRequest(_)));
    assert!(matches!(errors[4], Error::Config(_)));
    for err in errors {
        let mut texts = vec![format!("{err}"), format!("{err:?}"), format!("{err:#?}")];
        let mut source = std::error::Error::source(&err);
        while let Some(cause) = source {
            texts.push(format!("{cause} {cause:?}"));
            source = cause.source();
        }
        for text in texts {
            assert!(!text.contains(TOKEN), "{text}");
        }
    }
}

#[test]
fn debug_of_a_call_shows_no_header_value() {
    let client = Client::new(Credentials::api_token(TOKEN)).unwrap();
    let call = client.zero_trust().access().users().get("acc", "u1").header("authorization", format!("Bearer {TOKEN}"));
    let text = format!("{call:?}");
    assert!(!text.contains(TOKEN), "{text}");
    assert!(text.contains("authorization") && text.contains("/accounts/{account_id}/access/users/{user_id}"), "{text}");
}

/// Every span and event on this thread, with their fields as text.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Traces>>);

#[derive(Default)]
struct Traces {
    spans: Vec<(&'static str, BTreeMap<&'static str, String>)>,
    events: Vec<BTreeMap<&'static str, String>>,
}

struct Fields<'a>(&'a mut BTreeMap<&'static str, String>);

impl tracing::field::Visit for Fields<'_> {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        self.0.insert(field.name(), format!("{value:?}"));
    }

    fn record_str(&mut self, field: &tracing::field::Field, value: &str) {
        self.0.insert(field.name(), value.to_owned());
    }
}

impl tracing::Subscriber for Captured {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, span: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        let mut fields = BTreeMap::new();
        span.record(&mut Fields(&mut fields));
        let mut traces = self.0.lock().unwrap();
        traces.spans.push((span.metadata().name(), fields));
        tracing::span::Id::from_u64(traces.spans.len() as u64)
    }

    fn record(&self, span: &tracing::span::Id, values: &tracing::span::Record<'_>) {
        let mut traces = self.0.lock().unwrap();
        let index = usize::try_from(span.into_u64()).unwrap() - 1;
        values.record(&mut Fields(&mut traces.spans[index].1));
    }

    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}

    fn event(&self, event: &tracing::Event<'_>) {
        let mut fields = BTreeMap::new();
        event.record(&mut Fields(&mut fields));
        self.0.lock().unwrap().events.push(fields);
    }

    fn enter(&self, _: &tracing::span::Id) {}

    fn exit(&self, _: &tracing::span::Id) {}
}

#[tokio::test]
async fn each_attempt_has_a_span_with_method_path_status_and_attempt_and_no_secret() {
    let captured = Captured::default();
    let _guard = tracing::subscriber::set_default(captured.clone());
    let server = Server::start([
        Reply::error(503, 1, "busy").header("cf-ray", "ray-1"),
        Reply::ok(user(1)).header("cf-ray", "ray-2"),
    ])
    .await;
    let client = Client::builder(Credentials::api_key("me@example.com", TOKEN))
        .base_url(server.url())
        .initial_backoff(ms(10))
        .build()
        .unwrap();
    client.zero_trust().access().users().get("acc", "secret-looking-id").await.unwrap();

    let traces = captured.0.lock().unwrap();
    let spans: Vec<_> = traces.spans.iter().filter(|(name, _)| *name == "cloudflare.request").map(|(_, f)| f).collect();
    assert_eq!(spans.len(), 2);
    for (span, (attempt, status, ray)) in spans.iter().zip([("1", "503", "ray-1"), ("2", "200", "ray-2")]) {
        assert_eq!(span["method"], "GET");
        assert_eq!(span["path"], "/accounts/{account_id}/access/users/{user_id}");
        assert_eq!(span["attempt"], attempt);
        assert_eq!(span["status"], status);
        assert_eq!(span["cf_ray"], ray);
    }
    assert!(traces
        .events
        .iter()
        .any(|e| e.get("message").is_some_and(|m| m.contains("retrying")) && e.contains_key("wait_ms")));
    let everything = format!("{:?} {:?}", traces.spans, traces.events);
    assert!(!everything.contains(TOKEN) && !everything.contains("me@example.com"), "{everything}");
    assert!(!everything.contains("secret-looking-id"), "ids stay out of spans: {everything}");
}
