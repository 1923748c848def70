//! Every row of SALESFORCE.md's error table, produced by the matching misconfiguration of the
//! practice org and diagnosed with the right code and wizard step.

mod common;

use common::{check, free_port, org, request, run, Browser};
use eca_verify::diagnosis::from_oauth_error;
use eca_verify::http::Transport;
use eca_verify::token::{self, TokenError};
use eca_verify::{web_server, CheckId, CheckStatus, DiagnosisCode, FlowChoice, Verification};

/// The failed check `id` has `code` and points to `step`.
fn assert_diagnosed(v: &Verification, id: CheckId, code: DiagnosisCode, step: Option<&str>) {
    let found = check(v, id);
    assert_eq!(found.status, CheckStatus::Failed, "{id:?} in {v:#?}");
    let diagnosis = found.diagnosis.as_ref().expect("a failure has a diagnosis");
    assert_eq!(diagnosis.code, code, "{v:#?}");
    assert_eq!(diagnosis.step.map(eca_core::StepId::as_str), step, "{v:#?}");
    assert!(!diagnosis.fix.is_empty());
    assert!(!v.passed);
}

async fn client_credentials(settings: &[(&str, &str)]) -> Verification {
    let port = free_port();
    let org = org("service-board-sync", port, settings).await;
    let request = request(
        "service-board-sync",
        &org,
        FlowChoice::ClientCredentials,
        port,
    );
    let (verification, _) = run(request, Browser::Nothing).await;
    org.shutdown().await;
    verification
}

async fn web_server(profile: &str, settings: &[(&str, &str)], browser: Browser) -> Verification {
    let port = free_port();
    let org = org(profile, port, settings).await;
    let request = request(profile, &org, FlowChoice::WebServer, port);
    let (verification, _) = run(request, browser).await;
    org.shutdown().await;
    verification
}

#[tokio::test]
async fn mistyped_key_is_invalid_client_id_on_the_key_step() {
    let port = free_port();
    let org = org("service-board-sync", port, &[]).await;
    let mut request = request(
        "service-board-sync",
        &org,
        FlowChoice::ClientCredentials,
        port,
    );
    request.consumer_key.truncate(40);
    let (v, _) = run(request, Browser::Nothing).await;
    assert_diagnosed(
        &v,
        CheckId::Token,
        DiagnosisCode::InvalidClientId,
        Some("consumer-key-secret"),
    );
    assert!(v.first_failure().unwrap().fix.contains("10 minutes"));
    assert_eq!(check(&v, CheckId::Query).status, CheckStatus::Skipped);
}

#[tokio::test]
async fn app_of_another_org_is_app_not_found() {
    let v = client_credentials(&[("app_installed", "false")]).await;
    assert_diagnosed(
        &v,
        CheckId::Token,
        DiagnosisCode::AppNotFound,
        Some("open-manager"),
    );
}

#[tokio::test]
async fn unregistered_loopback_callback_is_a_redirect_mismatch() {
    let port = free_port();
    let org = org("webex", port, &[]).await;
    let other = free_port();
    let request = request("webex", &org, FlowChoice::WebServer, other);
    let (v, _) = run(request, Browser::Allow).await;
    assert_diagnosed(
        &v,
        CheckId::Token,
        DiagnosisCode::RedirectMismatch,
        Some("oauth-settings"),
    );
    org.shutdown().await;
}

