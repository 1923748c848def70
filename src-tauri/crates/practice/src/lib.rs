//! The practice org: a simulated Salesforce org on 127.0.0.1 that speaks Salesforce's wire
//! formats (authorize page, token endpoint for four grants, identity, revoke, introspect, REST
//! versions, SOQL query over its records, OAuth tokens and Login History, limits, the Metadata
//! API's `readMetadata` for its External Client App, and a log of every request's method and path) and refuses a misconfigured External Client App with
//! Salesforce's own errors. Configure it from a profile (`PracticeConfig::from_profile`),
//! change what you want to rehearse (`PracticeConfig::set`), then `start` it. With a connected
//! app (`PracticeConfig::with_connected_app`) it also plays the move to an External Client App.

mod authorize;
mod config;
mod data;
mod error;
mod grants;
mod identity;
mod legacy;
mod metadata;
mod mint;
mod oauth_error;
mod org;
mod overrides;
mod page;
mod requests;
mod rest;
mod server;
/// The SOQL subset the practice org answers; public for its property tests.
pub mod soql;
mod token;
mod token_status;

pub use config::{
    sample_inputs, stand_in, ConnectedApp, PracticeConfig, ASSISTANT_APP_LABEL,
    DEFAULT_PARTNER_HOST, DEFAULT_PERMISSION_SET, DEFAULT_RUN_AS, DEFAULT_USERNAME,
    LOOPBACK_CALLBACK,
};
pub use data::{ORG_ID, ORG_NAME};
pub use error::PracticeError;
pub use legacy::MigrateRefusal;
pub use metadata::ASSISTANT_API_NAME;
/// Every refusal the practice org sends (`OAuthError::ALL`); FIDELITY.md gives each its source.
pub use oauth_error::OAuthError;
pub use overrides::KEYS as SETTING_KEYS;
pub use requests::{RequestRecord, REQUESTS_PATH};
pub use server::{start, start_with_limits, Limits, PracticeOrg, ACCEPT_PAUSE};
