//! The practice org's APIs after a token: REST (versions, query, limits), identity (userinfo,
//! the `id` URL), discovery, revoke and introspect, and the REST API's 401 for a bad token.
//! Also: the org listens on 127.0.0.1 only.

mod common;

use common::*;
use eca_core::{normalize_domain, OrgKind};
use eca_practice::{PracticeOrg, ORG_ID, ORG_NAME};
use reqwest::StatusCode;
use serde_json::{json, Value};

async fn get(org: &PracticeOrg, path: &str, token: Option<&str>) -> (StatusCode, Value) {
    let mut request = client().get(format!("{}{path}", org.base_url()));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    let text = response.text().await.unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

async fn access_token(org: &PracticeOrg) -> String {
    let (status, body) = client_credentials(org).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    str_of(&body, "access_token").to_owned()
}

/// A token from the web server flow, which carries every scope the app has (a
/// client-credentials token carries only API-type ones).
async fn signed_in_token(org: &PracticeOrg) -> String {
    let (status, body) = web_server_token(org, true).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    str_of(&body, "access_token").to_owned()
}

fn invalid_session() -> Value {
    json!([{ "message": "Session expired or invalid", "errorCode": "INVALID_SESSION_ID" }])
}

#[tokio::test]
async fn versions_are_listed_without_a_login() {
    let org = start(&[]).await;
    let (status, body) = get(&org, "/services/data", None).await;
    assert_eq!(status, StatusCode::OK);
    let versions = body.as_array().expect("an array");
    assert!(!versions.is_empty());
    for version in versions {
        let number = str_of(version, "version");
        assert_eq!(str_of(version, "url"), format!("/services/data/v{number}"));
        assert!(version["label"].is_string());
    }
    let listed: Vec<(&str, &str)> = versions
        .iter()
        .map(|v| (str_of(v, "label"), str_of(v, "version")))
        .collect();
    assert!(listed.contains(&("Summer '26", "67.0")), "{listed:?}");
    assert_eq!(
        listed.last(),
        Some(&("Winter '27", "68.0")),
        "the newest version is listed last"
    );
    org.shutdown().await;
}

#[tokio::test]
async fn the_newest_version_answers_queries() {
    let org = start(&[]).await;
    let token = access_token(&org).await;
    let (status, body) = get(
        &org,
        "/services/data/v68.0/query?q=SELECT+Id,+Name+FROM+Organization",
        Some(&token),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    org.shutdown().await;
}

#[tokio::test]
async fn query_runs_soql_over_the_practice_data() {
    let org = start(&[]).await;
    let token = access_token(&org).await;
    let (status, body) = get(
        &org,
        "/services/data/v66.0/query?q=SELECT+Id,+Name+FROM+Organization",
        Some(&token),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["totalSize"], 1);
    assert_eq!(body["done"], true);
    assert_eq!(body["records"][0]["Id"], ORG_ID);
    assert_eq!(body["records"][0]["Name"], ORG_NAME);
    assert_eq!(body["records"][0]["attributes"]["type"], "Organization");

    let (_, body) = get(
        &org,
        "/services/data/v66.0/query?q=SELECT%20Id%20FROM%20User%20WHERE%20Username%20%3D%20'integration%40acme.example'",
        Some(&token),
    )
    .await;
    assert_eq!(
        body["totalSize"], 1,
        "the Run As user is a user of the org: {body}"
    );
    let (_, body) = get(
        &org,
        "/services/data/v66.0/query?q=SELECT+Name+FROM+Account+LIMIT+2",
        Some(&token),
    )
    .await;
    assert_eq!(body["records"].as_array().unwrap().len(), 2);
    org.shutdown().await;
}

#[tokio::test]
async fn a_malformed_query_gets_salesforces_error_shape() {
    let org = start(&[]).await;
    let token = access_token(&org).await;
    let (status, body) = get(
        &org,
        "/services/data/v66.0/query?q=SELEC+Id+FROM+Account",
        Some(&token),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body[0]["errorCode"], "MALFORMED_QUERY", "{body}");
    assert!(body[0]["message"].is_string());
    let (_, body) = get(
        &org,
        "/services/data/v66.0/query?q=SELECT+Id+FROM+Lead",
        Some(&token),
    )
    .await;
    assert_eq!(body[0]["errorCode"], "INVALID_TYPE");
    org.shutdown().await;
}

#[tokio::test]
async fn limits_count_the_api_requests_made() {
    let org = start(&[]).await;
    let token = access_token(&org).await;
    get(
        &org,
        "/services/data/v66.0/query?q=SELECT+Id+FROM+Account",
        Some(&token),
    )
    .await;
    let (status, body) = get(&org, "/services/data/v66.0/limits", Some(&token)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["DailyApiRequests"]["Max"], 15000);
    assert_eq!(body["DailyApiRequests"]["Remaining"], 14998);
    org.shutdown().await;
}

#[tokio::test]
async fn a_bad_token_gets_401_invalid_session_id() {
    let org = start(&[]).await;
    for token in [None, Some("00D000000000PRA!AQnotatoken")] {
        for path in [
            "/services/data/v66.0/query?q=SELECT+Id+FROM+Account",
            "/services/data/v66.0/limits",
        ] {
            let (status, body) = get(&org, path, token).await;
            assert_eq!(status, StatusCode::UNAUTHORIZED, "{path}");
            assert_eq!(body, invalid_session(), "{path}");
        }
    }
    org.shutdown().await;
}

#[tokio::test]
async fn a_token_without_the_api_scope_cannot_call_rest() {
    let org = start(&[("scopes", "id,openid")]).await;
    let token = signed_in_token(&org).await;
    let (status, body) = get(&org, "/services/data/v66.0/limits", Some(&token)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        body,
        json!([{ "message": "This session is not valid for use with the REST API", "errorCode": "INVALID_SESSION_ID" }])
    );
    let (status, _) = get(&org, "/services/oauth2/userinfo", Some(&token)).await;
    assert_eq!(status, StatusCode::OK, "identity needs no api scope");
    org.shutdown().await;
}

#[tokio::test]
async fn full_scope_also_allows_rest() {
    let org = start(&[("scopes", "full")]).await;
    let token = signed_in_token(&org).await;
    let (status, _) = get(&org, "/services/data/v66.0/limits", Some(&token)).await;
    assert_eq!(status, StatusCode::OK);
    org.shutdown().await;
}

#[tokio::test]
async fn userinfo_and_the_identity_url_describe_the_user() {
    let org = start(&[]).await;
    let (status, body) = web_server_token(&org, true).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let token = str_of(&body, "access_token").to_owned();
    let id = str_of(&body, "id").to_owned();
    let (status, info) = get(&org, "/services/oauth2/userinfo", Some(&token)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(info["preferred_username"], USERNAME);
    assert_eq!(info["organization_id"], ORG_ID);
    assert_eq!(str_of(&info, "sub"), id);

    let path = id
        .strip_prefix(&org.base_url())
        .expect("served by the org itself");
    let (status, identity) = get(&org, path, Some(&token)).await;
    assert_eq!(status, StatusCode::OK, "{identity}");
    assert_eq!(identity["username"], USERNAME);
    assert_eq!(str_of(&identity, "id"), id);
    assert!(str_of(&identity["urls"], "query").starts_with(&org.base_url()));

    let (status, body) = get(&org, "/services/oauth2/userinfo", Some("nope")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(body, "Bad_OAuth_Token");
    org.shutdown().await;
}

#[tokio::test]
async fn discovery_points_at_the_practice_orgs_endpoints() {
    let org = start(&[]).await;
    let (status, body) = get(&org, "/.well-known/openid-configuration", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(str_of(&body, "issuer"), org.base_url());
    for (field, path) in [
        ("authorization_endpoint", "/services/oauth2/authorize"),
        ("token_endpoint", "/services/oauth2/token"),
        ("revocation_endpoint", "/services/oauth2/revoke"),
        ("userinfo_endpoint", "/services/oauth2/userinfo"),
        ("introspection_endpoint", "/services/oauth2/introspect"),
    ] {
        assert_eq!(str_of(&body, field), format!("{}{path}", org.base_url()));
    }
    org.shutdown().await;
}

#[tokio::test]
async fn revoking_a_refresh_token_ends_its_sessions() {
    let org = start(&[]).await;
    let (_, body) = web_server_token(&org, false).await;
    let access = str_of(&body, "access_token");
    let refresh_token = str_of(&body, "refresh_token");
    let revoke = |token: &str| {
        client()
            .post(format!("{}/services/oauth2/revoke", org.base_url()))
            .form(&[("token", token.to_owned())])
            .send()
    };
    assert_eq!(
        revoke(refresh_token).await.unwrap().status(),
        StatusCode::OK
    );
    let (status, _) = get(&org, "/services/data/v66.0/limits", Some(access)).await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "the session went with the refresh token"
    );
    let again = revoke(refresh_token).await.unwrap();
    assert_eq!(again.status(), StatusCode::BAD_REQUEST);
    let body: Value = again.json().await.unwrap();
    assert_eq!(body["error"], "invalid_token");
    org.shutdown().await;
}

/// As Salesforce does (FIDELITY V1, V6): a revoked token is refused at once with the REST
/// API's 401 `INVALID_SESSION_ID`; a refresh token takes every access token issued with it,
/// the first and the refreshed one, and can no longer be exchanged.
#[tokio::test]
async fn a_revoked_token_gets_invalid_session_id_from_the_rest_api() {
    let org = start(&[]).await;
    let revoke = |token: String| {
        client()
            .post(format!("{}/services/oauth2/revoke", org.base_url()))
            .form(&[("token", token)])
            .send()
    };
    let limits = "/services/data/v66.0/limits";

    let alone = access_token(&org).await;
    assert_eq!(get(&org, limits, Some(&alone)).await.0, StatusCode::OK);
    assert_eq!(
        revoke(alone.clone()).await.unwrap().status(),
        StatusCode::OK
    );
    assert_eq!(
        get(&org, limits, Some(&alone)).await,
        (StatusCode::UNAUTHORIZED, invalid_session()),
        "a revoked client-credentials token"
    );

    let (_, body) = web_server_token(&org, false).await;
    let first = str_of(&body, "access_token").to_owned();
    let refresh_token = str_of(&body, "refresh_token").to_owned();
    let (status, refreshed) = refresh(&org, &refresh_token).await;
    assert_eq!(status, StatusCode::OK, "{refreshed}");
    let second = str_of(&refreshed, "access_token").to_owned();
    assert_eq!(org.live_tokens(), (2, 1));
    assert_eq!(
        revoke(refresh_token.clone()).await.unwrap().status(),
        StatusCode::OK
    );
    for (which, token) in [("first", &first), ("refreshed", &second)] {
        assert_eq!(
            get(&org, limits, Some(token)).await,
            (StatusCode::UNAUTHORIZED, invalid_session()),
            "the {which} access token went with its refresh token"
        );
    }
    let (status, body) = refresh(&org, &refresh_token).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"], "invalid_grant", "{body}");
    assert_eq!(
        org.live_tokens(),
        (0, 0),
        "nothing left that the org honours"
    );
    org.shutdown().await;
}

#[tokio::test]
async fn introspect_tells_the_app_about_its_tokens() {
    let org = start(&[]).await;
    let (_, body) = web_server_token(&org, false).await;
    let introspect = |token: String, secret: &'static str| {
        client()
            .post(format!("{}/services/oauth2/introspect", org.base_url()))
            .form(&[
                ("token", token),
                ("client_id", KEY.to_owned()),
                ("client_secret", secret.to_owned()),
            ])
            .send()
    };
    let access: Value = introspect(str_of(&body, "access_token").into(), SECRET)
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(access["active"], true);
    assert_eq!(access["token_type"], "access_token");
    assert_eq!(access["client_id"], KEY);
    assert_eq!(access["username"], USERNAME);
    assert_eq!(access["scope"], "api refresh_token id openid");
    let refresh: Value = introspect(str_of(&body, "refresh_token").into(), SECRET)
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(refresh["token_type"], "refresh_token");
    let unknown: Value = introspect("nope".into(), SECRET)
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(unknown, json!({ "active": false }));
    let wrong = introspect("nope".into(), "wrong").await.unwrap();
    assert_eq!(wrong.status(), StatusCode::BAD_REQUEST);
    org.shutdown().await;
}

#[tokio::test]
async fn binds_only_to_loopback() {
    let org = start(&[]).await;
    assert!(org.base_url().starts_with("http://127.0.0.1:"));
    let domain = normalize_domain(&org.host()).expect("an admin can type the host");
    assert_eq!(domain.kind, OrgKind::Practice);
    assert_eq!(domain.base_url(), org.base_url());
    // Every address of this machine other than loopback refuses the port.
    let port = org.port();
    let socket = std::net::UdpSocket::bind("0.0.0.0:0").unwrap();
    if socket.connect("192.0.2.1:9").is_ok() {
        let outward = socket.local_addr().unwrap().ip();
        if !outward.is_loopback() && !outward.is_unspecified() {
            let refused = tokio::net::TcpStream::connect((outward, port)).await;
            assert!(
                refused.is_err(),
                "{outward}:{port} must not accept connections"
            );
        }
    }
    org.shutdown().await;
}

#[tokio::test]
async fn a_chosen_port_is_used_and_a_busy_one_is_a_clear_error() {
    let org = start(&[]).await;
    let taken = org.port();
    let err = eca_practice::start(config(&[]), Some(taken))
        .await
        .expect_err("the port is in use");
    let ui = eca_core::UiError::from(err);
    assert_eq!(ui.code, eca_core::ErrorCode::PracticeOrgFailed);
    assert!(
        ui.message.contains(&format!("127.0.0.1:{taken}")),
        "{}",
        ui.message
    );
    org.shutdown().await;
    let again = eca_practice::start(config(&[]), Some(taken))
        .await
        .expect("the port is free after shutdown");
    assert_eq!(again.port(), taken);
    again.shutdown().await;
}
