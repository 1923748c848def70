//! The wizard's screens by name: `StepId` for the checklist's Salesforce screens,
//! `MigrationScreen` for those of a move from a connected app, `Screen` for every screen the
//! wizard shows, and the ordered list of them a setup view carries with the one title each has. Saved setups, diagnoses and the UI all use these ids; their serialized form
//! is the string each had before it was typed, so old files keep loading. What a step asks the
//! admin to do lives in `checklist`; this module only names and orders.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::checklist::Checklist;
use crate::error::{ErrorCode, UiError};
use crate::inputs::FieldIssue;
use crate::migration::{Migration, Route};
use crate::profile::Profile;
use crate::progress::{Phase, PhaseState, SetupProgress};
use crate::setup::Setup;

/// One of the checklist's Salesforce screens or panels. Stable across versions: saved progress,
/// diagnoses and reports refer to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
#[ts(export)]
pub enum StepId {
    OpenManager,
    BasicInformation,
    OauthSettings,
    FlowEnablement,
    Security,
    Policies,
    WaitForPropagation,
    ConsumerKeySecret,
    IntegrationUser,
    AdminPermissions,
}

impl StepId {
    /// Every step in checklist order; a checklist has a subset of them.
    pub const ALL: [StepId; 10] = [
        StepId::OpenManager,
        StepId::BasicInformation,
        StepId::OauthSettings,
        StepId::FlowEnablement,
        StepId::Security,
        StepId::Policies,
        StepId::WaitForPropagation,
        StepId::ConsumerKeySecret,
        StepId::IntegrationUser,
        StepId::AdminPermissions,
    ];

    /// The id as saved and sent to the UI (`"oauth-settings"`).
    pub fn as_str(self) -> &'static str {
        match self {
            StepId::OpenManager => "open-manager",
            StepId::BasicInformation => "basic-information",
            StepId::OauthSettings => "oauth-settings",
            StepId::FlowEnablement => "flow-enablement",
            StepId::Security => "security",
            StepId::Policies => "policies",
            StepId::WaitForPropagation => "wait-for-propagation",
            StepId::ConsumerKeySecret => "consumer-key-secret",
            StepId::IntegrationUser => "integration-user",
            StepId::AdminPermissions => "admin-permissions",
        }
    }

    /// The step's title, as its screen, the step list, the home screen and the report show it.
    /// Salesforce's own heading where the screen has one.
    pub fn title(self) -> &'static str {
        match self {
            StepId::OpenManager => "Open the External Client App Manager",
            StepId::BasicInformation => "Basic Information",
            StepId::OauthSettings => "API (Enable OAuth Settings)",
            StepId::FlowEnablement => "Flow Enablement",
            StepId::Security => "Security",
            StepId::Policies => "Policies",
            StepId::WaitForPropagation => "Wait for the changes to reach Salesforce",
            StepId::ConsumerKeySecret => "Consumer Key and Secret",
            StepId::IntegrationUser => "Integration user",
            StepId::AdminPermissions => "Permissions of the admin who connects",
        }
    }
}

impl fmt::Display for StepId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A step id no checklist has.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("there is no screen called “{0}”")]
pub struct UnknownScreen(pub String);

impl From<UnknownScreen> for UiError {
    fn from(UnknownScreen(id): UnknownScreen) -> UiError {
        UiError::new(
            ErrorCode::UnknownStep,
            format!("This setup has no step called “{id}”."),
            "Pick a step from the list on the left.",
        )
    }
}

impl FromStr for StepId {
    type Err = UnknownScreen;

    fn from_str(id: &str) -> Result<StepId, UnknownScreen> {
        StepId::ALL
            .into_iter()
            .find(|step| step.as_str() == id)
            .ok_or_else(|| UnknownScreen(id.to_owned()))
    }
}

/// The wizard's own screens around the checklist's steps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
#[ts(export)]
pub enum WizardScreen {
    /// The org and the app's name, before the checklist.
    Inputs,
    /// Where the admin pastes the Consumer Key and Secret.
    Credentials,
    /// Where the app proves they work.
    Verify,
    /// What to type into the partner's own form, for integrations that have one.
    Partner,
    /// The end: what is done, the report and the metadata export.
    Finished,
}