#[tokio::test]
async fn authorize_without_a_challenge_is_pkce_required_on_the_security_step() {
    // This app always sends PKCE, so the row is produced by a request built without it.
    let port = free_port();
    let org = org("webex", port, &[]).await;
    let url = format!(
        "{}/services/oauth2/authorize?response_type=code&client_id={}&redirect_uri={}&state=s",
        org.base_url(),
        org.consumer_key(),
        url::form_urlencoded::byte_serialize(
            format!("http://localhost:{port}/OauthRedirect").as_bytes()
        )
        .collect::<String>(),
    );
    let transport = Transport::new(true, std::time::Duration::from_secs(5));
    let reply = transport.get(&url, None).await.expect("an answer");
    let location = reply.location.expect("sent back to the callback");
    let query: std::collections::HashMap<String, String> = url::Url::parse(&location)
        .unwrap()
        .query_pairs()
        .into_owned()
        .collect();
    let d = from_oauth_error(
        &query["error"],
        &query["error_description"],
        FlowChoice::WebServer,
    );
    assert_eq!(d.code, DiagnosisCode::PkceRequired);
    assert_eq!(d.step.map(eca_core::StepId::as_str), Some("security"));
    org.shutdown().await;
}

#[tokio::test]
async fn tampered_code_verifier_is_rejected_as_invalid_code_verifier() {
    let port = free_port();
    let org = org("webex", port, &[("auto_approve", "true")]).await;
    let redirect = format!("http://localhost:{port}/OauthRedirect");
    let auth = web_server::authorization(&org.base_url(), org.consumer_key(), &redirect, &[], true)
        .expect("an authorize URL");
    let transport = Transport::new(true, std::time::Duration::from_secs(5));
    let reply = transport.get(&auth.url, None).await.expect("an answer");
    let location = url::Url::parse(&reply.location.expect("auto-approved")).unwrap();
    let code = location
        .query_pairs()
        .find(|(k, _)| k == "code")
        .map(|(_, v)| v.into_owned())
        .expect("a code");
    let verifier = auth.verifier.as_ref().expect("a PKCE verifier");
    let tampered = eca_core::secret::Secret::new(format!("{}x", verifier.expose()));
    let err = token::authorization_code(
        &transport,
        &org.base_url(),
        org.consumer_key(),
        Some(org.consumer_secret()),
        &eca_core::secret::Secret::new(code),
        &redirect,
        Some(&tampered),
    )
    .await
    .expect_err("a wrong verifier is refused");
    let TokenError::OAuth { error, description } = err else {
        panic!("an OAuth error: {err:?}")
    };
    let d = from_oauth_error(&error, &description, FlowChoice::WebServer);
    assert_eq!(d.code, DiagnosisCode::InvalidCodeVerifier);
    org.shutdown().await;
}

#[tokio::test]
async fn wrong_secret_is_invalid_client_credentials() {
    let port = free_port();
    let org = org("service-board-sync", port, &[]).await;
    let mut request = request(
        "service-board-sync",
        &org,
        FlowChoice::ClientCredentials,
        port,
    );
    request.consumer_secret = eca_core::secret::Secret::new("not-the-secret");
    let (v, _) = run(request, Browser::Nothing).await;
    assert_diagnosed(
        &v,
        CheckId::Token,
        DiagnosisCode::InvalidClientCredentials,
        Some("consumer-key-secret"),
    );
    org.shutdown().await;
}

#[tokio::test]
async fn the_password_flow_is_refused_for_an_eca_with_the_flow_to_use() {
    let port = free_port();
    let org = org("vonage-ai-studio", port, &[]).await;
    let request = request("vonage-ai-studio", &org, FlowChoice::Password, port);
    let (v, _) = run(request, Browser::Nothing).await;
    assert_diagnosed(
        &v,
        CheckId::Token,
        DiagnosisCode::PasswordFlowUnsupported,
        None,
    );
    let diagnosis = v.first_failure().unwrap();
    assert!(
        diagnosis.message.contains("20 February 2027"),
        "{diagnosis:?}"
    );
    assert!(diagnosis.fix.contains("web server"), "{diagnosis:?}");
    assert!(
        !diagnosis
            .fix
            .contains("Allow OAuth Username-Password Flows"),
        "enabling the org setting cannot help an ECA"
    );
    org.shutdown().await;
}

