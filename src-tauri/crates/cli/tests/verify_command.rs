//! `eca-setup-cli verify` against a practice org started in this test: the key and secret go in
//! on stdin, the checks come out on stdout, and the exit code says whether any failed.

use std::io::Write;
use std::process::{Command, Stdio};

use eca_practice::{PracticeConfig, PracticeOrg};
use eca_test_support::{profile, sample_input_args, sample_inputs};

const PROFILE: &str = "service-board-sync";
/// The Run As user of the sample inputs (the input's example).
const RUN_AS: &str = "integration@acme.com";

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

async fn practice(settings: &[(&str, &str)]) -> PracticeOrg {
    let profile = profile(PROFILE);
    let mut config = PracticeConfig::from_profile(profile, &sample_inputs(profile));
    for (key, value) in settings {
        config.set(key, value).expect("a practice setting");
    }
    eca_practice::start(config, None).await.expect("starts")
}

/// Runs the CLI off the async runtime, so the practice org keeps serving meanwhile.
async fn verify(org: &PracticeOrg, extra: &[&str]) -> Run {
    let stdin = format!(
        "{}\n{}\n",
        org.consumer_key(),
        org.consumer_secret().expose()
    );
    let mut args: Vec<String> = [
        "verify",
        "--practice",
        "--profile",
        PROFILE,
        "--domain",
        &org.host(),
        "--flow",
        "client-credentials",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    args.extend(sample_input_args(profile(PROFILE)));
    args.extend(extra.iter().map(|s| s.to_string()));
    tokio::task::spawn_blocking(move || {
        let mut child = Command::new(env!("CARGO_BIN_EXE_eca-setup-cli"))
            .args(&args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the CLI starts");
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(stdin.as_bytes())
            .expect("stdin takes the key and secret");
        let output = child.wait_with_output().expect("the CLI ends");
        Run {
            code: output.status.code().expect("an exit code"),
            stdout: String::from_utf8(output.stdout).expect("utf-8"),
            stderr: String::from_utf8(output.stderr).expect("utf-8"),
        }
    })
    .await
    .expect("the CLI ran")
}

#[tokio::test(flavor = "multi_thread")]
async fn verify_passes_against_a_well_configured_practice_org() {
    let org = practice(&[]).await;
    let run = verify(&org, &[]).await;
    assert_eq!(
        run.code, 0,
        "stdout:\n{}\nstderr:\n{}",
        run.stdout, run.stderr
    );
    assert!(
        run.stdout
            .contains("PASS  Salesforce issues an access token"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(&format!("The token acts as {RUN_AS}")),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("FAIL"));
    let secret = org.consumer_secret().expose();
    assert!(!run.stdout.contains(secret) && !run.stderr.contains(secret));
    // Access tokens look like `00D…!AQ…`, refresh tokens like `5Aep861…`.
    for printed in [&run.stdout, &run.stderr] {
        assert!(
            !printed.contains("!AQ") && !printed.contains("5Aep861"),
            "{printed}"
        );
    }
    org.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn verify_revokes_its_tokens_unless_told_to_keep_them() {
    let org = practice(&[]).await;
    let revoked = verify(&org, &[]).await;
    assert_eq!(revoked.code, 0, "{}", revoked.stderr);
    assert!(
        revoked.stdout.contains(
            "PASS  The test tokens are revoked: Revoked: the access token no longer works, and this app kept none of it.\n"
        ),
        "{}",
        revoked.stdout
    );
    assert_eq!(org.live_tokens(), (0, 0), "no usable token left behind");

    // `--revoke`, from before revoking was the default, still works.
    let asked = verify(&org, &["--revoke"]).await;
    assert_eq!(asked.code, 0, "{}", asked.stderr);
    assert_eq!(org.live_tokens(), (0, 0));

    let kept = verify(&org, &["--keep-tokens"]).await;
    assert_eq!(kept.code, 0, "{}", kept.stderr);
    assert!(
        kept.stdout.contains(
            "SKIP  The test tokens are revoked: Kept, as asked: the test tokens stay valid in Salesforce until they expire or you revoke them (Setup → External Client Apps → OAuth Usage); this app kept no copy of them.\n"
        ),
        "{}",
        kept.stdout
    );
    assert_eq!(
        org.live_tokens(),
        (1, 0),
        "the access token stays in Salesforce"
    );

    let both = verify(&org, &["--revoke", "--keep-tokens"]).await;
    assert_eq!(both.code, 2, "{}", both.stderr);
    org.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn verify_without_a_run_as_user_fails_on_the_policies_step() {
    let org = practice(&[("run_as", "")]).await;
    let run = verify(&org, &[]).await;
    assert_eq!(
        run.code, 1,
        "stdout:\n{}\nstderr:\n{}",
        run.stdout, run.stderr
    );
    assert!(
        run.stdout.contains("no client credentials user enabled"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("Step: Policies (policies)"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("Code: NoClientCredentialsUser"),
        "{}",
        run.stdout
    );
    org.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn verify_json_is_machine_readable_and_holds_no_secret() {
    let org = practice(&[("run_as", "")]).await;
    let run = verify(&org, &["--json"]).await;
    assert_eq!(run.code, 1);
    let value: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON on stdout");
    assert_eq!(value["passed"], false);
    let token = value["checks"]
        .as_array()
        .expect("checks")
        .iter()
        .find(|c| c["id"] == "token")
        .expect("the token check");
    assert_eq!(token["diagnosis"]["code"], "NoClientCredentialsUser");
    assert_eq!(token["diagnosis"]["step"], "policies");
    let secret = org.consumer_secret().expose();
    assert!(!run.stdout.contains(secret) && !run.stderr.contains(secret));
    org.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn verify_without_credentials_on_stdin_says_how_to_give_them() {
    let org = practice(&[]).await;
    let host = org.host();
    let run = tokio::task::spawn_blocking(move || {
        let output = Command::new(env!("CARGO_BIN_EXE_eca-setup-cli"))
            .args([
                "verify",
                "--practice",
                "--profile",
                "service-board-sync",
                "--domain",
                &host,
            ])
            .stdin(Stdio::null())
            .output()
            .expect("runs");
        (
            output.status.code(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    })
    .await
    .expect("ran");
    assert_eq!(run.0, Some(2));
    assert!(run.1.contains("Consumer Key is missing"), "{}", run.1);
    org.shutdown().await;
}
