//! The assistant connected to the admin's org, read-only: the sign-in through the assistant's own
//! External Client App (`connect`), the Metadata API's `readMetadata` (`metadata`), SOQL
//! (`query`), the check of one partner's app against its setup (`check`) and the list of every
//! app that signs in to the org (`inventory`). Nothing here writes to the org: the only change
//! it ever asks for is the revoke of its own token. Results are plain data without any token;
//! the token lives in `OrgSession` as a `Secret`, and where it is kept between commands is the
//! caller's business (the keychain, in `eca-session`).

pub mod check;
pub mod connect;
pub mod error;
pub mod inventory;
pub mod metadata;
pub mod query;
pub mod sf_cli;

use std::time::Duration;

use eca_core::secret::Secret;
use eca_verify::http::Transport;

pub use check::{check_app, AppCheck, Difference, Finding, FindingSource, RunAsFinding};
pub use connect::{connect, disconnect, ConnectRequest, OrgIdentity, SCOPES};
pub use error::{OrgError, OrgErrorCode};
pub use inventory::{inventory, Inventory, InventoryApp, MigrateButton};
pub use sf_cli::{SfCli, SfCliLogin};

/// How long one request to the org may take.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// A signed-in connection: where the org's APIs are and the access token that opens them.
/// Never serialized; `Debug` shows no token.
#[derive(Debug, Clone)]
pub struct OrgSession {
    /// The org's own address, `https://acme.my.salesforce.com` (where revoke goes).
    pub base: String,
    /// Where the APIs are: the token's `instance_url` when it may be followed, else `base`.
    pub instance: String,
    /// The API version the calls use, such as "66.0": the org's newest.
    pub version: String,
    /// The practice org: plain http on loopback is allowed.
    pub practice: bool,
    pub token: Secret,
}

impl OrgSession {
    pub(crate) fn transport(&self) -> Transport {
        Transport::new(self.practice, REQUEST_TIMEOUT)
    }
}
