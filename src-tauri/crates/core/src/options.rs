//! Choices a profile offers beyond its guides, declared as `[[options]]` in the profile file:
//! what each changes in the app's settings and which inputs it then needs. Vonage's sandbox
//! recipe with client credentials is one: it adds the Client Credentials Flow and a Run As user
//! to the app guide 000 describes. Every value an option sets carries its own source, so the
//! checklist never passes a recommendation off as the guide's word.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::eca::Flow;
use crate::inputs::SetupInputs;
use crate::profile::{EcaSettings, Profile, Sourced};
use crate::screen::StepId;

/// One choice the admin can make for a setup.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SetupOption {
    pub id: String,
    /// What the admin chooses, as the control says it.
    pub label: String,
    /// What choosing it changes, in Setup's words.
    pub summary: String,
    /// The profile's inputs (by id) that are needed only when this option is chosen.
    #[serde(default)]
    pub inputs: Vec<String>,
    pub eca: EcaChanges,
}

/// The app settings an option sets; an absent one keeps the profile's value. Unknown names are
/// refused, so a misspelt setting fails the profile tests instead of being ignored.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct EcaChanges {
    /// The Flow Enablement checkboxes, all of them (not added to the profile's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub flows: Option<Sourced<Vec<Flow>>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub client_credentials_policy: Option<Sourced<bool>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub run_as: Option<Sourced<String>>,
}

impl EcaChanges {
    /// The checklist steps whose fields these changes set, in checklist order: where the admin
    /// goes to apply them in Salesforce.
    pub fn steps(&self) -> Vec<StepId> {
        let mut steps = Vec::new();
        if self.flows.is_some() {
            steps.push(StepId::FlowEnablement);
        }
        if self.client_credentials_policy.is_some() || self.run_as.is_some() {
            steps.push(StepId::Policies);
        }
        steps
    }

    fn apply(&self, eca: &mut EcaSettings) {
        if let Some(flows) = &self.flows {
            eca.flows = flows.clone();
        }
        if let Some(policy) = &self.client_credentials_policy {
            eca.client_credentials_policy = policy.clone();
        }
        if let Some(run_as) = &self.run_as {
            eca.run_as = Some(run_as.clone());
        }
    }
}

impl SetupInputs {
    /// Whether the admin chose the option with this id.
    pub fn chose(&self, option: &str) -> bool {
        self.options.contains(option)
    }
}

/// The profile's options the admin chose, in the profile's order; ids it does not declare (a
/// saved file from another version) are ignored.
pub fn chosen<'a>(
    profile: &'a Profile,
    inputs: &'a SetupInputs,
) -> impl Iterator<Item = &'a SetupOption> {
    profile
        .options
        .iter()
        .filter(|option| inputs.chose(&option.id))
}

/// `eca` with the chosen options' changes applied; borrowed as it is when none is chosen.
pub fn with_chosen<'a>(
    profile: &'a Profile,
    inputs: &'a SetupInputs,
    eca: &'a EcaSettings,
) -> Cow<'a, EcaSettings> {
    let mut chosen = chosen(profile, inputs).peekable();
    if chosen.peek().is_none() {
        return Cow::Borrowed(eca);
    }
    let mut changed = eca.clone();
    for option in chosen {
        option.eca.apply(&mut changed);
    }
    Cow::Owned(changed)
}

/// Whether the setup needs this input: always, unless only options the admin did not choose
/// ask for it.
pub fn needs_input(profile: &Profile, inputs: &SetupInputs, input_id: &str) -> bool {
    let mut askers = profile
        .options
        .iter()
        .filter(|option| option.inputs.iter().any(|id| id == input_id))
        .peekable();
    askers.peek().is_none() || askers.any(|option| inputs.chose(&option.id))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SANDBOX_CC: &str = "sandbox_client_credentials";

    fn vonage() -> &'static Profile {
        crate::profile("vonage-ai-studio").expect("vonage")
    }

    #[test]
    fn vonage_declares_the_client_credentials_option_with_its_run_as_input() {
        let option = vonage()
            .options
            .iter()
            .find(|option| option.id == SANDBOX_CC)
            .expect("the option");
        assert_eq!(option.inputs, ["run_as"]);
        assert!(vonage().input("run_as").is_some(), "its input is declared");
        for from in [
            &option.eca.flows.as_ref().expect("flows").from,
            &option
                .eca
                .client_credentials_policy
                .as_ref()
                .expect("policy")
                .from,
            &option.eca.run_as.as_ref().expect("run as").from,
        ] {
            assert_eq!(from.0, "recommended", "guide 000 says none of this");
        }
    }

    #[test]
    fn an_unchosen_option_leaves_the_settings_borrowed_and_unchanged() {
        let profile = vonage();
        let inputs = SetupInputs::suggested(profile);
        let eca = with_chosen(profile, &inputs, &profile.eca);
        assert!(matches!(eca, Cow::Borrowed(_)));
        assert!(eca.flows.value.is_empty());
        assert!(!needs_input(profile, &inputs, "run_as"));
    }

    #[test]
    fn the_chosen_option_enables_client_credentials_with_a_run_as_user() {
        let profile = vonage();
        let mut inputs = SetupInputs::suggested(profile);
        inputs.options.insert(SANDBOX_CC.into());
        let eca = with_chosen(profile, &inputs, &profile.eca);
        assert_eq!(eca.flows.value, [Flow::ClientCredentials]);
        assert!(eca.client_credentials_policy.value);
        assert_eq!(
            eca.run_as.as_ref().map(|r| r.value.as_str()),
            Some("{run_as}")
        );
        // What the option does not name stays the guide's.
        assert_eq!(eca.callback_urls, profile.eca.callback_urls);
        assert!(needs_input(profile, &inputs, "run_as"));
    }

    #[test]
    fn the_client_credentials_option_sends_the_admin_to_flow_enablement_and_policies() {
        let option = &vonage().options[0];
        assert_eq!(option.id, SANDBOX_CC);
        assert_eq!(
            option.eca.steps(),
            [StepId::FlowEnablement, StepId::Policies]
        );
        assert_eq!(EcaChanges::default().steps(), []);
    }

    #[test]
    fn unknown_option_ids_are_ignored_and_inputs_no_option_names_are_always_needed() {
        let profile = crate::profile("service-board-sync").expect("sbs");
        let mut inputs = SetupInputs::suggested(profile);
        inputs.options.insert("from_a_newer_version".into());
        assert!(matches!(
            with_chosen(profile, &inputs, &profile.eca),
            Cow::Borrowed(_)
        ));
        assert!(needs_input(profile, &inputs, "run_as"));
    }

    #[test]
    fn a_misspelt_setting_in_an_option_is_refused() {
        let err = toml::from_str::<EcaChanges>("run_az = { value = \"x\", from = \"admin\" }")
            .expect_err("unknown field");
        assert!(err.to_string().contains("run_az"), "{err}");
    }
}
