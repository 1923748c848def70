//! The OS keychain through the `keyring` crate: one entry per (connection, kind), under a service
//! name that keeps release, development and Practice mode apart. Every call runs on the blocking
//! pool with a timeout. There is no fallback to a file: no keychain means an error that says so.

use std::time::Duration;

use eca_core::paths::IDENTIFIER;
use eca_core::secret::Secret;
use keyring::{Entry, Error as KeyringError};

use crate::error::VaultError;

/// How long a keychain call may take before the admin is told; a keyring waiting on an unlock
/// prompt nobody sees would otherwise hang the app.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

/// What one keychain entry of a connection holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EntryKind {
    ConsumerKey,
    ConsumerSecret,
    RefreshToken,
}

impl EntryKind {
    pub const ALL: [EntryKind; 3] = [
        EntryKind::ConsumerKey,
        EntryKind::ConsumerSecret,
        EntryKind::RefreshToken,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EntryKind::ConsumerKey => "consumer_key",
            EntryKind::ConsumerSecret => "consumer_secret",
            EntryKind::RefreshToken => "refresh_token",
        }
    }

    /// As a sentence names it.
    pub fn label(self) -> &'static str {
        match self {
            EntryKind::ConsumerKey => "Consumer Key",
            EntryKind::ConsumerSecret => "Consumer Secret",
            EntryKind::RefreshToken => "refresh token",
        }
    }
}

/// Where entries go: the service name's base and how long a call may take.
#[derive(Debug, Clone)]
pub struct Keychain {
    service: String,
    timeout: Duration,
}

impl Default for Keychain {
    fn default() -> Keychain {
        Keychain::for_this_build()
    }
}

impl Keychain {
    /// `dev.ecasetup.assistant` in a release build, `dev.ecasetup.assistant.dev` in a development
    /// build, so testing the app never touches the credentials an admin really uses.
    pub fn for_this_build() -> Keychain {
        let service = if cfg!(debug_assertions) {
            format!("{IDENTIFIER}.dev")
        } else {
            IDENTIFIER.to_owned()
        };
        Keychain::with_service(service)
    }

    /// Entries under another base name (tests use a unique one each).
    pub fn with_service(service: impl Into<String>) -> Keychain {
        Keychain {
            service: service.into(),
            timeout: DEFAULT_TIMEOUT,
        }
    }

    pub fn with_timeout(mut self, timeout: Duration) -> Keychain {
        self.timeout = timeout;
        self
    }

    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    /// The service name of real connections, or with `.practice` for Practice mode ones.
    pub fn service(&self, practice: bool) -> String {
        if practice {
            format!("{}.practice", self.service)
        } else {
            self.service.clone()
        }
    }

    /// Whether a keychain answers in this process at all (not whether it is unlocked).
    pub async fn check_available(&self) -> Result<(), VaultError> {
        self.run(|| Ok(())).await
    }

    /// Writes each value, replacing what was there. If one write fails, the entries this call
    /// wrote are deleted again (best effort) so a half-saved connection is not left behind.
    pub async fn set_all(
        &self,
        practice: bool,
        connection: &str,
        values: Vec<(EntryKind, Secret)>,
    ) -> Result<(), VaultError> {
        let service = self.service(practice);
        let connection = connection.to_owned();
        self.run(move || {
            let mut written = Vec::new();
            for (kind, value) in &values {
                let result = entry(&service, &connection, *kind)
                    .and_then(|entry| entry.set_password(value.expose()));
                if let Err(err) = result {
                    for kind in written {
                        let _ = delete_blocking(&service, &connection, kind);
                    }
                    return Err(err);
                }
                written.push(*kind);
            }
            Ok(())
        })
        .await
    }

