//! Which proxy carries a request to a real org, and what a proxy's refusal means in plain words.
//! The rules are curl's and reqwest's own (`HTTPS_PROXY`, else `ALL_PROXY`, skipped for hosts in
//! `NO_PROXY`; hyper-util's matcher decides, the one reqwest uses for the environment), read once
//! into a `ProxySettings` the HTTP client is built from. Behind a proxy this computer does not
//! look the org's name up itself: the proxy does, so the domain check asks the proxy for a
//! tunnel instead (`tunnel_answer`). The practice org on loopback never goes through a proxy
//! (`http::Transport` builds its client with `no_proxy`); plain http has no proxy here at all,
//! since only the practice org is called over plain http.

use std::fmt;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use eca_core::secret::Secret;
use hyper::header::HeaderValue;
use hyper::{StatusCode, Uri};
use hyper_util::client::proxy::matcher::Matcher;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use url::Url;

use crate::diagnosis::{Diagnosis, DiagnosisCode};

/// How long the domain check waits for the proxy to open a tunnel (it looks the name up and
/// connects to Salesforce first).
const TUNNEL_WAIT: Duration = Duration::from_secs(20);

/// The proxy rules for requests to a real org. Cloning shares them.
#[derive(Clone)]
pub struct ProxySettings(Arc<Rules>);

struct Rules {
    /// The proxy for https destinations, when one is set and usable.
    https: Option<Proxy>,
    /// The same proxy with the `NO_PROXY` exceptions, as hyper-util (and so reqwest) reads them.
    matcher: Matcher,
}

/// One proxy. The URL as set may hold a user name and password: it goes to reqwest and
/// nowhere else; sentences show `host:port` only.
#[derive(Clone)]
pub struct Proxy {
    url: Secret,
    /// `host:port` (or `host` when no port was given), never the credentials.
    shown: String,
    /// The variable it was read from (`HTTPS_PROXY`, `https_proxy`, `ALL_PROXY`, ...).
    variable: String,
    /// Plain http to the proxy: where to ask for a tunnel by hand (an https or SOCKS proxy is
    /// not asked by hand).
    plain: Option<(String, u16)>,
    has_credentials: bool,
    /// The `Proxy-Authorization` reqwest sends to an http proxy, from the URL's user name and
    /// password (marked sensitive).
    authorization: Option<HeaderValue>,
}

impl Proxy {
    /// `host:port`, for sentences.
    pub fn shown(&self) -> &str {
        &self.shown
    }

    /// The environment variable it came from.
    pub fn variable(&self) -> &str {
        &self.variable
    }

    /// Whether the URL carries a user name (and password) for the proxy.
    pub fn has_credentials(&self) -> bool {
        self.has_credentials
    }

    /// The URL as set, credentials included: for the HTTP client only.
    pub(crate) fn url(&self) -> &Secret {
        &self.url
    }
}

impl fmt::Debug for Proxy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (from {})", self.shown, self.variable)
    }
}

impl fmt::Debug for ProxySettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0.https {
            Some(proxy) => write!(f, "ProxySettings({proxy:?})"),
            None => f.write_str("ProxySettings(none)"),
        }
    }
}

impl ProxySettings {
    /// No proxy at all.
    pub fn none() -> ProxySettings {
        ProxySettings::build(None, None, "")
    }

    /// The process's proxy variables, read on first use and kept: the first set of
    /// `HTTPS_PROXY`/`https_proxy`, of `ALL_PROXY`/`all_proxy` and of `NO_PROXY`/`no_proxy`,
    /// as hyper-util reads them for reqwest. None under CGI (`REQUEST_METHOD` set), where
    /// `HTTP_PROXY` can come from a request header; reqwest does the same.
    pub fn from_env() -> ProxySettings {
        static FROM_ENV: OnceLock<ProxySettings> = OnceLock::new();
        FROM_ENV
            .get_or_init(|| {
                if std::env::var_os("REQUEST_METHOD").is_some() {
                    return ProxySettings::none();
                }
                let first = |names: [&'static str; 2]| {
                    names
                        .into_iter()
                        .find_map(|name| std::env::var(name).ok().map(|value| (name, value)))
                };
                let no = first(["NO_PROXY", "no_proxy"]).map(|(_, no)| no);
                ProxySettings::build(
                    first(["HTTPS_PROXY", "https_proxy"]),
                    first(["ALL_PROXY", "all_proxy"]),
                    no.as_deref().unwrap_or(""),
                )
            })
            .clone()
    }

