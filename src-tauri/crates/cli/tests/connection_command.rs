//! `eca-setup-cli connection`: the round trip against a real keychain (under
//! `scripts/with-keychain.sh`), the clear failure with no keychain at all, and the leak test:
//! no secret in anything printed or written, the key only masked.

mod common;

use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use common::{cli_with_stdin as cli, keychain_reachable, left_in_keychain, Run, DATA_HOME};

use eca_core::paths::IDENTIFIER;
use eca_core::profile;
use eca_core::secret::mask_key;
use eca_core::setup::Setup;
use eca_core::store::SetupStore;
use eca_test_support::files;
use serde_json::Value;

const KEY: &str =
    "3MVG9LeakTestKeyZjd7MXFdLhk3vB8yWAPrdpL2TfPzQ6sS_xN0w8Fv1c5Jm.Yq4eRtUiOpAsDfGhJkLzX9876";
const SECRET: &str = "9E8D7C6B5A4F3E2D1C0B9A8F7E6D5C4B3A2F1E0D9C8B7A6F5E4D3C2B1A0F9E8D";

fn unique_name(base: &str) -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock")
        .as_nanos();
    format!("{base} {}-{nanos}", std::process::id())
}

#[test]
#[cfg_attr(
    not(all(unix, not(target_os = "macos"))),
    ignore = "only Linux's keychain (a Secret Service on D-Bus) can be absent from a session; Keychain on macOS and Credential Manager on Windows are always there"
)]
fn without_any_bus_add_fails_clearly_and_writes_nothing() {
    let home = tempfile::tempdir().expect("temp dir");
    let nowhere = Path::new("unix:path=/nonexistent");
    let env = [
        (DATA_HOME, home.path()),
        ("HOME", home.path()),
        ("DBUS_SESSION_BUS_ADDRESS", nowhere),
    ];
    let run = cli(
        &[
            "connection",
            "add",
            "--name",
            "Salesforce Production",
            "--profile",
            "vonage-ai-studio",
            "--domain",
            "acme.my.salesforce.com",
        ],
        &format!("{KEY}\n{SECRET}\n"),
        &env,
    );
    assert_ne!(run.code, 0, "{}", run.stdout);
    assert_eq!(
        run.code, 1,
        "a missing keychain is not bad input: {}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("error: No keychain is running in this session"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("GNOME Keyring or KWallet"),
        "the fix is named: {}",
        run.stderr
    );
    assert!(!run.stderr.contains(SECRET) && !run.stderr.contains(KEY));
    for (path, text) in files(home.path()) {
        assert!(
            !text.contains(SECRET) && !text.contains(KEY),
            "{path} holds a credential"
        );
    }
    assert!(
        !home
            .path()
            .join(IDENTIFIER)
            .join("connections.json")
            .exists(),
        "no connection is saved without its credentials"
    );
}

#[test]
fn bad_pastes_exit_2_with_their_sentence_before_any_keychain_call() {
    let home = tempfile::tempdir().expect("temp dir");
    let nowhere = Path::new("unix:path=/nonexistent");
    let env = [
        (DATA_HOME, home.path()),
        ("DBUS_SESSION_BUS_ADDRESS", nowhere),
    ];
    let args = [
        "connection",
        "add",
        "--name",
        "QA",
        "--profile",
        "vonage-ai-studio",
        "--domain",
        "acme.my.salesforce.com",
    ];
    let cases = [
        (format!("{SECRET}\n{KEY}\n"), "seem to be swapped"),
        (format!("{}\n{SECRET}\n", &KEY[..30]), "only 30 characters"),
        (format!("{KEY}\n{KEY}\n"), "same as the Consumer Key"),
        (String::new(), "Nothing was read from standard input"),
    ];
    for (stdin, expected) in cases {
        let run = cli(&args, &stdin, &env);
        assert_eq!(run.code, 2, "{expected}: {}", run.stderr);
        assert!(run.stderr.contains(expected), "{expected}: {}", run.stderr);
        assert!(!run.stderr.contains(SECRET), "{}", run.stderr);
    }
    let partial = format!("  {}\n{SECRET}\n", &KEY[..40]);
    let run = cli(&args, &partial, &env);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(files(home.path()).is_empty(), "nothing written");
}

