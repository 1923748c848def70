//! The saved connections list (`connections.json`), whatever is on disk, read the way the app
//! lists it: `Vault::list`. Properties: listing never panics and never fails over the file's
//! contents; it accepts exactly the files that parse as a list of a known format, as serde reads
//! them, and sets every other file aside with a reason (the bytes kept, under a new name), once.
//! Listing reads only the file, so no keychain is needed.

#![no_main]

#[path = "shared/scratch.rs"]
mod scratch;

use std::fs;
use std::path::PathBuf;
use std::sync::OnceLock;

use eca_vault::connections::CONNECTIONS_FILE;
use eca_vault::{Connection, Keychain, Vault};
use libfuzzer_sys::fuzz_target;
use scratch::{clear, entries, folder};
use serde_json::Value;

/// The format this version writes (`eca_vault::connections`'s `SCHEMA`).
const SCHEMA: u64 = 1;

/// The file's shape, as serde reads it on its own.
#[derive(serde::Deserialize)]
struct Saved {
    #[allow(dead_code)]
    schema: u32,
    connections: Vec<Connection>,
}

fn runtime() -> &'static tokio::runtime::Runtime {
    static RUNTIME: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("a runtime")
    })
}

fuzz_target!(|data: &[u8]| {
    check(data);
    clear(folder("eca-fuzz-connections-"));
});

fn check(data: &[u8]) {
    let dir = folder("eca-fuzz-connections-");
    let path = dir.join(CONNECTIONS_FILE);
    fs::write(&path, data).expect("the input is written");
    let vault = Vault::new(dir, Keychain::with_service("dev.ecasetup.assistant.fuzz"));

    let parsed = std::str::from_utf8(data)
        .ok()
        .and_then(|text| serde_json::from_str::<Saved>(text).ok());
    let newer = schema_of(data).is_some_and(|schema| schema > SCHEMA);
    let listing = match runtime().block_on(vault.list()) {
        Ok(listing) => listing,
        Err(err) => panic!("a damaged list must be set aside, not {err:?}"),
    };
    match (listing.set_aside.as_slice(), parsed) {
        ([], Some(saved)) if !newer => {
            assert_eq!(
                listing.connections, saved.connections,
                "listed what serde did not read"
            );
            assert!(path.exists(), "a readable list was moved");
        }
        ([], _) => panic!("an unreadable or newer list was accepted"),
        ([note], parsed) => {
            assert!(
                parsed.is_none() || newer,
                "a readable list was set aside: {note:?}"
            );
            assert!(
                listing.connections.is_empty(),
                "a set-aside list still lists"
            );
            assert!(note.reason.starts_with("it "), "no reason given: {note:?}");
            assert!(!path.exists(), "the damaged list is still in place");
            let left = entries(dir);
            assert_eq!(
                left,
                [PathBuf::from(&note.moved_to)],
                "not set aside as said"
            );
            assert_eq!(
                fs::read(&note.moved_to).expect("kept"),
                data,
                "the bytes changed"
            );
            let again = runtime().block_on(vault.list()).expect("listed again");
            assert!(
                again.connections.is_empty() && again.set_aside.is_empty(),
                "a set-aside file is reported once: {again:?}"
            );
        }
        (many, _) => panic!("one file set aside more than once: {many:?}"),
    }
}

fn schema_of(data: &[u8]) -> Option<u64> {
    serde_json::from_slice::<Value>(data)
        .ok()?
        .get("schema")?
        .as_u64()
}
