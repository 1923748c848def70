//! How the practice org's External Client App, its user and its org settings are set up: built
//! from an integration profile (as the admin would fill Setup in) and then changed key by key
//! (`overrides`) to rehearse a mistake. Serving lives in `server`.

use std::time::Duration;

use eca_core::checklist::effective_eca;
use eca_core::eca::{DistributionState, Flow, IpRelaxation, PermittedUsers, RefreshTokenPolicy};
use eca_core::inputs::SetupInputs;
use eca_core::migration::Rehearsal;
use eca_core::profile::{InputKind, InputSpec};
use eca_core::scopes::Scope;
use eca_core::secret::Secret;
use eca_core::template;
use eca_core::Profile;

use crate::mint;

/// The loopback callback the wizard asks the admin to add, as the Salesforce CLI uses it.
pub const LOOPBACK_CALLBACK: &str = "http://localhost:1717/OauthRedirect";
/// The practice user who signs in on the authorize page.
pub const DEFAULT_USERNAME: &str = "admin@practice.example";
/// The Run As user when the profile needs one and the admin has not named theirs.
pub const DEFAULT_RUN_AS: &str = "integration@practice.example";
/// A partner host for callback URLs whose tenant the admin has not typed.
pub const DEFAULT_PARTNER_HOST: &str = "partner.practice.example";
/// The permission set a practice integration user is given.
pub const DEFAULT_PERMISSION_SET: &str = "Practice_Integration";
/// The assistant's own External Client App (profile `eca-setup-assistant`): its Name in Setup.
pub const ASSISTANT_APP_LABEL: &str = "ECA Setup Assistant";

/// Everything the practice org decides by. Fields mirror the Setup screens (scopes, flows,
/// Security boxes, Policies) plus what the org and its user add (an inactive user, a restricted
/// address, a propagation delay). Secrets print as `<redacted>`.
#[derive(Debug, Clone)]
pub struct PracticeConfig {
    /// The app's Name (its label in Setup) and API Name: the `fullName` its metadata is read by.
    pub app_label: String,
    pub api_name: String,
    pub contact_email: String,
    pub distribution_state: DistributionState,
    pub consumer_key: String,
    pub consumer_secret: Secret,
    /// The Consumer Key of the second app this org has: the assistant's own, set up as its
    /// profile says (web server flow, PKCE required, no secret, `api`, a loopback callback on
    /// any port), so a practice setup can connect the assistant without touching the partner's.
    pub assistant_key: String,
    pub username: String,
    pub password: Secret,
    pub callback_urls: Vec<String>,
    pub scopes: Vec<Scope>,
    pub flows: Vec<Flow>,
    pub require_secret_web_server: bool,
    pub require_secret_refresh: bool,
    pub require_pkce: bool,
    pub permitted_users: PermittedUsers,
    /// Whether the practice user's profile is among the app's pre-authorized ones.
    pub preapproved: bool,
    /// The Policies tab's "Enable Client Credentials Flow" box.
    pub client_credentials: bool,
    pub run_as: Option<String>,
    pub ip_relaxation: IpRelaxation,
    /// Simulates a caller outside the user's allowed IP ranges.
    pub ip_restricted: bool,
    pub refresh_token_policy: RefreshTokenPolicy,
    pub rotation: bool,
    /// The Security box "Issue JSON Web Token (JWT)-based access tokens for named users".
    pub jwt_access_tokens: bool,
    /// The Run As user's profile has API Enabled and API Only User; off rehearses an integration
    /// user who cannot use the API (the check reads it from `User`, FIDELITY.md X14).
    pub run_as_api: bool,
    /// The signed-in user may read the consumer secret through the Metadata API ("View External
    /// Client Apps Consumer Secrets in Metadata"): off, `readMetadata` refuses
    /// `ExtlClntAppGlobalOauthSettings` (FIDELITY.md X5); on, it answers without the secret.
    pub metadata_secret_access: bool,
    /// How long after start the key is still unknown to the login servers.
    pub propagation_delay: Duration,
    pub user_active: bool,
    /// Whether the app exists in this org at all (false: a Local app of another org).
    pub app_installed: bool,
    /// The app plays a connected app that is not installed in this org, signed in to by a user
    /// without "Approve Uninstalled Connected Apps": Salesforce stops the browser sign-in on its
    /// own error page.
    pub uninstalled_connected_app: bool,
    /// The browser is already signed in to another org, so the sign-in is cross-org.
    pub signed_in_elsewhere: bool,
    /// Skip the login and consent page and redirect straight back with a code.
    pub auto_approve: bool,
    /// The connected app the integration used before this External Client App, to rehearse
    /// moving it (`legacy`); `None`: the org has none.
    pub connected_app: Option<ConnectedApp>,
}

