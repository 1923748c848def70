//! A setup's last check in Salesforce (`org check`) in its report: read back from the file the
//! session keeps (`org-checks/ID.json`, the org crate's `AppCheck` under `check`), shown in every
//! format with each difference's screen, field, found and needed values and fix, what was
//! checked without signing in and what the org would not show. A report without a check is the
//! one the other snapshots pin, byte for byte.

mod common;

use std::fs;
use std::path::Path;

use eca_core::files::Versioned;
use eca_core::profile;
use eca_report::{forget_org_check, load_org_check, read_org_check, Report};

use common::{date, setup, KEY, SECRET};

const SETUP: &str = "vonage-ai-studio-1700000000";

/// The file as `Desk::org_check` writes it after the rehearsed mistakes: three differences, the
/// matches, the global OAuth settings refused and replayed without signing in. The Run As
/// user's own record and the ids beside each finding are there too, as they are in the real
/// file; the report shows only what it needs.
const SAVED: &str = r#"{
  "schema": 1,
  "checked_at": "2026-11-22T09:40:00Z",
  "check": {
    "profile_id": "vonage-ai-studio",
    "api_name": "Vonage_AI_Studio",
    "found": { "by": "api_name" },
    "findings": [
      { "step": "oauth_settings", "screen": "OAuth Settings", "field": "Require Proof Key for Code Exchange (PKCE) extension for Supported Authorization Flows", "found": "Checked", "needed": "Unchecked", "matches": false, "source": "metadata", "quote": "Vonage's token requests send no code verifier.", "fix": "Uncheck it on the OAuth Settings screen and save." },
      { "step": "oauth_policies", "screen": "OAuth Policies", "field": "Refresh Token Policy", "found": "Expire refresh token after specific time", "needed": "Refresh token is valid until revoked", "matches": false, "source": "metadata", "fix": "Choose “Refresh token is valid until revoked” and save." },
      { "step": "oauth_policies", "screen": "OAuth Policies", "field": "Run As user API access", "found": "API Enabled off (Minimum Access - Salesforce)", "needed": "API Enabled", "matches": false, "source": "query", "fix": "Give the Run As user a profile or permission set with API Enabled." },
      { "step": "oauth_settings", "screen": "OAuth Settings", "field": "Callback URL", "found": "https://studio.vonage.com/oauth/callback", "needed": "https://studio.vonage.com/oauth/callback", "matches": true, "source": "metadata", "fix": "" }
    ],
    "run_as": { "username": "integration@acme.example", "exists": true, "active": true, "api_enabled": false, "profile": "Minimum Access - Salesforce" },
    "not_read": [
      { "type_name": "ExtlClntAppGlobalOauthSettings", "message": "The org would not show it: the signed-in user lacks the permission to view consumer secrets.", "fix": "Nothing to do: the consumer key was checked without signing in instead." }
    ],
    "without_sign_in": [
      { "id": "authorize", "title": "Authorization URL", "status": "passed", "detail": "Salesforce accepted the partner's client_id and callback URL." }
    ],
    "notes": ["The setup's saved Consumer Key was used to replay the partner's request without signing in."],
    "passed": false
  }
}
"#;

fn saved(dir: &Path) {
    let path = dir.join("org-checks").join(format!("{SETUP}.json"));
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, SAVED).unwrap();
}

fn report_with_check(dir: &Path) -> Report {
    let vonage = profile("vonage-ai-studio").unwrap();
    let mut report = Report::new(&setup(vonage), vonage, None, Some(KEY), date());
    report.org_check = load_org_check(dir, SETUP);
    assert!(report.org_check.is_some(), "the saved check is read back");
    report
}

#[test]
fn a_checked_setup_reports_each_difference_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    saved(dir.path());
    let report = report_with_check(dir.path());
    let check = report.org_check.as_ref().unwrap();
    assert_eq!(check.differences.len(), 3);
    assert_eq!(check.matched, 1);

    let markdown = report.to_markdown();
    let html = report.to_html();
    let json = report.to_json();
    for text in [&markdown, &html, &json] {
        assert!(!text.contains(SECRET) && !text.contains(KEY));
        for words in [
            "Refresh Token Policy",
            "Expire refresh token after specific time",
            "Run As user API access",
            "ExtlClntAppGlobalOauthSettings",
            "Authorization URL",
        ] {
            assert!(text.contains(words), "{words} missing");
        }
    }
    assert!(markdown.contains("## Checked in Salesforce"));
    insta::assert_snapshot!("vonage-ai-studio-checked.md", markdown);
    insta::assert_snapshot!("vonage-ai-studio-checked.html", html);
    insta::assert_snapshot!("vonage-ai-studio-checked.json", json);

    let pdf = String::from_utf8_lossy(&report.to_pdf().unwrap()).into_owned();
    assert!(
        pdf.contains("Checked in Salesforce"),
        "the PDF holds the section's heading"
    );
}

#[test]
fn a_setup_never_checked_reports_as_before() {
    let dir = tempfile::tempdir().unwrap();
    let vonage = profile("vonage-ai-studio").unwrap();
    let plain = Report::new(&setup(vonage), vonage, None, Some(KEY), date());
    let mut loaded = plain.clone();
    loaded.org_check = load_org_check(dir.path(), SETUP);
    assert_eq!(loaded, plain);
    assert_eq!(loaded.to_json(), plain.to_json());
    assert!(!plain.to_json().contains("org_check"));
    assert!(!plain.to_markdown().contains("Checked in Salesforce"));
}

#[test]
fn a_damaged_check_is_set_aside_and_left_out() {
    let dir = tempfile::tempdir().unwrap();
    saved(dir.path());
    let path = dir.path().join("org-checks").join(format!("{SETUP}.json"));
    fs::write(&path, "{\"schema\": 1, \"checked_at\": ").unwrap();
    assert!(matches!(
        read_org_check(dir.path(), SETUP).unwrap(),
        Versioned::SetAside(_)
    ));
    assert_eq!(load_org_check(dir.path(), SETUP), None);
}

#[test]
fn a_forgotten_check_is_gone() {
    let dir = tempfile::tempdir().unwrap();
    saved(dir.path());
    forget_org_check(dir.path(), SETUP);
    assert!(matches!(
        read_org_check(dir.path(), SETUP).unwrap(),
        Versioned::Missing
    ));
}
