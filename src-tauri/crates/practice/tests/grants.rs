//! Every grant succeeds against a practice org configured right, over real loopback HTTP.

mod common;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use common::*;
use eca_test_support::form_inputs;
use hmac::{Hmac, KeyInit, Mac};
use reqwest::StatusCode;
use serde_json::Value;
use sha2::Sha256;

fn assert_salesforce_token(org: &eca_practice::PracticeOrg, body: &Value) {
    let access = str_of(body, "access_token");
    assert!(
        access.starts_with("00D000000000PRA!AQ"),
        "opaque like Salesforce's: {access}"
    );
    assert_eq!(str_of(body, "instance_url"), org.base_url());
    assert_eq!(str_of(body, "token_type"), "Bearer");
    let id = str_of(body, "id");
    assert!(
        id.starts_with(&format!("{}/id/00D", org.base_url())),
        "{id}"
    );
    let issued_at = str_of(body, "issued_at");
    assert!(
        issued_at.parse::<u64>().expect("ms") > 1_600_000_000_000,
        "milliseconds"
    );
    let mut mac = Hmac::<Sha256>::new_from_slice(SECRET.as_bytes()).unwrap();
    mac.update(id.as_bytes());
    mac.update(issued_at.as_bytes());
    let expected = STANDARD.encode(mac.finalize().into_bytes());
    assert_eq!(
        str_of(body, "signature"),
        expected,
        "HMAC-SHA256 of id + issued_at"
    );
    assert!(
        body.get("expires_in").is_none(),
        "Salesforce sends no expires_in"
    );
}

