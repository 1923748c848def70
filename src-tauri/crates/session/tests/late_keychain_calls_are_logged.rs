//! A keychain call that answers after its timeout settles on its own, long after the admin was
//! told; the support log must say so (and what became of what it changed) without anyone
//! asking the keychain for its late calls.

mod common;

use std::time::{Duration, Instant};

use common::desk_over;
use eca_core::ErrorCode;
use eca_session::NewConnection;
use eca_vault::Keychain;

const KEY: &str =
    "3MVG9rZjd7MXFdLhk3vB8yWAPrdpL2TfPzQ6sS_xN0w8Fv1c5Jm.Yq4eRtUiOpAsDfGhJkLzXcVbNm1234567";
const SECRET: &str = "5D2F8A0C1E3B4A6F7D9E0C2B4A6F8D1E3C5B7A9F0E2D4C6B8A1F3E5D7C9B0A2F";

#[tokio::test]
async fn a_late_keychain_call_is_written_to_the_support_log() {
    let dir = tempfile::tempdir().expect("temp dir");
    // Each call answers after its caller has stopped waiting.
    let keychain = Keychain::in_memory_answering_after(
        format!("dev.ecasetup.assistant.test.late.{}", std::process::id()),
        Duration::from_millis(300),
    )
    .expect("a slow in-memory keychain")
    .with_timeout(Duration::from_millis(50));
    let desk = desk_over(dir.path(), keychain);
    let new = NewConnection {
        name: "Prod".into(),
        profile_id: "vonage-ai-studio".into(),
        setup_id: None,
        org_host: "acme.my.salesforce.com".into(),
        practice: false,
    };
    let err = desk
        .add_connection(new, KEY, &eca_session::Secret::new(SECRET))
        .await
        .expect_err("the keychain never answers in time");
    assert_eq!(err.code, ErrorCode::KeychainTimeout, "{err:?}");

    let log = dir.path().join("logs").join("eca-setup.log");
    let started = Instant::now();
    let text = loop {
        let text = std::fs::read_to_string(&log).unwrap_or_default();
        if text.contains("keychain.late_call") || started.elapsed() > Duration::from_secs(10) {
            break text;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    let line = text
        .lines()
        .find(|line| line.contains("keychain.late_call"))
        .unwrap_or_else(|| panic!("no late call in the support log:\n{text}"));
    assert!(line.contains(" WARN "), "{line}");
    assert!(line.contains("connection=\"Prod\""), "{line}");
    assert!(
        line.contains("answered after its timeout"),
        "the line says what happened: {line}"
    );
    assert!(!text.contains(SECRET), "no secret in the log");
}
