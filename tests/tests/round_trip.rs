//! Real responses from Cloudflare's docs (`fixtures/seed_responses/`) decode into the generated
//! types and serialise back to the same JSON, and decode through the client end to end.
//!
//! Each file is named after its operation and mapped to its result type in [`SEEDS`]; a file
//! without a mapping fails the test, so a new seed response cannot go unchecked.

use std::process::Command;

use cloudflare_zero_trust::types::{
    AccessGroup, AccessRule, AccountsOrZones, CertificateRule, IntegrationType, MfaPivKeyRequirements,
    RiskScoreIntegration, SshKeySize,
};
use cloudflare_zero_trust::Error;
use serde_json::{json, Value};
use zt_tests::e2e::{parse, read_json_fixture, Api, Auth, ACCOUNT_ID, ZONE_ID};
use zt_tests::{read_spec, subdirectories};

const DIR: &str = "seed_responses";

type RoundTrip = fn(&Value) -> Result<Value, serde_json::Error>;

/// A [`RoundTrip`] through `$type`: decodes `result` as it and serialises it back.
macro_rules! round_trip {
    ($type:ty) => {
        |result: &Value| -> Result<Value, serde_json::Error> {
            let typed: $type = serde_json::from_value(result.clone())?;
            serde_json::to_value(&typed)
        }
    };
}

/// Each seed response, by file name, with the type of its operation's `result`.
const SEEDS: &[(&str, RoundTrip)] = &[
    // zero_trust.access.groups.get
    ("access_groups_get.json", round_trip!(AccessGroup)),
    // zero_trust.risk_scoring.integrations.references.get
    ("risk_scoring_integrations_references_get.json", round_trip!(RiskScoreIntegration)),
];

