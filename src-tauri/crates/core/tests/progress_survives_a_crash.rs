//! Saved progress survives what desktops do to it: files that are cut short, edited by hand or
//! written by a newer version are moved aside with a reason (never a panic, never lost), and a
//! process killed in the middle of saving leaves the previous or the new version, whole.

use std::fs;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use eca_core::setup::{Setup, SCHEMA};
use eca_core::store::{SetupStore, StoreError};
use eca_core::{profile, Screen, StepId};

fn new_setup(id: &str) -> Setup {
    let vonage = profile("vonage-ai-studio").expect("profile");
    let mut setup = Setup::new(vonage, false);
    setup.id = id.into();
    setup.inputs.domain = "acme.my.salesforce.com".into();
    setup
}

fn file_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .expect("read dir")
        .map(|entry| {
            entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}

#[test]
fn saved_setup_loads_back_equal() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = SetupStore::new(dir.path().join("setups"));
    let mut setup = new_setup("round-trip");
    setup.inputs.contact_email = "salesforce-admins@acme.com".into();
    setup.current_step = Screen::Step(StepId::Security);
    setup.mark(StepId::OpenManager, true);
    let before = setup.updated_at;
    store
        .save(&mut setup)
        .expect("save creates the folder and the file");
    assert!(setup.updated_at >= before, "save stamps updated_at");
    assert_eq!(store.load("round-trip").expect("load"), setup);
    assert_eq!(
        file_names(store.dir()),
        ["round-trip.json"],
        "no temp file is left behind"
    );

    setup.mark(StepId::BasicInformation, true);
    store.save(&mut setup).expect("save again");
    assert_eq!(store.load("round-trip").expect("load"), setup);
}

#[test]
fn list_shows_the_most_recently_saved_first() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = SetupStore::new(dir.path());
    let mut setups: Vec<Setup> = ["a", "b", "c"].into_iter().map(new_setup).collect();
    for setup in &mut setups {
        store.save(setup).expect("save");
        sleep(Duration::from_millis(5));
    }
    store.save(&mut setups[0]).expect("save a again");
    let listing = store.list().expect("list");
    let ids: Vec<&str> = listing.setups.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["a", "c", "b"]);
    assert!(listing.set_aside.is_empty());
}

#[test]
fn a_missing_folder_lists_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let listing = SetupStore::new(dir.path().join("never-created"))
        .list()
        .expect("list");
    assert!(listing.setups.is_empty() && listing.set_aside.is_empty());
}

#[test]
fn deleted_setup_is_gone() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = SetupStore::new(dir.path());
    let mut keep = new_setup("keep");
    let mut drop = new_setup("drop");
    store.save(&mut keep).expect("save");
    store.save(&mut drop).expect("save");
    store.delete("drop").expect("delete");
    assert!(matches!(store.load("drop"), Err(StoreError::NotFound(id)) if id == "drop"));
    assert!(matches!(store.delete("drop"), Err(StoreError::NotFound(_))));
    let ids: Vec<String> = store
        .list()
        .expect("list")
        .setups
        .into_iter()
        .map(|s| s.id)
        .collect();
    assert_eq!(ids, ["keep"]);
}

#[test]
fn ids_that_could_leave_the_folder_are_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = SetupStore::new(dir.path().join("setups"));
    for id in ["../escape", "a/b", "", "x.json", "..", "a b"] {
        assert!(
            matches!(store.load(id), Err(StoreError::BadId(_))),
            "{id:?}"
        );
        assert!(
            matches!(store.delete(id), Err(StoreError::BadId(_))),
            "{id:?}"
        );
        let mut setup = new_setup("placeholder");
        setup.id = id.into();
        assert!(
            matches!(store.save(&mut setup), Err(StoreError::BadId(_))),
            "{id:?}"
        );
    }
    assert_eq!(
        file_names(dir.path()),
        Vec::<String>::new(),
        "nothing written"
    );
}

