//! Runs the real `eca-setup-cli` binary, as an admin or a script would.
// Each test file uses only part of this module.
#![allow(dead_code)]

use std::process::Command;

/// The variable that gives a run of the CLI a data folder of its own: `XDG_DATA_HOME` where the
/// platform reads it (Linux and the BSDs), as an admin would move it; elsewhere the debug
/// build's `ECA_SETUP_DATA_HOME` (`eca_core::test_hooks`), since no variable moves the Windows
/// or macOS data folder for one process.
pub const DATA_HOME: &str = if cfg!(all(unix, not(target_os = "macos"))) {
    "XDG_DATA_HOME"
} else {
    "ECA_SETUP_DATA_HOME"
};

/// The connections among `names` that this build's keychain service still holds an entry of.
/// On Linux the keychain's own tool answers (`secret-tool`, a witness apart from the app's
/// code); elsewhere the keychain is read through `keyring`, as the app reads it.
pub fn left_in_keychain(names: &[String]) -> Vec<String> {
    let keychain = eca_vault::Keychain::for_this_build();
    if cfg!(all(unix, not(target_os = "macos"))) {
        let listed = Command::new("secret-tool")
            .args(["search", "--all", "service", &keychain.service(false)])
            .output()
            .expect("secret-tool runs (package libsecret-tools)");
        let listed = String::from_utf8_lossy(&listed.stdout).into_owned()
            + &String::from_utf8_lossy(&listed.stderr);
        return names
            .iter()
            .filter(|name| listed.contains(name.as_str()))
            .cloned()
            .collect();
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    names
        .iter()
        .filter(|name| {
            let values = runtime
                .block_on(keychain.get_all(false, name, eca_vault::EntryKind::ALL.to_vec()))
                .expect("the keychain answers");
            values.iter().any(Option::is_some)
        })
        .cloned()
        .collect()
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn cli(args: &[&str]) -> Run {
    cli_with_env(args, &[])
}

pub fn cli_with_env(args: &[&str], env: &[(&str, &std::path::Path)]) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_eca-setup-cli"));
    command.args(args);
    for (key, value) in env {
        command.env(key, value);
    }
    let output = command.output().expect("the CLI runs");
    Run {
        code: output
            .status
            .code()
            .expect("the CLI exits, not killed by a signal"),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    }
}

/// Runs the CLI with `stdin` piped in and the environment changed as given.
pub fn cli_with_stdin(args: &[&str], stdin: &str, env: &[(&str, &std::path::Path)]) -> Run {
    use std::io::Write;
    use std::process::Stdio;
    let mut command = Command::new(env!("CARGO_BIN_EXE_eca-setup-cli"));
    command
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (key, value) in env {
        command.env(key, value);
    }
    let mut child = command.spawn().expect("the CLI starts");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("write stdin");
    let output = child.wait_with_output().expect("the CLI runs");
    Run {
        code: output.status.code().expect("the CLI exits, not killed"),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    }
}

/// Whether a keychain answers (a Secret Service on Linux); without one, `test` is skipped with a note, unless
/// `ECA_REQUIRE_KEYCHAIN` is set (as `scripts/with-keychain.sh` does), when it fails.
pub fn keychain_reachable(test: &str) -> bool {
    use std::io::Write;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    match runtime.block_on(eca_vault::Keychain::for_this_build().check_available()) {
        Ok(()) => true,
        Err(err) if std::env::var_os("ECA_REQUIRE_KEYCHAIN").is_none() => {
            // Straight to stderr: the test harness captures `eprintln!` of passing tests.
            let _ = writeln!(
                std::io::stderr(),
                "note: skipped {test}: no keychain is reachable ({err}); on Linux run it under scripts/with-keychain.sh"
            );
            false
        }
        Err(err) => panic!("ECA_REQUIRE_KEYCHAIN is set but the keychain is not usable: {err}"),
    }
}

/// A practice org started by `command` (which runs `practice-org`), and what it printed up to
/// "Press Ctrl+C". The caller ends it with `kill`.
pub fn practice_org(mut command: Command) -> (std::process::Child, String) {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the practice org starts");
    let mut printed = String::new();
    let mut lines = BufReader::new(child.stdout.take().expect("stdout"));
    while !printed.contains("Press Ctrl+C") {
        let mut line = String::new();
        if lines.read_line(&mut line).expect("read") == 0 {
            break;
        }
        printed.push_str(&line);
    }
    (child, printed)
}

/// `practice-org` with these arguments, run directly.
pub fn practice_org_with(args: &[&str]) -> (std::process::Child, String) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_eca-setup-cli"));
    command.arg("practice-org").args(args);
    practice_org(command)
}

/// The value after `name` on its own line of what the practice org printed.
pub fn field(printed: &str, name: &str) -> String {
    printed
        .lines()
        .find_map(|line| line.strip_prefix(name))
        .map(|rest| rest.trim().to_owned())
        .unwrap_or_else(|| panic!("{name} in:\n{printed}"))
}
