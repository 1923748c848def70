//! A saved setup file, whatever is on disk: `SetupStore::load`, then what opening it does
//! (`Setup::view` with its profile), then saving it again. Properties: the loader accepts exactly
//! the files that parse as a setup of a known format and sets every other file aside (an error,
//! never a panic, and the file kept), and a loaded setup can be shown, saved and loaded back.

#![no_main]

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use eca_core::profile;
use eca_core::setup::{Setup, SCHEMA};
use eca_core::store::{SetupStore, StoreError};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

/// One folder for the whole run. Saving fsyncs, which costs milliseconds on a disk and nothing
/// on tmpfs, so /dev/shm is used where there is one.
fn folder() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        let shm = Path::new("/dev/shm");
        let parent = if shm.is_dir() {
            shm.to_owned()
        } else {
            std::env::temp_dir()
        };
        tempfile::Builder::new()
            .prefix("eca-fuzz-setup-")
            .tempdir_in(parent)
            .expect("a temp folder")
    })
    .path()
}

fn entries(dir: &Path) -> Vec<PathBuf> {
    let listed = fs::read_dir(dir).expect("the temp folder lists");
    listed
        .map(|entry| entry.expect("an entry").path())
        .collect()
}

fn clear(dir: &Path) {
    for old in entries(dir) {
        fs::remove_file(old).expect("a run's file is removed");
    }
}

fuzz_target!(|data: &[u8]| {
    check(data);
    // libFuzzer ends the process without dropping statics, so the folder itself stays behind;
    // emptied after every run, it stays behind empty.
    clear(folder());
});

fn check(data: &[u8]) {
    let dir = folder();
    let path = dir.join("fuzz.json");
    fs::write(&path, data).expect("the input is written");

    let store = SetupStore::new(dir);
    // The file's name is the setup's id, whatever id the file itself holds.
    let parsed = std::str::from_utf8(data)
        .ok()
        .and_then(|text| serde_json::from_str::<Setup>(text).ok())
        .map(|setup| Setup {
            id: "fuzz".into(),
            ..setup
        });
    match store.load("fuzz") {
        Ok(setup) => {
            assert_eq!(
                Some(&setup),
                parsed.as_ref(),
                "loaded what serde does not read"
            );
            assert!(setup.schema <= SCHEMA, "a newer format was loaded");
            assert!(path.exists(), "a loaded file was moved");
            reopens(&store, setup);
        }
        Err(StoreError::NotFound(_)) => {
            let newer = parsed.as_ref().is_some_and(|setup| setup.schema > SCHEMA)
                || schema_of(data).is_some_and(|schema| schema > u64::from(SCHEMA));
            assert!(parsed.is_none() || newer, "a readable setup was refused");
            let left = entries(dir);
            assert!(!path.exists() && left.len() == 1, "not set aside: {left:?}");
        }
        Err(err) => panic!("an unreadable file must be set aside, not {err:?}"),
    }
}

fn schema_of(data: &[u8]) -> Option<u64> {
    serde_json::from_slice::<Value>(data)
        .ok()?
        .get("schema")?
        .as_u64()
}

/// What the wizard does next with a loaded setup: show it, and save it after an edit.
fn reopens(store: &SetupStore, mut setup: Setup) {
    if let Some(profile) = profile(&setup.profile_id) {
        let view = setup.view(profile);
        assert_eq!(view.setup, setup);
    }
    if let Err(err) = store.save(&mut setup) {
        panic!("a loaded setup does not save: {err}");
    }
    let again = store.load(&setup.id);
    assert_eq!(
        again.ok().as_ref(),
        Some(&setup),
        "a saved setup loads differently"
    );
}
