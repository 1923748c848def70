//! Files the app saves, of any kind: every file is written atomically (temp file with a random
//! name, fsync, rename) so a crash mid-write leaves the previous version; those in the app's data
//! folder privately (`write_private`), and read back through `read_versioned`: a file that
//! cannot be read is moved aside and reported with the reason, never dropped silently and never
//! a crash. `FileLock` keeps a whole read-modify-write of such files to one program at a time
//! (the app and the command line share the folder). What the files hold is their owners' (the
//! saved setups in `store`, the vault's connections, the report's last verification).

use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::thread;
use std::time::{Duration, Instant};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::setup::Timestamp;

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum FileError {
    #[error("could not {action} {path}: {source}")]
    Io {
        action: &'static str,
        path: PathBuf,
        source: io::Error,
    },
    /// Another program held the lock on these files for all of `waited`.
    #[error("another program kept {path} locked for {waited:?}")]
    Busy { path: PathBuf, waited: Duration },
}

/// A saved file that could not be read and was moved out of the way.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SetAside {
    pub file: String,
    pub moved_to: String,
    pub reason: String,
}

/// What reading a saved file found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Versioned<T> {
    /// There is no such file (yet).
    Missing,
    Read(T),
    /// The file could not be read and was renamed `*.json.unreadable-TIMESTAMP`; why is said.
    SetAside(SetAside),
}

impl<T> Versioned<T> {
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Versioned<U> {
        match self {
            Versioned::Missing => Versioned::Missing,
            Versioned::Read(value) => Versioned::Read(f(value)),
            Versioned::SetAside(note) => Versioned::SetAside(note),
        }
    }

    /// The value read, if any.
    pub fn read(self) -> Option<T> {
        match self {
            Versioned::Read(value) => Some(value),
            Versioned::Missing | Versioned::SetAside(_) => None,
        }
    }
}

/// The largest saved file the app reads. Its own files are a few kilobytes (a setup, the
/// connections, a verification); anything near this is not one of them, and reading it whole
/// would only exhaust memory.
pub const MAX_SAVED_BYTES: u64 = 8 * 1024 * 1024;

/// Reads the JSON file `path` as a `T` whose top-level `schema` field is a format number, this
/// version's being `schema`. A file that is damaged, that a newer version wrote, that is not
/// text or that is larger than `MAX_SAVED_BYTES` is moved aside (`set_aside`) and reported with
/// the reason; an absent file is `Missing`. A file that cannot be read at all (no permission, a
/// disk error) is an error and stays where it is: its content may be fine, and setting it aside
/// would let the next save write over what it lists (a file left by a `sudo` run is root's).
/// Fields `T` does not know are ignored, so a newer version's additions cost nothing.
pub fn read_versioned<T: DeserializeOwned>(
    path: &Path,
    schema: u32,
) -> Result<Versioned<T>, FileError> {
    let parsed = match read_capped(path, MAX_SAVED_BYTES) {
        Ok(Some(bytes)) => match String::from_utf8(bytes) {
            Ok(text) => parse_versioned(&text, schema),
            Err(err) => Err(format!("it is not text ({})", err.utf8_error())),
        },
        Ok(None) => Err(format!(
            "it is larger than {} MB, far more than the app ever saves",
            MAX_SAVED_BYTES / (1024 * 1024)
        )),
        Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(Versioned::Missing),
        Err(source) => {
            return Err(FileError::Io {
                action: "read",
                path: path.into(),
                source,
            })
        }
    };
    match parsed {
        Ok(value) => Ok(Versioned::Read(value)),
        Err(reason) => match set_aside(path, reason) {
            Ok(note) => Ok(Versioned::SetAside(note)),
            // Another program reading it at the same time moved it first, and says so itself.
            Err(FileError::Io { source, .. }) if source.kind() == io::ErrorKind::NotFound => {
                Ok(Versioned::Missing)
            }
            Err(err) => Err(err),
        },
    }
}

