//! Vonage's sandbox webhook with client credentials, end to end: the practice org plays the app
//! the checklist describes once the admin chose that recipe, the verification runs the flow
//! `verify_flows` picks for the setup (client credentials, against the setup's My Domain), and
//! the recipe the partner screen shows, sent as it is, gets the token Vonage maps to
//! `$SF_ACCESS_TOKEN`. Without the option the same app refuses client credentials.

mod common;

use common::{assert_passed, check, run, Browser};
use eca_core::inputs::SetupInputs;
use eca_core::partner::{partner_sheet, CredentialPart, PartnerValue};
use eca_core::{verify_flows, FlowChoice};
use eca_practice::{PracticeConfig, PracticeOrg};
use eca_test_support::free_port;
use eca_verify::{CheckId, CheckStatus, DiagnosisCode, VerifyRequest};

const VONAGE: &str = "vonage-ai-studio";
const OPTION: &str = "sandbox_client_credentials";

/// The admin's inputs for Vonage, with the client credentials recipe chosen or not.
fn inputs(chosen: bool) -> SetupInputs {
    let mut inputs = common::inputs(VONAGE);
    if chosen {
        inputs.options.insert(OPTION.into());
    }
    inputs
}

/// The practice org playing the app these inputs' checklist describes.
async fn practice_org(inputs: &SetupInputs) -> PracticeOrg {
    let profile = eca_core::profile(VONAGE).expect("the Vonage profile");
    eca_practice::start(PracticeConfig::from_profile(profile, inputs), None)
        .await
        .expect("the practice org starts")
}

/// A verification of `org` with the flow `verify_flows` picks for these inputs.
fn request(org: &PracticeOrg, mut inputs: SetupInputs, port: u16) -> VerifyRequest {
    let profile = eca_core::profile(VONAGE).expect("the Vonage profile");
    inputs.domain = org.host();
    let flow = verify_flows(profile, &inputs)[0];
    let mut request = VerifyRequest::new(
        profile.clone(),
        inputs,
        org.consumer_key(),
        org.consumer_secret().clone(),
    );
    request.flow = flow;
    request.loopback.port = port;
    request.propagation = eca_verify::RetryPolicy::none();
    request.request_timeout = std::time::Duration::from_secs(5);
    request.practice = true;
    request
}

#[tokio::test]
async fn the_client_credentials_recipe_verifies_against_the_practice_org() {
    let inputs = inputs(true);
    let org = practice_org(&inputs).await;
    let port = free_port();
    let request = request(&org, inputs, port);
    assert_eq!(
        request.flow,
        FlowChoice::ClientCredentials,
        "verify_flows picks the recipe's flow"
    );
    let (verification, _) = run(request, Browser::Nothing).await;
    assert_passed(
        &verification,
        &[
            CheckId::Domain,
            CheckId::Token,
            CheckId::Signature,
            CheckId::Instance,
            CheckId::Userinfo,
            CheckId::RunAs,
            CheckId::Query,
        ],
    );
    assert_eq!(verification.flow, FlowChoice::ClientCredentials);
    assert_eq!(verification.host, org.host(), "the setup's own domain");
    assert_eq!(
        verification.username.as_deref(),
        Some("integration@acme.com.qa"),
        "the Run As user the inputs name"
    );
    assert_eq!(org.live_tokens(), (0, 0), "its access token was revoked");
    org.shutdown().await;
}

#[tokio::test]
async fn without_the_option_the_app_refuses_client_credentials() {
    let org = practice_org(&inputs(false)).await;
    let port = free_port();
    let mut request = request(&org, inputs(false), port);
    assert_eq!(request.flow, FlowChoice::WebServer, "the guide's own flow");
    request.flow = FlowChoice::ClientCredentials;
    let (verification, _) = run(request, Browser::Nothing).await;
    assert!(!verification.passed);
    let token = check(&verification, CheckId::Token);
    assert_eq!(token.status, CheckStatus::Failed);
    let diagnosis = token.diagnosis.as_ref().expect("a diagnosis");
    assert_eq!(diagnosis.code, DiagnosisCode::UnsupportedGrantType);
    org.shutdown().await;
}

/// The partner screen's recipe for a sandbox, sent to the practice org as Vonage would send it
/// (the practice org serves plain http on loopback, so only the scheme and host differ).
#[tokio::test]
async fn the_recipe_the_partner_screen_shows_gets_the_access_token() {
    let inputs = inputs(true);
    let org = practice_org(&inputs).await;
    let profile = eca_core::profile(VONAGE).expect("the Vonage profile");
    let sandbox = SetupInputs {
        domain: "acme--qa.sandbox.my.salesforce.com".into(),
        ..inputs.clone()
    };
    let sheet = partner_sheet(profile, &sandbox, None).expect("a partner sheet");
    let recipe = sheet
        .webhooks
        .iter()
        .find(|hook| hook.works_with_eca)
        .expect("the client credentials recipe");
    let path = recipe
        .url
        .strip_prefix("https://acme--qa.sandbox.my.salesforce.com")
        .expect("the sandbox's My Domain");
    let form: Vec<(String, String)> = recipe
        .params
        .iter()
        .map(|param| {
            let value = match &param.value {
                PartnerValue::Text { text } => text.clone(),
                PartnerValue::Credential {
                    part: CredentialPart::ConsumerKey,
                } => org.consumer_key().to_owned(),
                PartnerValue::Credential {
                    part: CredentialPart::ConsumerSecret,
                } => org.consumer_secret().expose().to_owned(),
                PartnerValue::Yours => panic!("{} needs nothing typed by hand", param.label),
            };
            (param.label.clone(), value)
        })
        .collect();
    let answer = reqwest::Client::new()
        .request(
            recipe.method.parse().expect("an HTTP method"),
            format!("{}{path}", org.base_url()),
        )
        .header(
            recipe.headers[0].label.as_str(),
            match &recipe.headers[0].value {
                PartnerValue::Text { text } => text.as_str(),
                other => panic!("a header typed as shown, not {other:?}"),
            },
        )
        .body(
            url::form_urlencoded::Serializer::new(String::new())
                .extend_pairs(&form)
                .finish(),
        )
        .send()
        .await
        .expect("the token endpoint answers");
    assert_eq!(answer.status(), 200);
    let body: serde_json::Value = answer.json().await.expect("JSON");
    let mapped = &recipe.response[0].label;
    assert_eq!(mapped, "access_token");
    assert!(
        body[mapped].as_str().is_some_and(|t| !t.is_empty()),
        "the response holds what Vonage maps to $SF_ACCESS_TOKEN"
    );
    org.shutdown().await;
}
