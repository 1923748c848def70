//! The practice org's listener against clients that are not the app or the admin's browser: a
//! web page whose name a DNS rebinding points at 127.0.0.1 (another Host), a client that never
//! finishes its headers, and more connections than it serves at once.

mod common;

use std::time::Duration;

use eca_practice::{Limits, PracticeOrg};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

async fn org(limits: Limits) -> PracticeOrg {
    eca_practice::start_with_limits(common::config(&[]), None, limits)
        .await
        .expect("the practice org starts")
}

fn versions(host: &str) -> String {
    format!("GET /services/data HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n")
}

/// Everything the org answers on `stream` to `text`, within `limit`.
async fn answer(stream: &mut TcpStream, text: &str, limit: Duration) -> Option<String> {
    stream.write_all(text.as_bytes()).await.expect("sent");
    let mut answer = Vec::new();
    tokio::time::timeout(limit, stream.read_to_end(&mut answer))
        .await
        .ok()?
        .ok()?;
    Some(String::from_utf8_lossy(&answer).into_owned())
}

async fn ask(org: &PracticeOrg, text: &str) -> String {
    let mut stream = TcpStream::connect(("127.0.0.1", org.port()))
        .await
        .expect("connects");
    answer(&mut stream, text, Duration::from_secs(3))
        .await
        .expect("an answer")
}

#[tokio::test]
async fn a_request_addressed_to_another_name_is_refused() {
    let org = org(Limits::default()).await;
    let port = org.port();
    let refused = ask(&org, &versions(&format!("evil.example:{port}"))).await;
    assert!(refused.starts_with("HTTP/1.1 400"), "{refused}");
    assert!(
        !refused.contains("\"version\""),
        "a rebound page read the org: {refused}"
    );
    let absolute = ask(
        &org,
        &format!(
            "GET http://evil.example/services/data HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
        ),
    )
    .await;
    assert!(absolute.starts_with("HTTP/1.1 400"), "{absolute}");
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("[::1]:{port}"),
    ] {
        let answered = ask(&org, &versions(&host)).await;
        assert!(answered.starts_with("HTTP/1.1 200"), "{host}: {answered}");
        assert!(answered.contains("\"version\""), "{host}: {answered}");
    }
    org.shutdown().await;
}

#[tokio::test]
async fn headers_that_never_come_end_the_connection_after_the_header_timeout() {
    let org = org(Limits {
        max_connections: 8,
        header_timeout: Duration::from_millis(300),
    })
    .await;
    let mut stream = TcpStream::connect(("127.0.0.1", org.port()))
        .await
        .expect("connects");
    let closed = answer(
        &mut stream,
        "GET /services/data HTTP/1.1\r\nHo",
        Duration::from_secs(3),
    )
    .await;
    assert!(
        closed.is_some(),
        "the org still held a connection whose headers never came"
    );
    org.shutdown().await;
}

#[tokio::test]
async fn connections_beyond_the_cap_wait_until_one_closes() {
    let org = org(Limits {
        max_connections: 2,
        header_timeout: Duration::from_secs(20),
    })
    .await;
    let port = org.port();
    let idle_1 = TcpStream::connect(("127.0.0.1", port))
        .await
        .expect("connects");
    let idle_2 = TcpStream::connect(("127.0.0.1", port))
        .await
        .expect("connects");
    tokio::time::sleep(Duration::from_millis(200)).await;
    let mut third = TcpStream::connect(("127.0.0.1", port))
        .await
        .expect("queued");
    let early = answer(
        &mut third,
        &versions(&format!("127.0.0.1:{port}")),
        Duration::from_millis(600),
    )
    .await;
    assert_eq!(
        early, None,
        "a third connection was served while two were open"
    );
    drop((idle_1, idle_2));
    let mut rest = Vec::new();
    tokio::time::timeout(Duration::from_secs(3), third.read_to_end(&mut rest))
        .await
        .expect("served once a slot is free")
        .expect("read");
    let answered = String::from_utf8_lossy(&rest);
    assert!(answered.starts_with("HTTP/1.1 200"), "{answered}");
    org.shutdown().await;
}
