//! The sockets under the redirect listener: its port on both loopback addresses, accepting
//! within a cap on open connections, a pause after an accept error, and the Host check.
//!
//! Why both addresses: the redirect URI says `localhost` (the callback URL the admin registers,
//! as the Salesforce CLI's), and a browser may try `::1` before `127.0.0.1`. Were only
//! 127.0.0.1 bound, another program listening on `[::1]:PORT` would receive the redirect and
//! could serve its own page right after a real sign-in. So the port is bound on both, and
//! either one taken counts as the port taken. A computer without IPv6 has no `::1` for a
//! browser to reach either, and is served on 127.0.0.1 alone.
//!
//! Why not `http://127.0.0.1:PORT` as the redirect (RFC 8252 §8.3): Salesforce compares the
//! `redirect_uri` with the app's Callback URLs as written (cognizant-ai-lab/nsflow #233,
//! https://github.com/cognizant-ai-lab/nsflow/issues/233: a 127.0.0.1 redirect against a
//! registered localhost callback gets `redirect_uri_mismatch`), and every app set up for the
//! Salesforce CLI registers `http://localhost:1717/OauthRedirect` (forcedotcom/sfdx-travisci
//! #12, https://github.com/forcedotcom/sfdx-travisci/issues/12). Changing it would break them.
//!
//! On Windows each socket also has exclusive address use (see `exclusive.rs`), so that no
//! program of the same user can bind the address after the listener with `SO_REUSEADDR`.

use std::io;
use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use eca_core::domain::is_loopback_authority;
use hyper::header::HOST;
use hyper::Request;
use socket2::{Domain, Protocol, Socket, Type};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// How long the listener waits after an accept error (out of file descriptors, say) before it
/// accepts again, so a lasting error does not spin the CPU.
pub const ACCEPT_PAUSE: Duration = Duration::from_millis(250);

/// How much the listener serves at once and how long a request may take to arrive. The browser
/// needs one or two connections and sends its headers at once; more, or slower, is someone else.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Connections served at once; the next ones wait in the system's queue until one closes.
    pub max_connections: usize,
    /// From a connection's first byte (or from being accepted) to the end of its headers.
    pub header_timeout: Duration,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_connections: 16,
            header_timeout: Duration::from_secs(10),
        }
    }
}

/// The bound sockets and the slots of open connections.
pub(super) struct Sockets {
    v4: TcpListener,
    /// `None` on a computer without IPv6.
    v6: Option<TcpListener>,
    slots: Arc<Semaphore>,
}

/// How many times a free port (port 0) is picked again when `::1` has the one picked for
/// 127.0.0.1 taken.
const FREE_PORT_TRIES: usize = 8;

impl Sockets {
    /// Binds `port` on 127.0.0.1 and on ::1; with port 0, a port free on both.
    pub(super) async fn bind(port: u16) -> io::Result<Sockets> {
        let mut taken_on_v6 = None;
        for _ in 0..FREE_PORT_TRIES {
            let v4 = listen(SocketAddr::from((Ipv4Addr::LOCALHOST, port)))?;
            let bound = v4.local_addr()?.port();
            match listen(SocketAddr::from((Ipv6Addr::LOCALHOST, bound))) {
                Ok(v6) => return Ok(Sockets::new(v4, Some(v6))),
                Err(err) if is_taken(&err) && port == 0 => taken_on_v6 = Some(err),
                Err(err) if is_taken(&err) => return Err(err),
                // No ::1 here (EADDRNOTAVAIL) or no IPv6 at all (EAFNOSUPPORT): no browser can
                // reach ::1 on this computer either.
                Err(_) => return Ok(Sockets::new(v4, None)),
            }
        }
        Err(taken_on_v6.unwrap_or_else(|| io::ErrorKind::AddrInUse.into()))
    }

    fn new(v4: TcpListener, v6: Option<TcpListener>) -> Sockets {
        Sockets {
            v4,
            v6,
            slots: Arc::new(Semaphore::new(Limits::default().max_connections)),
        }
    }

    pub(super) fn set_limits(&mut self, limits: Limits) {
        self.slots = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    }

    pub(super) fn port(&self) -> io::Result<u16> {
        Ok(self.v4.local_addr()?.port())
    }

    /// Whether ::1 is bound too.
    pub(super) fn has_v6(&self) -> bool {
        self.v6.is_some()
    }

