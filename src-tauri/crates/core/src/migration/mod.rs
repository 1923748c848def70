//! Moving an integration that runs on an older connected app to an External Client App: what the
//! admin found in Setup, the route taken (and why the others are not offered), the Consumer Key
//! before and after an in-place migration, and the cleanup of the old app. What each migration
//! screen shows is computed here from the setup, as the checklist is, so the UI, the command line
//! and the report say the same. The key itself is never kept: only its masked form and a SHA-256
//! digest, enough to compare a key pasted later and nothing more.
//!
//! Every Salesforce fact a screen relies on carries its source, and the ones no public source
//! confirms say so (`Fact::unconfirmed`); `practice/FIDELITY.md` (rows M*) lists them all.
//!
//! - `model`: what a migration records, and the changes that record it (`MigrationEdit` from a
//!   form, `MigrationDecision` from its own use case);
//! - `facts`: the sentences the screens rely on, with their sources;
//! - `routes`: which routes Salesforce allows and why, and each route's screens in order;
//! - `pages`: what each screen says, and the checklist as a review of a migrated app;
//! - `path`: every route at once, for the command line;
//! - `apply`: applying the changes to a setup.

mod apply;
pub(crate) mod facts;
mod model;
mod pages;
mod path;
mod routes;

pub use facts::{Citation, Fact, PASSWORD_FLOW_ENDS, PASSWORD_FLOW_RETIRED};
pub use model::{
    Cleanup, CleanupStep, KeyCheck, KeyFingerprint, Migration, MigrationDecision, MigrationEdit,
    OldApp, OldAppAction, OldAppEnd, PastedKey, Rehearsal, Route,
};
pub use pages::{
    migration_view, MigrationForm, MigrationPage, MigrationView, APP_MANAGER_PATH,
    LOGIN_HISTORY_PATH, OAUTH_USAGE_PATH,
};
pub use path::{migration_path, MigrationPath, RoutePath};
pub use routes::{client_credentials_option, client_credentials_possible, screens, RouteOption};
