//! The window's reach stays as small as the UI needs: capability files grant only allow-listed
//! permissions, every command is defined, registered and called from `ui/src/api.ts` with the
//! same arguments, and the CSP keeps remote content out.
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

/// Names listed in `tauri::generate_handler![...]` in `main.rs`.
fn registered_commands(source: &str) -> BTreeSet<String> {
    let start = source
        .find("generate_handler![")
        .expect("main.rs calls tauri::generate_handler!")
        + "generate_handler![".len();
    let end = start
        + source[start..]
            .find(']')
            .expect("generate_handler! list is closed");
    source[start..end]
        .split(',')
        .map(str::trim)
        .filter(|entry| !entry.is_empty())
        .map(|entry| entry.rsplit("::").next().unwrap_or(entry).to_string())
        .collect()
}

#[test]
fn every_command_is_registered_and_every_registration_is_a_command() {
    let src = crate_dir().join("src");
    let defined = defined_commands(&read(&src.join("commands.rs")));
    let registered = registered_commands(&read(&src.join("main.rs")));
    assert!(
        !defined.is_empty(),
        "found no #[tauri::command] in commands.rs"
    );

    let unregistered: Vec<_> = defined.difference(&registered).collect();
    assert!(
        unregistered.is_empty(),
        "commands defined but not in generate_handler!: {unregistered:?}"
    );
    let undefined: Vec<_> = registered.difference(&defined).collect();
    assert!(
        undefined.is_empty(),
        "generate_handler! registers names that are not #[tauri::command] in commands.rs: {undefined:?}"
    );
}

/// Each `#[tauri::command]` in `commands.rs` with the arguments the UI passes, in camelCase as
/// Tauri expects them (the desk and the app handle come from Tauri, not from the UI).
fn command_arguments(source: &str) -> BTreeMap<String, BTreeSet<String>> {
    let mut commands = BTreeMap::new();
    for chunk in source.split("#[tauri::command]").skip(1) {
        let signature = &chunk[..chunk
            .find(" -> ")
            .or_else(|| chunk.find('{'))
            .unwrap_or(chunk.len())];
        let name_start = signature.find("fn ").expect("a command is a fn") + 3;
        let open = signature.find('(').expect("a fn has arguments");
        let name = signature[name_start..open].trim().to_string();
        let close = signature.rfind(')').expect("arguments are closed");
        let arguments = signature[open + 1..close]
            .split(',')
            .filter_map(|argument| argument.split_once(':'))
            .filter(|(_, ty)| !ty.contains("State<") && !ty.contains("AppHandle"))
            .map(|(argument, _)| camel_case(argument.trim()))
            .collect();
        commands.insert(name, arguments);
    }
    commands
}

fn camel_case(snake: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// Each `invoke<...>("name", { a, b: c })` in `api.ts` with the argument names it passes.
fn invoked_commands(source: &str) -> BTreeMap<String, BTreeSet<String>> {
    let mut commands = BTreeMap::new();
    for chunk in source.split("invoke<").skip(1) {
        let call = &chunk[chunk.find("(\"").expect("invoke is called with a name") + 2..];
        let (name, rest) = call.split_once('"').expect("the name is a string");
        let rest = rest.trim_start();
        let arguments = match rest.strip_prefix(',') {
            Some(rest) => {
                let body = rest
                    .trim_start()
                    .strip_prefix('{')
                    .expect("arguments are an object");
                body[..body.find('}').expect("the object is closed")]
                    .split(',')
                    .map(|entry| entry.split(':').next().unwrap_or(entry).trim().to_string())
                    .filter(|entry| !entry.is_empty())
                    .collect()
            }
            None => BTreeSet::new(),
        };
        commands.insert(name.to_string(), arguments);
    }
    commands
}

#[test]
fn the_ui_calls_every_command_with_its_own_argument_names() {
    let defined = command_arguments(&read(&crate_dir().join("src/commands.rs")));
    let invoked = invoked_commands(&read(&crate_dir().join("../ui/src/api.ts")));
    assert!(defined.contains_key("verify") && invoked.contains_key("verify"));
    assert_eq!(
        defined.get("save_credentials"),
        Some(&BTreeSet::from(
            ["setupId", "name", "consumerKey", "consumerSecret"].map(String::from)
        )),
        "the parser reads the arguments"
    );
    assert_eq!(
        defined.keys().collect::<Vec<_>>(),
        invoked.keys().collect::<Vec<_>>(),
        "commands.rs and ui/src/api.ts list different commands"
    );
    for (name, arguments) in &defined {
        assert_eq!(
            Some(arguments),
            invoked.get(name),
            "{name}: commands.rs takes {arguments:?}, api.ts passes {:?}",
            invoked.get(name)
        );
    }
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
