//! Responses survive a server that changes: new union kinds, new enum values and new fields
//! are kept or ignored, dropped fields are `None`, extra keys beside a union's kind are
//! skipped. Requests stay strict: a body's required fields are plain values the compiler makes
//! the caller give, down to the rules inside it (`AccessRuleParam`).

use cloudflare_zero_trust::types::{
    AccessGroup, AccessRule, AccessRuleParam, AccountsOrZones, CloudflareAccountMemberRuleParam, EmailRule,
    EmailRuleParam, GithubOrganizationRuleParam, GroupBody, GroupRuleParam, IntegrationType, MfaAuthenticator,
    Organization, RiskLevel, RiskScoreIntegration, UserRiskScoreRule,
};
use cloudflare_zero_trust::Error;
use serde_json::{json, Value};
use zt_tests::e2e::{envelope, parse, Api, Auth, ACCOUNT_ID};

const GROUP_ID: &str = "aa0a4aab-672b-4bdb-bc33-a59f1130a11f";
const INTEGRATION_ID: &str = "182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e";

/// A rule of a kind this client does not know (yet).
fn unknown_rule_json() -> Value {
    json!({ "device_trust_level": { "minimum": "high", "integration_uid": "7d3a9b6e", "grace_minutes": 15 } })
}

/// Serves `result` as the answer to getting the account's group [`GROUP_ID`], and gets it.
async fn get_group(result: Value) -> Result<AccessGroup, Error> {
    let api = Api::start(Auth::ApiToken).await;
    let path = format!("/accounts/{ACCOUNT_ID}/access/groups/{GROUP_ID}");
    api.answer("GET", &path, 200, envelope(result)).await;
    api.client.zero_trust().access().groups().get(AccountsOrZones::Accounts, ACCOUNT_ID, GROUP_ID).await
}

/// Serves `result` as the answer to getting the integration [`INTEGRATION_ID`], and gets it.
async fn get_integration(result: Value) -> Result<RiskScoreIntegration, Error> {
    let api = Api::start(Auth::ApiToken).await;
    let path = format!("/accounts/{ACCOUNT_ID}/zt_risk_scoring/integrations/{INTEGRATION_ID}");
    api.answer("GET", &path, 200, envelope(result)).await;
    api.client.zero_trust().risk_scoring().integrations().get(ACCOUNT_ID, INTEGRATION_ID).await
}

#[tokio::test]
async fn an_unknown_rule_kind_is_kept_with_its_key_and_value() -> Result<(), Error> {
    let include = json!([{ "email": { "email": "jdoe@example.com" } }, unknown_rule_json()]);
    let group = get_group(json!({ "id": GROUP_ID, "include": include })).await?;

    let rules = group.include.as_deref().expect("include");
    assert_eq!(rules[0], AccessRule::Email(EmailRule { email: Some("jdoe@example.com".to_owned()) }));
    let AccessRule::Unknown { key, value } = &rules[1] else { panic!("not kept as Unknown: {:?}", rules[1]) };
    assert_eq!(key, "device_trust_level");
    assert_eq!(value, &unknown_rule_json()["device_trust_level"]);
    assert_eq!(rules[1].key(), "device_trust_level");
    // Serialised back, it is the JSON the server sent: the group can be written back unchanged.
    assert_eq!(serde_json::to_value(&rules[1]).expect("serialisable"), unknown_rule_json());
    assert_eq!(serde_json::to_value(rules).expect("serialisable"), include);
    Ok(())
}

/// Issue 8, defect 6: the published `anyOf` branches allow extra properties beside the kind.
#[tokio::test]
async fn a_rule_with_an_extra_key_decodes_as_its_known_kind() -> Result<(), Error> {
    let oidc = json!({ "claim_name": "groups", "claim_value": "devs", "identity_provider_id": "idp" });
    let include = json!([
        { "oidc": oidc, "extra": 1 },
        { "extra": { "nested": [1, 2] }, "email": { "email": "jdoe@example.com" } },
    ]);
    let group = get_group(json!({ "id": GROUP_ID, "include": include })).await?;

    let rules = group.include.expect("include");
    let AccessRule::Oidc(claim) = &rules[0] else { panic!("not decoded as oidc: {:?}", rules[0]) };
    assert_eq!(claim.claim_value.as_deref(), Some("devs"));
    assert_eq!(rules[1], AccessRule::email("jdoe@example.com"));
    Ok(())
}

