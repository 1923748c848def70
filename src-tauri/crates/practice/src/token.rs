//! `POST /services/oauth2/token`: the three grants the practice org honours, each refusing the
//! way Salesforce refuses, the username-password grant refused as an External Client App
//! refuses it, and the token response in Salesforce's shape (opaque token, signed `id` +
//! `issued_at`, `scope`, a refresh token only when that scope is granted).

use std::collections::HashMap;
use std::sync::Arc;
use std::time::UNIX_EPOCH;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::header::{AUTHORIZATION, CACHE_CONTROL};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::Json;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use eca_core::eca::{Flow, RefreshTokenPolicy};
use serde_json::{json, Value};

use crate::data::User;
use crate::grants::AccessGrant;
use crate::mint;
use crate::oauth_error::OAuthError;
use crate::org::{grants_refresh, App, GrantKind, Org};

/// A form-encoded body or query as name → value (the last value wins).
pub type Params = HashMap<String, String>;

pub fn parse_form(body: &[u8]) -> Params {
    form_urlencoded::parse(body).into_owned().collect()
}

/// `client_id` and `client_secret` from the form, or else from HTTP Basic.
pub struct ClientAuth {
    pub id: Option<String>,
    pub secret: Option<String>,
}

impl ClientAuth {
    pub fn from_request(params: &Params, headers: &HeaderMap) -> ClientAuth {
        let basic = basic_credentials(headers);
        let (basic_id, basic_secret) =
            basic.map_or((None, None), |(id, secret)| (Some(id), Some(secret)));
        ClientAuth {
            id: params.get("client_id").cloned().or(basic_id),
            secret: params.get("client_secret").cloned().or(basic_secret),
        }
    }
}

fn basic_credentials(headers: &HeaderMap) -> Option<(String, String)> {
    let value = headers.get(AUTHORIZATION)?.to_str().ok()?;
    let (scheme, encoded) = value.split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = String::from_utf8(STANDARD.decode(encoded.trim()).ok()?).ok()?;
    let (id, secret) = decoded.split_once(':')?;
    Some((form_decoded(id), form_decoded(secret)))
}

/// RFC 6749 §2.3.1 has clients form-encode the id and secret inside Basic (the `oauth2` crate
/// does); keys and secrets have no `&` or `=`, so parsing them as one form name is exact.
fn form_decoded(part: &str) -> String {
    form_urlencoded::parse(part.as_bytes())
        .next()
        .map_or_else(String::new, |(name, _)| name.into_owned())
}

pub async fn token(State(org): State<Arc<Org>>, headers: HeaderMap, body: Bytes) -> Response {
    let params = parse_form(&body);
    match grant(&org, &params, &headers) {
        Ok(body) => ([(CACHE_CONTROL, "no-store")], Json(body)).into_response(),
        Err(err) => err.into_response(),
    }
}

fn grant(org: &Org, params: &Params, headers: &HeaderMap) -> Result<Value, OAuthError> {
    let kind = match params.get("grant_type").map(String::as_str) {
        Some("authorization_code") => GrantKind::AuthorizationCode,
        Some("refresh_token") => GrantKind::RefreshToken,
        Some("client_credentials") => GrantKind::ClientCredentials,
        Some("password") => GrantKind::Password,
        _ => return Err(OAuthError::UnsupportedGrantType),
    };
    let client = ClientAuth::from_request(params, headers);
    let app = org.identify_app(client.id.as_deref())?;
    let secret = client.secret.as_deref();
    if app == App::Assistant {
        // The assistant's app has the web server flow alone, and never issues a refresh token.
        return match kind {
            GrantKind::AuthorizationCode => authorization_code(org, params, secret, app),
            GrantKind::RefreshToken => Err(OAuthError::ExpiredToken),
            GrantKind::ClientCredentials => Err(OAuthError::UnsupportedGrantType),
            GrantKind::Password => Err(password_refusal()),
        };
    }
    match kind {
        GrantKind::AuthorizationCode => authorization_code(org, params, secret, app),
        GrantKind::RefreshToken => refresh_token(org, params, secret),
        GrantKind::ClientCredentials => client_credentials(org, params, secret),
        GrantKind::Password => Err(password_refusal()),
    }
}

fn authorization_code(
    org: &Org,
    params: &Params,
    secret: Option<&str>,
    app: App,
) -> Result<Value, OAuthError> {
    // The assistant's app has no secret: any secret sent is a wrong one.
    org.check_secret(
        secret,
        app == App::Partner && org.config.require_secret_web_server,
    )?;
    let code = params.get("code").ok_or(OAuthError::MissingParameter(
        "missing required code parameter",
    ))?;
    // Taking the code uses it up, whatever happens next: a code is good for one try.
    let pending = org
        .grants()
        .take_code(code)
        .ok_or(OAuthError::ExpiredCode)?;
    if pending.app != app {
        return Err(OAuthError::ExpiredCode);
    }
    if params.get("redirect_uri") != Some(&pending.redirect_uri) {
        return Err(OAuthError::RedirectMismatch);
    }
    if let Some(challenge) = &pending.challenge {
        let verifier = params
            .get("code_verifier")
            .ok_or(OAuthError::InvalidCodeVerifier)?;
        if !mint::same_secret(&mint::s256_challenge(verifier), challenge) {
            return Err(OAuthError::InvalidCodeVerifier);
        }
    }
    let user = org
        .data
        .user_by_id(&pending.user_id)
        .ok_or(OAuthError::ExpiredCode)?;
    org.record_login(user, GrantKind::AuthorizationCode, app);
    Ok(issue(org, user, &pending.scope, true))
}

