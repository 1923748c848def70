//! Every grant succeeds against a practice org configured as the profile says, over real
//! loopback HTTP: client credentials, the web server flow with PKCE and a refresh, rotation,
//! and the revoke that leaves the org honouring no token of the verification (unless asked to
//! keep them), even when the admin cancels half-way.

mod common;

use common::{assert_passed, check, org, request, run, Browser};
use eca_test_support::free_port;
use eca_verify::{CheckId, CheckStatus, DiagnosisCode, FlowChoice, Progress};

#[tokio::test]
async fn client_credentials_verifies_service_board_sync() {
    let port = free_port();
    let org = org("service-board-sync", port, &[]).await;
    let request = request(
        "service-board-sync",
        &org,
        FlowChoice::ClientCredentials,
        port,
    );
    let (verification, events) = run(request, Browser::Nothing).await;
    assert_passed(
        &verification,
        &[
            CheckId::Domain,
            CheckId::Token,
            CheckId::Signature,
            CheckId::Instance,
            CheckId::Scopes,
            CheckId::Userinfo,
            CheckId::RunAs,
            CheckId::ApiVersions,
            CheckId::Query,
        ],
    );
    assert_eq!(
        verification.username.as_deref(),
        Some("integration@acme.com"),
        "the Run As user the inputs name"
    );
    assert_eq!(
        verification.instance_url.as_deref(),
        Some(org.base_url().as_str())
    );
    assert!(verification.api_version.is_some());
    assert_eq!(
        check(&verification, CheckId::Revoke).detail,
        "Revoked: the access token no longer works, and this app kept none of it.",
        "client credentials issue only an access token"
    );
    assert_eq!(org.live_tokens(), (0, 0), "no usable token left behind");
    assert!(
        events
            .iter()
            .any(|e| matches!(e, Progress::CheckDone { .. })),
        "progress reports each check"
    );
    org.shutdown().await;
}

#[tokio::test]
async fn web_server_flow_with_pkce_proves_the_refresh_token() {
    let port = free_port();
    let org = org("webex", port, &[]).await;
    let request = request("webex", &org, FlowChoice::WebServer, port);
    let (verification, events) = run(request, Browser::Allow).await;
    assert_passed(
        &verification,
        &[
            CheckId::Token,
            CheckId::Signature,
            CheckId::Scopes,
            CheckId::RefreshToken,
            CheckId::Refresh,
            CheckId::ApiVersions,
            CheckId::Query,
        ],
    );
    assert_eq!(
        check(&verification, CheckId::Revoke).detail,
        "Revoked: the refresh token and every access token issued with it no longer work, and this app kept none of them."
    );
    assert_eq!(
        org.live_tokens(),
        (0, 0),
        "the refresh token went, and both access tokens (the first and the refreshed) with it"
    );
    assert!(events.iter().any(|e| matches!(
        e,
        Progress::WaitingForBrowser { redirect_uri, .. } if redirect_uri.ends_with("/OauthRedirect")
    )));
    org.shutdown().await;
}

#[tokio::test]
async fn web_server_flow_ignores_stray_requests_on_the_loopback() {
    let port = free_port();
    let org = org("vonage-ai-studio", port, &[]).await;
    let request = request("vonage-ai-studio", &org, FlowChoice::WebServer, port);
    let (verification, _) = run(request, Browser::StrayThenAllow).await;
    assert_passed(
        &verification,
        &[CheckId::Token, CheckId::Refresh, CheckId::Userinfo],
    );
    assert_passed(&verification, &[CheckId::PartnerPkce]);
    org.shutdown().await;
}

#[tokio::test]
async fn rotation_revokes_the_newest_refresh_token() {
    let port = free_port();
    let org = org("webex", port, &[("rotation", "true")]).await;
    let request = request("webex", &org, FlowChoice::WebServer, port);
    let (verification, _) = run(request, Browser::Allow).await;
    assert_passed(&verification, &[CheckId::Refresh, CheckId::Revoke]);
    assert!(check(&verification, CheckId::Refresh)
        .detail
        .contains("rotation"));
    assert!(verification.notes.iter().any(|n| n.contains("Rotation")));
    // Revoking the first refresh token, which rotation ended, would be refused (invalid_token)
    // and leave the new one alive.
    assert_eq!(org.live_tokens(), (0, 0), "no usable token left behind");
    org.shutdown().await;
}

#[tokio::test]
async fn keep_tokens_leaves_them_in_salesforce_only_and_says_so() {
    let port = free_port();
    let org = org("webex", port, &[]).await;
    let mut request = request("webex", &org, FlowChoice::WebServer, port);
    request.revoke_after = false;
    let (verification, _) = run(request, Browser::Allow).await;
    assert!(verification.passed, "{verification:#?}");
    let revoke = check(&verification, CheckId::Revoke);
    assert_eq!(revoke.status, CheckStatus::Skipped);
    assert_eq!(
        revoke.detail,
        "Kept, as asked: the test tokens stay valid in Salesforce until they expire or you revoke them (Setup → External Client Apps → OAuth Usage); this app kept no copy of them."
    );
    assert_eq!(
        org.live_tokens(),
        (2, 1),
        "both access tokens and the refresh token"
    );
    org.shutdown().await;
}

