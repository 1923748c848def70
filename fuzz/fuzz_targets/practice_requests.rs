//! Requests to a running practice org, as any client on the machine could send them: the token
//! endpoint's form and HTTP Basic parsing, the authorize query, the REST paths and the SOQL
//! parameter. The input is a small HTTP request in text:
//!
//! ```text
//! POST /services/oauth2/token
//! Authorization: Basic ...
//!
//! grant_type=client_credentials&...
//! ```
//!
//! The org is set up so every grant works with the key, secret, user and password below, and
//! `{token}` / `{refresh}` in the input stand for tokens it issued at start, so seeds reach past
//! the credential checks (to the SOQL evaluation, for one). Properties: no request makes the org fail (5xx) or hang,
//! a token endpoint answer always reads as Salesforce's (tokens or an error pair, through
//! `eca_verify::token::parse`), and a redirect back to the callback carries the request's state.

#![no_main]

use std::sync::OnceLock;
use std::time::Duration;

use eca_core::inputs::SetupInputs;
use eca_practice::{PracticeConfig, PracticeOrg, LOOPBACK_CALLBACK};
use eca_verify::http::Reply;
use eca_verify::loopback::CallbackQuery;
use eca_verify::token::{parse, TokenError};
use libfuzzer_sys::fuzz_target;
use reqwest::header::{HeaderName, HeaderValue, LOCATION};
use reqwest::{Client, Method, Url};
use tokio::runtime::Runtime;

const KEY: &str =
    "3MVG9practiceFUZZkey.0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
const SECRET: &str = "0F1E2D3C4B5A69788796A5B4C3D2E1F00F1E2D3C4B5A69788796A5B4C3D2E1F0";

/// Headers that frame the request itself: fuzzing them tests reqwest and hyper, not the org.
const FRAMING: &[&str] = &[
    "host",
    "content-length",
    "transfer-encoding",
    "connection",
    "upgrade",
    "te",
    "expect",
];

const USERNAME: &str = "admin@practice.example";
const PASSWORD: &str = "Practice-Password1";

struct Running {
    runtime: Runtime,
    org: PracticeOrg,
    client: Client,
    token: String,
    refresh: String,
}

fn running() -> &'static Running {
    static RUNNING: OnceLock<Running> = OnceLock::new();
    RUNNING.get_or_init(|| {
        // One worker serves the org while the fuzzing thread waits on the client.
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("a runtime");
        let org = runtime
            .block_on(eca_practice::start(config(), None))
            .expect("the practice org starts");
        let client = Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(10))
            .build()
            .expect("a client");
        let (token, refresh) = runtime.block_on(signed_in(&org, &client));
        Running {
            runtime,
            org,
            client,
            token,
            refresh,
        }
    })
}

/// An access and a refresh token, through the web server flow as an app would get them.
async fn signed_in(org: &PracticeOrg, client: &Client) -> (String, String) {
    let base = org.base_url();
    let authorize = Url::parse_with_params(
        &format!("{base}/services/oauth2/authorize"),
        [
            ("response_type", "code"),
            ("client_id", KEY),
            ("redirect_uri", LOOPBACK_CALLBACK),
            ("scope", "api refresh_token"),
        ],
    )
    .expect("an authorize URL");
    let back = client.get(authorize).send().await.expect("a redirect");
    let back = back
        .headers()
        .get(LOCATION)
        .and_then(|l| l.to_str().ok())
        .expect("a Location");
    let back = Url::parse(back).expect("a callback URL");
    let code = CallbackQuery::parse(back.query().unwrap_or(""))
        .code
        .expect("a code");
    let grant = [
        ("grant_type", "authorization_code"),
        ("code", code.expose()),
        ("client_id", KEY),
        ("client_secret", SECRET),
        ("redirect_uri", LOOPBACK_CALLBACK),
    ];
    let url = format!("{base}/services/oauth2/token");
    let answer = client.post(url).form(&grant).send().await.expect("tokens");
    let reply = Reply {
        status: answer.status().as_u16(),
        location: None,
        body: answer.text().await.expect("a token answer"),
    };
    let tokens = parse(&reply).unwrap_or_else(|err| panic!("no tokens: {err:?}"));
    let refresh = tokens.refresh_token.expect("a refresh token");
    (
        tokens.access_token.expose().to_owned(),
        refresh.expose().to_owned(),
    )
}

/// The Custom profile's app opened up, as in the practice org's own tests.
fn config() -> PracticeConfig {
    let profile = eca_core::profile("custom").expect("the custom profile");
    let mut config = PracticeConfig::from_profile(profile, &SetupInputs::suggested(profile));
    let working = [
        ("consumer_key", KEY),
        ("consumer_secret", SECRET),
        ("username", USERNAME),
        ("password", PASSWORD),
        ("scopes", "api,refresh_token,id,openid"),
        ("flows", "client_credentials"),
        ("client_credentials", "true"),
        ("run_as", "integration@acme.example"),
        ("username_password_flow", "true"),
        ("require_pkce", "false"),
        ("auto_approve", "true"),
        ("propagation_delay_secs", "0"),
    ];
    for (key, value) in working {
        config
            .set(key, value)
            .unwrap_or_else(|err| panic!("{key}={value}: {err}"));
    }
    config
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let running = running();
    let text = text
        .replace("{token}", &running.token)
        .replace("{refresh}", &running.refresh);
    let (head, body) = text.split_once("\n\n").unwrap_or((&text, ""));
    let mut lines = head.lines();
    let Some((method, target)) = lines.next().and_then(|line| line.split_once(' ')) else {
        return;
    };
    let (Ok(method), Ok(url)) = (
        Method::from_bytes(method.as_bytes()),
        Url::parse(&format!("{}{target}", running.org.base_url())),
    ) else {
        return;
    };
    if !target.starts_with('/') {
        return;
    }
    let mut request = running.client.request(method.clone(), url.clone());
    for line in lines {
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(name.trim().as_bytes()),
            HeaderValue::from_str(value.trim()),
        ) else {
            continue;
        };
        if !FRAMING.contains(&name.as_str()) {
            request = request.header(name, value);
        }
    }
    if !body.is_empty() {
        request = request.body(body.to_owned());
    }

    let (status, location, answer) = running.runtime.block_on(async {
        let response = request
            .send()
            .await
            .unwrap_or_else(|err| panic!("the practice org did not answer {method} {url}: {err}"));
        let status = response.status().as_u16();
        let location = response
            .headers()
            .get(LOCATION)
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned);
        let answer = response.text().await.expect("the answer is read");
        (status, location, answer)
    });
    assert!(status < 500, "{method} {url} → HTTP {status}: {answer}");

    if method == Method::POST && url.path() == "/services/oauth2/token" {
        let reply = Reply {
            status,
            location: location.clone(),
            body: answer.clone(),
        };
        if let Err(TokenError::Other(diagnosis)) = parse(&reply) {
            panic!("the token endpoint answered unlike Salesforce (HTTP {status}: {answer}): {diagnosis:?}");
        }
    }

    if let Some(back) = location.as_deref().and_then(|l| Url::parse(l).ok()) {
        let callback = CallbackQuery::parse(back.query().unwrap_or(""));
        let sent_state = url
            .query_pairs()
            .filter(|(name, _)| name == "state")
            .last()
            .map(|(_, v)| v.into_owned());
        if url.path() == "/services/oauth2/authorize"
            && (callback.code.is_some() || callback.error.is_some())
        {
            assert_eq!(
                callback.state,
                sent_state.filter(|s| !s.is_empty()),
                "the state did not come back: {back}"
            );
        }
    }
});
