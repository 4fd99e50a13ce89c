//! Issue 3 §4: one error type; the API variant's kind from the status, with the status,
//! headers and every `errors[]` item; non-JSON error bodies; decode errors with an excerpt.

mod common;

use cloudflare_zero_trust::types::{ResponseInfo, ResponseInfoSource};
use cloudflare_zero_trust::{ApiError, ApiErrorKind, Error};
use common::{Reply, Server};
use serde_json::{json, Value};

fn api(err: Error) -> Box<ApiError> {
    match err {
        Error::Api(api) => api,
        other => panic!("expected an API error, got {other:?}"),
    }
}

/// A body with two `errors[]` items, every field of the first filled.
fn error_body() -> serde_json::Value {
    json!({
        "success": false,
        "errors": [
            {
                "code": 7003,
                "message": "Could not route to /accounts/acc/access/users/u1",
                "documentation_url": "https://developers.cloudflare.com/api/",
                "source": {"pointer": "/email"}
            },
            {"code": 7000, "message": "No route for that URI"}
        ],
        "messages": [{"code": 1, "message": "a notice"}],
        "result": null
    })
}

#[tokio::test]
async fn each_status_has_its_kind_and_carries_everything() {
    for (status, kind) in [
        (400, ApiErrorKind::BadRequest),
        (401, ApiErrorKind::Authentication),
        (403, ApiErrorKind::PermissionDenied),
        (404, ApiErrorKind::NotFound),
        (409, ApiErrorKind::Conflict),
        (422, ApiErrorKind::Unprocessable),
        (429, ApiErrorKind::RateLimited),
        (500, ApiErrorKind::Server),
        (503, ApiErrorKind::Server),
        (405, ApiErrorKind::Other),
    ] {
        let server = Server::start([Reply::json(status, error_body()).header("cf-ray", "8a1b2c3d4e5f-SJC")]).await;
        let client = server.builder().max_retries(0).build().unwrap();
        let err = client.zero_trust().access().users().get("acc", "u1").await.unwrap_err();
        assert_eq!(err.status().map(|s| s.as_u16()), Some(status));
        let err = api(err);
        assert_eq!(err.kind(), kind, "{status}");
        assert_eq!(err.status().as_u16(), status);
        assert_eq!(err.ray_id(), Some("8a1b2c3d4e5f-SJC"));
        assert_eq!(err.headers()["cf-ray"], "8a1b2c3d4e5f-SJC");
        assert_eq!(
            err.errors(),
            [
                ResponseInfo {
                    code: Some(7003),
                    message: Some("Could not route to /accounts/acc/access/users/u1".into()),
                    documentation_url: Some("https://developers.cloudflare.com/api/".into()),
                    source: Some(ResponseInfoSource { pointer: Some("/email".into()) }),
                },
                ResponseInfo { code: Some(7000), message: Some("No route for that URI".into()), ..Default::default() },
            ]
        );
        assert_eq!(err.messages()[0].message.as_deref(), Some("a notice"));
        assert_eq!(err.body_excerpt(), None);
    }
}

#[tokio::test]
async fn an_api_error_reads_well() {
    let server = Server::start([Reply::json(404, error_body()).header("cf-ray", "8a1b-SJC")]).await;
    let err = server.client().zero_trust().access().users().get("acc", "u1").await.unwrap_err();
    assert_eq!(
        err.to_string(),
        "not found (404 Not Found): [7003] Could not route to /accounts/acc/access/users/u1; \
         [7000] No route for that URI (cf-ray 8a1b-SJC)"
    );
}

#[tokio::test]
async fn an_html_502_is_a_typed_status_error() {
    let page = "<html><head><title>502 Bad Gateway</title></head><body>cloudflare</body></html>";
    let server = Server::start([Reply::raw(502, "text/html", page).header("cf-ray", "77-LHR")]).await;
    let client = server.builder().max_retries(0).build().unwrap();
    let err = api(client.zero_trust().access().users().get("acc", "u1").await.unwrap_err());
    assert_eq!(err.kind(), ApiErrorKind::Server);
    assert_eq!(err.status().as_u16(), 502);
    assert!(err.errors().is_empty());
    assert_eq!(err.body_excerpt(), Some(page));
    assert_eq!(err.ray_id(), Some("77-LHR"));
    assert!(err.to_string().starts_with("server error (502 Bad Gateway): body \"<html>"), "{err}");
}

