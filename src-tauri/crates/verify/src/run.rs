//! One verification from start to end: the domain, the partner's own sign-in request replayed
//! without signing in (`partner`), a token by the chosen flow with the partner's PKCE, secret and
//! scope choices (waiting out propagation), then each check in turn (`checks` holds the pure ones), the refresh exchange,
//! the API calls, and the revoke. Every outcome becomes a check; nothing here returns an error.
//! The tokens never leave the run: they are revoked when it ends (even a cancelled one) unless
//! the request says to keep them, and then they stay only in Salesforce.

use std::collections::BTreeSet;
use std::future::Future;

use eca_core::checklist::{checklist, effective_eca, run_as_user};
use eca_core::domain::{normalize_domain, OrgDomain, OrgKind};
use eca_core::inputs::SetupInputs;
use eca_core::partner_request::{partner_request, PartnerRequest};
use eca_core::profile::EcaSettings;
use eca_core::secret::Secret;
use eca_core::{default_flow, Profile};
use tokio_util::sync::CancellationToken;

use crate::api;
use crate::checks;
use crate::diagnosis::{from_oauth_error, password_flow_unsupported, Diagnosis, DiagnosisCode};
use crate::domain_forms;
use crate::http::Transport;
use crate::loopback::Listener;
use crate::partner::{self, Answer};
use crate::propagation;
use crate::request::{FlowChoice, VerifyRequest, DEFAULT_SOQL};
use crate::result::{Check, CheckId, CheckStatus, Progress, Verification};
use crate::token::{self, TokenError, Tokens};
use crate::web_server::{self, Opener};

/// The checks of the partner's own request, before any token; skipped when the domain failed.
const BEFORE_TOKEN: [CheckId; 3] = [
    CheckId::PartnerCallback,
    CheckId::PartnerPkce,
    CheckId::PartnerScopes,
];

/// Every check after the token, in order; skipped together when no token came.
const AFTER_TOKEN: [CheckId; 12] = [
    CheckId::PermittedUsers,
    CheckId::Signature,
    CheckId::Instance,
    CheckId::Scopes,
    CheckId::RefreshToken,
    CheckId::Refresh,
    CheckId::PartnerSecret,
    CheckId::Userinfo,
    CheckId::RunAs,
    CheckId::ApiVersions,
    CheckId::Query,
    CheckId::Revoke,
];

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
        partner: partner_request(&request.profile, &request.inputs),
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
        },
    };
    run.all(&request, opener).await;
    run.finish(&request.profile, &request.inputs)
}

