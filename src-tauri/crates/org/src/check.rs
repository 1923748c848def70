//! One partner's External Client App as Salesforce holds it, compared with what its setup needs
//! (`effective_eca`, the partner's request): each setting read with `readMetadata` becomes a
//! finding with its Setup screen, field, the value found and needed, and the guide's quote. A
//! type the org will not show (the global OAuth settings, refused without the consumer-secret
//! permission) falls back to the verification's checks made without signing in, and the result
//! says which settings were read and which were checked that way. The Run As user is read from
//! `User`. An app not found under its API Name is looked for by label and callback URL.

use eca_core::checklist::{effective_eca, run_as_user};
use eca_core::eca::{Flow, Setting};
use eca_core::inputs::SetupInputs;
use eca_core::partner_request::{partner_request, PartnerCallback, PartnerRequest};
use eca_core::profile::Sourced;
use eca_core::verification::{Check, CheckStatus};
use eca_core::{Profile, StepId};
use eca_verify::partner::{self, Answer};
use eca_verify::web_server;
use serde::Serialize;
use ts_rs::TS;

use crate::error::OrgError;
use crate::metadata::{self, Record};
use crate::query::{query, text};
use crate::OrgSession;

/// Where a finding's value came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum FindingSource {
    /// Read from the org with the Metadata API.
    Metadata,
    /// Read from the org with SOQL (the Run As user).
    Query,
    /// The org would not show it; the partner's own sign-in request was replayed without
    /// signing in, as the verification does.
    WithoutSignIn,
}

/// One setting compared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Finding {
    /// The Setup screen (the checklist step) the field is on, and its title.
    pub step: StepId,
    pub screen: String,
    /// The field as the screen labels it.
    pub field: String,
    pub found: String,
    pub needed: String,
    pub matches: bool,
    pub source: FindingSource,
    /// Why the value is needed: the guide's words, when it has them.
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quote: Option<String>,
    /// What to change, for a difference.
    pub fix: String,
}

/// A difference is a finding that does not match.
pub type Difference = Finding;

/// How the app was found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "by", rename_all = "snake_case")]
#[ts(export)]
pub enum AppFound {
    ApiName,
    /// Not under the expected API Name; this app has the setup's name or callback URL.
    Label {
        api_name: String,
    },
    CallbackUrl {
        api_name: String,
    },
    NotFound,
}

/// A metadata type the org did not show, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct NotRead {
    pub type_name: String,
    pub message: String,
    pub fix: String,
}

/// The Run As user as `User` shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct RunAsFinding {
    pub username: String,
    pub exists: bool,
    pub active: bool,
    /// The profile's API Enabled; `None` when the org did not say.
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub api_enabled: Option<bool>,
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub profile: Option<String>,
}

/// The whole check of one app. No token, no secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct AppCheck {
    pub profile_id: String,
    /// The API Name the setup expects.
    pub api_name: String,
    pub found: AppFound,
    /// Every setting compared, differences and matches.
    pub findings: Vec<Finding>,
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub run_as: Option<RunAsFinding>,
    pub not_read: Vec<NotRead>,
    /// The checks made without signing in, for what the org would not show.
    pub without_sign_in: Vec<Check>,
    pub notes: Vec<String>,
    /// No difference, and the app was found.
    pub passed: bool,
}

impl AppCheck {
    pub fn differences(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|finding| !finding.matches)
    }
}

/// The conventional names Setup gives each type's component, beside the app's own API Name
/// (what this app's metadata export uses): `App_oauth`, `App_glbloauth`, `App_oauthPlcy`,
/// `App_plcy`.
fn names(type_name: &str, api_name: &str) -> Vec<String> {
    let suffix = match type_name {
        metadata::OAUTH_SETTINGS => "_oauth",
        metadata::GLOBAL_OAUTH_SETTINGS => "_glbloauth",
        metadata::OAUTH_POLICIES => "_oauthPlcy",
        metadata::POLICIES => "_plcy",
        _ => return vec![api_name.to_owned()],
    };
    vec![api_name.to_owned(), format!("{api_name}{suffix}")]
}

/// The component of `type_name` that belongs to `api_name`, if the org has one.
async fn component(
    session: &OrgSession,
    type_name: &str,
    api_name: &str,
) -> Result<Option<Record>, OrgError> {
    let records = metadata::read(session, type_name, &names(type_name, api_name)).await?;
    Ok(records.into_iter().find(|record| {
        type_name == metadata::EXTERNAL_CLIENT_APPLICATION
            || record
                .get("externalClientApplication")
                .is_none_or(|app| app.eq_ignore_ascii_case(api_name))
    }))
}