#[tokio::test]
async fn success_false_under_200_is_an_api_error() {
    let body = json!({"success": false, "errors": [{"code": 1001, "message": "nope"}], "messages": [], "result": null});
    let server = Server::start([Reply::json(200, body)]).await;
    let err = api(server.client().zero_trust().access().users().get("acc", "u1").await.unwrap_err());
    assert_eq!(err.kind(), ApiErrorKind::Unsuccessful);
    assert_eq!(err.status().as_u16(), 200);
    assert_eq!(err.errors()[0].code, Some(1001));
    // A success status is never retried.
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn a_body_that_is_not_json_under_200_is_a_decode_error_with_an_excerpt() {
    let server = Server::start([Reply::raw(200, "text/html", "<html>maintenance</html>")]).await;
    let err = server.client().zero_trust().access().users().get("acc", "u1").await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(200));
    let Error::Decode(decode) = &err else { panic!("{err:?}") };
    assert_eq!(decode.excerpt(), "<html>maintenance</html>");
    assert_eq!(decode.path(), "");
    assert!(std::error::Error::source(&err).is_some());
    assert_eq!(
        err.to_string(),
        "could not decode the 200 OK response: expected value, near \"<html>maintenance</html>\""
    );
}

#[tokio::test]
async fn a_result_of_the_wrong_shape_is_a_decode_error_on_that_result() {
    let server = Server::start([Reply::ok(json!({"email": 42}))]).await;
    let err = server.client().zero_trust().access().users().get("acc", "u1").await.unwrap_err();
    let Error::Decode(decode) = &err else { panic!("{err:?}") };
    assert_eq!(decode.path(), "result.email");
    assert_eq!(decode.reason(), "invalid type: integer `42`, expected a string");
    assert!(decode.excerpt().contains(r#"{"email":42"#), "{}", decode.excerpt());
    let cause = std::error::Error::source(&err).unwrap().to_string();
    assert!(cause.contains("column"), "{cause}");
}

/// Issue 8, defect 9: the failing spot of a long list is far past the start of the body;
/// the error names its path inside `result` and shows the body around it.
#[tokio::test]
async fn a_decode_error_names_the_path_and_reason_and_shows_the_failing_spot() {
    let mut users: Vec<Value> = (0..40).map(common::user).collect();
    users[33]["created_at"] = json!(5);
    let server = Server::start([Reply::ok(Value::Array(users))]).await;
    let params = cloudflare_zero_trust::resources::zero_trust::access::users::ListParams::default();
    let err = server.client().zero_trust().access().users().list("acc", &params).await.unwrap_err();
    let Error::Decode(decode) = &err else { panic!("{err:?}") };
    assert_eq!(decode.path(), "result[33].created_at");
    assert!(decode.reason().starts_with("invalid type: integer `5`, expected"), "{}", decode.reason());
    assert!(decode.excerpt().contains(r#""created_at":5"#), "{}", decode.excerpt());
    assert!(decode.excerpt().len() < 200, "{}", decode.excerpt());
    let text = err.to_string();
    assert!(
        text.starts_with("could not decode the 200 OK response: result[33].created_at: invalid type: integer `5`"),
        "{text}"
    );
    assert!(!text.contains(common::TOKEN) && !format!("{err:?}").contains(common::TOKEN));
}

#[tokio::test]
async fn an_item_of_the_wrong_type_is_named_by_its_index() {
    // The envelope's `errors` and `messages` of odd shapes are read leniently on the way.
    let body = json!({"success": true, "errors": "none", "messages": [7], "result": [common::user(1), 3]});
    let server = Server::start([Reply::json(200, body)]).await;
    let params = cloudflare_zero_trust::resources::zero_trust::access::users::ListParams::default();
    let err = server.client().zero_trust().access().users().list("acc", &params).await.unwrap_err();
    let Error::Decode(decode) = &err else { panic!("{err:?}") };
    assert_eq!(decode.path(), "result[1]");
    assert!(decode.reason().starts_with("invalid type: integer `3`"), "{}", decode.reason());
}

/// Issue 8, defect 7: an error item of an unexpected shape never hides the API's error.
#[tokio::test]
async fn odd_error_items_still_make_the_api_error() {
    let odd = json!({"success": false, "errors": [{"code": "E1001", "message": "quota exceeded"}, "bare text", {"code": "1002", "message": {"text": "nested"}}]});
    let server = Server::start([Reply::json(200, odd.clone()), Reply::json(400, odd)]).await;
    let client = server.builder().max_retries(0).build().unwrap();
    for status in [200, 400] {
        let err = api(client.zero_trust().access().users().get("acc", "u1").await.unwrap_err());
        assert_eq!(err.status().as_u16(), status);
        let errors = err.errors();
        assert_eq!(errors.len(), 3);
        assert_eq!((errors[0].code, errors[0].message.as_deref()), (None, Some("quota exceeded")));
        assert_eq!((errors[1].code, errors[1].message.as_deref()), (None, Some("bare text")));
        assert_eq!((errors[2].code, errors[2].message.as_deref()), (Some(1002), Some(r#"{"text":"nested"}"#)));
        assert!(err.to_string().contains("quota exceeded"), "{err}");
    }
}

/// `success: false` with a `result` the types cannot read is still the API's error.
#[tokio::test]
async fn success_false_with_an_odd_result_is_the_api_error() {
    let body = json!({"result": {"email": 42}, "success": false, "errors": [{"code": 1001, "message": "nope"}]});
    let server = Server::start([Reply::json(200, body)]).await;
    let err = api(server.client().zero_trust().access().users().get("acc", "u1").await.unwrap_err());
    assert_eq!(err.kind(), ApiErrorKind::Unsuccessful);
    assert_eq!(err.errors()[0].code, Some(1001));
}

/// Issue 8, defect 8: a status past 599 is no server error.
#[tokio::test]
async fn a_status_past_599_is_not_a_server_error() {
    let server = Server::start([Reply::error(999, 1, "odd"), Reply::ok(common::user(1))]).await;
    let err = api(server.client().zero_trust().access().users().get("acc", "u1").await.unwrap_err());
    assert_eq!(err.kind(), ApiErrorKind::Other);
    assert_eq!(server.requests().len(), 1, "999 is not retried");
}

/// Fields the spec does not know are dropped by the types and readable through
/// `Response::raw_result`.
#[tokio::test]
async fn unknown_fields_are_readable_through_the_raw_result() {
    let server = Server::start([
        Reply::ok(json!({"email": "a@b.c", "added_later": {"depth": [1, 2]}})),
        Reply::json(200, json!({"success": true})),
    ])
    .await;
    let users = server.client();
    let users = users.zero_trust().access().users();
    let response = users.get("acc", "u1").send_with_response().await.unwrap();
    assert_eq!(response.value().email.as_deref(), Some("a@b.c"));
    let raw: Value = serde_json::from_str(response.raw_result().unwrap().get()).unwrap();
    assert_eq!(raw["added_later"], json!({"depth": [1, 2]}));
    assert!(!format!("{response:?}").contains("added_later"), "the Debug output shows the value, not the body");
    let response = users.delete("acc", "u1").send_with_response().await.unwrap();
    assert!(response.raw_result().is_none());
}

#[tokio::test]
async fn a_missing_result_is_a_value_only_where_null_is() {
    let server = Server::start([
        Reply::ok(Value::Null),
        Reply::json(200, json!({"success": true, "errors": [], "messages": []})),
        Reply::raw(204, "text/plain", ""),
        Reply::ok(Value::Null),
    ])
    .await;
    let users = server.client();
    let users = users.zero_trust().access().users();
    // `delete` returns a nullable result: null, absent and an empty 204 body are all `None`.
    for _ in 0..3 {
        assert_eq!(users.delete("acc", "u1").await.unwrap(), None);
    }
    // `get` returns a user, which null is not.
    let err = users.get("acc", "u1").await.unwrap_err();
    assert!(matches!(err, Error::Decode(_)), "{err:?}");
}

#[tokio::test]
async fn a_result_is_decoded_leniently() {
    // Unknown fields are ignored and missing ones are `None`.
    let server = Server::start([Reply::ok(
        json!({"email": "a@b.c", "new_field": [1, 2], "last_successful_login": "2024-01-10T10:34:45Z"}),
    )])
    .await;
    let user = server.client().zero_trust().access().users().get("acc", "u1").await.unwrap();
    assert_eq!(user.email.as_deref(), Some("a@b.c"));
    assert_eq!(user.id, None);
    assert_eq!(user.last_successful_login, Some("2024-01-10T10:34:45Z".parse().unwrap()));
}