/// What each kind of damaged file holds, and the start of the reason given for it.
fn damaged_files() -> Vec<(&'static str, String, &'static str)> {
    let good = serde_json::to_string_pretty(&new_setup("template")).expect("serialize");
    let mut wrong_types: serde_json::Value = serde_json::from_str(&good).expect("json");
    wrong_types["current_step"] = serde_json::json!(5);
    wrong_types["done"] = serde_json::json!(["open-manager"]);
    let mut newer: serde_json::Value = serde_json::from_str(&good).expect("json");
    newer["schema"] = serde_json::json!(SCHEMA + 1);
    let mut newer_shape: serde_json::Value = serde_json::from_str(&good).expect("json");
    newer_shape["schema"] = serde_json::json!(SCHEMA + 2);
    let inputs = newer_shape["inputs"].take();
    newer_shape["answers"] = inputs;
    newer_shape
        .as_object_mut()
        .expect("object")
        .remove("inputs");
    vec![
        (
            "truncated",
            good[..good.len() / 2].to_owned(),
            "it is damaged",
        ),
        ("wrong-types", wrong_types.to_string(), "it is damaged"),
        ("empty", String::new(), "it is damaged"),
        ("not-json", "\u{feff}<html>".to_owned(), "it is damaged"),
        (
            "newer",
            newer.to_string(),
            "it was saved by a newer version of the app",
        ),
        (
            "newer-shape",
            newer_shape.to_string(),
            "it was saved by a newer version of the app",
        ),
    ]
}

#[test]
fn damaged_files_are_moved_aside_with_a_reason() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = SetupStore::new(dir.path());
    let mut good = new_setup("good");
    store.save(&mut good).expect("save");
    let cases = damaged_files();
    for (name, text, _) in &cases {
        fs::write(dir.path().join(format!("{name}.json")), text).expect("write");
    }

    let listing = store
        .list()
        .expect("a damaged file never fails the listing");
    let ids: Vec<&str> = listing.setups.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["good"]);
    assert_eq!(
        listing.set_aside.len(),
        cases.len(),
        "{:#?}",
        listing.set_aside
    );
    for (name, text, reason) in &cases {
        let file = dir.path().join(format!("{name}.json"));
        let aside = listing
            .set_aside
            .iter()
            .find(|a| Path::new(&a.file) == file)
            .unwrap_or_else(|| panic!("{name} was not reported"));
        assert!(
            aside.reason.starts_with(reason),
            "{name}: reason “{}”",
            aside.reason
        );
        assert!(!file.exists(), "{name}: moved out of the way");
        assert!(
            aside.moved_to.contains(&format!("{name}.json.unreadable-")),
            "{name}: {}",
            aside.moved_to
        );
        assert_eq!(
            &fs::read_to_string(&aside.moved_to).expect("moved file"),
            text,
            "{name}: kept as it was, for someone to inspect"
        );
    }

    let again = store.list().expect("list again");
    assert!(
        again.set_aside.is_empty(),
        "reported once: {:?}",
        again.set_aside
    );
    assert_eq!(again.setups.len(), 1);
}

#[test]
fn loading_a_damaged_setup_moves_it_aside_and_says_not_found() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = SetupStore::new(dir.path());
    fs::write(dir.path().join("cut.json"), "{\"schema\": 1, \"id\": \"cu").expect("write");
    assert!(matches!(store.load("cut"), Err(StoreError::NotFound(id)) if id == "cut"));
    let names = file_names(dir.path());
    assert_eq!(names.len(), 1, "{names:?}");
    assert!(names[0].starts_with("cut.json.unreadable-"), "{names:?}");
}

#[test]
fn a_second_damaged_copy_does_not_overwrite_the_first() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = SetupStore::new(dir.path());
    let file = dir.path().join("twice.json");
    fs::write(&file, "first").expect("write");
    store.list().expect("list");
    fs::write(&file, "second").expect("write");
    store.list().expect("list");
    let mut kept: Vec<String> = file_names(dir.path())
        .iter()
        .map(|name| fs::read_to_string(dir.path().join(name)).expect("read"))
        .collect();
    kept.sort();
    assert_eq!(kept, ["first", "second"], "both damaged copies are kept");
}

// The crash test: this test binary runs itself again as a child that saves one setup in a tight
// loop, and the parent kills it with SIGKILL at scattered moments.

const WRITER_DIR: &str = "ECA_CORE_CRASH_TEST_WRITER_DIR";
const CRASH_ID: &str = "crash";
const PADDING_STEP: usize = 997;

