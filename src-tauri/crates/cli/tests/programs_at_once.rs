//! Several `eca-setup-cli` processes at once over one data folder, as an admin's scripts or the
//! app beside the command line would run: every connection added, every setup started and every
//! step marked is kept. Without the data folder's lock the last writer wins: a connection's list
//! entry is lost while its keychain entries stay behind, with nothing left to remove them by.

mod common;

use std::collections::BTreeSet;
use std::io::Write;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{SystemTime, UNIX_EPOCH};

use common::{cli_with_env, keychain_reachable, left_in_keychain, DATA_HOME};
use serde_json::Value;

const KEY: &str =
    "3MVG9AtOnceTestKeyZjd7MXFdLhk3vB8yWAPrdpL2TfPzQ6sS_xN0w8Fv1c5Jm.Yq4eRtUiOpAsDfGhJkLzX9876";
const SECRET: &str = "1A2B3C4D5E6F7A8B9C0D1E2F3A4B5C6D7E8F9A0B1C2D3E4F5A6B7C8D9E0F1A2B";
const PROGRAMS: usize = 6;

/// `eca-setup-cli ARGS` started over the data folder in `home`, `stdin` written to it.
fn start(home: &Path, args: &[&str], stdin: &str) -> Child {
    let mut child = Command::new(env!("CARGO_BIN_EXE_eca-setup-cli"))
        .args(args)
        .env(DATA_HOME, home)
        .env("HOME", home)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the CLI starts");
    let mut input = child.stdin.take().expect("stdin");
    input.write_all(stdin.as_bytes()).expect("write stdin");
    child
}

fn json(home: &Path, args: &[&str]) -> Value {
    let run = cli_with_env(args, &[(DATA_HOME, home), ("HOME", home)]);
    assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
    serde_json::from_str(&run.stdout).expect("JSON")
}

fn ids(values: &Value, field: &str) -> BTreeSet<String> {
    values
        .as_array()
        .expect("an array")
        .iter()
        .map(|value| value[field].as_str().expect(field).to_owned())
        .collect()
}

#[test]
fn connections_setups_and_steps_saved_by_programs_at_once_are_all_kept() {
    if !keychain_reachable("connections_setups_and_steps_saved_by_programs_at_once_are_all_kept") {
        return;
    }
    let home = tempfile::tempdir().expect("temp dir");
    let home = home.path();
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock")
        .as_nanos();
    let prefix = format!("At once {}-{nanos}", std::process::id());
    let new_setup = [
        "setup",
        "new",
        "--profile",
        "vonage-ai-studio",
        "--domain",
        "acme.my.salesforce.com",
        "--json",
    ];
    let shared = json(home, &new_setup);
    let shared_id = shared["id"].as_str().expect("id").to_owned();
    let steps: Vec<String> = ids(&shared["steps"], "id").into_iter().collect();
    assert!(steps.len() >= PROGRAMS, "{steps:?}");

    // All at once: connections added, setups started, and each step of one setup marked.
    let names: Vec<String> = (0..PROGRAMS).map(|i| format!("{prefix} {i}")).collect();
    let credentials = format!("{KEY}\n{SECRET}\n");
    let mut running: Vec<(String, Child)> = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let add = [
            "connection",
            "add",
            "--name",
            name,
            "--profile",
            "vonage-ai-studio",
            "--domain",
            "acme.my.salesforce.com",
        ];
        running.push((format!("add {name}"), start(home, &add, &credentials)));
        running.push((format!("setup new {i}"), start(home, &new_setup, "")));
    }
    for step in &steps {
        let done = ["setup", "done", &shared_id, step];
        running.push((format!("done {step}"), start(home, &done, "")));
    }
    let mut started = BTreeSet::from([shared_id.clone()]);
    for (what, child) in running {
        let output = child.wait_with_output().expect("the CLI runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "{what}: {stderr}");
        if what.starts_with("setup new") {
            let outline: Value = serde_json::from_slice(&output.stdout).expect("JSON");
            started.insert(outline["id"].as_str().expect("id").to_owned());
        }
    }

    let listed = ids(&json(home, &["connection", "list", "--json"]), "name");
    let added: BTreeSet<String> = names.iter().cloned().collect();
    assert_eq!(
        listed, added,
        "every connection added is listed; a missing one was written over by another program"
    );
    assert_eq!(
        started.len(),
        PROGRAMS + 1,
        "each setup has an id of its own"
    );
    let setups = ids(&json(home, &["setups", "--json"]), "id");
    assert_eq!(setups, started, "every setup started is saved");
    let shown = json(home, &["setup", "show", &shared_id, "--json"]);
    let undone: Vec<&Value> = shown["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .filter(|step| step["done_at"].is_null())
        .collect();
    assert!(
        undone.is_empty(),
        "every step marked is still done: {undone:?}"
    );

    // Nothing is left in the keychain once each listed connection is removed.
    for name in &listed {
        let run = cli_with_env(
            &["connection", "remove", name],
            &[(DATA_HOME, home), ("HOME", home)],
        );
        assert_eq!(run.code, 0, "remove {name}: {}", run.stderr);
    }
    assert_eq!(
        left_in_keychain(&names),
        Vec::<String>::new(),
        "keychain entries no connection lists"
    );
}
