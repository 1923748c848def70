//! ECA Setup Assistant, the desktop app: a window over the core. Commands live in `commands`.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;

use eca_core::store::SetupStore;
use eca_core::wizard::Wizard;
use tauri::Manager;

fn main() {
    let app = tauri::Builder::default()
        .setup(|app| {
            let dir = app.path().app_data_dir()?.join("setups");
            app.manage(Wizard::new(SetupStore::new(dir)));
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::catalog,
            commands::home,
            commands::create_setup,
            commands::open_setup,
            commands::close_setup,
            commands::edit_setup,
            commands::delete_setup,
            commands::open_link,
        ])
        .run(tauri::generate_context!());
    if let Err(err) = app {
        eprintln!("ECA Setup Assistant could not start: {err}");
        std::process::exit(1);
    }
}
