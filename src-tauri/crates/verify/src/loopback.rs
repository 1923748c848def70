//! The web server flow's redirect listener: bound to the port on 127.0.0.1 and ::1 (see
//! `sockets`), it waits for one callback on the configured path whose `state` matches, answers
//! the browser with a small fixed page, and closes. A request not addressed to
//! `localhost:PORT` (its Host header) gets a 400 and nothing else; stray requests (favicon,
//! other paths) get a 404; a callback with a wrong `state` gets a 400 and the listener keeps
//! waiting for the right one (a stale tab or a forged request must not end the real sign-in);
//! if the wait then times out, the diagnosis says a sign-in from another attempt arrived.
//! Nothing from a request is ever written back into a page.

#[cfg(windows)]
mod exclusive;
mod sockets;

pub use sockets::{addressed_here, Limits, ACCEPT_PAUSE};

use std::convert::Infallible;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use eca_core::html::escape;
use eca_core::secret::Secret;
use http_body_util::Full;
use hyper::body::{Bytes, Incoming};
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::sync::mpsc;
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;

use crate::diagnosis::{Diagnosis, DiagnosisCode};
use crate::request::LoopbackConfig;
use sockets::Sockets;

/// What came back on the redirect.
#[derive(Debug)]
pub enum Callback {
    Code(Secret),
    /// `?error=...&error_description=...`
    Error {
        error: String,
        description: String,
    },
}

/// A bound listener, not yet waiting.
pub struct Listener {
    sockets: Sockets,
    path: String,
    port: u16,
    limits: Limits,
}

enum Event {
    Accepted(Callback),
    WrongState,
}

impl Listener {
    /// Binds `config.port` on 127.0.0.1 and ::1 (port 0 picks one free on both; see `port`).
    pub async fn bind(config: &LoopbackConfig) -> Result<Listener, Diagnosis> {
        let unavailable = |err: std::io::Error| {
            Diagnosis::new(
                DiagnosisCode::LoopbackUnavailable,
                format!(
                    "This computer's port {} could not be used for the sign-in redirect ({err}).",
                    config.port
                ),
                "Another program (often the Salesforce CLI) may be using it: close it, or choose another port and add that callback URL to the app.",
                None,
            )
        };
        let sockets = Sockets::bind(config.port).await.map_err(unavailable)?;
        let port = sockets.port().map_err(unavailable)?;
        Ok(Listener {
            sockets,
            path: config.path.clone(),
            port,
            limits: Limits::default(),
        })
    }

    /// The same listener with other limits (tests use short ones).
    #[must_use]
    pub fn with_limits(mut self, limits: Limits) -> Listener {
        self.sockets.set_limits(limits);
        self.limits = limits;
        self
    }

    /// The port actually bound.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Whether the port is bound on ::1 too (not on a computer without IPv6).
    pub fn on_ipv6(&self) -> bool {
        self.sockets.has_v6()
    }

    /// The redirect URI for the port actually bound: `http://localhost:PORT/PATH`, the callback
    /// URL registered on the app (the Salesforce CLI's form; Salesforce compares it whole).
    pub fn redirect_uri(&self) -> String {
        format!("http://localhost:{}{}", self.port, self.path)
    }

    /// Waits for the one callback whose `state` matches, until `timeout` or `cancel`.
    pub async fn wait(
        self,
        expected_state: &str,
        timeout: Duration,
        cancel: &CancellationToken,
    ) -> Result<Callback, Diagnosis> {
        let (tx, mut rx) = mpsc::unbounded_channel();
        let done = Arc::new(AtomicBool::new(false));
        let expected: Arc<str> = Arc::from(expected_state);
        let path: Arc<str> = Arc::from(self.path.as_str());
        let (port, limits) = (self.port, self.limits);
        let mut connections = JoinSet::new();
        let deadline = tokio::time::sleep(timeout);
        tokio::pin!(deadline);
        let mut wrong_state_seen = false;
        loop {
            tokio::select! {
                () = cancel.cancelled() => return Err(Diagnosis::cancelled()),
                () = &mut deadline => return Err(timed_out(timeout, wrong_state_seen)),
                next = self.sockets.next() => {
                    let Some((stream, slot)) = next else { continue };
                    let (tx, done, expected, path) =
                        (tx.clone(), done.clone(), expected.clone(), path.clone());
                    connections.spawn(async move {
                        let service = service_fn(move |request| {
                            let answer = answer(&request, port, &path, &expected, &done, &tx);
                            async move { Ok::<_, Infallible>(answer) }
                        });
                        // One request per connection, so a finished answer closes it; headers
                        // that do not arrive in time close it too.
                        let _ = hyper::server::conn::http1::Builder::new()
                            .keep_alive(false)
                            .timer(TokioTimer::new())
                            .header_read_timeout(limits.header_timeout)
                            .serve_connection(TokioIo::new(stream), service)
                            .await;
                        drop(slot);
                    });
                }
                Some(event) = rx.recv() => match event {
                    Event::WrongState => wrong_state_seen = true,
                    Event::Accepted(callback) => {
                        // Let the browser receive its page, then close everything.
                        let _ = tokio::time::timeout(Duration::from_secs(2), async {
                            while connections.join_next().await.is_some() {}
                        })
                        .await;
                        return Ok(callback);
                    }
                },
            }
        }
    }
}

