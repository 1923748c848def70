//! What can go wrong with the vault, and the sentence each failure becomes for the admin: what
//! happened, why, and what to do, in the words of this platform's keychain (Secret Service on
//! Linux, Keychain on macOS, Credential Manager on Windows). No message ever carries a secret's
//! text.

use std::time::Duration;

use eca_core::files::FileError;
use eca_core::inputs::FieldIssue;
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
    /// The keychain refuses a value this long: Windows Credential Manager holds at most 2,560
    /// bytes, and `keyring` stores text there as UTF-16 (so 1,280 characters).
    #[error("the keychain refuses a {what} this long (its limit is {limit})")]
    TooLong { what: String, limit: u32 },
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
    /// The change would drop a refresh token an earlier version kept, which nobody revoked:
    /// deleting its entry would leave it valid in Salesforce with no way for the app to revoke
    /// it. Nothing was changed.
    #[error("the keychain holds a refresh token for {0:?} that was not revoked")]
    TokenNotRevoked(String),
    /// A change failed part-way (in the keychain, or saving the list after it) and putting the
    /// changed keychain entries back failed too: they may hold part of the change.
    #[error("{failure}; putting back the keychain entries of {name:?} failed too: {rollback}")]
    RollbackFailed {
        name: String,
        failure: String,
        rollback: String,
    },
    #[error(transparent)]
    File(#[from] FileError),
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
                | VaultError::TooLong { .. }
                | VaultError::RollbackFailed { .. }
        )
    }
}

impl From<keyring::Error> for VaultError {
    fn from(err: keyring::Error) -> VaultError {
        match err {
            keyring::Error::NoDefaultStore => VaultError::Unavailable(err.to_string()),
            keyring::Error::NoStorageAccess(cause) => VaultError::Locked(cause.to_string()),
            keyring::Error::PlatformFailure(cause) if refused_by_the_admin(cause.as_ref()) => {
                VaultError::Locked(cause.to_string())
            }
            keyring::Error::TooLong(what, limit) => VaultError::TooLong { what, limit },
            // Displays of the other variants name the failure, never the stored bytes.
            other => VaultError::Keychain(other.to_string()),
        }
    }
}

