//! Every grant succeeds against a practice org configured as the profile says, over real
//! loopback HTTP: client credentials, the web server flow with PKCE and a refresh, rotation,
//! and revoke.

mod common;

use common::{assert_passed, check, free_port, org, request, run, Browser};
use eca_verify::token;
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
    assert_eq!(verification.username.as_deref(), Some(common::RUN_AS));
    assert_eq!(
        verification.instance_url.as_deref(),
        Some(org.base_url().as_str())
    );
    assert!(verification.api_version.is_some());
    assert!(
        verification.refresh_token.is_none(),
        "client credentials issue none"
    );
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
    assert!(verification.refresh_token.is_some(), "kept for the vault");
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
    assert!(
        verification.notes.iter().any(|n| n.contains("PKCE")),
        "Vonage keeps PKCE off; the result says PKCE was sent anyway"
    );
    org.shutdown().await;
}

#[tokio::test]
async fn rotation_keeps_the_new_refresh_token() {
    let port = free_port();
    let org = org("webex", port, &[("rotation", "true")]).await;
    let request = request("webex", &org, FlowChoice::WebServer, port);
    let (verification, _) = run(request, Browser::Allow).await;
    assert_passed(&verification, &[CheckId::Refresh]);
    assert!(check(&verification, CheckId::Refresh)
        .detail
        .contains("rotation"));
    assert!(verification.notes.iter().any(|n| n.contains("Rotation")));
    let kept = verification.refresh_token.expect("a refresh token");
    // The kept token is the live one: with rotation the first one died at the refresh.
    let transport = eca_verify::http::Transport::new(true, std::time::Duration::from_secs(5));
    let again = token::refresh(
        &transport,
        &org.base_url(),
        org.consumer_key(),
        org.consumer_secret(),
        &kept,
    )
    .await;
    assert!(
        again.is_ok(),
        "the kept refresh token still works: {again:?}"
    );
    org.shutdown().await;
}

#[tokio::test]
async fn revoke_after_revokes_the_tokens_obtained() {
    let port = free_port();
    let org = org("webex", port, &[]).await;
    let mut request = request("webex", &org, FlowChoice::WebServer, port);
    request.revoke_after = true;
    let events = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let sink = events.clone();
    let seen = std::sync::Arc::new(std::sync::Mutex::new(common::Seen::default()));
    let opener = common::opener(Browser::Allow, seen);
    let verification = eca_verify::verify(
        request,
        &opener,
        &move |e| sink.lock().unwrap().push(e),
        eca_verify::CancellationToken::new(),
    )
    .await;
    assert_passed(&verification, &[CheckId::Revoke]);
    assert!(
        verification.refresh_token.is_none(),
        "a revoked token is not kept"
    );
    org.shutdown().await;
}

#[tokio::test]
async fn each_profile_verifies_with_its_own_flow() {
    for id in [
        "service-board-sync",
        "bright-pattern",
        "vonage-ai-studio",
        "webex",
    ] {
        let port = free_port();
        let org = org(id, port, &[]).await;
        let profile = eca_core::profile(id).expect("profile");
        let inputs = eca_core::inputs::SetupInputs::suggested(profile);
        let flow = eca_core::verify_flows(profile, &inputs)[0];
        let request = request(id, &org, flow, port);
        let (verification, _) = run(request, Browser::Allow).await;
        assert!(verification.passed, "{id}: {verification:#?}");
        let expected = if id.ends_with("sync") {
            FlowChoice::ClientCredentials
        } else {
            FlowChoice::WebServer
        };
        assert_eq!(flow, expected, "{id}");
        assert_ne!(
            check(&verification, CheckId::Token).status,
            CheckStatus::Skipped
        );
        org.shutdown().await;
    }
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
        assert!(diagnosis
            .message
            .contains("user hasn't approved this consumer"));
        assert_eq!(
            diagnosis.step.map(eca_core::StepId::as_str),
            Some("policies")
        );
        org.shutdown().await;
    }
}
