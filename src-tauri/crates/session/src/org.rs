//! The assistant connected to the admin's org, read-only (issue 23): connect (the web server
//! flow with PKCE through the assistant's own External Client App), check a setup's app as the
//! org holds it, list every integration for the 2027 inventory, and disconnect. While connected
//! the access token is in the keychain (the assistant's own entry, `EntryKind::OrgToken`) and
//! only who and where in `org-connection.json`; disconnecting revokes the token and deletes
//! both. A check's result is kept beside the setup for its report (`org-checks/ID.json`, read
//! back by the report's section "Checked in Salesforce").

use std::path::{Path, PathBuf};

use eca_core::files::{read_versioned, write_private_json, Versioned};
use eca_core::migration::Route;
use eca_core::setup::Timestamp;
use eca_core::wizard::find_profile;
use eca_core::{profiles, ErrorCode, UiError};
use eca_org::{
    AppCheck, ConnectRequest, Inventory, OrgError, OrgErrorCode, OrgIdentity, OrgSession, SfCli,
    SfCliLogin,
};
use eca_vault::EntryKind;
use eca_verify::{LoopbackConfig, Progress};
use serde::{Deserialize, Serialize};
use tokio_util::sync::CancellationToken;

use crate::{Desk, SetupEdit, SetupView};

/// The keychain entry name the assistant's token is kept under.
const ENTRY: &str = "ECA Setup Assistant (org)";
const SCHEMA: u32 = 1;

/// What is kept on disk while connected: never the token.
#[derive(Serialize, Deserialize)]
struct Saved {
    schema: u32,
    connected_at: Timestamp,
    identity: OrgIdentity,
    base: String,
}

/// Written for the report; `eca_report::load_org_check` reads it back (the field names of
/// `AppCheck` it relies on are its contract).
#[derive(Serialize)]
struct SavedCheck {
    schema: u32,
    checked_at: Timestamp,
    check: AppCheck,
}

/// An org error in the app's words.
fn ui(err: OrgError) -> UiError {
    let code = match err.code() {
        OrgErrorCode::SessionEnded => ErrorCode::OrgNotConnected,
        OrgErrorCode::Network => ErrorCode::NetworkFailed,
        OrgErrorCode::Unexpected => ErrorCode::Unexpected,
        OrgErrorCode::SignIn | OrgErrorCode::NoAccess | OrgErrorCode::UnknownType => {
            ErrorCode::OrgRefused
        }
    };
    UiError::new(code, err.message(), err.fix())
}

fn not_connected() -> UiError {
    UiError::new(
        ErrorCode::OrgNotConnected,
        "ECA Setup Assistant is not connected to an org.",
        "Connect it first: org connect --domain YOUR-DOMAIN (the Consumer Key of the assistant's own External Client App on standard input).",
    )
}

impl Desk {
    fn org_file(&self) -> PathBuf {
        self.data_dir.join("org-connection.json")
    }

    /// Signs the assistant in to the org at `domain` with its own app's `consumer_key` and
    /// keeps the token in the keychain until `org_disconnect`. An earlier connection is
    /// disconnected first.
    pub async fn org_connect(
        &self,
        domain: &str,
        consumer_key: &str,
        practice: bool,
        progress: &(dyn Fn(Progress) + Send + Sync),
    ) -> Result<OrgIdentity, UiError> {
        if self.org_identity().is_some() {
            self.org_disconnect().await?;
        }
        let request = ConnectRequest {
            domain: domain.to_owned(),
            consumer_key: consumer_key.to_owned(),
            practice,
            loopback: LoopbackConfig::default(),
        };
        let org = eca_core::domain::normalize_domain(domain).ok();
        let opener = move |url: &str| eca_core::links::open_in_browser(url, org.as_ref());
        let (session, identity) =
            eca_org::connect(&request, &opener, progress, &CancellationToken::new())
                .await
                .map_err(ui)?;
        let kept = self
            .vault
            .keychain()
            .set_all(
                identity.practice,
                ENTRY,
                vec![(EntryKind::OrgToken, session.token.clone())],
            )
            .await;
        if let Err(err) = kept {
            // Nothing may outlive a connection that could not be kept.
            let _ = eca_org::disconnect(&session).await;
            return Err(err.into());
        }
        let saved = Saved {
            schema: SCHEMA,
            connected_at: Timestamp::now(),
            identity: identity.clone(),
            base: session.base.clone(),
        };
        write_private_json(&self.org_file(), &saved)?;
        self.journal.info(
            "org.connected",
            &[("host", &identity.host), ("user", &identity.username)],
        );
        Ok(identity)
    }

