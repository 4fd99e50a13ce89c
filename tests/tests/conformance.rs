//! Conformance with Cloudflare's published API description, judged by Stoplight Prism.
//!
//! Prism (`tests/prism/`, pinned to 5.14.2) serves `fixtures/reference/cloudflare-zero-trust.openapi.json`
//! on loopback as a mock server. It checks every request against the published description
//! (path and query parameters, JSON body, security scheme) and answers one that breaks it with
//! an error status and an `sl-violations` header naming each violation; a valid request gets
//! the reference's own example for the documented status (static examples: deterministic). With
//! `--errors` it also checks its answer against the response schema.
//!
//! Every operation runs through the generated client with valid arguments, with bodies that
//! fill every field the reference has, under both security schemes the operations allow (an API
//! token; an email with a Global API key), and for the account-or-zone operations in both
//! scopes. Each call must succeed with the documented status, and its decoded value must keep
//! every field of the response's `result` with its value: the same request sent raw shows what
//! the body held. Two controls prove the judge is awake: Prism must refuse a credential the
//! operations do not allow, and a rule without its required field.
//!
//! One Prism serves the whole test (it takes about 2 s to start, so one per operation would
//! be slow); a guard kills it when the test ends, on a panic too. A shared server kept in a
//! `static` would never be dropped, and so never killed. When `tests/prism/node_modules` is
//! missing, the test runs `npm ci --prefix tests/prism` first, so `cargo test --workspace` works
//! on a fresh checkout of a machine with Node.js and npm.

use std::collections::BTreeSet;
use std::fmt::Debug;
use std::fs::File;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Once;
use std::time::{Duration, Instant};

use cloudflare_zero_trust::resources::zero_trust::access::{groups, users};
use cloudflare_zero_trust::resources::zero_trust::organizations::RevokeUsersParams;
use cloudflare_zero_trust::types::*;
use cloudflare_zero_trust::uuid::Uuid;
use cloudflare_zero_trust::{Call, Client, Credentials, Error, FromResponse};
use serde_json::{json, Value};

/// The published description Prism serves, relative to this crate.
const REFERENCE: &str = "fixtures/reference/cloudflare-zero-trust.openapi.json";
/// The npm project that pins Prism, relative to this crate.
const PRISM_DIR: &str = "prism";
/// How long Prism may take to accept connections.
const START_TIMEOUT: Duration = Duration::from_secs(60);

const ACCOUNT: &str = "023e105f4ecef8ad9ca31a8372d0c353";
const ZONE: &str = "372e67954025e0ba6aaa6d586b9e0b59";
const USER: &str = "f174e90a-fafe-4643-bbbc-4a0ed4fc8415";
const GROUP: &str = "aa0a4aab-672b-4bdb-bc33-a59f1130a11f";
const NONCE: &str = "X1aXj1lFVcqqyoXF";
const AUTHENTICATOR: &str = "test-authenticator-id-123";
const INTEGRATION: &str = "0b2e1d7c-6a3f-4e21-9c8d-5f4a3b2c1d0e";
const IDP: &str = "ea85612a-29c8-46c2-bacb-669d65136971";
const API_TOKEN: &str = "Sn3lZJTBX6kkg7OdcBUAxOO963GEIyGQqnFTOFYY";
const EMAIL: &str = "admin@example.com";
const API_KEY: &str = "144c9defac04969c7bfad8efaa8ea194";

// The two shapes of decoded values; macros, so that each call site's concrete type is
// serialised (this crate cannot name `serde::Serialize`), defined before their first use.

/// The decoded value of a call that keeps a plain `result`, as JSON.
macro_rules! value {
    () => {
        |value| Decoded { result: json!(value), result_info: None }
    };
}

/// The decoded value of a call that returns a page: its items and its `result_info`.
macro_rules! page {
    () => {
        |page| Decoded { result: json!(page.items()), result_info: Some(json!(page.result_info())) }
    };
}

#[tokio::test]
async fn every_operation_passes_prism() {
    let reference = Reference::load();
    let prism = Prism::start();
    let started = Instant::now();

    let mut suite = Suite::new(&prism, &reference);
    for auth in [Auth::ApiToken, Auth::ApiKey] {
        suite.auth = auth;
        let client = suite.client(auth.credentials());
        risk_scoring(&mut suite, &client).await;
        users_and_sessions(&mut suite, &client).await;
        doh(&mut suite, &client).await;
        for scope in [AccountsOrZones::Accounts, AccountsOrZones::Zones] {
            groups(&mut suite, &client, &scope).await;
            organizations(&mut suite, &client, &scope).await;
        }
    }
    controls(&mut suite).await;

    suite.print(started.elapsed());
    let failures = suite.failures();
    assert!(
        failures.is_empty(),
        "{} of {} checks failed:\n\n{}",
        failures.len(),
        suite.outcomes.len(),
        failures.join("\n\n")
    );
    let missed = reference.operations.difference(&suite.covered).cloned().collect::<Vec<_>>();
    assert!(missed.is_empty(), "operations of {REFERENCE} this test never ran:\n  {}", missed.join("\n  "));
    assert_eq!(suite.covered.len(), 27, "the reference has 27 operations");
}

// ---------------------------------------------------------------------------------------------
// The operations

