//! Issue 3 §2: what is retried, how often, and how long the client waits in between, as
//! seen by a real server on 127.0.0.1 (request counts and arrival times).

mod common;

use std::time::{Duration, Instant};

use cloudflare_zero_trust::{ApiErrorKind, Client, Credentials, Error};
use common::{ms, user, Reply, Server};

/// Room for scheduling between the client's wait ending and the next request arriving.
const SLACK: Duration = Duration::from_millis(400);

fn assert_between(gap: Duration, low: Duration, high: Duration) {
    assert!(gap >= low && gap <= high, "waited {gap:?}, expected {low:?}..={high:?}");
}

fn assert_api_kind(err: &Error, kind: ApiErrorKind) {
    match err {
        Error::Api(api) => assert_eq!(api.kind(), kind, "{err}"),
        other => panic!("expected an API error, got {other:?}"),
    }
}

#[tokio::test]
async fn rate_limit_with_retry_after_ms_waits_as_asked() {
    let server =
        Server::start([Reply::error(429, 10000, "rate limited").header("retry-after-ms", "300"), Reply::ok(user(1))])
            .await;
    let user = server.client().zero_trust().access().users().get("acc", "u1").await.unwrap();
    assert_eq!(user.email.as_deref(), Some("user1@example.com"));
    assert_eq!(server.requests().len(), 2);
    // The backoff alone would be 15-20 ms: only the header explains the wait.
    assert_between(server.gaps()[0], ms(300), ms(300) + SLACK);
}

#[tokio::test]
async fn rate_limit_with_retry_after_seconds_waits_as_asked() {
    let server =
        Server::start([Reply::error(429, 10000, "rate limited").header("retry-after", "1"), Reply::ok(user(1))]).await;
    server.client().zero_trust().access().users().get("acc", "u1").await.unwrap();
    assert_eq!(server.requests().len(), 2);
    assert_between(server.gaps()[0], ms(1000), ms(1000) + SLACK);
}

#[tokio::test]
async fn rate_limit_with_an_http_date_waits_until_then() {
    // Whole seconds only: two seconds ahead, cut to the second, is 1-2 s away.
    let date = jiff::Timestamp::now() + jiff::SignedDuration::from_secs(2);
    let date = jiff::fmt::rfc2822::DateTimePrinter::new().timestamp_to_rfc9110_string(&date).unwrap();
    let server =
        Server::start([Reply::error(429, 10000, "rate limited").header("retry-after", &date), Reply::ok(user(1))])
            .await;
    server.client().zero_trust().access().users().get("acc", "u1").await.unwrap();
    assert_eq!(server.requests().len(), 2);
    assert_between(server.gaps()[0], ms(900), ms(2000) + SLACK);
}

#[tokio::test]
async fn a_retry_after_of_a_minute_or_more_gets_the_usual_backoff() {
    let server =
        Server::start([Reply::error(429, 10000, "rate limited").header("retry-after", "120"), Reply::ok(user(1))])
            .await;
    server.client().zero_trust().access().users().get("acc", "u1").await.unwrap();
    assert_between(server.gaps()[0], ms(15), ms(20) + SLACK);
}

#[tokio::test]
async fn a_503_then_success_is_retried_after_the_backoff() {
    let server = Server::start([Reply::raw(503, "text/plain", "unavailable"), Reply::ok(user(1))]).await;
    let user = server.client().zero_trust().access().users().get("acc", "u1").await.unwrap();
    assert_eq!(user.name.as_deref(), Some("User 1"));
    assert_eq!(server.requests().len(), 2);
    // 20 ms, shortened by up to a quarter of jitter.
    assert_between(server.gaps()[0], ms(15), ms(20) + SLACK);
}

#[tokio::test]
async fn a_dropped_connection_is_retried() {
    let server = Server::start([Reply::Drop, Reply::ok(user(1))]).await;
    let user = server.client().zero_trust().access().users().get("acc", "u1").await.unwrap();
    assert_eq!(user.name.as_deref(), Some("User 1"));
    assert_eq!(server.requests().len(), 2);
    assert_between(server.gaps()[0], ms(15), ms(20) + SLACK);
}