/// Checks the setup's app in the org. `consumer_key` (the setup's saved key, when there is one)
/// lets the partner's request be replayed without signing in for what the org will not show.
pub async fn check_app(
    session: &OrgSession,
    profile: &Profile,
    inputs: &SetupInputs,
    consumer_key: Option<&str>,
) -> Result<AppCheck, OrgError> {
    let expected = inputs.api_name.trim().to_owned();
    let mut check = AppCheck {
        profile_id: profile.id.clone(),
        api_name: expected.clone(),
        found: AppFound::NotFound,
        findings: Vec::new(),
        run_as: None,
        not_read: Vec::new(),
        without_sign_in: Vec::new(),
        notes: Vec::new(),
        passed: false,
    };
    let request = partner_request(profile, inputs);
    let (api_name, app) = match find(session, &expected, inputs, &request).await? {
        Some((found, name, record)) => {
            check.found = found;
            (name, record)
        }
        None => {
            check.notes.push(format!(
                "No External Client App named {expected} was found, nor one labeled “{}” or with {}'s callback URL: create it from the checklist, or correct the API Name on the setup.",
                inputs.app_name.trim(),
                request.partner
            ));
            return Ok(check);
        }
    };
    let eca = effective_eca(profile, inputs);
    let mut found = Findings(&mut check.findings);
    // Basic Information.
    let basic = StepId::BasicInformation;
    if !inputs.contact_email.trim().is_empty() {
        found.text(
            basic,
            Setting::ContactEmail.label(),
            app.get("contactEmail").unwrap_or(""),
            inputs.contact_email.trim(),
            None,
        );
    }
    found.text(
        basic,
        Setting::DistributionState.label(),
        app.get("distributionState").unwrap_or(""),
        eca.distribution_state.value.label(),
        quote(&eca.distribution_state),
    );
    // OAuth settings: the scopes.
    match component(session, metadata::OAUTH_SETTINGS, &api_name).await {
        Ok(Some(oauth)) => {
            let granted: Vec<&str> = oauth
                .get("commaSeparatedOauthScopes")
                .unwrap_or("")
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .collect();
            let needed: Vec<&str> = eca
                .scopes
                .value
                .iter()
                .flat_map(|scope| scope.metadata_names().iter().copied())
                .collect();
            let same = needed.iter().all(|n| granted.contains(n))
                && granted.iter().all(|g| needed.contains(g));
            found.push(Finding {
                step: StepId::OauthSettings,
                screen: StepId::OauthSettings.title().into(),
                field: Setting::Scopes.label().into(),
                found: or_none(&granted.join(", ")),
                needed: needed.join(", "),
                matches: same,
                source: FindingSource::Metadata,
                quote: quote(&eca.scopes),
                fix: format!(
                    "On the {} step, make Selected OAuth Scopes exactly: {}.",
                    StepId::OauthSettings.title(),
                    eca.scopes
                        .value
                        .iter()
                        .map(|scope| scope.label())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            });
        }
        Ok(None) => check_missing(&mut check.notes, metadata::OAUTH_SETTINGS),
        Err(err) => not_read(&mut check.not_read, metadata::OAUTH_SETTINGS, err)?,
    }
    let mut found = Findings(&mut check.findings);
    // Global OAuth settings: callback URLs, flows, the Security boxes.
    match component(session, metadata::GLOBAL_OAUTH_SETTINGS, &api_name).await {
        Ok(Some(global)) => {
            let lines: Vec<&str> = global
                .get("callbackUrl")
                .unwrap_or("")
                .lines()
                .map(str::trim)
                .collect();
            for callback in &request.callbacks {
                if let PartnerCallback::Url(url) = callback {
                    let present = lines.contains(&url.as_str());
                    found.push(Finding {
                        step: StepId::OauthSettings,
                        screen: StepId::OauthSettings.title().into(),
                        field: Setting::CallbackUrls.label().into(),
                        found: if present {
                            url.clone()
                        } else {
                            or_none(&lines.join(" "))
                        },
                        needed: url.clone(),
                        matches: present,
                        source: FindingSource::Metadata,
                        quote: quote(&eca.callback_urls),
                        fix: format!(
                            "On the {} step, add {url} as its own line under Callback URL.",
                            StepId::OauthSettings.title()
                        ),
                    });
                }
            }
            let flows = &eca.flows.value;
            for (flow, element) in [
                (Flow::ClientCredentials, "isClientCredentialsFlowEnabled"),
                (
                    Flow::AuthorizationCodeAndCredentials,
                    "isCodeCredFlowEnabled",
                ),
                (Flow::Device, "isDeviceFlowEnabled"),
                (Flow::TokenExchange, "isTokenExchangeEnabled"),
            ] {
                found.flag(
                    StepId::FlowEnablement,
                    flow.label(),
                    global.flag(element),
                    flows.contains(&flow),
                    quote(&eca.flows),
                );
            }
            for (setting, element, needed, sourced) in [
                (
                    Setting::RequireSecretWebServer,
                    "isConsumerSecretOptional",
                    !eca.require_secret_web_server.value,
                    &eca.require_secret_web_server,
                ),
                (
                    Setting::RequireSecretRefresh,
                    "isSecretRequiredForRefreshToken",
                    eca.require_secret_refresh.value,
                    &eca.require_secret_refresh,
                ),
                (
                    Setting::RequirePkce,
                    "isPkceRequired",
                    eca.require_pkce.value,
                    &eca.require_pkce,
                ),
                (
                    Setting::RefreshTokenRotation,
                    "isRefreshTokenRotationEnabled",
                    eca.refresh_token_rotation.value,
                    &eca.refresh_token_rotation,
                ),
                (
                    Setting::JwtAccessTokens,
                    "isNamedUserJwtEnabled",
                    eca.jwt_access_tokens.value,
                    &eca.jwt_access_tokens,
                ),
            ] {
                // `isConsumerSecretOptional` says the opposite of the box on the screen.
                let read = global.flag(element);
                let (read, needed) = if setting == Setting::RequireSecretWebServer {
                    (read.map(|optional| !optional), !needed)
                } else {
                    (read, needed)
                };
                found.flag(
                    StepId::Security,
                    setting.label(),
                    read,
                    needed,
                    quote(sourced),
                );
            }
        }
        Ok(None) => check_missing(&mut check.notes, metadata::GLOBAL_OAUTH_SETTINGS),
        Err(err) => {
            not_read(&mut check.not_read, metadata::GLOBAL_OAUTH_SETTINGS, err)?;
            check.without_sign_in = without_sign_in(session, &request, consumer_key).await;
            check
                .notes
                .push(without_sign_in_note(consumer_key.is_some()));
            for failed in check
                .without_sign_in
                .iter()
                .filter(|c| c.status == CheckStatus::Failed)
            {
                let diagnosis = failed.diagnosis.clone();
                let step = diagnosis
                    .as_ref()
                    .and_then(|d| d.step)
                    .unwrap_or(StepId::OauthSettings);
                let pkce = failed.id == eca_core::verification::CheckId::PartnerPkce;
                check.findings.push(Finding {
                    step,
                    screen: step.title().into(),
                    field: if pkce {
                        Setting::RequirePkce.label().into()
                    } else {
                        failed.title.clone()
                    },
                    found: failed.detail.clone(),
                    needed: if pkce {
                        flag_text(eca.require_pkce.value).into()
                    } else {
                        "accepted".into()
                    },
                    matches: false,
                    source: FindingSource::WithoutSignIn,
                    quote: if pkce { quote(&eca.require_pkce) } else { None },
                    fix: diagnosis.map(|d| d.fix).unwrap_or_default(),
                });
            }
        }
    }
    let mut found = Findings(&mut check.findings);
    // OAuth policies.
    match component(session, metadata::OAUTH_POLICIES, &api_name).await {
        Ok(Some(policies)) => {
            let policies_step = StepId::Policies;
            found.text(
                policies_step,
                Setting::PermittedUsers.label(),
                &label_of(policies.get("permittedUsersPolicyType"), |v| {
                    eca_core::eca::PermittedUsers::ALL
                        .into_iter()
                        .find(|c| metadata_value(c) == v)
                        .map(|c| c.label())
                }),
                eca.permitted_users.value.label(),
                quote(&eca.permitted_users),
            );
            found.text(
                policies_step,
                Setting::IpRelaxation.label(),
                &label_of(policies.get("ipRelaxationPolicyType"), |v| {
                    eca_core::eca::IpRelaxation::ALL
                        .into_iter()
                        .find(|c| metadata_value(c) == v)
                        .map(|c| c.label())
                }),
                eca.ip_relaxation.value.label(),
                quote(&eca.ip_relaxation),
            );
            found.text(
                policies_step,
                Setting::RefreshTokenPolicy.label(),
                &refresh_policy_text(&policies),
                &needed_policy_text(eca.refresh_token_policy.value),
                quote(&eca.refresh_token_policy),
            );
            found.flag(
                policies_step,
                Setting::ClientCredentialsPolicy.label(),
                policies.flag("isClientCredentialsFlowEnabled"),
                eca.client_credentials_policy.value,
                quote(&eca.client_credentials_policy),
            );
            if let (true, Some(user)) = (
                eca.client_credentials_policy.value,
                run_as_user(profile, inputs),
            ) {
                found.text(
                    policies_step,
                    Setting::RunAs.label(),
                    policies.get("clientCredentialsFlowUser").unwrap_or(""),
                    &user,
                    eca.run_as.as_ref().and_then(quote),
                );
            }
        }
        Ok(None) => check_missing(&mut check.notes, metadata::OAUTH_POLICIES),
        Err(err) => not_read(&mut check.not_read, metadata::OAUTH_POLICIES, err)?,
    }
    // The app's policies: whether the app and its OAuth plugin are on at all.
    match component(session, metadata::POLICIES, &api_name).await {
        Ok(Some(policies)) => {
            if policies.flag("isEnabled") == Some(false)
                || policies.flag("isOauthPluginEnabled") == Some(false)
            {
                check.notes.push("The app's policies show it (or its OAuth plugin) disabled: no one can sign in through it until it is enabled again.".into());
            }
        }
        Ok(None) => {}
        Err(err) => not_read(&mut check.not_read, metadata::POLICIES, err)?,
    }
    // The Run As user.
    if let Some(user) = run_as_user(profile, inputs) {
        let (finding, findings) = run_as(session, &user, eca.run_as.as_ref()).await?;
        check.run_as = Some(finding);
        check.findings.extend(findings);
    }
    check.passed = check.findings.iter().all(|finding| finding.matches);
    Ok(check)
}

/// The app by API Name, else by label, else by one of the partner's callback URLs.
async fn find(
    session: &OrgSession,
    expected: &str,
    inputs: &SetupInputs,
    request: &PartnerRequest,
) -> Result<Option<(AppFound, String, Record)>, OrgError> {
    if !expected.is_empty() {
        if let Some(app) =
            component(session, metadata::EXTERNAL_CLIENT_APPLICATION, expected).await?
        {
            return Ok(Some((AppFound::ApiName, expected.to_owned(), app)));
        }
    }
    // readMetadata reads by name only: candidates come from the names Setup derives from the
    // label, and the apps the org lists by name.
    let label = inputs.app_name.trim();
    let mut candidates: Vec<String> = Vec::new();
    if !label.is_empty() {
        candidates.push(eca_core::inputs::derive_api_name(label));
    }
    candidates.extend(listed_apps(session).await);
    candidates.retain(|name| !name.eq_ignore_ascii_case(expected));
    candidates.dedup();
    for name in candidates.iter().take(10) {
        let Some(app) = component(session, metadata::EXTERNAL_CLIENT_APPLICATION, name).await?
        else {
            continue;
        };
        if !label.is_empty()
            && app
                .get("label")
                .is_some_and(|l| l.trim().eq_ignore_ascii_case(label))
        {
            return Ok(Some((
                AppFound::Label {
                    api_name: name.clone(),
                },
                name.clone(),
                app,
            )));
        }
        if let Ok(Some(global)) = component(session, metadata::GLOBAL_OAUTH_SETTINGS, name).await {
            let lines = global.get("callbackUrl").unwrap_or("");
            let partner_url = request.callbacks.iter().any(|callback| {
                matches!(callback, PartnerCallback::Url(url) if lines.lines().any(|line| line.trim() == url))
            });
            if partner_url {
                return Ok(Some((
                    AppFound::CallbackUrl {
                        api_name: name.clone(),
                    },
                    name.clone(),
                    app,
                )));
            }
        }
    }
    Ok(None)
}

/// The apps the org names in OAuth usage (what `ConnectedApplication` and `OauthToken` list),
/// as API Name candidates. Best effort: a refusal lists none.
async fn listed_apps(session: &OrgSession) -> Vec<String> {
    let mut names = Vec::new();
    if let Ok(rows) = query(
        session,
        "ConnectedApplication",
        "SELECT Name FROM ConnectedApplication",
    )
    .await
    {
        names.extend(rows.records.iter().map(|r| text(r, "Name")));
    }
    names
        .into_iter()
        .filter(|name| !name.is_empty())
        .map(|name| eca_core::inputs::derive_api_name(&name))
        .collect()
}

/// The Run As user: exists, is active, has API access.
async fn run_as(
    session: &OrgSession,
    username: &str,
    sourced: Option<&Sourced<String>>,
) -> Result<(RunAsFinding, Vec<Finding>), OrgError> {
    let escaped = username.replace('\\', "\\\\").replace('\'', "\\'");
    let soql = format!(
        "SELECT Id, Username, IsActive, Profile.Name, Profile.PermissionsApiEnabled FROM User WHERE Username = '{escaped}'"
    );
    let rows = query(session, "User", &soql).await?;
    let record = rows.records.first();
    let profile = record.map(|r| {
        r.get("Profile")
            .map(|p| text(p, "Name"))
            .unwrap_or_default()
    });
    let api_enabled = record
        .and_then(|r| r.get("Profile"))
        .and_then(|p| p.get("PermissionsApiEnabled"))
        .and_then(serde_json::Value::as_bool);
    let finding = RunAsFinding {
        username: username.to_owned(),
        exists: record.is_some(),
        active: record.is_some_and(|r| text(r, "IsActive") == "true"),
        api_enabled,
        profile: profile.filter(|p| !p.is_empty()),
    };
    let step = StepId::IntegrationUser;
    let quote = sourced.and_then(quote);
    let user_finding =
        |field: &str, found: &str, needed: &str, matches: bool, fix: String| Finding {
            step,
            screen: step.title().into(),
            field: field.into(),
            found: found.into(),
            needed: needed.into(),
            matches,
            source: FindingSource::Query,
            quote: quote.clone(),
            fix,
        };
    let mut findings = vec![user_finding(
        "Username",
        if finding.exists { username } else { "no such user" },
        username,
        finding.exists,
        format!("Create the integration user {username} (Setup → Users), or correct the Run As user on the setup."),
    )];
    if finding.exists {
        findings.push(user_finding(
            "Active",
            flag_text(finding.active),
            flag_text(true),
            finding.active,
            format!("Reactivate {username} in Setup → Users."),
        ));
        let api = api_enabled.unwrap_or(false);
        findings.push(user_finding(
            "API Enabled",
            &match (&finding.profile, api_enabled) {
                (Some(profile), Some(on)) => format!("{} (profile {profile})", flag_text(on)),
                (_, Some(on)) => flag_text(on).to_owned(),
                (_, None) => "not shown by the org".to_owned(),
            },
            flag_text(true),
            api,
            format!("Give {username} API access: the permission API Enabled on its profile or a permission set (Salesforce's integration profile “Minimum Access - API Only Integrations” has it, with API Only User)."),
        ));
    }
    Ok((finding, findings))
}

/// The partner's request replayed at the authorize endpoint, as the verification does before
/// any sign-in: each callback URL, the PKCE choice and the scopes. Needs the app's key.
async fn without_sign_in(
    session: &OrgSession,
    request: &PartnerRequest,
    consumer_key: Option<&str>,
) -> Vec<Check> {
    let Some(key) = consumer_key.map(str::trim).filter(|k| !k.is_empty()) else {
        return Vec::new();
    };
    let transport = session.transport();
    let scopes = request.scope_tokens().unwrap_or_default();
    let scopes: Vec<&str> = scopes.iter().map(String::as_str).collect();
    let mut checks = Vec::new();
    let mut first = None;
    for url in partner::urls(request) {
        let Ok(url) = url else { continue };
        let answer =
            match web_server::authorization(&session.base, key, url, &scopes, request.sends_pkce())
            {
                Err(diagnosis) => Answer::Inconclusive(diagnosis),
                Ok(auth) => match web_server::preflight(&transport, &auth).await {
                    Ok(()) => Answer::Accepted,
                    Err(err) => {
                        let diagnosis = partner::diagnose(&err);
                        if partner::about_the_partner(&diagnosis) {
                            Answer::Refused(diagnosis)
                        } else {
                            Answer::Inconclusive(diagnosis)
                        }
                    }
                },
            };
        checks.push(partner::callback(request, url, &answer));
        first.get_or_insert(answer);
    }
    checks.push(partner::pkce(request, first.as_ref()));
    checks.push(partner::scopes(request, first.as_ref()));
    checks
}

fn without_sign_in_note(with_key: bool) -> String {
    if with_key {
        "The org did not show the global OAuth settings (callback URLs, flows, the Security boxes): the partner's callback URLs, PKCE choice and scopes were checked without signing in instead, by replaying the partner's sign-in request with the setup's saved Consumer Key. The other Security boxes and the Flow Enablement boxes were not checked.".into()
    } else {
        "The org did not show the global OAuth settings (callback URLs, flows, the Security boxes), and the setup has no saved Consumer Key to check them without signing in: save the connection (connection add --setup) or verify the setup.".into()
    }
}

/// A type the org refused, recorded; the session ending stops the whole check.
fn not_read(list: &mut Vec<NotRead>, type_name: &str, err: OrgError) -> Result<(), OrgError> {
    match err {
        OrgError::NoAccess { .. } | OrgError::UnknownType { .. } => {
            list.push(NotRead {
                type_name: type_name.to_owned(),
                message: err.message(),
                fix: err.fix(),
            });
            Ok(())
        }
        other => Err(other),
    }
}

fn check_missing(notes: &mut Vec<String>, type_name: &str) {
    notes.push(format!(
        "The org has no {type_name} for this app: its settings on that screen were not checked."
    ));
}

struct Findings<'a>(&'a mut Vec<Finding>);

