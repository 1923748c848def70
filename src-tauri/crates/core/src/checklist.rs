//! The checklist: profile + the admin's inputs → the ordered Setup screens to fill in. One pure
//! function; the wizard, the CLI, and later the report and metadata export all read its steps.
//! It never fails: a missing input shows as a placeholder and is reported by `inputs::validate`.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::domain::{normalize_domain, OrgDomain};
use crate::eca::{
    DistributionState, Flow, IpRelaxation, PermittedUsers, RefreshTokenPolicy,
    RefreshTokenValidity, Setting,
};
use crate::inputs::SetupInputs;
use crate::options::with_chosen;
use crate::profile::{EcaSettings, ExtraStep, Profile, Source, Sourced};
use crate::scopes::Scope;
use crate::screen::StepId;
use crate::template::fill_with_labels;
use crate::verify_flows::{verify_flows, FlowChoice};

pub const MANAGER_PATH: &str = "/lightning/setup/ManageExternalClientApplication/home";
pub const USERS_PATH: &str = "/lightning/setup/ManageUsers/home";
/// Where the app's web-server-flow test listens (the Salesforce CLI's default).
pub const VERIFY_CALLBACK: &str = "http://localhost:1717/OauthRedirect";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Checklist {
    pub profile_id: String,
    pub profile_name: String,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org: Option<OrgDomain>,
    pub steps: Vec<Step>,
}

/// One Salesforce Setup screen or panel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Step {
    /// Stable across versions: saved progress and diagnoses refer to it.
    pub id: StepId,
    #[serde(flatten)]
    #[ts(flatten)]
    pub header: PageHeader,
    pub sections: Vec<Section>,
    /// What to click once the fields are set ("Click Create.").
    pub finish: Vec<String>,
    /// The Salesforce button that ends the step ("Create", "Save"), which the wizard's one
    /// action names: "I clicked Create — next".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub click: Option<String>,
}

/// The top of a page the admin works through, a checklist step's and a migration screen's
/// alike: its title, where the Setup page is and how to get there, what to do, and what to
/// watch for. What follows it (fields, facts, a form) is the page's own. Serialized flat, as
/// the page's own fields.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PageHeader {
    pub title: String,
    /// Where the Setup page is, from Setup down; empty for a screen of this app's own.
    pub breadcrumb: Vec<String>,
    /// A deep link into the org's Setup, when the org has a My Domain.
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
    /// What to type in Setup's Quick Find box when the link does not open the page; empty for a
    /// screen of this app's own.
    pub quick_find: String,
    /// What to do, in order (on a step, before its fields).
    pub instructions: Vec<String>,
    /// Plain-words warnings for this page.
    pub warnings: Vec<String>,
}

/// A deep link to `path` in the org's Setup, when the org has a My Domain to link into.
pub(crate) fn setup_link(org: Option<&OrgDomain>, path: &str) -> Option<String> {
    org.filter(|org| org.has_my_domain())
        .map(|org| format!("{}{path}", org.base_url()))
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Section {
    pub heading: String,
    pub fields: Vec<Field>,
}

/// A field exactly as labelled on the Setup screen, with the value it must have.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Field {
    pub id: String,
    pub label: String,
    pub value: FieldValue,
    /// What the admin does here ("Uncheck", "Select", "Type or paste"), relative to the screen's default.
    pub action: String,
    /// The text a Copy button puts on the clipboard, when the value is something to type.
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub copy: Option<String>,
    pub from: Source,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote: Option<String>,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "type", rename_all = "snake_case")]
