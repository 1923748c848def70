//! Credentials in the OS keychain: the paste checks run on the Consumer Key and Secret, the
//! keychain entries that hold them, and the saved connections that name them. It never writes
//! a secret to a file and has no fallback to one.

pub mod connections;
pub mod error;
pub mod keychain;
pub mod paste;

pub use connections::{Connection, ConnectionList, Credentials, NewConnection, Vault};
pub use error::VaultError;
pub use keychain::{EntryKind, Keychain};
pub use paste::{check_credentials, CheckedCredentials, PasteIssue, PasteReport, Severity, Stage};
