//! The Consumer Key or Secret on the clipboard for a minute at most. Copied from Rust, so the
//! values never pass through the webview; cleared afterwards unless something else was copied
//! in the meantime.

use std::time::Duration;

use eca_core::partner::CredentialPart;
use eca_core::secret::Secret;
use eca_core::{ErrorCode, UiError};
use tauri::AppHandle;
use tauri_plugin_clipboard_manager::ClipboardExt;

/// How long the value stays; `ECA_SETUP_CLIPBOARD_SECONDS` shortens it for the tests.
fn hold_for() -> Duration {
    let seconds = std::env::var("ECA_SETUP_CLIPBOARD_SECONDS")
        .ok()
        .and_then(|text| text.parse().ok())
        .unwrap_or(60);
    Duration::from_secs(seconds)
}

/// Copies `value` and returns after how many seconds it will be cleared.
pub fn hold(app: &AppHandle, value: Secret, part: CredentialPart) -> Result<u64, UiError> {
    app.clipboard().write_text(value.expose()).map_err(|_| {
        UiError::new(
            ErrorCode::ClipboardFailed,
            format!("The {} could not be put on the clipboard.", part.label()),
            "Copy it from Salesforce instead: the app's Settings tab, Consumer Key and Secret.",
        )
    })?;
    let wait = hold_for();
    let app = app.clone();
    std::thread::spawn(move || {
        std::thread::sleep(wait);
        let clipboard = app.clipboard();
        if clipboard.read_text().is_ok_and(|now| now == value.expose()) {
            // Nothing to tell anyone if this fails: the admin has closed the app or moved on.
            let _ = clipboard.clear();
        }
    });
    Ok(wait.as_secs())
}
