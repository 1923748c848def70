//! Every refusal in SALESFORCE.md's error table, produced by the misconfiguration that causes
//! it in a real org, with exactly Salesforce's `error` / `error_description`.

mod common;

use std::collections::HashMap;

use common::*;
use eca_practice::PracticeOrg;
use reqwest::header::LOCATION;
use reqwest::{Response, StatusCode, Url};
use serde_json::Value;

type Fields = &'static [(&'static str, &'static str)];

/// What the client tries; `Fields` replace the working request's fields ("" removes one).
#[derive(Debug, Clone, Copy)]
enum Attempt {
    ClientCredentials(Fields),
    Password(Fields),
    /// `GET /services/oauth2/authorize` (auto-approve on unless the row turns it off).
    Authorize(Fields),
    /// A code from `authorize`, then the exchange with `token`'s fields.
    Exchange {
        authorize: Fields,
        token: Fields,
    },
    /// A refresh token from the web server flow, then a refresh with these fields.
    Refresh(Fields),
    RefreshAfterRevoke,
    RefreshReusedAfterRotation,
    /// The person clicks Deny on the authorize page.
    Deny,
}

struct Row {
    why: &'static str,
    settings: Fields,
    attempt: Attempt,
    error: &'static str,
    description: &'static str,
}

const fn row(
    why: &'static str,
    settings: Fields,
    attempt: Attempt,
    error: &'static str,
    description: &'static str,
) -> Row {
    Row {
        why,
        settings,
        attempt,
        error,
        description,
    }
}

use Attempt::*;

const NONE: Fields = &[];
const ADMIN_APPROVED_NOT_ASSIGNED: Fields = &[
    ("permitted_users", "AdminApprovedPreAuthorized"),
    ("preapproved", "false"),
];

