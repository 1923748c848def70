//! `eca-setup-cli practice-org`: starts a practice org, prints its address and credentials at
//! once, and serves them; a wrong `--set` is refused before anything starts.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;

use common::{cli, field, practice_org_with};

#[test]
fn practice_org_prints_its_details_and_serves_until_stopped() {
    let (mut child, printed) = practice_org_with(&[
        "--profile",
        "service-board-sync",
        "--input",
        "run_as=integration@acme.com",
    ]);
    let field = |name: &str| field(&printed, name);
    let domain = field("Domain:");
    assert!(domain.starts_with("127.0.0.1:"), "{printed}");
    assert!(field("Consumer Key:").starts_with("3MVG"));
    assert_eq!(field("Consumer Secret:").len(), 64);
    assert_eq!(field("Run As:"), "integration@acme.com");
    assert!(printed.contains(&format!(
        "eca-setup-cli verify --practice --profile service-board-sync --domain {domain} --flow client-credentials"
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
