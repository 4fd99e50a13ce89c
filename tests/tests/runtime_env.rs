//! Issue 3 §1: `Client::from_env`. The one test of this file changes the process
//! environment, so it lives alone in its own test binary.

mod common;

use cloudflare_zero_trust::{Client, ClientBuilder, Error};
use common::{user, Reply, Server};

const VARS: [&str; 5] = [
    "CLOUDFLARE_API_TOKEN",
    "CLOUDFLARE_API_KEY",
    "CLOUDFLARE_EMAIL",
    "CLOUDFLARE_API_USER_SERVICE_KEY",
    "CLOUDFLARE_BASE_URL",
];

fn set(name: &str, value: Option<&str>) {
    // SAFETY: this binary's only test runs on the current-thread runtime, and neither it
    // nor anything it starts reads the environment from another thread meanwhile. (Before
    // edition 2024 these functions are safe, hence the allowance.)
    #[allow(unused_unsafe)]
    unsafe {
        match value {
            Some(value) => std::env::set_var(name, value),
            None => std::env::remove_var(name),
        }
    }
}

fn config_message(result: Result<Client, Error>) -> String {
    match result {
        Err(Error::Config(message)) => message,
        other => panic!("expected a configuration error, got {other:?}"),
    }
}

#[tokio::test]
async fn from_env_reads_each_credential_kind_and_the_base_url() {
    for name in VARS {
        set(name, None);
    }
    let message = config_message(Client::from_env());
    for name in &VARS[..4] {
        assert!(message.contains(name), "{message}");
    }

    // An incomplete pair is no credential; the message says what was found.
    set("CLOUDFLARE_EMAIL", Some("me@example.com"));
    let message = config_message(Client::from_env());
    assert!(message.ends_with("(only CLOUDFLARE_EMAIL set)"), "{message}");

    let server = Server::start([Reply::ok(user(1)), Reply::ok(user(2)), Reply::ok(user(3))]).await;
    set("CLOUDFLARE_BASE_URL", Some(&server.url()));
    set("CLOUDFLARE_API_KEY", Some("global-key"));
    Client::from_env().unwrap().zero_trust().access().users().get("acc", "u1").await.unwrap();

    // A token comes first; an empty variable counts as unset.
    set("CLOUDFLARE_API_TOKEN", Some("env-token"));
    set("CLOUDFLARE_API_USER_SERVICE_KEY", Some(""));
    let client = ClientBuilder::from_env().unwrap().max_retries(0).build().unwrap();
    assert_eq!(client.base_url(), server.url());
    client.zero_trust().access().users().get("acc", "u2").await.unwrap();

    for name in VARS {
        set(name, None);
    }
    set("CLOUDFLARE_API_USER_SERVICE_KEY", Some("usk"));
    set("CLOUDFLARE_BASE_URL", Some(&server.url()));
    Client::from_env().unwrap().zero_trust().access().users().get("acc", "u3").await.unwrap();

    let requests = server.requests();
    assert_eq!(requests[0].header("x-auth-key"), Some("global-key"));
    assert_eq!(requests[0].header("x-auth-email"), Some("me@example.com"));
    assert_eq!(requests[1].header("authorization"), Some("Bearer env-token"));
    assert_eq!(requests[1].header("x-auth-key"), None);
    assert_eq!(requests[2].header("x-auth-user-service-key"), Some("usk"));

    set("CLOUDFLARE_BASE_URL", Some("ftp://example.com"));
    let message = config_message(Client::from_env());
    assert!(message.starts_with("invalid base URL `ftp://example.com`"), "{message}");
    // Issue 8, defect 3: a password in the variable never reaches the message.
    set("CLOUDFLARE_BASE_URL", Some("https://me:s3cret-pw@api.example.com/client/v4"));
    let message = config_message(Client::from_env());
    assert!(message.starts_with("invalid base URL `https://***@api.example.com/client/v4`"), "{message}");
    for name in VARS {
        set(name, None);
    }
}
