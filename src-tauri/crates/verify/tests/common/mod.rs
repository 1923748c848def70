//! Shared by the integration tests: a practice org configured from a profile, a request aimed
//! at it with short waits, and stand-ins for the admin's browser that follow the authorize URL
//! over HTTP and click Allow (or Deny, or tamper with the redirect).
// Each test file uses only part of this module.
#![allow(dead_code)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use eca_core::error::UiError;
use eca_core::inputs::SetupInputs;
use eca_practice::{PracticeConfig, PracticeOrg};
use eca_verify::{
    verify, CancellationToken, Check, CheckId, CheckStatus, FlowChoice, LoopbackConfig, Progress,
    RetryPolicy, Verification, VerifyRequest,
};

/// The admin's inputs for `profile_id`: each input's example (Service Board Sync's Run As user
/// is `integration@acme.com`).
pub fn inputs(profile_id: &str) -> SetupInputs {
    eca_test_support::sample_inputs(eca_test_support::profile(profile_id))
}

/// The practice org for `profile_id`, with the loopback callback for `port` added and
/// `settings` applied.
pub async fn org(profile_id: &str, port: u16, settings: &[(&str, &str)]) -> PracticeOrg {
    let profile = eca_core::profile(profile_id).expect("a profile");
    let mut config = PracticeConfig::from_profile(profile, &inputs(profile_id));
    config
        .set(
            "callback_url",
            &format!("http://localhost:{port}/OauthRedirect"),
        )
        .expect("callback_url");
    for (key, value) in settings {
        config.set(key, value).expect("a valid practice setting");
    }
    eca_practice::start(config, None)
        .await
        .expect("the practice org starts")
}

/// A request against `org` with the flow given, short waits and no propagation retry. `port` is
/// the redirect listener's, a free one (`eca_test_support::free_port`): tests run in parallel,
/// so never 1717.
pub fn request(profile_id: &str, org: &PracticeOrg, flow: FlowChoice, port: u16) -> VerifyRequest {
    let profile = eca_core::profile(profile_id).expect("a profile").clone();
    let mut inputs = inputs(profile_id);
    inputs.domain = org.host();
    let mut request = VerifyRequest::new(
        profile,
        inputs,
        org.consumer_key(),
        org.consumer_secret().clone(),
    );
    request.flow = flow;
    request.loopback = LoopbackConfig {
        port,
        path: "/OauthRedirect".into(),
        timeout: Duration::from_secs(10),
    };
    request.propagation = RetryPolicy::none();
    request.request_timeout = Duration::from_secs(5);
    request.practice = true;
    request
}

/// A request of `profile_id` against `domain`, which is no practice org (a made-up key and
/// secret; `practice` stays false), with short waits and no propagation retry.
pub fn request_to(profile_id: &str, domain: &str, flow: FlowChoice) -> VerifyRequest {
    let mut inputs = inputs(profile_id);
    inputs.domain = domain.to_owned();
    let mut request = VerifyRequest::new(
        eca_test_support::profile(profile_id).clone(),
        inputs,
        "3MVG9real.setup.key",
        eca_core::secret::Secret::new("a-real-secret"),
    );
    request.flow = flow;
    request.propagation = RetryPolicy::none();
    request.request_timeout = Duration::from_secs(5);
    request
}

/// What the stand-in browser does on the practice org's Allow page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Browser {
    Allow,
    Deny,
    /// Asks for /favicon.ico and another path first, then allows.
    StrayThenAllow,
    /// Sends the redirect with a forged `state` (and markup in the code) first, then the real one.
    ForgedStateThenAllow,
    /// Sends only the forged redirect.
    ForgedStateOnly,
    /// Opens nothing (the admin walked away).
    Nothing,
}

/// Status codes the loopback listener answered the stand-in browser with, and page bodies.
#[derive(Default)]
pub struct Seen {
    pub answers: Vec<(String, u16, String)>,
}

pub fn opener(
    browser: Browser,
    seen: Arc<Mutex<Seen>>,
) -> impl Fn(&str) -> Result<(), UiError> + Send + Sync {
    move |url: &str| {
        let url = url.to_owned();
        let seen = seen.clone();
        if browser != Browser::Nothing {
            tokio::spawn(async move { follow(browser, &url, &seen).await });
        }
        Ok(())
    }
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("a client")
}

async fn follow(browser: Browser, authorize_url: &str, seen: &Mutex<Seen>) {
    let client = client();
    let page = client
        .get(authorize_url)
        .send()
        .await
        .expect("authorize answers");
    let origin = {
        let url = url::Url::parse(authorize_url).expect("a URL");
        format!("{}://{}", url.scheme(), url.host_str().unwrap_or(""))
            + &url.port().map(|p| format!(":{p}")).unwrap_or_default()
    };
    let location = if let Some(location) = page.headers().get("location") {
        location.to_str().expect("ascii").to_owned()
    } else {
        let html = page.text().await.expect("the login page");
        let mut form = eca_test_support::form_inputs(&html);
        form.push((
            "decision".into(),
            if browser == Browser::Deny {
                "deny"
            } else {
                "allow"
            }
            .into(),
        ));
        let answer = client
            .post(format!("{origin}/services/oauth2/authorize/approve"))
            .form(&form)
            .send()
            .await
            .expect("approve answers");
        answer
            .headers()
            .get("location")
            .expect("the approve page redirects")
            .to_str()
            .expect("ascii")
            .to_owned()
    };
    let loopback = url::Url::parse(&location).expect("a redirect URL");
    let base = format!("http://127.0.0.1:{}", loopback.port().expect("a port"));
    let mut visits = Vec::new();
    match browser {
        Browser::StrayThenAllow => {
            visits.push(format!("{base}/favicon.ico"));
            visits.push(format!("{base}/elsewhere?code=abc&state=x"));
        }
        Browser::ForgedStateThenAllow | Browser::ForgedStateOnly => {
            visits.push(format!(
                "{base}{}?code=%3Cscript%3Ealert(1)%3C%2Fscript%3E&state=forged",
                loopback.path()
            ));
        }
        _ => {}
    }
    if browser != Browser::ForgedStateOnly {
        let query = loopback.query().unwrap_or("");
        visits.push(format!("{base}{}?{query}", loopback.path()));
    }
    for visit in visits {
        let answer = client
            .get(&visit)
            .send()
            .await
            .expect("the loopback answers");
        let status = answer.status().as_u16();
        let body = answer.text().await.unwrap_or_default();
        seen.lock().unwrap().answers.push((visit, status, body));
    }
}

/// Runs a verification with the given browser and collects the progress events.
pub async fn run(request: VerifyRequest, browser: Browser) -> (Verification, Vec<Progress>) {
    let events = Arc::new(Mutex::new(Vec::new()));
    let sink = events.clone();
    let opener = opener(browser, Arc::new(Mutex::new(Seen::default())));
    let verification = verify(
        request,
        &opener,
        &move |event| sink.lock().unwrap().push(event),
        CancellationToken::new(),
    )
    .await;
    let events = events.lock().unwrap().clone();
    (verification, events)
}

pub fn check(verification: &Verification, id: CheckId) -> &Check {
    verification
        .check(id)
        .unwrap_or_else(|| panic!("no {id:?} check in {verification:#?}"))
}

/// Every check passed or was skipped, and the ones listed passed.
pub fn assert_passed(verification: &Verification, must_pass: &[CheckId]) {
    assert!(verification.passed, "{verification:#?}");
    for id in must_pass {
        assert_eq!(
            check(verification, *id).status,
            CheckStatus::Passed,
            "{id:?} in {verification:#?}"
        );
    }
}
