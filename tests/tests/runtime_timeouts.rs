//! Issue 3 §3: timeouts fire per attempt, are set per client and per call, cover reading
//! the body, and a timed-out attempt is retried.

mod common;

use std::time::{Duration, Instant};

use cloudflare_zero_trust::Error;
use common::{ms, user, Reply, Server};

/// A server that stalls for longer than any test waits.
const STALL: Duration = Duration::from_secs(30);

#[tokio::test]
async fn the_client_timeout_fires() {
    let server = Server::start([Reply::ok(user(1)).delay(STALL)]).await;
    let client = server.builder().timeout(ms(200)).max_retries(0).build().unwrap();
    let started = Instant::now();
    let err = client.zero_trust().access().users().get("acc", "u1").await.unwrap_err();
    let elapsed = started.elapsed();
    assert!(matches!(err, Error::Timeout(_)), "{err:?}");
    assert_eq!(err.to_string(), "the request timed out");
    assert!(elapsed >= ms(200) && elapsed < ms(1500), "{elapsed:?}");
}

#[tokio::test]
async fn a_call_timeout_replaces_the_client_one() {
    let server = Server::start([Reply::ok(user(1)).delay(STALL)]).await;
    let client = server.builder().timeout(Duration::from_secs(60)).max_retries(0).build().unwrap();
    let started = Instant::now();
    let err = client.zero_trust().access().users().get("acc", "u1").timeout(ms(200)).await.unwrap_err();
    assert!(matches!(err, Error::Timeout(_)), "{err:?}");
    assert!(started.elapsed() < ms(1500), "{:?}", started.elapsed());
}

#[tokio::test]
async fn the_timeout_covers_reading_the_body() {
    let server = Server::start([Reply::ok(user(1)).body_delay(STALL)]).await;
    let client = server.builder().timeout(ms(200)).max_retries(0).build().unwrap();
    let err = client.zero_trust().access().users().get("acc", "u1").await.unwrap_err();
    assert!(matches!(err, Error::Timeout(_)), "{err:?}");
}

#[tokio::test]
async fn a_timed_out_attempt_is_retried() {
    let server = Server::start([Reply::ok(user(1)).delay(STALL), Reply::ok(user(2))]).await;
    let client = server.builder().timeout(ms(200)).build().unwrap();
    let started = Instant::now();
    let user = client.zero_trust().access().users().get("acc", "u2").await.unwrap();
    let elapsed = started.elapsed();
    assert_eq!(user.name.as_deref(), Some("User 2"));
    assert_eq!(server.requests().len(), 2);
    // The timeout, then the 15-20 ms backoff, timed on the client: the server reads a
    // request head whenever its task is scheduled, so the gap it sees between the two
    // attempts may be shorter than the timeout on a busy machine.
    assert!(elapsed >= ms(215), "{elapsed:?}");
    let gap = server.gaps()[0];
    assert!(gap < ms(1500), "{gap:?}");
}

#[tokio::test]
async fn every_attempt_gets_the_whole_timeout() {
    let server = Server::start((0..3).map(|_| Reply::ok(user(1)).delay(STALL))).await;
    let client = server.builder().timeout(ms(150)).build().unwrap();
    let started = Instant::now();
    let err = client.zero_trust().access().users().get("acc", "u1").await.unwrap_err();
    assert!(matches!(err, Error::Timeout(_)), "{err:?}");
    assert_eq!(server.requests().len(), 3);
    assert!(started.elapsed() >= ms(450), "{:?}", started.elapsed());
}

#[tokio::test]
async fn the_connect_timeout_fires() {
    // A listener that never accepts, its accept queue filled: the kernel then drops new
    // connection attempts on the floor, so connecting hangs.
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let listener = socket.listen(0).unwrap();
    let addr = listener.local_addr().unwrap();
    let mut fillers = Vec::new();
    for _ in 0..4 {
        let connect = tokio::net::TcpStream::connect(addr);
        if let Ok(Ok(stream)) = tokio::time::timeout(ms(100), connect).await {
            fillers.push(stream);
        }
    }
    let client = cloudflare_zero_trust::Client::builder(cloudflare_zero_trust::Credentials::api_token(common::TOKEN))
        .base_url(format!("http://{addr}"))
        .connect_timeout(ms(200))
        .timeout(Duration::from_secs(60))
        .max_retries(0)
        .build()
        .unwrap();
    let started = Instant::now();
    let err = client.zero_trust().access().users().get("acc", "u1").await.unwrap_err();
    assert!(matches!(&err, Error::Timeout(source) if source.is_connect()), "{err:?}");
    let elapsed = started.elapsed();
    assert!(elapsed >= ms(200) && elapsed < ms(1500), "{elapsed:?}");
    drop((listener, fillers));
}
