//! The window's reach stays as small as the UI needs: capability files grant only allow-listed
//! permissions, every command in `commands.rs` is the one the surface (`surface.rs`) lists, with
//! the argument and answer types it lists (which `ui/src/api.ts` is typed by), the UI calls
//! each of them, and the CSP keeps remote content out.
//!
//! A consistency test over the source and config text; it does not start the app.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

/// What the UI uses: `invoke` of the app's own commands and `Channel` (both under
/// `core:default`). Adding a plugin permission means adding it here, on purpose.
const ALLOWED_PERMISSIONS: &[&str] = &["core:default"];

/// Permission families the app must never grant, whatever the allow-list says.
const FORBIDDEN_PREFIXES: &[&str] = &["shell:", "fs:", "http:", "opener:"];

fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|err| panic!("cannot read {}: {err}", path.display()))
}

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&read(path))
        .unwrap_or_else(|err| panic!("{} is not valid JSON: {err}", path.display()))
}

fn capability_files() -> Vec<PathBuf> {
    let dir = crate_dir().join("capabilities");
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap_or_else(|err| panic!("cannot list {}: {err}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    files.sort();
    files
}

/// A permission is either an identifier string or an object `{ "identifier": ..., ... }`.
fn permission_identifier(permission: &Value) -> String {
    match permission {
        Value::String(id) => id.clone(),
        Value::Object(map) => map
            .get("identifier")
            .and_then(Value::as_str)
            .unwrap_or_else(|| panic!("permission object without an identifier: {permission}"))
            .to_string(),
        other => panic!("unexpected permission entry: {other}"),
    }
}

#[test]
fn capability_files_grant_only_allow_listed_permissions() {
    let files = capability_files();
    assert!(!files.is_empty(), "expected at least one capability file");
    for file in files {
        let capability = read_json(&file);
        let permissions = capability
            .get("permissions")
            .and_then(Value::as_array)
            .unwrap_or_else(|| panic!("{} has no permissions list", file.display()));
        for permission in permissions {
            let id = permission_identifier(permission);
            for prefix in FORBIDDEN_PREFIXES {
                assert!(
                    !id.starts_with(prefix),
                    "{} grants {id}: the app never needs {prefix}* permissions",
                    file.display()
                );
            }
            assert!(
                ALLOWED_PERMISSIONS.contains(&id.as_str()),
                "{} grants {id}, which is not in the allow-list {ALLOWED_PERMISSIONS:?}; \
                 the UI only invokes the app's own commands",
                file.display()
            );
        }
        assert!(
            capability.get("remote").is_none(),
            "{} opens the capability to remote URLs",
            file.display()
        );
    }
}

/// Names of `#[tauri::command]` functions in `commands.rs`.
fn defined_commands(source: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let mut after_attribute = false;
    for line in source.lines().map(str::trim) {
        if line.starts_with("#[tauri::command") {
            after_attribute = true;
            continue;
        }
        if !after_attribute || line.starts_with("#[") || line.starts_with("//") {
            continue;
        }
        let signature = line
            .trim_start_matches("pub ")
            .trim_start_matches("async ")
            .strip_prefix("fn ")
            .unwrap_or_else(|| panic!("#[tauri::command] is not followed by a fn: {line}"));
        let name: String = signature
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        names.insert(name);
        after_attribute = false;
    }
    names
}

/// What a command takes from the UI and answers, as Rust spells the types (spaces removed);
/// `()` for nothing.
#[derive(Debug, PartialEq, Eq)]
struct Signature {
    args: String,
    answer: String,
}

fn signature(args: &str, answer: &str) -> Signature {
    let squeeze = |ty: &str| ty.chars().filter(|c| !c.is_whitespace()).collect();
    Signature {
        args: squeeze(args),
        answer: squeeze(answer),
    }
}

/// Each `name: Args => Answer,` of the `surface!` list in `surface.rs`: what Tauri registers
/// and what `ui/src/bindings/Commands.ts` is generated from.
fn surface_list(source: &str) -> BTreeMap<String, Signature> {
    let start = source
        .find("\nsurface! {")
        .expect("surface.rs invokes surface! with the list")
        + "\nsurface! {".len();
    let end = start + source[start..].find("\n}").expect("the list is closed");
    source[start..end]
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with("//"))
        .map(|line| {
            let (name, types) = line
                .trim_end_matches(',')
                .split_once(':')
                .unwrap_or_else(|| panic!("not `name: Args => Answer,`: {line}"));
            let (args, answer) = types
                .split_once("=>")
                .unwrap_or_else(|| panic!("not `name: Args => Answer,`: {line}"));
            (name.trim().to_owned(), signature(args, answer))
        })
        .collect()
}

/// The parameters between a fn's parentheses, split at the commas outside `<...>`.
fn parameters(list: &str) -> Vec<(String, String)> {
    let mut parameters = Vec::new();
    let (mut depth, mut from) = (0, 0);
    for (at, c) in list.char_indices().chain([(list.len(), ',')]) {
        match c {
            '<' => depth += 1,
            '>' => depth -= 1,
            ',' if depth == 0 => {
                if let Some((name, ty)) = list[from..at].split_once(':') {
                    parameters.push((name.trim().to_owned(), ty.trim().to_owned()));
                }
                from = at + 1;
            }
            _ => {}
        }
    }
    parameters
}

/// Where the parenthesis `text` opens with closes (an answer such as `Result<()>` has some too).
fn closing_parenthesis(text: &str) -> usize {
    let mut depth = 0;
    for (at, c) in text.char_indices() {
        match c {
            '(' => depth += 1,
            ')' if depth == 1 => return at,
            ')' => depth -= 1,
            _ => {}
        }
    }
    panic!("parameters are not closed: {text}")
}

/// Each `#[tauri::command]` in `commands.rs` with the type of its `args` and its answer (the
/// `Ok` type of a `Result`). The other parameters come from Tauri (the desk, the app handle)
/// or, for `verify` and the org sign-ins, are their progress channel.
fn command_signatures(source: &str) -> BTreeMap<String, Signature> {
    let mut commands = BTreeMap::new();
    for chunk in source.split("#[tauri::command]").skip(1) {
        let head = &chunk[..chunk.find(" {\n").expect("a command has a body")];
        let name_start = head.find("fn ").expect("a command is a fn") + 3;
        let open = head.find('(').expect("a fn has parameters");
        let close = open + closing_parenthesis(&head[open..]);
        let name = head[name_start..open].trim().to_owned();
        let parameters = parameters(&head[open + 1..close]);
        for (parameter, ty) in &parameters {
            let from_tauri = ["State<", "AppHandle"].iter().any(|t| ty.starts_with(t));
            let progress = ["verify", "org_connect", "org_connect_practice"]
                .contains(&name.as_str())
                && ty == "Channel<Progress>";
            assert!(
                parameter == "args" || from_tauri || progress,
                "{name} takes {parameter}: {ty}; a command's arguments are one struct, `args`"
            );
        }
        let args = parameters
            .iter()
            .find(|(parameter, _)| parameter == "args")
            .map_or("()", |(_, ty)| ty.as_str());
        let answer = head[close + 1..].trim().trim_start_matches("->").trim();
        let answer = match answer.strip_prefix("Result<") {
            Some(ok) => ok.strip_suffix('>').expect("Result<...> is closed"),
            None if answer.is_empty() => "()",
            None => answer,
        };
        commands.insert(name, signature(args, answer));
    }
    commands
}

#[test]
fn every_command_has_the_argument_and_answer_types_the_surface_lists() {
    let src = crate_dir().join("src");
    let commands = read(&src.join("commands.rs"));
    let defined = defined_commands(&commands);
    let signatures = command_signatures(&commands);
    let listed = surface_list(&read(&src.join("surface.rs")));
    assert!(
        !defined.is_empty(),
        "found no #[tauri::command] in commands.rs"
    );
    assert_eq!(
        signatures.get("save_credentials"),
        Some(&signature("CredentialsArgs", "SetupView")),
        "the parser reads a command's types"
    );
    assert_eq!(
        listed.get("close_setup"),
        Some(&signature("()", "()")),
        "the parser reads the surface's list"
    );
    assert_eq!(
        defined.iter().collect::<Vec<_>>(),
        signatures.keys().collect::<Vec<_>>()
    );
    assert_eq!(
        defined.iter().collect::<Vec<_>>(),
        listed.keys().collect::<Vec<_>>(),
        "commands.rs defines other commands than surface.rs lists (and so registers)"
    );
    for (name, declared) in &signatures {
        assert_eq!(
            Some(declared),
            listed.get(name),
            "{name}: commands.rs and surface.rs disagree on its types"
        );
    }
}

/// The command names `api.ts` passes to `call("...")`, or to `invoke<...>("...")`.
fn called_commands(source: &str) -> BTreeSet<String> {
    let names_after = |marker: &'static str| {
        source
            .split(marker)
            .skip(1)
            .filter_map(|rest| rest.split_once('"'))
            .map(|(name, _)| name.to_owned())
    };
    names_after("call(\"").chain(names_after(">(\"")).collect()
}

