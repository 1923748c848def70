//! Every use case of the app and the command line, called the way a command handler calls it:
//! a `Desk` over a temporary data folder, a keychain in memory or, for the whole way from
//! credentials to a report and for a refused save, the OS keychain (Secret Service, under
//! `scripts/with-keychain.sh`) with a service name of its own, and a practice org on loopback.

mod common;

use std::fs;
use std::path::Path;

use common::{desk, desk_over, files, os_keychain};
use eca_core::inputs::SetupInputs;
use eca_core::secret::Secret;
use eca_core::setup::SetupEdit;
use eca_core::{ErrorCode, FlowChoice, StepId};
use eca_report::{Dates, Format};
use eca_session::{Desk, SetupOutline, VerifyOptions};
use eca_vault::NewConnection;
use eca_verify::CheckStatus;

fn saved_setups(dir: &Path) -> usize {
    fs::read_dir(dir.join("setups"))
        .expect("setups folder")
        .flatten()
        .filter(|entry| entry.path().extension().is_some_and(|ext| ext == "json"))
        .count()
}

/// The setup the app resumes to, as its home screen says.
async fn resumes(desk: &Desk) -> Option<String> {
    let home = desk.home().await.expect("home");
    home.resume.map(|view| view.setup.id)
}

#[tokio::test]
async fn reading_a_setup_leaves_what_the_app_resumes_to() {
    let dir = tempfile::tempdir().expect("temp dir");
    let desk = desk(dir.path());
    let opened = desk.create("webex").expect("create");
    let profile = eca_core::profile("service-board-sync").expect("profile");
    let scripted = desk
        .create_with(&profile.id, SetupInputs::suggested(profile))
        .expect("create_with");
    assert_eq!(
        resumes(&desk).await.as_deref(),
        Some(opened.setup.id.as_str()),
        "a setup made from the command line does not take over the app"
    );
    desk.read(&scripted.setup.id).expect("read");
    desk.report(&scripted.setup.id, Format::Markdown, &Dates::Utc)
        .await
        .expect("report");
    desk.export_metadata(&scripted.setup.id, &dir.path().join("out"))
        .expect("export");
    assert_eq!(
        resumes(&desk).await.as_deref(),
        Some(opened.setup.id.as_str())
    );
    desk.open(&scripted.setup.id).await.expect("open");
    assert_eq!(
        resumes(&desk).await.as_deref(),
        Some(scripted.setup.id.as_str())
    );
}

#[tokio::test]
async fn a_practice_setup_is_built_in_memory_and_saved_once_with_its_org() {
    let dir = tempfile::tempdir().expect("temp dir");
    let desk = desk(dir.path());
    let view = desk
        .start_practice("service-board-sync")
        .await
        .expect("practice");
    let org = view
        .checklist
        .org
        .as_ref()
        .expect("the practice org's address");
    assert!(org.host.starts_with("127.0.0.1:"), "{}", org.host);
    assert!(view.issues.is_empty(), "{:?}", view.issues);
    assert_eq!(saved_setups(dir.path()), 1);
    let saved = desk.read(&view.setup.id).expect("read");
    assert_eq!(saved.setup.inputs, view.setup.inputs, "saved as shown");
    let credentials = desk
        .practice_credentials(&view.setup.id)
        .await
        .expect("its org runs");
    assert!(credentials.consumer_key.starts_with("3MVG"));
}

#[test]
fn steps_are_marked_through_one_edit_and_an_unknown_step_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let desk = desk(dir.path());
    let profile = eca_core::profile("bright-pattern").expect("profile");
    let mut inputs = SetupInputs::suggested(profile);
    inputs.domain = "acme-dev-ed.trailblaze.my.salesforce.com".into();
    let view = desk.create_with(&profile.id, inputs).expect("create_with");
    let id = view.setup.id.clone();
    let marked = desk
        .edit(
            &id,
            SetupEdit::Mark {
                step: StepId::Policies,
                done: true,
            },
        )
        .expect("mark");
    let outline = SetupOutline::of(&marked);
    let policies = outline
        .steps
        .iter()
        .find(|step| step.id == "policies")
        .expect("a policies step");
    assert!(policies.done_at.is_some());
    assert_eq!(
        outline.org.as_deref(),
        Some("acme-dev-ed.trailblaze.my.salesforce.com")
    );
    // A step is typed: a name no checklist has is refused where it is read.
    let err = "no-such-step"
        .parse::<StepId>()
        .map_err(eca_core::UiError::from)
        .expect_err("an unknown step");
    assert_eq!(err.code, ErrorCode::UnknownStep);
    desk.delete_setup(&id).expect("delete");
    assert_eq!(
        desk.read(&id).expect_err("gone").code,
        ErrorCode::SetupNotFound
    );
    assert_eq!(saved_setups(dir.path()), 0);
}

