//! The practice orgs of this run: one per practice setup, started when the setup is opened and
//! stopped when the app exits. A new run gets a new port and new practice credentials; a
//! rehearsed mistake (`rehearsing`) starts the org again on its port with its key and secret.

use std::collections::HashMap;
use std::time::Duration;

use eca_core::migration::Route;
use eca_core::profile::Profile;
use eca_core::setup::Setup;
use eca_core::{ErrorCode, UiError};
use eca_practice::{MigrateRefusal, PracticeConfig, PracticeOrg};
use serde::{Deserialize, Serialize};
use tokio::sync::Mutex;
use ts_rs::TS;

use crate::rehearsing::PracticeMistake;
use crate::Desk;

/// The practice org's own key and secret. Practice values only: showing them is the point.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PracticeCredentials {
    /// The External Client App's key: after an in-place migration that kept it, the connected
    /// app's.
    pub consumer_key: String,
    pub consumer_secret: String,
    /// The connected app a practice migration starts with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub connected_app: Option<PracticeConnectedApp>,
}

/// The practice org's connected app, as its Setup pages show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PracticeConnectedApp {
    pub name: String,
    pub consumer_key: String,
    pub local: bool,
    pub password_flow: bool,
    pub users: u32,
    /// Whether Migrate to External Client App has been clicked.
    pub migrated: bool,
}

#[derive(Default)]
pub(crate) struct PracticeOrgs {
    running: Mutex<HashMap<String, Running>>,
}

/// A setup's practice org and the mistake its app rehearses, if any.
struct Running {
    org: PracticeOrg,
    mistake: Option<PracticeMistake>,
}

impl PracticeOrgs {
    /// Starts the setup's practice org unless it runs already; returns its host. A practice
    /// migration's org has its connected app, migrated already when the setup says so.
    pub(crate) async fn ensure(&self, setup: &Setup, profile: &Profile) -> Result<String, UiError> {
        let mut running = self.running.lock().await;
        if let Some(entry) = running.get(&setup.id) {
            return Ok(entry.org.host());
        }
        let mut config = PracticeConfig::from_profile(profile, &setup.inputs);
        // A person signs in on the practice org's page and clicks Allow, as in a real org.
        config.auto_approve = false;
        let migration = setup.migration.as_ref();
        if let Some(rehearsal) = migration.and_then(|m| m.rehearsal) {
            config = config.with_connected_app(profile, rehearsal);
        }
        let org = eca_practice::start(config, None).await?;
        let migrated =
            migration.is_some_and(|m| m.route == Some(Route::InPlace) && m.migrated_at.is_some());
        if migrated {
            // What the admin did before the app restarted; an app that cannot be migrated stays.
            let _ = org.migrate_in_place();
        }
        let host = org.host();
        let entry = Running { org, mistake: None };
        running.insert(setup.id.clone(), entry);
        Ok(host)
    }

    pub(crate) async fn credentials(&self, setup_id: &str) -> Result<PracticeCredentials, UiError> {
        let running = self.running.lock().await;
        let org = &running.get(setup_id).ok_or_else(not_running)?.org;
        let connected_app = org
            .config()
            .connected_app
            .as_ref()
            .map(|app| PracticeConnectedApp {
                name: app.name.clone(),
                consumer_key: app.consumer_key.clone(),
                local: app.local,
                password_flow: app.password_flow,
                users: app.users,
                migrated: org.migrated(),
            });
        Ok(PracticeCredentials {
            consumer_key: org.consumer_key().to_owned(),
            consumer_secret: org.consumer_secret().expose().to_owned(),
            connected_app,
        })
    }

    /// The address of the setup's practice org while it runs (`127.0.0.1:PORT`).
    pub(crate) async fn host(&self, setup_id: &str) -> Option<String> {
        let running = self.running.lock().await;
        running.get(setup_id).map(|entry| entry.org.host())
    }

