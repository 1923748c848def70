//! The core of ECA Setup Assistant: integration profiles, the checklist computed from them,
//! validation of what the admin types, and saved progress. It knows nothing of Tauri, so the
//! desktop app and the command line share every rule and every sentence.

pub mod checklist;
pub mod domain;
pub mod eca;
pub mod error;
pub mod files;
pub mod html;
pub mod inputs;
pub mod journal;
pub mod links;
pub mod migration;
pub mod options;
pub mod partner;
pub mod partner_request;
pub mod paths;
pub mod profile;
pub mod progress;
pub mod scopes;
pub mod screen;
pub mod secret;
pub mod setup;
pub mod store;
pub mod template;
pub mod test_hooks;
pub mod verification;
pub mod verify_flows;
pub mod wizard;

pub use checklist::{checklist, Checklist, Step};
pub use domain::{normalize_domain, OrgDomain, OrgKind};
pub use error::{ErrorCode, UiError};
pub use profile::{profile, profiles, Profile};
pub use screen::{MigrationScreen, Screen, StepId};
pub use verify_flows::{choose_flow, default_flow, verify_flows, FlowChoice};