#[tokio::test]
async fn flow_not_enabled_is_unsupported_grant_type_on_the_policies_step() {
    let v = client_credentials(&[("flows", "")]).await;
    assert_diagnosed(
        &v,
        CheckId::Token,
        DiagnosisCode::UnsupportedGrantType,
        Some("policies"),
    );
    // The flow's fix first, then the other causes of the same answer (FIDELITY.md row D5).
    let fix = &v.first_failure().unwrap().fix;
    assert!(
        fix.starts_with("Check Enable Client Credentials Flow"),
        "{fix}"
    );
    assert!(fix.contains("http:// instead of https://"), "{fix}");
}

#[tokio::test]
async fn no_run_as_user_is_diagnosed_on_the_policies_step() {
    let v = client_credentials(&[("run_as", "")]).await;
    assert_diagnosed(
        &v,
        CheckId::Token,
        DiagnosisCode::NoClientCredentialsUser,
        Some("policies"),
    );
}

const ADMIN_APPROVED_NOT_ASSIGNED: &[(&str, &str)] = &[
    ("permitted_users", "AdminApprovedPreAuthorized"),
    ("preapproved", "false"),
];

#[tokio::test]
async fn user_without_preauthorization_is_not_approved() {
    // The token endpoint answers `invalid_app_access` (FIDELITY.md row O12).
    let v = client_credentials(ADMIN_APPROVED_NOT_ASSIGNED).await;
    assert_eq!(check(&v, CheckId::Token).status, CheckStatus::Skipped);
    assert_diagnosed(
        &v,
        CheckId::PermittedUsers,
        DiagnosisCode::UserNotApproved,
        Some("policies"),
    );
    let diagnosis = v.first_failure().unwrap();
    assert!(
        diagnosis.message.contains("invalid_app_access"),
        "{diagnosis:?}"
    );
    assert!(diagnosis.fix.contains("Permitted Users"), "{diagnosis:?}");
    assert!(
        diagnosis.fix.contains("Run As user's profile"),
        "{diagnosis:?}"
    );
}

#[tokio::test]
async fn browser_user_without_preauthorization_is_not_approved_on_the_policies_step() {
    // After login the browser is sent back with `OAUTH_APP_ACCESS_DENIED` (FIDELITY.md row P4).
    let v = web_server("webex", ADMIN_APPROVED_NOT_ASSIGNED, Browser::Allow).await;
    assert_eq!(check(&v, CheckId::Token).status, CheckStatus::Skipped);
    assert_diagnosed(
        &v,
        CheckId::PermittedUsers,
        DiagnosisCode::UserNotApproved,
        Some("policies"),
    );
    let diagnosis = v.first_failure().unwrap();
    assert!(
        diagnosis.message.contains("OAUTH_APP_ACCESS_DENIED"),
        "{diagnosis:?}"
    );
    assert!(diagnosis.fix.contains("user who signs in"), "{diagnosis:?}");
}

#[tokio::test]
async fn enforced_ip_restrictions_are_ip_restricted() {
    let v = client_credentials(&[("ip_restricted", "true"), ("ip_relaxation", "Enforce")]).await;
    assert_diagnosed(
        &v,
        CheckId::Token,
        DiagnosisCode::IpRestricted,
        Some("policies"),
    );
}

#[tokio::test]
async fn deactivated_user_is_inactive_user() {
    let v = client_credentials(&[("user_active", "false")]).await;
    assert_diagnosed(
        &v,
        CheckId::Token,
        DiagnosisCode::InactiveUser,
        Some("integration-user"),
    );
}

#[tokio::test]
async fn immediately_expiring_refresh_tokens_are_expired_token() {
    let v = web_server("webex", &[("refresh_token_policy", "Zero")], Browser::Allow).await;
    assert_diagnosed(
        &v,
        CheckId::Refresh,
        DiagnosisCode::ExpiredToken,
        Some("policies"),
    );
}

