//! Saved connections against a real Secret Service (run under `scripts/with-keychain.sh`):
//! what is stored reads back, moves with a rename, rotates, and leaves nothing when removed,
//! in the keychain (checked with `secret-tool` too) and on disk.

use std::fs;
use std::io::Write;
use std::path::Path;
use std::process::Command;
use std::time::{SystemTime, UNIX_EPOCH};

use eca_core::secret::Secret;
use eca_vault::connections::CONNECTIONS_FILE;
use eca_vault::{EntryKind, Keychain, NewConnection, Vault, VaultError};

const KEY: &str =
    "3MVG9rZjd7MXFdLhk3vB8yWAPrdpL2TfPzQ6sS_xN0w8Fv1c5Jm.Yq4eRtUiOpAsDfGhJkLzXcVbNm1234567";
const SECRET: &str = "5D2F8A0C1E3B4A6F7D9E0C2B4A6F8D1E3C5B7A9F0E2D4C6B8A1F3E5D7C9B0A2F";
const NEW_SECRET: &str = "A1B2C3D4E5F60718293A4B5C6D7E8F90A1B2C3D4E5F60718293A4B5C6D7E8F90";
const TOKEN: &str = "5Aep861TSESvWeug_refresh_token_one_xVPAHbiB0JAz.5Bq";
const TOKEN_2: &str = "5Aep861TSESvWeug_refresh_token_two_QrWcP3fMvLq9.8Zt";

/// A keychain under a service name of its own, or `None` (with a note) when no Secret Service
/// answers and `ECA_REQUIRE_KEYCHAIN` is unset. Under the test command it is always set.
async fn keychain_or_skip(test: &str) -> Option<Keychain> {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock")
        .as_nanos();
    let keychain = Keychain::with_service(format!(
        "dev.ecasetup.assistant.test.{test}.{}.{nanos}",
        std::process::id()
    ));
    match keychain.check_available().await {
        Ok(()) => Some(keychain),
        Err(err) if std::env::var_os("ECA_REQUIRE_KEYCHAIN").is_none() => {
            // Straight to stderr: the test harness captures `eprintln!` of passing tests.
            let _ = writeln!(
                std::io::stderr(),
                "note: skipped {test}: no Secret Service is reachable ({err}); run it under scripts/with-keychain.sh"
            );
            None
        }
        Err(err) => panic!("ECA_REQUIRE_KEYCHAIN is set but the keychain is not usable: {err}"),
    }
}

fn new_connection(name: &str) -> NewConnection {
    NewConnection {
        name: name.into(),
        profile_id: "vonage-ai-studio".into(),
        setup_id: None,
        org_host: "acme.my.salesforce.com".into(),
        practice: false,
    }
}

/// What `secret-tool` finds under the service: its stdout and stderr together (it prints the
/// attributes on one and the secret on the other).
fn secret_tool_search(service: &str) -> String {
    let output = Command::new("secret-tool")
        .args(["search", "--all", "service", service])
        .output()
        .expect("secret-tool runs (package libsecret-tools)");
    String::from_utf8_lossy(&output.stdout).into_owned() + &String::from_utf8_lossy(&output.stderr)
}

/// Every file under `dir`, read as text.
fn files_text(dir: &Path) -> String {
    let mut text = String::new();
    for entry in fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            text += &files_text(&path);
        } else {
            text += &String::from_utf8_lossy(&fs::read(&path).expect("read"));
        }
    }
    text
}

