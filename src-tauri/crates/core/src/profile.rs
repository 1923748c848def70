//! Integration profiles: one TOML file per partner under `profiles/`, embedded in the binary.
//! A profile says what External Client App the partner needs and where each value came from;
//! it holds no logic. Adding an integration is adding a file and a line to `FILES`.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::eca::{
    DistributionState, Flow, IpRelaxation, PermittedUsers, RefreshTokenPolicy, Setting,
};
use crate::options::SetupOption;
use crate::partner::PartnerForm;
use crate::partner_request::PartnerRequestSpec;
use crate::scopes::Scope;
use crate::verify_flows::VerifyPlan;

const FILES: [(&str, &str); 5] = [
    (
        "vonage-ai-studio",
        include_str!("../profiles/vonage-ai-studio.toml"),
    ),
    (
        "service-board-sync",
        include_str!("../profiles/service-board-sync.toml"),
    ),
    (
        "bright-pattern",
        include_str!("../profiles/bright-pattern.toml"),
    ),
    ("webex", include_str!("../profiles/webex.toml")),
    ("custom", include_str!("../profiles/custom.toml")),
];

/// Where a value came from: a guide's id (`"000"`), Salesforce's own documented default when the
/// guide is silent, this app's recommendation when the guide is silent and Salesforce documents
/// no default (its `note` says why), or the admin (the Custom profile and its edits).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, as = "String")]
pub struct Source(pub String);

impl Source {
    pub const SALESFORCE_DEFAULT: &'static str = "salesforce-default";
    pub const RECOMMENDED: &'static str = "recommended";
    pub const ADMIN: &'static str = "admin";

    pub fn admin() -> Source {
        Source(Self::ADMIN.to_owned())
    }

    pub fn is_guide(&self) -> bool {
        ![Self::SALESFORCE_DEFAULT, Self::RECOMMENDED, Self::ADMIN].contains(&self.0.as_str())
    }
}

/// A value together with its origin. `quote` is the guide's own words for it (checked against
/// the guide text by the tests); `note` is a warning the admin must read at that field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Sourced<T> {
    pub value: T,
    pub from: Source,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub quote: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub note: Option<String>,
}

impl<T> Sourced<T> {
    pub fn by_admin(value: T) -> Sourced<T> {
        Sourced {
            value,
            from: Source::admin(),
            quote: None,
            note: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Guide {
    pub id: String,
    pub title: String,
    pub file: String,
    /// The guide reaches New External Client App through Setup → Apps → App Manager rather
    /// than the External Client App Manager; `quote` is where it says so. The checklist then
    /// tells the admin both ways open the same screen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub via_app_manager: Option<Sourced<bool>>,
}

/// What kind of text an input holds; decides how it is cleaned and checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum InputKind {
    /// A host name such as `acme.brightpattern.com` (scheme and path are stripped).
    Host,
    /// A Salesforce username, which has the shape of an email address.
    Username,
    /// A permission set's API Name, optionally with a package's `ns__` prefix. May stay empty:
    /// the admin can add the permission set in Setup instead.
    PermissionSet,
}

/// Something the admin must type that the profile's values depend on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct InputSpec {
    pub id: String,
    pub label: String,
    pub kind: InputKind,
    pub help: String,
    pub example: String,
    pub from: Source,
    /// Why the app asks for it, when no guide does (`from = "recommended"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub note: Option<String>,
}

/// The External Client App's settings. `callback_urls` and `run_as` may hold `{input_id}`
/// placeholders filled from the admin's inputs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct EcaSettings {
    pub distribution_state: Sourced<DistributionState>,
    pub callback_urls: Sourced<Vec<String>>,
    pub scopes: Sourced<Vec<Scope>>,
    pub flows: Sourced<Vec<Flow>>,
    pub require_secret_web_server: Sourced<bool>,
    pub require_secret_refresh: Sourced<bool>,
    pub require_pkce: Sourced<bool>,
    pub refresh_token_rotation: Sourced<bool>,
    pub jwt_access_tokens: Sourced<bool>,
    pub permitted_users: Sourced<PermittedUsers>,
    pub client_credentials_policy: Sourced<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub run_as: Option<Sourced<String>>,
    pub ip_relaxation: Sourced<IpRelaxation>,
    pub refresh_token_policy: Sourced<RefreshTokenPolicy>,
}