async fn risk_scoring(suite: &mut Suite<'_>, client: &Client) {
    let integrations = client.zero_trust().risk_scoring().integrations();
    const LIST: &str = "/accounts/{account_id}/zt_risk_scoring/integrations";
    const ONE: &str = "/accounts/{account_id}/zt_risk_scoring/integrations/{integration_id}";

    let mut create = CreateIntegrationBody::new(IntegrationType::Okta, "https://tenant.okta.com");
    create.reference_id = Some(Some(IDP.to_owned()));
    suite.check(Op::post(LIST, &[ACCOUNT], &create), integrations.create(ACCOUNT, &create), value!()).await;
    // `reference_id` is nullable: an explicit `null` must pass too.
    create.reference_id = Some(None);
    suite.check(Op::post(LIST, &[ACCOUNT], &create), integrations.create(ACCOUNT, &create), value!()).await;
    suite.check(Op::get(LIST, &[ACCOUNT]), integrations.list(ACCOUNT), value!()).await;
    suite.check(Op::get(ONE, &[ACCOUNT, INTEGRATION]), integrations.get(ACCOUNT, INTEGRATION), value!()).await;
    let mut update = UpdateIntegrationBody::new(false, "https://tenant.okta.com");
    update.reference_id = Some(Some(IDP.to_owned()));
    suite
        .check(
            Op::put(ONE, &[ACCOUNT, INTEGRATION], &update),
            integrations.update(ACCOUNT, INTEGRATION, &update),
            value!(),
        )
        .await;
    suite.check(Op::delete(ONE, &[ACCOUNT, INTEGRATION]), integrations.delete(ACCOUNT, INTEGRATION), value!()).await;
    suite
        .check(
            Op::get("/accounts/{account_id}/zt_risk_scoring/integrations/reference_id/{reference_id}", &[ACCOUNT, IDP]),
            integrations.references().get(ACCOUNT, IDP),
            value!(),
        )
        .await;
}

async fn users_and_sessions(suite: &mut Suite<'_>, client: &Client) {
    let users = client.zero_trust().access().users();
    const LIST: &str = "/accounts/{account_id}/access/users";
    const ONE: &str = "/accounts/{account_id}/access/users/{user_id}";

    let params = users::ListParams {
        name: Some("Jane Doe".to_owned()),
        email: Some("jdoe@example.com".to_owned()),
        search: Some("jdoe".to_owned()),
        page: Some(2),
        per_page: Some(50),
    };
    let query = "name=Jane%20Doe&email=jdoe%40example.com&search=jdoe&page=2&per_page=50";
    suite.check(Op::get(LIST, &[ACCOUNT]).query(query), users.list(ACCOUNT, &params), page!()).await;
    suite.check(Op::get(LIST, &[ACCOUNT]), users.list(ACCOUNT, &users::ListParams::default()), page!()).await;

    let mut create = CreateUserBody::new("jdoe@example.com");
    create.name = Some("Jane Doe".to_owned());
    suite.check(Op::post(LIST, &[ACCOUNT], &create), users.create(ACCOUNT, &create), value!()).await;
    let only_email = CreateUserBody::new("jdoe@example.com");
    suite.check(Op::post(LIST, &[ACCOUNT], &only_email), users.create(ACCOUNT, &only_email), value!()).await;
    suite.check(Op::get(ONE, &[ACCOUNT, USER]), users.get(ACCOUNT, USER), value!()).await;
    let update = UpdateUserBody::new("jdoe@example.com", "Jane Q. Doe");
    suite.check(Op::put(ONE, &[ACCOUNT, USER], &update), users.update(ACCOUNT, USER, &update), value!()).await;
    suite.check(Op::delete(ONE, &[ACCOUNT, USER]), users.delete(ACCOUNT, USER), value!()).await;

    suite
        .check(
            Op::get("/accounts/{account_id}/access/users/{user_id}/active_sessions", &[ACCOUNT, USER]),
            users.active_sessions().list(ACCOUNT, USER),
            page!(),
        )
        .await;
    suite
        .check(
            Op::get("/accounts/{account_id}/access/users/{user_id}/active_sessions/{nonce}", &[ACCOUNT, USER, NONCE]),
            users.active_sessions().get(ACCOUNT, USER, NONCE),
            value!(),
        )
        .await;
    suite
        .check(
            Op::get("/accounts/{account_id}/access/users/{user_id}/failed_logins", &[ACCOUNT, USER]),
            users.failed_logins().list(ACCOUNT, USER),
            page!(),
        )
        .await;
    suite
        .check(
            Op::get("/accounts/{account_id}/access/users/{user_id}/last_seen_identity", &[ACCOUNT, USER]),
            users.last_seen_identity().get(ACCOUNT, USER),
            value!(),
        )
        .await;
    suite
        .check(
            Op::delete(
                "/accounts/{account_id}/access/users/{user_id}/mfa_authenticators/{authenticator_id}",
                &[ACCOUNT, USER, AUTHENTICATOR],
            ),
            users.mfa_authenticators().delete(ACCOUNT, USER, AUTHENTICATOR),
            value!(),
        )
        .await;
}

