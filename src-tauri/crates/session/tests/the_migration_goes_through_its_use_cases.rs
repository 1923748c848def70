//! A migration's route and its Migrate click change a practice org as well as the setup, so they
//! are reachable only through their use cases (`Desk::choose_route`, `Desk::record_migrated`):
//! `SetupEdit` has no way to carry them (the compiler says so: see the `compile_fail` example on
//! `Desk::edit`), the app's `edit_setup` command cannot even read one from the webview, and each
//! use case does what the practice org needs.

mod common;

use common::desk;
use eca_core::migration::Rehearsal;
use eca_session::{Route, SetupEdit};

/// The JSON the webview sends to `edit_setup`, for a form's change and for the two that have
/// their own commands.
#[test]
fn edit_setup_cannot_read_a_route_or_the_migrate_click() {
    let form: SetupEdit = serde_json::from_str(
        r#"{"kind": "migration", "edit": {"kind": "sign_ins", "password_flow": true}}"#,
    )
    .expect("a form's change is an edit");
    assert!(matches!(form, SetupEdit::Migration { .. }));
    for decision in [
        r#"{"kind": "route", "route": "in-place"}"#,
        r#"{"kind": "migrated", "done": true}"#,
    ] {
        let json = format!(r#"{{"kind": "migration", "edit": {decision}}}"#);
        assert!(
            serde_json::from_str::<SetupEdit>(&json).is_err(),
            "edit_setup must refuse {decision}: it has its own use case"
        );
    }
}

#[tokio::test]
async fn choosing_a_route_starts_the_practice_org_again_with_the_routes_app() {
    let dir = tempfile::tempdir().expect("temp dir");
    let desk = desk(dir.path());
    let rehearsal = Rehearsal {
        password_flow: true,
        ..Rehearsal::default()
    };
    let view = desk
        .start_practice_migration("vonage-ai-studio", rehearsal)
        .await
        .expect("practice migration");
    let id = view.setup.id.clone();
    let before = desk.practice_credentials(&id).await.expect("credentials");
    desk.record_old_app(&id, "Vonage (connected app)", true, None)
        .expect("old app");
    desk.record_sign_ins(&id, true).expect("sign-ins");

    let view = desk
        .choose_route(&id, Route::ClientCredentials)
        .await
        .expect("route");
    let migration = view.setup.migration.as_ref().expect("a migration");
    assert_eq!(migration.route, Some(Route::ClientCredentials));
    assert!(view.setup.inputs.chose("sandbox_client_credentials"));
    let after = desk.practice_credentials(&id).await.expect("credentials");
    assert_ne!(
        after.consumer_key, before.consumer_key,
        "the practice org plays the new app the route creates, with its own key"
    );
}

#[tokio::test]
async fn recording_the_migrate_click_migrates_the_practice_orgs_connected_app() {
    let dir = tempfile::tempdir().expect("temp dir");
    let desk = desk(dir.path());
    let view = desk
        .start_practice_migration("service-board-sync", Rehearsal::default())
        .await
        .expect("practice migration");
    let id = view.setup.id.clone();
    let practice = desk.practice_credentials(&id).await.expect("credentials");
    let app = practice.connected_app.expect("a connected app to migrate");
    assert!(!app.migrated);
    desk.record_old_app(&id, &app.name, app.local, Some(app.users))
        .expect("old app");
    desk.record_sign_ins(&id, false).expect("sign-ins");
    desk.choose_route(&id, Route::InPlace).await.expect("route");
    desk.record_key_before(&id, &app.consumer_key)
        .expect("key before");

    let view = desk.record_migrated(&id, true).await.expect("migrated");
    let migration = view.setup.migration.expect("a migration");
    assert!(migration.migrated_at.is_some());
    let practice = desk.practice_credentials(&id).await.expect("credentials");
    assert!(
        practice.connected_app.is_some_and(|app| app.migrated),
        "the practice org's App Manager migrated its connected app too"
    );
    assert_eq!(
        practice.consumer_key, app.consumer_key,
        "the migrated app kept the connected app's key, as this rehearsal plays it"
    );
}
