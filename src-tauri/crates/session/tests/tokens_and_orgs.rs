//! What a verification of a saved connection may send and what it leaves behind: a connection
//! is verified only against the org it was saved for (its setup may point elsewhere since), and
//! no token outlives the verification, not even one an earlier version of the app kept.

mod common;

use std::time::Duration;

use common::{desk, desk_over, os_keychain};
use eca_core::inputs::SetupInputs;
use eca_core::setup::SetupEdit;
use eca_core::ErrorCode;
use eca_practice::PracticeOrg;
use eca_session::{Desk, VerifyOptions};
use eca_vault::EntryKind;
use eca_verify::http::Transport;
use eca_verify::{CheckId, CheckStatus};

const PROFILE: &str = "service-board-sync";

async fn practice_org() -> PracticeOrg {
    let profile = eca_core::profile(PROFILE).expect("profile");
    let config =
        eca_practice::PracticeConfig::from_profile(profile, &SetupInputs::suggested(profile));
    eca_practice::start(config, None)
        .await
        .expect("practice org")
}

/// A setup for `org` (as `setup new --domain 127.0.0.1:PORT` makes one) with `org`'s
/// credentials saved as the connection `name`; returns the setup's id.
async fn setup_with_connection(desk: &Desk, org: &PracticeOrg, name: &str) -> String {
    let profile = eca_core::profile(PROFILE).expect("profile");
    let mut inputs = SetupInputs::suggested(profile);
    inputs.domain = org.host();
    let view = desk.create_with(PROFILE, inputs).expect("setup");
    let id = view.setup.id.clone();
    desk.save_credentials(
        &id,
        name,
        org.consumer_key(),
        org.consumer_secret().clone(),
        false,
    )
    .await
    .expect("credentials saved");
    id
}

#[tokio::test]
async fn a_connection_saved_for_another_org_than_its_setups_is_refused_unsent() {
    let dir = tempfile::tempdir().expect("temp dir");
    let desk = desk(dir.path());
    let (first, second) = (practice_org().await, practice_org().await);
    let id = setup_with_connection(&desk, &first, "First org").await;
    let verification = desk
        .verify("First org", VerifyOptions::default(), &|_| {})
        .await
        .expect("verified against its own org");
    assert!(verification.passed, "{verification:#?}");

    // The setup now points at another org; the saved key and secret are still the first's.
    desk.edit(
        &id,
        SetupEdit::Input {
            field: "domain".into(),
            value: second.host(),
        },
    )
    .expect("domain changed");
    let refused = desk
        .verify("First org", VerifyOptions::default(), &|_| {})
        .await
        .expect_err("a connection of another org is refused");
    assert_eq!(refused.code, ErrorCode::ConnectionOtherOrg, "{refused:?}");
    assert_eq!(
        refused.message,
        format!(
            "The connection “First org” holds the key and secret of {}, but its setup is now for {}, so nothing was sent.",
            first.host(),
            second.host()
        )
    );
    assert!(
        refused
            .hint
            .contains(&format!("connection add --setup {id}")),
        "{}",
        refused.hint
    );
    assert_eq!(
        second.live_tokens(),
        (0, 0),
        "the second org was never asked for a token"
    );

    // Pointed back at its own org, the connection verifies again.
    desk.edit(
        &id,
        SetupEdit::Input {
            field: "domain".into(),
            value: first.host(),
        },
    )
    .expect("domain back");
    let again = desk
        .verify("First org", VerifyOptions::default(), &|_| {})
        .await
        .expect("verified");
    assert!(again.passed, "{again:#?}");
    desk.remove_connection("First org").await.expect("remove");
    first.shutdown().await;
    second.shutdown().await;
}

#[tokio::test]
async fn a_verification_leaves_no_usable_token_and_ends_one_an_earlier_version_kept() {
    // On the OS keychain: the token an earlier version kept is deleted from the real one.
    let keychain = os_keychain().await;
    let dir = tempfile::tempdir().expect("temp dir");
    let desk = desk_over(dir.path(), keychain.clone());
    let org = practice_org().await;
    setup_with_connection(&desk, &org, "Practice SBS").await;

    // What an earlier version left: a live token in the keychain after its verification. (It
    // kept a refresh token; the revoke endpoint ends an access token the same way, and client
    // credentials, this integration's flow, issue only those.)
    let transport = Transport::new(true, Duration::from_secs(5));
    let earlier = eca_verify::token::client_credentials(
        &transport,
        &org.base_url(),
        org.consumer_key(),
        org.consumer_secret(),
    )
    .await
    .expect("a live token");
    keychain
        .set_all(
            true,
            "Practice SBS",
            vec![(EntryKind::RefreshToken, earlier.access_token.clone())],
        )
        .await
        .expect("kept as an earlier version did");
    assert_eq!(org.live_tokens(), (1, 0));

    let verification = desk
        .verify("Practice SBS", VerifyOptions::default(), &|_| {})
        .await
        .expect("verify");
    assert!(verification.passed, "{verification:#?}");
    let revoke = verification.check(CheckId::Revoke).expect("a Revoke check");
    assert_eq!(revoke.status, CheckStatus::Passed);
    assert_eq!(
        revoke.detail,
        "Revoked: the access token no longer works, and this app kept none of it."
    );
    assert!(
        verification.notes.iter().any(|note| note
            == "A refresh token an earlier version of this app kept for this connection was revoked and deleted from the keychain; this version keeps no token."),
        "{:?}",
        verification.notes
    );
    assert_eq!(org.live_tokens(), (0, 0), "no usable token left behind");
    let left = keychain
        .get_all(true, "Practice SBS", vec![EntryKind::RefreshToken])
        .await
        .expect("read");
    assert!(
        left[0].is_none(),
        "the earlier token is gone from the keychain"
    );

    // Asked to keep them, the tokens stay only in Salesforce, and the result says so.
    let kept = desk
        .verify(
            "Practice SBS",
            VerifyOptions {
                keep_tokens: true,
                ..VerifyOptions::default()
            },
            &|_| {},
        )
        .await
        .expect("verify");
    let revoke = kept.check(CheckId::Revoke).expect("a Revoke check");
    assert_eq!(revoke.status, CheckStatus::Skipped);
    assert!(
        revoke.detail.starts_with("Kept, as asked"),
        "{}",
        revoke.detail
    );
    assert_eq!(org.live_tokens(), (1, 0), "kept in Salesforce");
    let left = keychain
        .get_all(true, "Practice SBS", vec![EntryKind::RefreshToken])
        .await
        .expect("read");
    assert!(left[0].is_none(), "and never in the keychain");
    desk.remove_connection("Practice SBS")
        .await
        .expect("remove");
    org.shutdown().await;
}

#[test]
fn the_app_revokes_by_default() {
    assert!(
        !VerifyOptions::default().keep_tokens,
        "the desktop app passes the defaults"
    );
}
