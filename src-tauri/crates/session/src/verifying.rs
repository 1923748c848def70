//! Verification: which flow (only one the setup's app can be verified with), the connection's
//! org checked against its setup's, the request with the steps marked done lately, the run, and
//! what is kept afterwards (the checks for the report, when the connection last passed). No
//! token is kept: the run revokes its own, and a refresh token an earlier version kept is
//! revoked and deleted here.

use std::time::Duration;

use eca_core::inputs::SetupInputs;
use eca_core::screen::WizardScreen;
use eca_core::secret::Secret;
use eca_core::setup::{SetupView, Timestamp};
use eca_core::verify_flows::FlowRefused;
use eca_core::wizard::find_profile;
use eca_core::{choose_flow, ErrorCode, FlowChoice, Profile, UiError};
use eca_report::save_verification;
use eca_vault::Connection;
use eca_verify::diagnosis::PASSWORD_FLOW_UNSUPPORTED;
use eca_verify::run::revoke_kept_token;
use eca_verify::{
    CheckId, CheckStatus, Progress, RecentChange, RetryPolicy, Verification, VerifyRequest,
};
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
    /// Leave the tokens the verification obtained valid in Salesforce (until they expire or an
    /// admin revokes them) instead of revoking them when it ends. Nothing in the app uses them,
    /// so it keeps no copy either way.
    pub keep_tokens: bool,
    /// For `verify_credentials` only: the key and secret are a practice org's, so plain http to
    /// it on loopback is allowed. A saved connection says so itself (its `practice`).
    pub practice: bool,
}

/// A flow the setup's app cannot be verified with, in the app's words: which flow to use and
/// which option would give the app the one asked for.
fn refused(refused: FlowRefused) -> UiError {
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

    /// Verifies a saved connection against its org and keeps what it proved: when it last
    /// passed and, for a setup's connection, the checks for its report. A connection saved for
    /// another org than its setup's is refused before anything is read from the keychain.
    /// `progress` hears each step as it happens.
    pub async fn verify(
        &self,
        connection: &str,
        options: VerifyOptions,
        progress: &(dyn Fn(Progress) + Send + Sync),
    ) -> Result<Verification, UiError> {
        let saved = self.vault.get(connection).await?;
        let (profile, inputs, setup) = self.target(&saved)?;
        if let Some(view) = &setup {
            same_org(&saved, view)?;
        }
        let credentials = self.vault.credentials(&saved.name).await?;
        let earlier = credentials.refresh_token;
        let domain = inputs.domain.clone();
        let mut request = request(
            profile,
            inputs,
            credentials.consumer_key,
            credentials.consumer_secret,
            &options,
        )?;
        // Practice or real is the connection's (from its setup), never the domain's text.
        request.practice = saved.practice;
        if saved.practice {
            // The app's practice org applies every change at once: nothing to wait for.
            request.recent_changes = Some(Vec::new());
        } else if let Some(view) = &setup {
            request.recent_changes = Some(RecentChange::from_done(
                &view.checklist,
                &view.setup.done,
                Timestamp::now(),
            ));
        }
        let mut verification = self.run(&saved.name, request, progress).await;
        if let Some(token) = earlier {
            let note = self.end_earlier_token(&saved, &domain, &token, &verification);
            verification.notes.extend(note.await);
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

    /// The refresh token an earlier version of the app kept for `saved` (this one keeps none):
    /// revoked and deleted from the keychain once the verification reached the org (its Domain
    /// check passed); the note says what became of it.
    async fn end_earlier_token(
        &self,
        saved: &Connection,
        domain: &str,
        token: &Secret,
        verification: &Verification,
    ) -> Option<String> {
        let reached = verification
            .check(CheckId::Domain)
            .is_some_and(|check| check.status == CheckStatus::Passed);
        if !reached {
            return None;
        }
        let timeout = Duration::from_secs(30);
        let revoked = revoke_kept_token(domain, saved.practice, token, timeout).await;
        if let Err(diagnosis) = revoked {
            return Some(format!(
                "A refresh token an earlier version of this app kept for this connection could not be revoked: {} It stays in the keychain, and the next verification tries again. {}",
                diagnosis.message, diagnosis.fix
            ));
        }
        Some(match self.vault.forget_refresh_token(&saved.name, token).await {
            Ok(_) => "A refresh token an earlier version of this app kept for this connection was revoked and deleted from the keychain; this version keeps no token.".to_owned(),
            Err(err) => format!(
                "A refresh token an earlier version of this app kept for this connection was revoked, but it could not be deleted from the keychain ({err}); it no longer works."
            ),
        })
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

    /// Stops every verification running now; each then reports itself cancelled. One
    /// verification's Cancel cannot tell its own from another's: the app's Cancel and the
    /// command line's Ctrl+C mean "stop", whichever is running.
    pub fn cancel_verify(&self) {
        // The slot holds the parent of every running verification's token; the next one starts
        // under a new parent, so a cancel does not reach verifications started after it.
        if let Some(parent) = lock(&self.running).take() {
            parent.cancel();
        }
    }

    async fn run(
        &self,
        what: &str,
        request: VerifyRequest,
        progress: &(dyn Fn(Progress) + Send + Sync),
    ) -> Verification {
        // A child of the slot's token, not the slot itself: a verification started meanwhile
        // must neither replace this one's token nor clear it when it ends.
        let cancel = lock(&self.running)
            .get_or_insert_with(CancellationToken::new)
            .child_token();
        let flow = format!("{:?}", request.flow);
        self.journal
            .info("verify.started", &[("what", &what), ("flow", &flow)]);
        let org = eca_core::domain::normalize_domain(&request.inputs.domain).ok();
        let opener = move |url: &str| eca_core::links::open_in_browser(url, org.as_ref());
        let verification = eca_verify::verify(request, &opener, progress, cancel).await;
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
    let flow = choose_flow(profile, &inputs, options.flow).map_err(refused)?;
    let mut request = VerifyRequest::new(profile.clone(), inputs, consumer_key, consumer_secret);
    request.flow = flow;
    request.soql.clone_from(&options.soql);
    request.revoke_after = !options.keep_tokens;
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

/// A connection is verified only against the org it was saved for: its setup's domain may have
/// changed since (a sandbox setup pointed at production), and its key and secret belong to the
/// org they came from. A practice connection never stands in for a real one, nor the reverse.
fn same_org(saved: &Connection, view: &SetupView) -> Result<(), UiError> {
    let setup = &view.setup;
    let setup_host = view.checklist.org.as_ref().map(|org| org.host.as_str());
    let other_host =
        setup_host.is_some_and(|host| !host.eq_ignore_ascii_case(saved.org_host.trim()));
    if !other_host && saved.practice == setup.practice {
        return Ok(());
    }
    let kind = |practice: bool| {
        if practice {
            "the practice org"
        } else {
            "a real org"
        }
    };
    let now_for = match setup_host {
        Some(host) if other_host => host.to_owned(),
        _ => kind(setup.practice).to_owned(),
    };
    let saved_for = if other_host {
        saved.org_host.clone()
    } else {
        kind(saved.practice).to_owned()
    };
    Err(UiError::new(
        ErrorCode::ConnectionOtherOrg,
        format!(
            "The connection “{}” holds the key and secret of {saved_for}, but its setup is now for {now_for}, so nothing was sent.",
            saved.name
        ),
        format!(
            "Save {now_for}'s Consumer Key and Secret for this setup on its step “{}” (on the command line: connection add --setup {}), or point the setup back at {saved_for}.",
            WizardScreen::Credentials.title(),
            setup.id
        ),
    ))
}
