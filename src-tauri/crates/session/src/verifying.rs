//! Verification: which flow (only one the setup's app can be verified with), the request with
//! the steps marked done lately, the run, and what is kept afterwards (the checks for the
//! report, the refresh token, when the connection last passed).

use std::time::Duration;

use eca_core::inputs::SetupInputs;
use eca_core::secret::Secret;
use eca_core::setup::{SetupView, Timestamp};
use eca_core::wizard::find_profile;
use eca_core::{verify_flows, ErrorCode, FlowChoice, Profile, UiError};
use eca_report::save_verification;
use eca_vault::Connection;
use eca_verify::diagnosis::PASSWORD_FLOW_UNSUPPORTED;
use eca_verify::{Progress, RecentChange, RetryPolicy, Verification, VerifyRequest};
use tokio_util::sync::CancellationToken;

use crate::{lock, Desk};

/// How to run a verification; every field has the app's default.
#[derive(Debug, Clone, Default)]
pub struct VerifyOptions {
    /// `None`: the first flow the setup is verified with.
    pub flow: Option<FlowChoice>,
    /// `None`: `SELECT Id, Name FROM Organization`.
    pub soql: Option<String>,
    /// The web server flow's loopback port (default 1717).
    pub port: Option<u16>,
    /// How long to wait for the browser sign-in (default five minutes).
    pub browser_timeout: Option<Duration>,
    /// How long to wait for a new app to reach the login servers (default ten minutes).
    pub propagation_wait: Option<Duration>,
    /// Revoke the tokens the verification obtained once it is done.
    pub revoke: bool,
    /// For `verify_credentials` only: the key and secret are a practice org's, so plain http to
    /// it on loopback is allowed. A saved connection says so itself (its `practice`).
    pub practice: bool,
}

/// A flow the setup's app cannot be verified with, and what to use instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlowRefused {
    pub asked: FlowChoice,
    /// The flow the setup is verified with.
    pub instead: FlowChoice,
    /// The profile's options that would give the app the flow asked for.
    pub enabling_options: Vec<String>,
}

impl From<FlowRefused> for UiError {
    fn from(refused: FlowRefused) -> UiError {
        let instead = format!("verify with the {} flow instead", refused.instead.label());
        let message = if refused.asked == FlowChoice::Password {
            format!("{} Please {instead}.", PASSWORD_FLOW_UNSUPPORTED)
        } else {
            format!(
                "This External Client App cannot be verified with the {} flow: {instead}.",
                refused.asked.label()
            )
        };
        let hint = match refused.enabling_options.as_slice() {
            [] => "Pick a flow from the list the verify screen offers.".to_owned(),
            ids => format!("The option {} gives the app that flow.", ids.join(" or ")),
        };
        UiError::new(ErrorCode::InvalidInput, message, hint)
    }
}

/// The flow to verify with: the one asked for when the setup's app can be verified with it,
/// else the first `verify_flows` offers. The username-password flow is never one (External
/// Client Apps do not support it); nor, for a profile with a guide, is a flow its app does not
/// enable.
pub fn choose_flow(
    profile: &Profile,
    inputs: &SetupInputs,
    asked: Option<FlowChoice>,
) -> Result<FlowChoice, FlowRefused> {
    let offered = verify_flows(profile, inputs);
    let instead = offered.first().copied().unwrap_or(FlowChoice::WebServer);
    let Some(asked) = asked else {
        return Ok(instead);
    };
    let allowed = asked != FlowChoice::Password && (profile.editable || offered.contains(&asked));
    if allowed {
        return Ok(asked);
    }
    let enabling_options = profile
        .options
        .iter()
        .filter(|option| {
            let mut with = inputs.clone();
            with.options.insert(option.id.clone());
            asked != FlowChoice::Password && verify_flows(profile, &with).contains(&asked)
        })
        .map(|option| option.id.clone())
        .collect();
    Err(FlowRefused {
        asked,
        instead,
        enabling_options,
    })
}

impl Desk {
    /// The integration and the inputs a saved connection is verified with: its setup's, or
    /// for a connection saved without one, the guide's with the connection's org.
    pub async fn connection_inputs(
        &self,
        connection: &str,
    ) -> Result<(&'static Profile, SetupInputs), UiError> {
        let saved = self.vault.get(connection).await?;
        let (profile, inputs, _) = self.target(&saved)?;
        Ok((profile, inputs))
    }

    /// What `connection_inputs` says, with the setup itself when there is one.
    fn target(
        &self,
        saved: &Connection,
    ) -> Result<(&'static Profile, SetupInputs, Option<SetupView>), UiError> {
        match &saved.setup_id {
            Some(id) => {
                let view = self.read(id)?;
                let profile = find_profile(&view.setup.profile_id)?;
                Ok((profile, view.setup.inputs.clone(), Some(view)))
            }
            None => {
                let profile = find_profile(&saved.profile_id)?;
                let mut inputs = SetupInputs::suggested(profile);
                inputs.domain.clone_from(&saved.org_host);
                Ok((profile, inputs, None))
            }
        }
    }

