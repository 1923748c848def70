//! The scratch folder a file-reading target writes its input into: one for the whole run, on
//! tmpfs where there is one (saving fsyncs, which costs milliseconds on a disk and nothing on
//! tmpfs), emptied after every input.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// One folder for the whole run, named after the target (`prefix`). libFuzzer ends the process
/// without dropping statics, so the folder itself stays behind, empty.
pub fn folder(prefix: &str) -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        let shm = Path::new("/dev/shm");
        let parent = if shm.is_dir() {
            shm.to_owned()
        } else {
            std::env::temp_dir()
        };
        tempfile::Builder::new()
            .prefix(prefix)
            .tempdir_in(parent)
            .expect("a temp folder")
    })
    .path()
}

pub fn entries(dir: &Path) -> Vec<PathBuf> {
    let listed = fs::read_dir(dir).expect("the temp folder lists");
    listed
        .map(|entry| entry.expect("an entry").path())
        .collect()
}

/// Removes every file one input left.
pub fn clear(dir: &Path) {
    for old in entries(dir) {
        fs::remove_file(old).expect("a run's file is removed");
    }
}
