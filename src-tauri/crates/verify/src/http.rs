//! The one HTTP client every request goes through: https only (plain http only to the practice
//! org on loopback), a timeout on every request, no redirects followed, at most 1 MiB read from
//! any answer, and transport failures turned into plain words. A real org's requests go through
//! the proxy `ProxySettings` names (reqwest's own reading of the environment is switched off, so
//! one value decides); the practice org's never go through a proxy.

use std::error::Error as _;
use std::sync::OnceLock;
use std::time::Duration;

use eca_core::domain::{normalize_domain, OrgKind};
use eca_core::secret::Secret;
use url::Url;

use crate::diagnosis::{Diagnosis, DiagnosisCode};
use crate::proxy::{self, ProxySettings};

/// The most of any response body this client reads.
pub const MAX_BODY: usize = 1024 * 1024;

/// Whether a real org's API calls may follow `url`, a token's `instance_url`, for the org whose
/// base URL is `base` (the domain entered): https, no user info, no port, and a host of that
/// org's own (`OrgDomain::own_hosts`). That Salesforce names the org's My Domain as its
/// instance is assumed (FIDELITY.md T12: no page says so); instanced hosts such as
/// `na123.salesforce.com` no longer take API calls from Summer '26 (Salesforce Help, "Manage My
/// Domain Redirections",
/// <https://help.salesforce.com/s/articleView?id=xcloud.domain_name_redirections_manage.htm>),
/// so they are not followed: the calls then go to the domain entered, which serves them. Behind a login host (`login.salesforce.com`) the org is not known
/// before sign-in, so any My Domain is its own. Anything else the token names is not followed:
/// a forged or tampered answer cannot send the access token to another org or host.
pub fn is_org_instance(url: &str, base: &str) -> bool {
    let (Ok(parsed), Ok(org)) = (Url::parse(url), normalize_domain(base)) else {
        return false;
    };
    let Some(url::Host::Domain(host)) = parsed.host() else {
        return false;
    };
    if parsed.scheme() != "https"
        || !parsed.username().is_empty()
        || parsed.password().is_some()
        || parsed.port().is_some()
    {
        return false;
    }
    match org.kind {
        OrgKind::Practice => false,
        OrgKind::GenericLogin => {
            normalize_domain(host).is_ok_and(|found| found.host == host && found.has_my_domain())
        }
        _ => org.own_hosts().iter().any(|own| own == host),
    }
}

/// Whether the practice org's API calls may follow `url`: plain http to the practice org's own
/// port (`base`), on 127.0.0.1 or localhost.
pub fn is_practice_instance(url: &str, base: &str) -> bool {
    let (Ok(parsed), Ok(org)) = (Url::parse(url), normalize_domain(base)) else {
        return false;
    };
    let loopback = matches!(parsed.host_str(), Some("127.0.0.1" | "localhost"));
    org.kind == OrgKind::Practice
        && parsed.scheme() == "http"
        && loopback
        && parsed.username().is_empty()
        && parsed.password().is_none()
        && parsed
            .port()
            .is_some_and(|port| org.host == format!("127.0.0.1:{port}"))
}

/// A response, read in full (up to `MAX_BODY`).
#[derive(Clone)]
pub struct Reply {
    pub status: u16,
    /// The `Location` header of a redirect.
    pub location: Option<String>,
    pub body: String,
}

/// A token endpoint's body holds the tokens and a redirect's query may hold a code, so neither
/// is printed: the status, where a redirect goes without its query, and the body's length.
impl std::fmt::Debug for Reply {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let location = self
            .location
            .as_deref()
            .map(|location| location.split(['?', '#']).next().unwrap_or(location));
        f.debug_struct("Reply")
            .field("status", &self.status)
            .field("location", &location)
            .field("body_bytes", &self.body.len())
            .finish()
    }
}

impl Reply {
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

/// The client plus the rule for which URLs it may call.
#[derive(Clone)]
pub struct Transport {
    /// `None` when the client could not be built (the TLS library did not start): every
    /// request then fails with `no_client`, before anything is sent, instead of the app
    /// aborting with the secret it was about to send in memory.
    client: Option<reqwest::Client>,
    /// The practice org: plain http to 127.0.0.1 / localhost is allowed.
    loopback_allowed: bool,
    /// For each request, from connecting to the last byte of the answer.
    timeout: Duration,
    /// The proxy rules the client was built with (none for the practice org).
    proxy: ProxySettings,
}

impl Transport {
    /// A transport with the process's proxy settings (`ProxySettings::from_env`).
    pub fn new(loopback_allowed: bool, timeout: Duration) -> Transport {
        Transport::with_proxy(loopback_allowed, timeout, &ProxySettings::from_env())
    }