struct Run<'a> {
    progress: &'a (dyn Fn(Progress) + Send + Sync),
    cancel: CancellationToken,
    /// The partner's own request, as its guide describes it: what the run replays.
    partner: PartnerRequest,
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
        // Plain http goes only to a practice setup's org: a real setup whose domain names this
        // computer would otherwise send its real secret unencrypted.
        if domain.kind == OrgKind::Practice && !request.practice {
            self.push(Check::failed(
                CheckId::Domain,
                loopback_for_a_real_org(&domain.host),
            ));
            return;
        }
        // Salesforce refuses client credentials on login/test.salesforce.com; say so unsent.
        if request.flow == FlowChoice::ClientCredentials && domain.kind == OrgKind::GenericLogin {
            self.push(Check::failed(
                CheckId::Domain,
                from_oauth_error(
                    "invalid_grant",
                    "request not supported on this domain",
                    request.flow,
                ),
            ));
            return;
        }
        self.step(format!("Looking up {}", domain.host));
        match self
            .guard(domain_forms::check(&domain, &request.proxy))
            .await
        {
            Ok(detail) => self.push(Check::passed(CheckId::Domain, detail)),
            Err(diagnosis) => {
                self.push(Check::failed(CheckId::Domain, diagnosis));
                return;
            }
        }
        if request.flow == FlowChoice::Password {
            let instead = default_flow(&request.profile, &request.inputs);
            self.push(Check::failed(
                CheckId::Token,
                password_flow_unsupported(instead),
            ));
            return;
        }
        if let Some(note) = domain
            .note
            .clone()
            .filter(|_| domain.kind == OrgKind::OtherMyDomain)
        {
            self.verification.notes.push(note);
        }
        let transport = Transport::with_proxy(
            request.practice && domain.kind == OrgKind::Practice,
            request.request_timeout,
            &request.proxy,
        );
        let base = domain.base_url();
        self.partner_request(request, &transport, &base).await;
        if partner::any_failed(&self.checks) {
            return;
        }
        match self.token(request, &transport, &base, opener).await {
            Ok(tokens) => {
                self.after_token(request, &domain, &transport, &base, tokens)
                    .await;
            }
            Err(diagnosis) if diagnosis.code == DiagnosisCode::UserNotApproved => {
                for check in checks::permitted_users_refused(diagnosis) {
                    self.push(check);
                }
            }
            Err(diagnosis) => self.push(Check::failed(CheckId::Token, diagnosis)),
        }
    }

    /// The partner's authorize request on each of its callback URLs, stopped before the login
    /// page (retried while a recent change may still be reaching Salesforce); the PKCE and scopes
    /// checks read the answer on the first one.
    async fn partner_request(
        &mut self,
        request: &VerifyRequest,
        transport: &Transport,
        base: &str,
    ) {
        let key = request.consumer_key.trim();
        let scopes = self.partner.scope_tokens().unwrap_or_default();
        let scopes: Vec<&str> = scopes.iter().map(String::as_str).collect();
        let partner = self.partner.clone();
        let mut first = None;
        for url in partner::urls(&partner) {
            let url = match url {
                Ok(url) => url,
                Err(unfilled) => {
                    self.push(partner::unfilled(&partner, unfilled));
                    continue;
                }
            };
            self.step(format!("Checking {}'s callback URL {url}", partner.partner));
            let answer =
                match web_server::authorization(base, key, url, &scopes, partner.sends_pkce()) {
                    Err(diagnosis) => Answer::Inconclusive(diagnosis),
                    Ok(auth) => self.replay(request, transport, &auth).await,
                };
            self.push(partner::callback(&partner, url, &answer));
            first.get_or_insert(answer);
        }
        if partner.callbacks.is_empty() {
            self.push(partner::no_callback(&partner));
        }
        self.push(partner::pkce(&partner, first.as_ref()));
        self.push(partner::scopes(&partner, first.as_ref()));
    }

    /// One partner request, retried while a recent change may explain a refusal of the callback
    /// (an unknown key is left to the token step, which waits for it).
    async fn replay(
        &self,
        request: &VerifyRequest,
        transport: &Transport,
        auth: &web_server::Authorization,
    ) -> Answer {
        let changes = request.recent_changes.as_deref();
        let (checked, waited) = propagation::retry(
            request.propagation,
            changes,
            self.progress,
            &self.cancel,
            || async {
                match web_server::preflight(transport, auth).await {
                    Ok(()) => Ok(None),
                    Err(err) => {
                        let diagnosis = partner::diagnose(&err);
                        if partner::about_the_partner(&diagnosis) {
                            Err(err)
                        } else {
                            Ok(Some(diagnosis))
                        }
                    }
                }
            },
        )
        .await;
        match checked {
            Ok(None) => Answer::Accepted,
            Ok(Some(diagnosis)) => Answer::Inconclusive(diagnosis),
            Err(err) => {
                let diagnosis = partner::diagnose(&err);
                if partner::about_the_partner(&diagnosis) {
                    Answer::Refused(propagation::explain(&err, diagnosis, changes, waited))
                } else {
                    // Cancelled while waiting.
                    Answer::Inconclusive(diagnosis)
                }
            }
        }
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
        let policy = request.propagation;
        let changes = request.recent_changes.as_deref();
        let cancel = self.cancel.clone();
        let (result, waited) = match request.flow {
            FlowChoice::ClientCredentials => {
                self.step("Requesting a token with client credentials");
                propagation::retry(policy, changes, self.progress, &cancel, || {
                    token::client_credentials(transport, base, key, secret)
                })
                .await
            }
            FlowChoice::WebServer | FlowChoice::Password => {
                self.web_server(request, transport, base, opener).await?
            }
        };
        result.map_err(|err| {
            let diagnosis = match diagnose(&err, request.flow) {
                // Salesforce checked PKCE only after the sign-in: the partner's choice is to blame.
                d if d.code == DiagnosisCode::PkceRequired && !self.partner.sends_pkce() => {
                    partner::pkce_required(&self.partner)
                }
                d => d,
            };
            propagation::explain(&err, diagnosis, changes, waited)
        })
    }

    /// The browser sign-in: the sign-in page is checked first (retried while a change may
    /// still be reaching Salesforce), then the code comes back on the loopback listener.
    async fn web_server(
        &mut self,
        request: &VerifyRequest,
        transport: &Transport,
        base: &str,
        opener: &Opener,
    ) -> Result<(Result<Tokens, TokenError>, std::time::Duration), Diagnosis> {
        let key = request.consumer_key.trim();
        let config = &request.loopback;
        let cancel = self.cancel.clone();
        let listener = Listener::bind(config).await?;
        // The scopes asked for: the request's own, else the partner's when its guide says.
        let scopes = request
            .authorize_scopes
            .clone()
            .or_else(|| self.partner.scope_tokens())
            .unwrap_or_default();
        let scopes: Vec<&str> = scopes.iter().map(String::as_str).collect();
        // The port bound, which a port of 0 leaves to the system.
        let auth = web_server::authorization(
            base,
            key,
            &listener.redirect_uri(),
            &scopes,
            self.partner.sends_pkce(),
        )?;
        self.step("Checking the sign-in page");
        let changes = request.recent_changes.as_deref();
        let (checked, waited) =
            propagation::retry(request.propagation, changes, self.progress, &cancel, || {
                web_server::preflight(transport, &auth)
            })
            .await;
        if let Err(err) = checked {
            return Ok((Err(err), waited));
        }
        self.step("Waiting for you to sign in and click Allow in the browser");
        let code = match web_server::sign_in(
            listener,
            &auth,
            config,
            opener,
            self.progress,
            &cancel,
        )
        .await
        {
            Ok(code) => code,
            Err(err) => return Ok((Err(err), waited)),
        };
        self.step("Exchanging the code for a token");
        let exchanged = self
            .guard(async {
                Ok(token::authorization_code(
                    transport,
                    base,
                    key,
                    self.secret(request),
                    &code,
                    &auth.redirect_uri,
                    auth.verifier.as_ref(),
                )
                .await)
            })
            .await
            .unwrap_or_else(|cancelled| Err(TokenError::Other(cancelled)));
        Ok((exchanged, waited))
    }

    /// Every check once a token came, in the order of `AFTER_TOKEN`.
    async fn after_token(
        &mut self,
        request: &VerifyRequest,
        domain: &OrgDomain,
        transport: &Transport,
        base: &str,
        tokens: Tokens,
    ) {
        let flow = request.flow;
        let eca: &EcaSettings = &effective_eca(&request.profile, &request.inputs);
        let granted = tokens.scopes();
        self.verification.granted_scopes.clone_from(&granted);
        if !tokens.instance_url.is_empty() {
            self.verification.instance_url = Some(tokens.instance_url.clone());
        }
        self.verification.org_id = tokens.org_and_user().map(|(org, _)| org);
        self.push(checks::token_issued(&tokens, flow));
        self.push(checks::permitted_users(eca));
        self.push(checks::signature(&tokens, &request.consumer_secret));
        let instance = tokens.instance_url.trim_end_matches('/').to_owned();
        self.push(checks::instance(&instance, domain));
        let (scopes, note) = checks::scopes(&eca.scopes.value, &granted, flow);
        self.push(scopes);
        self.verification.notes.extend(note);
        self.push(checks::refresh_token(
            flow,
            &eca.scopes.value,
            tokens.refresh_token.is_some(),
        ));
        let live = self.refresh(request, transport, base, &tokens).await;
        let refreshed = self
            .checks
            .iter()
            .any(|check| check.id == CheckId::Refresh && check.status != CheckStatus::Failed);
        self.push(partner::secret(&self.partner, flow, refreshed));
        let access = live.access.clone();

        let (rest_base, not_followed) = rest_base(&instance, base, transport);
        self.verification.notes.extend(not_followed);
        let login = self.userinfo(eca, transport, &rest_base, &access).await;
        self.verification.username.clone_from(&login);
        let expected = run_as_user(&request.profile, &request.inputs);
        self.push(checks::run_as(flow, expected.as_deref(), login.as_deref()));
        self.api_calls(request, transport, &rest_base, &access)
            .await;
        if request.revoke_after {
            self.revoke(transport, base, &live).await;
        } else {
            self.push(Check::skipped(CheckId::Revoke, KEPT));
        }
    }

    /// Exchanges the refresh token once, when one came; returns the tokens still alive: the
    /// access token to use from now on and the newest refresh token (a new one when rotation is
    /// on).
    async fn refresh(
        &mut self,
        request: &VerifyRequest,
        transport: &Transport,
        base: &str,
        tokens: &Tokens,
    ) -> LiveTokens {
        let access = tokens.access_token.clone();
        let Some(current) = tokens.refresh_token.clone() else {
            self.push(Check::skipped(
                CheckId::Refresh,
                "There is no refresh token to exchange.",
            ));
            return LiveTokens {
                access,
                refresh: None,
                before_rotation: None,
            };
        };
        self.step("Exchanging the refresh token once");
        let refreshed = self
            .guard(async {
                Ok(token::refresh(
                    transport,
                    base,
                    request.consumer_key.trim(),
                    self.secret(request),
                    &current,
                )
                .await)
            })
            .await
            .unwrap_or_else(|cancelled| Err(TokenError::Other(cancelled)));
        match refreshed {
            Ok(new) => {
                let rotated = new.refresh_token.is_some();
                if rotated {
                    self.verification.notes.push(
                        "Refresh Token Rotation is on: each refresh returns a new refresh token and the old one stops working, so whatever uses this app must store the new one each time.".into(),
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
                LiveTokens {
                    access: new.access_token,
                    refresh: Some(new.refresh_token.unwrap_or(current)),
                    before_rotation: rotated.then_some(access),
                }
            }
            Err(err) => {
                self.push(Check::failed(
                    CheckId::Refresh,
                    diagnose(&err, request.flow),
                ));
                LiveTokens {
                    access,
                    refresh: Some(current),
                    before_rotation: None,
                }
            }
        }
    }

    /// Asks who the token is for; returns the username when Salesforce says it.
    async fn userinfo(
        &mut self,
        eca: &EcaSettings,
        transport: &Transport,
        rest_base: &str,
        access: &Secret,
    ) -> Option<String> {
        use eca_core::scopes::Scope;
        self.step("Asking Salesforce who the token is for");
        let identity_granted = eca
            .scopes
            .value
            .iter()
            .any(|s| matches!(s, Scope::Id | Scope::Openid | Scope::Full));
        match self
            .guard(api::userinfo(transport, rest_base, access))
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
        }
    }

    /// The API version list, then the SOQL query with the newest version.
    async fn api_calls(
        &mut self,
        request: &VerifyRequest,
        transport: &Transport,
        rest_base: &str,
        access: &Secret,
    ) {
        self.step("Listing the API versions");
        let version = match self.guard(api::newest_version(transport, rest_base)).await {
            Ok(version) => {
                self.push(Check::passed(
                    CheckId::ApiVersions,
                    format!("The REST API answers; the newest version is v{version}."),
                ));
                self.verification.api_version = Some(version.clone());
                version
            }
            Err(diagnosis) => {
                self.push(Check::failed(CheckId::ApiVersions, diagnosis));
                self.push(Check::skipped(
                    CheckId::Query,
                    "The API version is not known, so no query was run.",
                ));
                return;
            }
        };
        let soql = request
            .soql
            .as_deref()
            .map(str::trim)
            .filter(|q| !q.is_empty())
            .unwrap_or(DEFAULT_SOQL);
        self.step(format!("Running {soql}"));
        match self
            .guard(api::query(transport, rest_base, &version, access, soql))
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

    /// Ends every token the verification obtained (`revoke_live`). Cancel does not stop this: a
    /// cancelled verification must not leave a live token behind, and each request's own time
    /// limit bounds the wait.
    async fn revoke(&mut self, transport: &Transport, base: &str, live: &LiveTokens) {
        self.step("Revoking the test tokens");
        let check = revoke_live(transport, base, live).await;
        self.push(check);
    }

    /// The Consumer Secret for the web server flow's token requests: sent exactly when the
    /// partner sends it (client credentials always sends it).
    fn secret<'r>(&self, request: &'r VerifyRequest) -> Option<&'r Secret> {
        self.partner
            .sends_secret()
            .then_some(&request.consumer_secret)
    }

    fn finish(mut self, profile: &Profile, inputs: &SetupInputs) -> Verification {
        let why = if self
            .checks
            .iter()
            .any(|check| check.status == CheckStatus::Failed)
        {
            "Not checked: an earlier check failed."
        } else {
            "Not checked."
        };
        let mut rest = vec![CheckId::Domain];
        rest.extend(BEFORE_TOKEN);
        rest.push(CheckId::Token);
        rest.extend(AFTER_TOKEN);
        // Without a token the Revoke check says plainly that nothing is left to revoke.
        let (revoke, rest) = rest.split_last().expect("the Revoke check comes last");
        self.skip_rest(rest, why);
        self.skip_rest(&[*revoke], NONE_ISSUED);
        // A diagnosis names only steps this setup's checklist has.
        let steps: BTreeSet<eca_core::StepId> = checklist(profile, inputs)
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
        self.verification.passed = !self
            .checks
            .iter()
            .any(|check| check.status == CheckStatus::Failed);
        self.verification.checks = self.checks;
        self.verification
    }
}