/// The parameters of a redirect's query string that the listener reads; others are ignored.
/// When a parameter repeats, the last one wins.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CallbackQuery {
    pub state: Option<String>,
    /// The authorization code, a `Secret` from the moment it is decoded.
    pub code: Option<Secret>,
    pub error: Option<String>,
    pub description: String,
}

impl CallbackQuery {
    /// Decodes a query string (`code=...&state=...`, without the `?`).
    pub fn parse(query: &str) -> CallbackQuery {
        let mut parsed = CallbackQuery::default();
        for (key, value) in url::form_urlencoded::parse(query.as_bytes()) {
            match key.as_ref() {
                "state" => parsed.state = Some(value.into_owned()),
                "code" => parsed.code = Some(Secret::new(value.into_owned())),
                "error" => parsed.error = Some(value.into_owned()),
                "error_description" => parsed.description = value.into_owned(),
                _ => {}
            }
        }
        parsed
    }
}

fn answer(
    request: &Request<Incoming>,
    port: u16,
    path: &str,
    expected_state: &str,
    done: &AtomicBool,
    tx: &mpsc::UnboundedSender<Event>,
) -> Response<Full<Bytes>> {
    if !addressed_here(request, port) {
        return page(
            StatusCode::BAD_REQUEST,
            "Not addressed to this computer",
            "This address only receives Salesforce's sign-in redirect to localhost.",
        );
    }
    if request.uri().path() != path {
        return page(
            StatusCode::NOT_FOUND,
            "Not here",
            "This address only receives Salesforce's sign-in redirect.",
        );
    }
    let CallbackQuery {
        state,
        code,
        error,
        description,
    } = CallbackQuery::parse(request.uri().query().unwrap_or(""));
    if code.is_none() && error.is_none() {
        return page(
            StatusCode::BAD_REQUEST,
            "Nothing to do",
            "This address only receives Salesforce's sign-in redirect.",
        );
    }
    if state.as_deref() != Some(expected_state) {
        let _ = tx.send(Event::WrongState);
        return page(
            StatusCode::BAD_REQUEST,
            "This sign-in does not belong to the current verification",
            "It may come from an earlier attempt. Return to ECA Setup Assistant and start the verification again if it does not finish.",
        );
    }
    if done.swap(true, Ordering::SeqCst) {
        return page(
            StatusCode::CONFLICT,
            "Already done",
            "This sign-in was already received. You can close this tab and return to ECA Setup Assistant.",
        );
    }
    let (callback, title, text) = match (code, error) {
        (_, Some(error)) => (
            Callback::Error { error, description },
            "The sign-in did not complete",
            "Return to ECA Setup Assistant: it explains what happened and what to do.",
        ),
        (Some(code), None) => (
            Callback::Code(code),
            "Signed in",
            "You can close this tab and return to ECA Setup Assistant.",
        ),
        (None, None) => unreachable!("checked above"),
    };
    let _ = tx.send(Event::Accepted(callback));
    page(StatusCode::OK, title, text)
}

/// A fixed page; `title` and `text` are this module's own constants, never request input.
fn page(status: StatusCode, title: &str, text: &str) -> Response<Full<Bytes>> {
    let html = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{0}</title></head>\
         <body style=\"font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;\">\
         <h1>{0}</h1><p>{1}</p><p>ECA Setup Assistant</p></body></html>",
        escape(title),
        escape(text),
    );
    let mut response = Response::new(Full::new(Bytes::from(html)));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(
        "content-type",
        hyper::header::HeaderValue::from_static("text/html; charset=utf-8"),
    );
    headers.insert(
        "content-security-policy",
        hyper::header::HeaderValue::from_static("default-src 'none'; style-src 'unsafe-inline'"),
    );
    headers.insert(
        "cache-control",
        hyper::header::HeaderValue::from_static("no-store"),
    );
    response
}

fn timed_out(timeout: Duration, wrong_state_seen: bool) -> Diagnosis {
    if wrong_state_seen {
        Diagnosis::new(
            DiagnosisCode::StateMismatch,
            "A sign-in arrived that did not belong to this verification (its state did not match), and the right one never came.",
            "Close old Salesforce sign-in tabs and start the verification again.",
            None,
        )
    } else {
        Diagnosis::new(
            DiagnosisCode::CallbackTimeout,
            format!(
                "The sign-in did not come back within {} seconds.",
                timeout.as_secs()
            ),
            "Sign in and click Allow in the browser window that opened, then try again. If Salesforce showed an error page, add the callback URL shown on the callback step to the app.",
            None,
        )
    }
}
