//! The settings of an External Client App, in Salesforce's own vocabulary: each choice knows the
//! label the Setup screen shows and the value the metadata uses. Where a value came from lives in
//! `profile`; this module only names the choices.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::scopes::Scope;

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

/// "Refresh Token Policy" on the Policies tab; variant names are the metadata values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub enum RefreshTokenPolicy {
    Infinite,
    Zero,
    SpecificLifetime,
    SpecificInactivity,
}

impl RefreshTokenPolicy {
    pub const ALL: [RefreshTokenPolicy; 4] = [
        RefreshTokenPolicy::Infinite,
        RefreshTokenPolicy::Zero,
        RefreshTokenPolicy::SpecificLifetime,
        RefreshTokenPolicy::SpecificInactivity,
    ];

    pub fn label(self) -> &'static str {
        match self {
            RefreshTokenPolicy::Infinite => "Refresh token is valid until revoked",
            RefreshTokenPolicy::Zero => "Immediately expire refresh token",
            RefreshTokenPolicy::SpecificLifetime => "Expire refresh token after",
            RefreshTokenPolicy::SpecificInactivity => "Expire refresh token if not used for",
        }
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
    }
}
