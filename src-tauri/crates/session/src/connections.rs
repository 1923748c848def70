//! Saved connections: the paste checks, keeping a key and secret in the keychain (for a setup
//! or on their own), listing, renaming, replacing the secret, removing, and reading a value
//! for the clipboard.

use eca_core::partner::CredentialPart;
use eca_core::secret::Secret;
use eca_core::setup::{SetupEdit, SetupView};
use eca_core::{ErrorCode, UiError};
use eca_vault::{
    check_credentials, Connection, ConnectionList, NewConnection, PasteIssue, PasteReport,
    Severity, Stage,
};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::Desk;

/// What the paste checks say about a key and secret, with the key as it will be saved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PasteCheck {
    pub report: PasteReport,
    pub consumer_key: String,
}

/// A setup's credentials once kept: the setup tied to them, the connection, and what the
/// checks noted without refusing.
pub struct SavedCredentials {
    pub view: SetupView,
    pub connection: Connection,
    pub notes: Vec<PasteIssue>,
}

impl Desk {
    pub fn check_paste(&self, consumer_key: &str, consumer_secret: Secret) -> PasteCheck {
        let checked = check_credentials(consumer_key, &consumer_secret, Stage::Paste);
        PasteCheck {
            report: checked.report,
            consumer_key: checked.consumer_key,
        }
    }

    /// Keeps a key and secret in the keychain under `new.name`, after the checks a save makes.
    /// Returns the connection and what the checks noted without refusing (trimmed spaces, a
    /// shape worth a second look).
    pub async fn add_connection(
        &self,
        new: NewConnection,
        consumer_key: &str,
        consumer_secret: &Secret,
    ) -> Result<(Connection, Vec<PasteIssue>), UiError> {
        self.keep_connection(new, consumer_key, consumer_secret, false)
            .await
    }

    /// `add_connection`, or with `replace` the same replacing a connection of that name: the
    /// vault checks everything before it changes anything.
    async fn keep_connection(
        &self,
        new: NewConnection,
        consumer_key: &str,
        consumer_secret: &Secret,
        replace: bool,
    ) -> Result<(Connection, Vec<PasteIssue>), UiError> {
        let checked = check_credentials(consumer_key, consumer_secret, Stage::Save);
        if checked.report.swap_suggested {
            return Err(UiError::new(
                ErrorCode::InvalidCredential,
                "The Consumer Key and the Consumer Secret seem to be swapped: the key looks like a secret and the secret like a key (a key starts with 3MVG).",
                "Give the Consumer Key first and the Consumer Secret second.",
            ));
        }
        let connection = if replace {
            self.vault
                .replace(new, &checked.consumer_key, &checked.consumer_secret)
                .await?
        } else {
            self.vault
                .add(new, &checked.consumer_key, &checked.consumer_secret)
                .await?
        };
        self.journal.info(
            "credentials.saved",
            &[
                ("connection", &connection.name),
                ("key", &connection.consumer_key_masked),
            ],
        );
        let notes = checked
            .report
            .issues
            .into_iter()
            .filter(|issue| issue.severity != Severity::Error)
            .collect();
        Ok((connection, notes))
    }

    /// Saves the key and secret in the keychain under `name` and ties the setup to it. With
    /// `replace`, the setup's own connection of that name is replaced (the app's form saving
    /// again); without, a name in use is refused (the command line's `connection add`).
    pub async fn save_credentials(
        &self,
        setup_id: &str,
        name: &str,
        consumer_key: &str,
        consumer_secret: Secret,
        replace: bool,
    ) -> Result<SavedCredentials, UiError> {
        let view = self.read(setup_id)?;
        let setup = &view.setup;
        let org_host = match (&view.checklist.org, setup.practice) {
            (Some(org), _) => org.host.clone(),
            (None, true) => "practice org".into(),
            (None, false) => {
                let why = eca_core::normalize_domain(&setup.inputs.domain)
                    .err()
                    .map_or_else(String::new, |issue| issue.message);
                return Err(UiError::new(
                    ErrorCode::InvalidInput,
                    format!("The setup {} has no usable org domain yet: {why}", setup.id),
                    "Enter the org's My Domain in the setup first.",
                ));
            }
        };
        let new = NewConnection {
            name: name.to_owned(),
            profile_id: setup.profile_id.clone(),
            setup_id: Some(setup.id.clone()),
            org_host,
            practice: setup.practice,
        };
        // Only the setup's own connection is replaced; the new values are checked before the
        // old ones are touched, so a bad paste leaves working credentials in place.
        let replacing = replace
            && setup
                .connection
                .as_ref()
                .is_some_and(|old| old.eq_ignore_ascii_case(name.trim()));
        let (connection, notes) = self
            .keep_connection(new, consumer_key, &consumer_secret, replacing)
            .await?;
        let view = self.wizard.edit(
            setup_id,
            SetupEdit::UseConnection {
                name: Some(connection.name.clone()),
            },
        )?;
        Ok(SavedCredentials {
            view,
            connection,
            notes,
        })
    }

    pub async fn connections(&self) -> Result<ConnectionList, UiError> {
        Ok(self.vault.list().await?)
    }

    pub async fn rename_connection(
        &self,
        name: &str,
        new_name: &str,
    ) -> Result<Connection, UiError> {
        let renamed = self.vault.rename(name, new_name).await?;
        if let Some(setup_id) = &renamed.setup_id {
            // The setup may have been deleted since, or moved to other credentials; the
            // connection stands on its own.
            let _ = self
                .wizard
                .follow_connection(setup_id, name, Some(renamed.name.clone()));
        }
        Ok(renamed)
    }

    pub async fn replace_secret(&self, name: &str, secret: Secret) -> Result<Connection, UiError> {
        Ok(self.vault.replace_secret(name, &secret).await?)
    }

    /// Removes the connection and its keychain entries; its setup forgets it, unless it uses
    /// another connection by now.
    pub async fn remove_connection(&self, name: &str) -> Result<Connection, UiError> {
        let removed = self.vault.remove(name).await?;
        if let Some(setup_id) = &removed.setup_id {
            // Only if it still uses this one: it may have been given other credentials since.
            let _ = self.wizard.follow_connection(setup_id, &removed.name, None);
        }
        self.journal
            .info("connection.removed", &[("connection", &removed.name)]);
        Ok(removed)
    }

    /// The connection's Consumer Key or Secret, for the partner's form. Only the clipboard
    /// reads it; it is never sent to the webview.
    pub async fn credential(
        &self,
        connection: &str,
        part: CredentialPart,
    ) -> Result<Secret, UiError> {
        let credentials = self.vault.credentials(connection).await?;
        Ok(match part {
            CredentialPart::ConsumerKey => Secret::new(credentials.consumer_key),
            CredentialPart::ConsumerSecret => credentials.consumer_secret,
        })
    }
}
