//! The commands the UI invokes: each takes the desk from state and its arguments (`surface`
//! declares both, and what it answers), calls one use case of the desk, and returns its value or
//! its `UiError`. No logic lives here. Secrets arrive as strings and become `Secret`s on the
//! first line that sees them.
//!
//! A command that is not `async` runs on the window's thread. Those left so touch no file: a
//! use case that takes the setups lock (waiting up to 5 s for another program holding it, such
//! as a command line suspended with Ctrl+Z) and syncs to disk runs through `off_the_window`.

use eca_session::{
    AppCheck, Catalog, Connection, ConnectionList, Desk, ErrorCode, Home, Inventory, OrgIdentity,
    PasteCheck, PracticeCredentials, PracticeRehearsal, Progress, Secret, SetupView, SfCliLogin,
    UiError, Verification, VerifyOptions,
};
use tauri::ipc::Channel;
use tauri::{AppHandle, Manager, State};

use crate::surface::{
    ConnectionArgs, CopyArgs, CredentialsArgs, EditArgs, KeyArgs, LinkArgs, MigratedArgs,
    MistakeArgs, OrgAppArgs, OrgConnectArgs, OrgDomainArgs, OrgSfCliArgs, PasteArgs,
    PracticeMigrationArgs, ProfileArgs, RenameArgs, ReportArgs, RouteArgs, SecretArgs, SetupArgs,
    VerifyArgs,
};
use crate::{clipboard, save_dialog};

type Result<T> = std::result::Result<T, UiError>;

/// Runs `work` on one of the async runtime's blocking threads, so the window keeps answering
/// while it waits for the setups lock or the disk; logs its error as `doing`.
async fn off_the_window<T: Send + 'static>(
    app: AppHandle,
    doing: &'static str,
    work: impl FnOnce(&Desk) -> Result<T> + Send + 'static,
) -> Result<T> {
    let worker = app.clone();
    let done = tauri::async_runtime::spawn_blocking(move || work(&worker.state::<Desk>())).await;
    let result = done.unwrap_or_else(|_| {
        Err(UiError::new(
            ErrorCode::Unexpected,
            "The app stopped part-way through this change.",
            "Open the setup again to see what was saved, then repeat the change if it is missing.",
        ))
    });
    app.state::<Desk>().logged(doing, result)
}

#[tauri::command]
pub fn catalog(desk: State<Desk>) -> Catalog {
    desk.catalog()
}

#[tauri::command]
pub async fn home(desk: State<'_, Desk>) -> Result<Home> {
    desk.logged("home", desk.home().await)
}

#[tauri::command]
pub async fn create_setup(app: AppHandle, args: ProfileArgs) -> Result<SetupView> {
    off_the_window(app, "create_setup", move |desk| {
        desk.create(&args.profile_id)
    })
    .await
}

#[tauri::command]
pub async fn start_practice(desk: State<'_, Desk>, args: ProfileArgs) -> Result<SetupView> {
    let started = desk.start_practice(&args.profile_id);
    desk.logged("start_practice", started.await)
}

/// A setup that moves the integration from its connected app to an External Client App.
#[tauri::command]
pub async fn start_migration(app: AppHandle, args: ProfileArgs) -> Result<SetupView> {
    let start = move |desk: &Desk| desk.start_migration(&args.profile_id);
    off_the_window(app, "start_migration", start).await
}

#[tauri::command]
pub async fn start_practice_migration(
    desk: State<'_, Desk>,
    args: PracticeMigrationArgs,
) -> Result<SetupView> {
    let started = desk.start_practice_migration(&args.profile_id, args.rehearsal);
    desk.logged("start_practice_migration", started.await)
}

/// Async, as a practice org whose app the route changes is started again.
#[tauri::command]
pub async fn choose_route(desk: State<'_, Desk>, args: RouteArgs) -> Result<SetupView> {
    let chosen = desk.choose_route(&args.setup_id, args.route);
    desk.logged("choose_route", chosen.await)
}

#[tauri::command]
pub async fn record_key_before(app: AppHandle, args: KeyArgs) -> Result<SetupView> {
    let record = move |desk: &Desk| desk.record_key_before(&args.setup_id, &args.consumer_key);
    off_the_window(app, "record_key_before", record).await
}

/// Async, as a practice org clicks Migrate in its App Manager too.
#[tauri::command]
pub async fn record_migrated(desk: State<'_, Desk>, args: MigratedArgs) -> Result<SetupView> {
    let recorded = desk.record_migrated(&args.setup_id, args.done);
    desk.logged("record_migrated", recorded.await)
}

