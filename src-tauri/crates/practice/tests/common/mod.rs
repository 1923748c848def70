//! Shared by the practice org's loopback tests: a practice org where every grant works (each
//! test then breaks one thing), a client that does not follow redirects, and the few requests
//! every test makes.

#![allow(dead_code)]

use std::collections::HashMap;

use eca_core::inputs::SetupInputs;
use eca_practice::{PracticeConfig, PracticeOrg, LOOPBACK_CALLBACK};
use reqwest::header::LOCATION;
use reqwest::{Client, Response, StatusCode, Url};
use serde_json::Value;

pub const KEY: &str =
    "3MVG9practiceTESTkey.0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
pub const SECRET: &str = "0F1E2D3C4B5A69788796A5B4C3D2E1F00F1E2D3C4B5A69788796A5B4C3D2E1F0";
pub const USERNAME: &str = "admin@practice.example";
pub const PASSWORD: &str = "Practice-Password1";
pub const RUN_AS: &str = "integration@acme.example";
pub const CALLBACK: &str = LOOPBACK_CALLBACK;
/// RFC 7636 appendix B's verifier and its S256 challenge.
pub const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
pub const CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

/// The Custom profile's ECA opened up so that every grant succeeds, then `settings` applied.
pub fn config(settings: &[(&str, &str)]) -> PracticeConfig {
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
        ("run_as", RUN_AS),
        ("require_pkce", "false"),
        ("auto_approve", "true"),
    ];
    for (key, value) in working.iter().chain(settings) {
        config
            .set(key, value)
            .unwrap_or_else(|err| panic!("{key}={value}: {err}"));
    }
    config
}

pub async fn start(settings: &[(&str, &str)]) -> PracticeOrg {
    eca_practice::start(config(settings), None)
        .await
        .expect("the practice org starts")
}

/// A client that shows redirects instead of following them.
pub fn client() -> Client {
    Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

pub fn authorize_url(org: &PracticeOrg, params: &[(&str, &str)]) -> Url {
    let mut all = vec![
        ("response_type", "code"),
        ("client_id", KEY),
        ("redirect_uri", CALLBACK),
        ("state", "st-42"),
    ];
    for (name, value) in params {
        all.retain(|(n, _)| n != name);
        all.push((name, value));
    }
    let all: Vec<_> = all.into_iter().filter(|(_, v)| !v.is_empty()).collect();
    Url::parse_with_params(
        &format!("{}/services/oauth2/authorize", org.base_url()),
        all,
    )
    .expect("url")
}

pub async fn get_authorize(org: &PracticeOrg, params: &[(&str, &str)]) -> Response {
    client()
        .get(authorize_url(org, params))
        .send()
        .await
        .expect("authorize request")
}

/// The query of a 302's `Location`, after checking it goes to the callback.
pub fn callback_query(response: &Response) -> HashMap<String, String> {
    assert_eq!(
        response.status(),
        StatusCode::FOUND,
        "a redirect to the callback"
    );
    let location = response.headers()[LOCATION].to_str().expect("location");
    let url = Url::parse(location).expect("location is a URL");
    assert!(
        location.starts_with(CALLBACK),
        "redirects to the callback: {location}"
    );
    url.query_pairs().into_owned().collect()
}

/// An authorization code from the auto-approving authorize endpoint.
pub async fn code(org: &PracticeOrg, params: &[(&str, &str)]) -> String {
    let response = get_authorize(org, params).await;
    let query = callback_query(&response);
    assert_eq!(query.get("state").map(String::as_str), Some("st-42"));
    query
        .get("code")
        .cloned()
        .unwrap_or_else(|| panic!("a code, got {query:?}"))
}

pub async fn post_token(org: &PracticeOrg, form: &[(&str, &str)]) -> (StatusCode, Value) {
    let response = client()
        .post(format!("{}/services/oauth2/token", org.base_url()))
        .form(form)
        .send()
        .await
        .expect("token request");
    let status = response.status();
    (status, response.json().await.expect("token JSON"))
}

pub async fn client_credentials(org: &PracticeOrg) -> (StatusCode, Value) {
    post_token(
        org,
        &[
            ("grant_type", "client_credentials"),
            ("client_id", KEY),
            ("client_secret", SECRET),
        ],
    )
    .await
}

/// A web-server-flow token: code (with PKCE when `pkce`), then the exchange.
pub async fn web_server_token(org: &PracticeOrg, pkce: bool) -> (StatusCode, Value) {
    let code = if pkce {
        code(
            org,
            &[
                ("code_challenge", CHALLENGE),
                ("code_challenge_method", "S256"),
            ],
        )
        .await
    } else {
        code(org, &[]).await
    };
    let mut form = vec![
        ("grant_type", "authorization_code"),
        ("code", code.as_str()),
        ("client_id", KEY),
        ("client_secret", SECRET),
        ("redirect_uri", CALLBACK),
    ];
    if pkce {
        form.push(("code_verifier", VERIFIER));
    }
    post_token(org, &form).await
}

pub async fn refresh(org: &PracticeOrg, refresh_token: &str) -> (StatusCode, Value) {
    post_token(
        org,
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", refresh_token),
            ("client_id", KEY),
            ("client_secret", SECRET),
        ],
    )
    .await
}

pub async fn password(org: &PracticeOrg) -> (StatusCode, Value) {
    post_token(
        org,
        &[
            ("grant_type", "password"),
            ("client_id", KEY),
            ("client_secret", SECRET),
            ("username", USERNAME),
            ("password", PASSWORD),
        ],
    )
    .await
}

pub fn str_of<'a>(body: &'a Value, field: &str) -> &'a str {
    body[field]
        .as_str()
        .unwrap_or_else(|| panic!("{field} in {body}"))
}
