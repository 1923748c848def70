//! The verification replays the partner's own sign-in request, as its guide describes it, against
//! the practice org: the two mistakes Vonage's guide warns about most (PKCE left required, its
//! callback URL mistyped) fail on the partner's own checks before any sign-in, and a correct setup
//! of every profile still passes with its default flow.

mod common;

use std::time::Duration;

use common::{check, org, request, run, Browser};
use eca_core::StepId;
use eca_test_support::free_port;
use eca_verify::{
    CheckId, CheckStatus, DiagnosisCode, FlowChoice, Progress, RecentChange, Verification,
};

const VONAGE_CALLBACK: &str = "https://api-eu.vonage.com/oauth/redirect";

fn signed_in(events: &[Progress]) -> bool {
    events
        .iter()
        .any(|e| matches!(e, Progress::WaitingForBrowser { .. }))
}

fn failed(verification: &Verification, id: CheckId) -> &eca_verify::Diagnosis {
    let check = check(verification, id);
    assert_eq!(check.status, CheckStatus::Failed, "{verification:#?}");
    check
        .diagnosis
        .as_ref()
        .expect("a failed check has a diagnosis")
}

#[tokio::test]
async fn pkce_left_required_fails_vonages_own_pkce_check_before_any_sign_in() {
    let port = free_port();
    let org = org("vonage-ai-studio", port, &[("require_pkce", "true")]).await;
    let (verification, events) = run(
        request("vonage-ai-studio", &org, FlowChoice::WebServer, port),
        Browser::Allow,
    )
    .await;
    assert!(!verification.passed);
    assert_eq!(
        check(&verification, CheckId::PartnerCallback).status,
        CheckStatus::Passed,
        "the refusal came on Vonage's callback, so it is registered"
    );
    let diagnosis = failed(&verification, CheckId::PartnerPkce);
    assert_eq!(diagnosis.code, DiagnosisCode::PkceRequired);
    assert_eq!(diagnosis.step, Some(StepId::Security));
    assert!(diagnosis.fix.contains("uncheck"), "{}", diagnosis.fix);
    assert!(
        diagnosis.message.contains("Vonage AI Studio"),
        "{}",
        diagnosis.message
    );
    assert_eq!(
        check(&verification, CheckId::Token).status,
        CheckStatus::Skipped
    );
    assert!(
        !signed_in(&events),
        "no sign-in once the partner's own request fails"
    );
    org.shutdown().await;
}

#[tokio::test]
async fn a_mistyped_partner_callback_fails_its_callback_check_and_names_the_url() {
    let port = free_port();
    let callbacks =
        format!("https://api-eu.vonage.com/oauth/redirct, http://localhost:{port}/OauthRedirect");
    let org = org("vonage-ai-studio", port, &[("callback_urls", &callbacks)]).await;
    let (verification, events) = run(
        request("vonage-ai-studio", &org, FlowChoice::WebServer, port),
        Browser::Allow,
    )
    .await;
    assert!(!verification.passed);
    let callback = check(&verification, CheckId::PartnerCallback);
    assert_eq!(
        callback.title,
        "Vonage AI Studio's callback URL is registered"
    );
    let diagnosis = failed(&verification, CheckId::PartnerCallback);
    assert_eq!(diagnosis.code, DiagnosisCode::RedirectMismatch);
    assert_eq!(diagnosis.step, Some(StepId::OauthSettings));
    assert!(diagnosis.fix.contains(VONAGE_CALLBACK), "{}", diagnosis.fix);
    assert!(!signed_in(&events));
    org.shutdown().await;
}

