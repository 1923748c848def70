//! Where the app keeps its files. The desktop app and the CLI resolve the same folders (the ones
//! Tauri's `app_data_dir` and `app_log_dir` give the app), so a setup started in one is found by
//! the other and both write one support log.

use std::path::PathBuf;

/// The bundle identifier in `tauri.conf.json`; Tauri's app data dir is named after it.
pub const IDENTIFIER: &str = "dev.ecasetup.assistant";

/// The platform's data folder: `$XDG_DATA_HOME` (usually `~/.local/share`) on Linux,
/// `~/Library/Application Support` on macOS, the Roaming AppData known folder (`%APPDATA%`)
/// on Windows. A debug build's tests may name another (`ECA_SETUP_DATA_HOME`).
fn data_home() -> Option<PathBuf> {
    crate::test_hooks::get()
        .data_home
        .clone()
        .or_else(dirs::data_dir)
}

/// `dev.ecasetup.assistant` in the platform's data folder: saved setups, connections, last
/// verifications.
pub fn data_dir() -> Option<PathBuf> {
    data_home().map(|dir| dir.join(IDENTIFIER))
}

/// Saved setups live here, one JSON file each.
pub fn setups_dir() -> Option<PathBuf> {
    data_dir().map(|dir| dir.join("setups"))
}

/// The support log's folder, where Tauri's `app_log_dir` puts the desktop app's:
/// `~/Library/Logs/dev.ecasetup.assistant` on macOS; elsewhere `logs` in the app's folder in the
/// local data folder, which on Linux is the data folder itself and on Windows the Local
/// AppData known folder (`%LOCALAPPDATA%`, which a roaming profile does not copy).
pub fn log_dir() -> Option<PathBuf> {
    if crate::test_hooks::get().data_home.is_some() {
        return data_dir().map(|dir| dir.join("logs"));
    }
    if cfg!(target_os = "macos") {
        dirs::home_dir().map(|home| home.join("Library/Logs").join(IDENTIFIER))
    } else {
        dirs::data_local_dir().map(|dir| dir.join(IDENTIFIER).join("logs"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn setups_and_logs_live_where_the_desktop_app_keeps_them() {
        let data = data_dir().expect("a data folder");
        assert!(data.ends_with(IDENTIFIER), "{}", data.display());
        assert_eq!(setups_dir(), Some(data.join("setups")));
        let logs = log_dir().expect("a log folder");
        if cfg!(target_os = "macos") {
            assert!(logs.ends_with("Library/Logs/dev.ecasetup.assistant"));
        } else if cfg!(windows) {
            assert_eq!(
                logs,
                dirs::data_local_dir()
                    .expect("Local AppData")
                    .join(IDENTIFIER)
                    .join("logs")
            );
            assert_ne!(
                logs.parent(),
                Some(data.as_path()),
                "on Windows the log stays in Local AppData, the setups roam"
            );
        } else {
            assert_eq!(
                logs,
                data.join("logs"),
                "on Linux the log is beside the setups"
            );
        }
    }
}