impl WizardScreen {
    pub const ALL: [WizardScreen; 5] = [
        WizardScreen::Inputs,
        WizardScreen::Credentials,
        WizardScreen::Verify,
        WizardScreen::Partner,
        WizardScreen::Finished,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            WizardScreen::Inputs => "inputs",
            WizardScreen::Credentials => "credentials",
            WizardScreen::Verify => "verify",
            WizardScreen::Partner => "partner",
            WizardScreen::Finished => "finished",
        }
    }

    /// The screen's title, as a sentence names it (“Run … first”). The partner's
    /// screen also says where the form is when the step list shows it (`wizard_title`).
    pub fn title(self) -> &'static str {
        match self {
            WizardScreen::Inputs => "Your org and app",
            WizardScreen::Credentials => "Save the Consumer Key and Secret",
            WizardScreen::Verify => "Connect & verify",
            WizardScreen::Partner => "At the partner",
            WizardScreen::Finished => "Summary and report",
        }
    }
}

/// The screens of a move from an existing connected app (`migration`), around the checklist:
/// finding the old app, choosing the route, the key before and after an in-place migration, and
/// the cleanup at the end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
#[ts(export)]
pub enum MigrationScreen {
    /// Connected Apps OAuth Usage and App Manager: the app's name, user count, local or not.
    FindOldApp,
    /// Login History: sign-ins by the username-password flow, which OAuth Usage does not list.
    FindPasswordSignIns,
    /// In place, a new External Client App, or client credentials; with the reasons.
    ChooseRoute,
    /// In place: the connected app's Consumer Key, before the Migrate click.
    RecordKey,
    /// In place: App Manager → the app → Migrate to External Client App.
    Migrate,
    /// In place: the new app's key, compared with the one recorded before.
    CompareKey,
    /// After verification: revoke the old app's tokens, then block or delete it.
    Cleanup,
}

impl MigrationScreen {
    pub const ALL: [MigrationScreen; 7] = [
        MigrationScreen::FindOldApp,
        MigrationScreen::FindPasswordSignIns,
        MigrationScreen::ChooseRoute,
        MigrationScreen::RecordKey,
        MigrationScreen::Migrate,
        MigrationScreen::CompareKey,
        MigrationScreen::Cleanup,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            MigrationScreen::FindOldApp => "find-old-app",
            MigrationScreen::FindPasswordSignIns => "find-password-sign-ins",
            MigrationScreen::ChooseRoute => "choose-route",
            MigrationScreen::RecordKey => "record-key",
            MigrationScreen::Migrate => "migrate",
            MigrationScreen::CompareKey => "compare-key",
            MigrationScreen::Cleanup => "cleanup",
        }
    }

    /// The screen's one title, wherever it is named.
    pub fn title(self) -> &'static str {
        match self {
            MigrationScreen::FindOldApp => "Find the connected app",
            MigrationScreen::FindPasswordSignIns => "Find username-password sign-ins",
            MigrationScreen::ChooseRoute => "Choose how to move",
            MigrationScreen::RecordKey => "Record the Consumer Key before migrating",
            MigrationScreen::Migrate => "Migrate to External Client App",
            MigrationScreen::CompareKey => "Compare the Consumer Key after migrating",
            MigrationScreen::Cleanup => "Clean up the old connected app",
        }
    }

    /// Whether the screen opens only once the partner can use the new app (`progress::
    /// cleanup_lock`): the cleanup, as nothing of the old app may go before. Until then the step
    /// list places it after the verification and the partner, and shows it locked.
    pub fn waits_for_the_switch(self) -> bool {
        self == MigrationScreen::Cleanup
    }
}

/// Every screen the wizard shows: a checklist step, one of its own, or one of a migration's.
/// Serialized as the bare id (`"policies"`, `"verify"`, `"choose-route"`), as
/// `Setup.current_step` always was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(untagged)]
#[ts(export)]
pub enum Screen {
    Step(StepId),
    Wizard(WizardScreen),
    Migration(MigrationScreen),
}

impl Screen {
    pub const INPUTS: Screen = Screen::Wizard(WizardScreen::Inputs);
    pub const CREDENTIALS: Screen = Screen::Wizard(WizardScreen::Credentials);
    pub const VERIFY: Screen = Screen::Wizard(WizardScreen::Verify);
    pub const PARTNER: Screen = Screen::Wizard(WizardScreen::Partner);
    pub const FINISHED: Screen = Screen::Wizard(WizardScreen::Finished);
    pub const CLEANUP: Screen = Screen::Migration(MigrationScreen::Cleanup);