#[tokio::test]
async fn a_callback_added_minutes_ago_says_to_wait() {
    let port = free_port();
    let callbacks = format!("http://localhost:{port}/OauthRedirect");
    let org = org("vonage-ai-studio", port, &[("callback_urls", &callbacks)]).await;
    let mut request = request("vonage-ai-studio", &org, FlowChoice::WebServer, port);
    request.recent_changes = Some(vec![RecentChange {
        step: StepId::OauthSettings,
        title: StepId::OauthSettings.title().into(),
        ago: Duration::from_secs(120),
    }]);
    let (verification, _) = run(request, Browser::Allow).await;
    let diagnosis = failed(&verification, CheckId::PartnerCallback);
    assert_eq!(diagnosis.code, DiagnosisCode::ChangePropagating);
    assert!(
        diagnosis.message.contains(VONAGE_CALLBACK),
        "{}",
        diagnosis.message
    );
    assert!(diagnosis.fix.contains("Wait about"), "{}", diagnosis.fix);
    org.shutdown().await;
}

#[tokio::test]
async fn webex_sends_pkce_so_a_required_pkce_passes_its_check() {
    let port = free_port();
    let org = org("webex", port, &[]).await;
    let (verification, _) = run(
        request("webex", &org, FlowChoice::WebServer, port),
        Browser::Allow,
    )
    .await;
    assert!(verification.passed, "{verification:#?}");
    let pkce = check(&verification, CheckId::PartnerPkce);
    assert_eq!(pkce.status, CheckStatus::Passed);
    assert_eq!(pkce.title, "Salesforce accepts Webex's sign-in with PKCE");
    assert_eq!(
        check(&verification, CheckId::PartnerSecret).status,
        CheckStatus::Passed
    );
    org.shutdown().await;
}

#[tokio::test]
async fn a_correct_setup_of_every_profile_passes_with_its_default_flow() {
    for profile in eca_core::profiles() {
        let port = free_port();
        let org = org(&profile.id, port, &[]).await;
        let inputs = common::inputs(&profile.id);
        let flow = eca_core::verify_flows(profile, &inputs)[0];
        let (verification, _) = run(request(&profile.id, &org, flow, port), Browser::Allow).await;
        assert!(verification.passed, "{}: {verification:#?}", profile.id);
        let partner: Vec<_> = verification
            .checks
            .iter()
            .filter(|c| c.id == CheckId::PartnerCallback)
            .collect();
        let expected = profile.eca.callback_urls.value.len();
        assert_eq!(
            partner.len(),
            expected.max(1),
            "{}: one check per callback URL",
            profile.id
        );
        let status = if expected == 0 {
            CheckStatus::Skipped
        } else {
            CheckStatus::Passed
        };
        for check in partner {
            assert_eq!(check.status, status, "{}: {check:?}", profile.id);
        }
        // What a guide does not say is "not checked", never passed.
        let pkce = check(&verification, CheckId::PartnerPkce);
        if profile
            .partner_request
            .as_ref()
            .and_then(|r| r.pkce.as_ref())
            .is_none()
        {
            assert_eq!(pkce.status, CheckStatus::Skipped, "{}", profile.id);
            assert!(pkce.detail.starts_with("Not checked: "), "{}", pkce.detail);
        } else {
            assert_eq!(pkce.status, CheckStatus::Passed, "{}", profile.id);
        }
        org.shutdown().await;
    }
}

#[tokio::test]
async fn vonage_is_signed_in_without_pkce_as_it_signs_in() {
    let port = free_port();
    let org = org("vonage-ai-studio", port, &[]).await;
    let (verification, events) = run(
        request("vonage-ai-studio", &org, FlowChoice::WebServer, port),
        Browser::Allow,
    )
    .await;
    assert!(verification.passed, "{verification:#?}");
    let authorize_url = events
        .iter()
        .find_map(|e| match e {
            Progress::WaitingForBrowser { authorize_url, .. } => Some(authorize_url.clone()),
            _ => None,
        })
        .expect("the sign-in opened the browser");
    assert!(
        !authorize_url.contains("code_challenge"),
        "Vonage sends no challenge, so neither does the sign-in: {authorize_url}"
    );
    org.shutdown().await;
}
