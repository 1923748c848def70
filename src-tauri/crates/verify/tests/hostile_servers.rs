//! A broken or hostile server cannot make a verification read gigabytes, wait forever or follow
//! it elsewhere. Each test is a real socket on loopback that misbehaves in one way.

use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use eca_verify::http::{Reply, Transport, MAX_BODY};
use eca_verify::{Diagnosis, DiagnosisCode};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// Serves every connection with `behave`, and counts connections and bytes sent.
struct Hostile {
    url: String,
    connections: Arc<AtomicUsize>,
    sent: Arc<AtomicUsize>,
}

async fn serve<F, Fut>(behave: F) -> Hostile
where
    F: Fn(TcpStream, Arc<AtomicUsize>) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/services/data", listener.local_addr().unwrap());
    let connections = Arc::new(AtomicUsize::new(0));
    let sent = Arc::new(AtomicUsize::new(0));
    let (count, bytes) = (connections.clone(), sent.clone());
    let behave = Arc::new(behave);
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            count.fetch_add(1, Ordering::SeqCst);
            let mut request = [0u8; 4096];
            let _ = stream.read(&mut request).await;
            tokio::spawn(behave(stream, bytes.clone()));
        }
    });
    Hostile {
        url,
        connections,
        sent,
    }
}

fn transport(timeout: Duration) -> Transport {
    Transport::new(true, timeout)
}

/// A practice-org GET that must fail, with a timeout long enough that only the failure ends it.
async fn failed_get(url: &str) -> Diagnosis {
    transport(Duration::from_secs(30))
        .get(url, None)
        .await
        .unwrap_err()
}

/// The request ends as `Timeout` soon after its 1 s, not whenever the server gives up.
async fn assert_times_out(request: impl Future<Output = Result<Reply, Diagnosis>>) {
    let started = Instant::now();
    let err = request.await.unwrap_err();
    assert_eq!(err.code, DiagnosisCode::Timeout);
    let took = started.elapsed();
    assert!(took < Duration::from_secs(10), "{took:?}");
}

#[tokio::test]
async fn an_endless_answer_is_cut_off_after_one_mebibyte() {
    let server = serve(|mut stream, sent| async move {
        let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
        if stream.write_all(head.as_bytes()).await.is_err() {
            return;
        }
        let chunk = format!("10000\r\n{}\r\n", "a".repeat(0x10000));
        while stream.write_all(chunk.as_bytes()).await.is_ok() {
            sent.fetch_add(0x10000, Ordering::SeqCst);
        }
    })
    .await;
    let err = failed_get(&server.url).await;
    assert_eq!(err.code, DiagnosisCode::UnexpectedResponse);
    assert!(err.message.contains("larger answer"), "{}", err.message);
    tokio::time::sleep(Duration::from_millis(200)).await;
    // What the server managed to write: the 1 MiB read plus what socket buffers took in.
    let sent = server.sent.load(Ordering::SeqCst);
    assert!(
        sent < 16 * MAX_BODY,
        "the client kept reading: {sent} bytes"
    );
}

#[tokio::test]
async fn a_huge_declared_length_is_refused_as_it_arrives() {
    let server = serve(|mut stream, _| async move {
        let head = "HTTP/1.1 200 OK\r\nContent-Length: 10000000000\r\n\r\n";
        let _ = stream.write_all(head.as_bytes()).await;
        let block = vec![b'{'; 0x10000];
        while stream.write_all(&block).await.is_ok() {}
    })
    .await;
    let err = failed_get(&server.url).await;
    assert_eq!(err.code, DiagnosisCode::UnexpectedResponse);
}

#[tokio::test]
async fn a_server_that_never_answers_times_out() {
    let server = serve(|stream, _| async move {
        tokio::time::sleep(Duration::from_secs(3600)).await;
        drop(stream);
    })
    .await;
    let transport = transport(Duration::from_secs(1));
    assert_times_out(transport.post_form(&server.url, &[("grant_type", "client_credentials")]))
        .await;
}

#[tokio::test]
async fn a_trickle_of_bytes_does_not_keep_the_request_alive() {
    let server = serve(|mut stream, _| async move {
        let head = "HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n";
        let _ = stream.write_all(head.as_bytes()).await;
        loop {
            tokio::time::sleep(Duration::from_millis(100)).await;
            if stream.write_all(b" ").await.is_err() {
                return;
            }
        }
    })
    .await;
    let transport = transport(Duration::from_secs(1));
    assert_times_out(transport.get(&server.url, None)).await;
}

#[tokio::test]
async fn a_redirect_is_reported_not_followed() {
    let server = serve(|mut stream, _| async move {
        let head = "HTTP/1.1 302 Found\r\nLocation: https://elsewhere.example/steal\r\nContent-Length: 0\r\n\r\n";
        let _ = stream.write_all(head.as_bytes()).await;
    })
    .await;
    let reply = transport(Duration::from_secs(5))
        .get(&server.url, None)
        .await
        .unwrap();
    assert_eq!(reply.status, 302);
    assert_eq!(
        reply.location.as_deref(),
        Some("https://elsewhere.example/steal")
    );
    assert_eq!(server.connections.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn plain_http_goes_only_to_loopback_and_only_for_practice() {
    let server = serve(|_, _| async {}).await;
    let real_org = Transport::new(false, Duration::from_secs(5));
    let err = real_org.get(&server.url, None).await.unwrap_err();
    assert_eq!(err.code, DiagnosisCode::InsecureUrl);
    let err = failed_get("http://acme.my.salesforce.com/services/data").await;
    assert_eq!(err.code, DiagnosisCode::InsecureUrl);
    assert_eq!(
        server.connections.load(Ordering::SeqCst),
        0,
        "nothing was sent"
    );
}

#[tokio::test]
async fn a_server_that_fails_the_tls_handshake_is_named_as_such() {
    let server = serve(|mut stream, _| async move {
        let _ = stream.write_all(b"HTTP/1.1 200 OK\r\n\r\nnot tls").await;
    })
    .await;
    let url = server.url.replacen("http://", "https://", 1);
    let err = failed_get(&url).await;
    assert_eq!(err.code, DiagnosisCode::TlsFailure, "{}", err.message);
}
