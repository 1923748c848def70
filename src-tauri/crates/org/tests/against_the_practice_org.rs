//! The check and the inventory against the practice org over loopback: the assistant signs in
//! with the web server flow and PKCE (the practice org approves at once), reads, and revokes.

use std::time::Duration;

use eca_core::inputs::SetupInputs;
use eca_core::migration::Rehearsal;
use eca_core::{Profile, StepId};
use eca_org::check::FindingSource;
use eca_org::{check_app, connect, disconnect, inventory, ConnectRequest, OrgSession};
use eca_practice::{PracticeConfig, PracticeOrg};
use eca_verify::LoopbackConfig;
use tokio_util::sync::CancellationToken;

/// Vonage with its client credentials option, so the app has a Run As user.
fn vonage() -> (&'static Profile, SetupInputs) {
    let profile = eca_test_support::profile("vonage-ai-studio");
    let mut inputs = SetupInputs::suggested(profile);
    for (field, value) in eca_practice::sample_inputs(profile) {
        if field == "contact_email" {
            inputs.contact_email = value;
        } else {
            inputs.values.insert(field, value);
        }
    }
    inputs.options.insert("sandbox_client_credentials".into());
    (profile, inputs)
}

/// The assistant's own loopback callback on a free port, added to the practice app.
fn assistant(config: &mut PracticeConfig) -> u16 {
    let port = eca_test_support::free_port();
    config
        .callback_urls
        .push(format!("http://localhost:{port}/OauthRedirect"));
    config.auto_approve = true;
    port
}

async fn org(
    profile: &Profile,
    inputs: &SetupInputs,
    set: &[(&str, &str)],
) -> (PracticeOrg, SetupInputs, u16) {
    let mut config = PracticeConfig::from_profile(profile, inputs);
    let port = assistant(&mut config);
    // The assistant is a public client: it sends no secret.
    config.require_secret_web_server = false;
    for (key, value) in set {
        config.set(key, value).expect("a practice setting");
    }
    let mut inputs = inputs.clone();
    inputs.api_name.clone_from(&config.api_name);
    inputs.app_name.clone_from(&config.app_label);
    let org = eca_practice::start(config, None)
        .await
        .expect("the practice org starts");
    inputs.domain = org.host();
    (org, inputs, port)
}

/// The browser: follows the authorize URL, which the practice org answers with the redirect.
fn browser(url: &str) -> Result<(), eca_core::UiError> {
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
}

async fn signed_in(org: &PracticeOrg, port: u16) -> OrgSession {
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
    let (session, identity) = connect(&request, &browser, &|_| {}, &CancellationToken::new())
        .await
        .expect("the assistant signs in");
    assert_eq!(identity.scopes, ["api"], "only what reading needs");
    session
}

#[tokio::test]
async fn a_vonage_app_with_three_mistakes_shows_exactly_those_three_differences() {
    let (profile, inputs) = vonage();
    let (org, inputs, port) = org(
        profile,
        &inputs,
        &[
            ("require_pkce", "true"),
            ("refresh_token_policy", "SpecificLifetime"),
            ("run_as_api", "false"),
        ],
    )
    .await;
    let session = signed_in(&org, port).await;
    let key = org.consumer_key().to_owned();
    let check = check_app(&session, profile, &inputs, Some(&key))
        .await
        .expect("checked");
    let differences: Vec<_> = check.differences().collect();
    let found: Vec<(StepId, &str)> = differences
        .iter()
        .map(|d| (d.step, d.field.as_str()))
        .collect();
    assert_eq!(differences.len(), 3, "{differences:#?}\n{check:#?}");
    assert!(
        found.contains(&(
            StepId::Security,
            eca_core::eca::Setting::RequirePkce.label()
        )),
        "{found:?}"
    );
    assert!(
        found.contains(&(
            StepId::Policies,
            eca_core::eca::Setting::RefreshTokenPolicy.label()
        )),
        "{found:?}"
    );
    assert!(
        found.contains(&(StepId::IntegrationUser, "API Enabled")),
        "{found:?}"
    );
    for difference in &differences {
        assert!(
            !difference.fix.is_empty() && !difference.screen.is_empty(),
            "{difference:?}"
        );
    }
    // The org would not show the global OAuth settings: PKCE was checked without signing in.
    assert!(check
        .not_read
        .iter()
        .any(|n| n.type_name == "ExtlClntAppGlobalOauthSettings"));
    let pkce = differences
        .iter()
        .find(|d| d.step == StepId::Security)
        .unwrap();
    assert_eq!(pkce.source, FindingSource::WithoutSignIn);
    let json = serde_json::to_string(&check).unwrap();
    assert!(
        !json.contains(session.token.expose()),
        "no token in the result"
    );
    disconnect(&session).await.expect("revoked");
    assert_eq!(
        org.live_tokens().0,
        0,
        "no live token of the assistant is left"
    );
    assert!(org.writes().is_empty(), "{:?}", org.writes());
}