async fn doh(suite: &mut Suite<'_>, client: &Client) {
    let doh = client.zero_trust().organizations().doh();
    const DOH: &str = "/accounts/{account_id}/access/organizations/doh";
    suite.check(Op::get(DOH, &[ACCOUNT]), doh.get(ACCOUNT), value!()).await;
    let body =
        UpdateDohSettingsBody { doh_jwt_duration: Some("800h".to_owned()), service_token_id: Some(USER.to_owned()) };
    suite.check(Op::put(DOH, &[ACCOUNT], &body), doh.update(ACCOUNT, &body), value!()).await;
    let empty = UpdateDohSettingsBody::default();
    suite.check(Op::put(DOH, &[ACCOUNT], &empty), doh.update(ACCOUNT, &empty), value!()).await;
}

async fn groups(suite: &mut Suite<'_>, client: &Client, scope: &AccountsOrZones) {
    let groups = client.zero_trust().access().groups();
    const LIST: &str = "/{accounts_or_zones}/{account_or_zone_id}/access/groups";
    const ONE: &str = "/{accounts_or_zones}/{account_or_zone_id}/access/groups/{group_id}";
    let id = scope_id(scope);
    let s = scope.as_str();

    let params = groups::ListParams {
        name: Some("Allow devs".to_owned()),
        search: Some("devs".to_owned()),
        page: Some(1),
        per_page: Some(1000),
    };
    let query = "name=Allow%20devs&search=devs&page=1&per_page=1000";
    suite.check(Op::get(LIST, &[s, id]).query(query), groups.list(*scope, id, &params), page!()).await;
    suite.check(Op::get(LIST, &[s, id]), groups.list(*scope, id, &groups::ListParams::default()), page!()).await;

    // Every kind of rule, each with every field, in `include`; a few in `exclude` and `require`.
    let mut body = GroupBody::new(every_rule(), "Allow devs");
    body.exclude = Some(vec![AccessRuleParam::geo("US")]);
    body.require = Some(vec![AccessRuleParam::auth_method("mfa"), AccessRuleParam::certificate()]);
    body.is_default = Some(false);
    suite.check(Op::post(LIST, &[s, id], &body), groups.create(*scope, id, &body), value!()).await;
    let minimal = GroupBody::new(vec![AccessRuleParam::everyone()], "Everyone");
    suite.check(Op::post(LIST, &[s, id], &minimal), groups.create(*scope, id, &minimal), value!()).await;
    suite.check(Op::get(ONE, &[s, id, GROUP]), groups.get(*scope, id, GROUP), value!()).await;
    body.is_default = Some(true);
    suite.check(Op::put(ONE, &[s, id, GROUP], &body), groups.update(*scope, id, GROUP, &body), value!()).await;
    suite.check(Op::delete(ONE, &[s, id, GROUP]), groups.delete(*scope, id, GROUP), value!()).await;
}

async fn organizations(suite: &mut Suite<'_>, client: &Client, scope: &AccountsOrZones) {
    let organizations = client.zero_trust().organizations();
    const ORG: &str = "/{accounts_or_zones}/{account_or_zone_id}/access/organizations";
    const REVOKE: &str = "/{accounts_or_zones}/{account_or_zone_id}/access/organizations/revoke_user";
    let id = scope_id(scope);
    let s = scope.as_str();

    suite.check(Op::get(ORG, &[s, id]), organizations.get(*scope, id), value!()).await;

    let mut create = CreateOrganizationBody::new("test.cloudflareaccess.com", "Widget Corps");
    create.allow_authenticate_via_warp = Some(false);
    create.auto_redirect_to_identity = Some(true);
    create.deny_unmatched_requests = Some(true);
    create.deny_unmatched_requests_exempted_zone_names = Some(vec!["example.com".to_owned()]);
    create.is_ui_read_only = Some(false);
    create.login_design = Some(login_design());
    create.mfa_config = Some(mfa_config());
    create.mfa_piv_key_requirements = Some(piv_key_requirements());
    create.mfa_required_for_all_apps = Some(false);
    create.session_duration = Some("24h".to_owned());
    create.ui_read_only_toggle_reason = Some("Temporarily unlocked to make a change in the UI".to_owned());
    create.user_seat_expiration_inactive_time = Some("730h".to_owned());
    create.warp_auth_non_browser_401 = Some(true);
    create.warp_auth_session_duration = Some("2h45m".to_owned());
    suite.check(Op::post(ORG, &[s, id], &create), organizations.create(*scope, id, &create), value!()).await;
    let minimal = CreateOrganizationBody::new("test.cloudflareaccess.com", "Widget Corps");
    suite.check(Op::post(ORG, &[s, id], &minimal), organizations.create(*scope, id, &minimal), value!()).await;

    let update = UpdateOrganizationBody {
        allow_authenticate_via_warp: Some(true),
        auth_domain: Some("test.cloudflareaccess.com".to_owned()),
        auto_redirect_to_identity: Some(false),
        custom_pages: Some(CustomPagesParam {
            forbidden: Some("699d98642c564d2e855e9661899b7252".to_owned()),
            identity_denied: Some("699d98642c564d2e855e9661899b7252".to_owned()),
        }),
        deny_unmatched_requests: Some(false),
        deny_unmatched_requests_exempted_zone_names: Some(vec!["example.com".to_owned(), "example.net".to_owned()]),
        is_ui_read_only: Some(true),
        login_design: Some(login_design()),
        mfa_config: Some(mfa_config()),
        mfa_piv_key_requirements: Some(piv_key_requirements()),
        mfa_required_for_all_apps: Some(true),
        name: Some("Widget Corps Internal Applications".to_owned()),
        session_duration: Some("300ms".to_owned()),
        ui_read_only_toggle_reason: Some("Locked again".to_owned()),
        user_seat_expiration_inactive_time: Some("1460h".to_owned()),
        warp_auth_non_browser_401: Some(false),
        warp_auth_session_duration: Some("30m".to_owned()),
    };
    suite.check(Op::put(ORG, &[s, id], &update), organizations.update(*scope, id, &update), value!()).await;
    let empty = UpdateOrganizationBody::default();
    suite.check(Op::put(ORG, &[s, id], &empty), organizations.update(*scope, id, &empty), value!()).await;

    let mut revoke = RevokeUserBody::new("test@example.com");
    revoke.devices = Some(true);
    revoke.user_uid = Some("699d98642c564d2e855e9661899b7252".to_owned());
    revoke.warp_session_reauth = Some(false);
    let params = RevokeUsersParams { devices: Some(true) };
    suite
        .check(
            Op::post(REVOKE, &[s, id], &revoke).query("devices=true"),
            organizations.revoke_users(*scope, id, &params, &revoke),
            value!(),
        )
        .await;
    let only_email = RevokeUserBody::new("test@example.com");
    suite
        .check(
            Op::post(REVOKE, &[s, id], &only_email),
            organizations.revoke_users(*scope, id, &RevokeUsersParams::default(), &only_email),
            value!(),
        )
        .await;
}

