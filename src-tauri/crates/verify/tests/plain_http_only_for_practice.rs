//! Plain http goes only to a practice setup's org. Whether a verification is a practice one
//! comes from the setup (`VerifyRequest::practice`), never from the domain's text: a real setup
//! whose domain says `127.0.0.1:PORT` or `localhost:PORT` is refused before anything is sent.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use eca_verify::{verify, CancellationToken, CheckId, CheckStatus, DiagnosisCode, FlowChoice};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// A listener on loopback that counts the connections made to it and answers each with a
/// token error. Returns its port and the count.
async fn counting_server() -> (u16, Arc<AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let hits = Arc::new(AtomicUsize::new(0));
    let count = hits.clone();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            count.fetch_add(1, Ordering::SeqCst);
            let mut request = [0u8; 8192];
            let _ = stream.read(&mut request).await;
            let body =
                r#"{"error":"invalid_client","error_description":"invalid client credentials"}"#;
            let answer = format!(
                "HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = stream.write_all(answer.as_bytes()).await;
        }
    });
    (port, hits)
}

fn request_to(domain: &str, practice: bool) -> eca_verify::VerifyRequest {
    let mut request =
        common::request_to("service-board-sync", domain, FlowChoice::ClientCredentials);
    request.practice = practice;
    request
}

#[tokio::test]
async fn a_real_setup_with_a_loopback_domain_sends_nothing() {
    let (port, hits) = counting_server().await;
    for domain in [format!("127.0.0.1:{port}"), format!("localhost:{port}")] {
        let verification = verify(
            request_to(&domain, false),
            &|_| Ok(()),
            &|_| {},
            CancellationToken::new(),
        )
        .await;
        let check = &verification.checks[0];
        assert_eq!(check.id, CheckId::Domain, "{verification:#?}");
        assert_eq!(check.status, CheckStatus::Failed);
        let diagnosis = check.diagnosis.as_ref().expect("a diagnosis");
        assert_eq!(diagnosis.code, DiagnosisCode::InsecureUrl);
        assert!(
            diagnosis.message.contains("real org"),
            "{}",
            diagnosis.message
        );
        assert!(!verification.passed);
    }
    assert_eq!(
        hits.load(Ordering::SeqCst),
        0,
        "no request may reach the loopback address of a real setup"
    );
}

#[tokio::test]
async fn a_practice_setup_with_the_same_domain_is_sent_its_request() {
    let (port, hits) = counting_server().await;
    let verification = verify(
        request_to(&format!("127.0.0.1:{port}"), true),
        &|_| Ok(()),
        &|_| {},
        CancellationToken::new(),
    )
    .await;
    let token = verification
        .checks
        .iter()
        .find(|check| check.id == CheckId::Token)
        .expect("a token check");
    assert_eq!(
        token.diagnosis.as_ref().map(|d| d.code),
        Some(DiagnosisCode::InvalidClientCredentials),
        "{verification:#?}"
    );
    assert!(
        hits.load(Ordering::SeqCst) >= 1,
        "the practice org is asked"
    );
}