    /// The practice org's address and the Consumer Key of the assistant's own app in it.
    pub(crate) async fn assistant_app(&self, setup_id: &str) -> Result<(String, String), UiError> {
        let running = self.running.lock().await;
        let org = &running.get(setup_id).ok_or_else(not_running)?.org;
        Ok((org.host(), org.assistant_key().to_owned()))
    }

    /// Stops the setup's practice org, so that the next `ensure` starts it with the setup's
    /// settings as they are now (a new port, key and secret).
    pub(crate) async fn stop(&self, setup_id: &str) {
        let entry = self.running.lock().await.remove(setup_id);
        if let Some(entry) = entry {
            entry.org.shutdown().await;
        }
    }

    /// The mistake the setup's practice app rehearses, if any.
    pub(crate) async fn rehearsing(
        &self,
        setup_id: &str,
    ) -> Result<Option<PracticeMistake>, UiError> {
        let running = self.running.lock().await;
        let entry = running.get(setup_id).ok_or_else(not_running)?;
        Ok(entry.mistake)
    }

    /// Starts the setup's practice org again with the settings `change` makes of its running
    /// ones, on the same port, so its address stays the setup's domain. A connected app it had
    /// migrated in place is migrated again, so the key a saved connection holds stays valid.
    /// Should the port be taken meanwhile, the org is gone until the setup is opened again.
    pub(crate) async fn restart(
        &self,
        setup_id: &str,
        mistake: Option<PracticeMistake>,
        change: impl FnOnce(&PracticeConfig) -> PracticeConfig,
    ) -> Result<(), UiError> {
        let mut running = self.running.lock().await;
        let entry = running.get(setup_id).ok_or_else(not_running)?;
        let config = change(entry.org.config());
        let (port, migrated) = (entry.org.port(), entry.org.migrated());
        if let Some(entry) = running.remove(setup_id) {
            entry.org.shutdown().await;
        }
        let org = start_on(config, port).await?;
        if migrated {
            let _ = org.migrate_in_place();
        }
        running.insert(setup_id.to_owned(), Running { org, mistake });
        Ok(())
    }

    /// Clicks Migrate to External Client App in the setup's practice org (once).
    pub(crate) async fn migrate(&self, setup_id: &str) -> Result<(), UiError> {
        let running = self.running.lock().await;
        let org = &running.get(setup_id).ok_or_else(not_running)?.org;
        match org.migrate_in_place() {
            Ok(()) | Err(MigrateRefusal::AlreadyMigrated) => Ok(()),
            Err(refusal) => Err(UiError::new(
                ErrorCode::InvalidInput,
                refusal.to_string(),
                "Choose another route: this practice org's connected app cannot be migrated in place.",
            )),
        }
    }
}

impl Desk {
    /// A practice org of no setup's (the command line's `practice-org`), playing `config`'s
    /// app on `port` of 127.0.0.1 (any free one with `None`). It serves until its owner shuts
    /// it down.
    pub async fn start_practice_org(
        &self,
        config: PracticeConfig,
        port: Option<u16>,
    ) -> Result<PracticeOrg, UiError> {
        let org = eca_practice::start(config, port).await?;
        self.journal
            .info("practice.started", &[("org", &org.host())]);
        Ok(org)
    }
}

/// Starts a practice org on the port another one just left; the old server may take a moment
/// to let go of it.
async fn start_on(config: PracticeConfig, port: u16) -> Result<PracticeOrg, UiError> {
    let mut tries = 0;
    loop {
        match eca_practice::start(config.clone(), Some(port)).await {
            Ok(org) => return Ok(org),
            Err(_) if tries < 20 => {
                tries += 1;
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            Err(err) => return Err(err.into()),
        }
    }
}

fn not_running() -> UiError {
    UiError::new(
        ErrorCode::PracticeOrgFailed,
        "The practice org for this setup is not running.",
        "Open the setup again from the home screen; that starts its practice org.",
    )
}
