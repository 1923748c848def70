//! Serving the practice org's routes on its socket, with the limits a server on loopback needs
//! and `axum::serve` does not set: at most `Limits::max_connections` connections at once (the
//! next wait in the system's queue), headers that must arrive within
//! `Limits::header_timeout` (hyper's own header-read timeout), a pause after an accept error so
//! a lasting one (out of file descriptors) does not spin the CPU, and a Host check: only
//! `127.0.0.1:PORT`, `localhost:PORT` and `[::1]:PORT` are answered, so a web page whose name a
//! DNS rebinding points at 127.0.0.1 cannot read the org.

use std::io;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::header::HOST;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Router;
use eca_core::domain::is_loopback_authority;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{oneshot, watch, OwnedSemaphorePermit, Semaphore};
use tokio::task::JoinSet;

/// How long the org waits after an accept error before it accepts again.
pub const ACCEPT_PAUSE: Duration = Duration::from_millis(250);

/// How much the practice org serves at once and how long a request's headers may take. A
/// browser opens a handful of connections and the app one or two; a client that sends its
/// headers slower than this is not one of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub max_connections: usize,
    pub header_timeout: Duration,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_connections: 64,
            header_timeout: Duration::from_secs(10),
        }
    }
}

/// Serves `app` on `listener` until `stopped` fires (or its sender is dropped), then lets the
/// open connections finish their requests.
pub(super) async fn serve(
    listener: TcpListener,
    app: Router,
    limits: Limits,
    mut stopped: oneshot::Receiver<()>,
) {
    let slots = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let (closing, closed) = watch::channel(false);
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            _ = &mut stopped => break,
            // Finished connections are collected as they end, so the set stays small.
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
            next = next_connection(&listener, &slots) => {
                if let Some((stream, slot)) = next {
                    connections.spawn(connection(stream, slot, app.clone(), limits, closed.clone()));
                }
            }
        }
    }
    drop(listener);
    let _ = closing.send(true);
    while connections.join_next().await.is_some() {}
}

/// The next connection with the slot it holds, once a slot is free; `None` after an accept
/// error, once the pause is over.
async fn next_connection(
    listener: &TcpListener,
    slots: &Arc<Semaphore>,
) -> Option<(TcpStream, OwnedSemaphorePermit)> {
    let slot = Arc::clone(slots).acquire_owned().await.ok()?;
    match listener.accept().await {
        Ok((stream, _)) => Some((stream, slot)),
        Err(err)
            if matches!(
                err.kind(),
                io::ErrorKind::ConnectionAborted
                    | io::ErrorKind::ConnectionReset
                    | io::ErrorKind::ConnectionRefused
            ) =>
        {
            None
        }
        Err(_) => {
            tokio::time::sleep(ACCEPT_PAUSE).await;
            None
        }
    }
}

/// One connection, HTTP/1.1 as reqwest and the browser speak to a plain-http loopback org.
async fn connection(
    stream: TcpStream,
    slot: OwnedSemaphorePermit,
    app: Router,
    limits: Limits,
    mut closed: watch::Receiver<bool>,
) {
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout);
    let serving = builder.serve_connection(TokioIo::new(stream), TowerToHyperService::new(app));
    tokio::pin!(serving);
    let mut closing = false;
    loop {
        tokio::select! {
            _ = serving.as_mut() => break,
            changed = closed.wait_for(|closed| *closed), if !closing => {
                closing = true;
                let _ = changed;
                // Ends the connection after the request in progress, if any.
                serving.as_mut().graceful_shutdown();
            }
        }
    }
    drop(slot);
}

/// Answers only requests addressed to the org's own loopback address (see the module's note).
pub(super) async fn addressed_here(
    State(port): State<u16>,
    request: Request,
    next: Next,
) -> Response {
    let host = request
        .headers()
        .get(HOST)
        .and_then(|value| value.to_str().ok());
    let target_ok = request
        .uri()
        .authority()
        .is_none_or(|authority| is_loopback_authority(authority.as_str(), port));
    if target_ok && host.is_some_and(|host| is_loopback_authority(host, port)) {
        return next.run(request).await;
    }
    (
        StatusCode::BAD_REQUEST,
        format!("The practice org answers only requests addressed to 127.0.0.1:{port} or localhost:{port}."),
    )
        .into_response()
}
