//! The one error shape that reaches a person: a closed `code` the UI can branch on, one sentence
//! saying what happened, and a hint saying what to do. Each core error converts into it here.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::files::FileError;
use crate::inputs::FieldIssue;
use crate::store::StoreError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub enum ErrorCode {
    InvalidInput,
    UnknownProfile,
    UnknownStep,
    SetupNotFound,
    /// A file or folder to write is already there (a report, a metadata folder with files).
    FileExists,
    StorageFailed,
    /// Another program (a second window, the command line) is changing the same saved files.
    DataFolderBusy,
    OpenFailed,
    Unexpected,
    // The keychain and saved connections.
    KeychainUnavailable,
    KeychainLocked,
    KeychainTimeout,
    ConnectionExists,
    ConnectionNotFound,
    /// A saved connection belongs to another org than the setup it would be verified for.
    ConnectionOtherOrg,
    InvalidCredential,
    ClipboardFailed,
    // The practice org and verification.
    PracticeOrgFailed,
    NetworkFailed,
    // The assistant connected to an org, read-only (`eca-org`).
    /// Not connected, or the org ended the session: connect again.
    OrgNotConnected,
    /// The org refused the sign-in or a read (a permission, API access control, the app).
    OrgRefused,
    Cancelled,
    TimedOut,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, thiserror::Error)]
#[error("{message} {hint}")]
#[ts(export)]
pub struct UiError {
    pub code: ErrorCode,
    pub message: String,
    pub hint: String,
    /// The input fields at fault, for `InvalidInput`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldIssue>,
}

impl UiError {
    pub fn new(code: ErrorCode, message: impl Into<String>, hint: impl Into<String>) -> UiError {
        UiError {
            code,
            message: message.into(),
            hint: hint.into(),
            fields: Vec::new(),
        }
    }

    pub fn unknown_profile(id: &str) -> UiError {
        let known: Vec<&str> = crate::profiles().iter().map(|p| p.id.as_str()).collect();
        UiError::new(
            ErrorCode::UnknownProfile,
            format!("There is no integration called “{id}”."),
            format!("Choose one of: {}.", known.join(", ")),
        )
    }

    pub fn invalid_input(fields: Vec<FieldIssue>) -> UiError {
        UiError {
            code: ErrorCode::InvalidInput,
            message: "Some of what you entered needs fixing.".into(),
            hint: "Each field says what is wrong beside it.".into(),
            fields,
        }
    }
}

impl From<FileError> for UiError {
    fn from(err: FileError) -> UiError {
        match err {
            FileError::Io { path, source, action } => UiError::new(
                ErrorCode::StorageFailed,
                format!("The app's files could not be used: could not {action} {} ({source}).", path.display()),
                "Check that the disk is not full and that you can write to that folder, then try again.",
            ),
            FileError::Busy { path, waited } => UiError::new(
                ErrorCode::DataFolderBusy,
                format!(
                    "Another ECA Setup Assistant (a second window or eca-setup-cli) has been changing the same saved files for over {} seconds, so this change was not made (lock file: {}).",
                    waited.as_secs(),
                    path.display()
                ),
                "Let the other one finish (if it shows a keyring prompt, answer it) or close it, then try again.",
            ),
        }
    }
}

impl From<StoreError> for UiError {
    fn from(err: StoreError) -> UiError {
        match err {
            StoreError::NotFound(id) => UiError::new(
                ErrorCode::SetupNotFound,
                format!("The saved setup {id} is no longer there."),
                "The home screen and `eca-setup-cli setups` list every saved setup.",
            ),
            StoreError::BadId(id) => UiError::new(
                ErrorCode::SetupNotFound,
                format!("“{id}” is not the id of a saved setup."),
                "Setup ids are listed on the home screen and by `eca-setup-cli setups`.",
            ),
            StoreError::File(FileError::Io { path, source, action }) => UiError::new(
                ErrorCode::StorageFailed,
                format!("Your progress could not be saved: could not {action} {} ({source}).", path.display()),
                "Check that the disk is not full and that you can write to that folder, then try again.",
            ),
            StoreError::File(other) => other.into(),
        }
    }
}
