//! The trace a copied key or secret leaves on disk while it is on the clipboard, so that the
//! next start clears it when the app was killed or crashed before it could (`clipboard`
//! clears it after its minute and at quit, and then removes the trace). The trace is a salted
//! SHA-256 of the value, never the value, with a salt drawn for each copy, in a private file in
//! the app's data folder; it tells only whether the clipboard still holds what the app put
//! there.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use eca_session::Secret;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The file's name in the data folder.
const FILE: &str = "clipboard-copy.json";

#[derive(Serialize, Deserialize)]
struct Trace {
    /// 16 random bytes, in hex.
    salt: String,
    /// SHA-256 of the salt's bytes then the value's, in hex.
    sha256: String,
}

/// The trace file of one data folder.
pub struct Record {
    path: PathBuf,
}

impl Record {
    pub fn in_folder(data_dir: &Path) -> Record {
        Record {
            path: data_dir.join(FILE),
        }
    }

    /// Records that `value` is on the clipboard, replacing any earlier trace.
    pub fn write(&self, value: &Secret) -> io::Result<()> {
        let mut salt = [0u8; 16];
        getrandom::fill(&mut salt).map_err(io::Error::other)?;
        let trace = Trace {
            salt: hex(&salt),
            sha256: hex(&digest(&salt, value.expose())),
        };
        let text = serde_json::to_vec(&trace).map_err(io::Error::other)?;
        let mut options = fs::OpenOptions::new();
        options.write(true).create(true).truncate(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut file = options.open(&self.path)?;
        file.write_all(&text)?;
        file.sync_all()
    }

    /// Whether a trace is left and `text` is the value it was written for. A damaged trace
    /// matches nothing.
    pub fn matches(&self, text: &str) -> bool {
        let Ok(bytes) = fs::read(&self.path) else {
            return false;
        };
        let Ok(trace) = serde_json::from_slice::<Trace>(&bytes) else {
            return false;
        };
        let Some(salt) = unhex(&trace.salt) else {
            return false;
        };
        hex(&digest(&salt, text)) == trace.sha256
    }

    pub fn exists(&self) -> bool {
        self.path.exists()
    }

    /// The clipboard no longer holds the value: nothing for the next start to clear.
    pub fn remove(&self) {
        let _ = fs::remove_file(&self.path);
    }
}

fn digest(salt: &[u8], value: &str) -> Vec<u8> {
    let mut hasher = Sha256::new();
    hasher.update(salt);
    hasher.update(value.as_bytes());
    hasher.finalize().to_vec()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|at| u8::from_str_radix(text.get(at..at + 2)?, 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "C2B8F0D1E9A7B6C5D4E3F2A1B0C9D8E7F6A5B4C3D2E1F0A9B8C7D6E5F4A3B2C1";

    #[test]
    fn a_trace_matches_only_the_value_it_was_written_for_and_never_holds_it() {
        let dir = tempfile::tempdir().unwrap();
        let record = Record::in_folder(dir.path());
        assert!(!record.matches(SECRET), "no trace, no match");
        record.write(&Secret::new(SECRET.to_owned())).unwrap();
        assert!(record.exists());
        assert!(record.matches(SECRET));
        assert!(!record.matches("something else copied since"));
        assert!(!record.matches(""));
        let text = fs::read_to_string(dir.path().join(FILE)).unwrap();
        assert!(
            !text.contains(SECRET),
            "the trace holds a hash, never the value"
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(dir.path().join(FILE))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600, "only its owner reads the trace");
        }
        record.remove();
        assert!(!record.exists());
        assert!(!record.matches(SECRET), "a removed trace matches nothing");
    }

    #[test]
    fn each_copy_draws_its_own_salt() {
        let dir = tempfile::tempdir().unwrap();
        let record = Record::in_folder(dir.path());
        record.write(&Secret::new(SECRET.to_owned())).unwrap();
        let first = fs::read_to_string(dir.path().join(FILE)).unwrap();
        record.write(&Secret::new(SECRET.to_owned())).unwrap();
        let second = fs::read_to_string(dir.path().join(FILE)).unwrap();
        assert_ne!(
            first, second,
            "the same secret copied twice leaves different traces"
        );
        assert!(record.matches(SECRET));
    }

    #[test]
    fn a_damaged_trace_matches_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let record = Record::in_folder(dir.path());
        for damaged in [
            "",
            "{",
            r#"{"salt":"zz","sha256":"00"}"#,
            r#"{"salt":"abc","sha256":""}"#,
        ] {
            fs::write(dir.path().join(FILE), damaged).unwrap();
            assert!(!record.matches(SECRET), "{damaged}");
            assert!(!record.matches(""), "{damaged}");
        }
    }
}
