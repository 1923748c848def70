//! Adding an integration is adding its file to `profiles/` (and its guide to `profiles/guides/`):
//! `build.rs` lists the folder, the file's name is the profile's id and its `order` its place on
//! the home screen, so no list of profiles is written anywhere else. How a file is read and
//! placed is tested beside the reader, in `profile.rs`.

use std::path::{Path, PathBuf};

use eca_core::profile::ProfileKind;
use eca_test_support::profile_ids;

#[path = "../build.rs"]
#[allow(dead_code)]
mod build_script;

fn folder() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("profiles")
}

/// The ids of a generated table, in its order.
fn listed(table: &str) -> Vec<&str> {
    table
        .lines()
        .filter_map(|line| line.trim_start().strip_prefix("(\""))
        .filter_map(|rest| rest.split('"').next())
        .collect()
}

#[test]
fn every_file_in_the_folder_is_a_profile_and_there_are_no_others() {
    let mut in_folder: Vec<String> = std::fs::read_dir(folder())
        .expect("the profiles folder")
        .map(|entry| entry.expect("an entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "toml"))
        .map(|path| path.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    in_folder.sort();
    let mut loaded = profile_ids();
    loaded.sort_unstable();
    assert_eq!(loaded, in_folder);
}

#[test]
fn the_home_screen_keeps_its_order_and_custom_comes_last() {
    const TODAY: [&str; 5] = [
        "vonage-ai-studio",
        "service-board-sync",
        "bright-pattern",
        "webex",
        "custom",
    ];
    let ids = profile_ids();
    let known: Vec<&str> = ids
        .iter()
        .copied()
        .filter(|id| TODAY.contains(id))
        .collect();
    assert_eq!(known, TODAY, "the five in the home screen's order");
    // The partner picker lists the partners' profiles; the app's own is set up from elsewhere.
    let partners: Vec<&str> = eca_core::profiles()
        .iter()
        .filter(|profile| profile.kind == ProfileKind::Partner)
        .map(|profile| profile.id.as_str())
        .collect();
    assert_eq!(
        partners.last(),
        Some(&"custom"),
        "Custom, the catch-all, is the last partner"
    );
}

#[test]
fn a_new_file_in_the_folder_is_listed_under_its_name() {
    let dir = tempfile::tempdir().expect("a temp folder");
    let mut expected = Vec::new();
    for entry in std::fs::read_dir(folder()).expect("the profiles folder") {
        let path = entry.expect("an entry").path();
        if path.is_file() {
            std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).expect("copy");
        }
        if path.extension().is_some_and(|ext| ext == "toml") {
            expected.push(path.file_stem().unwrap().to_string_lossy().into_owned());
        }
    }
    let webex = std::fs::read_to_string(folder().join("webex.toml")).expect("webex.toml");
    let new = dir.path().join("trial-partner.toml");
    std::fs::write(&new, webex.replacen("order = 40", "order = 45", 1)).expect("write");
    std::fs::write(dir.path().join("notes.md"), "not a profile").expect("write");
    expected.push("trial-partner".into());
    expected.sort();

    let table = build_script::table(dir.path()).expect("the table");
    assert_eq!(listed(&table), expected, "by file name:\n{table}");
    let entry = format!(
        "(\"trial-partner\", include_str!({:?})),",
        new.to_str().unwrap()
    );
    assert!(table.contains(&entry), "{entry} in:\n{table}");
}

#[test]
fn a_file_name_that_cannot_be_an_id_is_refused_with_the_form_it_takes() {
    for name in [
        "Acme CRM.toml",
        "acme_crm.toml",
        "-acme.toml",
        "acme--crm.toml",
    ] {
        let dir = tempfile::tempdir().expect("a temp folder");
        std::fs::write(dir.path().join(name), "order = 1").expect("write");
        let problem = build_script::table(dir.path()).expect_err(name);
        assert!(
            problem.contains("lowercase letters, digits and single hyphens"),
            "{name}: {problem}"
        );
    }
}
