//! Behind a proxy a real org is reached through it, never stopped by this computer's own name
//! lookup, and a refusing proxy is named in the diagnosis without its credentials. The proxy is
//! a loopback stand-in (`loopback_proxy`) that forwards nothing; the settings are built here,
//! not read from the environment, so these tests run side by side (`proxy_environment.rs`
//! covers the variables themselves).

mod common;
mod loopback_proxy;

use std::time::Duration;

use eca_verify::http::Transport;
use eca_verify::{CheckId, CheckStatus, DiagnosisCode, FlowChoice, ProxySettings, VerifyRequest};
use loopback_proxy::LoopbackProxy;

const ORG: &str = "acme.my.salesforce.com";

fn real_org_request(proxy: ProxySettings) -> VerifyRequest {
    let mut request = common::request_to("service-board-sync", ORG, FlowChoice::ClientCredentials);
    request.proxy = proxy;
    request
}

#[tokio::test]
async fn a_real_org_behind_a_proxy_is_asked_of_the_proxy_not_looked_up_here() {
    let proxy = LoopbackProxy::bind(|_| 502);
    let settings = ProxySettings::from_values(&proxy.url(), "", "");
    let (verification, _) = common::run(real_org_request(settings), common::Browser::Nothing).await;
    let domain = common::check(&verification, CheckId::Domain);
    assert_eq!(domain.status, CheckStatus::Failed, "{verification:#?}");
    let diagnosis = domain.diagnosis.as_ref().unwrap();
    assert_eq!(
        diagnosis.code,
        DiagnosisCode::ProxyCannotReachOrg,
        "{diagnosis:#?}"
    );
    assert_eq!(
        diagnosis.message,
        format!(
            "The proxy 127.0.0.1:{} could not reach {ORG} (it answered 502 Bad Gateway).",
            proxy.port
        )
    );
    assert!(
        diagnosis
            .fix
            .contains("other forms of the name were not tried"),
        "{diagnosis:#?}"
    );
    let targets: Vec<String> = proxy
        .asked()
        .iter()
        .filter_map(|asked| asked.connect_target().map(str::to_owned))
        .collect();
    assert_eq!(
        targets,
        vec![format!("{ORG}:443")],
        "one tunnel asked for, to the org itself: no other form guessed through the proxy"
    );
}

#[tokio::test]
async fn a_proxy_that_opens_the_tunnel_passes_the_domain_check() {
    // The tunnel opens but the stand-in has no Salesforce behind it and closes it, as a proxy
    // that filters secure connections by name does, so the token request fails past the proxy.
    let proxy = LoopbackProxy::bind(|_| 200);
    let settings = ProxySettings::from_values("", &proxy.url(), "");
    let (verification, _) = common::run(real_org_request(settings), common::Browser::Nothing).await;
    let domain = common::check(&verification, CheckId::Domain);
    assert_eq!(domain.status, CheckStatus::Passed, "{verification:#?}");
    assert!(
        domain
            .detail
            .contains(&format!("through the proxy 127.0.0.1:{}", proxy.port)),
        "{domain:#?}"
    );
    let token = common::check(&verification, CheckId::Token);
    assert_eq!(token.status, CheckStatus::Failed, "{verification:#?}");
    let diagnosis = token.diagnosis.as_ref().unwrap();
    assert_eq!(
        diagnosis.code,
        DiagnosisCode::ProxyForbidden,
        "{diagnosis:#?}"
    );
    assert_eq!(
        diagnosis.message,
        format!(
            "The proxy 127.0.0.1:{} opened a connection to {ORG}, but it was cut before a secure connection was made.",
            proxy.port
        )
    );
    assert!(
        proxy
            .asked()
            .iter()
            .filter(|asked| asked.connect_target() == Some("acme.my.salesforce.com:443"))
            .count()
            >= 2,
        "the domain check and the token request both went to the proxy: {:?}",
        proxy.asked()
    );
}

/// A token request through `settings` to the org, as the verification sends it.
async fn through(settings: &ProxySettings) -> eca_verify::Diagnosis {
    let transport = Transport::with_proxy(false, Duration::from_secs(5), settings);
    transport
        .post_form(
            &format!("https://{ORG}/services/oauth2/token"),
            &[("grant_type", "client_credentials")],
        )
        .await
        .expect_err("the proxy refuses")
}

