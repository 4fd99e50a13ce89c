//! Issue 3 §6 and §8: per-call options, the response's status and headers, request
//! bodies, and bringing one's own `reqwest::Client`.

mod common;

use std::future::IntoFuture as _;

use cloudflare_zero_trust::resources::zero_trust::access::users::ListParams;
use cloudflare_zero_trust::types::CreateUserBody;
use cloudflare_zero_trust::{Client, Credentials, Error};
use common::{user, Reply, Server, TOKEN};
use serde_json::json;

#[tokio::test]
async fn per_call_headers_and_query_parameters_reach_the_wire() {
    let server = Server::start([Reply::ok(json!([]))]).await;
    let params = ListParams { name: Some("Ada Lovelace".into()), per_page: Some(5), ..Default::default() };
    server
        .client()
        .zero_trust()
        .access()
        .users()
        .list("acc", &params)
        .header("x-request-id", "req-1")
        .query("direction", "desc")
        .query("tag", "a&b")
        .await
        .unwrap();
    let request = &server.requests()[0];
    assert_eq!(request.header("x-request-id"), Some("req-1"));
    assert_eq!(
        request.target,
        "/client/v4/accounts/acc/access/users?name=Ada+Lovelace&per_page=5&direction=desc&tag=a%26b"
    );
}

#[tokio::test]
async fn a_per_call_header_replaces_the_client_one() {
    let server = Server::start([Reply::ok(user(1))]).await;
    server
        .client()
        .zero_trust()
        .access()
        .users()
        .get("acc", "u1")
        .header("authorization", "Bearer other")
        .await
        .unwrap();
    assert_eq!(server.requests()[0].header("authorization"), Some("Bearer other"));
}

#[tokio::test]
async fn an_invalid_per_call_header_fails_before_sending() {
    let server = Server::start([]).await;
    let err =
        server.client().zero_trust().access().users().get("acc", "u1").header("bad header", "v").await.unwrap_err();
    assert!(matches!(err, Error::InvalidRequest(_)), "{err:?}");
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn a_response_gives_its_status_headers_and_messages() {
    let body = json!({"success": true, "errors": [], "messages": [{"code": 10, "message": "seat assigned"}], "result": user(4)});
    let server = Server::start([Reply::json(201, body).header("cf-ray", "ray-9")]).await;
    let new_user = CreateUserBody::new("user4@example.com");
    let response =
        server.client().zero_trust().access().users().create("acc", &new_user).send_with_response().await.unwrap();
    assert_eq!(response.status().as_u16(), 201);
    assert_eq!(response.headers()["cf-ray"], "ray-9");
    assert_eq!(response.messages()[0].message.as_deref(), Some("seat assigned"));
    assert_eq!(response.value().email.as_deref(), Some("user4@example.com"));
    assert_eq!(response.into_value().name.as_deref(), Some("User 4"));

    let request = &server.requests()[0];
    assert_eq!(request.method, "POST");
    assert_eq!(request.path(), "/accounts/acc/access/users");
    assert_eq!(request.header("content-type"), Some("application/json"));
    // `None` is left out.
    assert_eq!(request.json(), json!({"email": "user4@example.com"}));
}

#[tokio::test]
async fn any_2xx_is_a_success() {
    let server = Server::start([Reply::json(202, json!({"success": true, "result": user(1)}))]).await;
    let response = server.client().zero_trust().access().users().get("acc", "u1").send_with_response().await.unwrap();
    assert_eq!(response.status().as_u16(), 202);
}

#[tokio::test]
async fn a_call_is_static_send_and_clonable() {
    let server = Server::start([Reply::ok(user(1)), Reply::ok(user(1))]).await;
    let call = server.client().zero_trust().access().users().get("acc", "u1");
    let again = call.clone();
    // `tokio::spawn` needs a `Send + 'static` future.
    let first = tokio::spawn(call.into_future()).await.unwrap().unwrap();
    assert_eq!(first, again.await.unwrap());
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn a_reqwest_client_of_ones_own_is_used() {
    let server = Server::start([Reply::ok(user(1))]).await;
    let mut defaults = reqwest::header::HeaderMap::new();
    defaults.insert("x-proxy-tag", reqwest::header::HeaderValue::from_static("mine"));
    let http = reqwest::Client::builder()
        .default_headers(defaults)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let client =
        Client::builder(Credentials::api_token(TOKEN)).base_url(server.url()).http_client(http).build().unwrap();
    client.zero_trust().access().users().get("acc", "u1").await.unwrap();
    let request = &server.requests()[0];
    assert_eq!(request.header("x-proxy-tag"), Some("mine"));
    assert_eq!(request.header("authorization").map(|v| v.starts_with("Bearer ")), Some(true));
    assert!(request.header("user-agent").unwrap().starts_with("cloudflare-zero-trust-rust/"));
}

#[tokio::test]
async fn redirects_are_not_followed() {
    let server =
        Server::start([Reply::raw(307, "text/plain", "").header("location", "http://127.0.0.1:9/elsewhere")]).await;
    let err = server.client().zero_trust().access().users().get("acc", "u1").await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(307));
    assert_eq!(server.requests().len(), 1);
}