    pub fn as_str(self) -> &'static str {
        match self {
            Screen::Step(step) => step.as_str(),
            Screen::Wizard(screen) => screen.as_str(),
            Screen::Migration(screen) => screen.as_str(),
        }
    }

    /// The checklist step this screen is, if it is one.
    pub fn step(self) -> Option<StepId> {
        match self {
            Screen::Step(step) => Some(step),
            Screen::Wizard(_) | Screen::Migration(_) => None,
        }
    }
}

impl From<StepId> for Screen {
    fn from(step: StepId) -> Screen {
        Screen::Step(step)
    }
}

impl fmt::Display for Screen {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Screen {
    type Err = UnknownScreen;

    fn from_str(id: &str) -> Result<Screen, UnknownScreen> {
        if let Ok(step) = id.parse() {
            return Ok(Screen::Step(step));
        }
        let own = WizardScreen::ALL
            .into_iter()
            .find(|screen| screen.as_str() == id)
            .map(Screen::Wizard);
        let migration = || {
            MigrationScreen::ALL
                .into_iter()
                .find(|screen| screen.as_str() == id)
                .map(Screen::Migration)
        };
        own.or_else(migration)
            .ok_or_else(|| UnknownScreen(id.to_owned()))
    }
}

/// How far one screen is, as the step list marks it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ScreenState {
    Todo,
    Done,
    /// Something on it must be corrected before the rest can work (an input that fails its
    /// check).
    NeedsFixing,
    /// Not open yet: the cleanup of an old connected app until the new connection has passed
    /// its verification. Going to it or marking it is refused.
    Locked,
}

/// One line of the step list, in the order the wizard walks them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ScreenEntry {
    pub screen: Screen,
    /// The one title this screen has, wherever it is named.
    pub title: String,
    /// The step's number in the checklist, for checklist steps.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub number: Option<u32>,
    pub state: ScreenState,
    /// A checklist step shown as a review of what an in-place migration produced: the values
    /// are to be checked on the migrated app, not typed into a new one.
    #[serde(default)]
    pub review: bool,
    /// The part of the setup the step list shows it under ("Move", "Connect"); empty for the
    /// first and last screens, which stand alone.
    #[serde(default)]
    pub group: String,
}

/// The heading a screen sits under in the step list: a move reads as Move, Check the new app,
/// Connect, Clean up; a new app as In Salesforce, Connect.
fn group_of(entry: &ScreenEntry) -> &'static str {
    match entry.screen {
        Screen::Wizard(WizardScreen::Inputs | WizardScreen::Finished) => "",
        Screen::Step(_) if entry.review => "Check the new app",
        Screen::Step(_) => "In Salesforce",
        Screen::Wizard(_) => "Connect",
        Screen::Migration(MigrationScreen::Cleanup) => "Clean up",
        Screen::Migration(_) => "Move",
    }
}

/// The title of one of the wizard's own screens. The partner's says where the form is.
pub fn wizard_title(screen: WizardScreen, profile: &Profile) -> String {
    match (screen, &profile.partner) {
        (WizardScreen::Partner, Some(partner)) => format!("{}: {}", screen.title(), partner.place),
        _ => screen.title().to_owned(),
    }
}

/// The title of any screen, as the step list and the home screen show it.
pub fn screen_title(screen: Screen, profile: &Profile) -> String {
    match screen {
        Screen::Step(step) => step.title().to_owned(),
        Screen::Wizard(screen) => wizard_title(screen, profile),
        Screen::Migration(screen) => screen.title().to_owned(),
    }
}

