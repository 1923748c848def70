//! What can go wrong with the vault, and the sentence each failure becomes for the admin: what
//! happened, why, and what to do. No message ever carries a secret's text.

use std::time::Duration;

use eca_core::inputs::FieldIssue;
use eca_core::store::StoreError;
use eca_core::{ErrorCode, UiError};

use crate::keychain::EntryKind;

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum VaultError {
    /// No keychain in this session: no Secret Service on the bus, or no bus at all.
    #[error("no keychain is reachable: {0}")]
    Unavailable(String),
    /// The keychain is locked, or the admin dismissed its unlock prompt.
    #[error("the keychain is locked: {0}")]
    Locked(String),
    /// The keychain did not answer in time. The call changed nothing: if it answers later, what
    /// it changed is put back before the next keychain call starts.
    #[error("the keychain did not answer within {0:?}")]
    Timeout(Duration),
    /// Any other keychain failure.
    #[error("the keychain failed: {0}")]
    Keychain(String),
    #[error("a connection named {0:?} already exists")]
    Exists(String),
    #[error("there is no connection named {0:?}")]
    NotFound(String),
    /// The connection is saved but the keychain no longer holds one of its entries.
    #[error("the keychain holds no {} for {name:?}", kind.label())]
    Missing { name: String, kind: EntryKind },
    /// The pasted key or secret cannot be used; one issue per field at fault.
    #[error("the credentials cannot be used")]
    InvalidCredentials(Vec<FieldIssue>),
    #[error("{}", .0.message)]
    InvalidName(FieldIssue),
    #[error("there is no data directory on this system")]
    NoDataDir,
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl VaultError {
    /// Why the keychain store could not be set up when this process first asked for it.
    pub(crate) fn from_store_status(err: &keyring::Error) -> VaultError {
        VaultError::Unavailable(err.to_string())
    }

    /// Whether the failure is the keychain's (unavailable, locked, slow or failing).
    pub fn is_keychain(&self) -> bool {
        matches!(
            self,
            VaultError::Unavailable(_)
                | VaultError::Locked(_)
                | VaultError::Timeout(_)
                | VaultError::Keychain(_)
        )
    }
}

impl From<keyring::Error> for VaultError {
    fn from(err: keyring::Error) -> VaultError {
        match err {
            keyring::Error::NoDefaultStore => VaultError::Unavailable(err.to_string()),
            keyring::Error::NoStorageAccess(cause) => VaultError::Locked(cause.to_string()),
            // Displays of the other variants name the failure, never the stored bytes.
            other => VaultError::Keychain(other.to_string()),
        }
    }
}

const NOTHING_SAVED: &str = "Nothing was written to disk.";

impl From<VaultError> for UiError {
    fn from(err: VaultError) -> UiError {
        match err {
            VaultError::Unavailable(cause) => UiError::new(
                ErrorCode::KeychainUnavailable,
                format!(
                    "No keychain is running in this session, so the credentials cannot be stored safely (the system's secret store could not be reached: {cause})."
                ),
                if cfg!(target_os = "linux") || cfg!(target_os = "freebsd") {
                    format!("Start your desktop's keyring (GNOME Keyring or KWallet) or log in to a desktop session, then try again. {NOTHING_SAVED}")
                } else {
                    format!("Log in to a desktop session with your system keychain available, then try again. {NOTHING_SAVED}")
                },
            ),
            VaultError::Locked(cause) => UiError::new(
                ErrorCode::KeychainLocked,
                format!("The keychain is locked or refused access ({cause})."),
                format!("Unlock your keyring (answer its password prompt, or open Passwords and Keys) and try again. {NOTHING_SAVED}"),
            ),
            // True once the late call has settled: the keychain undoes it before the next call.
            VaultError::Timeout(after) => UiError::new(
                ErrorCode::KeychainTimeout,
                format!("The keychain did not answer within {} seconds, so nothing was saved or removed.", after.as_secs()),
                "If a keyring prompt is waiting for you, answer it, or unlock or restart your keyring; then try again. Should the keychain finish the request later, the app puts back what it changed.",
            ),
            VaultError::Keychain(cause) => UiError::new(
                ErrorCode::KeychainUnavailable,
                format!("The keychain could not complete the request ({cause})."),
                "Try again; if it keeps failing, restart your keyring or log out and back in.",
            ),
            VaultError::Exists(name) => UiError::new(
                ErrorCode::ConnectionExists,
                format!("There is already a saved connection called “{name}”."),
                "Choose another name (names are compared ignoring upper and lower case), or remove the old connection first.",
            ),
            VaultError::NotFound(name) => UiError::new(
                ErrorCode::ConnectionNotFound,
                format!("There is no saved connection called “{name}”."),
                "The saved connections screen (or `eca-setup-cli connection list`) shows every name.",
            ),
            VaultError::Missing { name, kind } => UiError::new(
                ErrorCode::ConnectionNotFound,
                format!("The keychain no longer holds the {} of “{name}”.", kind.label()),
                "Replace the secret on the saved connections screen, or remove the connection and add it again.",
            ),
            VaultError::InvalidCredentials(fields) => UiError {
                fields,
                ..UiError::new(
                    ErrorCode::InvalidCredential,
                    "The Consumer Key or Consumer Secret cannot be used as pasted.",
                    "Each field says what is wrong beside it.",
                )
            },
            VaultError::InvalidName(issue) => UiError::invalid_input(vec![issue]),
            VaultError::NoDataDir => UiError::new(
                ErrorCode::StorageFailed,
                "There is no folder for the app's data on this system (no home or data directory).",
                "Set XDG_DATA_HOME (or HOME) and try again.",
            ),
            VaultError::Store(busy @ StoreError::Busy { .. }) => UiError::from(busy),
            VaultError::Store(StoreError::Io { action, path, source }) => UiError::new(
                ErrorCode::StorageFailed,
                format!("The list of saved connections could not be saved: could not {action} {} ({source}).", path.display()),
                "Check that the disk is not full and that you can write to that folder, then try again.",
            ),
            VaultError::Store(other) => UiError::new(
                ErrorCode::StorageFailed,
                format!("The list of saved connections could not be saved ({other})."),
                "Check that you can write to the app's data folder, then try again.",
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_keychain_names_the_cause_and_the_fix() {
        let ui = UiError::from(VaultError::from(keyring::Error::NoDefaultStore));
        assert_eq!(ui.code, ErrorCode::KeychainUnavailable);
        assert!(
            ui.message
                .starts_with("No keychain is running in this session"),
            "{}",
            ui.message
        );
        assert!(
            ui.hint.contains("Nothing was written to disk"),
            "{}",
            ui.hint
        );
    }

    #[test]
    fn denied_access_is_a_locked_keychain() {
        let err = keyring::Error::NoStorageAccess("prompt dismissed".into());
        let ui = UiError::from(VaultError::from(err));
        assert_eq!(ui.code, ErrorCode::KeychainLocked);
        assert!(ui.hint.starts_with("Unlock your keyring"), "{}", ui.hint);
    }

    #[test]
    fn a_timeout_says_how_long_it_waited() {
        let ui = UiError::from(VaultError::Timeout(Duration::from_secs(10)));
        assert_eq!(ui.code, ErrorCode::KeychainTimeout);
        assert_eq!(
            ui.message,
            "The keychain did not answer within 10 seconds, so nothing was saved or removed."
        );
        assert!(ui.hint.contains("puts back what it changed"), "{}", ui.hint);
    }
}
