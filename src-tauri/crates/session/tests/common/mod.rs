//! What the session's tests share: a desk over a temporary folder with keychain entries of its
//! own, and the check that a Secret Service answers.
// Each test file uses only part of this module.
#![allow(dead_code)]

use std::fs;
use std::io::Write;
use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use eca_core::journal::Journal;
use eca_session::Desk;
use eca_vault::Keychain;

/// A desk over `dir`, its keychain entries under a service name no other test uses.
pub fn desk(dir: &Path) -> Desk {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock")
        .as_nanos();
    let keychain = Keychain::with_service(format!(
        "dev.ecasetup.assistant.test.session.{}-{nanos}",
        std::process::id()
    ));
    Desk::new(dir, keychain, Journal::open(&dir.join("logs")))
}

/// Whether a Secret Service answers; without one, `test` is skipped with a note, unless
/// `ECA_REQUIRE_KEYCHAIN` is set (as `scripts/with-keychain.sh` does), when it fails.
pub async fn keychain_reachable(test: &str) -> bool {
    match Keychain::for_this_build().check_available().await {
        Ok(()) => true,
        Err(err) if std::env::var_os("ECA_REQUIRE_KEYCHAIN").is_none() => {
            let _ = writeln!(
                std::io::stderr(),
                "note: skipped {test}: no Secret Service is reachable ({err}); run it under scripts/with-keychain.sh"
            );
            false
        }
        Err(err) => panic!("ECA_REQUIRE_KEYCHAIN is set but the keychain is not usable: {err}"),
    }
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