#[ts(export)]
pub enum FieldValue {
    Text {
        text: String,
    },
    Lines {
        lines: Vec<String>,
    },
    Checkbox {
        checked: bool,
    },
    Choice {
        selected: String,
        options: Vec<String>,
    },
    Scopes {
        selected: Vec<ScopeRow>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ScopeRow {
    pub scope: Scope,
    pub label: String,
    pub tokens: Vec<String>,
}

/// The settings a setup uses: the admin's for an editable profile, the guide's otherwise, with
/// the options the admin chose applied (borrowed as they are when none is chosen).
pub fn effective_eca<'a>(profile: &'a Profile, inputs: &'a SetupInputs) -> Cow<'a, EcaSettings> {
    let base = match (&inputs.eca, profile.editable) {
        (Some(eca), true) => eca,
        _ => &profile.eca,
    };
    with_chosen(profile, inputs, base)
}

/// The Run As user the admin entered, with the profile's `{input}` placeholders filled; `None`
/// when the app has none or an input it needs is empty. What the verification compares the
/// token's user with, and what the metadata export names.
pub fn run_as_user(profile: &Profile, inputs: &SetupInputs) -> Option<String> {
    let eca = effective_eca(profile, inputs);
    let value = &eca.run_as.as_ref()?.value;
    let out = crate::template::fill(value, profile, inputs, |_| None)?;
    let out = out.trim().to_owned();
    (!out.is_empty() && !out.contains('{')).then_some(out)
}

pub fn checklist(profile: &Profile, inputs: &SetupInputs) -> Checklist {
    let org = normalize_domain(&inputs.domain).ok();
    let page = Page {
        org: org.as_ref(),
        app_name: display_or(&inputs.app_name, "<your app's name>"),
        partner: if profile.editable {
            "your partner".into()
        } else {
            profile.name.clone()
        },
        signs_in: verify_flows(profile, inputs).contains(&FlowChoice::WebServer),
    };
    let eca = &*effective_eca(profile, inputs);
    let fill = |template: &str| fill_with_labels(template, profile, inputs);

    let mut steps = vec![
        open_manager(&page, profile),
        basic_information(&page, profile, inputs, eca),
        oauth_settings(&page, eca, &verify_flows(profile, inputs), &fill),
        flow_enablement(&page, eca),
        security(&page, eca),
        policies(&page, eca, &inputs.permission_sets(profile), &fill),
    ];
    for extra in &profile.extra_steps {
        if let ExtraStep::WaitForPropagation { minutes, .. } = extra {
            steps.push(wait_for_propagation(&page, *minutes));
        }
    }
    steps.push(consumer_key_and_secret(&page, profile));
    for extra in &profile.extra_steps {
        match extra {
            ExtraStep::IntegrationUser { what, .. } => {
                steps.push(integration_user(&page, eca, what, &fill));
            }
            ExtraStep::AdminPermissions { who, permissions } => {
                steps.push(admin_permissions(
                    &page,
                    eca,
                    who,
                    permissions,
                    &inputs.permission_sets(profile),
                ));
            }
            ExtraStep::WaitForPropagation { .. } | ExtraStep::VerifyIdentity { .. } => {}
        }
    }
    Checklist {
        profile_id: profile.id.clone(),
        profile_name: profile.name.clone(),
        org,
        steps,
    }
}

/// What every step of one setup shares: the org for links, the app's name for breadcrumbs, and
/// who the partner is for the warnings that say what a setting means for it.
struct Page<'a> {
    org: Option<&'a OrgDomain>,
    app_name: String,
    /// The partner's name, or "your partner" for the Custom profile.
    partner: String,
    /// The partner signs in through the browser (the web server flow), where PKCE applies.
    signs_in: bool,
}

impl Page<'_> {
    fn in_app(&self, tail: &[&str]) -> Vec<String> {
        let mut crumbs = manager_crumbs();
        crumbs.push(self.app_name.clone());
        crumbs.extend(tail.iter().map(|s| s.to_string()));
        crumbs
    }

    fn step(&self, id: StepId, breadcrumb: Vec<String>, path: &str, quick_find: &str) -> Step {
        Step {
            id,
            header: PageHeader {
                title: id.title().into(),
                breadcrumb,
                link: setup_link(self.org, path),
                quick_find: quick_find.into(),
                ..PageHeader::default()
            },
            sections: Vec::new(),
            finish: Vec::new(),
            click: None,
        }
    }
}

fn manager_crumbs() -> Vec<String> {
    [
        "Setup",
        "Apps",
        "External Client Apps",
        "External Client App Manager",
    ]
    .map(String::from)
    .to_vec()
}

fn open_manager(page: &Page, profile: &Profile) -> Step {
    let mut step = page.step(
        StepId::OpenManager,
        manager_crumbs(),
        MANAGER_PATH,
        "External Client App Manager",
    );
    step.header.instructions = vec![
        "Sign in to Salesforce as an administrator and open Setup (the gear icon, top right)."
            .into(),
        "Open the External Client App Manager and click New External Client App.".into(),
    ];
    if profile
        .guides
        .iter()
        .any(|g| g.via_app_manager.as_ref().is_some_and(|via| via.value))
    {
        step.header.warnings.push(
            "The partner's guide reaches the same button through Setup → Apps → App Manager; either way opens the same New External Client App screen."
                .into(),
        );
    }
    if let Some(note) = page.org.and_then(|org| org.note.clone()) {
        step.header.warnings.push(note);
    }
    step
}