#[tauri::command]
pub async fn compare_key_after(app: AppHandle, args: KeyArgs) -> Result<SetupView> {
    let compare = move |desk: &Desk| desk.compare_key_after(&args.setup_id, &args.consumer_key);
    off_the_window(app, "compare_key_after", compare).await
}

#[tauri::command]
pub async fn open_setup(desk: State<'_, Desk>, args: SetupArgs) -> Result<SetupView> {
    desk.logged("open_setup", desk.open(&args.setup_id).await)
}

#[tauri::command]
pub async fn close_setup(app: AppHandle) -> Result<()> {
    off_the_window(app, "close_setup", Desk::close).await
}

#[tauri::command]
pub async fn edit_setup(app: AppHandle, args: EditArgs) -> Result<SetupView> {
    off_the_window(app, "edit_setup", move |desk| {
        desk.edit(&args.setup_id, args.edit)
    })
    .await
}

#[tauri::command]
pub async fn delete_setup(app: AppHandle, args: SetupArgs) -> Result<()> {
    off_the_window(app, "delete_setup", move |desk| {
        desk.delete_setup(&args.setup_id)
    })
    .await
}

/// Async, as it reads the setup (under the setups lock) for the org whose pages may open.
#[tauri::command]
pub async fn open_link(desk: State<'_, Desk>, args: LinkArgs) -> Result<()> {
    let opened = desk.open_link(&args.setup_id, &args.url);
    desk.logged("open_link", opened.await)
}

#[tauri::command]
pub async fn practice_credentials(
    desk: State<'_, Desk>,
    args: SetupArgs,
) -> Result<PracticeCredentials> {
    let credentials = desk.practice_credentials(&args.setup_id);
    desk.logged("practice_credentials", credentials.await)
}

/// What the practice setup's app rehearses now, and which mistakes it could.
#[tauri::command]
pub async fn practice_rehearsal(
    desk: State<'_, Desk>,
    args: SetupArgs,
) -> Result<PracticeRehearsal> {
    let rehearsal = desk.practice_rehearsal(&args.setup_id);
    desk.logged("practice_rehearsal", rehearsal.await)
}

/// Starts the practice org again with the mistake made in its app (`None`: put right).
#[tauri::command]
pub async fn rehearse_mistake(
    desk: State<'_, Desk>,
    args: MistakeArgs,
) -> Result<PracticeRehearsal> {
    let rehearsed = desk.rehearse_mistake(&args.setup_id, args.mistake);
    desk.logged("rehearse_mistake", rehearsed.await)
}

#[tauri::command]
pub fn check_paste(desk: State<Desk>, args: PasteArgs) -> PasteCheck {
    desk.check_paste(&args.consumer_key, Secret::new(args.consumer_secret))
}

#[tauri::command]
pub async fn save_credentials(desk: State<'_, Desk>, args: CredentialsArgs) -> Result<SetupView> {
    let secret = Secret::new(args.consumer_secret);
    let saved = desk.save_credentials(&args.setup_id, &args.name, &args.consumer_key, secret, true);
    desk.logged("save_credentials", saved.await.map(|saved| saved.view))
}

#[tauri::command]
pub async fn connections(desk: State<'_, Desk>) -> Result<ConnectionList> {
    desk.logged("connections", desk.connections().await)
}

#[tauri::command]
pub async fn rename_connection(desk: State<'_, Desk>, args: RenameArgs) -> Result<Connection> {
    let renamed = desk.rename_connection(&args.name, &args.new_name);
    desk.logged("rename_connection", renamed.await)
}

#[tauri::command]
pub async fn replace_secret(desk: State<'_, Desk>, args: SecretArgs) -> Result<Connection> {
    let replaced = desk.replace_secret(&args.name, Secret::new(args.consumer_secret));
    desk.logged("replace_secret", replaced.await)
}

#[tauri::command]
pub async fn remove_connection(desk: State<'_, Desk>, args: ConnectionArgs) -> Result<()> {
    let removed = desk.remove_connection(&args.name).await.map(drop);
    desk.logged("remove_connection", removed)
}

