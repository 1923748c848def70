//! Salesforce's OAuth refusals, each as the exact `error` / `error_description` pair a real org
//! sends, and the two ways they travel: a 400 JSON body from the token endpoint, or the query of
//! a redirect to the app's callback from the authorize endpoint.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OAuthError {
    InvalidClientId,
    AppNotInstalled,
    RedirectMismatch,
    MissingCodeChallenge,
    UnsupportedChallengeMethod,
    InvalidCodeVerifier,
    InvalidClientCredentials,
    AuthenticationFailure,
    UnsupportedGrantType,
    UnsupportedResponseType,
    NoClientCredentialsUser,
    NotApproved,
    IpRestricted,
    InactiveUser,
    ExpiredToken,
    ExpiredCode,
    InvalidScope,
    AccessDenied,
    MissingParameter(&'static str),
}

impl OAuthError {
    pub fn error(self) -> &'static str {
        match self {
            OAuthError::InvalidClientId => "invalid_client_id",
            OAuthError::AppNotInstalled => "OAUTH_EC_APP_NOT_FOUND",
            OAuthError::RedirectMismatch => "redirect_uri_mismatch",
            OAuthError::MissingCodeChallenge
            | OAuthError::UnsupportedChallengeMethod
            | OAuthError::MissingParameter(_) => "invalid_request",
            OAuthError::InvalidClientCredentials => "invalid_client",
            OAuthError::InvalidCodeVerifier
            | OAuthError::AuthenticationFailure
            | OAuthError::NoClientCredentialsUser
            | OAuthError::NotApproved
            | OAuthError::IpRestricted
            | OAuthError::InactiveUser
            | OAuthError::ExpiredToken
            | OAuthError::ExpiredCode => "invalid_grant",
            OAuthError::UnsupportedGrantType => "unsupported_grant_type",
            OAuthError::UnsupportedResponseType => "unsupported_response_type",
            OAuthError::InvalidScope => "invalid_scope",
            OAuthError::AccessDenied => "access_denied",
        }
    }

    pub fn description(self) -> &'static str {
        match self {
            OAuthError::InvalidClientId => "client identifier invalid",
            OAuthError::AppNotInstalled => "External client app is not installed in this org",
            OAuthError::RedirectMismatch => "redirect_uri must match configuration",
            OAuthError::MissingCodeChallenge => "missing required code challenge",
            OAuthError::UnsupportedChallengeMethod => "unsupported code challenge method",
            OAuthError::InvalidCodeVerifier => "invalid code verifier",
            OAuthError::InvalidClientCredentials => "invalid client credentials",
            OAuthError::AuthenticationFailure => "authentication failure",
            OAuthError::UnsupportedGrantType => "grant type not supported",
            OAuthError::UnsupportedResponseType => "response type not supported",
            OAuthError::NoClientCredentialsUser => "no client credentials user enabled",
            OAuthError::NotApproved => "user hasn't approved this consumer",
            OAuthError::IpRestricted => "ip restricted",
            OAuthError::InactiveUser => "inactive user",
            OAuthError::ExpiredToken => "expired access/refresh token",
            OAuthError::ExpiredCode => "expired authorization code",
            OAuthError::InvalidScope => "the requested scope is not allowed",
            OAuthError::AccessDenied => "end-user denied authorization",
            OAuthError::MissingParameter(name) => name,
        }
    }

    /// `error=...&error_description=...` (plus `state` when there is one), form-encoded.
    pub fn query(self, state: Option<&str>) -> String {
        let mut query = form_urlencoded::Serializer::new(String::new());
        query
            .append_pair("error", self.error())
            .append_pair("error_description", self.description());
        if let Some(state) = state {
            query.append_pair("state", state);
        }
        query.finish()
    }
}

/// The token endpoint's answer: 400 with `{"error", "error_description"}`.
impl IntoResponse for OAuthError {
    fn into_response(self) -> Response {
        let body = json!({ "error": self.error(), "error_description": self.description() });
        (StatusCode::BAD_REQUEST, Json(body)).into_response()
    }
}
