//! The settings of an External Client App, in Salesforce's own vocabulary: each choice knows the
//! label the Setup screen shows and the value the metadata uses. Where a value came from lives in
//! `profile`; this module only names the choices.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::scopes::Scope;
use crate::screen::StepId;

/// "Flow Enablement" checkboxes on the new-app screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Flow {
    ClientCredentials,
    AuthorizationCodeAndCredentials,
    Device,
    TokenExchange,
    JwtBearer,
}

impl Flow {
    pub const ALL: [Flow; 5] = [
        Flow::ClientCredentials,
        Flow::AuthorizationCodeAndCredentials,
        Flow::Device,
        Flow::TokenExchange,
        Flow::JwtBearer,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Flow::ClientCredentials => "Enable Client Credentials Flow",
            Flow::AuthorizationCodeAndCredentials => {
                "Enable Authorization Code and Credentials Flow"
            }
            Flow::Device => "Enable Device Flow",
            Flow::TokenExchange => "Enable Token Exchange Flow",
            Flow::JwtBearer => "Enable JWT Bearer Flow",
        }
    }
}

/// "Permitted Users" on the Policies tab.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub enum PermittedUsers {
    AllSelfAuthorized,
    AdminApprovedPreAuthorized,
}

impl PermittedUsers {
    pub const ALL: [PermittedUsers; 2] = [
        PermittedUsers::AllSelfAuthorized,
        PermittedUsers::AdminApprovedPreAuthorized,
    ];

    pub fn label(self) -> &'static str {
        match self {
            PermittedUsers::AllSelfAuthorized => "All users can self-authorize",
            PermittedUsers::AdminApprovedPreAuthorized => "Admin approved users are pre-authorized",
        }
    }
}

/// "IP Relaxation" on the Policies tab; variant names are the metadata values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub enum IpRelaxation {
    Enforce,
    #[serde(rename = "Bypass_2factor")]
    #[ts(rename = "Bypass_2factor")]
    Bypass2factor,
    Bypass,
    #[serde(rename = "Enforce_RelaxRefresh")]
    #[ts(rename = "Enforce_RelaxRefresh")]
    EnforceRelaxRefresh,
}

impl IpRelaxation {
    pub const ALL: [IpRelaxation; 4] = [
        IpRelaxation::Enforce,
        IpRelaxation::Bypass2factor,
        IpRelaxation::Bypass,
        IpRelaxation::EnforceRelaxRefresh,
    ];

    pub fn label(self) -> &'static str {
        match self {
            IpRelaxation::Enforce => "Enforce IP restrictions",
            IpRelaxation::Bypass2factor => "Relax IP restrictions for activated devices",
            IpRelaxation::Bypass => "Relax IP restrictions",
            IpRelaxation::EnforceRelaxRefresh => {
                "Enforce IP restrictions, but relax for refresh tokens"
            }
        }
    }
}

/// "Refresh Token Policy" on the Policies tab; variant names are the metadata values
/// (`refreshTokenPolicyType`). The two specific-time policies carry their time, which the
/// metadata writes as `refreshTokenValidityPeriod` and `refreshTokenValidityUnit`
/// (Metadata API Developer Guide, ExtlClntAppOauthConfigurablePolicies; FIDELITY.md rows F1, F2).
///
/// In a profile: `value = "Infinite"`, or `value = { SpecificInactivity = { period = 30,
/// unit = "Days" } }`. A bare `"SpecificLifetime"` or `"SpecificInactivity"` (files saved
/// before the time was part of the model, and `--set` in the practice org) reads as
/// [`RefreshTokenValidity::IDLE_LIMIT`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub enum RefreshTokenPolicy {
    Infinite,
    Zero,
    SpecificLifetime(RefreshTokenValidity),
    SpecificInactivity(RefreshTokenValidity),
}

/// The time of a specific-time refresh token policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RefreshTokenValidity {
    /// `refreshTokenValidityPeriod`: how many units.
    pub period: u32,
    /// `refreshTokenValidityUnit`.
    pub unit: RefreshTokenValidityUnit,
}

/// `refreshTokenValidityUnit`; variant names are the metadata values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub enum RefreshTokenValidityUnit {
    Hours,
    Days,
    Months,
}

impl RefreshTokenValidityUnit {
    pub const ALL: [RefreshTokenValidityUnit; 3] = [
        RefreshTokenValidityUnit::Hours,
        RefreshTokenValidityUnit::Days,
        RefreshTokenValidityUnit::Months,
    ];

    pub fn label(self) -> &'static str {
        match self {
            RefreshTokenValidityUnit::Hours => "Hours",
            RefreshTokenValidityUnit::Days => "Days",
            RefreshTokenValidityUnit::Months => "Months",
        }
    }
}

