//! Where the admin saves what the app exports: the system's save and folder dialogs (the save
//! dialog asks before replacing a file). Each is opened without blocking any thread and its
//! answer awaited, so the window stays responsive (a blocking dialog on the main thread froze
//! it). In a debug build the `save_dir` test hook (`eca_session::test_hooks`) stands in for both
//! in the WebDriver tests.

use std::path::PathBuf;

use eca_session::{test_hooks, DatePattern, Dates, Desk, Format, UiError};
use tauri::{AppHandle, Manager, Wry};
use tauri_plugin_dialog::{DialogExt, FileDialogBuilder};
use tokio::sync::oneshot;

fn test_dir() -> Option<PathBuf> {
    test_hooks::get().save_dir.clone()
}

/// Saves the setup's report where the admin picks, under the name the desk suggests; returns
/// the path, or `None` when the admin cancelled. Its times are written as the screen's
/// `dates` pattern writes them, or in UTC without one.
pub async fn report(
    app: &AppHandle,
    desk: &Desk,
    setup_id: &str,
    format: Format,
    dates: Option<DatePattern>,
) -> Result<Option<String>, UiError> {
    let dates = dates.map_or(Dates::Utc, Dates::as_on_screen);
    let name = desk.report_name(setup_id, format)?;
    let Some(path) = file(app, &name, format.extension()).await else {
        return Ok(None);
    };
    // The dialog has asked whether to replace an existing file.
    desk.save_report(setup_id, format, &dates, &path, true)
        .await?;
    Ok(Some(path.display().to_string()))
}

/// Saves the org's inventory as CSV where the admin picks; the path, or `None` when cancelled.
pub async fn org_inventory(app: &AppHandle, desk: &Desk) -> Result<Option<String>, UiError> {
    let name = "integrations-to-move.csv";
    let Some(path) = file(app, name, "csv").await else {
        return Ok(None);
    };
    desk.save_org_inventory_csv(&path).await?;
    Ok(Some(path.display().to_string()))
}

/// The file to save `name` as, or `None` when the admin cancelled.
async fn file(app: &AppHandle, name: &str, extension: &str) -> Option<PathBuf> {
    if let Some(dir) = test_dir() {
        return Some(dir.join(name));
    }
    let (answer, chosen) = oneshot::channel();
    start_in_home(app)
        .set_file_name(name)
        .add_filter(extension, &[extension])
        .save_file(move |path| drop(answer.send(path)));
    chosen.await.ok().flatten()?.into_path().ok()
}

/// The folder to export into, or `None` when the admin cancelled.
pub async fn folder(app: &AppHandle) -> Option<PathBuf> {
    if let Some(dir) = test_dir() {
        return Some(dir);
    }
    let (answer, chosen) = oneshot::channel();
    start_in_home(app).pick_folder(move |path| drop(answer.send(path)));
    chosen.await.ok().flatten()?.into_path().ok()
}

/// A dialog that opens in the admin's home folder rather than GTK's "Recent" list, where a
/// typed folder cannot be chosen.
fn start_in_home(app: &AppHandle) -> FileDialogBuilder<Wry> {
    let dialog = app.dialog().file();
    match app.path().home_dir() {
        Ok(home) => dialog.set_directory(home),
        Err(_) => dialog,
    }
}