    /// Settings as the variables would give them (an empty string is unset): for tests and
    /// for callers that read the configuration elsewhere.
    pub fn from_values(https_proxy: &str, all_proxy: &str, no_proxy: &str) -> ProxySettings {
        let set =
            |name: &'static str, value: &str| (!value.is_empty()).then(|| (name, value.to_owned()));
        ProxySettings::build(
            set("HTTPS_PROXY", https_proxy),
            set("ALL_PROXY", all_proxy),
            no_proxy,
        )
    }

    fn build(
        https: Option<(&'static str, String)>,
        all: Option<(&'static str, String)>,
        no: &str,
    ) -> ProxySettings {
        // `HTTPS_PROXY` wins; an unusable one falls back to `ALL_PROXY`, as in hyper-util.
        let https = https
            .and_then(|(name, value)| Proxy::parse(name, &value))
            .or_else(|| all.and_then(|(name, value)| Proxy::parse(name, &value)));
        let matcher = Matcher::builder()
            .https(
                https
                    .as_ref()
                    .map_or(String::new(), |p| p.url.expose().to_owned()),
            )
            .no(no.to_owned())
            .build();
        ProxySettings(Arc::new(Rules { https, matcher }))
    }

    /// Whether any proxy is set (some hosts may still be exempt through `NO_PROXY`).
    pub fn is_set(&self) -> bool {
        self.0.https.is_some()
    }

    /// The proxy a request to `url` goes through: https only, unless `NO_PROXY` exempts its host.
    pub fn for_url(&self, url: &Url) -> Option<&Proxy> {
        let proxy = self.0.https.as_ref()?;
        if url.scheme() != "https" {
            return None;
        }
        let uri: Uri = format!("https://{}/", url.host_str()?).parse().ok()?;
        self.0.matcher.intercept(&uri).map(|_| proxy)
    }

    /// The same object as `from_env()` returns (so its HTTP client can be shared).
    pub(crate) fn is_from_env(&self) -> bool {
        Arc::ptr_eq(&self.0, &ProxySettings::from_env().0)
    }
}

impl Proxy {
    /// The proxy `value` names, read as hyper-util reads it (no scheme means http; http, https
    /// and SOCKS schemes; a user name and password before `@`); `None` when it is not usable.
    fn parse(variable: &str, value: &str) -> Option<Proxy> {
        // Written out with its scheme, so reqwest reads the URL handed to it the same way.
        let value = if value.contains("://") {
            value.trim().to_owned()
        } else {
            format!("http://{}", value.trim())
        };
        let intercept = Matcher::builder()
            .all(value.clone())
            .build()
            .intercept(&Uri::from_static("https://salesforce.com/"))?;
        let uri = intercept.uri();
        let host = uri.host()?.to_owned();
        let shown = uri.authority()?.as_str().to_owned();
        let plain = (uri.scheme_str() == Some("http")).then(|| {
            (
                host.trim_matches(['[', ']']).to_owned(),
                uri.port_u16().unwrap_or(80),
            )
        });
        Some(Proxy {
            url: Secret::new(value),
            shown,
            variable: variable.to_owned(),
            plain,
            has_credentials: intercept.basic_auth().is_some() || intercept.raw_auth().is_some(),
            authorization: intercept.basic_auth().cloned(),
        })
    }
}

/// The fix when the proxy will not let the org through.
const ALLOW: &str = "Ask IT to allow *.salesforce.com, *.force.com and *.salesforce-setup.com through the proxy (or add .salesforce.com to NO_PROXY when Salesforce can be reached without it).";

/// What a proxy answered when asked for a tunnel to the org.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TunnelAnswer {
    /// A 2xx: the proxy reached the org.
    Opened,
    /// Any other status code.
    Refused(u16),
    /// The proxy itself could not be reached: the reason in a few words.
    Unreachable(Unreachable),
    /// It answered nothing readable in time, or it is not a plain http proxy.
    NotAsked,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unreachable {
    /// The proxy's own name could not be found.
    NotFound,
    Refused,
    TimedOut,
    Other,
}

/// Asks `proxy` for a tunnel to `host:port` as reqwest does (`CONNECT`, with the same
/// `Proxy-Authorization`), reads its status line and closes the connection: nothing is sent
/// through the tunnel. The proxy looks `host` up; this computer does not.
pub async fn tunnel_answer(proxy: &Proxy, host: &str, port: u16) -> TunnelAnswer {
    let Some((proxy_host, proxy_port)) = proxy.plain.clone() else {
        return TunnelAnswer::NotAsked;
    };
    let authorization = proxy.authorization.clone();
    let ask = async {
        let mut stream =
            match tokio::net::TcpStream::connect((proxy_host.as_str(), proxy_port)).await {
                Ok(stream) => stream,
                Err(err) => return TunnelAnswer::Unreachable(unreachable_kind(&err)),
            };
        let mut request = format!(
            "CONNECT {host}:{port} HTTP/1.1\r\nHost: {host}:{port}\r\nUser-Agent: eca-setup-assistant/{}\r\n",
            env!("CARGO_PKG_VERSION")
        )
        .into_bytes();
        if let Some(value) = authorization {
            request.extend_from_slice(b"Proxy-Authorization: ");
            request.extend_from_slice(value.as_bytes());
            request.extend_from_slice(b"\r\n");
        }
        request.extend_from_slice(b"\r\n");
        if stream.write_all(&request).await.is_err() {
            return TunnelAnswer::NotAsked;
        }
        let mut answer = Vec::new();
        let mut buf = [0u8; 1024];
        while !answer.windows(2).any(|pair| pair == b"\r\n") && answer.len() < 8192 {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(read) => answer.extend_from_slice(&buf[..read]),
            }
        }
        match status_code(&answer) {
            Some(code) if (200..300).contains(&code) => TunnelAnswer::Opened,
            Some(code) => TunnelAnswer::Refused(code),
            None => TunnelAnswer::NotAsked,
        }
    };
    tokio::time::timeout(TUNNEL_WAIT, ask)
        .await
        .unwrap_or(TunnelAnswer::NotAsked)
}

/// The status code of an HTTP/1 status line (`HTTP/1.1 502 Bad Gateway`).
fn status_code(answer: &[u8]) -> Option<u16> {
    let line = answer.split(|byte| *byte == b'\n').next()?;
    let line = std::str::from_utf8(line).ok()?;
    let mut words = line.split_whitespace();
    words
        .next()
        .filter(|version| version.starts_with("HTTP/"))?;
    words.next()?.parse().ok()
}

fn unreachable_kind(err: &std::io::Error) -> Unreachable {
    use std::io::ErrorKind;
    // tokio reports a name that does not resolve with the resolver's words and no kind of its
    // own ("failed to lookup address information: Name or service not known").
    let words = err.to_string().to_ascii_lowercase();
    match err.kind() {
        ErrorKind::ConnectionRefused => Unreachable::Refused,
        ErrorKind::TimedOut => Unreachable::TimedOut,
        _ if ["lookup", "name or service", "resolve", "nodename"]
            .iter()
            .any(|said| words.contains(said)) =>
        {
            Unreachable::NotFound
        }
        _ => Unreachable::Other,
    }
}

/// The proxy's answer (anything but `Opened`) as a diagnosis naming the proxy, never its
/// credentials. `host` is the org's host.
pub fn refusal(proxy: &Proxy, host: &str, answer: &TunnelAnswer) -> Diagnosis {
    let shown = proxy.shown();
    let variable = proxy.variable();
    let check_setting = format!(
        "Check the proxy address in {variable} (now {shown}) and that the proxy is running, or ask IT which proxy to use; if Salesforce can be reached without it, add .salesforce.com to NO_PROXY."
    );
    match answer {
        TunnelAnswer::Unreachable(why) => {
            let message = match why {
                Unreachable::NotFound => format!(
                    "The proxy {shown} (set in {variable}) could not be found, so Salesforce could not be reached through it."
                ),
                Unreachable::Refused => format!(
                    "The proxy {shown} (set in {variable}) refused the connection, so Salesforce could not be reached through it."
                ),
                Unreachable::TimedOut => format!(
                    "The proxy {shown} (set in {variable}) did not answer, so Salesforce could not be reached through it."
                ),
                Unreachable::Other => format!(
                    "The proxy {shown} (set in {variable}) could not be reached, so Salesforce could not be reached through it."
                ),
            };
            Diagnosis::new(DiagnosisCode::ProxyUnreachable, message, check_setting, None)
        }
        TunnelAnswer::Refused(407) => {
            let (message, fix) = if proxy.has_credentials() {
                (
                    format!("The proxy {shown} refused the user name and password set in {variable} (407 Proxy Authentication Required)."),
                    format!("Correct the user name and password in {variable} (they are not shown here), then start the app again. If the proxy signs in with your computer account instead, ask IT to let *.salesforce.com through without a password."),
                )
            } else {
                (
                    format!("The proxy {shown} asks for a user name and password (407 Proxy Authentication Required)."),
                    format!("Put them in {variable} as http://USER:PASSWORD@{shown} (ask IT which account to use), then start the app again; or ask IT to let *.salesforce.com through without a password."),
                )
            };
            Diagnosis::new(DiagnosisCode::ProxyAuthRequired, message, fix, None)
        }
        TunnelAnswer::Refused(code) if (500..600).contains(code) => Diagnosis::new(
            DiagnosisCode::ProxyCannotReachOrg,
            format!(
                "The proxy {shown} could not reach {host} ({}).",
                status_words(*code)
            ),
            format!(
                "Check the spelling of the My Domain (Setup → My Domain shows it); behind a proxy this computer does not look names up itself, so other forms of the name were not tried. If the domain is right: {ALLOW}"
            ),
            None,
        ),
        TunnelAnswer::Refused(code) => Diagnosis::new(
            DiagnosisCode::ProxyForbidden,
            format!(
                "The proxy {shown} does not allow connections to {host} ({}).",
                status_words(*code)
            ),
            ALLOW,
            None,
        ),
        TunnelAnswer::Opened | TunnelAnswer::NotAsked => Diagnosis::new(
            DiagnosisCode::ProxyForbidden,
            format!("The proxy {shown} (set in {variable}) did not open a connection to {host}."),
            ALLOW,
            None,
        ),
    }
}

/// `502 Bad Gateway`: the code and its standard words (never the proxy's own text).
fn status_words(code: u16) -> String {
    let reason = StatusCode::from_u16(code)
        .ok()
        .and_then(|status| status.canonical_reason());
    match reason {
        Some(reason) => format!("it answered {code} {reason}"),
        None => format!("it answered {code}"),
    }
}

/// A request through `proxy` that failed before any HTTP answer, in plain words; `None` when the
/// failure is not the proxy's (a TLS or timeout failure past the tunnel), for the general
/// transport words. Asks the proxy again by hand when reqwest's error does not say what it
/// answered (reqwest keeps only "unsuccessful").
pub async fn request_failure(proxy: &Proxy, url: &Url, err: &reqwest::Error) -> Option<Diagnosis> {
    use std::error::Error as _;
    let host = url.host_str().unwrap_or_default();
    let mut chain = String::new();
    let mut io_kind = None;
    let mut source = err.source();
    while let Some(cause) = source {
        if let Some(io) = cause.downcast_ref::<std::io::Error>() {
            io_kind.get_or_insert_with(|| unreachable_kind(io));
        }
        chain.push_str(&cause.to_string().to_ascii_lowercase());
        chain.push(' ');
        source = cause.source();
    }
    // hyper-util's tunnel errors, as reqwest 0.12 passes them on.
    if !chain.contains("tunnel error") {
        // The tunnel opened, then the connection was cut during the secure handshake: what a
        // proxy that filters secure connections by name does.
        let cut = ["unexpected eof", "connection reset", "broken pipe"];
        return (err.is_connect() && cut.iter().any(|said| chain.contains(said))).then(|| {
            Diagnosis::new(
                DiagnosisCode::ProxyForbidden,
                format!(
                    "The proxy {} opened a connection to {host}, but it was cut before a secure connection was made.",
                    proxy.shown()
                ),
                ALLOW,
                None,
            )
        });
    }
    let answer = if chain.contains("proxy authorization required") {
        TunnelAnswer::Refused(407)
    } else if chain.contains("failed to create underlying connection") {
        let why = if chain.contains("dns error") {
            Unreachable::NotFound
        } else if chain.contains("connection refused") {
            Unreachable::Refused
        } else {
            io_kind.unwrap_or(Unreachable::Other)
        };
        TunnelAnswer::Unreachable(why)
    } else {
        let port = url.port_or_known_default().unwrap_or(443);
        tunnel_answer(proxy, host, port).await
    };
    Some(refusal(proxy, host, &answer))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(text: &str) -> Url {
        Url::parse(text).unwrap()
    }

    #[test]
    fn https_proxy_applies_to_https_and_no_proxy_exempts_its_hosts() {
        let settings = ProxySettings::from_values(
            "http://proxy.corp.example:3128",
            "",
            "localhost,.internal.example",
        );
        let proxy = settings
            .for_url(&url("https://acme.my.salesforce.com/services/oauth2/token"))
            .expect("the proxy applies");
        assert_eq!(proxy.shown(), "proxy.corp.example:3128");
        assert_eq!(proxy.variable(), "HTTPS_PROXY");
        assert!(settings.for_url(&url("https://localhost/x")).is_none());
        assert!(settings
            .for_url(&url("https://a.internal.example/x"))
            .is_none());
        assert!(
            settings
                .for_url(&url("http://acme.my.salesforce.com/"))
                .is_none(),
            "plain http (the practice org only) has no proxy"
        );
        let exempt =
            ProxySettings::from_values("http://proxy.corp.example:3128", "", ".salesforce.com");
        assert!(exempt
            .for_url(&url("https://acme.my.salesforce.com/"))
            .is_none());
        let everything = ProxySettings::from_values("http://proxy.corp.example:3128", "", "*");
        assert!(everything
            .for_url(&url("https://acme.my.salesforce.com/"))
            .is_none());
    }

    #[test]
    fn all_proxy_is_used_when_https_proxy_is_unset_or_unusable() {
        let all = ProxySettings::from_values("", "proxy.corp.example:8080", "");
        let proxy = all
            .for_url(&url("https://acme.my.salesforce.com/"))
            .expect("ALL_PROXY");
        assert_eq!(proxy.variable(), "ALL_PROXY");
        assert_eq!(
            proxy.shown(),
            "proxy.corp.example:8080",
            "no scheme means http"
        );
        let unusable =
            ProxySettings::from_values("ftp://proxy.corp.example", "http://all.example:1", "");
        assert_eq!(
            unusable
                .for_url(&url("https://acme.my.salesforce.com/"))
                .map(Proxy::variable),
            Some("ALL_PROXY")
        );
        assert!(!ProxySettings::none().is_set());
        assert!(ProxySettings::none()
            .for_url(&url("https://acme.my.salesforce.com/"))
            .is_none());
    }

    #[test]
    fn proxy_credentials_never_show() {
        let settings =
            ProxySettings::from_values("http://jdoe:s3cr%40t@proxy.corp.example:3128", "", "");
        let proxy = settings
            .for_url(&url("https://acme.my.salesforce.com/"))
            .unwrap();
        assert!(proxy.has_credentials());
        assert_eq!(proxy.shown(), "proxy.corp.example:3128");
        let mut said = format!("{settings:?} {proxy:?}");
        for answer in [
            TunnelAnswer::Refused(407),
            TunnelAnswer::Refused(403),
            TunnelAnswer::Refused(502),
            TunnelAnswer::Unreachable(Unreachable::Refused),
            TunnelAnswer::NotAsked,
        ] {
            let diagnosis = refusal(proxy, "acme.my.salesforce.com", &answer);
            assert!(
                diagnosis.message.contains("proxy.corp.example:3128"),
                "{diagnosis:?}"
            );
            said.push_str(&format!("{diagnosis:?}"));
        }
        for secret in ["jdoe", "s3cr", "%40"] {
            assert!(!said.contains(secret), "{secret} shown in {said}");
        }
    }

    #[test]
    fn each_refusal_has_its_own_code() {
        let settings = ProxySettings::from_values("http://proxy.corp.example:3128", "", "");
        let proxy = settings
            .for_url(&url("https://acme.my.salesforce.com/"))
            .unwrap();
        let code = |answer| refusal(proxy, "acme.my.salesforce.com", &answer).code;
        assert_eq!(
            code(TunnelAnswer::Refused(407)),
            DiagnosisCode::ProxyAuthRequired
        );
        assert_eq!(
            code(TunnelAnswer::Refused(403)),
            DiagnosisCode::ProxyForbidden
        );
        assert_eq!(
            code(TunnelAnswer::Refused(502)),
            DiagnosisCode::ProxyCannotReachOrg
        );
        assert_eq!(
            code(TunnelAnswer::Refused(504)),
            DiagnosisCode::ProxyCannotReachOrg
        );
        assert_eq!(
            code(TunnelAnswer::Unreachable(Unreachable::NotFound)),
            DiagnosisCode::ProxyUnreachable
        );
        let bad_gateway = refusal(proxy, "acme.my.salesforce.com", &TunnelAnswer::Refused(502));
        assert_eq!(
            bad_gateway.message,
            "The proxy proxy.corp.example:3128 could not reach acme.my.salesforce.com (it answered 502 Bad Gateway)."
        );
    }

    #[test]
    fn status_lines_are_read_strictly() {
        assert_eq!(status_code(b"HTTP/1.1 502 Bad Gateway\r\n\r\n"), Some(502));
        assert_eq!(
            status_code(b"HTTP/1.0 200 Connection established\r\n"),
            Some(200)
        );
        assert_eq!(status_code(b"SSH-2.0-OpenSSH\r\n"), None);
        assert_eq!(status_code(b""), None);
    }
}