/// The file's bytes, or `None` when it holds more than `cap`; never reads past `cap + 1`.
fn read_capped(path: &Path, cap: u64) -> io::Result<Option<Vec<u8>>> {
    let mut bytes = Vec::new();
    File::open(path)?.take(cap + 1).read_to_end(&mut bytes)?;
    Ok((bytes.len() as u64 <= cap).then_some(bytes))
}

/// `text` as a `T` of format `schema` or older, or the reason it is not one, as the admin reads
/// it after "The file was set aside because".
fn parse_versioned<T: DeserializeOwned>(text: &str, schema: u32) -> Result<T, String> {
    /// Just the format number, read before the rest: a newer format is exactly the case where
    /// the rest may no longer parse, and it deserves that reason rather than "damaged".
    #[derive(Deserialize)]
    struct Format {
        schema: u32,
    }
    if let Ok(Format { schema: found }) = serde_json::from_str::<Format>(text) {
        if found > schema {
            return Err(format!(
                "it was saved by a newer version of the app (format {found})"
            ));
        }
    }
    let mut json = serde_json::Deserializer::from_str(text);
    let value = serde_path_to_error::deserialize(&mut json).map_err(damaged)?;
    // What follows the value (two files run together, a half-written tail) is damage too.
    json.end().map_err(|err| format!("it is damaged ({err})"))?;
    Ok(value)
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

/// Moves the file at `path` out of the way, to `*.json.unreadable-TIMESTAMP`, and says why.
pub(crate) fn set_aside(path: &Path, reason: String) -> Result<SetAside, FileError> {
    let stamp = Timestamp::now().0.unix_timestamp();
    // A file set aside earlier in the same second must not be overwritten by this one.
    let moved = (0u32..)
        .map(|n| match n {
            0 => path.with_extension(format!("json.unreadable-{stamp}")),
            n => path.with_extension(format!("json.unreadable-{stamp}-{n}")),
        })
        .find(|candidate| !candidate.exists())
        .unwrap_or_else(|| path.with_extension("json.unreadable"));
    fs::rename(path, &moved).map_err(|source| FileError::Io {
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

/// One program's hold on a group of files in the data folder (the saved setups, the saved
/// connections), for the whole of a read-modify-write: another program (a second window, the
/// command line) waits for it rather than writing over what it just saved. It is the operating
/// system's lock on a lock file (`File::try_lock`: `flock` on Unix, `LockFileEx` on Windows),
/// released when this is dropped or when its process ends, even by a crash. Every `acquire`
/// opens the file anew, so two holders in one process exclude each other too. The lock file is
/// empty and never removed: removing it would let two programs lock two different files.
#[derive(Debug)]
#[must_use = "the lock is released as soon as it is dropped"]
pub struct FileLock {
    _file: File,
}

impl FileLock {
    /// Locks `path` (created, privately, if missing), waiting at most `wait` for another holder
    /// to let go; past that it is `FileError::Busy`, and nothing was read or changed.
    pub fn acquire(path: &Path, wait: Duration) -> Result<FileLock, FileError> {
        let io_err = |action, source| FileError::Io {
            action,
            path: path.into(),
            source,
        };
        if let Some(dir) = path.parent().filter(|dir| !dir.as_os_str().is_empty()) {
            create_private_dir(dir).map_err(|e| io_err("create the folder for", e))?;
        }
        let mut options = fs::OpenOptions::new();
        options.read(true).write(true).create(true).truncate(false);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let file = options.open(path).map_err(|e| io_err("open", e))?;
        let started = Instant::now();
        // Short pauses first: most holders are done within milliseconds.
        let mut pause = Duration::from_millis(2);
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(FileLock { _file: file }),
                Err(fs::TryLockError::WouldBlock) => {}
                Err(fs::TryLockError::Error(e)) => return Err(io_err("lock", e)),
            }
            let waited = started.elapsed();
            if waited >= wait {
                return Err(FileError::Busy {
                    path: path.into(),
                    waited: wait,
                });
            }
            thread::sleep(pause.min(wait - waited));
            pause = (pause * 2).min(Duration::from_millis(50));
        }
    }
}

/// Writes `value` as pretty JSON into the app's own data folder: privately and atomically
/// (`write_private`).
pub fn write_private_json(path: &Path, value: &impl Serialize) -> Result<(), FileError> {
    let text = serde_json::to_string_pretty(value).map_err(|err| FileError::Io {
        action: "encode",
        path: path.into(),
        source: io::Error::other(err),
    })?;
    write_private(path, text.as_bytes())
}

/// Writes `bytes` into the app's own data folder (setups, connections, verifications) like
/// `write_atomically`, but readable by the admin's account only: on Unix the file is 0600 and
/// any folder it creates 0700.
pub fn write_private(path: &Path, bytes: &[u8]) -> Result<(), FileError> {
    write_with(path, bytes, Access::Private)
}

/// Writes `bytes` to `path` so that a reader sees the old file or the new one, never a mix. For
/// a place the admin chose (a report, a metadata export): the file gets the usual permissions,
/// as any program the admin saves with would give it. The app's own files use `write_private`.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), FileError> {
    write_with(path, bytes, Access::Usual)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Access {
    /// The admin's account only.
    Private,
    /// What the umask allows, as `File::create` gives.
    Usual,
}

fn write_with(path: &Path, bytes: &[u8], access: Access) -> Result<(), FileError> {
    let io_err = |action, source| FileError::Io {
        action,
        path: path.into(),
        source,
    };
    // A bare file name's parent is the empty path, which names no folder to sync: use ".".
    let dir = path
        .parent()
        .filter(|parent| !parent.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    match access {
        Access::Private => create_private_dir(dir),
        Access::Usual => fs::create_dir_all(dir),
    }
    .map_err(|e| io_err("create the folder for", e))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // A random name opened with O_EXCL: nobody can guess it in advance and plant a symlink
    // there for the write to follow, and two writers never share a temp file. A failed write
    // drops the temp file, which deletes it.
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = match access {
            Access::Private => 0o600,
            Access::Usual => 0o666,
        };
        builder.permissions(fs::Permissions::from_mode(mode));
    }
    let written = (|| {
        let mut tmp = builder.tempfile_in(dir)?;
        tmp.write_all(bytes)?;
        tmp.as_file().sync_all()?;
        tmp.persist(path).map_err(|err| err.error)?;
        Ok(())
    })();
    written.map_err(|e| io_err("save", e))?;
    after_rename(path, sync_dir(dir));
    Ok(())
}

/// Once the rename is done the new file is what every reader sees, so the save succeeded: a
/// folder sync that fails then (it only makes the rename survive a power cut) is a warning.
/// Reporting it as a failed save would have callers undo what the saved file now lists (the
/// vault would delete keychain entries of connections the file names).
fn after_rename(path: &Path, synced: io::Result<()>) {
    if let Err(err) = synced {
        warn(
            "files.sync_failed",
            &format!(
                "saved {}, but its folder could not be synced to disk ({err}): a power cut now could bring back the previous version",
                path.display()
            ),
        );
    }
}

/// Where `warn` writes: the running app's support log, once it has said so
/// (`log_warnings_with`); until then, standard error.
type WarningSink = Box<dyn Fn(&str, &str) + Send + Sync>;

static WARNINGS: std::sync::RwLock<Option<WarningSink>> = std::sync::RwLock::new(None);

/// Has `write(event, message)` take the warnings of file operations that succeeded anyway.
/// One per process: the app and the command line each install their support log's.
pub fn log_warnings_with(write: impl Fn(&str, &str) + Send + Sync + 'static) {
    *WARNINGS.write().unwrap_or_else(|p| p.into_inner()) = Some(Box::new(write));
}

fn warn(event: &str, message: &str) {
    match &*WARNINGS.read().unwrap_or_else(|p| p.into_inner()) {
        Some(write) => write(event, message),
        None => {
            // Nowhere else to say it; a closed stderr is not worth failing a save over.
            let _ = writeln!(io::stderr(), "warning: {message}");
        }
    }
}

/// Creates `dir` and its missing parents, those it creates readable by the admin's account
/// only (0700 on Unix). A folder that already exists keeps its permissions.
pub fn create_private_dir(dir: &Path) -> io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, Deserialize, Serialize)]
    struct Saved {
        schema: u32,
        names: Vec<String>,
    }

    fn parse(text: &str) -> Result<Saved, String> {
        parse_versioned(text, 2)
    }

    #[test]
    fn a_file_of_this_format_or_an_older_one_is_read() {
        for schema in [1, 2] {
            let text = format!(r#"{{"schema": {schema}, "names": ["a"], "newer_field": true}}"#);
            assert_eq!(
                parse(&text),
                Ok(Saved {
                    schema,
                    names: vec!["a".into()]
                })
            );
        }
    }

    #[test]
    fn a_newer_format_is_refused_with_its_number_even_when_the_rest_differs() {
        assert_eq!(
            parse(r#"{"schema": 3, "renamed": []}"#),
            Err("it was saved by a newer version of the app (format 3)".into())
        );
    }

    #[test]
    fn a_wrong_value_names_its_field() {
        let reason = parse(r#"{"schema": 2, "names": ["a", 7]}"#).unwrap_err();
        assert!(
            reason.starts_with("it is damaged: its field \"names[1]\" is wrong (invalid type"),
            "{reason}"
        );
    }

    #[test]
    fn a_missing_field_cut_off_or_trailing_text_is_damage_without_a_field() {
        for (text, said) in [
            (r#"{"schema": 2}"#, "missing field `names`"),
            (r#"{"schema": 2, "names": ["a"#, "EOF while parsing"),
            (r#"{"schema": 2, "names": []} {}"#, "trailing characters"),
        ] {
            let reason = parse(text).unwrap_err();
            assert!(
                reason.starts_with("it is damaged (") && reason.contains(said),
                "{reason}"
            );
        }
    }

    #[test]
    fn reading_sets_a_damaged_file_aside_and_an_absent_one_is_missing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("saved.json");
        assert_eq!(
            read_versioned::<Saved>(&path, 2).unwrap(),
            Versioned::Missing
        );

        write_private_json(
            &path,
            &Saved {
                schema: 2,
                names: vec!["a".into()],
            },
        )
        .unwrap();
        let read = read_versioned::<Saved>(&path, 2).unwrap();
        assert_eq!(
            read.map(|saved| saved.names),
            Versioned::Read(vec!["a".into()])
        );

        fs::write(&path, "{\"schema\": 2, \"names\": 1}").unwrap();
        let Versioned::SetAside(note) = read_versioned::<Saved>(&path, 2).unwrap() else {
            panic!("a damaged file was not set aside");
        };
        assert!(!path.exists());
        assert!(note.file.ends_with("saved.json"), "{note:?}");
        assert!(note.moved_to.contains("saved.json.unreadable-"), "{note:?}");
        assert_eq!(
            fs::read_to_string(&note.moved_to).unwrap(),
            "{\"schema\": 2, \"names\": 1}"
        );
        assert!(
            note.reason.contains("its field \"names\" is wrong"),
            "{note:?}"
        );
    }

    #[test]
    fn a_held_lock_makes_the_next_holder_wait_and_then_give_up() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("data").join("connections.json.lock");
        let held = FileLock::acquire(&path, Duration::ZERO).expect("a free lock is taken at once");
        let started = Instant::now();
        let Err(FileError::Busy { path: busy, waited }) =
            FileLock::acquire(&path, Duration::from_millis(150))
        else {
            panic!("a second holder, even in the same process, must not get the lock");
        };
        assert!(started.elapsed() >= Duration::from_millis(150));
        assert_eq!((busy, waited), (path.clone(), Duration::from_millis(150)));
        drop(held);
        let _again = FileLock::acquire(&path, Duration::ZERO).expect("free once dropped");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600, "the lock file is private like the rest");
        }
    }

    #[test]
    fn bytes_that_are_not_text_are_set_aside() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("saved.json");
        fs::write(&path, [0xff, 0xfe, b'{']).unwrap();
        let Versioned::SetAside(note) = read_versioned::<Saved>(&path, 2).unwrap() else {
            panic!("not set aside");
        };
        assert!(note.reason.starts_with("it is not text ("), "{note:?}");
    }

    #[test]
    fn a_file_over_the_cap_is_set_aside_without_being_read_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("saved.json");
        let file = File::create(&path).unwrap();
        // Sparse: the size without the disk space.
        file.set_len(MAX_SAVED_BYTES + 1).unwrap();
        let Versioned::SetAside(note) = read_versioned::<Saved>(&path, 2).unwrap() else {
            panic!("a file over the cap was not set aside");
        };
        assert_eq!(
            note.reason,
            "it is larger than 8 MB, far more than the app ever saves"
        );
        assert_eq!(read_capped(Path::new(&note.moved_to), 4).unwrap(), None);
        fs::write(&path, b"1234").unwrap();
        assert_eq!(read_capped(&path, 4).unwrap(), Some(b"1234".to_vec()));
    }

    /// A file that cannot be read (root's after a `sudo` run, a disk error) is refused, not set
    /// aside: setting it aside would let the next save drop everything it lists. A folder where
    /// the file should be fails the read the same way, and can be staged even as root.
    #[test]
    fn a_file_that_cannot_be_read_is_refused_and_left_in_place() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("saved.json");
        fs::create_dir(&path).unwrap();
        let read = read_versioned::<Saved>(&path, 2);
        let Err(FileError::Io { action, .. }) = read else {
            panic!("an unreadable file was not refused: {read:?}");
        };
        assert_eq!(action, "read");
        assert!(path.is_dir(), "left where it was");
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            1,
            "nothing set aside"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_file_without_read_permission_is_refused_and_left_in_place() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("saved.json");
        fs::write(&path, r#"{"schema": 2, "names": ["kept"]}"#).unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o000)).unwrap();
        if fs::read(&path).is_ok() {
            // Root reads any file; the other test stages the refusal with a folder.
            let _ = writeln!(io::stderr(), "note: skipped: running as root");
            return;
        }
        let read = read_versioned::<Saved>(&path, 2);
        let Err(FileError::Io { action, source, .. }) = read else {
            panic!("an unreadable file was not refused: {read:?}");
        };
        assert_eq!(action, "read");
        assert_eq!(source.kind(), io::ErrorKind::PermissionDenied);
        fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).unwrap();
        assert_eq!(
            fs::read_to_string(&path).unwrap(),
            r#"{"schema": 2, "names": ["kept"]}"#,
            "left where it was, as it was"
        );
    }

    #[test]
    fn a_folder_sync_failing_after_the_rename_is_a_warning_not_a_failed_save() {
        let heard = std::sync::Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
        let sink = std::sync::Arc::clone(&heard);
        log_warnings_with(move |event, message| {
            sink.lock().unwrap().push(format!("{event}: {message}"));
        });
        after_rename(
            Path::new("/data/connections.json"),
            Err(io::Error::other("sync refused")),
        );
        after_rename(Path::new("/data/other.json"), Ok(()));
        let heard = heard.lock().unwrap().clone();
        assert_eq!(
            heard,
            ["files.sync_failed: saved /data/connections.json, but its folder could not be synced to disk (sync refused): a power cut now could bring back the previous version"]
        );
    }
}
