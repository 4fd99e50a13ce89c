//! Issue 3 §7: path parameters stay in their segment on the wire, empty ones never leave,
//! and no credential shows in `Debug`, `Display` or errors (traces: `runtime_tracing.rs`).

mod common;

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
    // Only the second call has a short timeout: on a loaded machine a 100 ms budget for the
    // first call's prompt 401 could run out too, and the test would see a timeout there.
    let client = server.builder().max_retries(0).build().unwrap();
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
        users.get("acc", "u1").timeout(ms(100)).await.unwrap_err(),
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

/// Issue 8, defect 3: URL user info is refused, and never printed in the refusal.
#[test]
fn a_password_in_the_base_url_is_never_printed() {
    for url in [
        "http://user:s3cret-pw@127.0.0.1/client/v4",
        "https://:s3cret-pw@api.example.com",
        "https://user:s3cret-pw@bad host/",
        "not a url user:s3cret-pw@x",
    ] {
        let err = Client::builder(Credentials::api_token(TOKEN)).base_url(url).build().unwrap_err();
        assert!(matches!(err, Error::Config(_)), "{err:?}");
        let text = format!("{err} {err:?} {err:#?}");
        assert!(!text.contains("s3cret-pw"), "{text}");
    }
}

/// Issue 8, defect 4: a failure's error carries no URL, so no path id or query value.
#[tokio::test]
async fn transport_errors_show_no_id_or_query_value() {
    // One server per failure: a server answers requests in the order they arrive, and on a
    // loaded machine a call that times out may not have reached it at all.
    let slow = Server::start([Reply::ok(user(1)).delay(ms(2000))]).await;
    let dropping = Server::start([Reply::Drop]).await;
    let params = cloudflare_zero_trust::resources::zero_trust::access::users::ListParams {
        email: Some("hidden@example.com".into()),
        ..Default::default()
    };
    let client = |server: &Server| server.builder().max_retries(0).build().unwrap();
    let (slow, dropping) = (client(&slow), client(&dropping));
    let errors = [
        slow.zero_trust().access().users().get("acc", "id-8f3a9").timeout(ms(100)).await.unwrap_err(),
        dropping.zero_trust().access().users().list("acc", &params).await.unwrap_err(),
    ];
    assert!(matches!(errors[0], Error::Timeout(_)), "{:?}", errors[0]);
    assert!(matches!(errors[1], Error::Connection(_)), "{:?}", errors[1]);
    for err in errors {
        let mut texts = vec![format!("{err}"), format!("{err:?}"), format!("{err:#?}")];
        let mut source = std::error::Error::source(&err);
        while let Some(cause) = source {
            texts.push(format!("{cause} {cause:?}"));
            source = cause.source();
        }
        for text in texts {
            assert!(!text.contains("id-8f3a9") && !text.contains("hidden") && !text.contains("127.0.0.1"), "{text}");
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
