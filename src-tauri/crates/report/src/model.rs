//! What a report says, independent of its format: built from the same checklist the wizard
//! shows, so every step, field and value matches the screens. Holds the consumer key only
//! masked; the secret and tokens are not even inputs.

use eca_core::checklist::{Field, FieldValue};
use eca_core::migration::{migration_view, KeyCheck, OldAppAction, Route};
use eca_core::partner::{partner_sheet, CredentialPart, PartnerEntry, PartnerSheet, PartnerValue};
use eca_core::progress::{progress, SetupProgress};
use eca_core::secret::mask_key;
use eca_core::setup::{Setup, Timestamp};
use eca_core::verification::{CheckStatus, Verification};
use eca_core::{checklist, normalize_domain, FlowChoice, Profile, StepId};
use serde::{Deserialize, Serialize};

use crate::dates::Dates;
use crate::org_check::ReportOrgCheck;

/// Bumped when the JSON report's shape changes in a way older readers cannot handle.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    pub schema_version: u32,
    /// The version of ECA Setup Assistant that wrote the report.
    pub app_version: String,
    pub generated_at: Timestamp,
    /// How the Markdown, HTML and PDF reports write times; the JSON keeps RFC 3339.
    #[serde(skip)]
    pub dates: Dates,
    pub setup_id: String,
    /// Against the built-in practice org rather than a real one.
    pub practice: bool,
    pub integration: ReportIntegration,
    /// `None` while the domain entered is not an accepted org domain.
    pub org: Option<ReportOrg>,
    pub app: ReportApp,
    pub steps: Vec<ReportStep>,
    /// How far the whole setup is, as the app and the command line show it.
    pub progress: SetupProgress,
    /// The saved connection (keychain entries) holding the credentials.
    pub connection: Option<String>,
    /// The consumer key's first and last four characters.
    pub consumer_key_masked: Option<String>,
    /// `None`: not verified yet.
    pub verification: Option<ReportVerification>,
    /// The setup's app as the connected org held it at its last `org check`; absent when it
    /// was never checked (and then the JSON has no such key).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub org_check: Option<ReportOrgCheck>,
    /// What goes into the partner's own form; the secret only as a mention.
    pub partner: Option<ReportPartner>,
    /// A move from a connected app: the old app, the route, the key comparison (keys masked),
    /// the verification and the cleanup, with dates. Absent for a new app.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub migration: Option<ReportMigration>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportMigration {
    /// The connected app, as the admin found it; `None` until recorded.
    pub old_app: Option<ReportOldApp>,
    /// Whether the integration signed in with the username-password flow; `None` until recorded.
    pub password_flow: Option<bool>,
    pub route: Option<Route>,
    /// The route as the app names it.
    pub route_label: Option<String>,
    /// In place: the connected app's key, masked, and when it was recorded.
    pub key_before: Option<ReportKey>,
    /// In place: the External Client App's key, masked, and when it was recorded.
    pub key_after: Option<ReportKey>,
    pub key_check: Option<KeyCheck>,
    /// In place: when Migrate to External Client App was clicked.
    pub migrated_at: Option<Timestamp>,
    /// When the new connection last passed its verification.
    pub verified_at: Option<Timestamp>,
    pub tokens_revoked_at: Option<Timestamp>,
    /// `blocked` or `deleted`, and when.
    pub old_app_end: Option<(OldAppAction, Timestamp)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportOldApp {
    pub name: String,
    pub local: bool,
    pub users: Option<u32>,
    pub recorded_at: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportKey {
    pub masked: String,
    pub recorded_at: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportPartner {
    /// Where the admin types these ("Vonage API Dashboard").
    pub place: String,
    /// The form, then on a sandbox the token webhook the partner asks for.
    pub sections: Vec<ReportSection>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportIntegration {
    pub profile_id: String,
    pub name: String,
    pub summary: String,
    pub guides: Vec<ReportGuide>,
    /// The settings are the admin's own (the Custom profile); kept out of the JSON, whose
    /// schema it would change, as only the wording of an empty guide list needs it.
    #[serde(skip)]
    pub admin_chosen: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportGuide {
    pub id: String,
    pub title: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportOrg {
    pub domain: String,
    pub kind: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportApp {
    pub name: String,
    pub api_name: String,
    pub contact_email: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportStep {
    pub id: StepId,
    pub title: String,
    /// Where the screen is, from Setup down, joined with " › ".
    pub location: String,
    /// When the admin marked the step done; `None` when not done.
    pub done_at: Option<Timestamp>,
    pub sections: Vec<ReportSection>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportSection {
    pub heading: String,
    pub fields: Vec<ReportField>,
}

/// A field as labelled on the Setup screen; `value` has one line per callback URL or scope.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportField {
    pub label: String,
    pub value: Vec<String>,
    pub action: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportVerification {
    pub passed: bool,
    pub flow: String,
    pub host: String,
    pub checks: Vec<ReportCheck>,
    pub granted_scopes: Vec<String>,
    pub username: Option<String>,
    pub org_id: Option<String>,
    pub api_version: Option<String>,
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportCheck {
    pub title: String,
    /// `passed`, `failed` or `skipped`.
    pub status: String,
    pub detail: String,
    /// For a failed check: what to do.
    pub fix: Option<String>,
    /// For a failed check: the checklist step to revisit.
    pub revisit_step: Option<StepId>,
}

impl Report {
    /// Gathers the report. `consumer_key` is masked here and kept no further; `generated_at`
    /// is passed in so the same inputs give the same report.
    pub fn new(
        setup: &Setup,
        profile: &Profile,
        verification: Option<&Verification>,
        consumer_key: Option<&str>,
        generated_at: Timestamp,
    ) -> Report {
        let inputs = &setup.inputs;
        let mut list = checklist(profile, inputs);
        // In place, the steps are the review of the migrated app the wizard showed.
        migration_view(setup, profile, &mut list);
        let consumer_key_masked = consumer_key
            .map(str::trim)
            .filter(|key| !key.is_empty())
            .map(mask_key);
        let org = normalize_domain(&inputs.domain).ok().map(|org| ReportOrg {
            domain: org.host,
            kind: org.kind_label,
        });
        let steps = list
            .steps
            .iter()
            .map(|step| ReportStep {
                id: step.id,
                title: step.header.title.clone(),
                location: step.header.breadcrumb.join(" › "),
                done_at: setup.done.get(&step.id).copied(),
                sections: step
                    .sections
                    .iter()
                    .map(|section| ReportSection {
                        heading: section.heading.clone(),
                        fields: section.fields.iter().map(report_field).collect(),
                    })
                    .collect(),
            })
            .collect();
        Report {
            schema_version: SCHEMA_VERSION,
            app_version: env!("CARGO_PKG_VERSION").to_owned(),
            generated_at,
            dates: Dates::Utc,
            setup_id: setup.id.clone(),
            practice: setup.practice,
            integration: ReportIntegration {
                profile_id: profile.id.clone(),
                name: profile.name.clone(),
                summary: profile.summary.clone(),
                admin_chosen: profile.editable,
                guides: profile
                    .guides
                    .iter()
                    .map(|guide| ReportGuide {
                        id: guide.id.clone(),
                        title: guide.title.clone(),
                    })
                    .collect(),
            },
            org,
            app: ReportApp {
                name: inputs.app_name.trim().to_owned(),
                api_name: inputs.api_name.trim().to_owned(),
                contact_email: inputs.contact_email.trim().to_owned(),
            },
            steps,
            progress: progress(setup, profile, &list),
            connection: setup.connection.clone(),
            partner: partner_sheet(profile, inputs, setup.connection.as_deref())
                .map(|sheet| report_partner(&sheet, consumer_key_masked.as_deref())),
            consumer_key_masked,
            verification: verification.map(report_verification),
            org_check: None,
            migration: setup.migration.as_ref().map(|migration| {
                let key = |fingerprint: &eca_core::migration::KeyFingerprint| ReportKey {
                    masked: fingerprint.masked.clone(),
                    recorded_at: fingerprint.recorded_at,
                };
                ReportMigration {
                    old_app: migration.old_app.as_ref().map(|app| ReportOldApp {
                        name: app.name.clone(),
                        local: app.local,
                        users: app.users,
                        recorded_at: app.recorded_at,
                    }),
                    password_flow: migration.password_flow,
                    route: migration.route,
                    route_label: migration.route.map(|route| route.label().to_owned()),
                    key_before: migration.key_before.as_ref().map(key),
                    key_after: migration.key_after.as_ref().map(key),
                    key_check: migration.key_check(),
                    migrated_at: migration.migrated_at,
                    verified_at: setup.verified_at,
                    tokens_revoked_at: migration.cleanup.tokens_revoked_at,
                    old_app_end: migration
                        .cleanup
                        .old_app
                        .as_ref()
                        .map(|end| (end.action, end.at)),
                }
            }),
        }
    }

    pub fn steps_done(&self) -> usize {
        self.steps.iter().filter(|s| s.done_at.is_some()).count()
    }
}

fn report_field(field: &Field) -> ReportField {
    let value = match &field.value {
        FieldValue::Text { text } => vec![text.clone()],
        FieldValue::Lines { lines } if lines.is_empty() => vec!["(none)".to_owned()],
        FieldValue::Lines { lines } => lines.clone(),
        FieldValue::Checkbox { checked: true } => vec!["Checked".to_owned()],
        FieldValue::Checkbox { checked: false } => vec!["Unchecked".to_owned()],
        FieldValue::Choice { selected, .. } => vec![selected.clone()],
        FieldValue::Scopes { selected } if selected.is_empty() => vec!["(none)".to_owned()],
        FieldValue::Scopes { selected } => selected.iter().map(|row| row.label.clone()).collect(),
    };
    ReportField {
        label: field.label.clone(),
        value,
        action: field.action.clone(),
    }
}

fn report_partner(sheet: &PartnerSheet, consumer_key_masked: Option<&str>) -> ReportPartner {
    let field = |entry: &PartnerEntry| {
        let (value, action) = match &entry.value {
            PartnerValue::Text { text } => (text.clone(), "Type or paste"),
            PartnerValue::Credential {
                part: CredentialPart::ConsumerKey,
            } => (
                consumer_key_masked
                    .unwrap_or("(the Consumer Key)")
                    .to_owned(),
                "Copy from ECA Setup Assistant",
            ),
            PartnerValue::Credential {
                part: CredentialPart::ConsumerSecret,
            } => (
                "(the Consumer Secret: never in this report)".to_owned(),
                "Copy from ECA Setup Assistant",
            ),
            PartnerValue::Yours => ("(yours to type)".to_owned(), "Type"),
        };
        ReportField {
            label: entry.label.clone(),
            value: vec![value],
            action: action.to_owned(),
        }
    };
    let mut sections = vec![ReportSection {
        heading: "What to type, in the form's order".to_owned(),
        fields: sheet.fields.iter().map(field).collect(),
    }];
    for hook in &sheet.webhooks {
        let mut fields = vec![ReportField {
            label: "Request".to_owned(),
            value: vec![format!("{} {}", hook.method, hook.url)],
            action: "Type or paste".to_owned(),
        }];
        fields.extend(
            [&hook.headers, &hook.params, &hook.response]
                .into_iter()
                .flatten()
                .map(field),
        );
        if !hook.warnings.is_empty() {
            fields.push(ReportField {
                label: "Warning".to_owned(),
                value: hook.warnings.clone(),
                action: "Read first".to_owned(),
            });
        }
        sections.push(ReportSection {
            heading: format!("Sandbox token webhook: {}", hook.title),
            fields,
        });
    }
    ReportPartner {
        place: sheet.place.clone(),
        sections,
    }
}

pub(crate) fn report_verification(verification: &Verification) -> ReportVerification {
    ReportVerification {
        passed: verification.passed,
        flow: match verification.flow {
            FlowChoice::ClientCredentials => "Client credentials",
            FlowChoice::WebServer => "Web server (authorization code)",
            FlowChoice::Password => "Username-password (legacy)",
        }
        .to_owned(),
        host: verification.host.clone(),
        checks: verification
            .checks
            .iter()
            .map(|check| ReportCheck {
                title: check.title.clone(),
                status: status_word(check.status).to_owned(),
                detail: check.detail.clone(),
                fix: check.diagnosis.as_ref().map(|d| d.fix.clone()),
                revisit_step: check.diagnosis.as_ref().and_then(|d| d.step),
            })
            .collect(),
        granted_scopes: verification.granted_scopes.clone(),
        username: verification.username.clone(),
        org_id: verification.org_id.clone(),
        api_version: verification.api_version.clone(),
        notes: verification.notes.clone(),
    }
}

fn status_word(status: CheckStatus) -> &'static str {
    match status {
        CheckStatus::Passed => "passed",
        CheckStatus::Failed => "failed",
        CheckStatus::Skipped => "skipped",
    }
}
