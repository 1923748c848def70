//! What the session's tests share: a desk over a temporary folder, its keychain in memory or,
//! for the few tests that prove the use cases against the OS keychain, entries of its own there.
// Each test file uses only part of this module.
#![allow(dead_code)]

use std::fs;
use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use eca_core::journal::Journal;
use eca_session::Desk;
use eca_vault::Keychain;

/// A desk over `dir` with its keychain in memory: what most tests use, so that they run, and
/// assert, wherever they run.
pub fn desk(dir: &Path) -> Desk {
    desk_over(dir, in_memory_keychain())
}

/// A desk over `dir` whose secrets go to `keychain`; a clone of it reads what the desk kept.
pub fn desk_over(dir: &Path, keychain: Keychain) -> Desk {
    Desk::new(dir, keychain, Journal::open(&dir.join("logs")))
}

/// A keychain in this process's memory, under a service name of its own.
pub fn in_memory_keychain() -> Keychain {
    Keychain::in_memory(unique_service()).expect("an in-memory keychain")
}

/// The OS keychain (the Secret Service on Linux: `scripts/with-keychain.sh` starts one), under
/// a service name no other test uses. A test that asks for it fails when it does not answer:
/// those tests are the proof that the use cases work with the real keychain, so they never
/// pass without it.
pub async fn os_keychain() -> Keychain {
    let keychain = Keychain::with_service(unique_service());
    if let Err(err) = keychain.check_available().await {
        panic!(
            "this test needs the OS keychain, which does not answer ({err}); on Linux run it under scripts/with-keychain.sh"
        );
    }
    keychain
}

fn unique_service() -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock")
        .as_nanos();
    format!(
        "dev.ecasetup.assistant.test.session.{}-{nanos}",
        std::process::id()
    )
}

/// Every file under `dir` as (path, contents), for searching saved files for secrets.
pub fn files(dir: &Path) -> Vec<(String, String)> {
    let mut found = Vec::new();
    for entry in fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(files(&path));
        } else {
            let text = String::from_utf8_lossy(&fs::read(&path).expect("read")).into_owned();
            found.push((path.display().to_string(), text));
        }
    }
    found
}
