//! How far a setup is, as one model: every count, bar, badge, list and sentence that says how
//! much is done reads it, in the app, the command line and the report. A setup is done only when
//! the partner's connection can work: the app set up in Salesforce, its key and secret saved,
//! verified as the partner will call, the values in the partner's form and, for a move from a
//! connected app, the old app cleaned up. Counting only the checklist told admins they were
//! finished before the partner had a working connection.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::checklist::Checklist;
use crate::error::{ErrorCode, UiError};
use crate::migration::{screens as migration_screens, KeyCheck, Migration, Route};
use crate::profile::Profile;
use crate::screen::{MigrationScreen, Screen, ScreenState, StepId, WizardScreen};
use crate::setup::{Setup, Timestamp};

/// One part of a setup, in the order they are done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Phase {
    /// The checklist in Salesforce Setup (and a migration's screens before it).
    Salesforce,
    /// The Consumer Key and Secret saved in the keychain.
    Credentials,
    /// The verification passed, sending what the partner will send.
    Verified,
    /// The admin confirmed the values are in the partner's form.
    Partner,
    /// A migration's cleanup of the old connected app.
    Cleanup,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum PhaseState {
    Todo,
    Done,
    /// Not open yet; `PhaseProgress::locked` says why.
    Locked,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PhaseProgress {
    pub phase: Phase,
    /// What the admin does in it, as a short imperative ("Save the key and secret").
    pub title: String,
    pub state: PhaseState,
    /// The phase's own steps done and in all (the checklist's for Salesforce; 1 for a phase
    /// that is one confirmation).
    pub done: u32,
    pub total: u32,
    /// The screen where the admin does it.
    pub screen: Screen,
    /// When it was finished, where that is known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional, type = "string")]
    pub done_at: Option<Timestamp>,
    /// Why it is locked, as a sentence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub locked: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SetupProgress {
    pub phases: Vec<PhaseProgress>,
    /// Phases done, and in all.
    pub done: u32,
    pub total: u32,
    /// Every phase is done: the only state in which anything may say "done".
    pub complete: bool,
    /// One line for a list or a header: "2 of 4 parts done" or "Done".
    pub summary: String,
    /// The first phase not done, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub next: Option<Phase>,
}

impl SetupProgress {
    pub fn phase(&self, phase: Phase) -> Option<&PhaseProgress> {
        self.phases.iter().find(|p| p.phase == phase)
    }

    /// The phase's line, for a CLI or a report: "[x] Save the key and secret".
    pub fn lines(&self) -> impl Iterator<Item = String> + '_ {
        self.phases.iter().map(|phase| {
            let mark = match phase.state {
                PhaseState::Done => "[x]",
                PhaseState::Todo => "[ ]",
                PhaseState::Locked => "[-]",
            };
            let count = if phase.total > 1 {
                format!(" ({} of {} steps)", phase.done, phase.total)
            } else {
                String::new()
            };
            format!("{mark} {}{count}", phase.title)
        })
    }
}

/// Who the partner is in a sentence: its name, or "the partner" for a custom integration.
pub fn partner_name(profile: &Profile) -> String {
    if profile.editable {
        "the partner".to_owned()
    } else {
        profile.name.clone()
    }
}

/// The progress of `setup`, from its saved state alone.
pub fn progress(setup: &Setup, profile: &Profile, checklist: &Checklist) -> SetupProgress {
    let partner = partner_name(profile);
    let mut phases = vec![salesforce(setup, checklist)];
    phases.push(single(
        Phase::Credentials,
        "Save the key and secret".into(),
        Screen::CREDENTIALS,
        setup.connection.is_some(),
        None,
    ));
    phases.push(single(
        Phase::Verified,
        format!("Verify as {partner} will connect"),
        Screen::VERIFY,
        setup.verified_at.is_some(),
        setup.verified_at,
    ));
    if profile.partner.is_some() {
        phases.push(single(
            Phase::Partner,
            format!("Enter the values at {partner}"),
            Screen::PARTNER,
            setup.partner_confirmed_at.is_some(),
            setup.partner_confirmed_at,
        ));
    }
    if let Some(migration) = &setup.migration {
        phases.push(cleanup(setup, profile, migration));
    }
    let done = phases
        .iter()
        .filter(|p| p.state == PhaseState::Done)
        .count() as u32;
    let total = phases.len() as u32;
    let complete = done == total;
    SetupProgress {
        next: phases
            .iter()
            .find(|p| p.state != PhaseState::Done)
            .map(|p| p.phase),
        summary: if complete {
            "Done".to_owned()
        } else {
            format!("{done} of {total} parts done")
        },
        phases,
        done,
        total,
        complete,
    }
}

