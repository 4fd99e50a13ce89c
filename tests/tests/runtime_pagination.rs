//! Issue 3 §5: one page per plain call; streams that request page after page and stop at
//! the last one.

mod common;

use cloudflare_zero_trust::resources::zero_trust::access::users::ListParams;
use cloudflare_zero_trust::types::{AccessUser, ResultInfo};
use cloudflare_zero_trust::Error;
use common::{user, Reply, Server};
use futures_util::{StreamExt as _, TryStreamExt as _};
use serde_json::{json, Value};

/// A list page: `users` numbered from `first`, with `result_info`.
fn page(first: u32, count: u32, result_info: Value) -> Reply {
    let users: Vec<Value> = (first..first + count).map(user).collect();
    Reply::json(
        200,
        json!({"success": true, "errors": [], "messages": [], "result": users, "result_info": result_info}),
    )
}

fn info(page: i64, count: i64, total_pages: Option<i64>) -> Value {
    let mut info = json!({"page": page, "per_page": 2, "count": count});
    if let Some(total_pages) = total_pages {
        info["total_pages"] = json!(total_pages);
        info["total_count"] = json!(5);
    }
    info
}

fn per_page(n: i64) -> ListParams {
    ListParams { per_page: Some(n), ..Default::default() }
}

fn emails(users: &[AccessUser]) -> Vec<&str> {
    users.iter().map(|u| u.email.as_deref().unwrap()).collect()
}

#[tokio::test]
async fn three_pages_are_streamed_with_exactly_three_requests() {
    let server = Server::start([
        page(1, 2, info(1, 2, Some(3))),
        page(3, 2, info(2, 2, Some(3))),
        page(5, 1, info(3, 1, Some(3))),
    ])
    .await;
    let client = server.client();
    let users: Vec<AccessUser> =
        client.zero_trust().access().users().list("acc", &per_page(2)).into_stream().try_collect().await.unwrap();
    assert_eq!(
        emails(&users),
        ["user1@example.com", "user2@example.com", "user3@example.com", "user4@example.com", "user5@example.com"]
    );
    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    for (i, request) in requests.iter().enumerate() {
        assert_eq!(request.path(), "/accounts/acc/access/users");
        assert_eq!(request.query("page"), Some((i + 1).to_string().as_str()));
        assert_eq!(request.query("per_page"), Some("2"));
    }
}

#[tokio::test]
async fn the_plain_call_returns_one_page_with_its_result_info() {
    let server = Server::start([page(1, 2, info(1, 2, Some(3)))]).await;
    let page = server.client().zero_trust().access().users().list("acc", &per_page(2)).await.unwrap();
    assert_eq!(emails(page.items()), ["user1@example.com", "user2@example.com"]);
    assert_eq!(
        page.result_info(),
        Some(&ResultInfo {
            page: Some(1),
            per_page: Some(2),
            count: Some(2),
            total_count: Some(5),
            total_pages: Some(3)
        })
    );
    assert_eq!(server.requests().len(), 1);
    assert_eq!(server.requests()[0].query("page"), None);
}

