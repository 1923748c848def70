//! The command surface, declared once: every command the UI may invoke, with what it sends and
//! what it gets back. `handler` registers the list with Tauri, and ts-rs exports it as
//! `ui/src/bindings/Commands.ts`, which types every call `ui/src/api.ts` makes; a test checks
//! each command's signature in `commands.rs` against it. A command's arguments are one struct
//! below, which the UI sends as `args` (the desk, the app handle and a progress channel come
//! from Tauri, not from this list).

use eca_session::{
    AppCheck, Catalog, Connection, ConnectionList, CredentialPart, DatePattern, FlowChoice, Format,
    Home, Inventory, OrgIdentity, PasteCheck, PracticeCredentials, PracticeMistake,
    PracticeRehearsal, Rehearsal, Route, SetupEdit, SetupView, SfCliLogin, Verification,
};
use serde::Deserialize;
use ts_rs::TS;

/// Every command as `name: Args => Answer`; `()` sends nothing, or answers nothing.
macro_rules! surface {
    ($($name:ident: $args:ty => $answer:ty,)*) => {
        /// Every command the UI may invoke, by name.
        #[derive(TS)]
        #[ts(export)]
        #[allow(dead_code, reason = "a type for TypeScript only, never built")]
        struct Commands {
            $($name: Command<$args, $answer>,)*
        }

        /// The list, registered with Tauri.
        pub fn handler() -> impl Fn(tauri::ipc::Invoke) -> bool + Send + Sync + 'static {
            tauri::generate_handler![$(crate::commands::$name),*]
        }
    };
}

surface! {
    catalog: () => Catalog,
    home: () => Home,
    create_setup: ProfileArgs => SetupView,
    start_practice: ProfileArgs => SetupView,
    start_migration: ProfileArgs => SetupView,
    start_practice_migration: PracticeMigrationArgs => SetupView,
    choose_route: RouteArgs => SetupView,
    record_key_before: KeyArgs => SetupView,
    record_migrated: MigratedArgs => SetupView,
    compare_key_after: KeyArgs => SetupView,
    open_setup: SetupArgs => SetupView,
    close_setup: () => (),
    edit_setup: EditArgs => SetupView,
    delete_setup: SetupArgs => (),
    open_link: LinkArgs => (),
    practice_credentials: SetupArgs => PracticeCredentials,
    practice_rehearsal: SetupArgs => PracticeRehearsal,
    rehearse_mistake: MistakeArgs => PracticeRehearsal,
    check_paste: PasteArgs => PasteCheck,
    save_credentials: CredentialsArgs => SetupView,
    connections: () => ConnectionList,
    rename_connection: RenameArgs => Connection,
    replace_secret: SecretArgs => Connection,
    remove_connection: ConnectionArgs => (),
    verify: VerifyArgs => Verification,
    cancel_verify: () => (),
    export_report: ReportArgs => Option<String>,
    export_metadata: SetupArgs => Option<String>,
    copy_credential: CopyArgs => u32,
    org_connect: OrgConnectArgs => OrgIdentity,
    org_connect_practice: SetupArgs => OrgIdentity,
    org_identity: () => Option<OrgIdentity>,
    org_sf_cli_login: OrgDomainArgs => Option<SfCliLogin>,
    org_connect_sf_cli: OrgSfCliArgs => OrgIdentity,
    org_check: SetupArgs => AppCheck,
    org_inventory: () => Inventory,
    export_org_inventory: () => Option<String>,
    org_start_move: OrgAppArgs => SetupView,
    org_disconnect: () => (),
}

/// One command as the UI sees it: what it sends (`null`: nothing) and what it gets back.
#[derive(TS)]
#[ts(export)]
#[allow(dead_code, reason = "a type for TypeScript only, never built")]
struct Command<Args, Answer> {
    args: Args,
    answer: Answer,
}

#[derive(Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ProfileArgs {
    pub profile_id: String,
}

#[derive(Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PracticeMigrationArgs {
    pub profile_id: String,
    pub rehearsal: Rehearsal,
}

#[derive(Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SetupArgs {
    pub setup_id: String,
}

#[derive(Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RouteArgs {
    pub setup_id: String,
    pub route: Route,
}

/// A Consumer Key pasted on a migration screen; only its fingerprint is kept.
#[derive(Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct KeyArgs {
    pub setup_id: String,
    pub consumer_key: String,
}

#[derive(Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct MigratedArgs {
    pub setup_id: String,
    pub done: bool,
}

#[derive(Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct EditArgs {
    pub setup_id: String,
    pub edit: SetupEdit,
}

#[derive(Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct LinkArgs {
    /// The setup whose org's pages may open (besides Salesforce Help).
    pub setup_id: String,
    pub url: String,
}

/// `None`: the practice app is put right.
#[derive(Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct MistakeArgs {
    pub setup_id: String,
    pub mistake: Option<PracticeMistake>,
}

// The structs that carry a Consumer Secret have no `Debug`, so it cannot reach a log; the
// command turns it into a `Secret` on its first line.

#[derive(Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PasteArgs {
    pub consumer_key: String,
    pub consumer_secret: String,
}

#[derive(Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CredentialsArgs {
    pub setup_id: String,
    /// The connection's name.
    pub name: String,
    pub consumer_key: String,
    pub consumer_secret: String,
}

#[derive(Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SecretArgs {
    /// The connection's name.
    pub name: String,
    pub consumer_secret: String,
}

#[derive(Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RenameArgs {
    pub name: String,
    pub new_name: String,
}

#[derive(Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ConnectionArgs {
    pub name: String,
}

/// The progress channel comes beside these, as `onProgress`.
#[derive(Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct VerifyArgs {
    /// The saved connection's name.
    pub connection: String,
    /// `None`: the first flow the setup is verified with.
    pub flow: Option<FlowChoice>,
    /// `None`: `SELECT Id, Name FROM Organization`.
    pub soql: Option<String>,
}

#[derive(Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ReportArgs {
    pub setup_id: String,
    pub format: Format,
    /// How the screen writes times, for the report to write them the same way; without it, UTC.
    pub dates: Option<DatePattern>,
}

#[derive(Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CopyArgs {
    /// The saved connection's name.
    pub connection: String,
    pub part: CredentialPart,
}

/// The org to connect the assistant to, and its own app's Consumer Key (not a secret: the
/// assistant's app has none). The progress channel comes beside these, as `onProgress`.
#[derive(Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct OrgConnectArgs {
    /// The org's My Domain.
    pub domain: String,
    pub consumer_key: String,
}

/// An org by its My Domain.
#[derive(Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct OrgDomainArgs {
    pub domain: String,
}

/// The org and the Salesforce CLI's login to it (`org_sf_cli_login`'s `username`).
#[derive(Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct OrgSfCliArgs {
    pub domain: String,
    pub username: String,
}

/// An app the inventory lists, by its name there.
#[derive(Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct OrgAppArgs {
    pub app_name: String,
}