#[tokio::test]
#[cfg_attr(
    not(all(unix, not(target_os = "macos"))),
    ignore = "its witness is secret-tool, the Secret Service's own client (Linux); on Windows the CLI's tests and credential_manager_limit.rs check the keychain"
)]
async fn stored_credentials_read_back_and_removing_leaves_nothing() {
    let Some(keychain) = keychain_or_skip("store").await else {
        return;
    };
    let service = keychain.service(false);
    let dir = tempfile::tempdir().expect("temp dir");
    let vault = Vault::new(dir.path(), keychain);

    let added = vault
        .add(
            new_connection("Salesforce Production"),
            KEY,
            &Secret::new(SECRET),
            None,
        )
        .await
        .expect("add");
    assert_eq!(added.consumer_key_masked, "3MVG…4567");

    let credentials = vault
        .credentials("salesforce production")
        .await
        .expect("read back");
    assert_eq!(credentials.consumer_key, KEY);
    assert_eq!(credentials.consumer_secret.expose(), SECRET);
    assert!(credentials.refresh_token.is_none());

    let found = secret_tool_search(&service);
    assert!(
        found.contains("Salesforce Production/consumer_key"),
        "{found}"
    );
    assert!(
        found.contains("Salesforce Production/consumer_secret"),
        "{found}"
    );

    let on_disk = files_text(dir.path());
    assert!(
        on_disk.contains("Salesforce Production"),
        "the metadata is saved"
    );
    assert!(!on_disk.contains(SECRET), "the secret is never on disk");
    assert!(!on_disk.contains(KEY), "the key is on disk only masked");

    vault
        .remove("Salesforce Production", None)
        .await
        .expect("remove");
    assert!(matches!(
        vault.credentials("Salesforce Production").await,
        Err(VaultError::NotFound(_))
    ));
    assert!(vault.list().await.expect("list").connections.is_empty());
    let left = secret_tool_search(&service);
    assert!(
        !left.contains("attribute"),
        "the keychain still holds: {left}"
    );
}

#[tokio::test]
#[cfg_attr(
    not(all(unix, not(target_os = "macos"))),
    ignore = "its witness is secret-tool, the Secret Service's own client (Linux); on Windows the CLI's tests and credential_manager_limit.rs check the keychain"
)]
async fn rename_moves_every_entry_and_the_old_name_is_gone() {
    let Some(keychain) = keychain_or_skip("rename").await else {
        return;
    };
    let service = keychain.service(false);
    let dir = tempfile::tempdir().expect("temp dir");
    let vault = Vault::new(dir.path(), keychain);
    vault
        .add(
            new_connection("Salesforce QA"),
            KEY,
            &Secret::new(SECRET),
            None,
        )
        .await
        .expect("add");
    kept_by_an_earlier_version(&vault, "Salesforce QA", TOKEN).await;

    let renamed = vault
        .rename("Salesforce QA", "Salesforce UAT", None)
        .await
        .expect("rename");
    assert_eq!(renamed.name, "Salesforce UAT");
    let moved = vault.credentials("Salesforce UAT").await.expect("read");
    assert_eq!(moved.consumer_key, KEY);
    assert_eq!(moved.consumer_secret.expose(), SECRET);
    assert_eq!(moved.refresh_token.expect("token moved").expose(), TOKEN);
    assert!(matches!(
        vault.get("Salesforce QA").await,
        Err(VaultError::NotFound(_))
    ));
    let found = secret_tool_search(&service);
    assert!(
        !found.contains("Salesforce QA/"),
        "old entries left: {found}"
    );
    assert_eq!(
        found.matches("username = Salesforce UAT/").count(),
        3,
        "{found}"
    );

    // A change of case only keeps every entry too.
    vault
        .rename("Salesforce UAT", "salesforce uat", None)
        .await
        .expect("rename case");
    let moved = vault.credentials("salesforce uat").await.expect("read");
    assert_eq!(moved.consumer_secret.expose(), SECRET);
    assert_eq!(moved.refresh_token.expect("token").expose(), TOKEN);
    let found = secret_tool_search(&service);
    assert_eq!(
        found.matches("username = salesforce uat/").count(),
        3,
        "{found}"
    );
    assert!(!found.contains("Salesforce UAT/"), "{found}");

    // Its refresh token is still valid in Salesforce: removing refuses until it is revoked.
    let refused = vault.remove("salesforce uat", None).await;
    assert!(
        matches!(refused, Err(VaultError::TokenNotRevoked(ref name)) if name == "salesforce uat"),
        "{refused:?}"
    );
    assert_eq!(
        secret_tool_search(&service)
            .matches("username = salesforce uat/")
            .count(),
        3,
        "nothing was removed"
    );
    vault
        .remove("salesforce uat", Some(&Secret::new(TOKEN)))
        .await
        .expect("remove once the token is revoked");
    assert!(!secret_tool_search(&service).contains("attribute"));
}