/// What the Revoke check says became of the test tokens.
const REVOKED_WITH_REFRESH: &str = "Revoked: the refresh token and every access token issued with it no longer work, and this app kept none of them.";
const REVOKED_ACCESS: &str =
    "Revoked: the access token no longer works, and this app kept none of it.";
const KEPT: &str = "Kept, as asked: the test tokens stay valid in Salesforce until they expire or you revoke them (Setup → External Client Apps → OAuth Usage); this app kept no copy of them.";
const NONE_ISSUED: &str = "No token was issued, so there is none to revoke.";

/// Ends `live`: the refresh token first when one came (Salesforce revokes its access tokens
/// with it, FIDELITY.md V1, V6), else the access token (all client credentials give); then,
/// with rotation, the first access token on its own, since whether rotation carries it over to
/// the new refresh token is not documented (V6). The refresh token goes first so that no
/// failure before it can leave it valid; the check says what became of each.
async fn revoke_live(transport: &Transport, base: &str, live: &LiveTokens) -> Check {
    let last = live.refresh.as_ref().unwrap_or(&live.access);
    let ended = token::revoke(transport, base, last).await;
    let first = match &live.before_rotation {
        Some(first) => Some(token::revoke_unless_gone(transport, base, first).await),
        None => None,
    };
    let main = if live.refresh.is_some() {
        "the refresh token and every access token issued with it"
    } else {
        "the access token"
    };
    match (ended, first) {
        (Ok(()), None | Some(Ok(()))) => {
            let detail = if live.refresh.is_some() {
                REVOKED_WITH_REFRESH
            } else {
                REVOKED_ACCESS
            };
            Check::passed(CheckId::Revoke, detail)
        }
        (Ok(()), Some(Err(diagnosis))) => Check::failed(
            CheckId::Revoke,
            Diagnosis {
                message: format!(
                    "Revoked {main}; but the access token issued before rotation was not: {}",
                    diagnosis.message
                ),
                ..diagnosis
            },
        ),
        (Err(diagnosis), first) => {
            let also = match first {
                None => String::new(),
                Some(Ok(())) => " The access token issued before rotation was revoked.".into(),
                Some(Err(_)) => {
                    " The access token issued before rotation could not be revoked either.".into()
                }
            };
            Check::failed(
                CheckId::Revoke,
                Diagnosis {
                    message: format!("{}{also}", diagnosis.message),
                    ..diagnosis
                },
            )
        }
    }
}

