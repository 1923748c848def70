//! The proxy variables themselves, as a person behind a company proxy has them set: with
//! `HTTP_PROXY`, `HTTPS_PROXY` and `ALL_PROXY` all naming a loopback proxy, a real-looking My
//! Domain is asked of the proxy instead of stopping at this computer's own name lookup, and the
//! practice org on loopback is reached directly: the proxy hears nothing from it.
//!
//! Environment variables belong to the whole process, so this binary holds a single test that
//! sets them before anything runs (the app reads them once, `ProxySettings::from_env`).

mod common;
mod loopback_proxy;

use eca_verify::{CheckId, CheckStatus, DiagnosisCode, FlowChoice};
use loopback_proxy::LoopbackProxy;

#[test]
fn proxy_variables_carry_a_real_org_and_never_the_practice_org() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a loopback port");
    let proxy_url = format!("http://127.0.0.1:{}", listener.local_addr().unwrap().port());
    for name in ["HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"] {
        std::env::set_var(name, &proxy_url);
    }
    for name in [
        "http_proxy",
        "https_proxy",
        "all_proxy",
        "NO_PROXY",
        "no_proxy",
        "REQUEST_METHOD",
    ] {
        std::env::remove_var(name);
    }
    tokio::runtime::Runtime::new()
        .expect("a runtime")
        .block_on(async move {
            let proxy = LoopbackProxy::start(listener, |_| 502);

            // The practice org: plain http on loopback, never through the proxy.
            let port = eca_test_support::free_port();
            let org = common::org("service-board-sync", port, &[]).await;
            let request = common::request(
                "service-board-sync",
                &org,
                FlowChoice::ClientCredentials,
                port,
            );
            let (practice, _) = common::run(request, common::Browser::Nothing).await;
            org.shutdown().await;
            common::assert_passed(&practice, &[CheckId::Token, CheckId::Query]);
            assert_eq!(
                proxy.asked(),
                Vec::new(),
                "the practice org's requests went through the proxy"
            );

            // A real org: asked of the proxy, which cannot reach it.
            let request = common::request_to(
                "service-board-sync",
                "acme.my.salesforce.com",
                FlowChoice::ClientCredentials,
            );
            let (real, _) = common::run(request, common::Browser::Nothing).await;
            let domain = common::check(&real, CheckId::Domain);
            assert_eq!(domain.status, CheckStatus::Failed, "{real:#?}");
            let diagnosis = domain.diagnosis.as_ref().unwrap();
            assert_eq!(
                diagnosis.code,
                DiagnosisCode::ProxyCannotReachOrg,
                "{real:#?}"
            );
            assert!(
                diagnosis.message.contains(&proxy_url["http://".len()..]),
                "the diagnosis names the proxy: {diagnosis:#?}"
            );
            let asked: Vec<String> = proxy.asked().into_iter().map(|a| a.line).collect();
            assert_eq!(
                asked,
                vec!["CONNECT acme.my.salesforce.com:443 HTTP/1.1".to_owned()],
                "the proxy was asked for the org"
            );
        });
}
