//! Windows Credential Manager holds at most 2,560 bytes a credential
//! (`CRED_MAX_CREDENTIAL_BLOB_SIZE`), and `keyring` writes text there as UTF-16: a value of
//! 1,280 characters is kept and read back whole, one of 1,281 is refused with a sentence and
//! leaves what was saved before as it was. Runs on Windows (under Wine in `scripts/cross.sh`).
#![cfg(windows)]

use std::time::{SystemTime, UNIX_EPOCH};

use eca_core::secret::Secret;
use eca_vault::{EntryKind, Keychain, VaultError};

#[tokio::test]
async fn credential_manager_keeps_1280_characters_and_refuses_1281_changing_nothing() {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock")
        .as_nanos();
    let keychain = Keychain::with_service(format!("dev.ecasetup.assistant.test-{nanos}"));
    let longest = "S".repeat(1280);
    keychain
        .set_all(
            false,
            "Limit",
            vec![(EntryKind::ConsumerSecret, Secret::new(longest.clone()))],
        )
        .await
        .expect("1,280 characters (2,560 bytes of UTF-16) fit");

    let refused = keychain
        .set_all(
            false,
            "Limit",
            vec![(EntryKind::ConsumerSecret, Secret::new("S".repeat(1281)))],
        )
        .await;
    assert!(
        matches!(refused, Err(VaultError::TooLong { limit: 2560, .. })),
        "{refused:?}"
    );

    let kept = keychain
        .get_all(false, "Limit", vec![EntryKind::ConsumerSecret])
        .await
        .expect("read back");
    assert_eq!(
        kept[0].as_ref().map(|secret| secret.expose().len()),
        Some(1280),
        "the refused write changed nothing"
    );
    keychain.delete_all(false, "Limit").await.expect("removed");
}
