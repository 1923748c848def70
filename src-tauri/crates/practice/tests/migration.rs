//! A practice org with a connected app to migrate: its Setup pages show what the migration
//! screens tell the admin to look for (FIDELITY M*), Migrate is offered only for a local app
//! without the username-password flow, and after an in-place migration the External Client App
//! answers to the connected app's key, or to another one when the key is set not to be kept.

mod common;

use common::{client, post_token, start, KEY};
use eca_practice::{MigrateRefusal, PracticeOrg};
use reqwest::StatusCode;
use serde_json::Value;

async fn page(org: &PracticeOrg, path: &str) -> String {
    let response = client()
        .get(format!("{}{path}", org.base_url()))
        .send()
        .await
        .expect("page");
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    response.text().await.expect("html")
}

async fn press(org: &PracticeOrg, action: &str) -> (StatusCode, String) {
    let response = client()
        .post(format!(
            "{}/practice/connected-app/{action}",
            org.base_url()
        ))
        .send()
        .await
        .expect("button");
    let status = response.status();
    (status, response.text().await.expect("body"))
}

/// Client credentials with a key and the org's app secret of that moment.
async fn token_with(org: &PracticeOrg, key: &str) -> (StatusCode, Value) {
    let secret = org.consumer_secret().expose().to_owned();
    post_token(
        org,
        &[
            ("grant_type", "client_credentials"),
            ("client_id", key),
            ("client_secret", &secret),
        ],
    )
    .await
}

const OAUTH_USAGE: &str = "/lightning/setup/ConnectedAppsUsage/home";
const APP_MANAGER: &str = "/lightning/setup/NavigationMenus/home";
const LOGIN_HISTORY: &str = "/lightning/setup/OrgLoginHistory/home";

#[tokio::test]
async fn migrating_in_place_gives_the_external_client_app_the_connected_apps_key() {
    let org = start(&[("connected_app", "true")]).await;
    let old_key = org.connected_app_key().expect("a connected app").to_owned();
    assert_eq!(org.consumer_key(), KEY, "before: the org's own app");
    assert_ne!(old_key, KEY);
    assert_eq!(
        token_with(&org, &old_key).await.0,
        StatusCode::BAD_REQUEST,
        "no External Client App has the old key yet"
    );

    let manager = page(&org, APP_MANAGER).await;
    assert!(
        manager.contains("Migrate to External Client App"),
        "{manager}"
    );
    assert!(
        manager.contains(&old_key),
        "Manage Consumer Details shows the key"
    );
    let (status, _) = press(&org, "migrate").await;
    assert_eq!(status, StatusCode::SEE_OTHER, "back to App Manager");
    assert!(org.migrated());

    assert_eq!(org.consumer_key(), old_key);
    let (status, body) = token_with(&org, &old_key).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(token_with(&org, KEY).await.0, StatusCode::BAD_REQUEST);
    let manager = page(&org, APP_MANAGER).await;
    assert!(manager.contains("Read-only"), "{manager}");
    assert!(!manager.contains("id=\"migrate\""), "migrated once");
    assert_eq!(org.migrate_in_place(), Err(MigrateRefusal::AlreadyMigrated));
    org.shutdown().await;
}

#[tokio::test]
async fn a_key_set_not_to_be_kept_differs_after_the_migration() {
    let org = start(&[("migration_keeps_key", "false")]).await;
    let old_key = org.connected_app_key().expect("a connected app").to_owned();
    org.migrate_in_place().expect("eligible");
    assert_eq!(org.consumer_key(), KEY);
    assert_ne!(org.consumer_key(), old_key);
    assert_eq!(token_with(&org, &old_key).await.0, StatusCode::BAD_REQUEST);
    assert_eq!(token_with(&org, KEY).await.0, StatusCode::OK);
    org.shutdown().await;
}

#[tokio::test]
async fn an_app_that_is_not_local_or_uses_the_password_flow_cannot_be_migrated() {
    for (setting, refusal) in [
        ("connected_app_local", MigrateRefusal::NotLocal),
        ("connected_app_password_flow", MigrateRefusal::PasswordFlow),
    ] {
        let value = if setting == "connected_app_local" {
            "false"
        } else {
            "true"
        };
        let org = start(&[(setting, value)]).await;
        let manager = page(&org, APP_MANAGER).await;
        assert!(
            !manager.contains("Migrate to External Client App"),
            "{setting}: no button"
        );
        assert_eq!(org.migrate_in_place(), Err(refusal));
        let (status, body) = press(&org, "migrate").await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(body.contains("does not offer Migrate"), "{body}");
        assert!(!org.migrated());
        org.shutdown().await;
    }
}

#[tokio::test]
async fn a_password_flow_app_is_missing_from_oauth_usage_and_shows_in_login_history() {
    let org = start(&[("connected_app_password_flow", "true")]).await;
    let usage = page(&org, OAUTH_USAGE).await;
    assert!(
        usage.contains("No connected apps with active OAuth tokens"),
        "{usage}"
    );
    let history = page(&org, LOGIN_HISTORY).await;
    assert!(history.contains("username-password flow"), "{history}");
    assert!(history.contains("Remote Access 2.0"));
    org.shutdown().await;

    let org = start(&[("connected_app", "true")]).await;
    let usage = page(&org, OAUTH_USAGE).await;
    assert!(
        usage.contains("Practice Integration (connected app)"),
        "{usage}"
    );
    assert!(usage.contains("Revoke All") && usage.contains("Block"));
    assert!(page(&org, LOGIN_HISTORY).await.contains("web server flow"));
    org.shutdown().await;
}

#[tokio::test]
async fn revoking_blocking_and_deleting_show_on_the_pages() {
    let org = start(&[("connected_app", "true")]).await;
    assert_eq!(press(&org, "block").await.0, StatusCode::SEE_OTHER);
    assert!(page(&org, OAUTH_USAGE).await.contains("Blocked"));
    assert_eq!(press(&org, "revoke").await.0, StatusCode::SEE_OTHER);
    assert!(
        page(&org, OAUTH_USAGE).await.contains("No connected apps"),
        "an app without tokens leaves the list"
    );
    assert_eq!(press(&org, "delete").await.0, StatusCode::SEE_OTHER);
    assert!(page(&org, APP_MANAGER).await.contains("Deleted."));
    assert_eq!(org.migrate_in_place(), Err(MigrateRefusal::Deleted));
    assert_eq!(press(&org, "unknown").await.0, StatusCode::NOT_FOUND);
    org.shutdown().await;
}

#[tokio::test]
async fn an_org_without_a_connected_app_says_so() {
    let org = start(&[]).await;
    assert_eq!(org.connected_app_key(), None);
    assert!(page(&org, APP_MANAGER).await.contains("no connected app"));
    assert_eq!(press(&org, "migrate").await.0, StatusCode::NOT_FOUND);
    assert_eq!(org.migrate_in_place(), Err(MigrateRefusal::NoConnectedApp));
    org.shutdown().await;
}
