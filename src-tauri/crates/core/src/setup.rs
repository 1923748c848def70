//! One setup in progress: which integration, the admin's inputs, where they are in the
//! checklist and when each step was marked done. This is what is saved; it never holds a secret.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use ts_rs::TS;

use crate::checklist::{checklist, Checklist};
use crate::error::{ErrorCode, UiError};
use crate::inputs::{derive_api_name, validate, FieldIssue, SetupInputs};
use crate::partner::{partner_sheet, PartnerSheet};
use crate::profile::{EcaSettings, Profile};
use crate::verify_flows::{flow_options, FlowOption};

/// Bumped when the saved shape changes in a way older readers cannot handle.
pub const SCHEMA: u32 = 1;

/// The wizard's first screen, before the checklist's steps.
pub const INPUTS_STEP: &str = "inputs";
/// After the checklist: where the admin pastes the Consumer Key and Secret.
pub const CREDENTIALS_STEP: &str = "credentials";
/// After the credentials: where the app proves they work.
pub const VERIFY_STEP: &str = "verify";
/// After the verification: what to type into the partner's own form.
pub const PARTNER_STEP: &str = "partner";
/// The wizard's last screen.
pub const FINISHED_STEP: &str = "finished";

/// One change the admin makes; the UI sends these, the core applies them.
// An edit lives only as long as one command, so the size of `Eca` costs nothing worth a Box
// (which would also change the type the app's commands receive).
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum SetupEdit {
    /// `field` is `domain`, `app_name`, `api_name`, `contact_email` or a profile input's id.
    Input {
        field: String,
        value: String,
    },
    /// The whole ECA, for the Custom profile.
    Eca {
        eca: EcaSettings,
    },
    GoTo {
        step: String,
    },
    Mark {
        step: String,
        done: bool,
    },
    /// The saved connection (keychain entries) this setup's credentials live in.
    UseConnection {
        name: Option<String>,
    },
    /// Choose one of the profile's options (an id of its `[[options]]`), or drop it.
    Choose {
        option: String,
        chosen: bool,
    },
}

/// A setup with everything computed from it, as the wizard shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SetupView {
    pub setup: Setup,
    pub checklist: Checklist,
    pub issues: Vec<FieldIssue>,
    /// What to type into the partner's own form, when the integration has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub partner: Option<PartnerSheet>,
    /// The flows to verify with, the default first.
    #[serde(default)]
    pub verify_flows: Vec<FlowOption>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Setup {
    pub schema: u32,
    pub id: String,
    pub profile_id: String,
    /// Against the built-in practice org rather than a real one.
    #[serde(default)]
    pub practice: bool,
    pub inputs: SetupInputs,
    /// `"inputs"` or the id of a checklist step.
    pub current_step: String,
    /// The saved connection holding this setup's credentials; never the credentials themselves.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub connection: Option<String>,
    /// Step id → when the admin marked it done.
    #[serde(default)]
    #[ts(type = "Record<string, string>")]
    pub done: BTreeMap<String, Timestamp>,
    #[ts(type = "string")]
    pub created_at: Timestamp,
    #[ts(type = "string")]
    pub updated_at: Timestamp,
}

/// An RFC 3339 time, as saved and shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Timestamp(#[serde(with = "time::serde::rfc3339")] pub OffsetDateTime);

impl Timestamp {
    pub fn now() -> Timestamp {
        Timestamp(OffsetDateTime::now_utc())
    }
}

impl Setup {
    pub fn new(profile: &Profile, practice: bool) -> Setup {
        let now = Timestamp::now();
        Setup {
            schema: SCHEMA,
            id: format!("{}-{}", profile.id, now.0.unix_timestamp_nanos() / 1_000),
            profile_id: profile.id.clone(),
            practice,
            inputs: SetupInputs::suggested(profile),
            current_step: INPUTS_STEP.into(),
            connection: None,
            done: BTreeMap::new(),
            created_at: now,
            updated_at: now,
        }
    }

    pub fn checklist(&self, profile: &Profile) -> Checklist {
        checklist(profile, &self.inputs)
    }