fn basic_information(
    page: &Page,
    profile: &Profile,
    inputs: &SetupInputs,
    eca: &EcaSettings,
) -> Step {
    let mut crumbs = manager_crumbs();
    crumbs.push("New External Client App".into());
    let mut step = page.step(
        StepId::BasicInformation,
        crumbs,
        MANAGER_PATH,
        "External Client App Manager",
    );
    let name = display_or(&inputs.app_name, &profile.app_name.value);
    let api_name = display_or(&inputs.api_name, "<API Name>");
    let email = display_or(&inputs.contact_email, "<contact email>");
    let name_from = if inputs.app_name.trim() == profile.app_name.value {
        profile.app_name.from.clone()
    } else {
        Source::admin()
    };
    step.sections.push(Section {
        heading: StepId::BasicInformation.title().into(),
        fields: vec![
            Field {
                quote: (name_from == profile.app_name.from)
                    .then(|| profile.app_name.quote.clone())
                    .flatten(),
                ..text_field("app_name", Setting::AppName.label(), &name, name_from)
            },
            Field {
                action: "Check: Salesforce fills it from the name".into(),
                ..text_field(
                    "api_name",
                    Setting::ApiName.label(),
                    &api_name,
                    Source::admin(),
                )
            },
            text_field(
                "contact_email",
                Setting::ContactEmail.label(),
                &email,
                Source::admin(),
            ),
            choice(
                "distribution_state",
                Setting::DistributionState.label(),
                &eca.distribution_state,
                [DistributionState::Local, DistributionState::Packaged]
                    .map(DistributionState::label),
                DistributionState::label,
            ),
        ],
    });
    step
}

fn oauth_settings(
    page: &Page,
    eca: &EcaSettings,
    verify_flows: &[FlowChoice],
    fill: &dyn Fn(&str) -> String,
) -> Step {
    let mut crumbs = manager_crumbs();
    crumbs.push("New External Client App".into());
    let mut step = page.step(
        StepId::OauthSettings,
        crumbs,
        MANAGER_PATH,
        "External Client App Manager",
    );
    let callbacks: Vec<String> = eca
        .callback_urls
        .value
        .iter()
        .map(|url| fill(url))
        .collect();
    let has_loopback = callbacks.iter().any(|url| url.trim() == VERIFY_CALLBACK);
    let scopes = eca
        .scopes
        .value
        .iter()
        .map(|scope| ScopeRow {
            scope: *scope,
            label: scope.label().into(),
            tokens: scope.tokens().iter().map(|t| t.to_string()).collect(),
        })
        .collect();
    step.sections.push(Section {
        heading: StepId::OauthSettings.title().into(),
        fields: vec![
            Field {
                id: "enable_oauth".into(),
                label: "Enable OAuth".into(),
                value: FieldValue::Checkbox { checked: true },
                action: "Check".into(),
                copy: None,
                from: eca.callback_urls.from.clone(),
                quote: None,
                note: None,
            },
            Field {
                id: "callback_urls".into(),
                label: Setting::CallbackUrls.label().into(),
                action: "Type or paste, one URL per line".into(),
                copy: Some(callbacks.join("\n")),
                value: FieldValue::Lines { lines: callbacks },
                ..sourced_field(&eca.callback_urls)
            },
            Field {
                id: "scopes".into(),
                label: Setting::Scopes.label().into(),
                action: "Move each of these from Available OAuth Scopes to Selected OAuth Scopes"
                    .into(),
                value: FieldValue::Scopes { selected: scopes },
                copy: None,
                ..sourced_field(&eca.scopes)
            },
        ],
    });
    // The web server flow's test cannot receive the code at the partner's callback: Salesforce
    // must also allow a loopback one, unless the app's own line already is it (the app's own
    // External Client App, whose callback is this loopback).
    if verify_flows.contains(&FlowChoice::WebServer) && !has_loopback {
        let fields = &mut step.sections[0].fields;
        fields.insert(
            2,
            Field {
                id: "verify_callback".into(),
                label: "Callback URL (one more line)".into(),
                value: FieldValue::Text {
                    text: VERIFY_CALLBACK.into(),
                },
                action: "Add as a second line".into(),
                copy: Some(VERIFY_CALLBACK.into()),
                from: Source::admin(),
                quote: None,
                note: Some(loopback_note(eca.require_secret_web_server.value)),
            },
        );
    }
    step
}

