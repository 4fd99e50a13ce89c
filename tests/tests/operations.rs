//! Every operation of `spec/`, end to end: the generated client sends a real HTTP request to a
//! local server, and each test checks what went over the wire (method, path, credentials,
//! query, JSON body) and what came back (the decoded, typed result).
//!
//! The server answers with the success status the spec documents and a response built from
//! the reference's schemas and examples. `Api::answer` mounts one mock that must be hit exactly
//! once; `Api::sent` checks the method, path and credential headers of that one request.

use cloudflare_zero_trust::resources::zero_trust::access::{groups, users};
use cloudflare_zero_trust::resources::zero_trust::organizations::RevokeUsersParams;
use cloudflare_zero_trust::types::{
    AccessGroup, AccessRule, AccessRuleParam, AccessUser, AccountsOrZones, ActiveSession, ActiveSessionApp, ActiveSessionIdentity,
    ActiveSessionMetadata, AuthMethodRule, CountryRule, CreateIntegrationBody, CreateOrganizationBody, CreateUserBody,
    CustomPages, DeletedGroup, DevicePostureCheck, DevicePostureResult, DeviceSession, DohSettings, EmailDomainRule,
    EmailRule, Empty, EveryoneRule, FailedLogin, Geo, GroupBody, Idp, IntegrationType, LastSeenIdentity, LoginDesign,
    MfaAuthenticator, MfaConfig, MfaConfigParam, MfaPivKeyRequirements, MfaPivKeyRequirementsParam, MtlsAuth, Organization, PinPolicy, ResultInfo, RevokeUserBody,
    RiskLevel, RiskScoreIntegration, SshKeySize, SshKeyType, TouchPolicy, UpdateDohSettingsBody, UpdateIntegrationBody,
    UpdateOrganizationBody, UpdateUserBody,
};
use cloudflare_zero_trust::Error;
use serde_json::{json, Value};
use zt_tests::e2e::{envelope, paged, parse, Api, Auth, ACCOUNT_ID, ZONE_ID};

type Outcome = Result<(), Error>;

const INTEGRATION_ID: &str = "182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e";
const OKTA_IDP_ID: &str = "0ad8a4b5-4a0f-4d0c-9b6b-2d3a3c6c9a01";
const USER_ID: &str = "f174e90a-fafe-4643-bbbc-4a0ed4fc8415";
const GROUP_ID: &str = "aa0a4aab-672b-4bdb-bc33-a59f1130a11f";
const NONCE: &str = "X1aXj1lFVcqqyoXF";
const APP_UID: &str = "cc2a8145-0128-4429-87f3-872c4d380c4e";
const POSTURE_RULE_ID: &str = "ea85612a-29c8-46c2-bacb-669d65136971";
const DEVICE_ID: &str = "3b6e3f0e-0a1d-4c59-8a5e-7f2b0b5c1d2e";

fn users_path(rest: &str) -> String {
    format!("/accounts/{ACCOUNT_ID}/access/users{rest}")
}

fn integrations_path(rest: &str) -> String {
    format!("/accounts/{ACCOUNT_ID}/zt_risk_scoring/integrations{rest}")
}

// ---------------------------------------------------------------------------------------------
// Risk scoring integrations
// ---------------------------------------------------------------------------------------------

fn integration_json(id: &str, active: bool) -> Value {
    json!({
        "id": id,
        "account_tag": ACCOUNT_ID,
        "active": active,
        "created_at": "2024-05-14T09:31:02.417Z",
        "integration_type": "Okta",
        "reference_id": OKTA_IDP_ID,
        "tenant_url": "https://acme.okta.com",
        "well_known_url": format!("/.well-known/sse-configuration/{id}/"),
    })
}

fn integration(id: &str, active: bool) -> RiskScoreIntegration {
    RiskScoreIntegration {
        account_tag: Some(ACCOUNT_ID.to_owned()),
        active: Some(active),
        created_at: Some(parse("2024-05-14T09:31:02.417Z")),
        id: Some(parse(id)),
        integration_type: Some(IntegrationType::Okta),
        reference_id: Some(OKTA_IDP_ID.to_owned()),
        tenant_url: Some("https://acme.okta.com".to_owned()),
        well_known_url: Some(format!("/.well-known/sse-configuration/{id}/")),
    }
}

#[tokio::test]
async fn risk_scoring_integrations_create_sends_an_explicit_null_reference_id() -> Outcome {
    let api = Api::start(Auth::ApiToken).await;
    api.answer("POST", &integrations_path(""), 200, envelope(integration_json(INTEGRATION_ID, true))).await;
    let mut body = CreateIntegrationBody::new(IntegrationType::Okta, "https://acme.okta.com");
    body.reference_id = Some(None);

    let created = api.client.zero_trust().risk_scoring().integrations().create(ACCOUNT_ID, &body).await?;

    let sent = api.sent().await;
    sent.assert_query(&[]);
    sent.assert_json(json!({
        "integration_type": "Okta",
        "reference_id": null,
        "tenant_url": "https://acme.okta.com",
    }));
    assert_eq!(created, integration(INTEGRATION_ID, true));
    // Typed, not strings: a real instant and a real UUIDv4.
    assert_eq!(created.created_at.expect("created_at").as_millisecond(), 1_715_679_062_417);
    assert_eq!(created.id.expect("id").get_version_num(), 4);
    Ok(())
}