#[tokio::test]
async fn asking_for_a_scope_the_app_lacks_is_invalid_scope() {
    let port = free_port();
    let org = org("webex", port, &[("scopes", "api,web")]).await;
    let mut request = request("webex", &org, FlowChoice::WebServer, port);
    request.authorize_scopes = Some(vec!["api".into(), "refresh_token".into()]);
    let (v, _) = run(request, Browser::Allow).await;
    assert_diagnosed(
        &v,
        CheckId::Token,
        DiagnosisCode::InvalidScope,
        Some("oauth-settings"),
    );
    org.shutdown().await;
}

#[tokio::test]
async fn clicking_deny_is_access_denied() {
    let v = web_server("webex", &[], Browser::Deny).await;
    assert_diagnosed(&v, CheckId::Token, DiagnosisCode::AccessDenied, None);
}

#[tokio::test]
async fn missing_refresh_scope_points_to_the_oauth_step() {
    let v = web_server("webex", &[("scopes", "api,web")], Browser::Allow).await;
    assert_diagnosed(
        &v,
        CheckId::RefreshToken,
        DiagnosisCode::NoRefreshToken,
        Some("oauth-settings"),
    );
    assert!(check(&v, CheckId::RefreshToken)
        .diagnosis
        .as_ref()
        .unwrap()
        .fix
        .contains("Perform requests at any time"));
    assert_diagnosed(
        &v,
        CheckId::Scopes,
        DiagnosisCode::MissingScope,
        Some("oauth-settings"),
    );
}

#[tokio::test]
async fn client_credentials_without_an_api_scope_is_no_api_scope() {
    // Winter '26: a client-credentials token carries only API-type scopes, so with none
    // selected Salesforce refuses the token (`invalid_grant` / `no valid scopes defined`).
    let v = client_credentials(&[("scopes", "id")]).await;
    assert_diagnosed(
        &v,
        CheckId::Token,
        DiagnosisCode::NoApiScope,
        Some("oauth-settings"),
    );
}

#[tokio::test]
async fn token_without_the_api_scope_is_an_invalid_session_for_rest() {
    let v = web_server("webex", &[("scopes", "id,refresh_token")], Browser::Allow).await;
    assert_diagnosed(
        &v,
        CheckId::Query,
        DiagnosisCode::InvalidSession,
        Some("oauth-settings"),
    );
    assert_diagnosed(
        &v,
        CheckId::Scopes,
        DiagnosisCode::MissingScope,
        Some("oauth-settings"),
    );
}

#[tokio::test]
async fn token_for_another_user_is_a_run_as_mismatch() {
    let v = client_credentials(&[("run_as", "someone.else@acme.example")]).await;
    assert_diagnosed(
        &v,
        CheckId::RunAs,
        DiagnosisCode::RunAsMismatch,
        Some("policies"),
    );
}

#[tokio::test]
async fn a_stopped_org_is_connection_refused() {
    let port = free_port();
    let org = org("service-board-sync", port, &[]).await;
    let request = request(
        "service-board-sync",
        &org,
        FlowChoice::ClientCredentials,
        port,
    );
    org.shutdown().await;
    let (v, _) = run(request, Browser::Nothing).await;
    assert_diagnosed(&v, CheckId::Token, DiagnosisCode::ConnectionRefused, None);
}

/// A token endpoint on loopback that answers every request with HTTP 400 and `body`, the answer
/// recorded from a real org. Returns its host, `127.0.0.1:PORT`.
async fn recorded_token_endpoint(body: &'static str) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let host = listener.local_addr().unwrap().to_string();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let mut request = [0u8; 8192];
            let _ = stream.read(&mut request).await;
            let answer = format!(
                "HTTP/1.1 400 Bad Request\r\nContent-Type: application/json;charset=UTF-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = stream.write_all(answer.as_bytes()).await;
        }
    });
    host
}