/// What the loopback callback line is for, and what keeping or removing it means: a code sent to
/// it is of no use without the secret only while the app requires the secret.
fn loopback_note(secret_required: bool) -> String {
    let keep = if secret_required {
        "The extra line may stay once verified: a sign-in code sent to it is of no use without the Consumer Secret."
    } else {
        "Remove the extra line once verified: this app does not require the secret for the web server flow, so a sign-in code sent to it could be exchanged without one."
    };
    format!("This extra line lets ECA Setup Assistant sign in from this computer to prove the key and secret work, as the Salesforce CLI does. The partner's own line stays first; the verification checks it separately, without signing in. {keep} If you remove it, add it back before you verify again, or the verification's sign-in is refused with redirect_uri_mismatch. The metadata export includes it too, so a deploy to another org carries it unless you delete that line from the export first.")
}

fn flow_enablement(page: &Page, eca: &EcaSettings) -> Step {
    let mut crumbs = manager_crumbs();
    crumbs.push("New External Client App".into());
    let mut step = page.step(
        StepId::FlowEnablement,
        crumbs,
        MANAGER_PATH,
        "External Client App Manager",
    );
    let fields = Flow::ALL
        .iter()
        .map(|flow| {
            let enabled = eca.flows.value.contains(flow);
            Field {
                id: format!("flow.{}", serde_plain(flow)),
                label: flow.label().into(),
                value: FieldValue::Checkbox { checked: enabled },
                action: checkbox_action(enabled, false),
                copy: None,
                ..sourced_field(&eca.flows)
            }
        })
        .collect();
    step.sections.push(Section {
        heading: StepId::FlowEnablement.title().into(),
        fields,
    });
    step
}

fn security(page: &Page, eca: &EcaSettings) -> Step {
    let mut crumbs = manager_crumbs();
    crumbs.push("New External Client App".into());
    let mut step = page.step(
        StepId::Security,
        crumbs,
        MANAGER_PATH,
        "External Client App Manager",
    );
    let fields = Setting::SECURITY
        .into_iter()
        .filter_map(|(setting, default)| {
            let value = eca.checkbox(setting)?;
            Some(checkbox(
                &serde_plain(&setting),
                setting.label(),
                value,
                default,
            ))
        })
        .collect();
    step.sections.push(Section {
        heading: StepId::Security.title().into(),
        fields,
    });
    step.finish
        .push("Click Create. Salesforce confirms that the External Client App was created.".into());
    step.click = Some("Create".into());
    step.header.warnings.extend(locked_on_warnings(page, eca));
    step
}

/// What a box this partner wants off means when Salesforce keeps it checked and locked: an org
/// can require PKCE, partner apps that required it may not turn it off again, and refresh token
/// rotation is pushed the same way (FIDELITY.md rows F5–F7). Only boxes the profile leaves
/// unchecked get one.
fn locked_on_warnings(page: &Page, eca: &EcaSettings) -> Vec<String> {
    let partner = &page.partner;
    let mut warnings = Vec::new();
    if !eca.require_pkce.value {
        let meaning = if page.signs_in {
            format!(
                "leave it checked and tell {partner} that this org requires PKCE before they connect: a sign-in without PKCE fails with “missing required code challenge”, so {partner} must send PKCE or the connection does not work."
            )
        } else {
            format!(
                "leave it checked: {partner} uses the client credentials flow, which has no authorization code for PKCE to protect, so the connection still works."
            )
        };
        warnings.push(format!(
            "Salesforce can turn “{}” on and keep it on: some orgs show it checked and locked, and an app that has required PKCE may not turn it off again. If it is locked on here, {meaning}",
            Setting::RequirePkce.label()
        ));
    }
    if !eca.refresh_token_rotation.value && gets_refresh_tokens(page, eca) {
        warnings.push(format!(
            "Salesforce can also turn “{}” on and keep it on. If it is locked on here, leave it checked and ask {partner} whether their connection stores the new refresh token Salesforce returns at every refresh: the old one stops working at once, and using it again revokes the connection.",
            Setting::RefreshTokenRotation.label()
        ));
    }
    warnings
}

