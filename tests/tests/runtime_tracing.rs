//! Issue 3 §7 and issue 8, defect 4: what the client traces, and that no credential,
//! password, path id or query value is in it.
//!
//! Capturing is deterministic: one capturing subscriber is installed process-wide, once,
//! in this binary of its own (a thread-local `set_default` raced with other threads over
//! tracing's per-callsite interest cache, and lost spans about once in 25 runs). Each test
//! holds [`capture`]'s lock while it runs, so no other test's events mix with its own.

// Each test holds the capture's lock for its whole run, awaits included: that is its job.
// The tests run on separate threads, each on its own runtime, so holding it cannot deadlock.
#![allow(clippy::await_holding_lock)]

mod common;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};

use cloudflare_zero_trust::resources::zero_trust::access::users::ListParams;
use cloudflare_zero_trust::{Client, Credentials};
use common::{ms, user, Reply, Server, TOKEN};

/// Every span and event of the process, with their fields as text.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Traces>>);

impl Captured {
    /// The traces, also after a failed test panicked holding them: one failure must not
    /// fail every later test of the binary.
    fn traces(&self) -> MutexGuard<'_, Traces> {
        self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

#[derive(Default)]
struct Traces {
    spans: Vec<(&'static str, BTreeMap<&'static str, String>)>,
    events: Vec<(String, BTreeMap<&'static str, String>)>,
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

    fn max_level_hint(&self) -> Option<tracing::level_filters::LevelFilter> {
        Some(tracing::level_filters::LevelFilter::TRACE)
    }

    fn new_span(&self, span: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        let mut fields = BTreeMap::new();
        span.record(&mut Fields(&mut fields));
        let mut traces = self.traces();
        traces.spans.push((span.metadata().name(), fields));
        tracing::span::Id::from_u64(traces.spans.len() as u64)
    }

    fn record(&self, span: &tracing::span::Id, values: &tracing::span::Record<'_>) {
        let mut traces = self.traces();
        let index = usize::try_from(span.into_u64()).unwrap() - 1;
        // A span of before the last `clear` is recorded nowhere.
        if let Some((_, fields)) = traces.spans.get_mut(index) {
            values.record(&mut Fields(fields));
        }
    }

    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}

    fn event(&self, event: &tracing::Event<'_>) {
        let mut fields = BTreeMap::new();
        event.record(&mut Fields(&mut fields));
        let target = event.metadata().target().to_owned();
        self.traces().events.push((target, fields));
    }

    fn enter(&self, _: &tracing::span::Id) {}

    fn exit(&self, _: &tracing::span::Id) {}
}

/// The process-wide capture, emptied, and the lock that keeps other tests out while the
/// caller looks at it.
fn capture() -> (MutexGuard<'static, ()>, Captured) {
    static CAPTURED: OnceLock<Captured> = OnceLock::new();
    static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());
    let captured = CAPTURED.get_or_init(|| {
        let captured = Captured::default();
        tracing::subscriber::set_global_default(captured.clone()).expect("the only global subscriber");
        captured
    });
    let guard = ONE_AT_A_TIME.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    *captured.traces() = Traces::default();
    (guard, captured.clone())
}

#[tokio::test]
async fn each_attempt_has_a_span_with_method_path_status_and_attempt_and_no_secret() {
    let (_guard, captured) = capture();
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

    let traces = captured.traces();
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
        .any(|(_, e)| e.get("message").is_some_and(|m| m.contains("retrying")) && e.contains_key("wait_ms")));
    let everything = format!("{:?} {:?}", traces.spans, traces.events);
    assert!(!everything.contains(TOKEN) && !everything.contains("me@example.com"), "{everything}");
    assert!(!everything.contains("secret-looking-id"), "ids stay out of spans: {everything}");
}

/// Everything traced at every level, by the client and the HTTP stack under it, while
/// calls fail in every way and are retried, holds no secret: not the credential, not a
/// password, not a path id, not a query value; nor does any error, shown or debugged.
#[tokio::test]
async fn nothing_traced_at_any_level_while_calls_fail_and_retry_holds_a_secret() {
    const ID: &str = "id-7c2e91";
    const EMAIL: &str = "query-value@example.org";
    let (_guard, captured) = capture();
    let server = Server::start([
        Reply::Drop,
        Reply::error(503, 1, "busy"),
        Reply::ok(user(1)).delay(ms(1000)),
        Reply::error(429, 1, "slow down").header("retry-after-ms", "5"),
        Reply::raw(500, "text/html", "<html>oops</html>"),
        Reply::Drop,
        Reply::error(404, 7003, "no such user"),
        Reply::raw(200, "application/json", "{\"success\": true, \"result\": [{\"email\": 5}]}"),
    ])
    .await;
    let client = Client::builder(Credentials::api_key("me@example.com", TOKEN))
        .base_url(server.url())
        .initial_backoff(ms(5))
        .max_backoff(ms(5))
        .timeout(ms(200))
        .max_retries(2)
        .build()
        .unwrap();
    let users = client.zero_trust().access().users();
    let params = ListParams { email: Some(EMAIL.into()), ..Default::default() };
    let errors = [
        // Dropped, 503, then a timeout: three attempts, each failing its own way.
        users.get("acc", ID).await.unwrap_err(),
        // 429, 500, dropped: retried to the end.
        users.list("acc", &params).await.unwrap_err(),
        // 404: not retried.
        users.get("acc", ID).header("x-request-id", TOKEN).await.unwrap_err(),
        // A body the types cannot read.
        users.list("acc", &params).await.unwrap_err(),
        Client::builder(Credentials::api_token(TOKEN)).base_url("https://me:pa55word@h").build().unwrap_err(),
    ];
    assert_eq!(server.requests().len(), 8, "every scripted reply was used");
    // The query value and id did go out on the wire: their absence below means something.
    assert!(server.requests().iter().any(|r| r.target.contains(ID)));
    assert!(server.requests().iter().any(|r| r.query("email").is_some()));

    let traces = captured.traces();
    let attempts = traces.spans.iter().filter(|(name, _)| *name == "cloudflare.request").count();
    assert_eq!(attempts, 8);
    let retries = traces.events.iter().filter(|(_, e)| e.get("message").is_some_and(|m| m.contains("retrying")));
    assert_eq!(retries.count(), 4);
    let mut texts = vec![format!("{:?}", traces.spans), format!("{:?}", traces.events)];
    for err in &errors {
        texts.extend([format!("{err}"), format!("{err:?}"), format!("{err:#?}")]);
        let mut source = std::error::Error::source(err);
        while let Some(cause) = source {
            texts.push(format!("{cause} {cause:?}"));
            source = cause.source();
        }
    }
    for text in texts {
        for secret in [TOKEN, "pa55word", ID, EMAIL, "query-value", "me@example.com"] {
            assert!(!text.contains(secret), "`{secret}` in {text}");
        }
    }
}