    /// Each value, `None` where the keychain holds no such entry.
    pub async fn get_all(
        &self,
        practice: bool,
        connection: &str,
        kinds: Vec<EntryKind>,
    ) -> Result<Vec<Option<Secret>>, VaultError> {
        let service = self.service(practice);
        let connection = connection.to_owned();
        self.run(move || {
            kinds
                .iter()
                .map(
                    |kind| match entry(&service, &connection, *kind)?.get_password() {
                        Ok(text) => Ok(Some(Secret::new(text))),
                        Err(KeyringError::NoEntry) => Ok(None),
                        Err(err) => Err(err),
                    },
                )
                .collect()
        })
        .await
    }

    /// Deletes every entry of the connection; entries that are already gone are fine.
    pub async fn delete_all(&self, practice: bool, connection: &str) -> Result<(), VaultError> {
        self.delete(practice, connection, EntryKind::ALL.to_vec())
            .await
    }

    /// Deletes these entries; entries that are already gone are fine.
    pub async fn delete(
        &self,
        practice: bool,
        connection: &str,
        kinds: Vec<EntryKind>,
    ) -> Result<(), VaultError> {
        let service = self.service(practice);
        let connection = connection.to_owned();
        self.run(move || {
            kinds
                .into_iter()
                .try_for_each(|kind| delete_blocking(&service, &connection, kind))
        })
        .await
    }

    /// Runs keychain calls on the blocking pool, within the timeout.
    async fn run<T: Send + 'static>(
        &self,
        calls: impl FnOnce() -> keyring::Result<T> + Send + 'static,
    ) -> Result<T, VaultError> {
        within(self.timeout, move || {
            // The store is chosen once per process, on first use; this reports why it failed.
            if let Err(err) = Entry::store_status() {
                return Err(VaultError::from_store_status(err));
            }
            calls().map_err(VaultError::from)
        })
        .await
    }
}

/// Runs `work` on the blocking pool and waits at most `timeout`. On a timeout the call itself
/// cannot be cancelled; it finishes (or not) in the background.
async fn within<T: Send + 'static>(
    timeout: Duration,
    work: impl FnOnce() -> Result<T, VaultError> + Send + 'static,
) -> Result<T, VaultError> {
    match tokio::time::timeout(timeout, tokio::task::spawn_blocking(work)).await {
        Ok(Ok(result)) => result,
        Ok(Err(join)) => Err(VaultError::Keychain(format!(
            "the keychain call stopped unexpectedly ({join})"
        ))),
        Err(_) => Err(VaultError::Timeout(timeout)),
    }
}

/// The entry's user name: the connection's name, then the kind. Kinds have no `/`, so the last
/// `/` always separates them, whatever the name holds.
fn account(connection: &str, kind: EntryKind) -> String {
    format!("{connection}/{}", kind.as_str())
}

fn entry(service: &str, connection: &str, kind: EntryKind) -> keyring::Result<Entry> {
    Entry::new(service, &account(connection, kind))
}

fn delete_blocking(service: &str, connection: &str, kind: EntryKind) -> keyring::Result<()> {
    match entry(service, connection, kind)?.delete_credential() {
        Ok(()) | Err(KeyringError::NoEntry) => Ok(()),
        Err(err) => Err(err),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn service_names_keep_builds_and_practice_apart() {
        let keychain = Keychain::for_this_build();
        let base = if cfg!(debug_assertions) {
            "dev.ecasetup.assistant.dev"
        } else {
            "dev.ecasetup.assistant"
        };
        assert_eq!(keychain.service(false), base);
        assert_eq!(keychain.service(true), format!("{base}.practice"));
        assert_eq!(keychain.timeout(), DEFAULT_TIMEOUT);
    }

    #[test]
    fn entries_are_named_connection_then_kind() {
        assert_eq!(
            account("Salesforce QA", EntryKind::RefreshToken),
            "Salesforce QA/refresh_token"
        );
    }

    #[tokio::test]
    async fn a_keychain_that_does_not_answer_times_out() {
        let slow = within(Duration::from_millis(50), || {
            std::thread::sleep(Duration::from_millis(500));
            Ok(())
        });
        assert!(matches!(slow.await, Err(VaultError::Timeout(_))));
    }
}
