//! The PDF rendered, written and read back with poppler's pdftotext.

mod common;

use std::path::Path;
use std::process::Command;

use eca_core::profiles;
use eca_report::{write_report, Report};

use common::{date, pdftotext, setup, verification, KEY, MASKED_PDF, SECRET};

/// pdftotext keeps lines; joining them with spaces lets a wrapped value still be found.
fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn every_profile_pdf_holds_the_values_and_no_secret() {
    let dir = tempfile::tempdir().unwrap();
    for profile in profiles() {
        let setup = setup(profile);
        let verification = verification(profile);
        let report = Report::new(&setup, profile, Some(&verification), Some(KEY), date());
        let path = dir.path().join(format!("{}.pdf", profile.id));
        write_report(&path, &report.to_pdf().unwrap(), false).unwrap();
        let text = pdftotext(&path);
        let flat = flat(&text);
        assert!(
            text.starts_with("External Client App setup report"),
            "{}",
            profile.id
        );
        assert!(
            flat.contains(&setup.inputs.app_name),
            "{}: app name",
            profile.id
        );
        assert!(
            flat.contains(&setup.inputs.api_name),
            "{}: API name",
            profile.id
        );
        assert!(
            flat.contains("acme.my.salesforce.com"),
            "{}: domain",
            profile.id
        );
        assert!(flat.contains(MASKED_PDF), "{}: masked key", profile.id);
        // The app's own External Client App has no partner form, and the report no such part.
        match &profile.partner {
            Some(partner) => assert!(
                flat.contains(&format!("At the partner: {}", partner.place)),
                "{}: the partner's form",
                profile.id
            ),
            None => assert!(
                !flat.contains("At the partner"),
                "{}: no partner form",
                profile.id
            ),
        }
        let eca = eca_core::checklist::effective_eca(profile, &setup.inputs);
        let list = eca_core::checklist(profile, &setup.inputs);
        let urls = list
            .steps
            .iter()
            .flat_map(|s| &s.sections)
            .flat_map(|s| &s.fields)
            .find(|f| f.id == "callback_urls")
            .and_then(|f| match &f.value {
                eca_core::checklist::FieldValue::Lines { lines } => Some(lines.clone()),
                _ => None,
            })
            .unwrap();
        for url in urls {
            // A long URL may be broken across lines, so compare without whitespace.
            assert!(
                flat.replace(' ', "").contains(&url.replace(' ', "")),
                "{}: callback URL {url}",
                profile.id
            );
        }
        for scope in &eca.scopes.value {
            assert!(
                flat.contains(scope.label()),
                "{}: scope {scope:?}",
                profile.id
            );
        }
        assert!(flat.contains("No refresh token came with the access token."));
        assert!(flat.contains("Version") || flat.contains("ECA Setup Assistant 0.1.0"));
        assert!(
            flat.contains("2026-11-22 09:30 UTC"),
            "{}: report date",
            profile.id
        );
        assert!(!flat.contains(KEY), "{}: full key", profile.id);
        assert!(
            !flat.replace(' ', "").contains(SECRET),
            "{}: secret",
            profile.id
        );
        let pages = text.matches('\u{c}').count();
        assert!(
            pages >= 2,
            "{}: a full report spans pages ({pages})",
            profile.id
        );
    }
}

#[test]
fn unverified_pdf_says_so_and_renders_page_one_picture() {
    let profile = eca_core::profile("service-board-sync").unwrap();
    let setup = setup(profile);
    let report = Report::new(&setup, profile, None, Some(KEY), date());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.pdf");
    write_report(&path, &report.to_pdf().unwrap(), false).unwrap();
    assert!(flat(&pdftotext(&path)).contains("Not verified yet."));

    // A picture of page one for a person to look at (tests/e2e/out is not committed).
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../tests/e2e/out");
    std::fs::create_dir_all(&out).unwrap();
    let status = Command::new("pdftoppm")
        .args(["-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile"])
        .arg(&path)
        .arg(out.join("report-page1"))
        .status()
        .expect("pdftoppm (poppler-utils) is installed");
    assert!(status.success());
    assert!(out.join("report-page1.png").exists());
}