/// Which flow is the core's rule (`choose_flow`); the desk says a refusal in the app's words,
/// before anything is sent.
#[tokio::test]
async fn a_flow_the_app_cannot_be_verified_with_is_refused_in_the_apps_words() {
    let dir = tempfile::tempdir().expect("temp dir");
    let desk = desk(dir.path());
    let vonage = eca_core::profile("vonage-ai-studio").expect("profile");
    let mut inputs = SetupInputs::suggested(vonage);
    inputs.domain = "acme.my.salesforce.com".into();
    let refusal = |flow| {
        let options = VerifyOptions {
            flow: Some(flow),
            ..VerifyOptions::default()
        };
        let key = "3MVG9NotSentAnywhere".to_owned();
        let secret = Secret::new("not sent anywhere");
        desk.verify_credentials(&vonage.id, inputs.clone(), key, secret, options, &|_| {})
    };
    let refused = refusal(FlowChoice::ClientCredentials)
        .await
        .expect_err("Vonage's app has no client credentials without the option");
    assert_eq!(refused.code, ErrorCode::InvalidInput);
    assert_eq!(
        refused.message,
        "This External Client App cannot be verified with the client credentials flow: verify with the web server (browser sign-in) flow instead."
    );
    assert_eq!(
        refused.hint,
        "The option sandbox_client_credentials gives the app that flow."
    );
    let refused = refusal(FlowChoice::Password)
        .await
        .expect_err("never the password flow");
    assert!(
        refused
            .message
            .ends_with("Please verify with the web server (browser sign-in) flow instead."),
        "{}",
        refused.message
    );
}

#[tokio::test]
async fn a_practice_setup_goes_from_credentials_to_a_verified_report_and_an_export() {
    // The whole way on the OS keychain, as the app goes.
    let dir = tempfile::tempdir().expect("temp dir");
    let desk = desk_over(dir.path(), os_keychain().await);
    let view = desk
        .start_practice("service-board-sync")
        .await
        .expect("practice");
    let id = view.setup.id.clone();
    let practice = desk.practice_credentials(&id).await.expect("credentials");
    let secret = practice.consumer_secret.clone();
    let saved = desk
        .save_credentials(
            &id,
            "Practice SBS",
            &practice.consumer_key,
            Secret::new(format!(" {secret} ")),
            true,
        )
        .await
        .expect("saved");
    assert_eq!(saved.view.setup.connection.as_deref(), Some("Practice SBS"));
    assert!(
        !saved.notes.is_empty(),
        "the trimmed spaces are noted, not refused"
    );

    let verification = desk
        .verify("Practice SBS", VerifyOptions::default(), &|_| {})
        .await
        .expect("verify");
    assert!(verification.passed, "{verification:#?}");
    assert_eq!(verification.flow, FlowChoice::ClientCredentials);
    let listed = desk.connections().await.expect("list");
    assert!(listed.connections[0].last_verified_at.is_some());

    let report = dir.path().join("out").join("report.md");
    desk.save_report(&id, Format::Markdown, &Dates::Utc, &report, false)
        .await
        .expect("report");
    let text = fs::read_to_string(&report).expect("report written");
    assert!(text.contains("Result: **passed**"), "{text}");
    let again = desk
        .save_report(&id, Format::Markdown, &Dates::Utc, &report, false)
        .await
        .expect_err("kept without overwrite");
    assert_eq!(again.code, ErrorCode::FileExists);

    let exported = desk
        .export_metadata_into(&id, &dir.path().join("eca"))
        .expect("export");
    assert!(exported.len() >= 5, "{exported:?}");

    let password = VerifyOptions {
        flow: Some(FlowChoice::Password),
        ..VerifyOptions::default()
    };
    let refused = desk
        .verify("Practice SBS", password, &|_| {})
        .await
        .expect_err("the password flow");
    assert_eq!(refused.code, ErrorCode::InvalidInput);

    for (path, text) in files(dir.path()) {
        assert!(!text.contains(&secret), "{path} holds the secret");
    }
    let removed = desk
        .remove_connection("Practice SBS")
        .await
        .expect("remove");
    assert_eq!(removed.setup_id.as_deref(), Some(id.as_str()));
    assert_eq!(desk.read(&id).expect("read").setup.connection, None);
}

