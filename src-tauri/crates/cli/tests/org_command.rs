//! `org connect | check | inventory | disconnect` as a script runs them, against a practice org
//! started with `practice-org`: the assistant signs in through its own app there (the org's
//! "Assistant Key"; the browser is a `curl` the opener hook runs, and the org approves at once),
//! the check of a Vonage app with the three rehearsed mistakes names exactly those three and
//! exits 1, a correct app exits 0, the inventory lists the rehearsal's connected app with its
//! username-password sign-ins, and after `org disconnect` a check says it is not connected. The
//! access token, read from the keychain while connected, is in no output and no file.
// The opener is a shell script.
#![cfg(unix)]

mod common;

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{SystemTime, UNIX_EPOCH};

use common::{cli_with_stdin, field, keychain_reachable, practice_org_with, Run, DATA_HOME};
use serde_json::Value;

/// `org connect` listens on the loopback's one port (1717, the callback URL of the assistant's
/// app), so this file's tests sign in one at a time.
static LOOPBACK: Mutex<()> = Mutex::new(());

fn one_at_a_time() -> MutexGuard<'static, ()> {
    LOOPBACK.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The keychain entry the assistant keeps its token under (`eca-session`'s `org.rs`).
const ENTRY: &str = "ECA Setup Assistant (org)";

/// One throwaway home: its data folder, and the opener that plays the browser.
struct Home {
    dir: tempfile::TempDir,
    data: PathBuf,
    opener: PathBuf,
}

impl Home {
    fn new() -> Home {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("temp dir");
        let data = dir.path().join("data");
        let opener = dir.path().join("browser.sh");
        // The admin's browser: opens the sign-in page, which the practice org (auto_approve)
        // answers with the redirect to the CLI's loopback, and follows it.
        std::fs::write(&opener, "#!/bin/sh\nexec curl -s -L -o /dev/null \"$1\"\n")
            .expect("opener written");
        std::fs::set_permissions(&opener, std::fs::Permissions::from_mode(0o755))
            .expect("opener executable");
        Home { dir, data, opener }
    }

    fn cli(&self, args: &[&str], stdin: &str) -> Run {
        let env = [
            (DATA_HOME, self.data.as_path()),
            ("HOME", self.dir.path()),
            ("ECA_SETUP_OPENER", self.opener.as_path()),
        ];
        cli_with_stdin(args, stdin, &env)
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
}

/// A practice Vonage org with its client credentials option (so the app has a Run As user)
/// and `set`; returns it with what it printed.
fn vonage_org(set: &[&str]) -> (std::process::Child, String) {
    let mut args = vec![
        "--profile",
        "vonage-ai-studio",
        "--option",
        "sandbox_client_credentials",
        "--set",
        "auto_approve=true",
    ];
    for setting in set {
        args.extend(["--set", setting]);
    }
    practice_org_with(&args)
}

/// A setup of that org's app with its partner key and secret saved, as an admin would have it
/// after the checklist; returns the setup's id.
fn setup_of(home: &Home, printed: &str, runs: &mut Vec<Run>) -> String {
    let domain = field(printed, "Domain:");
    let run_as = format!("run_as={}", field(printed, "Run As:"));
    let created = home.cli(
        &[
            "setup",
            "new",
            "--practice",
            "--profile",
            "vonage-ai-studio",
            "--domain",
            &domain,
            "--option",
            "sandbox_client_credentials",
            "--input",
            &run_as,
            // The practice app's contact email, so it is not a fourth difference.
            "--email",
            "admin@practice.example",
            "--json",
        ],
        "",
    );
    assert_eq!(created.code, 0, "{}", created.stderr);
    let id = serde_json::from_str::<Value>(&created.stdout).expect("setup new --json")["id"]
        .as_str()
        .expect("an id")
        .to_owned();
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock")
        .as_nanos();
    let name = format!("Org check {}-{nanos}", std::process::id());
    // The saved key lets the check replay Vonage's request for what the org will not show.
    let added = home.cli(
        &["connection", "add", "--name", &name, "--setup", &id],
        &format!(
            "{}\n{}\n",
            field(printed, "Consumer Key:"),
            field(printed, "Consumer Secret:")
        ),
    );
    assert_eq!(added.code, 0, "{}", added.stderr);
    runs.extend([created, added]);
    id
}

fn connect(home: &Home, printed: &str) -> Run {
    let connected = home.cli(
        &[
            "org",
            "connect",
            "--practice",
            "--domain",
            &field(printed, "Domain:"),
        ],
        &format!("{}\n", field(printed, "Assistant Key:")),
    );
    assert_eq!(connected.code, 0, "{}", connected.stderr);
    assert!(
        connected.stdout.contains("scopes: api)"),
        "only what reading needs: {}",
        connected.stdout
    );
    connected
}

/// The assistant's token as the keychain holds it while connected.
fn token_in_keychain() -> String {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let values = runtime
        .block_on(eca_vault::Keychain::for_this_build().get_all(
            true,
            ENTRY,
            vec![eca_vault::EntryKind::OrgToken],
        ))
        .expect("the keychain answers");
    let token = values
        .into_iter()
        .flatten()
        .next()
        .expect("the token is in the keychain while connected");
    token.expose().to_owned()
}

/// Every file under `dir`, with its bytes.
fn files(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read dir").flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(files(&path));
        } else if let Ok(bytes) = std::fs::read(&path) {
            out.push((path, bytes));
        }
    }
    out
}

