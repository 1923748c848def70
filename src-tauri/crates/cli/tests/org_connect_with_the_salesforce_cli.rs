//! `org connect --use-sf-cli` as a script runs it, against a practice org started with
//! `practice-org`: the stand-in `sf` of the org crate's tests (first on the PATH of the CLI's
//! process only) is authorized to it with a client-credentials token the practice app issued.
//! Connected as that user; a later run (`org inventory`) asks the CLI again; the token in no
//! output and no file; `org disconnect` leaves it
//! working (the practice org still honours it); a domain the CLI has no login to is refused.
// The stand-in and the browser are shell scripts; the token comes from `curl`.
#![cfg(unix)]

mod common;

use std::ffi::OsString;
use std::path::Path;
use std::process::Command;

use common::{cli_with_stdin, field, practice_org_with, Run, DATA_HOME};
use serde_json::{json, Value};

fn curl(args: &[&str]) -> Value {
    let output = Command::new("curl")
        .arg("-s")
        .args(args)
        .output()
        .expect("curl runs");
    serde_json::from_slice(&output.stdout).expect("JSON from the practice org")
}

#[test]
fn org_connect_uses_the_cli_login_and_disconnect_leaves_it_working() {
    let (mut org, printed) = practice_org_with(&[
        "--profile",
        "vonage-ai-studio",
        "--option",
        "sandbox_client_credentials",
    ]);
    let domain = field(&printed, "Domain:");
    let run_as = field(&printed, "Run As:");
    let base = format!("http://{domain}");
    // A token the practice app issues to its Run As user (the client credentials flow).
    let issued = curl(&[
        "-d",
        "grant_type=client_credentials",
        "-d",
        &format!("client_id={}", field(&printed, "Consumer Key:")),
        "-d",
        &format!("client_secret={}", field(&printed, "Consumer Secret:")),
        &format!("{base}/services/oauth2/token"),
    ]);
    let token = issued["access_token"]
        .as_str()
        .unwrap_or_else(|| panic!("a token: {issued}"))
        .to_owned();

    let home = tempfile::tempdir().expect("a home");
    let bin = home.path().join("bin");
    std::fs::create_dir(&bin).expect("bin");
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("../org/tests/fixtures/sf-cli/sf");
    std::fs::copy(&fixture, bin.join("sf")).expect("copied");
    let entry = json!({ "orgId": "00D000000000001AAA", "instanceUrl": base,
        "username": run_as, "connectedStatus": "Connected" });
    let list = json!({ "status": 0, "result": { "nonScratchOrgs": [entry], "regularOrgs": [entry],
        "sandboxes": [], "devHubs": [], "scratchOrgs": [] } });
    let display = json!({ "status": 0, "result": { "id": "00D000000000001AAA",
        "instanceUrl": base, "username": run_as,
        "accessToken": "Access token is redacted. Use sf org auth show-access-token to see it." } });
    let shown = json!({ "status": 0, "result": { "accessToken": token } });
    for (name, text) in [
        ("org-list.json", list.to_string()),
        ("org-display.json", display.to_string()),
        ("show-access-token.json", shown.to_string()),
        ("username", run_as.clone()),
    ] {
        std::fs::write(bin.join(name), text).expect("written");
    }
    let mut dirs = vec![bin.clone()];
    dirs.extend(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    ));
    let path: OsString = std::env::join_paths(dirs).expect("a PATH");
    let data = home.path().join("data");
    let env = [
        (DATA_HOME, data.as_path()),
        ("HOME", home.path()),
        ("PATH", Path::new(&path)),
    ];
    let run = |args: &[&str]| -> Run { cli_with_stdin(args, "", &env) };

    let mut runs = Vec::new();
    let elsewhere = run(&[
        "org",
        "connect",
        "--domain",
        "acme.my.salesforce.com",
        "--use-sf-cli",
    ]);
    assert_ne!(
        elsewhere.code, 0,
        "no CLI login to that org: {}",
        elsewhere.stdout
    );
    assert!(
        elsewhere.stderr.contains("not authorized"),
        "{}",
        elsewhere.stderr
    );
    runs.push(elsewhere);

    let connected = run(&[
        "org",
        "connect",
        "--practice",
        "--domain",
        &domain,
        "--use-sf-cli",
    ]);
    assert_eq!(connected.code, 0, "{}", connected.stderr);
    assert!(
        connected
            .stdout
            .contains(&format!("as {run_as}, using the Salesforce CLI's login")),
        "{}",
        connected.stdout
    );
    runs.push(connected);

    // A later run keeps no token: it asks the CLI again.
    let listed = run(&["org", "inventory", "--json"]);
    assert_eq!(listed.code, 0, "{}", listed.stderr);
    runs.push(listed);

    let disconnected = run(&["org", "disconnect"]);
    assert_eq!(disconnected.code, 0, "{}", disconnected.stderr);
    assert!(
        disconnected.stdout.contains("not revoked"),
        "{}",
        disconnected.stdout
    );
    runs.push(disconnected);

    for run in &runs {
        assert!(
            !run.stdout.contains(&token) && !run.stderr.contains(&token),
            "the token in the output:\n{}\n{}",
            run.stdout,
            run.stderr
        );
    }
    for (path, text) in common_files(&data) {
        assert!(!text.contains(&token), "the token in {path}");
    }
    let calls = std::fs::read_to_string(bin.join("calls.log")).expect("calls");
    assert!(!calls.contains("--verbose"), "{calls}");

    // Not revoked: the practice org still honours the CLI's token.
    let versions = curl(&[&format!("{base}/services/data")]);
    let version = versions
        .as_array()
        .and_then(|list| list.last())
        .and_then(|v| v["version"].as_str())
        .expect("a version")
        .to_owned();
    let rows = curl(&[
        "-H",
        &format!("Authorization: Bearer {token}"),
        &format!("{base}/services/data/v{version}/query?q=SELECT+Id+FROM+User"),
    ]);
    assert!(
        rows["totalSize"].as_u64().unwrap_or(0) > 0,
        "the token still works after disconnect: {rows}"
    );
    let _ = org.kill();
    let _ = org.wait();
}

/// Every file under `dir` as (path, text).
fn common_files(dir: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(common_files(&path));
        } else if let Ok(bytes) = std::fs::read(&path) {
            out.push((
                path.display().to_string(),
                String::from_utf8_lossy(&bytes).into_owned(),
            ));
        }
    }
    out
}
