//! The commands the UI invokes: each takes the desk from state, calls the core crates, and
//! returns their value or their `UiError`. No logic lives here. Secrets arrive as strings and
//! become `Secret`s on the first line that sees them.

use eca_core::migration::{Rehearsal, Route};
use eca_core::partner::CredentialPart;
use eca_core::secret::Secret;
use eca_core::setup::{SetupEdit, SetupView};
use eca_core::wizard::{Catalog, Home};
use eca_core::UiError;
use eca_report::Format;
use eca_session::{
    Desk, PasteCheck, PracticeCredentials, PracticeMistake, PracticeRehearsal, VerifyOptions,
};
use eca_vault::{Connection, ConnectionList};
use eca_verify::{FlowChoice, Progress, Verification};
use tauri::ipc::Channel;
use tauri::{AppHandle, State};

use crate::{clipboard, save_dialog};

type Result<T> = std::result::Result<T, UiError>;

#[tauri::command]
pub fn catalog() -> Catalog {
    eca_core::wizard::catalog()
}

#[tauri::command]
pub async fn home(desk: State<'_, Desk>) -> Result<Home> {
    desk.logged("home", desk.home().await)
}

#[tauri::command]
pub fn create_setup(desk: State<Desk>, profile_id: String) -> Result<SetupView> {
    desk.logged("create_setup", desk.create(&profile_id))
}

#[tauri::command]
pub async fn start_practice(desk: State<'_, Desk>, profile_id: String) -> Result<SetupView> {
    desk.logged("start_practice", desk.start_practice(&profile_id).await)
}

/// A setup that moves the integration from its connected app to an External Client App.
#[tauri::command]
pub fn start_migration(desk: State<Desk>, profile_id: String) -> Result<SetupView> {
    desk.logged("start_migration", desk.start_migration(&profile_id))
}

#[tauri::command]
pub async fn start_practice_migration(
    desk: State<'_, Desk>,
    profile_id: String,
    rehearsal: Rehearsal,
) -> Result<SetupView> {
    let started = desk.start_practice_migration(&profile_id, rehearsal);
    desk.logged("start_practice_migration", started.await)
}

/// Async, as a practice org whose app the route changes is started again.
#[tauri::command]
pub async fn choose_route(desk: State<'_, Desk>, id: String, route: Route) -> Result<SetupView> {
    desk.logged("choose_route", desk.choose_route(&id, route).await)
}

#[tauri::command]
pub fn record_key_before(desk: State<Desk>, id: String, consumer_key: String) -> Result<SetupView> {
    desk.logged(
        "record_key_before",
        desk.record_key_before(&id, &consumer_key),
    )
}

/// Async, as a practice org clicks Migrate in its App Manager too.
#[tauri::command]
pub async fn record_migrated(desk: State<'_, Desk>, id: String, done: bool) -> Result<SetupView> {
    desk.logged("record_migrated", desk.record_migrated(&id, done).await)
}

#[tauri::command]
pub fn compare_key_after(desk: State<Desk>, id: String, consumer_key: String) -> Result<SetupView> {
    desk.logged(
        "compare_key_after",
        desk.compare_key_after(&id, &consumer_key),
    )
}

#[tauri::command]
pub async fn open_setup(desk: State<'_, Desk>, id: String) -> Result<SetupView> {
    desk.logged("open_setup", desk.open(&id).await)
}

#[tauri::command]
pub fn close_setup(desk: State<Desk>) -> Result<()> {
    desk.logged("close_setup", desk.wizard().close())
}

#[tauri::command]
pub fn edit_setup(desk: State<Desk>, id: String, edit: SetupEdit) -> Result<SetupView> {
    desk.logged("edit_setup", desk.edit(&id, edit))
}

#[tauri::command]
pub fn delete_setup(desk: State<Desk>, id: String) -> Result<()> {
    desk.logged("delete_setup", desk.delete_setup(&id))
}

#[tauri::command]
pub fn open_link(desk: State<Desk>, url: String) -> Result<()> {
    desk.logged("open_link", eca_core::links::open_in_browser(&url))
}

#[tauri::command]
pub async fn practice_credentials(
    desk: State<'_, Desk>,
    setup_id: String,
) -> Result<PracticeCredentials> {
    desk.logged(
        "practice_credentials",
        desk.practice_credentials(&setup_id).await,
    )
}

/// What the practice setup's app rehearses now, and which mistakes it could.
#[tauri::command]
pub async fn practice_rehearsal(
    desk: State<'_, Desk>,
    setup_id: String,
) -> Result<PracticeRehearsal> {
    let rehearsal = desk.practice_rehearsal(&setup_id).await;
    desk.logged("practice_rehearsal", rehearsal)
}

