//! Windows only: the window is a WebView2, whose runtime comes with Windows 11 and current
//! Windows 10 but can be missing (Windows 10 LTSC, Windows Server, or removed). Without it Tauri
//! panics while setting up, which a release build (no console, `panic = "abort"`) turns into an
//! app that vanishes without a word. So it is looked for first: when it is missing, the admin is
//! told in a message box what to install, the support log keeps WebView2's own error, and the
//! app exits with 1.
//! The installer does not need this (it installs the runtime); the bare `.exe` does.

use eca_session::{paths, Journal};

const DOWNLOAD: &str = "https://developer.microsoft.com/microsoft-edge/webview2/";

/// Returns when the WebView2 runtime answers; otherwise says so and exits.
pub fn require() {
    let Err(cause) = tauri::webview_version() else {
        return;
    };
    if let Some(dir) = paths::log_dir() {
        Journal::open(&dir).error("app.webview_missing", &[("cause", &cause)]);
    }
    rfd::MessageDialog::new()
        .set_level(rfd::MessageLevel::Error)
        .set_title("ECA Setup Assistant")
        .set_description(format!(
            "ECA Setup Assistant needs the Microsoft Edge WebView2 Runtime, which is not installed on this computer.\n\nInstall the Evergreen runtime from {DOWNLOAD} (the app's installer does this for you), then start the app again."
        ))
        .set_buttons(rfd::MessageButtons::Ok)
        .show();
    std::process::exit(1);
}
