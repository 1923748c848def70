//! A proxy on loopback for the proxy tests: it accepts `CONNECT` and plain proxy requests,
//! records each request line and `Proxy-Authorization`, answers with the status the test chose
//! and closes. It forwards nothing, so no traffic leaves the machine.
// Each test file uses only part of this module.
#![allow(dead_code)]

use std::sync::{Arc, Mutex};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// One request the proxy was asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asked {
    /// `CONNECT acme.my.salesforce.com:443 HTTP/1.1`, or `POST http://127.0.0.1:.../ HTTP/1.1`.
    pub line: String,
    pub authorization: Option<String>,
}

impl Asked {
    /// The `CONNECT` target (`host:port`), when it was a tunnel request.
    pub fn connect_target(&self) -> Option<&str> {
        self.line.strip_prefix("CONNECT ")?.split(' ').next()
    }
}

pub struct LoopbackProxy {
    pub port: u16,
    asked: Arc<Mutex<Vec<Asked>>>,
}

impl LoopbackProxy {
    /// Starts on `listener`, answering each request with `answer(&asked)`.
    pub fn start(
        listener: std::net::TcpListener,
        answer: impl Fn(&Asked) -> u16 + Send + Sync + 'static,
    ) -> LoopbackProxy {
        listener.set_nonblocking(true).expect("non-blocking");
        let port = listener.local_addr().expect("an address").port();
        let listener = TcpListener::from_std(listener).expect("a tokio listener");
        let asked = Arc::new(Mutex::new(Vec::new()));
        let record = asked.clone();
        let answer = Arc::new(answer);
        tokio::spawn(async move {
            while let Ok((mut stream, _)) = listener.accept().await {
                let record = record.clone();
                let answer = answer.clone();
                tokio::spawn(async move {
                    let Some(request) = read_head(&mut stream).await else {
                        return;
                    };
                    let status = answer(&request);
                    record.lock().unwrap().push(request);
                    let reply = format!(
                        "HTTP/1.1 {status} {}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                        reason(status)
                    );
                    let _ = stream.write_all(reply.as_bytes()).await;
                    let _ = stream.shutdown().await;
                });
            }
        });
        LoopbackProxy { port, asked }
    }

    /// Binds a loopback port and starts there.
    pub fn bind(answer: impl Fn(&Asked) -> u16 + Send + Sync + 'static) -> LoopbackProxy {
        LoopbackProxy::start(
            std::net::TcpListener::bind("127.0.0.1:0").expect("a loopback port"),
            answer,
        )
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub fn asked(&self) -> Vec<Asked> {
        self.asked.lock().unwrap().clone()
    }
}

async fn read_head(stream: &mut tokio::net::TcpStream) -> Option<Asked> {
    let mut head = Vec::new();
    let mut buf = [0u8; 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        let read = stream.read(&mut buf).await.ok()?;
        if read == 0 || head.len() > 64 * 1024 {
            return None;
        }
        head.extend_from_slice(&buf[..read]);
    }
    let head = String::from_utf8_lossy(&head).into_owned();
    let mut lines = head.split("\r\n");
    let line = lines.next()?.to_owned();
    let authorization = lines
        .filter_map(|header| header.split_once(':'))
        .find(|(name, _)| name.trim().eq_ignore_ascii_case("proxy-authorization"))
        .map(|(_, value)| value.trim().to_owned());
    Some(Asked {
        line,
        authorization,
    })
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "Connection established",
        403 => "Forbidden",
        407 => "Proxy Authentication Required",
        502 => "Bad Gateway",
        _ => "Other",
    }
}
