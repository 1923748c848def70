//! Whether a verification may use plain http comes from the connection (its setup), never from
//! the domain's text: a real connection whose org is `127.0.0.1:PORT` sends nothing there.

mod common;

use common::desk;
use eca_core::inputs::SetupInputs;
use eca_session::VerifyOptions;
use eca_vault::NewConnection;
use eca_verify::{CheckId, CheckStatus, DiagnosisCode, Verification};

fn refused_as_insecure(verification: &Verification) {
    let domain = &verification.checks[0];
    assert_eq!(domain.id, CheckId::Domain, "{verification:#?}");
    assert_eq!(domain.status, CheckStatus::Failed, "{verification:#?}");
    assert_eq!(
        domain.diagnosis.as_ref().map(|d| d.code),
        Some(DiagnosisCode::InsecureUrl)
    );
    assert!(!verification.passed);
}

#[tokio::test]
async fn a_real_connection_to_a_loopback_org_is_refused_and_a_practice_one_passes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let desk = desk(dir.path());
    let profile = eca_core::profile("service-board-sync").expect("profile");
    let config =
        eca_practice::PracticeConfig::from_profile(profile, &SetupInputs::suggested(profile));
    let org = eca_practice::start(config, None)
        .await
        .expect("practice org");
    for (name, practice) in [("Real", false), ("Practice", true)] {
        let new = NewConnection {
            name: name.into(),
            profile_id: profile.id.clone(),
            setup_id: None,
            org_host: org.host(),
            practice,
        };
        desk.add_connection(new, org.consumer_key(), org.consumer_secret())
            .await
            .expect("add");
        let verification = desk
            .verify(name, VerifyOptions::default(), &|_| {})
            .await
            .expect("verify");
        if practice {
            assert!(verification.passed, "{verification:#?}");
        } else {
            refused_as_insecure(&verification);
        }
        desk.remove_connection(name).await.expect("remove");
    }
    org.shutdown().await;
}

#[tokio::test]
async fn unsaved_credentials_use_plain_http_only_when_said_to_be_practice() {
    let dir = tempfile::tempdir().expect("temp dir");
    let desk = desk(dir.path());
    let profile = eca_core::profile("service-board-sync").expect("profile");
    let config =
        eca_practice::PracticeConfig::from_profile(profile, &SetupInputs::suggested(profile));
    let org = eca_practice::start(config, None)
        .await
        .expect("practice org");
    let mut inputs = SetupInputs::suggested(profile);
    inputs.domain = org.host();
    for practice in [false, true] {
        let options = VerifyOptions {
            practice,
            ..VerifyOptions::default()
        };
        let verification = desk
            .verify_credentials(
                &profile.id,
                inputs.clone(),
                org.consumer_key().to_owned(),
                org.consumer_secret().clone(),
                options,
                &|_| {},
            )
            .await
            .expect("verify");
        if practice {
            assert!(verification.passed, "{verification:#?}");
        } else {
            refused_as_insecure(&verification);
        }
    }
    org.shutdown().await;
}
