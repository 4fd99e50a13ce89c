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
        "/client/v4/accounts/acc/access/users?name=Ada%20Lovelace&per_page=5&direction=desc&tag=a%26b"
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

/// Issue 8, compression: the client asks for gzip and decodes a gzip-encoded answer.
#[tokio::test]
async fn a_gzip_encoded_answer_decodes() {
    // `{"success":true,"errors":[],"messages":[],"result":{"email":"gz@example.com","name":"Zipped"}}`,
    // gzipped (Python's `gzip.compress(body, mtime=0)`).
    const GZIPPED: [u8; 99] = [
        31, 139, 8, 0, 0, 0, 0, 0, 2, 3, 45, 200, 65, 10, 128, 32, 16, 5, 208, 187, 252, 181, 116, 0, 87, 157, 163,
        104, 33, 246, 145, 192, 73, 25, 21, 34, 241, 238, 185, 104, 249, 94, 71, 105, 222, 179, 20, 216, 170, 141, 6,
        84, 77, 58, 181, 31, 6, 50, 223, 5, 254, 82, 150, 22, 43, 108, 7, 197, 93, 17, 22, 225, 93, 249, 56, 201, 145,
        139, 79, 2, 131, 219, 9, 231, 111, 87, 206, 60, 49, 198, 7, 198, 156, 97, 223, 94, 0, 0, 0,
    ];
    let server = Server::start([Reply::raw(200, "application/json", GZIPPED).header("content-encoding", "gzip")]).await;
    let user = server.client().zero_trust().access().users().get("acc", "u1").await.unwrap();
    assert_eq!((user.email.as_deref(), user.name.as_deref()), (Some("gz@example.com"), Some("Zipped")));
    assert_eq!(server.requests()[0].header("accept-encoding"), Some("gzip"));
}
