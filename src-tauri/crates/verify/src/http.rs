//! The one HTTP client every request goes through: https only (plain http only to the practice
//! org on loopback), a timeout on every request, no redirects followed, at most 1 MiB read from
//! any answer, and transport failures turned into plain words. A real org's requests go through
//! the proxy `ProxySettings` names (reqwest's own reading of the environment is switched off, so
//! one value decides); the practice org's never go through a proxy.

use std::error::Error as _;
use std::sync::OnceLock;
use std::time::Duration;

use eca_core::secret::Secret;
use url::Url;

use crate::diagnosis::{Diagnosis, DiagnosisCode};
use crate::proxy::{self, ProxySettings};

/// The most of any response body this client reads.
pub const MAX_BODY: usize = 1024 * 1024;

/// The domains Salesforce serves an org's instance from. A token's `instance_url` is the org's
/// My Domain (`https://acme.my.salesforce.com`) or, for older orgs, an instance host such as
/// `https://yourInstance.salesforce.com/` (Salesforce's token response example, quoted in
/// jsforce's `TokenResponse` docs and <https://riptutorial.com/salesforce/example/28585>:
/// `"instance_url": "https://ap4.salesforce.com"`); `force.com`, `salesforce-setup.com`,
/// `cloudforce.com` and `database.com` are Salesforce's other service domains.
const SALESFORCE_INSTANCE_DOMAINS: [&str; 5] = [
    ".salesforce.com",
    ".force.com",
    ".salesforce-setup.com",
    ".cloudforce.com",
    ".database.com",
];

/// Whether a real org's API calls may follow `url`, a token's `instance_url`: https, no user
/// info, no port, and a host under one of Salesforce's own domains. Anything else the token
/// names is not followed, so a forged or tampered answer cannot send the access token away.
pub fn is_salesforce_instance(url: &str) -> bool {
    let Ok(parsed) = Url::parse(url) else {
        return false;
    };
    let Some(url::Host::Domain(host)) = parsed.host() else {
        return false;
    };
    parsed.scheme() == "https"
        && parsed.username().is_empty()
        && parsed.password().is_none()
        && parsed.port().is_none()
        && SALESFORCE_INSTANCE_DOMAINS.iter().any(|domain| {
            host.strip_suffix(domain)
                .is_some_and(|name| !name.is_empty() && !name.ends_with('.'))
        })
}

/// A response, read in full (up to `MAX_BODY`).
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    /// The `Location` header of a redirect.
    pub location: Option<String>,
    pub body: String,
}

impl Reply {
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

/// The client plus the rule for which URLs it may call.
#[derive(Clone)]
pub struct Transport {
    client: reqwest::Client,
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

    pub async fn post_form(&self, url: &str, form: &[(&str, &str)]) -> Result<Reply, Diagnosis> {
        let url = self.check_url(url)?;
        let request = self
            .client
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
            .client
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
            .client
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
/// org's client then gets the one proxy `ProxySettings` names.
fn client(loopback_allowed: bool, proxy: &ProxySettings) -> reqwest::Client {
    static PRACTICE: OnceLock<reqwest::Client> = OnceLock::new();
    static REAL_FROM_ENV: OnceLock<reqwest::Client> = OnceLock::new();
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

fn build(loopback_allowed: bool, proxy: Option<&ProxySettings>) -> reqwest::Client {
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
    builder
        .build()
        // Building fails only when the TLS backend cannot start, which is a build defect.
        .expect("the HTTP client builds")
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
    fn only_salesforce_hosts_are_followed_as_a_real_orgs_instance() {
        for followed in [
            "https://acme.my.salesforce.com",
            "https://acme--uat.sandbox.my.salesforce.com/",
            "https://ap4.salesforce.com",
            "https://na123.salesforce.com/",
            "https://acme.lightning.force.com",
            "https://acme.my.salesforce-setup.com",
            "https://acme.cloudforce.com",
            "https://acme.database.com",
        ] {
            assert!(
                is_salesforce_instance(followed),
                "{followed} is Salesforce's"
            );
        }
        for refused in [
            "https://evil.example",
            "https://evil.example/?x=.salesforce.com",
            "https://acme.my.salesforce.com.evil.example/",
            "https://evilsalesforce.com",
            "https://salesforce.com",
            "https://acme.my.salesforce.com@evil.example/",
            "https://user:pass@acme.my.salesforce.com/",
            "https://acme.my.salesforce.com:8443",
            "http://acme.my.salesforce.com",
            "http://127.0.0.1:8080",
            "https://127.0.0.1",
            "javascript:alert(1)",
            "",
        ] {
            assert!(
                !is_salesforce_instance(refused),
                "{refused} is not followed"
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