fn assert_nowhere(token: &str, runs: &[Run], home: &Home) {
    assert!(token.len() > 20, "a real token: {token}");
    for run in runs {
        assert!(
            !run.stdout.contains(token) && !run.stderr.contains(token),
            "the token in the output:\n{}\n{}",
            run.stdout,
            run.stderr
        );
    }
    for (path, bytes) in files(home.dir.path()) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains(token), "the token in {}", path.display());
    }
}

#[test]
fn org_commands_check_three_mistakes_list_the_connected_app_and_disconnect() {
    if !keychain_reachable(
        "org_commands_check_three_mistakes_list_the_connected_app_and_disconnect",
    ) {
        return;
    }
    let _port = one_at_a_time();
    let (mut org, printed) = vonage_org(&[
        "require_pkce=true",
        "refresh_token_policy=SpecificLifetime",
        "run_as_api=false",
        "connected_app=true",
        "connected_app_password_flow=true",
    ]);
    let home = Home::new();
    let mut runs = Vec::new();
    let id = setup_of(&home, &printed, &mut runs);

    runs.push(connect(&home, &printed));
    let token = token_in_keychain();

    let checked = home.cli(&["org", "check", &id, "--json"], "");
    assert_eq!(
        checked.code, 1,
        "differences exit 1, as a failed verification does: {}",
        checked.stderr
    );
    assert!(
        checked.stderr.contains("3 difference(s)"),
        "{}",
        checked.stderr
    );
    let check: Value = serde_json::from_str(&checked.stdout).expect("org check --json");
    assert_eq!(check["passed"], false);
    let differences: Vec<&Value> = check["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|finding| finding["matches"] == false)
        .collect();
    let fields: Vec<&str> = differences
        .iter()
        .map(|d| d["field"].as_str().expect("a field"))
        .collect();
    assert_eq!(
        differences.len(),
        3,
        "exactly the three mistakes: {fields:?}"
    );
    for field in [
        eca_core::eca::Setting::RequirePkce.label(),
        eca_core::eca::Setting::RefreshTokenPolicy.label(),
        "API Enabled",
    ] {
        assert!(fields.contains(&field), "{field} in {fields:?}");
    }
    for difference in &differences {
        for key in ["screen", "found", "needed", "fix"] {
            assert!(
                !difference[key].as_str().unwrap_or_default().is_empty(),
                "{key} in {difference}"
            );
        }
    }
    // The text form names the same three.
    let text = home.cli(&["org", "check", &id], "");
    assert_eq!(text.code, 1);
    assert_eq!(text.stdout.matches('✗').count(), 3, "{}", text.stdout);

    // The check is in the setup's report.
    let report = home.path("report.md");
    let reported = home.cli(
        &[
            "report",
            "--setup",
            &id,
            "--format",
            "md",
            "--out",
            &report.display().to_string(),
        ],
        "",
    );
    assert_eq!(reported.code, 0, "{}", reported.stderr);
    let markdown = std::fs::read_to_string(&report).expect("the report");
    assert!(markdown.contains("## Checked in Salesforce"), "{markdown}");
    assert!(markdown.contains("3 differences"), "{markdown}");
    assert!(markdown.contains("Refresh Token Policy"), "{markdown}");

    let csv = home.path("inventory.csv");
    let listed = home.cli(
        &[
            "org",
            "inventory",
            "--csv",
            &csv.display().to_string(),
            "--json",
        ],
        "",
    );
    assert_eq!(listed.code, 0, "{}", listed.stderr);
    let list: Value = serde_json::from_str(&listed.stdout).expect("org inventory --json");
    let app = list["apps"]
        .as_array()
        .expect("apps")
        .iter()
        .find(|app| app["username_password_sign_ins"].as_u64().unwrap_or(0) > 0)
        .unwrap_or_else(|| panic!("the rehearsal's connected app: {list:#}"));
    let name = app["name"].as_str().expect("a name");
    assert!(
        app["username_password_sign_ins"].as_u64() >= Some(2),
        "{app}"
    );
    assert_eq!(app["route"], "client-credentials", "{app}");
    let csv = std::fs::read_to_string(&csv).expect("the CSV");
    assert!(csv.starts_with("App,"), "{csv}");
    assert!(csv.contains(name), "{csv}");
    assert!(csv.contains("Username-Password"), "{csv}");
    assert!(
        csv.lines()
            .next()
            .unwrap_or("")
            .contains(",Likely partner,Partner matched by,"),
        "{csv}"
    );
    assert!(
        csv.contains(",External Client App,"),
        "every External Client App is listed, used or not: {csv}"
    );

    let disconnected = home.cli(&["org", "disconnect"], "");
    assert_eq!(disconnected.code, 0, "{}", disconnected.stderr);
    let after = home.cli(&["org", "check", &id], "");
    assert_eq!(after.code, 1, "{}", after.stderr);
    assert!(after.stderr.contains("not connected"), "{}", after.stderr);
    assert!(after.stdout.is_empty(), "{}", after.stdout);

    runs.extend([checked, text, reported, listed, disconnected, after]);
    assert_nowhere(&token, &runs, &home);
    // This test started the org, so it ends it by its own handle.
    org.kill().expect("stop the practice org");
    org.wait().expect("reaped");
}

#[test]
fn org_check_of_a_correct_app_exits_0() {
    if !keychain_reachable("org_check_of_a_correct_app_exits_0") {
        return;
    }
    let _port = one_at_a_time();
    let (mut org, printed) = vonage_org(&[]);
    let home = Home::new();
    let mut runs = Vec::new();
    let id = setup_of(&home, &printed, &mut runs);
    runs.push(connect(&home, &printed));
    let token = token_in_keychain();

    let checked = home.cli(&["org", "check", &id], "");
    assert_eq!(checked.code, 0, "{}\n{}", checked.stdout, checked.stderr);
    assert!(
        checked.stdout.contains("no difference"),
        "{}",
        checked.stdout
    );
    assert!(!checked.stdout.contains('✗'), "{}", checked.stdout);

    let disconnected = home.cli(&["org", "disconnect"], "");
    assert_eq!(disconnected.code, 0, "{}", disconnected.stderr);
    runs.extend([checked, disconnected]);
    assert_nowhere(&token, &runs, &home);
    org.kill().expect("stop the practice org");
    org.wait().expect("reaped");
}
