//! What the wizard does with saved setups: start, open, edit, close, delete. Every change is
//! saved before it is returned, so quitting at any moment loses nothing. The desktop app's
//! commands are one-line calls into this.

use std::fs;
use std::path::PathBuf;
use std::sync::Mutex;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::domain::clean_host;
use crate::error::UiError;
use crate::files::{write_private, FileLock, SetAside};
use crate::migration::MigrationDecision;
use crate::profile::{profile, Profile};
use crate::progress::{progress, SetupProgress};
use crate::screen::screen_title;
use crate::setup::{Setup, SetupEdit, SetupView, Timestamp};
use crate::store::{Listing, SetupStore};

/// The home screen: every saved setup, files that had to be set aside, and the setup that was
/// open when the app last closed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Home {
    pub setups: Vec<SetupSummary>,
    pub set_aside: Vec<SetAside>,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resume: Option<SetupView>,
}

/// One line of the home screen's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SetupSummary {
    pub id: String,
    pub profile_id: String,
    pub profile_name: String,
    /// The org's host as typed (cleaned), or empty while not entered.
    pub org: String,
    /// The org as screens name it (`setup::org_label`).
    pub org_label: String,
    pub practice: bool,
    /// A move from an existing connected app rather than a new app.
    #[serde(default)]
    pub migration: bool,
    /// How far it is; `None` for an integration this version does not know.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub progress: Option<SetupProgress>,
    /// Where the admin was: the title of the screen, as the step list shows it.
    pub current: String,
    #[ts(type = "string")]
    pub updated_at: Timestamp,
}

impl SetupSummary {
    pub fn of(setup: &Setup, profile: &Profile) -> SetupSummary {
        let checklist = setup.checklist(profile);
        let current = screen_title(setup.current_step, profile);
        SetupSummary {
            id: setup.id.clone(),
            profile_id: profile.id.clone(),
            profile_name: profile.name.clone(),
            org: clean_host(&setup.inputs.domain),
            org_label: crate::setup::org_label(setup),
            practice: setup.practice,
            migration: setup.migration.is_some(),
            progress: Some(progress(setup, profile, &checklist)),
            current,
            updated_at: setup.updated_at,
        }
    }
}

/// Whether a new setup becomes the one the app resumes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resume {
    This,
    Unchanged,
}

#[derive(Debug)]
pub struct Wizard {
    store: SetupStore,
    /// Edits from concurrent commands must not interleave their read-modify-write; the store's
    /// `FileLock` does the same for other programs (see `lock`).
    lock: Mutex<()>,
}

impl Wizard {
    pub fn new(store: SetupStore) -> Wizard {
        Wizard {
            store,
            lock: Mutex::new(()),
        }
    }

    pub fn home(&self) -> Result<Home, UiError> {
        let _guard = self.lock()?;
        let Listing { setups, set_aside } = self.store.list()?;
        let resume = self
            .open_id()
            .and_then(|id| setups.iter().find(|s| s.id == id))
            .and_then(|setup| Some(setup.view(profile(&setup.profile_id)?)));
        let setups = setups
            .iter()
            .filter_map(|setup| Some(SetupSummary::of(setup, profile(&setup.profile_id)?)))
            .collect();
        Ok(Home {
            setups,
            set_aside,
            resume,
        })
    }

    /// A new setup, saved and made the one the app resumes to.
    pub fn create(&self, profile_id: &str, practice: bool) -> Result<SetupView, UiError> {
        let profile = find_profile(profile_id)?;
        self.insert(Setup::new(profile, practice), Resume::This)
    }

    /// Saves a setup built in memory (a practice setup, one from the command line) in one
    /// write; `resume` says whether the app resumes to it.
    pub fn insert(&self, mut setup: Setup, resume: Resume) -> Result<SetupView, UiError> {
        let profile = find_profile(&setup.profile_id)?;
        let _guard = self.lock()?;
        // Ids come from the clock: another program may have taken this one in the same
        // microsecond, and saving would write over its setup.
        let base = setup.id.clone();
        for n in 2.. {
            if !self.store.exists(&setup.id)? {
                break;
            }
            setup.id = format!("{base}-{n}");
        }
        self.store.save(&mut setup)?;
        if resume == Resume::This {
            self.remember_open(Some(&setup.id))?;
        }
        Ok(setup.view(profile))
    }

    /// Opens a setup in the wizard: the app resumes to it next time.
    pub fn open(&self, id: &str) -> Result<SetupView, UiError> {
        let _guard = self.lock()?;
        let setup = self.store.load(id)?;
        self.remember_open(Some(id))?;
        Ok(setup.view(find_profile(&setup.profile_id)?))
    }

    /// Reads a setup for a report, an export or the command line, leaving what the app resumes
    /// to as it was.
    pub fn read(&self, id: &str) -> Result<SetupView, UiError> {
        let _guard = self.lock()?;
        let setup = self.store.load(id)?;
        Ok(setup.view(find_profile(&setup.profile_id)?))
    }

