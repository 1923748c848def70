//! What the app keeps in its data folder is the admin's alone: setups, the open-setup marker and
//! the support log are 0600 in folders 0700 (Unix), and a save never writes through a file
//! someone planted at a temp name. Files saved where the admin chooses keep the usual modes.
#![cfg(unix)]

use std::fs;
use std::os::unix::fs::{symlink, PermissionsExt};
use std::path::Path;

use eca_core::files::{write_atomically, write_private};
use eca_core::journal::{Journal, FILE_NAME};
use eca_core::profile;
use eca_core::setup::Setup;
use eca_core::store::SetupStore;
use eca_core::wizard::Wizard;

fn mode(path: &Path) -> u32 {
    fs::metadata(path)
        .unwrap_or_else(|err| panic!("{}: {err}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

#[test]
fn a_saved_setup_and_its_folders_are_private() {
    let home = tempfile::tempdir().expect("temp dir");
    let data = home.path().join("data");
    let setups = data.join("setups");
    let store = SetupStore::new(&setups);
    let mut setup = Setup::new(profile("vonage-ai-studio").expect("profile"), false);
    setup.id = "private-1".into();
    store.save(&mut setup).expect("save");

    let file = setups.join("private-1.json");
    assert_eq!(mode(&file), 0o600, "the setup file");
    assert_eq!(mode(&setups), 0o700, "the setups folder");
    assert_eq!(mode(&data), 0o700, "the data folder it created");

    // Saving again replaces the file with a new one: still private.
    store.save(&mut setup).expect("save again");
    assert_eq!(mode(&file), 0o600, "the setup file saved again");
}

#[test]
fn an_older_world_readable_setup_becomes_private_when_saved() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("old.json");
    fs::write(&file, "{}").expect("write");
    fs::set_permissions(&file, fs::Permissions::from_mode(0o644)).expect("chmod");
    write_private(&file, b"{\"schema\": 1}").expect("save");
    assert_eq!(mode(&file), 0o600);
}

#[test]
fn the_open_setup_marker_is_private() {
    let dir = tempfile::tempdir().expect("temp dir");
    let setups = dir.path().join("setups");
    let wizard = Wizard::new(SetupStore::new(&setups));
    wizard.create("vonage-ai-studio", false).expect("create");
    let marker = setups.join(".open-setup");
    assert!(marker.exists(), "creating a setup opens it");
    assert_eq!(mode(&marker), 0o600);
}

#[test]
fn the_support_log_and_its_folder_are_private() {
    let dir = tempfile::tempdir().expect("temp dir");
    let logs = dir.path().join("logs");
    Journal::open(&logs).info("started", &[("n", &1)]);
    assert_eq!(mode(&logs.join(FILE_NAME)), 0o600, "the log file");
    assert_eq!(mode(&logs), 0o700, "the log folder");
}

#[test]
fn an_older_world_readable_log_becomes_private_when_opened() {
    let dir = tempfile::tempdir().expect("temp dir");
    let log = dir.path().join(FILE_NAME);
    fs::write(&log, "old line\n").expect("write");
    fs::set_permissions(&log, fs::Permissions::from_mode(0o644)).expect("chmod");
    Journal::open(dir.path()).info("started", &[]);
    assert_eq!(mode(&log), 0o600);
    assert!(fs::read_to_string(&log).unwrap().starts_with("old line\n"));
}

#[test]
fn a_symlink_at_the_old_temp_name_is_not_followed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let victim = dir.path().join("victim.txt");
    fs::write(&victim, "untouched").expect("write");
    let path = dir.path().join("saved.json");
    // The names the app used to write through: `.NAME.PID-N.tmp`, N counting this process's
    // writes from 0. Planting the first thousand covers every write these tests make.
    let pid = std::process::id();
    for n in 0..1000 {
        symlink(
            &victim,
            dir.path().join(format!(".saved.json.{pid}-{n}.tmp")),
        )
        .expect("symlink");
    }
    write_private(&path, b"new text").expect("save");
    write_atomically(&path, b"newer text").expect("save again");

    assert_eq!(
        fs::read_to_string(&victim).unwrap(),
        "untouched",
        "the save wrote through a planted symlink"
    );
    assert!(
        !fs::symlink_metadata(&path)
            .unwrap()
            .file_type()
            .is_symlink(),
        "the saved file is a file of its own"
    );
    assert_eq!(fs::read_to_string(&path).unwrap(), "newer text");
}

#[test]
fn a_file_saved_where_the_admin_chooses_keeps_the_usual_mode() {
    let dir = tempfile::tempdir().expect("temp dir");
    let report = dir.path().join("shared").join("report.md");
    write_atomically(&report, b"# Report").expect("save");
    let umask = umask();
    assert_eq!(mode(&report), 0o666 & !umask, "umask {umask:o}");
    assert_eq!(mode(report.parent().unwrap()), 0o777 & !umask);
}

/// This process's umask, as Linux reports it; 022 (the usual one) elsewhere.
fn umask() -> u32 {
    fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find_map(|line| line.strip_prefix("Umask:"))
                .and_then(|value| u32::from_str_radix(value.trim(), 8).ok())
        })
        .unwrap_or(0o022)
}