impl RefreshTokenValidity {
    /// 30 days: what Salesforce selects when an idle refresh-token limit hides "Refresh token is
    /// valid until revoked" (Help, "Limit the Idle Refresh Token TTL in External Client Apps";
    /// FIDELITY.md row F3).
    pub const IDLE_LIMIT: RefreshTokenValidity = RefreshTokenValidity {
        period: 30,
        unit: RefreshTokenValidityUnit::Days,
    };

    /// "30 Days".
    pub fn text(self) -> String {
        format!("{} {}", self.period, self.unit.label())
    }
}

impl RefreshTokenPolicy {
    pub const ALL: [RefreshTokenPolicy; 4] = [
        RefreshTokenPolicy::Infinite,
        RefreshTokenPolicy::Zero,
        RefreshTokenPolicy::SpecificLifetime(RefreshTokenValidity::IDLE_LIMIT),
        RefreshTokenPolicy::SpecificInactivity(RefreshTokenValidity::IDLE_LIMIT),
    ];

    /// The option's wording, as Salesforce Help lists the External Client App policies.
    pub fn label(self) -> &'static str {
        match self {
            RefreshTokenPolicy::Infinite => "Refresh token is valid until revoked",
            RefreshTokenPolicy::Zero => "Immediately expire refresh token",
            RefreshTokenPolicy::SpecificLifetime(_) => "Expire refresh token after specific time",
            RefreshTokenPolicy::SpecificInactivity(_) => {
                "Expire refresh token if not used for specific time"
            }
        }
    }

    /// `refreshTokenPolicyType`.
    pub fn metadata_value(self) -> &'static str {
        match self {
            RefreshTokenPolicy::Infinite => "Infinite",
            RefreshTokenPolicy::Zero => "Zero",
            RefreshTokenPolicy::SpecificLifetime(_) => "SpecificLifetime",
            RefreshTokenPolicy::SpecificInactivity(_) => "SpecificInactivity",
        }
    }

    /// The time a specific-time policy carries; `None` for the other two.
    pub fn validity(self) -> Option<RefreshTokenValidity> {
        match self {
            RefreshTokenPolicy::SpecificLifetime(validity)
            | RefreshTokenPolicy::SpecificInactivity(validity) => Some(validity),
            RefreshTokenPolicy::Infinite | RefreshTokenPolicy::Zero => None,
        }
    }
}

impl<'de> Deserialize<'de> for RefreshTokenPolicy {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        enum Tagged {
            Infinite,
            Zero,
            SpecificLifetime(RefreshTokenValidity),
            SpecificInactivity(RefreshTokenValidity),
        }
        #[derive(Deserialize)]
        enum Bare {
            SpecificLifetime,
            SpecificInactivity,
        }
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Form {
            Tagged(Tagged),
            Bare(Bare),
        }
        let form = Form::deserialize(deserializer).map_err(|_| {
            serde::de::Error::custom(
                "expected \"Infinite\", \"Zero\", or SpecificLifetime / SpecificInactivity with { period, unit }",
            )
        })?;
        Ok(match form {
            Form::Tagged(Tagged::Infinite) => RefreshTokenPolicy::Infinite,
            Form::Tagged(Tagged::Zero) => RefreshTokenPolicy::Zero,
            Form::Tagged(Tagged::SpecificLifetime(v)) => RefreshTokenPolicy::SpecificLifetime(v),
            Form::Tagged(Tagged::SpecificInactivity(v)) => {
                RefreshTokenPolicy::SpecificInactivity(v)
            }
            Form::Bare(Bare::SpecificLifetime) => {
                RefreshTokenPolicy::SpecificLifetime(RefreshTokenValidity::IDLE_LIMIT)
            }
            Form::Bare(Bare::SpecificInactivity) => {
                RefreshTokenPolicy::SpecificInactivity(RefreshTokenValidity::IDLE_LIMIT)
            }
        })
    }
}

/// "Distribution State" under Basic Information.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub enum DistributionState {
    Local,
    Packaged,
}

impl DistributionState {
    pub fn label(self) -> &'static str {
        match self {
            DistributionState::Local => "Local",
            DistributionState::Packaged => "Packaged",
        }
    }
}

/// One setting of the app, named as its field in `EcaSettings` (the Flow Enablement boxes are
/// `Flow`s); its label is the one the Setup screen shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Setting {
    AppName,
    ApiName,
    ContactEmail,
    DistributionState,
    CallbackUrls,
    Scopes,
    RequireSecretWebServer,
    RequireSecretRefresh,
    RequirePkce,
    RefreshTokenRotation,
    JwtAccessTokens,
    PermittedUsers,
    ClientCredentialsPolicy,
    RunAs,
    RefreshTokenPolicy,
    IpRelaxation,
}