#[tokio::test]
async fn risk_scoring_integrations_list() -> Outcome {
    let other = "5c0a8f5d-3a3e-4f61-9a3b-4b7cf0a6e1d2";
    let api = Api::start(Auth::ApiKey).await;
    let result = json!([integration_json(INTEGRATION_ID, true), integration_json(other, false)]);
    api.answer("GET", &integrations_path(""), 200, envelope(result)).await;

    let all = api.client.zero_trust().risk_scoring().integrations().list(ACCOUNT_ID).await?;

    let sent = api.sent().await;
    sent.assert_query(&[]);
    sent.assert_no_body();
    assert_eq!(all, vec![integration(INTEGRATION_ID, true), integration(other, false)]);
    Ok(())
}

#[tokio::test]
async fn risk_scoring_integrations_get() -> Outcome {
    let api = Api::start(Auth::ApiToken).await;
    let path = integrations_path(&format!("/{INTEGRATION_ID}"));
    api.answer("GET", &path, 200, envelope(integration_json(INTEGRATION_ID, true))).await;

    let found = api.client.zero_trust().risk_scoring().integrations().get(ACCOUNT_ID, INTEGRATION_ID).await?;

    let sent = api.sent().await;
    sent.assert_query(&[]);
    sent.assert_no_body();
    assert_eq!(found, integration(INTEGRATION_ID, true));
    Ok(())
}

#[tokio::test]
async fn risk_scoring_integrations_update_sends_a_set_reference_id() -> Outcome {
    let api = Api::start(Auth::ApiToken).await;
    let path = integrations_path(&format!("/{INTEGRATION_ID}"));
    api.answer("PUT", &path, 200, envelope(integration_json(INTEGRATION_ID, false))).await;
    let mut body = UpdateIntegrationBody::new(false, "https://acme.okta.com");
    body.reference_id = Some(Some(OKTA_IDP_ID.to_owned()));

    let updated =
        api.client.zero_trust().risk_scoring().integrations().update(ACCOUNT_ID, INTEGRATION_ID, &body).await?;

    let sent = api.sent().await;
    sent.assert_query(&[]);
    sent.assert_json(json!({
        "active": false,
        "reference_id": OKTA_IDP_ID,
        "tenant_url": "https://acme.okta.com",
    }));
    assert_eq!(updated, integration(INTEGRATION_ID, false));
    Ok(())
}

#[tokio::test]
async fn risk_scoring_integrations_update_leaves_out_an_unset_reference_id() -> Outcome {
    let api = Api::start(Auth::ApiToken).await;
    let path = integrations_path(&format!("/{INTEGRATION_ID}"));
    api.answer("PUT", &path, 200, envelope(integration_json(INTEGRATION_ID, true))).await;
    let body = UpdateIntegrationBody::new(true, "https://acme.okta.com");

    api.client.zero_trust().risk_scoring().integrations().update(ACCOUNT_ID, INTEGRATION_ID, &body).await?;

    api.sent().await.assert_json(json!({ "active": true, "tenant_url": "https://acme.okta.com" }));
    Ok(())
}

#[tokio::test]
async fn risk_scoring_integrations_delete() -> Outcome {
    let api = Api::start(Auth::UserServiceKey).await;
    api.answer("DELETE", &integrations_path(&format!("/{INTEGRATION_ID}")), 200, envelope(json!({}))).await;

    let deleted = api.client.zero_trust().risk_scoring().integrations().delete(ACCOUNT_ID, INTEGRATION_ID).await?;

    let sent = api.sent().await;
    sent.assert_query(&[]);
    sent.assert_no_body();
    assert_eq!(deleted, Some(Empty {}));
    Ok(())
}

