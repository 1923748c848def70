//! Moving an integration from its connected app, called as the app's commands call it: a desk
//! over a temporary folder, a practice org with a connected app to migrate, and (for the
//! verification before the cleanup) a keychain in memory.

mod common;

use common::{desk, files};
use eca_core::migration::{CleanupStep, KeyCheck, OldAppAction, Rehearsal, Route};
use eca_core::screen::ScreenState;
use eca_core::secret::Secret;
use eca_core::{ErrorCode, FlowChoice, Screen};
use eca_report::{Dates, Format};
use eca_session::{Desk, VerifyOptions};

/// A practice migration of Service Board Sync (client credentials, so it verifies without a
/// browser) whose findings are recorded as the practice org shows them; returns its id and the
/// connected app's key.
async fn practice_migration(desk: &Desk, rehearsal: Rehearsal) -> (String, String) {
    let view = desk
        .start_practice_migration("service-board-sync", rehearsal)
        .await
        .expect("practice migration");
    let id = view.setup.id.clone();
    let practice = desk.practice_credentials(&id).await.expect("credentials");
    let app = practice.connected_app.expect("a connected app to migrate");
    assert_eq!(app.local, rehearsal.local);
    assert_eq!(app.password_flow, rehearsal.password_flow);
    desk.record_old_app(&id, &app.name, app.local, Some(app.users))
        .expect("old app");
    desk.record_sign_ins(&id, app.password_flow)
        .expect("sign-ins");
    (id, app.consumer_key)
}

async fn migrate_in_place(desk: &Desk, id: &str, old_key: &str) -> KeyCheck {
    desk.choose_route(id, Route::InPlace)
        .await
        .expect("in place");
    desk.record_key_before(id, old_key).expect("key before");
    desk.record_migrated(id, true).await.expect("migrated");
    let practice = desk.practice_credentials(id).await.expect("credentials");
    assert!(practice.connected_app.is_some_and(|app| app.migrated));
    let view = desk
        .compare_key_after(id, &practice.consumer_key)
        .expect("key after");
    view.migration.and_then(|m| m.key_check).expect("compared")
}

#[tokio::test]
async fn a_migration_setup_is_listed_as_one_and_resumes_to_its_first_screen() {
    let dir = tempfile::tempdir().expect("temp dir");
    let desk = desk(dir.path());
    let view = desk.start_migration("vonage-ai-studio").expect("start");
    assert!(view.setup.migration.is_some());
    assert_eq!(view.setup.current_step, Screen::INPUTS);
    let home = desk.home().await.expect("home");
    assert!(home.setups[0].migration, "the home list says it is a move");
    assert_eq!(
        home.resume.map(|view| view.setup.id),
        Some(view.setup.id.clone())
    );
    let err = desk
        .choose_route(&view.setup.id, Route::NewEca)
        .await
        .expect_err("nothing found yet");
    assert_eq!(err.code, ErrorCode::InvalidInput);
}

#[tokio::test]
async fn a_kept_key_is_the_same_after_an_in_place_migration_and_is_never_saved() {
    let dir = tempfile::tempdir().expect("temp dir");
    let desk = desk(dir.path());
    let (id, old_key) = practice_migration(&desk, Rehearsal::default()).await;
    assert_eq!(migrate_in_place(&desk, &id, &old_key).await, KeyCheck::Same);
    let view = desk.read(&id).expect("read");
    let migration = view.migration.expect("view");
    assert!(migration.partner[0].text.contains("no new key"));
    for (path, text) in files(dir.path()) {
        assert!(!text.contains(&old_key), "{path} holds the Consumer Key");
    }
}

#[tokio::test]
async fn a_key_the_practice_org_changes_is_reported_as_changed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let desk = desk(dir.path());
    let rehearsal = Rehearsal {
        key_kept: false,
        ..Rehearsal::default()
    };
    let (id, old_key) = practice_migration(&desk, rehearsal).await;
    assert_eq!(
        migrate_in_place(&desk, &id, &old_key).await,
        KeyCheck::Changed
    );
    let migration = desk.read(&id).expect("read").migration.expect("view");
    assert!(migration.partner[0].text.contains("needs the new key"));
}

#[tokio::test]
async fn an_app_the_org_will_not_migrate_cannot_be_migrated_in_place() {
    let dir = tempfile::tempdir().expect("temp dir");
    let desk = desk(dir.path());
    // A password-flow app: the route itself is refused, with the reason.
    let rehearsal = Rehearsal {
        password_flow: true,
        ..Rehearsal::default()
    };
    let (id, _) = practice_migration(&desk, rehearsal).await;
    let err = desk
        .choose_route(&id, Route::InPlace)
        .await
        .expect_err("not eligible");
    assert!(err.message.contains("username-password"), "{}", err.message);

    // An app recorded as local that is not: the practice org refuses Migrate, as Salesforce
    // shows no button for it, and the step is not marked.
    let rehearsal = Rehearsal {
        local: false,
        ..Rehearsal::default()
    };
    let (id, old_key) = practice_migration(&desk, rehearsal).await;
    desk.record_old_app(&id, "Mistaken", true, None)
        .expect("recorded as local");
    desk.choose_route(&id, Route::InPlace).await.expect("route");
    desk.record_key_before(&id, &old_key).expect("key");
    let err = desk
        .record_migrated(&id, true)
        .await
        .expect_err("the practice org refuses");
    assert!(err.message.contains("not local"), "{}", err.message);
    let migration = desk.read(&id).expect("read").setup.migration.expect("m");
    assert_eq!(migration.migrated_at, None);
}

