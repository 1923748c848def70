//! A refresh token an earlier version of the app kept is valid in Salesforce until revoked, and
//! once its keychain entry is gone the app can no longer revoke it. Saving over a connection,
//! adding one under a name that left such a token, and removing one revoke it at the org first
//! (checked on the practice org, which then honours it no more); a token that cannot be revoked
//! stays, with everything else, and the admin is told to revoke it in Setup.

mod common;

use std::time::Duration;

use common::in_memory_keychain;
use eca_core::inputs::SetupInputs;
use eca_core::ErrorCode;
use eca_practice::PracticeOrg;
use eca_session::{Desk, NewConnection, Secret};
use eca_vault::{EntryKind, Keychain};
use eca_verify::http::Transport;

const PROFILE: &str = "service-board-sync";

async fn practice_org() -> PracticeOrg {
    let profile = eca_core::profile(PROFILE).expect("profile");
    let config =
        eca_practice::PracticeConfig::from_profile(profile, &SetupInputs::suggested(profile));
    eca_practice::start(config, None)
        .await
        .expect("practice org")
}

fn connection(org: &PracticeOrg, name: &str, practice: bool) -> NewConnection {
    NewConnection {
        name: name.into(),
        profile_id: PROFILE.into(),
        setup_id: None,
        org_host: org.host(),
        practice,
    }
}

/// What an earlier version left under `name`: a live token of `org` in the keychain. (It kept
/// a refresh token; the revoke endpoint ends an access token the same way, and client
/// credentials, this integration's flow, issue only those.)
async fn kept_by_an_earlier_version(
    keychain: &Keychain,
    org: &PracticeOrg,
    practice: bool,
    name: &str,
) -> Secret {
    let transport = Transport::new(true, Duration::from_secs(5));
    let token = eca_verify::token::client_credentials(
        &transport,
        &org.base_url(),
        org.consumer_key(),
        org.consumer_secret(),
    )
    .await
    .expect("a live token")
    .access_token;
    let kept = vec![(EntryKind::RefreshToken, token.clone())];
    keychain
        .set_all(practice, name, kept)
        .await
        .expect("kept as an earlier version did");
    token
}

async fn kept_token(keychain: &Keychain, practice: bool, name: &str) -> Option<Secret> {
    let kinds = vec![EntryKind::RefreshToken];
    let mut values = keychain.get_all(practice, name, kinds).await.expect("read");
    values.pop().flatten()
}

fn desk_with(dir: &std::path::Path, keychain: &Keychain) -> Desk {
    common::desk_over(dir, keychain.clone())
}

#[tokio::test]
async fn removing_a_connection_revokes_its_kept_token_first() {
    let keychain = in_memory_keychain();
    let dir = tempfile::tempdir().expect("temp dir");
    let desk = desk_with(dir.path(), &keychain);
    let org = practice_org().await;
    desk.add_connection(
        connection(&org, "Practice SBS", true),
        org.consumer_key(),
        org.consumer_secret(),
    )
    .await
    .expect("add");
    kept_by_an_earlier_version(&keychain, &org, true, "Practice SBS").await;
    assert_eq!(org.live_tokens(), (1, 0));

    desk.remove_connection("Practice SBS")
        .await
        .expect("removed");
    assert_eq!(
        org.live_tokens(),
        (0, 0),
        "the token was revoked at the org before its entry went"
    );
    assert!(kept_token(&keychain, true, "Practice SBS").await.is_none());
    org.shutdown().await;
}

