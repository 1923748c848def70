//! What a verification reports: one check per thing proved (or not), and the facts learnt on the
//! way. No token value ever appears here: the tokens stay inside the run, which revokes them
//! when it ends unless asked to keep them.

use serde::Serialize;
use ts_rs::TS;

use crate::diagnosis::Diagnosis;
use eca_core::FlowChoice;

/// The checks, in the order they run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum CheckId {
    /// The org's address resolves and answers.
    Domain,
    /// One of the partner's callback URLs is registered: the partner's own authorize request
    /// on it gets the login page, not `redirect_uri_mismatch`. One check per callback URL.
    PartnerCallback,
    /// The partner's PKCE choice (a challenge or none) is accepted by the app.
    PartnerPkce,
    /// The scopes the partner's sign-in asks for are accepted.
    PartnerScopes,
    /// Salesforce issued an access token.
    Token,
    /// A pre-authorized app: the user's profile or permission set is assigned to it.
    PermittedUsers,
    /// The token response's signature matches the Consumer Secret.
    Signature,
    /// `instance_url` belongs to the domain entered.
    Instance,
    /// Every scope the profile requires was granted.
    Scopes,
    /// A refresh token came with the access token.
    RefreshToken,
    /// The refresh token works once (and rotation is honoured).
    Refresh,
    /// The token requests worked with the partner's choice of sending the Consumer Secret.
    PartnerSecret,
    /// userinfo says who the token is for.
    Userinfo,
    /// Client credentials: the token acts as the Run As user.
    RunAs,
    /// `GET /services/data` lists API versions.
    ApiVersions,
    /// The SOQL query runs.
    Query,
    /// What became of the test tokens: revoked (passed), kept as asked or none issued
    /// (skipped), or a revoke Salesforce refused (failed). Its detail says it in a sentence.
    Revoke,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum CheckStatus {
    Passed,
    Failed,
    Skipped,
}

/// One thing proved or not. `detail` says what was found; a failure carries its diagnosis.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Check {
    pub id: CheckId,
    pub title: String,
    pub status: CheckStatus,
    pub detail: String,
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub diagnosis: Option<Diagnosis>,
}

impl Check {
    pub fn passed(id: CheckId, detail: impl Into<String>) -> Check {
        Check {
            id,
            title: title(id).into(),
            status: CheckStatus::Passed,
            detail: detail.into(),
            diagnosis: None,
        }
    }

    pub fn skipped(id: CheckId, detail: impl Into<String>) -> Check {
        Check {
            id,
            title: title(id).into(),
            status: CheckStatus::Skipped,
            detail: detail.into(),
            diagnosis: None,
        }
    }

    pub fn failed(id: CheckId, diagnosis: Diagnosis) -> Check {
        Check {
            id,
            title: title(id).into(),
            status: CheckStatus::Failed,
            detail: diagnosis.message.clone(),
            diagnosis: Some(diagnosis),
        }
    }

    /// The same check under a title that names the partner ("Vonage AI Studio's callback URL
    /// is registered").
    pub fn titled(self, title: String) -> Check {
        Check { title, ..self }
    }
}

fn title(id: CheckId) -> &'static str {
    match id {
        CheckId::Domain => "The org's address answers",
        CheckId::PartnerCallback => "The partner's callback URL is registered",
        CheckId::PartnerPkce => "Salesforce accepts the partner's PKCE choice",
        CheckId::PartnerScopes => "Salesforce accepts the scopes the partner asks for",
        CheckId::PartnerSecret => {
            "The partner's token requests work with its Consumer Secret choice"
        }
        CheckId::Token => "Salesforce issues an access token",
        CheckId::PermittedUsers => "The user is allowed to use the app (Permitted Users)",
        CheckId::Signature => "The token is signed with this app's secret",
        CheckId::Instance => "The token is for the org entered",
        CheckId::Scopes => "The granted scopes cover what the integration needs",
        CheckId::RefreshToken => "A refresh token is issued",
        CheckId::Refresh => "The refresh token works",
        CheckId::Userinfo => "Salesforce says who the token is for",
        CheckId::RunAs => "The token acts as the Run As user",
        CheckId::ApiVersions => "The REST API answers",
        CheckId::Query => "A SOQL query runs",
        CheckId::Revoke => "The test tokens are revoked",
    }
}

/// The whole result. `passed` is true when no check failed.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct Verification {
    pub profile_id: String,
    pub flow: FlowChoice,
    /// The host the verification talked to.
    pub host: String,
    pub checks: Vec<Check>,
    pub passed: bool,
    pub granted_scopes: Vec<String>,
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_url: Option<String>,
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub org_id: Option<String>,
    /// The newest API version the org lists, such as "62.0".
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub api_version: Option<String>,
    /// Things to know although nothing failed (scopes a flow never carries, rotation, PKCE).
    pub notes: Vec<String>,
}

impl Verification {
    /// The first failed check's diagnosis, if any.
    pub fn first_failure(&self) -> Option<&Diagnosis> {
        self.checks
            .iter()
            .find(|check| check.status == CheckStatus::Failed)
            .and_then(|check| check.diagnosis.as_ref())
    }

    /// The first check with this id (`PartnerCallback` has one per callback URL).
    pub fn check(&self, id: CheckId) -> Option<&Check> {
        self.checks.iter().find(|check| check.id == id)
    }
}

/// What the verification is doing now, for a progress line in the UI.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum Progress {
    /// A step began ("Requesting a token with client credentials").
    Step { message: String },
    /// The browser was opened at Salesforce's sign-in page; waiting for the redirect.
    WaitingForBrowser {
        authorize_url: String,
        redirect_uri: String,
        timeout_secs: u64,
    },
    /// The key is not known yet; waiting for the app to propagate before retry `attempt`.
    WaitingForPropagation {
        attempt: u32,
        waited_secs: u64,
        next_retry_secs: u64,
        total_secs: u64,
    },
    /// One check finished.
    CheckDone { check: Check },
}
