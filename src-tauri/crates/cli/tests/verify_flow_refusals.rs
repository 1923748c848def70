//! `eca-setup-cli verify --flow` with a flow the setup's app cannot be verified with: the
//! username-password flow (External Client Apps do not support it), or a flow the profile's
//! app does not enable. Either is refused at once with exit code 2, saying why and which flow to
//! use, before standard input is touched: a script never types credentials in vain.

mod common;

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{practice_org_with, Run};

/// Runs `verify` with standard input open and empty. A CLI that reads it would wait forever,
/// so waiting longer than `limit` means it read stdin; the test then stops the child it started.
fn verify_with_stdin_left_open(args: &[&str], limit: Duration) -> Run {
    let mut child: Child = Command::new(env!("CARGO_BIN_EXE_eca-setup-cli"))
        .arg("verify")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the CLI starts");
    let stdin = child.stdin.take();
    let started = Instant::now();
    while child.try_wait().expect("the child can be polled").is_none() {
        if started.elapsed() > limit {
            child.kill().expect("stop the CLI this test started");
            child.wait().expect("reaped");
            panic!("the CLI waited on standard input instead of refusing the flow");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    drop(stdin);
    let output = child.wait_with_output().expect("the CLI ends");
    Run {
        code: output.status.code().expect("an exit code"),
        stdout: String::from_utf8(output.stdout).expect("utf-8"),
        stderr: String::from_utf8(output.stderr).expect("utf-8"),
    }
}

const LIMIT: Duration = Duration::from_secs(30);

#[test]
fn the_password_flow_is_refused_with_why_and_the_flow_to_use_before_stdin_is_read() {
    let run = verify_with_stdin_left_open(
        &[
            "--profile",
            "vonage-ai-studio",
            "--domain",
            "acme--qa.sandbox.my.salesforce.com",
            "--flow",
            "password",
        ],
        LIMIT,
    );
    assert_eq!(run.code, 2, "stderr:\n{}", run.stderr);
    assert!(
        run.stderr.starts_with(
            "error: External Client Apps do not support the username-password flow, and Salesforce retires it for connected apps on 20 February 2027: use --flow web-server instead (the web server (browser sign-in) flow).\n"
        ),
        "{}",
        run.stderr
    );
    assert!(run.stdout.is_empty(), "{}", run.stdout);
}

#[test]
fn the_password_flow_points_to_client_credentials_where_that_is_the_setups_flow() {
    let run = verify_with_stdin_left_open(
        &[
            "--profile",
            "vonage-ai-studio",
            "--domain",
            "acme--qa.sandbox.my.salesforce.com",
            "--option",
            "sandbox_client_credentials",
            "--input",
            "run_as=integration@acme.com.qa",
            "--flow",
            "password",
        ],
        LIMIT,
    );
    assert_eq!(run.code, 2, "stderr:\n{}", run.stderr);
    assert!(
        run.stderr
            .contains("20 February 2027: use --flow client-credentials instead"),
        "{}",
        run.stderr
    );
}

#[test]
fn client_credentials_on_an_app_without_it_names_the_flow_and_the_option_that_adds_it() {
    let run = verify_with_stdin_left_open(
        &[
            "--profile",
            "vonage-ai-studio",
            "--domain",
            "acme--qa.sandbox.my.salesforce.com",
            "--flow",
            "client-credentials",
        ],
        LIMIT,
    );
    assert_eq!(run.code, 2, "stderr:\n{}", run.stderr);
    assert!(
        run.stderr.starts_with(
            "error: Vonage AI Studio's External Client App cannot be verified with the client credentials flow: use --flow web-server instead (the web server (browser sign-in) flow).\n"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("--option sandbox_client_credentials"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_unknown_option_lists_the_profiles_options() {
    let run = verify_with_stdin_left_open(
        &[
            "--profile",
            "vonage-ai-studio",
            "--domain",
            "acme.my.salesforce.com",
            "--option",
            "sandbox_jwt",
        ],
        LIMIT,
    );
    assert_eq!(run.code, 2, "stderr:\n{}", run.stderr);
    assert!(
        run.stderr
            .contains("Vonage AI Studio has no option called “sandbox_jwt”."),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("Its options are: sandbox_client_credentials."),
        "{}",
        run.stderr
    );
}

#[test]
fn the_practice_org_plays_the_option_and_prints_the_verify_command_with_it() {
    let (mut child, printed) = practice_org_with(&[
        "--profile",
        "vonage-ai-studio",
        "--option",
        "sandbox_client_credentials",
        "--input",
        "run_as=integration@acme.com.qa",
    ]);
    // This test started the child, so it ends it by its own handle.
    child.kill().expect("stop the practice org");
    child.wait().expect("reaped");
    assert!(
        printed.contains("Run As:          integration@acme.com.qa"),
        "{printed}"
    );
    assert!(
        printed.contains("--flow client-credentials --option sandbox_client_credentials"),
        "{printed}"
    );
}