    /// The Salesforce CLI's login to the org at `domain`, when `sf` is installed and authorized
    /// to it: what the screen offers. None when it is not (or the CLI does not answer).
    pub async fn org_sf_cli_login(&self, domain: &str) -> Option<SfCliLogin> {
        SfCli::find()?.login_for(domain).await
    }

    /// Connects with the Salesforce CLI's login of `username` to the org at `domain`, after
    /// checking the token with reads. Its token stays in memory for this run, not the keychain.
    /// An earlier connection is disconnected first.
    pub async fn org_connect_sf_cli(
        &self,
        domain: &str,
        username: &str,
        practice: bool,
    ) -> Result<OrgIdentity, UiError> {
        let Some(cli) = SfCli::find() else {
            return Err(UiError::new(
                ErrorCode::InvalidInput,
                "The Salesforce CLI (sf) is not installed on this computer.",
                "Connect the assistant with its own External Client App instead.",
            ));
        };
        if self.org_identity().is_some() {
            self.org_disconnect().await?;
        }
        let (session, identity) = cli.connect(domain, username, practice).await.map_err(ui)?;
        *crate::lock(&self.org_cli_token) = Some(session.token);
        let saved = Saved {
            schema: SCHEMA,
            connected_at: Timestamp::now(),
            identity: identity.clone(),
            base: session.base,
        };
        write_private_json(&self.org_file(), &saved)?;
        self.journal.info(
            "org.connected",
            &[
                ("host", &identity.host),
                ("user", &identity.username),
                ("login", &"salesforce-cli"),
            ],
        );
        Ok(identity)
    }

    /// Connects the assistant to a practice setup's org, through the assistant's own app there
    /// (its key is practice data), signing in on the practice org's page in the browser as in
    /// a real org.
    pub async fn org_connect_practice(
        &self,
        setup_id: &str,
        progress: &(dyn Fn(Progress) + Send + Sync),
    ) -> Result<OrgIdentity, UiError> {
        let view = self.read(setup_id)?;
        if !view.setup.practice {
            return Err(UiError::new(
                ErrorCode::InvalidInput,
                "This setup is not a practice setup, so it has no practice org to connect to.",
                "Connect to your org with its My Domain and the Consumer Key of the assistant's own app.",
            ));
        }
        let profile = find_profile(&view.setup.profile_id)?;
        self.practice.ensure(&view.setup, profile).await?;
        let (host, key) = self.practice.assistant_app(setup_id).await?;
        self.org_connect(&host, &key, true, progress).await
    }

    /// Who and where the assistant is connected, if it is.
    pub fn org_identity(&self) -> Option<OrgIdentity> {
        match read_versioned::<Saved>(&self.org_file(), SCHEMA).ok()? {
            Versioned::Read(saved) => Some(saved.identity),
            _ => None,
        }
    }

    async fn org_session(&self) -> Result<OrgSession, UiError> {
        let Ok(Versioned::Read(saved)) = read_versioned::<Saved>(&self.org_file(), SCHEMA) else {
            return Err(not_connected());
        };
        let practice = saved.identity.practice;
        if saved.identity.salesforce_cli {
            let kept = crate::lock(&self.org_cli_token).clone();
            let token = match kept {
                Some(token) => token,
                // Another run: the CLI's login is the CLI's to hand out again.
                None => {
                    let cli = SfCli::find().ok_or_else(not_connected)?;
                    let token = cli.token(&saved.identity.username).await.map_err(ui)?;
                    *crate::lock(&self.org_cli_token) = Some(token.clone());
                    token
                }
            };
            return Ok(OrgSession {
                base: saved.base,
                instance: saved.identity.instance_url,
                version: saved.identity.api_version,
                practice,
                token,
            });
        }
        let token = self
            .vault
            .keychain()
            .get_all(practice, ENTRY, vec![EntryKind::OrgToken])
            .await?
            .pop()
            .flatten()
            .ok_or_else(not_connected)?;
        Ok(OrgSession {
            base: saved.base,
            instance: saved.identity.instance_url,
            version: saved.identity.api_version,
            practice,
            token,
        })
    }

