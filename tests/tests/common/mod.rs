//! A real HTTP/1.1 server on 127.0.0.1 that answers from a script and records every
//! request it gets, with the time it arrived.
//!
//! Hand-rolled on a `TcpListener` (rather than a mock library) so a test can also drop a
//! connection, stall before the head or the body, and read the request target exactly as
//! it was sent.

#![allow(dead_code)] // Each test file uses its own part of these helpers.

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use cloudflare_zero_trust::{Client, ClientBuilder, Credentials};
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::{TcpListener, TcpStream};

/// The API token the test clients send.
pub const TOKEN: &str = "test-token-5ecret";
/// The path prefix of the base URL, to check paths are joined under it.
pub const PREFIX: &str = "/client/v4";

/// A request as the server read it off the socket.
#[derive(Clone, Debug)]
pub struct Recorded {
    /// When its head had been read.
    pub at: Instant,
    pub method: String,
    /// The request target exactly as sent: path and query, still percent-encoded.
    pub target: String,
    /// Header names lower-cased, in the order sent.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Recorded {
    /// The value of a header, when sent once.
    pub fn header(&self, name: &str) -> Option<&str> {
        let mut values = self.headers.iter().filter(|(n, _)| n == name).map(|(_, v)| v.as_str());
        let value = values.next();
        assert!(values.next().is_none(), "header {name} sent more than once");
        value
    }

    /// The path, without the base URL's prefix and the query.
    pub fn path(&self) -> &str {
        let path = self.target.split('?').next().unwrap_or_default();
        path.strip_prefix(PREFIX).unwrap_or(path)
    }

    /// The value of a query parameter (not decoded).
    pub fn query(&self, name: &str) -> Option<&str> {
        let query = self.target.split_once('?')?.1;
        query.split('&').find_map(|pair| pair.strip_prefix(name)?.strip_prefix('='))
    }

    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).expect("a JSON body")
    }
}

/// What the server does with one request.
#[derive(Clone, Debug)]
pub enum Reply {
    Respond {
        status: u16,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
        /// Wait before writing the head.
        delay: Duration,
        /// Wait between the head and the body.
        body_delay: Duration,
    },
    /// Close the connection without answering.
    Drop,
}

impl Reply {
    /// A response with a raw body.
    pub fn raw(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Self {
        Self::Respond {
            status,
            headers: vec![("content-type".into(), content_type.into())],
            body: body.into(),
            delay: Duration::ZERO,
            body_delay: Duration::ZERO,
        }
    }

    /// A JSON response.
    pub fn json(status: u16, body: Value) -> Self {
        Self::raw(status, "application/json", body.to_string())
    }

    /// `200` with a successful envelope around `result`.
    pub fn ok(result: Value) -> Self {
        Self::json(200, json!({"success": true, "errors": [], "messages": [], "result": result}))
    }

    /// An error status with Cloudflare's envelope and one `errors[]` item.
    pub fn error(status: u16, code: i64, message: &str) -> Self {
        Self::json(
            status,
            json!({"success": false, "errors": [{"code": code, "message": message}], "messages": [], "result": null}),
        )
    }

    pub fn header(mut self, name: &str, value: &str) -> Self {
        if let Self::Respond { headers, .. } = &mut self {
            headers.push((name.into(), value.into()));
        }
        self
    }

    pub fn delay(mut self, wait: Duration) -> Self {
        if let Self::Respond { delay, .. } = &mut self {
            *delay = wait;
        }
        self
    }

    pub fn body_delay(mut self, wait: Duration) -> Self {
        if let Self::Respond { body_delay, .. } = &mut self {
            *body_delay = wait;
        }
        self
    }
}

#[derive(Default)]
struct State {
    replies: VecDeque<Reply>,
    requests: Vec<Recorded>,
}

/// The scripted server; it stops with the test's runtime.
pub struct Server {
    addr: SocketAddr,
    state: Arc<Mutex<State>>,
}

impl Server {
    /// Starts a server that answers requests with `replies`, in order; once they run out
    /// it answers 599, which no test expects.
    pub async fn start(replies: impl IntoIterator<Item = Reply>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let state = Arc::new(Mutex::new(State { replies: replies.into_iter().collect(), requests: Vec::new() }));
        let accept_state = Arc::clone(&state);
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(serve(stream, Arc::clone(&accept_state)));
            }
        });
        Self { addr, state }
    }

    /// The base URL to give a client.
    pub fn url(&self) -> String {
        format!("http://{}{PREFIX}", self.addr)
    }

    /// Every request so far, in arrival order.
    pub fn requests(&self) -> Vec<Recorded> {
        self.state.lock().unwrap().requests.clone()
    }

    /// The time between consecutive requests.
    pub fn gaps(&self) -> Vec<Duration> {
        self.requests().windows(2).map(|w| w[1].at - w[0].at).collect()
    }

    /// A builder for this server, with an API token and short backoff (20 ms doubling, up
    /// to 80 ms) so that retries take milliseconds.
    pub fn builder(&self) -> ClientBuilder {
        Client::builder(Credentials::api_token(TOKEN))
            .base_url(self.url())
            .initial_backoff(Duration::from_millis(20))
            .max_backoff(Duration::from_millis(80))
    }

    /// A client for this server, as [`Server::builder`] makes it.
    pub fn client(&self) -> Client {
        self.builder().build().unwrap()
    }
}

/// Serves one connection: one request, one reply, then close.
async fn serve(mut stream: TcpStream, state: Arc<Mutex<State>>) {
    let Some(request) = read_request(&mut stream).await else {
        return;
    };
    let reply = {
        let mut state = state.lock().unwrap();
        state.requests.push(request);
        state.replies.pop_front().unwrap_or_else(|| Reply::raw(599, "text/plain", "no scripted reply"))
    };
    let Reply::Respond { status, headers, body, delay, body_delay } = reply else {
        return; // Reply::Drop: the stream is dropped unanswered.
    };
    tokio::time::sleep(delay).await;
    let mut head = format!("HTTP/1.1 {status} Status\r\ncontent-length: {}\r\nconnection: close\r\n", body.len());
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    if stream.write_all(head.as_bytes()).await.is_err() {
        return;
    }
    let _ = stream.flush().await;
    tokio::time::sleep(body_delay).await;
    let _ = stream.write_all(&body).await;
    let _ = stream.shutdown().await;
}

async fn read_request(stream: &mut TcpStream) -> Option<Recorded> {
    let mut buf = Vec::new();
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i;
        }
        let mut chunk = [0; 4096];
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let at = Instant::now();
    let head = String::from_utf8(buf[..head_end].to_vec()).ok()?;
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next()?.split(' ');
    let (method, target) = (request_line.next()?.to_owned(), request_line.next()?.to_owned());
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_owned()))
        .collect();
    let length: usize = headers.iter().find(|(n, _)| n == "content-length").map_or(0, |(_, v)| v.parse().unwrap());
    let mut body = buf[head_end + 4..].to_vec();
    while body.len() < length {
        let mut chunk = [0; 4096];
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        body.extend_from_slice(&chunk[..n]);
    }
    Some(Recorded { at, method, target, headers, body })
}

/// A user as the API sends it.
pub fn user(n: u32) -> Value {
    json!({"id": format!("00000000-0000-0000-0000-{n:012}"), "email": format!("user{n}@example.com"), "name": format!("User {n}")})
}

pub fn ms(ms: u64) -> Duration {
    Duration::from_millis(ms)
}
