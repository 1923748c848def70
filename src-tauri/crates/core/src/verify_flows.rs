//! Which OAuth flows the app verifies a setup with, in the order it offers them: the profile's
//! `[verify]` table when it has one (Bright Pattern signs in through the web server flow although
//! its app also enables client credentials), else the flow the app's settings point to. The
//! username-password flow is never offered: External Client Apps do not support it.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::checklist::effective_eca;
use crate::eca::Flow;
use crate::inputs::SetupInputs;
use crate::profile::{EcaSettings, Profile};

/// The OAuth flow a verification uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum FlowChoice {
    ClientCredentials,
    WebServer,
    /// Username-password: not supported by External Client Apps, and retired for connected
    /// apps on 20 February 2027. Accepted only to explain why it cannot be used.
    Password,
}

impl FlowChoice {
    pub fn label(self) -> &'static str {
        match self {
            FlowChoice::ClientCredentials => "client credentials",
            FlowChoice::WebServer => "web server (browser sign-in)",
            FlowChoice::Password => "username-password (legacy)",
        }
    }

    /// One sentence for the flow picker: what the verification does with this flow.
    pub fn description(self) -> &'static str {
        match self {
            FlowChoice::ClientCredentials => {
                "Client credentials: the key and secret get a token for the Run As user, with no sign-in."
            }
            FlowChoice::WebServer => {
                "Web server flow: you sign in through your browser and click Allow, then the refresh token is tried once."
            }
            FlowChoice::Password => {
                "Username and password: External Client Apps do not support this flow."
            }
        }
    }

    /// The value of `--flow` on the command line.
    pub fn cli_name(self) -> &'static str {
        match self {
            FlowChoice::ClientCredentials => "client-credentials",
            FlowChoice::WebServer => "web-server",
            FlowChoice::Password => "password",
        }
    }
}

/// A flow offered for verification, with its sentence, for the UI's picker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FlowOption {
    pub flow: FlowChoice,
    pub description: String,
}

/// How the profile is verified: `flows` in order, the first being the default.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct VerifyPlan {
    pub flows: Vec<FlowChoice>,
    /// The guide's words for the flow the partner uses.
    pub from: crate::profile::Source,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub quote: Option<String>,
}

/// The flows this setup can be verified with, the default first. Never the password flow.
pub fn verify_flows(profile: &Profile, inputs: &SetupInputs) -> Vec<FlowChoice> {
    let eca = &*effective_eca(profile, inputs);
    let declared = profile
        .verify
        .as_ref()
        .map(|plan| plan.flows.clone())
        .filter(|_| !profile.editable)
        .unwrap_or_else(|| vec![default_flow(eca)]);
    declared
        .into_iter()
        .filter(|flow| *flow != FlowChoice::Password)
        .filter(|flow| *flow != FlowChoice::ClientCredentials || client_credentials_enabled(eca))
        .collect()
}

/// The flows with their sentences, for the UI.
pub fn flow_options(profile: &Profile, inputs: &SetupInputs) -> Vec<FlowOption> {
    verify_flows(profile, inputs)
        .into_iter()
        .map(|flow| FlowOption {
            flow,
            description: flow.description().to_owned(),
        })
        .collect()
}

fn client_credentials_enabled(eca: &EcaSettings) -> bool {
    eca.flows.value.contains(&Flow::ClientCredentials) && eca.client_credentials_policy.value
}

/// Client credentials where the app enables it, else the web server flow (every OAuth-enabled
/// app allows it).
fn default_flow(eca: &EcaSettings) -> FlowChoice {
    if client_credentials_enabled(eca) {
        FlowChoice::ClientCredentials
    } else {
        FlowChoice::WebServer
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flows_of(id: &str) -> Vec<FlowChoice> {
        let profile = crate::profile(id).expect("profile");
        verify_flows(profile, &SetupInputs::suggested(profile))
    }

    #[test]
    fn each_profile_is_verified_with_the_flow_its_partner_uses() {
        use FlowChoice::*;
        assert_eq!(flows_of("bright-pattern"), [WebServer, ClientCredentials]);
        assert_eq!(flows_of("service-board-sync"), [ClientCredentials]);
        assert_eq!(flows_of("vonage-ai-studio"), [WebServer]);
        assert_eq!(flows_of("webex"), [WebServer]);
        assert_eq!(flows_of("custom"), [WebServer]);
    }

    #[test]
    fn the_password_flow_is_never_offered() {
        for profile in crate::profiles() {
            assert!(
                !flows_of(&profile.id).contains(&FlowChoice::Password),
                "{}",
                profile.id
            );
        }
    }
}
