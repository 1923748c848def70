//! One verification from start to end: the domain, a token by the chosen flow (waiting out
//! propagation), the comparison with the profile, the refresh exchange, the API calls, and the
//! revoke. Every outcome becomes a check; nothing here returns an error.

use std::collections::BTreeSet;
use std::future::Future;

use eca_core::checklist::{checklist, effective_eca};
use eca_core::domain::{normalize_domain, OrgDomain, OrgKind};
use eca_core::inputs::SetupInputs;
use eca_core::scopes::Scope;
use eca_core::Profile;
use tokio_util::sync::CancellationToken;

use crate::api;
use crate::compare;
use crate::diagnosis::{from_oauth_error, Diagnosis, DiagnosisCode};
use crate::domain_forms;
use crate::http::Transport;
use crate::loopback::Listener;
use crate::propagation;
use crate::request::{FlowChoice, VerifyRequest, DEFAULT_SOQL};
use crate::result::{Check, CheckId, CheckStatus, Progress, Verification};
use crate::token::{self, TokenError, Tokens};
use crate::web_server::{self, Opener};

/// Every check after the token, in order; skipped together when no token came.
const AFTER_TOKEN: [CheckId; 10] = [
    CheckId::Signature,
    CheckId::Instance,
    CheckId::Scopes,
    CheckId::RefreshToken,
    CheckId::Refresh,
    CheckId::Userinfo,
    CheckId::RunAs,
    CheckId::ApiVersions,
    CheckId::Query,
    CheckId::Revoke,
];

pub const PASSWORD_FLOW_NOTE: &str = "The username-password flow is legacy: Salesforce blocks it by default since Summer '23. An org that needs it allows it in Setup → OAuth and OpenID Connect Settings → Allow OAuth Username-Password Flows.";

/// Runs the verification. `opener` opens the sign-in page for the web server flow (the app
/// passes `eca_core::links::open_in_browser`); `progress` hears every step; `cancel` stops
/// any wait (propagation, the browser) and the requests in flight.
pub async fn verify(
    request: VerifyRequest,
    opener: &Opener,
    progress: &(dyn Fn(Progress) + Send + Sync),
    cancel: CancellationToken,
) -> Verification {
    let mut run = Run {
        progress,
        cancel,
        checks: Vec::new(),
        verification: Verification {
            profile_id: request.profile.id.clone(),
            flow: request.flow,
            host: String::new(),
            checks: Vec::new(),
            passed: false,
            granted_scopes: Vec::new(),
            instance_url: None,
            username: None,
            org_id: None,
            api_version: None,
            notes: Vec::new(),
            refresh_token: None,
        },
    };
    run.all(&request, opener).await;
    run.finish(&request.profile, &request.inputs)
}

struct Run<'a> {
    progress: &'a (dyn Fn(Progress) + Send + Sync),
    cancel: CancellationToken,
    checks: Vec<Check>,
    verification: Verification,
}

