//! The running practice org as every handler sees it: its configuration, base URL, records and
//! grants, and the decisions shared by the OAuth endpoints: is this key known here, is this
//! secret right, may this user get a token by this grant, which scopes are granted.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant, SystemTime};

use eca_core::eca::{IpRelaxation, PermittedUsers};
use eca_core::scopes::Scope;
use eca_core::secret::Secret;

use crate::config::{PracticeConfig, ASSISTANT_APP_LABEL};
use crate::data::{datetime, record, DataSet, Table, User, DEFAULT_RUN_AS_ID, ORG_ID};
use crate::grants::Grants;
use crate::legacy::Legacy;
use crate::mint;
use crate::oauth_error::OAuthError;
use crate::requests::RequestLog;

/// Which of the org's two External Client Apps a request names by its Consumer Key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum App {
    /// The partner's app the setup is about (`PracticeConfig`'s settings).
    Partner,
    /// The assistant's own app (`PracticeConfig::assistant_key`).
    Assistant,
}

/// The assistant's app asks for `api` alone (profile `eca-setup-assistant`).
const ASSISTANT_SCOPES: [&str; 1] = ["api"];

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
    /// Every token the External Client App issued, as Login History lists it.
    logins: Mutex<Vec<Login>>,
    /// Method and path of every request, to prove what a client did (`requests`).
    pub requests: RequestLog,
}

/// One sign-in through the External Client App.
#[derive(Debug, Clone)]
struct Login {
    app: App,
    user_id: String,
    time: SystemTime,
    sub_type: &'static str,
}