/// Prism must refuse what the reference forbids, through the client too: otherwise every pass
/// above would prove nothing.
async fn controls(suite: &mut Suite<'_>) {
    // The operations allow an API token or an email with a Global API key, not the Origin CA
    // key that the description's global `security` also lists.
    let client = suite.client(Credentials::user_service_key("v1.0-144c9defac04969c7bfad8ef-631a41d003a32d"));
    let refused = client.zero_trust().access().users().get(ACCOUNT, USER).await;
    suite.expect_refusal("a user service key is refused (401)", refused, 401, "security");

    // A rule the types allow but the description refuses: `email` must be an email address.
    // (A rule without its required field no longer compiles: request rules are strict.)
    let client = suite.client(Credentials::api_token(API_TOKEN));
    let body = GroupBody::new(vec![AccessRuleParam::email("not an email address")], "Broken");
    let refused = client.zero_trust().access().groups().create(AccountsOrZones::Accounts, ACCOUNT, &body).await;
    suite.expect_refusal("an email rule without an email address is refused (422)", refused, 422, "body");
}

fn scope_id(scope: &AccountsOrZones) -> &'static str {
    match scope {
        AccountsOrZones::Zones => ZONE,
        _ => ACCOUNT,
    }
}

fn every_rule() -> Vec<AccessRuleParam> {
    let s = |value: &str| value.to_owned();
    vec![
        AccessRuleParam::Group(GroupRuleParam { id: s(GROUP) }),
        AccessRuleParam::AnyValidServiceToken(AnyValidServiceTokenRuleParam {}),
        AccessRuleParam::AuthContext(AuthContextRuleParam { ac_id: s(IDP), id: s(GROUP), identity_provider_id: s(IDP) }),
        AccessRuleParam::AuthMethod(AuthMethodRuleParam { auth_method: s("mfa") }),
        AccessRuleParam::AzureAd(AzureGroupRuleParam { id: s(GROUP), identity_provider_id: s(IDP) }),
        AccessRuleParam::Certificate(CertificateRuleParam {}),
        AccessRuleParam::CommonName(CommonNameRuleParam { common_name: s("james@example.com") }),
        AccessRuleParam::Geo(CountryRuleParam { country_code: s("US") }),
        AccessRuleParam::DevicePosture(DevicePostureRuleParam { integration_uid: s(GROUP) }),
        AccessRuleParam::EmailDomain(EmailDomainRuleParam { domain: s("example.com") }),
        AccessRuleParam::EmailList(EmailListRuleParam { id: s(GROUP) }),
        AccessRuleParam::Email(EmailRuleParam { email: s("test@example.com") }),
        AccessRuleParam::Everyone(EveryoneRuleParam {}),
        AccessRuleParam::ExternalEvaluation(ExternalEvaluationRuleParam {
            evaluate_url: s("https://eval.example.com"),
            keys_url: s("https://eval.example.com/keys"),
        }),
        AccessRuleParam::GithubOrganization(
            GithubOrganizationRuleParam::new(IDP, "cloudflare").with_team("api-team"),
        ),
        AccessRuleParam::Gsuite(GsuiteGroupRuleParam { email: s("devs@cloudflare.com"), identity_provider_id: s(IDP) }),
        AccessRuleParam::LoginMethod(LoginMethodRuleParam { id: s(GROUP) }),
        AccessRuleParam::IpList(IpListRuleParam { id: s(GROUP) }),
        AccessRuleParam::Ip(IpRuleParam { ip: s("2400:cb00:21:10a::/64") }),
        AccessRuleParam::Okta(OktaGroupRuleParam { identity_provider_id: s(IDP), name: s("devs") }),
        AccessRuleParam::Saml(SamlGroupRuleParam {
            attribute_name: s("group"),
            attribute_value: s("devs@cloudflare.com"),
            identity_provider_id: s(IDP),
        }),
        AccessRuleParam::Oidc(OidcClaimRuleParam {
            claim_name: s("group"),
            claim_value: s("devs@cloudflare.com"),
            identity_provider_id: s(IDP),
        }),
        AccessRuleParam::ServiceToken(ServiceTokenRuleParam { token_id: s(GROUP) }),
        AccessRuleParam::LinkedAppToken(LinkedAppTokenRuleParam { app_uid: s(GROUP) }),
        AccessRuleParam::UserRiskScore(UserRiskScoreRuleParam {
            user_risk_score: vec![RiskLevel::Low, RiskLevel::Medium, RiskLevel::High, RiskLevel::Unscored],
        }),
        AccessRuleParam::CloudflareAccountMember(CloudflareAccountMemberRuleParam::default().with_account_id(ACCOUNT)),
    ]
}

