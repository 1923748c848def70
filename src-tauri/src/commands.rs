//! The commands the UI invokes: each takes the wizard from state, calls the core, and returns
//! its value or its `UiError`. No logic lives here.

use eca_core::setup::{SetupEdit, SetupView};
use eca_core::wizard::{Catalog, Home, Wizard};
use eca_core::UiError;
use tauri::State;

type Result<T> = std::result::Result<T, UiError>;

#[tauri::command]
pub fn catalog() -> Catalog {
    eca_core::wizard::catalog()
}

#[tauri::command]
pub fn home(wizard: State<Wizard>) -> Result<Home> {
    wizard.home()
}

#[tauri::command]
pub fn create_setup(
    wizard: State<Wizard>,
    profile_id: String,
    practice: bool,
) -> Result<SetupView> {
    wizard.create(&profile_id, practice)
}

#[tauri::command]
pub fn open_setup(wizard: State<Wizard>, id: String) -> Result<SetupView> {
    wizard.open(&id)
}

#[tauri::command]
pub fn close_setup(wizard: State<Wizard>) -> Result<()> {
    wizard.close()
}

#[tauri::command]
pub fn edit_setup(wizard: State<Wizard>, id: String, edit: SetupEdit) -> Result<SetupView> {
    wizard.edit(&id, edit)
}

#[tauri::command]
pub fn delete_setup(wizard: State<Wizard>, id: String) -> Result<()> {
    wizard.delete(&id)
}

#[tauri::command]
pub fn open_link(url: String) -> Result<()> {
    eca_core::links::open_in_browser(&url)
}
