//! What a verification found, as data: the checks (passed, failed or skipped), a failure's
//! diagnosis (a closed code, a sentence, the fix, the step to revisit) and the progress a run
//! reports. Here so that the report, the app and the CLI can read a result without the HTTP
//! stack; running a verification and the error table that fills a diagnosis live in
//! `eca-verify`. No token value ever appears here: the tokens stay inside the run.

use serde::Serialize;
use ts_rs::TS;

use crate::{FlowChoice, StepId};

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

/// Every reason a check can fail. The UI branches on this, never on the sentences.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub enum DiagnosisCode {
    // Salesforce's token and authorize errors.
    InvalidClientId,
    AppNotFound,
    RedirectMismatch,
    PkceRequired,
    InvalidCodeVerifier,
    ExpiredCode,
    InvalidClientCredentials,
    /// A connected app that is not installed in this org, for a user without "Approve
    /// Uninstalled Connected Apps" (`invalid_client` / `app must be installed into org`).
    ConnectedAppNotInstalled,
    /// The sign-in went to another org than the app's: a browser signed in to another org, or
    /// login.salesforce.com instead of the org's My Domain (`OAUTH_AUTHORIZATION_BLOCKED`).
    CrossOrgSignIn,
    /// A `scope` sent with a client-credentials token request (`scope parameter not supported`).
    ScopeWithClientCredentials,
    /// Salesforce's own error page that names no cause (`OAUTH_APPROVAL_ERROR_GENERIC`).
    GenericErrorPage,
    AuthenticationFailure,
    /// Client credentials sent to login.salesforce.com or test.salesforce.com instead of the
    /// org's My Domain (`request not supported on this domain`).
    DomainNotSupported,
    UnsupportedGrantType,
    NoClientCredentialsUser,
    UserNotApproved,
    IpRestricted,
    InactiveUser,
    ExpiredToken,
    InvalidScope,
    /// Client credentials with no API-type scope selected (`no valid scopes defined`).
    NoApiScope,
    AccessDenied,
    /// An `error` Salesforce sent that the table does not know.
    OAuthError,
    // The REST API.
    InvalidSession,
    QueryFailed,
    // What was granted compared with what the profile requires.
    MissingScope,
    NoRefreshToken,
    InstanceMismatch,
    RunAsMismatch,
    SignatureMismatch,
    // The web server flow's browser round trip.
    StateMismatch,
    CallbackTimeout,
    LoopbackUnavailable,
    BrowserFailed,
    // The network.
    DnsFailure,
    ConnectionRefused,
    TlsFailure,
    Timeout,
    /// The proxy set in `HTTPS_PROXY` / `ALL_PROXY` could not be reached (not found, refused).
    ProxyUnreachable,
    /// The proxy asks for a user name and password, or refused the ones given (407).
    ProxyAuthRequired,
    /// The proxy does not allow a connection to the org (403, or another refusal).
    ProxyForbidden,
    /// The proxy could not reach the org (502, 503, 504): often a misspelt My Domain.
    ProxyCannotReachOrg,
    InsecureUrl,
    UnexpectedResponse,
    /// An answer that waiting may fix: the step that changes it was marked done minutes ago.
    ChangePropagating,
    /// The username-password flow, which External Client Apps do not support.
    PasswordFlowUnsupported,
    // The admin's own doing.
    Cancelled,
    InvalidRequest,
}

/// One failure explained: `message` says what happened, `fix` what to do, `step` which
/// checklist step to revisit, when one applies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Diagnosis {
    pub code: DiagnosisCode,
    pub message: String,
    pub fix: String,
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub step: Option<StepId>,
}

impl Diagnosis {
    pub fn new(
        code: DiagnosisCode,
        message: impl Into<String>,
        fix: impl Into<String>,
        step: Option<StepId>,
    ) -> Diagnosis {
        Diagnosis {
            code,
            message: message.into(),
            fix: fix.into(),
            step,
        }
    }

    pub fn cancelled() -> Diagnosis {
        Diagnosis::new(
            DiagnosisCode::Cancelled,
            "The verification was canceled.",
            "Start it again when you are ready.",
            None,
        )
    }
}