    /// The next connection with the slot it holds until it closes, once a slot is free; `None`
    /// after an accept error, once the pause is over. Cancel-safe: nothing is lost when the
    /// wait is dropped.
    pub(super) async fn next(&self) -> Option<(TcpStream, OwnedSemaphorePermit)> {
        let slot = Arc::clone(&self.slots).acquire_owned().await.ok()?;
        let accepted = match &self.v6 {
            Some(v6) => tokio::select! {
                accepted = self.v4.accept() => accepted,
                accepted = v6.accept() => accepted,
            },
            None => self.v4.accept().await,
        };
        match accepted {
            Ok((stream, _)) => Some((stream, slot)),
            // A client that gave up before it was accepted: nothing wrong here, go on at once.
            Err(err) if is_client_gone(&err) => None,
            Err(_) => {
                tokio::time::sleep(ACCEPT_PAUSE).await;
                None
            }
        }
    }
}

/// Binds and listens on `address` as tokio's `TcpListener::bind` does (with `SO_REUSEADDR` on
/// Unix, so port 1717 is free again at once after a verification), and on Windows with
/// exclusive address use instead.
fn listen(address: SocketAddr) -> io::Result<TcpListener> {
    let socket = Socket::new(
        Domain::for_address(address),
        Type::STREAM,
        Some(Protocol::TCP),
    )?;
    #[cfg(unix)]
    socket.set_reuse_address(true)?;
    #[cfg(windows)]
    super::exclusive::set(&socket)?;
    socket.set_nonblocking(true)?;
    socket.bind(&address.into())?;
    // tokio's backlog; the slots above decide how many are served.
    socket.listen(1024)?;
    TcpListener::from_std(socket.into())
}

/// Another socket has the address: `EADDRINUSE`, or Windows' `WSAEACCES` for one bound with
/// exclusive use.
fn is_taken(err: &io::Error) -> bool {
    matches!(
        err.kind(),
        io::ErrorKind::AddrInUse | io::ErrorKind::PermissionDenied
    )
}

fn is_client_gone(err: &io::Error) -> bool {
    matches!(
        err.kind(),
        io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionReset
            | io::ErrorKind::ConnectionRefused
    )
}

/// Whether `request` is addressed to this listener: its Host (and the authority in its target,
/// if it has one) is `localhost:PORT`, `127.0.0.1:PORT` or `[::1]:PORT`. A page of another site
/// whose name a DNS rebinding points at 127.0.0.1 sends that name, and is refused.
pub fn addressed_here<B>(request: &Request<B>, port: u16) -> bool {
    let Some(host) = request
        .headers()
        .get(HOST)
        .and_then(|value| value.to_str().ok())
    else {
        return false;
    };
    let target_ok = request
        .uri()
        .authority()
        .is_none_or(|authority| is_loopback_authority(authority.as_str(), port));
    target_ok && is_loopback_authority(host, port)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_without_host_or_with_another_target_is_not_addressed_here() {
        let with = |target: &str, host: Option<&str>| {
            let mut builder = Request::get(target);
            if let Some(host) = host {
                builder = builder.header(HOST, host);
            }
            addressed_here(&builder.body(()).expect("a request"), 1717)
        };
        assert!(with("/OauthRedirect", Some("localhost:1717")));
        assert!(!with("/OauthRedirect", None));
        assert!(!with("/OauthRedirect", Some("evil.example:1717")));
        assert!(!with(
            "http://evil.example/OauthRedirect",
            Some("localhost:1717")
        ));
        assert!(with(
            "http://localhost:1717/OauthRedirect",
            Some("localhost:1717")
        ));
    }

    /// The setting is read back from Windows, and its effect checked: a program of the same user
    /// binding the listener's address with `SO_REUSEADDR` is refused. (Under Wine the second
    /// check passes either way, since Linux never shares a listening address; the first does not.)
    #[cfg(windows)]
    #[tokio::test]
    async fn on_windows_both_loopback_sockets_have_exclusive_address_use() {
        use super::super::exclusive::is_set;

        let sockets = Sockets::bind(0).await.expect("the listener binds");
        assert!(is_set(&sockets.v4).expect("getsockopt on 127.0.0.1"));
        // Without ::1 half the listener would go unchecked: fail rather than pass untested.
        let v6 = sockets.v6.as_ref();
        let v6 = v6.expect("::1 is bound too (this test needs an IPv6 loopback)");
        assert!(is_set(v6).expect("getsockopt on ::1"));
        let port = sockets.port().expect("a port");
        let other = Socket::new(Domain::IPV4, Type::STREAM, Some(Protocol::TCP)).expect("a socket");
        other.set_reuse_address(true).expect("SO_REUSEADDR");
        let refused = other
            .bind(&SocketAddr::from((Ipv4Addr::LOCALHOST, port)).into())
            .expect_err("the listener's address is not shared");
        assert!(is_taken(&refused), "{refused}");
    }
}