#[tokio::test]
async fn without_totals_a_short_page_is_the_last() {
    let server = Server::start([page(1, 2, info(1, 2, None)), page(3, 1, info(2, 1, None))]).await;
    let users: Vec<AccessUser> = server
        .client()
        .zero_trust()
        .access()
        .users()
        .list("acc", &per_page(2))
        .into_stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(users.len(), 3);
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn without_result_info_an_empty_page_is_the_last() {
    let server = Server::start([page(1, 2, Value::Null), page(3, 2, Value::Null), page(5, 0, Value::Null)]).await;
    let users: Vec<AccessUser> = server
        .client()
        .zero_trust()
        .access()
        .users()
        .list("acc", &ListParams::default())
        .into_stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(users.len(), 4);
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn the_stream_starts_at_the_page_asked_for() {
    let server = Server::start([page(3, 2, info(2, 2, Some(3))), page(5, 1, info(3, 1, Some(3)))]).await;
    let mut params = per_page(2);
    params.page = Some(2);
    let users: Vec<AccessUser> =
        server.client().zero_trust().access().users().list("acc", &params).into_stream().try_collect().await.unwrap();
    assert_eq!(users.len(), 3);
    let pages: Vec<_> = server.requests().iter().map(|r| r.query("page").unwrap().to_owned()).collect();
    assert_eq!(pages, ["2", "3"]);
}

#[tokio::test]
async fn pages_stream_with_their_result_info() {
    let server = Server::start([page(1, 2, info(1, 2, Some(2))), page(3, 2, info(2, 2, Some(2)))]).await;
    let pages: Vec<_> = server
        .client()
        .zero_trust()
        .access()
        .users()
        .list("acc", &per_page(2))
        .into_pages()
        .try_collect()
        .await
        .unwrap();
    let numbers: Vec<_> = pages.iter().map(|p| p.result_info().unwrap().page).collect();
    assert_eq!(numbers, [Some(1), Some(2)]);
}

#[tokio::test]
async fn an_error_ends_the_stream_after_the_items_before_it() {
    let server = Server::start([page(1, 2, info(1, 2, Some(3))), Reply::error(403, 9109, "Unauthorized")]).await;
    let client = server.builder().max_retries(0).build().unwrap();
    let mut stream = client.zero_trust().access().users().list("acc", &per_page(2)).into_stream();
    assert!(stream.next().await.unwrap().is_ok());
    assert!(stream.next().await.unwrap().is_ok());
    assert!(matches!(stream.next().await, Some(Err(Error::Api(_)))));
    assert!(stream.next().await.is_none());
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn per_call_options_apply_to_every_page() {
    let server = Server::start([page(1, 2, info(1, 2, Some(2))), page(3, 2, info(2, 2, Some(2)))]).await;
    let users: Vec<AccessUser> = server
        .client()
        .zero_trust()
        .access()
        .users()
        .list("acc", &per_page(2))
        .header("x-trace", "t1")
        .query("match", "any")
        .into_stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(users.len(), 4);
    for request in server.requests() {
        assert_eq!(request.header("x-trace"), Some("t1"));
        assert_eq!(request.query("match"), Some("any"));
    }
}

#[tokio::test]
async fn each_page_is_retried_on_its_own() {
    let server =
        Server::start([page(1, 2, info(1, 2, Some(2))), Reply::error(503, 1, "busy"), page(3, 2, info(2, 2, Some(2)))])
            .await;
    let users: Vec<AccessUser> = server
        .client()
        .zero_trust()
        .access()
        .users()
        .list("acc", &per_page(2))
        .into_stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(users.len(), 4);
    let pages: Vec<_> = server.requests().iter().map(|r| r.query("page").unwrap().to_owned()).collect();
    assert_eq!(pages, ["1", "2", "2"]);
}

// Issue 8, defect 1: a server that ignores `page` cannot make a stream run forever.

/// Streams every user of a list with `per_page = 2` from `server`.
async fn stream_all(server: &Server, params: &ListParams) -> Vec<AccessUser> {
    let users = server.client().zero_trust().access().users().list("acc", params).into_stream();
    users.try_collect().await.expect("the stream ends without an error")
}

#[tokio::test]
async fn a_server_that_answers_page_1_every_time_ends_the_stream() {
    let same = || page(1, 2, json!({"page": 1, "per_page": 2, "count": 2}));
    let server = Server::start([same(), same(), same(), same(), same()]).await;
    let users = stream_all(&server, &per_page(2)).await;
    assert_eq!(emails(&users), ["user1@example.com", "user2@example.com"]);
    assert_eq!(server.requests().len(), 2, "the repeated page is asked for once, then the stream ends");
}

#[tokio::test]
async fn a_server_that_repeats_a_page_without_result_info_ends_the_stream() {
    let same = || page(1, 2, Value::Null);
    let server = Server::start([same(), same(), same(), same(), same()]).await;
    let users = stream_all(&server, &per_page(2)).await;
    assert_eq!(users.len(), 2);
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn a_server_that_claims_a_billion_pages_of_the_same_items_ends_the_stream() {
    let same =
        || page(1, 2, json!({"per_page": 2, "count": 2, "total_pages": 1_000_000_000, "total_count": 2_000_000_000}));
    let server = Server::start([same(), same(), same(), same(), same()]).await;
    let users = stream_all(&server, &per_page(2)).await;
    assert_eq!(users.len(), 2);
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn a_page_that_names_another_number_is_not_yielded() {
    // Asked for page 2, the server answers page 3: its items belong elsewhere in the list.
    let server = Server::start([page(1, 2, info(1, 2, Some(3))), page(5, 1, info(3, 1, Some(3)))]).await;
    let users = stream_all(&server, &per_page(2)).await;
    assert_eq!(users.len(), 2);
    assert_eq!(server.requests().len(), 2);
}

// Issue 8, defect 2: the page after `i64::MAX` does not overflow.

#[tokio::test]
async fn a_stream_starting_at_i64_max_asks_once_and_ends() {
    let server = Server::start([page(1, 2, json!({"per_page": 2, "count": 2, "total_pages": i64::MAX}))]).await;
    let params = ListParams { page: Some(i64::MAX), per_page: Some(2), ..Default::default() };
    let users = stream_all(&server, &params).await;
    assert_eq!(users.len(), 2);
    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].query("page"), Some(i64::MAX.to_string().as_str()));
}

// Issue 8, defect 5: `result_info` numbers sent as floats never fail a list.

#[tokio::test]
async fn result_info_numbers_sent_as_floats_are_read_as_integers() {
    let floats = json!({"page": 1.0, "per_page": 2.0, "count": 2.0, "total_count": 2.5e1, "total_pages": 1.3e1});
    let server = Server::start([page(1, 2, floats)]).await;
    let page = server.client().zero_trust().access().users().list("acc", &per_page(2)).await.expect("the page decodes");
    assert_eq!(page.items().len(), 2);
    let expected =
        ResultInfo { page: Some(1), per_page: Some(2), count: Some(2), total_count: Some(25), total_pages: Some(13) };
    assert_eq!(page.result_info(), Some(&expected));
}

#[tokio::test]
async fn result_info_that_cannot_be_read_never_fails_the_page() {
    let odd = json!({"page": "one", "per_page": 2.5, "count": 2, "total_pages": null});
    let server = Server::start([page(1, 2, odd)]).await;
    let page = server.client().zero_trust().access().users().list("acc", &per_page(2)).await.expect("the page decodes");
    assert_eq!(page.items().len(), 2);
    assert_eq!(page.result_info(), Some(&ResultInfo { count: Some(2), ..Default::default() }));
}
