//! Connecting with the Salesforce CLI's login through the desk: the stand-in `sf` of the org
//! crate's tests (`crates/org/tests/fixtures/sf-cli/sf`) answers for a token the practice org
//! issued. The token goes to no keychain, file or log, and disconnecting does not revoke it.
//! This file holds one test: it puts the stand-in first on this test process's PATH.

mod common;

use std::path::Path;
use std::time::Duration;

use eca_core::inputs::SetupInputs;
use eca_org::{connect, ConnectRequest};
use eca_practice::PracticeConfig;
use eca_vault::EntryKind;
use eca_verify::LoopbackConfig;
use serde_json::json;
use tokio_util::sync::CancellationToken;

#[tokio::test]
async fn the_cli_login_is_used_without_keeping_or_revoking_its_token() {
    // A practice org and a token it issued, as `sf org login web` would have got one.
    let profile = eca_core::profiles()
        .iter()
        .find(|p| p.id == "vonage-ai-studio")
        .expect("the profile");
    let mut config = PracticeConfig::from_profile(profile, &SetupInputs::suggested(profile));
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .expect("a port")
        .local_addr()
        .expect("its address")
        .port();
    config
        .callback_urls
        .push(format!("http://localhost:{port}/OauthRedirect"));
    config.auto_approve = true;
    config.require_secret_web_server = false;
    let org = eca_practice::start(config, None).await.expect("started");
    let request = ConnectRequest {
        domain: org.host(),
        consumer_key: org.consumer_key().to_owned(),
        practice: true,
        loopback: LoopbackConfig {
            port,
            path: "/OauthRedirect".into(),
            timeout: Duration::from_secs(20),
        },
    };
    let browser = |url: &str| -> Result<(), eca_core::UiError> {
        let url = url.to_owned();
        tokio::spawn(async move {
            let client = reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("a client");
            let page = client.get(&url).send().await.expect("authorize answers");
            if let Some(location) = page.headers().get("location") {
                let location = location.to_str().expect("ascii").to_owned();
                let _ = client.get(location).send().await;
            }
        });
        Ok(())
    };
    let (issued, who) = connect(&request, &browser, &|_| {}, &CancellationToken::new())
        .await
        .expect("the practice org issues a token");
    let token = issued.token.expose().to_owned();

    // The stand-in `sf`, first on PATH.
    let bin = tempfile::tempdir().expect("a folder");
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("../org/tests/fixtures/sf-cli/sf");
    std::fs::copy(&fixture, bin.path().join("sf")).expect("copied");
    let instance = format!("http://{}", org.host());
    let entry = json!({ "orgId": "00D000000000001AAA", "instanceUrl": instance,
        "username": who.username, "connectedStatus": "Connected" });
    let list = json!({ "status": 0, "result": { "nonScratchOrgs": [entry], "regularOrgs": [entry],
        "sandboxes": [], "devHubs": [], "scratchOrgs": [] } });
    let display = json!({ "status": 0, "result": { "id": "00D000000000001AAA",
        "instanceUrl": instance, "username": who.username,
        "accessToken": "Access token is redacted. Use sf org auth show-access-token to see it." } });
    let shown = json!({ "status": 0, "result": { "accessToken": token } });
    for (name, text) in [
        ("org-list.json", list.to_string()),
        ("org-display.json", display.to_string()),
        ("show-access-token.json", shown.to_string()),
        ("username", who.username.clone()),
    ] {
        std::fs::write(bin.path().join(name), text).expect("written");
    }
    let mut dirs = vec![bin.path().to_owned()];
    dirs.extend(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    ));
    std::env::set_var("PATH", std::env::join_paths(dirs).expect("a PATH"));

    let dir = tempfile::tempdir().expect("a data folder");
    let keychain = common::in_memory_keychain();
    let desk = common::desk_over(dir.path(), keychain.clone());
    let login = desk.org_sf_cli_login(&org.host()).await.expect("offered");
    assert_eq!(login.username, who.username);
    assert_eq!(
        desk.org_sf_cli_login("acme.my.salesforce.com").await,
        None,
        "no login offered for an org the CLI is not authorized to"
    );

    let identity = desk
        .org_connect_sf_cli(&org.host(), &login.username, true)
        .await
        .expect("connected with the CLI's login");
    assert_eq!(identity.username, who.username, "connected as that user");
    assert!(identity.salesforce_cli);
    let kept = keychain
        .get_all(true, "ECA Setup Assistant (org)", vec![EntryKind::OrgToken])
        .await
        .expect("the keychain answers");
    assert!(
        kept.iter().all(Option::is_none),
        "nothing written to the keychain"
    );
    for (path, text) in common::files(dir.path()) {
        assert!(!text.contains(&token), "the token is in {path}");
    }

    desk.org_disconnect().await.expect("disconnected");
    assert!(desk.org_identity().is_none());
    for (path, text) in common::files(dir.path()) {
        assert!(!text.contains(&token), "the token is in {path}");
    }
    // Not revoked: the CLI's session still works.
    let rows = eca_org::query::query(&issued, "User", "SELECT Id FROM User")
        .await
        .expect("the practice org still honours the CLI's token");
    assert!(!rows.records.is_empty());
}