/// A connected app to migrate. Before the move the External Client App above is the one the
/// admin would create (the new-app route); after an in-place Migrate it takes this app's key and
/// secret, unless `key_kept` is off.
#[derive(Debug, Clone)]
pub struct ConnectedApp {
    pub name: String,
    pub consumer_key: String,
    pub consumer_secret: Secret,
    /// Created in this org: eligible for Migrate unless it uses the password flow.
    pub local: bool,
    /// Its integration signs in with the username-password flow: it is missing from OAuth
    /// Usage and shows in Login History.
    pub password_flow: bool,
    /// The User Count on OAuth Usage.
    pub users: u32,
    /// After Migrate the External Client App keeps this key and secret (what is widely quoted,
    /// and unconfirmed); off, it gets the org's own, to rehearse a key that changed.
    pub key_kept: bool,
}

impl ConnectedApp {
    /// The connected app a rehearsal describes, named after the integration, with a fresh key
    /// and secret.
    pub fn rehearsing(profile: &Profile, rehearsal: Rehearsal) -> ConnectedApp {
        ConnectedApp {
            name: format!("{} (connected app)", profile.app_name.value),
            consumer_key: mint::consumer_key(),
            consumer_secret: Secret::new(mint::consumer_secret()),
            local: rehearsal.local,
            password_flow: rehearsal.password_flow,
            users: 3,
            key_kept: rehearsal.key_kept,
        }
    }
}

impl PracticeConfig {
    /// The ECA the admin would create by following the profile's checklist, with a fresh key and
    /// secret, the loopback callback added, and practice values for inputs not yet typed.
    pub fn from_profile(profile: &Profile, inputs: &SetupInputs) -> PracticeConfig {
        let eca = effective_eca(profile, inputs);
        let fill = |value: &str| {
            template::fill(value, profile, inputs, |spec| {
                Some(stand_in(spec).to_owned())
            })
            .unwrap_or_else(|| unreachable!("every input has a stand-in"))
        };
        let mut callback_urls: Vec<String> = eca
            .callback_urls
            .value
            .iter()
            .map(|url| fill(url))
            .collect();
        if !callback_urls.iter().any(|url| url == LOOPBACK_CALLBACK) {
            callback_urls.push(LOOPBACK_CALLBACK.to_owned());
        }
        let run_as = eca
            .run_as
            .as_ref()
            .map(|run_as| fill(&run_as.value).trim().to_owned())
            .filter(|run_as| !run_as.is_empty());
        let app_label = Some(inputs.app_name.trim())
            .filter(|name| !name.is_empty())
            .unwrap_or(&profile.app_name.value)
            .to_owned();
        let api_name = Some(inputs.api_name.trim())
            .filter(|name| !name.is_empty())
            .map_or_else(
                || eca_core::inputs::derive_api_name(&app_label),
                str::to_owned,
            );
        let contact_email = Some(inputs.contact_email.trim())
            .filter(|email| !email.is_empty())
            .unwrap_or(DEFAULT_USERNAME)
            .to_owned();
        PracticeConfig {
            app_label,
            api_name,
            contact_email,
            distribution_state: eca.distribution_state.value,
            consumer_key: mint::consumer_key(),
            consumer_secret: Secret::new(mint::consumer_secret()),
            assistant_key: mint::consumer_key(),
            username: DEFAULT_USERNAME.to_owned(),
            password: Secret::new(mint::password()),
            callback_urls,
            scopes: eca.scopes.value.clone(),
            flows: eca.flows.value.clone(),
            require_secret_web_server: eca.require_secret_web_server.value,
            require_secret_refresh: eca.require_secret_refresh.value,
            require_pkce: eca.require_pkce.value,
            permitted_users: eca.permitted_users.value,
            preapproved: true,
            client_credentials: eca.client_credentials_policy.value,
            run_as,
            ip_relaxation: eca.ip_relaxation.value,
            ip_restricted: false,
            refresh_token_policy: eca.refresh_token_policy.value,
            rotation: eca.refresh_token_rotation.value,
            jwt_access_tokens: eca.jwt_access_tokens.value,
            run_as_api: true,
            metadata_secret_access: false,
            propagation_delay: Duration::ZERO,
            user_active: true,
            app_installed: true,
            uninstalled_connected_app: false,
            signed_in_elsewhere: false,
            auto_approve: false,
            connected_app: None,
        }
    }

