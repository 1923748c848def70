//! `eca-setup-cli setups`: the setups the desktop app saved, read from the same folder, with
//! damaged files reported and moved aside rather than crashing the listing.

mod common;

use std::fs;

use common::{cli_with_env, DATA_HOME};
use eca_core::paths::IDENTIFIER;
use eca_core::setup::Setup;
use eca_core::store::SetupStore;
use eca_core::{profile, Screen, StepId};
use serde_json::Value;

#[test]
fn setups_lists_the_readable_one_and_moves_the_damaged_one_aside() {
    let home = tempfile::tempdir().expect("temp dir");
    let dir = home.path().join(IDENTIFIER).join("setups");
    let store = SetupStore::new(&dir);
    let vonage = profile("vonage-ai-studio").expect("profile");
    let mut setup = Setup::new(vonage, false);
    setup.inputs.domain = "https://Acme.my.salesforce.com/".into();
    setup.current_step = Screen::Step(StepId::Security);
    setup.mark(StepId::OpenManager, true);
    setup.mark(StepId::BasicInformation, true);
    store.save(&mut setup).expect("save");
    let damaged = dir.join("vonage-ai-studio-1.json");
    fs::write(
        &damaged,
        r#"{"schema": 1, "id": "vonage-ai-studio-1", "profile_id": "von"#,
    )
    .expect("write");

    let env = [(DATA_HOME, home.path())];
    let run = cli_with_env(&["setups"], &env);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains(&format!("{}\n", setup.id)),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("Vonage AI Studio · acme.my.salesforce.com\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("At: Security · 0 of 4 parts done\n"),
        "{}",
        run.stdout
    );
    assert!(
        !run.stdout.contains("vonage-ai-studio-1\n"),
        "{}",
        run.stdout
    );

    assert!(
        run.stderr
            .contains("vonage-ai-studio-1.json could not be read because it is damaged"),
        "{}",
        run.stderr
    );
    assert!(!damaged.exists(), "the damaged file was moved aside");
    let moved: Vec<String> = fs::read_dir(&dir)
        .expect("dir")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with("vonage-ai-studio-1.json.unreadable-"))
        .collect();
    assert_eq!(moved.len(), 1, "{moved:?}");
    assert!(
        run.stderr.contains(&moved[0]),
        "stderr names where it went: {}",
        run.stderr
    );

    let run = cli_with_env(&["setups", "--json"], &env);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.is_empty(),
        "reported once, then out of the way: {}",
        run.stderr
    );
    let rows: Vec<Value> = serde_json::from_str(&run.stdout).expect("a JSON array");
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["id"], setup.id.as_str());
    assert_eq!(rows[0]["org"], "acme.my.salesforce.com");
    let progress = &rows[0]["progress"];
    assert_eq!(progress["complete"], false);
    assert_eq!(progress["phases"][0]["phase"], "salesforce");
    assert_eq!(progress["phases"][0]["done"], 2);
    assert_eq!(
        progress["phases"][0]["total"], 6,
        "the reveal is part of saving the key and secret"
    );
}

#[test]
fn no_saved_setups_is_not_an_error() {
    let home = tempfile::tempdir().expect("temp dir");
    let run = cli_with_env(&["setups"], &[(DATA_HOME, home.path())]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "No saved setups.\n");
    let run = cli_with_env(&["setups", "--json"], &[(DATA_HOME, home.path())]);
    assert_eq!(run.stdout.trim(), "[]");
}
