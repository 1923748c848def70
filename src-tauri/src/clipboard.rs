//! The Consumer Key or Secret on the clipboard for a minute at most. Copied from Rust, so the
//! values never pass through the webview, and marked as a secret so that clipboard managers keep
//! it out of their history. Cleared after the minute and when the app quits, unless something
//! else was copied in the meantime.
//!
//! The mark is the clipboard plugin's `write_secret` (arboard underneath): on Linux a second
//! target, `x-kde-passwordManagerHint` holding `secret` (Klipper, CopyQ, GPaste honour it); on
//! macOS the `org.nspasteboard.ConcealedType` type (nspasteboard.org); on Windows the
//! `ExcludeClipboardContentFromMonitorProcessing` format, which keeps it out of clipboard history
//! and cloud sync.
//!
//! Clearing on quit matters on every system: Windows and macOS keep the clipboard after the app
//! ends, on Wayland arboard serves it from a process of its own that outlives the app, and on
//! X11 a clipboard manager that ignores the mark may already serve a copy. (An X11 selection
//! the app still owns at exit, marked secret, is given up by arboard rather than handed to the
//! clipboard manager.)

use std::sync::{mpsc, Mutex, PoisonError};
use std::time::Duration;

use eca_session::{test_hooks, CredentialPart, ErrorCode, Secret, UiError};
use tauri::plugin::TauriPlugin;
use tauri::{AppHandle, Manager, RunEvent, Wry};
use tauri_plugin_clipboard_manager::ClipboardExt;

/// How long a copied value stays.
const HOLD: Duration = Duration::from_secs(60);

/// How long quitting waits to learn whether the clipboard still holds the secret. Reading it is
/// instant when the app or another program serves it; only text copied in the window itself
/// cannot be read while quitting (its server, the main thread, is the one waiting), and that
/// is not the secret.
const QUIT_WAIT: Duration = Duration::from_secs(1);

/// The last key or secret the app copied, until it is cleared or the app quits.
#[derive(Default)]
struct Held(Mutex<Option<Secret>>);

impl Held {
    fn take_if(&self, value: &Secret) -> bool {
        let mut held = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        let same = held.as_ref() == Some(value);
        if same {
            *held = None;
        }
        same
    }
}

/// Registers the clipboard's state and clears a copied secret when the app quits, before the
/// clipboard plugin lets go of the clipboard.
pub fn clear_on_quit() -> TauriPlugin<Wry> {
    tauri::plugin::Builder::new("secret-clipboard")
        .setup(|app, _| {
            app.manage(Held::default());
            Ok(())
        })
        .on_event(|app, event| {
            // ExitRequested comes first when the last window closes or the app is told to exit;
            // Exit also covers the ways out that skip it (the macOS Quit menu).
            if matches!(event, RunEvent::ExitRequested { .. } | RunEvent::Exit) {
                let held = app.state::<Held>();
                let value = held.0.lock().unwrap_or_else(PoisonError::into_inner).take();
                if let Some(value) = value {
                    let (done, cleared) = mpsc::channel();
                    std::thread::spawn(move || {
                        clear_if_still(&value);
                        let _ = done.send(());
                    });
                    let _ = cleared.recv_timeout(QUIT_WAIT);
                }
            }
        })
        .build()
}

/// How long the value stays; the `clipboard_hold` test hook shortens it in a debug build.
fn hold_for() -> Duration {
    test_hooks::get().clipboard_hold.unwrap_or(HOLD)
}

/// Copies `value`, marked as a secret, and returns after how many seconds it will be cleared.
pub fn hold(app: &AppHandle, value: Secret, part: CredentialPart) -> Result<u32, UiError> {
    app.clipboard().write_secret(value.expose()).map_err(|_| {
        UiError::new(
            ErrorCode::ClipboardFailed,
            format!("The {} could not be put on the clipboard.", part.label()),
            "Copy it from Salesforce instead: the app's Settings tab, Consumer Key and Secret.",
        )
    })?;
    *app.state::<Held>()
        .0
        .lock()
        .unwrap_or_else(PoisonError::into_inner) = Some(value.clone());
    let wait = hold_for();
    let app = app.clone();
    std::thread::spawn(move || {
        std::thread::sleep(wait);
        if app.state::<Held>().take_if(&value) {
            clear_if_still(&value);
        }
    });
    Ok(u32::try_from(wait.as_secs()).unwrap_or(u32::MAX))
}

/// Clears the clipboard if it still holds `value`. Through an arboard handle of its own rather
/// than the plugin's, so that a slow read never holds the lock the plugin takes at exit.
fn clear_if_still(value: &Secret) {
    // Nothing to tell anyone if this fails: the admin has closed the app or moved on.
    let Ok(mut clipboard) = arboard::Clipboard::new() else {
        return;
    };
    let still = clipboard
        .get_text()
        .is_ok_and(|now| Secret::new(now) == *value);
    if still {
        let _ = clipboard.clear();
    }
}