impl Setting {
    pub const ALL: [Setting; 16] = [
        Setting::AppName,
        Setting::ApiName,
        Setting::ContactEmail,
        Setting::DistributionState,
        Setting::CallbackUrls,
        Setting::Scopes,
        Setting::RequireSecretWebServer,
        Setting::RequireSecretRefresh,
        Setting::RequirePkce,
        Setting::RefreshTokenRotation,
        Setting::JwtAccessTokens,
        Setting::PermittedUsers,
        Setting::ClientCredentialsPolicy,
        Setting::RunAs,
        Setting::RefreshTokenPolicy,
        Setting::IpRelaxation,
    ];

    /// The Security step's checkboxes in the screen's order, each with whether Salesforce
    /// checks it on a new app.
    pub const SECURITY: [(Setting, bool); 5] = [
        (Setting::RequireSecretWebServer, true),
        (Setting::RequireSecretRefresh, true),
        (Setting::RequirePkce, true),
        (Setting::RefreshTokenRotation, false),
        (Setting::JwtAccessTokens, false),
    ];

    pub fn label(self) -> &'static str {
        match self {
            Setting::AppName => "External Client App Name",
            Setting::ApiName => "API Name",
            Setting::ContactEmail => "Contact Email",
            Setting::DistributionState => "Distribution State",
            Setting::CallbackUrls => "Callback URL",
            Setting::Scopes => "Selected OAuth Scopes",
            Setting::RequireSecretWebServer => "Require secret for Web Server Flow",
            Setting::RequireSecretRefresh => "Require secret for Refresh Token Flow",
            Setting::RequirePkce => {
                "Require Proof Key for Code Exchange (PKCE) extension for Supported Authorization Flows"
            }
            Setting::RefreshTokenRotation => "Enable Refresh Token Rotation",
            Setting::JwtAccessTokens => {
                "Issue JSON Web Token (JWT)-based access tokens for named users"
            }
            Setting::PermittedUsers => "Permitted Users",
            Setting::ClientCredentialsPolicy => "Enable Client Credentials Flow",
            Setting::RunAs => "Run As (Username)",
            Setting::RefreshTokenPolicy => "Refresh Token Policy",
            Setting::IpRelaxation => "IP Relaxation",
        }
    }
}

/// One option of a setting: the value the core uses and the label the Setup screen shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Choice<T> {
    pub value: T,
    pub label: String,
}

/// Every option of every ECA setting, so the Custom editor shows Salesforce's wording without
/// the front end keeping its own copy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Vocabulary {
    pub scopes: Vec<Choice<Scope>>,
    pub flows: Vec<Choice<Flow>>,
    pub permitted_users: Vec<Choice<PermittedUsers>>,
    pub ip_relaxation: Vec<Choice<IpRelaxation>>,
    pub refresh_token_policy: Vec<Choice<RefreshTokenPolicy>>,
    /// The units of a specific-time refresh token policy.
    pub refresh_token_validity_units: Vec<Choice<RefreshTokenValidityUnit>>,
    /// Every setting's label.
    pub settings: Vec<Choice<Setting>>,
    /// The Security step's checkboxes, in the screen's order.
    pub security: Vec<Choice<Setting>>,
    /// Every checklist step's title, for the headings that group the settings.
    pub steps: Vec<Choice<StepId>>,
}

