//! Properties of the saved-progress loader: a setup file cut short at any byte, or replaced by
//! random bytes or a field of the wrong type, never panics the app; the file is moved aside and
//! the other setups still list. Unknown fields are ignored.

use std::fs;

use eca_core::profile;
use eca_core::setup::Setup;
use eca_core::store::{SetupStore, StoreError};
use proptest::prelude::*;

fn saved_setup(store: &SetupStore, id: &str) -> Setup {
    let vonage = profile("vonage-ai-studio").expect("profile");
    let mut setup = Setup::new(vonage, false);
    setup.id = id.into();
    setup.inputs.domain = "acme.my.salesforce.com".into();
    store.save(&mut setup).expect("save");
    setup
}

/// The bytes of a damaged `damaged.json`: a valid setup file cut short, or random bytes.
fn damage() -> impl Strategy<Value = Damage> {
    prop_oneof![
        (0.0..1.0f64).prop_map(Damage::CutAt),
        prop::collection::vec(any::<u8>(), 0..512).prop_map(Damage::Bytes),
    ]
}

#[derive(Debug, Clone)]
enum Damage {
    /// Keep this fraction of the valid file.
    CutAt(f64),
    Bytes(Vec<u8>),
}

/// Writes the damaged file beside an intact one and returns (store, intact setup, temp dir).
fn damaged_store(damage: &Damage) -> (SetupStore, Setup, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = SetupStore::new(dir.path());
    let intact = saved_setup(&store, "intact");
    let damaged = saved_setup(&store, "damaged");
    let path = dir.path().join("damaged.json");
    let bytes = match damage {
        Damage::CutAt(fraction) => {
            let full = fs::read(&path).expect("read saved file");
            let cut = ((full.len() as f64) * fraction) as usize;
            full[..cut.min(full.len() - 1)].to_vec()
        }
        Damage::Bytes(bytes) => bytes.clone(),
    };
    // Random bytes could in theory be a valid setup; the property only concerns damaged files.
    assert!(
        serde_json::from_slice::<Setup>(&bytes).ok() != Some(damaged),
        "the damage left a valid file"
    );
    fs::write(&path, bytes).expect("write damaged file");
    (store, intact, dir)
}

fn unreadable_files(dir: &std::path::Path) -> Vec<String> {
    fs::read_dir(dir)
        .expect("read dir")
        .map(|entry| {
            entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|name| name.starts_with("damaged.json.unreadable"))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn loading_a_damaged_file_sets_it_aside(damage in damage()) {
        let (store, intact, dir) = damaged_store(&damage);
        let loaded = store.load("damaged");
        prop_assert!(matches!(loaded, Err(StoreError::NotFound(_))), "{:?}", loaded);
        prop_assert!(!dir.path().join("damaged.json").exists(), "the damaged file stays in place");
        prop_assert_eq!(unreadable_files(dir.path()).len(), 1);

        let listing = store.list().expect("list");
        prop_assert_eq!(listing.setups, vec![intact]);
        prop_assert!(listing.set_aside.is_empty());
    }

    #[test]
    fn listing_with_a_damaged_file_sets_it_aside_and_keeps_the_others(damage in damage()) {
        let (store, intact, dir) = damaged_store(&damage);
        let listing = store.list().expect("list");
        prop_assert_eq!(listing.setups, vec![intact]);
        prop_assert_eq!(listing.set_aside.len(), 1);
        prop_assert!(listing.set_aside[0].file.ends_with("damaged.json"));
        prop_assert!(!listing.set_aside[0].reason.is_empty());
        prop_assert!(!dir.path().join("damaged.json").exists());
        prop_assert_eq!(unreadable_files(dir.path()).len(), 1);
    }
}

/// Rewrites `damaged.json` as JSON changed by `change`.
fn rewrite(
    dir: &std::path::Path,
    change: impl FnOnce(&mut serde_json::Map<String, serde_json::Value>),
) {
    let path = dir.join("damaged.json");
    let mut value: serde_json::Value = serde_json::from_slice(&fs::read(&path).unwrap()).unwrap();
    change(value.as_object_mut().unwrap());
    fs::write(&path, serde_json::to_vec(&value).unwrap()).unwrap();
}

#[test]
fn a_field_of_the_wrong_type_sets_the_file_aside_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let store = SetupStore::new(dir.path());
    let intact = saved_setup(&store, "intact");
    saved_setup(&store, "damaged");
    rewrite(dir.path(), |setup| {
        setup.insert("practice".into(), "yes".into());
    });
    let listing = store.list().expect("list");
    assert_eq!(listing.setups, vec![intact]);
    assert_eq!(listing.set_aside.len(), 1);
    let reason = &listing.set_aside[0].reason;
    assert!(
        reason.starts_with("it is damaged: its field \"practice\" is wrong")
            && reason.contains("expected a boolean"),
        "{reason}"
    );
    assert_eq!(unreadable_files(dir.path()).len(), 1);
}