    /// A transport whose real-org requests follow `proxy`. The practice org's transport
    /// (`loopback_allowed`) ignores it: its requests never go through a proxy.
    pub fn with_proxy(
        loopback_allowed: bool,
        timeout: Duration,
        proxy: &ProxySettings,
    ) -> Transport {
        let proxy = if loopback_allowed {
            ProxySettings::none()
        } else {
            proxy.clone()
        };
        Transport {
            client: client(loopback_allowed, &proxy),
            loopback_allowed,
            timeout,
            proxy,
        }
    }

    /// Whether plain http to the practice org on loopback is allowed.
    pub fn is_practice(&self) -> bool {
        self.loopback_allowed
    }

    /// Whether `url` may be called: https anywhere, http only to loopback for the practice org.
    pub fn check_url(&self, url: &str) -> Result<Url, Diagnosis> {
        let parsed = Url::parse(url).map_err(|_| insecure(url))?;
        let loopback = matches!(parsed.host_str(), Some("127.0.0.1" | "localhost"));
        match parsed.scheme() {
            "https" if !loopback || self.loopback_allowed => Ok(parsed),
            "http" if loopback && self.loopback_allowed => Ok(parsed),
            _ => Err(insecure(url)),
        }
    }

    /// The client, or why there is none.
    fn client(&self) -> Result<&reqwest::Client, Diagnosis> {
        self.client.as_ref().ok_or_else(no_client)
    }

    pub async fn post_form(&self, url: &str, form: &[(&str, &str)]) -> Result<Reply, Diagnosis> {
        let url = self.check_url(url)?;
        let request = self
            .client()?
            .post(url.clone())
            .timeout(self.timeout)
            .header("Accept", "application/json")
            .form(form);
        self.read(&url, request.send().await).await
    }

    /// POSTs a SOAP 1.1 envelope as jsforce's SOAP client does (`Content-Type: text/xml`, an
    /// empty `SOAPAction`); the session travels inside the envelope, never in a header.
    pub async fn post_soap(&self, url: &str, envelope: String) -> Result<Reply, Diagnosis> {
        let url = self.check_url(url)?;
        let request = self
            .client()?
            .post(url.clone())
            .timeout(self.timeout)
            .header("Content-Type", "text/xml; charset=UTF-8")
            .header("SOAPAction", "\"\"")
            .body(envelope);
        self.read(&url, request.send().await).await
    }

    pub async fn get(&self, url: &str, bearer: Option<&Secret>) -> Result<Reply, Diagnosis> {
        let url = self.check_url(url)?;
        let mut request = self
            .client()?
            .get(url.clone())
            .timeout(self.timeout)
            .header("Accept", "application/json");
        if let Some(token) = bearer {
            request = request.bearer_auth(token.expose());
        }
        self.read(&url, request.send().await).await
    }

    async fn read(
        &self,
        url: &Url,
        sent: Result<reqwest::Response, reqwest::Error>,
    ) -> Result<Reply, Diagnosis> {
        match sent {
            Ok(response) => read(response).await,
            Err(err) => Err(self.failure(url, &err).await),
        }
    }