#[tokio::test]
async fn client_credentials_runs_as_the_run_as_user_without_a_refresh_token() {
    let org = start(&[]).await;
    let (status, body) = client_credentials(&org).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_salesforce_token(&org, &body);
    assert_eq!(
        str_of(&body, "scope"),
        "api id",
        "a client-credentials token leaves openid off"
    );
    assert!(body.get("refresh_token").is_none());
    let info: Value = client()
        .get(format!("{}/services/oauth2/userinfo", org.base_url()))
        .bearer_auth(str_of(&body, "access_token"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(info["preferred_username"], RUN_AS);
    org.shutdown().await;
}

#[tokio::test]
async fn client_credentials_carry_only_api_type_scopes() {
    // Bright Pattern's selection: full, api, refresh_token.
    let org = start(&[("scopes", "full,api,refresh_token")]).await;
    let (status, body) = client_credentials(&org).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(str_of(&body, "scope"), "api");
    org.shutdown().await;
}

#[tokio::test]
async fn client_credentials_without_an_api_scope_are_refused_as_no_valid_scopes() {
    let org = start(&[("scopes", "full,refresh_token")]).await;
    let (status, body) = client_credentials(&org).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(str_of(&body, "error"), "invalid_grant");
    assert_eq!(
        str_of(&body, "error_description"),
        "no valid scopes defined"
    );
    org.shutdown().await;
}

#[tokio::test]
async fn client_credentials_accepts_http_basic() {
    let org = start(&[]).await;
    let response = client()
        .post(format!("{}/services/oauth2/token", org.base_url()))
        .basic_auth(KEY, Some(SECRET))
        .form(&[("grant_type", "client_credentials")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    org.shutdown().await;
}

#[tokio::test]
async fn the_authorize_page_logs_in_and_allow_returns_a_code_with_the_same_state() {
    let org = start(&[("auto_approve", "false")]).await;
    let page = get_authorize(&org, &[("state", "opaque state/with=odd&chars")]).await;
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(html.contains("Practice org"), "labelled as practice");
    assert!(html.contains("Allow"));
    // Post the form as a browser would: every field on the page, plus the Allow button.
    let mut form = form_inputs(&html);
    form.push(("decision".into(), "allow".into()));
    let action = format!("{}/services/oauth2/authorize/approve", org.base_url());
    assert!(html.contains("action=\"/services/oauth2/authorize/approve\""));
    let response = client().post(&action).form(&form).send().await.unwrap();
    let query = callback_query(&response);
    assert_eq!(query["state"], "opaque state/with=odd&chars");
    let code = &query["code"];
    let (status, body) = post_token(
        &org,
        &[
            ("grant_type", "authorization_code"),
            ("code", code),
            ("client_id", KEY),
            ("client_secret", SECRET),
            ("redirect_uri", CALLBACK),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_salesforce_token(&org, &body);
    org.shutdown().await;
}

#[tokio::test]
async fn a_wrong_password_on_the_page_shows_the_page_again() {
    let org = start(&[("auto_approve", "false")]).await;
    let html = get_authorize(&org, &[]).await.text().await.unwrap();
    let mut form: Vec<(String, String)> = form_inputs(&html)
        .into_iter()
        .filter(|(name, _)| name != "password")
        .collect();
    form.push(("password".into(), "wrong".into()));
    form.push(("decision".into(), "allow".into()));
    let response = client()
        .post(format!(
            "{}/services/oauth2/authorize/approve",
            org.base_url()
        ))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response
        .text()
        .await
        .unwrap()
        .contains("check your username and password"));
    org.shutdown().await;
}

#[tokio::test]
async fn web_server_flow_without_pkce_grants_the_apps_scopes_and_a_refresh_token() {
    let org = start(&[]).await;
    let (status, body) = web_server_token(&org, false).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_salesforce_token(&org, &body);
    assert_eq!(str_of(&body, "scope"), "api refresh_token id openid");
    assert!(str_of(&body, "refresh_token").starts_with("5Aep861"));
    org.shutdown().await;
}

#[tokio::test]
async fn web_server_flow_with_pkce_when_the_app_requires_it() {
    let org = start(&[("require_pkce", "true")]).await;
    let (status, body) = web_server_token(&org, true).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_salesforce_token(&org, &body);
    org.shutdown().await;
}

#[tokio::test]
async fn the_scope_field_lists_what_was_asked_and_granted() {
    let org = start(&[]).await;
    let code = code(&org, &[("scope", "api id")]).await;
    let (status, body) = post_token(
        &org,
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("client_id", KEY),
            ("client_secret", SECRET),
            ("redirect_uri", CALLBACK),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(str_of(&body, "scope"), "api id");
    assert!(
        body.get("refresh_token").is_none(),
        "no refresh_token scope asked"
    );
    org.shutdown().await;
}

#[tokio::test]
async fn secrets_may_be_left_out_where_the_app_does_not_require_them() {
    let org = start(&[
        ("require_secret_web_server", "false"),
        ("require_secret_refresh", "false"),
    ])
    .await;
    let code = code(&org, &[]).await;
    let (status, body) = post_token(
        &org,
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("client_id", KEY),
            ("redirect_uri", CALLBACK),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, _) = post_token(
        &org,
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", str_of(&body, "refresh_token")),
            ("client_id", KEY),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    org.shutdown().await;
}

#[tokio::test]
async fn refresh_without_rotation_keeps_the_same_refresh_token() {
    let org = start(&[]).await;
    let (_, body) = web_server_token(&org, false).await;
    let refresh_token = str_of(&body, "refresh_token").to_owned();
    for _ in 0..2 {
        let (status, refreshed) = refresh(&org, &refresh_token).await;
        assert_eq!(status, StatusCode::OK, "{refreshed}");
        assert_salesforce_token(&org, &refreshed);
        assert!(refreshed.get("refresh_token").is_none());
        assert_ne!(refreshed["access_token"], body["access_token"]);
    }
    org.shutdown().await;
}

#[tokio::test]
async fn rotation_returns_a_new_refresh_token_and_the_old_one_dies() {
    let org = start(&[("rotation", "true")]).await;
    let (_, body) = web_server_token(&org, true).await;
    let first = str_of(&body, "refresh_token").to_owned();
    let (status, refreshed) = refresh(&org, &first).await;
    assert_eq!(status, StatusCode::OK, "{refreshed}");
    let second = str_of(&refreshed, "refresh_token").to_owned();
    assert_ne!(first, second);
    let (status, again) = refresh(&org, &second).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "the new refresh token works: {again}"
    );
    let (status, reused) = refresh(&org, &first).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(reused["error"], "invalid_grant");
    assert_eq!(reused["error_description"], "expired access/refresh token");
    org.shutdown().await;
}

/// The practice org is an External Client App, which does not support the username-password
/// flow: the right user, password and secret still get the refusal a public client meets
/// (see `token::password_refusal` for the source), and no token.
#[tokio::test]
async fn the_password_grant_is_refused_as_an_external_client_app_refuses_it() {
    let org = start(&[]).await;
    let (status, body) = password(&org).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        (str_of(&body, "error"), str_of(&body, "error_description")),
        ("invalid_grant", "authentication failure")
    );
    assert!(body.get("access_token").is_none(), "{body}");
    org.shutdown().await;
}

#[tokio::test]
async fn codes_are_single_use() {
    let org = start(&[]).await;
    let code = code(&org, &[]).await;
    let form = [
        ("grant_type", "authorization_code"),
        ("code", code.as_str()),
        ("client_id", KEY),
        ("client_secret", SECRET),
        ("redirect_uri", CALLBACK),
    ];
    assert_eq!(post_token(&org, &form).await.0, StatusCode::OK);
    let (status, body) = post_token(&org, &form).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"], "invalid_grant");
    org.shutdown().await;
}

#[tokio::test]
async fn the_assistants_own_app_signs_in_with_pkce_and_no_secret_beside_the_partners() {
    // The partner's app wants a secret and no PKCE; the assistant's app is its own.
    let org = start(&[
        ("require_pkce", "false"),
        ("require_secret_web_server", "true"),
    ])
    .await;
    let key = org.assistant_key().to_owned();
    assert_ne!(
        key,
        org.consumer_key(),
        "the assistant's app has its own key"
    );
    let callback = "http://localhost:53117/OauthRedirect";
    let base = [
        ("client_id", key.as_str()),
        ("redirect_uri", callback),
        ("scope", "api"),
    ];
    let location = |response: &reqwest::Response| {
        let location = response.headers()[reqwest::header::LOCATION]
            .to_str()
            .expect("location")
            .to_owned();
        assert!(location.starts_with(callback), "{location}");
        reqwest::Url::parse(&location).expect("url")
    };

    let without_pkce = get_authorize(&org, &base).await;
    let query: Vec<(String, String)> = location(&without_pkce).query_pairs().into_owned().collect();
    assert!(
        query
            .iter()
            .any(|(n, v)| n == "error" && v == "invalid_request"),
        "the assistant's app requires PKCE: {query:?}"
    );

    let mut with_challenge = base.to_vec();
    with_challenge.extend([
        ("code_challenge", CHALLENGE),
        ("code_challenge_method", "S256"),
    ]);
    let with_pkce = get_authorize(&org, &with_challenge).await;
    let code = location(&with_pkce)
        .query_pairs()
        .find(|(n, _)| n == "code")
        .map(|(_, v)| v.into_owned())
        .expect("a code");
    let (status, body) = post_token(
        &org,
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("client_id", &key),
            ("redirect_uri", callback),
            ("code_verifier", VERIFIER),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "no secret needed: {body}");
    assert_eq!(str_of(&body, "scope"), "api");
    assert!(
        body.get("refresh_token").is_none(),
        "api alone: no refresh token"
    );
    assert_eq!(org.live_tokens(), (1, 0));

    // Disconnecting revokes it: the org honours no token of the assistant's any more.
    let revoked = client()
        .post(format!("{}/services/oauth2/revoke", org.base_url()))
        .form(&[("token", str_of(&body, "access_token"))])
        .send()
        .await
        .unwrap();
    assert_eq!(revoked.status(), StatusCode::OK);
    assert_eq!(org.live_tokens(), (0, 0));

    // The partner's app is unchanged: no PKCE, its secret required.
    let (status, body) = web_server_token(&org, false).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    org.shutdown().await;
}
