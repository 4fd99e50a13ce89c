//! The client against `reqwest` + `serde_json` into a hand-written struct, both on one
//! loopback server, CPU time of the client's thread per request: one user, a list of 100
//! (sequential, and 64 tasks at once), and streaming 100,000 users page by page.
//!
//! The baseline uses the client's `reqwest` settings (redirects off, a connect timeout, a
//! timeout per request, the same headers), so the ratio is what the client adds.

use std::future::IntoFuture as _;
use std::hint::black_box;
use std::time::Duration;

use bytes::Bytes;
use cloudflare_zero_trust::resources::zero_trust::access::users::ListParams;
use cloudflare_zero_trust::{Client, Credentials};
use futures_util::StreamExt as _;
use reqwest::header::{ACCEPT, AUTHORIZATION, USER_AGENT};
use zt_benches::data::{envelope, user, users_page, Envelope, User};
use zt_benches::harness::{full_run, Comparison};
use zt_benches::server::{self, Routes};

const TOKEN: &str = "bench-token";

/// Requests as the client makes them, by hand.
struct Baseline {
    http: reqwest::Client,
    base_url: String,
}

impl Baseline {
    async fn get<T: serde::de::DeserializeOwned>(&self, path: &str) -> Envelope<T> {
        let response = self
            .http
            .get(format!("{}{path}", self.base_url))
            .header(USER_AGENT, "cloudflare-zero-trust-rust/0.1.0")
            .header(ACCEPT, "application/json")
            .header(AUTHORIZATION, format!("Bearer {TOKEN}"))
            .timeout(Duration::from_secs(60))
            .send()
            .await
            .expect("a response");
        let body = response.bytes().await.expect("a body");
        serde_json::from_slice(&body).expect("decodes")
    }
}

fn main() {
    let (pages, per_page) = if full_run() { (100, 1000) } else { (2, 10) };
    let base_url = server::start(Routes {
        one_user: Bytes::from(envelope(user(1), None)),
        list: Bytes::from(users_page(0, 100, 1, 1)),
        pages: (0..pages).map(|p| Bytes::from(users_page(p * per_page, (p + 1) * per_page, p + 1, pages))).collect(),
    });
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
    let client = Client::builder(Credentials::api_token(TOKEN)).base_url(base_url.clone()).build().expect("a client");
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(Duration::from_secs(10))
        .build()
        .expect("a reqwest client");
    let baseline = Baseline { http, base_url };
    let users = client.zero_trust().access().users();
    let run = |future: std::pin::Pin<Box<dyn std::future::Future<Output = ()> + '_>>| runtime.block_on(future);

    Comparison { name: "client/one_user", baseline: "reqwest + hand-written", goal: Some(1.05), rounds: 21, iterations: 400 }
        .run(
            |n| run(Box::pin(async { for _ in 0..n { black_box(users.get("acc", "u1").await.expect("a user")); } })),
            |n| run(Box::pin(async { for _ in 0..n { black_box(baseline.get::<User>("/accounts/acc/access/users/u1").await); } })),
        );

    let params = ListParams::default();
    Comparison { name: "client/list_100", baseline: "reqwest + hand-written", goal: Some(1.05), rounds: 21, iterations: 100 }
        .run(
            |n| run(Box::pin(async { for _ in 0..n { black_box(users.list("acc", &params).await.expect("a page")); } })),
            |n| run(Box::pin(async { for _ in 0..n { black_box(baseline.get::<Vec<User>>("/accounts/acc/access/users").await); } })),
        );

    let tasks = if full_run() { 64 } else { 4 };
    let name = format!("client/list_100_x{tasks}_tasks");
    Comparison { name: &name, baseline: "reqwest + hand-written", goal: Some(1.05), rounds: 15, iterations: 4 }.run(
        |n| {
            run(Box::pin(async {
                for _ in 0..n {
                    let calls = (0..tasks).map(|_| users.list("acc", &params).into_future());
                    for page in futures_util::future::join_all(calls).await {
                        black_box(page.expect("a page"));
                    }
                }
            }))
        },
        |n| {
            run(Box::pin(async {
                for _ in 0..n {
                    let calls = (0..tasks).map(|_| baseline.get::<Vec<User>>("/accounts/acc/access/users"));
                    black_box(futures_util::future::join_all(calls).await);
                }
            }))
        },
    );

    let stream_params = ListParams { per_page: Some(i64::try_from(per_page).expect("small")), ..Default::default() };
    let name = format!("client/stream_{}_users", pages * per_page);
    Comparison { name: &name, baseline: "hand-written page loop", goal: Some(1.10), rounds: 7, iterations: 1 }.run(
        |n| {
            run(Box::pin(async {
                for _ in 0..n {
                    let count = users.list("acc", &stream_params).into_stream().fold(0, |n, user| async move {
                        black_box(user.expect("a user"));
                        n + 1
                    });
                    assert_eq!(count.await, pages * per_page);
                }
            }))
        },
        |n| {
            run(Box::pin(async {
                for _ in 0..n {
                    let mut count = 0;
                    let mut page = 1;
                    loop {
                        let path = format!("/accounts/acc/access/users?per_page={per_page}&page={page}");
                        let body = baseline.get::<Vec<User>>(&path).await;
                        count += body.result.len();
                        black_box(body.result);
                        let total = body.result_info.and_then(|info| info.total_pages).unwrap_or(1);
                        if page >= total {
                            break;
                        }
                        page += 1;
                    }
                    assert_eq!(count, pages * per_page);
                }
            }))
        },
    );
}
