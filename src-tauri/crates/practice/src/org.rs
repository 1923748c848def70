//! The running practice org as every handler sees it: its configuration, base URL, records and
//! grants, and the decisions shared by the OAuth endpoints: is this key known here, is this
//! secret right, may this user get a token by this grant, which scopes are granted.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Instant;

use eca_core::eca::{IpRelaxation, PermittedUsers};
use eca_core::scopes::Scope;
use eca_core::secret::Secret;

use crate::config::PracticeConfig;
use crate::data::{DataSet, User, ORG_ID};
use crate::grants::Grants;
use crate::legacy::Legacy;
use crate::mint;
use crate::oauth_error::OAuthError;

/// How a token is being obtained; IP relaxation treats refresh differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GrantKind {
    AuthorizationCode,
    RefreshToken,
    ClientCredentials,
    Password,
}

pub struct Org {
    pub config: PracticeConfig,
    pub base_url: String,
    pub data: DataSet,
    started: Instant,
    grants: Mutex<Grants>,
    api_requests: AtomicU32,
    /// What has become of the connected app to migrate, if the org has one.
    legacy: Mutex<Legacy>,
}

impl Org {
    pub fn new(config: PracticeConfig, base_url: String) -> Org {
        Org {
            data: DataSet::new(&config),
            config,
            base_url,
            started: Instant::now(),
            grants: Mutex::new(Grants::default()),
            api_requests: AtomicU32::new(0),
            legacy: Mutex::new(Legacy::default()),
        }
    }

    pub fn legacy(&self) -> MutexGuard<'_, Legacy> {
        // A flag set by a handler that panicked is still a whole flag.
        self.legacy.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The External Client App's Consumer Key: the org's own, or after an in-place migration
    /// that kept it, the connected app's.
    pub fn app_key(&self) -> &str {
        match &self.config.connected_app {
            Some(app) if app.key_kept && self.legacy().migrated => &app.consumer_key,
            _ => &self.config.consumer_key,
        }
    }

    /// The External Client App's Consumer Secret, which follows its key.
    pub fn app_secret(&self) -> &Secret {
        match &self.config.connected_app {
            Some(app) if app.key_kept && self.legacy().migrated => &app.consumer_secret,
            _ => &self.config.consumer_secret,
        }
    }

    pub fn grants(&self) -> MutexGuard<'_, Grants> {
        // A handler that panicked left no half-made grant behind, so the map is still sound.
        self.grants.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Counts one REST API request, for `/limits`.
    pub fn count_api_request(&self) {
        self.api_requests.fetch_add(1, Ordering::Relaxed);
    }

    pub fn api_requests(&self) -> u32 {
        self.api_requests.load(Ordering::Relaxed)
    }

    /// Whether the login servers know this consumer key: not while the app is propagating,
    /// and not at all when the app is not installed in this org.
    pub fn identify_app(&self, client_id: Option<&str>) -> Result<(), OAuthError> {
        let client_id = client_id.map(str::trim).unwrap_or_default();
        if client_id.is_empty() {
            return Err(OAuthError::InvalidClientId);
        }
        if client_id != self.app_key() {
            return Err(OAuthError::InvalidClientId);
        }
        if !self.config.app_installed {
            return Err(OAuthError::AppNotInstalled);
        }
        if self.started.elapsed() < self.config.propagation_delay {
            return Err(OAuthError::InvalidClientId);
        }
        Ok(())
    }

    /// A secret that is sent must be right; one that is required must be sent.
    pub fn check_secret(&self, given: Option<&str>, required: bool) -> Result<(), OAuthError> {
        match given.filter(|secret| !secret.is_empty()) {
            Some(secret) if mint::same_secret(secret, self.app_secret().expose()) => Ok(()),
            Some(_) => Err(OAuthError::InvalidClientCredentials),
            None if required => Err(OAuthError::InvalidClientCredentials),
            None => Ok(()),
        }
    }

    /// The user-side checks Salesforce makes at login: active, inside the allowed IP ranges
    /// (unless the app relaxes them), and allowed to use a pre-authorized app.
    pub fn check_user(&self, user: &User, grant: GrantKind) -> Result<(), OAuthError> {
        if !user.active {
            return Err(OAuthError::InactiveUser);
        }
        let enforced = match self.config.ip_relaxation {
            IpRelaxation::Enforce => true,
            IpRelaxation::EnforceRelaxRefresh => grant != GrantKind::RefreshToken,
            IpRelaxation::Bypass | IpRelaxation::Bypass2factor => false,
        };
        if self.config.ip_restricted && enforced {
            return Err(OAuthError::IpRestricted);
        }
        if self.config.permitted_users == PermittedUsers::AdminApprovedPreAuthorized
            && !self.config.preapproved
        {
            return Err(not_admin_approved(grant));
        }
        Ok(())
    }

    /// `BASE/id/ORGID/USERID`, served by the practice org itself.
    pub fn identity_url(&self, user: &User) -> String {
        format!("{}/id/{ORG_ID}/{}", self.base_url, user.id)
    }

