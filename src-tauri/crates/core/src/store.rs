//! Saved setups: `SetupStore` is the folder of them, one JSON file per setup named after its
//! id, read and written through `files` (atomic private writes, damaged files set aside, a lock
//! across programs).

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::files::{
    read_versioned, set_aside, write_private_json, FileError, FileLock, SetAside, Versioned,
};
use crate::setup::{Setup, Timestamp, SCHEMA};

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    #[error(transparent)]
    File(#[from] FileError),
    #[error("no saved setup with id {0}")]
    NotFound(String),
    #[error("{0} is not a valid setup id")]
    BadId(String),
}

impl StoreError {
    fn io(action: &'static str, path: PathBuf, source: io::Error) -> StoreError {
        StoreError::File(FileError::Io {
            action,
            path,
            source,
        })
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Listing {
    /// Most recently changed first.
    pub setups: Vec<Setup>,
    pub set_aside: Vec<SetAside>,
}

/// How long a change to the saved setups waits for another program's. Such a change only reads
/// and writes a file or two, a matter of milliseconds, and an admin is waiting for it (off the
/// window's thread): a longer wait means a program stuck while holding the lock.
const SETUPS_LOCK_WAIT: Duration = Duration::from_secs(5);

#[derive(Debug, Clone)]
pub struct SetupStore {
    dir: PathBuf,
}

impl SetupStore {
    pub fn new(dir: impl Into<PathBuf>) -> SetupStore {
        SetupStore { dir: dir.into() }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Locks the folder's setups (and the open-setup note) against other programs until the
    /// lock is dropped; take it around a whole read-modify-write. See `FileLock`.
    pub fn lock(&self) -> Result<FileLock, StoreError> {
        Ok(FileLock::acquire(
            &self.dir.join(".lock"),
            SETUPS_LOCK_WAIT,
        )?)
    }

    /// Whether a setup is saved under `id` (readable or not).
    pub fn exists(&self, id: &str) -> Result<bool, StoreError> {
        let path = self.path_of(id)?;
        path.try_exists()
            .map_err(|source| StoreError::io("look for", path, source))
    }

    /// Every readable setup; unreadable files are moved aside and listed in `set_aside`.
    pub fn list(&self) -> Result<Listing, StoreError> {
        let mut listing = Listing::default();
        let entries = match fs::read_dir(&self.dir) {
            Ok(entries) => entries,
            Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(listing),
            Err(source) => return Err(StoreError::io("read the folder", self.dir.clone(), source)),
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let is_setup = path.extension().is_some_and(|ext| ext == "json")
                && !entry.file_name().to_string_lossy().starts_with('.');
            if !is_setup {
                continue;
            }
            match read_setup(&path) {
                Ok(Versioned::Read(setup)) => listing.setups.push(setup),
                Ok(Versioned::SetAside(note)) => listing.set_aside.push(note),
                // Deleted since the folder was listed.
                Ok(Versioned::Missing) => {}
                // One setup this program may not read (another user's file, a disk error) must
                // not hide the others. It is not moved: nothing is wrong with its contents.
                Err(err) => listing.set_aside.push(SetAside {
                    file: path.display().to_string(),
                    moved_to: path.display().to_string(),
                    reason: format!("reading it failed ({err}); it was left where it is"),
                }),
            }
        }
        listing.setups.sort_by(|a, b| {
            b.updated_at
                .cmp(&a.updated_at)
                .then_with(|| a.id.cmp(&b.id))
        });
        Ok(listing)
    }

    pub fn load(&self, id: &str) -> Result<Setup, StoreError> {
        match read_setup(&self.path_of(id)?)? {
            Versioned::Read(setup) => Ok(setup),
            Versioned::Missing | Versioned::SetAside(_) => Err(StoreError::NotFound(id.into())),
        }
    }

    /// Saves the setup (stamping `updated_at`) atomically.
    pub fn save(&self, setup: &mut Setup) -> Result<(), StoreError> {
        setup.updated_at = Timestamp::now();
        Ok(write_private_json(&self.path_of(&setup.id)?, setup)?)
    }

    pub fn delete(&self, id: &str) -> Result<(), StoreError> {
        let path = self.path_of(id)?;
        match fs::remove_file(&path) {
            Ok(()) => Ok(()),
            Err(err) if err.kind() == io::ErrorKind::NotFound => {
                Err(StoreError::NotFound(id.into()))
            }
            Err(source) => Err(StoreError::io("delete", path, source)),
        }
    }

    fn path_of(&self, id: &str) -> Result<PathBuf, StoreError> {
        if is_safe_id(id) {
            Ok(self.dir.join(format!("{id}.json")))
        } else {
            Err(StoreError::BadId(id.into()))
        }
    }
}

/// The setup saved in `path`, named after its file. The file's name is the setup's identity: a
/// file copied under a new name is a setup of its own, and saving it must write back to that
/// file, not to the one it was copied from.
fn read_setup(path: &Path) -> Result<Versioned<Setup>, StoreError> {
    let setup = match read_versioned::<Setup>(path, SCHEMA)? {
        Versioned::Read(setup) => setup,
        other => return Ok(other),
    };
    let stem = path.file_stem().and_then(|stem| stem.to_str());
    match stem.filter(|stem| is_safe_id(stem)) {
        Some(id) => Ok(Versioned::Read(Setup {
            id: id.to_owned(),
            ..setup
        })),
        None => Ok(Versioned::SetAside(set_aside(
            path,
            "its file name is not one the app gives a setup (letters, digits, - and _ only)".into(),
        )?)),
    }
}

/// Ids name files, so they are kept to characters every file system accepts.
fn is_safe_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 128
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}
