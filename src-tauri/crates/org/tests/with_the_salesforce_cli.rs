//! The Salesforce CLI's login, borrowed: a stand-in `sf` (tests/fixtures/sf-cli/sf) answers
//! with the CLI's documented JSON, pointing at the practice org and a token the practice org
//! issued. The stand-in is found on a PATH built here; the process's own PATH is not changed.

use std::ffi::OsString;
use std::path::Path;
use std::time::Duration;

use eca_core::inputs::SetupInputs;
use eca_org::{connect, ConnectRequest, OrgSession, SfCli};
use eca_practice::{PracticeConfig, PracticeOrg};
use eca_verify::LoopbackConfig;
use serde_json::json;
use tokio_util::sync::CancellationToken;

/// A practice org whose assistant app approves at once, and a token it issued (the web server
/// flow, as the CLI's own `sf org login web` would get one), with its user's name.
async fn practice_org_and_token() -> (PracticeOrg, OrgSession, String) {
    let profile = eca_test_support::profile("vonage-ai-studio");
    let inputs = SetupInputs::suggested(profile);
    let mut config = PracticeConfig::from_profile(profile, &inputs);
    let port = eca_test_support::free_port();
    config
        .callback_urls
        .push(format!("http://localhost:{port}/OauthRedirect"));
    config.auto_approve = true;
    config.require_secret_web_server = false;
    let org = eca_practice::start(config, None)
        .await
        .expect("the practice org starts");
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
    let (session, identity) = connect(&request, &browser, &|_| {}, &CancellationToken::new())
        .await
        .expect("the practice org issues a token");
    (org, session, identity.username)
}

/// The stand-in `sf` in `dir`, authorized to `instance_url` as `username` with `token`.
/// `current` gives it `org auth show-access-token` (and redacts `org display`'s token, as
/// the CLI now does); without it, it is an older CLI that shows the token in `org display`.
fn stand_in(dir: &Path, instance_url: &str, username: &str, token: &str, current: bool) {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sf-cli/sf");
    std::fs::copy(&fixture, dir.join("sf")).expect("the stand-in is copied");
    let org_id = "00D000000000001AAA";
    let entry = json!({
        "orgId": org_id,
        "instanceUrl": instance_url,
        "loginUrl": instance_url,
        "username": username,
        "alias": "practice",
        "connectedStatus": "Connected",
        "isDefaultUsername": true,
    });
    let other = json!({
        "orgId": "00D000000000002AAA",
        "instanceUrl": "https://someone-else.my.salesforce.com",
        "username": "admin@someone-else.example",
        "connectedStatus": "Connected",
    });
    let list = json!({
        "status": 0,
        "result": {
            "nonScratchOrgs": [entry, other],
            "regularOrgs": [entry, other],
            "sandboxes": [],
            "devHubs": [],
            "scratchOrgs": [],
        },
        "warnings": [],
    });
    let shown = if current {
        "Access token is redacted. Use sf org auth show-access-token to see it."
    } else {
        token
    };
    let display = json!({
        "status": 0,
        "result": {
            "id": org_id,
            "apiVersion": "66.0",
            "accessToken": shown,
            "instanceUrl": instance_url,
            "username": username,
            "clientId": "PlatformCLI",
            "connectedStatus": "Connected",
            "alias": "practice",
        },
        "warnings": [],
    });
    let write = |name: &str, text: String| std::fs::write(dir.join(name), text).expect("written");
    write("org-list.json", list.to_string());
    write("org-display.json", display.to_string());
    write("username", username.to_owned());
    if current {
        let shown = json!({ "status": 0, "result": { "accessToken": token }, "warnings": [] });
        write("show-access-token.json", shown.to_string());
    }
}

/// A PATH with `dir` first, for this test only.
fn path_with(dir: &Path) -> OsString {
    let mut dirs = vec![dir.to_owned()];
    if let Some(path) = std::env::var_os("PATH") {
        dirs.extend(std::env::split_paths(&path));
    }
    std::env::join_paths(dirs).expect("a PATH")
}

#[tokio::test]
async fn the_cli_login_to_the_org_entered_is_offered_and_connects_as_its_user() {
    let (org, issued, username) = practice_org_and_token().await;
    let dir = tempfile::tempdir().expect("a folder");
    let instance = format!("http://{}", org.host());
    stand_in(
        dir.path(),
        &instance,
        &username,
        issued.token.expose(),
        true,
    );
    let cli = SfCli::find_in(&path_with(dir.path())).expect("the stand-in is found");

    let login = cli.login_for(&org.host()).await.expect("offered");
    assert_eq!(login.username, username);
    let offered = format!("{login:?}");
    assert!(!offered.contains(issued.token.expose()), "no token offered");

    let (session, identity) = cli
        .connect(&org.host(), &username, true)
        .await
        .expect("connected with the CLI's login");
    assert_eq!(identity.username, username);
    assert!(
        identity.salesforce_cli,
        "the identity says whose login it is"
    );
    assert!(
        !identity.user_id.is_empty(),
        "the token was checked: {identity:?}"
    );
    assert_eq!(session.token.expose(), issued.token.expose());
    assert!(
        !format!("{session:?}{identity:?}").contains(issued.token.expose()),
        "the token shows nowhere"
    );
    let calls = std::fs::read_to_string(dir.path().join("calls.log")).expect("calls");
    assert!(!calls.contains("--verbose"), "never the auth URL: {calls}");
}

#[tokio::test]
async fn an_older_cli_hands_out_its_token_in_org_display() {
    let (org, issued, username) = practice_org_and_token().await;
    let dir = tempfile::tempdir().expect("a folder");
    let instance = format!("http://{}", org.host());
    stand_in(
        dir.path(),
        &instance,
        &username,
        issued.token.expose(),
        false,
    );
    let cli = SfCli::find_in(&path_with(dir.path())).expect("the stand-in is found");
    let (session, identity) = cli
        .connect(&org.host(), &username, true)
        .await
        .expect("connected with the CLI's login");
    assert_eq!(identity.username, username);
    assert_eq!(session.token.expose(), issued.token.expose());
}

#[tokio::test]
async fn a_cli_login_to_another_org_is_neither_offered_nor_used() {
    let (org, issued, username) = practice_org_and_token().await;
    let dir = tempfile::tempdir().expect("a folder");
    stand_in(
        dir.path(),
        "http://127.0.0.1:1",
        &username,
        issued.token.expose(),
        true,
    );
    let cli = SfCli::find_in(&path_with(dir.path())).expect("the stand-in is found");
    assert_eq!(cli.login_for(&org.host()).await, None, "not offered");
    let refused = cli
        .connect(&org.host(), &username, true)
        .await
        .expect_err("not used");
    assert!(
        !refused.to_string().contains(issued.token.expose()),
        "{refused}"
    );
    let calls = std::fs::read_to_string(dir.path().join("calls.log")).expect("calls");
    assert!(
        !calls.contains("show-access-token") && !calls.contains("display"),
        "the token of a login to another org is never asked for: {calls}"
    );
}

#[test]
fn without_sf_on_path_nothing_is_offered() {
    let dir = tempfile::tempdir().expect("an empty folder");
    assert!(SfCli::find_in(dir.path().as_os_str()).is_none());
}
