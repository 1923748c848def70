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
//! The org is the one the practice org's own tests start (`tests/common`), where every grant
//! works with their key, secret, user and password, and `{token}` / `{refresh}` in the input
//! stand for tokens it issued at start, so seeds reach past the credential checks (to the SOQL
//! evaluation, for one). Properties: no request makes the org fail (5xx) or hang, a token
//! endpoint answer always reads as Salesforce's (tokens or an error pair, through
//! `eca_verify::token::parse`), and a redirect back to the request's callback carries its state.

#![no_main]

use std::sync::OnceLock;
use std::time::Duration;

use eca_practice::PracticeOrg;
use eca_verify::http::Reply;
use eca_verify::loopback::CallbackQuery;
use eca_verify::token::{parse, TokenError};
use libfuzzer_sys::fuzz_target;
use reqwest::header::{HeaderName, HeaderValue, LOCATION};
use reqwest::{Client, Method, Url};
use tokio::runtime::Runtime;

/// The practice org's own test helpers: the same opened-up app, key, secret, user and sign-in.
#[path = "../../src-tauri/crates/practice/tests/common/mod.rs"]
mod common;

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
        let org = runtime.block_on(common::start(&[("propagation_delay_secs", "0")]));
        let client = Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(10))
            .build()
            .expect("a client");
        // An access and a refresh token, through the web server flow as an app would get them.
        let (_, tokens) = runtime.block_on(common::web_server_token(&org, false));
        let token = common::str_of(&tokens, "access_token").to_owned();
        let refresh = common::str_of(&tokens, "refresh_token").to_owned();
        Running {
            runtime,
            org,
            client,
            token,
            refresh,
        }
    })
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
        // Only a redirect to the request's own callback carries the state; Salesforce's error
        // page (RemoteAccessErrorPage, for a scope the app lacks) is the org's, not the callback.
        let to_callback = url
            .query_pairs()
            .filter(|(name, _)| name == "redirect_uri")
            .last()
            .is_some_and(|(_, uri)| back.as_str().starts_with(uri.as_ref()));
        if url.path() == "/services/oauth2/authorize"
            && to_callback
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