#[tokio::test]
async fn saving_over_a_connection_or_into_a_name_with_a_kept_token_revokes_it() {
    let keychain = in_memory_keychain();
    let dir = tempfile::tempdir().expect("temp dir");
    let desk = desk_with(dir.path(), &keychain);
    let org = practice_org().await;

    // A name whose earlier connection left its token behind.
    kept_by_an_earlier_version(&keychain, &org, true, "Practice SBS").await;
    assert_eq!(org.live_tokens(), (1, 0));
    desk.add_connection(
        connection(&org, "Practice SBS", true),
        org.consumer_key(),
        org.consumer_secret(),
    )
    .await
    .expect("add");
    assert_eq!(org.live_tokens(), (0, 0), "the left-over token was revoked");
    assert!(kept_token(&keychain, true, "Practice SBS").await.is_none());

    // A setup's form saving again over its connection (as the app does).
    let profile = eca_core::profile(PROFILE).expect("profile");
    let mut inputs = SetupInputs::suggested(profile);
    inputs.domain = org.host();
    let id = desk.create_with(PROFILE, inputs).expect("setup").setup.id;
    let saved = |replace| {
        desk.save_credentials(
            &id,
            "Setup SBS",
            org.consumer_key(),
            org.consumer_secret().clone(),
            replace,
        )
    };
    saved(false).await.expect("saved");
    let setup_practice = desk.read(&id).expect("setup").setup.practice;
    kept_by_an_earlier_version(&keychain, &org, setup_practice, "Setup SBS").await;
    assert_eq!(org.live_tokens(), (1, 0));
    saved(true).await.expect("saved again");
    assert_eq!(
        org.live_tokens(),
        (0, 0),
        "the replaced one's token was revoked"
    );
    assert!(kept_token(&keychain, setup_practice, "Setup SBS")
        .await
        .is_none());
    org.shutdown().await;
}

/// A real connection's token goes nowhere but its org over https; here its org is on loopback,
/// so the revoke is refused before anything is sent, as any failed revoke would be.
#[tokio::test]
async fn a_token_that_cannot_be_revoked_keeps_the_connection_and_says_where_to_revoke_it() {
    let keychain = in_memory_keychain();
    let dir = tempfile::tempdir().expect("temp dir");
    let desk = desk_with(dir.path(), &keychain);
    let org = practice_org().await;
    desk.add_connection(
        connection(&org, "Real", false),
        org.consumer_key(),
        org.consumer_secret(),
    )
    .await
    .expect("add");
    let token = kept_by_an_earlier_version(&keychain, &org, false, "Real").await;

    let refused = desk
        .remove_connection("Real")
        .await
        .expect_err("a token that was not revoked is not dropped");
    assert_eq!(refused.code, ErrorCode::OrgRefused, "{refused:?}");
    assert!(
        refused.message.starts_with(
            "A refresh token an earlier version of this app kept for “Real” could not be revoked at "
        ) && refused
            .message
            .ends_with("so it stays in the keychain and nothing was changed: deleting it would leave it valid in Salesforce."),
        "{}",
        refused.message
    );
    assert!(
        refused
            .hint
            .contains("enter External Client Apps, select OAuth Usage, and revoke"),
        "{}",
        refused.hint
    );
    assert_eq!(
        kept_token(&keychain, false, "Real").await.as_ref(),
        Some(&token),
        "the token stays"
    );
    assert_eq!(
        desk.connections().await.expect("list").connections.len(),
        1,
        "and the connection with it"
    );
    org.shutdown().await;
}

#[tokio::test]
async fn a_practice_token_whose_org_has_stopped_is_dropped() {
    let keychain = in_memory_keychain();
    let dir = tempfile::tempdir().expect("temp dir");
    let desk = desk_with(dir.path(), &keychain);
    let org = practice_org().await;
    desk.add_connection(
        connection(&org, "Practice SBS", true),
        org.consumer_key(),
        org.consumer_secret(),
    )
    .await
    .expect("add");
    kept_by_an_earlier_version(&keychain, &org, true, "Practice SBS").await;
    // The practice org's tokens live in its memory: stopped, it took them with it.
    org.shutdown().await;
    desk.remove_connection("Practice SBS")
        .await
        .expect("removed");
    assert!(desk
        .connections()
        .await
        .expect("list")
        .connections
        .is_empty());
    assert!(kept_token(&keychain, true, "Practice SBS").await.is_none());
}
