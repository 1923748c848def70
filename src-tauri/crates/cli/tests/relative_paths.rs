//! `report --out` and `metadata --out` take what a person types: a bare file name, a folder
//! below the current one, or one above it. Each succeeds and says so, and a refusal leaves what
//! was there as it was, with no temporary file behind.

mod common;

use std::fs;
use std::path::Path;
use std::process::Command;

use common::DATA_HOME;
use serde_json::Value;

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn cli(args: &[&str], home: &Path, cwd: &Path) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_eca-setup-cli"))
        .args(args)
        .current_dir(cwd)
        .env("HOME", home)
        .env(DATA_HOME, home.join("data"))
        .output()
        .expect("the CLI runs");
    Run {
        code: output.status.code().expect("the CLI exits, not killed"),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    }
}

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .expect("a folder")
        .flatten()
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn reports_and_exports_go_where_a_relative_path_says() {
    let home = tempfile::tempdir().expect("temp dir");
    let work = home.path().join("work");
    let here = work.join("here");
    fs::create_dir_all(&here).expect("folders");
    let created = cli(
        &[
            "setup",
            "new",
            "--profile",
            "service-board-sync",
            "--domain",
            "acme.my.salesforce.com",
            "--input",
            "tenant_domain=acme.serviceboardsync.com",
            "--input",
            "run_as=integration@acme.com",
            "--json",
        ],
        home.path(),
        &here,
    );
    assert_eq!(created.code, 0, "{}", created.stderr);
    let outline: Value = serde_json::from_str(&created.stdout).expect("JSON");
    let id = outline["id"].as_str().expect("an id").to_owned();

    for (out, lands) in [
        ("report.pdf", here.join("report.pdf")),
        ("./out/report.pdf", here.join("out/report.pdf")),
        ("../report.pdf", work.join("report.pdf")),
    ] {
        let run = cli(
            &["report", "--setup", &id, "--format", "pdf", "--out", out],
            home.path(),
            &here,
        );
        assert_eq!(run.code, 0, "{out}: {}", run.stderr);
        assert_eq!(run.stdout, format!("Saved the report to {out}\n"));
        assert!(run.stderr.is_empty(), "{out}: {}", run.stderr);
        assert!(fs::metadata(&lands).expect(out).len() > 0, "{out}");
    }

    let before = fs::read(here.join("report.pdf")).expect("the report");
    let again = cli(
        &[
            "report",
            "--setup",
            &id,
            "--format",
            "md",
            "--out",
            "report.pdf",
        ],
        home.path(),
        &here,
    );
    assert_eq!(again.code, 2, "{}", again.stderr);
    assert!(again.stderr.contains("already exists"), "{}", again.stderr);
    assert!(again.stderr.contains("--force"), "{}", again.stderr);
    assert_eq!(fs::read(here.join("report.pdf")).expect("kept"), before);

    let exported = cli(
        &["metadata", "--setup", &id, "--out", "eca-metadata"],
        home.path(),
        &here,
    );
    assert_eq!(exported.code, 0, "{}", exported.stderr);
    assert!(exported.stdout.starts_with("Wrote "), "{}", exported.stdout);
    assert!(here.join("eca-metadata/README.md").is_file());
    let refused = cli(
        &["metadata", "--setup", &id, "--out", "eca-metadata"],
        home.path(),
        &here,
    );
    assert_eq!(refused.code, 2, "{}", refused.stderr);

    assert_eq!(
        names(&here),
        ["eca-metadata", "out", "report.pdf"],
        "nothing else, no temporary file, is left in the folder"
    );
    assert_eq!(names(&work), ["here", "report.pdf"]);
}