/// Starts the practice org again with the mistake made in its app (`None`: put right).
#[tauri::command]
pub async fn rehearse_mistake(
    desk: State<'_, Desk>,
    setup_id: String,
    mistake: Option<PracticeMistake>,
) -> Result<PracticeRehearsal> {
    let rehearsed = desk.rehearse_mistake(&setup_id, mistake).await;
    desk.logged("rehearse_mistake", rehearsed)
}

#[tauri::command]
pub fn check_paste(desk: State<Desk>, consumer_key: String, consumer_secret: String) -> PasteCheck {
    desk.check_paste(&consumer_key, Secret::new(consumer_secret))
}

#[tauri::command]
pub async fn save_credentials(
    desk: State<'_, Desk>,
    setup_id: String,
    name: String,
    consumer_key: String,
    consumer_secret: String,
) -> Result<SetupView> {
    let secret = Secret::new(consumer_secret);
    let saved = desk.save_credentials(&setup_id, &name, &consumer_key, secret, true);
    desk.logged("save_credentials", saved.await.map(|saved| saved.view))
}

#[tauri::command]
pub async fn connections(desk: State<'_, Desk>) -> Result<ConnectionList> {
    desk.logged("connections", desk.connections().await)
}

#[tauri::command]
pub async fn rename_connection(
    desk: State<'_, Desk>,
    name: String,
    new_name: String,
) -> Result<Connection> {
    desk.logged(
        "rename_connection",
        desk.rename_connection(&name, &new_name).await,
    )
}

#[tauri::command]
pub async fn replace_secret(
    desk: State<'_, Desk>,
    name: String,
    consumer_secret: String,
) -> Result<Connection> {
    let replaced = desk.replace_secret(&name, Secret::new(consumer_secret));
    desk.logged("replace_secret", replaced.await)
}

#[tauri::command]
pub async fn remove_connection(desk: State<'_, Desk>, name: String) -> Result<()> {
    let removed = desk.remove_connection(&name).await.map(drop);
    desk.logged("remove_connection", removed)
}

#[tauri::command]
pub async fn verify(
    desk: State<'_, Desk>,
    connection: String,
    flow: Option<FlowChoice>,
    soql: Option<String>,
    on_progress: Channel<Progress>,
) -> Result<Verification> {
    let progress = move |event: Progress| drop(on_progress.send(event));
    let options = VerifyOptions {
        flow,
        soql,
        ..VerifyOptions::default()
    };
    desk.logged("verify", desk.verify(&connection, options, &progress).await)
}

#[tauri::command]
pub fn cancel_verify(desk: State<Desk>) {
    desk.cancel_verify()
}

/// Renders the report and saves it where the admin picks. Returns the path, or nothing when
/// the admin cancelled.
#[tauri::command]
pub async fn export_report(
    app: AppHandle,
    desk: State<'_, Desk>,
    setup_id: String,
    format: Format,
) -> Result<Option<String>> {
    desk.logged(
        "export_report",
        save_report(&app, &desk, &setup_id, format).await,
    )
}

async fn save_report(
    app: &AppHandle,
    desk: &Desk,
    setup_id: &str,
    format: Format,
) -> Result<Option<String>> {
    let name = desk.report_name(setup_id, format)?;
    let Some(path) = save_dialog::file(app, &name, format.extension()).await else {
        return Ok(None);
    };
    // The dialog has asked whether to replace an existing file.
    desk.save_report(setup_id, format, &path, true).await?;
    Ok(Some(path.display().to_string()))
}

/// Exports the setup's ECA as a Salesforce DX folder inside the folder the admin picks. Async,
/// so the dialog is awaited off the main thread and the window never freezes.
#[tauri::command]
pub async fn export_metadata(
    app: AppHandle,
    desk: State<'_, Desk>,
    setup_id: String,
) -> Result<Option<String>> {
    let Some(parent) = save_dialog::folder(&app).await else {
        return Ok(None);
    };
    let dir = desk.logged("export_metadata", desk.export_metadata(&setup_id, &parent))?;
    Ok(Some(dir.display().to_string()))
}

#[tauri::command]
pub async fn copy_credential(
    app: AppHandle,
    desk: State<'_, Desk>,
    connection: String,
    part: CredentialPart,
) -> Result<u64> {
    let value = desk.logged("copy_credential", desk.credential(&connection, part).await)?;
    desk.logged("copy_credential", clipboard::hold(&app, value, part))
}