    /// The same org with a connected app to migrate, as `rehearsal` describes it.
    pub fn with_connected_app(mut self, profile: &Profile, rehearsal: Rehearsal) -> PracticeConfig {
        self.connected_app = Some(ConnectedApp::rehearsing(profile, rehearsal));
        self
    }

    /// Whether the app grants this scope token (`offline_access` counts as `refresh_token`).
    pub(crate) fn scope_for_token(&self, token: &str) -> Option<Scope> {
        self.scopes
            .iter()
            .copied()
            .find(|scope| scope.tokens().contains(&token))
    }
}

/// The practice value of an input of `spec`'s kind: what the practice org plays for an input
/// the admin has not typed yet, and what a practice setup starts with (`sample_inputs`).
pub fn stand_in(spec: &InputSpec) -> &'static str {
    match spec.kind {
        InputKind::Host => DEFAULT_PARTNER_HOST,
        InputKind::Username => DEFAULT_RUN_AS,
        InputKind::PermissionSet => DEFAULT_PERMISSION_SET,
    }
}

/// What a practice setup fills in for the admin, as `(field, value)` edits: the practice admin
/// as the contact, and each of the partner's inputs its stand-in.
pub fn sample_inputs(profile: &Profile) -> Vec<(String, String)> {
    let contact = ("contact_email".to_owned(), DEFAULT_USERNAME.to_owned());
    let partner = profile
        .inputs
        .iter()
        .map(|spec| (spec.id.clone(), stand_in(spec).to_owned()));
    std::iter::once(contact).chain(partner).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn service_board_sync() -> &'static Profile {
        eca_core::profile("service-board-sync").expect("profile")
    }

    #[test]
    fn placeholders_take_the_admins_inputs() {
        let profile = service_board_sync();
        let mut inputs = SetupInputs::suggested(profile);
        inputs.values.insert(
            "tenant_domain".into(),
            "https://acme.serviceboardsync.com/".into(),
        );
        inputs
            .values
            .insert("run_as".into(), " integration@acme.com ".into());
        let config = PracticeConfig::from_profile(profile, &inputs);
        assert_eq!(
            config.callback_urls,
            ["https://acme.serviceboardsync.com/oauth", LOOPBACK_CALLBACK]
        );
        assert_eq!(config.run_as.as_deref(), Some("integration@acme.com"));
        assert!(config.client_credentials);
        assert_eq!(config.flows, [Flow::ClientCredentials]);
    }

    #[test]
    fn missing_inputs_get_practice_values() {
        let profile = service_board_sync();
        let config = PracticeConfig::from_profile(profile, &SetupInputs::suggested(profile));
        assert_eq!(config.run_as.as_deref(), Some(DEFAULT_RUN_AS));
        assert_eq!(
            config.callback_urls[0],
            "https://partner.practice.example/oauth"
        );
    }

    #[test]
    fn keys_and_secrets_look_like_salesforces_and_stay_redacted() {
        let profile = service_board_sync();
        let config = PracticeConfig::from_profile(profile, &SetupInputs::suggested(profile));
        assert!(config.consumer_key.starts_with("3MVG"));
        assert_eq!(config.consumer_key.len(), 85);
        assert_eq!(config.consumer_secret.expose().len(), 64);
        let printed = format!("{config:?}");
        assert!(!printed.contains(config.consumer_secret.expose()));
        assert!(!printed.contains(config.password.expose()));
    }
}