#[tauri::command]
pub async fn verify(
    desk: State<'_, Desk>,
    args: VerifyArgs,
    on_progress: Channel<Progress>,
) -> Result<Verification> {
    let progress = move |event: Progress| drop(on_progress.send(event));
    let options = VerifyOptions {
        flow: args.flow,
        soql: args.soql,
        ..VerifyOptions::default()
    };
    let verified = desk.verify(&args.connection, options, &progress);
    desk.logged("verify", verified.await)
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
    args: ReportArgs,
) -> Result<Option<String>> {
    let saved = save_dialog::report(&app, &desk, &args.setup_id, args.format, args.dates);
    desk.logged("export_report", saved.await)
}

/// Exports the setup's ECA as a Salesforce DX folder inside the folder the admin picks. Async,
/// so the dialog is awaited off the main thread and the window never freezes.
#[tauri::command]
pub async fn export_metadata(
    app: AppHandle,
    desk: State<'_, Desk>,
    args: SetupArgs,
) -> Result<Option<String>> {
    let Some(parent) = save_dialog::folder(&app).await else {
        return Ok(None);
    };
    let dir = desk.logged(
        "export_metadata",
        desk.export_metadata(&args.setup_id, &parent),
    )?;
    Ok(Some(dir.display().to_string()))
}

/// Puts the connection's Consumer Key or Secret on the clipboard; answers how many seconds it
/// stays there.
#[tauri::command]
pub async fn copy_credential(app: AppHandle, desk: State<'_, Desk>, args: CopyArgs) -> Result<u32> {
    let value = desk.credential(&args.connection, args.part);
    let value = desk.logged("copy_credential", value.await)?;
    desk.logged("copy_credential", clipboard::hold(&app, value, args.part))
}

/// Signs the assistant in to the admin's org, read-only; the token stays in the keychain.
#[tauri::command]
pub async fn org_connect(
    desk: State<'_, Desk>,
    args: OrgConnectArgs,
    on_progress: Channel<Progress>,
) -> Result<OrgIdentity> {
    let progress = move |event: Progress| drop(on_progress.send(event));
    let connected = desk.org_connect(&args.domain, &args.consumer_key, false, &progress);
    desk.logged("org_connect", connected.await)
}

/// Signs the assistant in to a practice setup's org, through the assistant's app there.
#[tauri::command]
pub async fn org_connect_practice(
    desk: State<'_, Desk>,
    args: SetupArgs,
    on_progress: Channel<Progress>,
) -> Result<OrgIdentity> {
    let progress = move |event: Progress| drop(on_progress.send(event));
    let connected = desk.org_connect_practice(&args.setup_id, &progress);
    desk.logged("org_connect_practice", connected.await)
}

#[tauri::command]
pub fn org_identity(desk: State<Desk>) -> Option<OrgIdentity> {
    desk.org_identity()
}

/// The Salesforce CLI's login to the org at that domain, if `sf` is installed and authorized.
#[tauri::command]
pub async fn org_sf_cli_login(
    desk: State<'_, Desk>,
    args: OrgDomainArgs,
) -> Result<Option<SfCliLogin>> {
    Ok(desk.org_sf_cli_login(&args.domain).await)
}

/// Connects with the Salesforce CLI's login; its token stays in memory, never the keychain.
#[tauri::command]
pub async fn org_connect_sf_cli(desk: State<'_, Desk>, args: OrgSfCliArgs) -> Result<OrgIdentity> {
    let connected = desk.org_connect_sf_cli(&args.domain, &args.username, false);
    desk.logged("org_connect_sf_cli", connected.await)
}

#[tauri::command]
pub async fn org_check(desk: State<'_, Desk>, args: SetupArgs) -> Result<AppCheck> {
    desk.logged("org_check", desk.org_check(&args.setup_id).await)
}

#[tauri::command]
pub async fn org_inventory(desk: State<'_, Desk>) -> Result<Inventory> {
    desk.logged("org_inventory", desk.org_inventory().await)
}

/// Saves the inventory as CSV where the admin picks; the path, or nothing when cancelled.
#[tauri::command]
pub async fn export_org_inventory(app: AppHandle, desk: State<'_, Desk>) -> Result<Option<String>> {
    let saved = save_dialog::org_inventory(&app, &desk);
    desk.logged("export_org_inventory", saved.await)
}

#[tauri::command]
pub async fn org_start_move(desk: State<'_, Desk>, args: OrgAppArgs) -> Result<SetupView> {
    desk.logged("org_start_move", desk.org_start_move(&args.app_name).await)
}

#[tauri::command]
pub async fn org_disconnect(desk: State<'_, Desk>) -> Result<()> {
    desk.logged("org_disconnect", desk.org_disconnect().await)
}
