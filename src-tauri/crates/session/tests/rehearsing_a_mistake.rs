//! Rehearsing a partner's mistake in a practice setup, over a real practice org: Vonage AI
//! Studio's sign-in sends no PKCE code challenge, so an app left requiring PKCE fails the
//! partner's PKCE check before any sign-in, and a mistyped callback URL fails the partner's
//! callback check; put right, the same saved connection passes. The org is started again on its
//! port with its key and secret, so neither the setup's domain nor the keychain changes. The
//! browser sign-in is done here, on the practice org's page, as the admin would do it.
// The system browser is replaced by `true`, a Unix program.
#![cfg(unix)]

mod common;

use std::sync::Once;
use std::time::Duration;

use common::desk;
use eca_core::secret::Secret;
use eca_core::ErrorCode;
use eca_session::{Desk, PracticeCredentials, PracticeMistake, VerifyOptions};
use eca_verify::{CheckId, CheckStatus, Progress, Verification};

/// The app "opens" the sign-in page with `true`; `sign_in` does what the admin does there. The
/// app reads its test hooks once, at its first link, which comes after this.
fn no_system_browser() {
    static SET: Once = Once::new();
    SET.call_once(|| std::env::set_var("ECA_SETUP_OPENER", "true"));
}

/// A Vonage AI Studio practice setup with the practice org's key and secret saved as `name`.
async fn vonage_practice(desk: &Desk, name: &str) -> (String, String, PracticeCredentials) {
    let view = desk
        .start_practice("vonage-ai-studio")
        .await
        .expect("practice");
    let id = view.setup.id.clone();
    let host = view.checklist.org.expect("the practice org").host;
    let practice = desk.practice_credentials(&id).await.expect("credentials");
    let secret = Secret::new(practice.consumer_secret.clone());
    desk.save_credentials(&id, name, &practice.consumer_key, secret, true)
        .await
        .expect("saved");
    (id, host, practice)
}

/// The setup's org is where it was, with the key and secret the connection holds.
async fn unchanged(desk: &Desk, id: &str, host: &str, practice: &PracticeCredentials) {
    let now = desk.practice_credentials(id).await.expect("its org runs");
    assert_eq!(&now, practice, "the same key and secret");
    let view = desk.read(id).expect("read");
    let org = view.checklist.org.expect("an org");
    assert_eq!(
        org.host, host,
        "the same address: the setup's domain stays valid"
    );
}

async fn verify(desk: &Desk, connection: &str) -> Verification {
    let progress = |event: Progress| {
        if let Progress::WaitingForBrowser { authorize_url, .. } = event {
            tokio::spawn(sign_in(authorize_url));
        }
    };
    let options = VerifyOptions {
        browser_timeout: Some(Duration::from_secs(30)),
        ..VerifyOptions::default()
    };
    desk.verify(connection, options, &progress)
        .await
        .expect("verify")
}

#[tokio::test]
async fn pkce_left_required_fails_the_partners_pkce_check_and_put_right_passes() {
    no_system_browser();
    let dir = tempfile::tempdir().expect("temp dir");
    let desk = desk(dir.path());
    let (id, host, practice) = vonage_practice(&desk, "Practice Vonage PKCE").await;

    let rehearsal = desk
        .rehearse_mistake(&id, Some(PracticeMistake::PkceLeftRequired))
        .await
        .expect("rehearsed");
    assert_eq!(rehearsal.mistake, Some(PracticeMistake::PkceLeftRequired));
    assert!(
        rehearsal
            .changed
            .contains("Require Proof Key for Code Exchange"),
        "{}",
        rehearsal.changed
    );
    unchanged(&desk, &id, &host, &practice).await;
    let refused = verify(&desk, "Practice Vonage PKCE").await;
    assert!(!refused.passed);
    let pkce = refused.check(CheckId::PartnerPkce).expect("a PKCE check");
    assert_eq!(pkce.status, CheckStatus::Failed, "{pkce:#?}");
    let fix = &pkce.diagnosis.as_ref().expect("a diagnosis").fix;
    assert!(
        fix.contains("uncheck") && fix.contains("Require Proof Key for Code Exchange"),
        "{fix}"
    );
    let token = refused.check(CheckId::Token).expect("a token check");
    assert_eq!(
        token.status,
        CheckStatus::Skipped,
        "no sign-in after the partner's request was refused"
    );

    let right = desk.rehearse_mistake(&id, None).await.expect("put right");
    assert_eq!(right.mistake, None);
    unchanged(&desk, &id, &host, &practice).await;
    let passed = verify(&desk, "Practice Vonage PKCE").await;
    assert!(passed.passed, "{passed:#?}");
    let pkce = passed.check(CheckId::PartnerPkce).expect("a PKCE check");
    assert_eq!(pkce.status, CheckStatus::Passed);
}