#[test]
fn the_ui_calls_every_command_and_no_other() {
    let listed = surface_list(&read(&crate_dir().join("src/surface.rs")));
    let called = called_commands(&read(&crate_dir().join("../ui/src/api.ts")));
    assert!(called.contains("verify") && called.contains("copy_credential"));
    assert_eq!(
        listed.keys().collect::<Vec<_>>(),
        called.iter().collect::<Vec<_>>(),
        "surface.rs and ui/src/api.ts name different commands"
    );
}

#[test]
fn csp_allows_only_the_app_itself_and_its_ipc() {
    let config = read_json(&crate_dir().join("tauri.conf.json"));
    let csp = config
        .pointer("/app/security/csp")
        .and_then(Value::as_str)
        .expect("tauri.conf.json sets app.security.csp to a string (not null)");

    assert!(
        csp.contains("default-src 'self'"),
        "CSP must start from default-src 'self': {csp}"
    );
    assert!(
        !csp.contains("'unsafe-eval'"),
        "CSP allows 'unsafe-eval': {csp}"
    );
    for source in csp.split([';', ' ']).map(str::trim) {
        if source.starts_with("http:") || source.starts_with("https:") {
            assert_eq!(
                source, "http://ipc.localhost",
                "CSP allows a remote source {source}; only the IPC endpoint is expected"
            );
        }
    }
}

#[test]
fn windows_load_only_the_bundled_ui() {
    let config = read_json(&crate_dir().join("tauri.conf.json"));
    assert!(
        config.pointer("/build/devUrl").is_none(),
        "build.devUrl points the webview at a server; the app serves its bundled UI"
    );
    let windows = config
        .pointer("/app/windows")
        .and_then(Value::as_array)
        .expect("tauri.conf.json declares app.windows");
    for window in windows {
        if let Some(url) = window.get("url").and_then(Value::as_str) {
            assert!(
                !url.contains("://"),
                "a window loads {url}; windows must load only the bundled UI"
            );
        }
    }
}
