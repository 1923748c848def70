//! An address on this computer gets the Consumer Secret over plain http only when the command
//! line says `--practice`. Here a plain TCP server that is no practice org listens on
//! 127.0.0.1: without the flag it receives nothing, not even a connection, and the command says
//! why; with it, the verification does reach it (so the server would have seen a request).

mod common;

use std::net::TcpListener;
use std::time::Duration;

use common::{cli_with_stdin, Run};

const CREDENTIALS: &str =
    "3MVG9someone.elses.key\nE1D2C3B4A5968778695A4B3C2D1E0F1A2B3C4D5E6F708192A3B4C5D6E7F80912\n";

fn verify(domain: &str, practice: bool, home: &std::path::Path) -> Run {
    let mut args = vec![
        "verify",
        "--profile",
        "service-board-sync",
        "--domain",
        domain,
        "--flow",
        "client-credentials",
        "--input",
        "run_as=integration@practice.example",
        "--propagation-wait",
        "0",
    ];
    if practice {
        args.push("--practice");
    }
    cli_with_stdin(
        &args,
        CREDENTIALS,
        &[(common::DATA_HOME, home), ("HOME", home)],
    )
}

/// Whether anyone connected to `server` so far.
fn connected(server: &TcpListener) -> bool {
    server.set_nonblocking(true).expect("nonblocking");
    server.accept().is_ok()
}

#[test]
fn a_local_address_without_practice_receives_nothing_and_the_command_says_why() {
    let home = tempfile::tempdir().expect("temp dir");
    let server = TcpListener::bind("127.0.0.1:0").expect("a plain server");
    let domain = server.local_addr().expect("address").to_string();
    let run = verify(&domain, false, home.path());
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("plain http") && run.stderr.contains("--practice"),
        "{}",
        run.stderr
    );
    assert!(
        !connected(&server),
        "the server was contacted without --practice"
    );
    // The witness: with --practice the same command reaches it.
    let serving = std::thread::spawn(move || {
        server.set_nonblocking(false).expect("blocking");
        let (stream, _) = server.accept().expect("a connection");
        // Closing at once fails the verification; only the connection counts here.
        std::thread::sleep(Duration::from_millis(100));
        drop(stream);
    });
    let run = verify(&domain, true, home.path());
    assert_ne!(run.code, 2, "{}", run.stderr);
    serving.join().expect("the server saw a connection");
}

#[test]
fn practice_with_a_real_orgs_domain_is_refused() {
    let home = tempfile::tempdir().expect("temp dir");
    let run = verify("acme.my.salesforce.com", true, home.path());
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("--practice is for the practice org"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_setup_for_a_local_address_needs_practice() {
    let home = tempfile::tempdir().expect("temp dir");
    let env = [(common::DATA_HOME, home.path()), ("HOME", home.path())];
    let args = [
        "setup",
        "new",
        "--profile",
        "webex",
        "--domain",
        "127.0.0.1:4000",
        "--json",
    ];
    let refused = cli_with_stdin(&args, "", &env);
    assert_eq!(refused.code, 2, "{}", refused.stderr);
    assert!(refused.stderr.contains("plain http"), "{}", refused.stderr);
    let mut with_flag = args.to_vec();
    with_flag.push("--practice");
    let saved = cli_with_stdin(&with_flag, "", &env);
    assert_eq!(saved.code, 0, "{}", saved.stderr);
    let outline: serde_json::Value = serde_json::from_str(&saved.stdout).expect("json");
    assert_eq!(outline["practice"], true, "{outline}");
}