#[tokio::test]
async fn a_mistyped_callback_fails_the_partners_callback_check() {
    no_system_browser();
    let dir = tempfile::tempdir().expect("temp dir");
    let desk = desk(dir.path());
    let (id, host, practice) = vonage_practice(&desk, "Practice Vonage callback").await;

    let rehearsal = desk
        .rehearse_mistake(&id, Some(PracticeMistake::CallbackMistyped))
        .await
        .expect("rehearsed");
    assert!(
        rehearsal
            .changed
            .contains("https://api-eu.vonage.com/oauth/redirec instead"),
        "{}",
        rehearsal.changed
    );
    assert_eq!(
        desk.practice_rehearsal(&id).await.expect("asked").mistake,
        Some(PracticeMistake::CallbackMistyped),
        "the practice org remembers what it rehearses"
    );
    unchanged(&desk, &id, &host, &practice).await;
    let refused = verify(&desk, "Practice Vonage callback").await;
    assert!(!refused.passed);
    let callback = refused
        .check(CheckId::PartnerCallback)
        .expect("a callback check");
    assert_eq!(callback.status, CheckStatus::Failed, "{callback:#?}");
    let diagnosis = callback.diagnosis.as_ref().expect("a diagnosis");
    assert!(
        format!("{} {}", diagnosis.message, diagnosis.fix)
            .contains("https://api-eu.vonage.com/oauth/redirect"),
        "{diagnosis:#?}"
    );
}

#[tokio::test]
async fn a_real_setup_cannot_rehearse_a_mistake() {
    let dir = tempfile::tempdir().expect("temp dir");
    let desk = desk(dir.path());
    let view = desk.create("vonage-ai-studio").expect("create");
    let err = desk
        .rehearse_mistake(&view.setup.id, Some(PracticeMistake::PkceLeftRequired))
        .await
        .expect_err("a real setup");
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert!(err.message.contains("Practice mode"), "{}", err.message);
}

/// What the admin does on the practice org's sign-in page: keeps the pre-filled username and
/// password, clicks Allow, and the browser follows the redirect back to the app.
async fn sign_in(authorize_url: String) {
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .build()
        .expect("a client");
    let page = client.get(&authorize_url).send().await.expect("the page");
    let page = page.text().await.expect("its text");
    let mut form = inputs_of(&page);
    form.push(("decision".into(), "allow".into()));
    let origin = authorize_url
        .split("/services/")
        .next()
        .expect("an org URL");
    let approved = client
        .post(format!("{origin}/services/oauth2/authorize/approve"))
        .form(&form)
        .send()
        .await
        .expect("approve answers");
    let location = approved
        .headers()
        .get("location")
        .expect("a redirect to the app")
        .to_str()
        .expect("ascii")
        .replacen("//localhost:", "//127.0.0.1:", 1);
    client.get(location).send().await.expect("the app answers");
}

/// Every `<input name=".." value="..">` of a page, unescaped.
fn inputs_of(html: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for tag in html.split("<input").skip(1) {
        let tag = tag.split('>').next().unwrap_or("");
        let attr = |name: &str| {
            let key = format!("{name}=\"");
            tag.find(&key).map(|at| {
                let rest = &tag[at + key.len()..];
                unescape(&rest[..rest.find('"').unwrap_or(rest.len())])
            })
        };
        if let Some(name) = attr("name") {
            out.push((name, attr("value").unwrap_or_default()));
        }
    }
    out
}

fn unescape(text: &str) -> String {
    text.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}
