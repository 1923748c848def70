//! Cancel (the app's button, the command line's Ctrl+C) stops every verification the desk is
//! running, not only the one started last, and a verification started after a cancel runs on.

mod common;

use std::time::Duration;

use common::desk;
use eca_core::inputs::SetupInputs;
use eca_session::{Desk, VerifyOptions};
use eca_verify::{CheckId, DiagnosisCode, Verification};

/// A practice org whose app is still "propagating" for a minute: a verification waits there.
async fn slow_org() -> eca_practice::PracticeOrg {
    let profile = eca_core::profile("service-board-sync").expect("profile");
    let mut config =
        eca_practice::PracticeConfig::from_profile(profile, &SetupInputs::suggested(profile));
    config
        .set("propagation_delay_secs", "60")
        .expect("a practice setting");
    eca_practice::start(config, None)
        .await
        .expect("practice org")
}

async fn verify(desk: &Desk, org: &eca_practice::PracticeOrg) -> Verification {
    let profile = eca_core::profile("service-board-sync").expect("profile");
    let mut inputs = SetupInputs::suggested(profile);
    inputs.domain = org.host();
    let options = VerifyOptions {
        practice: true,
        propagation_wait: Some(Duration::from_secs(60)),
        ..VerifyOptions::default()
    };
    desk.verify_credentials(
        &profile.id,
        inputs,
        org.consumer_key().to_owned(),
        org.consumer_secret().clone(),
        options,
        &|_| {},
    )
    .await
    .expect("verify")
}

fn token_code(verification: &Verification) -> Option<DiagnosisCode> {
    verification
        .check(CheckId::Token)
        .and_then(|check| check.diagnosis.as_ref())
        .map(|diagnosis| diagnosis.code)
}

#[tokio::test]
async fn cancel_stops_both_of_two_verifications_running_at_once() {
    let dir = tempfile::tempdir().expect("temp dir");
    let desk = desk(dir.path());
    let org = slow_org().await;
    let cancel = async {
        tokio::time::sleep(Duration::from_millis(800)).await;
        desk.cancel_verify();
    };
    let ended = tokio::time::timeout(Duration::from_secs(15), async {
        tokio::join!(verify(&desk, &org), verify(&desk, &org), cancel)
    })
    .await;
    let (first, second, ()) =
        ended.expect("a verification kept waiting after Cancel: it shared the other's cancel slot");
    assert_eq!(
        token_code(&first),
        Some(DiagnosisCode::Cancelled),
        "{first:#?}"
    );
    assert_eq!(
        token_code(&second),
        Some(DiagnosisCode::Cancelled),
        "{second:#?}"
    );
    org.shutdown().await;
}

#[tokio::test]
async fn a_verification_started_after_a_cancel_is_not_cancelled() {
    let dir = tempfile::tempdir().expect("temp dir");
    let desk = desk(dir.path());
    let profile = eca_core::profile("service-board-sync").expect("profile");
    let config =
        eca_practice::PracticeConfig::from_profile(profile, &SetupInputs::suggested(profile));
    let org = eca_practice::start(config, None)
        .await
        .expect("practice org");
    desk.cancel_verify();
    let verification = verify(&desk, &org).await;
    assert!(verification.passed, "{verification:#?}");
    org.shutdown().await;
}
