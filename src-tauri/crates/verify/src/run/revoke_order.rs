//! The order the test tokens are revoked in, against a loopback server that refuses one token:
//! the refresh token must go first, whatever happens to the others.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

use super::{revoke_live, LiveTokens};
use crate::http::Transport;
use crate::result::CheckStatus;
use eca_core::secret::Secret;

const REFRESH: &str = "refresh-token-after-rotation";
const FIRST_ACCESS: &str = "access-token-before-rotation";
const ACCESS: &str = "access-token-after-rotation";

/// A revoke endpoint on loopback that answers 500 for `refused` and 200 for any other token,
/// and records each token in the order asked.
async fn revoke_endpoint(refused: &'static str) -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("address"));
    let asked = Arc::new(Mutex::new(Vec::new()));
    let record = Arc::clone(&asked);
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let mut request = Vec::new();
            let mut buf = [0u8; 4096];
            // Headers, then the body as long as Content-Length says.
            let body = loop {
                let n = stream.read(&mut buf).await.unwrap_or(0);
                if n == 0 {
                    break None;
                }
                request.extend_from_slice(&buf[..n]);
                let text = String::from_utf8_lossy(&request).into_owned();
                let Some((head, body)) = text.split_once("\r\n\r\n") else {
                    continue;
                };
                let length = head
                    .lines()
                    .find_map(|line| {
                        let (name, value) = line.split_once(':')?;
                        name.eq_ignore_ascii_case("content-length")
                            .then(|| value.trim().parse::<usize>().ok())
                            .flatten()
                    })
                    .unwrap_or(0);
                if body.len() >= length {
                    break Some(body.to_owned());
                }
            };
            let token = body
                .unwrap_or_default()
                .split('&')
                .find_map(|pair| pair.strip_prefix("token=").map(str::to_owned))
                .unwrap_or_default();
            let status = if token == refused {
                "500 Internal Server Error"
            } else {
                "200 OK"
            };
            record.lock().expect("record").push(token);
            let answer =
                format!("HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            let _ = stream.write_all(answer.as_bytes()).await;
        }
    });
    (base, asked)
}

fn rotated() -> LiveTokens {
    LiveTokens {
        access: Secret::new(ACCESS),
        refresh: Some(Secret::new(REFRESH)),
        before_rotation: Some(Secret::new(FIRST_ACCESS)),
    }
}

#[tokio::test]
async fn a_refused_first_access_token_does_not_keep_the_refresh_token_alive() {
    let (base, asked) = revoke_endpoint(FIRST_ACCESS).await;
    let transport = Transport::new(true, Duration::from_secs(5));
    let check = revoke_live(&transport, &base, &rotated()).await;
    assert_eq!(
        *asked.lock().expect("asked"),
        [REFRESH, FIRST_ACCESS],
        "the refresh token is revoked first, then the access token issued before rotation"
    );
    assert_eq!(check.status, CheckStatus::Failed);
    assert!(
        check.detail.starts_with(
            "Revoked the refresh token and every access token issued with it; but the access token issued before rotation was not: Salesforce did not revoke"
        ),
        "{}",
        check.detail
    );
}

#[tokio::test]
async fn a_refused_refresh_token_is_reported_with_what_became_of_the_other() {
    let (base, asked) = revoke_endpoint(REFRESH).await;
    let transport = Transport::new(true, Duration::from_secs(5));
    let check = revoke_live(&transport, &base, &rotated()).await;
    assert_eq!(*asked.lock().expect("asked"), [REFRESH, FIRST_ACCESS]);
    assert_eq!(check.status, CheckStatus::Failed);
    assert!(
        check
            .detail
            .starts_with("Salesforce did not revoke the test token")
            && check
                .detail
                .ends_with("The access token issued before rotation was revoked."),
        "{}",
        check.detail
    );
    let diagnosis = check.diagnosis.expect("a diagnosis");
    assert!(diagnosis.fix.contains("OAuth Usage"), "{}", diagnosis.fix);
}