#[tokio::test]
async fn a_rotated_secret_replaces_the_old_one_and_needs_verifying_again() {
    let Some(keychain) = keychain_or_skip("rotate").await else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let vault = Vault::new(dir.path(), keychain);
    vault
        .add(new_connection("Prod"), KEY, &Secret::new(SECRET), None)
        .await
        .expect("add");
    let verified = vault.mark_verified("Prod").await.expect("verified");
    assert!(verified.last_verified_at.is_some());

    let rotated = vault
        .replace_secret("Prod", &Secret::new(format!("{NEW_SECRET}\n")))
        .await
        .expect("rotate");
    assert!(
        rotated.last_verified_at.is_none(),
        "a new secret is not verified yet"
    );
    let credentials = vault.credentials("Prod").await.expect("read");
    assert_eq!(
        credentials.consumer_secret.expose(),
        NEW_SECRET,
        "stored trimmed"
    );
    assert_eq!(credentials.consumer_key, KEY);

    let refused = vault.replace_secret("Prod", &Secret::new(KEY)).await;
    assert!(
        matches!(refused, Err(VaultError::InvalidCredentials(_))),
        "the key is not a secret: {refused:?}"
    );
    let credentials = vault.credentials("Prod").await.expect("read");
    assert_eq!(
        credentials.consumer_secret.expose(),
        NEW_SECRET,
        "kept on refusal"
    );
    vault.remove("Prod", None).await.expect("remove");
}

/// What an earlier version of the app did after a verification: the refresh token in the
/// keychain (this version keeps none; it revokes and forgets such a token).
async fn kept_by_an_earlier_version(vault: &Vault, name: &str, token: &str) {
    vault
        .keychain()
        .set_all(
            false,
            name,
            vec![(EntryKind::RefreshToken, Secret::new(token))],
        )
        .await
        .expect("a refresh token as an earlier version kept it");
}

#[tokio::test]
#[cfg_attr(
    not(all(unix, not(target_os = "macos"))),
    ignore = "its witness is secret-tool, the Secret Service's own client (Linux); on Windows the CLI's tests and credential_manager_limit.rs check the keychain"
)]
async fn a_refresh_token_an_earlier_version_kept_is_read_and_forgotten() {
    let Some(keychain) = keychain_or_skip("token").await else {
        return;
    };
    let service = keychain.service(false);
    let dir = tempfile::tempdir().expect("temp dir");
    let vault = Vault::new(dir.path(), keychain);
    vault
        .add(new_connection("Prod"), KEY, &Secret::new(SECRET), None)
        .await
        .expect("add");
    kept_by_an_earlier_version(&vault, "Prod", TOKEN_2).await;
    let token = vault.credentials("Prod").await.expect("read").refresh_token;
    assert_eq!(token.expect("token").expose(), TOKEN_2);
    assert_eq!(
        secret_tool_search(&service)
            .matches("username = Prod/refresh_token")
            .count(),
        1
    );
    let on_disk = files_text(dir.path());
    assert!(!on_disk.contains(TOKEN_2), "tokens stay off disk");

    vault
        .forget_refresh_token("Prod", &Secret::new(TOKEN_2))
        .await
        .expect("forget");
    assert_eq!(
        secret_tool_search(&service)
            .matches("username = Prod/refresh_token")
            .count(),
        0
    );
    assert!(vault
        .credentials("Prod")
        .await
        .expect("read")
        .refresh_token
        .is_none());
    vault.remove("Prod", None).await.expect("remove");
}

