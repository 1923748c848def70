//! The waits of a verification: the loopback redirect (forged `state`, port in use, timeout),
//! propagation of a new app (retry with backoff until the key is known), and Cancel.

mod common;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::{check, opener, org, request, run, Browser, Seen};
use eca_test_support::free_port;
use eca_verify::{
    verify, CancellationToken, CheckId, DiagnosisCode, FlowChoice, Progress, RecentChange,
    RetryPolicy,
};

fn code_of(v: &eca_verify::Verification, id: CheckId) -> Option<DiagnosisCode> {
    check(v, id).diagnosis.as_ref().map(|d| d.code)
}

#[tokio::test]
async fn forged_state_is_refused_and_the_real_redirect_still_completes() {
    let port = free_port();
    let org = org("webex", port, &[]).await;
    let request = request("webex", &org, FlowChoice::WebServer, port);
    let seen = Arc::new(Mutex::new(Seen::default()));
    let opener = opener(Browser::ForgedStateThenAllow, seen.clone());
    let v = verify(request, &opener, &|_| {}, CancellationToken::new()).await;
    assert!(v.passed, "{v:#?}");
    let answers = std::mem::take(&mut seen.lock().unwrap().answers);
    let (_, status, body) = &answers[0];
    assert_eq!(*status, 400, "a forged state is refused");
    assert!(
        !body.contains("<script>"),
        "request input is never reflected: {body}"
    );
    assert_eq!(answers[1].1, 200);
    assert!(answers[1].2.contains("return to ECA Setup Assistant"));
    org.shutdown().await;
}

#[tokio::test]
async fn only_a_forged_state_ends_in_a_state_mismatch() {
    let port = free_port();
    let org = org("webex", port, &[]).await;
    let mut request = request("webex", &org, FlowChoice::WebServer, port);
    request.loopback.timeout = Duration::from_secs(1);
    let (v, _) = run(request, Browser::ForgedStateOnly).await;
    assert_eq!(
        code_of(&v, CheckId::Token),
        Some(DiagnosisCode::StateMismatch),
        "{v:#?}"
    );
    org.shutdown().await;
}

#[tokio::test]
async fn no_redirect_in_time_is_a_callback_timeout() {
    let port = free_port();
    let org = org("webex", port, &[]).await;
    let mut request = request("webex", &org, FlowChoice::WebServer, port);
    request.loopback.timeout = Duration::from_millis(500);
    let (v, _) = run(request, Browser::Nothing).await;
    assert_eq!(
        code_of(&v, CheckId::Token),
        Some(DiagnosisCode::CallbackTimeout)
    );
    org.shutdown().await;
}

#[tokio::test]
async fn the_listener_accepts_one_callback_then_closes() {
    let port = free_port();
    let org = org("webex", port, &[]).await;
    let request = request("webex", &org, FlowChoice::WebServer, port);
    let (v, _) = run(request, Browser::Allow).await;
    assert!(v.passed);
    let refused = tokio::net::TcpStream::connect(("127.0.0.1", port)).await;
    assert!(
        refused.is_err(),
        "nothing listens on the port after the callback"
    );
    org.shutdown().await;
}

#[tokio::test]
async fn a_busy_port_is_named_with_what_to_do() {
    let port = free_port();
    let org = org("webex", port, &[]).await;
    let _busy = std::net::TcpListener::bind(("127.0.0.1", port)).expect("bind");
    let request = request("webex", &org, FlowChoice::WebServer, port);
    let (v, _) = run(request, Browser::Allow).await;
    assert_eq!(
        code_of(&v, CheckId::Token),
        Some(DiagnosisCode::LoopbackUnavailable)
    );
    org.shutdown().await;
}

#[tokio::test]
async fn cancel_stops_a_waiting_web_server_flow() {
    let port = free_port();
    let org = org("webex", port, &[]).await;
    let request = request("webex", &org, FlowChoice::WebServer, port); // waits up to 10 s
    let cancel = CancellationToken::new();
    let trigger = cancel.clone();
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(300)).await;
        trigger.cancel();
    });
    let started = Instant::now();
    let opener = opener(Browser::Nothing, Arc::default());
    let v = verify(request, &opener, &|_| {}, cancel).await;
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "cancel is prompt"
    );
    assert_eq!(code_of(&v, CheckId::Token), Some(DiagnosisCode::Cancelled));
    org.shutdown().await;
}

fn quick_retry(total_ms: u64) -> RetryPolicy {
    RetryPolicy {
        total: Duration::from_millis(total_ms),
        first_backoff: Duration::from_millis(200),
        max_backoff: Duration::from_millis(500),
    }
}

#[tokio::test]
async fn a_new_app_is_retried_until_it_has_propagated() {
    let port = free_port();
    let org = org(
        "service-board-sync",
        port,
        &[("propagation_delay_secs", "2")],
    )
    .await;
    let mut request = request(
        "service-board-sync",
        &org,
        FlowChoice::ClientCredentials,
        port,
    );
    request.propagation = quick_retry(6_000);
    let (v, events) = run(request, Browser::Nothing).await;
    assert!(v.passed, "{v:#?}");
    let waits = events
        .iter()
        .filter(|e| matches!(e, Progress::WaitingForPropagation { .. }))
        .count();
    assert!(waits >= 2, "each wait is reported ({waits})");
    org.shutdown().await;
}

