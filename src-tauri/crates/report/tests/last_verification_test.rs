//! Each setup's last verification on disk: kept for a report made later, and read like every
//! saved file, so a damaged one is set aside with its reason rather than silently ignored.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use eca_core::files::Versioned;
use eca_core::profile;
use eca_report::{
    forget_verification, load_verification, read_verification, save_verification, Report,
};

use common::{date, setup, verification, KEY};

const SETUP: &str = "vonage-ai-studio-1";

/// Saves a verification in `dir`, then changes its file's text with `damage`.
fn saved_then(dir: &Path, damage: impl FnOnce(String) -> String) -> PathBuf {
    let vonage = profile("vonage-ai-studio").unwrap();
    save_verification(dir, SETUP, &verification(vonage)).expect("saved");
    let path = dir.join("verifications").join(format!("{SETUP}.json"));
    let text = fs::read_to_string(&path).unwrap();
    fs::write(&path, damage(text)).unwrap();
    path
}

#[test]
fn a_saved_verification_is_read_back_as_the_report_shows_it() {
    let dir = tempfile::tempdir().unwrap();
    let vonage = profile("vonage-ai-studio").unwrap();
    let verified = verification(vonage);
    save_verification(dir.path(), SETUP, &verified).expect("saved");

    let report = Report::new(&setup(vonage), vonage, Some(&verified), Some(KEY), date());
    assert_eq!(load_verification(dir.path(), SETUP), report.verification);
    forget_verification(dir.path(), SETUP);
    assert_eq!(
        read_verification(dir.path(), SETUP).unwrap(),
        Versioned::Missing
    );
}

#[test]
fn a_damaged_verification_is_set_aside_with_the_field_that_is_wrong() {
    let dir = tempfile::tempdir().unwrap();
    let path = saved_then(dir.path(), |text| {
        text.replacen("\"passed\": false", "\"passed\": \"no\"", 1)
    });

    let Versioned::SetAside(note) = read_verification(dir.path(), SETUP).unwrap() else {
        panic!("the damaged file was read");
    };
    assert!(
        note.reason
            .starts_with("it is damaged: its field \"verification.passed\" is wrong"),
        "{note:?}"
    );
    assert!(
        note.moved_to.contains(&format!("{SETUP}.json.unreadable-")),
        "{note:?}"
    );
    assert!(!path.exists());
    assert_eq!(
        load_verification(dir.path(), SETUP),
        None,
        "nothing left to read"
    );
}

#[test]
fn a_verification_saved_by_a_newer_version_is_set_aside_not_misread() {
    let dir = tempfile::tempdir().unwrap();
    let path = saved_then(dir.path(), |text| {
        text.replacen("\"schema\": 1", "\"schema\": 2", 1)
    });

    assert_eq!(load_verification(dir.path(), SETUP), None);
    assert!(!path.exists(), "set aside");
}

#[cfg(unix)]
#[test]
fn a_saved_verification_and_its_folder_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let mode = |path: &Path| fs::metadata(path).unwrap().permissions().mode() & 0o777;
    let dir = tempfile::tempdir().unwrap();
    let vonage = profile("vonage-ai-studio").unwrap();
    save_verification(dir.path(), SETUP, &verification(vonage)).expect("saved");
    let folder = dir.path().join("verifications");
    assert_eq!(mode(&folder.join(format!("{SETUP}.json"))), 0o600);
    assert_eq!(mode(&folder), 0o700);
}