impl Run<'_> {
    fn step(&self, message: impl Into<String>) {
        (self.progress)(Progress::Step {
            message: message.into(),
        });
    }

    fn push(&mut self, check: Check) {
        (self.progress)(Progress::CheckDone {
            check: check.clone(),
        });
        self.checks.push(check);
    }

    fn skip_rest(&mut self, from: &[CheckId], why: &str) {
        for id in from {
            if !self.checks.iter().any(|check| check.id == *id) {
                self.push(Check::skipped(*id, why));
            }
        }
    }

    /// `future`, unless the admin cancels first.
    async fn guard<T>(
        &self,
        future: impl Future<Output = Result<T, Diagnosis>>,
    ) -> Result<T, Diagnosis> {
        tokio::select! {
            () = self.cancel.cancelled() => Err(Diagnosis::cancelled()),
            result = future => result,
        }
    }

    async fn all(&mut self, request: &VerifyRequest, opener: &Opener) {
        let domain = match normalize_domain(&request.inputs.domain) {
            Ok(domain) => domain,
            Err(issue) => {
                self.push(Check::failed(
                    CheckId::Domain,
                    Diagnosis::new(
                        DiagnosisCode::InvalidRequest,
                        issue.message,
                        issue.hint,
                        None,
                    ),
                ));
                return;
            }
        };
        self.verification.host.clone_from(&domain.host);
        self.step(format!("Looking up {}", domain.host));
        match self.guard(domain_forms::check(&domain)).await {
            Ok(detail) => self.push(Check::passed(CheckId::Domain, detail)),
            Err(diagnosis) => {
                self.push(Check::failed(CheckId::Domain, diagnosis));
                return;
            }
        }
        let transport = Transport::new(domain.kind == OrgKind::Practice, request.request_timeout);
        let base = domain.base_url();
        if request.flow == FlowChoice::Password {
            self.verification.notes.push(PASSWORD_FLOW_NOTE.into());
        }
        let tokens = match self.token(request, &transport, &base, opener).await {
            Ok(tokens) => tokens,
            Err(diagnosis) => {
                self.push(Check::failed(CheckId::Token, diagnosis));
                return;
            }
        };
        self.after_token(request, &domain, &transport, &base, tokens)
            .await;
    }

    async fn token(
        &mut self,
        request: &VerifyRequest,
        transport: &Transport,
        base: &str,
        opener: &Opener,
    ) -> Result<Tokens, Diagnosis> {
        let key = request.consumer_key.trim();
        let secret = &request.consumer_secret;
        let flow = request.flow;
        let policy = request.propagation;
        let cancel = self.cancel.clone();
        let (result, waited) = match flow {
            FlowChoice::ClientCredentials => {
                self.step("Requesting a token with client credentials");
                propagation::retry(policy, self.progress, &cancel, || {
                    token::client_credentials(transport, base, key, secret)
                })
                .await
            }
            FlowChoice::Password => {
                let Some(login) = &request.password_login else {
                    return Err(Diagnosis::new(
                        DiagnosisCode::InvalidRequest,
                        "The username-password flow needs a username and a password.",
                        "Enter the integration user's username, and its password followed by its security token.",
                        None,
                    ));
                };
                self.step("Requesting a token with username and password (legacy flow)");
                propagation::retry(policy, self.progress, &cancel, || {
                    token::password(
                        transport,
                        base,
                        key,
                        secret,
                        &login.username,
                        &login.password,
                    )
                })
                .await
            }
            FlowChoice::WebServer => {
                let config = &request.loopback;
                let listener = Listener::bind(config).await?;
                let scopes: Vec<&str> = request
                    .authorize_scopes
                    .iter()
                    .flatten()
                    .map(String::as_str)
                    .collect();
                let auth = web_server::authorization(base, key, &config.redirect_uri(), &scopes)?;
                self.step("Checking the sign-in page");
                let (checked, waited) = propagation::retry(policy, self.progress, &cancel, || {
                    web_server::preflight(transport, &auth)
                })
                .await;
                match checked {
                    Err(err) => (Err(err), waited),
                    Ok(()) => {
                        self.step("Waiting for you to sign in and click Allow in the browser");
                        let signed_in = web_server::sign_in(
                            listener,
                            &auth,
                            config,
                            opener,
                            self.progress,
                            &cancel,
                        )
                        .await;
                        let result = match signed_in {
                            Ok(code) => {
                                self.step("Exchanging the code for a token");
                                self.guard(async {
                                    Ok(token::authorization_code(
                                        transport,
                                        base,
                                        key,
                                        secret,
                                        &code,
                                        &auth.redirect_uri,
                                        &auth.verifier,
                                    )
                                    .await)
                                })
                                .await
                                .unwrap_or_else(|cancelled| Err(TokenError::Other(cancelled)))
                            }
                            Err(err) => Err(err),
                        };
                        (result, waited)
                    }
                }
            }
        };
        result.map_err(|err| {
            let propagating = err.is_propagation();
            let mut diagnosis = diagnose(err, flow);
            if propagating && waited.as_secs() > 0 {
                diagnosis.message.push_str(&format!(
                    " It was still refused after {} seconds of retrying.",
                    waited.as_secs()
                ));
            }
            diagnosis
        })
    }

    async fn after_token(
        &mut self,
        request: &VerifyRequest,
        domain: &OrgDomain,
        transport: &Transport,
        base: &str,
        tokens: Tokens,
    ) {
        let flow = request.flow;
        let eca = effective_eca(&request.profile, &request.inputs);
        let granted = tokens.scopes();
        self.verification.granted_scopes.clone_from(&granted);
        if !tokens.instance_url.is_empty() {
            self.verification.instance_url = Some(tokens.instance_url.clone());
        }
        self.verification.org_id = tokens.org_and_user().map(|(org, _)| org);
        self.push(Check::passed(
            CheckId::Token,
            format!(
                "Salesforce issued an access token with the {} flow{}.",
                flow.label(),
                if granted.is_empty() {
                    String::new()
                } else {
                    format!(" (scopes: {})", granted.join(" "))
                }
            ),
        ));

        // Signature.
        if tokens.signature.is_none() {
            self.push(Check::skipped(
                CheckId::Signature,
                "Salesforce sent no signature with this token.",
            ));
        } else if token::signature_matches(&tokens, &request.consumer_secret) {
            self.push(Check::passed(
                CheckId::Signature,
                "The token's signature matches the Consumer Secret.",
            ));
        } else {
            self.push(Check::failed(
                CheckId::Signature,
                Diagnosis::new(
                    DiagnosisCode::SignatureMismatch,
                    "The token's signature does not match the Consumer Secret entered: the secret belongs to another app.",
                    "Copy the Consumer Secret again from this app's Consumer Key and Secret page.",
                    Some(crate::diagnosis::STEP_KEY_SECRET),
                ),
            ));
        }

        // Instance.
        let instance = tokens.instance_url.trim_end_matches('/').to_owned();
        if instance.is_empty() {
            self.push(Check::skipped(
                CheckId::Instance,
                "Salesforce sent no instance URL.",
            ));
        } else if domain.kind == OrgKind::GenericLogin {
            self.push(Check::passed(
                CheckId::Instance,
                format!("The org's own address is {instance}: use it as the domain where you can."),
            ));
        } else if compare::instance_matches(&instance, &domain.host) {
            self.push(Check::passed(
                CheckId::Instance,
                format!("The token is for {instance}."),
            ));
        } else {
            self.push(Check::failed(
                CheckId::Instance,
                compare::instance_mismatch(&instance, &domain.host),
            ));
        }

        // Scopes.
        if granted.is_empty() {
            self.push(Check::skipped(
                CheckId::Scopes,
                "Salesforce did not list the granted scopes.",
            ));
        } else {
            let missing = compare::missing_scopes(&eca.scopes.value, &granted, flow);
            if missing.is_empty() {
                self.push(Check::passed(
                    CheckId::Scopes,
                    format!("Granted: {}.", granted.join(" ")),
                ));
            } else {
                self.push(Check::failed(
                    CheckId::Scopes,
                    compare::missing_scopes_diagnosis(&missing),
                ));
            }
        }

        // Refresh token and the refresh exchange.
        let mut access = tokens.access_token.clone();
        let mut refresh_token = tokens.refresh_token.clone();
        let needs_refresh = eca.scopes.value.contains(&Scope::RefreshToken);
        match (flow, needs_refresh, &refresh_token) {
            (FlowChoice::WebServer, true, Some(_)) => self.push(Check::passed(
                CheckId::RefreshToken,
                "A refresh token came with the access token.",
            )),
            (FlowChoice::WebServer, true, None) => {
                self.push(Check::failed(
                    CheckId::RefreshToken,
                    compare::no_refresh_token(),
                ));
            }
            (FlowChoice::WebServer, false, _) => self.push(Check::skipped(
                CheckId::RefreshToken,
                "The integration does not ask for a refresh token.",
            )),
            _ => self.push(Check::skipped(
                CheckId::RefreshToken,
                format!("The {} flow issues no refresh token.", flow.label()),
            )),
        }
        if let Some(current) = refresh_token.clone() {
            self.step("Exchanging the refresh token once");
            let refreshed = self
                .guard(async {
                    Ok(token::refresh(
                        transport,
                        base,
                        request.consumer_key.trim(),
                        &request.consumer_secret,
                        &current,
                    )
                    .await)
                })
                .await
                .unwrap_or_else(|cancelled| Err(TokenError::Other(cancelled)));
            match refreshed {
                Ok(new) => {
                    access = new.access_token.clone();
                    let rotated = new.refresh_token.is_some();
                    if let Some(newer) = new.refresh_token {
                        refresh_token = Some(newer);
                        self.verification.notes.push(
                            "Refresh Token Rotation is on: each refresh returns a new refresh token and the old one stops working. The newest one is the one kept.".into(),
                        );
                    }
                    self.push(Check::passed(
                        CheckId::Refresh,
                        if rotated {
                            "The refresh token works, and Salesforce returned a new one (rotation)."
                        } else {
                            "The refresh token works."
                        },
                    ));
                }
                Err(err) => self.push(Check::failed(CheckId::Refresh, diagnose(err, flow))),
            }
        } else {
            self.push(Check::skipped(
                CheckId::Refresh,
                "There is no refresh token to exchange.",
            ));
        }
        self.verification.refresh_token.clone_from(&refresh_token);

        // The REST calls go to the org's instance when it is a URL this client may call.
        let rest_base = if !instance.is_empty() && transport.check_url(&instance).is_ok() {
            instance.clone()
        } else {
            base.to_owned()
        };

        // Userinfo and Run As.
        self.step("Asking Salesforce who the token is for");
        let identity_granted = eca
            .scopes
            .value
            .iter()
            .any(|s| matches!(s, Scope::Id | Scope::Openid | Scope::Full));
        let login = match self
            .guard(api::userinfo(transport, &rest_base, &access))
            .await
        {
            Ok(info) => {
                let who = info.login().unwrap_or("an unnamed user").to_owned();
                let org = info
                    .organization_id
                    .clone()
                    .or_else(|| self.verification.org_id.clone())
                    .unwrap_or_else(|| "an unknown org".into());
                self.verification.org_id = Some(org.clone());
                self.push(Check::passed(
                    CheckId::Userinfo,
                    format!("Signed in as {who} in org {org}."),
                ));
                info.login().map(str::to_owned)
            }
            Err(diagnosis) if !identity_granted && diagnosis.code != DiagnosisCode::Cancelled => {
                self.push(Check::skipped(
                    CheckId::Userinfo,
                    "The integration does not ask for the identity scope, so userinfo is not available.",
                ));
                None
            }
            Err(diagnosis) => {
                self.push(Check::failed(CheckId::Userinfo, diagnosis));
                None
            }
        };
        self.verification.username = login
            .clone()
            .or_else(|| request.password_login.as_ref().map(|l| l.username.clone()));
        if flow == FlowChoice::ClientCredentials {
            match (run_as(&request.profile, &request.inputs), &login) {
                (None, _) => self.push(Check::skipped(
                    CheckId::RunAs,
                    "No Run As user was entered to compare with.",
                )),
                (Some(_), None) => self.push(Check::skipped(
                    CheckId::RunAs,
                    "Salesforce did not say which user the token acts as.",
                )),
                (Some(expected), Some(found)) if compare::run_as_matches(found, &expected) => self
                    .push(Check::passed(
                        CheckId::RunAs,
                        format!("The token acts as {found}."),
                    )),
                (Some(expected), Some(found)) => self.push(Check::failed(
                    CheckId::RunAs,
                    compare::run_as_mismatch(found, &expected),
                )),
            }
        } else {
            self.push(Check::skipped(
                CheckId::RunAs,
                "Only the client credentials flow has a Run As user.",
            ));
        }

        // API versions and the query.
        self.step("Listing the API versions");
        let version = match self.guard(api::newest_version(transport, &rest_base)).await {
            Ok(version) => {
                self.push(Check::passed(
                    CheckId::ApiVersions,
                    format!("The REST API answers; the newest version is v{version}."),
                ));
                self.verification.api_version = Some(version.clone());
                Some(version)
            }
            Err(diagnosis) => {
                self.push(Check::failed(CheckId::ApiVersions, diagnosis));
                None
            }
        };
        let soql = request
            .soql
            .as_deref()
            .map(str::trim)
            .filter(|q| !q.is_empty())
            .unwrap_or(DEFAULT_SOQL);
        match version {
            None => self.push(Check::skipped(
                CheckId::Query,
                "The API version is not known, so no query was run.",
            )),
            Some(version) => {
                self.step(format!("Running {soql}"));
                match self
                    .guard(api::query(transport, &rest_base, &version, &access, soql))
                    .await
                {
                    Ok(result) => {
                        let first = result
                            .records
                            .first()
                            .and_then(|r| r.get("Name"))
                            .and_then(|n| n.as_str())
                            .map(|name| format!(" (first: {name})"))
                            .unwrap_or_default();
                        self.push(Check::passed(
                            CheckId::Query,
                            format!("{soql} returned {} record(s){first}.", result.total_size),
                        ));
                    }
                    Err(diagnosis) => self.push(Check::failed(CheckId::Query, diagnosis)),
                }
            }
        }

        // Revoke.
        if request.revoke_after {
            self.step("Revoking the test tokens");
            let target = refresh_token.as_ref().unwrap_or(&access);
            match self.guard(token::revoke(transport, base, target)).await {
                Ok(()) => {
                    self.verification.refresh_token = None;
                    self.push(Check::passed(
                        CheckId::Revoke,
                        "The tokens this verification obtained were revoked.",
                    ));
                }
                Err(diagnosis) => self.push(Check::failed(CheckId::Revoke, diagnosis)),
            }
        } else {
            self.push(Check::skipped(
                CheckId::Revoke,
                "Not asked to revoke the test tokens.",
            ));
        }
    }

    fn finish(mut self, profile: &Profile, inputs: &SetupInputs) -> Verification {
        let why = match self.checks.last() {
            Some(check) if check.status == CheckStatus::Failed => {
                "Not checked: an earlier check failed."
            }
            _ => "Not checked.",
        };
        let mut rest = vec![CheckId::Domain, CheckId::Token];
        rest.extend(AFTER_TOKEN);
        self.skip_rest(&rest, why);
        // A diagnosis names only steps this setup's checklist has.
        let steps: BTreeSet<String> = checklist(profile, inputs)
            .steps
            .into_iter()
            .map(|step| step.id)
            .collect();
        for check in &mut self.checks {
            if let Some(diagnosis) = &mut check.diagnosis {
                if diagnosis.step.as_ref().is_some_and(|s| !steps.contains(s)) {
                    diagnosis.step = None;
                }
            }
        }
        let eca = effective_eca(profile, inputs);
        if !eca.require_pkce.value && self.verification.flow == FlowChoice::WebServer {
            self.verification.notes.push(
                "This verification sent PKCE, as it always does; the integration's guide keeps PKCE off. If the org forces PKCE on, tell the partner their connection must send it.".into(),
            );
        }
        self.verification.passed = !self
            .checks
            .iter()
            .any(|check| check.status == CheckStatus::Failed);
        self.verification.checks = self.checks;
        self.verification
    }
}

fn diagnose(err: TokenError, flow: FlowChoice) -> Diagnosis {
    match err {
        TokenError::Other(diagnosis) => diagnosis,
        TokenError::OAuth { error, description } => from_oauth_error(&error, &description, flow),
    }
}

/// The Run As user the admin entered, with the profile's `{input}` placeholders filled; `None`
/// when the profile has none or an input it needs is empty.
pub fn run_as(profile: &Profile, inputs: &SetupInputs) -> Option<String> {
    let template = &effective_eca(profile, inputs).run_as.as_ref()?.value;
    let mut out = template.clone();
    for spec in &profile.inputs {
        let key = format!("{{{}}}", spec.id);
        if out.contains(&key) {
            out = out.replace(&key, &inputs.value(profile, &spec.id)?);
        }
    }
    let out = out.trim().to_owned();
    (!out.is_empty() && !out.contains('{')).then_some(out)
}
