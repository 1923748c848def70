//! One setup in progress: which integration, the admin's inputs, where they are in the
//! checklist and when each step was marked done. This is what is saved; it never holds a secret.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use ts_rs::TS;

use crate::checklist::{checklist, Checklist};
use crate::error::{ErrorCode, UiError};
use crate::inputs::{derive_api_name, validate, FieldIssue, SetupInputs};
use crate::migration::{migration_view, Migration, MigrationEdit, MigrationView};
use crate::partner::{partner_sheet, PartnerSheet};
use crate::profile::{EcaSettings, Profile};
use crate::progress::{cleanup_lock, partner_name, progress, SetupProgress};
use crate::screen::{screens, Screen, ScreenEntry, StepId, UnknownScreen, WizardScreen};
use crate::verify_flows::{flow_options, FlowOption};

/// Bumped when the saved shape changes in a way older readers cannot handle.
pub const SCHEMA: u32 = 1;

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
        step: Screen,
    },
    Mark {
        step: StepId,
        done: bool,
    },
    /// The admin entered the values in the partner's form (or takes that back).
    ConfirmPartner {
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
    /// What a migration screen's form records (a setup that moves from a connected app). The
    /// route and the Migrate click are not edits: they have their own use cases
    /// (`MigrationDecision`).
    Migration {
        edit: MigrationEdit,
    },
}