    /// A request that got no HTTP answer: the proxy's words when it went through one and the
    /// proxy is why, else the general ones (saying which proxy the request went through).
    async fn failure(&self, url: &Url, err: &reqwest::Error) -> Diagnosis {
        let Some(via) = self.proxy.for_url(url) else {
            return transport_failure(err);
        };
        if let Some(diagnosis) = proxy::request_failure(via, url, err).await {
            return diagnosis;
        }
        let mut diagnosis = transport_failure(err);
        diagnosis.fix.push_str(&format!(
            " (Requests to Salesforce go through the proxy {}, set in {}.)",
            via.shown(),
            via.variable()
        ));
        diagnosis
    }
}

/// Building a client loads the system's trust store, tens of milliseconds with OpenSSL, so the
/// practice org's client and the real orgs' client with the process's proxy settings are built
/// once per run and shared (a `reqwest::Client` is a handle to one pool). Every client is built
/// with `no_proxy()`, which switches off reqwest's own reading of the proxy variables; a real
/// org's client then gets the one proxy `ProxySettings` names. `None`: it could not be built.
fn client(loopback_allowed: bool, proxy: &ProxySettings) -> Option<reqwest::Client> {
    static PRACTICE: OnceLock<Option<reqwest::Client>> = OnceLock::new();
    static REAL_FROM_ENV: OnceLock<Option<reqwest::Client>> = OnceLock::new();
    if loopback_allowed {
        return PRACTICE.get_or_init(|| build(true, None)).clone();
    }
    if proxy.is_from_env() {
        return REAL_FROM_ENV
            .get_or_init(|| build(false, Some(proxy)))
            .clone();
    }
    build(false, Some(proxy))
}

/// Building fails only when the TLS backend cannot start (a broken OpenSSL install or
/// configuration): no panic, as the secret may already be in memory and a panic aborts the
/// release build (`panic = "abort"`).
fn build(loopback_allowed: bool, proxy: Option<&ProxySettings>) -> Option<reqwest::Client> {
    let mut builder = reqwest::Client::builder()
        .no_proxy()
        .https_only(!loopback_allowed)
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(Duration::from_secs(15))
        .user_agent(concat!("eca-setup-assistant/", env!("CARGO_PKG_VERSION")));
    if let Some(settings) = proxy.filter(|settings| settings.is_set()) {
        let settings = settings.clone();
        builder = builder.proxy(reqwest::Proxy::custom(move |url| {
            settings
                .for_url(url)
                .map(|via| via.url().expose().to_owned())
        }));
    }
    builder.build().ok()
}

/// Why nothing was sent when the client could not be built.
fn no_client() -> Diagnosis {
    Diagnosis::new(
        DiagnosisCode::TlsFailure,
        "This computer's secure-connection library (OpenSSL on Linux) could not start, so nothing was sent.",
        "Reinstall or repair the system's OpenSSL (or check the OPENSSL_CONF setting), then start the app again.",
        None,
    )
}

async fn read(mut response: reqwest::Response) -> Result<Reply, Diagnosis> {
    let status = response.status().as_u16();
    let location = response
        .headers()
        .get(reqwest::header::LOCATION)
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned);
    let mut body = Vec::new();
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|err| transport_failure(&err))?
    {
        if body.len() + chunk.len() > MAX_BODY {
            return Err(Diagnosis::new(
                DiagnosisCode::UnexpectedResponse,
                "The server sent a far larger answer than Salesforce ever does.",
                "Check that the domain is your org's My Domain.",
                None,
            ));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(Reply {
        status,
        location,
        body: String::from_utf8_lossy(&body).into_owned(),
    })
}

fn insecure(url: &str) -> Diagnosis {
    let shown: String = url.chars().take(120).collect();
    Diagnosis::new(
        DiagnosisCode::InsecureUrl,
        format!("{shown} is not a secure (https) Salesforce address, so nothing was sent to it."),
        "Use your org's My Domain, which starts with https://.",
        None,
    )
}

/// A request that never got an HTTP answer, in plain words.
pub fn transport_failure(err: &reqwest::Error) -> Diagnosis {
    let mut chain = String::new();
    let mut refused = false;
    let mut source = err.source();
    while let Some(cause) = source {
        if let Some(io) = cause.downcast_ref::<std::io::Error>() {
            refused |= io.kind() == std::io::ErrorKind::ConnectionRefused;
        }
        chain.push_str(&cause.to_string().to_ascii_lowercase());
        chain.push(' ');
        source = cause.source();
    }
    if err.is_timeout() {
        return Diagnosis::new(
            DiagnosisCode::Timeout,
            "Salesforce did not answer in time.",
            "Check your internet connection (and any proxy or VPN), then try again.",
            None,
        );
    }
    if refused || chain.contains("connection refused") {
        return Diagnosis::new(
            DiagnosisCode::ConnectionRefused,
            "The org's address refused the connection.",
            "Check the domain; for the practice org, check that it is still running.",
            None,
        );
    }
    if chain.contains("dns") || chain.contains("lookup") || chain.contains("resolve") {
        return Diagnosis::new(
            DiagnosisCode::DnsFailure,
            "The org's address could not be found.",
            "Check the spelling of the My Domain (Setup → My Domain shows it).",
            None,
        );
    }
    if chain.contains("certificate")
        || chain.contains("tls")
        || chain.contains("handshake")
        || chain.contains("ssl")
    {
        return Diagnosis::new(
            DiagnosisCode::TlsFailure,
            "A secure connection to the org could not be made (the certificate was not trusted).",
            "A proxy or antivirus may be intercepting secure connections; try another network, or ask IT to allow *.salesforce.com.",
            None,
        );
    }
    Diagnosis::new(
        DiagnosisCode::ConnectionRefused,
        "The org could not be reached.",
        "Check your internet connection and the domain, then try again.",
        None,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_orgs_own_hosts_are_followed_as_its_instance() {
        let acme = "https://acme.my.salesforce.com";
        for followed in [
            "https://acme.my.salesforce.com",
            "https://ACME.my.salesforce.com/",
            "https://acme.lightning.force.com",
            "https://acme.my.salesforce-setup.com",
        ] {
            assert!(is_org_instance(followed, acme), "{followed} is acme's");
        }
        for refused in [
            // Another org's hosts, and Salesforce hosts of no org.
            "https://evil.my.salesforce.com",
            "https://acme--uat.sandbox.my.salesforce.com",
            "https://evil.lightning.force.com",
            "https://ap4.salesforce.com",
            "https://acme.cloudforce.com",
            "https://acme.database.com",
            "https://acme.my.site.com",
            "https://login.salesforce.com",
            // Elsewhere.
            "https://evil.example",
            "https://evil.example/?x=acme.my.salesforce.com",
            "https://acme.my.salesforce.com.evil.example/",
            "https://acme.my.salesforce.com@evil.example/",
            "https://user:pass@acme.my.salesforce.com/",
            "https://acme.my.salesforce.com:8443",
            "http://acme.my.salesforce.com",
            "http://127.0.0.1:8080",
            "https://127.0.0.1",
            "javascript:alert(1)",
            "",
        ] {
            assert!(!is_org_instance(refused, acme), "{refused} is not followed");
        }
        let sandbox = "https://acme--uat.sandbox.my.salesforce.com";
        assert!(is_org_instance(
            "https://acme--uat.sandbox.my.salesforce.com/",
            sandbox
        ));
        assert!(!is_org_instance(acme, sandbox), "production is another org");
    }

    #[test]
    fn behind_a_login_host_any_my_domain_is_the_orgs() {
        let login = "https://login.salesforce.com";
        assert!(is_org_instance("https://acme.my.salesforce.com", login));
        assert!(is_org_instance(
            "https://acme--uat.sandbox.my.salesforce.com",
            login
        ));
        for refused in [
            "https://acme.lightning.force.com",
            "https://ap4.salesforce.com",
            "https://evil.example",
            "https://evil.my.site.com",
        ] {
            assert!(
                !is_org_instance(refused, login),
                "{refused} is not a My Domain"
            );
        }
    }

    #[test]
    fn the_practice_orgs_instance_is_its_own_port() {
        let base = "http://127.0.0.1:4000";
        assert!(is_practice_instance("http://127.0.0.1:4000", base));
        assert!(is_practice_instance("http://localhost:4000/", base));
        for refused in [
            "http://127.0.0.1:4001",
            "http://localhost:9999",
            "http://127.0.0.1",
            "https://127.0.0.1:4000",
            "http://user@127.0.0.1:4000",
            "http://evil.example:4000",
            "https://acme.my.salesforce.com",
        ] {
            assert!(
                !is_practice_instance(refused, base),
                "{refused} is another port or host"
            );
        }
        assert!(!is_org_instance("http://127.0.0.1:4000", base));
    }

    #[tokio::test]
    async fn a_client_that_could_not_be_built_fails_each_request_before_sending() {
        let mut transport = Transport::new(true, Duration::from_secs(1));
        transport.client = None;
        let secret = Secret::new("never-sent".to_owned());
        let sent = [
            transport
                .post_form("http://127.0.0.1:9/x", &[("a", "b")])
                .await,
            transport
                .post_soap("http://127.0.0.1:9/x", String::new())
                .await,
            transport.get("http://127.0.0.1:9/x", Some(&secret)).await,
        ];
        for reply in sent {
            let diagnosis = reply.expect_err("no client, no request");
            assert_eq!(diagnosis.code, DiagnosisCode::TlsFailure);
            assert!(
                diagnosis.message.contains("nothing was sent"),
                "{}",
                diagnosis.message
            );
        }
    }

    #[test]
    fn only_https_except_loopback_for_the_practice_org() {
        let real = Transport::new(false, Duration::from_secs(1));
        assert!(real
            .check_url("https://acme.my.salesforce.com/services/data")
            .is_ok());
        for refused in [
            "http://acme.my.salesforce.com/services/data",
            "http://127.0.0.1:8080/services/data",
            "ftp://acme.my.salesforce.com",
            "not a url",
        ] {
            let diagnosis = real.check_url(refused).expect_err(refused);
            assert_eq!(diagnosis.code, DiagnosisCode::InsecureUrl);
        }
        let practice = Transport::new(true, Duration::from_secs(1));
        assert!(practice.check_url("http://127.0.0.1:8080/x").is_ok());
        assert!(practice.check_url("http://localhost:8080/x").is_ok());
        assert!(practice.check_url("http://evil.example.com/x").is_err());
    }
}
