//! `--set KEY=VALUE`: changing one setting of a practice config by name, with the values each
//! key takes spelled out when one is wrong. Enum values use the core's serde names, so
//! `scopes=api,refresh_token` and `ip_relaxation=Enforce_RelaxRefresh` read as in a profile.
//!
//! Settings that rehearse what the ECA check (issue 23) finds wrong, each read back through
//! `readMetadata` or SOQL as a real org shows it: `require_pkce=true` (the global OAuth
//! settings' `isPkceRequired`), `refresh_token_policy=SpecificLifetime` (the OAuth policies'
//! `refreshTokenPolicyType` with its period and unit), `run_as_api=false` (the Run As user's
//! profile without API Enabled / API Only User, on `User`), and `metadata_secret_access=true`
//! (the signed-in user may read `ExtlClntAppGlobalOauthSettings`; off by default, so the read is
//! refused as an org without that permission refuses it).

use std::time::Duration;

use eca_core::eca::{Flow, IpRelaxation, PermittedUsers, RefreshTokenPolicy};
use eca_core::scopes::Scope;
use eca_core::secret::Secret;
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::config::{ConnectedApp, PracticeConfig};
use crate::error::PracticeError;

/// Every key `set` accepts, in the order the error message lists them.
pub const KEYS: [&str; 35] = [
    "scopes",
    "flows",
    "callback_urls",
    "require_secret_web_server",
    "require_secret_refresh",
    "require_pkce",
    "permitted_users",
    "preapproved",
    "client_credentials",
    "run_as",
    "ip_relaxation",
    "ip_restricted",
    "refresh_token_policy",
    "rotation",
    "propagation_delay_secs",
    "user_active",
    "app_installed",
    "uninstalled_connected_app",
    "signed_in_elsewhere",
    "auto_approve",
    "consumer_key",
    "consumer_secret",
    "username",
    "password",
    "client_credentials_user",
    "callback_url",
    "connected_app",
    "connected_app_local",
    "connected_app_password_flow",
    "migration_keeps_key",
    "run_as_api",
    "metadata_secret_access",
    "jwt_access_tokens",
    "app_label",
    "api_name",
];

impl PracticeConfig {
    /// Changes one setting by name. `client_credentials_user` is another name for `run_as`
    /// and `callback_url` adds one callback URL to the list.
    pub fn set(&mut self, key: &str, value: &str) -> Result<(), PracticeError> {
        let value = value.trim();
        let key = key.trim();
        match key {
            "scopes" => self.scopes = list(key, value, &Scope::ALL)?,
            "flows" => self.flows = list(key, value, &Flow::ALL)?,
            "callback_urls" => {
                self.callback_urls = value
                    .split(',')
                    .map(str::trim)
                    .filter(|url| !url.is_empty())
                    .map(String::from)
                    .collect();
            }
            "callback_url" => {
                if value.is_empty() {
                    return Err(bad(
                        key,
                        value,
                        "a URL such as http://localhost:1717/OauthRedirect",
                    ));
                }
                if !self.callback_urls.iter().any(|url| url == value) {
                    self.callback_urls.push(value.to_owned());
                }
            }
            "require_secret_web_server" => self.require_secret_web_server = flag(key, value)?,
            "require_secret_refresh" => self.require_secret_refresh = flag(key, value)?,
            "require_pkce" => self.require_pkce = flag(key, value)?,
            "permitted_users" => self.permitted_users = one(key, value, &PermittedUsers::ALL)?,
            "preapproved" => self.preapproved = flag(key, value)?,
            "client_credentials" => self.client_credentials = flag(key, value)?,
            "run_as" | "client_credentials_user" => {
                self.run_as = (!value.is_empty()).then(|| value.to_owned());
            }
            "ip_relaxation" => self.ip_relaxation = one(key, value, &IpRelaxation::ALL)?,
            "ip_restricted" => self.ip_restricted = flag(key, value)?,
            "refresh_token_policy" => {
                self.refresh_token_policy = one(key, value, &RefreshTokenPolicy::ALL)?;
            }
            "rotation" => self.rotation = flag(key, value)?,
            "propagation_delay_secs" => {
                let secs: u64 = value
                    .parse()
                    .map_err(|_| bad(key, value, "a whole number of seconds, such as 600"))?;
                self.propagation_delay = Duration::from_secs(secs);
            }
            "user_active" => self.user_active = flag(key, value)?,
            "app_installed" => self.app_installed = flag(key, value)?,
            "uninstalled_connected_app" => self.uninstalled_connected_app = flag(key, value)?,
            "signed_in_elsewhere" => self.signed_in_elsewhere = flag(key, value)?,
            "auto_approve" => self.auto_approve = flag(key, value)?,
            "consumer_key" => self.consumer_key = required(key, value)?.to_owned(),
            "consumer_secret" => self.consumer_secret = Secret::new(required(key, value)?),
            "username" => self.username = required(key, value)?.to_owned(),
            "password" => self.password = Secret::new(required(key, value)?),
            "connected_app" => {
                if flag(key, value)? {
                    self.connected_app_or_new();
                } else {
                    self.connected_app = None;
                }
            }
            "connected_app_local" => self.connected_app_or_new().local = flag(key, value)?,
            "connected_app_password_flow" => {
                self.connected_app_or_new().password_flow = flag(key, value)?;
            }
            "migration_keeps_key" => self.connected_app_or_new().key_kept = flag(key, value)?,
            // What the ECA check reads and may find wrong (issue 23): a Run As user without API
            // access, and whether the global OAuth settings may be read at all.
            "run_as_api" => self.run_as_api = flag(key, value)?,
            "metadata_secret_access" => self.metadata_secret_access = flag(key, value)?,
            "jwt_access_tokens" => self.jwt_access_tokens = flag(key, value)?,
            "app_label" => self.app_label = required(key, value)?.to_owned(),
            "api_name" => self.api_name = required(key, value)?.to_owned(),
            _ => {
                return Err(PracticeError::UnknownSetting {
                    key: key.to_owned(),
                })
            }
        }
        Ok(())
    }
}

