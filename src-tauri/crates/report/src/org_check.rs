//! A setup's last check in Salesforce (`org check`, issue 23), read back for its report from
//! `org-checks/ID.json` beside the saved setups. Only what the report shows is read: when, each
//! difference with its screen, field, found and needed values and fix, what was checked without
//! signing in, and what the org would not show. The file never holds a token, and nothing here
//! writes it: `eca-session` does, from the check's own result, whose field names this follows.

use std::path::{Path, PathBuf};

use eca_core::files::{read_versioned, FileError, Versioned};
use eca_core::setup::Timestamp;
use eca_core::StepId;
use serde::{Deserialize, Serialize};

use crate::model::ReportCheck;

const SCHEMA: u32 = 1;

/// The check as a report shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportOrgCheck {
    pub checked_at: Timestamp,
    /// The API Name the setup expects.
    pub api_name: String,
    /// How the app was found: "by its API Name", "by its label (Other_Name)", or "not found".
    pub found: String,
    /// No difference, and the app was found.
    pub passed: bool,
    pub differences: Vec<ReportDifference>,
    /// How many settings were as needed.
    pub matched: usize,
    /// The verification's checks made without signing in, for what the org would not show.
    pub without_sign_in: Vec<ReportCheck>,
    pub not_shown: Vec<ReportNotShown>,
    pub notes: Vec<String>,
}

/// One setting not as the setup needs it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportDifference {
    pub screen: String,
    pub field: String,
    pub found: String,
    pub needed: String,
    pub fix: String,
    /// The guide's words for why, when it has them.
    pub quote: Option<String>,
    /// "read from the org", "read from the org (User)" or "checked without signing in".
    pub how: String,
}

/// A metadata type the org would not show, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportNotShown {
    pub type_name: String,
    pub message: String,
    pub fix: String,
}

/// The file as `eca-session` writes it: `{ schema, checked_at, check }`, the check being the
/// org crate's `AppCheck`. Unknown fields are ignored, so what the report does not show may
/// grow there freely.
#[derive(Deserialize)]
struct Saved {
    checked_at: Timestamp,
    check: Stored,
}

#[derive(Deserialize)]
struct Stored {
    api_name: String,
    found: By,
    findings: Vec<StoredFinding>,
    not_read: Vec<ReportNotShown>,
    without_sign_in: Vec<StoredCheck>,
    notes: Vec<String>,
    passed: bool,
}

/// How the app was found, as the org crate's `AppFound` serializes it (tagged by `by`).
#[derive(Deserialize)]
#[serde(tag = "by", rename_all = "snake_case")]
enum By {
    ApiName,
    Label { api_name: String },
    CallbackUrl { api_name: String },
    NotFound,
}

#[derive(Deserialize)]
struct StoredFinding {
    screen: String,
    field: String,
    found: String,
    needed: String,
    matches: bool,
    source: String,
    quote: Option<String>,
    fix: String,
}

#[derive(Deserialize)]
struct StoredCheck {
    title: String,
    status: String,
    detail: String,
    diagnosis: Option<StoredDiagnosis>,
}

#[derive(Deserialize)]
struct StoredDiagnosis {
    fix: String,
    step: Option<StepId>,
}

fn file(data_dir: &Path, setup_id: &str) -> PathBuf {
    data_dir.join("org-checks").join(format!("{setup_id}.json"))
}

impl From<Saved> for ReportOrgCheck {
    fn from(saved: Saved) -> ReportOrgCheck {
        let check = saved.check;
        let found = match check.found {
            By::ApiName => "by its API Name".to_owned(),
            By::Label { api_name } => format!("by its label ({api_name})"),
            By::CallbackUrl { api_name } => format!("by its callback URL ({api_name})"),
            By::NotFound => "not found".to_owned(),
        };
        let matched = check.findings.iter().filter(|f| f.matches).count();
        ReportOrgCheck {
            checked_at: saved.checked_at,
            api_name: check.api_name,
            found,
            passed: check.passed,
            differences: check
                .findings
                .into_iter()
                .filter(|f| !f.matches)
                .map(|f| ReportDifference {
                    how: match f.source.as_str() {
                        "metadata" => "read from the org",
                        "query" => "read from the org (User)",
                        _ => "checked without signing in",
                    }
                    .to_owned(),
                    screen: f.screen,
                    field: f.field,
                    found: f.found,
                    needed: f.needed,
                    fix: f.fix,
                    quote: f.quote,
                })
                .collect(),
            matched,
            without_sign_in: check
                .without_sign_in
                .into_iter()
                .map(|c| ReportCheck {
                    title: c.title,
                    status: c.status,
                    detail: c.detail,
                    fix: c.diagnosis.as_ref().map(|d| d.fix.clone()),
                    revisit_step: c.diagnosis.and_then(|d| d.step),
                })
                .collect(),
            not_shown: check.not_read,
            notes: check.notes,
        }
    }
}

/// The setup's last check in Salesforce, or the file set aside with the reason it could not be
/// read.
pub fn read_org_check(
    data_dir: &Path,
    setup_id: &str,
) -> Result<Versioned<ReportOrgCheck>, FileError> {
    Ok(read_versioned::<Saved>(&file(data_dir, setup_id), SCHEMA)?.map(ReportOrgCheck::from))
}

/// The setup's last check; `None` when there is none or it cannot be read (checking again
/// replaces it).
pub fn load_org_check(data_dir: &Path, setup_id: &str) -> Option<ReportOrgCheck> {
    read_org_check(data_dir, setup_id).ok()?.read()
}

/// Forgets the setup's last check, with the setup itself.
pub fn forget_org_check(data_dir: &Path, setup_id: &str) {
    // Nothing to forget is as good as forgotten.
    let _ = std::fs::remove_file(file(data_dir, setup_id));
}