/// Seen in the WebDriver screenshot: a file cut off in the middle of a value named a field "?".
#[test]
fn a_cut_off_file_names_no_field() {
    let dir = tempfile::tempdir().unwrap();
    let store = SetupStore::new(dir.path());
    saved_setup(&store, "damaged");
    let path = dir.path().join("damaged.json");
    let text = fs::read_to_string(&path).unwrap();
    let cut = text.find("\"profile_id\": \"").expect("a profile_id") + 17;
    fs::write(&path, &text[..cut]).unwrap();
    let listing = store.list().expect("list");
    let reason = &listing.set_aside[0].reason;
    assert!(
        reason.starts_with("it is damaged (EOF while parsing"),
        "{reason}"
    );
    assert!(!reason.contains("field"), "{reason}");
}

/// Found by the setup_file fuzz target: a whole setup with something after it is not a setup.
#[test]
fn text_after_the_setup_sets_the_file_aside() {
    let dir = tempfile::tempdir().unwrap();
    let store = SetupStore::new(dir.path());
    let intact = saved_setup(&store, "intact");
    saved_setup(&store, "damaged");
    let path = dir.path().join("damaged.json");
    let mut text = fs::read_to_string(&path).unwrap();
    text.push_str("ile_id\": \"");
    fs::write(&path, text).unwrap();
    let listing = store.list().expect("list");
    assert_eq!(listing.setups, vec![intact]);
    let reason = &listing.set_aside[0].reason;
    assert!(
        reason.starts_with("it is damaged") && reason.contains("trailing characters"),
        "{reason}"
    );
    assert_eq!(unreadable_files(dir.path()).len(), 1);
}

/// A file written by a newer version keeps working: fields this version does not know are
/// ignored rather than costing the admin their progress.
#[test]
fn unknown_fields_are_ignored() {
    let dir = tempfile::tempdir().unwrap();
    let store = SetupStore::new(dir.path());
    let saved = saved_setup(&store, "damaged");
    rewrite(dir.path(), |setup| {
        setup.insert(
            "from_a_newer_version".into(),
            serde_json::json!({ "x": [1, 2] }),
        );
    });
    assert_eq!(store.load("damaged").expect("loads"), saved);
    assert!(unreadable_files(dir.path()).is_empty());
}

/// Found by the `setup_file` fuzz target: the id inside a file need not match its name (a copy,
/// or an id too long to be a file name). The file's name wins, so saving goes back to it.
#[test]
fn a_setup_is_the_file_it_was_read_from() {
    let dir = tempfile::tempdir().unwrap();
    let store = SetupStore::new(dir.path());
    let original = saved_setup(&store, "damaged");
    fs::copy(
        dir.path().join("damaged.json"),
        dir.path().join("copy.json"),
    )
    .unwrap();
    rewrite(dir.path(), |setup| {
        setup.insert("id".into(), "c".repeat(300).into());
    });

    let mut copy = store.load("copy").expect("the copy loads");
    assert_eq!(copy.id, "copy");
    copy.inputs.app_name = "Edited in the copy".into();
    store.save(&mut copy).expect("saves");
    assert_eq!(
        store.load("copy").unwrap().inputs.app_name,
        "Edited in the copy"
    );

    let mut long = store.load("damaged").expect("a long inner id loads");
    assert_eq!(long.id, "damaged");
    store
        .save(&mut long)
        .expect("and saves under its file's name");
    assert_eq!(
        long.inputs.app_name, original.inputs.app_name,
        "the copy's edit stayed in the copy"
    );
    let ids: Vec<String> = store
        .list()
        .unwrap()
        .setups
        .into_iter()
        .map(|s| s.id)
        .collect();
    assert_eq!(ids.len(), 2);
    assert!(
        ids.contains(&"copy".into()) && ids.contains(&"damaged".into()),
        "{ids:?}"
    );
}

#[test]
fn a_setup_that_cannot_be_read_is_left_in_place_and_the_others_still_list() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = SetupStore::new(dir.path());
    let intact = saved_setup(&store, "intact");
    // A folder where a setup file would be: reading it fails the way a file of another user's
    // does, without needing a user other than root.
    let blocked = dir.path().join("blocked.json");
    fs::create_dir(&blocked).expect("folder");
    let listing = store.list().expect("the other setups still list");
    assert_eq!(
        listing
            .setups
            .iter()
            .map(|s| s.id.as_str())
            .collect::<Vec<_>>(),
        [intact.id.as_str()]
    );
    assert_eq!(listing.set_aside.len(), 1, "{listing:?}");
    let note = &listing.set_aside[0];
    assert_eq!(note.moved_to, blocked.display().to_string(), "not moved");
    assert!(note.reason.contains("left where it is"), "{}", note.reason);
    assert!(blocked.is_dir(), "left where it is");
}
