//! The desktop app and the command line reach the use cases only through `eca_session::Desk`:
//! neither depends on another crate of the workspace (their tests may), so neither can call the
//! wizard, the vault, a verification or a practice org around the desk. Inside the session the
//! compiler does the rest: the desk's wizard, vault and practice orgs are private to it.
//!
//! A consistency test over the manifests' text; it builds nothing.

use std::fs;
use std::path::PathBuf;

/// The workspace crates (`eca-*`) a manifest depends on outside its tests: its dependencies and
/// build dependencies, for every target.
fn workspace_dependencies(manifest: &str) -> Vec<String> {
    let mut section = "";
    let mut found = Vec::new();
    for line in manifest.lines().map(str::trim) {
        if line.starts_with('[') {
            section = line;
            continue;
        }
        let used_outside_tests =
            section.ends_with("dependencies]") && !section.ends_with("dev-dependencies]");
        if used_outside_tests && line.starts_with("eca-") {
            let name = line.split(['.', '=', ' ']).next().unwrap_or(line);
            found.push(name.to_owned());
        }
    }
    found
}

#[test]
fn the_app_and_the_command_line_depend_on_the_session_alone() {
    let crate_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    for manifest in ["Cargo.toml", "crates/cli/Cargo.toml"] {
        let path = crate_dir.join(manifest);
        let text = fs::read_to_string(&path)
            .unwrap_or_else(|err| panic!("cannot read {}: {err}", path.display()));
        assert_eq!(
            workspace_dependencies(&text),
            ["eca-session"],
            "src-tauri/{manifest}: the app and the command line take the use cases, and the \
             types they need, from eca-session (it re-exports them), never around it"
        );
    }
}

#[test]
fn the_parser_reads_dependencies_but_not_dev_dependencies() {
    let manifest = "[dependencies]\neca-session.workspace = true\nserde = \"1\"\n\n\
                    [target.'cfg(unix)'.dependencies]\neca-core = { path = \"x\" }\n\n\
                    [dev-dependencies]\neca-vault.workspace = true\n";
    assert_eq!(
        workspace_dependencies(manifest),
        ["eca-session", "eca-core"]
    );
}
