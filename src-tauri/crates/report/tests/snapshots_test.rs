//! The Markdown, HTML and JSON reports of every profile, as snapshots.

mod common;

use eca_core::profiles;
use eca_report::Report;

use common::{date, setup, verification, KEY, SECRET};

fn report(profile: &eca_core::Profile) -> Report {
    let setup = setup(profile);
    // One profile carries a verification so the checks and diagnosis are snapshotted too;
    // the rest show "not verified yet".
    let verification = (profile.id == "vonage-ai-studio").then(|| verification(profile));
    Report::new(&setup, profile, verification.as_ref(), Some(KEY), date())
}

#[test]
fn every_profile_reports_in_markdown_html_and_json() {
    for profile in profiles() {
        let report = report(profile);
        let markdown = report.to_markdown();
        let html = report.to_html();
        let json = report.to_json();
        for text in [&markdown, &html, &json] {
            assert!(!text.contains(SECRET), "{}: the secret leaked", profile.id);
            assert!(!text.contains(KEY), "{}: the full key leaked", profile.id);
            assert!(
                text.contains("3MVG…WXYZ"),
                "{}: masked key missing",
                profile.id
            );
        }
        insta::assert_snapshot!(format!("{}.md", profile.id), markdown);
        insta::assert_snapshot!(format!("{}.html", profile.id), html);
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(value["schema_version"], 1);
        // The text itself, so the snapshot also pins the field order (schema_version first).
        insta::assert_snapshot!(format!("{}.json", profile.id), json);
    }
}

#[test]
fn html_is_self_contained_and_escapes_text() {
    let profile = eca_core::profile("custom").unwrap();
    let mut setup = setup(profile);
    setup.inputs.app_name = "<script>alert(1)</script> & Co".into();
    let html = Report::new(&setup, profile, None, None, date()).to_html();
    assert!(!html.contains("<script>"), "app name must be escaped");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co"));
    for external in [
        "http-equiv",
        "<link",
        "<img",
        "<script",
        "src=",
        "@import",
        "url(",
    ] {
        assert!(
            !html.contains(external),
            "external resource marker {external}"
        );
    }
    assert!(html.contains("@media print"));
    assert!(html.contains("Not verified yet."));
}
