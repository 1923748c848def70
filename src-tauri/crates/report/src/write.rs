//! Saving a rendered report: atomically (the reader sees the old file or the whole new one) and
//! never over an existing file unless the admin said so.

use std::path::{Path, PathBuf};

use eca_core::files::{write_atomically, FileError};
use eca_core::{ErrorCode, UiError};

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WriteError {
    #[error("{} already exists", .0.display())]
    Exists(PathBuf),
    #[error(transparent)]
    File(#[from] FileError),
}

/// Writes `bytes` to `path`. An existing file is replaced only with `overwrite`.
pub fn write_report(path: &Path, bytes: &[u8], overwrite: bool) -> Result<(), WriteError> {
    if !overwrite && path.exists() {
        return Err(WriteError::Exists(path.to_owned()));
    }
    write_atomically(path, bytes)?;
    Ok(())
}

impl From<WriteError> for UiError {
    fn from(err: WriteError) -> UiError {
        match err {
            WriteError::Exists(path) => UiError::new(
                ErrorCode::FileExists,
                format!("{} already exists and was left as it is.", path.display()),
                "Choose another name, or confirm that the file may be replaced.",
            ),
            WriteError::File(FileError::Io { path, source, .. }) => UiError::new(
                ErrorCode::StorageFailed,
                format!("{} could not be written ({source}).", path.display()),
                "Check that the disk is not full and that you can write to that folder, then try again.",
            ),
            WriteError::File(other) => other.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_existing_report_is_kept_without_overwrite() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.md");
        write_report(&path, b"first", false).unwrap();
        let err = write_report(&path, b"second", false).unwrap_err();
        assert!(matches!(err, WriteError::Exists(_)), "{err:?}");
        assert_eq!(std::fs::read(&path).unwrap(), b"first");
        let ui = UiError::from(err);
        assert_eq!(ui.code, ErrorCode::FileExists);
        assert!(ui
            .message
            .ends_with("already exists and was left as it is."));
    }

    #[test]
    fn overwrite_replaces_the_file_and_leaves_no_temp_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nested").join("report.json");
        write_report(&path, b"first", false).unwrap();
        write_report(&path, b"second", true).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"second");
        let names: Vec<_> = std::fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|entry| entry.unwrap().file_name())
            .collect();
        assert_eq!(names, ["report.json"], "only the report, no temp file");
    }

    #[test]
    fn a_failed_write_is_a_storage_error() {
        let dir = tempfile::tempdir().unwrap();
        // A path whose parent is a file cannot be created.
        let blocker = dir.path().join("file");
        std::fs::write(&blocker, b"x").unwrap();
        let err = write_report(&blocker.join("report.md"), b"x", false).unwrap_err();
        assert_eq!(UiError::from(err).code, ErrorCode::StorageFailed);
    }
}