fn login_design() -> LoginDesignParam {
    LoginDesignParam {
        background_color: Some("#c5ed1b".to_owned()),
        footer_text: Some("This is an example description.".to_owned()),
        header_text: Some("This is an example description.".to_owned()),
        logo_path: Some("https://example.com/logo.png".to_owned()),
        text_color: Some("#c5ed1b".to_owned()),
    }
}

fn mfa_config() -> MfaConfigParam {
    MfaConfigParam {
        allowed_authenticators: Some(vec![
            MfaAuthenticator::Totp,
            MfaAuthenticator::Biometrics,
            MfaAuthenticator::SecurityKey,
            MfaAuthenticator::PivKey,
            MfaAuthenticator::SshFido2Key,
        ]),
        amr_matching_session_duration: Some("12h".to_owned()),
        required_aaguids: Some(Uuid::parse_str("2fc0579f-8113-47ea-b116-bb5a8db9202a").expect("a UUID")),
        session_duration: Some("24h".to_owned()),
    }
}

fn piv_key_requirements() -> MfaPivKeyRequirementsParam {
    MfaPivKeyRequirementsParam {
        pin_policy: Some(PinPolicy::Once),
        require_fips_device: Some(true),
        ssh_key_size: Some(SshKeySize::ALL.to_vec()),
        ssh_key_type: Some(vec![SshKeyType::Ecdsa, SshKeyType::Ed25519, SshKeyType::Rsa]),
        touch_policy: Some(TouchPolicy::Cached),
    }
}

// ---------------------------------------------------------------------------------------------
// Checking one call

/// A decoded response, serialised again, to compare with the body Prism sent.
struct Decoded {
    result: Value,
    result_info: Option<Value>,
}

/// The request an operation should send: to find the documented status, and to send it raw.
struct Op {
    method: &'static str,
    template: &'static str,
    path: String,
    body: Option<Value>,
}

impl Op {
    fn new(method: &'static str, template: &'static str, args: &[&str], body: Option<Value>) -> Self {
        // Fills the template's `{...}` segments in order.
        let mut args = args.iter();
        let path = template
            .split('/')
            .map(|segment| match segment.starts_with('{') {
                true => *args.next().unwrap_or_else(|| panic!("{template}: too few arguments")),
                false => segment,
            })
            .collect::<Vec<_>>()
            .join("/");
        assert!(args.next().is_none(), "{template}: too many arguments");
        Self { method, template, path, body }
    }

    fn get(template: &'static str, args: &[&str]) -> Self {
        Self::new("GET", template, args, None)
    }

    fn delete(template: &'static str, args: &[&str]) -> Self {
        Self::new("DELETE", template, args, None)
    }

    fn post(template: &'static str, args: &[&str], body: impl IntoJson) -> Self {
        Self::new("POST", template, args, Some(body.into_json()))
    }

    fn put(template: &'static str, args: &[&str], body: impl IntoJson) -> Self {
        Self::new("PUT", template, args, Some(body.into_json()))
    }

    fn query(mut self, query: &str) -> Self {
        self.path = format!("{}?{query}", self.path);
        self
    }

    /// `GET /accounts/{account_id}/...`, as the reference names it.
    fn name(&self) -> String {
        format!("{} {}", self.method, self.template)
    }
}

/// A request body as JSON. The generated types are `Serialize`, but this crate cannot name
/// `serde`, so each body type gets this through `json!`.
trait IntoJson {
    fn into_json(self) -> Value;
}

macro_rules! into_json {
    ($($body:ty),*) => {
        $(impl IntoJson for &$body {
            fn into_json(self) -> Value {
                json!(self)
            }
        })*
    };
}
into_json!(
    CreateIntegrationBody,
    UpdateIntegrationBody,
    CreateUserBody,
    UpdateUserBody,
    UpdateDohSettingsBody,
    GroupBody,
    CreateOrganizationBody,
    UpdateOrganizationBody,
    RevokeUserBody
);

/// Which credentials a pass uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Auth {
    ApiToken,
    ApiKey,
}

impl Auth {
    fn credentials(self) -> Credentials {
        match self {
            Self::ApiToken => Credentials::api_token(API_TOKEN),
            Self::ApiKey => Credentials::api_key(EMAIL, API_KEY),
        }
    }

