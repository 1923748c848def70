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
    /// Admin-approved app, the user's profile or permission set not assigned: the token
    /// endpoint's answer.
    NotAdminApproved,
    /// The same refusal in the browser flow, sent to the callback.
    AppAccessDenied,
    /// A connected app not installed in this org, for a user without "Approve Uninstalled
    /// Connected Apps" (Salesforce shows it on its own error page).
    AppMustBeInstalled,
    /// The browser is signed in to another org than the app's.
    CrossOrgBlocked,
    /// A `scope` parameter on a client-credentials token request.
    ScopeNotSupported,
    IpRestricted,
    InactiveUser,
    ExpiredToken,
    ExpiredCode,
    InvalidScope,
    NoValidScopes,
    AccessDenied,
    MissingParameter(&'static str),
}

impl OAuthError {
    /// Every refusal the practice org can send, for `FIDELITY.md`'s test: each variant once, and
    /// `MissingParameter` once per description a call site uses. `ordinal` below makes adding a
    /// variant without listing it here fail the `all_lists_every_variant` test.
    pub const ALL: &'static [OAuthError] = &[
        OAuthError::InvalidClientId,
        OAuthError::AppNotInstalled,
        OAuthError::RedirectMismatch,
        OAuthError::MissingCodeChallenge,
        OAuthError::UnsupportedChallengeMethod,
        OAuthError::InvalidCodeVerifier,
        OAuthError::InvalidClientCredentials,
        OAuthError::AuthenticationFailure,
        OAuthError::UnsupportedGrantType,
        OAuthError::UnsupportedResponseType,
        OAuthError::NoClientCredentialsUser,
        OAuthError::NotAdminApproved,
        OAuthError::AppAccessDenied,
        OAuthError::AppMustBeInstalled,
        OAuthError::CrossOrgBlocked,
        OAuthError::ScopeNotSupported,
        OAuthError::IpRestricted,
        OAuthError::InactiveUser,
        OAuthError::ExpiredToken,
        OAuthError::ExpiredCode,
        OAuthError::InvalidScope,
        OAuthError::NoValidScopes,
        OAuthError::AccessDenied,
        OAuthError::MissingParameter("missing required code parameter"),
        OAuthError::MissingParameter("missing required refresh_token parameter"),
        OAuthError::MissingParameter("missing required token parameter"),
    ];

    pub fn error(self) -> &'static str {
        match self {
            OAuthError::InvalidClientId => "invalid_client_id",
            OAuthError::AppNotInstalled => "OAUTH_EC_APP_NOT_FOUND",
            OAuthError::RedirectMismatch => "redirect_uri_mismatch",
            OAuthError::MissingCodeChallenge
            | OAuthError::UnsupportedChallengeMethod
            | OAuthError::ScopeNotSupported
            | OAuthError::MissingParameter(_) => "invalid_request",
            OAuthError::InvalidClientCredentials | OAuthError::AppMustBeInstalled => {
                "invalid_client"
            }
            OAuthError::NotAdminApproved => "invalid_app_access",
            OAuthError::AppAccessDenied => "OAUTH_APP_ACCESS_DENIED",
            OAuthError::CrossOrgBlocked => "OAUTH_AUTHORIZATION_BLOCKED",
            OAuthError::InvalidCodeVerifier
            | OAuthError::AuthenticationFailure
            | OAuthError::NoClientCredentialsUser
            | OAuthError::IpRestricted
            | OAuthError::InactiveUser
            | OAuthError::ExpiredToken
            | OAuthError::ExpiredCode
            | OAuthError::NoValidScopes => "invalid_grant",
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
            OAuthError::NotAdminApproved | OAuthError::AppAccessDenied => {
                "user is not admin approved to access this app"
            }
            OAuthError::AppMustBeInstalled => "app must be installed into org",
            OAuthError::CrossOrgBlocked => {
                "Cross-org OAuth flows are not supported for this external client app"
            }
            OAuthError::ScopeNotSupported => "scope parameter not supported",
            OAuthError::IpRestricted => "ip restricted",
            OAuthError::InactiveUser => "inactive user",
            OAuthError::ExpiredToken => "expired access/refresh token",
            OAuthError::ExpiredCode => "expired authorization code",
            OAuthError::InvalidScope => "the requested scope is not allowed",
            OAuthError::NoValidScopes => "no valid scopes defined",
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

#[cfg(test)]
mod tests {
    use super::*;

    /// One number per variant. No wildcard: a new variant does not compile until it gets a
    /// number here, and then `all_lists_every_variant` fails until `ALL` lists it.
    fn ordinal(err: OAuthError) -> usize {
        match err {
            OAuthError::InvalidClientId => 0,
            OAuthError::AppNotInstalled => 1,
            OAuthError::RedirectMismatch => 2,
            OAuthError::MissingCodeChallenge => 3,
            OAuthError::UnsupportedChallengeMethod => 4,
            OAuthError::InvalidCodeVerifier => 5,
            OAuthError::InvalidClientCredentials => 6,
            OAuthError::AuthenticationFailure => 7,
            OAuthError::UnsupportedGrantType => 8,
            OAuthError::UnsupportedResponseType => 9,
            OAuthError::NoClientCredentialsUser => 10,
            OAuthError::NotAdminApproved => 11,
            OAuthError::IpRestricted => 12,
            OAuthError::InactiveUser => 13,
            OAuthError::ExpiredToken => 14,
            OAuthError::ExpiredCode => 15,
            OAuthError::InvalidScope => 16,
            OAuthError::AccessDenied => 17,
            OAuthError::MissingParameter(_) => 18,
            OAuthError::NoValidScopes => 19,
            OAuthError::AppAccessDenied => 20,
            OAuthError::AppMustBeInstalled => 21,
            OAuthError::CrossOrgBlocked => 22,
            OAuthError::ScopeNotSupported => 23,
        }
    }

    const VARIANTS: usize = 24;

    #[test]
    fn all_lists_every_variant() {
        let mut listed = [false; VARIANTS];
        for err in OAuthError::ALL {
            listed[ordinal(*err)] = true;
        }
        let missing: Vec<usize> = (0..VARIANTS).filter(|i| !listed[*i]).collect();
        assert!(
            missing.is_empty(),
            "OAuthError::ALL lacks the variants numbered {missing:?} in `ordinal`"
        );
    }

    #[test]
    fn all_has_no_pair_twice() {
        let mut pairs: Vec<(&str, &str)> = OAuthError::ALL
            .iter()
            .map(|err| (err.error(), err.description()))
            .collect();
        let count = pairs.len();
        pairs.sort_unstable();
        pairs.dedup();
        assert_eq!(
            pairs.len(),
            count,
            "a pair is listed twice in OAuthError::ALL"
        );
    }
}
