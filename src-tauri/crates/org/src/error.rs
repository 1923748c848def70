//! Why reading the org failed, as a closed code, one sentence and a fix: the sign-in refused
//! (with the verification's own diagnosis), the session over, a permission missing for one
//! object or metadata type, or an answer that is not Salesforce's.

use eca_verify::Diagnosis;
use serde::Serialize;
use ts_rs::TS;

/// What the UI branches on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub enum OrgErrorCode {
    /// The sign-in was refused or could not happen; the diagnosis says why.
    SignIn,
    /// The access token no longer works (expired, revoked): connect again.
    SessionEnded,
    /// The signed-in user lacks a permission for what was read.
    NoAccess,
    /// The org does not know a metadata type or object (an older API version, a feature off).
    UnknownType,
    /// The org could not be reached.
    Network,
    /// The org answered in a way Salesforce does not.
    Unexpected,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum OrgError {
    /// The sign-in or a request that never got an answer, as the verification explains it.
    #[error("{}", .0.message)]
    Diagnosed(Diagnosis),
    #[error("Salesforce ended the assistant's session ({said}).")]
    SessionEnded { said: String },
    /// `what` was refused; `permission` is what the user needs for it.
    #[error("Salesforce did not let the signed-in user read {what} ({said}).")]
    NoAccess {
        what: String,
        permission: String,
        said: String,
    },
    #[error("The org does not know {what} ({said}).")]
    UnknownType { what: String, said: String },
    #[error("Salesforce's answer to {what} could not be read (HTTP {status}).")]
    Unexpected { what: String, status: u16 },
}

impl OrgError {
    pub fn code(&self) -> OrgErrorCode {
        match self {
            OrgError::Diagnosed(diagnosis) => match diagnosis.code {
                eca_verify::DiagnosisCode::DnsFailure
                | eca_verify::DiagnosisCode::ConnectionRefused
                | eca_verify::DiagnosisCode::TlsFailure
                | eca_verify::DiagnosisCode::Timeout
                | eca_verify::DiagnosisCode::ProxyUnreachable
                | eca_verify::DiagnosisCode::ProxyAuthRequired
                | eca_verify::DiagnosisCode::ProxyForbidden
                | eca_verify::DiagnosisCode::ProxyCannotReachOrg => OrgErrorCode::Network,
                _ => OrgErrorCode::SignIn,
            },
            OrgError::SessionEnded { .. } => OrgErrorCode::SessionEnded,
            OrgError::NoAccess { .. } => OrgErrorCode::NoAccess,
            OrgError::UnknownType { .. } => OrgErrorCode::UnknownType,
            OrgError::Unexpected { .. } => OrgErrorCode::Unexpected,
        }
    }

    /// One sentence for a person.
    pub fn message(&self) -> String {
        self.to_string()
    }

    /// What to do about it.
    pub fn fix(&self) -> String {
        match self {
            OrgError::Diagnosed(diagnosis) => diagnosis.fix.clone(),
            OrgError::SessionEnded { .. } => {
                "Connect the assistant to the org again (org connect); its session lasts as long as the org's session timeout.".into()
            }
            OrgError::NoAccess { permission, .. } => format!(
                "Sign in as a user with {permission}, or give the user it (a permission set), then connect again."
            ),
            OrgError::UnknownType { .. } => {
                "Check that External Client Apps are enabled in the org (Setup → External Client App Settings) and that the org runs API version 59.0 or later.".into()
            }
            OrgError::Unexpected { .. } => {
                "Check that the domain is your org's My Domain; if it is, try again in a minute.".into()
            }
        }
    }
}

impl From<Diagnosis> for OrgError {
    fn from(diagnosis: Diagnosis) -> OrgError {
        OrgError::Diagnosed(diagnosis)
    }
}