    /// The scope tokens granted when a request names none: the first token of each scope the
    /// app has (refresh_token left out where the grant never issues one).
    pub fn default_scope(&self, with_refresh: bool) -> Vec<String> {
        self.config
            .scopes
            .iter()
            .filter(|scope| with_refresh || **scope != Scope::RefreshToken)
            .map(|scope| scope.tokens()[0].to_owned())
            .collect()
    }

    /// The tokens of a `scope` parameter, each one the app has, or `invalid_scope`.
    pub fn requested_scope(&self, requested: &str) -> Result<Vec<String>, OAuthError> {
        let mut granted: Vec<String> = Vec::new();
        for token in requested.split_whitespace() {
            if self.config.scope_for_token(token).is_none() {
                return Err(OAuthError::InvalidScope);
            }
            if !granted.iter().any(|t| t == token) {
                granted.push(token.to_owned());
            }
        }
        Ok(granted)
    }
}

/// A user the admin-approved app is not assigned to. The browser sign-in (the only place the
/// practice org checks the user for a code) is sent back with `OAUTH_APP_ACCESS_DENIED`; the
/// token endpoint answers `invalid_app_access`; both with the same description (FIDELITY.md
/// rows O12, P4).
fn not_admin_approved(grant: GrantKind) -> OAuthError {
    match grant {
        GrantKind::AuthorizationCode => OAuthError::AppAccessDenied,
        GrantKind::RefreshToken | GrantKind::ClientCredentials | GrantKind::Password => {
            OAuthError::NotAdminApproved
        }
    }
}

/// Whether the scope tokens include one that brings a refresh token.
pub fn grants_refresh(scope: &[String]) -> bool {
    scope
        .iter()
        .any(|token| Scope::RefreshToken.tokens().contains(&token.as_str()))
}

/// Whether the scope tokens allow REST API calls.
pub fn grants_api(scope: &[String]) -> bool {
    scope.iter().any(|token| token == "api" || token == "full")
}

#[cfg(test)]
mod tests {
    use eca_core::inputs::SetupInputs;

    use super::*;

    fn org(settings: &[(&str, &str)]) -> Org {
        let profile = eca_core::profile("custom").expect("profile");
        let mut config = PracticeConfig::from_profile(profile, &SetupInputs::suggested(profile));
        for (key, value) in settings {
            config.set(key, value).unwrap();
        }
        Org::new(config, "http://127.0.0.1:1".into())
    }

    #[test]
    fn ip_relaxation_decides_which_grants_a_restricted_address_may_use() {
        use GrantKind::*;
        let cases = [
            ("Enforce", [true, true, true, true]),
            ("Enforce_RelaxRefresh", [true, false, true, true]),
            ("Bypass", [false, false, false, false]),
            ("Bypass_2factor", [false, false, false, false]),
        ];
        for (relaxation, refused) in cases {
            let org = org(&[("ip_restricted", "true"), ("ip_relaxation", relaxation)]);
            let user = org.data.practice_user();
            for (grant, refused) in [AuthorizationCode, RefreshToken, ClientCredentials, Password]
                .into_iter()
                .zip(refused)
            {
                let expected = if refused {
                    Err(OAuthError::IpRestricted)
                } else {
                    Ok(())
                };
                assert_eq!(
                    org.check_user(user, grant),
                    expected,
                    "{relaxation} {grant:?}"
                );
            }
        }
    }

    #[test]
    fn an_unrestricted_address_passes_even_when_enforced() {
        let org = org(&[("ip_relaxation", "Enforce")]);
        let user = org.data.practice_user();
        assert_eq!(org.check_user(user, GrantKind::Password), Ok(()));
    }

    #[test]
    fn an_unassigned_user_of_an_admin_approved_app_is_refused_as_the_flow_refuses() {
        let org = org(&[
            ("permitted_users", "AdminApprovedPreAuthorized"),
            ("preapproved", "false"),
        ]);
        let user = org.data.practice_user();
        assert_eq!(
            org.check_user(user, GrantKind::AuthorizationCode),
            Err(OAuthError::AppAccessDenied)
        );
        for grant in [GrantKind::ClientCredentials, GrantKind::RefreshToken] {
            assert_eq!(
                org.check_user(user, grant),
                Err(OAuthError::NotAdminApproved),
                "{grant:?}"
            );
        }
    }

    #[test]
    fn requested_scopes_must_be_the_apps() {
        let org = org(&[("scopes", "api,refresh_token")]);
        assert_eq!(
            org.requested_scope("api offline_access api").unwrap(),
            ["api", "offline_access"]
        );
        assert_eq!(
            org.requested_scope("api web"),
            Err(OAuthError::InvalidScope)
        );
        assert_eq!(org.default_scope(true), ["api", "refresh_token"]);
        assert_eq!(org.default_scope(false), ["api"]);
    }
}
