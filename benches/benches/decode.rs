//! Decoding, without HTTP: a 10,000-user list through the client's own path
//! (`__decode_page`, what a list call runs) against a hand-written serde struct; the
//! generated types alone in a hand-written envelope against the same; the same struct with
//! a `#[serde(flatten)]` map of unknown fields (the design not taken); 1,000 Access groups
//! with rules against `serde_json::Value`.

use std::hint::black_box;

use bytes::Bytes;
use cloudflare_zero_trust::types::{AccessGroup, AccessUser};
use zt_benches::data::{groups_body, users_page, Envelope, User, UserWithExtra};
use zt_benches::harness::{full_run, Comparison};

fn main() {
    let users = if full_run() { 10_000 } else { 10 };
    let body = Bytes::from(users_page(0, users, 1, 1));
    println!("decode: {users} users, {} bytes", body.len());
    Comparison {
        name: "decode/users_client_path",
        baseline: "hand-written struct",
        goal: Some(1.10),
        rounds: 15,
        iterations: 5,
    }
    .run(
        |n| {
            for _ in 0..n {
                let page = cloudflare_zero_trust::__decode_page::<AccessUser>(body.clone()).expect("decodes");
                black_box(page);
            }
        },
        |n| {
            for _ in 0..n {
                black_box(serde_json::from_slice::<Envelope<Vec<User>>>(&body).expect("decodes"));
            }
        },
    );
    Comparison {
        name: "decode/users_generated_types",
        baseline: "hand-written struct",
        goal: Some(1.05),
        rounds: 15,
        iterations: 5,
    }
    .run(
        |n| {
            for _ in 0..n {
                black_box(serde_json::from_slice::<Envelope<Vec<AccessUser>>>(&body).expect("decodes"));
            }
        },
        |n| {
            for _ in 0..n {
                black_box(serde_json::from_slice::<Envelope<Vec<User>>>(&body).expect("decodes"));
            }
        },
    );

    // The design not taken for unknown fields: a flattened map on every type.
    Comparison {
        name: "decode/users_flatten_map",
        baseline: "hand-written struct",
        goal: None,
        rounds: 15,
        iterations: 5,
    }
    .run(
        |n| {
            for _ in 0..n {
                black_box(serde_json::from_slice::<Envelope<Vec<UserWithExtra>>>(&body).expect("decodes"));
            }
        },
        |n| {
            for _ in 0..n {
                black_box(serde_json::from_slice::<Envelope<Vec<User>>>(&body).expect("decodes"));
            }
        },
    );

    let groups = if full_run() { 1_000 } else { 10 };
    let body = Bytes::from(groups_body(groups));
    println!("decode: {groups} groups with rules, {} bytes", body.len());
    Comparison {
        name: "decode/groups_client_path",
        baseline: "serde_json::Value",
        goal: Some(0.75),
        rounds: 15,
        iterations: 5,
    }
    .run(
        |n| {
            for _ in 0..n {
                let page = cloudflare_zero_trust::__decode_page::<AccessGroup>(body.clone()).expect("decodes");
                black_box(page);
            }
        },
        |n| {
            for _ in 0..n {
                black_box(serde_json::from_slice::<serde_json::Value>(&body).expect("decodes"));
            }
        },
    );
}