/// The content of generation `n`: it grows (and shrinks when it wraps) so that writes of many
/// sizes are interrupted, and it can be checked for being whole.
fn write_generation(setup: &mut Setup, n: u64) {
    let padding = "x".repeat(PADDING_STEP * (n as usize % 300));
    let values = &mut setup.inputs.values;
    values.insert("generation".into(), n.to_string());
    values.insert("check".into(), format!("{n}:{}", padding.len()));
    values.insert("padding".into(), padding);
}

/// The generation a loaded setup holds, after checking that every part of it agrees.
fn whole_generation(setup: &Setup) -> u64 {
    let values = &setup.inputs.values;
    let n: u64 = values["generation"]
        .parse()
        .expect("generation is a number");
    let padding = &values["padding"];
    assert_eq!(
        padding.len(),
        PADDING_STEP * (n as usize % 300),
        "padding of generation {n}"
    );
    assert!(padding.bytes().all(|b| b == b'x'));
    assert_eq!(values["check"], format!("{n}:{}", padding.len()));
    n
}

/// Not a test of its own: the crash test's child, which the crash test runs with `--ignored`.
#[test]
#[ignore = "the crash test's child process, run by it"]
fn crash_writer_child() {
    let dir = std::env::var_os(WRITER_DIR).expect("run by the crash test, which sets the folder");
    let store = SetupStore::new(dir);
    let mut setup = match store.load(CRASH_ID) {
        Ok(setup) => setup,
        Err(_) => new_setup(CRASH_ID),
    };
    let mut n = setup
        .inputs
        .values
        .get("generation")
        .and_then(|g| g.parse().ok())
        .unwrap_or(0);
    // A bound, so that a parent that died before killing it does not leave it running forever.
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(60) {
        n += 1;
        write_generation(&mut setup, n);
        store.save(&mut setup).expect("save");
    }
}

/// Kills the child even when an assertion fails first.
struct Writer(Child);

impl Drop for Writer {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Scattered delays in milliseconds, different on every run; the seed is in every message.
fn delays(seed: u64, count: usize) -> Vec<u64> {
    let mut x = seed | 1;
    (0..count)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x % 60
        })
        .collect()
}

#[test]
fn a_setup_killed_mid_save_is_always_readable() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = SetupStore::new(dir.path());
    let seed = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock")
        .as_nanos() as u64;
    let test_binary = std::env::current_exe().expect("test binary");
    let mut last = 0;
    for (round, delay) in delays(seed, 20).into_iter().enumerate() {
        let child = Command::new(&test_binary)
            .args([
                "--exact",
                "crash_writer_child",
                "--ignored",
                "--test-threads",
                "1",
            ])
            .env(WRITER_DIR, dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("the test binary runs as a child");
        let mut writer = Writer(child);
        if round == 0 {
            // Make sure there is a first version to protect.
            let file = dir.path().join(format!("{CRASH_ID}.json"));
            let deadline = Instant::now() + Duration::from_secs(60);
            while !file.exists() {
                assert!(Instant::now() < deadline, "the writer never saved");
                sleep(Duration::from_millis(2));
            }
        }
        sleep(Duration::from_millis(delay));
        writer.0.kill().expect("SIGKILL");
        writer.0.wait().expect("reaped");

        let context = format!("round {round}, {delay} ms, seed {seed}");
        let listing = store.list().expect("list");
        assert!(
            listing.set_aside.is_empty(),
            "{context}: damaged: {:?}",
            listing.set_aside
        );
        let ids: Vec<&str> = listing.setups.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(
            ids,
            [CRASH_ID],
            "{context}: a temp file showed up as a setup"
        );
        let setup = store.load(CRASH_ID).expect("the setup is readable");
        let n = whole_generation(&setup);
        assert!(
            n >= last,
            "{context}: generation {n} is older than {last}, seen before"
        );
        last = n;
        for name in file_names(dir.path()) {
            assert!(
                name == format!("{CRASH_ID}.json")
                    || (name.starts_with('.') && name.ends_with(".tmp")),
                "{context}: unexpected file {name}"
            );
        }
    }
    assert!(last > 0, "seed {seed}: the writer saved at least once");
}
