//! Every row of SALESFORCE.md's error table, produced by the matching misconfiguration of the
//! practice org and diagnosed with the right code and wizard step: one table, run by
//! `every_row_is_diagnosed_with_its_code_and_step`, and after it the rows that need a request
//! the app never sends or an answer the practice org cannot give.

mod common;

use common::{check, org, request, run, Browser};
use eca_test_support::free_port;
use eca_verify::diagnosis::from_oauth_error;
use eca_verify::http::Transport;
use eca_verify::token::{self, TokenError};
use eca_verify::{
    web_server, CheckId, CheckStatus, DiagnosisCode, FlowChoice, Verification, VerifyRequest,
};

use Browser::{Allow, Deny, Nothing};
use DiagnosisCode as Code;

type Settings = &'static [(&'static str, &'static str)];
type Phrases = &'static [&'static str];

/// A row: `profile` verified with `flow` against a practice org with `settings` (the request
/// changed by `change`, the stand-in browser doing `browser` on the Allow page), and what must
/// come of it: the check `check` failed with `code`, pointing to the wizard step `step`; its
/// message and fix hold `message` and `fix` (each in that order) and neither holds a phrase of
/// `never`; the checks in `skipped` were not run.
#[derive(Clone, Copy)]
struct Row {
    why: &'static str,
    profile: &'static str,
    flow: FlowChoice,
    settings: Settings,
    browser: Browser,
    change: fn(&mut VerifyRequest),
    fails: Option<(CheckId, DiagnosisCode, Option<&'static str>)>,
    message: Phrases,
    fix: Phrases,
    never: Phrases,
    skipped: &'static [CheckId],
}

/// `profile` verified with `flow`, the request changed by `change` before it is sent.
const fn changed(
    why: &'static str,
    profile: &'static str,
    flow: FlowChoice,
    browser: Browser,
    change: fn(&mut VerifyRequest),
) -> Row {
    Row {
        why,
        profile,
        flow,
        settings: &[],
        browser,
        change,
        fails: None,
        message: &[],
        fix: &[],
        never: &[],
        skipped: &[],
    }
}

/// Service Board Sync's client credentials, as the app sends them, against an org with `settings`.
const fn client_credentials(why: &'static str, settings: Settings) -> Row {
    changed(why, SBS, FlowChoice::ClientCredentials, Nothing, |_| {}).org_with(settings)
}

/// Webex's web server flow, as the app runs it, against an org with `settings`.
const fn web_server_flow(why: &'static str, settings: Settings, browser: Browser) -> Row {
    changed(why, "webex", FlowChoice::WebServer, browser, |_| {}).org_with(settings)
}

impl Row {
    /// The practice org with `settings` applied.
    const fn org_with(self, settings: Settings) -> Row {
        Row { settings, ..self }
    }
    const fn fails(self, check: CheckId, code: DiagnosisCode, step: Option<&'static str>) -> Row {
        Row {
            fails: Some((check, code, step)),
            ..self
        }
    }
    const fn message(self, message: Phrases) -> Row {
        Row { message, ..self }
    }
    const fn fix(self, fix: Phrases) -> Row {
        Row { fix, ..self }
    }
    const fn never(self, never: Phrases) -> Row {
        Row { never, ..self }
    }
    const fn skipped(self, skipped: &'static [CheckId]) -> Row {
        Row { skipped, ..self }
    }
}

const SBS: &str = "service-board-sync";
const ADMIN_APPROVED_NOT_ASSIGNED: Settings = &[
    ("permitted_users", "AdminApprovedPreAuthorized"),
    ("preapproved", "false"),
];
const WITHOUT_REFRESH_SCOPE: Settings = &[("scopes", "api,web")];
const WITHOUT_API_SCOPE: Settings = &[("scopes", "id,refresh_token")];

fn key_cut_short(request: &mut VerifyRequest) {
    request.consumer_key.truncate(40);
}

fn another_secret(request: &mut VerifyRequest) {
    request.consumer_secret = eca_core::secret::Secret::new("not-the-secret");
}

/// The listener waits on another port than the one the practice org's app has as callback.
fn unregistered_callback(request: &mut VerifyRequest) {
    request.loopback.port = free_port();
}

/// Asks for exactly these scopes, as a partner may.
fn refresh_scope_asked_for(request: &mut VerifyRequest) {
    request.authorize_scopes = Some(vec!["api".into(), "refresh_token".into()]);
}

// One row to a case, as a table reads; rustfmt would give each argument a line of its own.
#[rustfmt::skip]
const TABLE: &[Row] = &[
    changed("key mistyped", SBS, FlowChoice::ClientCredentials, Nothing, key_cut_short)
        .fails(CheckId::Token, Code::InvalidClientId, Some("consumer-key-secret"))
        .fix(&["10 minutes"]).skipped(&[CheckId::Query]),
    changed("secret mistyped", SBS, FlowChoice::ClientCredentials, Nothing, another_secret)
        .fails(CheckId::Token, Code::InvalidClientCredentials, Some("consumer-key-secret")),
    client_credentials("app of another org", &[("app_installed", "false")])
        .fails(CheckId::Token, Code::AppNotFound, Some("open-manager")),
    changed("loopback callback not registered", "webex", FlowChoice::WebServer, Allow, unregistered_callback)
        .fails(CheckId::Token, Code::RedirectMismatch, Some("oauth-settings")),
    changed("the password flow, which no ECA has", "vonage-ai-studio", FlowChoice::Password, Nothing, |_| {})
        .fails(CheckId::Token, Code::PasswordFlowUnsupported, None)
        .message(&["20 February 2027"]).fix(&["web server"])
        // Enabling the org setting cannot help an ECA.
        .never(&["Allow OAuth Username-Password Flows"]),
    // The flow's fix first, then the other causes of the same answer (FIDELITY.md row D5).
    client_credentials("client credentials flow not enabled", &[("flows", "")])
        .fails(CheckId::Token, Code::UnsupportedGrantType, Some("policies"))
        .fix(&["Check Enable Client Credentials Flow", "http:// instead of https://"]),
    client_credentials("no Run As user", &[("run_as", "")])
        .fails(CheckId::Token, Code::NoClientCredentialsUser, Some("policies")),
    // The token endpoint answers `invalid_app_access` (FIDELITY.md row O12).
    client_credentials("Run As user not pre-authorized", ADMIN_APPROVED_NOT_ASSIGNED)
        .fails(CheckId::PermittedUsers, Code::UserNotApproved, Some("policies"))
        .message(&["invalid_app_access"]).fix(&["Permitted Users", "Run As user's profile"])
        .skipped(&[CheckId::Token]),
    // After login the browser is sent back with `OAUTH_APP_ACCESS_DENIED` (FIDELITY.md row P4).
    web_server_flow("browser user not pre-authorized", ADMIN_APPROVED_NOT_ASSIGNED, Allow)
        .fails(CheckId::PermittedUsers, Code::UserNotApproved, Some("policies"))
        .message(&["OAUTH_APP_ACCESS_DENIED"]).fix(&["user who signs in"])
        .skipped(&[CheckId::Token]),
    client_credentials("IP restrictions enforced", &[("ip_restricted", "true"), ("ip_relaxation", "Enforce")])
        .fails(CheckId::Token, Code::IpRestricted, Some("policies")),
    client_credentials("Run As user deactivated", &[("user_active", "false")])
        .fails(CheckId::Token, Code::InactiveUser, Some("integration-user")),
    web_server_flow("refresh tokens that expire at once", &[("refresh_token_policy", "Zero")], Allow)
        .fails(CheckId::Refresh, Code::ExpiredToken, Some("policies")),
    changed("a scope the app lacks asked for", "webex", FlowChoice::WebServer, Allow, refresh_scope_asked_for)
        .org_with(WITHOUT_REFRESH_SCOPE)
        .fails(CheckId::Token, Code::InvalidScope, Some("oauth-settings")),
    web_server_flow("Deny clicked", &[], Deny)
        .fails(CheckId::Token, Code::AccessDenied, None),
    web_server_flow("refresh scope missing: no refresh token", WITHOUT_REFRESH_SCOPE, Allow)
        .fails(CheckId::RefreshToken, Code::NoRefreshToken, Some("oauth-settings"))
        .fix(&["Perform requests at any time"]),
    web_server_flow("refresh scope missing: the scopes compared", WITHOUT_REFRESH_SCOPE, Allow)
        .fails(CheckId::Scopes, Code::MissingScope, Some("oauth-settings")),
    // Winter '26: a client-credentials token carries only API-type scopes, so with none
    // selected Salesforce refuses the token (`invalid_grant` / `no valid scopes defined`).
    client_credentials("client credentials without an API scope", &[("scopes", "id")])
        .fails(CheckId::Token, Code::NoApiScope, Some("oauth-settings")),
    web_server_flow("api scope missing: REST refuses the token", WITHOUT_API_SCOPE, Allow)
        .fails(CheckId::Query, Code::InvalidSession, Some("oauth-settings")),
    web_server_flow("api scope missing: the scopes compared", WITHOUT_API_SCOPE, Allow)
        .fails(CheckId::Scopes, Code::MissingScope, Some("oauth-settings")),
    client_credentials("token for another user", &[("run_as", "someone.else@acme.example")])
        .fails(CheckId::RunAs, Code::RunAsMismatch, Some("policies")),
    // A browser already signed in (auto-approve) goes straight to Salesforce's generic error
    // page, whose address carries `invalid_client` / `app must be installed into org`
    // (FIDELITY.md rows L19, A4); the sign-in-page check reads it there.
    web_server_flow("connected app not installed", &[("uninstalled_connected_app", "true"), ("auto_approve", "true")], Nothing)
        .fails(CheckId::Token, Code::ConnectedAppNotInstalled, None)
        .fix(&["Approve Uninstalled Connected Apps"]).never(&["refused the Consumer Secret"]),
    // FIDELITY.md row L20: `OAUTH_AUTHORIZATION_BLOCKED` on the callback.
    web_server_flow("browser signed in to another org", &[("signed_in_elsewhere", "true")], Nothing)
        .fails(CheckId::Token, Code::CrossOrgSignIn, None)
        .message(&["OAUTH_AUTHORIZATION_BLOCKED"]).fix(&["Sign out", "My Domain"]),
];

/// The row's verification against a practice org set up for it.
async fn verification(row: &Row) -> Verification {
    let port = free_port();
    let org = org(row.profile, port, row.settings).await;
    let mut request = request(row.profile, &org, row.flow, port);
    (row.change)(&mut request);
    let (verification, _) = run(request, row.browser).await;
    org.shutdown().await;
    verification
}

/// Whether `text` holds `phrases` one after the other.
fn holds_in_order(text: &str, phrases: &[&str]) -> bool {
    let mut rest = text;
    phrases.iter().all(|phrase| match rest.find(phrase) {
        Some(at) => {
            rest = &rest[at + phrase.len()..];
            true
        }
        None => false,
    })
}

/// What `v` gets wrong against `row`, if anything.
fn mismatch(row: &Row, v: &Verification) -> Option<String> {
    let Some((check, code, step)) = row.fails else {
        return Some("the row says nothing of what must fail".into());
    };
    let Some(found) = v.check(check) else {
        return Some(format!("no {check:?} check"));
    };
    let Some(diagnosis) = found.diagnosis.as_ref() else {
        return Some(format!("{check:?} is {:?}, undiagnosed", found.status));
    };
    let right = found.status == CheckStatus::Failed
        && !v.passed
        && diagnosis.code == code
        && diagnosis.step.map(eca_core::StepId::as_str) == step
        && !diagnosis.fix.is_empty()
        && holds_in_order(&diagnosis.message, row.message)
        && holds_in_order(&diagnosis.fix, row.fix)
        && !row
            .never
            .iter()
            .any(|phrase| diagnosis.message.contains(phrase) || diagnosis.fix.contains(phrase))
        && row
            .skipped
            .iter()
            .all(|id| v.check(*id).map(|c| c.status) == Some(CheckStatus::Skipped));
    (!right).then(|| format!("{diagnosis:?}"))
}

#[tokio::test]
async fn every_row_is_diagnosed_with_its_code_and_step() {
    let mut failures = Vec::new();
    for row in TABLE {
        let v = verification(row).await;
        if let Some(problem) = mismatch(row, &v) {
            failures.push(format!(
                "{}: expected {:?} (check, code, step), message with {:?}, fix with {:?}, \
                 neither with {:?}, {:?} skipped; got {problem}\n{v:#?}",
                row.why, row.fails, row.message, row.fix, row.never, row.skipped
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n\n"));
}

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

#[tokio::test]
async fn a_stopped_org_is_connection_refused() {
    let port = free_port();
    let org = org(SBS, port, &[]).await;
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
async fn a_scope_on_a_client_credentials_request_is_told_to_send_none() {
    // The verification sends no scope; a partner's request may (FIDELITY.md row L7).
    let port = free_port();
    let org = org(SBS, port, &[]).await;
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

#[tokio::test]
async fn client_credentials_on_the_generic_login_host_are_refused_before_any_request() {
    let port = free_port();
    let org = org(SBS, port, &[]).await;
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

/// A server on loopback that answers every request with `status` and `body` (of `content_type`),
/// an answer recorded from a real org. Returns its host, `127.0.0.1:PORT`.
async fn recorded(status: &'static str, content_type: &'static str, body: &'static str) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let host = listener.local_addr().unwrap().to_string();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let mut request = [0u8; 8192];
            let _ = stream.read(&mut request).await;
            let answer = format!(
                "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = stream.write_all(answer.as_bytes()).await;
        }
    });
    host
}

/// A verification of `profile` with `flow` against the recorded server at `host`, which is
/// plain http on loopback as the practice org is.
fn recorded_request(profile: &str, host: String, flow: FlowChoice) -> VerifyRequest {
    let mut request = common::request_to(profile, &host, flow);
    request.loopback.port = free_port();
    request.loopback.timeout = std::time::Duration::from_secs(10);
    request.practice = true;
    request
}

/// What login.salesforce.com and test.salesforce.com answer a client credentials request
/// (pozil/pub-sub-api-node-client#58; SALESFORCE.md's error table).
const NOT_ON_THIS_DOMAIN: &str =
    r#"{"error":"invalid_grant","error_description":"request not supported on this domain"}"#;

#[tokio::test]
async fn client_credentials_on_a_generic_login_host_is_told_to_use_the_my_domain() {
    let host = recorded(
        "400 Bad Request",
        "application/json;charset=UTF-8",
        NOT_ON_THIS_DOMAIN,
    )
    .await;
    let request = recorded_request("service-board-sync", host, FlowChoice::ClientCredentials);
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

/// Salesforce's generic error page, as MoveData's docs and jetstream #1462 record its text.
const GENERIC_ERROR_PAGE: &str = "<html><body><p>We can't authorize you because of an OAuth error. For more information, contact your Salesforce administrator.</p><p>OAUTH_APPROVAL_ERROR_GENERIC : An unexpected error has occured during authentication. Please try again.</p></body></html>";

#[tokio::test]
async fn salesforces_generic_error_page_is_not_taken_for_the_login_page() {
    let host = recorded("200 OK", "text/html;charset=UTF-8", GENERIC_ERROR_PAGE).await;
    let request = recorded_request("webex", host, FlowChoice::WebServer);
    let (v, _) = run(request, Browser::Nothing).await;
    assert_diagnosed(&v, CheckId::Token, DiagnosisCode::GenericErrorPage, None);
    let diagnosis = v.first_failure().unwrap();
    assert!(
        diagnosis.message.contains("OAUTH_APPROVAL_ERROR_GENERIC"),
        "{diagnosis:?}"
    );
    assert!(diagnosis.fix.contains("address"), "{diagnosis:?}");
}