#[tokio::test]
async fn a_connection_without_a_setup_is_verified_against_its_own_org() {
    let dir = tempfile::tempdir().expect("temp dir");
    let desk = desk(dir.path());
    let profile = eca_core::profile("service-board-sync").expect("profile");
    let config =
        eca_practice::PracticeConfig::from_profile(profile, &SetupInputs::suggested(profile));
    let org = eca_practice::start(config, None)
        .await
        .expect("practice org");
    let new = NewConnection {
        name: "Loose".into(),
        profile_id: profile.id.clone(),
        setup_id: None,
        org_host: org.host(),
        practice: true,
    };
    let (saved, _) = desk
        .add_connection(new, org.consumer_key(), org.consumer_secret())
        .await
        .expect("add");
    let (_, inputs) = desk.connection_inputs(&saved.name).await.expect("inputs");
    assert_eq!(inputs.domain, org.host());
    let verification = desk
        .verify(&saved.name, VerifyOptions::default(), &|_| {})
        .await
        .expect("verify");
    assert!(verification.passed, "{verification:#?}");
    assert!(verification
        .checks
        .iter()
        .all(|check| check.status != CheckStatus::Failed));
    desk.remove_connection(&saved.name).await.expect("remove");
    org.shutdown().await;
}

#[tokio::test]
async fn re_saving_with_a_bad_secret_keeps_the_working_connection() {
    // On the OS keychain: a refused save must leave the real entries as they were.
    let dir = tempfile::tempdir().expect("temp dir");
    let desk = desk_over(dir.path(), os_keychain().await);
    let view = desk
        .start_practice("service-board-sync")
        .await
        .expect("practice");
    let id = view.setup.id.clone();
    let practice = desk.practice_credentials(&id).await.expect("credentials");
    desk.save_credentials(
        &id,
        "Practice SBS",
        &practice.consumer_key,
        Secret::new(practice.consumer_secret.clone()),
        true,
    )
    .await
    .expect("saved");

    // A paste cut short: the secret is too short to be one.
    let refused = desk
        .save_credentials(
            &id,
            "practice sbs",
            &practice.consumer_key,
            Secret::new("ABC123"),
            true,
        )
        .await
        .err()
        .expect("a bad secret is refused");
    assert_eq!(refused.code, ErrorCode::InvalidCredential, "{refused:?}");

    let listed = desk.connections().await.expect("list");
    let names: Vec<&str> = listed.connections.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        names,
        ["Practice SBS"],
        "the old connection is still listed"
    );
    let kept = desk
        .credential(
            "Practice SBS",
            eca_core::partner::CredentialPart::ConsumerSecret,
        )
        .await
        .expect("the old secret is still in the keychain");
    // Compared without printing either: secrets stay out of test output.
    assert!(
        kept.expose() == practice.consumer_secret,
        "the keychain holds the old secret"
    );
    let verification = desk
        .verify("Practice SBS", VerifyOptions::default(), &|_| {})
        .await
        .expect("verify");
    assert!(verification.passed, "{verification:#?}");

    // Good values do replace it, under the name as typed now.
    let replaced = desk
        .save_credentials(
            &id,
            "practice sbs",
            &practice.consumer_key,
            Secret::new(practice.consumer_secret.clone()),
            true,
        )
        .await
        .expect("re-saved");
    assert_eq!(replaced.connection.name, "practice sbs");
    let listed = desk.connections().await.expect("list");
    assert_eq!(listed.connections.len(), 1, "{listed:?}");
    desk.remove_connection("practice sbs")
        .await
        .expect("remove");
}