    /// Verifies a saved connection against its org and keeps what it proved: the refresh
    /// token, when it last passed and, for a setup's connection, the checks for its report.
    /// `progress` hears each step as it happens.
    pub async fn verify(
        &self,
        connection: &str,
        options: VerifyOptions,
        progress: &(dyn Fn(Progress) + Send + Sync),
    ) -> Result<Verification, UiError> {
        let saved = self.vault.get(connection).await?;
        let (profile, inputs, setup) = self.target(&saved)?;
        let credentials = self.vault.credentials(&saved.name).await?;
        let mut request = request(
            profile,
            inputs,
            credentials.consumer_key,
            credentials.consumer_secret,
            &options,
        )?;
        // Practice or real is the connection's (from its setup), never the domain's text.
        request.practice = saved.practice;
        if let Some(view) = &setup {
            request.recent_changes = Some(RecentChange::from_done(
                &view.checklist,
                &view.setup.done,
                Timestamp::now(),
            ));
        }
        let verification = self.run(&saved.name, request, progress).await;
        if let Some(token) = &verification.refresh_token {
            self.vault.store_refresh_token(&saved.name, token).await?;
        }
        if verification.passed {
            self.vault.mark_verified(&saved.name).await?;
        }
        if let Some(id) = &saved.setup_id {
            save_verification(&self.data_dir, id, &verification)?;
            if verification.passed {
                self.wizard.record_verified(id, &saved.name)?;
            }
        }
        Ok(verification)
    }

    /// Verifies a key and secret that are not saved, for an integration and org; nothing is
    /// kept.
    pub async fn verify_credentials(
        &self,
        profile_id: &str,
        inputs: SetupInputs,
        consumer_key: String,
        consumer_secret: Secret,
        options: VerifyOptions,
        progress: &(dyn Fn(Progress) + Send + Sync),
    ) -> Result<Verification, UiError> {
        let profile = find_profile(profile_id)?;
        let request = request(profile, inputs, consumer_key, consumer_secret, &options)?;
        Ok(self.run(profile_id, request, progress).await)
    }

    /// Stops the running verification, if there is one; it then reports itself cancelled.
    pub fn cancel_verify(&self) {
        if let Some(cancel) = lock(&self.running).as_ref() {
            cancel.cancel();
        }
    }

    async fn run(
        &self,
        what: &str,
        request: VerifyRequest,
        progress: &(dyn Fn(Progress) + Send + Sync),
    ) -> Verification {
        let cancel = CancellationToken::new();
        *lock(&self.running) = Some(cancel.clone());
        let flow = format!("{:?}", request.flow);
        self.journal
            .info("verify.started", &[("what", &what), ("flow", &flow)]);
        let opener = |url: &str| eca_core::links::open_in_browser(url);
        let verification = eca_verify::verify(request, &opener, progress, cancel).await;
        lock(&self.running).take();
        self.log_verification(what, &verification);
        verification
    }

    /// Each check on a line of its own, then the outcome: what support asks for first.
    fn log_verification(&self, what: &str, verification: &Verification) {
        for check in &verification.checks {
            let code = check.diagnosis.as_ref().map(|d| format!("{:?}", d.code));
            self.journal.info(
                "verify.check",
                &[
                    ("check", &format!("{:?}", check.id)),
                    ("status", &format!("{:?}", check.status)),
                    ("detail", &check.detail),
                    ("diagnosis", &code.unwrap_or_default()),
                ],
            );
        }
        self.journal.info(
            "verify.finished",
            &[
                ("what", &what),
                ("host", &verification.host),
                ("passed", &verification.passed),
            ],
        );
    }
}

fn request(
    profile: &Profile,
    inputs: SetupInputs,
    consumer_key: String,
    consumer_secret: Secret,
    options: &VerifyOptions,
) -> Result<VerifyRequest, UiError> {
    let flow = choose_flow(profile, &inputs, options.flow)?;
    let mut request = VerifyRequest::new(profile.clone(), inputs, consumer_key, consumer_secret);
    request.flow = flow;
    request.soql.clone_from(&options.soql);
    request.revoke_after = options.revoke;
    request.practice = options.practice;
    if let Some(port) = options.port {
        request.loopback.port = port;
    }
    if let Some(timeout) = options.browser_timeout {
        request.loopback.timeout = timeout;
    }
    if let Some(total) = options.propagation_wait {
        request.propagation = RetryPolicy {
            total,
            ..RetryPolicy::default()
        };
    }
    Ok(request)
}