const TABLE: &[Row] = &[
    row(
        "key mistyped",
        NONE,
        ClientCredentials(&[("client_id", "3MVG9mistyped")]),
        "invalid_client_id",
        "client identifier invalid",
    ),
    row(
        "key cut short",
        NONE,
        ClientCredentials(&[("client_id", "3MVG9practiceTESTkey")]),
        "invalid_client_id",
        "client identifier invalid",
    ),
    row(
        "app not live yet",
        &[("propagation_delay_secs", "600")],
        ClientCredentials(NONE),
        "invalid_client_id",
        "client identifier invalid",
    ),
    row(
        "key mistyped at authorize",
        NONE,
        Authorize(&[("client_id", "3MVG9mistyped")]),
        "invalid_client_id",
        "client identifier invalid",
    ),
    row(
        "app of another org",
        &[("app_installed", "false")],
        ClientCredentials(NONE),
        "OAUTH_EC_APP_NOT_FOUND",
        "External client app is not installed in this org",
    ),
    row(
        "callback with a trailing slash",
        NONE,
        Authorize(&[("redirect_uri", "http://localhost:1717/OauthRedirect/")]),
        "redirect_uri_mismatch",
        "redirect_uri must match configuration",
    ),
    row(
        "loopback callback not added",
        &[("callback_urls", "https://partner.example/cb")],
        Authorize(NONE),
        "redirect_uri_mismatch",
        "redirect_uri must match configuration",
    ),
    row(
        "exchange names another callback",
        &[("callback_url", "https://partner.example/cb")],
        Exchange {
            authorize: NONE,
            token: &[("redirect_uri", "https://partner.example/cb")],
        },
        "redirect_uri_mismatch",
        "redirect_uri must match configuration",
    ),
    row(
        "PKCE required, no challenge",
        &[("require_pkce", "true")],
        Authorize(NONE),
        "invalid_request",
        "missing required code challenge",
    ),
    row(
        "wrong verifier",
        NONE,
        Exchange {
            authorize: &[("code_challenge", CHALLENGE)],
            token: &[(
                "code_verifier",
                "not-the-verifier-that-made-the-challenge-000",
            )],
        },
        "invalid_grant",
        "invalid code verifier",
    ),
    row(
        "verifier left out",
        NONE,
        Exchange {
            authorize: &[
                ("code_challenge", CHALLENGE),
                ("code_challenge_method", "S256"),
            ],
            token: NONE,
        },
        "invalid_grant",
        "invalid code verifier",
    ),
    row(
        "wrong secret",
        NONE,
        ClientCredentials(&[("client_secret", "0F1E2D3C")]),
        "invalid_client",
        "invalid client credentials",
    ),
    row(
        "secret with a stray space",
        NONE,
        ClientCredentials(&[(
            "client_secret",
            " 0F1E2D3C4B5A69788796A5B4C3D2E1F00F1E2D3C4B5A69788796A5B4C3D2E1F0",
        )]),
        "invalid_client",
        "invalid client credentials",
    ),
    row(
        "secret missing, web server requires it",
        NONE,
        Exchange {
            authorize: NONE,
            token: &[("client_secret", "")],
        },
        "invalid_client",
        "invalid client credentials",
    ),
    row(
        "secret missing, refresh requires it",
        NONE,
        Refresh(&[("client_secret", "")]),
        "invalid_client",
        "invalid client credentials",
    ),
    row(
        "username-password flow: External Client Apps do not support it",
        NONE,
        Password(NONE),
        "invalid_grant",
        "authentication failure",
    ),
    row(
        "client credentials flow not enabled",
        &[("flows", "")],
        ClientCredentials(NONE),
        "unsupported_grant_type",
        "grant type not supported",
    ),
    row(
        "grant type unknown",
        NONE,
        ClientCredentials(&[("grant_type", "urn:ietf:params:oauth:grant-type:device_code")]),
        "unsupported_grant_type",
        "grant type not supported",
    ),
    row(
        "no Run As user",
        &[("run_as", "")],
        ClientCredentials(NONE),
        "invalid_grant",
        "no client credentials user enabled",
    ),
    row(
        "client credentials policy off",
        &[("client_credentials", "false")],
        ClientCredentials(NONE),
        "invalid_grant",
        "no client credentials user enabled",
    ),
    row(
        "pre-authorized, profile not assigned (web server)",
        ADMIN_APPROVED_NOT_ASSIGNED,
        Authorize(NONE),
        "OAUTH_APP_ACCESS_DENIED",
        "user is not admin approved to access this app",
    ),
    row(
        "pre-authorized, profile not assigned (client credentials)",
        ADMIN_APPROVED_NOT_ASSIGNED,
        ClientCredentials(NONE),
        "invalid_app_access",
        "user is not admin approved to access this app",
    ),
    row(
        "connected app not installed, user may not approve uninstalled apps",
        &[("uninstalled_connected_app", "true")],
        Authorize(NONE),
        "invalid_client",
        "app must be installed into org",
    ),
    row(
        "browser signed in to another org",
        &[("signed_in_elsewhere", "true")],
        Authorize(NONE),
        "OAUTH_AUTHORIZATION_BLOCKED",
        "Cross-org OAuth flows are not supported for this external client app",
    ),
    row(
        "scope sent with client credentials",
        NONE,
        ClientCredentials(&[("scope", "api")]),
        "invalid_request",
        "scope parameter not supported",
    ),
    row(
        "IP enforced",
        &[("ip_restricted", "true"), ("ip_relaxation", "Enforce")],
        ClientCredentials(NONE),
        "invalid_grant",
        "ip restricted",
    ),
    row(
        "IP enforced except refresh (client credentials)",
        &[
            ("ip_restricted", "true"),
            ("ip_relaxation", "Enforce_RelaxRefresh"),
        ],
        ClientCredentials(NONE),
        "invalid_grant",
        "ip restricted",
    ),
    row(
        "IP enforced (web server)",
        &[("ip_restricted", "true"), ("ip_relaxation", "Enforce")],
        Authorize(NONE),
        "invalid_grant",
        "ip restricted",
    ),
    row(
        "user deactivated",
        &[("user_active", "false")],
        ClientCredentials(NONE),
        "invalid_grant",
        "inactive user",
    ),
    row(
        "refresh policy: expire immediately",
        &[("refresh_token_policy", "Zero")],
        Refresh(NONE),
        "invalid_grant",
        "expired access/refresh token",
    ),
    row(
        "refresh token revoked",
        NONE,
        RefreshAfterRevoke,
        "invalid_grant",
        "expired access/refresh token",
    ),
    row(
        "refresh token reused after rotation",
        &[("rotation", "true")],
        RefreshReusedAfterRotation,
        "invalid_grant",
        "expired access/refresh token",
    ),
    row(
        "scope not selected on the app",
        NONE,
        Authorize(&[("scope", "api web")]),
        "invalid_scope",
        "the requested scope is not allowed",
    ),
    row(
        "the person clicks Deny",
        &[("auto_approve", "false")],
        Deny,
        "access_denied",
        "end-user denied authorization",
    ),
];

