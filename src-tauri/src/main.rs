//! ECA Setup Assistant, the desktop app: a window over the desk (`eca_session::Desk`). The
//! commands the UI may invoke are listed in `surface` and live in `commands`.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod clipboard;
mod clipboard_record;
mod commands;
mod crash_dumps;
mod save_dialog;
mod surface;
mod webkit_environment;
#[cfg(windows)]
mod webview_runtime;

use std::path::PathBuf;
use std::time::Duration;

use eca_session::{test_hooks, Desk, Journal};
use tauri::Manager;

fn main() {
    webkit_environment::choose();
    // Before anything that may read a secret: no core dump may hold one.
    let no_dumps = crash_dumps::turn_off();
    // The test hooks (a debug build's only) are read once, before anything else runs.
    test_hooks::get();
    #[cfg(windows)]
    webview_runtime::require();
    let app = tauri::Builder::default()
        // First, so a second launch exits before anything else starts (plugins run in the order
        // they are added): two apps would each save over the other's setups and connections.
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            show_main_window(app)
        }))
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_clipboard_manager::init())
        .plugin(clipboard::clear_on_quit())
        .setup(move |app| {
            let dir = app.path().app_data_dir()?;
            let log_dir = app.path().app_log_dir()?;
            let journal = Journal::open(&log_dir);
            log_panics(log_dir);
            journal.info(
                "app.started",
                &[
                    ("version", &env!("CARGO_PKG_VERSION")),
                    ("os", &std::env::consts::OS),
                ],
            );
            if let Err(err) = &no_dumps {
                journal.warn("app.core_dumps_not_off", &[("error", err)]);
            }
            app.manage(Desk::with_os_keychain(&dir, journal));
            Ok(())
        })
        .invoke_handler(surface::handler())
        .build(tauri::generate_context!());
    match app {
        Ok(app) => app.run(|app, event| {
            if let tauri::RunEvent::Exit = event {
                disconnect_org_on_quit(app);
            }
        }),
        Err(err) => {
            eprintln!("ECA Setup Assistant could not start: {err}");
            std::process::exit(1);
        }
    }
}

/// The assistant's own token does not outlive the app: quitting while connected to an org
/// disconnects (revokes the token, forgets the connection) and says so in the log. A revoke
/// that fails or takes over 5 s is logged and the connection kept, to disconnect next time.
fn disconnect_org_on_quit(app: &tauri::AppHandle) {
    let Some(desk) = app.try_state::<Desk>() else {
        return;
    };
    let Some(identity) = desk.org_identity() else {
        return;
    };
    let disconnected = tauri::async_runtime::block_on(async {
        tokio::time::timeout(Duration::from_secs(5), desk.org_disconnect()).await
    });
    let host: &dyn std::fmt::Display = &identity.host;
    match disconnected {
        Ok(Ok(())) => desk
            .journal()
            .info("org.disconnected_on_quit", &[("host", host)]),
        Ok(Err(err)) => desk.journal().warn(
            "org.disconnect_on_quit_failed",
            &[("host", host), ("message", &err.message)],
        ),
        Err(_) => desk.journal().warn(
            "org.disconnect_on_quit_failed",
            &[("host", host), ("message", &"no answer within 5 s")],
        ),
    }
}

/// Brings the running app's window to the front: what a second launch asks for.
fn show_main_window(app: &tauri::AppHandle) {
    if let Some(desk) = app.try_state::<Desk>() {
        desk.journal().info("app.launched_again", &[]);
    }
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.show();
        let _ = window.unminimize();
        let _ = window.set_focus();
    }
}

/// A panic is written to the support log before the default hook prints it and the app ends.
fn log_panics(log_dir: PathBuf) {
    let print = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        Journal::open(&log_dir).error("panic", &[("what", info)]);
        print(info);
    }));
}