fn policies(
    page: &Page,
    eca: &EcaSettings,
    permission_sets: &[String],
    fill: &dyn Fn(&str) -> String,
) -> Step {
    let mut step = page.step(
        StepId::Policies,
        page.in_app(&["Policies"]),
        MANAGER_PATH,
        "External Client App Manager",
    );
    step.header.instructions = vec![
        format!(
            "In the External Client App Manager, open {}.",
            page.app_name
        ),
        "Open the Policies tab and click Edit.".into(),
    ];
    let mut plugin = vec![choice(
        "permitted_users",
        Setting::PermittedUsers.label(),
        &eca.permitted_users,
        PermittedUsers::ALL.map(PermittedUsers::label),
        PermittedUsers::label,
    )];
    if eca.permitted_users.value == PermittedUsers::AdminApprovedPreAuthorized {
        plugin.push(Field {
            id: "preauthorized_access".into(),
            label: "Select Profiles / Select Permission Sets".into(),
            value: FieldValue::Text {
                text: match permission_sets {
                    [] => "the integration user's profile or permission set".into(),
                    named => format!("the permission set {}", named.join(", ")),
                },
            },
            action: "Add".into(),
            copy: None,
            ..sourced_field(&eca.permitted_users)
        });
    }
    let mut flows = vec![checkbox(
        "client_credentials_policy",
        Setting::ClientCredentialsPolicy.label(),
        &eca.client_credentials_policy,
        false,
    )];
    if let (true, Some(run_as)) = (eca.client_credentials_policy.value, &eca.run_as) {
        let user = fill(&run_as.value);
        flows.push(Field {
            id: "run_as".into(),
            label: Setting::RunAs.label().into(),
            action: "Type or pick the user".into(),
            copy: Some(user.clone()),
            value: FieldValue::Text { text: user },
            ..sourced_field(run_as)
        });
    }
    let mut authorization = vec![choice(
        "refresh_token_policy",
        Setting::RefreshTokenPolicy.label(),
        &eca.refresh_token_policy,
        RefreshTokenPolicy::ALL.map(RefreshTokenPolicy::label),
        RefreshTokenPolicy::label,
    )];
    // A specific-time policy: the number and unit Salesforce asks for next to it.
    if let Some(validity) = eca.refresh_token_policy.value.validity() {
        authorization.push(Field {
            id: "refresh_token_validity".into(),
            label: "Specific time".into(),
            value: FieldValue::Text {
                text: validity.text(),
            },
            action: "Type the number and select the unit".into(),
            copy: Some(validity.period.to_string()),
            ..sourced_field(&eca.refresh_token_policy)
        });
    }
    authorization.push(choice(
        "ip_relaxation",
        Setting::IpRelaxation.label(),
        &eca.ip_relaxation,
        IpRelaxation::ALL.map(IpRelaxation::label),
        IpRelaxation::label,
    ));
    step.sections = vec![
        Section {
            heading: "Plugin Policies".into(),
            fields: plugin,
        },
        Section {
            heading: "OAuth Flows and External Client App Enhancements".into(),
            fields: flows,
        },
        Section {
            heading: "App Authorization".into(),
            fields: authorization,
        },
    ];
    step.finish.push("Click Save.".into());
    step.click = Some("Save".into());
    if eca.flows.value.contains(&Flow::ClientCredentials) && !eca.client_credentials_policy.value {
        step.header.warnings.push(
            "Client Credentials Flow is enabled on the app but not here: Salesforce refuses client-credentials requests until both are on."
                .into(),
        );
    }
    if eca.refresh_token_policy.value == RefreshTokenPolicy::Infinite {
        step.header.warnings.push(idle_limit_warning(page, eca));
    }
    step
}

/// The partner holds a refresh token: it signs in through the browser and the app has the
/// refresh token scope (a client-credentials token never carries one).
fn gets_refresh_tokens(page: &Page, eca: &EcaSettings) -> bool {
    page.signs_in && eca.scopes.value.contains(&Scope::RefreshToken)
}