/// What login.salesforce.com and test.salesforce.com answer a client credentials request
/// (pozil/pub-sub-api-node-client#58; SALESFORCE.md's error table).
const NOT_ON_THIS_DOMAIN: &str =
    r#"{"error":"invalid_grant","error_description":"request not supported on this domain"}"#;

#[tokio::test]
async fn client_credentials_on_a_generic_login_host_is_told_to_use_the_my_domain() {
    let host = recorded_token_endpoint(NOT_ON_THIS_DOMAIN).await;
    let mut inputs = common::inputs("service-board-sync");
    inputs.domain = host;
    let mut request = eca_verify::VerifyRequest::new(
        eca_core::profile("service-board-sync").unwrap().clone(),
        inputs,
        "3MVG9recorded.answer.key",
        eca_core::secret::Secret::new("recorded-answer-secret"),
    );
    request.flow = FlowChoice::ClientCredentials;
    request.propagation = eca_verify::RetryPolicy::none();
    request.request_timeout = std::time::Duration::from_secs(5);
    request.practice = true;
    let (v, _) = run(request, Browser::Nothing).await;
    assert_diagnosed(&v, CheckId::Token, DiagnosisCode::DomainNotSupported, None);
    let diagnosis = v.first_failure().unwrap();
    assert!(
        diagnosis
            .message
            .contains("request not supported on this domain"),
        "the message quotes Salesforce: {}",
        diagnosis.message
    );
    assert!(
        diagnosis.message.contains("login.salesforce.com"),
        "{}",
        diagnosis.message
    );
    assert!(
        diagnosis.fix.contains("Setup → My Domain"),
        "the fix says where to find the My Domain: {}",
        diagnosis.fix
    );
}

#[tokio::test]
async fn client_credentials_on_the_generic_login_host_are_refused_before_any_request() {
    let port = free_port();
    let org = org("service-board-sync", port, &[]).await;
    let mut request = request(
        "service-board-sync",
        &org,
        FlowChoice::ClientCredentials,
        port,
    );
    org.shutdown().await;
    for host in ["login.salesforce.com", "https://test.salesforce.com/"] {
        request.inputs.domain = host.into();
        let (v, events) = run(request.clone(), Browser::Nothing).await;
        assert_diagnosed(&v, CheckId::Domain, DiagnosisCode::DomainNotSupported, None);
        assert!(
            v.first_failure().unwrap().fix.contains("My Domain"),
            "{v:#?}"
        );
        assert!(
            events
                .iter()
                .all(|e| !matches!(e, eca_verify::Progress::Step { .. })),
            "nothing was looked up or sent: {events:?}"
        );
    }
}

#[tokio::test]
async fn an_uninstalled_connected_app_is_told_to_install_it_not_to_fix_the_secret() {
    // A browser already signed in (auto-approve) goes straight to Salesforce's generic error
    // page, whose address carries `invalid_client` / `app must be installed into org`
    // (FIDELITY.md rows L19, A4); the sign-in-page check reads it there.
    let v = web_server(
        "webex",
        &[
            ("uninstalled_connected_app", "true"),
            ("auto_approve", "true"),
        ],
        Browser::Nothing,
    )
    .await;
    assert_diagnosed(
        &v,
        CheckId::Token,
        DiagnosisCode::ConnectedAppNotInstalled,
        None,
    );
    let diagnosis = v.first_failure().unwrap();
    assert!(
        diagnosis.fix.contains("Approve Uninstalled Connected Apps"),
        "{diagnosis:?}"
    );
    assert!(!diagnosis.message.contains("refused the Consumer Secret"));
}

