//! Lists `profiles/*.toml` into `$OUT_DIR/profile_files.rs`, a table of (id, text) that
//! `profile.rs` includes: the id is the file's name without `.toml`, the text is embedded with
//! `include_str!`. The table is in file-name order; the home screen's order is each file's
//! `order` (see `profile.rs`). Adding an integration is adding a file: nothing else lists them.

use std::path::Path;

fn main() {
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let dir = Path::new(&manifest).join("profiles");
    // A directory: cargo reruns this script when any file in it is added, removed or changed.
    println!("cargo::rerun-if-changed={}", dir.display());
    let table = table(&dir).unwrap_or_else(|problem| panic!("{problem}"));
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    std::fs::write(Path::new(&out).join("profile_files.rs"), table)
        .expect("write profile_files.rs");
}

/// The Rust source of `FILES`: every `*.toml` directly in `dir`, sorted by file name.
/// (Public for `tests/adding_an_integration_is_adding_a_file.rs`, which includes this file.)
pub fn table(dir: &Path) -> Result<String, String> {
    let entries = std::fs::read_dir(dir).map_err(|err| format!("{}: {err}", dir.display()))?;
    let mut files = Vec::new();
    for entry in entries {
        let path = entry
            .map_err(|err| format!("{}: {err}", dir.display()))?
            .path();
        if !path.is_file() || path.extension().is_none_or(|ext| ext != "toml") {
            continue;
        }
        let id = path
            .file_stem()
            .and_then(|stem| stem.to_str())
            .filter(|id| is_profile_id(id))
            .ok_or_else(|| {
                format!(
                    "{}: a profile's file name is its id: lowercase letters, digits and single \
                     hyphens, such as acme-crm.toml",
                    path.display()
                )
            })?
            .to_owned();
        let path = path
            .to_str()
            .ok_or_else(|| format!("{}: not UTF-8", path.display()))?
            .to_owned();
        files.push((id, path));
    }
    if files.is_empty() {
        return Err(format!("no profile files in {}", dir.display()));
    }
    files.sort();
    let mut source =
        String::from("/// Every `profiles/*.toml` as (id, text), by file name.\nconst FILES: &[(&str, &str)] = &[\n");
    for (id, path) in files {
        // `{:?}` quotes and escapes the path (a Windows path's backslashes too).
        source.push_str(&format!("    ({id:?}, include_str!({path:?})),\n"));
    }
    source.push_str("];\n");
    Ok(source)
}

/// `vonage-ai-studio`, `webex`: what the CLI's `--profile`, saved setups and snapshot names take.
fn is_profile_id(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && !id.ends_with('-')
        && !id.contains("--")
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}