#[tokio::test]
async fn the_password_flow_route_restarts_the_practice_app_with_client_credentials() {
    let dir = tempfile::tempdir().expect("temp dir");
    let desk = desk(dir.path());
    let rehearsal = Rehearsal {
        password_flow: true,
        ..Rehearsal::default()
    };
    let view = desk
        .start_practice_migration("vonage-ai-studio", rehearsal)
        .await
        .expect("practice");
    let id = view.setup.id.clone();
    let before = view.checklist.org.expect("org").host;
    desk.record_old_app(&id, "Vonage (connected app)", true, None)
        .expect("old app");
    desk.record_sign_ins(&id, true).expect("sign-ins");
    let view = desk
        .choose_route(&id, Route::ClientCredentials)
        .await
        .expect("route");
    assert!(view.setup.inputs.chose("sandbox_client_credentials"));
    assert_ne!(
        view.checklist.org.expect("org").host,
        before,
        "the practice org was started again with the new settings"
    );
    assert_eq!(view.verify_flows[0].flow, FlowChoice::ClientCredentials);
    let practice = desk.practice_credentials(&id).await.expect("credentials");
    desk.save_credentials(
        &id,
        "Practice Vonage",
        &practice.consumer_key,
        Secret::new(practice.consumer_secret.clone()),
        true,
    )
    .await
    .expect("saved");
    let verification = desk
        .verify("Practice Vonage", VerifyOptions::default(), &|_| {})
        .await
        .expect("verify");
    assert!(verification.passed, "{verification:#?}");
    assert_eq!(verification.flow, FlowChoice::ClientCredentials);
    desk.remove_connection("Practice Vonage")
        .await
        .expect("remove");
}

#[tokio::test]
async fn the_cleanup_opens_after_verification_and_the_report_tells_the_whole_move() {
    let dir = tempfile::tempdir().expect("temp dir");
    let desk = desk(dir.path());
    let (id, old_key) = practice_migration(&desk, Rehearsal::default()).await;
    assert_eq!(migrate_in_place(&desk, &id, &old_key).await, KeyCheck::Same);
    let err = desk
        .mark_cleanup(&id, CleanupStep::RevokeTokens, true)
        .expect_err("not verified yet");
    assert!(err.message.contains("verification"), "{}", err.message);
    let state = |desk: &Desk| {
        desk.read(&id)
            .expect("read")
            .screens
            .into_iter()
            .find(|entry| entry.screen == Screen::CLEANUP)
            .map(|entry| entry.state)
    };
    assert_eq!(state(&desk), Some(ScreenState::Locked));

    let practice = desk.practice_credentials(&id).await.expect("credentials");
    let secret = practice.consumer_secret.clone();
    desk.save_credentials(
        &id,
        "Practice migrated",
        &practice.consumer_key,
        Secret::new(secret.clone()),
        true,
    )
    .await
    .expect("saved");
    let verification = desk
        .verify("Practice migrated", VerifyOptions::default(), &|_| {})
        .await
        .expect("verify");
    assert!(verification.passed, "{verification:#?}");
    assert_eq!(state(&desk), Some(ScreenState::Todo));
    desk.mark_cleanup(&id, CleanupStep::RevokeTokens, true)
        .expect("revoked");
    let view = desk
        .mark_cleanup(&id, CleanupStep::BlockOldApp, true)
        .expect("blocked");
    let cleanup = view.setup.migration.expect("migration").cleanup;
    assert_eq!(
        cleanup.old_app.map(|end| end.action),
        Some(OldAppAction::Blocked)
    );
    assert_eq!(state(&desk), Some(ScreenState::Done));

    let report = String::from_utf8(
        desk.report(&id, Format::Markdown, &Dates::Utc)
            .await
            .expect("report"),
    )
    .expect("utf-8");
    for said in [
        "Service Board Sync (connected app)",
        "Migrate the connected app in place",
        "same Consumer Key",
        "Tokens revoked",
        "Blocked",
    ] {
        assert!(report.contains(said), "the report says “{said}”:\n{report}");
    }
    for format in [Format::Markdown, Format::Html, Format::Json, Format::Pdf] {
        let bytes = desk.report(&id, format, &Dates::Utc).await.expect("report");
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains(&old_key), "{format:?} holds the key");
        assert!(!text.contains(&secret), "{format:?} holds the secret");
    }
    for (path, text) in files(dir.path()) {
        assert!(!text.contains(&old_key), "{path} holds the key");
        assert!(!text.contains(&secret), "{path} holds the secret");
    }
    desk.remove_connection("Practice migrated")
        .await
        .expect("remove");
}