#[tokio::test]
async fn propagation_that_outlasts_the_retries_explains_the_wait() {
    let port = free_port();
    let org = org(
        "service-board-sync",
        port,
        &[("propagation_delay_secs", "30")],
    )
    .await;
    let mut request = request(
        "service-board-sync",
        &org,
        FlowChoice::ClientCredentials,
        port,
    );
    request.propagation = quick_retry(1_200);
    let (v, _) = run(request, Browser::Nothing).await;
    let diagnosis = v.first_failure().expect("a failure");
    assert_eq!(diagnosis.code, DiagnosisCode::InvalidClientId);
    assert!(
        diagnosis.message.contains("still refused after"),
        "{}",
        diagnosis.message
    );
    org.shutdown().await;
}

#[tokio::test]
async fn cancel_stops_the_propagation_wait() {
    let port = free_port();
    let org = org(
        "service-board-sync",
        port,
        &[("propagation_delay_secs", "30")],
    )
    .await;
    let mut request = request(
        "service-board-sync",
        &org,
        FlowChoice::ClientCredentials,
        port,
    );
    request.propagation = quick_retry(60_000);
    let cancel = CancellationToken::new();
    let trigger = cancel.clone();
    let started = Instant::now();
    let opener = opener(Browser::Nothing, Arc::default());
    let v = verify(
        request,
        &opener,
        &move |e| {
            if matches!(e, Progress::WaitingForPropagation { attempt: 3, .. }) {
                trigger.cancel();
            }
        },
        cancel,
    )
    .await;
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(code_of(&v, CheckId::Token), Some(DiagnosisCode::Cancelled));
    org.shutdown().await;
}

#[tokio::test]
async fn a_domain_that_does_not_resolve_is_a_dns_failure() {
    let mut request = {
        let port = free_port();
        let org = org("service-board-sync", port, &[]).await;
        let r = request(
            "service-board-sync",
            &org,
            FlowChoice::ClientCredentials,
            port,
        );
        org.shutdown().await;
        r
    };
    request.inputs.domain = "no-such-org-eca-setup-test.my.salesforce.com".into();
    let (v, _) = run(request, Browser::Nothing).await;
    assert_eq!(
        code_of(&v, CheckId::Domain),
        Some(DiagnosisCode::DnsFailure),
        "{v:#?}"
    );
}

fn changed(step: &str, minutes_ago: u64) -> Option<Vec<RecentChange>> {
    Some(vec![RecentChange {
        step: step.parse().expect("a step id"),
        title: "API (Enable OAuth Settings)".into(),
        ago: Duration::from_secs(minutes_ago * 60),
    }])
}

fn quick_retries() -> RetryPolicy {
    RetryPolicy {
        total: Duration::from_millis(300),
        first_backoff: Duration::from_millis(50),
        max_backoff: Duration::from_millis(100),
    }
}

fn waits(events: &[Progress]) -> usize {
    events
        .iter()
        .filter(|e| matches!(e, Progress::WaitingForPropagation { .. }))
        .count()
}

/// The webex org allows only the loopback callback on `port`; the request comes back on
/// another port, so Salesforce answers redirect_uri_mismatch.
async fn mismatched_callback(
    recent: Option<Vec<RecentChange>>,
) -> (eca_verify::Verification, Vec<Progress>) {
    let port = free_port();
    let org = org("webex", port, &[]).await;
    let mut request = request("webex", &org, FlowChoice::WebServer, free_port());
    request.recent_changes = recent;
    request.propagation = quick_retries();
    let result = run(request, Browser::Allow).await;
    org.shutdown().await;
    result
}

#[tokio::test]
async fn a_callback_added_minutes_ago_is_explained_as_salesforce_still_applying_it() {
    let (v, events) = mismatched_callback(changed("oauth-settings", 2)).await;
    assert!(
        waits(&events) > 0,
        "retried while the change may be on its way"
    );
    let diagnosis = check(&v, CheckId::Token)
        .diagnosis
        .clone()
        .expect("diagnosis");
    assert_eq!(diagnosis.code, DiagnosisCode::ChangePropagating, "{v:#?}");
    assert!(diagnosis
        .message
        .contains("may still be applying your change"));
    assert!(diagnosis.message.contains("redirect_uri_mismatch"));
    assert!(
        diagnosis.fix.starts_with("Wait about 8 more minute(s)"),
        "{}",
        diagnosis.fix
    );
    assert_eq!(
        diagnosis.step.map(eca_core::StepId::as_str),
        Some("oauth-settings")
    );
}

#[tokio::test]
async fn a_callback_changed_long_ago_is_a_plain_mismatch_without_retries() {
    for recent in [
        changed("oauth-settings", 11),
        changed("policies", 1),
        Some(Vec::new()),
    ] {
        let (v, events) = mismatched_callback(recent.clone()).await;
        assert_eq!(waits(&events), 0, "{recent:?}");
        assert_eq!(
            code_of(&v, CheckId::Token),
            Some(DiagnosisCode::RedirectMismatch),
            "{recent:?}"
        );
    }
}

#[tokio::test]
async fn a_wrong_secret_is_never_retried_even_right_after_a_change() {
    let port = free_port();
    let org = org("service-board-sync", port, &[]).await;
    let mut request = request(
        "service-board-sync",
        &org,
        FlowChoice::ClientCredentials,
        port,
    );
    request.consumer_secret = eca_core::secret::Secret::new("a-wrong-secret");
    request.recent_changes = Some(
        ["security", "oauth-settings", "flow-enablement", "policies"]
            .iter()
            .map(|step| RecentChange {
                step: step.parse().expect("a step id"),
                title: (*step).into(),
                ago: Duration::from_secs(30),
            })
            .collect(),
    );
    request.propagation = quick_retries();
    let (v, events) = run(request, Browser::Nothing).await;
    assert_eq!(waits(&events), 0);
    assert_eq!(
        code_of(&v, CheckId::Token),
        Some(DiagnosisCode::InvalidClientCredentials)
    );
    org.shutdown().await;
}
