//! A script goes from nothing to a verified connection, a report and a metadata export without
//! the window: `practice-org` plays the org, then `setup new` → `setup done` → `connection add`
//! → `verify` → `report` → `metadata`, each a separate run of the real binary sharing one
//! throwaway home and the real keychain (under `scripts/with-keychain.sh`).

mod common;

use std::time::{SystemTime, UNIX_EPOCH};

use common::{cli_with_stdin as cli, field, keychain_reachable, practice_org_with, DATA_HOME};
use serde_json::Value;

#[test]
fn a_script_goes_from_nothing_to_a_verified_report_and_an_export() {
    if !keychain_reachable("a_script_goes_from_nothing_to_a_verified_report_and_an_export") {
        return;
    }
    // The practice org holds the same partner callback as the setup, as the admin's org would.
    let (mut org, printed) = practice_org_with(&[
        "--profile",
        "service-board-sync",
        "--input",
        "tenant_domain=acme.serviceboardsync.com",
    ]);
    let (domain, key, secret) = (
        field(&printed, "Domain:"),
        field(&printed, "Consumer Key:"),
        field(&printed, "Consumer Secret:"),
    );
    let home = tempfile::tempdir().expect("temp dir");
    let data = home.path().join("data");
    let env = [(DATA_HOME, data.as_path()), ("HOME", home.path())];
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock")
        .as_nanos();
    let name = format!("Script SBS {}-{nanos}", std::process::id());

    let created = cli(
        &[
            "setup",
            "new",
            "--practice",
            "--profile",
            "service-board-sync",
            "--domain",
            &domain,
            "--input",
            "tenant_domain=acme.serviceboardsync.com",
            "--input",
            "run_as=integration@practice.example",
            "--email",
            "admin@acme.com",
            "--json",
        ],
        "",
        &env,
    );
    assert_eq!(created.code, 0, "{}", created.stderr);
    let outline: Value = serde_json::from_str(&created.stdout).expect("setup new --json");
    let id = outline["id"].as_str().expect("an id").to_owned();
    assert_eq!(outline["profile"], "service-board-sync");
    assert_eq!(outline["org"], domain.as_str());
    assert_eq!(outline["inputs"]["run_as"], "integration@practice.example");
    assert_eq!(outline["issues"], Value::Array(Vec::new()), "{outline}");
    let steps = outline["steps"].as_array().expect("steps");
    assert!(steps.iter().all(|step| step["done_at"].is_null()));

    for step in steps {
        let step = step["id"].as_str().expect("a step id");
        let done = cli(&["setup", "done", &id, step], "", &env);
        assert_eq!(done.code, 0, "{step}: {}", done.stderr);
    }
    let shown = cli(&["setup", "show", &id, "--json"], "", &env);
    let shown: Value = serde_json::from_str(&shown.stdout).expect("setup show --json");
    assert!(shown["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .all(|step| step["done_at"].is_string()));
    let unknown = cli(&["setup", "done", &id, "no-such-step"], "", &env);
    assert_eq!(
        unknown.code, 2,
        "an unknown step is bad input: {}",
        unknown.stderr
    );

    let added = cli(
        &["connection", "add", "--name", &name, "--setup", &id],
        &format!("{key}\n{secret}\n"),
        &env,
    );
    assert_eq!(added.code, 0, "{}", added.stderr);

    let verified = cli(&["verify", "--connection", &name, "--json"], "", &env);
    assert_eq!(verified.code, 0, "{}\n{}", verified.stdout, verified.stderr);
    let verification: Value = serde_json::from_str(&verified.stdout).expect("verify --json");
    assert_eq!(verification["passed"], true);
    assert_eq!(verification["flow"], "client_credentials");
    assert_eq!(verification["username"], "integration@practice.example");

    // Verified is not done: the partner does not have the values until the script says so.
    let shown = cli(&["setup", "show", &id, "--json"], "", &env);
    let shown: Value = serde_json::from_str(&shown.stdout).expect("setup show --json");
    assert_eq!(shown["progress"]["summary"], "3 of 4 parts done", "{shown}");
    assert_eq!(shown["progress"]["complete"], false);
    let partner = cli(&["setup", "done", &id, "partner"], "", &env);
    assert_eq!(partner.code, 0, "{}", partner.stderr);
    assert_eq!(
        partner.stdout,
        "Marked the partner's form filled in (the setup: Done).\n"
    );
    let shown = cli(&["setup", "show", &id], "", &env);
    assert!(
        shown.stdout.contains("    Progress: Done\n"),
        "{}",
        shown.stdout
    );

    let report = home.path().join("report.md");
    let report_arg = report.display().to_string();
    let reported = cli(
        &[
            "report",
            "--setup",
            &id,
            "--format",
            "md",
            "--out",
            &report_arg,
        ],
        "",
        &env,
    );
    assert_eq!(reported.code, 0, "{}", reported.stderr);
    let text = std::fs::read_to_string(&report).expect("the report");
    assert!(text.contains("Result: **passed**"), "{text}");
    assert!(text.contains("- **Overall:** Done"), "{text}");

    let export = home.path().join("eca-metadata");
    let export_arg = export.display().to_string();
    let exported = cli(
        &["metadata", "--setup", &id, "--out", &export_arg],
        "",
        &env,
    );
    assert_eq!(exported.code, 0, "{}", exported.stderr);
    let oauth = std::fs::read_to_string(
        export.join("force-app/main/default/extlClntAppGlobalOauthSets/Service_Board_Sync.ecaGlblOauth-meta.xml"),
    )
    .expect("the global OAuth settings");
    assert!(
        oauth.contains("https://acme.serviceboardsync.com/oauth"),
        "{oauth}"
    );
    assert!(!oauth.contains("consumerSecret"), "{oauth}");

    let removed = cli(&["connection", "remove", &name], "", &env);
    assert_eq!(removed.code, 0, "{}", removed.stderr);
    let deleted = cli(&["setup", "delete", &id], "", &env);
    assert_eq!(deleted.code, 0, "{}", deleted.stderr);
    assert_eq!(cli(&["setup", "show", &id], "", &env).code, 2);

    for run in [&created, &added, &verified, &reported, &exported] {
        for text in [&run.stdout, &run.stderr] {
            assert!(!text.contains(&secret), "a secret in the output: {text}");
        }
    }
    // This test started the org, so it ends it by its own handle.
    org.kill().expect("stop the practice org");
    org.wait().expect("reaped");
}