#[tokio::test]
async fn a_correct_app_shows_no_difference() {
    let (profile, inputs) = vonage();
    let (org, inputs, port) = org(profile, &inputs, &[("metadata_secret_access", "true")]).await;
    let session = signed_in(&org, port).await;
    let check = check_app(&session, profile, &inputs, None)
        .await
        .expect("checked");
    let differences: Vec<_> = check
        .differences()
        // The practice app lets the assistant in without a secret, which Vonage's does not.
        .filter(|d| d.field != eca_core::eca::Setting::RequireSecretWebServer.label())
        .collect();
    assert!(differences.is_empty(), "{differences:#?}");
    assert!(check.not_read.is_empty(), "{:?}", check.not_read);
    disconnect(&session).await.expect("revoked");
}

#[tokio::test]
async fn the_inventory_lists_the_rehearsals_connected_app_with_its_password_sign_ins() {
    let (profile, inputs) = vonage();
    let mut config = PracticeConfig::from_profile(profile, &inputs).with_connected_app(
        profile,
        Rehearsal {
            local: true,
            password_flow: true,
            key_kept: true,
        },
    );
    let port = assistant(&mut config);
    config.require_secret_web_server = false;
    let name = config.connected_app.as_ref().unwrap().name.clone();
    let org = eca_practice::start(config, None).await.expect("starts");
    let session = signed_in(&org, port).await;
    let list = inventory(&session, eca_core::profiles())
        .await
        .expect("listed");
    let app = list
        .apps
        .iter()
        .find(|app| app.name == name)
        .unwrap_or_else(|| panic!("{list:#?}"));
    assert!(app.username_password_sign_ins >= 2, "{app:?}");
    assert_eq!(
        app.migrate_button,
        eca_org::MigrateButton::NotForPasswordFlow
    );
    assert_eq!(
        app.route,
        Some(eca_core::migration::Route::ClientCredentials)
    );
    assert_eq!(
        app.partner.as_ref().map(|p| p.profile_id.as_str()),
        Some("vonage-ai-studio")
    );
    let csv = list.to_csv();
    assert!(csv.contains(&name), "{csv}");
    assert!(!csv.contains(session.token.expose()));
    disconnect(&session).await.expect("revoked");
    assert_eq!(org.live_tokens().0, 0);
}

#[tokio::test]
async fn the_inventory_lists_every_external_client_app_with_its_partner_by_callback_or_by_name() {
    let (profile, inputs) = vonage();
    for secret_access in [true, false] {
        let flag = secret_access.to_string();
        let (org, inputs, port) = org(
            profile,
            &inputs,
            &[("metadata_secret_access", flag.as_str())],
        )
        .await;
        let session = signed_in(&org, port).await;
        let list = inventory(&session, eca_core::profiles())
            .await
            .expect("listed");
        let by = if secret_access {
            "callback URL"
        } else {
            "name"
        };
        // The assistant's own app in the practice org: nobody signs in with it here.
        let unused = list
            .apps
            .iter()
            .find(|app| app.api_name.as_deref() == Some(eca_practice::ASSISTANT_API_NAME))
            .unwrap_or_else(|| panic!("the unused ECA is listed: {list:#?}"));
        assert!(!unused.in_use(), "{unused:?}");
        assert_eq!(unused.kind, eca_org::inventory::AppKind::ExternalClientApp);
        let partner = unused.partner.as_ref().expect("a partner");
        assert_eq!(
            (partner.profile_id.as_str(), partner.by.as_str()),
            ("eca-setup-assistant", by),
            "{list:#?}"
        );
        let partners = list
            .apps
            .iter()
            .find(|app| app.api_name.as_deref() == Some(inputs.api_name.as_str()))
            .unwrap_or_else(|| panic!("the partner's ECA: {list:#?}"));
        assert_eq!(partners.name, inputs.app_name, "listed by its label");
        let partner = partners.partner.as_ref().expect("a partner");
        assert_eq!(
            (partner.profile_id.as_str(), partner.by.as_str()),
            ("vonage-ai-studio", by),
            "{list:#?}"
        );
        assert_eq!(
            list.notes
                .iter()
                .any(|note| note.contains("matched by name only")),
            !secret_access,
            "{:?}",
            list.notes
        );
        let csv = list.to_csv();
        assert!(csv.contains(",External Client App,"), "{csv}");
        assert!(
            org.requests().iter().all(|request| !request.write),
            "the inventory only reads"
        );
        disconnect(&session).await.expect("revoked");
    }
}
