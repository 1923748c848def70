//! Runs the real `eca-setup-cli` binary, as an admin or a script would.
// Each test file uses only part of this module.
#![allow(dead_code)]

use std::process::Command;

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