fn seed_files() -> Vec<String> {
    let dir = zt_tests::fixtures(DIR);
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|err| panic!("{}: {err}", dir.display()))
        .map(|entry| entry.expect("a readable entry").file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".json"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_seed_response_has_a_type() {
    let mut mapped: Vec<String> = SEEDS.iter().map(|(file, _)| (*file).to_owned()).collect();
    mapped.sort();
    assert_eq!(seed_files(), mapped, "map every file of fixtures/{DIR}/ to its result type in SEEDS");
}

#[test]
fn every_seed_result_round_trips_to_the_same_json() {
    for (file, round_trip) in SEEDS {
        let body = read_json_fixture(DIR, file);
        let result = &body["result"];
        assert!(result.is_object(), "{file}: the envelope has a `result` object");
        let back = round_trip(result).unwrap_or_else(|err| panic!("{file}: {err}"));
        assert_eq!(&back, result, "{file}: decoded and serialised again");
    }
}

#[tokio::test]
async fn access_groups_get_decodes_through_the_client() -> Result<(), Error> {
    let api = Api::start(Auth::ApiToken).await;
    let group_id = "f174e90a-fafe-4643-bbbc-4a0ed4fc8415";
    let path = format!("/zones/{ZONE_ID}/access/groups/{group_id}");
    api.answer("GET", &path, 200, read_json_fixture(DIR, "access_groups_get.json")).await;

    let response = api
        .client
        .zero_trust()
        .access()
        .groups()
        .get(AccountsOrZones::Zones, ZONE_ID, group_id)
        .send_with_response()
        .await?;

    api.sent().await.assert_no_body();
    // `success: true` wins over the sample's `errors[]`; `messages[]` come with the value.
    assert_eq!(response.status(), 200);
    assert_eq!(response.messages().len(), 1);
    assert_eq!(response.messages()[0].code, Some(1000));
    assert_eq!(response.messages()[0].source.as_ref().and_then(|s| s.pointer.as_deref()), Some("pointer"));
    let group = response.into_value();
    assert_eq!(group.id.as_deref(), Some(group_id));
    assert_eq!(group.name.as_deref(), Some("Allow devs"));
    assert_eq!(group.created_at, Some(parse("2014-01-01T05:20:00.12345Z")));
    assert_eq!(group.created_at.map(|at| at.subsec_nanosecond()), Some(123_450_000));
    let certificate = Some(vec![AccessRule::Certificate(CertificateRule {})]);
    assert_eq!(group.include, certificate);
    assert_eq!(group.exclude, certificate);
    assert_eq!(group.require, certificate);
    assert_eq!(group.is_default, certificate);
    Ok(())
}

#[tokio::test]
async fn risk_scoring_integrations_references_get_decodes_through_the_client() -> Result<(), Error> {
    let api = Api::start(Auth::ApiToken).await;
    let path = format!("/accounts/{ACCOUNT_ID}/zt_risk_scoring/integrations/reference_id/reference_id");
    let body = read_json_fixture(DIR, "risk_scoring_integrations_references_get.json");
    api.answer("GET", &path, 200, body).await;

    let integration =
        api.client.zero_trust().risk_scoring().integrations().references().get(ACCOUNT_ID, "reference_id").await?;

    api.sent().await.assert_no_body();
    assert_eq!(integration.id, Some(parse("182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e")));
    assert_eq!(integration.id.map(|id| id.get_version_num()), Some(4));
    assert_eq!(integration.integration_type, Some(IntegrationType::Okta));
    assert_eq!(integration.active, Some(true));
    assert_eq!(integration.created_at, Some(parse("2019-12-27T18:11:19.117Z")));
    assert_eq!(integration.created_at.map(|at| at.as_millisecond()), Some(1_577_470_279_117));
    assert_eq!(integration.reference_id.as_deref(), Some("reference_id"));
    assert_eq!(integration.account_tag.as_deref(), Some("account_tag"));
    assert_eq!(integration.tenant_url.as_deref(), Some("tenant_url"));
    assert_eq!(integration.well_known_url.as_deref(), Some("well_known_url"));
    Ok(())
}

/// `ssh_key_size` is an integer enum: known sizes by name, an unknown size kept as sent.
#[test]
fn ssh_key_sizes_are_an_integer_enum_that_keeps_unknown_sizes() {
    let wire = json!({ "ssh_key_size": [256, 4096, 1024, "521"] });
    let requirements: MfaPivKeyRequirements = serde_json::from_value(wire.clone()).expect("decodes");
    assert_eq!(
        requirements.ssh_key_size,
        Some(vec![
            SshKeySize::Bits256,
            SshKeySize::Bits4096,
            SshKeySize::Unknown(json!(1024)),
            SshKeySize::Unknown(json!("521"))
        ])
    );
    assert_eq!(serde_json::to_value(&requirements).expect("encodes"), wire);
    assert_eq!(
        SshKeySize::ALL.iter().map(ToString::to_string).collect::<Vec<_>>(),
        ["256", "384", "521", "2048", "3072", "4096"]
    );
}

/// Constructs the shipped spec does not use (integer and mixed enums, nullable items, unions in
/// requests and responses) are proven on the fixture crates: each `fixtures/specs/<name>/round_trip.rs`
/// runs as an integration test of the crate generated from that spec.
#[test]
fn fixture_round_trips_pass_inside_their_generated_crates() {
    let root = zt_tests::workspace_root().join("target/fixture-round-trips");
    let mut members = Vec::new();
    for dir in subdirectories(&zt_tests::fixtures("specs")) {
        let test = dir.join("round_trip.rs");
        if !test.is_file() {
            continue;
        }
        let name = dir.file_name().and_then(|name| name.to_str()).expect("utf-8 name").to_owned();
        let files = codegen::generate(&read_spec(&dir)).unwrap_or_else(|error| panic!("{name}: {error}"));
        let out = root.join(&name);
        codegen::output::sync(&out, &files, codegen::output::Mode::Write).expect("write the fixture crate");
        std::fs::create_dir_all(out.join("tests")).expect("a tests directory");
        std::fs::copy(&test, out.join("tests/round_trip.rs")).expect("copy the round trips");
        members.push(format!("\"{name}\""));
    }
    assert!(members.len() >= 3, "the union, enums and collections fixtures have round trips");
    let manifest = format!("[workspace]\nresolver = \"2\"\nmembers = [{}]\n", members.join(", "));
    std::fs::write(root.join("Cargo.toml"), manifest).expect("write the workspace manifest");
    std::fs::copy(zt_tests::workspace_root().join("Cargo.lock"), root.join("Cargo.lock")).expect("copy Cargo.lock");

    // The dependencies are those `fixtures_compile` builds: share its target directory.
    let target = zt_tests::workspace_root().join("target/fixture-crates/target");
    let output = Command::new(env!("CARGO"))
        .args(["test", "--workspace", "--test", "round_trip", "--message-format=short"])
        .current_dir(&root)
        .env("CARGO_TARGET_DIR", target)
        .env_remove("RUSTFLAGS")
        .output()
        .expect("run cargo");
    let stderr = String::from_utf8_lossy(&output.stderr);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "the fixture round trips fail:\n{stdout}\n{stderr}");
    let warnings: Vec<&str> = stderr.lines().filter(|line| line.contains("warning")).collect();
    assert!(warnings.is_empty(), "the fixture round trips build with warnings:\n{}", warnings.join("\n"));
}
