//! Asking about and ending tokens: `POST /services/oauth2/revoke` (a refresh token takes its
//! sessions with it) and `POST /services/oauth2/introspect` (for the app itself, so it needs
//! the key and secret).

use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

use crate::oauth_error::OAuthError;
use crate::org::Org;
use crate::token::{parse_form, ClientAuth, Params};

/// Revoke by POST form (or, as Salesforce also allows, by GET `?token=`).
pub async fn revoke(
    State(org): State<Arc<Org>>,
    Query(query): Query<Params>,
    body: Bytes,
) -> Response {
    let form = parse_form(&body);
    let Some(token) = form.get("token").or_else(|| query.get("token")) else {
        return revoke_error("unsupported_token_type", "missing token parameter");
    };
    let mut grants = org.grants();
    if grants.revoke_refresh(token) || grants.revoke_access(token) {
        StatusCode::OK.into_response()
    } else {
        revoke_error("invalid_token", "invalid token")
    }
}

fn revoke_error(error: &str, description: &str) -> Response {
    let body = json!({ "error": error, "error_description": description });
    (StatusCode::BAD_REQUEST, Json(body)).into_response()
}

pub async fn introspect(State(org): State<Arc<Org>>, headers: HeaderMap, body: Bytes) -> Response {
    let form = parse_form(&body);
    let client = ClientAuth::from_request(&form, &headers);
    if let Err(err) = org
        .identify_app(client.id.as_deref())
        .and_then(|_| org.check_secret(client.secret.as_deref(), true))
    {
        return err.into_response();
    }
    let Some(token) = form.get("token") else {
        return OAuthError::MissingParameter("missing required token parameter").into_response();
    };
    let grants = org.grants();
    let (kind, user_id, scope, issued, expires) = if let Some(session) = grants.access(token) {
        (
            "access_token",
            &session.user_id,
            &session.scope,
            session.issued,
            Some(session.expires),
        )
    } else if let Some(refresh) = grants.refresh(token) {
        (
            "refresh_token",
            &refresh.user_id,
            &refresh.scope,
            refresh.issued,
            None,
        )
    } else {
        return Json(json!({ "active": false })).into_response();
    };
    let Some(user) = org.data.user_by_id(user_id) else {
        return Json(json!({ "active": false })).into_response();
    };
    let secs = |time: SystemTime| {
        time.duration_since(UNIX_EPOCH)
            .unwrap_or_default()
            .as_secs()
    };
    let mut body = json!({
        "active": true,
        "scope": scope.join(" "),
        "client_id": org.app_key(),
        "username": user.username,
        "sub": org.identity_url(user),
        "token_type": kind,
        "iat": secs(issued),
        "nbf": secs(issued),
    });
    if let Some(expires) = expires {
        body["exp"] = json!(secs(expires));
    }
    Json(body).into_response()
}