    /// The headers of a raw request with the same credentials.
    fn headers(self) -> Vec<(&'static str, String)> {
        match self {
            Self::ApiToken => vec![("Authorization", format!("Bearer {API_TOKEN}"))],
            Self::ApiKey => vec![("X-Auth-Email", EMAIL.to_owned()), ("X-Auth-Key", API_KEY.to_owned())],
        }
    }

    fn name(self) -> &'static str {
        match self {
            Self::ApiToken => "api_token",
            Self::ApiKey => "api_email + api_key",
        }
    }
}

/// One check's outcome.
struct Outcome {
    name: String,
    failure: Option<String>,
}

/// Runs the checks and keeps every outcome, so that one failure does not hide the others.
struct Suite<'a> {
    prism: &'a Prism,
    reference: &'a Reference,
    auth: Auth,
    outcomes: Vec<Outcome>,
    /// Every operation (`METHOD /template`) that passed at least once.
    covered: BTreeSet<String>,
}

impl<'a> Suite<'a> {
    fn new(prism: &'a Prism, reference: &'a Reference) -> Self {
        Self { prism, reference, auth: Auth::ApiToken, outcomes: Vec::new(), covered: BTreeSet::new() }
    }

    fn client(&self, credentials: Credentials) -> Client {
        Client::builder(credentials)
            .base_url(format!("http://{}", self.prism.addr))
            .max_retries(0)
            .timeout(Duration::from_secs(20))
            .build()
            .expect("a client for Prism")
    }

    /// Sends `call`, which must do what `op` describes: it must succeed with the documented
    /// status and no violation, and its decoded value must keep every field and value of the
    /// `result` (and `result_info`) that the same request, sent raw, gets.
    async fn check<T: Debug + FromResponse>(&mut self, op: Op, call: Call<T>, decoded: impl FnOnce(&T) -> Decoded) {
        let name = format!("{} [{}] {}", op.name(), self.auth.name(), op.path);
        let failure = self.judge(&op, call, decoded).await.err();
        if failure.is_none() {
            self.covered.insert(op.name());
        }
        self.outcomes.push(Outcome { name, failure });
    }

    async fn judge<T: Debug + FromResponse>(&self, op: &Op, call: Call<T>, decoded: impl FnOnce(&T) -> Decoded) -> Result<(), String> {
        let Some(expected) = self.reference.success_status(op.method, op.template) else {
            return Err(format!("{REFERENCE} has no operation {}", op.name()));
        };
        let response = call.send_with_response().await.map_err(|err| describe(&err))?;
        let status = response.status().as_u16();
        if status != expected {
            return Err(format!("answered {status}, but the reference documents {expected}"));
        }
        if let Some(violations) = response.headers().get("sl-violations") {
            return Err(format!("succeeded, but with violations:{}", violations_text(violations.as_bytes())));
        }
        let value = response.value();
        let debug = format!("{value:?}");
        if debug.contains("Unknown(") || debug.contains("Unknown {") {
            return Err(format!("decoded a value this client does not know (an `Unknown` variant): {debug}"));
        }
        let decoded = decoded(value);

        let raw = self.prism.raw(op, &self.auth.headers())?;
        let mut differences = Vec::new();
        compare(&raw["result"], &decoded.result, "result", &mut differences);
        if let Some(result_info) = &decoded.result_info {
            compare(&raw["result_info"], result_info, "result_info", &mut differences);
        }
        match differences.is_empty() {
            true => Ok(()),
            false => Err(format!("the decoded value differs from the body:\n    {}", differences.join("\n    "))),
        }
    }

    /// A call that Prism must refuse with `status` and a violation whose location starts
    /// with `request` and then `location`.
    fn expect_refusal<T: Debug>(&mut self, name: &str, result: Result<T, Error>, status: u16, location: &str) {
        let failure = match result {
            Ok(value) => Some(format!("Prism accepted it and answered {value:?}")),
            Err(Error::Api(err)) => {
                let violations = err.headers().get("sl-violations").map(|v| v.as_bytes().to_vec()).unwrap_or_default();
                let parsed: Vec<Value> = serde_json::from_slice(&violations).unwrap_or_default();
                let located = parsed.iter().any(|violation| {
                    violation["location"][0] == "request"
                        && (violation["location"][1] == location || violation["message"].to_string().contains(location))
                });
                match (err.status().as_u16() == status, located) {
                    (true, true) => None,
                    _ => Some(format!(
                        "expected {status} with a violation of the request's {location}, got {}: {}",
                        err.status(),
                        violations_text(&violations)
                    )),
                }
            }
            Err(err) => Some(format!("expected {status} from Prism, got: {}", describe(&err))),
        };
        self.outcomes.push(Outcome { name: format!("control: {name}"), failure });
    }

    fn failures(&self) -> Vec<String> {
        self.outcomes
            .iter()
            .filter_map(|outcome| outcome.failure.as_ref().map(|failure| format!("{}\n  {failure}", outcome.name)))
            .collect()
    }

    fn print(&self, elapsed: Duration) {
        for outcome in &self.outcomes {
            let mark = if outcome.failure.is_some() { "FAIL" } else { "ok  " };
            println!("{mark} {}", outcome.name);
        }
        let failed = self.outcomes.iter().filter(|outcome| outcome.failure.is_some()).count();
        println!(
            "{} checks of {} operations through Prism in {:.1?}: {} passed, {failed} failed",
            self.outcomes.len(),
            self.covered.len(),
            elapsed,
            self.outcomes.len() - failed
        );
    }
}