#[tokio::test]
async fn backoff_doubles_up_to_its_cap() {
    let server = Server::start([
        Reply::raw(500, "text/plain", ""),
        Reply::raw(500, "text/plain", ""),
        Reply::raw(500, "text/plain", ""),
        Reply::ok(user(1)),
    ])
    .await;
    let client = server.builder().initial_backoff(ms(100)).max_backoff(ms(160)).max_retries(3).build().unwrap();
    client.zero_trust().access().users().get("acc", "u1").await.unwrap();
    let gaps = server.gaps();
    assert_eq!(gaps.len(), 3);
    // 100 ms, then 200 ms capped to 160, then 160: each shortened by at most a quarter.
    assert_between(gaps[0], ms(75), ms(100) + SLACK);
    assert_between(gaps[1], ms(120), ms(160) + SLACK);
    assert_between(gaps[2], ms(120), ms(160) + SLACK);
}

#[tokio::test]
async fn two_retries_by_default_then_the_last_error() {
    let server = Server::start([
        Reply::error(503, 1, "first"),
        Reply::error(503, 2, "second"),
        Reply::error(503, 3, "third"),
        Reply::ok(user(1)),
    ])
    .await;
    let err = server.client().zero_trust().access().users().get("acc", "u1").await.unwrap_err();
    assert_eq!(server.requests().len(), 3);
    let Error::Api(api) = err else { panic!("{err:?}") };
    assert_eq!(api.errors()[0].message.as_deref(), Some("third"));
}

#[tokio::test]
async fn max_retries_is_set_per_client() {
    let server = Server::start((0..5).map(|_| Reply::error(500, 1, "down"))).await;
    let client = server.builder().max_retries(0).build().unwrap();
    let err = client.zero_trust().access().users().get("acc", "u1").await.unwrap_err();
    assert_api_kind(&err, ApiErrorKind::Server);
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn max_retries_is_set_per_call() {
    let server = Server::start((0..9).map(|_| Reply::error(500, 1, "down"))).await;
    let users = server.client();
    let users = users.zero_trust().access().users();
    users.get("acc", "u1").max_retries(4).await.unwrap_err();
    assert_eq!(server.requests().len(), 5);
    users.get("acc", "u1").max_retries(0).await.unwrap_err();
    assert_eq!(server.requests().len(), 6);
}

#[tokio::test]
async fn retried_and_final_statuses() {
    for status in [408, 409, 429, 500, 502, 503, 504] {
        let server = Server::start([Reply::error(status, 1, "again"), Reply::ok(user(1))]).await;
        server.client().zero_trust().access().users().get("acc", "u1").await.unwrap();
        assert_eq!(server.requests().len(), 2, "{status} is retried");
    }
    for status in [400, 401, 403, 404, 422] {
        let server = Server::start([Reply::error(status, 1, "final"), Reply::ok(user(1))]).await;
        server.client().zero_trust().access().users().get("acc", "u1").await.unwrap_err();
        assert_eq!(server.requests().len(), 1, "{status} is not retried");
    }
}

#[tokio::test]
async fn x_should_retry_overrides_the_status() {
    let server =
        Server::start([Reply::error(503, 1, "down").header("x-should-retry", "false"), Reply::ok(user(1))]).await;
    let err = server.client().zero_trust().access().users().get("acc", "u1").await.unwrap_err();
    assert_api_kind(&err, ApiErrorKind::Server);
    assert_eq!(server.requests().len(), 1);

    let server =
        Server::start([Reply::error(400, 1, "try again").header("x-should-retry", "true"), Reply::ok(user(1))]).await;
    server.client().zero_trust().access().users().get("acc", "u1").await.unwrap();
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn a_retried_post_sends_the_same_body_again() {
    let server = Server::start([Reply::raw(502, "text/html", "<html>bad gateway</html>"), Reply::ok(user(7))]).await;
    let mut body = cloudflare_zero_trust::types::CreateUserBody::new("user7@example.com");
    body.name = Some("User 7".into());
    server.client().zero_trust().access().users().create("acc", &body).await.unwrap();
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].body, requests[1].body);
    assert_eq!(requests[1].json(), serde_json::json!({"email": "user7@example.com", "name": "User 7"}));
}

#[tokio::test]
async fn an_unreachable_server_is_a_connection_error_after_the_retries() {
    // A port that was just free: nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let client = Client::builder(Credentials::api_token(common::TOKEN))
        .base_url(format!("http://127.0.0.1:{port}"))
        .initial_backoff(ms(50))
        .max_backoff(ms(50))
        .build()
        .unwrap();
    let started = Instant::now();
    let err = client.zero_trust().access().users().get("acc", "u1").await.unwrap_err();
    assert!(matches!(err, Error::Connection(_)), "{err:?}");
    // Two retries, each after 37.5-50 ms.
    assert!(started.elapsed() >= ms(75), "{:?}", started.elapsed());
}