#[test]
fn round_trip_add_list_remove_never_shows_a_secret() {
    if !keychain_reachable("round_trip_add_list_remove_never_shows_a_secret") {
        return;
    }
    let home = tempfile::tempdir().expect("temp dir");
    let data = home.path().join("data");
    let env = [(DATA_HOME, data.as_path()), ("HOME", home.path())];
    let store = SetupStore::new(data.join(IDENTIFIER).join("setups"));
    let mut setup = Setup::new(profile("vonage-ai-studio").expect("profile"), false);
    setup.inputs.domain = "https://Acme.my.salesforce.com/".into();
    store.save(&mut setup).expect("save setup");
    let name = unique_name("Leak Test");
    let mut printed = String::new();
    let mut record = |run: &Run| printed.push_str(&format!("{}\n{}\n", run.stdout, run.stderr));

    // A Windows line ending and a secret with a trailing space, as pasted from an e-mail.
    let stdin = format!("{}\r\n{SECRET} \n", KEY);
    let add = cli(
        &["connection", "add", "--name", &name, "--setup", &setup.id],
        &stdin,
        &env,
    );
    record(&add);
    assert_eq!(add.code, 0, "{}", add.stderr);
    assert!(
        add.stdout
            .contains(&format!("Saved the connection “{name}”")),
        "{}",
        add.stdout
    );
    assert!(add.stdout.contains("3MVG…9876"), "{}", add.stdout);
    assert!(
        add.stderr.contains("Consumer Secret"),
        "the trim is said: {}",
        add.stderr
    );

    let again = cli(
        &[
            "connection",
            "add",
            "--name",
            &name.to_uppercase(),
            "--setup",
            &setup.id,
        ],
        &format!("{KEY}\n{SECRET}\n"),
        &env,
    );
    record(&again);
    assert_eq!(again.code, 2, "{}", again.stderr);
    assert!(
        again.stderr.contains("already a saved connection"),
        "{}",
        again.stderr
    );

    let list = cli(&["connection", "list"], "", &env);
    record(&list);
    assert_eq!(list.code, 0, "{}", list.stderr);
    assert!(
        list.stdout.contains(&format!("{name}\n")),
        "{}",
        list.stdout
    );
    assert!(
        list.stdout
            .contains("Vonage AI Studio · acme.my.salesforce.com\n"),
        "{}",
        list.stdout
    );
    assert!(
        list.stdout.contains("Consumer Key: 3MVG…9876\n"),
        "{}",
        list.stdout
    );
    assert!(
        list.stdout.contains("Last verified: never\n"),
        "{}",
        list.stdout
    );
    assert!(
        !list.stdout.contains("Refresh token"),
        "no token is kept, so none is listed: {}",
        list.stdout
    );

    let json = cli(&["connection", "list", "--json"], "", &env);
    record(&json);
    assert_eq!(json.code, 0, "{}", json.stderr);
    let rows: Value = serde_json::from_str(&json.stdout).expect("JSON");
    let row = &rows[0];
    assert_eq!(row["name"], name.as_str());
    assert_eq!(row["integration"], "vonage-ai-studio");
    assert_eq!(row["org"], "acme.my.salesforce.com");
    assert_eq!(row["setup_id"], setup.id.as_str());
    assert_eq!(row["consumer_key"], "3MVG…9876");
    assert_eq!(row["last_verified"], Value::Null);
    assert_eq!(row.get("refresh_token_kept"), None, "no token is kept");

    for (path, text) in files(home.path()) {
        assert!(!text.contains(SECRET), "{path} holds the secret");
        assert!(!text.contains(KEY), "{path} holds the whole key");
    }

    let remove = cli(&["connection", "remove", &name.to_lowercase()], "", &env);
    record(&remove);
    assert_eq!(remove.code, 0, "{}", remove.stderr);
    let gone = cli(&["connection", "remove", &name], "", &env);
    record(&gone);
    assert_eq!(gone.code, 2, "{}", gone.stderr);
    assert!(
        gone.stderr.contains("no saved connection"),
        "{}",
        gone.stderr
    );
    let empty = cli(&["connection", "list", "--json"], "", &env);
    record(&empty);
    assert_eq!(empty.stdout.trim(), "[]");

    assert!(
        !printed.contains(SECRET),
        "the secret was printed:\n{printed}"
    );
    assert!(
        !printed.contains(KEY),
        "the whole key was printed:\n{printed}"
    );
    assert!(
        !printed.contains(&SECRET[..16]),
        "part of the secret was printed"
    );
    assert_eq!(
        left_in_keychain(std::slice::from_ref(&name)),
        Vec::<String>::new(),
        "the keychain still holds the connection's entries"
    );
}

