//! The redirect listener against programs that are not the admin's browser: a page whose name a
//! DNS rebinding points at 127.0.0.1 (another Host), a client that never finishes its headers,
//! more connections than it serves at once, a program already listening on `[::1]` at the
//! port, and the port the system picks for port 0.

mod common;

use std::time::Duration;

use common::{check, org, request, run, Browser};
use eca_test_support::free_port;
use eca_verify::loopback::{Callback, Limits, Listener};
use eca_verify::{CancellationToken, CheckId, DiagnosisCode, FlowChoice, LoopbackConfig, Progress};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const STATE: &str = "the-state-of-this-attempt";

fn config(port: u16) -> LoopbackConfig {
    LoopbackConfig {
        port,
        path: "/OauthRedirect".into(),
        timeout: Duration::from_secs(2),
    }
}

/// A listener on a free port, waiting in the background for `STATE` for `wait`.
async fn listening(
    limits: Limits,
    wait: Duration,
) -> (
    u16,
    tokio::task::JoinHandle<Result<Callback, eca_verify::Diagnosis>>,
) {
    let listener = Listener::bind(&config(0))
        .await
        .expect("binds")
        .with_limits(limits);
    let port = listener.port();
    let waiting =
        tokio::spawn(async move { listener.wait(STATE, wait, &CancellationToken::new()).await });
    (port, waiting)
}