/// Every screen of `setup` in order: the inputs, the checklist's steps, the key and secret,
/// verify, the partner's form when the integration has one, and the end. A migration adds its
/// screens (`migration_screens`).
pub fn screens(
    setup: &Setup,
    profile: &Profile,
    checklist: &Checklist,
    issues: &[FieldIssue],
    progress: &SetupProgress,
) -> Vec<ScreenEntry> {
    let own = |screen: WizardScreen, done: bool| ScreenEntry {
        screen: Screen::Wizard(screen),
        title: wizard_title(screen, profile),
        number: None,
        state: if done {
            ScreenState::Done
        } else {
            ScreenState::Todo
        },
        review: false,
        group: String::new(),
    };
    let mut list = vec![ScreenEntry {
        state: if issues.is_empty() {
            ScreenState::Todo
        } else {
            ScreenState::NeedsFixing
        },
        ..own(WizardScreen::Inputs, false)
    }];
    // The Consumer Key and Secret are revealed where they are pasted: that step is the
    // credentials screen, not a line of its own (`Setup::apply` marks it when they are saved).
    list.extend(
        checklist
            .steps
            .iter()
            .filter(|step| step.id != StepId::ConsumerKeySecret)
            .zip(1..)
            .map(|(step, number)| ScreenEntry {
                screen: Screen::Step(step.id),
                title: step.header.title.clone(),
                number: Some(number),
                state: if setup.done.contains_key(&step.id) {
                    ScreenState::Done
                } else {
                    ScreenState::Todo
                },
                review: false,
                group: String::new(),
            }),
    );
    list.push(own(WizardScreen::Credentials, setup.connection.is_some()));
    list.push(own(WizardScreen::Verify, setup.verified_at.is_some()));
    if profile.partner.is_some() {
        list.push(own(
            WizardScreen::Partner,
            setup.partner_confirmed_at.is_some(),
        ));
    }
    list.push(own(WizardScreen::Finished, progress.complete));
    let cleanup_locked = progress
        .phase(Phase::Cleanup)
        .is_some_and(|cleanup| cleanup.state == PhaseState::Locked);
    let mut list = match &setup.migration {
        Some(migration) => migration_screens(list, migration, cleanup_locked),
        None => list,
    };
    for entry in &mut list {
        entry.group = group_of(entry).to_owned();
    }
    list
}

/// A migration's list, from a new setup's (`list`): its screens in their order
/// (`migration::screens`), those before the choice of a route right after the inputs and, until
/// a route is chosen, nothing else but the end; then the route's other screens before the
/// checklist, which becomes a review in place; and the screens that wait for the verification
/// (the cleanup) before the end, locked while `locked` (`progress::cleanup_lock`).
fn migration_screens(
    list: Vec<ScreenEntry>,
    migration: &Migration,
    locked: bool,
) -> Vec<ScreenEntry> {
    let entry = |screen: MigrationScreen| ScreenEntry {
        screen: Screen::Migration(screen),
        title: screen.title().to_owned(),
        number: None,
        state: migration.state(screen, locked),
        review: false,
        group: String::new(),
    };
    let mut list = list.into_iter();
    let mut out: Vec<ScreenEntry> = list.by_ref().take(1).collect();
    let Some(route) = migration.route else {
        out.extend(crate::migration::screens(None).into_iter().map(entry));
        out.extend(list.filter(|e| e.screen == Screen::FINISHED));
        return out;
    };
    let (after_verification, before_checklist): (Vec<_>, Vec<_>) =
        crate::migration::screens(Some(route))
            .into_iter()
            .partition(|screen| screen.waits_for_the_switch());
    out.extend(before_checklist.into_iter().map(entry));
    for mut screen in list {
        if screen.screen == Screen::FINISHED {
            out.extend(after_verification.iter().copied().map(entry));
        }
        screen.review = route == Route::InPlace && matches!(screen.screen, Screen::Step(_));
        out.push(screen);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn step_ids_serialize_as_the_strings_saved_setups_hold() {
        for step in StepId::ALL {
            let json = serde_json::to_value(step).expect("serializes");
            assert_eq!(json, step.as_str());
            assert_eq!(serde_json::from_value::<StepId>(json).expect("loads"), step);
            assert_eq!(step.as_str().parse::<StepId>(), Ok(step));
        }
        assert_eq!(StepId::OauthSettings.as_str(), "oauth-settings");
        assert_eq!(StepId::ConsumerKeySecret.as_str(), "consumer-key-secret");
    }

    #[test]
    fn screens_serialize_as_bare_ids_and_parse_back() {
        for screen in StepId::ALL
            .map(Screen::Step)
            .into_iter()
            .chain(WizardScreen::ALL.map(Screen::Wizard))
            .chain(MigrationScreen::ALL.map(Screen::Migration))
        {
            let json = serde_json::to_value(screen).expect("serializes");
            assert_eq!(json, screen.as_str());
            assert_eq!(
                serde_json::from_value::<Screen>(json).expect("loads"),
                screen
            );
            assert_eq!(screen.as_str().parse::<Screen>(), Ok(screen));
        }
        assert_eq!(
            serde_json::to_value(Screen::INPUTS).expect("serializes"),
            "inputs"
        );
        assert_eq!(
            "nowhere".parse::<Screen>(),
            Err(UnknownScreen("nowhere".into()))
        );
    }
}
