//! A saved setup file, whatever is on disk: `SetupStore::load`, then what opening it does
//! (`Setup::view` with its profile), then saving it again. Properties: the loader accepts exactly
//! the files that parse as a setup of a known format and sets every other file aside (an error,
//! never a panic, and the file kept), and a loaded setup can be shown, saved and loaded back.

#![no_main]

#[path = "shared/scratch.rs"]
mod scratch;

use std::fs;

use eca_core::profile;
use eca_core::setup::{Setup, SCHEMA};
use eca_core::store::{SetupStore, StoreError};
use libfuzzer_sys::fuzz_target;
use scratch::{clear, entries, folder};
use serde_json::Value;

fuzz_target!(|data: &[u8]| {
    check(data);
    clear(folder("eca-fuzz-setup-"));
});

fn check(data: &[u8]) {
    let dir = folder("eca-fuzz-setup-");
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
