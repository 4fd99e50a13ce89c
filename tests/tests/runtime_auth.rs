//! Issue 3 §1 and §7: each credential kind's headers on the wire, and the User-Agent.

mod common;

use cloudflare_zero_trust::{Client, Credentials};
use common::{user, Recorded, Reply, Server};

/// Sends one request with `credentials` and returns it as the server read it.
async fn sent_with(credentials: Credentials) -> Recorded {
    let server = Server::start([Reply::ok(user(1))]).await;
    let client = Client::builder(credentials).base_url(server.url()).build().unwrap();
    client.zero_trust().access().users().get("acc", "u1").await.unwrap();
    server.requests().remove(0)
}

fn auth_headers(request: &Recorded) -> Vec<(&str, &str)> {
    let names = ["authorization", "x-auth-email", "x-auth-key", "x-auth-user-service-key"];
    request.headers.iter().filter(|(n, _)| names.contains(&n.as_str())).map(|(n, v)| (n.as_str(), v.as_str())).collect()
}

#[tokio::test]
async fn an_api_token_is_a_bearer_authorization() {
    let request = sent_with(Credentials::api_token("tok-1")).await;
    assert_eq!(auth_headers(&request), [("authorization", "Bearer tok-1")]);
}

#[tokio::test]
async fn an_api_key_sends_the_email_and_the_key() {
    let request = sent_with(Credentials::api_key("me@example.com", "key-1")).await;
    let mut headers = auth_headers(&request);
    headers.sort();
    assert_eq!(headers, [("x-auth-email", "me@example.com"), ("x-auth-key", "key-1")]);
}

#[tokio::test]
async fn a_user_service_key_sends_its_header() {
    let request = sent_with(Credentials::user_service_key("v1.0-usk")).await;
    assert_eq!(auth_headers(&request), [("x-auth-user-service-key", "v1.0-usk")]);
}

#[tokio::test]
async fn every_request_names_the_client_and_asks_for_json() {
    let request = sent_with(Credentials::api_token("tok-1")).await;
    let user_agent = format!("cloudflare-zero-trust-rust/{}", env!("CARGO_PKG_VERSION"));
    assert_eq!(request.header("user-agent"), Some(user_agent.as_str()));
    assert_eq!(request.header("accept"), Some("application/json"));
    assert_eq!(request.method, "GET");
    assert_eq!(request.header("content-type"), None);
}