#[tokio::test]
#[cfg_attr(
    not(all(unix, not(target_os = "macos"))),
    ignore = "its witness is secret-tool, the Secret Service's own client (Linux); on Windows the CLI's tests and credential_manager_limit.rs check the keychain"
)]
async fn names_are_unique_ignoring_case_and_bad_input_stores_nothing() {
    let Some(keychain) = keychain_or_skip("unique").await else {
        return;
    };
    let service = keychain.service(false);
    let dir = tempfile::tempdir().expect("temp dir");
    let vault = Vault::new(dir.path(), keychain);
    vault
        .add(new_connection("Prod"), KEY, &Secret::new(SECRET), None)
        .await
        .expect("add");
    let twice = vault
        .add(
            new_connection(" PROD "),
            KEY,
            &Secret::new(NEW_SECRET),
            None,
        )
        .await;
    assert!(
        matches!(twice, Err(VaultError::Exists(ref name)) if name == "Prod"),
        "{twice:?}"
    );
    let swapped = vault
        .add(new_connection("QA"), SECRET, &Secret::new(KEY), None)
        .await;
    assert!(
        matches!(swapped, Err(VaultError::InvalidCredentials(_))),
        "{swapped:?}"
    );
    let unnamed = vault
        .add(new_connection("  "), KEY, &Secret::new(SECRET), None)
        .await;
    assert!(
        matches!(unnamed, Err(VaultError::InvalidName(_))),
        "{unnamed:?}"
    );

    assert_eq!(
        vault
            .credentials("prod")
            .await
            .expect("read")
            .consumer_secret
            .expose(),
        SECRET
    );
    let found = secret_tool_search(&service);
    assert!(!found.contains("QA/"), "{found}");
    assert_eq!(vault.list().await.expect("list").connections.len(), 1);
    vault.remove("Prod", None).await.expect("remove");
}

#[tokio::test]
#[cfg_attr(
    not(all(unix, not(target_os = "macos"))),
    ignore = "its witness is secret-tool, the Secret Service's own client (Linux); on Windows the CLI's tests and credential_manager_limit.rs check the keychain"
)]
async fn practice_connections_live_under_their_own_service_name() {
    let Some(keychain) = keychain_or_skip("practice").await else {
        return;
    };
    let (real, practice) = (keychain.service(false), keychain.service(true));
    assert_eq!(practice, format!("{real}.practice"));
    let dir = tempfile::tempdir().expect("temp dir");
    let vault = Vault::new(dir.path(), keychain);
    let new = NewConnection {
        practice: true,
        ..new_connection("Practice")
    };
    vault
        .add(new, KEY, &Secret::new(SECRET), None)
        .await
        .expect("add");
    assert!(secret_tool_search(&practice).contains("Practice/consumer_secret"));
    assert!(!secret_tool_search(&real).contains("attribute"));
    vault.remove("Practice", None).await.expect("remove");
    assert!(!secret_tool_search(&practice).contains("attribute"));
}

#[tokio::test]
async fn a_damaged_connections_file_is_moved_aside_not_a_crash() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join(CONNECTIONS_FILE);
    fs::write(&file, r#"{"schema": 1, "connections": [{"name": "Pr"#).expect("write");
    // Listing reads only the file, so this runs with or without a keychain.
    let vault = Vault::new(
        dir.path(),
        Keychain::with_service("dev.ecasetup.assistant.test.damaged"),
    );
    let listing = vault.list().await.expect("list");
    assert!(listing.connections.is_empty());
    assert_eq!(listing.set_aside.len(), 1);
    assert!(
        listing.set_aside[0].reason.starts_with("it is damaged"),
        "{:?}",
        listing.set_aside
    );
    assert!(!file.exists());
    assert!(Path::new(&listing.set_aside[0].moved_to).exists());
    assert!(
        vault.list().await.expect("list").set_aside.is_empty(),
        "reported once"
    );
}

#[cfg(unix)]
#[tokio::test]
async fn the_connections_file_and_its_folder_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let Some(keychain) = keychain_or_skip("private").await else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("data");
    let vault = Vault::new(&data, keychain);
    vault
        .add(new_connection("Private"), KEY, &Secret::new(SECRET), None)
        .await
        .expect("add");
    let mode = |path: &Path| fs::metadata(path).expect("metadata").permissions().mode() & 0o777;
    assert_eq!(mode(&data.join(CONNECTIONS_FILE)), 0o600, "the list");
    assert_eq!(mode(&data), 0o700, "the data folder it created");
    vault.remove("Private", None).await.expect("remove");
}

