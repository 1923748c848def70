//! A `connections.json` written by an earlier version still loads: those versions also saved
//! `refresh_token_kept`, which this one no longer has (it keeps no token). No keychain needed:
//! listing reads only the file.

use eca_vault::connections::CONNECTIONS_FILE;
use eca_vault::{Keychain, Vault};

#[tokio::test]
async fn a_connections_file_that_says_refresh_token_kept_still_loads() {
    let dir = tempfile::tempdir().expect("temp dir");
    let earlier = r#"{
  "schema": 1,
  "connections": [
    {
      "name": "Salesforce QA",
      "profile_id": "vonage-ai-studio",
      "setup_id": "setup-1",
      "org_host": "acme--qa.sandbox.my.salesforce.com",
      "practice": false,
      "consumer_key_masked": "3MVG…4567",
      "created_at": "2026-11-01T10:00:00Z",
      "last_verified_at": "2026-11-02T10:00:00Z",
      "refresh_token_kept": true
    }
  ]
}"#;
    std::fs::write(dir.path().join(CONNECTIONS_FILE), earlier).expect("write");
    let vault = Vault::new(
        dir.path(),
        Keychain::with_service("dev.ecasetup.assistant.test"),
    );
    let listing = vault.list().await.expect("list");
    assert!(
        listing.set_aside.is_empty(),
        "nothing set aside: {:?}",
        listing.set_aside
    );
    let [connection] = listing.connections.as_slice() else {
        panic!("one connection: {listing:?}");
    };
    assert_eq!(connection.name, "Salesforce QA");
    assert_eq!(connection.org_host, "acme--qa.sandbox.my.salesforce.com");
    assert_eq!(connection.setup_id.as_deref(), Some("setup-1"));
    assert!(connection.last_verified_at.is_some());
}