impl Findings<'_> {
    fn push(&mut self, finding: Finding) {
        self.0.push(finding);
    }

    fn text(
        &mut self,
        step: StepId,
        field: &str,
        found: &str,
        needed: &str,
        quote: Option<String>,
    ) {
        let matches = found.trim().eq_ignore_ascii_case(needed.trim());
        self.push(Finding {
            step,
            screen: step.title().into(),
            field: field.into(),
            found: or_none(found),
            needed: needed.into(),
            matches,
            source: FindingSource::Metadata,
            quote,
            fix: format!("On the {} step, set {field} to {needed}.", step.title()),
        });
    }

    fn flag(
        &mut self,
        step: StepId,
        field: &str,
        found: Option<bool>,
        needed: bool,
        quote: Option<String>,
    ) {
        // A box the metadata leaves out is unchecked.
        let found = found.unwrap_or(false);
        let verb = if needed { "check" } else { "clear" };
        self.push(Finding {
            step,
            screen: step.title().into(),
            field: field.into(),
            found: flag_text(found).into(),
            needed: flag_text(needed).into(),
            matches: found == needed,
            source: FindingSource::Metadata,
            quote,
            fix: format!("On the {} step, {verb} “{field}”.", step.title()),
        });
    }
}

fn flag_text(on: bool) -> &'static str {
    if on {
        "checked"
    } else {
        "not checked"
    }
}