#[cfg(test)]
mod revoke_order;

/// The tokens of a verification still alive after the refresh exchange.
struct LiveTokens {
    access: Secret,
    /// The newest refresh token, if one came.
    refresh: Option<Secret>,
    /// With rotation: the access token issued with the first refresh token.
    before_rotation: Option<Secret>,
}

/// Revokes one token at the org `domain` names, outside a verification: the refresh token an
/// earlier version of the app kept for a connection. Plain http goes only to a practice org,
/// as in `verify`; Salesforce's `invalid_token` (the token had already ended) counts as done.
pub async fn revoke_kept_token(
    domain: &str,
    practice: bool,
    token: &Secret,
    timeout: std::time::Duration,
) -> Result<(), Diagnosis> {
    let domain = normalize_domain(domain).map_err(|issue| {
        Diagnosis::new(
            DiagnosisCode::InvalidRequest,
            issue.message,
            issue.hint,
            None,
        )
    })?;
    if domain.kind == OrgKind::Practice && !practice {
        return Err(loopback_for_a_real_org(&domain.host));
    }
    let transport = Transport::new(practice && domain.kind == OrgKind::Practice, timeout);
    token::revoke_unless_gone(&transport, &domain.base_url(), token).await
}

/// A loopback domain on a setup that is not a practice one: refused before anything is sent.
fn loopback_for_a_real_org(host: &str) -> Diagnosis {
    Diagnosis::new(
        DiagnosisCode::InsecureUrl,
        format!(
            "{host} is an address on this computer (plain http), and this setup is for a real org, so its key and secret were not sent."
        ),
        "Enter the org's My Domain (Setup → My Domain), for example acme.my.salesforce.com; to rehearse against the practice org, start a practice setup.",
        None,
    )
}

