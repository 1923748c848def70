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
//! clipboard manager.) An app that is killed or crashes clears nothing, so each copy leaves a
//! trace on disk (`clipboard_record`), and the next start clears the clipboard if it still
//! holds that value.

use std::sync::{mpsc, Mutex, PoisonError};
use std::time::Duration;

use eca_session::{test_hooks, CredentialPart, Desk, ErrorCode, Secret, UiError};
use tauri::plugin::TauriPlugin;
use tauri::{AppHandle, Manager, RunEvent, Wry};
use tauri_plugin_clipboard_manager::ClipboardExt;

use crate::clipboard_record::Record;

/// How long a copied value stays.
const HOLD: Duration = Duration::from_secs(60);

/// How long quitting waits to learn whether the clipboard still holds the secret. Reading it is
/// instant when the app or another program serves it; only text copied in the window itself
/// cannot be read while quitting (its server, the main thread, is the one waiting), and that
/// is not the secret.
const QUIT_WAIT: Duration = Duration::from_secs(1);

/// The last key or secret the app copied, until it is cleared or the app quits, and its trace
/// on disk (`None`: no data folder).
struct Held {
    value: Mutex<Option<Secret>>,
    record: Option<Record>,
}

impl Held {
    fn lock(&self) -> std::sync::MutexGuard<'_, Option<Secret>> {
        self.value.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn take_if(&self, value: &Secret) -> bool {
        let mut held = self.lock();
        let same = held.as_ref() == Some(value);
        if same {
            *held = None;
        }
        same
    }

    /// The clipboard no longer holds `value`: its trace goes, unless a later copy has written
    /// its own (checked under the lock copies take).
    fn forget_trace(&self, value: &Secret) {
        let _copying = self.lock();
        if let Some(record) = self.record.as_ref().filter(|r| r.matches(value.expose())) {
            record.remove();
        }
    }
}

/// Registers the clipboard's state, clears a value an earlier run left on the clipboard, and
/// clears a copied secret when the app quits, before the clipboard plugin lets go of the
/// clipboard.
pub fn clear_on_quit() -> TauriPlugin<Wry> {
    tauri::plugin::Builder::new("secret-clipboard")
        .setup(|app, _| {
            let record = app
                .path()
                .app_data_dir()
                .ok()
                .map(|dir| Record::in_folder(&dir));
            app.manage(Held {
                value: Mutex::new(None),
                record,
            });
            let app = app.clone();
            // Off the window's thread: reading the clipboard waits on whoever serves it.
            std::thread::spawn(move || clear_left_over(&app));
            Ok(())
        })
        .on_event(|app, event| {
            // ExitRequested comes first when the last window closes or the app is told to exit;
            // Exit also covers the ways out that skip it (the macOS Quit menu).
            if matches!(event, RunEvent::ExitRequested { .. } | RunEvent::Exit) {
                let held = app.state::<Held>();
                let value = held.lock().take();
                if let Some(value) = value {
                    let (done, cleared) = mpsc::channel();
                    let app = app.clone();
                    std::thread::spawn(move || {
                        clear_if_still(&value);
                        // Should quitting not wait this long, the trace stays for the next start.
                        app.state::<Held>().forget_trace(&value);
                        let _ = done.send(());
                    });
                    let _ = cleared.recv_timeout(QUIT_WAIT);
                }
            }
        })
        .build()
}

/// A run that was killed or crashed left a trace: the clipboard is cleared if it still holds
/// that value (a clipboard manager's copy, or the clipboard of Windows and macOS, which outlive
/// the app), and left alone if something else was copied since. Under the lock a copy takes,
/// so a copy made meanwhile keeps its own trace.
fn clear_left_over(app: &AppHandle) {
    let held = app.state::<Held>();
    let _copying = held.lock();
    let Some(record) = held.record.as_ref().filter(|record| record.exists()) else {
        return;
    };
    let cleared = arboard::Clipboard::new().is_ok_and(|mut clipboard| {
        let still = clipboard.get_text().is_ok_and(|now| record.matches(&now));
        still && clipboard.clear().is_ok()
    });
    record.remove();
    if let Some(desk) = app.try_state::<Desk>() {
        let cleared: &dyn std::fmt::Display = &cleared;
        desk.journal()
            .info("clipboard.left_over", &[("cleared", cleared)]);
    }
}

/// How long the value stays; the `clipboard_hold` test hook shortens it in a debug build.
fn hold_for() -> Duration {
    test_hooks::get().clipboard_hold.unwrap_or(HOLD)
}

/// Copies `value`, marked as a secret, and returns after how many seconds it will be cleared.
pub fn hold(app: &AppHandle, value: Secret, part: CredentialPart) -> Result<u32, UiError> {
    let held = app.state::<Held>();
    let mut holding = held.lock();
    // The trace first: a crash right after the copy still leaves one for the next start.
    if let Some(record) = &held.record {
        if let Err(err) = record.write(&value) {
            if let Some(desk) = app.try_state::<Desk>() {
                desk.journal()
                    .warn("clipboard.trace_failed", &[("error", &err)]);
            }
        }
    }
    let copied = app.clipboard().write_secret(value.expose());
    if copied.is_err() {
        // The clipboard holds what it held: so does the trace.
        if let Some(record) = &held.record {
            match &*holding {
                Some(earlier) => drop(record.write(earlier)),
                None => record.remove(),
            }
        }
        return Err(UiError::new(
            ErrorCode::ClipboardFailed,
            format!("The {} could not be put on the clipboard.", part.label()),
            "Copy it from Salesforce instead: the app's Settings tab, Consumer Key and Secret.",
        ));
    }
    *holding = Some(value.clone());
    drop(holding);
    let wait = hold_for();
    let app = app.clone();
    std::thread::spawn(move || {
        std::thread::sleep(wait);
        let held = app.state::<Held>();
        if held.take_if(&value) {
            clear_if_still(&value);
            held.forget_trace(&value);
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