    /// Every saved setup, and the files that had to be set aside.
    pub fn list(&self) -> Result<Listing, UiError> {
        let _guard = self.lock()?;
        Ok(self.store.list()?)
    }

    pub fn close(&self) -> Result<(), UiError> {
        let _guard = self.lock()?;
        self.remember_open(None)
    }

    pub fn edit(&self, id: &str, edit: SetupEdit) -> Result<SetupView, UiError> {
        let _guard = self.lock()?;
        let mut setup = self.store.load(id)?;
        let profile = find_profile(&setup.profile_id)?;
        setup.apply(profile, edit)?;
        self.store.save(&mut setup)?;
        Ok(setup.view(profile))
    }

    /// Saves a migration's route or Migrate click. Only their use cases call this, which keep a
    /// practice org in step; no `SetupEdit` can carry one.
    pub fn decide(&self, id: &str, decision: MigrationDecision) -> Result<SetupView, UiError> {
        let _guard = self.lock()?;
        let mut setup = self.store.load(id)?;
        let profile = find_profile(&setup.profile_id)?;
        setup.decide(profile, decision)?;
        self.store.save(&mut setup)?;
        Ok(setup.view(profile))
    }

    /// Records that `connection` passed a verification, which marks the verify screen done
    /// when it is the setup's connection (an older one it no longer uses changes nothing).
    /// Not an edit: only a verification that ran may claim it.
    pub fn record_verified(&self, id: &str, connection: &str) -> Result<(), UiError> {
        let _guard = self.lock()?;
        let mut setup = self.store.load(id)?;
        if setup.connection.as_deref() == Some(connection) {
            setup.verified();
            self.store.save(&mut setup)?;
        }
        Ok(())
    }

    /// Moves the setup from the connection `old` (compared ignoring case, as connection names
    /// are) to `new`: the connection renamed, or `None` once it is removed. A setup that uses
    /// another connection by now (saved since, here or by another program) keeps that one.
    pub fn follow_connection(
        &self,
        id: &str,
        old: &str,
        new: Option<String>,
    ) -> Result<(), UiError> {
        let _guard = self.lock()?;
        let mut setup = self.store.load(id)?;
        let old = old.trim().to_lowercase();
        if setup.connection.as_ref().map(|name| name.to_lowercase()) != Some(old) {
            return Ok(());
        }
        let profile = find_profile(&setup.profile_id)?;
        setup.apply(profile, SetupEdit::UseConnection { name: new })?;
        self.store.save(&mut setup)?;
        Ok(())
    }

    pub fn delete(&self, id: &str) -> Result<(), UiError> {
        let _guard = self.lock()?;
        self.store.delete(id)?;
        if self.open_id().as_deref() == Some(id) {
            self.remember_open(None)?;
        }
        Ok(())
    }

    /// This process's lock, then the setups folder's lock against other programs (the app and
    /// the command line), held together for a whole read-modify-write.
    fn lock(&self) -> Result<(std::sync::MutexGuard<'_, ()>, FileLock), UiError> {
        // A panic elsewhere cannot leave the files half-written (writes are atomic), so a
        // poisoned lock is safe to take over.
        let guard = self
            .lock
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        Ok((guard, self.store.lock()?))
    }

    fn session_file(&self) -> PathBuf {
        self.store.dir().join(".open-setup")
    }

    fn open_id(&self) -> Option<String> {
        let id = fs::read_to_string(self.session_file()).ok()?;
        let id = id.trim();
        (!id.is_empty()).then(|| id.to_owned())
    }

    fn remember_open(&self, id: Option<&str>) -> Result<(), UiError> {
        Ok(write_private(
            &self.session_file(),
            id.unwrap_or("").as_bytes(),
        )?)
    }
}

pub fn find_profile(id: &str) -> Result<&'static Profile, UiError> {
    profile(id).ok_or_else(|| UiError::unknown_profile(id))
}

/// What the app offers: the integrations and the wording of every ECA setting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Catalog {
    pub profiles: Vec<Profile>,
    pub vocabulary: crate::eca::Vocabulary,
    /// Where the key and secret are kept, as this platform names it (`KEYCHAIN`).
    pub keychain: String,
}

/// The OS keychain as the platform names it, for every sentence that says where the key and
/// secret are kept: an admin looks for it by that name.
pub const KEYCHAIN: &str = if cfg!(windows) {
    "Windows Credential Manager"
} else if cfg!(target_os = "macos") {
    "the macOS Keychain"
} else {
    "your Linux keyring"
};

pub fn catalog() -> Catalog {
    Catalog {
        profiles: crate::profiles().to_vec(),
        vocabulary: crate::eca::vocabulary(),
        keychain: KEYCHAIN.to_owned(),
    }
}
