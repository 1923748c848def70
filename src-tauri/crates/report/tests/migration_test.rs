//! A migration's report: the old app, the route, the key comparison with both keys masked, the
//! verification and the cleanup, each with its date, in all four formats; the key and the
//! secret in none of them. The PDF is read back with poppler's pdftotext.

mod common;

use std::process::Command;

use eca_core::migration::{
    Cleanup, KeyFingerprint, Migration, OldApp, OldAppAction, OldAppEnd, Route,
};
use eca_core::setup::{Setup, Timestamp};
use eca_core::{profile, Profile, StepId};
use eca_report::{write_report, Format, Report};
use time::macros::datetime;

use common::{date, setup, verification, KEY, MASKED_PDF, SECRET};

const OLD_KEY: &str = "3MVG9OldConnectedAppKeyEFGH5678QRST";

fn at(minute: u8) -> Timestamp {
    Timestamp(datetime!(2026-11-22 10:00 UTC) + time::Duration::minutes(i64::from(minute)))
}

fn fingerprint(key: &str, minute: u8) -> KeyFingerprint {
    KeyFingerprint {
        recorded_at: at(minute),
        ..KeyFingerprint::of(key).expect("a key")
    }
}

fn vonage() -> &'static Profile {
    profile("vonage-ai-studio").expect("vonage")
}

/// An in-place migration whose new app got another key, verified and cleaned up.
fn migrated(after: &str) -> Setup {
    let mut setup = setup(vonage());
    setup.migration = Some(Migration {
        old_app: Some(OldApp {
            name: "Vonage Legacy Connector".into(),
            local: true,
            users: Some(7),
            recorded_at: at(1),
        }),
        password_flow: Some(false),
        route: Some(Route::InPlace),
        key_before: Some(fingerprint(OLD_KEY, 2)),
        key_after: Some(fingerprint(after, 4)),
        migrated_at: Some(at(3)),
        cleanup: Cleanup {
            tokens_revoked_at: Some(at(20)),
            old_app: Some(OldAppEnd {
                action: OldAppAction::Deleted,
                at: at(21),
            }),
        },
        ..Migration::default()
    });
    setup.verified_at = Some(at(10));
    setup
}

fn rendered(setup: &Setup, format: Format) -> String {
    let report = Report::new(
        setup,
        vonage(),
        Some(&verification(vonage())),
        Some(KEY),
        date(),
    );
    String::from_utf8_lossy(&report.render(format).expect("renders")).into_owned()
}

fn pdf_text(setup: &Setup) -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("migration.pdf");
    let report = Report::new(
        setup,
        vonage(),
        Some(&verification(vonage())),
        Some(KEY),
        date(),
    );
    write_report(&path, &report.to_pdf().expect("pdf"), false).expect("written");
    let out = Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    assert!(out.status.success(), "{out:?}");
    String::from_utf8(out.stdout)
        .expect("utf-8")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn every_format_tells_the_old_app_the_route_the_keys_the_verification_and_the_cleanup() {
    let setup = migrated(KEY);
    let masked_before = KeyFingerprint::of(OLD_KEY).expect("key").masked;
    for format in [Format::Markdown, Format::Html] {
        let text = rendered(&setup, format);
        for said in [
            "Vonage Legacy Connector",
            "Migrate the connected app in place",
            &masked_before,
            "3MVG…WXYZ",
            "2026-11-22 10:10 UTC",
            "2026-11-22 10:20 UTC",
            "2026-11-22 10:21 UTC",
        ] {
            assert!(text.contains(said), "{format:?} says {said}:\n{text}");
        }
    }
    let markdown = rendered(&setup, Format::Markdown);
    assert!(markdown.contains("## Move from the connected app"));
    assert!(
        markdown.contains("differs from the connected app's"),
        "{markdown}"
    );
    assert!(markdown.contains("Deleted 2026-11-22 10:21 UTC"));
    let json: serde_json::Value =
        serde_json::from_str(&rendered(&setup, Format::Json)).expect("json");
    assert_eq!(json["migration"]["route"], "in-place");
    assert_eq!(json["migration"]["key_check"], "changed");
    assert_eq!(json["migration"]["old_app"]["users"], 7);
    assert_eq!(
        json["migration"]["key_before"]["masked"],
        masked_before.as_str()
    );
    assert_eq!(json["migration"]["verified_at"], "2026-11-22T10:10:00Z");
    assert_eq!(json["migration"]["old_app_end"][0], "deleted");
    assert_eq!(json["migration"]["old_app_end"][1], "2026-11-22T10:21:00Z");

    let pdf = pdf_text(&setup);
    for said in [
        "Move from the connected app",
        "Vonage Legacy Connector",
        "Migrate the connected app in place",
        MASKED_PDF,
        "2026-11-22 10:21 UTC",
    ] {
        assert!(pdf.contains(said), "the PDF says {said}:\n{pdf}");
    }
}

#[test]
fn a_matching_key_says_the_partner_needs_no_new_key() {
    let text = rendered(&migrated(OLD_KEY), Format::Markdown);
    assert!(
        text.contains("same Consumer Key as the connected app had"),
        "{text}"
    );
}

#[test]
fn no_format_holds_a_key_or_the_secret() {
    let setup = migrated(KEY);
    let mut texts: Vec<(String, String)> = [Format::Markdown, Format::Html, Format::Json]
        .into_iter()
        .map(|format| (format!("{format:?}"), rendered(&setup, format)))
        .collect();
    texts.push(("PDF".into(), pdf_text(&setup)));
    for (format, text) in texts {
        for secret in [KEY, OLD_KEY, SECRET] {
            assert!(!text.contains(secret), "{format} holds {secret}");
        }
        let digest = &setup
            .migration
            .as_ref()
            .expect("m")
            .key_before
            .as_ref()
            .expect("k")
            .sha256;
        assert!(
            !text.contains(digest.as_str()),
            "{format} holds a key's digest"
        );
    }
}

#[test]
fn an_in_place_reports_steps_are_the_review_and_a_new_setup_has_no_migration() {
    let report = Report::new(&migrated(KEY), vonage(), None, None, date());
    let security = report
        .steps
        .iter()
        .find(|step| step.id == StepId::Security)
        .expect("security");
    assert!(security
        .sections
        .iter()
        .flat_map(|s| &s.fields)
        .all(|f| f.action.starts_with("Check that")));
    let plain = Report::new(&setup(vonage()), vonage(), None, None, date());
    assert!(plain.migration.is_none());
    assert!(!plain.to_markdown().contains("Move from the connected app"));
    assert!(plain.to_json().find("\"migration\"").is_none());
}
