//! The assistant connected to the admin's org, read-only (issue 23): connect (the web server
//! flow with PKCE through the assistant's own External Client App), check a setup's app as the
//! org holds it, list every integration for the 2027 inventory, and disconnect. While connected
//! the access token is in the keychain (the assistant's own entry, `EntryKind::OrgToken`) and
//! only who and where in `org-connection.json`; disconnecting revokes the token and deletes
//! both. A check's result is kept beside the setup for its report (`org-checks/ID.json`; the
//! report's section for it comes later).

use std::path::PathBuf;

use eca_core::files::{read_versioned, write_private_json, Versioned};
use eca_core::setup::Timestamp;
use eca_core::wizard::find_profile;
use eca_core::{profiles, ErrorCode, UiError};
use eca_org::{
    AppCheck, ConnectRequest, Inventory, OrgError, OrgErrorCode, OrgIdentity, OrgSession,
};
use eca_vault::EntryKind;
use eca_verify::{LoopbackConfig, Progress};
use serde::{Deserialize, Serialize};
use tokio_util::sync::CancellationToken;

use crate::Desk;

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

/// Written for the report; reading it back comes with the report's section.
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
        let opener = |url: &str| eca_core::links::open_in_browser(url);
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

    /// Every connected app and External Client App in use, for the 2027 inventory.
    pub async fn org_inventory(&self) -> Result<Inventory, UiError> {
        let session = self.org_session().await?;
        eca_org::inventory(&session, profiles()).await.map_err(ui)
    }

    /// Revokes the assistant's token and forgets the connection. A token the org had ended
    /// already counts as revoked; a revoke the org refuses keeps everything, to try again.
    pub async fn org_disconnect(&self) -> Result<(), UiError> {
        match self.org_session().await {
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