#[tokio::test]
async fn a_browser_signed_in_to_another_org_is_told_to_sign_out_and_use_the_my_domain() {
    // FIDELITY.md row L20: `OAUTH_AUTHORIZATION_BLOCKED` on the callback.
    let v = web_server(
        "webex",
        &[("signed_in_elsewhere", "true")],
        Browser::Nothing,
    )
    .await;
    assert_diagnosed(&v, CheckId::Token, DiagnosisCode::CrossOrgSignIn, None);
    let diagnosis = v.first_failure().unwrap();
    assert!(
        diagnosis.message.contains("OAUTH_AUTHORIZATION_BLOCKED"),
        "{diagnosis:?}"
    );
    assert!(diagnosis.fix.contains("Sign out"), "{diagnosis:?}");
    assert!(diagnosis.fix.contains("My Domain"), "{diagnosis:?}");
}

#[tokio::test]
async fn a_scope_on_a_client_credentials_request_is_told_to_send_none() {
    // The verification sends no scope; a partner's request may (FIDELITY.md row L7).
    let port = free_port();
    let org = org("service-board-sync", port, &[]).await;
    let transport = Transport::new(true, std::time::Duration::from_secs(5));
    let form = [
        ("grant_type", "client_credentials"),
        ("client_id", org.consumer_key()),
        ("client_secret", org.consumer_secret().expose()),
        ("scope", "api"),
    ];
    let err = token::request(&transport, &org.base_url(), &form)
        .await
        .expect_err("a scope is refused");
    let TokenError::OAuth { error, description } = err else {
        panic!("an OAuth error: {err:?}")
    };
    assert_eq!(
        (error.as_str(), description.as_str()),
        ("invalid_request", "scope parameter not supported")
    );
    let d = from_oauth_error(&error, &description, FlowChoice::ClientCredentials);
    assert_eq!(d.code, DiagnosisCode::ScopeWithClientCredentials);
    assert!(d.fix.contains("Send no scope"), "{d:?}");
    org.shutdown().await;
}

/// A sign-in page on loopback that answers every request with HTTP 200 and `body`, as recorded
/// from a real org. Returns its host, `127.0.0.1:PORT`.
async fn recorded_page(body: &'static str) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let host = listener.local_addr().unwrap().to_string();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let mut request = [0u8; 8192];
            let _ = stream.read(&mut request).await;
            let answer = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: text/html;charset=UTF-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = stream.write_all(answer.as_bytes()).await;
        }
    });
    host
}

/// Salesforce's generic error page, as MoveData's docs and jetstream #1462 record its text.
const GENERIC_ERROR_PAGE: &str = "<html><body><p>We can't authorize you because of an OAuth error. For more information, contact your Salesforce administrator.</p><p>OAUTH_APPROVAL_ERROR_GENERIC : An unexpected error has occured during authentication. Please try again.</p></body></html>";

#[tokio::test]
async fn salesforces_generic_error_page_is_not_taken_for_the_login_page() {
    let host = recorded_page(GENERIC_ERROR_PAGE).await;
    let port = free_port();
    let mut inputs = common::inputs("webex");
    inputs.domain = host;
    let mut request = eca_verify::VerifyRequest::new(
        eca_core::profile("webex").unwrap().clone(),
        inputs,
        "3MVG9recorded.answer.key",
        eca_core::secret::Secret::new("recorded-answer-secret"),
    );
    request.flow = FlowChoice::WebServer;
    request.loopback = eca_verify::LoopbackConfig {
        port,
        path: "/OauthRedirect".into(),
        timeout: std::time::Duration::from_secs(10),
    };
    request.propagation = eca_verify::RetryPolicy::none();
    request.request_timeout = std::time::Duration::from_secs(5);
    request.practice = true;
    let (v, _) = run(request, Browser::Nothing).await;
    assert_diagnosed(&v, CheckId::Token, DiagnosisCode::GenericErrorPage, None);
    let diagnosis = v.first_failure().unwrap();
    assert!(
        diagnosis.message.contains("OAUTH_APPROVAL_ERROR_GENERIC"),
        "{diagnosis:?}"
    );
    assert!(diagnosis.fix.contains("address"), "{diagnosis:?}");
}
