//! Saved setups on disk: one JSON file per setup, written atomically (temp file, fsync, rename)
//! so a crash mid-write leaves the previous version. A file that cannot be read is moved aside
//! and reported, never dropped silently and never a crash.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::setup::{Setup, Timestamp, SCHEMA};

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    #[error("could not {action} {path}: {source}")]
    Io {
        action: &'static str,
        path: PathBuf,
        source: io::Error,
    },
    #[error("no saved setup with id {0}")]
    NotFound(String),
    #[error("{0} is not a valid setup id")]
    BadId(String),
}

/// A saved file that could not be read and was moved out of the way.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SetAside {
    pub file: String,
    pub moved_to: String,
    pub reason: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Listing {
    /// Most recently changed first.
    pub setups: Vec<Setup>,
    pub set_aside: Vec<SetAside>,
}

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

    /// Every readable setup; unreadable files are moved aside and listed in `set_aside`.
    pub fn list(&self) -> Result<Listing, StoreError> {
        let mut listing = Listing::default();
        let entries = match fs::read_dir(&self.dir) {
            Ok(entries) => entries,
            Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(listing),
            Err(source) => {
                return Err(StoreError::Io {
                    action: "read the folder",
                    path: self.dir.clone(),
                    source,
                })
            }
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let is_setup = path.extension().is_some_and(|ext| ext == "json")
                && !entry.file_name().to_string_lossy().starts_with('.');
            if !is_setup {
                continue;
            }
            match read_setup(&path) {
                Ok(setup) => listing.setups.push(setup),
                Err(reason) => listing.set_aside.push(self.set_aside(&path, reason)?),
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
        let path = self.path_of(id)?;
        if !path.exists() {
            return Err(StoreError::NotFound(id.into()));
        }
        match read_setup(&path) {
            Ok(setup) => Ok(setup),
            Err(reason) => {
                self.set_aside(&path, reason)?;
                Err(StoreError::NotFound(id.into()))
            }
        }
    }

    /// Saves the setup (stamping `updated_at`) atomically.
    pub fn save(&self, setup: &mut Setup) -> Result<(), StoreError> {
        setup.updated_at = Timestamp::now();
        let path = self.path_of(&setup.id)?;
        let text = serde_json::to_string_pretty(setup).map_err(|err| StoreError::Io {
            action: "encode",
            path: path.clone(),
            source: io::Error::other(err),
        })?;
        write_atomically(&path, text.as_bytes())
    }

    pub fn delete(&self, id: &str) -> Result<(), StoreError> {
        let path = self.path_of(id)?;
        match fs::remove_file(&path) {
            Ok(()) => Ok(()),
            Err(err) if err.kind() == io::ErrorKind::NotFound => {
                Err(StoreError::NotFound(id.into()))
            }
            Err(source) => Err(StoreError::Io {
                action: "delete",
                path,
                source,
            }),
        }
    }

    fn path_of(&self, id: &str) -> Result<PathBuf, StoreError> {
        if is_safe_id(id) {
            Ok(self.dir.join(format!("{id}.json")))
        } else {
            Err(StoreError::BadId(id.into()))
        }
    }

    fn set_aside(&self, path: &Path, reason: String) -> Result<SetAside, StoreError> {
        let stamp = Timestamp::now().0.unix_timestamp();
        // A file set aside earlier in the same second must not be overwritten by this one.
        let moved = (0u32..)
            .map(|n| match n {
                0 => path.with_extension(format!("json.unreadable-{stamp}")),
                n => path.with_extension(format!("json.unreadable-{stamp}-{n}")),
            })
            .find(|candidate| !candidate.exists())
            .unwrap_or_else(|| path.with_extension("json.unreadable"));
        fs::rename(path, &moved).map_err(|source| StoreError::Io {
            action: "move aside",
            path: path.into(),
            source,
        })?;
        Ok(SetAside {
            file: path.display().to_string(),
            moved_to: moved.display().to_string(),
            reason,
        })
    }
}

fn read_setup(path: &Path) -> Result<Setup, String> {
    /// Just the format number, read before the rest: a newer format is exactly the case where
    /// the rest may no longer parse, and it deserves that reason rather than "damaged".
    #[derive(Deserialize)]
    struct Format {
        schema: u32,
    }
    let text = fs::read_to_string(path).map_err(|err| format!("it could not be read ({err})"))?;
    if let Ok(Format { schema }) = serde_json::from_str::<Format>(&text) {
        if schema > SCHEMA {
            return Err(format!(
                "it was saved by a newer version of the app (format {schema})"
            ));
        }
    }
    let mut json = serde_json::Deserializer::from_str(&text);
    let mut setup: Setup = serde_path_to_error::deserialize(&mut json).map_err(damaged)?;
    // What follows the setup (two files run together, a half-written tail) is damage too.
    json.end().map_err(|err| format!("it is damaged ({err})"))?;
    // The file's name is the setup's identity. A file copied under a new name is a setup of its
    // own, and saving it must write back to that file, not to the one it was copied from.
    let stem = path
        .file_stem()
        .and_then(|stem| stem.to_str())
        .unwrap_or("");
    if !is_safe_id(stem) {
        return Err(
            "its file name is not one the app gives a setup (letters, digits, - and _ only)".into(),
        );
    }
    setup.id = stem.to_owned();
    Ok(setup)
}

/// Names the field whose value is wrong, so support can point at the field to fix. A file cut
/// off or garbled has no such field: its path is only as far as the reader got.
fn damaged(err: serde_path_to_error::Error<serde_json::Error>) -> String {
    let field = err.path().to_string();
    let err = err.into_inner();
    if err.classify() == serde_json::error::Category::Data && field != "." {
        format!("it is damaged: its field \"{field}\" is wrong ({err})")
    } else {
        format!("it is damaged ({err})")
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

/// Writes `bytes` to `path` so that a reader sees the old file or the new one, never a mix.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    let io_err = |action, source| StoreError::Io {
        action,
        path: path.into(),
        source,
    };
    let dir = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir).map_err(|e| io_err("create the folder for", e))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // One temp file per write, not per process: two threads saving the same file must not
    // write into (and rename) each other's half-written temp file.
    static WRITES: AtomicU64 = AtomicU64::new(0);
    let write = WRITES.fetch_add(1, Ordering::Relaxed);
    let tmp = dir.join(format!(".{name}.{}-{write}.tmp", std::process::id()));
    let written = (|| {
        let mut file = File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        fs::rename(&tmp, path)?;
        sync_dir(dir)
    })();
    if written.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    written.map_err(|e| io_err("save", e))
}

/// The rename is durable only once the directory entry is on disk. Windows refuses to open a
/// directory as a file, which would fail every save after the rename succeeded; Unix only.
#[cfg(unix)]
fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> io::Result<()> {
    Ok(())
}
