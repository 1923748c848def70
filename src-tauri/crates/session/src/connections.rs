//! Saved connections: the paste checks, keeping a key and secret in the keychain (for a setup
//! or on their own), listing, renaming, replacing the secret, removing, and reading a value
//! for the clipboard. A change that would drop a refresh token an earlier version kept revokes
//! it at its org first (the vault has no HTTP, and drops only a token it is told was revoked).

use std::sync::Arc;
use std::time::Duration;

use eca_core::journal::Journal;
use eca_core::partner::CredentialPart;
use eca_core::secret::Secret;
use eca_core::setup::{SetupEdit, SetupView};
use eca_core::verification::DiagnosisCode;
use eca_core::{ErrorCode, UiError};
use eca_vault::error::REVOKE_BY_HAND;
use eca_vault::keychain::LateOutcome;
use eca_vault::{
    check_credentials, Connection, ConnectionList, Keychain, NewConnection, PasteIssue,
    PasteReport, Severity, Stage, VaultError,
};
use eca_verify::run::revoke_kept_token;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::Desk;

/// How long revoking a refresh token an earlier version kept may take, as in a verification.
const REVOKE_TIMEOUT: Duration = Duration::from_secs(30);

/// Writes each keychain call that answered after its timeout, and what became of what it
/// changed, into the support log as it settles; and the file writer's warnings (a save whose
/// folder could not be synced) with them.
pub(crate) fn log_late_calls(keychain: &Keychain, journal: &Arc<Journal>) {
    let log = Arc::clone(journal);
    keychain.on_late_call(move |late| {
        let outcome = match &late.outcome {
            LateOutcome::NothingChanged => "nothing changed".to_owned(),
            LateOutcome::Undone => "undone".to_owned(),
            LateOutcome::UndoFailed(cause) => format!("undo failed: {cause}"),
            LateOutcome::Kept => "kept".to_owned(),
        };
        let fields: [(&str, &dyn std::fmt::Display); 4] = [
            ("call", &format!("{:?}", late.call)),
            ("connection", &late.connection),
            ("outcome", &outcome),
            ("message", late),
        ];
        if matches!(late.outcome, LateOutcome::UndoFailed(_)) {
            log.error("keychain.late_call", &fields);
        } else {
            log.warn("keychain.late_call", &fields);
        }
    });
    let log = Arc::clone(journal);
    eca_core::files::log_warnings_with(move |event, message| {
        log.warn(event, &[("message", &message)]);
    });
}

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
        // The token a save would drop: the replaced connection's (revoked at its own org, which
        // may not be the new one's), or one left under the name by an earlier connection of it.
        // Nothing is revoked for a save the vault refuses anyway (a bad paste, a name in use).
        let existing = match self.vault.get(&new.name).await {
            Ok(old) => Some(old),
            Err(VaultError::NotFound(_)) => None,
            Err(err) => return Err(err.into()),
        };
        let dropping = match &existing {
            _ if !checked.report.can_save => None,
            Some(old) if replace && old.practice == new.practice => {
                Some((old.practice, old.name.as_str(), old.org_host.as_str()))
            }
            Some(_) => None,
            None => Some((new.practice, new.name.trim(), new.org_host.as_str())),
        };
        let revoked = match dropping {
            Some((practice, name, org)) => {
                self.revoke_before_dropping(practice, name, org, None)
                    .await?
            }
            None => None,
        };
        let (key, secret) = (&checked.consumer_key, &checked.consumer_secret);
        let connection = if replace {
            self.vault.replace(new, key, secret, revoked.as_ref()).await
        } else {
            self.vault.add(new, key, secret, revoked.as_ref()).await
        };
        let connection = self.noted(connection)?;
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
        let old = self.vault.get(name).await?;
        // Only a token left under the new name by an earlier connection of it is dropped; the
        // connection's own moves with it (on a keychain that ignores case it reads as both).
        let own = self
            .vault
            .kept_refresh_token(old.practice, &old.name)
            .await?;
        let revoked = self
            .revoke_before_dropping(old.practice, new_name.trim(), &old.org_host, own.as_ref())
            .await?;
        let renamed = self.vault.rename(name, new_name, revoked.as_ref()).await;
        let renamed = self.noted(renamed)?;
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
        let replaced = self.vault.replace_secret(name, &secret).await;
        Ok(self.noted(replaced)?)
    }

    /// Removes the connection and its keychain entries; its setup forgets it, unless it uses
    /// another connection by now.
    pub async fn remove_connection(&self, name: &str) -> Result<Connection, UiError> {
        let saved = self.vault.get(name).await?;
        let revoked = self
            .revoke_before_dropping(saved.practice, &saved.name, &saved.org_host, None)
            .await?;
        let removed = self.vault.remove(&saved.name, revoked.as_ref()).await;
        let removed = self.noted(removed)?;
        if let Some(setup_id) = &removed.setup_id {
            // Only if it still uses this one: it may have been given other credentials since.
            let _ = self.wizard.follow_connection(setup_id, &removed.name, None);
        }
        self.journal
            .info("connection.removed", &[("connection", &removed.name)]);
        Ok(removed)
    }

    /// Revokes, at `org_host`, the refresh token an earlier version kept under `name` (unless it
    /// is `moving`, which the change keeps), and returns it: the vault drops only that one. A
    /// token that cannot be revoked stays, and nothing changes: the error says to revoke it in
    /// Setup, after which Salesforce no longer knows it and the next try drops it.
    async fn revoke_before_dropping(
        &self,
        practice: bool,
        name: &str,
        org_host: &str,
        moving: Option<&Secret>,
    ) -> Result<Option<Secret>, UiError> {
        let Some(token) = self.vault.kept_refresh_token(practice, name).await? else {
            return Ok(None);
        };
        if moving == Some(&token) {
            return Ok(None);
        }
        match revoke_kept_token(org_host, practice, &token, REVOKE_TIMEOUT).await {
            Ok(()) => {
                self.journal
                    .info("connection.token_revoked", &[("connection", &name)]);
                Ok(Some(token))
            }
            // The practice org keeps its tokens in its own memory (practice/src/grants.rs):
            // one that no longer answers took them with it, and a practice token never
            // worked against Salesforce.
            Err(diagnosis) if practice => {
                self.journal.warn(
                    "connection.token_not_revoked",
                    &[
                        ("connection", &name),
                        ("reason", &diagnosis.message),
                        ("dropped", &"practice token"),
                    ],
                );
                Ok(Some(token))
            }
            Err(diagnosis) => {
                let network = matches!(
                    diagnosis.code,
                    DiagnosisCode::DnsFailure
                        | DiagnosisCode::ConnectionRefused
                        | DiagnosisCode::TlsFailure
                        | DiagnosisCode::Timeout
                        | DiagnosisCode::ProxyUnreachable
                        | DiagnosisCode::ProxyAuthRequired
                        | DiagnosisCode::ProxyForbidden
                        | DiagnosisCode::ProxyCannotReachOrg
                );
                let code = if network {
                    ErrorCode::NetworkFailed
                } else {
                    ErrorCode::OrgRefused
                };
                let err = UiError::new(
                    code,
                    format!(
                        "A refresh token an earlier version of this app kept for “{name}” could not be revoked at {org_host} ({}), so it stays in the keychain and nothing was changed: deleting it would leave it valid in Salesforce.",
                        diagnosis.message.trim_end_matches('.')
                    ),
                    format!("{} {REVOKE_BY_HAND}", diagnosis.fix),
                );
                self.journal.warn(
                    "connection.token_not_revoked",
                    &[("connection", &name), ("reason", &diagnosis.message)],
                );
                Err(err)
            }
        }
    }

    /// The vault's answer, with a change that failed part-way and could not be put back
    /// written to the support log as an error of its own.
    fn noted<T>(&self, result: Result<T, VaultError>) -> Result<T, VaultError> {
        if let Err(err @ VaultError::RollbackFailed { name, .. }) = &result {
            self.journal.error(
                "keychain.rollback_failed",
                &[("connection", name), ("message", err)],
            );
        }
        result
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