/// A step a guide asks for beyond filling in the app's screens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum ExtraStep {
    /// Wait for the app's changes to reach Salesforce's login servers.
    WaitForPropagation {
        minutes: u32,
        from: Source,
        quote: String,
    },
    /// Salesforce asks the admin to prove who they are before it shows the key and secret.
    VerifyIdentity {
        method: String,
        from: Source,
        quote: String,
    },
    /// Give the integration user the profile or permission set the partner needs.
    IntegrationUser {
        what: String,
        from: Source,
        quote: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Profile {
    pub id: String,
    pub name: String,
    pub summary: String,
    /// The Custom profile: every ECA setting is the admin's to set.
    #[serde(default)]
    pub editable: bool,
    pub guides: Vec<Guide>,
    pub app_name: Sourced<String>,
    #[serde(default)]
    pub inputs: Vec<InputSpec>,
    pub eca: EcaSettings,
    #[serde(default)]
    pub extra_steps: Vec<ExtraStep>,
    /// Choices beyond the guides that change the app's settings (`options`).
    #[serde(default)]
    pub options: Vec<SetupOption>,
    /// The flows to verify with, when they are not the one the app's settings point to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub verify: Option<VerifyPlan>,
    /// What the admin then types into the partner's own form.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub partner: Option<PartnerForm>,
    /// How the partner's own sign-in request looks, which the verification replays.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub partner_request: Option<PartnerRequestSpec>,
}

impl EcaSettings {
    /// The value of a checkbox setting; `None` for a setting that is not a checkbox.
    pub fn checkbox(&self, setting: Setting) -> Option<&Sourced<bool>> {
        Some(match setting {
            Setting::RequireSecretWebServer => &self.require_secret_web_server,
            Setting::RequireSecretRefresh => &self.require_secret_refresh,
            Setting::RequirePkce => &self.require_pkce,
            Setting::RefreshTokenRotation => &self.refresh_token_rotation,
            Setting::JwtAccessTokens => &self.jwt_access_tokens,
            Setting::ClientCredentialsPolicy => &self.client_credentials_policy,
            Setting::AppName
            | Setting::ApiName
            | Setting::ContactEmail
            | Setting::DistributionState
            | Setting::CallbackUrls
            | Setting::Scopes
            | Setting::PermittedUsers
            | Setting::RunAs
            | Setting::RefreshTokenPolicy
            | Setting::IpRelaxation => return None,
        })
    }
}

impl Profile {
    pub fn input(&self, id: &str) -> Option<&InputSpec> {
        self.inputs.iter().find(|input| input.id == id)
    }

    pub fn guide(&self, id: &str) -> Option<&Guide> {
        self.guides.iter().find(|guide| guide.id == id)
    }
}

/// Every profile, in the order the home screen lists them.
pub fn profiles() -> &'static [Profile] {
    static PROFILES: OnceLock<Vec<Profile>> = OnceLock::new();
    PROFILES.get_or_init(|| {
        FILES
            .iter()
            .map(|(id, text)| {
                // The files are part of the binary and checked by the tests, so a broken one
                // is a build defect, not a user error.
                let profile: Profile = toml::from_str(text)
                    .unwrap_or_else(|err| panic!("profile {id} is not valid: {err}"));
                assert_eq!(&profile.id, id, "profile file name and id differ");
                profile
            })
            .collect()
    })
}

pub fn profile(id: &str) -> Option<&'static Profile> {
    profiles().iter().find(|profile| profile.id == id)
}