/// Every difference between a response body's `raw` JSON and what the client decoded from it,
/// serialised again: a field or item the client dropped, or a value it changed. A `null` the
/// client leaves out is no difference, and numbers compare by value (`2` and `2.0` are equal).
fn compare(raw: &Value, decoded: &Value, at: &str, differences: &mut Vec<String>) {
    match (raw, decoded) {
        (Value::Null, _) => {}
        (Value::Object(raw), Value::Object(decoded)) => {
            for (key, raw) in raw {
                match decoded.get(key) {
                    Some(decoded) => compare(raw, decoded, &format!("{at}.{key}"), differences),
                    None if raw.is_null() => {}
                    None => differences.push(format!("{at}.{key}: dropped (the body has {raw})")),
                }
            }
        }
        (Value::Array(raw), Value::Array(decoded)) if raw.len() == decoded.len() => {
            for (i, (raw, decoded)) in raw.iter().zip(decoded).enumerate() {
                compare(raw, decoded, &format!("{at}[{i}]"), differences);
            }
        }
        (Value::Number(raw), Value::Number(decoded)) if raw.as_f64() == decoded.as_f64() => {}
        (raw, decoded) if raw == decoded => {}
        (raw, decoded) => differences.push(format!("{at}: the body has {raw}, the client decoded {decoded}")),
    }
}

