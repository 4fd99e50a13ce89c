//! The response bodies the benchmarks decode, and the hand-written serde types that are
//! their baselines: what a careful user would write for the same JSON, with the same
//! field types as the generated ones.

use serde::Deserialize;
use serde_json::{json, Value};

/// The envelope as a user would write it for one endpoint.
#[derive(Deserialize)]
pub struct Envelope<T> {
    pub success: bool,
    #[serde(default)]
    pub errors: Vec<serde::de::IgnoredAny>,
    pub result: T,
    #[serde(default)]
    pub result_info: Option<ResultInfo>,
}

#[derive(Deserialize)]
pub struct ResultInfo {
    pub page: Option<i64>,
    pub total_pages: Option<i64>,
}

/// An Access user, field for field as the API sends it.
#[derive(Deserialize)]
pub struct User {
    pub access_seat: Option<bool>,
    pub active_device_count: Option<f64>,
    pub created_at: Option<jiff::Timestamp>,
    pub email: Option<String>,
    pub gateway_seat: Option<bool>,
    pub id: Option<String>,
    pub last_successful_login: Option<jiff::Timestamp>,
    pub name: Option<String>,
    pub seat_uid: Option<String>,
    pub uid: Option<String>,
    pub updated_at: Option<jiff::Timestamp>,
}

/// [`User`] with a map of the fields it does not know, as `#[serde(flatten)]` gives it: the
/// other design for fields the client does not know yet, measured against [`User`].
#[derive(Deserialize)]
pub struct UserWithExtra {
    pub access_seat: Option<bool>,
    pub active_device_count: Option<f64>,
    pub created_at: Option<jiff::Timestamp>,
    pub email: Option<String>,
    pub gateway_seat: Option<bool>,
    pub id: Option<String>,
    pub last_successful_login: Option<jiff::Timestamp>,
    pub name: Option<String>,
    pub seat_uid: Option<String>,
    pub uid: Option<String>,
    pub updated_at: Option<jiff::Timestamp>,
    #[serde(flatten)]
    pub extra: std::collections::BTreeMap<String, Value>,
}

/// User number `n`, every field filled.
pub fn user(n: usize) -> Value {
    json!({
        "access_seat": n.is_multiple_of(2),
        "active_device_count": n % 7,
        "created_at": "2014-01-01T05:20:00.12345Z",
        "email": format!("user{n}@example.com"),
        "gateway_seat": n.is_multiple_of(3),
        "id": format!("f174e90a-fafe-4643-bbbc-{n:012}"),
        "last_successful_login": "2020-07-01T05:20:00Z",
        "name": format!("User Number {n}"),
        "seat_uid": format!("seat-{n}"),
        "uid": format!("uid-{n}"),
        "updated_at": "2014-01-01T05:20:00.12345Z",
    })
}

/// A successful envelope around `result`, with `result_info` when given.
pub fn envelope(result: Value, result_info: Option<Value>) -> Vec<u8> {
    let mut body = json!({"success": true, "errors": [], "messages": [], "result": result});
    if let Some(info) = result_info {
        body["result_info"] = info;
    }
    serde_json::to_vec(&body).expect("JSON")
}

/// A list of users `from..to`, as one page of `total_pages`.
pub fn users_page(from: usize, to: usize, page: usize, total_pages: usize) -> Vec<u8> {
    let users: Vec<Value> = (from..to).map(user).collect();
    let per_page = to - from;
    let info = json!({"page": page, "per_page": per_page, "count": per_page, "total_count": per_page * total_pages, "total_pages": total_pages});
    envelope(Value::Array(users), Some(info))
}

/// An Access group with rules of several kinds in `include`, `exclude` and `require`.
pub fn group(n: usize) -> Value {
    let rules = |k: usize| -> Vec<Value> {
        vec![
            json!({"email": {"email": format!("person{n}-{k}@example.com")}}),
            json!({"email_domain": {"domain": format!("example{k}.com")}}),
            json!({"ip": {"ip": format!("10.{k}.{}.0/24", n % 250)}}),
            json!({"everyone": {}}),
            json!({"group": {"id": format!("aa0a4aab-672b-4bdb-bc33-{n:012}")}}),
            json!({"geo": {"country_code": "US"}}),
            json!({"oidc": {"claim_name": "groups", "claim_value": format!("team-{k}"), "identity_provider_id": "ea85612a-29c8-46c2-bacb-669d65136971"}}),
        ]
    };
    json!({
        "id": format!("aa0a4aab-672b-4bdb-bc33-{n:012}"),
        "name": format!("Group {n}"),
        "created_at": "2014-01-01T05:20:00.12345Z",
        "updated_at": "2014-01-01T05:20:00.12345Z",
        "include": rules(1),
        "exclude": rules(2)[..2],
        "require": rules(3)[3..5],
        "is_default": [],
    })
}

/// `count` groups in one list body.
pub fn groups_body(count: usize) -> Vec<u8> {
    envelope(Value::Array((0..count).map(group).collect()), None)
}