#[tokio::test]
async fn a_cancelled_verification_still_revokes_what_it_obtained() {
    let port = free_port();
    let org = org("webex", port, &[]).await;
    let request = request("webex", &org, FlowChoice::WebServer, port);
    let cancel = eca_verify::CancellationToken::new();
    let stop = cancel.clone();
    // The admin clicks Cancel once the token is in hand, while the API calls run.
    let progress = move |event: Progress| {
        if matches!(&event, Progress::Step { message } if message.starts_with("Listing the API versions"))
        {
            stop.cancel();
        }
    };
    let seen = std::sync::Arc::new(std::sync::Mutex::new(common::Seen::default()));
    let opener = common::opener(Browser::Allow, seen);
    let verification = eca_verify::verify(request, &opener, &progress, cancel).await;
    assert_eq!(
        check(&verification, CheckId::ApiVersions)
            .diagnosis
            .as_ref()
            .map(|d| d.code),
        Some(DiagnosisCode::Cancelled),
        "{verification:#?}"
    );
    assert_eq!(
        check(&verification, CheckId::Revoke).status,
        CheckStatus::Passed
    );
    assert_eq!(org.live_tokens(), (0, 0), "no usable token left behind");
    org.shutdown().await;
}

#[tokio::test]
async fn without_a_token_the_revoke_check_says_none_was_issued() {
    let port = free_port();
    let org = org("service-board-sync", port, &[("run_as", "")]).await;
    let request = request(
        "service-board-sync",
        &org,
        FlowChoice::ClientCredentials,
        port,
    );
    let (verification, _) = run(request, Browser::Nothing).await;
    assert_eq!(
        check(&verification, CheckId::Token).status,
        CheckStatus::Failed
    );
    let revoke = check(&verification, CheckId::Revoke);
    assert_eq!(revoke.status, CheckStatus::Skipped);
    assert_eq!(
        revoke.detail,
        "No token was issued, so there is none to revoke."
    );
    assert_eq!(
        verification.checks.last().map(|c| c.id),
        Some(CheckId::Revoke),
        "it stays the last check"
    );
    org.shutdown().await;
}

/// The flow each partner's guide has the app verify with.
const GUIDE_FLOWS: [(&str, FlowChoice); 4] = [
    ("service-board-sync", FlowChoice::ClientCredentials),
    ("bright-pattern", FlowChoice::WebServer),
    ("vonage-ai-studio", FlowChoice::WebServer),
    ("webex", FlowChoice::WebServer),
];

#[tokio::test]
async fn each_profile_verifies_with_its_own_flow() {
    let mut seen = Vec::new();
    for profile in eca_core::profiles() {
        let id = profile.id.as_str();
        let port = free_port();
        let org = org(id, port, &[]).await;
        let inputs = eca_core::inputs::SetupInputs::suggested(profile);
        let flow = eca_core::verify_flows(profile, &inputs)[0];
        let request = request(id, &org, flow, port);
        let (verification, _) = run(request, Browser::Allow).await;
        assert!(verification.passed, "{id}: {verification:#?}");
        if let Some((_, expected)) = GUIDE_FLOWS.iter().find(|(guided, _)| *guided == id) {
            assert_eq!(flow, *expected, "{id}");
            seen.push(id);
        }
        assert_ne!(
            check(&verification, CheckId::Token).status,
            CheckStatus::Skipped
        );
        assert_eq!(
            org.live_tokens(),
            (0, 0),
            "{id}: no usable token left behind"
        );
        org.shutdown().await;
    }
    assert_eq!(
        seen.len(),
        GUIDE_FLOWS.len(),
        "each guided profile ran: {seen:?}"
    );
}

#[tokio::test]
async fn bright_pattern_is_proven_with_its_web_server_flow_and_a_refresh() {
    let port = free_port();
    let org = org("bright-pattern", port, &[]).await;
    let request = request("bright-pattern", &org, FlowChoice::WebServer, port);
    let (verification, _) = run(request, Browser::Allow).await;
    assert!(verification.passed, "{verification:#?}");
    for id in [
        CheckId::RefreshToken,
        CheckId::Refresh,
        CheckId::PermittedUsers,
    ] {
        assert_eq!(
            check(&verification, id).status,
            CheckStatus::Passed,
            "{id:?}"
        );
    }
    org.shutdown().await;
}

#[tokio::test]
async fn bright_pattern_user_without_the_preauthorized_profile_is_named() {
    for flow in [FlowChoice::WebServer, FlowChoice::ClientCredentials] {
        let port = free_port();
        let org = org("bright-pattern", port, &[("preapproved", "false")]).await;
        let request = request("bright-pattern", &org, flow, port);
        let (verification, _) = run(request, Browser::Allow).await;
        assert!(!verification.passed);
        let permitted = check(&verification, CheckId::PermittedUsers);
        assert_eq!(permitted.status, CheckStatus::Failed, "{flow:?}");
        let diagnosis = permitted.diagnosis.as_ref().expect("diagnosis");
        assert_eq!(diagnosis.code, DiagnosisCode::UserNotApproved, "{flow:?}");
        // The browser sign-in and the token endpoint word it differently (FIDELITY.md P4, O12).
        let error = match flow {
            FlowChoice::WebServer => "OAUTH_APP_ACCESS_DENIED",
            _ => "invalid_app_access",
        };
        assert!(
            diagnosis
                .message
                .contains(&format!("{error}: user is not admin approved")),
            "{flow:?}: {}",
            diagnosis.message
        );
        assert_eq!(
            diagnosis.step.map(eca_core::StepId::as_str),
            Some("policies")
        );
        org.shutdown().await;
    }
}
