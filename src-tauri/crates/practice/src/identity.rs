//! Who a token belongs to: `/services/oauth2/userinfo` (OpenID Connect claims), the identity
//! URL `/id/ORGID/USERID` that a token response's `id` points at, and the discovery document
//! `/.well-known/openid-configuration`. Bad tokens get the identity service's own answer,
//! 403 `Bad_OAuth_Token`, not the REST API's.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

use crate::data::{User, ORG_ID};
use crate::org::Org;
use crate::rest::bearer_token;

pub async fn userinfo(State(org): State<Arc<Org>>, headers: HeaderMap) -> Response {
    let Some(user) = token_user(&org, &headers, None) else {
        return bad_token();
    };
    let urls = urls(&org, &user);
    Json(json!({
        "sub": org.identity_url(&user),
        "user_id": user.id,
        "organization_id": ORG_ID,
        "preferred_username": user.username,
        "nickname": user.first_name.to_lowercase(),
        "name": user.name(),
        "email": user.email(),
        "email_verified": true,
        "given_name": user.first_name,
        "family_name": user.last_name,
        "zoneinfo": "America/Los_Angeles",
        "profile": format!("{}/{}", org.base_url, user.id),
        "urls": urls,
        "active": user.active,
        "user_type": "STANDARD",
        "language": "en_US",
        "locale": "en_US",
        "utcOffset": -28_800_000,
        "updated_at": "2026-01-01T00:00:00Z",
        "is_app_installed": true,
    }))
    .into_response()
}

/// `GET /id/ORGID/USERID`: the token may come as a Bearer header or as `oauth_token`.
pub async fn identity(
    State(org): State<Arc<Org>>,
    Path((org_id, user_id)): Path<(String, String)>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let Some(caller) = token_user(&org, &headers, query.get("oauth_token")) else {
        return bad_token();
    };
    let user = match org.data.user_by_id(&user_id) {
        Some(user) if org_id == ORG_ID => user.clone(),
        _ => return (StatusCode::NOT_FOUND, "Bad_Id").into_response(),
    };
    Json(json!({
        "id": org.identity_url(&user),
        "asserted_user": user.id == caller.id,
        "user_id": user.id,
        "organization_id": ORG_ID,
        "username": user.username,
        "nick_name": user.first_name.to_lowercase(),
        "display_name": user.name(),
        "email": user.email(),
        "email_verified": true,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "timezone": "America/Los_Angeles",
        "status": { "created_date": null, "body": null },
        "urls": urls(&org, &user),
        "active": user.active,
        "user_type": "STANDARD",
        "language": "en_US",
        "locale": "en_US",
        "utcOffset": -28_800_000,
        "last_modified_date": "2026-01-01T00:00:00.000+0000",
        "is_app_installed": true,
    }))
    .into_response()
}

pub async fn openid_configuration(State(org): State<Arc<Org>>) -> Json<Value> {
    let base = &org.base_url;
    Json(json!({
        "issuer": base,
        "authorization_endpoint": format!("{base}/services/oauth2/authorize"),
        "token_endpoint": format!("{base}/services/oauth2/token"),
        "revocation_endpoint": format!("{base}/services/oauth2/revoke"),
        "userinfo_endpoint": format!("{base}/services/oauth2/userinfo"),
        "introspection_endpoint": format!("{base}/services/oauth2/introspect"),
        "jwks_uri": format!("{base}/id/keys"),
        "scopes_supported": ["id", "api", "web", "full", "chatter_api", "visualforce", "refresh_token", "openid", "profile", "email", "address", "phone", "offline_access", "custom_permissions", "wave_api", "eclair_api"],
        "response_types_supported": ["code", "token", "token id_token"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "display_values_supported": ["page", "popup", "touch"],
        "token_endpoint_auth_methods_supported": ["client_secret_post", "client_secret_basic", "private_key_jwt"],
        "grant_types_supported": ["authorization_code", "refresh_token", "client_credentials", "password"],
        "code_challenge_methods_supported": ["S256"],
        "claims_supported": ["active", "address", "email", "email_verified", "family_name", "given_name", "is_app_installed", "language", "locale", "name", "nickname", "organization_id", "phone_number", "photos", "picture", "preferred_username", "profile", "sub", "updated_at", "urls", "user_id", "user_type", "zoneinfo"],
    }))
}

/// The user of a live token, from the `Authorization` header or else `fallback`.
fn token_user(org: &Org, headers: &HeaderMap, fallback: Option<&String>) -> Option<User> {
    let token = bearer_token(headers).or_else(|| fallback.cloned())?;
    let grants = org.grants();
    let session = grants.access(&token)?;
    org.data.user_by_id(&session.user_id).cloned()
}

fn bad_token() -> Response {
    (StatusCode::FORBIDDEN, "Bad_OAuth_Token").into_response()
}

fn urls(org: &Org, user: &User) -> Value {
    let base = &org.base_url;
    let data = format!("{base}/services/data/v{{version}}");
    json!({
        "enterprise": format!("{base}/services/Soap/c/{{version}}/{ORG_ID}"),
        "partner": format!("{base}/services/Soap/u/{{version}}/{ORG_ID}"),
        "rest": format!("{data}/"),
        "sobjects": format!("{data}/sobjects/"),
        "search": format!("{data}/search/"),
        "query": format!("{data}/query/"),
        "limits": format!("{data}/limits/"),
        "profile": format!("{base}/{}", user.id),
        "custom_domain": base,
    })
}