/// Login History's Login Type for an OAuth 2.0 sign-in (FIDELITY.md M11).
pub const REMOTE_ACCESS: &str = "Remote Access 2.0";
/// Login History's Login Subtype labels (FIDELITY.md X10: assumed for LoginHistory).
pub const SUBTYPE_PASSWORD: &str = "OAuth Username-Password";
pub const SUBTYPE_WEB_SERVER: &str = "OAuth Web Server";
pub const SUBTYPE_CLIENT_CREDENTIALS: &str = "OAuth Client Credential";
pub const SUBTYPE_REFRESH: &str = "OAuth Refresh Token";
const DAY: Duration = Duration::from_secs(86_400);

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
            logins: Mutex::new(Vec::new()),
            requests: RequestLog::default(),
        }
    }

    /// Records a successful sign-in through the External Client App, for Login History.
    pub fn record_login(&self, user: &User, grant: GrantKind, app: App) {
        let sub_type = match grant {
            GrantKind::AuthorizationCode => SUBTYPE_WEB_SERVER,
            GrantKind::RefreshToken => SUBTYPE_REFRESH,
            GrantKind::ClientCredentials => SUBTYPE_CLIENT_CREDENTIALS,
            GrantKind::Password => SUBTYPE_PASSWORD,
        };
        self.logins
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(Login {
                app,
                user_id: user.id.clone(),
                time: SystemTime::now(),
                sub_type,
            });
    }

    /// The objects made from what happened: OauthToken (the app's live refresh tokens, and the
    /// connected app's users while OAuth Usage lists it), LoginHistory (the app's sign-ins, and
    /// the connected app's), ConnectedApplication (the connected app until it is deleted).
    pub fn built_tables(&self) -> Vec<Table> {
        let now = SystemTime::now();
        let legacy = *self.legacy();
        let connected = self
            .config
            .connected_app
            .as_ref()
            .filter(|_| !legacy.deleted);
        let run_as = self
            .config
            .run_as
            .as_deref()
            .and_then(|name| self.data.user_by_name(name))
            .map_or(DEFAULT_RUN_AS_ID, |user| user.id.as_str());

        let mut tokens = Vec::new();
        let grants = self.grants();
        for (n, (refresh, grant)) in grants.refresh_grants().into_iter().enumerate() {
            let (uses, last) = grants.uses(refresh);
            tokens.push(record(serde_json::json!({
                "Id": format!("0CJ000000000{n:04}AA"),
                "AppName": self.config.app_label,
                "UserId": grant.user_id,
                "UseCount": uses.max(1),
                "CreatedDate": datetime(grant.issued),
                "LastUsedDate": datetime(last.unwrap_or(grant.issued)),
            })));
        }
        drop(grants);
        if let Some(app) = connected.filter(|app| !app.password_flow && !legacy.tokens_revoked) {
            for n in 0..app.users {
                let user = if n == 0 {
                    run_as.to_owned()
                } else {
                    format!("005000000000PC{n}AAA")
                };
                tokens.push(record(serde_json::json!({
                    "Id": format!("0CJ000000000PC{n}AA"),
                    "AppName": app.name,
                    "UserId": user,
                    "UseCount": 40 + n,
                    "CreatedDate": datetime(now - 200 * DAY),
                    "LastUsedDate": datetime(now - DAY * (n + 1) / 2),
                })));
            }
        }

        let mut logins: Vec<(String, SystemTime, &str, &str)> = self
            .logins
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .iter()
            .map(|login| {
                (
                    login.user_id.clone(),
                    login.time,
                    match login.app {
                        App::Partner => self.config.app_label.as_str(),
                        App::Assistant => ASSISTANT_APP_LABEL,
                    },
                    login.sub_type,
                )
            })
            .collect();
        if let Some(app) = connected {
            let sub_type = if app.password_flow {
                SUBTYPE_PASSWORD
            } else {
                SUBTYPE_WEB_SERVER
            };
            // Two recent sign-ins and one outside the last 30 days.
            for days in [1, 2, 45] {
                logins.push((run_as.to_owned(), now - DAY * days, &app.name, sub_type));
            }
        }
        logins.sort_by_key(|(_, time, _, _)| std::cmp::Reverse(*time));
        let history = logins
            .into_iter()
            .enumerate()
            .map(|(n, (user, time, application, sub_type))| {
                record(serde_json::json!({
                    "Id": format!("0Ya000000000{n:04}AA"),
                    "UserId": user,
                    "LoginTime": datetime(time),
                    "LoginType": REMOTE_ACCESS,
                    "LoginSubType": sub_type,
                    "Application": application,
                    "Status": "Success",
                    "ApiType": null,
                    "ApiVersion": null,
                    "LoginUrl": "127.0.0.1",
                }))
            })
            .collect();

        let apps = connected
            .map(|app| {
                record(serde_json::json!({
                    "Id": "0H4000000000PRAAA0",
                    "Name": app.name,
                    "CreatedDate": datetime(now - 400 * DAY),
                    "LastModifiedDate": datetime(now - 200 * DAY),
                    "OptionsAllowAdminApprovedUsersOnly": false,
                    "OptionsRefreshTokenValidityMetric": false,
                    "RefreshTokenValidityPeriod": null,
                    "StartUrl": null,
                }))
            })
            .into_iter()
            .collect();

        vec![
            Table {
                object: "OauthToken",
                fields: &[
                    "Id",
                    "AppName",
                    "UserId",
                    "UseCount",
                    "CreatedDate",
                    "LastUsedDate",
                ],
                filterable: None,
                records: tokens,
            },
            Table {
                object: "LoginHistory",
                fields: &[
                    "Id",
                    "UserId",
                    "LoginTime",
                    "LoginType",
                    "LoginSubType",
                    "Application",
                    "Status",
                    "ApiType",
                    "ApiVersion",
                    "LoginUrl",
                ],
                // The object's Usage section: "You can only filter on the following fields".
                filterable: Some(&["Id", "LoginTime", "LoginType", "LoginUrl", "UserId"]),
                records: history,
            },
            Table {
                object: "ConnectedApplication",
                fields: &[
                    "Id",
                    "Name",
                    "CreatedDate",
                    "LastModifiedDate",
                    "OptionsAllowAdminApprovedUsersOnly",
                    "OptionsRefreshTokenValidityMetric",
                    "RefreshTokenValidityPeriod",
                    "StartUrl",
                ],
                filterable: None,
                records: apps,
            },
        ]
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

    /// Which app the login servers know this consumer key as. The partner's app is unknown
    /// while it propagates, and not at all when it is not installed in this org; the
    /// assistant's app was made long ago and is always there.
    pub fn identify_app(&self, client_id: Option<&str>) -> Result<App, OAuthError> {
        let client_id = client_id.map(str::trim).unwrap_or_default();
        if client_id.is_empty() {
            return Err(OAuthError::InvalidClientId);
        }
        if client_id == self.config.assistant_key {
            return Ok(App::Assistant);
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
        Ok(App::Partner)
    }

    /// Whether `uri` is one of the app's callback URLs; the assistant's is the loopback on any
    /// port (`http://localhost:PORT/OauthRedirect`), as a desktop app binds a free one.
    pub fn callback_allowed(&self, app: App, uri: &str) -> bool {
        match app {
            App::Partner => self.config.callback_urls.iter().any(|url| url == uri),
            App::Assistant => uri
                .strip_prefix("http://localhost:")
                .and_then(|rest| rest.strip_suffix("/OauthRedirect"))
                .is_some_and(|port| port.parse::<u16>().is_ok_and(|port| port > 0)),
        }
    }

    /// The requested scope tokens, each one the app has, or `invalid_scope`.
    pub fn scope_of(&self, app: App, requested: Option<&str>) -> Result<Vec<String>, OAuthError> {
        match (app, requested) {
            (App::Partner, Some(requested)) => self.requested_scope(requested),
            (App::Partner, None) => Ok(self.default_scope(true)),
            (App::Assistant, None) => Ok(ASSISTANT_SCOPES.map(String::from).to_vec()),
            (App::Assistant, Some(requested)) => {
                let mut granted: Vec<String> = Vec::new();
                for token in requested.split_whitespace() {
                    if !ASSISTANT_SCOPES.contains(&token) {
                        return Err(OAuthError::InvalidScope);
                    }
                    if !granted.iter().any(|t| t == token) {
                        granted.push(token.to_owned());
                    }
                }
                Ok(granted)
            }
        }
    }

    /// Whether the app's Security section has "Require Proof Key for Code Exchange (PKCE)".
    pub fn requires_pkce(&self, app: App) -> bool {
        match app {
            App::Partner => self.config.require_pkce,
            App::Assistant => true,
        }
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
    fn the_assistants_app_is_a_second_app_with_its_own_key_pkce_and_loopback() {
        // The partner's app requires a secret and no PKCE, and has not propagated yet: none of
        // that is the assistant's.
        let org = org(&[
            ("require_pkce", "false"),
            ("require_secret_web_server", "true"),
            ("propagation_delay_secs", "60"),
        ]);
        let assistant = org.config.assistant_key.clone();
        assert_ne!(assistant, org.config.consumer_key);
        assert_eq!(org.identify_app(Some(&assistant)), Ok(App::Assistant));
        assert_eq!(
            org.identify_app(Some(&org.config.consumer_key)),
            Err(OAuthError::InvalidClientId),
            "the partner's app is still propagating"
        );
        assert!(org.requires_pkce(App::Assistant));
        assert!(!org.requires_pkce(App::Partner));
        assert!(org.callback_allowed(App::Assistant, "http://localhost:53123/OauthRedirect"));
        assert!(!org.callback_allowed(App::Assistant, "http://localhost:x/OauthRedirect"));
        assert!(!org.callback_allowed(App::Assistant, "https://partner.practice.example/oauth"));
        assert_eq!(org.scope_of(App::Assistant, None).unwrap(), ["api"]);
        assert_eq!(
            org.scope_of(App::Assistant, Some("api refresh_token")),
            Err(OAuthError::InvalidScope)
        );
        assert_eq!(org.check_secret(None, false), Ok(()));
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
