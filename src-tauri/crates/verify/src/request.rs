//! What a verification is asked to do: which flow, with which credentials, against which org,
//! and how long to wait for things (the browser, propagation of a new app). Plain data; the
//! flows themselves live in `run`.

use std::time::Duration;

use eca_core::inputs::SetupInputs;
use eca_core::secret::Secret;
use eca_core::{Profile, StepId};

pub use eca_core::verify_flows::FlowChoice;

/// Where the web server flow's redirect comes back to. The listener binds the port on
/// 127.0.0.1 and ::1 (`loopback`); the redirect URI says `localhost`, as the Salesforce CLI's
/// does, with the port actually bound (`Listener::redirect_uri`).
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
    /// The callback URL the admin adds to the app: `http://localhost:1717/OauthRedirect`. A
    /// request uses `Listener::redirect_uri`, whose port is the one bound (port 0 picks one).
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

/// A checklist step marked done shortly before the verification: an answer it explains may
/// only mean Salesforce has not applied it yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecentChange {
    pub step: StepId,
    /// The step's title, for the sentence.
    pub title: String,
    /// How long before the verification it was marked done.
    pub ago: Duration,
}

impl RecentChange {
    /// The steps of `checklist` marked done (per `done`) less than ten minutes before `now`.
    pub fn from_done(
        checklist: &eca_core::Checklist,
        done: &std::collections::BTreeMap<StepId, eca_core::setup::Timestamp>,
        now: eca_core::setup::Timestamp,
    ) -> Vec<RecentChange> {
        checklist
            .steps
            .iter()
            .filter_map(|step| {
                let at = done.get(&step.id)?;
                let ago = Duration::try_from(now.0 - at.0).ok()?;
                (ago < crate::propagation::WINDOW).then(|| RecentChange {
                    step: step.id,
                    title: step.header.title.clone(),
                    ago,
                })
            })
            .collect()
    }
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
    pub propagation: RetryPolicy,
    /// The steps marked done in the last ten minutes; `None` when not known (no saved setup),
    /// in which case only an unknown key is waited for.
    pub recent_changes: Option<Vec<RecentChange>>,
    /// Revoke the tokens this verification obtained when it ends (the default: nothing uses
    /// them afterwards). `false` leaves them valid in Salesforce until they expire or an admin
    /// revokes them; this crate never hands them out either way.
    pub revoke_after: bool,
    /// The limit on each HTTP request.
    pub request_timeout: Duration,
    /// A practice setup or connection: plain http to the practice org on loopback is allowed.
    /// Set from what the setup is, never from the domain's text: a real setup whose domain
    /// says `localhost:PORT` is refused before its secret is sent anywhere.
    pub practice: bool,
    /// The proxy a real org's requests go through: the process's proxy variables, read once
    /// (`ProxySettings::from_env`). The practice org's requests never use it.
    pub proxy: crate::proxy::ProxySettings,
}

pub const DEFAULT_SOQL: &str = "SELECT Id, Name FROM Organization";

impl VerifyRequest {
    /// A request with the defaults: the profile's own flow, the default query and loopback,
    /// ten minutes of propagation retries, the test tokens revoked at the end, a real org (not
    /// practice).
    pub fn new(
        profile: Profile,
        inputs: SetupInputs,
        consumer_key: impl Into<String>,
        consumer_secret: Secret,
    ) -> VerifyRequest {
        let flow = eca_core::default_flow(&profile, &inputs);
        VerifyRequest {
            profile,
            inputs,
            flow,
            consumer_key: consumer_key.into(),
            consumer_secret,
            soql: None,
            loopback: LoopbackConfig::default(),
            authorize_scopes: None,
            propagation: RetryPolicy::default(),
            recent_changes: None,
            revoke_after: true,
            request_timeout: Duration::from_secs(30),
            practice: false,
            proxy: crate::proxy::ProxySettings::from_env(),
        }
    }
}