#[test]
fn a_rule_with_only_unknown_keys_keeps_the_first() {
    let rule: AccessRule = serde_json::from_str(r#"{"future": {"a": 1}, "later": 2}"#).expect("a rule");
    assert_eq!(rule, AccessRule::Unknown { key: "future".into(), value: json!({ "a": 1 }) });
    assert!(serde_json::from_str::<AccessRule>("{}").is_err(), "an object with no kind at all is not a rule");
}

/// A known kind whose value does not fit it is kept as sent, like a kind the client does not know.
#[test]
fn a_known_kind_with_a_malformed_value_is_kept_as_unknown() {
    let sent = json!({ "email": { "email": ["not", "a", "string"] } });
    for rule in [
        serde_json::from_value::<AccessRule>(sent.clone()).expect("from a value"),
        serde_json::from_str::<AccessRule>(&sent.to_string()).expect("from text"),
    ] {
        assert_eq!(rule, AccessRule::Unknown { key: "email".into(), value: sent["email"].clone() });
        assert_eq!(rule.key(), "email");
        assert_eq!(serde_json::to_value(&rule).expect("serialisable"), sent);
    }
    let not_an_object = json!({ "everyone": true });
    let rule: AccessRule = serde_json::from_value(not_an_object.clone()).expect("a rule");
    assert_eq!(serde_json::to_value(&rule).expect("serialisable"), not_an_object);
}

/// Request rules are strict: read back from JSON they refuse what the API would refuse.
#[test]
fn request_rules_refuse_unknown_kinds_missing_fields_and_extra_keys() {
    let refused = [
        (unknown_rule_json(), "unknown variant `device_trust_level`"),
        (json!({ "group": {} }), "missing field `id`"),
        (json!({ "email": { "email": "a@b.c" }, "extra": 1 }), "found `email` and `extra`"),
        (json!({}), "exactly one key"),
    ];
    for (wire, reason) in refused {
        let err = serde_json::from_value::<AccessRuleParam>(wire.clone()).expect_err("refused");
        assert!(err.to_string().contains(reason), "{wire}: {err}");
    }
    let rule: AccessRuleParam = serde_json::from_value(json!({ "group": { "id": GROUP_ID } })).expect("a whole rule");
    assert_eq!(rule, AccessRuleParam::Group(GroupRuleParam { id: GROUP_ID.to_owned() }));
}

/// A path-only enum is a value the caller picks: `Copy`, with no `Unknown`.
#[test]
fn path_only_enums_are_plain_copy_values() {
    fn copy<T: Copy>(value: T) -> (T, T) {
        (value, value)
    }
    let (scope, again) = copy(AccountsOrZones::Zones);
    assert_eq!((scope.as_str(), again.to_string()), ("zones", "zones".to_owned()));
    assert_eq!(AccountsOrZones::ALL, [AccountsOrZones::Accounts, AccountsOrZones::Zones]);
    let err = serde_json::from_value::<AccountsOrZones>(json!("users")).expect_err("not a scope");
    assert!(err.to_string().contains("unknown variant `users`, expected `accounts` or `zones`"), "{err}");
}

#[tokio::test]
async fn an_unknown_enum_value_is_kept_as_sent() -> Result<(), Error> {
    let integration = get_integration(json!({ "id": INTEGRATION_ID, "integration_type": "AzureAD" })).await?;

    let kind = integration.integration_type.expect("integration_type");
    assert_eq!(kind, IntegrationType::Unknown("AzureAD".to_owned()));
    assert_eq!(kind.as_str(), "AzureAD");
    assert_eq!(serde_json::to_value(&kind).expect("serialisable"), json!("AzureAD"));
    Ok(())
}

#[test]
fn unknown_enum_values_inside_lists_are_kept_beside_known_ones() {
    let rule: AccessRule =
        serde_json::from_value(json!({ "user_risk_score": { "user_risk_score": ["low", "critical"] } }))
            .expect("a rule");
    let expected =
        UserRiskScoreRule { user_risk_score: Some(vec![RiskLevel::Low, RiskLevel::Unknown("critical".into())]) };
    assert_eq!(rule, AccessRule::UserRiskScore(expected));

    let org: Organization =
        serde_json::from_value(json!({ "mfa_config": { "allowed_authenticators": ["totp", "passkey"] } }))
            .expect("an organization");
    let allowed = org.mfa_config.and_then(|mfa| mfa.allowed_authenticators);
    assert_eq!(allowed, Some(vec![MfaAuthenticator::Totp, MfaAuthenticator::Unknown("passkey".into())]));
}

#[tokio::test]
async fn an_unknown_field_is_ignored() -> Result<(), Error> {
    let known = json!({ "id": INTEGRATION_ID, "active": true, "tenant_url": "https://acme.okta.com" });
    let mut with_extra = known.clone();
    with_extra["risk_thresholds"] = json!({ "high": 80, "medium": [40, 79] });
    with_extra["beta"] = json!(true);

    let integration = get_integration(with_extra).await?;

    let expected: RiskScoreIntegration = serde_json::from_value(known.clone()).expect("an integration");
    assert_eq!(integration, expected);
    assert_eq!(integration.active, Some(true));
    assert_eq!(serde_json::to_value(&integration).expect("serialisable"), known, "nothing unknown is kept");
    Ok(())
}

#[tokio::test]
async fn a_missing_or_null_field_is_none() -> Result<(), Error> {
    // `account_tag`, `created_at`, `reference_id`, ... are documented as always present.
    let integration = get_integration(json!({ "id": INTEGRATION_ID, "well_known_url": null })).await?;

    assert_eq!(integration.id, Some(parse(INTEGRATION_ID)));
    assert_eq!(integration.account_tag, None);
    assert_eq!(integration.created_at, None);
    assert_eq!(integration.integration_type, None);
    assert_eq!(integration.well_known_url, None);
    assert_eq!(
        integration,
        RiskScoreIntegration { id: Some(parse(INTEGRATION_ID)), ..RiskScoreIntegration::default() }
    );
    Ok(())
}

#[tokio::test]
async fn an_empty_object_decodes_to_all_none() -> Result<(), Error> {
    assert_eq!(get_group(json!({})).await?, AccessGroup::default());
    Ok(())
}

#[tokio::test]
async fn is_default_is_a_list_of_rules_in_responses_and_a_boolean_in_requests() -> Result<(), Error> {
    let group = get_group(json!({ "id": GROUP_ID, "is_default": [{ "everyone": {} }, { "certificate": {} }] })).await?;
    let kinds: Vec<&str> = group.is_default.iter().flatten().map(AccessRule::key).collect();
    assert_eq!(kinds, ["everyone", "certificate"]);

    let body = GroupBody { is_default: Some(true), ..GroupBody::new(Vec::new(), "Default") };
    assert_eq!(
        serde_json::to_value(&body).expect("serialisable"),
        json!({ "name": "Default", "include": [], "is_default": true })
    );
    Ok(())
}

#[test]
fn request_bodies_are_strict() {
    // Required fields are plain values: the compiler demands them, in `new` and in a literal,
    // down to the rules (`AccessRuleParam`, not the response's lenient `AccessRule`).
    let include = vec![AccessRuleParam::Email(EmailRuleParam { email: "jdoe@example.com".into() })];
    let body = GroupBody::new(include, "Allow devs");
    let (_, _): (&Vec<AccessRuleParam>, &String) = (&body.include, &body.name);
    assert_eq!((body.exclude, body.is_default, body.require), (None, None, None));

    // Read back (e.g. from a config file), a body without a required field is refused,
    // unlike a response type.
    let missing_name = serde_json::from_value::<GroupBody>(json!({ "include": [] })).expect_err("`name` is required");
    assert!(missing_name.to_string().contains("missing field `name`"), "{missing_name}");
    let lenient: AccessGroup = serde_json::from_value(json!({ "include": [] })).expect("response types are lenient");
    assert_eq!(lenient.name, None);
    // A request `is_default` is a boolean; the response's list of rules is refused.
    let wrong_shape = json!({ "include": [], "name": "x", "is_default": [{ "everyone": {} }] });
    assert!(serde_json::from_value::<GroupBody>(wrong_shape).is_err());
}

/// The union's constructors take exactly the fields a kind requires, so a rule built with
/// them is whole, even with the response's lenient payloads.
#[test]
fn rule_constructors_take_every_required_field() {
    let rules = vec![
        AccessRule::email("a@example.com"),
        AccessRule::everyone(),
        AccessRule::github_organization("ea85612a-29c8-46c2-bacb-669d65136971", "cloudflare"),
        AccessRule::user_risk_score(vec![RiskLevel::High]),
    ];
    assert_eq!(
        serde_json::to_value(&rules).expect("rules serialise"),
        json!([
            { "email": { "email": "a@example.com" } },
            { "everyone": {} },
            { "github-organization": { "identity_provider_id": "ea85612a-29c8-46c2-bacb-669d65136971", "name": "cloudflare" } },
            { "user_risk_score": { "user_risk_score": ["high"] } },
        ])
    );
}

/// Optional fields of a request kind are set without a struct literal.
#[test]
fn request_kinds_set_optional_fields_with_builders() {
    let idp = "ea85612a-29c8-46c2-bacb-669d65136971";
    let rules = vec![
        AccessRuleParam::github_organization(idp, "cloudflare"),
        AccessRuleParam::GithubOrganization(GithubOrganizationRuleParam::new(idp, "cloudflare").with_team("api")),
        AccessRuleParam::CloudflareAccountMember(
            CloudflareAccountMemberRuleParam::default().with_account_id(ACCOUNT_ID),
        ),
    ];
    assert_eq!(
        serde_json::to_value(&rules).expect("rules serialise"),
        json!([
            { "github-organization": { "identity_provider_id": idp, "name": "cloudflare" } },
            { "github-organization": { "identity_provider_id": idp, "name": "cloudflare", "team": "api" } },
            { "cloudflare_account_member": { "account_id": ACCOUNT_ID } },
        ])
    );
}
