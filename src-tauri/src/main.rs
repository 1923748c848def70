//! ECA Setup Assistant, the desktop app: a window over the core. Commands live in `commands`.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod clipboard;
mod commands;
mod save_dialog;
#[cfg(windows)]
mod webview_runtime;

use std::path::PathBuf;

use eca_core::journal::Journal;
use eca_session::Desk;
use eca_vault::Keychain;
use tauri::Manager;

fn main() {
    // The test hooks (a debug build's only) are read once, before anything else runs.
    eca_core::test_hooks::get();
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
        .setup(|app| {
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
            app.manage(Desk::new(&dir, Keychain::for_this_build(), journal));
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::catalog,
            commands::home,
            commands::create_setup,
            commands::start_practice,
            commands::start_migration,
            commands::start_practice_migration,
            commands::choose_route,
            commands::record_key_before,
            commands::record_migrated,
            commands::compare_key_after,
            commands::open_setup,
            commands::close_setup,
            commands::edit_setup,
            commands::delete_setup,
            commands::open_link,
            commands::practice_credentials,
            commands::practice_rehearsal,
            commands::rehearse_mistake,
            commands::check_paste,
            commands::save_credentials,
            commands::connections,
            commands::rename_connection,
            commands::replace_secret,
            commands::remove_connection,
            commands::verify,
            commands::cancel_verify,
            commands::export_report,
            commands::export_metadata,
            commands::copy_credential,
        ])
        .run(tauri::generate_context!());
    if let Err(err) = app {
        eprintln!("ECA Setup Assistant could not start: {err}");
        std::process::exit(1);
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
