//! What a verification is asked to do: which flow, with which credentials, against which org,
//! and how long to wait for things (the browser, propagation of a new app). Plain data; the
//! flows themselves live in `run`.

use std::time::Duration;

use eca_core::eca::Flow;
use eca_core::inputs::SetupInputs;
use eca_core::profile::EcaSettings;
use eca_core::secret::Secret;
use eca_core::Profile;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The OAuth flow a verification uses, in the order DESIGN.md prefers them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum FlowChoice {
    ClientCredentials,
    WebServer,
    /// Username-password: legacy, blocked by default since Summer '23; only when asked for.
    Password,
}

impl FlowChoice {
    /// The first flow the app's settings allow: client credentials where the app enables it,
    /// else the web server flow (every OAuth-enabled app allows it). The username-password
    /// flow is never picked; a caller asks for it explicitly.
    pub fn for_profile(eca: &EcaSettings) -> FlowChoice {
        if eca.flows.value.contains(&Flow::ClientCredentials) && eca.client_credentials_policy.value
        {
            FlowChoice::ClientCredentials
        } else {
            FlowChoice::WebServer
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            FlowChoice::ClientCredentials => "client credentials",
            FlowChoice::WebServer => "web server (browser sign-in)",
            FlowChoice::Password => "username-password (legacy)",
        }
    }

    /// The value of `--flow` on the command line.
    pub fn cli_name(self) -> &'static str {
        match self {
            FlowChoice::ClientCredentials => "client-credentials",
            FlowChoice::WebServer => "web-server",
            FlowChoice::Password => "password",
        }
    }
}

/// Where the web server flow's redirect comes back to. The listener binds 127.0.0.1 only;
/// the redirect URI says `localhost`, as the Salesforce CLI's does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoopbackConfig {
    pub port: u16,
    /// Starts with `/`.
    pub path: String,
    /// How long to wait for the admin to sign in and click Allow.
    pub timeout: Duration,
}

impl Default for LoopbackConfig {
    fn default() -> LoopbackConfig {
        LoopbackConfig {
            port: 1717,
            path: "/OauthRedirect".into(),
            timeout: Duration::from_secs(300),
        }
    }
}

impl LoopbackConfig {
    /// The callback URL the admin adds to the app: `http://localhost:1717/OauthRedirect`.
    pub fn redirect_uri(&self) -> String {
        format!("http://localhost:{}{}", self.port, self.path)
    }
}

/// How long to keep retrying while a new app's key is still "not found" on the login servers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Stop retrying after this long (Salesforce says up to ten minutes).
    pub total: Duration,
    /// The first wait; each next wait doubles, up to `max_backoff`.
    pub first_backoff: Duration,
    pub max_backoff: Duration,
}

impl Default for RetryPolicy {
    fn default() -> RetryPolicy {
        RetryPolicy {
            total: Duration::from_secs(600),
            first_backoff: Duration::from_secs(5),
            max_backoff: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// No retry at all: the first "not found" is the answer.
    pub fn none() -> RetryPolicy {
        RetryPolicy {
            total: Duration::ZERO,
            first_backoff: Duration::ZERO,
            max_backoff: Duration::ZERO,
        }
    }
}

/// A username and password (with the security token appended) for the legacy flow.
#[derive(Debug, Clone)]
pub struct PasswordLogin {
    pub username: String,
    pub password: Secret,
}

/// Everything one verification needs.
#[derive(Debug, Clone)]
pub struct VerifyRequest {
    pub profile: Profile,
    /// The admin's inputs; `domain` is the org to verify against.
    pub inputs: SetupInputs,
    pub flow: FlowChoice,
    pub consumer_key: String,
    pub consumer_secret: Secret,
    /// The SOQL to run; `None` runs `SELECT Id, Name FROM Organization`.
    pub soql: Option<String>,
    pub loopback: LoopbackConfig,
    /// The scopes the web server flow asks for. `None` (the default) asks for none, so
    /// Salesforce grants every scope selected on the app and the comparison with the profile
    /// names what is missing; `Some` asks for exactly these tokens (a scope the app lacks is
    /// then refused as `invalid_scope`).
    pub authorize_scopes: Option<Vec<String>>,
    /// Required for `FlowChoice::Password`.
    pub password_login: Option<PasswordLogin>,
    pub propagation: RetryPolicy,
    /// Revoke the tokens this verification obtained once the checks are done.
    pub revoke_after: bool,
    /// The limit on each HTTP request.
    pub request_timeout: Duration,
}

pub const DEFAULT_SOQL: &str = "SELECT Id, Name FROM Organization";

impl VerifyRequest {
    /// A request with the defaults: the profile's own flow, the default query and loopback,
    /// ten minutes of propagation retries, no revoke.
    pub fn new(
        profile: Profile,
        inputs: SetupInputs,
        consumer_key: impl Into<String>,
        consumer_secret: Secret,
    ) -> VerifyRequest {
        let flow = FlowChoice::for_profile(eca_core::checklist::effective_eca(&profile, &inputs));
        VerifyRequest {
            profile,
            inputs,
            flow,
            consumer_key: consumer_key.into(),
            consumer_secret,
            soql: None,
            loopback: LoopbackConfig::default(),
            authorize_scopes: None,
            password_login: None,
            propagation: RetryPolicy::default(),
            revoke_after: false,
            request_timeout: Duration::from_secs(30),
        }
    }
}
