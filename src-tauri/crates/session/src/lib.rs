//! The use cases of ECA Setup Assistant, one place for the desktop app and the command line:
//! start, read, edit and delete setups (a practice one with its practice org), move an
//! integration from its connected app, keep credentials in the keychain, verify, build a report
//! and export metadata. `Desk` holds one running app's state over the setup store, the vault
//! and the data folder. It knows nothing of Tauri or of a terminal: the app's commands and the
//! CLI's subcommands parse, call one method and print.

mod connections;
mod exports;
mod migration;
mod outline;
mod practice;
mod rehearsing;
mod setups;
mod verifying;

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use eca_core::journal::Journal;
use eca_core::store::SetupStore;
use eca_core::wizard::Wizard;
use eca_core::UiError;
use eca_vault::{Keychain, Vault, VaultError};
use tokio_util::sync::CancellationToken;

pub use connections::{PasteCheck, SavedCredentials};
pub use outline::{SetupOutline, StepOutline};
pub use practice::{PracticeConnectedApp, PracticeCredentials};
pub use rehearsing::{PracticeMistake, PracticeRehearsal};
pub use verifying::{choose_flow, VerifyOptions};

pub struct Desk {
    wizard: Wizard,
    vault: Vault,
    practice: practice::PracticeOrgs,
    /// Cancels the verification that is running, if any.
    running: Mutex<Option<CancellationToken>>,
    /// Holds `setups/`, `connections.json` and each setup's last verification.
    data_dir: PathBuf,
    journal: Journal,
}

impl Desk {
    /// `data_dir` holds `setups/` and `connections.json`; secrets go to `keychain`; what
    /// happens, and every error the admin sees, goes to `journal`.
    pub fn new(data_dir: &Path, keychain: Keychain, journal: Journal) -> Desk {
        Desk {
            wizard: Wizard::new(SetupStore::new(data_dir.join("setups"))),
            vault: Vault::new(data_dir, keychain),
            practice: practice::PracticeOrgs::default(),
            running: Mutex::new(None),
            data_dir: data_dir.to_owned(),
            journal,
        }
    }

    /// The desk the command line uses: the app's own data folder, keychain and support log,
    /// so a setup started in one is found by the other.
    pub fn for_this_computer() -> Result<Desk, UiError> {
        let dir = eca_core::paths::data_dir().ok_or(VaultError::NoDataDir)?;
        // The app's log folder (on macOS and Windows not inside the data folder).
        let logs = eca_core::paths::log_dir().unwrap_or_else(|| dir.join("logs"));
        let journal = Journal::open(&logs);
        Ok(Desk::new(&dir, Keychain::for_this_build(), journal))
    }

    pub fn journal(&self) -> &Journal {
        &self.journal
    }

    pub fn vault(&self) -> &Vault {
        &self.vault
    }

    /// Writes an error the admin is about to see into the log, with what was being done.
    pub fn logged<T>(&self, doing: &str, result: Result<T, UiError>) -> Result<T, UiError> {
        if let Err(err) = &result {
            self.journal.warn(
                doing,
                &[
                    ("code", &format!("{:?}", err.code)),
                    ("message", &err.message),
                ],
            );
        }
        result
    }

    pub fn wizard(&self) -> &Wizard {
        &self.wizard
    }
}

/// Nothing these locks guard can be left half-changed by a panic, so a poisoned one is usable.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}