fn single(
    phase: Phase,
    title: String,
    screen: Screen,
    done: bool,
    done_at: Option<Timestamp>,
) -> PhaseProgress {
    PhaseProgress {
        phase,
        title,
        state: if done {
            PhaseState::Done
        } else {
            PhaseState::Todo
        },
        done: u32::from(done),
        total: 1,
        screen,
        done_at: done_at.filter(|_| done),
        locked: None,
    }
}

/// The checklist's steps and, for a migration, its screens before the checklist (until a
/// route is chosen, only those: the route decides the rest).
fn salesforce(setup: &Setup, checklist: &Checklist) -> PhaseProgress {
    let mut marks: Vec<(Screen, Option<Timestamp>, bool)> = Vec::new();
    let route = setup.migration.as_ref().and_then(|m| m.route);
    if let Some(migration) = &setup.migration {
        for screen in migration_screens(route) {
            if screen == MigrationScreen::Cleanup {
                continue;
            }
            let done = migration.state(screen, false) == ScreenState::Done;
            marks.push((Screen::Migration(screen), None, done));
        }
    }
    if setup.migration.is_none() || route.is_some() {
        // Revealing the key and secret is part of saving them (the credentials part).
        for step in checklist
            .steps
            .iter()
            .filter(|step| step.id != StepId::ConsumerKeySecret)
        {
            let at = setup.done.get(&step.id).copied();
            marks.push((Screen::Step(step.id), at, at.is_some()));
        }
    }
    let done = marks.iter().filter(|(_, _, done)| *done).count() as u32;
    let total = marks.len() as u32;
    let first_open = marks.iter().find(|(_, _, done)| !done).map(|(s, _, _)| *s);
    let finished = done == total && route.is_some() == setup.migration.is_some();
    PhaseProgress {
        phase: Phase::Salesforce,
        title: "Set up the app in Salesforce".into(),
        state: if finished {
            PhaseState::Done
        } else {
            PhaseState::Todo
        },
        done,
        total,
        screen: first_open
            .or_else(|| marks.first().map(|(s, _, _)| *s))
            .unwrap_or(Screen::INPUTS),
        done_at: finished
            .then(|| marks.iter().filter_map(|(_, at, _)| *at).max())
            .flatten(),
        locked: None,
    }
}

fn cleanup(setup: &Setup, profile: &Profile, migration: &Migration) -> PhaseProgress {
    let lock = cleanup_lock(setup, profile);
    let done = migration.cleaned_up();
    let ends = [
        migration.cleanup.tokens_revoked_at,
        migration.cleanup.old_app.as_ref().map(|end| end.at),
    ];
    PhaseProgress {
        phase: Phase::Cleanup,
        title: "Clean up the old connected app".into(),
        state: match (&lock, done) {
            (Some(_), _) => PhaseState::Locked,
            (None, true) => PhaseState::Done,
            (None, false) => PhaseState::Todo,
        },
        done: ends.iter().flatten().count() as u32,
        total: 2,
        screen: Screen::CLEANUP,
        done_at: done.then(|| ends.iter().flatten().max().copied()).flatten(),
        locked: lock.map(|lock| lock.message),
    }
}