    pub fn issues(&self, profile: &Profile) -> Vec<FieldIssue> {
        validate(profile, &self.inputs)
    }

    pub fn view(&self, profile: &Profile) -> SetupView {
        SetupView {
            setup: self.clone(),
            checklist: self.checklist(profile),
            issues: self.issues(profile),
            partner: partner_sheet(profile, &self.inputs, self.connection.as_deref()),
            verify_flows: flow_options(profile, &self.inputs),
        }
    }

    pub fn apply(&mut self, profile: &Profile, edit: SetupEdit) -> Result<(), UiError> {
        match edit {
            SetupEdit::Input { field, value } => self.set_input(profile, &field, value)?,
            SetupEdit::Eca { eca } if profile.editable => self.inputs.eca = Some(eca),
            SetupEdit::Eca { .. } => {
                return Err(UiError::new(
                    ErrorCode::InvalidInput,
                    format!(
                        "The settings of {} come from its guide and cannot be changed.",
                        profile.name
                    ),
                    "Start a Custom setup to choose every setting yourself.",
                ))
            }
            SetupEdit::GoTo { step } => {
                self.check_step(profile, &step)?;
                self.current_step = step;
            }
            SetupEdit::UseConnection { name } => self.connection = name,
            SetupEdit::Choose { option, chosen } => self.choose(profile, option, chosen)?,
            SetupEdit::Mark { step, done } => {
                self.check_step(profile, &step)?;
                self.mark(&step, done);
            }
        }
        Ok(())
    }

    fn set_input(&mut self, profile: &Profile, field: &str, value: String) -> Result<(), UiError> {
        let inputs = &mut self.inputs;
        match field {
            "domain" => inputs.domain = value,
            "app_name" => {
                // The API Name follows the name until the admin edits it, as in Salesforce.
                let follows = inputs.api_name.is_empty()
                    || inputs.api_name == derive_api_name(&inputs.app_name);
                if follows {
                    inputs.api_name = derive_api_name(&value);
                }
                inputs.app_name = value;
            }
            "api_name" => inputs.api_name = value,
            "contact_email" => inputs.contact_email = value,
            id if profile.input(id).is_some() => {
                inputs.values.insert(id.to_owned(), value);
            }
            other => {
                return Err(UiError::new(
                    ErrorCode::InvalidInput,
                    format!("{} has no field called “{other}”.", profile.name),
                    "This is a bug in the app; please report it.",
                ))
            }
        }
        Ok(())
    }

    /// Chooses an option or drops it. A step whose fields it changes is no longer done: the
    /// admin has something new to do there.
    fn choose(&mut self, profile: &Profile, option: String, chosen: bool) -> Result<(), UiError> {
        if !profile.options.iter().any(|o| o.id == option) {
            return Err(UiError::new(
                ErrorCode::InvalidInput,
                format!("{} has no option called “{option}”.", profile.name),
                "This is a bug in the app; please report it.",
            ));
        }
        let before = self.checklist(profile);
        if chosen {
            self.inputs.options.insert(option);
        } else {
            self.inputs.options.remove(&option);
        }
        for step in self.checklist(profile).steps {
            let same = before
                .steps
                .iter()
                .find(|old| old.id == step.id)
                .is_some_and(|old| old.sections == step.sections);
            if !same {
                self.done.remove(&step.id);
            }
        }
        Ok(())
    }

    fn check_step(&self, profile: &Profile, step: &str) -> Result<(), UiError> {
        let known = [INPUTS_STEP, CREDENTIALS_STEP, VERIFY_STEP, FINISHED_STEP].contains(&step)
            || (step == PARTNER_STEP && profile.partner.is_some())
            || self.checklist(profile).steps.iter().any(|s| s.id == step);
        if known {
            Ok(())
        } else {
            Err(UiError::new(
                ErrorCode::UnknownStep,
                format!("This setup has no step called “{step}”."),
                "Pick a step from the list on the left.",
            ))
        }
    }

    /// Marks a step done (or not) now.
    pub fn mark(&mut self, step_id: &str, done: bool) {
        if done {
            self.done.insert(step_id.to_owned(), Timestamp::now());
        } else {
            self.done.remove(step_id);
        }
    }
}
