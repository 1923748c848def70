// Shared fixtures: one practice-free setup per profile with fixed inputs and dates.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use eca_core::inputs::SetupInputs;
use eca_core::setup::{Setup, Timestamp};
use eca_core::verification::{Check, CheckId, Diagnosis, DiagnosisCode, Verification};
use eca_core::{checklist, FlowChoice, Profile, Screen, StepId};
use time::macros::datetime;

pub const KEY: &str = "3MVG9FixtureConsumerKeyABCD1234WXYZ";
pub const MASKED_PDF: &str = "3MVG...WXYZ";
/// Passed nowhere; the tests prove it appears nowhere.
pub const SECRET: &str = "5D2F8A0C1E3B4A6FSECRETVALUE";

pub fn date() -> Timestamp {
    Timestamp(datetime!(2026-11-22 09:30 UTC))
}

/// The sample inputs (each input's example), and a callback URL for the Custom profile's app.
pub fn inputs(profile: &Profile) -> SetupInputs {
    let mut inputs = eca_test_support::sample_inputs(profile);
    if let Some(eca) = inputs.eca.as_mut() {
        eca.callback_urls.value = vec!["https://custom.example.com/oauth/callback".into()];
    }
    inputs
}

pub fn setup(profile: &Profile) -> Setup {
    let inputs = inputs(profile);
    let steps = checklist(profile, &inputs).steps;
    let mut done = BTreeMap::new();
    for (minutes, step) in steps.iter().take(3).enumerate() {
        done.insert(
            step.id,
            Timestamp(datetime!(2026-11-22 09:00 UTC) + time::Duration::minutes(minutes as i64)),
        );
    }
    Setup {
        schema: 1,
        id: format!("{}-1700000000", profile.id),
        profile_id: profile.id.clone(),
        practice: false,
        inputs,
        current_step: Screen::VERIFY,
        connection: Some("acme-prod".into()),
        done,
        verified_at: None,
        partner_confirmed_at: None,
        created_at: Timestamp(datetime!(2026-11-22 08:00 UTC)),
        updated_at: Timestamp(datetime!(2026-11-22 09:10 UTC)),
        migration: None,
    }
}

/// A verification with one failure, so the diagnosis shows in every format.
pub fn verification(profile: &Profile) -> Verification {
    Verification {
        profile_id: profile.id.clone(),
        flow: FlowChoice::WebServer,
        host: "acme.my.salesforce.com".into(),
        checks: vec![
            Check::passed(CheckId::Domain, "acme.my.salesforce.com answers over HTTPS."),
            Check::passed(CheckId::Token, "Salesforce issued an access token."),
            Check::failed(
                CheckId::RefreshToken,
                Diagnosis::new(
                    DiagnosisCode::NoRefreshToken,
                    "No refresh token came with the access token.",
                    "Add “Perform requests at any time (refresh_token, offline_access)” to the app's scopes.",
                    Some(StepId::OauthSettings),
                ),
            ),
            Check::skipped(CheckId::Revoke, "Nothing to revoke."),
        ],
        passed: false,
        granted_scopes: vec!["api".into(), "id".into()],
        instance_url: Some("https://acme.my.salesforce.com".into()),
        username: Some("admin@acme.example".into()),
        org_id: Some("00D000000000001".into()),
        api_version: Some("62.0".into()),
        notes: vec!["Refresh token rotation is on: the partner must store each new token.".into()],
    }
}

/// The PDF's text as poppler's pdftotext reads it.
pub fn pdftotext(path: &Path) -> String {
    let out = Command::new("pdftotext")
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    assert!(out.status.success(), "pdftotext failed: {:?}", out);
    String::from_utf8(out.stdout).unwrap()
}