    /// Reads the setup's External Client App from the connected org and compares it with the
    /// setup; keeps the result for the setup's report. Changes nothing in the org.
    pub async fn org_check(&self, setup_id: &str) -> Result<AppCheck, UiError> {
        let view = self.read(setup_id)?;
        let profile = find_profile(&view.setup.profile_id)?;
        let session = self.org_session().await?;
        // The setup's saved Consumer Key, for what the org will not show.
        let mut key = None;
        if let Ok(list) = self.vault.list().await {
            if let Some(saved) = list
                .connections
                .iter()
                .find(|c| c.setup_id.as_deref() == Some(setup_id))
            {
                key = self
                    .vault
                    .credentials(&saved.name)
                    .await
                    .ok()
                    .map(|c| c.consumer_key);
            }
        }
        let check = eca_org::check_app(&session, profile, &view.setup.inputs, key.as_deref())
            .await
            .map_err(ui)?;
        let saved = SavedCheck {
            schema: SCHEMA,
            checked_at: Timestamp::now(),
            check: check.clone(),
        };
        let file = self
            .data_dir
            .join("org-checks")
            .join(format!("{setup_id}.json"));
        write_private_json(&file, &saved)?;
        self.journal.info(
            "org.checked",
            &[("setup", &setup_id), ("passed", &check.passed)],
        );
        Ok(check)
    }

    /// Every connected app and External Client App, used or not, for the 2027 inventory.
    pub async fn org_inventory(&self) -> Result<Inventory, UiError> {
        let session = self.org_session().await?;
        eca_org::inventory(&session, profiles()).await.map_err(ui)
    }

    /// Saves the inventory as CSV at `path` (the save dialog has asked before replacing).
    pub async fn save_org_inventory_csv(&self, path: &Path) -> Result<(), UiError> {
        let list = self.org_inventory().await?;
        eca_core::files::write_atomically(path, list.to_csv().as_bytes())?;
        self.journal
            .info("org.inventory_exported", &[("path", &path.display())]);
        Ok(())
    }

    /// Starts moving an app the inventory lists: a migration for the partner it most likely
    /// belongs to (the custom integration when unknown), with the old app's name, its users,
    /// how it signs in and, where the inventory knows it, the route already filled in.
    pub async fn org_start_move(&self, app_name: &str) -> Result<SetupView, UiError> {
        let list = self.org_inventory().await?;
        let Some(app) = list.apps.iter().find(|app| app.name == app_name) else {
            return Err(UiError::new(
                ErrorCode::InvalidInput,
                format!("{app_name} is no longer in the org's list of integrations."),
                "Refresh the list and start the move from it again.",
            ));
        };
        let profile_id = app
            .partner
            .as_ref()
            .map_or("custom", |partner| partner.profile_id.as_str());
        let id = self.start_migration(profile_id)?.setup.id;
        let local = app.route == Some(Route::InPlace);
        let users = Some(app.users).filter(|users| *users > 0);
        self.record_old_app(&id, &app.name, local, users)?;
        let mut view = self.record_sign_ins(&id, app.username_password_sign_ins > 0)?;
        if let Some(route) = app.route {
            view = self.choose_route(&id, route).await?;
        }
        // The org is the one connected (a practice org's address is no real setup's domain).
        if let Some(identity) = self.org_identity().filter(|identity| !identity.practice) {
            let domain = SetupEdit::Input {
                field: "domain".into(),
                value: identity.host,
            };
            view = self.wizard.edit(&id, domain)?;
        }
        self.journal
            .info("org.move_started", &[("setup", &id), ("app", &app_name)]);
        Ok(view)
    }

    /// Revokes the assistant's token and forgets the connection. A token the org had ended
    /// already counts as revoked; a revoke the org refuses keeps everything, to try again.
    /// The Salesforce CLI's login is only forgotten, not revoked.
    pub async fn org_disconnect(&self) -> Result<(), UiError> {
        let borrowed = self
            .org_identity()
            .is_some_and(|identity| identity.salesforce_cli);
        // The Salesforce CLI's token is not revoked: that would log the CLI out too.
        *crate::lock(&self.org_cli_token) = None;
        let session = if borrowed {
            Err(not_connected())
        } else {
            self.org_session().await
        };
        match session {
            Ok(session) => {
                eca_org::disconnect(&session).await.map_err(ui)?;
                self.vault
                    .keychain()
                    .delete(session.practice, ENTRY, vec![EntryKind::OrgToken])
                    .await?;
            }
            Err(err) if err.code == ErrorCode::OrgNotConnected => {}
            Err(err) => return Err(err),
        }
        match std::fs::remove_file(self.org_file()) {
            Ok(()) => {}
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {}
            Err(err) => {
                return Err(UiError::new(
                    ErrorCode::StorageFailed,
                    format!(
                        "The token was revoked, but {} could not be deleted ({err}).",
                        self.org_file().display()
                    ),
                    "Delete that file yourself; it holds no token.",
                ))
            }
        }
        self.journal.info("org.disconnected", &[]);
        Ok(())
    }
}
