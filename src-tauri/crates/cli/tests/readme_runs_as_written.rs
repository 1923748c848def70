//! The README's command-line section runs as written: every line of its `sh` block, in order,
//! through `sh` in a throwaway home and folder, with `cargo run -p eca-setup-cli --` standing
//! for the binary under test. The practice org (`practice-org`, which serves until Ctrl+C) runs
//! in the background; `PORT`, `SETUP_ID`, `credentials.txt` and `assistant-key.txt` are filled
//! from what it and `setup new` print, as a reader would fill them. The reader's browser, which
//! `org connect` opens, is a script given as the test hook `ECA_SETUP_OPENER`: it signs in on
//! the practice org's page with the user the page offers and clicks Allow. Each command must
//! exit 0 and print something.

// The block is `sh`, the shell of Linux and macOS; on Windows it is ignored by name.

mod common;

use std::path::Path;
use std::process::{Child, Command, Stdio};

use common::{field, keychain_reachable, practice_org, DATA_HOME};
use serde_json::Value;

const PREFIX: &str = "cargo run -p eca-setup-cli --";

/// The commands of the README's command-line section: continuation lines joined, comments and
/// blank lines left out.
fn readme_commands() -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../README.md");
    let readme = std::fs::read_to_string(&path).expect("README.md");
    let section = readme
        .split("\n## ")
        .find(|section| section.starts_with("The command line"))
        .expect("a section called The command line");
    let block = section
        .split("```sh\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("an sh block in the command-line section");
    let mut commands = Vec::new();
    let mut current = String::new();
    for line in block.lines() {
        let line = line.trim();
        if current.is_empty() && (line.is_empty() || line.starts_with('#')) {
            continue;
        }
        match line.strip_suffix('\\') {
            Some(part) => current.push_str(part),
            None => {
                current.push_str(line);
                commands.push(std::mem::take(&mut current));
            }
        }
    }
    commands
}

/// The reader's browser for `org connect`: opens the sign-in page, signs in with the user the
/// practice org's page offers (its form's fields, hidden ones included), clicks Allow, and
/// follows the redirect to the command's loopback.
#[cfg(unix)]
const BROWSER: &str = r#"#!/bin/sh
page=$(curl -s "$1")
origin=$(printf '%s' "$1" | sed 's#^\(https*://[^/]*\).*#\1#')
fields=$(printf '%s' "$page" | grep -o '<input[^>]*>' | sed -n 's/.* name="\([^"]*\)".* value="\([^"]*\)".*/\1=\2/p')
set --
while IFS= read -r pair; do
  [ -n "$pair" ] && set -- "$@" --data-urlencode "$pair"
done <<FIELDS
$fields
FIELDS
exec curl -s -L -o /dev/null "$@" --data-urlencode decision=allow "$origin/services/oauth2/authorize/approve"
"#;

/// Where the browser script is kept in the throwaway home.
fn browser(home: &Path) -> std::path::PathBuf {
    home.join("browser.sh")
}

/// `sh` set up as for every command: the throwaway home, the working folder, the browser.
fn sh(line: &str, home: &Path, cwd: &Path) -> Command {
    let mut command = Command::new("sh");
    command
        .arg("-c")
        .arg(line)
        .current_dir(cwd)
        .env("HOME", home)
        .env(DATA_HOME, home.join("data"))
        .env("ECA_SETUP_OPENER", browser(home));
    command
}

#[cfg(unix)]
fn write_browser(home: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let path = browser(home);
    std::fs::write(&path, BROWSER).expect("the browser script");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755))
        .expect("the browser script runs");
}

/// The block is not run on Windows.
#[cfg(not(unix))]
fn write_browser(_home: &Path) {}

#[test]
#[cfg_attr(
    windows,
    ignore = "the README's command-line block is sh (Linux and macOS); Windows runs the same commands in the other CLI tests"
)]
fn every_command_line_example_in_the_readme_runs_as_written() {
    let commands = readme_commands();
    assert!(commands.len() >= 15, "{commands:#?}");
    if !keychain_reachable("every_command_line_example_in_the_readme_runs_as_written") {
        return;
    }
    let home = tempfile::tempdir().expect("temp dir");
    let cwd = home.path().join("work");
    std::fs::create_dir_all(&cwd).expect("a working folder");
    write_browser(home.path());
    let binary = env!("CARGO_BIN_EXE_eca-setup-cli");
    let mut practice: Option<Child> = None;
    let mut port: Option<String> = None;
    let mut setup_id: Option<String> = None;
    for command in &commands {
        let rest = command
            .strip_prefix(PREFIX)
            .unwrap_or_else(|| panic!("a README example starts with `{PREFIX}`: {command}"));
        let mut line = format!("{binary}{rest}");
        if let Some(port) = &port {
            line = line.replace("127.0.0.1:PORT", &format!("127.0.0.1:{port}"));
        }
        if let Some(id) = &setup_id {
            line = line.replace("SETUP_ID", id);
        }
        assert!(
            !line.contains("PORT") && !line.contains("SETUP_ID"),
            "a placeholder is used before an earlier example prints it: {command}"
        );
        if rest.trim_start().starts_with("practice-org") {
            // Served in the background, as a reader would in a second terminal.
            let (child, printed) = practice_org(sh(&format!("exec {line}"), home.path(), &cwd));
            let domain = field(&printed, "Domain:");
            port = domain.strip_prefix("127.0.0.1:").map(str::to_owned);
            let credentials = format!(
                "{}\n{}\n",
                field(&printed, "Consumer Key:"),
                field(&printed, "Consumer Secret:")
            );
            std::fs::write(cwd.join("credentials.txt"), credentials).expect("credentials.txt");
            let assistant = format!("{}\n", field(&printed, "Assistant Key:"));
            std::fs::write(cwd.join("assistant-key.txt"), assistant).expect("assistant-key.txt");
            practice = Some(child);
            continue;
        }
        let output = sh(&line, home.path(), &cwd)
            .stdin(Stdio::null())
            .output()
            .expect("sh runs");
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            output.status.success(),
            "the README's `{command}` exited {:?}:\n{stdout}\n{stderr}",
            output.status.code()
        );
        assert!(!stdout.trim().is_empty(), "`{command}` printed nothing");
        if rest.contains(" setup new ") {
            let outline: Value = serde_json::from_str(&stdout).expect("setup new --json");
            setup_id = outline["id"].as_str().map(str::to_owned);
        }
        if rest.contains(" verify ") {
            assert!(
                stdout.contains("Result: the External Client App works."),
                "`{command}`:\n{stdout}"
            );
        }
    }
    assert!(cwd.join("report.pdf").is_file(), "the report was written");
    assert!(
        cwd.join("inventory.csv").is_file(),
        "the inventory was written"
    );
    assert!(
        cwd.join("eca-metadata/README.md").is_file(),
        "the export was written"
    );
    // This test started the org, so it ends it by its own handle.
    let mut practice = practice.expect("the README starts a practice org");
    practice.kill().expect("stop the practice org");
    practice.wait().expect("reaped");
}