fn refresh_token(org: &Org, params: &Params, secret: Option<&str>) -> Result<Value, OAuthError> {
    org.check_secret(secret, org.config.require_secret_refresh)?;
    let old = params
        .get("refresh_token")
        .ok_or(OAuthError::MissingParameter(
            "missing required refresh_token parameter",
        ))?;
    let grant = org
        .grants()
        .refresh(old)
        .cloned()
        .ok_or(OAuthError::ExpiredToken)?;
    if org.config.refresh_token_policy == RefreshTokenPolicy::Zero {
        org.grants().revoke_refresh(old);
        return Err(OAuthError::ExpiredToken);
    }
    let user = org
        .data
        .user_by_id(&grant.user_id)
        .ok_or(OAuthError::ExpiredToken)?;
    org.check_user(user, GrantKind::RefreshToken)?;
    let mut grants = org.grants();
    let (refresh, rotated) = if org.config.rotation {
        let new = grants.rotate_refresh(old).ok_or(OAuthError::ExpiredToken)?;
        (new, true)
    } else {
        (old.clone(), false)
    };
    let (access, session) = grants.add_access(&user.id, &grant.scope, Some(&refresh));
    drop(grants);
    org.record_login(user, GrantKind::RefreshToken, App::Partner);
    let mut body = response(org, user, &access, &session);
    if rotated {
        body["refresh_token"] = Value::String(refresh);
    }
    Ok(body)
}

fn client_credentials(
    org: &Org,
    params: &Params,
    secret: Option<&str>,
) -> Result<Value, OAuthError> {
    if !org.config.flows.contains(&Flow::ClientCredentials) {
        return Err(OAuthError::UnsupportedGrantType);
    }
    // The token carries the app's own scopes; Salesforce refuses a request that names any
    // (FIDELITY.md row L7).
    if params.contains_key("scope") {
        return Err(OAuthError::ScopeNotSupported);
    }
    org.check_secret(secret, true)?;
    let run_as = org
        .config
        .run_as
        .as_deref()
        .filter(|_| org.config.client_credentials)
        .ok_or(OAuthError::NoClientCredentialsUser)?;
    let user = org
        .data
        .user_by_name(run_as)
        .ok_or(OAuthError::NoClientCredentialsUser)?;
    org.check_user(user, GrantKind::ClientCredentials)?;
    // The token carries only the app's scopes this flow grants (FIDELITY.md); with no API-type
    // scope among them Salesforce refuses (Winter '26).
    if !org.config.scopes.iter().any(|scope| scope.is_api_type()) {
        return Err(OAuthError::NoValidScopes);
    }
    let scope: Vec<String> = org
        .config
        .scopes
        .iter()
        .filter(|scope| scope.in_client_credentials_token())
        .map(|scope| scope.tokens()[0].to_owned())
        .collect();
    org.record_login(user, GrantKind::ClientCredentials, App::Partner);
    Ok(issue(org, user, &scope, false))
}

/// The username-password grant, refused whatever the username, password or secret: the
/// practice org plays an External Client App, and External Client Apps do not support this flow
/// (Salesforce Help, "Connected App to External Client App Migration").
///
/// Salesforce's own documentation gives no error pair for this case; public clients do
/// (FIDELITY.md row L8): ForceCLI/force PR #780 adds "only Connected Apps support the
/// username/password flow; External Client Apps do not" to exactly `invalid_grant` /
/// `authentication failure` from the password flow, and blog.enree.co reports that answer for
/// an External Client App. It is also what Salesforce sends when the flow is blocked (L9).
fn password_refusal() -> OAuthError {
    OAuthError::AuthenticationFailure
}

/// A new session for the user, with a refresh token when `may_refresh` and the scope has it.
fn issue(org: &Org, user: &User, scope: &[String], may_refresh: bool) -> Value {
    let mut grants = org.grants();
    let refresh =
        (may_refresh && grants_refresh(scope)).then(|| grants.add_refresh(&user.id, scope));
    let (access, session) = grants.add_access(&user.id, scope, refresh.as_deref());
    drop(grants);
    let mut body = response(org, user, &access, &session);
    if let Some(refresh) = refresh {
        body["refresh_token"] = Value::String(refresh);
    }
    body
}

fn response(org: &Org, user: &User, access: &str, session: &AccessGrant) -> Value {
    let id = org.identity_url(user);
    let issued_at = session
        .issued
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_millis()
        .to_string();
    let signature = mint::signature(org.app_secret().expose(), &id, &issued_at);
    json!({
        "access_token": access,
        "signature": signature,
        "scope": session.scope.join(" "),
        "instance_url": org.base_url,
        "id": id,
        "token_type": "Bearer",
        "issued_at": issued_at,
    })
}
