//! Whether a verification may use plain http comes from the connection (its setup), never from
//! the domain's text: a real connection whose org is `127.0.0.1:PORT` sends nothing there.

use std::io::Write;
use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use eca_core::inputs::SetupInputs;
use eca_core::journal::Journal;
use eca_session::{Desk, VerifyOptions};
use eca_vault::{Keychain, NewConnection};
use eca_verify::{CheckId, CheckStatus, DiagnosisCode, Verification};

fn desk(dir: &Path) -> Desk {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock")
        .as_nanos();
    let keychain = Keychain::with_service(format!(
        "dev.ecasetup.assistant.test.session.http.{}-{nanos}",
        std::process::id()
    ));
    Desk::new(dir, keychain, Journal::open(&dir.join("logs")))
}

async fn keychain_reachable(test: &str) -> bool {
    match Keychain::for_this_build().check_available().await {
        Ok(()) => true,
        Err(err) if std::env::var_os("ECA_REQUIRE_KEYCHAIN").is_none() => {
            let _ = writeln!(
                std::io::stderr(),
                "note: skipped {test}: no Secret Service is reachable ({err}); run it under scripts/with-keychain.sh"
            );
            false
        }
        Err(err) => panic!("ECA_REQUIRE_KEYCHAIN is set but the keychain is not usable: {err}"),
    }
}

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
    if !keychain_reachable("a_real_connection_to_a_loopback_org_is_refused").await {
        return;
    }
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