impl PracticeConfig {
    /// The connected app to migrate; a setting of one adds a local one that keeps its key.
    fn connected_app_or_new(&mut self) -> &mut ConnectedApp {
        self.connected_app.get_or_insert_with(|| ConnectedApp {
            name: "Practice Integration (connected app)".to_owned(),
            consumer_key: crate::mint::consumer_key(),
            consumer_secret: Secret::new(crate::mint::consumer_secret()),
            local: true,
            password_flow: false,
            users: 3,
            key_kept: true,
        })
    }
}

fn bad(key: &str, value: &str, expected: impl Into<String>) -> PracticeError {
    PracticeError::BadValue {
        key: key.to_owned(),
        value: value.to_owned(),
        expected: expected.into(),
    }
}

fn flag(key: &str, value: &str) -> Result<bool, PracticeError> {
    match value.to_ascii_lowercase().as_str() {
        "true" | "yes" | "on" | "1" => Ok(true),
        "false" | "no" | "off" | "0" => Ok(false),
        _ => Err(bad(key, value, "true or false")),
    }
}

fn required<'a>(key: &str, value: &'a str) -> Result<&'a str, PracticeError> {
    if value.is_empty() {
        Err(bad(key, value, "a value that is not empty"))
    } else {
        Ok(value)
    }
}

/// One value by its serde name, such as `AdminApprovedPreAuthorized`.
fn one<T: DeserializeOwned + Serialize>(
    key: &str,
    value: &str,
    all: &[T],
) -> Result<T, PracticeError> {
    serde_json::from_value(serde_json::Value::String(value.to_owned()))
        .map_err(|_| bad(key, value, format!("one of {}", names(all))))
}

/// A comma-separated list of serde names; empty means none.
fn list<T: DeserializeOwned + Serialize + PartialEq>(
    key: &str,
    value: &str,
    all: &[T],
) -> Result<Vec<T>, PracticeError> {
    let mut out = Vec::new();
    for item in value
        .split(',')
        .map(str::trim)
        .filter(|item| !item.is_empty())
    {
        let parsed =
            serde_json::from_value(serde_json::Value::String(item.to_owned())).map_err(|_| {
                bad(
                    key,
                    item,
                    format!("a comma-separated list of {}", names(all)),
                )
            })?;
        if !out.contains(&parsed) {
            out.push(parsed);
        }
    }
    Ok(out)
}