/// "Refresh token is valid until revoked" is not offered when an idle refresh-token limit is on:
/// Salesforce then selects "Expire refresh token if not used for specific time" with 30 days
/// (Help, "Limit the Idle Refresh Token TTL in External Client Apps"; FIDELITY.md row F3).
fn idle_limit_warning(page: &Page, eca: &EcaSettings) -> String {
    let partner = &page.partner;
    let instead = RefreshTokenPolicy::SpecificInactivity(RefreshTokenValidity::IDLE_LIMIT);
    let meaning = if gets_refresh_tokens(page, eca) {
        format!(
            "Then the refresh token {partner} holds stops working once it goes unused for {days} (each use starts the {days} again), and {partner} must then be connected again.",
            days = RefreshTokenValidity::IDLE_LIMIT.text().to_lowercase(),
        )
    } else if eca.scopes.value.contains(&Scope::RefreshToken) {
        format!(
            "The client credentials flow {partner} connects with gets no refresh token, so the policy does not affect the connection."
        )
    } else {
        format!(
            "This app's scopes include no refresh token (“{}”), so the policy does not affect {partner}.",
            Scope::RefreshToken.label()
        )
    };
    format!(
        "If the Refresh Token Policy list does not offer “{}”, an idle refresh-token limit is on for this app: Salesforce then selects “{}” with {}. Keep that. {meaning}",
        RefreshTokenPolicy::Infinite.label(),
        instead.label(),
        RefreshTokenValidity::IDLE_LIMIT.text().to_lowercase(),
    )
}

fn wait_for_propagation(page: &Page, minutes: u32) -> Step {
    let mut step = page.step(
        StepId::WaitForPropagation,
        page.in_app(&[]),
        MANAGER_PATH,
        "External Client App Manager",
    );
    step.header.instructions = vec![format!(
        "Wait {minutes} minutes after saving before you connect: Salesforce needs that long to send a new or changed app to its login servers."
    )];
    step.header.warnings.push(
        "Until then a correct key can still be refused as “client identifier invalid”. That is expected; it clears by itself.".into(),
    );
    step
}

fn consumer_key_and_secret(page: &Page, profile: &Profile) -> Step {
    let mut step = page.step(
        StepId::ConsumerKeySecret,
        page.in_app(&["Settings", "OAuth Settings"]),
        MANAGER_PATH,
        "External Client App Manager",
    );
    let method = profile.extra_steps.iter().find_map(|extra| match extra {
        ExtraStep::VerifyIdentity { method, .. } => Some(method.as_str()),
        _ => None,
    });
    step.header.instructions = vec![
        format!(
            "In the External Client App Manager, open {} and its Settings tab.",
            page.app_name
        ),
        "Under OAuth Settings, click Consumer Key and Secret.".into(),
        format!(
            "Verify your identity with {}; Salesforce shows the key and secret only after that.",
            method.unwrap_or("the verification code Salesforce sends you")
        ),
        if sends_no_secret(profile) {
            format!("Copy the Consumer Key and the Consumer Secret for the next screen: the verification checks both. {}'s own sign-in sends no secret (it proves itself with PKCE instead).", page.partner)
        } else {
            "Copy the Consumer Key and the Consumer Secret: the partner's own setup form asks for both.".into()
        },
    ];
    step.header.warnings.push(
        "Some guides call the section around this button “OAuth Policies” or reach the app from App Manager; it is the same Consumer Key and Secret button."
            .into(),
    );
    step.header.warnings.push(
        "The Consumer Secret works like a password: never paste it into email, chat or a ticket."
            .into(),
    );
    step
}

/// The partner's sign-in sends no secret, as its profile says (a public client: ECA Setup
/// Assistant's own app).
fn sends_no_secret(profile: &Profile) -> bool {
    profile
        .partner_request
        .as_ref()
        .and_then(|request| request.secret.as_ref())
        .is_some_and(|secret| !secret.value)
}

