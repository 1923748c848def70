//! What can go wrong when configuring or starting the practice org, and the sentence each
//! failure shows a person. OAuth refusals are not errors of this kind: see `oauth_error`.

use eca_core::{ErrorCode, UiError};

use crate::overrides::KEYS;

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PracticeError {
    /// `--set` named a setting the practice org does not have.
    #[error("There is no practice setting called “{key}”; the settings are: {}.", KEYS.join(", "))]
    UnknownSetting { key: String },
    /// `--set` gave a value the setting cannot take.
    #[error("“{value}” is not a valid value for {key}: expected {expected}.")]
    BadValue {
        key: String,
        value: String,
        expected: String,
    },
    /// The loopback port could not be bound.
    #[error("The practice org could not listen on {address} ({source}).")]
    Bind {
        address: String,
        #[source]
        source: std::io::Error,
    },
}

impl From<PracticeError> for UiError {
    fn from(err: PracticeError) -> UiError {
        let message = err.to_string();
        match err {
            PracticeError::UnknownSetting { .. } => UiError::new(
                ErrorCode::InvalidInput,
                message,
                "Use one of the settings listed, for example --set require_pkce=true.",
            ),
            PracticeError::BadValue { ref key, .. } => UiError::new(
                ErrorCode::InvalidInput,
                message,
                format!("Give {key} one of the values listed."),
            ),
            PracticeError::Bind { .. } => UiError::new(
                ErrorCode::PracticeOrgFailed,
                message,
                "Another program may be using that port: choose another one, or leave the port out to use any free one.",
            ),
        }
    }
}