/// The comparison can fail: it names a dropped field, a changed value and a missing item, and
/// lets a dropped `null` and `2` for `2.0` pass.
#[test]
fn compare_names_what_the_client_lost() {
    let raw = json!({"id": "a", "count": 2, "gone": true, "none": null, "rules": [{"ip": {"ip": "1.1.1.1"}}, {}]});
    let decoded = json!({"id": "b", "count": 2.0, "rules": [{"ip": {}}]});
    let mut differences = Vec::new();
    compare(&raw, &decoded, "result", &mut differences);
    assert_eq!(
        differences,
        [
            "result.gone: dropped (the body has true)".to_owned(),
            r#"result.id: the body has "a", the client decoded "b""#.to_owned(),
            r#"result.rules: the body has [{"ip":{"ip":"1.1.1.1"}},{}], the client decoded [{"ip":{}}]"#.to_owned(),
        ]
    );
    differences.clear();
    compare(&json!([{"ip": {"ip": "1.1.1.1"}}]), &json!([{"ip": {}}]), "result", &mut differences);
    assert_eq!(differences, [r#"result[0].ip.ip: dropped (the body has "1.1.1.1")"#]);
}

/// An error of the client, with Prism's violations when it sent some.
fn describe(err: &Error) -> String {
    let mut text = err.to_string();
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        text = format!("{text}: {cause}");
        source = cause.source();
    }
    let headers = match err {
        Error::Api(err) => Some(err.headers()),
        Error::Decode(err) => {
            text = format!("{text}\n  body: {}", err.excerpt());
            Some(err.headers())
        }
        _ => None,
    };
    if let Some(violations) = headers.and_then(|headers| headers.get("sl-violations")) {
        text = format!("{text}\n  Prism's violations:{}", violations_text(violations.as_bytes()));
    }
    text
}

/// Prism's `sl-violations` header, one violation a line: `[Error] request.body.name: message (code)`.
fn violations_text(header: &[u8]) -> String {
    let Ok(violations) = serde_json::from_slice::<Vec<Value>>(header) else {
        return String::from_utf8_lossy(header).into_owned();
    };
    violations
        .iter()
        .map(|violation| {
            let location = violation["location"]
                .as_array()
                .map(|parts| parts.iter().map(|part| part.as_str().map_or(part.to_string(), str::to_owned)))
                .map(|parts| parts.collect::<Vec<_>>().join("."))
                .unwrap_or_default();
            let severity = violation["severity"].as_str().unwrap_or("?");
            let message = violation["message"].as_str().unwrap_or("?");
            format!("\n    [{severity}] {location}: {message} ({})", violation["code"])
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// The reference

/// What this test reads from the published description.
struct Reference {
    document: Value,
    /// Every operation, as `METHOD /template`.
    operations: BTreeSet<String>,
}

impl Reference {
    fn load() -> Self {
        let path = crate_dir().join(REFERENCE);
        let text = std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("{}: {err}", path.display()));
        let document: Value = serde_json::from_str(&text).unwrap_or_else(|err| panic!("{}: {err}", path.display()));
        let mut operations = BTreeSet::new();
        for (template, item) in document["paths"].as_object().expect("`paths` in the reference") {
            for method in item.as_object().expect("a path item").keys() {
                if ["get", "put", "post", "delete", "patch", "head", "options", "trace"].contains(&method.as_str()) {
                    operations.insert(format!("{} {template}", method.to_uppercase()));
                }
            }
        }
        Self { document, operations }
    }

    /// The one success status the reference documents for an operation.
    fn success_status(&self, method: &str, template: &str) -> Option<u16> {
        let responses = self.document["paths"][template][method.to_lowercase()]["responses"].as_object()?;
        responses.keys().filter_map(|status| status.parse::<u16>().ok()).find(|status| (200..300).contains(status))
    }
}

fn crate_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

// ---------------------------------------------------------------------------------------------
// Prism

/// A Prism mock server of the reference, on a free loopback port; killed when dropped.
struct Prism {
    child: Child,
    addr: SocketAddr,
    /// Prism's standard output and error: its request log and start-up errors.
    log: PathBuf,
}

impl Prism {
    fn start() -> Self {
        let bin = crate_dir().join(PRISM_DIR).join("node_modules/.bin/prism");
        install(&bin);
        let port = free_port();
        let addr = SocketAddr::from(([127, 0, 0, 1], port));
        let log = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("prism-{port}.log"));
        let out = File::create(&log).unwrap_or_else(|err| panic!("{}: {err}", log.display()));
        let err = out.try_clone().expect("a second handle of the log");
        let child = Command::new(&bin)
            .args(["mock", "--host", "127.0.0.1", "--port", &port.to_string(), "--errors"])
            .arg(crate_dir().join(REFERENCE))
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err)
            .spawn()
            .unwrap_or_else(|err| panic!("could not start {}: {err}", bin.display()));
        // From here on the guard kills Prism, whatever happens.
        let mut prism = Self { child, addr, log };
        prism.wait_until_listening();
        prism
    }

    fn wait_until_listening(&mut self) {
        let deadline = Instant::now() + START_TIMEOUT;
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("Prism exited before it listened on {} ({status}); its output:\n{}", self.addr, self.output());
            }
            if TcpStream::connect_timeout(&self.addr, Duration::from_millis(200)).is_ok() {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "Prism did not listen on {} within {START_TIMEOUT:?}; its output:\n{}",
                self.addr,
                self.output()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn output(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_else(|err| format!("({}: {err})", self.log.display()))
    }

    /// Sends `op`'s request without the client, for the body Prism answers with: a tiny
    /// HTTP/1.1 exchange, the connection closed after one response.
    fn raw(&self, op: &Op, auth: &[(&str, String)]) -> Result<Value, String> {
        let fail = |what: String| format!("the raw {} {} failed: {what}", op.method, op.path);
        let body = op.body.as_ref().map(Value::to_string).unwrap_or_default();
        let mut request =
            format!("{} {} HTTP/1.1\r\nHost: {}\r\nAccept: application/json\r\n", op.method, op.path, self.addr);
        for (name, value) in auth {
            request += &format!("{name}: {value}\r\n");
        }
        if op.body.is_some() {
            request += "Content-Type: application/json\r\n";
        }
        request += &format!("Content-Length: {}\r\nConnection: close\r\n\r\n{body}", body.len());

        let mut stream = TcpStream::connect(self.addr).map_err(|err| fail(err.to_string()))?;
        stream.set_read_timeout(Some(Duration::from_secs(20))).map_err(|err| fail(err.to_string()))?;
        stream.write_all(request.as_bytes()).map_err(|err| fail(err.to_string()))?;
        let mut response = Vec::new();
        stream.read_to_end(&mut response).map_err(|err| fail(err.to_string()))?;

        let response = String::from_utf8_lossy(&response);
        let (head, body) =
            response.split_once("\r\n\r\n").ok_or_else(|| fail(format!("no header end in {response:?}")))?;
        let status = head.split(' ').nth(1).unwrap_or_default();
        if !status.starts_with('2') {
            return Err(fail(format!("answered {head}\n{body}")));
        }
        if head.to_ascii_lowercase().contains("transfer-encoding: chunked") {
            return Err(fail("a chunked body, which this reader does not decode".to_owned()));
        }
        serde_json::from_str(body).map_err(|err| fail(format!("its body is not JSON ({err}): {body}")))
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        // The log is kept when the test fails, to read what Prism said.
        if std::thread::panicking() {
            eprintln!("Prism's log: {}", self.log.display());
        } else {
            let _ = std::fs::remove_file(&self.log);
        }
    }
}

/// A port that was free a moment ago.
fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free loopback port");
    listener.local_addr().expect("a bound address").port()
}

/// Installs Prism with `npm ci` from the committed lock file when `bin` is missing; once per
/// test binary (only this one uses it).
fn install(bin: &Path) {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        if bin.exists() {
            return;
        }
        let dir = crate_dir().join(PRISM_DIR);
        let how = format!(
            "Prism is not installed ({} is missing), and this test installs it with npm.\n\
             Install Node.js 20 and npm (on Debian: `apt-get install nodejs npm`), then run the \
             tests again: they run `npm ci --prefix tests/prism` themselves.",
            bin.display()
        );
        match Command::new("npm").arg("--version").output() {
            Ok(output) if output.status.success() => {}
            Ok(output) => panic!("{how}\n`npm --version` failed: {}", String::from_utf8_lossy(&output.stderr)),
            Err(err) => panic!("{how}\n`npm` could not be run: {err}"),
        }
        eprintln!("installing Prism: npm ci --prefix {}", dir.display());
        let started = Instant::now();
        let output = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--prefix"])
            .arg(&dir)
            .stdin(Stdio::null())
            .output()
            .unwrap_or_else(|err| panic!("{how}\n`npm ci` could not be run: {err}"));
        assert!(
            output.status.success() && bin.exists(),
            "`npm ci --prefix {}` failed ({}):\n{}\n{}",
            dir.display(),
            output.status,
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        eprintln!("installed Prism in {:.1?}", started.elapsed());
    });
}