#[tokio::test]
async fn each_proxy_refusal_has_its_own_diagnosis_naming_the_proxy() {
    for (status, code, words) in [
        (
            403,
            DiagnosisCode::ProxyForbidden,
            "does not allow connections to acme.my.salesforce.com (it answered 403 Forbidden)",
        ),
        (
            502,
            DiagnosisCode::ProxyCannotReachOrg,
            "could not reach acme.my.salesforce.com (it answered 502 Bad Gateway)",
        ),
        (
            407,
            DiagnosisCode::ProxyAuthRequired,
            "asks for a user name and password (407 Proxy Authentication Required)",
        ),
    ] {
        let proxy = LoopbackProxy::bind(move |_| status);
        let diagnosis = through(&ProxySettings::from_values(&proxy.url(), "", "")).await;
        assert_eq!(diagnosis.code, code, "{status}: {diagnosis:#?}");
        assert_eq!(
            diagnosis.message,
            format!("The proxy 127.0.0.1:{} {words}.", proxy.port),
            "{status}"
        );
        assert!(
            diagnosis.fix.contains("HTTPS_PROXY") || diagnosis.fix.contains("*.salesforce.com"),
            "{status}: {diagnosis:#?}"
        );
        assert!(
            proxy
                .asked()
                .iter()
                .all(|asked| asked.connect_target() == Some("acme.my.salesforce.com:443")),
            "only tunnels to the org: {:?}",
            proxy.asked()
        );
    }
}

#[tokio::test]
async fn an_unreachable_proxy_is_not_called_the_orgs_refusal() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let settings = ProxySettings::from_values(&format!("http://127.0.0.1:{port}"), "", "");
    let diagnosis = through(&settings).await;
    assert_eq!(
        diagnosis.code,
        DiagnosisCode::ProxyUnreachable,
        "{diagnosis:#?}"
    );
    assert_eq!(
        diagnosis.message,
        format!("The proxy 127.0.0.1:{port} (set in HTTPS_PROXY) refused the connection, so Salesforce could not be reached through it.")
    );
    let (verification, _) = common::run(real_org_request(settings), common::Browser::Nothing).await;
    let domain = common::check(&verification, CheckId::Domain);
    assert_eq!(
        domain.diagnosis.as_ref().map(|d| d.code),
        Some(DiagnosisCode::ProxyUnreachable),
        "{verification:#?}"
    );
}

#[tokio::test]
async fn proxy_credentials_are_sent_to_the_proxy_and_shown_nowhere() {
    // The proxy takes these credentials, then cannot reach the org.
    let expected = "Basic amRvZTpzM2NyQHQ="; // jdoe:s3cr@t
    let proxy = LoopbackProxy::bind(move |asked| {
        if asked.authorization.as_deref() == Some(expected) {
            502
        } else {
            407
        }
    });
    let with_credentials = format!("http://jdoe:s3cr%40t@127.0.0.1:{}", proxy.port);
    let settings = ProxySettings::from_values(&with_credentials, "", "");
    let diagnosis = through(&settings).await;
    assert_eq!(
        diagnosis.code,
        DiagnosisCode::ProxyCannotReachOrg,
        "{diagnosis:#?}"
    );
    assert!(
        proxy
            .asked()
            .iter()
            .all(|asked| asked.authorization.as_deref() == Some(expected)),
        "every request to the proxy carried the credentials: {:?}",
        proxy.asked()
    );

    // A proxy that refuses them: the diagnosis says so, without them.
    let refusing = LoopbackProxy::bind(|_| 407);
    let settings = ProxySettings::from_values(
        &format!("http://jdoe:s3cr%40t@127.0.0.1:{}", refusing.port),
        "",
        "",
    );
    let refused = through(&settings).await;
    assert_eq!(refused.code, DiagnosisCode::ProxyAuthRequired);
    assert!(
        refused
            .message
            .contains("refused the user name and password"),
        "{refused:#?}"
    );
    let (verification, events) =
        common::run(real_org_request(settings.clone()), common::Browser::Nothing).await;
    let shown = format!(
        "{diagnosis:?} {refused:?} {verification:?} {events:?} {settings:?} {}",
        serde_json::to_string(&verification).unwrap()
    );
    for secret in ["jdoe", "s3cr", "%40"] {
        assert!(!shown.contains(secret), "{secret} shown: {shown}");
    }
    assert!(shown.contains(&format!("127.0.0.1:{}", refusing.port)));
}
