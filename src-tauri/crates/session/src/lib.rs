//! The use cases of ECA Setup Assistant, one place for the desktop app and the command line:
//! start, read, edit and delete setups (a practice one with its practice org), move an
//! integration from its connected app, keep credentials in the keychain, verify, build a report
//! and export metadata. `Desk` holds one running app's state over the setup store, the vault
//! and the data folder. It knows nothing of Tauri or of a terminal: the app's commands and the
//! CLI's subcommands parse, call one method and print.
//!
//! `Desk` is the only way in: the wizard, the vault and the practice orgs are private to it, and
//! the app and the command line depend on this crate alone. What they need besides (the types
//! the use cases take and return, and the pure rules they print with: profiles, the checklist,
//! the migration path, input and domain checks) is re-exported below; none of it can change a
//! setup, a connection or the keychain.

mod connections;
mod exports;
mod migration;
mod org;
mod outline;
mod practice;
mod rehearsing;
mod setups;
mod verifying;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use eca_core::store::SetupStore;
use eca_core::wizard::Wizard;
use eca_vault::{Keychain, Vault, VaultError};
use tokio_util::sync::CancellationToken;

pub use connections::{PasteCheck, SavedCredentials};
pub use outline::{SetupOutline, StepOutline};
pub use practice::{PracticeConnectedApp, PracticeCredentials};
pub use rehearsing::{PracticeMistake, PracticeRehearsal};
pub use verifying::VerifyOptions;

// The core's types, and its pure rules: what a profile asks, the checklist and the migration's
// path it gives, whether typed values can be used, which flow a verification takes.
pub use eca_core::checklist::{Field, FieldValue, PageHeader, Section};
pub use eca_core::domain::{clean_host, is_practice_domain, normalize_domain};
pub use eca_core::files::SetAside;
pub use eca_core::inputs::{derive_api_name, validate, FieldIssue, SetupInputs};
pub use eca_core::journal::Journal;
pub use eca_core::migration::{
    migration_path, screens as migration_screens, Fact, MigrationPage, MigrationPath, Rehearsal,
    Route, RoutePath,
};
pub use eca_core::partner::CredentialPart;
pub use eca_core::profile::Guide;
pub use eca_core::screen::{Screen, StepId};
pub use eca_core::secret::Secret;
pub use eca_core::setup::{org_label, Setup, SetupEdit, SetupView, Timestamp};
pub use eca_core::store::Listing;
pub use eca_core::verify_flows::{choose_flow, default_flow, FlowChoice, FlowRefused};
pub use eca_core::wizard::{Catalog, Home, SetupSummary};
pub use eca_core::{
    checklist, paths, profile, profiles, test_hooks, Checklist, ErrorCode, Profile, Step, UiError,
};
// The assistant connected to an org, read-only: what its use cases give, and the Migrate
// button's words.
pub use eca_org::inventory::migrate_text;
pub use eca_org::{
    AppCheck, Finding, FindingSource, Inventory, InventoryApp, MigrateButton, OrgIdentity,
    SfCliLogin,
};
// The practice org the command line serves on its own (`Desk::start_practice_org`).
pub use eca_practice::{PracticeConfig, PracticeOrg};
pub use eca_report::{DatePattern, Dates, Format};
pub use eca_vault::connections::check_name as check_connection_name;
pub use eca_vault::{Connection, ConnectionList, NewConnection, PasteIssue, Severity};
pub use eca_verify::diagnosis::PASSWORD_FLOW_UNSUPPORTED;
pub use eca_verify::{CheckStatus, Progress, Verification};

pub struct Desk {
    wizard: Wizard,
    vault: Vault,
    practice: practice::PracticeOrgs,
    /// Cancels the verification that is running, if any.
    running: Mutex<Option<CancellationToken>>,
    /// The Salesforce CLI's token while the assistant uses the CLI's login: this run only,
    /// never in the keychain (`org.rs`).
    org_cli_token: Mutex<Option<eca_core::secret::Secret>>,
    /// Holds `setups/`, `connections.json` and each setup's last verification.
    data_dir: PathBuf,
    /// Shared with the keychain and the file writer, which write down what settles late.
    journal: Arc<Journal>,
}

impl Desk {
    /// `data_dir` holds `setups/` and `connections.json`; secrets go to `keychain`; what
    /// happens, and every error the admin sees, goes to `journal`.
    pub fn new(data_dir: &Path, keychain: Keychain, journal: Journal) -> Desk {
        let journal = Arc::new(journal);
        connections::log_late_calls(&keychain, &journal);
        Desk {
            wizard: Wizard::new(SetupStore::new(data_dir.join("setups"))),
            vault: Vault::new(data_dir, keychain),
            practice: practice::PracticeOrgs::default(),
            running: Mutex::new(None),
            org_cli_token: Mutex::new(None),
            data_dir: data_dir.to_owned(),
            journal,
        }
    }

    /// The app's desk: `data_dir` as `new` says, secrets in the OS keychain under this build's
    /// service name (a development build's apart from a release's).
    pub fn with_os_keychain(data_dir: &Path, journal: Journal) -> Desk {
        Desk::new(data_dir, Keychain::for_this_build(), journal)
    }

    /// The desk the command line uses: the app's own data folder, keychain and support log,
    /// so a setup started in one is found by the other.
    pub fn for_this_computer() -> Result<Desk, UiError> {
        let dir = paths::data_dir().ok_or(VaultError::NoDataDir)?;
        // The app's log folder (on macOS and Windows not inside the data folder).
        let logs = paths::log_dir().unwrap_or_else(|| dir.join("logs"));
        Ok(Desk::with_os_keychain(&dir, Journal::open(&logs)))
    }

    pub fn journal(&self) -> &Journal {
        &self.journal
    }

    /// The integrations the app offers and the wording of every ECA setting.
    pub fn catalog(&self) -> Catalog {
        eca_core::wizard::catalog()
    }

    /// Opens `url`, a page of the setup's org (its running practice org's, for a practice
    /// setup) or of Salesforce Help, in the system browser; any other address is refused.
    pub async fn open_link(&self, setup_id: &str, url: &str) -> Result<(), UiError> {
        let view = self.wizard.read(setup_id)?;
        let org = if view.setup.practice {
            let host = self.practice.host(setup_id).await;
            host.and_then(|host| normalize_domain(&host).ok())
        } else {
            view.checklist.org
        };
        eca_core::links::open_in_browser(url, org.as_ref())
    }

    /// The keychain's service name that a connection's entries are under, to tell the admin
    /// where their key and secret went.
    pub fn keychain_service(&self, practice: bool) -> String {
        self.vault.keychain().service(practice)
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
}

/// Nothing these locks guard can be left half-changed by a panic, so a poisoned one is usable.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}
