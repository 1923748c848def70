//! Where the admin saves what the app exports: the system's save and folder dialogs (the save
//! dialog asks before replacing a file). `ECA_SETUP_SAVE_DIR` stands in for both in the
//! WebDriver tests, which cannot click a native dialog.

use std::path::PathBuf;

use tauri::AppHandle;
use tauri_plugin_dialog::DialogExt;

fn test_dir() -> Option<PathBuf> {
    std::env::var_os("ECA_SETUP_SAVE_DIR").map(PathBuf::from)
}

/// The file to save `name` as, or `None` when the admin cancelled.
pub fn file(app: &AppHandle, name: &str, extension: &str) -> Option<PathBuf> {
    if let Some(dir) = test_dir() {
        return Some(dir.join(name));
    }
    app.dialog()
        .file()
        .set_file_name(name)
        .add_filter(extension, &[extension])
        .blocking_save_file()
        .and_then(|chosen| chosen.into_path().ok())
}

/// The folder to export into, or `None` when the admin cancelled.
pub fn folder(app: &AppHandle) -> Option<PathBuf> {
    if let Some(dir) = test_dir() {
        return Some(dir);
    }
    app.dialog()
        .file()
        .blocking_pick_folder()
        .and_then(|chosen| chosen.into_path().ok())
}