#[tokio::test]
async fn risk_scoring_integrations_references_get() -> Outcome {
    let api = Api::start(Auth::ApiToken).await;
    let path = integrations_path(&format!("/reference_id/{OKTA_IDP_ID}"));
    api.answer("GET", &path, 200, envelope(integration_json(INTEGRATION_ID, true))).await;

    let found = api.client.zero_trust().risk_scoring().integrations().references().get(ACCOUNT_ID, OKTA_IDP_ID).await?;

    let sent = api.sent().await;
    sent.assert_query(&[]);
    sent.assert_no_body();
    assert_eq!(found, integration(INTEGRATION_ID, true));
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Organizations and DoH
// ---------------------------------------------------------------------------------------------

fn organization_json() -> Value {
    json!({
        "allow_authenticate_via_warp": false,
        "auth_domain": "acme.cloudflareaccess.com",
        "auto_redirect_to_identity": true,
        "created_at": "2014-01-01T05:20:00.12345Z",
        "custom_pages": {
            "forbidden": "699d98642c564d2e855e9661899b7252",
            "identity_denied": "2c4a7a3f3e1b4b0f9d8c6e5a4b3c2d1e",
        },
        "deny_unmatched_requests": true,
        "deny_unmatched_requests_exempted_zone_names": ["example.com"],
        "is_ui_read_only": false,
        "login_design": {
            "background_color": "#c5ed1b",
            "footer_text": "Acme Corp",
            "header_text": "Sign in to Acme",
            "logo_path": "https://example.com/logo.png",
            "text_color": "#222222",
        },
        "mfa_config": {
            "allowed_authenticators": ["totp", "biometrics", "security_key"],
            "amr_matching_session_duration": "12h",
            "required_aaguids": "2fc0579f-8113-47ea-b116-bb5a8db9202a",
            "session_duration": "24h",
        },
        "mfa_piv_key_requirements": {
            "pin_policy": "always",
            "require_fips_device": true,
            "ssh_key_size": [256, 2048],
            "ssh_key_type": ["ecdsa", "rsa"],
            "touch_policy": "cached",
        },
        "mfa_required_for_all_apps": false,
        "name": "Acme Internal Applications",
        "session_duration": "24h",
        "ui_read_only_toggle_reason": "Temporarily turn off the UI read only lock to make a change via the UI",
        "updated_at": "2024-02-29T23:59:59Z",
        "user_seat_expiration_inactive_time": "730h",
        "warp_auth_non_browser_401": false,
        "warp_auth_session_duration": "24h",
    })
}

fn organization() -> Organization {
    Organization {
        allow_authenticate_via_warp: Some(false),
        auth_domain: Some("acme.cloudflareaccess.com".to_owned()),
        auto_redirect_to_identity: Some(true),
        created_at: Some(parse("2014-01-01T05:20:00.12345Z")),
        custom_pages: Some(CustomPages {
            forbidden: Some("699d98642c564d2e855e9661899b7252".to_owned()),
            identity_denied: Some("2c4a7a3f3e1b4b0f9d8c6e5a4b3c2d1e".to_owned()),
        }),
        deny_unmatched_requests: Some(true),
        deny_unmatched_requests_exempted_zone_names: Some(vec!["example.com".to_owned()]),
        is_ui_read_only: Some(false),
        login_design: Some(LoginDesign {
            background_color: Some("#c5ed1b".to_owned()),
            footer_text: Some("Acme Corp".to_owned()),
            header_text: Some("Sign in to Acme".to_owned()),
            logo_path: Some("https://example.com/logo.png".to_owned()),
            text_color: Some("#222222".to_owned()),
        }),
        mfa_config: Some(MfaConfig {
            allowed_authenticators: Some(vec![
                MfaAuthenticator::Totp,
                MfaAuthenticator::Biometrics,
                MfaAuthenticator::SecurityKey,
            ]),
            amr_matching_session_duration: Some("12h".to_owned()),
            required_aaguids: Some(parse("2fc0579f-8113-47ea-b116-bb5a8db9202a")),
            session_duration: Some("24h".to_owned()),
        }),
        mfa_piv_key_requirements: Some(MfaPivKeyRequirements {
            pin_policy: Some(PinPolicy::Always),
            require_fips_device: Some(true),
            ssh_key_size: Some(vec![SshKeySize::Bits256, SshKeySize::Bits2048]),
            ssh_key_type: Some(vec![SshKeyType::Ecdsa, SshKeyType::Rsa]),
            touch_policy: Some(TouchPolicy::Cached),
        }),
        mfa_required_for_all_apps: Some(false),
        name: Some("Acme Internal Applications".to_owned()),
        session_duration: Some("24h".to_owned()),
        ui_read_only_toggle_reason: Some(
            "Temporarily turn off the UI read only lock to make a change via the UI".to_owned(),
        ),
        updated_at: Some(parse("2024-02-29T23:59:59Z")),
        user_seat_expiration_inactive_time: Some("730h".to_owned()),
        warp_auth_non_browser_401: Some(false),
        warp_auth_session_duration: Some("24h".to_owned()),
    }
}

#[tokio::test]
async fn organizations_list_at_account_scope() -> Outcome {
    let api = Api::start(Auth::ApiKey).await;
    let path = format!("/accounts/{ACCOUNT_ID}/access/organizations");
    api.answer("GET", &path, 200, envelope(organization_json())).await;

    let org = api.client.zero_trust().organizations().get(AccountsOrZones::Accounts, ACCOUNT_ID).await?;

    let sent = api.sent().await;
    sent.assert_query(&[]);
    sent.assert_no_body();
    assert_eq!(org, organization());
    Ok(())
}

#[tokio::test]
async fn organizations_create_at_zone_scope() -> Outcome {
    let api = Api::start(Auth::ApiToken).await;
    let path = format!("/zones/{ZONE_ID}/access/organizations");
    api.answer("POST", &path, 201, envelope(organization_json())).await;
    let mut body =
        CreateOrganizationBody::new("acme.cloudflareaccess.com", "Acme Internal Applications");
    body.session_duration = Some("24h".to_owned());
    body.mfa_config = Some(
        MfaConfigParam::default()
            .with_allowed_authenticators(vec![MfaAuthenticator::Totp, MfaAuthenticator::SecurityKey])
            .with_session_duration("12h"),
    );

    let org = api.client.zero_trust().organizations().create(AccountsOrZones::Zones, ZONE_ID, &body).await?;

    let sent = api.sent().await;
    sent.assert_query(&[]);
    sent.assert_json(json!({
        "auth_domain": "acme.cloudflareaccess.com",
        "name": "Acme Internal Applications",
        "session_duration": "24h",
        "mfa_config": { "allowed_authenticators": ["totp", "security_key"], "session_duration": "12h" },
    }));
    assert_eq!(org, organization());
    Ok(())
}

#[tokio::test]
async fn organizations_update_at_account_scope() -> Outcome {
    let api = Api::start(Auth::ApiToken).await;
    let path = format!("/accounts/{ACCOUNT_ID}/access/organizations");
    api.answer("PUT", &path, 200, envelope(organization_json())).await;
    let body = UpdateOrganizationBody {
        auto_redirect_to_identity: Some(true),
        deny_unmatched_requests: Some(true),
        deny_unmatched_requests_exempted_zone_names: Some(vec!["example.com".to_owned()]),
        mfa_piv_key_requirements: Some(MfaPivKeyRequirementsParam {
            pin_policy: Some(PinPolicy::Always),
            ssh_key_size: Some(vec![SshKeySize::Bits256, SshKeySize::Bits2048]),
            ssh_key_type: Some(vec![SshKeyType::Ecdsa, SshKeyType::Rsa]),
            touch_policy: Some(TouchPolicy::Cached),
            ..MfaPivKeyRequirementsParam::default()
        }),
        ..UpdateOrganizationBody::default()
    };

    let org = api.client.zero_trust().organizations().update(AccountsOrZones::Accounts, ACCOUNT_ID, &body).await?;

    let sent = api.sent().await;
    sent.assert_query(&[]);
    sent.assert_json(json!({
        "auto_redirect_to_identity": true,
        "deny_unmatched_requests": true,
        "deny_unmatched_requests_exempted_zone_names": ["example.com"],
        "mfa_piv_key_requirements": {
            "pin_policy": "always",
            "ssh_key_size": [256, 2048],
            "ssh_key_type": ["ecdsa", "rsa"],
            "touch_policy": "cached",
        },
    }));
    assert_eq!(org, organization());
    Ok(())
}

#[tokio::test]
async fn organizations_revoke_users_at_zone_scope() -> Outcome {
    let api = Api::start(Auth::ApiToken).await;
    let path = format!("/zones/{ZONE_ID}/access/organizations/revoke_user");
    api.answer("POST", &path, 200, envelope(json!(true))).await;
    let params = RevokeUsersParams { devices: Some(true) };
    let body = RevokeUserBody {
        devices: Some(true),
        warp_session_reauth: Some(false),
        ..RevokeUserBody::new("jdoe@example.com")
    };

    let revoked =
        api.client.zero_trust().organizations().revoke_users(AccountsOrZones::Zones, ZONE_ID, &params, &body).await?;

    let sent = api.sent().await;
    sent.assert_query(&[("devices", "true")]);
    sent.assert_json(json!({ "devices": true, "email": "jdoe@example.com", "warp_session_reauth": false }));
    assert!(revoked);
    Ok(())
}

fn doh_json() -> Value {
    json!({
        "id": "f174e90a-fafe-4643-bbbc-4a0ed4fc8415",
        "name": "DoH token",
        "client_id": "88bf3b6d86161464f6509f7219099e57.access.example.com",
        "created_at": "2024-01-10T08:00:00Z",
        "updated_at": "2024-03-01T12:30:00.5Z",
        "expires_at": "2025-01-10T08:00:00Z",
        "last_seen_at": "2024-03-02T07:15:42Z",
        "duration": "8760h",
        "enabled": true,
        "doh_jwt_duration": "800h",
    })
}

fn doh() -> DohSettings {
    DohSettings {
        client_id: Some("88bf3b6d86161464f6509f7219099e57.access.example.com".to_owned()),
        created_at: Some(parse("2024-01-10T08:00:00Z")),
        duration: Some("8760h".to_owned()),
        enabled: Some(true),
        expires_at: Some(parse("2025-01-10T08:00:00Z")),
        id: Some("f174e90a-fafe-4643-bbbc-4a0ed4fc8415".to_owned()),
        last_seen_at: Some(parse("2024-03-02T07:15:42Z")),
        name: Some("DoH token".to_owned()),
        updated_at: Some(parse("2024-03-01T12:30:00.5Z")),
        doh_jwt_duration: Some("800h".to_owned()),
    }
}

#[tokio::test]
async fn organizations_doh_get() -> Outcome {
    let api = Api::start(Auth::ApiToken).await;
    api.answer("GET", &format!("/accounts/{ACCOUNT_ID}/access/organizations/doh"), 200, envelope(doh_json())).await;

    let settings = api.client.zero_trust().organizations().doh().get(ACCOUNT_ID).await?;

    let sent = api.sent().await;
    sent.assert_query(&[]);
    sent.assert_no_body();
    assert_eq!(settings, doh());
    Ok(())
}

#[tokio::test]
async fn organizations_doh_update() -> Outcome {
    let api = Api::start(Auth::ApiKey).await;
    api.answer("PUT", &format!("/accounts/{ACCOUNT_ID}/access/organizations/doh"), 201, envelope(doh_json())).await;
    let body = UpdateDohSettingsBody {
        doh_jwt_duration: Some("800h".to_owned()),
        service_token_id: Some("f174e90a-fafe-4643-bbbc-4a0ed4fc8415".to_owned()),
    };

    let settings = api.client.zero_trust().organizations().doh().update(ACCOUNT_ID, &body).await?;

    let sent = api.sent().await;
    sent.assert_query(&[]);
    sent.assert_json(json!({
        "doh_jwt_duration": "800h",
        "service_token_id": "f174e90a-fafe-4643-bbbc-4a0ed4fc8415",
    }));
    assert_eq!(settings, doh());
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Access users
// ---------------------------------------------------------------------------------------------

fn user_json(id: &str, name: &str, email: &str) -> Value {
    json!({
        "id": id,
        "access_seat": false,
        "active_device_count": 2,
        "created_at": "2014-01-01T05:20:00.12345Z",
        "email": email,
        "gateway_seat": true,
        "last_successful_login": "2020-07-01T05:20:00Z",
        "name": name,
        "seat_uid": "b7d6f4a2c9e14d3b8a5f0e1c2d3b4a59",
        "uid": "4e1a2b3c4d5e6f708192a3b4c5d6e7f8",
        "updated_at": "2024-02-01T10:00:00Z",
    })
}

fn user(id: &str, name: &str, email: &str) -> AccessUser {
    AccessUser {
        access_seat: Some(false),
        active_device_count: Some(2.0),
        created_at: Some(parse("2014-01-01T05:20:00.12345Z")),
        email: Some(email.to_owned()),
        gateway_seat: Some(true),
        id: Some(id.to_owned()),
        last_successful_login: Some(parse("2020-07-01T05:20:00Z")),
        name: Some(name.to_owned()),
        seat_uid: Some("b7d6f4a2c9e14d3b8a5f0e1c2d3b4a59".to_owned()),
        uid: Some("4e1a2b3c4d5e6f708192a3b4c5d6e7f8".to_owned()),
        updated_at: Some(parse("2024-02-01T10:00:00Z")),
    }
}

fn jane() -> AccessUser {
    user(USER_ID, "Jane Doe", "jdoe@example.com")
}

#[tokio::test]
async fn users_list_sends_its_query_parameters() -> Outcome {
    let api = Api::start(Auth::ApiToken).await;
    let result_info = json!({ "page": 2, "per_page": 50, "count": 1, "total_count": 51, "total_pages": 2 });
    let body = paged(json!([user_json(USER_ID, "Jane Doe", "jdoe@example.com")]), result_info);
    api.answer("GET", &users_path(""), 200, body).await;
    let params = users::ListParams {
        name: Some("Jane Doe".to_owned()),
        email: Some("jdoe+test@example.com".to_owned()),
        search: None,
        page: Some(2),
        per_page: Some(50),
    };

    let page = api.client.zero_trust().access().users().list(ACCOUNT_ID, &params).await?;

    let sent = api.sent().await;
    sent.assert_query(&[("name", "Jane Doe"), ("email", "jdoe+test@example.com"), ("page", "2"), ("per_page", "50")]);
    sent.assert_no_body();
    assert_eq!(page.items(), [jane()]);
    let expected_info =
        ResultInfo { page: Some(2), per_page: Some(50), count: Some(1), total_count: Some(51), total_pages: Some(2) };
    assert_eq!(page.result_info(), Some(&expected_info));
    Ok(())
}

#[tokio::test]
async fn users_create_leaves_out_an_unset_name() -> Outcome {
    let api = Api::start(Auth::ApiKey).await;
    let created_json = user_json(USER_ID, "", "jdoe@example.com");
    api.answer("POST", &users_path(""), 201, envelope(created_json)).await;
    let body = CreateUserBody::new("jdoe@example.com");

    let created = api.client.zero_trust().access().users().create(ACCOUNT_ID, &body).await?;

    let sent = api.sent().await;
    sent.assert_query(&[]);
    sent.assert_json(json!({ "email": "jdoe@example.com" }));
    assert_eq!(created, user(USER_ID, "", "jdoe@example.com"));
    Ok(())
}

#[tokio::test]
async fn users_get() -> Outcome {
    let api = Api::start(Auth::ApiToken).await;
    let body = envelope(user_json(USER_ID, "Jane Doe", "jdoe@example.com"));
    api.answer("GET", &users_path(&format!("/{USER_ID}")), 200, body).await;

    let found = api.client.zero_trust().access().users().get(ACCOUNT_ID, USER_ID).await?;

    let sent = api.sent().await;
    sent.assert_query(&[]);
    sent.assert_no_body();
    assert_eq!(found, jane());
    Ok(())
}

#[tokio::test]
async fn users_update() -> Outcome {
    let api = Api::start(Auth::ApiToken).await;
    let body = envelope(user_json(USER_ID, "Jane Q. Doe", "jdoe@example.com"));
    api.answer("PUT", &users_path(&format!("/{USER_ID}")), 200, body).await;
    let body = UpdateUserBody::new("jdoe@example.com", "Jane Q. Doe");

    let updated = api.client.zero_trust().access().users().update(ACCOUNT_ID, USER_ID, &body).await?;

    let sent = api.sent().await;
    sent.assert_query(&[]);
    sent.assert_json(json!({ "email": "jdoe@example.com", "name": "Jane Q. Doe" }));
    assert_eq!(updated, user(USER_ID, "Jane Q. Doe", "jdoe@example.com"));
    Ok(())
}

#[tokio::test]
async fn users_delete() -> Outcome {
    let api = Api::start(Auth::ApiToken).await;
    api.answer("DELETE", &users_path(&format!("/{USER_ID}")), 202, envelope(json!({}))).await;

    let deleted = api.client.zero_trust().access().users().delete(ACCOUNT_ID, USER_ID).await?;

    let sent = api.sent().await;
    sent.assert_query(&[]);
    sent.assert_no_body();
    assert_eq!(deleted, Some(Empty {}));
    Ok(())
}

#[tokio::test]
async fn users_active_sessions_list() -> Outcome {
    let api = Api::start(Auth::ApiToken).await;
    let session = json!({
        "expiration": 1_694_813_506,
        "name": "jdoe@example.com",
        "metadata": {
            "apps": {
                APP_UID: { "hostname": "test.example.com", "name": "app name", "type": "self_hosted", "uid": APP_UID },
            },
            "expires": 1_694_813_506,
            "iat": 1_694_791_905,
            "nonce": NONCE,
            "ttl": 21_600,
        },
    });
    let result_info = json!({ "page": 1, "per_page": 20, "count": 1, "total_count": 1, "total_pages": 1 });
    api.answer("GET", &users_path(&format!("/{USER_ID}/active_sessions")), 200, paged(json!([session]), result_info))
        .await;

    let page = api.client.zero_trust().access().users().active_sessions().list(ACCOUNT_ID, USER_ID).await?;

    let sent = api.sent().await;
    sent.assert_query(&[]);
    sent.assert_no_body();
    let app = ActiveSessionApp {
        hostname: Some("test.example.com".to_owned()),
        name: Some("app name".to_owned()),
        kind: Some("self_hosted".to_owned()),
        uid: Some(APP_UID.to_owned()),
    };
    let expected = ActiveSession {
        expiration: Some(1_694_813_506),
        metadata: Some(ActiveSessionMetadata {
            apps: Some([(APP_UID.to_owned(), app)].into()),
            expires: Some(1_694_813_506),
            iat: Some(1_694_791_905),
            nonce: Some(NONCE.to_owned()),
            ttl: Some(21_600),
        }),
        name: Some("jdoe@example.com".to_owned()),
    };
    assert_eq!(page.items(), [expected]);
    assert_eq!(page.result_info().and_then(|info| info.total_count), Some(1));
    Ok(())
}

/// An identity as the reference describes it (`access_identity`), with `isActive` when it is
/// the identity of an active session.
fn identity_json(is_active: Option<bool>) -> Value {
    let mut identity = json!({
        "account_id": ACCOUNT_ID,
        "auth_status": "NONE",
        "common_name": "",
        "device_id": DEVICE_ID,
        "device_sessions": { DEVICE_ID: { "last_authenticated": 1_694_791_905 } },
        "devicePosture": {
            POSTURE_RULE_ID: {
                "check": { "exists": true, "path": "/Applications/Cloudflare WARP.app" },
                "data": { "version": "2024.3.409" },
                "description": "WARP is installed",
                "error": "",
                "id": POSTURE_RULE_ID,
                "rule_name": "WARP installed",
                "success": true,
                "timestamp": "2023-09-15T15:31:45.000Z",
                "type": "file",
            },
        },
        "email": "jdoe@example.com",
        "geo": { "country": "US" },
        "iat": 1_694_791_905,
        "idp": { "id": OKTA_IDP_ID, "type": "okta" },
        "ip": "198.51.100.7",
        "is_gateway": false,
        "is_warp": true,
        "mtls_auth": {
            "auth_status": "NONE",
            "cert_issuer_dn": "",
            "cert_issuer_ski": "",
            "cert_presented": false,
            "cert_serial": "",
        },
        "service_token_id": "",
        "service_token_status": false,
        "user_uuid": USER_ID,
        "version": 2,
    });
    if let Some(is_active) = is_active {
        identity["isActive"] = json!(is_active);
    }
    identity
}

fn device_posture() -> DevicePostureResult {
    DevicePostureResult {
        check: Some(DevicePostureCheck {
            exists: Some(true),
            path: Some("/Applications/Cloudflare WARP.app".to_owned()),
        }),
        data: Some([("version".to_owned(), json!("2024.3.409"))].into()),
        description: Some("WARP is installed".to_owned()),
        error: Some(String::new()),
        id: Some(POSTURE_RULE_ID.to_owned()),
        rule_name: Some("WARP installed".to_owned()),
        success: Some(true),
        timestamp: Some("2023-09-15T15:31:45.000Z".to_owned()),
        kind: Some("file".to_owned()),
    }
}

fn mtls_auth() -> MtlsAuth {
    MtlsAuth {
        auth_status: Some("NONE".to_owned()),
        cert_issuer_dn: Some(String::new()),
        cert_issuer_ski: Some(String::new()),
        cert_presented: Some(false),
        cert_serial: Some(String::new()),
    }
}

#[tokio::test]
async fn users_active_sessions_get() -> Outcome {
    let api = Api::start(Auth::ApiToken).await;
    let path = users_path(&format!("/{USER_ID}/active_sessions/{NONCE}"));
    api.answer("GET", &path, 200, envelope(identity_json(Some(true)))).await;

    let session = api.client.zero_trust().access().users().active_sessions().get(ACCOUNT_ID, USER_ID, NONCE).await?;

    let sent = api.sent().await;
    sent.assert_query(&[]);
    sent.assert_no_body();
    let expected = ActiveSessionIdentity {
        account_id: Some(ACCOUNT_ID.to_owned()),
        auth_status: Some("NONE".to_owned()),
        common_name: Some(String::new()),
        device_id: Some(DEVICE_ID.to_owned()),
        device_sessions: Some(
            [(DEVICE_ID.to_owned(), DeviceSession { last_authenticated: Some(1_694_791_905.0) })].into(),
        ),
        device_posture: Some([(POSTURE_RULE_ID.to_owned(), device_posture())].into()),
        email: Some("jdoe@example.com".to_owned()),
        geo: Some(Geo { country: Some("US".to_owned()) }),
        iat: Some(1_694_791_905.0),
        idp: Some(Idp { id: Some(OKTA_IDP_ID.to_owned()), kind: Some("okta".to_owned()) }),
        ip: Some("198.51.100.7".to_owned()),
        is_gateway: Some(false),
        is_warp: Some(true),
        mtls_auth: Some(mtls_auth()),
        service_token_id: Some(String::new()),
        service_token_status: Some(false),
        user_uuid: Some(USER_ID.to_owned()),
        version: Some(2.0),
        is_active: Some(true),
    };
    assert_eq!(session, expected);
    Ok(())
}

#[tokio::test]
async fn users_failed_logins_list() -> Outcome {
    let api = Api::start(Auth::ApiToken).await;
    let metadata = json!({
        "app_name": "Test App",
        "aud": "39691c1480a2352a18ece567debc2b32552686cbd38eec0887aa18d5d3f00c04",
        "datetime": "2022-02-02T21:54:34.914Z",
        "ray_id": "6d76a8a42ead4133",
        "user_email": "jdoe@example.com",
        "user_uuid": USER_ID,
    });
    let result_info = json!({ "page": 1, "per_page": 20, "count": 1, "total_count": 1, "total_pages": 1 });
    let body = paged(json!([{ "expiration": 1_643_838_874, "metadata": metadata }]), result_info);
    api.answer("GET", &users_path(&format!("/{USER_ID}/failed_logins")), 200, body).await;

    let page = api.client.zero_trust().access().users().failed_logins().list(ACCOUNT_ID, USER_ID).await?;

    let sent = api.sent().await;
    sent.assert_query(&[]);
    sent.assert_no_body();
    let metadata = serde_json::from_value(metadata).expect("a JSON object");
    assert_eq!(page.items(), [FailedLogin { expiration: Some(1_643_838_874), metadata: Some(metadata) }]);
    assert_eq!(page.result_info().and_then(|info| info.per_page), Some(20));
    Ok(())
}

#[tokio::test]
async fn users_last_seen_identity_get() -> Outcome {
    let api = Api::start(Auth::ApiToken).await;
    let path = users_path(&format!("/{USER_ID}/last_seen_identity"));
    api.answer("GET", &path, 200, envelope(identity_json(None))).await;

    let identity = api.client.zero_trust().access().users().last_seen_identity().get(ACCOUNT_ID, USER_ID).await?;

    let sent = api.sent().await;
    sent.assert_query(&[]);
    sent.assert_no_body();
    let expected = LastSeenIdentity {
        account_id: Some(ACCOUNT_ID.to_owned()),
        auth_status: Some("NONE".to_owned()),
        common_name: Some(String::new()),
        device_id: Some(DEVICE_ID.to_owned()),
        device_sessions: Some(
            [(DEVICE_ID.to_owned(), DeviceSession { last_authenticated: Some(1_694_791_905.0) })].into(),
        ),
        device_posture: Some([(POSTURE_RULE_ID.to_owned(), device_posture())].into()),
        email: Some("jdoe@example.com".to_owned()),
        geo: Some(Geo { country: Some("US".to_owned()) }),
        iat: Some(1_694_791_905.0),
        idp: Some(Idp { id: Some(OKTA_IDP_ID.to_owned()), kind: Some("okta".to_owned()) }),
        ip: Some("198.51.100.7".to_owned()),
        is_gateway: Some(false),
        is_warp: Some(true),
        mtls_auth: Some(mtls_auth()),
        service_token_id: Some(String::new()),
        service_token_status: Some(false),
        user_uuid: Some(USER_ID.to_owned()),
        version: Some(2.0),
    };
    assert_eq!(identity, expected);
    Ok(())
}

#[tokio::test]
async fn users_mfa_authenticators_delete() -> Outcome {
    let api = Api::start(Auth::ApiToken).await;
    let authenticator_id = "test-authenticator-id-123";
    let path = users_path(&format!("/{USER_ID}/mfa_authenticators/{authenticator_id}"));
    api.answer("DELETE", &path, 200, envelope(Value::Null)).await;

    let deleted = api
        .client
        .zero_trust()
        .access()
        .users()
        .mfa_authenticators()
        .delete(ACCOUNT_ID, USER_ID, authenticator_id)
        .await?;

    let sent = api.sent().await;
    sent.assert_query(&[]);
    sent.assert_no_body();
    assert_eq!(deleted, None);
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Access groups, each operation at account and at zone scope
// ---------------------------------------------------------------------------------------------

/// Where a group lives: `/accounts/{account_id}` or `/zones/{zone_id}`.
#[derive(Clone, Copy, Debug)]
enum Scope {
    Account,
    Zone,
}

impl Scope {
    fn kind(self) -> AccountsOrZones {
        match self {
            Self::Account => AccountsOrZones::Accounts,
            Self::Zone => AccountsOrZones::Zones,
        }
    }

    fn id(self) -> &'static str {
        match self {
            Self::Account => ACCOUNT_ID,
            Self::Zone => ZONE_ID,
        }
    }

    /// The path of the scope's groups, with `rest` appended.
    fn groups_path(self, rest: &str) -> String {
        match self {
            Self::Account => format!("/accounts/{ACCOUNT_ID}/access/groups{rest}"),
            Self::Zone => format!("/zones/{ZONE_ID}/access/groups{rest}"),
        }
    }
}

fn group_json(name: &str) -> Value {
    json!({
        "id": GROUP_ID,
        "created_at": "2014-01-01T05:20:00.12345Z",
        "updated_at": "2024-03-05T16:45:10Z",
        "name": name,
        "include": [{ "email": { "email": "jdoe@example.com" } }, { "email_domain": { "domain": "example.com" } }],
        "exclude": [{ "geo": { "country_code": "RU" } }],
        "require": [{ "auth_method": { "auth_method": "mfa" } }],
        "is_default": [{ "everyone": {} }],
    })
}

fn group(name: &str) -> AccessGroup {
    AccessGroup {
        created_at: Some(parse("2014-01-01T05:20:00.12345Z")),
        exclude: Some(vec![AccessRule::Geo(CountryRule { country_code: Some("RU".to_owned()) })]),
        id: Some(GROUP_ID.to_owned()),
        include: Some(vec![
            AccessRule::Email(EmailRule { email: Some("jdoe@example.com".to_owned()) }),
            AccessRule::EmailDomain(EmailDomainRule { domain: Some("example.com".to_owned()) }),
        ]),
        is_default: Some(vec![AccessRule::Everyone(EveryoneRule {})]),
        name: Some(name.to_owned()),
        require: Some(vec![AccessRule::AuthMethod(AuthMethodRule { auth_method: Some("mfa".to_owned()) })]),
        updated_at: Some(parse("2024-03-05T16:45:10Z")),
    }
}

async fn groups_list(scope: Scope) -> Outcome {
    let api = Api::start(Auth::ApiToken).await;
    let result_info = json!({ "page": 3, "per_page": 1, "count": 1, "total_count": 4, "total_pages": 4 });
    api.answer("GET", &scope.groups_path(""), 200, paged(json!([group_json("Allow devs")]), result_info)).await;
    let params = groups::ListParams {
        name: Some("Allow devs".to_owned()),
        search: Some("devs".to_owned()),
        page: Some(3),
        per_page: Some(1),
    };

    let page = api.client.zero_trust().access().groups().list(scope.kind(), scope.id(), &params).await?;

    let sent = api.sent().await;
    sent.assert_query(&[("name", "Allow devs"), ("search", "devs"), ("page", "3"), ("per_page", "1")]);
    sent.assert_no_body();
    assert_eq!(page.items(), [group("Allow devs")]);
    assert_eq!(page.result_info().and_then(|info| info.total_pages), Some(4));
    Ok(())
}

async fn groups_create(scope: Scope) -> Outcome {
    let api = Api::start(Auth::ApiToken).await;
    api.answer("POST", &scope.groups_path(""), 201, envelope(group_json("Allow devs"))).await;
    let include = vec![AccessRuleParam::email("jdoe@example.com")];
    let mut body = GroupBody::new(include, "Allow devs");
    body.require = Some(vec![AccessRuleParam::user_risk_score(vec![RiskLevel::Low, RiskLevel::Medium])]);

    let created = api.client.zero_trust().access().groups().create(scope.kind(), scope.id(), &body).await?;

    let sent = api.sent().await;
    sent.assert_query(&[]);
    // `exclude` and `is_default` were left as `None`: absent, not `null`.
    sent.assert_json(json!({
        "name": "Allow devs",
        "include": [{ "email": { "email": "jdoe@example.com" } }],
        "require": [{ "user_risk_score": { "user_risk_score": ["low", "medium"] } }],
    }));
    assert_eq!(created, group("Allow devs"));
    Ok(())
}

async fn groups_get(scope: Scope) -> Outcome {
    let api = Api::start(Auth::ApiToken).await;
    api.answer("GET", &scope.groups_path(&format!("/{GROUP_ID}")), 200, envelope(group_json("Allow devs"))).await;

    let found = api.client.zero_trust().access().groups().get(scope.kind(), scope.id(), GROUP_ID).await?;

    let sent = api.sent().await;
    sent.assert_query(&[]);
    sent.assert_no_body();
    assert_eq!(found, group("Allow devs"));
    Ok(())
}

async fn groups_update(scope: Scope) -> Outcome {
    let api = Api::start(Auth::ApiKey).await;
    api.answer("PUT", &scope.groups_path(&format!("/{GROUP_ID}")), 200, envelope(group_json("Allow engineers"))).await;
    let include = vec![AccessRuleParam::email_domain("example.com")];
    let body = GroupBody {
        exclude: Some(vec![AccessRuleParam::geo("RU")]),
        is_default: Some(false),
        ..GroupBody::new(include, "Allow engineers")
    };

    let updated = api.client.zero_trust().access().groups().update(scope.kind(), scope.id(), GROUP_ID, &body).await?;

    let sent = api.sent().await;
    sent.assert_query(&[]);
    sent.assert_json(json!({
        "name": "Allow engineers",
        "include": [{ "email_domain": { "domain": "example.com" } }],
        "exclude": [{ "geo": { "country_code": "RU" } }],
        "is_default": false,
    }));
    assert_eq!(updated, group("Allow engineers"));
    Ok(())
}

async fn groups_delete(scope: Scope) -> Outcome {
    let api = Api::start(Auth::ApiToken).await;
    api.answer("DELETE", &scope.groups_path(&format!("/{GROUP_ID}")), 202, envelope(json!({ "id": GROUP_ID }))).await;

    let deleted = api.client.zero_trust().access().groups().delete(scope.kind(), scope.id(), GROUP_ID).await?;

    let sent = api.sent().await;
    sent.assert_query(&[]);
    sent.assert_no_body();
    assert_eq!(deleted, DeletedGroup { id: Some(GROUP_ID.to_owned()) });
    Ok(())
}

#[tokio::test]
async fn groups_list_at_account_scope() -> Outcome {
    groups_list(Scope::Account).await
}

#[tokio::test]
async fn groups_list_at_zone_scope() -> Outcome {
    groups_list(Scope::Zone).await
}

#[tokio::test]
async fn groups_create_at_account_scope() -> Outcome {
    groups_create(Scope::Account).await
}

#[tokio::test]
async fn groups_create_at_zone_scope() -> Outcome {
    groups_create(Scope::Zone).await
}

#[tokio::test]
async fn groups_get_at_account_scope() -> Outcome {
    groups_get(Scope::Account).await
}

#[tokio::test]
async fn groups_get_at_zone_scope() -> Outcome {
    groups_get(Scope::Zone).await
}

#[tokio::test]
async fn groups_update_at_account_scope() -> Outcome {
    groups_update(Scope::Account).await
}

#[tokio::test]
async fn groups_update_at_zone_scope() -> Outcome {
    groups_update(Scope::Zone).await
}

#[tokio::test]
async fn groups_delete_at_account_scope() -> Outcome {
    groups_delete(Scope::Account).await
}

#[tokio::test]
async fn groups_delete_at_zone_scope() -> Outcome {
    groups_delete(Scope::Zone).await
}