/// The permissions of the administrator who signs in through the app: each one a field with its
/// source, and the permission set a pre-authorized app lets in.
fn admin_permissions(
    page: &Page,
    eca: &EcaSettings,
    who: &str,
    permissions: &[Sourced<String>],
    permission_sets: &[String],
) -> Step {
    let mut step = page.step(
        StepId::AdminPermissions,
        ["Setup", "Users", "Users"].map(String::from).to_vec(),
        USERS_PATH,
        "Users",
    );
    step.header.instructions = vec![format!(
        "Open the user of {who}: check that their profile or a permission set gives each permission below (a System Administrator has them all)."
    )];
    if eca.permitted_users.value == PermittedUsers::AdminApprovedPreAuthorized {
        step.header.instructions.push(match permission_sets {
            [] => "Under Permission Set Assignments, assign the permission set you added on the app's Policies tab: the app lets in no one else.".into(),
            named => format!(
                "Under Permission Set Assignments, assign the permission set {}: the app lets in no one else.",
                named.join(", ")
            ),
        });
    }
    step.sections.push(Section {
        heading: "System Permissions".into(),
        fields: permissions
            .iter()
            .map(|permission| Field {
                id: format!("admin_permission.{}", slug(&permission.value)),
                label: permission.value.clone(),
                value: FieldValue::Checkbox { checked: true },
                action: "Make sure it is granted".into(),
                copy: None,
                ..sourced_field(permission)
            })
            .collect(),
    });
    step.header.warnings.push(format!(
        "{} only reads: it never deploys, edits or deletes anything. Salesforce has no read-only version of some of these permissions, so they allow more than the app uses.",
        page.partner
    ));
    step
}

fn integration_user(
    page: &Page,
    eca: &EcaSettings,
    what: &str,
    fill: &dyn Fn(&str) -> String,
) -> Step {
    let mut step = page.step(
        StepId::IntegrationUser,
        ["Setup", "Users", "Users"].map(String::from).to_vec(),
        USERS_PATH,
        "Users",
    );
    let user = eca
        .run_as
        .as_ref()
        .map_or("the integration user".into(), |run_as| fill(&run_as.value));
    step.header.instructions = vec![
        format!("Open the user {user} and click Edit."),
        format!("Give it {what}."),
    ];
    if eca.client_credentials_policy.value {
        step.header.warnings.push(
            "The Run As user needs the API Only User permission: Salesforce's metadata documentation says the client credentials user “must have the API Only permission”. A user with it can no longer sign in to Salesforce in a browser, so use a dedicated integration user, never an administrator's own.".into(),
        );
    }
    step
}

fn text_field(id: &str, label: &str, text: &str, from: Source) -> Field {
    Field {
        id: id.into(),
        label: label.into(),
        value: FieldValue::Text { text: text.into() },
        action: "Type or paste".into(),
        copy: Some(text.into()),
        from,
        quote: None,
        note: None,
    }
}

fn checkbox(id: &str, label: &str, value: &Sourced<bool>, default: bool) -> Field {
    Field {
        id: id.into(),
        label: label.into(),
        value: FieldValue::Checkbox {
            checked: value.value,
        },
        action: checkbox_action(value.value, default),
        copy: None,
        ..sourced_field(value)
    }
}

/// A pick list. Its action is always "Select": Salesforce documents no default for these lists,
/// so the admin sets the value rather than trusting what the screen shows.
fn choice<T: Copy, const N: usize>(
    id: &str,
    label: &str,
    value: &Sourced<T>,
    options: [&'static str; N],
    label_of: fn(T) -> &'static str,
) -> Field {
    Field {
        id: id.into(),
        label: label.into(),
        value: FieldValue::Choice {
            selected: label_of(value.value).into(),
            options: options.map(String::from).to_vec(),
        },
        action: "Select".into(),
        copy: None,
        ..sourced_field(value)
    }
}

/// The provenance half of a field; callers fill in the rest.
fn sourced_field<T>(value: &Sourced<T>) -> Field {
    Field {
        id: String::new(),
        label: String::new(),
        value: FieldValue::Text {
            text: String::new(),
        },
        action: String::new(),
        copy: None,
        from: value.from.clone(),
        quote: value.quote.clone(),
        note: value.note.clone(),
    }
}

fn checkbox_action(checked: bool, default: bool) -> String {
    match (checked, default) {
        (true, true) => "Leave checked",
        (true, false) => "Check",
        (false, true) => "Uncheck",
        (false, false) => "Leave unchecked",
    }
    .into()
}

/// `View Setup and Configuration` → `view_setup_and_configuration`, for a field id.
fn slug(text: &str) -> String {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_ascii_lowercase)
        .collect::<Vec<_>>()
        .join("_")
}

fn display_or(text: &str, placeholder: &str) -> String {
    let text = text.trim();
    if text.is_empty() {
        placeholder.into()
    } else {
        text.into()
    }
}

fn serde_plain<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(String::from))
        .unwrap_or_default()
}
