//! Where the app keeps its files. The desktop app and the CLI resolve the same directory, so a
//! setup started in one is found by the other.

use std::path::PathBuf;

/// The bundle identifier in `tauri.conf.json`; Tauri's app data dir is named after it.
pub const IDENTIFIER: &str = "dev.ecasetup.assistant";

/// `$XDG_DATA_HOME/dev.ecasetup.assistant` on Linux (the platform's data dir elsewhere).
pub fn data_dir() -> Option<PathBuf> {
    dirs::data_dir().map(|dir| dir.join(IDENTIFIER))
}

/// Saved setups live here, one JSON file each.
pub fn setups_dir() -> Option<PathBuf> {
    data_dir().map(|dir| dir.join("setups"))
}
