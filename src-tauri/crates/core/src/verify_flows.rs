//! Which OAuth flows the app verifies a setup with, in the order it offers them: the profile's
//! `[verify]` table when it has one (Bright Pattern signs in through the web server flow although
//! its app also enables client credentials), else the flow the app's settings point to. The
//! username-password flow is never offered: External Client Apps do not support it. Which flow
//! a verification then runs (`default_flow`, `choose_flow`) is decided here too, once, for the
//! app, the command line and the verification itself.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::checklist::{effective_eca, run_as_user};
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
    /// What the flow means for this partner, in plain words ("Vonage AI Studio will sign in as
    /// integration@acme.com with no person present").
    pub meaning: String,
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
        .unwrap_or_else(|| vec![settings_flow(eca)]);
    declared
        .into_iter()
        .filter(|flow| *flow != FlowChoice::Password)
        .filter(|flow| *flow != FlowChoice::ClientCredentials || client_credentials_enabled(eca))
        .collect()
}

/// The flow a verification uses when none is asked for: the first `verify_flows` offers, else
/// the web server flow (every OAuth-enabled app allows it).
pub fn default_flow(profile: &Profile, inputs: &SetupInputs) -> FlowChoice {
    verify_flows(profile, inputs)
        .first()
        .copied()
        .unwrap_or(FlowChoice::WebServer)
}

/// A flow the setup's app cannot be verified with, and what to use instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlowRefused {
    pub asked: FlowChoice,
    /// The flow the setup is verified with (`default_flow`).
    pub instead: FlowChoice,
    /// The profile's options that would give the app the flow asked for.
    pub enabling_options: Vec<String>,
}

/// The flow to verify with: the one asked for when the setup's app can be verified with it,
/// else `default_flow`. The username-password flow is never one (External Client Apps do not
/// support it); nor, for a profile with a guide, is a flow its app does not enable.
pub fn choose_flow(
    profile: &Profile,
    inputs: &SetupInputs,
    asked: Option<FlowChoice>,
) -> Result<FlowChoice, FlowRefused> {
    let instead = default_flow(profile, inputs);
    let Some(asked) = asked else {
        return Ok(instead);
    };
    if asked == FlowChoice::Password {
        return Err(FlowRefused {
            asked,
            instead,
            enabling_options: Vec::new(),
        });
    }
    if profile.editable || verify_flows(profile, inputs).contains(&asked) {
        return Ok(asked);
    }
    let enabling_options = profile
        .options
        .iter()
        .filter(|option| {
            let mut with = inputs.clone();
            with.options.insert(option.id.clone());
            verify_flows(profile, &with).contains(&asked)
        })
        .map(|option| option.id.clone())
        .collect();
    Err(FlowRefused {
        asked,
        instead,
        enabling_options,
    })
}

/// The flows with their sentences, for the UI.
pub fn flow_options(profile: &Profile, inputs: &SetupInputs) -> Vec<FlowOption> {
    verify_flows(profile, inputs)
        .into_iter()
        .map(|flow| FlowOption {
            flow,
            description: flow.description().to_owned(),
            meaning: meaning(flow, profile, inputs),
        })
        .collect()
}

/// What a flow means for the partner's connection, named after the partner and its user.
fn meaning(flow: FlowChoice, profile: &Profile, inputs: &SetupInputs) -> String {
    let partner = crate::progress::partner_name(profile);
    let subject = capitalized(&partner);
    match flow {
        FlowChoice::ClientCredentials => match run_as_user(profile, inputs) {
            Some(user) => format!("{subject} will sign in as {user} with no person present."),
            None => format!("{subject} will sign in as the Run As user on the Policies step, with no person present."),
        },
        FlowChoice::WebServer => format!(
            "A person signs in to Salesforce once from {partner} and clicks Allow; {partner} then works as that person until the access is revoked."
        ),
        FlowChoice::Password => format!("{subject} would send a Salesforce username and password, which External Client Apps refuse."),
    }
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Whether an app with these settings signs in with client credentials: the flow is enabled
/// and so is its policy (a Run As user then stands behind every token).
pub fn client_credentials_enabled(eca: &EcaSettings) -> bool {
    eca.flows.value.contains(&Flow::ClientCredentials) && eca.client_credentials_policy.value
}

/// The flow an app's settings point to: client credentials where the app enables it, else
/// the web server flow.
fn settings_flow(eca: &EcaSettings) -> FlowChoice {
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
    fn a_flow_is_explained_by_what_it_means_for_the_partner() {
        let profile = crate::profile("service-board-sync").expect("profile");
        let mut inputs = SetupInputs::suggested(profile);
        inputs
            .values
            .insert("run_as".into(), "integration@acme.com".into());
        let options = flow_options(profile, &inputs);
        assert_eq!(
            options[0].meaning,
            "Service Board Sync will sign in as integration@acme.com with no person present."
        );
        let custom = crate::profile("custom").expect("profile");
        let options = flow_options(custom, &SetupInputs::suggested(custom));
        assert!(
            options[0]
                .meaning
                .starts_with("A person signs in to Salesforce once from the partner"),
            "{}",
            options[0].meaning
        );
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
    fn without_a_choice_the_first_offered_flow_is_used() {
        let vonage = crate::profile("vonage-ai-studio").expect("profile");
        let mut inputs = SetupInputs::suggested(vonage);
        assert_eq!(default_flow(vonage, &inputs), FlowChoice::WebServer);
        assert_eq!(
            choose_flow(vonage, &inputs, None),
            Ok(FlowChoice::WebServer)
        );
        inputs.options.insert("sandbox_client_credentials".into());
        assert_eq!(
            choose_flow(vonage, &inputs, None),
            Ok(FlowChoice::ClientCredentials),
            "the option gives the app client credentials, which comes first"
        );
    }

    #[test]
    fn the_password_flow_is_refused_with_the_default_instead() {
        let vonage = crate::profile("vonage-ai-studio").expect("profile");
        let inputs = SetupInputs::suggested(vonage);
        let refused =
            choose_flow(vonage, &inputs, Some(FlowChoice::Password)).expect_err("password");
        assert_eq!(refused.instead, FlowChoice::WebServer);
        assert!(refused.enabling_options.is_empty(), "no option enables it");
    }

    #[test]
    fn a_flow_the_app_does_not_enable_is_refused_naming_the_option_that_does() {
        let vonage = crate::profile("vonage-ai-studio").expect("profile");
        let inputs = SetupInputs::suggested(vonage);
        let refused = choose_flow(vonage, &inputs, Some(FlowChoice::ClientCredentials))
            .expect_err("no client credentials without the option");
        assert_eq!(refused.enabling_options, ["sandbox_client_credentials"]);
        let custom = crate::profile("custom").expect("profile");
        assert_eq!(
            choose_flow(
                custom,
                &SetupInputs::suggested(custom),
                Some(FlowChoice::ClientCredentials)
            ),
            Ok(FlowChoice::ClientCredentials),
            "the admin's own app may enable any flow"
        );
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