#[tokio::test]
async fn every_error_in_the_table_comes_from_its_misconfiguration() {
    let mut failures = Vec::new();
    for row in TABLE {
        let org = start(row.settings).await;
        let (error, description) = attempt(&org, row.attempt).await;
        if (error.as_str(), description.as_str()) != (row.error, row.description) {
            failures.push(format!(
                "{}: expected {} / {}, got {error} / {description}",
                row.why, row.error, row.description
            ));
        }
        org.shutdown().await;
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

async fn attempt(org: &PracticeOrg, attempt: Attempt) -> (String, String) {
    match attempt {
        ClientCredentials(fields) => {
            let form = with(
                &[
                    ("grant_type", "client_credentials"),
                    ("client_id", KEY),
                    ("client_secret", SECRET),
                ],
                fields,
            );
            json_pair(post_token(org, &form).await)
        }
        Password(fields) => {
            let form = with(
                &[
                    ("grant_type", "password"),
                    ("client_id", KEY),
                    ("client_secret", SECRET),
                    ("username", USERNAME),
                    ("password", PASSWORD),
                ],
                fields,
            );
            json_pair(post_token(org, &form).await)
        }
        Authorize(fields) => page_or_redirect_pair(get_authorize(org, fields).await).await,
        Exchange { authorize, token } => {
            let code = code(org, authorize).await;
            let form = with(
                &[
                    ("grant_type", "authorization_code"),
                    ("code", &code),
                    ("client_id", KEY),
                    ("client_secret", SECRET),
                    ("redirect_uri", CALLBACK),
                ],
                token,
            );
            json_pair(post_token(org, &form).await)
        }
        Refresh(fields) => {
            let refresh_token = refresh_token(org).await;
            let form = with(
                &[
                    ("grant_type", "refresh_token"),
                    ("refresh_token", &refresh_token),
                    ("client_id", KEY),
                    ("client_secret", SECRET),
                ],
                fields,
            );
            json_pair(post_token(org, &form).await)
        }
        RefreshAfterRevoke => {
            let refresh_token = refresh_token(org).await;
            let revoked = client()
                .post(format!("{}/services/oauth2/revoke", org.base_url()))
                .form(&[("token", &refresh_token)])
                .send()
                .await
                .unwrap();
            assert_eq!(revoked.status(), StatusCode::OK);
            json_pair(refresh(org, &refresh_token).await)
        }
        RefreshReusedAfterRotation => {
            let first = refresh_token(org).await;
            let (status, body) = refresh(org, &first).await;
            assert_eq!(status, StatusCode::OK, "{body}");
            json_pair(refresh(org, &first).await)
        }
        Deny => {
            let page = get_authorize(org, NONE).await;
            assert_eq!(page.status(), StatusCode::OK);
            let response = client()
                .post(format!(
                    "{}/services/oauth2/authorize/approve",
                    org.base_url()
                ))
                .form(&[
                    ("response_type", "code"),
                    ("client_id", KEY),
                    ("redirect_uri", CALLBACK),
                    ("state", "st-42"),
                    ("decision", "deny"),
                ])
                .send()
                .await
                .unwrap();
            page_or_redirect_pair(response).await
        }
    }
}

async fn refresh_token(org: &PracticeOrg) -> String {
    let (status, body) = web_server_token(org, false).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    str_of(&body, "refresh_token").to_owned()
}

/// The working request's fields with `changes` applied; an empty value removes the field.
fn with<'a>(base: &[(&'a str, &'a str)], changes: Fields) -> Vec<(&'a str, &'a str)> {
    let mut out = base.to_vec();
    for (name, value) in changes {
        out.retain(|(n, _)| n != name);
        if !value.is_empty() {
            out.push((name, value));
        }
    }
    out
}

fn json_pair((status, body): (StatusCode, Value)) -> (String, String) {
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    (
        str_of(&body, "error").to_owned(),
        str_of(&body, "error_description").to_owned(),
    )
}

/// From a redirect to the callback (which must carry the state back), from the address of
/// Salesforce's generic error page, or from the error page Salesforce shows when the callback
/// cannot be trusted.
async fn page_or_redirect_pair(response: Response) -> (String, String) {
    if let Some(query) = generic_error_page_query(&response) {
        return (query["error"].clone(), query["error_description"].clone());
    }
    if response.status() == StatusCode::FOUND {
        let query = callback_query(&response);
        assert_eq!(
            query.get("state").map(String::as_str),
            Some("st-42"),
            "state comes back"
        );
        return (query["error"].clone(), query["error_description"].clone());
    }
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let html = response.text().await.unwrap();
    let start = html.find("error=").expect("the error on the page") + "error=".len();
    let (error, rest) = html[start..].split_once("&amp;error_description=").unwrap();
    let description = &rest[..rest.find('<').unwrap()];
    (error.to_owned(), description.replace("%20", " "))
}

/// The query of a redirect to Salesforce's generic error page (RemoteAccessErrorPage), if the
/// response is one.
fn generic_error_page_query(response: &Response) -> Option<HashMap<String, String>> {
    let location = response.headers().get(LOCATION)?.to_str().ok()?;
    let url = Url::parse(location).ok()?;
    (url.path() == REMOTE_ACCESS_ERROR_PAGE).then(|| url.query_pairs().into_owned().collect())
}

const REMOTE_ACCESS_ERROR_PAGE: &str = "/setup/secur/RemoteAccessErrorPage.apexp";

/// What the browser shows at the generic error page a refusal redirected to.
async fn generic_error_page(org: &PracticeOrg, response: &Response) -> String {
    let location = response.headers()[LOCATION].to_str().expect("ascii");
    assert!(
        location.starts_with(&format!("{}{REMOTE_ACCESS_ERROR_PAGE}?", org.base_url())),
        "Salesforce's own page, not the callback: {location}"
    );
    let page = client().get(location).send().await.expect("the error page");
    assert_eq!(page.status(), StatusCode::OK);
    page.text().await.expect("the page's text")
}

#[tokio::test]
async fn a_scope_the_app_lacks_stops_on_salesforces_generic_error_page() {
    // jetstream #1462 and forcedotcom/mcp-hosted #47: the page says only
    // OAUTH_APPROVAL_ERROR_GENERIC; its address carries invalid_scope.
    let org = start(NONE).await;
    let response = get_authorize(&org, &[("scope", "api web")]).await;
    assert_eq!(response.status(), StatusCode::FOUND);
    let query = generic_error_page_query(&response).expect("a redirect to the error page");
    assert_eq!(query["error"], "invalid_scope");
    assert!(!query.contains_key("state"), "{query:?}");
    let text = generic_error_page(&org, &response).await;
    assert!(text.contains("OAUTH_APPROVAL_ERROR_GENERIC"), "{text}");
    assert!(text.contains("Practice org"), "{text}");
    org.shutdown().await;
}

#[tokio::test]
async fn an_uninstalled_connected_app_stops_after_login_on_the_generic_error_page() {
    // MoveData's docs: "OAUTH_APPROVAL_ERROR_GENERIC", address
    // RemoteAccessErrorPage.apexp?error=invalid_client&error_description=app+must+be+installed+into+org.
    // The restriction needs the user, so the login page comes first.
    let org = start(&[
        ("uninstalled_connected_app", "true"),
        ("auto_approve", "false"),
    ])
    .await;
    let login = get_authorize(&org, NONE).await;
    assert_eq!(login.status(), StatusCode::OK, "the login page first");
    let response = client()
        .post(format!(
            "{}/services/oauth2/authorize/approve",
            org.base_url()
        ))
        .form(&[
            ("response_type", "code"),
            ("client_id", KEY),
            ("redirect_uri", CALLBACK),
            ("state", "st-42"),
            ("username", USERNAME),
            ("password", PASSWORD),
            ("decision", "allow"),
        ])
        .send()
        .await
        .unwrap();
    let query = generic_error_page_query(&response).expect("a redirect to the error page");
    assert_eq!(
        (query["error"].as_str(), query["error_description"].as_str()),
        ("invalid_client", "app must be installed into org")
    );
    let text = generic_error_page(&org, &response).await;
    assert!(text.contains("OAUTH_APPROVAL_ERROR_GENERIC"), "{text}");
    org.shutdown().await;
}