/// The redirect as the browser sends it, with `host` as its Host header.
fn callback(host: &str) -> String {
    format!(
        "GET /OauthRedirect?code=aPrxTheCode&state={STATE} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
}

/// Everything the listener answers on `stream` to `text`, within `limit`.
async fn answer(stream: &mut TcpStream, text: &str, limit: Duration) -> Option<String> {
    stream.write_all(text.as_bytes()).await.expect("sent");
    let mut answer = Vec::new();
    tokio::time::timeout(limit, stream.read_to_end(&mut answer))
        .await
        .ok()?
        .ok()?;
    Some(String::from_utf8_lossy(&answer).into_owned())
}

#[tokio::test]
async fn a_redirect_addressed_to_another_name_is_refused_and_the_wait_goes_on() {
    let (port, waiting) = listening(Limits::default(), Duration::from_secs(1)).await;
    let mut stream = TcpStream::connect(("127.0.0.1", port))
        .await
        .expect("connects");
    let answered = answer(
        &mut stream,
        &callback(&format!("evil.example:{port}")),
        Duration::from_secs(3),
    )
    .await
    .expect("an answer");
    assert!(answered.starts_with("HTTP/1.1 400"), "{answered}");
    assert!(!answered.contains("Signed in"), "{answered}");
    let ended = waiting.await.expect("the wait ends");
    let Err(diagnosis) = ended else {
        panic!("a rebound page's request was taken for the sign-in")
    };
    assert_eq!(
        diagnosis.code,
        DiagnosisCode::CallbackTimeout,
        "{diagnosis:?}"
    );
}

#[tokio::test]
async fn a_redirect_to_localhost_with_the_port_is_taken() {
    let (port, waiting) = listening(Limits::default(), Duration::from_secs(5)).await;
    let mut stream = TcpStream::connect(("127.0.0.1", port))
        .await
        .expect("connects");
    let answered = answer(
        &mut stream,
        &callback(&format!("localhost:{port}")),
        Duration::from_secs(3),
    )
    .await
    .expect("an answer");
    assert!(answered.starts_with("HTTP/1.1 200"), "{answered}");
    let ended = waiting.await.expect("the wait ends");
    assert!(
        matches!(ended, Ok(Callback::Code(ref code)) if code.expose() == "aPrxTheCode"),
        "{ended:?}"
    );
}

#[tokio::test]
async fn headers_that_never_come_end_the_connection_after_the_header_timeout() {
    let limits = Limits {
        max_connections: 4,
        header_timeout: Duration::from_millis(300),
    };
    let (port, waiting) = listening(limits, Duration::from_secs(10)).await;
    let mut stream = TcpStream::connect(("127.0.0.1", port))
        .await
        .expect("connects");
    // The start of a request, and then nothing, as a slow-headers client holds a connection.
    let closed = answer(
        &mut stream,
        "GET /OauthRedirect?code=",
        Duration::from_secs(3),
    )
    .await;
    assert!(
        closed.is_some(),
        "the listener still held a connection whose headers never came"
    );
    waiting.abort();
}

#[tokio::test]
async fn connections_beyond_the_cap_wait_until_one_closes() {
    let limits = Limits {
        max_connections: 2,
        header_timeout: Duration::from_secs(20),
    };
    let (port, waiting) = listening(limits, Duration::from_secs(10)).await;
    let idle_1 = TcpStream::connect(("127.0.0.1", port))
        .await
        .expect("connects");
    let idle_2 = TcpStream::connect(("127.0.0.1", port))
        .await
        .expect("connects");
    // Give the listener time to take both before the third arrives.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let mut third = TcpStream::connect(("127.0.0.1", port))
        .await
        .expect("queued");
    let early = answer(
        &mut third,
        &callback(&format!("localhost:{port}")),
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
    assert!(matches!(
        waiting.await.expect("ends"),
        Ok(Callback::Code(_))
    ));
}

#[tokio::test]
async fn a_browser_that_tries_ipv6_first_reaches_the_listener() {
    let listener = Listener::bind(&config(0)).await.expect("binds");
    // Without ::1 there is nothing to test: fail rather than pass untested.
    assert!(
        listener.on_ipv6(),
        "this computer has no IPv6 loopback (::1)"
    );
    let port = listener.port();
    let waiting = tokio::spawn(async move {
        listener
            .wait(STATE, Duration::from_secs(5), &CancellationToken::new())
            .await
    });
    let mut stream = TcpStream::connect(("::1", port))
        .await
        .expect("::1 is bound");
    let answered = answer(
        &mut stream,
        &callback(&format!("localhost:{port}")),
        Duration::from_secs(3),
    )
    .await
    .expect("an answer");
    assert!(answered.starts_with("HTTP/1.1 200"), "{answered}");
    assert!(matches!(
        waiting.await.expect("ends"),
        Ok(Callback::Code(_))
    ));
}

#[tokio::test]
async fn a_program_listening_on_ipv6_loopback_makes_the_port_busy() {
    let port = free_port();
    let squatter = std::net::TcpListener::bind(("::1", port))
        .expect("a listener on ::1 (this computer needs an IPv6 loopback for this test)");
    squatter.set_nonblocking(true).expect("nonblocking");
    let org = org("webex", port, &[]).await;
    let request = request("webex", &org, FlowChoice::WebServer, port);
    let (v, _) = run(request, Browser::Allow).await;
    let diagnosis = check(&v, CheckId::Token).diagnosis.clone();
    assert_eq!(
        diagnosis.map(|d| d.code),
        Some(DiagnosisCode::LoopbackUnavailable),
        "the verification went on while another program listened on [::1]:{port}: {v:#?}"
    );
    assert_eq!(
        squatter.accept().map(|_| ()).map_err(|err| err.kind()),
        Err(std::io::ErrorKind::WouldBlock),
        "the program on [::1] was reached"
    );
    org.shutdown().await;
}

#[tokio::test]
async fn port_zero_sends_the_port_the_system_picked_as_the_redirect() {
    let listener = Listener::bind(&config(0)).await.expect("binds");
    assert_ne!(listener.port(), 0);
    assert_eq!(
        listener.redirect_uri(),
        format!("http://localhost:{}/OauthRedirect", listener.port())
    );
    drop(listener);
    // Through a whole verification: the practice org's assistant app takes a loopback callback
    // on any port but 0, so a redirect that said port 0 stops at the sign-in page check.
    let org = org("custom", free_port(), &[]).await;
    let mut request = request("custom", &org, FlowChoice::WebServer, 0);
    request.consumer_key = org.assistant_key().to_owned();
    request.authorize_scopes = Some(vec!["api".into()]);
    request.loopback.timeout = Duration::from_millis(500);
    let (v, events) = run(request, Browser::Nothing).await;
    let redirect = events.iter().find_map(|event| match event {
        Progress::WaitingForBrowser { redirect_uri, .. } => Some(redirect_uri.clone()),
        _ => None,
    });
    let redirect = redirect.unwrap_or_else(|| panic!("the browser was never waited for: {v:#?}"));
    assert!(!redirect.contains(":0/"), "{redirect}");
    assert_eq!(
        check(&v, CheckId::Token).diagnosis.as_ref().map(|d| d.code),
        Some(DiagnosisCode::CallbackTimeout),
        "{v:#?}"
    );
    org.shutdown().await;
}