/// The serde names; a value that carries data (a refresh token policy with its time) is named
/// by its variant, which `--set` also takes on its own.
fn names<T: Serialize>(all: &[T]) -> String {
    all.iter()
        .filter_map(|value| serde_json::to_value(value).ok())
        .filter_map(|value| match value {
            serde_json::Value::String(name) => Some(name),
            serde_json::Value::Object(map) if map.len() == 1 => map.keys().next().cloned(),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use eca_core::inputs::SetupInputs;

    use super::*;

    fn config() -> PracticeConfig {
        let profile = eca_core::profile("custom").expect("profile");
        PracticeConfig::from_profile(profile, &SetupInputs::suggested(profile))
    }

    #[test]
    fn settings_take_the_profiles_vocabulary() {
        let mut config = config();
        config.set("scopes", "api, refresh_token,openid").unwrap();
        assert_eq!(
            config.scopes,
            [Scope::Api, Scope::RefreshToken, Scope::Openid]
        );
        config.set("flows", "client_credentials").unwrap();
        assert_eq!(config.flows, [Flow::ClientCredentials]);
        config.set("ip_relaxation", "Enforce_RelaxRefresh").unwrap();
        assert_eq!(config.ip_relaxation, IpRelaxation::EnforceRelaxRefresh);
        config
            .set("permitted_users", "AdminApprovedPreAuthorized")
            .unwrap();
        config.set("require_pkce", "off").unwrap();
        assert!(!config.require_pkce);
        config.set("run_as", "").unwrap();
        assert_eq!(config.run_as, None);
        config.set("propagation_delay_secs", "30").unwrap();
        assert_eq!(config.propagation_delay, Duration::from_secs(30));
        config.set("flows", "").unwrap();
        assert!(config.flows.is_empty());
    }

    #[test]
    fn unknown_keys_list_the_valid_ones() {
        let err = config().set("pkce", "true").unwrap_err();
        let text = err.to_string();
        assert!(text.contains("“pkce”"), "{text}");
        assert!(text.contains("require_pkce"), "{text}");
        assert!(text.contains("user_active"), "{text}");
    }

    #[test]
    fn bad_values_say_what_is_expected() {
        let mut config = config();
        let text = config.set("scopes", "api,apex").unwrap_err().to_string();
        assert!(
            text.contains("“apex”") && text.contains("refresh_token"),
            "{text}"
        );
        let text = config
            .set("ip_relaxation", "relax")
            .unwrap_err()
            .to_string();
        assert!(text.contains("Bypass_2factor"), "{text}");
        let text = config.set("rotation", "maybe").unwrap_err().to_string();
        assert!(text.contains("true or false"), "{text}");
        let text = config
            .set("refresh_token_policy", "Forever")
            .unwrap_err()
            .to_string();
        assert!(text.contains("SpecificInactivity"), "{text}");
    }

    #[test]
    fn the_check_rehearsals_are_settings() {
        let mut config = config();
        assert!(config.run_as_api && !config.metadata_secret_access);
        config.set("run_as_api", "false").unwrap();
        config.set("metadata_secret_access", "true").unwrap();
        config.set("api_name", "Acme_App").unwrap();
        assert!(!config.run_as_api && config.metadata_secret_access);
        assert_eq!(config.api_name, "Acme_App");
        assert!(config.set("api_name", "").is_err());
    }

    #[test]
    fn a_specific_time_refresh_policy_is_set_by_its_name() {
        let mut config = config();
        config
            .set("refresh_token_policy", "SpecificInactivity")
            .unwrap();
        assert_eq!(
            config.refresh_token_policy,
            RefreshTokenPolicy::SpecificInactivity(eca_core::eca::RefreshTokenValidity::IDLE_LIMIT)
        );
    }

    #[test]
    fn a_connected_app_to_migrate_is_set_key_by_key() {
        let mut config = config();
        assert!(config.connected_app.is_none());
        config.set("connected_app_password_flow", "true").unwrap();
        config.set("migration_keeps_key", "false").unwrap();
        let app = config
            .connected_app
            .as_ref()
            .expect("added by its first setting");
        assert!(app.local && app.password_flow && !app.key_kept);
        assert_ne!(app.consumer_key, config.consumer_key);
        config.set("connected_app", "false").unwrap();
        assert!(config.connected_app.is_none());
        config.set("connected_app", "yes").unwrap();
        assert!(config
            .connected_app
            .as_ref()
            .is_some_and(|app| app.key_kept));
    }

    #[test]
    fn set_secrets_stay_redacted() {
        let mut config = config();
        config.set("consumer_secret", "S3CR3T-VALUE").unwrap();
        assert!(!format!("{config:?}").contains("S3CR3T-VALUE"));
        assert_eq!(config.consumer_secret.expose(), "S3CR3T-VALUE");
    }
}