#[tokio::test]
async fn replacing_checks_the_new_values_before_touching_the_old_ones() {
    let Some(keychain) = keychain_or_skip("replace").await else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let vault = Vault::new(dir.path(), keychain);
    vault
        .add(
            new_connection("Salesforce QA"),
            KEY,
            &Secret::new(SECRET),
            None,
        )
        .await
        .expect("add");
    kept_by_an_earlier_version(&vault, "Salesforce QA", TOKEN).await;

    let refused = vault
        .replace(
            new_connection("salesforce qa"),
            KEY,
            &Secret::new("short"),
            None,
        )
        .await
        .expect_err("a secret too short");
    assert!(
        matches!(refused, VaultError::InvalidCredentials(_)),
        "{refused:?}"
    );
    let kept = vault
        .credentials("Salesforce QA")
        .await
        .expect("still there");
    assert!(
        kept.consumer_secret.expose() == SECRET,
        "the old secret is kept"
    );
    assert!(kept.refresh_token.is_some(), "and its refresh token");
    assert_eq!(
        vault.get("Salesforce QA").await.expect("get").name,
        "Salesforce QA"
    );

    // The old connection's refresh token is still valid in Salesforce: the save refuses, and
    // keeps everything, until the caller says it revoked that very token.
    for not_revoked in [None, Some(Secret::new(TOKEN_2))] {
        let refused = vault
            .replace(
                new_connection("Salesforce QA"),
                KEY,
                &Secret::new(NEW_SECRET),
                not_revoked.as_ref(),
            )
            .await;
        assert!(
            matches!(refused, Err(VaultError::TokenNotRevoked(_))),
            "{refused:?}"
        );
        let kept = vault.credentials("Salesforce QA").await.expect("kept");
        assert_eq!(kept.consumer_secret.expose(), SECRET);
        assert_eq!(kept.refresh_token.expect("token kept").expose(), TOKEN);
    }
    let replaced = vault
        .replace(
            new_connection("Salesforce QA"),
            KEY,
            &Secret::new(NEW_SECRET),
            Some(&Secret::new(TOKEN)),
        )
        .await
        .expect("replace");
    assert_eq!(replaced.name, "Salesforce QA");
    let now = vault.credentials("Salesforce QA").await.expect("read back");
    assert!(now.consumer_secret.expose() == NEW_SECRET, "the new secret");
    assert!(
        now.refresh_token.is_none(),
        "the old key's refresh token is not taken for the new one"
    );
    assert_eq!(vault.list().await.expect("list").connections.len(), 1);
    vault.remove("Salesforce QA", None).await.expect("remove");
}

/// A list that cannot be read (a folder in its place here; root's file after a `sudo` run, or
/// a disk error, in life) is refused: set aside, the next save would drop every connection it
/// lists and orphan their keychain entries.
#[tokio::test]
async fn an_unreadable_connections_file_is_refused_not_set_aside() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join(CONNECTIONS_FILE);
    fs::create_dir(&file).expect("a folder where the list should be");
    let keychain = Keychain::in_memory("dev.ecasetup.assistant.test.unreadable").expect("keychain");
    let vault = Vault::new(dir.path(), keychain.clone());

    let refused = vault
        .add(new_connection("Prod"), KEY, &Secret::new(SECRET), None)
        .await
        .expect_err("the list could not be read");
    let ui = eca_core::UiError::from(refused);
    assert_eq!(ui.code, eca_core::ErrorCode::StorageFailed);
    assert!(
        ui.message
            .starts_with("The list of saved connections could not be read (")
            && ui.message.ends_with("so nothing was changed."),
        "{}",
        ui.message
    );
    assert!(ui.hint.contains("chown"), "{}", ui.hint);
    assert!(file.is_dir(), "left where it was");
    assert!(vault.list().await.is_err(), "listing says so too");
    let stored = keychain
        .get_all(false, "Prod", EntryKind::ALL.to_vec())
        .await
        .expect("read");
    assert!(
        stored.iter().all(Option::is_none),
        "nothing reached the keychain"
    );
}