/// Where the REST calls go: the token's `instance_url` when it may be followed, else the org's
/// own domain (`base`). For the practice org, only its own port on loopback
/// (`http::is_practice_instance`); for a real org, only a host of that org's own
/// (`http::is_org_instance`), so a tampered token answer cannot send the access token to
/// another org or host: the note says the instance was not followed.
pub fn rest_base(instance: &str, base: &str, transport: &Transport) -> (String, Option<String>) {
    if instance.is_empty() {
        return (base.to_owned(), None);
    }
    if transport.is_practice() {
        return if crate::http::is_practice_instance(instance, base)
            && transport.check_url(instance).is_ok()
        {
            (instance.to_owned(), None)
        } else {
            (base.to_owned(), None)
        };
    }
    if crate::http::is_org_instance(instance, base) {
        return (instance.to_owned(), None);
    }
    let shown: String = instance.chars().take(120).collect();
    let note = format!(
        "Salesforce's answer named {shown} as the org's instance, which is not one of this org's own addresses, so it was not followed: the API calls went to {base}, the org's own domain."
    );
    (base.to_owned(), Some(note))
}

fn diagnose(err: &TokenError, flow: FlowChoice) -> Diagnosis {
    match err {
        TokenError::Other(diagnosis) => diagnosis.clone(),
        TokenError::OAuth { error, description } => from_oauth_error(error, description, flow),
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::rest_base;
    use crate::http::Transport;

    const BASE: &str = "https://acme.my.salesforce.com";

    #[test]
    fn a_real_orgs_api_calls_follow_only_its_own_instance() {
        let real = Transport::new(false, Duration::from_secs(1));
        let followed = "https://acme.my.salesforce.com";
        assert_eq!(
            rest_base(followed, BASE, &real),
            (followed.to_owned(), None)
        );
        assert_eq!(rest_base("", BASE, &real), (BASE.to_owned(), None));
        for elsewhere in [
            "https://other.my.salesforce.com",
            "https://ap4.salesforce.com",
            "https://other.lightning.force.com",
            "https://evil.example",
            "https://acme.my.salesforce.com.evil.example",
            "https://acme.my.salesforce.com@evil.example",
            "http://127.0.0.1:8080",
        ] {
            let (to, note) = rest_base(elsewhere, BASE, &real);
            assert_eq!(to, BASE, "{elsewhere} must not be followed");
            let note = note.expect("a note says the instance was not followed");
            assert!(note.contains("was not followed"), "{note}");
            assert!(note.contains(BASE), "{note}");
        }
    }

    #[test]
    fn the_practice_orgs_api_calls_follow_only_its_own_port() {
        let practice = Transport::new(true, Duration::from_secs(1));
        let base = "http://127.0.0.1:4000";
        assert_eq!(
            rest_base("http://localhost:4000", base, &practice),
            ("http://localhost:4000".to_owned(), None)
        );
        for elsewhere in ["http://127.0.0.1:4001", "http://evil.example"] {
            assert_eq!(
                rest_base(elsewhere, base, &practice),
                (base.to_owned(), None),
                "{elsewhere} is not the practice org"
            );
        }
    }
}
