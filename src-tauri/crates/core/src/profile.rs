//! Integration profiles: one TOML file per partner under `profiles/`, embedded in the binary.
//! A profile says what External Client App the partner needs and where each value came from;
//! it holds no logic. Adding an integration is adding a file: `build.rs` lists the folder, the
//! file's name is the profile's id, and its `order` places it on the home screen.

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

// `FILES`: every `profiles/*.toml` as (id, text), listed by `build.rs`.
include!(concat!(env!("OUT_DIR"), "/profile_files.rs"));

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
    /// The permissions the administrator who signs in through the app needs, each with where
    /// it comes from (ECA Setup Assistant's own app: the admin is the one who connects).
    AdminPermissions {
        /// Who connects, for the step's sentences ("each administrator who connects …").
        who: String,
        /// Each permission as Setup names it (`value`), with its source and why it is needed.
        permissions: Vec<Sourced<String>>,
    },
}

/// Whom a profile's External Client App is for. The home screen's partner picker lists
/// `partner` profiles; the app's own (`assistant`) is set up from where the app connects to the
/// org itself.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ProfileKind {
    /// An integration partner's app (and the Custom profile).
    #[default]
    Partner,
    /// ECA Setup Assistant's own app, with which it reads the org.
    Assistant,
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
    /// A partner's app (the default) or the app's own.
    #[serde(default)]
    pub kind: ProfileKind,
    /// The partner's guides. Empty for the Custom profile (the admin's values) and for the
    /// app's own (every value is Salesforce's default or this app's recommendation, with why).
    #[serde(default)]
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

/// Every profile, in the order the home screen lists them: by each file's `order`, then by id.
pub fn profiles() -> &'static [Profile] {
    static PROFILES: OnceLock<Vec<Profile>> = OnceLock::new();
    PROFILES.get_or_init(|| {
        // The files are part of the binary and checked by the tests, so a broken one is a
        // build defect, not a user error.
        in_order(FILES).unwrap_or_else(|err| panic!("{err}"))
    })
}

/// Why a profile file cannot be read: a defect of the build, which the tests catch.
#[derive(Debug, thiserror::Error)]
enum ProfileFileError {
    #[error("profiles/{id}.toml is not TOML: {source}")]
    Syntax { id: String, source: toml::de::Error },
    #[error("profiles/{id}.toml: remove `id`, the file's name is the profile's id")]
    IdInFile { id: String },
    #[error(
        "profiles/{id}.toml: `order = N` (a whole number) places the profile on the home screen, \
         lowest first"
    )]
    NoOrder { id: String },
    #[error("profiles/{id}.toml: {path}: {message}")]
    Invalid {
        id: String,
        path: String,
        message: String,
    },
}

/// The profiles of `files`, (id, text) pairs, sorted by `order` and then id.
fn in_order(files: &[(&str, &str)]) -> Result<Vec<Profile>, ProfileFileError> {
    let mut placed = files
        .iter()
        .map(|(id, text)| read(id, text))
        .collect::<Result<Vec<_>, _>>()?;
    placed.sort_by(|(order, profile), (other_order, other)| {
        order
            .cmp(other_order)
            .then_with(|| profile.id.cmp(&other.id))
    });
    Ok(placed.into_iter().map(|(_, profile)| profile).collect())
}

/// One profile file: its `order` and the profile, whose id is the file's name.
fn read(id: &str, text: &str) -> Result<(u32, Profile), ProfileFileError> {
    let id_owned = || id.to_owned();
    let mut table: toml::Table = text.parse().map_err(|source| ProfileFileError::Syntax {
        id: id_owned(),
        source,
    })?;
    if table.contains_key("id") {
        return Err(ProfileFileError::IdInFile { id: id_owned() });
    }
    let order = match table.remove("order") {
        Some(toml::Value::Integer(order)) => u32::try_from(order).ok(),
        _ => None,
    }
    .ok_or_else(|| ProfileFileError::NoOrder { id: id_owned() })?;
    table.insert("id".into(), toml::Value::String(id_owned()));
    let profile = serde_path_to_error::deserialize(toml::Value::Table(table)).map_err(|err| {
        ProfileFileError::Invalid {
            id: id_owned(),
            path: err.path().to_string(),
            message: err.into_inner().to_string(),
        }
    })?;
    Ok((order, profile))
}

pub fn profile(id: &str) -> Option<&'static Profile> {
    profiles().iter().find(|profile| profile.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Webex's file as another partner's: what adding an integration by copying a file gives.
    fn copy_of_webex(order: &str) -> String {
        file("webex").replacen("order = 40", order, 1)
    }

    fn file(id: &str) -> &'static str {
        let (_, text) = FILES
            .iter()
            .find(|(name, _)| *name == id)
            .unwrap_or_else(|| panic!("{id}.toml"));
        text
    }

    fn ids(files: &[(&str, &str)]) -> Vec<String> {
        in_order(files)
            .expect("every file reads")
            .into_iter()
            .map(|profile| profile.id)
            .collect()
    }

    #[test]
    fn every_file_reads() {
        assert_eq!(ids(FILES).len(), FILES.len());
    }

    #[test]
    fn a_new_file_takes_its_id_from_its_name_and_its_place_from_its_order() {
        let new = copy_of_webex("order = 45");
        let files = [
            ("custom", file("custom")),
            ("trial-partner", new.as_str()),
            ("webex", file("webex")),
            ("vonage-ai-studio", file("vonage-ai-studio")),
        ];
        assert_eq!(
            ids(&files),
            ["vonage-ai-studio", "webex", "trial-partner", "custom"]
        );
    }

    #[test]
    fn the_same_order_falls_back_to_the_id() {
        let (webex, twin) = (copy_of_webex("order = 40"), copy_of_webex("order = 40"));
        let files = [("webex", webex.as_str()), ("trial-partner", twin.as_str())];
        assert_eq!(ids(&files), ["trial-partner", "webex"]);
    }

    #[test]
    fn an_id_inside_the_file_or_a_missing_order_is_refused_with_what_to_do() {
        let with_id = copy_of_webex("order = 40\nid = \"webex\"");
        let err = read("webex", &with_id).expect_err("an id in the file");
        assert_eq!(
            err.to_string(),
            "profiles/webex.toml: remove `id`, the file's name is the profile's id"
        );
        let without_order = copy_of_webex("");
        let err = read("trial-partner", &without_order).expect_err("no order");
        assert!(
            err.to_string()
                .starts_with("profiles/trial-partner.toml: `order = N`"),
            "{err}"
        );
        let negative = copy_of_webex("order = -1");
        assert!(matches!(
            read("trial-partner", &negative),
            Err(ProfileFileError::NoOrder { .. })
        ));
    }

    #[test]
    fn a_wrong_value_is_named_by_its_path_in_the_file() {
        let text = copy_of_webex("order = 40").replace(
            r#"scopes = { value = ["api", "web", "refresh_token"]"#,
            r#"scopes = { value = ["api", "webb", "refresh_token"]"#,
        );
        let err = read("webex", &text).expect_err("an unknown scope");
        let ProfileFileError::Invalid { path, .. } = &err else {
            panic!("{err:?}")
        };
        assert_eq!(path, "eca.scopes.value[1]", "{err}");
    }
}