#[test]
fn verify_with_a_saved_connection_keeps_its_result_and_prints_no_secret() {
    if !keychain_reachable("verify_with_a_saved_connection_keeps_its_result_and_prints_no_secret") {
        return;
    }
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let profile = profile("service-board-sync").expect("profile");
    let mut config = eca_practice::PracticeConfig::from_profile(
        profile,
        &eca_core::inputs::SetupInputs::suggested(profile),
    );
    config.set("consumer_key", KEY).expect("key");
    config.set("consumer_secret", SECRET).expect("secret");
    // The practice org serves on the runtime's threads while the CLI runs on this one.
    let org = runtime
        .block_on(eca_practice::start(config, None))
        .expect("practice org");
    let home = tempfile::tempdir().expect("temp dir");
    let data = home.path().join("data");
    let env = [(DATA_HOME, data.as_path()), ("HOME", home.path())];
    let name = unique_name("Practice SBS");
    let store = SetupStore::new(data.join(IDENTIFIER).join("setups"));
    let mut setup = Setup::new(profile, true);
    setup.inputs.domain = org.host();
    setup
        .inputs
        .values
        .insert("run_as".into(), eca_practice::DEFAULT_RUN_AS.into());
    store.save(&mut setup).expect("save setup");
    let add = ["connection", "add", "--name", &name, "--setup", &setup.id];
    let added = cli(&add, &format!("{KEY}\n{SECRET}\n"), &env);
    assert_eq!(added.code, 0, "{}", added.stderr);
    let tied = store.load(&setup.id).expect("setup");
    assert_eq!(tied.connection.as_deref(), Some(name.as_str()));

    // The setup's own inputs (its Run As user among them) are the ones verified with.
    let verified = cli(&["verify", "--connection", &name], "", &env);
    assert_eq!(verified.code, 0, "{}\n{}", verified.stdout, verified.stderr);
    assert!(
        verified
            .stdout
            .contains("Result: the External Client App works."),
        "{}",
        verified.stdout
    );

    let listed = cli(&["connection", "list", "--json"], "", &env);
    let rows: Value = serde_json::from_str(&listed.stdout).expect("JSON");
    let row = rows
        .as_array()
        .and_then(|all| all.iter().find(|c| c["name"] == name.as_str()))
        .expect("the connection is listed");
    assert!(row["last_verified"].is_string(), "{row}");

    // The setup's report, made by another run of the CLI, holds that verification and the
    // key masked.
    let out = home.path().join("report.md");
    let out_arg = out.display().to_string();
    let reported = cli(
        &[
            "report", "--setup", &setup.id, "--format", "md", "--out", &out_arg,
        ],
        "",
        &env,
    );
    assert_eq!(reported.code, 0, "{}", reported.stderr);
    let report = std::fs::read_to_string(&out).expect("report");
    assert!(report.contains("Result: **passed**"), "{report}");
    assert!(report.contains(&mask_key(KEY)), "{report}");
    assert!(
        !report.contains(SECRET) && !report.contains(KEY),
        "{report}"
    );

    for run in [&added, &verified, &listed, &reported] {
        for text in [&run.stdout, &run.stderr] {
            assert!(!text.contains(SECRET) && !text.contains(KEY), "{text}");
        }
    }
    for (path, text) in files(&data) {
        assert!(
            !text.contains(SECRET) && !text.contains(KEY),
            "{path} holds a credential"
        );
    }
    let removed = cli(&["connection", "remove", &name], "", &env);
    assert_eq!(removed.code, 0, "{}", removed.stderr);
    runtime.block_on(org.shutdown());
}