fn or_none(text: &str) -> String {
    if text.trim().is_empty() {
        "(empty)".into()
    } else {
        text.trim().to_owned()
    }
}

fn quote<T>(sourced: &Sourced<T>) -> Option<String> {
    sourced.quote.clone().or_else(|| sourced.note.clone())
}

/// A metadata value: the core enums' serde names are Salesforce's.
fn metadata_value<T: Serialize>(choice: &T) -> String {
    serde_json::to_value(choice)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// The screen's label for a metadata value, or the value itself when unknown.
fn label_of(value: Option<&str>, label: impl Fn(&str) -> Option<&'static str>) -> String {
    let value = value.unwrap_or("").trim();
    label(value).map_or_else(|| value.to_owned(), str::to_owned)
}

/// "Expire refresh token after specific time (90 Days)" from the policy and its time.
fn refresh_policy_text(policies: &Record) -> String {
    let kind = policies.get("refreshTokenPolicyType").unwrap_or("").trim();
    let policy = eca_core::eca::RefreshTokenPolicy::ALL
        .into_iter()
        .find(|p| p.metadata_value() == kind);
    let Some(policy) = policy else {
        return kind.to_owned();
    };
    match (
        policy.validity(),
        policies.get("refreshTokenValidityPeriod"),
        policies.get("refreshTokenValidityUnit"),
    ) {
        (Some(_), Some(period), Some(unit)) => format!("{} ({period} {unit})", policy.label()),
        _ => policy.label().to_owned(),
    }
}

fn needed_policy_text(policy: eca_core::eca::RefreshTokenPolicy) -> String {
    match policy.validity() {
        Some(validity) => format!("{} ({})", policy.label(), validity.text()),
        None => policy.label().to_owned(),
    }
}