pub fn vocabulary() -> Vocabulary {
    fn choices<T: Copy>(all: &[T], label: fn(T) -> &'static str) -> Vec<Choice<T>> {
        all.iter()
            .map(|&value| Choice {
                value,
                label: label(value).to_owned(),
            })
            .collect()
    }
    Vocabulary {
        scopes: choices(&Scope::ALL, Scope::label),
        flows: choices(&Flow::ALL, Flow::label),
        permitted_users: choices(&PermittedUsers::ALL, PermittedUsers::label),
        ip_relaxation: choices(&IpRelaxation::ALL, IpRelaxation::label),
        refresh_token_policy: choices(&RefreshTokenPolicy::ALL, RefreshTokenPolicy::label),
        refresh_token_validity_units: choices(
            &RefreshTokenValidityUnit::ALL,
            RefreshTokenValidityUnit::label,
        ),
        settings: choices(&Setting::ALL, Setting::label),
        security: choices(
            &Setting::SECURITY.map(|(setting, _)| setting),
            Setting::label,
        ),
        steps: choices(&StepId::ALL, StepId::title),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inputs::SetupInputs;

    #[test]
    fn the_custom_editor_offers_the_security_boxes_the_checklist_shows() {
        let profile = crate::profile("custom").expect("custom");
        let list = crate::checklist(profile, &SetupInputs::suggested(profile));
        let security = list
            .steps
            .iter()
            .find(|step| step.id == StepId::Security)
            .expect("a Security step");
        let on_screen: Vec<(&str, &str)> = security.sections[0]
            .fields
            .iter()
            .map(|field| (field.id.as_str(), field.label.as_str()))
            .collect();
        let offered = vocabulary().security;
        let offered: Vec<(String, &str)> = offered
            .iter()
            .map(|choice| {
                let id = serde_json::to_value(choice.value).expect("serializes");
                (
                    id.as_str().unwrap_or_default().to_owned(),
                    choice.label.as_str(),
                )
            })
            .collect();
        let offered: Vec<(&str, &str)> = offered.iter().map(|(id, l)| (id.as_str(), *l)).collect();
        assert_eq!(on_screen, offered);
    }

    #[test]
    fn every_step_and_setting_has_its_label_in_the_vocabulary() {
        let words = vocabulary();
        assert_eq!(words.steps.len(), StepId::ALL.len());
        assert_eq!(words.settings.len(), Setting::ALL.len());
        assert!(words
            .steps
            .iter()
            .any(|c| c.value == StepId::OauthSettings && c.label == "API (Enable OAuth Settings)"));
        assert!(words
            .settings
            .iter()
            .any(|c| c.value == Setting::RunAs && c.label == "Run As (Username)"));
    }

    #[test]
    fn a_specific_time_policy_carries_its_period_and_unit() {
        #[derive(Deserialize)]
        struct Row {
            value: RefreshTokenPolicy,
        }
        let row: Row =
            toml::from_str(r#"value = { SpecificInactivity = { period = 12, unit = "Hours" } }"#)
                .expect("a specific-time policy with its time");
        let twelve_hours = RefreshTokenValidity {
            period: 12,
            unit: RefreshTokenValidityUnit::Hours,
        };
        assert_eq!(
            row.value,
            RefreshTokenPolicy::SpecificInactivity(twelve_hours)
        );
        assert_eq!(row.value.metadata_value(), "SpecificInactivity");
        assert_eq!(row.value.validity(), Some(twelve_hours));
        assert_eq!(twelve_hours.text(), "12 Hours");
        let json = serde_json::to_value(row.value).expect("serializes");
        assert_eq!(
            json,
            serde_json::json!({ "SpecificInactivity": { "period": 12, "unit": "Hours" } })
        );
        let back: RefreshTokenPolicy = serde_json::from_value(json).expect("reads back");
        assert_eq!(back, row.value);

        let row: Row = toml::from_str(r#"value = "Infinite""#).expect("a plain policy");
        assert_eq!(row.value, RefreshTokenPolicy::Infinite);
        assert_eq!(row.value.validity(), None);
        assert_eq!(serde_json::to_value(row.value).unwrap(), "Infinite");
    }

    #[test]
    fn a_bare_specific_time_policy_from_an_older_file_reads_as_the_idle_limit() {
        for (bare, expected) in [
            (
                "SpecificLifetime",
                RefreshTokenPolicy::SpecificLifetime(RefreshTokenValidity::IDLE_LIMIT),
            ),
            (
                "SpecificInactivity",
                RefreshTokenPolicy::SpecificInactivity(RefreshTokenValidity::IDLE_LIMIT),
            ),
        ] {
            let read: RefreshTokenPolicy =
                serde_json::from_value(serde_json::json!(bare)).expect("an older file");
            assert_eq!(read, expected);
        }
        assert_eq!(RefreshTokenValidity::IDLE_LIMIT.text(), "30 Days");
        assert!(
            serde_json::from_value::<RefreshTokenPolicy>(serde_json::json!("Forever")).is_err()
        );
    }

    #[test]
    fn the_policy_labels_are_the_external_client_app_ones() {
        let labels: Vec<&str> = RefreshTokenPolicy::ALL
            .map(RefreshTokenPolicy::label)
            .to_vec();
        assert_eq!(
            labels,
            [
                "Refresh token is valid until revoked",
                "Immediately expire refresh token",
                "Expire refresh token after specific time",
                "Expire refresh token if not used for specific time",
            ]
        );
        let metadata: Vec<&str> = RefreshTokenPolicy::ALL
            .map(RefreshTokenPolicy::metadata_value)
            .to_vec();
        assert_eq!(
            metadata,
            ["Infinite", "Zero", "SpecificLifetime", "SpecificInactivity"]
        );
    }
}