/// Whether the partner must be switched to new values before anything of the old app goes: a
/// new app always has a new key; in place, only a key that stayed the same spares it.
pub fn partner_must_switch(migration: &Migration) -> bool {
    match migration.route {
        Some(Route::InPlace) => migration.key_check() != Some(KeyCheck::Same),
        Some(_) => true,
        None => false,
    }
}

/// Why the old app's cleanup is not open yet, or `None` when it is. Nothing of the old app may go
/// before the new connection has passed its verification and, when the partner needs new
/// values, before the admin has confirmed the partner has them: a deleted connected app cannot
/// be made again, and the integration would be down with no way back.
pub fn cleanup_lock(setup: &Setup, profile: &Profile) -> Option<UiError> {
    let migration = setup.migration.as_ref()?;
    if setup.verified_at.is_none() {
        return Some(UiError::new(
            ErrorCode::InvalidInput,
            "The old app's cleanup opens once the new connection has passed its verification.",
            format!(
                "Run {} first; nothing of the old app is to be revoked, blocked or deleted before.",
                WizardScreen::Verify.title()
            ),
        ));
    }
    if profile.partner.is_some()
        && partner_must_switch(migration)
        && setup.partner_confirmed_at.is_none()
    {
        let partner = partner_name(profile);
        return Some(UiError::new(
            ErrorCode::InvalidInput,
            format!("The old app's cleanup opens once {partner} uses the new key and secret: until then it still signs in through the old app."),
            format!(
                "Enter the new values at {partner} and confirm it on “{}”.",
                WizardScreen::Partner.title()
            ),
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::migration::{Cleanup, KeyFingerprint, OldAppAction, OldAppEnd};
    use crate::profile::profile;

    fn vonage() -> &'static Profile {
        profile("vonage-ai-studio").expect("vonage profile")
    }

    fn all_steps_done(setup: &mut Setup, profile: &Profile) {
        for step in setup.checklist(profile).steps {
            setup.mark(step.id, true);
        }
    }

    #[test]
    fn a_finished_checklist_is_one_part_of_four_not_done() {
        let profile = vonage();
        let mut setup = Setup::new(profile, false);
        all_steps_done(&mut setup, profile);
        let progress = progress(&setup, profile, &setup.checklist(profile));
        assert_eq!((progress.done, progress.total), (1, 4));
        assert!(!progress.complete);
        assert_eq!(progress.summary, "1 of 4 parts done");
        assert_eq!(progress.next, Some(Phase::Credentials));
        let salesforce = progress.phase(Phase::Salesforce).expect("phase");
        assert_eq!(salesforce.state, PhaseState::Done);
        assert_eq!(salesforce.done, salesforce.total);
        assert!(salesforce.done_at.is_some());
    }

    #[test]
    fn done_only_when_the_partner_has_the_values() {
        let profile = vonage();
        let mut setup = Setup::new(profile, false);
        all_steps_done(&mut setup, profile);
        setup.connection = Some("Vonage".into());
        setup.verified();
        let before = progress(&setup, profile, &setup.checklist(profile));
        assert_eq!(before.summary, "3 of 4 parts done");
        assert_eq!(before.next, Some(Phase::Partner));
        assert_eq!(
            before.phase(Phase::Partner).map(|p| p.title.as_str()),
            Some("Enter the values at Vonage AI Studio")
        );
        setup.partner_confirmed_at = Some(Timestamp::now());
        let after = progress(&setup, profile, &setup.checklist(profile));
        assert!(after.complete);
        assert_eq!(after.summary, "Done");
        assert_eq!(after.next, None);
    }

    #[test]
    fn new_credentials_take_back_the_partners_confirmation() {
        use crate::setup::SetupEdit;
        let profile = vonage();
        let mut setup = Setup::new(profile, false);
        let connection = |name: &str| SetupEdit::UseConnection {
            name: Some(name.into()),
        };
        setup.apply(profile, connection("Vonage")).expect("saved");
        assert!(
            setup.done.contains_key(&StepId::ConsumerKeySecret),
            "saving them is the step that reveals them"
        );
        setup.verified();
        setup
            .apply(profile, SetupEdit::ConfirmPartner { done: true })
            .expect("confirmed");
        assert!(setup.partner_confirmed_at.is_some());
        setup.apply(profile, connection("Vonage 2")).expect("saved");
        let after = progress(&setup, profile, &setup.checklist(profile));
        for phase in [Phase::Verified, Phase::Partner] {
            assert_eq!(
                after.phase(phase).map(|p| p.state),
                Some(PhaseState::Todo),
                "{phase:?}"
            );
        }
    }

    #[test]
    fn a_profile_without_a_partner_form_has_no_partner_part() {
        let profile = profile("eca-setup-assistant").expect("assistant profile");
        let setup = Setup::new(profile, false);
        let progress = progress(&setup, profile, &setup.checklist(profile));
        let phases: Vec<Phase> = progress.phases.iter().map(|p| p.phase).collect();
        assert_eq!(
            phases,
            [Phase::Salesforce, Phase::Credentials, Phase::Verified]
        );
    }

    #[test]
    fn a_migration_before_its_route_counts_only_its_findings() {
        let profile = vonage();
        let mut setup = Setup::new_migration(profile, false);
        setup.mark(StepId::BasicInformation, true);
        let progress = progress(&setup, profile, &setup.checklist(profile));
        let salesforce = progress.phase(Phase::Salesforce).expect("phase");
        assert_eq!((salesforce.done, salesforce.total), (0, 3));
        assert_eq!(
            salesforce.screen,
            Screen::Migration(MigrationScreen::FindOldApp)
        );
        assert_eq!(progress.total, 5, "{:?}", progress.phases);
        assert_eq!(
            progress.phase(Phase::Cleanup).map(|p| p.state),
            Some(PhaseState::Locked)
        );
    }

    fn migrated(route: Route, key_kept: bool) -> Setup {
        let profile = vonage();
        let mut setup = Setup::new_migration(profile, false);
        let migration = setup.migration.as_mut().expect("migration");
        migration.route = Some(route);
        let key = KeyFingerprint::of("3MVG9before").expect("key");
        migration.key_before = Some(key.clone());
        migration.key_after = Some(if key_kept {
            key
        } else {
            KeyFingerprint::of("3MVG9after").expect("key")
        });
        setup.verified();
        setup
    }

    #[test]
    fn the_cleanup_waits_for_the_partner_when_its_values_change() {
        let profile = vonage();
        for (route, key_kept, waits) in [
            (Route::InPlace, true, false),
            (Route::InPlace, false, true),
            (Route::NewEca, true, true),
            (Route::ClientCredentials, true, true),
        ] {
            let mut setup = migrated(route, key_kept);
            assert_eq!(
                cleanup_lock(&setup, profile).is_some(),
                waits,
                "{route:?} key kept {key_kept}"
            );
            setup.partner_confirmed_at = Some(Timestamp::now());
            assert!(cleanup_lock(&setup, profile).is_none(), "{route:?}");
        }
        let unverified = Setup {
            verified_at: None,
            ..migrated(Route::InPlace, true)
        };
        let lock = cleanup_lock(&unverified, profile).expect("locked");
        assert!(lock.message.contains("verification"), "{}", lock.message);
    }

    #[test]
    fn a_finished_cleanup_says_when() {
        let profile = vonage();
        let mut setup = migrated(Route::NewEca, true);
        setup.partner_confirmed_at = Some(Timestamp::now());
        let at = Timestamp::now();
        setup.migration.as_mut().expect("migration").cleanup = Cleanup {
            tokens_revoked_at: Some(at),
            old_app: Some(OldAppEnd {
                action: OldAppAction::Deleted,
                at,
            }),
        };
        let progress = progress(&setup, profile, &setup.checklist(profile));
        let cleanup = progress.phase(Phase::Cleanup).expect("phase");
        assert_eq!(cleanup.state, PhaseState::Done);
        assert_eq!(cleanup.done_at, Some(at));
    }
}