/// A keychain failure `keyring` reports as the platform's own that is in fact the keychain
/// being locked or the admin saying no. On macOS: the unlock prompt dismissed
/// (`errSecUserCanceled`, -128), a wrong password typed at it (`errSecAuthFailed`, -25293), or a
/// locked keychain with no one to ask (`errSecInteractionNotAllowed`, -25308, as over SSH);
/// Apple's "Security Framework Result Codes". `keyring` already reports the others that mean
/// "no access" (`errSecNotAvailable`, `errSecNoSuchKeychain`, ...) as such.
#[cfg(target_os = "macos")]
fn refused_by_the_admin(cause: &(dyn std::error::Error + Send + Sync + 'static)) -> bool {
    const USER_CANCELED: i32 = -128;
    const AUTH_FAILED: i32 = -25293;
    const INTERACTION_NOT_ALLOWED: i32 = -25308;
    cause
        .downcast_ref::<security_framework::base::Error>()
        .is_some_and(|err| {
            matches!(
                err.code(),
                USER_CANCELED | AUTH_FAILED | INTERACTION_NOT_ALLOWED
            )
        })
}

/// Elsewhere `keyring` already sorts refusals into `NoStorageAccess`: a locked collection or a
/// dismissed prompt on Linux, a program with no logon session of its own on Windows.
#[cfg(not(target_os = "macos"))]
fn refused_by_the_admin(_cause: &(dyn std::error::Error + Send + Sync + 'static)) -> bool {
    false
}

/// What this platform's keychain is called in a sentence, and what the admin does when it is
/// missing, refuses access, fails or does not answer. Each build compiles (and lints) only its
/// own platform's words.
struct Words {
    unavailable_fix: &'static str,
    /// The sentence's start; the keychain's own words follow in brackets.
    locked: &'static str,
    locked_fix: &'static str,
    timeout_fix: &'static str,
    failure_fix: &'static str,
}

#[cfg(target_os = "macos")]
const WORDS: Words = Words {
    unavailable_fix: "Log in to your Mac's desktop session (your login keychain opens with it), then try again.",
    locked: "The macOS Keychain is locked or refused access",
    locked_fix: "Unlock your login keychain: answer the Keychain prompt with your Mac login password and choose Allow, or unlock it in Keychain Access (over SSH, run `security unlock-keychain` first); then try again.",
    timeout_fix: "If a Keychain prompt is waiting for you (it may be behind other windows), answer it, then try again.",
    failure_fix: "Try again; if it keeps failing, check in Keychain Access that your login keychain is unlocked, or log out and back in.",
};

#[cfg(windows)]
const WORDS: Words = Words {
    unavailable_fix: "Sign in to Windows with your own account (Credential Manager belongs to a signed-in session), then try again.",
    locked: "Windows Credential Manager is not available to this program, which runs without a signed-in Windows session of its own (over SSH or a network logon, as a scheduled task or as a service)",
    locked_fix: "Run it from your own signed-in Windows session (the desktop, or a terminal opened there), then try again.",
    timeout_fix: "Try again; if it keeps happening, sign out of Windows and back in.",
    failure_fix: "Try again; if it keeps failing, check that Credential Manager opens (Control Panel, Credential Manager, Windows Credentials), or sign out and back in.",
};

#[cfg(not(any(target_os = "macos", windows)))]
const WORDS: Words = Words {
    unavailable_fix: "Start your desktop's keyring (GNOME Keyring or KWallet) or log in to a desktop session, then try again.",
    locked: "The keychain is locked or refused access",
    locked_fix: "Unlock your keyring (answer its password prompt, or open Passwords and Keys) and try again.",
    timeout_fix: "If a keyring prompt is waiting for you, answer it, or unlock or restart your keyring; then try again.",
    failure_fix: "Try again; if it keeps failing, restart your keyring or log out and back in.",
};

const NOTHING_SAVED: &str = "Nothing was written to disk.";

/// Where an admin revokes an External Client App's tokens by hand (FIDELITY.md L14). Once
/// Salesforce no longer knows the token, the app's own revoke counts it as gone and the entry
/// can go.
pub const REVOKE_BY_HAND: &str = "Revoke it yourself in Setup: in the Quick Find box enter External Client Apps, select OAuth Usage, and revoke the app's token; then try again.";

impl From<VaultError> for UiError {
    fn from(err: VaultError) -> UiError {
        match err {
            VaultError::Unavailable(cause) => UiError::new(
                ErrorCode::KeychainUnavailable,
                format!(
                    "No keychain is running in this session, so the credentials cannot be stored safely (the system's secret store could not be reached: {cause})."
                ),
                format!("{} {NOTHING_SAVED}", WORDS.unavailable_fix),
            ),
            VaultError::Locked(cause) => UiError::new(
                ErrorCode::KeychainLocked,
                format!("{} ({cause}).", WORDS.locked),
                format!("{} {NOTHING_SAVED}", WORDS.locked_fix),
            ),
            // True once the late call has settled: the keychain undoes it before the next call.
            VaultError::Timeout(after) => UiError::new(
                ErrorCode::KeychainTimeout,
                format!("The keychain did not answer within {} seconds, so nothing was saved or removed.", after.as_secs()),
                format!("{} Should the keychain finish the request later, the app puts back what it changed.", WORDS.timeout_fix),
            ),
            VaultError::Keychain(cause) => UiError::new(
                ErrorCode::KeychainUnavailable,
                format!("The keychain could not complete the request ({cause})."),
                WORDS.failure_fix,
            ),
            VaultError::TooLong { what, limit } => UiError::new(
                ErrorCode::InvalidCredential,
                format!("The keychain cannot hold a value this long ({what}: at most {limit} bytes)."),
                format!("A Consumer Key is 85 characters and a Consumer Secret 64 (or 19 digits): check that only the key or the secret was pasted, then try again. {NOTHING_SAVED}"),
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
            VaultError::TokenNotRevoked(name) => UiError::new(
                ErrorCode::OrgRefused,
                format!("The keychain holds a refresh token an earlier version of this app kept for “{name}”, and it was not revoked, so nothing was changed: deleting it would leave it valid in Salesforce."),
                REVOKE_BY_HAND,
            ),
            VaultError::RollbackFailed { name, failure, rollback } => UiError::new(
                ErrorCode::KeychainUnavailable,
                format!("The change to “{name}” failed ({failure}), and the keychain entries it had already changed could not be put back ({rollback}): the keychain may hold part of the change."),
                format!("{} Then save the connection's key and secret again, or remove it and add it again.", WORDS.failure_fix),
            ),
            VaultError::File(busy @ FileError::Busy { .. }) => UiError::from(busy),
            VaultError::File(FileError::Io { action: "read", path, source }) => UiError::new(
                ErrorCode::StorageFailed,
                format!("The list of saved connections could not be read ({}: {source}), so nothing was changed.", path.display()),
                "Check that the file belongs to your account and can be read (a file left by a run with sudo belongs to root: give it back with chown), then try again.",
            ),
            VaultError::File(FileError::Io { action, path, source }) => UiError::new(
                ErrorCode::StorageFailed,
                format!("The list of saved connections could not be saved: could not {action} {} ({source}).", path.display()),
                "Check that the disk is not full and that you can write to that folder, then try again.",
            ),
            VaultError::File(other) => UiError::new(
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

    /// Each platform's refusal, as its `keyring` store reports it, becomes `KeychainLocked` with
    /// that platform's sentence; these run on their own platform only.
    #[cfg(all(unix, not(target_os = "macos")))]
    #[test]
    fn linux_a_dismissed_prompt_or_a_locked_collection_is_a_locked_keychain() {
        for refusal in [secret_service::Error::Prompt, secret_service::Error::Locked] {
            let err = keyring::Error::NoStorageAccess(Box::new(refusal));
            let ui = UiError::from(VaultError::from(err));
            assert_eq!(ui.code, ErrorCode::KeychainLocked);
            assert!(
                ui.message
                    .starts_with("The keychain is locked or refused access ("),
                "{}",
                ui.message
            );
            assert_eq!(
                ui.hint,
                "Unlock your keyring (answer its password prompt, or open Passwords and Keys) and try again. Nothing was written to disk."
            );
        }
    }

    #[cfg(target_os = "macos")]
    #[test]
    fn macos_a_dismissed_or_failed_unlock_prompt_is_a_locked_keychain() {
        use security_framework::base::Error as SecError;
        // What the keychain store reports as the platform's failure (errSecUserCanceled,
        // errSecAuthFailed, errSecInteractionNotAllowed) and as no access (errSecNotAvailable).
        let refusals = [-128, -25293, -25308]
            .map(|code| keyring::Error::PlatformFailure(Box::new(SecError::from_code(code))));
        let no_access = keyring::Error::NoStorageAccess(Box::new(SecError::from_code(-25291)));
        for err in refusals.into_iter().chain([no_access]) {
            let ui = UiError::from(VaultError::from(err));
            assert_eq!(ui.code, ErrorCode::KeychainLocked, "{}", ui.message);
            assert!(
                ui.message
                    .starts_with("The macOS Keychain is locked or refused access ("),
                "{}",
                ui.message
            );
            assert!(
                ui.hint.starts_with("Unlock your login keychain"),
                "{}",
                ui.hint
            );
        }
        // A duplicate item (errSecDuplicateItem) is a failure, not a refusal.
        let other = keyring::Error::PlatformFailure(Box::new(SecError::from_code(-25299)));
        let ui = UiError::from(VaultError::from(other));
        assert_eq!(ui.code, ErrorCode::KeychainUnavailable);
        assert!(ui.hint.contains("Keychain Access"), "{}", ui.hint);
    }

    #[cfg(windows)]
    #[test]
    fn windows_no_logon_session_says_to_run_from_a_signed_in_session() {
        // ERROR_NO_SUCH_LOGON_SESSION, the one code the Credential Manager store reports as no
        // access: CredRead and CredWrite return it to a network logon (SSH) or a service.
        const ERROR_NO_SUCH_LOGON_SESSION: i32 = 1312;
        let cause = std::io::Error::from_raw_os_error(ERROR_NO_SUCH_LOGON_SESSION);
        let err = keyring::Error::NoStorageAccess(Box::new(cause));
        let ui = UiError::from(VaultError::from(err));
        assert_eq!(ui.code, ErrorCode::KeychainLocked);
        assert!(
            ui.message
                .starts_with("Windows Credential Manager is not available to this program"),
            "{}",
            ui.message
        );
        assert!(ui.message.contains("over SSH"), "{}", ui.message);
        assert_eq!(
            ui.hint,
            "Run it from your own signed-in Windows session (the desktop, or a terminal opened there), then try again. Nothing was written to disk."
        );
    }

    #[test]
    fn a_value_too_long_for_the_keychain_says_what_a_key_and_secret_look_like() {
        // What the Credential Manager store answers past CRED_MAX_CREDENTIAL_BLOB_SIZE.
        let err = keyring::Error::TooLong("password encoded as UTF-16".into(), 2560);
        let vault = VaultError::from(err);
        assert!(vault.is_keychain());
        let ui = UiError::from(vault);
        assert_eq!(ui.code, ErrorCode::InvalidCredential);
        assert_eq!(
            ui.message,
            "The keychain cannot hold a value this long (password encoded as UTF-16: at most 2560 bytes)."
        );
        assert!(ui.hint.contains("85 characters"), "{}", ui.hint);
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
