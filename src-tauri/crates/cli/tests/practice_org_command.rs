//! `eca-setup-cli practice-org`: starts a practice org, prints its address and credentials at
//! once, and serves them; a wrong `--set` is refused before anything starts.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};

use common::cli;

#[test]
fn practice_org_prints_its_details_and_serves_until_stopped() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_eca-setup-cli"))
        .args([
            "practice-org",
            "--profile",
            "service-board-sync",
            "--input",
            "run_as=integration@acme.com",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the CLI starts");
    let mut printed = String::new();
    let mut lines = BufReader::new(child.stdout.take().expect("stdout"));
    while !printed.contains("Press Ctrl+C") {
        let mut line = String::new();
        if lines.read_line(&mut line).expect("read") == 0 {
            break;
        }
        printed.push_str(&line);
    }
    let field = |name: &str| -> String {
        printed
            .lines()
            .find_map(|line| line.strip_prefix(name))
            .map(|rest| rest.trim().to_owned())
            .unwrap_or_else(|| panic!("{name} in:\n{printed}"))
    };
    let domain = field("Domain:");
    assert!(domain.starts_with("127.0.0.1:"), "{printed}");
    assert!(field("Consumer Key:").starts_with("3MVG"));
    assert_eq!(field("Consumer Secret:").len(), 64);
    assert_eq!(field("Run As:"), "integration@acme.com");
    assert!(printed.contains(&format!(
        "eca-setup-cli verify --profile service-board-sync --domain {domain} --flow client-credentials"
    )));

    let mut stream = TcpStream::connect(&domain).expect("the org listens");
    write!(
        stream,
        "GET /services/data HTTP/1.1\r\nHost: {domain}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(response.contains("\"version\""), "{response}");

    // This test started the child, so it ends it by its own handle.
    child.kill().expect("stop the practice org");
    child.wait().expect("reaped");
}

#[test]
fn a_wrong_setting_is_refused_with_the_valid_keys() {
    let run = cli(&[
        "practice-org",
        "--profile",
        "service-board-sync",
        "--set",
        "pkce=true",
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("“pkce”"), "{}", run.stderr);
    assert!(run.stderr.contains("require_pkce"), "{}", run.stderr);
    assert!(run.stdout.is_empty(), "nothing started: {}", run.stdout);
}