/// A setup with everything computed from it, as the wizard shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SetupView {
    pub setup: Setup,
    pub checklist: Checklist,
    /// Every screen of the wizard in the order it walks them, with their titles and states:
    /// the step list and the next and back buttons read this.
    pub screens: Vec<ScreenEntry>,
    pub issues: Vec<FieldIssue>,
    /// What to type into the partner's own form, when the integration has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub partner: Option<PartnerSheet>,
    /// The flows to verify with, the default first.
    #[serde(default)]
    pub verify_flows: Vec<FlowOption>,
    /// A move from a connected app: what each migration screen shows, and the routes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub migration: Option<MigrationView>,
    /// How far the whole setup is; every count and "done" on every screen reads this.
    pub progress: SetupProgress,
    /// The org as screens name it (`org_label`).
    pub org_label: String,
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
    /// The screen the admin is on. A screen this version does not know (a file from a newer
    /// one) opens the first screen rather than setting the file aside.
    #[serde(with = "lenient::screen")]
    #[ts(as = "Screen")]
    pub current_step: Screen,
    /// The saved connection holding this setup's credentials; never the credentials themselves.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub connection: Option<String>,
    /// Step → when the admin marked it done. Ids this version does not know are dropped.
    #[serde(default, with = "lenient::done")]
    #[ts(as = "BTreeMap<StepId, String>")]
    pub done: BTreeMap<StepId, Timestamp>,
    /// When this setup's credentials last passed a verification; cleared when they change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional, type = "string")]
    pub verified_at: Option<Timestamp>,
    /// When the admin confirmed the values are in the partner's form; cleared when the
    /// credentials change, as the partner then needs the new ones.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional, type = "string")]
    pub partner_confirmed_at: Option<Timestamp>,
    #[ts(type = "string")]
    pub created_at: Timestamp,
    #[ts(type = "string")]
    pub updated_at: Timestamp,
    /// A move from an existing connected app rather than a new app; absent from new setups and
    /// from files saved before migrations existed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub migration: Option<Migration>,
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
            current_step: Screen::INPUTS,
            connection: None,
            done: BTreeMap::new(),
            verified_at: None,
            partner_confirmed_at: None,
            created_at: now,
            updated_at: now,
            migration: None,
        }
    }

    /// A setup that moves an integration from its connected app to an External Client App.
    pub fn new_migration(profile: &Profile, practice: bool) -> Setup {
        Setup {
            migration: Some(Migration::default()),
            ..Setup::new(profile, practice)
        }
    }

    pub fn checklist(&self, profile: &Profile) -> Checklist {
        checklist(profile, &self.inputs)
    }

    pub fn issues(&self, profile: &Profile) -> Vec<FieldIssue> {
        validate(profile, &self.inputs)
    }

    pub fn view(&self, profile: &Profile) -> SetupView {
        let mut checklist = self.checklist(profile);
        let issues = self.issues(profile);
        // In place, the checklist becomes a review first, so the step list names its steps so.
        let migration = migration_view(self, profile, &mut checklist);
        let progress = progress(self, profile, &checklist);
        let screens = screens(self, profile, &checklist, &issues, &progress);
        SetupView {
            progress,
            org_label: org_label(self),
            setup: self.clone(),
            migration,
            screens,
            checklist,
            issues,
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
                self.check_screen(profile, step)?;
                self.current_step = step;
            }
            SetupEdit::UseConnection { name } => {
                // Other credentials (or the same name saved again): not verified yet, and the
                // partner does not have them.
                self.mark(StepId::ConsumerKeySecret, name.is_some());
                self.connection = name;
                self.verified_at = None;
                self.partner_confirmed_at = None;
            }
            SetupEdit::Choose { option, chosen } => self.choose(profile, option, chosen)?,
            SetupEdit::Migration { edit } => self.apply_migration(profile, edit)?,
            SetupEdit::Mark { step, done } => {
                self.check_screen(profile, Screen::Step(step))?;
                self.mark(step, done);
            }
            SetupEdit::ConfirmPartner { done } => self.confirm_partner(profile, done)?,
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
    pub(crate) fn choose(
        &mut self,
        profile: &Profile,
        option: String,
        chosen: bool,
    ) -> Result<(), UiError> {
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

    /// A screen this setup's list has: a step of another integration's checklist, the
    /// partner's screen of one without a partner form, or a migration screen of a new setup or
    /// of another route, is refused; so is the cleanup before the verification has passed.
    fn check_screen(&self, profile: &Profile, screen: Screen) -> Result<(), UiError> {
        let known = match screen {
            Screen::Step(step) => self.checklist(profile).steps.iter().any(|s| s.id == step),
            Screen::Wizard(_) if screen == Screen::PARTNER => profile.partner.is_some(),
            Screen::Wizard(_) => true,
            Screen::Migration(_) => self.listed(profile, screen),
        };
        if !known {
            return Err(UnknownScreen(screen.to_string()).into());
        }
        let waits = matches!(screen, Screen::Migration(screen) if screen.waits_for_the_switch());
        match cleanup_lock(self, profile) {
            Some(lock) if waits => Err(lock),
            _ => Ok(()),
        }
    }

    /// Whether the setup's step list has this screen.
    pub(crate) fn listed(&self, profile: &Profile, screen: Screen) -> bool {
        let checklist = self.checklist(profile);
        let progress = progress(self, profile, &checklist);
        screens(self, profile, &checklist, &[], &progress)
            .iter()
            .any(|entry| entry.screen == screen)
    }

    /// Marks a step done (or not) now.
    pub fn mark(&mut self, step: StepId, done: bool) {
        if done {
            self.done.insert(step, Timestamp::now());
        } else {
            self.done.remove(&step);
        }
    }

    /// The partner's form filled in (or not). Its values are the saved key and secret, so there
    /// is nothing to confirm before they are saved.
    fn confirm_partner(&mut self, profile: &Profile, done: bool) -> Result<(), UiError> {
        if profile.partner.is_none() {
            return Err(UnknownScreen(Screen::PARTNER.to_string()).into());
        }
        if done && self.connection.is_none() {
            return Err(UiError::new(
                ErrorCode::InvalidInput,
                format!(
                    "The Consumer Key and Secret are not saved yet, and {} needs them.",
                    partner_name(profile)
                ),
                format!("Do “{}” first.", WizardScreen::Credentials.title()),
            ));
        }
        self.partner_confirmed_at = done.then(Timestamp::now);
        Ok(())
    }

    /// Records that this setup's credentials just passed a verification, which marks the
    /// verify screen done (as the connection's own `last_verified_at` is set then).
    pub fn verified(&mut self) {
        self.verified_at = Some(Timestamp::now());
    }
}

/// What the practice org is called wherever a screen names an org: its loopback address means
/// nothing to an admin.
pub const PRACTICE_ORG: &str = "Practice org (this computer)";

/// The org as a screen names it: the practice org by that name, else the host as typed.
pub fn org_label(setup: &Setup) -> String {
    let host = crate::domain::clean_host(&setup.inputs.domain);
    match (setup.practice, host.is_empty()) {
        (true, _) => PRACTICE_ORG.to_owned(),
        (false, true) => "No org entered yet".to_owned(),
        (false, false) => host,
    }
}

/// Readers that keep a saved setup usable when it names a screen this version does not know;
/// a value of the wrong type still fails, so the file is set aside as before.
mod lenient {
    pub mod screen {
        use serde::{Deserialize, Deserializer, Serialize, Serializer};

        use crate::screen::Screen;

        pub fn serialize<S: Serializer>(screen: &Screen, s: S) -> Result<S::Ok, S::Error> {
            screen.serialize(s)
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Screen, D::Error> {
            Ok(String::deserialize(d)?.parse().unwrap_or(Screen::INPUTS))
        }
    }

    pub mod done {
        use std::collections::BTreeMap;

        use serde::{Deserialize, Deserializer, Serialize, Serializer};

        use crate::screen::StepId;
        use crate::setup::Timestamp;

        pub fn serialize<S: Serializer>(
            done: &BTreeMap<StepId, Timestamp>,
            s: S,
        ) -> Result<S::Ok, S::Error> {
            done.serialize(s)
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(
            d: D,
        ) -> Result<BTreeMap<StepId, Timestamp>, D::Error> {
            Ok(BTreeMap::<String, Timestamp>::deserialize(d)?
                .into_iter()
                .filter_map(|(id, at)| Some((id.parse().ok()?, at)))
                .collect())
        }
    }
}
